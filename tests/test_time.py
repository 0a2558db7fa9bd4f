"""Time with a controllable clock: reminders, expiry and the next candidates, start and
end, feedback, quiet hours, the weekly cap, digests, and restarts that repeat nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from bot import klussen
from bot.app import build
from bot.scheduler import Clock, acquire_lease
from storage.db import transaction
from storage.models import Feedback, Invitation, Klus, Outbox, Person, Profile
from tests.test_service import LINE, invitations, klus




def texts(port, user):
    return [s.text() for s in port.to(user)]


def tick(app):
    done = app.service.tick()
    app.outbox.flush()
    return done


def test_reminder_once_then_expiry_and_next_candidates(app, pool, port, clock):
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    clock.advance(hours=23)
    assert tick(app)["reminded"] == 0
    clock.advance(hours=2)
    assert tick(app)["reminded"] == 3
    assert any("Herinnering: Marieke wacht nog" in t for t in texts(port, "fatima"))
    clock.advance(hours=1)
    assert tick(app)["reminded"] == 0  # once

    app.service.decline(pool["daan"], invitations(app)["Daan"].id)  # Sophie is invited now
    clock.advance(hours=23)  # 49 h after posting
    done = tick(app)
    assert done["expired"] == 2
    statuses = {name: inv.status for name, inv in invitations(app).items()}
    assert statuses == {"Fatima": "expired", "Sanne": "expired", "Daan": "declined", "Sophie": "offered"}
    assert any("verlopen" in s.text() and s.amended and not s.card.choices for s in port.to("fatima"))
    # nobody else fits: the manager hears it, with suggestions
    clock.advance(hours=48)
    tick(app)
    assert invitations(app)["Sophie"].status == "expired"
    assert any("niemand meer om te vragen" in t and "Tips" in t for t in texts(port, "marieke"))


def test_start_end_feedback_and_endorsements(app, pool, port, clock):
    app.service.post_klus_line(pool["manager"], LINE)  # starts Monday 30 Nov, ends 7 Feb
    inv = invitations(app)["Fatima"].id
    app.service.accept(pool["fatima"], inv)
    app.service.confirm(pool["manager"], inv)
    # a second, unfilled klus expires at its start date
    app.service.post_klus_line(pool["manager"], "Niemand-klus; vaardigheden: kantklossen; 2 uur; 2 weken")
    app.outbox.flush()
    port.clear()
    clock.advance(days=7)  # Monday 30 Nov, 09:00
    tick(app)
    assert klus(app, 1).status == "running" and klus(app, 2).status == "expired"
    assert any("begint vandaag, met Fatima" in t for t in texts(port, "marieke"))
    assert any("Vandaag begint" in t for t in texts(port, "fatima"))
    assert any("had op de startdatum nog niemand" in t for t in texts(port, "marieke"))
    port.clear()
    clock.advance(days=63)  # 1 Feb: within a week of the end
    tick(app)
    tick(app)
    assert sum("loopt af op" in t for t in texts(port, "marieke")) == 1
    clock.advance(days=7)  # 8 Feb: the day after the end
    tick(app)
    assert klus(app, 1).status == "done"
    ask = [s for s in port.to("marieke") if "resultaat geleverd" in s.text()][0]
    app.service.press(pool["manager"], *ask.actions[0])  # delivered: yes
    app.outbox.flush()
    skills = [s for s in port.to("marieke") if s.amended and "Welke vaardigheden" in s.text()][-1]
    endorse = [a for a in skills.actions if a[0] == "fb_endorse"]
    assert len(endorse) == 3
    app.service.press(pool["manager"], *endorse[1])  # Power BI
    app.service.press(pool["manager"], *endorse[1])  # twice: stored once
    rating = [s for s in port.to("fatima") if "Hoe was het" in s.text()][0]
    app.service.press(pool["fatima"], *rating.actions[0])
    assert app.service.press(pool["sanne"], *rating.actions[0]).cards[0].text[0].key == "fb.not_yours"
    with transaction(app.engine) as s:
        rows = {(f.giver_id, f.about_id): f for f in s.exec(select(Feedback)).all()}
        profile = s.exec(select(Profile).where(Profile.person_id == pool["fatima"].id)).one()
    assert rows[(pool["manager"].id, pool["fatima"].id)].delivered == "yes"
    assert rows[(pool["manager"].id, pool["fatima"].id)].endorsed == "Power BI"
    assert rows[(pool["fatima"].id, pool["manager"].id)].rating == 3
    assert profile.endorsed == "Power BI"
    # the hours are released: Fatima can be matched for overlapping work again
    app.service.post_klus_line(pool["manager"], "Nog een dashboard; vaardigheden: Power BI; 8 uur; 2 weken")
    assert "Fatima" in invitations(app, klus_id=3)


def test_quiet_hours_hold_new_messages_until_morning(app, pool, port, clock):
    clock.now = datetime(2026, 11, 27, 18, 30, tzinfo=timezone.utc)  # Friday 19:30 in Amsterdam
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    assert port.sent == []
    with transaction(app.engine) as s:
        waits = {r.next_attempt_at for r in s.exec(select(Outbox)).all()}
    assert waits == {datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)}  # Monday 08:00 local
    clock.now = datetime(2026, 11, 30, 6, 59, tzinfo=timezone.utc)
    app.outbox.flush()
    assert port.sent == []
    clock.now = datetime(2026, 11, 30, 7, 1, tzinfo=timezone.utc)
    app.outbox.flush()
    assert {s.to for s in port.sent} == {"fatima", "sanne", "daan"}


def test_a_button_outcome_is_not_held_by_quiet_hours(app, pool, port, clock):
    app.service.post_klus_line(pool["manager"], LINE)
    app.outbox.flush()
    clock.now = datetime(2026, 11, 23, 21, 0, tzinfo=timezone.utc)  # 22:00: Fatima answers late
    app.service.accept(pool["fatima"], invitations(app)["Fatima"].id)
    app.outbox.flush()
    assert port.to("fatima")[-1].amended  # her own message updates at once
    assert not any("wil Data-analist" in t for t in texts(port, "marieke"))  # the manager's ping waits


def test_weekly_cap_on_invitations(app, people, port, clock):
    boss = people("Baas")
    busy = people("Gewild", skills="Excel", hours_per_week=40)
    for i in range(4):
        app.service.post_klus_line(boss, f"Excel-klus {i}; vaardigheden: Excel; 2 uur; 2 weken")
    assert [klus_id for klus_id in range(1, 5) if "Gewild" in invitations(app, klus_id)] == [1, 2, 3]
    clock.advance(days=8)
    app.service.post_klus_line(boss, "Excel-klus 5; vaardigheden: Excel; 2 uur; 2 weken")
    assert "Gewild" in invitations(app, 5)
    assert busy


def test_restart_in_the_middle_repeats_nothing(app, pool, port, clock, settings):
    app.service.post_klus_line(pool["manager"], LINE)
    clock.advance(hours=25)
    tick(app)
    # a new process (same database), as after a restart
    again = build(settings, clock=clock, upgrade=False)
    again.outbox.ports["shell"] = port
    again.service.tick()
    again.outbox.flush()
    with transaction(app.engine) as s:
        reminders = [r for r in s.exec(select(Outbox)).all() if "time.reminder" in str(r.card)]
    assert len(reminders) == 3 and sum("Herinnering" in t for t in texts(port, "fatima")) == 1
    again.engine.dispose()


def test_only_one_scheduler_ticks(app, clock):
    now = clock()
    assert acquire_lease(app.engine, "test-lease", "a", now, timedelta(seconds=90))
    assert not acquire_lease(app.engine, "test-lease", "b", now, timedelta(seconds=90))
    assert acquire_lease(app.engine, "test-lease", "a", now, timedelta(seconds=90))  # renew
    assert acquire_lease(app.engine, "test-lease", "b", now + timedelta(seconds=91), timedelta(seconds=90))
    first, second = Clock(app, holder="one"), Clock(app, holder="two")
    assert first.run_once() is not None and second.run_once() is None


def test_weekly_digest_opt_in(app, pool, port, clock, people):
    from bot.commands import command

    reader = people("Lezer", skills="Power BI", hours_per_week=8, visible="nee")
    command(app.service, reader, "flexpool", "digest aan")
    app.service.post_klus_line(pool["manager"], "Dashboard; vaardigheden: Power BI; 8 uur; start: 1-2-2027; 4 weken")
    assert tick(app)["digests"] == 1
    assert tick(app)["digests"] == 0
    digest = [s for s in port.to("lezer") if "weekoverzicht" in s.text()][0]
    assert digest.actions[0][0] == "offer"
    clock.advance(days=7, minutes=1)
    assert tick(app)["digests"] == 1
    command(app.service, reader, "flexpool", "digest uit")
    clock.advance(days=8)
    assert tick(app)["digests"] == 0


def test_hours_settings_accept_decimals(app, pool, port, clock):
    app.service.settings = app.service.settings.with_(reminder_hours=0.001, response_hours=0.002)
    app.service.post_klus_line(pool["manager"], LINE)
    clock.advance(seconds=5)
    assert tick(app)["reminded"] == 3
    clock.advance(seconds=5)
    assert tick(app)["expired"] == 3


def test_quiet_hours_follow_the_persons_own_time_zone(app, people, port, clock):
    manager = people("Marieke")
    far = app.service.person("shell", "demo", "kim", "Kim", tz="America/New_York")
    app.service.update_profile(far, {"name": "Kim", "skills": "Power BI", "hours_per_week": "8", "visible": "ja"})
    assert app.service.person("shell", "demo", "kim", tz="Not/AZone") == far  # a bad zone is ignored
    app.service.post_klus_line(manager, "Dashboard; vaardigheden: Power BI; 8 uur; 4 weken")  # 09:00 here = 03:00 there
    app.outbox.flush()
    assert port.to("kim") == []
    with transaction(app.engine) as s:
        wait = s.exec(select(Outbox).where(Outbox.person_id == far.id)).one().next_attempt_at
    assert wait == datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)  # 08:00 in New York


@pytest.mark.parametrize("today, start", [("2026-11-23", "2026-11-30"), ("2026-11-26", "2026-11-30"),
                                          ("2026-11-27", "2026-11-30"), ("2026-11-28", "2026-12-07"), ("2026-11-29", "2026-12-07")])
def test_a_klus_without_a_start_date_starts_a_monday_with_time_to_answer(app, clock, today, start):
    """Next Monday, unless that is less than three days away (at the weekend)."""
    clock.now = datetime.fromisoformat(today).replace(hour=10, tzinfo=timezone.utc)
    assert klussen.default_start(app.service).isoformat() == start


def test_the_tick_refreshes_the_query_planners_statistics(app, pool, clock, people, monkeypatch):
    """SQLite plans the booked-hours join from the invitations a person has once it knows
    the table sizes (without statistics it walked every active klus); every pooled
    connection sees the new statistics. PostgreSQL: the tick runs, autovacuum analyses."""
    from bot import scheduler
    from storage.db import is_sqlite
    from storage.queries import booked_hours

    app.service.settings = app.service.settings.with_(max_invites_per_week=1000, max_klussen_per_day=0)
    for n in range(30):
        app.service.post_klus_line(pool["manager"], f"Klus {n}; vaardigheden: Power BI; 4 uur; 4 weken")
    clock_ = Clock(app, holder="stats")
    assert clock_.run_once() is not None
    with transaction(app.engine) as s:
        assert booked_hours(s, [p.id for p in pool.values()], clock().date(), clock().date() + timedelta(days=30)) == {}
    if not is_sqlite(app.engine):
        return
    with app.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'invitation'").scalar() > 0
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT invitation.person_id, sum(klus.hours_per_week) FROM invitation "
            "JOIN klus ON klus.id = invitation.klus_id WHERE invitation.person_id IN (1, 2, 3) "
            "AND invitation.status = 'confirmed' AND klus.status IN ('open', 'filled', 'running') "
            "GROUP BY invitation.person_id"))
    assert "ix_invitation_person_status" in plan, plan
    analysed = []
    monkeypatch.setattr(scheduler, "refresh_statistics", analysed.append)
    monkeypatch.setattr(scheduler, "STATISTICS_ROWS", 0)
    assert clock_.run_once() is not None and analysed == []  # not again until 10 minutes have passed …
    for n in range(30, 60):
        app.service.post_klus_line(pool["manager"], f"Klus {n}; vaardigheden: Power BI; 4 uur; 4 weken")
    assert clock_.run_once() is not None and analysed == [app.engine]  # … or the invitations grew by a quarter
