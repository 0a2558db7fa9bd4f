"""Fair spread of invitations: bands of fit, less asked first, declines in a row lower the
order but never to nothing, the weekly cap — unit tests of bot.fairness and through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from bot import fairness
from bot.fairness import History, decline_factor, order, summarise
from storage.db import transaction
from storage.models import Invitation, Person

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


@dataclass
class M:
    id: int
    score: float


def ids(items) -> list[int]:
    return [m.id for m in items]


# --- the pure ordering ---------------------------------------------------------------------

def test_a_better_band_always_comes_first_whatever_the_history():
    people = [M(1, 0.95), M(2, 0.72)]
    history = {1: History(recent=9, last_invited=NOW)}
    assert ids(order(people, history)) == [1, 2]


def test_within_a_band_the_less_asked_first_then_the_longest_ago_then_the_never_asked_first():
    people = [M(1, 0.85), M(2, 0.83), M(3, 0.81), M(4, 0.80)]
    history = {1: History(recent=2, last_invited=NOW - timedelta(days=1)),
               2: History(recent=1, last_invited=NOW - timedelta(days=2)),
               3: History(recent=1, last_invited=NOW - timedelta(days=9))}
    assert ids(order(people, history)) == [4, 3, 2, 1]


def test_without_history_the_order_is_by_score_then_id():
    people = [M(5, 0.5), M(2, 0.9), M(9, 0.9), M(1, 0.55)]
    assert ids(order(people, {})) == [2, 9, 1, 5]


def test_declines_in_a_row_lower_the_order_but_never_to_nothing():
    assert decline_factor(0) == decline_factor(1) == 1.0  # one decline is just a busy week
    assert decline_factor(2) == fairness.DECLINE_DECAY and decline_factor(3) < decline_factor(2)
    assert decline_factor(50) == fairness.DECLINE_FLOOR > 0
    people = [M(1, 0.9), M(2, 0.85), M(3, 0.5)]
    history = {1: History(declines_in_a_row=4)}  # 0.9 × 0.61 = 0.55: below 0.85, still above 0.5
    assert ids(order(people, history)) == [2, 1, 3]
    history = {1: History(declines_in_a_row=9)}  # at the floor: 0.9 × 0.4 = 0.36
    assert ids(order(people, history)) == [2, 3, 1]
    assert ids(order([M(1, 0.9)], history)) == [1]  # still asked when there is nobody else


def test_summarise_counts_the_row_of_declines_from_the_latest_back_to_an_accept():
    day = timedelta(days=1)
    rows = [("declined", NOW - 1 * day), ("expired", NOW - 3 * day), ("withdrawn", NOW - 4 * day),
            ("declined", NOW - 5 * day), ("confirmed", NOW - 40 * day), ("declined", NOW - 50 * day)]
    h = summarise(rows, NOW)
    assert h.declines_in_a_row == 3  # withdrawn says nothing; the confirm ends the row
    assert h.recent == 4 and h.last_invited == NOW - day
    assert summarise([("rejected", NOW), ("declined", NOW - day)], NOW).declines_in_a_row == 0
    assert summarise([], NOW) == History()


# --- through the service -------------------------------------------------------------------

LINE = "Dashboard Wmo; vaardigheden: Power BI, SQL; 4 uur per week; 4 weken; 1 plek"


@pytest.fixture
def pool(app, people):
    made = {"manager": people("Mia Manager", skills="leidinggeven", hours_per_week=0)}
    for name in ("Anna", "Bram", "Cas", "Dirk", "Eva"):
        made[name] = people(name, skills="Power BI, SQL", hours_per_week=16)
    return made


def _invited(app, klus_id: int) -> list[str]:
    with transaction(app.engine) as s:
        rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
                      .where(Invitation.klus_id == klus_id).order_by(Invitation.id)).all()
        return [p.name for _, p in rows]


def _post(app, owner) -> int:
    app.service.post_klus_line(owner, LINE)
    with transaction(app.engine) as s:
        from storage.models import Klus

        return max(k.id for k in s.exec(select(Klus)).all())


def test_invitations_rotate_over_equally_fitting_people(app, pool, clock):
    """Five people fit equally; three are asked per klus. The next klus asks the two not
    asked yet first, and over a few klussen everyone is asked about as often."""
    first = _invited(app, _post(app, pool["manager"]))
    assert first == ["Anna", "Bram", "Cas"]  # no history: by id
    clock.advance(days=1)
    second = _invited(app, _post(app, pool["manager"]))
    assert second[:2] == ["Dirk", "Eva"]
    counts: dict[str, int] = {}
    for _ in range(4):
        clock.advance(days=2)
        for name in _invited(app, _post(app, pool["manager"])):
            counts[name] = counts.get(name, 0) + 1
    assert max(counts.values()) - min(counts.values()) <= 1


def test_someone_who_declined_in_a_row_is_asked_later_not_never(app, pool, clock):
    anna, manager = pool["Anna"], pool["manager"]
    for _ in range(3):
        klus_id = _post(app, manager)
        if "Anna" not in _invited(app, klus_id):
            app.service.invite(manager, klus_id, anna.id)
        with transaction(app.engine) as s:
            inv = s.exec(select(Invitation).where(Invitation.klus_id == klus_id,
                                                  Invitation.person_id == anna.id)).one()
        app.service.decline(anna, inv.id, "geen tijd")
        clock.advance(days=8)  # past the weekly cap
    clock.advance(days=30)  # past the 30-day count, not past the declines in a row
    assert "Anna" not in _invited(app, _post(app, manager))  # four others fit as well: they go first
    for name in ("Bram", "Cas", "Dirk", "Eva"):  # with only Anna left to ask, she is asked
        app.service.set_visible(pool[name], False)
    clock.advance(minutes=15)  # the same klus at the same moment would be a duplicate (bot.guard)
    assert _invited(app, _post(app, manager)) == ["Anna"]


def test_the_weekly_cap_holds(app, pool, clock, settings):
    asked: dict[str, int] = {}
    for _ in range(6):
        for name in _invited(app, _post(app, pool["manager"])):
            asked[name] = asked.get(name, 0) + 1
        clock.advance(hours=1)
    assert max(asked.values()) <= settings.max_invites_per_week
