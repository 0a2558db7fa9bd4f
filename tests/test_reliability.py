"""Issue 7, in the domain: a message that cannot be delivered is reported to someone who
can act (and nothing is rolled back); the same klus is never posted twice; nobody posts
more than FLEXPOOL_MAX_KLUSSEN_PER_DAY. On SQLite and PostgreSQL (conftest's `db_url`)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest
from sqlmodel import select

from bot.i18n import render
from bot.outbox import MAX_ATTEMPTS, UNREACHABLE
from bot.port import Card, Recipient
from bot.settings import Settings, SettingsError
from storage.db import transaction
from storage.models import Invitation, Klus, Outbox
from tests.recording import RecordingPort

LINE = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL, data-analyse; 8 uur per week; 4 weken; 1 plek"


@dataclass
class Unreachable(RecordingPort):
    """Delivers to everyone except the user ids in `down` (their platform refuses)."""

    down: set = field(default_factory=set)
    tries: dict = field(default_factory=dict)

    def tell(self, to: Recipient, card: Card) -> str:
        if to.user_id in self.down:
            self.tries[to.user_id] = self.tries.get(to.user_id, 0) + 1
            raise ConnectionError("user_not_found")
        return super().tell(to, card)


@pytest.fixture
def shell(app):
    port = Unreachable()
    app.outbox.ports["shell"] = port
    return port


def deliver_until_given_up(app, clock) -> None:
    for _ in range(MAX_ATTEMPTS + 2):
        app.outbox.flush()
        clock.advance(hours=2)  # past every backoff
    app.outbox.flush()


def texts(port, user_id: str) -> list[str]:
    return [s.text() for s in port.to(user_id)]


def snapshot(app) -> dict:
    with transaction(app.engine) as s:
        return {"klussen": [(k.id, k.status, k.taken) for k in s.exec(select(Klus)).all()],
                "invitations": sorted((i.id, i.status) for i in s.exec(select(Invitation)).all())}


# --- nothing lost: a message given up is reported, nothing rolled back ---------------------------

def test_an_unreachable_invitee_is_reported_to_the_owner_and_nothing_is_undone(app, pool, shell, clock):
    shell.down = {"fatima"}
    app.service.post_klus_line(pool["manager"], LINE)
    before = snapshot(app)
    deliver_until_given_up(app, clock)

    assert shell.tries["fatima"] == MAX_ATTEMPTS  # retried with backoff, then given up
    told = [s for s in shell.to("marieke") if "niet bereiken" in s.text()]
    assert len(told) == 1
    assert "We konden Fatima niet bereiken over *Dashboard jeugdzorg*" in told[0].text()
    assert "na 8 pogingen" in told[0].text() and "niets teruggedraaid" in told[0].text()
    assert told[0].actions == [("candidates", "1")]  # one click to invite someone else
    assert snapshot(app) == before  # Fatima's invitation is still open; nothing rolled back
    with transaction(app.engine) as s:
        given_up = s.exec(select(Outbox).where(Outbox.key == "inv:1")).one()
    assert given_up.sent_at is not None and given_up.attempts == MAX_ATTEMPTS
    assert "ConnectionError" in given_up.error and given_up.ref == ""
    # The others got their invitation and can answer as usual.
    assert texts(shell, "sanne") and texts(shell, "daan")


def test_an_unreachable_owner_is_reported_to_the_admins_once(app, pool, people, shell, clock):
    admin = people("Bureau", user_id="admin")  # FLEXPOOL_ADMINS=admin in the test settings
    shell.down = {"marieke"}
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == pool["fatima"].id)).one()
    app.service.accept(pool["fatima"], inv.id)  # the owner is asked to confirm: that fails
    app.service.decline(pool["sanne"], 2)  # and told of a decline: that fails too
    deliver_until_given_up(app, clock)

    notices = [s.text() for s in shell.to(admin.user_id)]
    assert len(notices) == 1, notices  # once a day per person, however many messages failed
    assert "We konden Marieke (shell) niet bereiken: een bericht over *Dashboard jeugdzorg*" in notices[0]
    assert not [s for s in shell.to("fatima") if "niet bereiken" in s.text()]
    with transaction(app.engine) as s:
        assert s.get(Invitation, inv.id).status == "accepted"  # the accept stands


def test_a_notice_that_cannot_be_delivered_is_not_reported_again(app, pool, people, shell, clock):
    admin = people("Bureau", user_id="admin")
    shell.down = {"marieke", admin.user_id}
    app.service.post_klus_line(pool["manager"], "onzin")  # answered to Marieke directly: no outbox
    with transaction(app.engine) as s:  # a message from the flexpool, about no klus
        s.add(Outbox(person_id=pool["manager"].id, card=Card(title=None).to_json(),
                     created_at=clock(), next_attempt_at=clock()))
    deliver_until_given_up(app, clock)
    deliver_until_given_up(app, clock)
    with transaction(app.engine) as s:
        rows = s.exec(select(Outbox).order_by(Outbox.id)).all()
    assert [(r.person_id, r.key) for r in rows] == [
        (pool["manager"].id, ""), (admin.id, f"{UNREACHABLE}{pool['manager'].id}")]
    assert all(r.sent_at is not None for r in rows)  # both given up; no third row


def test_an_amendment_that_fails_after_the_message_arrived_is_not_reported(app, pool, shell, clock):
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == pool["fatima"].id)).one()

    def broken(to, ref, card):
        raise ConnectionError("message_not_found")

    shell.amend = broken
    app.service.decline(pool["fatima"], inv.id, "geen tijd")
    deliver_until_given_up(app, clock)
    assert not [s for s in shell.sent if "niet bereiken" in s.text()]


# --- nothing doubled: the same klus twice ----------------------------------------------------------

def test_the_same_klus_twice_is_posted_once(app, pool, clock):
    first = app.service.post_klus_line(pool["manager"], LINE)
    again = app.service.post_klus_line(pool["manager"], LINE)
    assert "Klus geplaatst" in render(first.cards[0].title, "nl")
    assert render(again.cards[0].text[0], "nl") == "Deze klus had je net al geplaatst; er is geen tweede van gemaakt."
    assert [c.action for c in again.cards[0].choices] == ["candidates", "cancel_klus"]
    assert len(snapshot(app)["klussen"]) == 1
    # Through the form (a repeated submission of the same modal) it is the same klus.
    draft, errors = app.service.draft_from_form({
        "title": "Dashboard jeugdzorg", "description": "", "skills": "Power BI, SQL, data-analyse",
        "hours_per_week": "8", "start": "2026-11-30", "end": "2026-12-27", "places": "1",
        "location": "remote", "reach": "organisation"})
    assert not errors
    assert render(app.service.post_klus(pool["manager"], draft).cards[0].text[0], "nl").startswith("Deze klus had")
    # Something else, or the same a while later, is a new klus.
    app.service.post_klus_line(pool["manager"], LINE.replace("1 plek", "2 plekken"))
    clock.advance(minutes=11)
    app.service.post_klus_line(pool["manager"], LINE)
    assert len(snapshot(app)["klussen"]) == 3


def test_the_same_klus_submitted_at_once_is_posted_once(app, pool):
    results = together([lambda: app.service.post_klus_line(pool["manager"], LINE)] * 8)
    posted = [r for r in results if "Klus geplaatst" in render(r.cards[0].title, "nl")
              and "net al geplaatst" not in render(r.cards[0].text[0], "nl")]
    assert len(posted) == 1 and len(snapshot(app)["klussen"]) == 1
    with transaction(app.engine) as s:  # and its invitations went out once
        assert len(s.exec(select(Invitation)).all()) == 3
        assert len(s.exec(select(Outbox)).all()) == 3


# --- against spam: FLEXPOOL_MAX_KLUSSEN_PER_DAY ------------------------------------------------------

def test_a_limit_on_klussen_per_day_with_a_clear_message(app, pool, clock):
    app.service.settings = app.service.settings.with_(max_klussen_per_day=3)
    for n in range(3):
        reply = app.service.post_klus_line(pool["manager"], f"Klus nummer {n}; 8 uur; 4 weken")
        assert "Klus geplaatst" in render(reply.cards[0].title, "nl")
    refused = app.service.post_klus_line(pool["manager"], "Klus nummer 4; 8 uur; 4 weken")
    assert render(refused.cards[0].text[0], "nl") == (
        "Je hebt het afgelopen etmaal al 3 klussen geplaatst; meer dan 3 per dag kan niet. "
        "Probeer het morgen opnieuw, of vraag een beheerder van de flexpool om hulp.")
    assert render(refused.cards[0].text[0], "en").startswith("You have posted 3 klussen in the last 24 hours")
    assert len(snapshot(app)["klussen"]) == 3
    # Someone else is not affected; the next day the manager may post again.
    assert "Klus geplaatst" in render(app.service.post_klus_line(pool["sanne"], "Andere klus; 8 uur; 4 weken")
                                      .cards[0].title, "nl")
    clock.advance(hours=24, seconds=1)
    assert "Klus geplaatst" in render(app.service.post_klus_line(pool["manager"], "Klus nummer 4; 8 uur; 4 weken")
                                      .cards[0].title, "nl")
    # 0: no limit.
    app.service.settings = app.service.settings.with_(max_klussen_per_day=0)
    for n in range(5):
        app.service.post_klus_line(pool["manager"], f"Nog een {n}; 8 uur; 4 weken")
    assert len(snapshot(app)["klussen"]) == 10


def test_the_limit_holds_when_posts_arrive_at_once(app, pool):
    app.service.settings = app.service.settings.with_(max_klussen_per_day=4)
    together([lambda n=n: app.service.post_klus_line(pool["manager"], f"Klus {n}; 8 uur; 4 weken")
              for n in range(12)])
    assert len(snapshot(app)["klussen"]) == 4


def test_the_limit_setting():
    assert Settings().max_klussen_per_day == 10
    assert Settings.from_env({"FLEXPOOL_MAX_KLUSSEN_PER_DAY": "25"}).max_klussen_per_day == 25
    with pytest.raises(SettingsError, match="FLEXPOOL_MAX_KLUSSEN_PER_DAY"):
        Settings.from_env({"FLEXPOOL_MAX_KLUSSEN_PER_DAY": "-1"})
    with pytest.raises(SettingsError, match="FLEXPOOL_MAX_KLUSSEN_PER_DAY"):
        Settings.from_env({"FLEXPOOL_MAX_KLUSSEN_PER_DAY": "veel"})


def together(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results
