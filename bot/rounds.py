"""Matching rounds ("matchingsronde", as BZK-Flex runs them): choose first, then one fair split.

`/flexpool ronde [deadline]` (admins) opens a round over the open klussen with free
places that the admin's organisation may fill. Every visible colleague within reach of at
least one of them gets a direct message listing the klussen that fit them best, with
buttons to choose, until the deadline (default `DEFAULT_HOURS` hours):

- **Interesse** in one or more klussen (a second press takes it back);
- **Verras me**: any klus of the round that fits them (score ≥ half the invitation floor,
  as for "surprise me" profiles);
- **Alleen mijn afdeling**: any fitting klus of their own department;
- **Ik doe niet mee**.

At the deadline the scheduler (`Flexpool.tick` → `close_rounds_due`) closes the round in
one transaction: it works out who may go where — only klussen someone opted into, a
visible profile, within the klus's reach and dates, enough free hours next to what they
have booked, not the owner, not invited to that klus before — and then assigns people to
places so the *total* fit is as high as possible (`assign`: scipy's `linear_sum_assignment`
over place slots; fit = the matcher's score, plus `INTEREST_BONUS` for a klus they ticked
themselves). Each person gets at most one klus per round. The result goes out as ordinary
invitations — people still accept or decline, owners still confirm — and everyone else
who took part hears there was no klus for them this time. The admin gets the figures.

`/flexpool ronde` while one is open shows how many answered, with buttons to close it now
or to cancel it. Closing twice (two scheduler processes, a double click) does nothing the
second time: the round's status changes with a conditional UPDATE.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Iterable, Mapping

import numpy as np
from sqlalchemy import update
from sqlmodel import Session, col, select

from bot import matching
from bot.i18n import T
from bot.oneline import parse_date
from bot.port import Card, Choice, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import (
    Invitation, Klus, MatchRound, Person, Profile, RoundInterest, RoundKlus, RoundParticipant,
)

if TYPE_CHECKING:
    from bot.service import Actor, Flexpool

DEFAULT_HOURS = 72
INTEREST_BONUS = 0.2  # a klus someone ticked weighs this much more than its score
MAX_LISTED = 8  # klussen listed (with a button) in one person's invitation to choose
MODES = ("", "surprise", "own_department", "pass")
CLOSE_WORDS = {"sluit", "sluiten", "close", "nu", "now", "verdeel", "verdelen"}
CANCEL_WORDS = {"annuleer", "annuleren", "cancel", "stop"}


# --- the assignment (pure) -----------------------------------------------------------------

@dataclass(frozen=True)
class Assignment:
    person: int
    klus: int
    weight: float


def assign(weights: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[Assignment]:
    """The assignment of people to klussen with the highest total weight: every (person,
    klus) pair in `weights` is allowed (and only those), each klus takes at most
    `places[klus]` people, each person at most one klus. Solved exactly with
    `scipy.optimize.linear_sum_assignment` over place slots; pairs of weight ≤ 0 are never
    made. Ties are broken the same way every time (ids in ascending order)."""
    from scipy.optimize import linear_sum_assignment

    pairs = {(p, k): w for (p, k), w in weights.items() if w > 0 and places.get(k, 0) > 0}
    if not pairs:
        return []
    people = sorted({p for p, _ in pairs})
    wanted: dict[int, int] = defaultdict(int)
    for _, k in pairs:
        wanted[k] += 1
    slots = [k for k in sorted(wanted) for _ in range(min(places[k], wanted[k]))]  # no more slots than takers
    row = {p: i for i, p in enumerate(people)}
    first_slot: dict[int, int] = {}
    for j, k in enumerate(slots):
        first_slot.setdefault(k, j)
    matrix = np.zeros((len(people), len(slots)), dtype=np.float64)
    for (p, k), w in pairs.items():
        start = first_slot[k]
        matrix[row[p], start:start + min(places[k], wanted[k])] = w
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    out = [Assignment(people[r], slots[c], float(matrix[r, c])) for r, c in zip(rows, cols) if matrix[r, c] > 0]
    return sorted(out, key=lambda a: (a.klus, a.person))


def greedy(weights: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[Assignment]:
    """Best pair first, as long as the person is free and the klus has a place (for comparison)."""
    left = dict(places)
    taken: set[int] = set()
    out = []
    for (p, k), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        if w > 0 and p not in taken and left.get(k, 0) > 0:
            taken.add(p)
            left[k] -= 1
            out.append(Assignment(p, k, w))
    return out


# --- chat: the command and the buttons -----------------------------------------------------

def command(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool ronde [deadline | sluit | annuleer]` — admins only."""
    if not service.is_admin(actor):
        return Reply.of(actor.lang, T("round.admins_only"))
    word = (text or "").strip().lower()
    with transaction(service.engine) as s:
        current = _open_round(s, actor.organisation_id)
    if current is not None:
        if word in CLOSE_WORDS:
            return _close_now(service, actor, current.id)
        if word in CANCEL_WORDS:
            return _cancel(service, actor, current.id)
        return status(service, actor, current.id)
    if word in CLOSE_WORDS | CANCEL_WORDS:
        return Reply.of(actor.lang, T("round.none_open"))
    deadline = _deadline(service, word)
    if deadline is None:
        return Reply.of(actor.lang, T("round.bad_deadline", text=text.strip()[:80]))
    return open_round(service, actor, deadline)


def press(service: "Flexpool", actor: "Actor", action: str, value: str) -> Reply:
    """The buttons of a round's messages. Values come from the platform and are re-checked."""
    round_id, _, rest = str(value or "").partition(":")
    rid = _id(round_id)
    if rid is None:
        return Reply.of(actor.lang, T("err.stale_button"))
    if action == "round_close":
        return _close_now(service, actor, rid) if service.is_admin(actor) else Reply.of(actor.lang, T("round.admins_only"))
    if action == "round_cancel":
        return _cancel(service, actor, rid) if service.is_admin(actor) else Reply.of(actor.lang, T("round.admins_only"))
    with transaction(service.engine) as s:
        rnd = s.get(MatchRound, rid)
        if rnd is None or rnd.status != "open" or _aware(rnd.deadline, service.now()) <= service.now():
            return Reply.of(actor.lang, T("round.closed_already"))
        me = s.exec(select(RoundParticipant).where(RoundParticipant.round_id == rid,
                                                   RoundParticipant.person_id == actor.id)).first()
        if me is None:
            return Reply.of(actor.lang, T("round.not_in"))
        when = _local(service, rnd.deadline)
        me.answered_at = service.now()
        if action == "round_interest":
            klus = s.get(Klus, _id(rest)) if _id(rest) is not None else None
            in_round = klus is not None and s.exec(select(RoundKlus).where(
                RoundKlus.round_id == rid, RoundKlus.klus_id == klus.id)).first() is not None
            if not in_round:
                return Reply.of(actor.lang, T("err.stale_button"))
            ticked = s.exec(select(RoundInterest).where(RoundInterest.round_id == rid,
                                                        RoundInterest.person_id == actor.id,
                                                        RoundInterest.klus_id == klus.id)).first()
            if me.mode == "pass":
                me.mode = ""
            s.add(me)
            if ticked is not None:
                s.delete(ticked)
                return Reply.of(actor.lang, T("round.interest_off", title=klus.title, deadline=when))
            s.add(RoundInterest(round_id=rid, person_id=actor.id, klus_id=klus.id, created_at=service.now()))
            return Reply.of(actor.lang, T("round.interest_on", title=klus.title, deadline=when))
        modes = {"round_surprise": "surprise", "round_department": "own_department", "round_pass": "pass"}
        if action not in modes:
            return Reply.of(actor.lang, T("err.stale_button"))
        me.mode = modes[action]
        s.add(me)
        profile = s.exec(select(Profile).where(Profile.person_id == actor.id)).first()
        return Reply.of(actor.lang, T(f"round.mode.{me.mode}", deadline=when,
                                      department=(profile.department if profile and profile.department else "–")))


def open_round(service: "Flexpool", actor: "Actor", deadline: datetime) -> Reply:
    now = service.now()
    with transaction(service.engine) as s:
        klussen = [k for k in s.exec(select(Klus).where(Klus.status == "open", Klus.taken < Klus.places)
                                     .order_by(Klus.id)).all()
                   if k.reach == "all" or k.organisation_id == actor.organisation_id]
        if not klussen:
            return Reply.of(actor.lang, T("round.no_klussen"))
        rnd = MatchRound(organisation_id=actor.organisation_id, opened_by=actor.id, opened_at=now, deadline=deadline)
        s.add(rnd)
        s.flush()
        for klus in klussen:
            s.add(RoundKlus(round_id=rnd.id, klus_id=klus.id))
        rows = s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                      .where(Profile.visible == True)).all()  # noqa: E712
        people = [(p, person) for p, person in rows if any(_could_take(k, person, p) for k in klussen)]
        scores = _scores(klussen, people)
        when = _local(service, deadline)
        for profile, person in people:
            s.add(RoundParticipant(round_id=rnd.id, person_id=person.id))
            mine = sorted(((scores.get((person.id, k.id), 0.0), k) for k in klussen if _could_take(k, person, profile)),
                          key=lambda sk: (-sk[0], sk[1].start, sk[1].id))
            service._notify(s, person.id, _choice_card(rnd.id, mine, when), key=f"round:{rnd.id}")
        return Reply.of(actor.lang, T("round.opened", id=rnd.id, klussen=len(klussen), people=len(people),
                                      deadline=when))


def status(service: "Flexpool", actor: "Actor", round_id: int) -> Reply:
    with transaction(service.engine) as s:
        rnd = s.get(MatchRound, round_id)
        people = s.exec(select(RoundParticipant).where(RoundParticipant.round_id == round_id)).all()
        klussen = s.exec(select(RoundKlus).where(RoundKlus.round_id == round_id)).all()
        answered = sum(1 for p in people if p.answered_at is not None)
        return Reply.of(actor.lang, T("round.status", id=round_id, deadline=_local(service, rnd.deadline),
                                      answered=answered, people=len(people), klussen=len(klussen)),
                        choices=[Choice("round_close", str(round_id), T("round.btn.close"), "primary"),
                                 Choice("round_cancel", str(round_id), T("round.btn.cancel"), "danger")])


def close_due(service: "Flexpool") -> int:
    """Close every open round whose deadline has passed; how many were closed."""
    with transaction(service.engine) as s:
        due = s.exec(select(MatchRound.id).where(MatchRound.status == "open",
                                                 MatchRound.deadline <= service.now())).all()
    return sum(1 for rid in due if close(service, rid) is not None)


def close(service: "Flexpool", round_id: int) -> dict | None:
    """Close round `round_id` now: assign and invite (see the module docstring). The
    figures, or None when it was not open (closed or cancelled already)."""
    from bot.service import _reasons

    now = service.now()
    with transaction(service.engine) as s:
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "open")
                      .values(status="closed", closed_at=now))
        if done.rowcount != 1:
            return None
        rnd = s.get(MatchRound, round_id)
        klus_ids = [r.klus_id for r in s.exec(select(RoundKlus).where(RoundKlus.round_id == round_id))]
        for klus_id in sorted(klus_ids):  # every invitation change locks its klus first, in id order
            q.lock_klus(s, klus_id)
        klussen = [k for k in (s.get(Klus, i) for i in sorted(klus_ids)) if k.status == "open" and k.taken < k.places]
        participants = {p.person_id: p for p in s.exec(select(RoundParticipant).where(
            RoundParticipant.round_id == round_id))}
        ticked: dict[int, set[int]] = defaultdict(set)
        for row in s.exec(select(RoundInterest).where(RoundInterest.round_id == round_id)):
            ticked[row.person_id].add(row.klus_id)
        taking_part = [pid for pid, p in participants.items() if p.mode != "pass" and (p.mode or ticked[pid])]
        rows = s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                      .where(col(Profile.person_id).in_(taking_part or [-1]), Profile.visible == True)).all()  # noqa: E712
        people = [(p, person) for p, person in rows]
        matcher = _matcher(people)
        scores = _scores(klussen, people, matcher)
        weights, free_hours = _weights(service, s, klussen, people, participants, ticked, scores)
        result = assign(weights, {k.id: k.places - k.taken for k in klussen})
        by_klus = {k.id: k for k in klussen}
        owners = {k.id: s.get(Person, k.owner_id) for k in klussen}
        assigned: set[int] = set()
        for a in result:
            klus = by_klus[a.klus]
            match = _explained(matcher, klus, a.person)
            reasons = _reasons(match, free_hours.get((a.person, a.klus)))
            reasons["round"] = round_id
            inv = Invitation(klus_id=klus.id, person_id=a.person, score=match.score, reasons=reasons, created_at=now)
            s.add(inv)
            s.flush()
            participants[a.person].invitation_id = inv.id
            s.add(participants[a.person])
            service._notify(s, a.person, service._invitation_card(klus, inv, owners[klus.id]), key=f"inv:{inv.id}")
            assigned.add(a.person)
        for pid in taking_part:
            if pid not in assigned:
                service._notify(s, pid, Card(title=T("round.result_title"), text=[T("round.no_match")]),
                                key=f"round:{round_id}:none:{pid}")
        figures = {
            "klussen": len(klussen), "places": sum(k.places - k.taken for k in klussen),
            "participants": len(participants), "taking_part": len(taking_part), "assigned": len(result),
            "total_fit": round(sum(a.weight for a in result), 4),
        }
        rnd.result = figures
        s.add(rnd)
        service._notify(s, rnd.opened_by, Card(title=T("round.result_title"), text=[T(
            "round.summary", id=round_id, assigned=figures["assigned"], places=figures["places"],
            taking_part=figures["taking_part"], participants=figures["participants"])]))
        return figures


# --- helpers ---------------------------------------------------------------------------

def _id(text: str) -> int | None:
    """An id from a button value; None for anything else (or too big for the database)."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _open_round(s: Session, organisation_id: int | None) -> MatchRound | None:
    return s.exec(select(MatchRound).where(MatchRound.status == "open",
                                           MatchRound.organisation_id == organisation_id)).first()


def _close_now(service: "Flexpool", actor: "Actor", round_id: int) -> Reply:
    figures = close(service, round_id)
    if figures is None:
        return Reply.of(actor.lang, T("round.closed_already"))
    return Reply.of(actor.lang, T("round.summary", id=round_id, assigned=figures["assigned"], places=figures["places"],
                                  taking_part=figures["taking_part"], participants=figures["participants"]))


def _cancel(service: "Flexpool", actor: "Actor", round_id: int) -> Reply:
    with transaction(service.engine) as s:
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "open")
                      .values(status="cancelled", closed_at=service.now()))
        if done.rowcount != 1:
            return Reply.of(actor.lang, T("round.closed_already"))
        for p in s.exec(select(RoundParticipant).where(RoundParticipant.round_id == round_id)):
            service._notify(s, p.person_id, Card(text=[T("round.cancelled_people")]), key=f"round:{round_id}:cancel")
    return Reply.of(actor.lang, T("round.cancelled", id=round_id))


def _deadline(service: "Flexpool", text: str) -> datetime | None:
    """Now + DEFAULT_HOURS for no text; "3 dagen" / "48 uur"; or a date (the end of that day)."""
    if not text:
        return service.now() + timedelta(hours=DEFAULT_HOURS)
    m = re.fullmatch(r"(\d{1,3})\s*(uur|u|hours?|h|dagen|dag|days?|d)", text)
    if m:
        amount = int(m.group(1))
        delta = timedelta(hours=amount) if m.group(2)[0] in "uh" else timedelta(days=amount)
        return service.now() + delta if delta > timedelta(0) else None
    day = parse_date(re.sub(r"^(tot|until|deadline)\s+", "", text), service.today())
    if day is None or day < service.today():
        return None
    end = datetime.combine(day, time(23, 59), tzinfo=service.zone)
    return end if end > service.now() else None


def _local(service: "Flexpool", moment: datetime) -> datetime:
    return _aware(moment, service.now()).astimezone(service.zone).replace(tzinfo=None)


def _aware(moment: datetime, like: datetime) -> datetime:
    if moment.tzinfo is None and like.tzinfo is not None:
        return moment.replace(tzinfo=like.tzinfo)
    return moment


def _in_reach(klus: Klus, person: Person, profile: Profile) -> bool:
    if klus.reach == "all":
        return True
    if person.organisation_id != klus.organisation_id:
        return False
    return klus.reach != "department" or profile.department.lower() == klus.department.lower()


def _could_take(klus: Klus, person: Person, profile: Profile) -> bool:
    """Whether `person` could be given `klus` at all (reach, owner, hours on paper, dates)."""
    return (_in_reach(klus, person, profile) and klus.owner_id != person.id
            and profile.hours_per_week >= klus.hours_per_week
            and not (profile.available_from and profile.available_from > klus.start)
            and not (profile.available_until and profile.available_until < klus.end))


def _candidates(people: Iterable[tuple[Profile, Person]]) -> list[matching.Candidate]:
    from bot.service import _has_skills

    return [matching.Candidate(p.person_id, _has_skills(p), matching.split_terms(p.wants), p.job_title)
            for p, _ in people]


def _matcher(people: list[tuple[Profile, Person]]) -> matching.Matcher:
    matcher = matching.Matcher()
    for candidate in _candidates(people):
        matcher.upsert(candidate)
    return matcher


def _scores(klussen: list[Klus], people: list[tuple[Profile, Person]],
            matcher: matching.Matcher | None = None) -> dict[tuple[int, int], float]:
    """(person id, klus id) -> the matcher's score, for every pair that scores at all."""
    matcher = matcher or _matcher(people)
    return {(pid, klus.id): score for klus in klussen
            for pid, score in matcher.scores(matching.split_terms(klus.skills), title=klus.title).items()}


def _explained(matcher: matching.Matcher, klus: Klus, person_id: int) -> matching.Match:
    """The Match of one person for one klus, with what fitted (for the invitation)."""
    found = matcher.rank(matching.split_terms(klus.skills), title=klus.title, allowed=[person_id], limit=1)
    return found[0] if found else matching.Match(person_id, 0.0)


def _weights(service: "Flexpool", s: Session, klussen: list[Klus], people: list[tuple[Profile, Person]],
             participants: Mapping[int, RoundParticipant], ticked: Mapping[int, set[int]],
             scores: Mapping[tuple[int, int], float]) -> tuple[dict, dict]:
    """(weights of the allowed pairs, free hours per pair): who may go where, and how well it fits."""
    floor = service.settings.min_match_score
    invited = {(i.person_id, i.klus_id) for i in s.exec(select(Invitation).where(
        col(Invitation.klus_id).in_([k.id for k in klussen] or [-1])))}
    weights: dict[tuple[int, int], float] = {}
    free_hours: dict[tuple[int, int], float] = {}
    booked_cache: dict[tuple, dict[int, float]] = {}
    ids = [p.person_id for p, _ in people]
    for klus in klussen:
        period = (klus.start, klus.end)
        if period not in booked_cache:
            booked_cache[period] = q.booked_hours(s, ids, klus.start, klus.end)
        booked = booked_cache[period]
        for profile, person in people:
            pid = person.id
            mode = participants[pid].mode
            chose = klus.id in ticked.get(pid, ())
            score = scores.get((pid, klus.id), 0.0)
            same_department = (person.organisation_id == klus.organisation_id and profile.department.strip() != ""
                               and profile.department.lower() == klus.department.lower())
            opted = (chose or (mode == "surprise" and score >= floor / 2)
                     or (mode == "own_department" and same_department and score >= floor))
            if not opted or (pid, klus.id) in invited or not _could_take(klus, person, profile):
                continue
            free = profile.hours_per_week - booked.get(pid, 0.0)
            if free < klus.hours_per_week:
                continue
            weights[pid, klus.id] = round(score + (INTEREST_BONUS if chose else 0.0), 6) or 1e-6
            free_hours[pid, klus.id] = free
    return weights, free_hours


def _choice_card(round_id: int, mine: list[tuple[float, Klus]], deadline: datetime) -> Card:
    listed = mine[:MAX_LISTED]
    text = [T("round.intro", deadline=deadline)]
    text += [T("round.line", title=k.title, hours=k.hours_per_week, start=k.start, end=k.end,
               fit=round(score * 100)) for score, k in listed]
    if len(mine) > len(listed):
        text.append(T("round.more", count=len(mine) - len(listed)))
    choices = [Choice("round_interest", f"{round_id}:{k.id}", T("round.btn.interest", title=_short(k.title)))
               for _, k in listed]
    choices += [Choice("round_surprise", str(round_id), T("round.btn.surprise"), "primary"),
                Choice("round_department", str(round_id), T("round.btn.department")),
                Choice("round_pass", str(round_id), T("round.btn.pass"))]
    return Card(title=T("round.title"), text=text, choices=choices, note=T("round.note", deadline=deadline))


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"


def total_weight(assignments: Iterable[Assignment]) -> float:
    return math.fsum(a.weight for a in assignments)
