"""Issue 13's bullets on Slack's real wire format (signed requests, the fake Web API):
"Afwijzen" with a reason in a modal, cancel that asks first and takes a reason, editing a
posted klus in a modal, "Vertel meer", and the mid-way check's buttons."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from storage.db import transaction
from storage.models import Klus
from tests.fakes.slack_client import buttons
from tests.test_slack import Harness, all_text, fake  # noqa: F401 (fixtures)

pytestmark = pytest.mark.db

LINE = "Data-analist voor dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; 2 plekken"


@pytest.fixture
def bot(app, fake, people):  # noqa: F811
    harness = Harness(app, fake, people)
    yield harness
    harness.close()


def _posted(bot):
    bot.fake.names["UMGR"] = "Mila"
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.slack.command("UMGR", LINE)
    bot.answer("cmd", containing="Klus geplaatst")
    return bot.message_of(bot.dm_to("UANNA")[0])


def _update(bot, message: dict, containing: str) -> str:
    """The text of the first update of `message` that says `containing`."""
    found = bot.fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.update"
                                             and c.params.get("ts") == message["ts"]
                                             and containing in all_text(c.params["blocks"])])
    return all_text(found[0].params["blocks"])


def _listing(bot):
    bot.slack.command("UMGR", "mijn")
    return bot.answer("cmd", containing="Je klussen")


def test_afwijzen_asks_a_reason_in_a_modal_and_the_colleague_reads_it(bot):
    invite = _posted(bot)
    bot.slack.click("UANNA", invite, "accept", channel="DUANNA")
    ask = bot.message_of(bot.dm_to("UMGR", containing="Anna wil")[0])
    assert buttons(ask["blocks"]) == ["confirm", "reject"]
    bot.slack.click("UMGR", ask, "reject", channel="DUMGR")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    assert view["callback_id"] == "fp:ask" and "De collega ziet je toelichting" in all_text(view)
    assert bot.slack.submit("UMGR", view, {"reason": "We zoeken meer ervaring met Python"}).status == 200
    told = _update(bot, invite, "afgewezen")
    assert "heeft je aanmelding voor deze klus afgewezen" in told and "meer ervaring met Python" in told
    assert "iemand anders" not in told
    assert [i.status for i in bot.invitations()] == ["rejected"]


def test_cancel_asks_first_then_a_reason_that_everyone_asked_reads(bot):
    invite = _posted(bot)
    listing = _listing(bot)
    assert buttons(listing.params["blocks"]) == ["candidates", "edit_klus", "cancel_klus"]
    bot.slack.click("UMGR", {"blocks": listing.params["blocks"]}, "cancel_klus", channel="DUMGR", ephemeral=True)
    question = bot.answer("click", containing="Weet je zeker")
    assert "Anna" in all_text(question.params["blocks"]) and bot.klussen()[0].status == "open"
    bot.slack.click("UMGR", {"blocks": question.params["blocks"]}, "cancel_klus_yes", channel="DUMGR",
                    ephemeral=True)
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    bot.slack.submit("UMGR", view, {"reason": "Het budget is ingetrokken"})
    told = _update(bot, invite, "geannuleerd")
    assert "geannuleerd" in told and "Het budget is ingetrokken" in told
    bot.settle()
    assert bot.klussen()[0].status == "cancelled"


def test_edit_a_posted_klus_in_a_modal_and_the_invited_hear_what_changed(bot):
    _posted(bot)
    listing = _listing(bot)
    bot.slack.click("UMGR", {"blocks": listing.params["blocks"]}, "edit_klus", channel="DUMGR", ephemeral=True)
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    assert "Klus wijzigen" in all_text(view)
    ids = {b["block_id"] for b in view["blocks"] if b.get("type") == "input"}
    hours = next(i for i in ids if "hours" in i)
    assert bot.slack.submit("UMGR", view, {hours: "6"}).status == 200
    changed = bot.dm_to("UANNA", containing="gewijzigd")[0]
    assert "uren per week 8 → 6" in all_text(changed.params["blocks"])
    assert bot.klussen()[0].hours_per_week == 6


def test_vertel_meer_and_the_midway_check_on_slack(bot, clock):
    invite = _posted(bot)
    bot.slack.click("UANNA", invite, "details", channel="DUANNA")
    more = all_text(bot.answer("click").params["blocks"])
    assert "Opdrachtgever: Mila" in more and "Waarom jij" in more and "direct bericht in Slack" in more
    with transaction(bot.app.engine) as s:  # a running klus, a week before its end
        s.exec(update(Klus).values(status="running", start=clock().date(), end=clock().date().replace(day=28)))
    bot.app.service.tick()
    bot.settle()
    check = bot.dm_to("UMGR", containing="op koers")[0]
    assert buttons(check.params["blocks"]) == ["midway_ok", "midway_help"]
