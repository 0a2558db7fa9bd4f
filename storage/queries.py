"""Queries the service needs more than once. They take an open session and return rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Invitation, Klus, MatchRound, Organisation, Outbox, Person, Profile, RoundKlus, Workspace

ACTIVE_KLUS = ("open", "filled", "running")
OUTSTANDING = ("offered", "accepted")


def insert_or_get(session: Session, row, query):
    """The row `query` finds, else `row` inserted. Two processes inserting the same unique
    row at once (the first requests of a new workspace): the loser's insert fails on the
    unique key inside a savepoint, and it reads the winner's row — its transaction goes on."""
    found = session.exec(query).first()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        found = session.exec(query.execution_options(populate_existing=True)).first()
        if found is None:
            raise
        return found


def get_or_create_organisation(session: Session, name: str) -> Organisation:
    return insert_or_get(session, Organisation(name=name), select(Organisation).where(Organisation.name == name))


def workspace_default(session: Session, platform: str, external_id: str) -> int | None:
    """The organisation a workspace names as its default, if any (bot.organisations)."""
    return session.exec(select(Workspace.organisation_id).where(
        Workspace.platform == platform, Workspace.external_id == external_id)).first()


def asked_by(session: Session, klus: Klus, invitation: Invitation) -> str:
    """The name of the organisation that posted `klus` when it is not the invited person's
    own (an invitation across organisations says who asks); else ''."""
    person = session.get(Person, invitation.person_id)
    return poster_organisation(session, klus, person.organisation_id if person else None)


def poster_organisation(session: Session, klus: Klus, reader_organisation: int | None) -> str:
    """The name of the organisation that posted `klus` when it is not the reader's own; else ''."""
    if klus.organisation_id is None or klus.organisation_id == reader_organisation:
        return ""
    org = session.get(Organisation, klus.organisation_id)
    return org.name if org else ""


def booked_hours(session: Session, person_ids: Iterable[int], start: date, end: date) -> dict[int, float]:
    """Hours per week already booked for each person in klussen overlapping [start, end]."""
    return booked_hours_per_period(session, person_ids, [(start, end)]).get((start, end), {})


def booked_hours_per_period(session: Session, person_ids: Iterable[int],
                            periods: Iterable[tuple[date, date]]) -> dict[tuple[date, date], dict[int, float]]:
    """`booked_hours` for each of `periods`, in one query (a matching round asks it for
    every klus period of the round)."""
    ids, periods = list(person_ids), list(dict.fromkeys(periods))
    if not ids or not periods:
        return {}
    bookings = []
    for at in range(0, len(ids), 5000):
        bookings += session.exec(
            select(Invitation.person_id, Klus.start, Klus.end, Klus.hours_per_week)
            .join(Klus, Klus.id == Invitation.klus_id)
            .where(
                col(Invitation.person_id).in_(ids[at:at + 5000]),
                Invitation.status == "confirmed",
                col(Klus.status).in_(ACTIVE_KLUS),
                Klus.start <= max(end for _, end in periods),
                Klus.end >= min(start for start, _ in periods),
            )
        ).all()
    out: dict[tuple[date, date], dict[int, float]] = {}
    for start, end in periods:
        hours: dict[int, float] = {}
        for pid, booked_start, booked_end, per_week in bookings:
            if booked_start <= end and booked_end >= start:
                hours[pid] = hours.get(pid, 0.0) + float(per_week or 0)
        out[start, end] = hours
    return out


def eligible_profiles(session: Session, klus: Klus, klus_org: int | None, since_week: datetime,
                      max_per_week: int) -> list[tuple[Profile, Person]]:
    """Visible profiles that may be asked for `klus`: not the poster, not asked before,
    available in its period, within its reach and the weekly invitation cap. Free hours
    are checked by the caller (they need the bookings)."""
    asked = select(Invitation.person_id).where(Invitation.klus_id == klus.id)
    recent = (
        select(Invitation.person_id)
        .where(Invitation.created_at >= since_week, Invitation.self_offered == False)  # noqa: E712
        .group_by(Invitation.person_id)
        .having(func.count() >= max_per_week)
    )
    query = (
        select(Profile, Person)
        .join(Person, Person.id == Profile.person_id)
        .where(
            Profile.visible == True,  # noqa: E712
            Profile.person_id != klus.owner_id,
            Profile.hours_per_week >= klus.hours_per_week,
            col(Profile.person_id).not_in(asked),
            col(Profile.person_id).not_in(recent),
            or_(Profile.available_from == None, Profile.available_from <= klus.start),  # noqa: E711
            or_(Profile.available_until == None, Profile.available_until >= klus.end),  # noqa: E711
        )
    )
    if klus.reach in ("organisation", "department"):
        query = query.where(Person.organisation_id == klus_org)
    if klus.reach == "department":
        query = query.where(func.lower(Profile.department) == klus.department.lower())
    return list(session.exec(query).all())


def asked_capped_booked(session: Session, klus: Klus, since_week: datetime,
                        max_per_week: int) -> tuple[list[int], list[int], dict[int, float]]:
    """What keeps people from an invitation for `klus` besides their profile: who was
    asked for it already, who reached the weekly cap (self-offers do not count), and the
    hours a week already booked in klussen overlapping it — few rows each, whatever the
    size of the pool (bot.pool)."""
    asked = session.exec(select(Invitation.person_id).where(Invitation.klus_id == klus.id)).all()
    capped = session.exec(
        select(Invitation.person_id)
        .where(Invitation.created_at >= since_week, Invitation.self_offered == False)  # noqa: E712
        .group_by(Invitation.person_id)
        .having(func.count() >= max_per_week)
    ).all()
    booked = session.exec(
        select(Invitation.person_id, func.sum(Klus.hours_per_week))
        .join(Klus, Klus.id == Invitation.klus_id)
        .where(Invitation.status == "confirmed", col(Klus.status).in_(ACTIVE_KLUS),
               Klus.start <= klus.end, Klus.end >= klus.start)
        .group_by(Invitation.person_id)
    ).all()
    return list(asked), list(capped), {pid: float(hours or 0) for pid, hours in booked}


def recent_invitation_counts(session: Session, person_ids: Iterable[int], since: datetime) -> dict[int, int]:
    ids = list(person_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Invitation.person_id, func.count())
        .where(col(Invitation.person_id).in_(ids), Invitation.created_at >= since)
        .group_by(Invitation.person_id)
    ).all()
    return dict(rows)


def lock_klus(session: Session, klus_id: int) -> Klus | None:
    """Lock a klus row for this transaction (PostgreSQL; SQLite's write lock already
    serialises). Every change to a klus's invitations takes this lock first, so two
    transactions always lock in the same order: klus, then its invitations."""
    found = lock_klussen(session, [klus_id])
    return found[0] if found else None


def lock_klussen(session: Session, klus_ids: Iterable[int]) -> list[Klus]:
    """`lock_klus` for many klussen in one statement (a round's close: all of its klussen),
    locked in id order — the rows are locked as the sorted result is read — as one by one
    in id order would."""
    ids = sorted(set(klus_ids))
    found: list[Klus] = []
    for start in range(0, len(ids), 1000):
        found += session.exec(
            select(Klus).where(col(Klus.id).in_(ids[start:start + 1000])).order_by(Klus.id).with_for_update()
            .execution_options(populate_existing=True)).all()
    return found


def transition(session: Session, invitation_id: int, from_states: tuple[str, ...], to_state: str, **values) -> bool:
    """Move an invitation between states atomically; False if it was not in `from_states`."""
    result = session.exec(
        update(Invitation)
        .where(Invitation.id == invitation_id, col(Invitation.status).in_(from_states))
        .values(status=to_state, **values)
        # the changed row is read back (RETURNING) to bring the session's copy up to date, instead of
        # every invitation the session holds being tested against the WHERE (a round's close: hundreds)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def take_place(session: Session, klus_id: int) -> bool:
    """Take one place of an open klus atomically; False when none is left."""
    result = session.exec(
        update(Klus)
        .where(Klus.id == klus_id, Klus.status == "open", Klus.taken < Klus.places)
        .values(taken=Klus.taken + 1)
    )
    return result.rowcount == 1


def outstanding(session: Session, klus_id: int) -> list[Invitation]:
    return list(session.exec(
        select(Invitation).where(Invitation.klus_id == klus_id, col(Invitation.status).in_(OUTSTANDING))
    ).all())


def in_open_round(session: Session, klus_ids: Iterable[int] | None = None) -> set[int]:
    """Of `klus_ids` (all when None), the klussen in an open matching round (bot.rounds):
    their pending invitations wait for the round, and nobody is invited around it."""
    query = (select(RoundKlus.klus_id).join(MatchRound, MatchRound.id == RoundKlus.round_id)
             .where(MatchRound.status == "open"))
    if klus_ids is not None:
        ids = list(klus_ids)
        if not ids:
            return set()
        query = query.where(col(RoundKlus.klus_id).in_(ids))
    return set(session.exec(query).all())


def pending_outbox(session: Session, now: datetime, stale_before: datetime, limit: int = 100,
                   platforms: Iterable[str] | None = None) -> list[Outbox]:
    """Due, unclaimed rows, oldest first; with `platforms` only those to people on one of
    them, so a process never spends its batch on rows it cannot send (fair delivery: one
    platform that is down never stalls another's messages)."""
    query = (select(Outbox)
             .where(Outbox.sent_at == None, Outbox.next_attempt_at <= now,  # noqa: E711
                    or_(Outbox.claimed_at == None, Outbox.claimed_at < stale_before)))  # noqa: E711
    if platforms is not None:
        query = query.join(Person, Person.id == Outbox.person_id).where(col(Person.platform).in_(list(platforms)))
    return list(session.exec(query.order_by(Outbox.id).limit(limit)).all())


def claim_outbox(session: Session, row_id: int, now: datetime, stale_before: datetime) -> bool:
    """Claim a row that is due and not claimed (or whose claim is stale: its sender died).
    Checking that it is due here, not only when listing, keeps a sender with an old list
    from trying a row again that another sender has just tried and put back."""
    result = session.exec(
        update(Outbox)
        .where(Outbox.id == row_id, Outbox.sent_at == None, Outbox.next_attempt_at <= now,  # noqa: E711
               or_(Outbox.claimed_at == None, Outbox.claimed_at < stale_before))  # noqa: E711
        .values(claimed_at=now)
    )
    return result.rowcount == 1


def sent_ref(session: Session, key: str) -> str:
    row = session.exec(
        select(Outbox.ref).where(Outbox.key == key, Outbox.sent_at != None, Outbox.ref != "")  # noqa: E711
        .order_by(col(Outbox.id).desc())
    ).first()
    return row or ""


STATS_KLUS = (Klus.id, Klus.status, Klus.created_at, Klus.filled_at, Klus.places, Klus.taken, Klus.skills,
              Klus.hours_per_week, Klus.start, Klus.end)
STATS_INVITATION = (Invitation.klus_id, Invitation.status, Invitation.self_offered, Invitation.answered_at)


def stats_rows(session: Session, since: datetime | None, until: datetime | None, light: bool = False,
               klus_where=None):
    """Klussen and invitations made in [since, until): whole rows, or with `light` only the
    columns the stats read (STATS_KLUS, STATS_INVITATION) as plain rows — a fraction of
    the memory and time of ORM objects when there are many. `klus_where`: only these
    klussen and their invitations (an organisation's admin sees their own)."""
    klus_q = select(*STATS_KLUS) if light else select(Klus)
    inv_q = select(*STATS_INVITATION) if light else select(Invitation)
    if klus_where is not None:
        klus_q = klus_q.where(klus_where)
        inv_q = inv_q.join(Klus, Klus.id == Invitation.klus_id).where(klus_where)
    if since is not None:
        klus_q = klus_q.where(Klus.created_at >= since)
        inv_q = inv_q.where(Invitation.created_at >= since)
    if until is not None:
        klus_q = klus_q.where(Klus.created_at < until)
        inv_q = inv_q.where(Invitation.created_at < until)
    return list(session.exec(klus_q).all()), list(session.exec(inv_q).all())


def known_skill_terms(session: Session) -> list[str]:
    rows = session.exec(select(Profile.skills, Profile.wants)).all()
    return [value for row in rows for value in row if value]

