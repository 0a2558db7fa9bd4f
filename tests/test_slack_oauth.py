"""Slack for many organisations: two workspaces install Flexpool through OAuth (the
installation and the OAuth state kept in our database), each request and each message
uses that workspace's own bot token, a Mattermost team of one of the organisations is
reached too, and uninstalling or revoking the token removes the installation."""

from __future__ import annotations

import base64
import dataclasses
import http.client
import json
import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlmodel import select

from bot import commands, notify
from handlers.slack import oauth
from handlers.chat.delivery import Worker
from handlers.slack.web import wsgi_app
from storage.db import transaction
from storage.models import AuditLog, Klus, Organisation, Outbox, Person, SlackInstallation, SlackOAuthState
from tests.fakes.slack_api import TOKEN, FakeSlack
from tests.fakes.slack_client import SECRET, SlackClient
from tests.fakes.wsgi import Served
from tests.recording import RecordingPort

pytestmark = pytest.mark.db

CLIENT_ID, CLIENT_SECRET = "1234.5678", "client-secret"
TEAMS = {  # code Slack hands the browser -> (team id, team name, bot token, installer)
    "code-utrecht": ("T0UTRECHT", "Gemeente Utrecht", "xoxb-utrecht", "UUMAR"),
    "code-bzk": ("T0BZK", "Ministerie van BZK", "xoxb-bzk", "UBEA"),
}
MM_TEAM = "teambzk0000000000000000001"
LINE = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 2 weken; bereik: overheidsbreed"


class FakeSlackTeams(FakeSlack):
    """The fake Web API, with oauth.v2.access handing out a bot token per workspace, and
    every call recorded with the token it came with (`by_token`)."""

    def __init__(self):
        super().__init__()
        self.tokens = {token: (team, name) for team, name, token, _ in TEAMS.values()}
        self.by_token: list[tuple[str, str, dict]] = []

    def _handle(self, path: str, headers, raw: str):
        if path.startswith("/response/"):
            return super()._handle(path, headers, raw)
        method = path.split("?", 1)[0].rsplit("/", 1)[-1]
        auth = headers.get("Authorization") or ""
        params = self._params(headers, raw)
        if method == "oauth.v2.access":
            self._record_token(method, "basic", params)
            given = base64.b64decode(auth.removeprefix("Basic ")).decode() if auth.startswith("Basic ") else ""
            if given != f"{CLIENT_ID}:{CLIENT_SECRET}" or params.get("code") not in TEAMS:
                return 200, {}, {"ok": False, "error": "invalid_code"}
            team, name, token, installer = TEAMS[params["code"]]
            return 200, {}, {"ok": True, "app_id": "A0FLEX", "access_token": token, "token_type": "bot",
                             "scope": ",".join(oauth.scopes(_settings())),
                             "bot_user_id": "UBOT", "team": {"id": team, "name": name}, "enterprise": None,
                             "is_enterprise_install": False, "authed_user": {"id": installer}}
        token = auth.removeprefix("Bearer ")
        if token in self.tokens:
            self._record_token(method, token, params)
            if method == "auth.test":
                team, name = self.tokens[token]
                return 200, {}, {"ok": True, "url": "https://x.slack.com/", "team": name, "user": "flexpool",
                                 "team_id": team, "user_id": "UBOT", "bot_id": "BBOT"}
            headers = {"Content-Type": headers.get("Content-Type") or "", "Authorization": f"Bearer {TOKEN}"}
        return super()._handle(path, headers, raw)

    def _record_token(self, method: str, token: str, params: dict) -> None:
        with self._cond:
            self.by_token.append((method, token, params))
            self._cond.notify_all()

    def tokens_for(self, method: str, **match) -> list[str]:
        with self._cond:
            return [t for m, t, p in self.by_token if m == method and all(p.get(k) == v for k, v in match.items())]


def _settings():
    from bot.settings import Settings

    return Settings()


def get(base: str, path: str, cookie: str = "") -> tuple[int, dict, str]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read().decode()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


@pytest.fixture
def fake():
    with FakeSlackTeams() as api:
        yield api


@pytest.fixture
def served(app, fake):
    settings = app.settings.with_(slack_signing_secret=SECRET, slack_bot_token="", slack_api_url=fake.api_url,
                                  slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET)
    application = wsgi_app(dataclasses.replace(app, settings=settings),
                           worker=Worker(app.outbox, threads=2, senders=2, tick=0.5))
    server = Served(application)
    server.application = application
    server.fake_url = fake.url
    yield server
    server.close()
    application.slack.close()


def install(served, code: str) -> tuple[int, str]:
    status, headers, body = get(served.url, "/slack/install")
    assert status == 200 and "text/html" in headers["content-type"]
    link = re.search(r'href="([^"]+/oauth/v2/authorize\?[^"]+)"', body).group(1)
    assert link.startswith(served.fake_url + "oauth/v2/authorize?")  # on the API's host (GovSlack has its own)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == oauth.scopes(_settings())
    state = query["state"][0]
    cookie = headers["set-cookie"].split(";", 1)[0]
    assert cookie == f"slack-app-oauth-state={state}"
    status, _, body = get(served.url, "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}), cookie)
    return status, body


def settle(served, app) -> None:
    worker = served.application.slack.worker
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with transaction(app.engine) as s:
            unsent = s.exec(select(Outbox.id).where(Outbox.sent_at == None, Outbox.attempts == 0)).all()  # noqa: E711
        if worker.pending == 0 and worker.idle() and not unsent:
            return
        worker.kick()
        time.sleep(0.02)
    raise AssertionError("the bot did not settle")


def test_manifest_scopes_are_asked_at_install_unless_set():
    assert oauth.scopes(_settings()) == ["commands", "chat:write", "im:history", "im:write", "users:read",
                                         "files:write", "files:read"]
    assert oauth.scopes(_settings().with_(slack_scopes=("commands", "chat:write"))) == ["commands", "chat:write"]


def test_two_workspaces_install_and_each_is_served_with_its_own_token(app, fake, served, people):
    status, page = install(served, "code-utrecht")
    assert status == 200 and "Flexpool is geïnstalleerd in Gemeente Utrecht" in page
    status, page = install(served, "code-bzk")
    assert status == 200
    with transaction(app.engine) as s:
        rows = {r.team_id: r for r in s.exec(select(SlackInstallation))}
        orgs = {o.id: o.name for o in s.exec(select(Organisation))}
        assert not s.exec(select(SlackOAuthState)).all()  # each state was used up
        assert len(s.exec(select(AuditLog).where(AuditLog.action == "slack_installed")).all()) == 2
    assert set(rows) == {"T0UTRECHT", "T0BZK"}
    assert rows["T0UTRECHT"].data["bot_token"] == "xoxb-utrecht" and rows["T0UTRECHT"].user_id == "UUMAR"
    assert orgs == {}  # an install invents no organisation: a pool admin names each workspace's default
    assert fake.tokens_for("oauth.v2.access") == ["basic", "basic"]

    # A Mattermost team of BZK: its admin names the organisation; Mila is reached there.
    mattermost = RecordingPort("mattermost")
    app.outbox.ports["mattermost"] = mattermost
    mm_admin = app.service.person("mattermost", MM_TEAM, "admin", "Admin MM")
    commands.command(app.service, mm_admin, "flexpool", "organisatie Ministerie van BZK")
    for team, name in (("T0UTRECHT", "Gemeente Utrecht"), ("T0BZK", "Ministerie van BZK")):
        commands.command(app.service, app.service.person("slack", team, "admin"), "flexpool",
                         f"organisatie standaard {name}")
    skills = dict(skills="Power BI, SQL", hours_per_week=16)
    people("Ulla Utrecht", user_id="UULLA", platform="slack", workspace="T0UTRECHT", **skills)
    people("Bart Bezeka", user_id="UBART", platform="slack", workspace="T0BZK", **skills)
    mila = people("Mila Mattermost", user_id="mila0000000000000000000001", platform="mattermost",
                  workspace=MM_TEAM, **skills)
    fake.names.update(UUMAR="Umar Manager")

    with fake._cond:
        fake.by_token.clear()  # (each install called auth.test with its new token)
    utrecht = SlackClient(served.url, fake.response_url, team="T0UTRECHT")
    assert utrecht.command("UUMAR", LINE).status == 200
    fake.wait_for(lambda calls: [c for c in calls if c.method == "response_url" and "Klus geplaatst" in
                                 (c.params.get("text") or "")])
    settle(served, app)
    # the request was authorised, and Umar looked up, with Utrecht's token ...
    assert set(fake.tokens_for("auth.test")) == {"xoxb-utrecht"}
    assert fake.tokens_for("users.info", user="UUMAR") == ["xoxb-utrecht"]
    # ... each invitation went out with the token of the invitee's own workspace
    assert set(fake.tokens_for("chat.postMessage", channel="DUULLA")) == {"xoxb-utrecht"}
    assert set(fake.tokens_for("chat.postMessage", channel="DUBART")) == {"xoxb-bzk"}
    assert set(fake.tokens_for("conversations.open", users="UBART")) == {"xoxb-bzk"}
    assert [s.card.title.params["title"] for s in mattermost.to(mila.user_id)] == ["Dashboard jeugdzorg"]

    # A command from BZK's workspace is served with BZK's token.
    bzk = SlackClient(served.url, fake.response_url, team="T0BZK")
    fake.names.update(UBEA="Bea Baas")
    bzk.command("UBEA", "mijn", command="/klus")
    fake.wait_for(lambda calls: [c for c in calls if c.method == "response_url" and "nog geen klussen" in
                                 (c.params.get("text") or "")])
    assert fake.tokens_for("users.info", user="UBEA") == ["xoxb-bzk"]


def test_a_state_works_once_and_only_in_the_browser_that_asked(app, fake, served):
    status, headers, body = get(served.url, "/slack/install")
    state = re.search(r"state=([\w-]+)", body).group(1)
    cookie = headers["set-cookie"].split(";", 1)[0]
    status, _, page = get(served.url, "/slack/oauth_redirect?" + urlencode({"code": "code-bzk", "state": state}))
    assert status == 400 and "niet gelukt (invalid_browser)" in page  # no cookie: another browser
    status, _, _ = get(served.url, "/slack/oauth_redirect?" + urlencode({"code": "code-bzk", "state": state}), cookie)
    assert status == 200
    status, _, page = get(served.url, "/slack/oauth_redirect?" + urlencode({"code": "code-bzk", "state": state}),
                          cookie)
    assert status == 401 and "invalid_state" in page
    status, page = install(served, "code-unknown")
    assert status == 401 and "invalid_code" in page
    assert get(served.url, "/slack/install?x=1")[0] == 200
    assert get(served.url, "/slack/other")[0] == 404


def test_uninstall_and_revoked_tokens_remove_the_installation(app, fake, served, people):
    install(served, "code-utrecht")
    install(served, "code-bzk")
    bart = people("Bart Bezeka", user_id="UBART", platform="slack", workspace="T0BZK",
                  skills="SQL", hours_per_week=8)
    bzk = SlackClient(served.url, fake.response_url, team="T0BZK")
    assert bzk.event({"type": "app_uninstalled"}).status == 200
    assert eventually(app, lambda s: {r.team_id for r in s.exec(select(SlackInstallation))} == {"T0UTRECHT"})
    assert eventually(app, lambda s: [a.detail for a in s.exec(select(AuditLog).where(
        AuditLog.action == "slack_uninstalled"))] == [{"team": "T0BZK"}])
    with transaction(app.engine) as s:
        assert s.exec(select(Person).where(Person.workspace == "T0BZK")).one().name == "Bart Bezeka"  # history stays

    # nothing can be sent there any more: the outbox keeps the message and records why
    with pytest.raises(oauth.NotInstalled):
        served.application.slack.port.web("T0BZK")
    app.service.set_digest(bart, True)
    with transaction(app.engine) as s:
        from bot.port import Card
        from bot.i18n import T

        notify.send(app.service, s, bart.id, Card(text=[T("digest.on")]))
    app.outbox.flush()  # (or the served app's own sender, whichever claims it first)
    assert eventually(app, lambda s: [(r.sent_at, r.attempts, r.error[:12]) for r in s.exec(
        select(Outbox).where(Outbox.person_id == bart.id))] == [(None, 1, "NotInstalled")])

    # a command from the uninstalled workspace does nothing
    klussen = _count(app)
    bzk.command("UBEA", LINE)
    fake.wait_calls("response_url", 1)
    assert _count(app) == klussen

    # Utrecht revokes its bot token
    utrecht = SlackClient(served.url, fake.response_url, team="T0UTRECHT")
    utrecht.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}})
    assert eventually(app, lambda s: not s.exec(select(SlackInstallation)).all())


def eventually(app, check, seconds: float = 5.0) -> bool:
    """Events are handled after their ack: wait until `check(session)` holds."""
    deadline = time.monotonic() + seconds
    while True:
        with transaction(app.engine) as s:
            if check(s):
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def _count(app) -> int:
    with transaction(app.engine) as s:
        return len(s.exec(select(Klus.id)).all())


def test_the_installer_sees_the_installation_in_their_data_without_the_token(app, fake, served):
    from bot import privacy

    install(served, "code-utrecht")
    umar = app.service.person("slack", "T0UTRECHT", "UUMAR", "Umar Manager")
    with transaction(app.engine) as s:
        data = json.loads(privacy.export_json(app.service, s, umar.id, "nl"))
    row = data["genoemd_in"]["slackinstallation"][0]
    assert row["user_id"] == "UUMAR" and row["data"]["bot_token"] == "<weggelaten>"
    assert "xoxb-utrecht" not in json.dumps(data)
    # erasing the installer leaves the workspace installed, without their id
    privacy.erase(app.service, umar, confirmed=True)
    with transaction(app.engine) as s:
        row = s.exec(select(SlackInstallation)).one()
    assert row.user_id.startswith("anoniem-") and row.data["user_id"] == row.user_id
    assert row.data["bot_token"] == "xoxb-utrecht"
    assert served.application.slack.clients("T0UTRECHT").token == "xoxb-utrecht"


def test_the_stores_on_their_own(app):
    from datetime import datetime, timezone

    from slack_sdk.oauth.installation_store import Bot, Installation

    store = oauth.DatabaseInstallationStore(app.engine)
    store.save(Installation(app_id="A1", team_id="T1", team_name="Een", bot_token="xoxb-1", bot_id="B1",
                            bot_user_id="UB", bot_scopes="commands,chat:write", user_id="U1"))
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-1"
    assert store.find_installation(enterprise_id=None, team_id="T1").bot_scopes == ["commands", "chat:write"]
    assert store.find_installation(enterprise_id=None, team_id="T1", user_id="U2") is None
    store.save(Installation(app_id="A1", team_id="T1", team_name="Een", bot_token="xoxb-2", bot_id="B1",
                            bot_user_id="UB", user_id="U2"))  # installed again: the newest counts
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-2"
    store.delete_installation(enterprise_id=None, team_id="T1", user_id="U1")  # not the latest installer
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None
    store.save_bot(Bot(app_id="A1", team_id="T2", team_name="Twee", bot_token="xoxb-t2", bot_id="B2",
                       bot_user_id="UB2", installed_at=datetime.now(timezone.utc)))
    assert store.find_bot(enterprise_id=None, team_id="T2").bot_token == "xoxb-t2"
    store.delete_all(enterprise_id=None, team_id="T1")
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    with transaction(app.engine) as s:
        assert [r.team_id for r in s.exec(select(SlackInstallation))] == ["T2"]

    states = oauth.DatabaseOAuthStateStore(app.engine)
    state = states.issue()
    assert states.consume(state) and not states.consume(state) and not states.consume("forged")
    old = oauth.DatabaseOAuthStateStore(app.engine, expiration_seconds=-1)
    assert not old.consume(old.issue())
