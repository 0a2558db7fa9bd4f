"""Hostile and odd input (issue 7), property-based: real payloads of every kind each
platform sends (Slack slash commands, button clicks, modal submissions and events;
Mattermost commands, clicks and dialog submissions), taken from the bot's own messages
and modals and then mutated by hypothesis — fields dropped, values of the wrong type,
random, huge, control characters, right-to-left marks, mentions. For each case:

- the answer is 200 (a Slack request not as Slack sends it is answered by
  `handlers.slack.guard`; Mattermost answers 400 to a body that is not JSON), never 500;
- no exception escapes or is even logged (no ERROR record anywhere);
- the person gets a clear reply where the platform shows one;
- the database is unchanged (only who-is-who: a person seen for the first time, event ids).

The templates are chosen so that, unmutated, they change nothing either (details,
candidates, help, a modal with a wrong number, …), so any change would be a bug.
FLEXPOOL_FUZZ_EXAMPLES sets the number of cases per test (default 40); the number run is
printed at the end.
"""

from __future__ import annotations

import copy
import io
import json
import logging
import os
import time
from collections import Counter
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt import App as BoltApp
from sqlmodel import select

from bot import privacy
from bot.commands import SUBCOMMANDS
from handlers.slack import register as register_slack
from handlers.slack.guard import MAX_BODY, GuardedRequestHandler
from handlers.slack.port import make_client
from handlers.chat.delivery import Worker
from storage.db import transaction
from storage.models import Invitation
from tests.fakes.slack_api import TEAM, TOKEN, FakeSlack
from tests.fakes.slack_client import SECRET, SlackClient, find_button, signature

pytestmark = pytest.mark.db

EXAMPLES = int(os.environ.get("FLEXPOOL_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
RAN: Counter = Counter()
WHO_IS_WHO = {"person", "workspace", "organisation", "seenevent", "auditlog"}
LINE = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; bereik: afdeling; afdeling: Jeugd"


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    yield
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    line = "[fuzz] cases run: " + ", ".join(f"{k} {v}" for k, v in sorted(RAN.items())) + f" (total {sum(RAN.values())})"
    if reporter is not None:
        reporter.write_line(line)
    else:  # pragma: no cover
        print(line)


# --- what hypothesis throws ----------------------------------------------------------------------

ODD = st.sampled_from(["\u202e", "\u200f", "\u200b", "\x00", "\x1b[31m", "\ufeff", "<!channel>", "@here", "<@U1>",
                       "&amp;", "\r\n", "🎉", "ﷺ", "\\", '"', "'; DROP TABLE klus; --", "%s", "{title}", "payload"])
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(ODD, st.text(max_size=5)), max_size=8).map("".join),
    st.integers(0, 3).map(lambda n: "x" * (5000 * 10 ** n // 10)),  # up to 50 000 characters
)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), st.floats(allow_nan=False), TEXT)
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                     max_leaves=6)


def paths(value, prefix=()):
    """Every place in a JSON-like value: dict keys and list indices, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield prefix + (index,)
            yield from paths(item, prefix + (index,))


def mutate(template, draw, strings_only: bool = False):
    """A copy of `template` with one to three places dropped or replaced."""
    value = copy.deepcopy(template)
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths(value))
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["drop", "replace", "text"]))
        if how == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(TEXT if strings_only or how == "text" else VALUE)
    return value


def snapshot(app) -> list:
    with transaction(app.engine) as s:
        return sorted((table, repr(sorted(row.items()))) for table, row in privacy.dump_all(s)
                      if table not in WHO_IS_WHO)


class Errors(logging.Handler):
    """Counts ERROR records anywhere (an exception that escaped, or one we caught and logged)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def errors():
    handler = Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


# --- Slack ---------------------------------------------------------------------------------------

class InlineWorker(Worker):
    """The worker, doing everything at once (so each case is finished when its answer is)."""

    def run(self, fn, *args):
        fn(*args)

    def later(self, fn, *args):
        fn(*args)

    def kick(self):
        pass


class SlackStack:
    """Bolt with our listeners behind the guard, answering within the request (as with
    process_before_response), called as WSGI in-process; the fake Web API records replies."""

    def __init__(self, app, fake: FakeSlack):
        self.app, self.fake = app, fake
        settings_ = app.settings.with_(slack_signing_secret=SECRET, slack_bot_token=TOKEN, slack_api_url=fake.api_url)
        bolt = BoltApp(client=make_client(settings_), signing_secret=SECRET, token_verification_enabled=False,
                       process_before_response=True, logger=logging.getLogger("slack_bolt"))
        self.slack = register_slack(bolt, app, InlineWorker(app.outbox))
        self.told: list[tuple[str, dict]] = []
        self.wsgi = GuardedRequestHandler(bolt, SECRET, tell=lambda url, payload: self.told.append((url, payload)))
        self.client = SlackClient("http://unused", fake.response_url)

    def send(self, body: bytes, content_type: str) -> tuple[str, bytes]:
        self.size = len(body)
        ts = str(int(time.time()))
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "QUERY_STRING": "",
                   "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)),
                   "wsgi.input": io.BytesIO(body), "HTTP_X_SLACK_REQUEST_TIMESTAMP": ts,
                   "HTTP_X_SLACK_SIGNATURE": signature(SECRET, ts, body)}
        status: dict = {}

        def start_response(line, headers, exc_info=None):
            status["line"] = line

        data = b"".join(self.wsgi(environ, start_response))
        return status["line"], data

    def form(self, fields: dict) -> tuple[str, bytes]:
        return self.send(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def payload(self, payload) -> tuple[str, bytes]:
        return self.form({"payload": json.dumps(payload)})

    def event(self, body) -> tuple[str, bytes]:
        return self.send(json.dumps(body).encode(), "application/json")

    def replies(self) -> int:
        return len([c for c in self.fake.calls if c.method in (
            "response_url", "views.open", "views.publish", "chat.postMessage", "chat.update")]) + len(self.told)


@pytest.fixture
def slack(app, people):
    with FakeSlack() as fake:
        stack = SlackStack(app, fake)
        fake.names.update(UMGR="Mila", UANNA="Anna")
        manager = app.service.person("slack", TEAM, "UMGR", "Mila")
        app.service.update_profile(manager, {"name": "Mila", "department": "Jeugd", "hours_per_week": "0"})
        anna = app.service.person("slack", TEAM, "UANNA", "Anna")
        app.service.update_profile(anna, {"name": "Anna", "department": "Jeugd", "skills": "Power BI, SQL",
                                          "hours_per_week": "16", "visible": "ja"})
        app.service.post_klus_line(manager, LINE)
        app.outbox.flush()  # Anna's invitation, as Slack has it
        stack.invitation = next(m for m in fake.posted if m["channel"] == "DUANNA")
        assert stack.form(stack.client.command_fields("UMGR", ""))[0] == "200 OK"  # the klus modal opens
        stack.klus_modal = fake.wait_calls("views.open")[0].params["view"]
        stack.form(stack.client.command_fields("UANNA", "profiel", "/flexpool"))
        stack.profile_modal = fake.wait_calls("views.open", 2)[1].params["view"]
        yield stack
        stack.slack.close()


def _click_payload(stack, user: str, message: dict, action: str) -> dict:
    button, block_id = find_button(message["blocks"], action)
    return {"type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": TEAM},
            "api_app_id": "A0FLEX", "token": "legacy", "team": {"id": TEAM, "domain": "flexpool"},
            "trigger_id": "1.trigger", "response_url": stack.fake.response_url("click"),
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": "D" + user},
            "channel": {"id": "D" + user},
            "message": {"type": "message", "ts": message["ts"], "text": message["text"], "blocks": message["blocks"]},
            "actions": [{"type": "button", "action_id": button["action_id"], "block_id": block_id,
                         "text": button["text"], "value": button.get("value", ""), "action_ts": "1.0"}]}


def _submission(user: str, view: dict, values: dict) -> dict:
    state = {}
    for block in view["blocks"]:
        if block.get("type") == "input":
            element = block["element"]
            value = values.get(block["block_id"], element.get("initial_value") or element.get("initial_date"))
            if element["type"] == "datepicker":
                state[block["block_id"]] = {"v": {"type": "datepicker", "selected_date": value}}
            elif element["type"] == "static_select":
                state[block["block_id"]] = {"v": {"type": "static_select",
                                                  "selected_option": element.get("initial_option")}}
            else:
                state[block["block_id"]] = {"v": {"type": element["type"], "value": value}}
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "flexpool"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM}, "api_app_id": "A0FLEX",
            "token": "legacy", "trigger_id": "2.trigger",
            "view": {**view, "id": "VFUZZ", "team_id": TEAM, "state": {"values": state}, "hash": "h"}}


def _check(stack, before, replies_before, errors, status: str, body: bytes, expect_reply: bool, kind: str,
           size: int = 0):
    if size > MAX_BODY and status.startswith("413"):  # more than any Slack request: refused unread
        RAN[kind + " (too large)"] += 1
        return
    assert status == "200 OK", (status, body[:200])
    assert not errors.records, [r.getMessage() for r in errors.records]
    answered = stack.replies() > replies_before or bool(body.strip())
    if expect_reply:
        assert answered, "no reply"
    if b"Klus geplaatst" not in body and not any("Klus geplaatst" in json.dumps(c.params)
                                                for c in stack.fake.calls[-5:]):
        assert snapshot(stack.app) == before
    RAN[kind] += 1


@FUZZ
@given(data=st.data())
def test_slack_slash_commands_with_any_text_or_fields(slack, errors, data):
    name = data.draw(st.sampled_from(["/klus", "/flexpool"]))
    text = data.draw(TEXT)
    if name == "/flexpool":  # a real subcommand may change things on purpose; junk may not
        text = text if text.strip().split(" ")[0].lower() not in SUBCOMMANDS else "x" + text
    fields = slack.client.command_fields(data.draw(st.sampled_from(["UMGR", "UANNA", "UNEW"])), text, name)
    fields = mutate(fields, data.draw, strings_only=True) if data.draw(st.booleans()) else fields
    before, replies = snapshot(slack.app), slack.replies()
    status, body = slack.form(fields)
    _check(slack, before, replies, errors, status, body, expect_reply=True, kind="slack command",
           size=slack.size)


@FUZZ
@given(data=st.data())
def test_slack_button_clicks_with_missing_or_wrong_fields(slack, errors, data):
    user, action = data.draw(st.sampled_from([("UANNA", "details"), ("UMGR", "details"), ("UMGR", "accept"),
                                              ("UNEW", "decline")]))
    payload = mutate(_click_payload(slack, user, slack.invitation, action), data.draw)
    before, replies = snapshot(slack.app), slack.replies()
    status, body = slack.payload(payload)
    _check(slack, before, replies, errors, status, body, expect_reply=False, kind="slack click", size=slack.size)
    RAN["slack click (answered)"] += int(slack.replies() > replies)  # not all: a link button gets no answer


@FUZZ
@given(data=st.data())
def test_slack_modal_submissions_with_missing_or_wrong_fields(slack, errors, data):
    which = data.draw(st.sampled_from(["klus", "profile", "ask"]))
    if which == "klus":
        payload = _submission("UMGR", slack.klus_modal, {"title": "Iets", "hours_per_week": "veel"})
    elif which == "profile":
        payload = _submission("UANNA", slack.profile_modal, {"hours_per_week": "-3"})
    else:
        ask = {"callback_id": "fp:ask", "type": "modal", "title": {"type": "plain_text", "text": "Afwijzen"},
               "private_metadata": json.dumps({"a": "details", "v": str(_first_invitation(slack.app)), "h": False}),
               "blocks": [{"type": "input", "block_id": "reason", "element": {"type": "plain_text_input",
                                                                               "action_id": "v"}}]}
        payload = _submission("UANNA", ask, {"reason": "geen tijd"})
    payload = mutate(payload, data.draw)
    before, replies = snapshot(slack.app), slack.replies()
    status, body = slack.payload(payload)
    _check(slack, before, replies, errors, status, body, expect_reply=True, kind="slack modal", size=slack.size)


@FUZZ
@given(data=st.data())
def test_slack_events_with_missing_or_wrong_fields(slack, errors, data):
    event = data.draw(st.sampled_from([
        {"type": "message", "channel": "DUANNA", "user": "UANNA", "text": "vertel meer", "ts": "1.0",
         "channel_type": "im", "team": TEAM},
        {"type": "app_home_opened", "user": "UANNA", "channel": "DUANNA", "tab": "home"},
    ]))
    body = {"token": "legacy", "team_id": TEAM, "api_app_id": "A0FLEX", "type": "event_callback",
            "event": event, "event_id": f"Ev{time.monotonic_ns()}", "event_time": 1}
    body = mutate(body, data.draw)
    before, replies = snapshot(slack.app), slack.replies()
    status, answer = slack.event(body)
    _check(slack, before, replies, errors, status, answer, expect_reply=False, kind="slack event", size=slack.size)


def test_slack_guard_refuses_unsigned_junk_and_reads_commands_that_say_payload(slack, errors):
    junk = b"payload=%7Bnot%20json"
    environ_ok = slack.send(junk, "application/x-www-form-urlencoded")
    assert environ_ok[0] == "200 OK"
    unsigned = {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
                "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(junk)),
                "wsgi.input": io.BytesIO(junk), "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(int(time.time())),
                "HTTP_X_SLACK_SIGNATURE": "v0=guess"}
    seen = {}
    slack.wsgi(unsigned, lambda line, headers, exc=None: seen.update(line=line))
    assert seen["line"].startswith("401")
    # Bolt alone reads any form with the word "payload" in it as a click: this one is a command.
    before = len(slack.fake.of("response_url"))
    slack.form(slack.client.command_fields("UANNA", "help payload", "/flexpool"))
    assert len(slack.fake.of("response_url")) == before + 1
    assert "Opdrachtgever" in json.dumps(slack.fake.of("response_url")[-1].params)
    assert not errors.records


def _first_invitation(app) -> int:
    with transaction(app.engine) as s:
        return s.exec(select(Invitation.id)).first()


# --- Mattermost ------------------------------------------------------------------------------------

@pytest.fixture
def mattermost(app):
    from handlers.mattermost.web import wsgi_app
    from tests.test_mattermost import BOT_TOKEN, FakeMattermost

    fake = FakeMattermost()
    fake.thread.start()
    fake.add_user("u-manager", "Marieke")
    fake.add_user("u-anna", "Anna")
    settings_ = app.settings.with_(mattermost_url=fake.url, mattermost_bot_token=BOT_TOKEN,
                                   mattermost_command_tokens=("tok",), public_url="http://flexpool.invalid")
    app.settings = settings_
    application = wsgi_app(app)
    manager = app.service.person("mattermost", "team1", "u-manager", "Marieke")
    app.service.update_profile(manager, {"name": "Marieke", "department": "Jeugd", "hours_per_week": "0"})
    anna = app.service.person("mattermost", "team1", "u-anna", "Anna")
    app.service.update_profile(anna, {"name": "Anna", "department": "Jeugd", "skills": "Power BI, SQL",
                                      "hours_per_week": "16", "visible": "ja"})
    app.service.post_klus_line(manager, LINE)
    app.outbox.flush()
    application.fake = fake
    yield application
    application.mattermost.close()
    fake.server.shutdown()
    fake.server.server_close()


def _mm(application, path: str, body: bytes, content_type: str) -> tuple[str, bytes]:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "CONTENT_TYPE": content_type,
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    seen = {}
    data = b"".join(application(environ, lambda line, headers, exc=None: seen.update(line=line)))
    return seen["line"], data


def _mm_check(application, before, errors, status: str, body: bytes, kind: str, dialogs_before: int):
    assert status.split(" ")[0] in ("200", "400", "401"), (status, body[:200])
    assert not errors.records, [r.getMessage() for r in errors.records]
    if status.startswith("200"):
        answered = bool(body.strip()) or len(application.fake.dialogs) > dialogs_before
        assert answered or kind == "mattermost dialog", body
    assert snapshot(application.mattermost.app) == before
    RAN[kind] += 1


@FUZZ
@given(data=st.data())
def test_mattermost_commands_with_any_text_or_fields(mattermost, errors, data):
    name = data.draw(st.sampled_from(["/klus", "/flexpool"]))
    text = data.draw(TEXT)
    if name == "/flexpool":
        text = text if text.strip().split(" ")[0].lower() not in SUBCOMMANDS else "x" + text
    form = {"token": "tok", "team_id": "team1", "user_id": data.draw(st.sampled_from(["u-manager", "u-anna", "u-x"])),
            "command": name, "text": text, "trigger_id": "t", "channel_id": "c1"}
    form = mutate(form, data.draw, strings_only=True) if data.draw(st.booleans()) else form
    before, dialogs = snapshot(mattermost.mattermost.app), len(mattermost.fake.dialogs)
    status, body = _mm(mattermost, "/mattermost/command", urlencode(form).encode(), "application/x-www-form-urlencoded")
    if b"Klus geplaatst" in body:
        return
    _mm_check(mattermost, before, errors, status, body, "mattermost command", dialogs)


@FUZZ
@given(data=st.data())
def test_mattermost_clicks_with_forged_missing_or_wrong_fields(mattermost, errors, data):
    signer = mattermost.mattermost.signer
    inv = str(_first_invitation(mattermost.mattermost.app))
    context = data.draw(st.one_of(
        st.just({"a": "details", "v": inv, "u": "u-anna", "t": "team1"}),
        st.dictionaries(st.sampled_from(["a", "v", "u", "t", "q", "k", "l", "e", "x"]), TEXT, max_size=6),
    ))
    signed = signer.sign(context) if data.draw(st.booleans()) else context
    body = {"user_id": data.draw(st.sampled_from(["u-anna", "u-manager", "u-x"])), "context": signed,
            "post_id": "post1", "trigger_id": "t", "type": "button", "channel_id": "c1", "team_id": ""}
    body = mutate(body, data.draw) if data.draw(st.booleans()) else body
    before, dialogs = snapshot(mattermost.mattermost.app), len(mattermost.fake.dialogs)
    raw = json.dumps(body).encode() if data.draw(st.integers(0, 9)) else data.draw(st.binary(max_size=50))
    status, answer = _mm(mattermost, "/mattermost/action", raw, "application/json")
    _mm_check(mattermost, before, errors, status, answer, "mattermost click", dialogs)


@FUZZ
@given(data=st.data())
def test_mattermost_dialogs_with_forged_missing_or_wrong_fields(mattermost, errors, data):
    signer = mattermost.mattermost.signer
    inv = str(_first_invitation(mattermost.mattermost.app))
    state = data.draw(st.one_of(
        st.just({"f": "klus", "c": "", "u": "u-manager", "t": "team1"}),
        st.just({"f": "ask", "a": "details", "v": inv, "u": "u-anna", "t": "team1"}),
        st.dictionaries(st.sampled_from(["f", "a", "v", "u", "t", "c", "x"]), TEXT, max_size=6),
    ))
    user = state.get("u") if isinstance(state.get("u"), str) and data.draw(st.booleans()) else "u-x"
    submission = {"title": "Iets", "description": "", "hours_per_week": "veel", "start": "morgen", "end": "",
                  "places": "1", "location": "remote", "reach": "organisation", "text": "geen tijd"}
    body = {"type": "dialog_submission", "callback_id": "x", "state": signer.dumps(state), "user_id": user,
            "channel_id": "c1", "team_id": "team1", "submission": submission, "cancelled": False}
    body = mutate(body, data.draw)
    before, dialogs = snapshot(mattermost.mattermost.app), len(mattermost.fake.dialogs)
    status, answer = _mm(mattermost, "/mattermost/dialog", json.dumps(body).encode(), "application/json")
    _mm_check(mattermost, before, errors, status, answer, "mattermost dialog", dialogs)
