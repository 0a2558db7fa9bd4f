"""Matching rounds: the exact assignment (small rounds with a known optimum), and the whole
round through the service — open, choose with buttons, close from the scheduler, invite."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import commands, rounds
from bot.i18n import render
from bot.rounds import Assignment, assign, greedy, total_weight
from storage.db import transaction
from storage.models import Invitation, MatchRound, Outbox, Person, RoundParticipant


# --- the assignment ------------------------------------------------------------------------

def test_the_optimum_where_best_pair_first_goes_wrong():
    weights = {(1, 10): 0.9, (1, 20): 0.8, (2, 10): 0.85, (2, 20): 0.1}
    best = assign(weights, {10: 1, 20: 1})
    assert best == [Assignment(2, 10, 0.85), Assignment(1, 20, 0.8)]
    assert total_weight(best) == pytest.approx(1.65)
    assert total_weight(greedy(weights, {10: 1, 20: 1})) == pytest.approx(1.0)  # 0.9 + 0.1


def test_places_one_klus_per_person_and_only_allowed_pairs():
    weights = {(1, 10): 0.5, (2, 10): 0.6, (3, 10): 0.7, (3, 20): 0.9, (4, 30): 0.0}
    found = assign(weights, {10: 2, 20: 1, 30: 1})
    assert {(a.person, a.klus) for a in found} == {(1, 10), (2, 10), (3, 20)}
    assert all((a.person, a.klus) in weights and weights[a.person, a.klus] > 0 for a in found)
    assert assign(weights, {10: 0, 20: 0, 30: 0}) == [] and assign({}, {10: 3}) == []
    assert {(a.person, a.klus) for a in assign(weights, {10: 1})} == {(3, 10)}


def _brute_force(weights, places):
    people = sorted({p for p, _ in weights})
    options = {p: [None] + [k for (q, k) in weights if q == p] for p in people}
    best = 0.0
    for choice in itertools.product(*(options[p] for p in people)):
        used: dict[int, int] = {}
        total = 0.0
        for p, k in zip(people, choice):
            if k is None:
                continue
            used[k] = used.get(k, 0) + 1
            total += weights[p, k]
        if all(used[k] <= places.get(k, 0) for k in used):
            best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_small_random_rounds_match_a_brute_force_optimum_and_beat_greedy(seed):
    rng = random.Random(seed)
    people, klussen = range(1, rng.randint(2, 6)), range(10, 10 + rng.randint(1, 3))
    weights = {(p, k): round(rng.random(), 3) for p in people for k in klussen if rng.random() < 0.7}
    places = {k: rng.randint(1, 2) for k in klussen}
    found = assign(weights, places)
    assert total_weight(found) == pytest.approx(_brute_force(weights, places))
    assert total_weight(found) >= total_weight(greedy(weights, places)) - 1e-9
    assert len({a.person for a in found}) == len(found)
    assert all(sum(1 for a in found if a.klus == k) <= places[k] for k in places)


# --- a round through the service ------------------------------------------------------------

DATA = "vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; 1 plek"


@pytest.fixture
def round_world(app, people, clock):
    """Two managers post two klussen while nobody is visible (so nobody is invited yet);
    then five colleagues make their profile visible."""
    admin = people("Admin", user_id="admin")
    mia = people("Mia Manager", skills="leidinggeven", hours_per_week=0, department="Sociaal Domein")
    app.service.post_klus_line(mia, "Dashboard Wmo; afdeling: Sociaal Domein; " + DATA)
    app.service.post_klus_line(mia, "Privacytoets app; vaardigheden: AVG, privacy; 8 uur per week; 4 weken; 2 plekken")
    made = {"admin": admin, "mia": mia}
    for name, skills, department, hours in (
            ("Anna", "Power BI, SQL, AVG", "Financiën", 16),
            ("Bram", "Power BI, SQL", "Sociaal Domein", 16),
            ("Cas", "AVG, privacy", "Sociaal Domein", 16),
            ("Dirk", "Power BI, SQL, AVG, privacy", "ICT", 16),
            ("Eva", "Power BI", "ICT", 4),  # too few hours for any klus: not asked
            ("Fleur", "AVG", "ICT", 16)):
        made[name] = people(name, skills=skills, department=department, hours_per_week=hours, visible="nee")
        app.service.set_visible(made[name], True)
    with transaction(app.engine) as s:
        assert not s.exec(select(Invitation)).all()
    return made


def _klus_id(app, title: str) -> int:
    from storage.models import Klus

    with transaction(app.engine) as s:
        return s.exec(select(Klus).where(Klus.title == title)).one().id


def _choices(app, person) -> list:
    with transaction(app.engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.person_id == person.id, Outbox.key.like("round:%"))).all()
    return [c for row in rows for c in row.card["choices"]]


def _invited(app) -> dict[str, str]:
    from storage.models import Klus

    with transaction(app.engine) as s:
        rows = s.exec(select(Invitation, Person, Klus).join(Person, Person.id == Invitation.person_id)
                      .join(Klus, Klus.id == Invitation.klus_id)).all()
        return {p.name: k.title for _, p, k in rows}


def _text(reply) -> str:
    return "\n".join(render(t, "nl") for card in reply.cards for t in card.text)


def test_only_admins_open_a_round(app, round_world):
    reply = commands.command(app.service, round_world["Anna"], "flexpool", "ronde")
    assert "alleen beheerders" in _text(reply)
    assert "niet" in _text(commands.command(app.service, round_world["admin"], "flexpool", "ronde gisteren")).lower()


def test_a_round_from_opening_to_invitations(app, round_world, clock):
    w = round_world
    reply = commands.command(app.service, w["admin"], "flexpool", "ronde 2 dagen")
    assert "Matchingsronde 1 is open" in _text(reply) and "2 klussen" in _text(reply)
    wmo, privacy = _klus_id(app, "Dashboard Wmo"), _klus_id(app, "Privacytoets app")
    anna = _choices(app, w["Anna"])
    assert {c["action"] for c in anna} == {"round_interest", "round_surprise", "round_department", "round_pass"}
    assert {c["value"] for c in anna if c["action"] == "round_interest"} == {f"1:{wmo}", f"1:{privacy}"}
    assert not _choices(app, w["mia"]) and not _choices(app, w["Eva"])  # the owner; too few hours

    service = app.service
    service.press(w["Anna"], "round_interest", f"1:{privacy}")
    service.press(w["Anna"], "round_interest", f"1:{wmo}")
    assert "ingetrokken" in _text(service.press(w["Anna"], "round_interest", f"1:{wmo}"))  # a second press: undo
    service.press(w["Bram"], "round_department", "1")
    service.press(w["Cas"], "round_surprise", "1")
    service.press(w["Dirk"], "round_pass", "1")
    service.press(w["Fleur"], "round_surprise", "1")
    assert "niet gevraagd" in _text(service.press(w["Eva"], "round_surprise", "1"))
    status = commands.command(app.service, w["admin"], "flexpool", "ronde")
    assert "5 van de 5" in _text(status) and [c.action for c in status.cards[0].choices] == ["round_close",
                                                                                            "round_cancel"]

    assert app.service.tick()["rounds_closed"] == 0  # not yet
    clock.advance(days=2, minutes=1)
    assert app.service.tick()["rounds_closed"] == 1
    assert app.service.tick()["rounds_closed"] == 0  # once
    invited = _invited(app)
    # Anna only ticked the privacy klus (+0.2 for choosing it: 0.7); Bram wanted his own
    # department's Wmo dashboard; Cas is surprised with what fits (privacy, 1.0); Fleur
    # fits the privacy klus less (0.5) and its two places went to Anna and Cas; Dirk passed.
    assert invited == {"Anna": "Privacytoets app", "Bram": "Dashboard Wmo", "Cas": "Privacytoets app"}
    with transaction(app.engine) as s:
        rnd = s.get(MatchRound, 1)
        assert rnd.status == "closed" and rnd.result["assigned"] == 3 and rnd.result["places"] == 3
        invitations = s.exec(select(Invitation)).all()
        assert all(i.status == "offered" and i.reasons["round"] == 1 for i in invitations)
        given = {p.person_id: p.invitation_id for p in s.exec(select(RoundParticipant))}
        assert given[w["Anna"].id] is not None and given[w["Dirk"].id] is None
        told = s.exec(select(Outbox).where(Outbox.person_id == w["Fleur"].id,
                                           Outbox.key.like("round:1:none:%"))).all()
        assert len(told) == 1  # she chose, and got nothing this time: she is told
        assert not s.exec(select(Outbox).where(Outbox.person_id == w["Dirk"].id,
                                               Outbox.key.like("round:1:none:%"))).all()
    # the invitations are ordinary ones: accept works as always
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == w["Anna"].id)).one()
    app.service.accept(w["Anna"], inv.id)
    with transaction(app.engine) as s:
        assert s.get(Invitation, inv.id).status == "accepted"
    assert "al gesloten" in _text(app.service.press(w["Cas"], "round_surprise", "1"))


def test_nobody_is_placed_on_a_klus_they_did_not_opt_into(app, round_world, clock):
    w = round_world
    commands.command(app.service, w["admin"], "flexpool", "ronde 1 dag")
    wmo = _klus_id(app, "Dashboard Wmo")
    app.service.press(w["Dirk"], "round_interest", f"1:{wmo}")  # Dirk fits both, ticked one
    clock.advance(days=1, minutes=1)
    app.service.tick()
    assert _invited(app) == {"Dirk": "Dashboard Wmo"}  # the others did not answer: nothing for them


def test_close_now_and_cancel(app, round_world):
    w = round_world
    commands.command(app.service, w["admin"], "flexpool", "ronde")
    app.service.press(w["Cas"], "round_surprise", "1")
    assert "alleen beheerders" in _text(app.service.press(w["Cas"], "round_close", "1"))
    reply = app.service.press(w["admin"], "round_close", "1")
    assert "is verdeeld: 1 van de 3" in _text(reply)
    assert "al gesloten" in _text(app.service.press(w["admin"], "round_close", "1"))
    assert _invited(app) == {"Cas": "Privacytoets app"}
    commands.command(app.service, w["admin"], "flexpool", "ronde 3 dagen")  # a new round (2)
    assert "geannuleerd" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde annuleer"))
    assert rounds.close(app.service, 2) is None
    assert "Er loopt nu geen" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde sluit"))


def test_stale_and_foreign_buttons(app, round_world, people):
    w = round_world
    commands.command(app.service, w["admin"], "flexpool", "ronde")
    stranger = people("Zoë")  # no profile: not asked
    assert "niet gevraagd" in _text(app.service.press(stranger, "round_surprise", "1"))
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_interest", "1:99999"))
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_interest", "x"))
    assert "al gesloten" in _text(app.service.press(w["Anna"], "round_surprise", "42"))
    for odd in ("", None, "1:", ":", "99999999999999999999", "1:99999999999999999999", "-1", "1:-3", "١", "1:x:y"):
        reply = app.service.press(w["Anna"], "round_interest", odd)
        assert _text(reply)  # an answer, never an exception
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_nonsense", "1"))


def test_dates_and_departments_are_respected(app, round_world, clock):
    w = round_world
    app.service.update_profile(w["Cas"], {"available_until": "2026-11-30"})  # gone before the klussen end
    app.service.update_profile(w["Dirk"], {"department": ""})
    commands.command(app.service, w["admin"], "flexpool", "ronde 1 dag")
    assert not _choices(app, w["Cas"])  # could take none: not asked
    app.service.press(w["Dirk"], "round_department", "1")  # no department: no klus is 'his own'
    app.service.press(w["Anna"], "round_department", "1")  # Financiën: no klus of hers either
    clock.advance(days=1, minutes=1)
    app.service.tick()
    assert _invited(app) == {}
