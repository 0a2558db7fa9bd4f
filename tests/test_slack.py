"""Slack end to end: signed requests over HTTP to the WSGI app served by waitress, and a
local fake of Slack's Web API that records everything the bot sends. Every payload the
bot sends is checked against slack_sdk's Block Kit models and Slack's limits."""

from __future__ import annotations

import dataclasses
import json
import time
from typing import Any

import pytest
from sqlmodel import select

from bot import hr_import, office
from handlers import server
from handlers.chat.delivery import Worker
from handlers.slack.web import PREFIX, wsgi_app
from storage.db import transaction
from storage.models import AuditLog, Invitation, Klus, Person, Profile, SeenEvent
from tests.fakes.blockkit import check_message, check_view
from tests.fakes.slack_api import TEAM, TOKEN, Call, FakeSlack
from tests.fakes.slack_client import SECRET, SlackClient, buttons
from tests.fakes.wsgi import Served

pytestmark = pytest.mark.db

ONE_LINER = "Data-analist voor dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 10 weken"


@pytest.fixture
def fake():
    with FakeSlack() as api:
        yield api


class Harness:
    """The served bot, the fake Web API and a signed Slack client, with the waiting and
    looking-up that every test needs."""

    def __init__(self, app, fake: FakeSlack, people):
        self.fake = fake
        self.app = app
        self._people = people
        settings = app.settings.with_(slack_signing_secret=SECRET, slack_bot_token=TOKEN,
                                      slack_api_url=fake.api_url)
        self.application = wsgi_app(dataclasses.replace(app, settings=settings),
                                     worker=Worker(app.outbox, threads=2, senders=2, tick=0.5))
        self.served = Served(server.application(app, {PREFIX: self.application}))  # as `flexpool serve`
        self.slack = SlackClient(self.served.url, fake.response_url)

    def close(self) -> None:
        self.served.close()
        self.application.slack.close()

    # --- people ----------------------------------------------------------------------------

    def colleague(self, user_id: str, name: str, **profile):
        """A Slack user with a visible profile (skills, hours_per_week, …)."""
        self.fake.names[user_id] = name
        return self._people(name, user_id=user_id, platform="slack", workspace=TEAM, **profile)

    # --- waiting for the bot -----------------------------------------------------------------

    def dm_to(self, user_id: str, count: int = 1, containing: str = "") -> list[Call]:
        return self.fake.wait_calls("chat.postMessage", count, channel="D" + user_id) if not containing else \
            self.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"
                                              and c.params.get("channel") == "D" + user_id
                                              and containing in c.params.get("text", "")])

    def message_of(self, call: Call) -> dict:
        """The message a chat.postMessage call created, as a click payload carries it."""
        # (the fake records the call just before it stores the message: wait for the message)
        ts = self.fake.wait_for(lambda calls: next((m["ts"] for m in self.fake.posted
                                                    if m["channel"] == call.params["channel"]
                                                    and m["blocks"] == call.params["blocks"]), None))
        return {"ts": ts, "text": call.params["text"], "blocks": call.params["blocks"]}

    def updates_of(self, message: dict, channel: str, containing: str = "") -> list[Call]:
        return self.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.update"
                                                 and c.params.get("ts") == message["ts"]
                                                 and c.params.get("channel") == channel
                                                 and containing in c.params.get("text", "")])

    def answer(self, name_prefix: str = "", containing: str = "") -> Call:
        """The (last) message sent to a response URL."""
        found = self.fake.wait_for(lambda calls: [c for c in calls if c.method == "response_url"
                                                  and c.path.startswith("/response/" + name_prefix)
                                                  and containing in (c.params.get("text") or "")])
        return found[-1]

    def invitations(self) -> list[Invitation]:
        with transaction(self.app.engine) as s:
            return list(s.exec(select(Invitation).order_by(Invitation.id)).all())

    def klussen(self) -> list[Klus]:
        with transaction(self.app.engine) as s:
            return list(s.exec(select(Klus).order_by(Klus.id)).all())

    def settle(self, timeout: float = 60.0, outbox: bool = True) -> None:
        """Wait until no listener runs, no queued work is left and (with `outbox`) every
        outbox row is sent."""
        slack = self.application.slack
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if slack.busy == 0 and slack.worker.pending == 0 and slack.worker.idle() \
                    and not (outbox and self._unsent()):
                return
            slack.worker.kick()
            time.sleep(0.02)
        raise AssertionError("the bot did not settle")

    def _unsent(self) -> int:
        from storage.models import Outbox

        with transaction(self.app.engine) as s:
            return len(s.exec(select(Outbox.id).where(Outbox.sent_at == None)).all())  # noqa: E711


@pytest.fixture
def bot(app, fake, people):
    harness = Harness(app, fake, people)
    yield harness
    harness.close()
    # Every payload the bot sent during the test is valid Block Kit within Slack's limits.
    for call in fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "response_url", "chat.postEphemeral"):
            check_message(call.params)
        if call.method in ("views.open", "views.publish", "views.update", "views.push"):
            check_view(call.params["view"])


def strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def all_text(blocks: list[dict] | dict) -> str:
    return "\n".join(strings(blocks))


# --- slash commands and modals ------------------------------------------------------------------

def test_klus_without_text_opens_the_modal_in_the_users_language(bot):
    answer = bot.slack.command("UMGR", "")
    assert answer.status == 200 and answer.body == b""
    call = bot.fake.wait_calls("views.open")[0]
    assert call.params["trigger_id"].endswith(".trigger")
    view = call.params["view"]
    assert view["title"]["text"] == "Nieuwe klus" and view["submit"]["text"] == "Plaatsen"
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds["title"] == "plain_text_input" and kinds["start"] == "datepicker"
    assert kinds["location"] == "static_select" and kinds["reach"] == "static_select"
    description = next(b for b in view["blocks"] if b["block_id"] == "description")
    assert description["element"]["multiline"] is True and description["label"]["text"] == "Omschrijving en resultaat"
    assert next(b for b in view["blocks"] if b["block_id"] == "start")["element"]["initial_date"] == "2026-11-30"

    bot.fake.locales["UENG"] = "en-GB"
    bot.slack.command("UENG", "")
    view = bot.fake.wait_calls("views.open", 2)[1].params["view"]
    assert view["title"]["text"] == "New klus"
    assert "Description and expected result" in all_text(view)
    assert "Remote" in all_text(view) or "remote" in all_text(view)


def test_one_line_klus_is_posted_and_the_right_people_get_a_dm(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.colleague("UBRAM", "Bram", skills="SQL, data-analyse, Power BI", hours_per_week=8)
    bot.colleague("UCEES", "Cees", skills="timmeren, tuinieren", hours_per_week=20)
    bot.fake.names["UMGR"] = "Mila"

    answer = bot.slack.command("UMGR", ONE_LINER)
    assert answer.status == 200

    summary = bot.answer("cmd", containing="Klus geplaatst")
    assert summary.params["response_type"] == "ephemeral"
    assert buttons(summary.params["blocks"]) == ["candidates", "cancel_klus"]
    assert "Anna" in all_text(summary.params["blocks"]) and "Bram" in all_text(summary.params["blocks"])

    for user in ("UANNA", "UBRAM"):
        dm = bot.dm_to(user)[0]
        assert dm.params["text"].startswith("Klus: Data-analist voor dashboard jeugdzorg")
        assert buttons(dm.params["blocks"]) == ["accept", "decline", "details"]
        assert "Mila zoekt iemand" in all_text(dm.params["blocks"])
    bot.settle()
    assert not bot.fake.of("chat.postMessage", channel="DUCEES")
    assert bot.fake.of("conversations.open", users="UANNA")
    assert [k.title for k in bot.klussen()] == ["Data-analist voor dashboard jeugdzorg"]


def test_klus_posted_through_the_modal(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.slack.command("UMGR", "")
    view = bot.fake.wait_calls("views.open")[0].params["view"]

    answer = bot.slack.submit("UMGR", view, {
        "title": "Dashboard jeugdzorg bouwen",
        "description": "Een werkend Power BI-dashboard met de cijfers van 2026.",
        "skills": "Power BI, SQL",
        "hours_per_week": "8",
        "end": "2027-01-31",
        "places": "1",
        "location": "on_site",
    })
    assert answer.status == 200 and answer.body in (b"", b"{}")  # the modal closes

    summary = bot.dm_to("UMGR", containing="Klus geplaatst")[0]
    assert buttons(summary.params["blocks"]) == ["candidates", "cancel_klus"]
    assert "op locatie" in all_text(summary.params["blocks"])
    bot.dm_to("UANNA")
    (klus,) = bot.klussen()
    assert (klus.title, klus.location, str(klus.end)) == ("Dashboard jeugdzorg bouwen", "on_site", "2027-01-31")


def test_invalid_modal_input_is_answered_in_the_modal(bot):
    bot.slack.command("UMGR", "")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    answer = bot.slack.submit("UMGR", view, {"title": "Analyse", "description": "Iets", "hours_per_week": "veel"})
    assert answer.status == 200
    assert answer.json() == {"response_action": "errors", "errors": {"hours_per_week": "vul een getal in."}}

    answer = bot.slack.submit("UMGR", view, {"title": "Analyse", "description": "Iets", "hours_per_week": "8",
                                             "start": "2026-12-14", "end": "2026-12-01", "places": "0"})
    errors = answer.json()["errors"]
    assert set(errors) == {"end", "places"}
    assert errors["end"] == "de einddatum 1 dec 2026 ligt vóór de start 14 dec 2026."
    assert all(key in {b["block_id"] for b in view["blocks"]} for key in errors)
    assert bot.klussen() == []


def test_invalid_one_liner_is_answered_ephemerally(bot):
    bot.slack.command("UMGR", "Iets; veel uur")
    answer = bot.answer("cmd", containing="Pas dit aan")
    assert answer.params["response_type"] == "ephemeral"
    assert "Uren per week" in all_text(answer.params["blocks"])
    assert bot.klussen() == []


def test_klus_mijn_lists_the_managers_klussen(bot):
    bot.slack.command("UMGR", ONE_LINER)
    bot.answer("cmd", containing="Klus geplaatst")
    bot.slack.command("UMGR", "mijn")
    listing = bot.answer("cmd", containing="Je klussen (1")
    assert "Data-analist voor dashboard jeugdzorg" in all_text(listing.params["blocks"])
    assert buttons(listing.params["blocks"]) == ["candidates", "edit_klus", "cancel_klus"]  # issue 13: Wijzigen


# --- invitations: buttons, in-place updates, the manager's side ------------------------------------

def post_and_invite(bot, places: int = 1, *users: str) -> dict[str, dict]:
    """Post a klus as UMGR and return each invitee's DM as a clickable message."""
    bot.fake.names["UMGR"] = "Mila"
    text = ONE_LINER + (f"; {places} plekken" if places > 1 else "")
    bot.slack.command("UMGR", text)
    bot.answer("cmd", containing="Klus geplaatst")
    return {user: bot.message_of(bot.dm_to(user)[0]) for user in users}


def test_accept_updates_the_dm_in_place_and_the_manager_is_told(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA")

    answer = bot.slack.click("UANNA", dms["UANNA"], "accept", channel="DUANNA")
    assert answer.status == 200 and answer.body == b""

    update = bot.updates_of(dms["UANNA"], "DUANNA", containing="")[0]
    assert "Je hebt geaccepteerd" in all_text(update.params["blocks"])
    assert buttons(update.params["blocks"]) == []
    owner = bot.dm_to("UMGR", containing="Anna wil")[0]
    assert buttons(owner.params["blocks"]) == ["confirm", "reject"]
    assert [i.status for i in bot.invitations()] == ["accepted"]


def test_decline_asks_the_reason_in_a_modal_then_updates_and_tells_the_manager(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA")

    bot.slack.click("UANNA", dms["UANNA"], "decline", channel="DUANNA")
    modal = bot.fake.wait_calls("views.open")[0]
    assert modal.params["trigger_id"].endswith(".trigger")
    view = modal.params["view"]
    assert view["callback_id"] == "fp:ask" and view["title"]["text"] == "Afwijzen"
    assert "Wil je zeggen waarom" in all_text(view)
    assert [i.status for i in bot.invitations()] == ["offered"]  # nothing happens before the modal is sent

    answer = bot.slack.submit("UANNA", view, {"reason": "Geen tijd deze maand"})
    assert answer.status == 200 and answer.body in (b"", b"{}")
    update = bot.updates_of(dms["UANNA"], "DUANNA")[0]
    assert "Je hebt afgewezen" in all_text(update.params["blocks"]) and buttons(update.params["blocks"]) == []
    bot.dm_to("UMGR", containing="Anna heeft *Data-analist voor dashboard jeugdzorg* afgewezen: “Geen tijd deze maand”")
    (inv,) = bot.invitations()
    assert (inv.status, inv.decline_reason) == ("declined", "Geen tijd deze maand")


def test_the_klus_fills_and_the_other_invitations_are_withdrawn(bot):
    for user, name in (("UANNA", "Anna"), ("UBRAM", "Bram"), ("UCHRIS", "Chris")):
        bot.colleague(user, name, skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA", "UBRAM", "UCHRIS")

    bot.slack.click("UANNA", dms["UANNA"], "accept", channel="DUANNA")
    ask = bot.message_of(bot.dm_to("UMGR", containing="Anna wil")[0])
    bot.slack.click("UMGR", ask, "confirm", channel="DUMGR")

    confirmed = bot.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.update"
                                                 and c.params["ts"] == dms["UANNA"]["ts"]
                                                 and "Bevestigd door Mila" in all_text(c.params["blocks"])])
    assert buttons(confirmed[0].params["blocks"]) == []
    bot.updates_of(ask, "DUMGR", containing="Bevestigd: Anna doet mee")
    for user in ("UBRAM", "UCHRIS"):
        update = bot.updates_of(dms[user], "D" + user)[0]
        assert "inmiddels vol" in all_text(update.params["blocks"]) and buttons(update.params["blocks"]) == []
    bot.dm_to("UMGR", containing="is vol: Anna")
    bot.dm_to("UANNA", containing="Je gaat aan de slag")
    bot.settle()
    assert sorted(i.status for i in bot.invitations()) == ["confirmed", "withdrawn", "withdrawn"]
    assert bot.klussen()[0].status == "filled"


def test_someone_else_clicking_accept_is_refused(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA")

    answer = bot.slack.click("UMALLORY", dms["UANNA"], "accept", channel="DUANNA")
    assert answer.status == 200
    refusal = bot.answer("click", containing="niet voor jou")
    assert refusal.params["response_type"] == "ephemeral" and refusal.params["replace_original"] is False
    bot.settle()
    assert not bot.fake.of("chat.update")
    assert [i.status for i in bot.invitations()] == ["offered"]


def test_see_candidates_from_the_summary(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.slack.command("UMGR", ONE_LINER)
    summary = bot.answer("cmd", containing="Klus geplaatst")
    message = {"text": summary.params["text"], "blocks": summary.params["blocks"]}
    bot.slack.click("UMGR", message, "candidates", channel="C0GENERAL", ephemeral=True)
    listing = bot.answer("click", containing="Kandidaten voor")
    assert "Anna" in all_text(listing.params["blocks"])


# --- DMs in plain words, events ------------------------------------------------------------------------

def test_replying_ja_in_the_dm_asks_for_a_confirmation_button(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA")

    assert bot.slack.dm("UANNA", "ja!").status == 200
    question = bot.dm_to("UANNA", containing="Wil je *Data-analist voor dashboard jeugdzorg* accepteren?")[0]
    assert buttons(question.params["blocks"]) == ["accept", "noop"]
    assert [i.status for i in bot.invitations()] == ["offered"]  # a word alone changes nothing

    bot.slack.click("UANNA", bot.message_of(question), "accept", channel="DUANNA")
    replaced = bot.answer("click")
    assert replaced.params["replace_original"] is True and buttons(replaced.params["blocks"]) == []
    assert "✓ Accepteren" in all_text(replaced.params["blocks"])
    bot.updates_of(dms["UANNA"], "DUANNA")
    assert [i.status for i in bot.invitations()] == ["accepted"]


def test_a_redelivered_event_is_handled_once(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    post_and_invite(bot, 1, "UANNA")
    first = bot.slack.dm("UANNA", "vertel meer", event_id="Ev0DUP")
    again = bot.slack.dm("UANNA", "vertel meer", event_id="Ev0DUP", retry=1)
    assert first.status == again.status == 200
    bot.dm_to("UANNA", containing="Klus: Data-analist")
    bot.settle()  # both deliveries handled (no listener running, nothing queued)
    replies = [c for c in bot.fake.of("chat.postMessage", channel="DUANNA") if "Vragen?" in all_text(c.params)]
    assert len(replies) == 1
    with transaction(bot.app.engine) as s:
        assert s.get(SeenEvent, "Ev0DUP") is not None


def test_the_bots_own_messages_are_ignored(bot):
    answer = bot.slack.event({"type": "message", "subtype": "bot_message", "bot_id": "BBOT", "channel": "DUANNA",
                              "text": "ja", "ts": "1.0", "channel_type": "im"})
    assert answer.status == 200
    bot.slack.event({"type": "message", "channel": "DUANNA", "user": "UBOT", "bot_id": "BBOT", "text": "ja",
                     "ts": "1.1", "channel_type": "im"})
    bot.settle()
    assert not bot.fake.of("chat.postMessage")


def test_app_home_shows_profile_invitations_and_klussen(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    post_and_invite(bot, 1, "UANNA")
    assert bot.slack.event({"type": "app_home_opened", "user": "UANNA", "channel": "DUANNA", "tab": "home"}).status == 200
    home = bot.fake.wait_calls("views.publish", user_id="UANNA")[0].params["view"]
    assert home["type"] == "home"
    text = all_text(home)
    assert "Flexprofiel van Anna" in text and "Je uitnodigingen" in text
    assert "Data-analist voor dashboard jeugdzorg" in text and "uitgenodigd" in text
    assert buttons(home["blocks"])[:4] == ["edit_profile", "hide", "delete_profile", "accept"]

    # The edit button opens the profile modal; accepting from the home tab works and republishes it.
    bot.slack.click("UANNA", home, "edit_profile", in_home=True)
    assert bot.fake.wait_calls("views.open")[0].params["view"]["title"]["text"] == "Mijn flexprofiel"
    bot.slack.click("UANNA", home, "accept", in_home=True)
    republished = bot.fake.wait_calls("views.publish", 2, user_id="UANNA")[1].params["view"]
    assert "geaccepteerd, wacht op bevestiging" in all_text(republished)


# --- /flexpool ---------------------------------------------------------------------------------------

def test_profile_modal_creates_the_profile(bot):
    bot.fake.names["UNEW"] = "Noor"
    bot.slack.command("UNEW", "profiel", command="/flexpool")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    assert view["title"]["text"] == "Mijn flexprofiel"
    name = next(b for b in view["blocks"] if b["block_id"] == "name")
    assert name["element"]["initial_value"] == "Noor"
    answer = bot.slack.submit("UNEW", view, {"skills": "Python, SQL", "hours_per_week": "8,5", "visible": "ja",
                                             "available_from": "2026-12-01"})
    assert answer.status == 200 and answer.body in (b"", b"{}")
    bot.dm_to("UNEW", containing="Flexprofiel van Noor")
    bot.fake.wait_calls("views.publish", user_id="UNEW")

    bot.slack.command("UNEW", "profiel", command="/flexpool")
    view = bot.fake.wait_calls("views.open", 2)[1].params["view"]
    errors = bot.slack.submit("UNEW", view, {"hours_per_week": "99"}).json()
    assert errors["response_action"] == "errors" and list(errors["errors"]) == ["hours_per_week"]


def test_stats_answer_admins_only(bot):
    bot.slack.command("admin", "stats", command="/flexpool")
    assert "Flexpool in cijfers" in all_text(bot.answer("cmd").params["blocks"])
    bot.fake.clear()
    bot.slack.command("UANNA", "stats", command="/flexpool")
    assert "alleen voor beheerders" in bot.answer("cmd").params["text"]


@pytest.mark.parametrize("words,expected", [("help", "Opdrachtgever"), ("klussen", "geen open klussen"),
                                            ("pauze", "nog geen flexprofiel")])
def test_flexpool_subcommands(bot, words, expected):
    bot.slack.command("UANNA", words, command="/flexpool")
    assert expected in all_text(bot.answer("cmd").params)


# --- safety ------------------------------------------------------------------------------------------

def test_forged_and_stale_requests_are_refused(bot):
    fields = bot.slack.command_fields("UMGR", ONE_LINER)
    assert bot.slack.form(fields, secret="not-the-secret").status == 401
    assert bot.slack.form(fields, timestamp=int(time.time()) - 6 * 60).status == 401
    assert bot.slack.post(b'{"type":"event_callback"}', "application/json", secret="guess").status == 401
    bot.settle()
    assert bot.fake.calls == []
    with transaction(bot.app.engine) as s:
        assert s.exec(select(Person)).all() == []
    assert bot.slack.form(fields).status == 200  # the same request, signed properly, is fine


def test_a_channel_mention_in_a_title_reaches_nobody(bot):
    bot.colleague("UANNA", "Anna <!here>", skills="Power BI, SQL", hours_per_week=16)
    bot.fake.names["UMGR"] = "<@U0BOSS>"
    title = "<!channel> Dashboard <@U123> & <https://evil.example|klik>"
    bot.slack.command("UMGR", f"{title}; vaardigheden: Power BI; 8 uur per week; 10 weken")
    bot.answer("cmd", containing="Klus geplaatst")
    dm = bot.message_of(bot.dm_to("UANNA")[0])
    bot.slack.click("UANNA", dm, "accept", channel="DUANNA")
    bot.dm_to("UMGR", containing="wil")
    bot.slack.command("UMGR", "mijn")
    bot.answer("cmd", containing="Je klussen")
    bot.settle()

    sent = [s for c in bot.fake.calls for s in strings(c.params)]
    assert any("&lt;!channel&gt; Dashboard &lt;@U123&gt; &amp; &lt;https://evil.example|klik&gt;" in s for s in sent)
    for forbidden in ("<!channel>", "<@U123>", "<!here>", "<@U0BOSS>", "<https://evil"):
        assert not [s for s in sent if forbidden in s], forbidden


def test_a_failure_is_logged_and_the_user_gets_a_kind_message(bot, monkeypatch, caplog):
    def broken(actor):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.app.service, "my_klussen", broken)
    answer = bot.slack.command("UMGR", "mijn")
    assert answer.status == 200
    sorry = bot.answer("cmd")
    assert "Er ging iets mis aan onze kant" in sorry.params["text"]
    assert "database on fire" not in json.dumps(sorry.params) and "Traceback" not in json.dumps(sorry.params)
    assert "database on fire" in caplog.text


def test_healthz_and_other_paths(bot):
    health = bot.slack.get("/healthz")
    assert (health.status, health.body) == (200, b"ok")
    assert bot.slack.get("/slack/events").status == 405
    assert bot.slack.get("/nope").status == 404


def test_url_verification_challenge(bot):
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"}).encode()
    answer = bot.slack.post(body, "application/json")
    assert answer.status == 200 and b"c-123" in answer.body


# --- delivery: retries that never double a DM --------------------------------------------------------

def test_rate_limited_post_is_retried_after_retry_after(bot):
    bot.fake.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": "1"})
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.slack.command("UMGR", ONE_LINER)
    calls = bot.fake.wait_calls("chat.postMessage", 2, channel="DUANNA")
    assert calls[1].at - calls[0].at >= 1.0
    bot.settle()
    assert len(bot.fake.posted) == 1


def test_a_server_error_on_post_is_not_blindly_retried(bot, clock):
    """Slack answered 500 but had posted the DM: the retry finds it and posts nothing twice."""
    bot.fake.fail("chat.postMessage", 500, done_anyway=True)
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.fake.names["UMGR"] = "Mila"
    bot.slack.command("UMGR", ONE_LINER)
    bot.answer("cmd", containing="Klus geplaatst")
    bot.dm_to("UANNA")
    bot.settle(outbox=False)  # the failed row waits for its backoff
    assert len(bot.fake.of("chat.postMessage", channel="DUANNA")) == 1  # no immediate retry
    assert len(bot.fake.posted) == 1

    clock.advance(minutes=5)  # the outbox's backoff has passed
    bot.settle()
    assert bot.fake.of("conversations.history", channel="DUANNA")
    assert len(bot.fake.posted) == 1 and len(bot.fake.of("chat.postMessage", channel="DUANNA")) == 1

    # The ref was recovered, so the accept still updates that very message in place.
    posted = bot.fake.posted[0]
    bot.slack.click("UANNA", {"ts": posted["ts"], "text": posted["text"], "blocks": posted["blocks"]},
                    "accept", channel="DUANNA")
    assert bot.updates_of({"ts": posted["ts"]}, "DUANNA")


def test_an_expired_trigger_is_not_a_silent_failure(bot):
    """A form that could not be opened in time (the trigger lives ~3 s): the person is told."""
    bot.fake.fail("views.open", 200, {"ok": False, "error": "expired_trigger_id"})
    assert bot.slack.command("UMGR", "").status == 200
    sorry = bot.answer("cmd")
    assert "Probeer het zo nog eens" in sorry.params["text"] and sorry.params["response_type"] == "ephemeral"


def test_replying_nee_asks_for_a_reason_and_the_question_is_answered_in_place(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    dms = post_and_invite(bot, 1, "UANNA")
    bot.slack.dm("UANNA", "nee")
    question = bot.dm_to("UANNA", containing="afwijzen?")[0]
    assert buttons(question.params["blocks"]) == ["decline", "noop"]

    bot.slack.click("UANNA", bot.message_of(question), "decline", channel="DUANNA")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    assert view["callback_id"] == "fp:ask"
    assert bot.slack.submit("UANNA", view, {"reason": "Te druk"}).status == 200

    replaced = bot.answer("click")
    assert replaced.params["replace_original"] is True and buttons(replaced.params["blocks"]) == []
    assert "✓ Afwijzen" in all_text(replaced.params["blocks"]) and "afwijzen?" in replaced.params["text"]
    assert "Je hebt afgewezen" in all_text(bot.updates_of(dms["UANNA"], "DUANNA")[0].params["blocks"])
    (inv,) = bot.invitations()
    assert (inv.status, inv.decline_reason) == ("declined", "Te druk")


def test_nee_with_a_reason_needs_no_modal(bot):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    post_and_invite(bot, 1, "UANNA")
    bot.slack.dm("UANNA", "nee, geen tijd")
    question = bot.dm_to("UANNA", containing="afwijzen?")[0]
    bot.slack.click("UANNA", bot.message_of(question), "decline", channel="DUANNA")
    bot.answer("click")
    bot.settle()
    assert not bot.fake.of("views.open")
    (inv,) = bot.invitations()
    assert (inv.status, inv.decline_reason) == ("declined", "geen tijd")


# --- an admin drops a CSV of profiles in the bot's DM ------------------------------------------

HR_CSV = "user_id;naam;functie;uren\nU0NOOR;Noor <!here>;Beleidsadviseur;8\nU0BRAM;Bram;Data-analist;16\n"


def drop_files(bot, user: str, *files: dict, **kw):
    """Share files in the DM with the bot, as Slack sends it (subtype file_share)."""
    return bot.slack.event({"type": "message", "subtype": "file_share", "channel": "D" + user, "user": user,
                            "text": "", "ts": f"{time.time():.6f}", "channel_type": "im", "team": TEAM,
                            "files": list(files), "upload": False, "display_as_bot": False}, **kw)


def imported(bot) -> dict[str, str]:
    with transaction(bot.app.engine) as s:
        rows = s.exec(select(Person, Profile).join(Profile, Profile.person_id == Person.id)
                      .where(Person.user_id.in_(["U0NOOR", "U0BRAM"]))).all()
        return {p.user_id: f"{p.platform}/{p.workspace}/{p.name}/{f.job_title}" for p, f in rows}


def audit_actions(bot) -> list[tuple[str, dict]]:
    with transaction(bot.app.engine) as s:
        return [(e.action, e.detail) for e in s.exec(select(AuditLog).order_by(AuditLog.id)).all()]


def test_an_admin_drops_a_csv_in_the_dm_and_it_is_imported_once(bot):
    shared = bot.fake.add_file("F0HR", "hr.csv", HR_CSV.encode("utf-8-sig"))
    first = drop_files(bot, "admin", shared, event_id="Ev0FILE")
    again = drop_files(bot, "admin", shared, event_id="Ev0FILE", retry=1)  # Slack retries the event
    assert first.status == again.status == 200
    report = bot.dm_to("admin", containing="Profielen importeren")[0]
    bot.settle()
    assert "2 nieuw, 0 bijgewerkt, 0 rijen afgewezen" in all_text(report.params["blocks"])
    assert "Noor &lt;!here&gt;" in all_text(report.params["blocks"])  # user text escaped
    assert len(bot.fake.of("chat.postMessage", channel="Dadmin")) == 1
    (download,) = bot.fake.of("file_download")  # once, with the bot token
    assert download.params["authorization"] == f"Bearer {TOKEN}" and download.path.endswith("/download/hr.csv")
    assert imported(bot) == {"U0NOOR": f"slack/{TEAM}/Noor <!here>/Beleidsadviseur",
                             "U0BRAM": f"slack/{TEAM}/Bram/Data-analist"}
    assert [(a, d["source"], d["created"]) for a, d in audit_actions(bot) if a == "import"] == [("import", "hr.csv", 2)]


def test_a_file_slack_only_announces_is_looked_up_with_files_info(bot):
    bot.fake.add_file("F0HR", "hr.csv", HR_CSV.encode("cp1252"))
    drop_files(bot, "admin", {"id": "F0HR", "mode": "hidden_by_limit", "file_access": "check_file_info"})
    report = bot.dm_to("admin", containing="Profielen importeren")[0]
    assert "2 nieuw" in all_text(report.params["blocks"])
    assert [c.params["file"] for c in bot.fake.of("files.info")] == ["F0HR"]


def test_someone_else_dropping_a_csv_is_refused_and_nothing_is_downloaded(bot):
    shared = bot.fake.add_file("F0HR", "hr.csv", HR_CSV.encode())
    drop_files(bot, "UANNA", shared)
    refusal = bot.dm_to("UANNA", containing="alleen voor beheerders")[0]
    bot.settle()
    assert "Er is niets veranderd" in refusal.params["text"]
    assert not bot.fake.of("file_download") and imported(bot) == {}
    assert [(a, d) for a, d in audit_actions(bot)] == [("denied", {"what": "import"})]


def test_a_file_that_is_not_a_csv_gets_a_friendly_answer(bot):
    photo = bot.fake.add_file("F0PIC", "vakantie <@U123>.png", b"\x89PNG\r\n", mimetype="image/png",
                              filetype="png")
    drop_files(bot, "UBOT", bot.fake.add_file("F0EXP", "flexpool-klussen.csv", b"Id;Titel\n"))  # our own export
    drop_files(bot, "admin", photo)
    answer = bot.dm_to("admin", containing="geen CSV-bestand")[0]
    assert "“vakantie &lt;@U123&gt;.png” is geen CSV-bestand" in answer.params["text"]
    bot.settle()
    assert not bot.fake.of("file_download") and not [a for a, _ in audit_actions(bot)]
    assert len(bot.fake.of("chat.postMessage")) == 1


def test_a_file_over_the_limit_is_refused_clearly(bot, monkeypatch):
    huge = bot.fake.add_file("F0BIG", "groot.csv", b"user_id;naam\n", size=office.MAX_IMPORT_BYTES + 1)
    drop_files(bot, "admin", huge)  # Slack says how big: not even downloaded
    assert "Het bestand is te groot: hoogstens 100 MB" in bot.dm_to("admin", containing="te groot")[0].params["text"]
    bot.settle()
    assert not bot.fake.of("file_download")

    monkeypatch.setattr(hr_import, "MAX_IMPORT_BYTES", 40)  # larger than announced: cut off while reading
    drop_files(bot, "admin", bot.fake.add_file("F0LIE", "hr.csv", HR_CSV.encode(), size=30))
    bot.dm_to("admin", 2, containing="te groot")
    bot.settle()
    assert len(bot.fake.of("file_download")) == 1 and imported(bot) == {}
    assert not [a for a, _ in audit_actions(bot) if a == "import"]


def test_the_bot_token_goes_to_slack_only_and_a_failed_download_is_told(bot):
    elsewhere = bot.fake.add_file("F0EVIL", "hr.csv", HR_CSV.encode(),
                                  url_private_download="https://evil.example/hr.csv")
    drop_files(bot, "admin", elsewhere)
    told = bot.dm_to("admin", containing="kon niet worden opgehaald")[0]
    assert "(evil.example)" in told.params["text"]
    gone = dict(bot.fake.add_file("F0GONE", "weg.csv", b""))
    gone["url_private_download"] = gone["url_private_download"].replace("F0GONE", "F0OTHER")
    drop_files(bot, "admin", gone)
    assert bot.dm_to("admin", containing="HTTP 404")
    bot.fake.files_read = False  # installed before files:read was asked: Slack answers its sign-in page
    drop_files(bot, "admin", bot.fake.add_file("F0HR", "hr.csv", HR_CSV.encode()))
    assert "files:read" in bot.dm_to("admin", containing="niet lezen")[0].params["text"]
    bot.settle()
    assert imported(bot) == {} and "Traceback" not in json.dumps([c.params for c in bot.fake.calls])
