"""Places on a klus: inviting the next best people while places are open, taking a
place when someone is confirmed, withdrawing invitations, and what happens after someone
drops out. Every state change is a conditional UPDATE (safe to repeat); callers hold the
klus row locked (`storage.queries.lock_klus`)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot import cards, notify, ranking
from bot.core import Core
from bot.i18n import Join, T
from bot.port import Card, Reply
from storage import queries as q
from storage.models import Invitation, Klus, Person


def status_update(klus_id: int, from_states: tuple[str, ...], to_state: str, **values):
    """The UPDATE that moves a klus from one of `from_states` to `to_state` (rowcount 1 if it did)."""
    return update(Klus).where(Klus.id == klus_id, col(Klus.status).in_(from_states)).values(status=to_state, **values)


def confirmed_people(s: Session, klus_id: int) -> list[Person]:
    return list(s.exec(select(Person).join(Invitation, Invitation.person_id == Person.id).where(
        Invitation.klus_id == klus_id, Invitation.status == "confirmed").order_by(Person.id)).all())


def new_invitation(service: Core, s: Session, klus: Klus, person: Person, match, free: float,
                   owner: Person) -> Invitation:
    """Store an invitation for `person` and send them the invitation card."""
    inv = Invitation(klus_id=klus.id, person_id=person.id, score=match.score,
                     reasons=ranking.reasons(match, free), created_at=service.now())
    s.add(inv)
    s.flush()
    notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv)),
                key=f"inv:{inv.id}")
    return inv


def top_up(service: Core, s: Session, klus: Klus) -> list[tuple[Person, Invitation]]:
    """Invite the next best people while places are open: N per open place in total
    (nobody while the klus is in an open matching round: the round shares it out)."""
    if klus.status != "open" or q.in_open_round(s, [klus.id]):
        return []
    open_places = klus.places - klus.taken
    waiting = len(q.outstanding(s, klus.id))
    wanted = open_places * service.settings.invites_per_place - waiting
    if wanted <= 0:
        return []
    invited = []
    owner = s.get(Person, klus.owner_id)
    for profile, person, match, free in ranking.rank(service, s, klus, limit=wanted):
        invited.append((person, new_invitation(service, s, klus, person, match, free, owner)))
    return invited


def withdraw(service: Core, s: Session, inv: Invitation, why_text: T, owner_text: T | None = None) -> None:
    """An outstanding or confirmed invitation ends without the colleague doing anything.
    `why_text` tells the colleague why; `owner_text` replaces the owner's buttons on an
    acceptance (default: no longer needed, the klus is full or stopped)."""
    was = inv.status
    if not q.transition(s, inv.id, q.OUTSTANDING + ("confirmed",), "withdrawn", decided_at=service.now()):
        return
    s.refresh(inv)
    klus = s.get(Klus, inv.klus_id)
    owner = s.get(Person, klus.owner_id)
    notify.send(service, s, inv.person_id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv),
                                                                 why_text),
                amends=f"inv:{inv.id}")
    if was == "accepted":
        person = s.get(Person, inv.person_id)
        notify.send(service, s, owner.id, Card(text=[owner_text or T("acc.withdrawn_full", name=person.name)]),
                    amends=f"acc:{inv.id}")


def after_loss(service: Core, s: Session, klus: Klus) -> None:
    """Someone dropped out: invite the next candidates; tell the owner if nobody is left."""
    s.refresh(klus)
    if klus.status != "open":
        return
    invited = top_up(service, s, klus)
    if invited:
        notify.send(service, s, klus.owner_id, Card(text=[T("owner.next_invited", title=klus.title,
                                                            names=Join([p.name for p, _ in invited]))]))
    elif not q.outstanding(s, klus.id):
        notify.send(service, s, klus.owner_id, Card(
            text=[T("owner.nobody_left", title=klus.title, suggestions=cards.suggestions(klus))],
            choices=cards.owner_choices(klus)))


def confirm_place(service: Core, s: Session, inv: Invitation, klus: Klus, owner: Person, lang: str,
                  by_owner: bool) -> Reply:
    """Confirm an accepted invitation and take a place (past every gate: see
    `bot.invitations.confirm_accepted`). The klus fills when its last place is taken."""
    now = service.now()
    person = s.get(Person, inv.person_id)
    if inv.status == "confirmed":
        return Reply.of(lang, T("acc.already_confirmed", name=person.name))
    if inv.status != "accepted":
        return Reply.of(lang, T("acc.not_accepted", name=person.name, status=T(f"inv.status.{inv.status}")))
    if not q.transition(s, inv.id, ("accepted",), "confirmed", decided_at=now):
        s.refresh(inv)
        return Reply.of(lang, T("acc.not_accepted", name=person.name, status=T(f"inv.status.{inv.status}")))
    if not q.take_place(s, klus.id):
        # No place left (someone else was confirmed first): this one is withdrawn.
        q.transition(s, inv.id, ("confirmed",), "withdrawn", decided_at=now)
        s.refresh(inv)
        notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv),
                                                                 T("inv.full", title=klus.title)),
                    amends=f"inv:{inv.id}")
        if by_owner:
            notify.send(service, s, owner.id, Card(text=[T("acc.full", name=person.name)]), amends=f"acc:{inv.id}")
            return Reply.of(lang, T("acc.full", name=person.name))
        return Reply.of(lang, T("inv.full", title=klus.title))
    s.refresh(klus)
    s.refresh(inv)
    notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv), T(
        "inv.confirmed", owner=owner.name, start=klus.start)), amends=f"inv:{inv.id}")
    notify.send(service, s, person.id, Card(text=[T("inv.confirmed_dm", title=klus.title, owner=owner.name,
                                                    start=klus.start, hours=klus.hours_per_week)]))
    if by_owner:
        notify.send(service, s, owner.id, Card(text=[T("acc.confirmed", name=person.name, taken=klus.taken,
                                                       places=klus.places)]), amends=f"acc:{inv.id}")
    else:
        notify.send(service, s, owner.id, Card(text=[T("acc.auto_confirmed", name=person.name, title=klus.title,
                                                       why=cards.why(inv.reasons), taken=klus.taken,
                                                       places=klus.places)]))
    if klus.taken >= klus.places:
        s.exec(status_update(klus.id, ("open",), "filled", filled_at=now))
        s.refresh(klus)
        names = [p.name for p in confirmed_people(s, klus.id)]
        for other in q.outstanding(s, klus.id):
            withdraw(service, s, other, T("inv.withdrawn_filled", title=klus.title))
        notify.send(service, s, owner.id, Card(text=[T("owner.filled", title=klus.title, names=Join(names))]))
    return Reply([], lang) if by_owner else Reply.of(lang, T("inv.confirmed_self", title=klus.title))
