"""Time: reminders, expiry, start and end, the mid-way check, feedback, digests — and
`tick`, all due work in a safe order. Each function finds due work in the database and
marks it done in the same transaction (a conditional update), so a restart neither loses
nor repeats it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select

from bot import admins, approval, cards, feedback, klussen, notify, nudge, placement, privacy, rounds
from bot.core import Core, actor_of
from bot.i18n import Join, T
from bot.port import Card
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Person


def reminded_update(inv_id: int, **values):
    return update(Invitation).where(Invitation.id == inv_id, Invitation.reminded_at == None).values(**values)  # noqa: E711


def klus_mark(klus_id: int, where_null: str, **values):
    return update(Klus).where(Klus.id == klus_id, getattr(Klus, where_null) == None).values(**values)  # noqa: E711


def digest_update(person_id: int, before: datetime, now: datetime):
    return update(Person).where(Person.id == person_id, or_(
        Person.last_digest_at == None, Person.last_digest_at <= before)).values(last_digest_at=now)  # noqa: E711


def remind_due(service: Core) -> int:
    """One friendly reminder for invitations unanswered after the reminder time."""
    before = service.now() - timedelta(hours=service.settings.reminder_hours)
    done = 0
    with transaction(service.engine) as s:
        due = s.exec(select(Invitation).join(Klus, Klus.id == Invitation.klus_id).where(
            Invitation.status == "offered", Invitation.reminded_at == None,  # noqa: E711
            Invitation.created_at <= before, Klus.status == "open")).all()
        waiting = q.in_open_round(s, {inv.klus_id for inv in due})  # these wait for a matching round's decision
        for inv in due:
            if inv.klus_id in waiting or not s.exec(reminded_update(inv.id, reminded_at=service.now())).rowcount:
                continue
            klus = s.get(Klus, inv.klus_id)
            owner = s.get(Person, klus.owner_id)
            notify.send(service, s, inv.person_id, Card(
                text=[T("time.reminder", owner=owner.name, title=klus.title, when=cards.deadline(service, inv))],
                choices=cards.invitation_choices(inv.id)))
            done += 1
    return done


def remind_owners_due(service: Core) -> int:
    """Accepted but not confirmed: after FLEXPOOL_REMINDER_HOURS the owner is reminded
    (with the buttons again); after FLEXPOOL_RESPONSE_HOURS the flexpool office is told
    and the owner hears that it was. An invitation waiting for a line manager waits on
    the manager (bot.approval has that timer), not on the owner."""
    now = service.now()
    settings = service.settings
    done = 0
    for column, hours in (("owner_reminded_at", settings.reminder_hours), ("escalated_at", settings.response_hours)):
        before = now - timedelta(hours=hours)
        with transaction(service.engine) as s:
            due = s.exec(select(Invitation.id, Invitation.klus_id).join(Klus, Klus.id == Invitation.klus_id).where(
                Invitation.status == "accepted", getattr(Invitation, column) == None,  # noqa: E711
                Invitation.answered_at != None, Invitation.answered_at <= before,  # noqa: E711
                col(Klus.status).in_(("open", "filled"))).order_by(Invitation.klus_id, Invitation.id)).all()
        for inv_id, klus_id in due:
            with transaction(service.engine) as s:
                klus = q.lock_klus(s, klus_id)
                inv = s.get(Invitation, inv_id)
                s.refresh(inv)
                if inv.status != "accepted" or approval.pending_for(s, [inv.id]):
                    continue
                if not s.exec(update(Invitation).where(Invitation.id == inv.id, Invitation.status == "accepted",
                                                       getattr(Invitation, column) == None)  # noqa: E711
                              .values(**{column: now})).rowcount:
                    continue
                person, owner = s.get(Person, inv.person_id), s.get(Person, klus.owner_id)
                if column == "owner_reminded_at":
                    card = cards.acceptance_card(klus, inv, person.name)
                    card.text.insert(0, T("time.owner_reminder", name=person.name, title=klus.title,
                                          hours=settings.reminder_hours))
                    notify.send(service, s, owner.id, card)
                else:
                    office = admins.office_people(service, s, klus.organisation_id)
                    for admin in office:
                        notify.send(service, s, admin.id, Card(text=[T(
                            "time.office_unconfirmed", name=person.name, title=klus.title, owner=owner.name,
                            hours=settings.response_hours, start=klus.start)]))
                    notify.send(service, s, owner.id, Card(
                        text=[T("time.owner_escalated" if office else "time.owner_reminder_last",
                                name=person.name, title=klus.title, start=klus.start)],
                        choices=cards.acceptance_choices(inv.id)))
                done += 1
    return done


def expire_due(service: Core) -> int:
    """Invitations unanswered after the response time expire; the next candidates are asked."""
    before = service.now() - timedelta(hours=service.settings.response_hours)
    with transaction(service.engine) as s:
        klus_ids = sorted(set(s.exec(select(Invitation.klus_id).where(
            Invitation.status == "offered", Invitation.created_at <= before)).all()))
        klus_ids = [k for k in klus_ids if k not in q.in_open_round(s, klus_ids)]  # waiting for a matching round
    done = 0
    for klus_id in klus_ids:
        with transaction(service.engine) as s:
            klus = q.lock_klus(s, klus_id)
            owner = s.get(Person, klus.owner_id)
            for inv in s.exec(select(Invitation).where(Invitation.klus_id == klus_id,
                                                       Invitation.status == "offered",
                                                       Invitation.created_at <= before)).all():
                if q.transition(s, inv.id, ("offered",), "expired", decided_at=service.now()):
                    s.refresh(inv)
                    card = cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv), T("time.expired"))
                    notify.send(service, s, inv.person_id, card,
                                 amends=f"inv:{inv.id}")
                    done += 1
            placement.after_loss(service, s, klus)
    return done


def start_and_end_due(service: Core) -> int:
    """Start date: filled/open klussen begin (or expire when nobody was found); a week
    before the end the owner is reminded; after the end date the klus is done, the hours
    are released and both sides are asked for feedback."""
    today = service.today()
    count = 0
    with transaction(service.engine) as s:
        starting = s.exec(select(Klus.id).where(col(Klus.status).in_(("open", "filled")), Klus.start <= today)).all()
        warn = s.exec(select(Klus.id).where(Klus.status == "running", Klus.end_warned_at == None,  # noqa: E711
                                            Klus.end <= today + timedelta(days=7), Klus.end >= today)).all()
        ending = s.exec(select(Klus.id).where(col(Klus.status).in_(("running",)), Klus.end < today)).all()
    for klus_id in starting:
        count += start(service, klus_id)
    for klus_id in warn:
        with transaction(service.engine) as s:
            klus = q.lock_klus(s, klus_id)
            if s.exec(klus_mark(klus_id, end_warned_at=service.now(), where_null="end_warned_at")).rowcount:
                notify.send(service, s, klus.owner_id, feedback.midway_card(klus), key=f"mid:{klus.id}")
                count += 1
    for klus_id in ending:
        count += finish(service, klus_id)
    return count


def start(service: Core, klus_id: int) -> int:
    """The start date: the klus runs with whoever is confirmed, or expires when nobody is.
    Whoever was still invited, or had accepted without being confirmed, hears what really
    happened, and so does the owner."""
    with transaction(service.engine) as s:
        klus = q.lock_klus(s, klus_id)
        if klus.status not in ("open", "filled"):
            return 0
        new = "running" if klus.taken > 0 else "expired"
        s.exec(placement.status_update(klus.id, ("open", "filled"), new, started_at=service.now(),
                                       **({"closed_at": service.now()} if new == "expired" else {})))
        s.refresh(klus)
        owner = s.get(Person, klus.owner_id)
        unconfirmed = []
        for inv in q.outstanding(s, klus.id):
            person = s.get(Person, inv.person_id)
            if inv.status == "accepted":
                unconfirmed.append(person.name)
                text = T(f"time.unconfirmed_{new}", title=klus.title, owner=owner.name)
                owner_text = T("time.unconfirmed_owner_card", name=person.name, title=klus.title)
            else:
                text = T(f"time.withdrawn_{new}", title=klus.title)
                owner_text = None
            placement.withdraw(service, s, inv, text, owner_text)
        if unconfirmed:
            names = Join(unconfirmed)
            notify.send(service, s, owner.id, Card(text=[T(f"time.unconfirmed_owner_{new}", title=klus.title,
                                                           names=names)]))
            for admin in admins.office_people(service, s, klus.organisation_id):
                notify.send(service, s, admin.id, Card(text=[T(f"time.unconfirmed_office_{new}", title=klus.title,
                                                               owner=owner.name, names=names)]))
        if new == "expired":
            if not unconfirmed:
                notify.send(service, s, owner.id, Card(text=[T("time.klus_expired", title=klus.title,
                                                               suggestions=cards.suggestions(klus))]))
            return 1
        people = placement.confirmed_people(s, klus.id)
        notify.send(service, s, owner.id, Card(text=[T("time.starts_owner", title=klus.title,
                                                       names=Join([p.name for p in people]))]))
        for person in people:
            notify.send(service, s, person.id, Card(text=[T("time.starts", title=klus.title, owner=owner.name,
                                                            hours=klus.hours_per_week)]))
        return 1


def finish(service: Core, klus_id: int) -> int:
    with transaction(service.engine) as s:
        klus = q.lock_klus(s, klus_id)
        if not s.exec(placement.status_update(klus.id, ("running",), "done", closed_at=service.now())).rowcount:
            return 0
        s.refresh(klus)
        for person in placement.confirmed_people(s, klus.id):
            notify.send(service, s, klus.owner_id, cards.feedback_owner_card(klus, person), key=f"fb:{klus.id}:{person.id}")
            notify.send(service, s, person.id, Card(
                text=[T("fb.ask_colleague", title=klus.title)],
                choices=cards.feedback_rating_choices(klus.id)),
                key=f"fbr:{klus.id}:{person.id}")
        return 1


def digests_due(service: Core) -> int:
    """The weekly digest for people who asked for it: open klussen that fit them."""
    before = service.now() - timedelta(days=7)
    with transaction(service.engine) as s:
        due = s.exec(select(Person).where(Person.digest == True, or_(  # noqa: E712
            Person.last_digest_at == None, Person.last_digest_at <= before))).all()  # noqa: E711
        actors = [actor_of(p) for p in due]
    sent = 0
    for actor in actors:
        listing = klussen.open_klussen(service, actor)
        offers = [c for card in listing.cards for c in card.choices if c.action == "offer"][:5]
        with transaction(service.engine) as s:
            if not s.exec(digest_update(actor.id, before, service.now())).rowcount:
                continue
            if not offers:
                continue  # nothing new this week: no message
            titles = [card.title for card in listing.cards if card.choices and card.title][:5]
            notify.send(service, s, actor.id, Card(title=T("digest.title"), text=[T("digest.intro")] + titles,
                                           choices=offers, note=T("digest.note")))
            sent += 1
    return sent


def tick(service: Core) -> dict[str, int]:
    """All due time-driven work, in a safe order."""
    return {
        "expired": expire_due(service),
        "approvals_timed_out": approval.expire_due(service),
        "reminded": remind_due(service),
        "owners_reminded": remind_owners_due(service),
        "started_or_ended": start_and_end_due(service),
        "digests": digests_due(service),
        "rounds_closed": rounds.close_due(service),
        "anonymised": privacy.retention_due(service),
        "nudged": nudge.due(service),
    }
