"""Mattermost end to end: real request bodies (form-encoded commands, JSON dialog
submissions and clicks) sent over HTTP to our WSGI app on a free port, and a local fake
Mattermost REST API (also on a free port) that records every call and answers like
Mattermost does."""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest
from sqlmodel import select

from bot import hr_import, office
from bot.i18n import T
from bot.port import Card, Choice, Recipient
from handlers.mattermost.client import Client, MattermostError
from handlers.mattermost.draw import WORD_JOINER, escape
from handlers.mattermost.web import wsgi_app
from storage.db import transaction
from storage.models import AuditLog, Invitation, Klus, Person, Profile
from tests.recording import RecordingPort

TEAM = "team0000000000000000000001"
BOT = "bot00000000000000000000001"
BOT_TOKEN = "bot-token-abc"
KLUS_TOKEN, FLEXPOOL_TOKEN = "cmdtoken-klus", "cmdtoken-flexpool"
ROOT = Path(__file__).resolve().parents[1]
LINE = ("Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; "
        "8 uur per week; 10 weken; 1 plek")


# --- a fake Mattermost ------------------------------------------------------------------------

class FakeMattermost:
    """The parts of the Mattermost REST API v4 the bot uses. Thread-safe; records calls."""

    def __init__(self):
        self.calls: list[tuple[str, str, object]] = []
        self.posts: dict[str, dict] = {}
        self.dialogs: list[dict] = []
        self.users: dict[str, dict] = {BOT: {"id": BOT, "username": "flexpool", "is_bot": True, "locale": "en"}}
        self.rate_limited: dict[str, int] = {}  # path -> how many 429s to answer first
        self.shared: dict[str, tuple[dict, bytes]] = {}  # file id -> (file info, content): `add_file`
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, payload, headers: dict | None = None):
                raw = isinstance(payload, bytes)  # a file's content
                data = payload if raw else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if raw else "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                status, payload, headers = fake.handle(self.command, self.path, body,
                                                       self.headers.get("Authorization", ""))
                self._answer(status, payload, headers)

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add_user(self, user_id: str, first: str, last: str = "", locale: str = "nl", username: str = "") -> str:
        self.users[user_id] = {"id": user_id, "username": username or first.lower(), "first_name": first,
                               "last_name": last, "nickname": "", "locale": locale}
        return user_id

    def add_file(self, name: str, data: bytes, mime_type: str = "text/csv", size: int | None = None) -> str:
        """A file someone attached to a post; its id goes into the post's file_ids."""
        with self.lock:
            file_id = f"file{len(self.shared) + 1:022d}"
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            self.shared[file_id] = ({"id": file_id, "name": name, "extension": extension, "mime_type": mime_type,
                                     "size": len(data) if size is None else size, "user_id": "", "post_id": ""},
                                    data)
        return file_id

    def handle(self, method: str, path: str, body, auth: str):
        with self.lock:
            self.calls.append((method, path, body))
            if auth != f"Bearer {BOT_TOKEN}":
                return 401, {"id": "api.context.session_expired.app_error", "status_code": 401}, {}
            if self.rate_limited.get(path):
                self.rate_limited[path] -= 1
                return 429, {"id": "api.context.rate_limit", "status_code": 429}, {
                    "X-RateLimit-Reset": "0", "Retry-After": "0"}
            api = path.removeprefix("/api/v4")
            api = api.partition("?")[0]
            if method == "GET" and api == "/users/me":
                return 200, self.users[BOT], {}
            if method == "GET" and api.startswith("/users/username/"):
                name = api.rsplit("/", 1)[1]
                user = next((u for u in self.users.values() if u.get("username") == name), None)
                return (200, user, {}) if user else (404, {"id": "app.user.missing_account.const"}, {})
            # A bot account with the Member role (as docs/mattermost.md prescribes) may list its
            # own teams and their members, not another user's teams.
            match = re.fullmatch(r"/users/([^/]+)/teams", api)
            if method == "GET" and match:
                if match.group(1) in ("me", BOT):
                    return 200, [{"id": TEAM, "name": "overheid", "display_name": "Overheid"}], {}
                return 403, {"id": "api.context.permissions.app_error", "status_code": 403}, {}
            match = re.fullmatch(r"/teams/([^/]+)/members/([^/]+)", api)
            if method == "GET" and match:
                if match.group(1) == TEAM and match.group(2) in self.users:
                    return 200, {"team_id": TEAM, "user_id": match.group(2), "roles": "team_user"}, {}
                return 404, {"id": "app.team.get_member.missing.app_error", "status_code": 404}, {}
            match = re.fullmatch(r"/channels/([^/]+)/posts", api)
            if method == "GET" and match:  # newest first, a page at a time (?page=&per_page=)
                query = dict(p.split("=", 1) for p in path.partition("?")[2].split("&") if "=" in p)
                page, per_page = int(query.get("page", 0)), int(query.get("per_page", 60))
                mine = [p for p in self.posts.values() if p["channel_id"] == match.group(1)][::-1]
                chunk = mine[page * per_page:(page + 1) * per_page]
                return 200, {"order": [p["id"] for p in chunk], "posts": {p["id"]: p for p in chunk}}, {}
            if method == "GET" and api.startswith("/users/"):
                user = self.users.get(api.split("/")[2])
                return (200, user, {}) if user else (404, {"id": "app.user.missing_account.const"}, {})
            if method == "POST" and api == "/channels/direct":
                assert isinstance(body, list) and len(body) == 2 and BOT in body
                return 201, {"id": "dm__" + "__".join(sorted(body)), "type": "D", "team_id": ""}, {}
            if method == "POST" and api == "/posts":
                post = {"id": f"post{len(self.posts) + 1:022d}", "channel_id": body["channel_id"], "user_id": BOT,
                        "message": body.get("message", ""), "props": body.get("props") or {},
                        "create_at": int(time.time() * 1000)}
                self.posts[post["id"]] = post
                return 201, post, {}
            match = re.fullmatch(r"/posts/(\w+)/patch", api)
            if method == "PUT" and match:
                post = self.posts.get(match.group(1))
                if post is None:
                    return 404, {"id": "app.post.get.app_error"}, {}
                post.update({k: body[k] for k in ("message", "props") if k in body})
                return 200, post, {}
            match = re.fullmatch(r"/files/(\w+)(/info)?", api)
            if method == "GET" and match:
                found = self.shared.get(match.group(1))
                if found is None:
                    return 404, {"id": "app.file_info.get.app_error", "status_code": 404}, {}
                return 200, (found[0] if match.group(2) else found[1]), {}
            if method == "POST" and api == "/actions/dialogs/open":
                self.dialogs.append(body)
                return 200, {"status": "OK"}, {}
            return 404, {"id": "api.context.404.app_error"}, {}

    # --- looking at what it received ----------------------------------------------------------

    def dms(self, user_id: str) -> list[dict]:
        with self.lock:
            return [p for p in self.posts.values() if p["channel_id"].endswith(user_id)
                    or f"__{user_id}__" in p["channel_id"]]

    def count(self, method: str, prefix: str) -> int:
        with self.lock:
            return sum(1 for m, p, _ in self.calls if m == method and p.startswith(prefix))

    def sent_texts(self) -> list[str]:
        """Every text we made Mattermost show: messages, attachment texts and fields."""
        out = []
        with self.lock:
            for method, path, body in self.calls:
                if method in ("POST", "PUT") and isinstance(body, dict) and "message" in body:
                    out += texts_of(body)
        return out


def texts_of(post: dict) -> list[str]:
    out = [post.get("message") or post.get("text") or post.get("ephemeral_text") or ""]
    for attachment in (post.get("props") or {}).get("attachments", []) + post.get("attachments", []):
        out += [attachment.get("text", ""), attachment.get("fallback", "")]
        out += [f.get("value", "") for f in attachment.get("fields", [])]
        out += [a.get("name", "") for a in attachment.get("actions", [])]
    return [t for t in out if t]


def wait_for(predicate, timeout: float = 60.0, what: str = "condition"):
    """Poll until `predicate()` is truthy (and return it); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def actions_of(post: dict) -> list[dict]:
    return [a for att in post["props"].get("attachments", []) for a in att.get("actions", [])]


# --- our side, served on a free port -----------------------------------------------------------

class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture
def fake():
    server = FakeMattermost()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def listener():
    """Our HTTP port, bound before the app exists (its URL goes into the settings)."""
    server = make_server("127.0.0.1", 0, lambda e, s: [], server_class=_ThreadingWSGIServer, handler_class=_Quiet)
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.server_close()


@pytest.fixture
def settings(settings, fake, listener):
    return settings.with_(mattermost_url=fake.url, mattermost_bot_token=BOT_TOKEN,
                          mattermost_command_tokens=(KLUS_TOKEN, FLEXPOOL_TOKEN), public_url=listener.url,
                          admins=("admin", "u-admin"))


@pytest.fixture
def mm(app, listener, fake):
    """Our WSGI app on `listener`; `mm.post(path, ...)` sends a request to it."""
    application = wsgi_app(app)
    listener.set_app(application)
    thread = threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    # Mattermost waits 30 s for an integration's answer (OutgoingIntegrationRequestsTimeout's
    # default); the test's client waits as long as the real server would, no longer.
    http = httpx.Client(base_url=listener.url, timeout=30)
    application.http = http
    yield application
    http.close()
    listener.shutdown()
    application.mattermost.close()


def command(mm, user_id: str, text: str, name: str = "/klus", token: str | None = None, **extra) -> httpx.Response:
    """A slash command exactly as Mattermost posts it (form-encoded)."""
    form = {"channel_id": "chan0000000000000000000001", "channel_name": "town-square", "command": name,
            "response_url": "http://mattermost.invalid/hooks/commands/xyz", "team_domain": "overheid",
            "team_id": TEAM, "text": text, "token": token if token is not None else
            (KLUS_TOKEN if name == "/klus" else FLEXPOOL_TOKEN), "trigger_id": f"trigger-{time.monotonic_ns()}",
            "user_id": user_id, "user_name": user_id.removeprefix("u-"), **extra}
    return mm.http.post("/mattermost/command", data=form)


def click(mm, fake, post: dict, user_id: str, action: str) -> httpx.Response:
    """A click on the button `action` of `post`, as Mattermost posts it (a DM has no team)."""
    button = next(a for a in actions_of(post) if a["integration"]["context"]["a"] == action)
    assert button["integration"]["url"] == mm.mattermost.draw.action_url
    body = {"user_id": user_id, "user_name": user_id.removeprefix("u-"), "channel_id": post["channel_id"],
            "channel_name": "", "team_id": "", "team_domain": "", "post_id": post["id"],
            "trigger_id": f"trigger-{time.monotonic_ns()}", "type": "button", "data_source": "",
            "context": button["integration"]["context"]}
    return mm.http.post("/mattermost/action", json=body)


def submit(mm, dialog: dict, user_id: str, submission: dict) -> httpx.Response:
    """A dialog submission as Mattermost posts it."""
    body = {"type": "dialog_submission", "callback_id": dialog["dialog"]["callback_id"],
            "state": dialog["dialog"]["state"], "user_id": user_id, "channel_id": "chan0000000000000000000001",
            "team_id": TEAM, "submission": submission, "cancelled": False}
    return mm.http.post("/mattermost/dialog", json=body)


@pytest.fixture
def pool(app, fake):
    """A manager and colleagues on Mattermost, with profiles as in the domain tests."""
    def make(user_id, first, last="", **profile):
        fake.add_user(user_id, first, last)
        actor = app.service.person("mattermost", TEAM, user_id, f"{first} {last}".strip(), "nl")
        if profile:
            app.service.update_profile(actor, {"name": actor.name, "visible": "ja",
                                               **{k: str(v) for k, v in profile.items()}})
        return actor

    return {
        "manager": make("u-manager", "Marieke", "de Vries"),
        "fatima": make("u-fatima", "Fatima", skills="data-analyse, Power BI, SQL", hours_per_week=8),
        "sanne": make("u-sanne", "Sanne", skills="PowerBI, sql", hours_per_week=12),
        "daan": make("u-daan", "Daan", skills="beleidsadvies", wants="data analyse, power-bi", hours_per_week=8),
    }


def statuses(app) -> dict[str, str]:
    with transaction(app.engine) as s:
        rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)).all()
        return {p.user_id: i.status for i, p in rows}


def invitation_post(fake, user_id: str) -> dict:
    """The first DM with buttons to `user_id`, as it was first posted (a copy)."""
    found = wait_for(lambda: next((p for p in fake.dms(user_id) if actions_of(p)), None),
                     what=f"an invitation DM to {user_id}")
    return copy.deepcopy(found)


# --- posting a klus ---------------------------------------------------------------------------

def test_one_line_klus_invites_the_right_people_by_dm(app, fake, mm, pool):
    answer = command(mm, "u-manager", LINE)
    assert answer.status_code == 200
    body = answer.json()
    assert body["response_type"] == "ephemeral" and "Klus geplaatst" in body["text"]
    assert "Uitgenodigd: Fatima, Sanne, Daan" in body["text"]
    owner_buttons = [a for att in body["attachments"] for a in att.get("actions", [])]
    assert [a["integration"]["context"]["a"] for a in owner_buttons] == ["candidates", "cancel_klus"]
    assert all(a["integration"]["context"]["e"] == "1" for a in owner_buttons)  # on an ephemeral post

    for user in ("u-fatima", "u-sanne", "u-daan"):
        post = invitation_post(fake, user)
        assert post["channel_id"] == "dm__" + "__".join(sorted([BOT, user]))
        assert "Klus: Data-analist voor dashboard jeugdzorg" in post["message"]
        assert "Marieke de Vries zoekt iemand" in post["message"]
        buttons = actions_of(post)
        assert [b["name"] for b in buttons] == ["Accepteren", "Afwijzen", "Vertel meer"]
        assert [b["style"] for b in buttons] == ["primary", "danger", "default"]
        assert all(b["integration"]["context"]["u"] == user and b["integration"]["context"]["t"] == TEAM
                   for b in buttons)
        assert all(re.fullmatch(r"[0-9a-f]{64}", b["integration"]["context"]["s"]) for b in buttons)
    assert fake.dms("u-manager") == []  # the poster got the answer, not a DM
    assert fake.count("GET", "/api/v4/users/me") == 1  # the bot's id is fetched once
    assert fake.count("GET", "/api/v4/users/u-manager") == 1  # names once per person


def test_edit_a_posted_klus_in_a_dialog_and_the_invited_hear_what_changed(app, fake, mm, pool):
    """`/klus mijn` → Wijzigen opens the klus's own values in a Mattermost dialog (the same
    Form route as the klus and profile dialogs); a bad value is answered under its field and
    changes nothing; a good one changes the klus and tells everyone invited."""
    command(mm, "u-manager", LINE)
    invitation_post(fake, "u-fatima")
    mine = command(mm, "u-manager", "mijn").json()
    edit = next(a for att in mine["attachments"] for a in att.get("actions", [])
                if a["integration"]["context"]["a"] == "edit_klus")
    body = {"user_id": "u-manager", "user_name": "manager", "channel_id": "chan0000000000000000000001",
            "channel_name": "town-square", "team_id": TEAM, "team_domain": "overheid", "post_id": "ephemeral",
            "trigger_id": f"trigger-{time.monotonic_ns()}", "type": "button", "data_source": "",
            "context": edit["integration"]["context"]}
    opened = mm.http.post("/mattermost/action", json=body)
    assert opened.status_code == 200 and opened.json() == {}
    dialog = fake.dialogs[-1]
    assert dialog["dialog"]["title"] == "Klus wijzigen"
    values = {e["name"]: e.get("default", "") for e in dialog["dialog"]["elements"]}
    assert values["title"] == "Data-analist voor dashboard jeugdzorg" and values["hours_per_week"] == "8"
    bad = submit(mm, dialog, "u-manager", {**values, "hours_per_week": "heel veel"})
    assert set(bad.json()["errors"]) == {"hours_per_week"}
    with transaction(app.engine) as s:
        assert s.exec(select(Klus)).one().hours_per_week == 8
    assert submit(mm, dialog, "u-manager", {**values, "hours_per_week": "6"}).text == ""
    with transaction(app.engine) as s:
        assert s.exec(select(Klus)).one().hours_per_week == 6
    told = wait_for(lambda: next((p for p in fake.dms("u-fatima") if "gewijzigd" in p["message"]), None),
                    what="the invited told what changed")
    assert "uren per week 8 → 6" in told["message"]


def test_klus_dialog_with_field_errors_then_success(app, fake, mm, pool):
    answer = command(mm, "u-manager", "")
    assert answer.status_code == 200 and answer.text == ""
    opened = wait_for(lambda: fake.dialogs, what="a dialog")[0]
    assert opened["trigger_id"].startswith("trigger-") and opened["url"] == f"{mm.mattermost.draw.dialog_url}"
    dialog = opened["dialog"]
    assert dialog["title"] == "Nieuwe klus" and dialog["submit_label"] == "Plaatsen"
    elements = {e["name"]: e for e in dialog["elements"]}
    assert list(elements) == ["title", "description", "skills", "hours_per_week", "start", "end", "places",
                              "department", "location", "reach"]
    assert all(len(e["display_name"].encode()) <= 24 for e in elements.values())
    assert len(dialog["title"].encode()) <= 24
    assert elements["description"]["type"] == "textarea" and elements["description"]["display_name"] == "Omschrijving"
    assert elements["start"]["type"] == "text" and "datum" in elements["start"]["help_text"]
    assert elements["start"]["default"] == "30-11-2026"  # next Monday, in Dutch order
    assert elements["hours_per_week"]["subtype"] == "number"
    assert elements["location"]["type"] == "select" and elements["location"]["default"] == "remote"
    assert {o["value"] for o in elements["reach"]["options"]} == {"department", "organisation", "all"}

    values = {"title": "Dashboard jeugdzorg", "description": "Een werkend dashboard", "skills": "Power BI, SQL",
              "hours_per_week": "acht", "start": "1-12-2026", "end": "30-11-2026", "places": 1,
              "department": None, "location": "hybrid", "reach": "organisation"}
    bad = submit(mm, opened, "u-manager", values)
    assert bad.status_code == 200
    errors = bad.json()["errors"]
    assert set(errors) == {"hours_per_week"} and "getal" in errors["hours_per_week"]
    bad = submit(mm, opened, "u-manager", {**values, "hours_per_week": 8})
    assert set(bad.json()["errors"]) == {"end"} and "vóór" in bad.json()["errors"]["end"]
    assert statuses(app) == {}

    good = submit(mm, opened, "u-manager", {**values, "hours_per_week": 8, "end": "1-2-2027"})
    assert good.status_code == 200 and good.text == ""
    reply = wait_for(lambda: fake.dms("u-manager"), what="the reply DM")[0]
    assert "Klus geplaatst: Dashboard jeugdzorg" in reply["message"]
    invitation_post(fake, "u-fatima")
    assert statuses(app)["u-fatima"] == "offered"


# --- answering invitations --------------------------------------------------------------------

def test_accept_updates_the_post_and_tells_the_manager_who_confirms(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-fatima")
    answer = click(mm, fake, post, "u-fatima", "accept")
    assert answer.status_code == 200
    update = answer.json()["update"]
    assert "Je hebt geaccepteerd" in update["message"]
    assert actions_of(update) == []  # no stale buttons
    assert actions_of(fake.posts[post["id"]]) == []  # and the post itself was amended too
    assert statuses(app)["u-fatima"] == "accepted"

    ask = wait_for(lambda: next((p for p in fake.dms("u-manager") if actions_of(p)), None), what="owner DM")
    assert "Fatima wil Data-analist voor dashboard jeugdzorg doen" in ask["message"]
    assert [a["name"] for a in actions_of(ask)] == ["Bevestigen", "Afwijzen"]
    answer = click(mm, fake, ask, "u-manager", "confirm")
    assert "Bevestigd: Fatima doet mee" in answer.json()["update"]["message"]
    assert statuses(app)["u-fatima"] == "confirmed"
    wait_for(lambda: any("Je gaat aan de slag" in p["message"] for p in fake.dms("u-fatima")), what="confirm DM")
    # the klus is full: the others' invitations are withdrawn, their buttons gone
    for user in ("u-sanne", "u-daan"):
        wait_for(lambda: not any(actions_of(p) for p in fake.dms(user)), what=f"{user}'s buttons gone")
    assert statuses(app) == {"u-fatima": "confirmed", "u-sanne": "withdrawn", "u-daan": "withdrawn"}
    # a second click on the (now stale) accept button changes nothing
    again = click(mm, fake, post, "u-fatima", "accept")
    assert "al geaccepteerd" in again.json()["ephemeral_text"] or "doet al mee" in again.json()["ephemeral_text"]


def test_decline_asks_the_optional_reason_in_a_dialog(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-sanne")
    answer = click(mm, fake, post, "u-sanne", "decline")
    assert answer.status_code == 200 and answer.json() == {}
    assert statuses(app)["u-sanne"] == "offered"  # nothing yet: first the reason
    opened = fake.dialogs[-1]
    assert opened["dialog"]["title"] == "Uitnodiging afwijzen"
    assert "waarom" in opened["dialog"]["introduction_text"]
    assert opened["dialog"]["elements"][0]["optional"] is True
    done = submit(mm, opened, "u-sanne", {"text": "Geen tijd @here [klik](http://evil.example)"})
    assert done.status_code == 200 and done.text == ""
    assert statuses(app)["u-sanne"] == "declined"
    wait_for(lambda: "afgewezen" in fake.posts[post["id"]]["message"], what="the invitation amended")
    assert actions_of(fake.posts[post["id"]]) == []
    told = wait_for(lambda: next((p for p in fake.dms("u-manager") if "afgewezen" in p["message"]), None),
                    what="the manager told")
    assert f"Geen tijd @{WORD_JOINER}here \\[klik\\](http://evil.example)" in told["message"]


def test_edit_profile_button_and_profile_command_open_the_profile_dialog(app, fake, mm, pool):
    assert command(mm, "u-fatima", "profiel", name="/flexpool").text == ""
    dialog = fake.dialogs[-1]["dialog"]
    elements = {e["name"]: e for e in dialog["elements"]}
    assert dialog["title"] == "Mijn flexprofiel"
    assert elements["skills"]["default"] == "data-analyse, Power BI, SQL"
    assert elements["visible"]["default"] == "ja" and elements["lang"]["default"] == "nl"
    values = {e["name"]: e.get("default", "") for e in dialog["elements"]}
    bad = submit(mm, fake.dialogs[-1], "u-fatima", {**values, "hours_per_week": "-3", "available_from": "gisteravond"})
    assert set(bad.json()["errors"]) == {"hours_per_week", "available_from"}
    ok = submit(mm, fake.dialogs[-1], "u-fatima", {**values, "skills": "Python, SQL", "hours_per_week": "16"})
    assert ok.text == ""
    card = wait_for(lambda: fake.dms("u-fatima"), what="the profile DM")[0]
    assert "Je flexprofiel is bijgewerkt" in card["message"]
    edit = click(mm, fake, card, "u-fatima", "edit_profile")
    assert edit.json() == {}
    assert fake.dialogs[-1]["dialog"]["title"] == "Mijn flexprofiel"
    assert {e["name"]: e for e in fake.dialogs[-1]["dialog"]["elements"]}["skills"]["default"] == "Python, SQL"


# --- refusing what is not genuine ---------------------------------------------------------------

def test_a_wrong_command_token_gets_401(app, fake, mm, pool):
    assert command(mm, "u-manager", LINE, token="guessed").status_code == 401
    assert command(mm, "u-manager", LINE, token="").status_code == 401
    assert command(mm, "u-manager", LINE, token=FLEXPOOL_TOKEN).status_code == 200  # any listed token
    assert statuses(app)  # that one went through
    # Mattermost also sends the token in a header
    form = {"team_id": TEAM, "user_id": "u-fatima", "command": "/flexpool", "text": "help", "trigger_id": "t"}
    assert mm.http.post("/mattermost/command", data=form,
                        headers={"Authorization": f"Token {FLEXPOOL_TOKEN}"}).status_code == 200
    assert mm.http.post("/mattermost/command", data=form,
                        headers={"Authorization": "Token nope"}).status_code == 401


def test_forged_contexts_and_other_peoples_clicks_change_nothing(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-fatima")
    invitation_post(fake, "u-sanne")
    before, patches = statuses(app), fake.count("PUT", "/api/v4/posts")
    accept = next(a for a in actions_of(post) if a["integration"]["context"]["a"] == "accept")
    context = accept["integration"]["context"]
    base = {"user_name": "x", "channel_id": post["channel_id"], "team_id": "", "post_id": post["id"],
            "trigger_id": "t", "type": "button"}

    def send(user_id, ctx):
        answer = mm.http.post("/mattermost/action", json={**base, "user_id": user_id, "context": ctx})
        assert answer.status_code == 200
        return answer.json()

    sanne_inv = str(next(i.id for i in _invitations(app) if i.person_id == pool["sanne"].id))
    forged = [
        {**context, "v": sanne_inv},  # another invitation, same signature
        {**context, "u": "u-sanne"},  # re-addressed to the clicker
        {k: v for k, v in context.items() if k != "s"},  # unsigned
        {**context, "s": "0" * 64},
        {"a": "accept", "v": context["v"]},
        "not a dict",
    ]
    for ctx in forged:
        answer = send("u-sanne", ctx)
        assert "Die knop werkt niet meer" in answer["ephemeral_text"] and "update" not in answer
    answer = send("u-sanne", context)  # genuine, but not Sanne's button
    assert "niet voor jou bedoeld" in answer["ephemeral_text"] and "update" not in answer
    forged_dialog = {"dialog": {"callback_id": "ask", "state": json.dumps({"f": "ask", "a": "decline",
                                                                           "v": context["v"], "u": "u-sanne",
                                                                           "t": TEAM, "s": "0" * 64})}}
    assert "Die knop werkt niet meer" in submit(mm, forged_dialog, "u-sanne", {"text": "x"}).json()["error"]
    assert statuses(app) == before
    assert fake.count("PUT", "/api/v4/posts") == patches
    assert actions_of(fake.posts[post["id"]])  # Fatima's buttons are still there


def _invitations(app):
    with transaction(app.engine) as s:
        return s.exec(select(Invitation)).all()


# --- user text cannot mention or link ---------------------------------------------------------

def test_mentions_and_markdown_links_in_user_text_reach_nobody(app, fake, mm, pool):
    fake.users["u-manager"]["last_name"] = "@all"  # a display name is user text too
    nasty = ("@channel @all @here @fatima [klik hier](http://evil.example) ![x](http://evil.example/p.png) "
             "<http://evil.example|klik> **vet**")
    answer = command(mm, "u-manager", f"{nasty}; vaardigheden: data-analyse, SQL; 8 uur per week; 10 weken")
    assert answer.status_code == 200
    post = invitation_post(fake, "u-fatima")
    click(mm, fake, post, "u-fatima", "accept")
    wait_for(lambda: any(actions_of(p) for p in fake.dms("u-manager")), what="owner DM")
    texts = fake.sent_texts() + texts_of(answer.json())
    assert any("klik hier" in t for t in texts)
    mention = re.compile(r"@(channel|all|here|fatima|marieke)\b", re.I)
    link = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
    slack_link = re.compile(r"(?<!\\)<[^>|]+(?<!\\)\|")
    for t in texts:
        assert not mention.search(t), t
        assert not link.search(t), t
        assert not slack_link.search(t), t
        assert "**vet**" not in t
    assert f"@{WORD_JOINER}channel" in post["message"]


def test_escape_keeps_text_readable():
    assert escape("Data-analist (m/v) voor 8 uur") == "Data-analist (m/v) voor 8 uur"
    assert escape("a_b *c* [d](e) @f") == f"a\\_b \\*c\\* \\[d\\](e) @{WORD_JOINER}f"
    assert escape("# kop\n- lijst\n1. een") == "\\# kop\n\\- lijst\n1\\. een"


# --- one database, two platforms --------------------------------------------------------------

def test_slack_and_mattermost_people_side_by_side(app, fake, mm, pool):
    slack = RecordingPort(platform="slack")
    app.outbox.ports["slack"] = slack
    sam = app.service.person("slack", "T1", "U1", "Sam")
    app.service.update_profile(sam, {"name": "Sam", "visible": "ja", "skills": "data-analyse, Power BI, SQL",
                                     "hours_per_week": "8"})
    app.service.delete_profile(pool["daan"], confirmed=True)
    command(mm, "u-manager", LINE.replace("1 plek", "2 plekken"))
    wait_for(lambda: slack.to("U1"), what="the Slack invitation")
    invite = slack.to("U1")[0]
    assert "Data-analist" in invite.text() and invite.actions[0][0] == "accept"
    invitation_post(fake, "u-fatima")
    assert all("U1" not in p["channel_id"] for p in fake.posts.values())  # never via Mattermost
    # the Slack colleague accepts; the Mattermost manager hears it in Mattermost
    app.service.press(sam, "accept", invite.actions[0][1])
    app.outbox.flush()
    ask = wait_for(lambda: next((p for p in fake.dms("u-manager") if "Sam wil" in p["message"]), None),
                   what="the manager told of Sam")
    click(mm, fake, ask, "u-manager", "confirm")
    wait_for(lambda: any(s.amended and "Bevestigd" in s.text() for s in slack.to("U1")) or
             any("aan de slag" in s.text() for s in slack.to("U1")), what="Sam told on Slack")
    with transaction(app.engine) as s:
        platforms = {p.platform for p in s.exec(select(Person)).all()}
    assert platforms == {"slack", "mattermost"}


# --- admin, help, failures ---------------------------------------------------------------------

def test_stats_for_admins_only_and_help(app, fake, mm, pool):
    fake.add_user("u-admin", "Bureau", locale="en")
    refused = command(mm, "u-manager", "stats", name="/flexpool").json()
    assert "alleen voor beheerders" in refused["text"]
    stats = command(mm, "u-admin", "stats", name="/flexpool").json()
    assert "Flexpool in figures" in stats["text"]  # the admin's Mattermost locale is English
    fields = {f["title"]: f["value"] for f in stats["attachments"][0]["fields"]}
    assert fields["Visible profiles (now)"] == "3"
    help_text = command(mm, "u-fatima", "help", name="/flexpool").json()["text"]
    assert "**Opdrachtgever**" in help_text and "`/klus`" in help_text  # Mattermost's bold
    unknown = command(mm, "u-fatima", "onzin", name="/flexpool").json()["text"]
    assert "ken ik niet" in unknown


def test_an_admin_adds_someone_by_mattermost_username_before_they_used_the_bot(app, fake, mm, pool):
    """Mattermost sends `@jan` as typed: the handler asks Mattermost who that is."""
    fake.add_user("u-admin", "Bureau")
    fake.add_user("u-jan", "Jan", "de Vries", username="jan.devries")
    added = command(mm, "u-admin", "admin add @Jan.deVries", name="/flexpool").json()["text"]
    assert "Jan de Vries is nu beheerder" in added
    wait_for(lambda: any("beheerder" in t for p in fake.dms("u-jan") for t in texts_of(p)), what="Jan told")
    assert "in cijfers" in command(mm, "u-jan", "stats", name="/flexpool").json()["text"]
    assert f"Ik ken “@{WORD_JOINER}niemand” niet" in command(mm, "u-admin", "admin add @niemand", name="/flexpool").json()["text"]
    before = fake.count("GET", "/api/v4/users/username/")
    assert f"Ik ken “@{WORD_JOINER}channel” niet" in command(mm, "u-admin", "admin add @channel", name="/flexpool").json()["text"]
    assert fake.count("GET", "/api/v4/users/username/") == before  # @channel is never looked up
    # Elsewhere an @name stays text: a profile's line manager is kept as typed.
    command(mm, "u-jan", "profiel leidinggevende: @jan.devries", name="/flexpool")
    assert fake.count("GET", "/api/v4/users/username/") == before


def test_failures_are_logged_and_answered_never_a_500(app, fake, mm, pool, monkeypatch):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-fatima")

    def boom(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.service, "press", boom)
    answer = click(mm, fake, post, "u-fatima", "accept")
    assert answer.status_code == 200 and "Er ging iets mis" in answer.json()["ephemeral_text"]
    monkeypatch.setattr(app.service, "stats", boom)
    answer = command(mm, "u-manager", "stats", name="/flexpool")
    assert answer.status_code == 200 and "Er ging iets mis" in answer.json()["text"]
    assert mm.http.post("/mattermost/action", content=b"{not json").status_code == 400
    assert mm.http.get("/mattermost/action").status_code == 405
    assert mm.http.post("/elders").status_code == 404


# --- the REST client ---------------------------------------------------------------------------

def test_client_retries_rate_limits_and_refused_connections(fake):
    waits: list[float] = []
    client = Client(fake.url, BOT_TOKEN, sleep=waits.append)
    fake.rate_limited["/api/v4/users/me"] = 2
    assert client.get("/users/me")["id"] == BOT
    assert waits == [0.0, 0.0] and fake.count("GET", "/api/v4/users/me") == 3
    fake.rate_limited["/api/v4/posts"] = 1
    post = client.post("/posts", {"channel_id": "c", "message": "hoi"})  # a 429 did nothing: safe to repeat
    assert post["message"] == "hoi" and len(fake.posts) == 1
    with pytest.raises(MattermostError) as failed:
        Client(fake.url, "wrong", sleep=waits.append).get("/users/me")
    assert failed.value.status == 401
    with socket_closed() as url:
        waits.clear()
        with pytest.raises(httpx.ConnectError):
            Client(url, BOT_TOKEN, retries=2, sleep=waits.append).post("/posts", {})
        assert len(waits) == 2  # never reached Mattermost: retried, then given up


def test_rate_limit_wait_honours_the_headers():
    response = httpx.Response(429, headers={"X-RateLimit-Reset": "3"})
    assert Client._rate_limit_wait(response) == 3.0
    assert Client._rate_limit_wait(httpx.Response(429, headers={"Retry-After": "2", "X-RateLimit-Reset": "9"})) == 2.0
    assert 4.0 <= Client._rate_limit_wait(httpx.Response(429, headers={"X-RateLimit-Reset": str(int(time.time()) + 5)})) <= 5.0
    assert Client._rate_limit_wait(httpx.Response(429, headers={"Retry-After": "3600"})) is None


class socket_closed:
    """A URL on which nothing listens."""

    def __enter__(self) -> str:
        import socket

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        return False


def test_port_is_lazy_and_amends_in_place(app, fake, settings):
    from handlers.mattermost import register

    calls = len(fake.calls)
    mattermost = register(app)  # no network I/O in constructors
    assert len(fake.calls) == calls
    to = Recipient("mattermost", TEAM, "u-x", "en", "X")
    ref = mattermost.port.tell(to, Card(text=[T("ok")], choices=[Choice("noop", "", T("btn.keep"))]))
    assert actions_of(fake.posts[ref])[0]["name"] == "No, keep it"
    mattermost.port.amend(to, ref, Card(text=[T("ok")]))
    assert fake.posts[ref]["message"] == "Fine, nothing has changed." and actions_of(fake.posts[ref]) == []
    mattermost.close()


# --- `flexpool serve` with only Mattermost configured -------------------------------------------

def _serve(db_url: str, port: int, **env: str) -> subprocess.Popen:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FLEXPOOL_", "MATTERMOST_"))}
    base.update({"PYTHONPATH": str(ROOT), "DATABASE_URL": db_url, "FLEXPOOL_SCHEDULER": "off",
                 "PORT": str(port), **env})
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=base,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_flexpool_serve_with_only_mattermost_configured(db_url, fake):
    port = _free_port()
    proc = _serve(db_url, port, MATTERMOST_URL=fake.url, MATTERMOST_BOT_TOKEN=BOT_TOKEN,
                  MATTERMOST_COMMAND_TOKENS=f"{KLUS_TOKEN},{FLEXPOOL_TOKEN}",
                  FLEXPOOL_PUBLIC_URL=f"http://127.0.0.1:{port}", FLEXPOOL_SECRET="serve-secret")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            def healthy():
                assert proc.poll() is None, proc.stdout.read()
                try:
                    return http.get("/healthz").status_code == 200
                except httpx.TransportError:
                    return False

            wait_for(healthy, timeout=30, what="flexpool serve to answer /healthz")
            assert fake.count("GET", "/api/v4/users/me") == 1  # the bot token was checked at start-up
            form = {"team_id": TEAM, "user_id": "u-x", "command": "/flexpool", "text": "help", "trigger_id": "t",
                    "token": FLEXPOOL_TOKEN}
            answer = http.post("/mattermost/command", data=form)
            assert answer.status_code == 200 and "**Opdrachtgever**" in answer.json()["text"]
            assert http.post("/mattermost/command", data={**form, "token": "nope"}).status_code == 401
            assert http.post("/slack/events", data={}).status_code == 404  # Slack is not configured
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "Traceback" not in output, output


def test_flexpool_serve_names_a_missing_mattermost_setting(db_url, fake):
    proc = _serve(db_url, _free_port(), MATTERMOST_URL=fake.url, MATTERMOST_BOT_TOKEN=BOT_TOKEN,
                  MATTERMOST_COMMAND_TOKENS=KLUS_TOKEN)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "FLEXPOOL_PUBLIC_URL" in output and "Traceback" not in output


# --- typing to the bot ------------------------------------------------------------------------

class FakeWebSocket:
    """Mattermost's WebSocket API: pushes events to whoever is connected."""

    def __init__(self):
        from websockets.sync.server import serve

        self.connections: list = []
        self.headers: list[str] = []

        def handler(connection):
            self.headers.append(connection.request.headers.get("Authorization", ""))
            self.connections.append(connection)
            try:
                for _ in connection:
                    pass
            except Exception:
                pass

        self.server = serve(handler, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/api/v4/websocket"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posted(self, post_id: str, user_id: str, message: str, **post) -> None:
        event = {"event": "posted", "seq": 1, "broadcast": {"channel_id": "dm"},
                 "data": {"channel_type": "D", "channel_display_name": "@flexpool",
                          "post": json.dumps({"id": post_id, "user_id": user_id, "channel_id": "dm",
                                              "message": message, "type": "", "props": {}, "root_id": "",
                                              **post})}}
        for connection in list(self.connections):
            connection.send(json.dumps(event))

    def close(self) -> None:
        self.server.shutdown()


def test_typing_ja_to_the_bot_asks_once_then_the_button_accepts(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    invitation = invitation_post(fake, "u-fatima")
    socket = FakeWebSocket()
    try:
        mm.mattermost.listen(socket.url)
        wait_for(lambda: socket.connections, what="the bot to connect")
        assert socket.headers == [f"Bearer {BOT_TOKEN}"]
        socket.posted("typed1", "u-fatima", "Ja!")
        question = wait_for(lambda: next((p for p in fake.dms("u-fatima") if "accepteren?" in p["message"]), None),
                            what="the bot's question")
        assert question["message"] == "Wil je **Data-analist voor dashboard jeugdzorg** accepteren?"
        assert [a["name"] for a in actions_of(question)] == ["Accepteren", "Nee, bewaren"]
        socket.posted("typed1", "u-fatima", "Ja!")  # delivered twice (two listening processes)
        socket.posted("typed2", BOT, "ja", props={"from_bot": "true"})  # our own post
        socket.posted("typed3", "u-sanne", "vertel meer")
        wait_for(lambda: any("Vragen? Stuur" in p["message"] for p in fake.dms("u-sanne")), what="details")
        assert sum("accepteren?" in p["message"] for p in fake.dms("u-fatima")) == 1
        assert statuses(app)["u-fatima"] == "offered"  # nothing changes before the button
        answer = click(mm, fake, copy.deepcopy(question), "u-fatima", "accept").json()
        assert answer["update"] == {"message": "✓ Accepteren", "props": {"attachments": []}}  # answered once
        assert statuses(app)["u-fatima"] == "accepted"
        wait_for(lambda: not actions_of(fake.posts[invitation["id"]]), what="the invitation amended")
    finally:
        mm.mattermost.listener.close()
        socket.close()


# --- an admin drops a CSV of profiles in the bot's direct channel ------------------------------

HR_CSV = "user_id;naam;functie;uren\nu-noor;Noël @channel;Beleidsadviseur;8\nu-bram;Bram;Data-analist;16\n"


@pytest.fixture
def ada(app, fake):
    """An admin (FLEXPOOL_ADMINS), known to the bot from her team."""
    fake.add_user("u-admin", "Ada")
    return app.service.person("mattermost", TEAM, "u-admin", "Ada", "nl")


def imported_people(app) -> dict[str, str]:
    with transaction(app.engine) as s:
        rows = s.exec(select(Person, Profile).join(Profile, Profile.person_id == Person.id)
                      .where(Person.user_id.in_(["u-noor", "u-bram"]))).all()
        return {p.user_id: f"{p.platform}/{p.workspace}/{p.name}/{f.job_title}" for p, f in rows}


def audit_log(app) -> list[tuple[str, dict]]:
    with transaction(app.engine) as s:
        return [(e.action, e.detail) for e in s.exec(select(AuditLog).order_by(AuditLog.id)).all()]


def drop(mm, user_id: str, *file_ids: str, post_id: str = "") -> None:
    """A post with files in the bot's direct channel, as the WebSocket listener hands it over."""
    mm.mattermost.direct_message({"id": post_id or f"post-{time.monotonic_ns()}", "user_id": user_id,
                                  "channel_id": "dm", "message": "", "type": "", "props": {}, "root_id": "",
                                  "file_ids": list(file_ids)})


def test_an_admin_drops_a_csv_in_the_dm_and_it_is_imported_once(app, fake, mm, ada):
    file_id = fake.add_file("hr.csv", HR_CSV.encode("cp1252"), mime_type="text/csv")  # as Dutch Excel saves it
    socket = FakeWebSocket()
    try:
        mm.mattermost.listen(socket.url)
        wait_for(lambda: socket.connections, what="the bot to connect")
        socket.posted("drop1", "u-admin", "", file_ids=[file_id])
        socket.posted("drop1", "u-admin", "", file_ids=[file_id])  # seen by two listening processes
        socket.posted("drop2", "u-admin", "", file_ids=[fake.add_file("foto.jpg", b"", mime_type="image/jpeg")])
        wait_for(lambda: len(fake.dms("u-admin")) == 2, what="both posts answered")  # handled in order
        report = fake.dms("u-admin")[0]
    finally:
        mm.mattermost.listener.close()
        socket.close()
    assert "2 nieuw, 0 bijgewerkt, 0 rijen afgewezen" in " ".join(texts_of(report))
    assert "geen CSV-bestand" in fake.dms("u-admin")[1]["message"]  # the repeat got no second report
    assert "@channel" not in " ".join(fake.sent_texts())  # the name is escaped: it notifies nobody
    assert fake.count("GET", f"/api/v4/files/{file_id}/info") == 1
    assert fake.count("GET", f"/api/v4/files/{file_id}") == 2  # the info, and the content once
    assert imported_people(app) == {"u-noor": f"mattermost/{TEAM}/Noël @channel/Beleidsadviseur",
                                    "u-bram": f"mattermost/{TEAM}/Bram/Data-analist"}
    assert [(d["source"], d["created"]) for a, d in audit_log(app) if a == "import"] == [("hr.csv", 2)]


def test_someone_else_dropping_a_csv_is_refused_and_nothing_is_downloaded(app, fake, mm, pool):
    file_id = fake.add_file("hr.csv", HR_CSV.encode())
    drop(mm, "u-fatima", file_id)
    (refusal,) = fake.dms("u-fatima")
    assert "alleen voor beheerders" in refusal["message"]
    assert fake.count("GET", f"/api/v4/files/{file_id}") == 1  # its info only
    assert imported_people(app) == {} and audit_log(app) == [("denied", {"what": "import"})]


def test_a_file_that_is_not_a_csv_gets_a_friendly_answer(app, fake, mm, ada):
    drop(mm, "u-admin", fake.add_file("foto [klik](http://evil.example).png", b"\x89PNG", mime_type="image/png"))
    (answer,) = fake.dms("u-admin")
    assert "is geen CSV-bestand" in answer["message"] and "\\[klik\\](http" in answer["message"]  # not a link
    assert fake.count("GET", "/api/v4/files/file0000000000000000000001") == 1 and audit_log(app) == []


def test_a_file_over_the_limit_or_gone_is_told_clearly(app, fake, mm, ada, monkeypatch):
    big = fake.add_file("groot.csv", b"user_id;naam\n", size=office.MAX_IMPORT_BYTES + 1)
    drop(mm, "u-admin", big)  # Mattermost says how big: not even downloaded
    assert "Het bestand is te groot: hoogstens 100 MB" in fake.dms("u-admin")[-1]["message"]
    assert fake.count("GET", f"/api/v4/files/{big}") == 1
    monkeypatch.setattr(hr_import, "MAX_IMPORT_BYTES", 40)  # larger than announced: cut off while reading
    drop(mm, "u-admin", fake.add_file("hr.csv", HR_CSV.encode(), size=30))
    assert "te groot" in fake.dms("u-admin")[-1]["message"]
    drop(mm, "u-admin", "file0000000000000000000099")  # deleted meanwhile
    assert "kon niet worden opgehaald (HTTP 404)" in fake.dms("u-admin")[-1]["message"]
    assert imported_people(app) == {} and not [a for a, _ in audit_log(app) if a == "import"]
