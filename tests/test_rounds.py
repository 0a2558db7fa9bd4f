"""Matching rounds: the exact assignment (small rounds with a known optimum, and a property
test over random pools and choices), and the whole round through the service — preview,
open, choose with buttons, close from the scheduler, one message each, the office's result."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlmodel import col, select

from bot import commands, rounds
from bot.i18n import render
from bot.shareout import (
    Assignment, Option, Pair, assign, explain, greedy, person_options, share_out, total_weight, weights_of,
)
from storage.db import transaction
from storage.models import (
    AuditLog, Invitation, Klus, MatchRound, Outbox, Person, Profile, RoundInterest, RoundKlus, RoundParticipant,
)


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


# --- the share-out: choices first, then fit, then fairness ---------------------------------

def test_a_specific_choice_goes_before_surprise_before_own_department_then_fit():
    options = [Option(1, 10, "surprise", 100), Option(2, 10, "chosen", 40), Option(3, 10, "own_department", 100)]
    assert [(a.person, a.klus) for a in share_out(options, {10: 1})] == [(2, 10)]
    assert [(a.person, a.klus) for a in share_out(options[::2], {10: 1})] == [(1, 10)]
    equal = [Option(1, 10, "chosen", 80, 0.1), Option(2, 10, "chosen", 80, 0.4), Option(3, 10, "chosen", 79, 0.49)]
    assert [a.person for a in share_out(equal, {10: 1})] == [2]  # equal fit: the less asked


def test_the_office_hears_why_a_higher_fit_chooser_was_passed_over():
    # 1 fits klus 10 best but 2 only fits klus 10: the optimum puts 1 on klus 20.
    options = [Option(1, 10, "chosen", 90), Option(1, 20, "chosen", 80), Option(2, 10, "chosen", 85),
               Option(3, 20, "surprise", 95), Option(4, 20, "chosen", 10)]
    placed = share_out(options, {10: 1, 20: 1, 30: 1})
    assert {(a.person, a.klus) for a in placed} == {(2, 10), (1, 20)}
    why = explain(options, placed, {10: 1, 20: 1, 30: 1})
    k10, k20, k30 = why["klussen"]
    assert k10["passed_over"] == [{"person": 1, "fit": 90, "kind": "chosen", "why": "elsewhere", "other": 20}]
    assert k20["passed_over"] == [{"person": 3, "fit": 95, "kind": "surprise", "why": "kind"}]
    assert k30["open"] == 1 and k30["open_why"] == "nobody"
    assert {n["person"]: n["why"] for n in why["nothing"]} == {3: "kind", 4: "fit"}


KINDS = ("", "surprise", "own_department", "pass")


@st.composite
def pools(draw):
    """A random round: klussen (hours, places), people (free hours, an answer, ticks,
    held invitations) and, per pair, a score, whether it fits, own department, may."""
    klussen = {k: (draw(st.sampled_from([4, 8, 12, 16])), draw(st.integers(1, 3)))
               for k in range(100, 100 + draw(st.integers(1, 6)))}
    people = {}
    for p in range(1, draw(st.integers(1, 14)) + 1):
        pairs = [Pair(k, hours, draw(st.sampled_from([0, 4, 8, 12, 16, 24])),
                      draw(st.floats(0, 1.2, allow_nan=False)), draw(st.booleans()), draw(st.booleans()),
                      draw(st.booleans()))
                 for k, (hours, _) in klussen.items()]
        ticked = set(draw(st.lists(st.sampled_from(sorted(klussen)), max_size=3)))
        held = set(draw(st.lists(st.sampled_from(sorted(klussen)), max_size=1)))
        people[p] = (draw(st.sampled_from(KINDS)), ticked, held, pairs, draw(st.floats(0, 0.49)))
    return klussen, people


def _opted(mode, ticked, held, pair) -> bool:
    return (pair.klus in held or (mode != "pass" and pair.klus in ticked) or (mode == "surprise" and pair.fits)
            or (mode == "own_department" and pair.own_department and pair.fits))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_property_nobody_against_their_choice_places_and_hours_kept_and_at_least_greedy(pool):
    klussen, people = pool
    options = []
    for p, (mode, ticked, held, pairs, fair) in people.items():
        options += person_options(p, mode, ticked, held, pairs, fair)[0]
    places = {k: n for k, (_, n) in klussen.items()}
    placed = share_out(options, places)
    for a in placed:
        mode, ticked, held, pairs, _ = people[a.person]
        pair = next(x for x in pairs if x.klus == a.klus)
        assert _opted(mode, ticked, held, pair), "placed on a klus they did not opt into"
        assert pair.may and pair.free >= pair.hours, "placed without the hours (or out of reach)"
    assert len({a.person for a in placed}) == len(placed)
    assert all(sum(1 for a in placed if a.klus == k) <= n for k, n in places.items())
    weights = weights_of(options)
    assert total_weight(placed) >= total_weight(greedy(weights, places)) - 1e-6
    # the fit itself, where everyone made the same kind of choice: at least greedy's by fit
    same = [o for o in options if o.kind == "chosen"]
    by_fit = {(o.person, o.klus): float(o.fit) + 1.0 for o in same}  # +1: a 0 % pair still counts
    assert total_weight(assign(by_fit, places)) >= total_weight(greedy(by_fit, places)) - 1e-6
    # every higher-fit chooser passed over for a lower-fit one has a reason
    why = explain(options, placed, places)
    for entry in why["klussen"]:
        taken = [p["fit"] for p in entry["placed"]]
        for p in entry["passed_over"]:
            assert taken and p["fit"] > min(taken) and p["why"] in ("elsewhere", "kind", "fit", "fairness", "split")
            assert p["why"] != "split", "the exact split never passes a same-kind, higher-fit chooser over for nothing"


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
    with transaction(app.engine) as s:
        return s.exec(select(Klus).where(Klus.title == title)).one().id


def _choices(app, person) -> list:
    with transaction(app.engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.person_id == person.id, Outbox.key.like("round:%"))).all()
    return [c for row in rows for c in row.card["choices"]]


def _invited(app) -> dict[str, str]:
    with transaction(app.engine) as s:
        rows = s.exec(select(Invitation, Person, Klus).join(Person, Person.id == Invitation.person_id)
                      .join(Klus, Klus.id == Invitation.klus_id)
                      .where(Invitation.status.in_(("offered", "accepted", "confirmed")))).all()
        return {p.name: k.title for _, p, k in rows}


def _text(reply) -> str:
    return "\n".join(render(t, "nl") for card in reply.cards for t in card.text)


def _all(reply) -> str:
    """Everything a reply shows, buttons included."""
    return "\n".join([_text(reply)] + [render(c.label, "nl") for card in reply.cards for c in card.choices])


def _open(app, admin, words: str = "") -> object:
    """`/flexpool ronde nieuw <words>`, then the preview's "open" button."""
    preview = commands.command(app.service, admin, "flexpool", f"ronde nieuw {words}".strip())
    button = next(c for card in preview.cards for c in card.choices if c.action == "round_open")
    return app.service.press(admin, button.action, button.value)


def _messages(app, person, like: str = "%") -> list[dict]:
    with transaction(app.engine) as s:
        return [row.card for row in s.exec(select(Outbox).where(Outbox.person_id == person.id, Outbox.amends == "",
                                                                Outbox.key.like(like)).order_by(Outbox.id))]


def _card_text(card: dict) -> str:
    from bot.port import Card

    parsed = Card.from_json(card)
    return "\n".join(render(t, "nl") for t in parsed.text)


def test_only_admins_open_a_round(app, round_world):
    reply = commands.command(app.service, round_world["Anna"], "flexpool", "ronde")
    assert "alleen beheerders" in _text(reply)
    assert "alleen beheerders" in _text(app.service.press(round_world["Anna"], "round_open", "1"))
    assert "niet" in _text(commands.command(app.service, round_world["admin"], "flexpool", "ronde gisteren")).lower()


def test_nothing_goes_out_before_the_admin_confirms_the_preview(app, round_world):
    w = round_world
    preview = commands.command(app.service, w["admin"], "flexpool", "ronde nieuw 2 dagen")
    text = _all(preview)
    assert "5 collega's" in text and "Dashboard Wmo — 1 vrije plek(ken), 3 kandidaten" in text
    assert "Privacytoets app — 2 vrije plek(ken), 4 kandidaten" in text and "Open de ronde (5 berichten)" in text
    assert not _choices(app, w["Anna"])  # nothing sent yet
    with transaction(app.engine) as s:
        assert not s.exec(select(RoundParticipant)).all()
    drop = next(c for c in preview.cards[0].choices if c.action == "round_drop")
    assert "niets verstuurd" in _text(app.service.press(w["admin"], drop.action, drop.value))
    assert "geldt niet meer" in _text(app.service.press(w["admin"], "round_open", drop.value))
    assert not _choices(app, w["Anna"])
    opened = _open(app, w["admin"], "2 dagen")
    assert "is open tot" in _text(opened) and "5 collega's" in _text(opened)
    button = next(c for c in commands.command(app.service, w["admin"], "flexpool", "ronde").cards[0].choices)
    assert button.action == "round_close"
    assert "al geopend" in _text(app.service.press(w["admin"], "round_open", "2"))  # a double click
    with transaction(app.engine) as s:
        assert [r.action for r in s.exec(select(AuditLog))] == ["round_open"]


def test_a_deadline_beyond_two_weeks_is_asked_again(app, round_world, clock):
    w = round_world
    preview = commands.command(app.service, w["admin"], "flexpool", "ronde nieuw 1 januari 2030")
    assert "meer dan 14" in _text(preview)
    first = next(c for c in preview.cards[0].choices if c.action == "round_open")
    again = app.service.press(w["admin"], first.action, first.value)
    assert "Weet je het zeker" in _text(again) and not _choices(app, w["Anna"])
    sure = next(c for c in again.cards[0].choices if c.action == "round_open_far")
    assert "is open tot 1 jan 2030" in _text(app.service.press(w["admin"], sure.action, sure.value))
    assert _choices(app, w["Anna"])


def test_a_round_from_opening_to_invitations(app, round_world, clock):
    w = round_world
    reply = _open(app, w["admin"], "2 dagen")
    assert "Matchingsronde" in _text(reply) and "2 klussen" in _text(reply)
    wmo, privacy = _klus_id(app, "Dashboard Wmo"), _klus_id(app, "Privacytoets app")
    anna = _choices(app, w["Anna"])
    assert {c["action"] for c in anna} == {"round_interest", "round_surprise", "round_department", "round_pass"}
    assert {c["value"] for c in anna if c["action"] == "round_interest"} == {f"1:{wmo}", f"1:{privacy}"}
    assert not _choices(app, w["mia"]) and not _choices(app, w["Eva"])  # the owner; too few hours
    fleur = _card_text(_messages(app, w["Fleur"], "round:%")[0])
    assert "Privacytoets app" in fleur and "Dashboard Wmo" not in fleur  # only what fits her
    assert "(past 50%)" in fleur

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
    # Anna chose the privacy klus herself (50 %): before "verras me"; Cas is surprised with
    # what fits (privacy, 100 %) and takes its second place; Fleur (verras me, 50 %) does not;
    # Bram wanted his own department's Wmo dashboard; Dirk passed.
    assert _invited(app) == {"Anna": "Privacytoets app", "Bram": "Dashboard Wmo", "Cas": "Privacytoets app"}
    with transaction(app.engine) as s:
        rnd = s.get(MatchRound, 1)
        assert rnd.status == "closed" and rnd.result["assigned"] == 3 and rnd.result["places"] == 3
        invitations = s.exec(select(Invitation)).all()
        assert all(i.status == "offered" and i.reasons["round"] == 1 for i in invitations)
        given = {p.person_id: p.invitation_id for p in s.exec(select(RoundParticipant))}
        assert given[w["Anna"].id] is not None and given[w["Dirk"].id] is None
        assert not s.exec(select(Outbox).where(Outbox.person_id == w["Dirk"].id,
                                               Outbox.key.like("round:1:you:%"))).all()
    told = _messages(app, w["Fleur"], "round:1:you:%")
    assert len(told) == 1 and "zelf kozen" in _card_text(told[0])  # she chose, got nothing, and why
    result = commands.command(app.service, w["admin"], "flexpool", "ronde")  # after the round: its result
    text = _text(result)
    assert "3 van de 3 vrije plekken" in text and "Anna 50% (koos deze klus)" in text
    assert "Geen klus: Fleur — wilde Privacytoets app (50%, verras me): wie de plek kreeg, koos deze klus zelf" in text
    assert "ronde nieuw" in render(result.cards[0].note, "nl")
    owner = [_card_text(c) for c in _messages(app, w["mia"], "round:1:owner:%")]
    assert sorted(owner) == ["De matchingsronde gaf de plek(ken) bij *Dashboard Wmo* aan: Bram. Zij hebben een "
                             "uitnodiging; zodra iemand accepteert, vraag ik je te bevestigen.",
                             "De matchingsronde gaf de plek(ken) bij *Privacytoets app* aan: Anna, Cas. Zij hebben een "
                             "uitnodiging; zodra iemand accepteert, vraag ik je te bevestigen."]
    # the invitations are ordinary ones: accept works as always
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == w["Anna"].id)).one()
    app.service.accept(w["Anna"], inv.id)
    with transaction(app.engine) as s:
        assert s.get(Invitation, inv.id).status == "accepted"
    assert "al gesloten" in _text(app.service.press(w["Cas"], "round_surprise", "1"))
    with transaction(app.engine) as s:
        assert [r.action for r in s.exec(select(AuditLog).order_by(AuditLog.id))] == ["round_open", "round_close"]
        assert s.exec(select(AuditLog).where(AuditLog.action == "round_close")).one().actor == "Flexpool (deadline)"


def test_a_pending_invitation_is_the_choosers_interest_and_beats_a_0_percent_volunteer(app, people, clock):
    """The situation from the issue: Fatima (about 100 %) holds a pending invitation for the
    dashboard; Vera (0 %) ticks it in the round, Sam (0 %) had offered himself. Fatima keeps
    her place (no second invitation), the others hear why not, and so does the office."""
    admin = people("Admin", user_id="admin")
    mia = people("Mia", skills="leidinggeven", hours_per_week=0)
    fatima = people("Fatima", skills="Power BI, SQL, data-analyse", hours_per_week=16)
    app.service.post_klus_line(mia, "Dashboard; vaardigheden: Power BI, SQL, data-analyse; 8 uur per week; "
                                    "4 weken; 1 plek")
    dashboard = _klus_id(app, "Dashboard")
    vera = people("Vera", skills="tuinieren, notuleren", hours_per_week=16, visible="nee")
    sam = people("Sam", skills="koken", hours_per_week=16)
    app.service.offer(sam, dashboard)  # a self-offer: accepted, waiting for Mia
    app.service.post_klus_line(mia, "Notulen; vaardigheden: notuleren; 4 uur per week; 4 weken; 1 plek")
    app.service.set_visible(vera, True)  # the notulen fit her: she is in the round
    with transaction(app.engine) as s:
        held = s.exec(select(Invitation).where(Invitation.person_id == fatima.id)).one()
        assert held.status == "offered" and held.score >= 0.99
    preview = commands.command(app.service, admin, "flexpool", "ronde nieuw")
    assert "Dashboard — 1 vrije plek(ken), 2 kandidaten (2 met een openstaande uitnodiging)" in _text(preview)
    button = next(c for c in preview.cards[0].choices if c.action == "round_open")
    app.service.press(admin, button.action, button.value)
    rid = int(button.value)
    assert "telt als je keuze" in _card_text(_messages(app, fatima, f"round:{rid}")[0])
    app.service.press(vera, "round_interest", f"{rid}:{dashboard}")  # 0 %: she chooses it anyway
    app.outbox.flush()
    reply = app.service.press(admin, "round_close", str(rid))
    with transaction(app.engine) as s:
        mine = s.exec(select(Invitation).where(Invitation.klus_id == dashboard).order_by(Invitation.id)).all()
        assert [(i.person_id, i.status) for i in mine] == [(fatima.id, "offered"), (sam.id, "withdrawn")]
        assert mine[0].id == held.id and mine[0].reasons["round"] == rid  # the same invitation, not a second
    fatima_told = _messages(app, fatima, f"round:{rid}:you:%")
    assert len(fatima_told) == 1 and "blijft staan" in _card_text(fatima_told[0])
    assert [c["action"] for c in fatima_told[0]["choices"]] == ["accept", "decline", "details"]
    vera_told = _messages(app, vera, f"round:{rid}:you:%")
    assert len(vera_told) == 1 and "beter past" in _card_text(vera_told[0])
    sam_told = _messages(app, sam, f"round:{rid}:you:%")
    assert len(sam_told) == 1 and "ingetrokken" in _card_text(sam_told[0])
    text = _text(reply)
    assert "1 van de 1 vrije plekken" in text or "1 van de 2 vrije plekken" in text
    assert "Fatima 100% (koos deze klus)" in text
    assert "Geen klus: Vera — wilde Dashboard (0%, koos deze klus): wie de plek kreeg, past beter (vanaf 100%)" in text
    assert "Geen klus: Sam — wilde Dashboard (0%, koos deze klus)" in text
    assert "107%" not in text and "1 bestaande uitnodigingen blijven staan" in text


def test_nobody_is_placed_on_a_klus_they_did_not_opt_into(app, round_world, clock):
    w = round_world
    _open(app, w["admin"], "1 dag")
    wmo = _klus_id(app, "Dashboard Wmo")
    app.service.press(w["Dirk"], "round_interest", f"1:{wmo}")  # Dirk fits both, ticked one
    clock.advance(days=1, minutes=1)
    app.service.tick()
    assert _invited(app) == {"Dirk": "Dashboard Wmo"}  # the others did not answer: nothing for them


def test_after_a_round_ronde_shows_its_result_and_a_new_one_is_explicit(app, round_world):
    w = round_world
    _open(app, w["admin"])
    app.service.press(w["Cas"], "round_surprise", "1")
    assert "alleen beheerders" in _text(app.service.press(w["Cas"], "round_close", "1"))
    reply = app.service.press(w["admin"], "round_close", "1")
    assert "is verdeeld: 1 van de 3" in _text(reply)
    assert "al gesloten" in _text(app.service.press(w["admin"], "round_close", "1"))
    assert _invited(app) == {"Cas": "Privacytoets app"}
    again = commands.command(app.service, w["admin"], "flexpool", "ronde")
    assert "is verdeeld: 1 van de 3" in _text(again) and not any(c.action == "round_open" for c in again.cards[0].choices)
    with transaction(app.engine) as s:
        assert s.exec(select(MatchRound).where(MatchRound.status == "open")).first() is None
    _open(app, w["admin"], "3 dagen")  # a new round, explicitly
    assert "loopt nog" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde nieuw"))
    assert "geannuleerd" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde annuleer"))
    assert rounds.close(app.service, 2) is None
    assert "Er loopt nu geen" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde sluit"))
    assert "geannuleerd op" in _text(commands.command(app.service, w["admin"], "flexpool", "ronde"))
    with transaction(app.engine) as s:
        assert [r.action for r in s.exec(select(AuditLog).order_by(AuditLog.id))] == [
            "round_open", "round_close", "round_open", "round_cancel"]


def test_stale_and_foreign_buttons(app, round_world, people):
    w = round_world
    _open(app, w["admin"])
    stranger = people("Zoë")  # no profile: not asked
    assert "niet gevraagd" in _text(app.service.press(stranger, "round_surprise", "1"))
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_interest", "1:99999"))
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_interest", "x"))
    assert "al gesloten" in _text(app.service.press(w["Anna"], "round_surprise", "42"))
    assert "verouderd" in _text(app.service.press(w["Anna"], "round_nonsense", "1"))
    for odd in ("", None, "1:", ":", "99999999999999999999", "1:99999999999999999999", "-1", "1:-3", "١", "1:x:y"):
        for action in ("round_interest", "round_open", "round_open_far", "round_drop", "round_close"):
            assert _text(app.service.press(w["admin"], action, odd))  # an answer, never an exception


def test_dates_and_departments_are_respected(app, round_world, clock):
    w = round_world
    app.service.update_profile(w["Cas"], {"available_until": "2026-11-30"})  # gone before the klussen end
    app.service.update_profile(w["Dirk"], {"department": ""})
    _open(app, w["admin"], "1 dag")
    assert not _choices(app, w["Cas"])  # could take none: not asked
    app.service.press(w["Dirk"], "round_department", "1")  # no department: no klus is 'his own'
    app.service.press(w["Anna"], "round_department", "1")  # Financiën: no klus of hers either
    clock.advance(days=1, minutes=1)
    app.service.tick()
    assert _invited(app) == {}
    anna = _messages(app, w["Anna"], "round:1:you:%")
    assert len(anna) == 1 and "paste" in _card_text(anna[0])


def test_the_export_has_the_rounds_result(app, round_world):
    from bot import office

    w = round_world
    _open(app, w["admin"])
    app.service.press(w["Cas"], "round_surprise", "1")
    app.service.press(w["Fleur"], "round_surprise", "1")
    app.service.press(w["admin"], "round_close", "1")
    files = office.export_files(app.service, office.parse_period("", app.service.today()), "nl")
    name, data, rows = next(f for f in files if "matchingsrondes" in f[0])
    text = data.decode("utf-8-sig")
    assert rows == 3 and "Cas;geplaatst;100;verras me" in text and "Fleur;geplaatst;50;verras me" in text
    assert "1 plek(ken) open;;;niemand die de klus past koos hem" in text


# --- scenarios: the terminal with the demo, and Slack --------------------------------------------

def test_a_new_flexbureau_runs_a_round_over_the_demo_in_the_shell(app):
    """Managers post klussen; the flexbureau previews, opens (a numbered choice), colleagues
    choose with their buttons, the flexbureau closes it and reads why each place went where."""
    import io
    import re

    from bot.demo import load_demo
    from handlers.console import Shell

    app.service.settings = app.service.settings.with_(admins=("shell:flexbureau",))
    load_demo(app)
    out = io.StringIO()
    shell = Shell(app, io.StringIO(""), out, start_as="marieke")

    def say(line: str) -> str:
        start = len(out.getvalue())
        shell.handle(line)
        return out.getvalue()[start:]

    def button(text: str, label: str) -> str:
        return re.findall(rf"\[(\d+)\] {re.escape(label)}", text)[0]

    say("/klus Dashboard informatievoorziening; vaardigheden: Power BI, SQL, data-analyse; 8 uur per week; "
        "6 weken; 2 plekken")
    say("als willem")
    say("/klus Beleidsnotitie woningbouw; vaardigheden: beleidsadvies, wetgeving; 8 uur per week; 4 weken; 1 plek")
    say("als thomas")  # more hours now, and wants to learn Power BI: after the klus was posted, so not invited
    say("/flexpool profiel uren: 16; wil leren: Power BI, SQL, data-analyse")
    say("als flexbureau")
    preview = say("/flexpool ronde")
    assert "eerst even kijken" in preview and "Dashboard informatievoorziening — 2 vrije plek(ken)" in preview
    assert "✉" not in preview  # nothing sent before the admin says so
    opened = say(button(preview, "Open de ronde"))
    people = int(re.search(r"(\d+) collega's krijgen een bericht", opened).group(1))
    assert opened.count("✉  aan") == people
    assert "107%" not in opened and not re.search(r"past (\d{3,}|[1-9]\d\d)%", opened.replace("past 100%", ""))
    assert "✉  aan Lotte Jansen" not in opened  # communicatie: nothing in this round fits her
    to_fatima = opened[opened.index("✉  aan Fatima Yilmaz"):].split("✉")[1]
    assert "telt als je keuze" in to_fatima and "Je hoeft niets te doen" in to_fatima
    to_thomas = opened[opened.index("✉  aan Thomas van Dijk"):].split("✉")[1]
    say("als thomas")
    assert "Genoteerd: interesse" in say(button(to_thomas, "Interesse: Dashboard informatievoorziening"))
    say("als flexbureau")
    status = say("/flexpool ronde")
    closed = say(button(status, "Nu sluiten en verdelen"))
    assert "Matchingsronde 2: uitslag" in closed or "uitslag" in closed
    assert "Fatima Yilmaz 100% (koos deze klus)" in closed
    assert "Geen klus: Thomas van Dijk — wilde Dashboard informatievoorziening" in closed
    assert closed.count("✉  aan Thomas van Dijk") == 1 and closed.count("✉  aan Fatima Yilmaz") == 1
    again = say("/flexpool ronde")
    assert "uitslag" in again and "ronde nieuw" in again and "✉" not in again
    audit = say("/flexpool audit")
    assert "opende matchingsronde" in audit and "sloot matchingsronde" in audit


def test_a_round_on_slack_preview_buttons_dm_choices_and_the_result(app, people):
    from tests.fakes.slack_api import FakeSlack
    from tests.test_slack import Harness, all_text

    with FakeSlack() as fake:
        bot = Harness(app, fake, people)
        try:
            bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
            bot.fake.names["UMGR"] = "Mila"
            bot.slack.command("UMGR", "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 6 weken")
            bot.answer("cmd", containing="Klus geplaatst")
            bot.dm_to("UANNA")  # her invitation
            bot.colleague("UBRAM", "Bram", skills="Power BI", hours_per_week=16)  # after the klus: not invited

            bot.settle()
            bot.fake.clear()
            bot.slack.command("admin", "ronde nieuw 2 dagen", command="/flexpool")
            preview = bot.answer("cmd")
            assert "2 collega's" in all_text(preview.params["blocks"])
            bot.slack.click("admin", {"text": preview.params["text"], "blocks": preview.params["blocks"]},
                            "round_open", channel="C0GENERAL", ephemeral=True)
            bot.answer("click")
            bram_dm = bot.message_of(bot.dm_to("UBRAM")[0])
            assert "past 50%" in all_text(bram_dm["blocks"]) or "past" in all_text(bram_dm["blocks"])
            bot.slack.click("UBRAM", bram_dm, "round_interest", channel="DUBRAM")
            bot.settle()

            bot.fake.clear()
            bot.slack.command("admin", "ronde", command="/flexpool")
            status = bot.answer("cmd")
            bot.fake.clear()
            bot.slack.click("admin", {"text": status.params["text"], "blocks": status.params["blocks"]},
                            "round_close", channel="C0GENERAL", ephemeral=True)
            result = all_text(bot.answer("click").params["blocks"])
            assert "Anna 100% (koos deze klus)" in result
            assert "Geen klus: Bram — wilde Dashboard jeugdzorg" in result and "past beter (vanaf 100%)" in result
            bot.settle()
            anna = [c for c in bot.fake.of("chat.postMessage") if c.params["channel"] == "DUANNA"]
            assert len(anna) == 1 and "blijft" in all_text(anna[0].params["blocks"])
            bram = [c for c in bot.fake.of("chat.postMessage") if c.params["channel"] == "DUBRAM"]
            assert len(bram) == 1 and "beter past" in all_text(bram[0].params["blocks"])
            assert [i.status for i in bot.invitations()] == ["offered"]  # no second invitation
        finally:
            bot.close()


def test_pending_invitations_wait_for_the_round_and_nobody_is_invited_around_it(app, people, clock):
    """The round tells holders they need do nothing: their invitation neither expires nor
    is reminded about while the round runs, a decline does not invite someone around the
    round, and the round's outcome gives the holder the full time to answer again."""
    admin = people("Admin", user_id="admin")
    mia = people("Mia", skills="leidinggeven", hours_per_week=0)
    fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=16)
    sanne = people("Sanne", skills="Power BI, SQL", hours_per_week=16)
    app.service.settings = app.service.settings.with_(invites_per_place=1)
    app.service.post_klus_line(mia, "Dashboard; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; 1 plek")
    invited = _invited(app)
    assert len(invited) == 1
    holder = fatima if "Fatima" in invited else sanne
    _open(app, admin, "3 dagen")
    clock.advance(days=2, hours=1)  # past the 48 hours to answer and the reminder time
    ticked = app.service.tick()
    assert ticked["expired"] == 0 and ticked["reminded"] == 0 and ticked["rounds_closed"] == 0
    clock.advance(hours=23, minutes=1)
    assert app.service.tick()["rounds_closed"] == 1
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == holder.id)).one()
        assert inv.status == "offered" and inv.reasons["round"] == 1
    clock.advance(hours=47)
    assert app.service.tick()["expired"] == 0  # the full time to answer, from the round's outcome
    clock.advance(hours=2)
    assert app.service.tick()["expired"] == 1


def test_a_decline_during_the_round_invites_nobody_around_it(app, people, clock):
    admin = people("Admin", user_id="admin")
    mia = people("Mia", skills="leidinggeven", hours_per_week=0)
    people("Fatima", skills="Power BI, SQL", hours_per_week=16)
    people("Sanne", skills="Power BI, SQL", hours_per_week=16)
    app.service.settings = app.service.settings.with_(invites_per_place=1)
    app.service.post_klus_line(mia, "Dashboard; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; 1 plek")
    (holder_name,) = _invited(app)
    _open(app, admin, "2 dagen")
    holder = app.service.find_person(holder_name)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == holder.id)).one()
    app.service.decline(holder, inv.id, "geen tijd")
    assert _invited(app) == {}  # the other one is in the round already, not invited around it
    other = app.service.find_person("Sanne" if holder_name == "Fatima" else "Fatima")
    app.service.press(other, "round_interest", f"1:{_klus_id(app, 'Dashboard')}")
    app.service.press(admin, "round_close", "1")
    assert _invited(app) == {other.name: "Dashboard"}


def test_two_admins_opening_two_previews_at_once_open_one_round(app, round_world, people):
    import threading

    w = round_world
    other = people("Bureau Twee", user_id="admin2")
    app.service.settings = app.service.settings.with_(admins=("admin", "admin2"))
    first = commands.command(app.service, w["admin"], "flexpool", "ronde nieuw")
    second = commands.command(app.service, other, "flexpool", "ronde nieuw")
    buttons = [(w["admin"], next(c for c in first.cards[0].choices if c.action == "round_open")),
               (other, next(c for c in second.cards[0].choices if c.action == "round_open"))]
    replies = []
    start = threading.Barrier(2)

    def press(actor, button):
        start.wait()
        replies.append(_text(app.service.press(actor, button.action, button.value)))

    threads = [threading.Thread(target=press, args=pair) for pair in buttons]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with transaction(app.engine) as s:
        assert len(s.exec(select(MatchRound).where(MatchRound.status == "open")).all()) == 1
        assert len(s.exec(select(RoundParticipant)).all()) == 5  # one message each, once
    assert sum("is open tot" in r for r in replies) == 1 and sum("loopt nog" in r for r in replies) == 1


@pytest.mark.db
def test_the_close_weighs_exactly_the_options_every_pair_would_give(app, clock, monkeypatch):
    """The close builds only the pairs someone could opt into (held, ticked, fitting; issue
    16: 2,000 x 300 in seconds, not tens of seconds). Each person's options and reason are
    those of every pair of the round, as the close did before — on a generated pool with
    every kind of answer."""
    from tests.test_pool import generate, klussen as make_klussen

    rng = random.Random(5)
    owner_id, orgs = generate(app, clock, n=160)
    make_klussen(app, owner_id, orgs, clock, count=25)
    now = app.service.now()
    with transaction(app.engine) as s:
        open_ids = s.exec(select(Klus.id).where(Klus.status == "open", Klus.taken < Klus.places)).all()
        people_ids = s.exec(select(Person.id).where(Person.user_id.like("u%"))).all()
        rnd = MatchRound(opened_by=owner_id, deadline=now - timedelta(minutes=1))
        s.add(rnd)
        s.flush()
        round_id = rnd.id
        for klus_id in open_ids:
            s.add(RoundKlus(round_id=round_id, klus_id=klus_id))
        for pid in people_ids:
            mode = rng.choice(["", "", "surprise", "own_department", "pass"])
            s.add(RoundParticipant(round_id=round_id, person_id=pid, mode=mode, answered_at=now))
            for klus_id in rng.sample(open_ids, rng.randint(0, 3)):
                s.add(RoundInterest(round_id=round_id, person_id=pid, klus_id=klus_id))
    # the reference: every person against every klus of the round, through the helpers
    expected = {}
    with transaction(app.engine) as s:
        klussen = [k for k in (s.get(Klus, i) for i in sorted(open_ids))]
        modes = {p.person_id: p.mode for p in s.exec(select(RoundParticipant).where(
            RoundParticipant.round_id == round_id))}
        ticked: dict[int, set[int]] = {}
        for row in s.exec(select(RoundInterest).where(RoundInterest.round_id == round_id)):
            ticked.setdefault(row.person_id, set()).add(row.klus_id)
        invitations = s.exec(select(Invitation).where(col(Invitation.klus_id).in_(open_ids))).all()
        held = {(i.person_id, i.klus_id) for i in invitations if i.status in ("offered", "accepted")}
        asked = {(i.person_id, i.klus_id) for i in invitations}
        answered = {pid for pid, mode in modes.items()
                    if mode in ("surprise", "own_department") or (mode != "pass" and ticked.get(pid))}
        taking_part = sorted(answered | {pid for pid, _ in held})
        rows = s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                      .where(col(Profile.person_id).in_(taking_part))).all()
        scores = rounds._scores_by_klus(klussen, rounds._matcher(rows))
        facts = rounds._klus_facts(klussen, rounds._booked(s, klussen, [p.person_id for p, _ in rows]))
        tiebreak = rounds._fairness(s, [p.person_id for p, _ in rows], now)
        floor = app.settings.min_match_score
        for profile, person in rows:
            pid = person.id
            pairs = rounds._pairs(profile, person, [k.id for k in klussen], facts, scores, held, asked, floor)
            expected[pid] = person_options(pid, modes.get(pid, "pass"), ticked.get(pid, set()),
                                           {k for p, k in held if p == pid}, pairs, tiebreak.get(pid, 0.0))
    seen = {}

    def spy(pid, mode, ticked_, held_, pairs, fairness_=0.0):
        seen[pid] = person_options(pid, mode, ticked_, held_, pairs, fairness_)
        return seen[pid]

    monkeypatch.setattr(rounds, "person_options", spy)
    assert app.service.close_rounds_due() == 1
    assert sum(len(options) for options, _ in expected.values()) > 100  # (a round with choice in it)
    assert None in {why for _, why in expected.values()} and len({why for _, why in expected.values()}) >= 3
    assert seen == expected
