"""Matching rounds ("matchingsronde", as BZK-Flex runs them): choose first, then one fair split.

Opening (admins, `/flexpool ronde nieuw [deadline]`; a bare `/flexpool ronde` before any
round): nothing goes out yet. The admin sees a preview — how many colleagues would get a
message, which klussen take part, how many candidates each has — and opens the round with
a button (a numbered choice in the terminal). A deadline more than `FAR_DAYS` days away is
asked about once more. Opening, closing and cancelling are written to the audit log.

Who is asked: a colleague something fits — a klus of the round (open, free places, within
the admin's organisation or government-wide) within their reach and dates, not their own,
with enough free hours next to what they have booked, their fit at or above the invitation
threshold (half of it for "verras me" profiles; only their own department's klussen for
"eigen afdeling" profiles) and no earlier invitation for it. Their message lists only those
klussen, best first, the fit shown as 0–100 %, with buttons until the deadline:

- **Interesse** in one or more klussen (a second press takes it back);
- **Verras me**: any klus of the round that fits them (as listed);
- **Alleen mijn afdeling**: any fitting klus of their own department;
- **Ik doe niet mee**.

A pending invitation or acceptance for a klus of the round counts as that person's
interest in it (they are told so, and never get a second invitation); while the round
runs it neither expires nor is reminded about, and nobody is invited for the round's
klussen around it (`storage.queries.in_open_round`, read by bot.timers and bot.placement).
Places already confirmed are not shared out again.

At the deadline (`bot.timers.tick` → `close_due`) or when the admin closes it, one
transaction shares out all free places with `bot.shareout` (only what people opted into,
within their free hours, one klus per person; the kind of choice first — a klus chosen
specifically or a pending invitation, then "verras me", then "eigen afdeling" — then fit,
then fairness; solved exactly) and writes down why each place went where it went. Each
person who took part gets one message: a new invitation, their existing invitation as
the round's outcome (renewed), or no klus this time with the reason — including what
happened to any invitation they held. The admin gets the result as a card
(`bot.round_result`); `/flexpool ronde` shows it again until a new round is opened, and
`/flexpool export` has it as a CSV file.

Closing twice (two scheduler processes, a double click) does nothing the second time: the
round's status changes with a conditional UPDATE, as does opening a previewed round.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot import audit, cards, fairness, matching, notify, placement, ranking, round_result
from bot.core import Actor, Core, utc
from bot.i18n import T
from bot.round_result import chunks, local
from bot.shareout import Option, Pair, explain, fit_percent, person_options, share_out
from bot.oneline import parse_date
from bot.port import Card, Choice, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import (
    AuditLog, Invitation, Klus, MatchRound, Person, Profile, RoundInterest, RoundKlus, RoundParticipant,
)


DEFAULT_HOURS = 72
FAR_DAYS = 14  # a deadline further away than this is asked about once more
PREVIEW_HOURS = 24  # a preview's "open" button works this long
MAX_LISTED = 8  # klussen listed (with a button) in one person's invitation to choose
CLOSE_WORDS = {"sluit", "sluiten", "close", "nu", "now", "verdeel", "verdelen"}
CANCEL_WORDS = {"annuleer", "annuleren", "cancel", "stop"}
NEW_WORDS = {"nieuw", "nieuwe", "new", "open", "start"}

# --- chat: the command and the buttons -----------------------------------------------------

def command(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool ronde [nieuw [deadline] | sluit | annuleer]` — admins only."""
    if not service.is_admin(actor):
        return Reply.of(actor.lang, T("round.admins_only"))
    word = re.sub(r"\s+", " ", (text or "").strip().lower())
    first, _, rest = word.partition(" ")
    with transaction(service.engine) as s:
        current = _open_round(s, actor.organisation_id)
        last = _last_round(s, actor.organisation_id)
    if current is not None:
        if word in CLOSE_WORDS:
            return _close_now(service, actor, current.id)
        if word in CANCEL_WORDS:
            return _cancel(service, actor, current.id)
        reply = status(service, actor, current.id)
        if first in NEW_WORDS or word:
            reply.cards[0].text.insert(0, T("round.still_open", id=current.id))
        return reply
    if word in CLOSE_WORDS | CANCEL_WORDS:
        return Reply.of(actor.lang, T("round.none_open"))
    if first in NEW_WORDS:
        return preview(service, actor, rest)
    if not word and last is not None:
        return round_result.reply(service, actor, last.id)
    return preview(service, actor, word)


def press(service: Core, actor: Actor, action: str, value: str) -> Reply:
    """The buttons of a round's messages. Values come from the platform and are re-checked."""
    round_id, _, rest = str(value or "").partition(":")
    rid = _id(round_id)
    if rid is None:
        return Reply.of(actor.lang, T("err.stale_button"))
    admin_actions = {"round_close": _close_now, "round_cancel": _cancel, "round_open": _open_previewed,
                     "round_open_far": _open_previewed, "round_drop": _drop}
    if action in admin_actions:
        if not service.is_admin(actor):
            return Reply.of(actor.lang, T("round.admins_only"))
        if action.startswith("round_open"):
            return _open_previewed(service, actor, rid, far_ok=action == "round_open_far")
        return admin_actions[action](service, actor, rid)
    with transaction(service.engine) as s:
        rnd = s.get(MatchRound, rid)
        if rnd is None or rnd.status != "open" or utc(rnd.deadline) <= service.now():
            return Reply.of(actor.lang, T("round.closed_already"))
        me = s.exec(select(RoundParticipant).where(RoundParticipant.round_id == rid,
                                                   RoundParticipant.person_id == actor.id)).first()
        if me is None:
            return Reply.of(actor.lang, T("round.not_in"))
        when = local(service, rnd.deadline)
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
        if me.mode == "pass":  # not taking part: what they ticked lapses
            for row in s.exec(select(RoundInterest).where(RoundInterest.round_id == rid,
                                                          RoundInterest.person_id == actor.id)):
                s.delete(row)
        profile = s.exec(select(Profile).where(Profile.person_id == actor.id)).first()
        return Reply.of(actor.lang, T(f"round.mode.{me.mode}", deadline=when,
                                      department=(profile.department if profile and profile.department else "–")))


# --- opening: preview, confirm, the messages ---------------------------------------------------

@dataclass
class Plan:
    """Who a round over `klussen` would ask, and what it would list for each of them."""

    klussen: list[Klus]
    listed: dict[int, list[tuple[int, Klus, Invitation | None]]]  # person -> (fit %, klus, held invitation)

    def candidates(self, klus_id: int) -> int:
        return sum(1 for rows in self.listed.values() if any(k.id == klus_id for _, k, _ in rows))

    def holders(self, klus_id: int) -> int:
        return sum(1 for rows in self.listed.values() if any(k.id == klus_id and h for _, k, h in rows))


def _plan(service: Core, s: Session, organisation_id: int | None) -> Plan:
    klussen = [k for k in s.exec(select(Klus).where(Klus.status == "open", Klus.taken < Klus.places)
                                 .order_by(Klus.id)).all()
               if k.reach == "all" or k.organisation_id == organisation_id]
    if not klussen:
        return Plan([], {})
    ids = [k.id for k in klussen]
    invitations = s.exec(select(Invitation).where(col(Invitation.klus_id).in_(ids))).all()
    held = {(i.person_id, i.klus_id): i for i in invitations if i.status in q.OUTSTANDING}
    asked = {(i.person_id, i.klus_id) for i in invitations}
    holder_ids = {p for p, _ in held}
    rows = s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                  .where(Profile.visible == True)).all()  # noqa: E712
    rows += s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                   .where(col(Profile.person_id).in_(holder_ids or {-1}), Profile.visible == False)).all()  # noqa: E712
    scores = _scores_by_klus(klussen, _matcher(rows))
    booked = _booked(s, klussen, [p.person_id for p, _ in rows])
    facts = _klus_facts(klussen, booked)
    floor = service.settings.min_match_score
    listed: dict[int, list[tuple[int, Klus, Invitation | None]]] = {}
    for profile, person in rows:
        pid = person.id
        mine = []
        for klus, pair in zip(klussen, _pairs(profile, person, ids, facts, scores, held, asked, floor)):
            inv = held.get((pid, klus.id))
            if inv is not None:
                mine.append((fit_percent(pair.score), klus, inv))
            elif profile.visible and pair.may and pair.free >= pair.hours and pair.fits:
                mine.append((fit_percent(pair.score), klus, None))
        if mine:
            listed[pid] = sorted(mine, key=lambda row: (-row[0], row[1].start, row[1].id))
    return Plan(klussen, listed)


def preview(service: Core, actor: Actor, text: str) -> Reply:
    """What a new round would do; nothing is sent until the admin presses "open"."""
    deadline = _deadline(service, text)
    if deadline is None:
        return Reply.of(actor.lang, T("round.bad_deadline", text=text.strip()[:80]))
    with transaction(service.engine) as s:
        plan = _plan(service, s, actor.organisation_id)
        if not plan.klussen:
            return Reply.of(actor.lang, T("round.no_klussen"))
        if not plan.listed:
            return Reply.of(actor.lang, T("round.nobody_fits", klussen=len(plan.klussen)))
        rnd = MatchRound(organisation_id=actor.organisation_id, opened_by=actor.id, opened_at=service.now(),
                         deadline=deadline, status="preview")
        s.add(rnd)
        s.flush()
        when = local(service, deadline)
        days = _days_until(service, deadline)
        text_lines = [T("round.preview", people=len(plan.listed), klussen=len(plan.klussen), deadline=when)]
        lines = [T("round.preview_klus", title=k.title, free=k.places - k.taken, candidates=plan.candidates(k.id),
                   held=plan.holders(k.id)) for k in plan.klussen]
        text_lines += chunks(lines)
        if days > FAR_DAYS:
            text_lines.append(T("round.far_warning", days=days, max=FAR_DAYS))
        return Reply([Card(title=T("round.preview_title"), text=text_lines, choices=[
            Choice("round_open", str(rnd.id), T("round.btn.open", people=len(plan.listed)), "primary"),
            Choice("round_drop", str(rnd.id), T("round.btn.drop"))], note=T("round.preview_note"))], actor.lang)


def _open_previewed(service: Core, actor: Actor, round_id: int, far_ok: bool = False) -> Reply:
    now = service.now()
    with transaction(service.engine) as s:
        # Two admins opening two previews at once: the organisation's rounds are locked first
        # (PostgreSQL; SQLite's transactions take the write lock up front), so one opens.
        s.exec(select(MatchRound.id).where(MatchRound.organisation_id == actor.organisation_id,
                                           col(MatchRound.status).in_(("preview", "open")))
               .order_by(MatchRound.id).with_for_update()).all()
        rnd = s.get(MatchRound, round_id)
        if rnd is None or rnd.status != "preview" or rnd.organisation_id != actor.organisation_id:
            if rnd is not None and rnd.status == "open":
                return Reply.of(actor.lang, T("round.opened_already", id=rnd.id))
            return Reply.of(actor.lang, T("round.preview_gone"))
        if utc(rnd.opened_at) < now - timedelta(hours=PREVIEW_HOURS) or utc(rnd.deadline) <= now:
            return Reply.of(actor.lang, T("round.preview_stale"))
        days = _days_until(service, rnd.deadline)
        when = local(service, rnd.deadline)
        if days > FAR_DAYS and not far_ok:
            return Reply.of(actor.lang, T("round.far_confirm", days=days, deadline=when, max=FAR_DAYS), choices=[
                Choice("round_open_far", str(rnd.id), T("round.btn.open_far", deadline=when), "danger"),
                Choice("round_drop", str(rnd.id), T("round.btn.drop"))])
        running = _open_round(s, actor.organisation_id)
        if running is not None:
            return Reply.of(actor.lang, T("round.still_open", id=running.id))
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "preview")
                      .values(status="open", opened_at=now, opened_by=actor.id))
        if done.rowcount != 1:
            return Reply.of(actor.lang, T("round.opened_already", id=round_id))
        plan = _plan(service, s, actor.organisation_id)
        for klus in plan.klussen:
            s.add(RoundKlus(round_id=round_id, klus_id=klus.id))
        for pid, mine in sorted(plan.listed.items()):
            s.add(RoundParticipant(round_id=round_id, person_id=pid))
            notify.send(service, s, pid, _choice_card(round_id, mine, when), key=f"round:{round_id}")
        _audit(service, s, actor, "round_open", round=round_id, people=len(plan.listed),
               klussen=len(plan.klussen), deadline=when.strftime("%Y-%m-%d %H:%M"))
        return Reply.of(actor.lang, T("round.opened", id=round_id, klussen=len(plan.klussen),
                                      people=len(plan.listed), deadline=when))


def _drop(service: Core, actor: Actor, round_id: int) -> Reply:
    with transaction(service.engine) as s:
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "preview")
                      .values(status="dropped", closed_at=service.now()))
        if done.rowcount != 1:
            return Reply.of(actor.lang, T("round.preview_gone"))
    return Reply.of(actor.lang, T("round.dropped"))


def status(service: Core, actor: Actor, round_id: int) -> Reply:
    with transaction(service.engine) as s:
        rnd = s.get(MatchRound, round_id)
        people = s.exec(select(RoundParticipant).where(RoundParticipant.round_id == round_id)).all()
        klussen = s.exec(select(RoundKlus).where(RoundKlus.round_id == round_id)).all()
        answered = sum(1 for p in people if p.answered_at is not None)
        held = len(set(s.exec(select(Invitation.person_id).where(
            col(Invitation.klus_id).in_([k.klus_id for k in klussen] or [-1]),
            col(Invitation.status).in_(q.OUTSTANDING))).all()))
        return Reply.of(actor.lang, T("round.status", id=round_id, deadline=local(service, rnd.deadline),
                                      answered=answered, people=len(people), klussen=len(klussen), held=held),
                        choices=[Choice("round_close", str(round_id), T("round.btn.close"), "primary"),
                                 Choice("round_cancel", str(round_id), T("round.btn.cancel"), "danger")])


# --- closing: the share-out and everyone's one message ------------------------------------------

def close_due(service: Core) -> int:
    """Close every open round whose deadline has passed; how many were closed."""
    with transaction(service.engine) as s:
        due = s.exec(select(MatchRound.id).where(MatchRound.status == "open",
                                                 MatchRound.deadline <= service.now())).all()
    return sum(1 for rid in due if close(service, rid) is not None)


def close(service: Core, round_id: int, actor: Actor | None = None) -> dict | None:
    """Close round `round_id` now: share out and tell everyone (see the module docstring).
    The result, or None when it was not open (closed or cancelled already)."""
    now = service.now()
    with transaction(service.engine) as s:
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "open")
                      .values(status="closed", closed_at=now))
        if done.rowcount != 1:
            return None
        rnd = s.get(MatchRound, round_id)
        klus_ids = sorted(r.klus_id for r in s.exec(select(RoundKlus).where(RoundKlus.round_id == round_id)))
        # every invitation change locks its klus first, in id order
        klussen = [k for k in q.lock_klussen(s, klus_ids) if k.status == "open" and k.taken < k.places]
        by_klus = {k.id: k for k in klussen}
        participants = {p.person_id: p for p in s.exec(select(RoundParticipant).where(
            RoundParticipant.round_id == round_id))}
        ticked: dict[int, set[int]] = defaultdict(set)
        for row in s.exec(select(RoundInterest).where(RoundInterest.round_id == round_id)):
            ticked[row.person_id].add(row.klus_id)
        invitations = s.exec(select(Invitation).where(col(Invitation.klus_id).in_(list(by_klus) or [-1]))).all()
        held = {(i.person_id, i.klus_id): i for i in invitations if i.status in q.OUTSTANDING}
        asked = {(i.person_id, i.klus_id) for i in invitations}
        answered = {pid for pid, p in participants.items()
                    if p.mode in ("surprise", "own_department") or (p.mode != "pass" and ticked[pid])}
        taking_part = sorted(answered | {pid for pid, _ in held})
        rows = s.exec(select(Profile, Person).join(Person, Person.id == Profile.person_id)
                      .where(col(Profile.person_id).in_(taking_part or [-1]))).all()
        floor = service.settings.min_match_score
        mode_of = {pid: participants[pid].mode if pid in participants else "pass" for pid in taking_part}
        held_by: dict[int, set[int]] = defaultdict(set)
        for pid, klus_id in held:
            held_by[pid].add(klus_id)
        # Only the pairs someone could opt into count: those held and ticked, and for "verras me" and
        # "eigen afdeling" those at or above their threshold (`_pairs`: half the floor for a "verras
        # me" profile). `person_options` skips every other pair, so the options are the same as over
        # all pairs (2,000 people x 300 klussen: 600,000), at a fraction of the cost: scored from half
        # the floor, the held and ticked pairs whatever they score.
        matcher = _matcher(rows)
        opted: dict[int, list[int]] = defaultdict(list)  # klus -> people holding or ticking it
        for pid in taking_part:
            for klus_id in held_by[pid] | (ticked[pid] if mode_of[pid] != "pass" else set()):
                opted[klus_id].append(pid)
        scores = _scores_by_klus(klussen, matcher, floor / 2, opted)  # klus -> person -> score
        booked = _booked(s, klussen, [p.person_id for p, _ in rows])
        tiebreak = _fairness(s, [p.person_id for p, _ in rows], now)
        options: list[Option] = []
        short: dict[int, str] = {}  # person -> why they could take nothing they opted into
        facts = _klus_facts(klussen, booked)
        threshold = {p.person_id: floor / 2 if p.preference == "surprise" else floor for p, _ in rows
                     if mode_of[p.person_id] in ("surprise", "own_department")}
        fitting: dict[int, set[int]] = defaultdict(set)
        for klus_id, scored in scores.items():
            for pid, score in scored.items():
                if score >= threshold.get(pid, math.inf):
                    fitting[pid].add(klus_id)
        for profile, person in rows:
            pid = person.id
            mode = mode_of[pid]
            considered = held_by[pid] | (ticked[pid] if mode != "pass" else set()) | fitting[pid]
            pairs = _pairs(profile, person, sorted(k for k in considered if k in facts),  # (klussen: by id)
                           facts, scores, held, asked, floor)
            found, why_not = person_options(pid, mode, ticked[pid], held_by[pid], pairs, tiebreak.get(pid, 0.0))
            options += found
            if why_not:
                short[pid] = why_not
        places = {k.id: k.places - k.taken for k in klussen}
        placed = share_out(options, places)
        explained = explain(options, placed, places)
        got = {a.person: a.klus for a in placed}
        with_option = {o.person for o in options}
        explained["left_out"] = [{"person": pid, "why": short.get(pid, "closed")}
                                 for pid in taking_part if pid not in with_option]
        reasons_for = {e["person"]: e for e in explained["nothing"]}
        names = {k.id: k.title for k in klussen}
        counts = {"new": 0, "kept": 0, "withdrawn": 0}
        renewed: list[int] = []  # offered invitations kept: their answer time starts again (below, at once)
        fresh: dict[int, Invitation] = {}  # person -> the new invitation the round gives them, written at once
        for profile, person in rows:
            target = got.get(person.id)
            if target is not None and (person.id, target) not in held:
                klus = by_klus[target]
                match = _explained(matcher, klus, person.id)
                free = _pairs(profile, person, [klus.id], facts, scores, held, asked, floor)[0].free
                reasons = ranking.reasons(match, free)
                reasons["round"] = round_id
                fresh[person.id] = Invitation(klus_id=klus.id, person_id=person.id, score=match.score,
                                              reasons=reasons, created_at=now)
        s.add_all(fresh.values())
        s.flush()  # (their ids, for the buttons: one statement, not one per invitation)
        # everyone's message, the withdrawals and the renewals, written at the end: a withdrawal's
        # UPDATE would otherwise first flush the messages queued before it (a round trip each)
        with s.no_autoflush:
            for profile, person in sorted(rows, key=lambda r: r[1].id):
                pid = person.id
                mine = [held[pid, klus_id] for klus_id in sorted(held_by[pid])]
                lines: list[T] = []
                target = got.get(pid)
                for inv in mine:
                    if inv.klus_id == target:
                        continue
                    klus = by_klus[inv.klus_id]
                    outcome = (T("round.inv_elsewhere", title=klus.title, other=names[target]) if target
                               else T("round.inv_given", title=klus.title))
                    placement.withdraw(service, s, inv, outcome)
                    lines.append(outcome)
                    counts["withdrawn"] += 1
                if target is not None:
                    klus = by_klus[target]
                    owner = s.get(Person, klus.owner_id)
                    inv = held.get((pid, target))
                    if inv is not None:  # the round's outcome is the invitation they hold: renewed, not repeated
                        counts["kept"] += 1
                        if inv.status == "offered":
                            renewed.append(inv.id)
                        reasons = dict(inv.reasons or {})
                        reasons["round"] = round_id
                        inv.reasons = reasons
                        s.add(inv)
                        card = Card(title=T("round.result_title"), text=[T(
                            "round.you.kept_offered" if inv.status == "offered" else "round.you.kept_accepted",
                            title=klus.title, owner=owner.name)] + lines)
                        if inv.status == "offered":
                            card.choices = [Choice("accept", str(inv.id), T("btn.accept"), "primary"),
                                            Choice("decline", str(inv.id), T("btn.decline"), "danger",
                                                   ask=T("ask.decline_reason")),
                                            Choice("details", str(inv.id), T("btn.details"))]
                        notify.send(service, s, pid, card, key=f"round:{round_id}:you:{pid}")
                    else:
                        counts["new"] += 1
                        inv = fresh[pid]
                        card = cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv))
                        card.text[0:0] = [T("round.you.placed", title=klus.title)] + lines
                        notify.send(service, s, pid, card, key=f"inv:{inv.id}")
                    if pid in participants:
                        participants[pid].invitation_id = inv.id
                        s.add(participants[pid])
                elif pid in answered or mine:
                    why_line = _you_why(reasons_for.get(pid), short.get(pid), names)
                    notify.send(service, s, pid, Card(title=T("round.result_title"),
                                                 text=[T("round.no_match")] + ([why_line] if why_line else []) + lines),
                                    key=f"round:{round_id}:you:{pid}")
        for start in range(0, len(renewed), 500):
            s.exec(update(Invitation).where(col(Invitation.id).in_(renewed[start:start + 500]),
                                            Invitation.status == "offered")
                   .values(created_at=now, reminded_at=None).execution_options(synchronize_session=False))
        figures = {
            "klussen": len(klussen), "places": sum(places.values()), "participants": len(participants),
            "taking_part": len(taking_part), "assigned": len(placed), **counts,
            "total_fit": sum(by.fit for by in options if got.get(by.person) == by.klus),
        }
        rnd.result = {**figures, **explained}
        s.add(rnd)
        s.flush()
        _audit(service, s, actor, "round_close", round=round_id, assigned=len(placed), places=figures["places"])
        for entry in explained["klussen"]:  # each owner hears what the round did with their klus, once
            klus = by_klus[entry["klus"]]
            chosen = [s.get(Person, p["person"]).name for p in entry["placed"]]
            text = [T("round.owner_placed", title=klus.title, names=", ".join(chosen)) if chosen
                    else T("round.owner_nobody", title=klus.title, why=T(f"round.open_why.{entry['open_why']}"))]
            if entry["open"] > 0 and chosen:
                text.append(T("round.open_line", count=entry["open"], why=T(f"round.open_why.{entry['open_why']}")))
            notify.send(service, s, klus.owner_id, Card(title=T("round.result_title"), text=text),
                        key=f"round:{round_id}:owner:{klus.id}")
        if actor is None or actor.id != rnd.opened_by:
            notify.send(service, s, rnd.opened_by, round_result.result_card(service, s, rnd), key=f"round:{round_id}:result")
        return rnd.result


def _you_why(nothing: dict | None, short: str | None, titles: Mapping[int, str]) -> T | None:
    """Why someone got no klus, in words for them (no names of colleagues)."""
    if nothing is not None:
        return T(f"round.you.why.{nothing['why']}", title=titles.get(nothing["klus"], ""))
    if short in ("hours", "no_fit", "cannot"):
        return T(f"round.you.short.{short}")
    return None


# --- helpers ---------------------------------------------------------------------------

def _id(text: str) -> int | None:
    """An id from a button value; None for anything else (or too big for the database)."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _open_round(s: Session, organisation_id: int | None) -> MatchRound | None:
    return s.exec(select(MatchRound).where(MatchRound.status == "open",
                                           MatchRound.organisation_id == organisation_id)).first()


def _last_round(s: Session, organisation_id: int | None) -> MatchRound | None:
    return s.exec(select(MatchRound).where(col(MatchRound.status).in_(("closed", "cancelled")),
                                           MatchRound.organisation_id == organisation_id)
                  .order_by(col(MatchRound.id).desc())).first()


def _audit(service: Core, s: Session, actor: Actor | None, action: str, **detail) -> None:
    """An audit log entry in this transaction; the deadline closing a round is "Flexpool"."""
    if actor is not None:
        audit.record(service, s, actor, action, **detail)
    else:
        s.add(AuditLog(at=service.now(), actor="Flexpool (deadline)", action=action, detail=detail))


def _close_now(service: Core, actor: Actor, round_id: int) -> Reply:
    if close(service, round_id, actor) is None:
        return Reply.of(actor.lang, T("round.closed_already"))
    return round_result.reply(service, actor, round_id)


def _cancel(service: Core, actor: Actor, round_id: int) -> Reply:
    with transaction(service.engine) as s:
        done = s.exec(update(MatchRound).where(MatchRound.id == round_id, MatchRound.status == "open")
                      .values(status="cancelled", closed_at=service.now()))
        if done.rowcount != 1:
            return Reply.of(actor.lang, T("round.closed_already"))
        for p in s.exec(select(RoundParticipant).where(RoundParticipant.round_id == round_id)):
            notify.send(service, s, p.person_id, Card(text=[T("round.cancelled_people")]), key=f"round:{round_id}:cancel")
        _audit(service, s, actor, "round_cancel", round=round_id)
    return Reply.of(actor.lang, T("round.cancelled", id=round_id))


def _deadline(service: Core, text: str) -> datetime | None:
    """Now + DEFAULT_HOURS for no text; "3 dagen" / "48 uur"; or a date (the end of that day)."""
    text = re.sub(r"^(tot|until|deadline|over|in)\s+", "", text.strip())
    if not text:
        return service.now() + timedelta(hours=DEFAULT_HOURS)
    m = re.fullmatch(r"(\d{1,3})\s*(uur|u|hours?|h|dagen|dag|days?|d|weken|week|weeks?|w)", text)
    if m:
        amount = int(m.group(1))
        unit = m.group(2)[0]
        delta = (timedelta(hours=amount) if unit in "uh" else timedelta(weeks=amount) if unit == "w"
                 else timedelta(days=amount))
        return service.now() + delta if delta > timedelta(0) else None
    day = parse_date(text, service.today())
    if day is None or day < service.today():
        return None
    end = datetime.combine(day, time(23, 59), tzinfo=service.zone)
    return end if end > service.now() else None


def _days_until(service: Core, moment: datetime) -> int:
    return math.ceil((utc(moment) - service.now()).total_seconds() / 86400)


def _klus_facts(klussen: list[Klus], booked: Mapping[tuple[date, date], Mapping[int, float]]) -> dict[int, tuple]:
    """Per klus id what `_pairs` reads of it, as plain values (an ORM attribute costs ten
    times a plain one, and a round's close reads them for ~100,000 pairs)."""
    return {k.id: (k.hours_per_week, k.reach, k.organisation_id, k.department.lower(), k.owner_id, k.start, k.end,
                   booked.get((k.start, k.end), {})) for k in klussen}


def _pairs(profile: Profile, person: Person, klus_ids: Iterable[int], facts: Mapping[int, tuple],
           scores: Mapping[int, Mapping[int, float]], held: Mapping, asked: set, floor: float) -> list[Pair]:
    """What the rules say of one person and each klus of `klus_ids` (`facts` from
    `_klus_facts`, `scores` per klus as `_scores_by_klus` gives them):

    - free: their hours a week, less those booked in klussen overlapping the klus's period;
    - fits: as an invitation would — at the threshold (half of it for "verras me" profiles),
      and only their own department's klussen for "eigen afdeling" profiles;
    - own department: the klus is of their own organisation and (named) department;
    - may: they hold its invitation, or were never asked for it and could take it — within
      its reach, not its owner, enough hours and the dates on paper."""
    pid, org = person.id, person.organisation_id
    dept, has_dept = profile.department.lower(), profile.department.strip() != ""
    hours, since, until = profile.hours_per_week, profile.available_from, profile.available_until
    own_only = profile.preference == "own_department"
    threshold = floor / 2 if profile.preference == "surprise" else floor
    pairs = []
    for klus_id in klus_ids:
        klus_hours, reach, klus_org, klus_dept, owner, start, end, booked = facts[klus_id]
        score = scores[klus_id].get(pid, 0.0)
        own_department = org == klus_org and has_dept and dept == klus_dept
        may = (pid, klus_id) in held or ((pid, klus_id) not in asked
                                         and (reach == "all" or (org == klus_org and (reach != "department"
                                                                                     or dept == klus_dept)))
                                         and owner != pid and hours >= klus_hours
                                         and not (since and since > start) and not (until and until < end))
        pairs.append(Pair(klus_id, klus_hours, hours - booked.get(pid, 0.0), score,
                          (own_department or not own_only) and score >= threshold, own_department, may))
    return pairs


def _booked(s: Session, klussen: list[Klus], ids: list[int]) -> dict[tuple[date, date], dict[int, float]]:
    """Confirmed hours per week per person, for each klus period of the round."""
    return q.booked_hours_per_period(s, ids, [(klus.start, klus.end) for klus in klussen])


def _fairness(s: Session, ids: list[int], now: datetime) -> dict[int, float]:
    """A tie-break in [0, 0.5): higher for who was asked less recently and less often."""
    history = fairness.history(s, ids, now)
    order = sorted(ids, key=lambda pid: (
        history.get(pid, fairness.NO_HISTORY).recent,
        _stamp(history.get(pid, fairness.NO_HISTORY).last_invited), pid))
    n = max(len(order), 1)
    return {pid: round(0.5 * (n - i) / n, 6) for i, pid in enumerate(order)}


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else float("-inf")


def _candidates(people: Iterable[tuple[Profile, Person]]) -> list[matching.Candidate]:
    return [matching.Candidate(p.person_id, ranking.has_skills(p), matching.split_terms(p.wants), p.job_title)
            for p, _ in people]


def _matcher(people: list[tuple[Profile, Person]]) -> matching.Matcher:
    matcher = matching.Matcher()
    for candidate in _candidates(people):
        matcher.upsert(candidate)
    return matcher


def _scores_by_klus(klussen: list[Klus], matcher: matching.Matcher, min_score: float = 0.0,
                    keep: Mapping[int, list[int]] | None = None) -> dict[int, dict[int, float]]:
    """Klus id -> person id -> the matcher's score, for everyone scoring at all and at least
    `min_score`, or in `keep[klus id]`: the matcher's own answer per klus, not re-keyed per pair."""
    return {klus.id: matcher.scores(matching.split_terms(klus.skills), title=klus.title, min_score=min_score,
                                    keep=(keep or {}).get(klus.id, ()))
            for klus in klussen}


def _explained(matcher: matching.Matcher, klus: Klus, person_id: int) -> matching.Match:
    """The Match of one person for one klus, with what fitted (for the invitation)."""
    found = matcher.rank(matching.split_terms(klus.skills), title=klus.title, allowed=[person_id], limit=1)
    return found[0] if found else matching.Match(person_id, 0.0)


def _choice_card(round_id: int, mine: list[tuple[int, Klus, Invitation | None]], deadline: datetime) -> Card:
    choosable = [(fit, k) for fit, k, held in mine if held is None]
    text = [T("round.intro" if choosable else "round.intro_held", deadline=deadline)]
    listed = choosable[:MAX_LISTED]
    for fit, k, held in mine:
        if held is not None:
            text.append(T("round.line_held", title=k.title, hours=k.hours_per_week, start=k.start, end=k.end,
                          fit=fit))
    text += [T("round.line", title=k.title, hours=k.hours_per_week, start=k.start, end=k.end, fit=fit)
             for fit, k in listed]
    if len(choosable) > len(listed):
        text.append(T("round.more", count=len(choosable) - len(listed)))
    choices = [Choice("round_interest", f"{round_id}:{k.id}", T("round.btn.interest", title=_short(k.title)))
               for _, k in listed]
    if choosable:  # with only invitations they hold there is nothing to choose: they need do nothing
        choices += [Choice("round_surprise", str(round_id), T("round.btn.surprise"), "primary"),
                    Choice("round_department", str(round_id), T("round.btn.department")),
                    Choice("round_pass", str(round_id), T("round.btn.pass"))]
    return Card(title=T("round.title"), text=text, choices=choices, note=T("round.note", deadline=deadline))


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"
