"""Invitations and confirmation: the colleague accepts, declines or offers themselves;
the owner confirms or rejects; "tell me more"; the colleague's open invitations."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot import approval, cards, klussen, matching, notify, organisations, placement, ranking
from bot.core import Actor, Core, profile_of
from bot.i18n import Join, T
from bot.messages import MESSAGES
from bot.port import Card, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Person


def invitation_for(service: Core, s: Session, actor: Actor, inv_id: int) -> tuple[Invitation | None, Reply | None]:
    """The actor's own invitation, its klus locked first (see `queries.lock_klus`)."""
    inv = s.get(Invitation, inv_id)
    if inv is None:
        return None, Reply.of(actor.lang, T("inv.unknown"))
    if inv.person_id != actor.id:
        return None, Reply.of(actor.lang, T("inv.not_yours"))
    q.lock_klus(s, inv.klus_id)
    s.refresh(inv)
    return inv, None


def accept(service: Core, actor: Actor, inv_id: int) -> Reply:
    with transaction(service.engine) as s:
        inv, denial = invitation_for(service, s, actor, inv_id)
        if denial:
            return denial
        klus = s.get(Klus, inv.klus_id)  # locked and fresh (populate_existing)
        full = klus.status != "open" or klus.taken >= klus.places
        if inv.status == "withdrawn" and klus.status == "filled":
            return Reply.of(actor.lang, T("inv.full", title=klus.title))  # someone was quicker
        if inv.status != "offered":
            return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
        if full:
            return Reply.of(actor.lang, T("inv.full", title=klus.title))
        if not q.transition(s, inv.id, ("offered",), "accepted", answered_at=service.now()):
            s.refresh(inv)
            return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
        s.refresh(inv)
        owner = s.get(Person, klus.owner_id)
        if service.settings.auto_confirm:
            return confirm_accepted(service, s, inv, klus, owner, actor.lang, by_owner=False)
        notify.send(service, s, actor.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv),
                                                                T("inv.accepted_wait", owner=owner.name)),
                     amends=f"inv:{inv.id}")
        notify.send(service, s, klus.owner_id, cards.acceptance_card(klus, inv, actor.name), key=f"acc:{inv.id}")
        return Reply([], actor.lang)


def offer(service: Core, actor: Actor, klus_id: int) -> Reply:
    """A colleague offers themselves for an open klus (from `/flexpool klussen`); someone
    already invited accepts their invitation instead (after this transaction: the accept
    locks the klus in its own)."""
    invited = _offer(service, actor, klus_id)
    return accept(service, actor, invited) if isinstance(invited, int) else invited


def _offer(service: Core, actor: Actor, klus_id: int) -> Reply | int:
    with transaction(service.engine) as s:
        klus = q.lock_klus(s, klus_id)
        if klus is None:
            return Reply.of(actor.lang, T("klus.unknown", id=klus_id))
        if klus.owner_id == actor.id:
            return Reply.of(actor.lang, T("offer.own"))
        if klus.status != "open" or klus.taken >= klus.places:
            return Reply.of(actor.lang, T("inv.full", title=klus.title))
        if not organisations.in_reach(klus, s.get(Person, actor.id), profile_of(s, actor.id)):
            return Reply.of(actor.lang, T("offer.outside_reach"))
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                              Invitation.person_id == actor.id)).first()
        if inv is not None and inv.status == "offered":
            return inv.id
        if inv is not None:
            return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
        profile = profile_of(s, actor.id)
        reasons = {"has": [], "wants": [], "free": profile.hours_per_week if profile else None, "self": True}
        if profile:
            found = matching.rank(matching.split_terms(klus.skills), [matching.Candidate(
                actor.id, matching.split_terms(profile.skills), matching.split_terms(profile.wants),
                profile.job_title)], title=klus.title)
            if found:
                reasons = {**ranking.reasons(found[0], profile.hours_per_week), "self": True}
        inv = Invitation(klus_id=klus.id, person_id=actor.id, status="accepted", self_offered=True,
                         reasons=reasons, created_at=service.now(), answered_at=service.now())
        s.add(inv)
        s.flush()
        if service.settings.auto_confirm:
            return confirm_accepted(service, s, inv, klus, s.get(Person, klus.owner_id), actor.lang, by_owner=False)
        notify.send(service, s, klus.owner_id, cards.acceptance_card(klus, inv, actor.name), key=f"acc:{inv.id}")
        return Reply.of(actor.lang, T("offer.sent", title=klus.title))


def decline(service: Core, actor: Actor, inv_id: int, reason: str = "") -> Reply:
    reason = (reason or "").strip()[:500]
    with transaction(service.engine) as s:
        inv, denial = invitation_for(service, s, actor, inv_id)
        if denial:
            return denial
        klus = s.get(Klus, inv.klus_id)
        was = inv.status
        if not q.transition(s, inv.id, q.OUTSTANDING, "declined", answered_at=service.now(), decline_reason=reason):
            s.refresh(inv)
            return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
        s.refresh(inv)
        owner = s.get(Person, klus.owner_id)
        notify.send(service, s, actor.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv),
                                                                T("inv.declined_thanks")),
                     amends=f"inv:{inv.id}")
        if was == "accepted":
            notify.send(service, s, owner.id, Card(text=[T("acc.withdrawn", name=actor.name, title=klus.title)]),
                         amends=f"acc:{inv.id}")
        notify.send(service, s, owner.id, Card(text=[
            T("owner.declined_reason" if reason else "owner.declined", name=actor.name, title=klus.title,
              reason=reason)]))
        placement.after_loss(service, s, klus)
        return Reply([], actor.lang)


def owners_invitation(service: Core, s: Session, actor: Actor, inv_id: int) -> tuple[Invitation, Klus, Reply | None]:
    """An invitation on a klus the actor owns (or administers), the klus locked first."""
    inv = s.get(Invitation, inv_id)
    if inv is None:
        return None, None, Reply.of(actor.lang, T("inv.unknown"))
    klus, denial = klussen.owned_klus(service, s, actor, inv.klus_id)
    if denial:
        return None, None, denial
    s.refresh(inv)
    return inv, klus, None


def confirm(service: Core, actor: Actor, inv_id: int) -> Reply:
    with transaction(service.engine) as s:
        inv, klus, denial = owners_invitation(service, s, actor, inv_id)
        if denial:
            return denial
        return confirm_accepted(service, s, inv, klus, s.get(Person, klus.owner_id), actor.lang, by_owner=True)


def reject(service: Core, actor: Actor, inv_id: int, reason: str = "") -> Reply:
    """The owner does not take someone who accepted ("Afwijzen"), optionally saying why:
    the colleague sees the reason, and hears "someone else" only when someone else
    really is confirmed. The next candidate is invited."""
    reason = (reason or "").strip()[:500]
    with transaction(service.engine) as s:
        inv, klus, denial = owners_invitation(service, s, actor, inv_id)
        if denial:
            return denial
        person = s.get(Person, inv.person_id)
        if not q.transition(s, inv.id, ("accepted",), "rejected", decided_at=service.now()):
            s.refresh(inv)
            return Reply.of(actor.lang, T("acc.not_accepted", name=person.name,
                                          status=T(f"inv.status.{inv.status}")))
        s.refresh(inv)
        owner = s.get(Person, klus.owner_id)
        others_in = [p for p in placement.confirmed_people(s, klus.id) if p.id != person.id]
        told = T("inv.rejected" if others_in else "inv.rejected_plain", owner=owner.name)
        if reason:
            told = Join([told, T("inv.rejected_reason", reason=reason)], " ")
        notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv), told),
                    amends=f"inv:{inv.id}")
        notify.send(service, s, owner.id, Card(text=[T("acc.rejected_reason" if reason else "acc.rejected",
                                                       name=person.name, reason=reason)]),
                    amends=f"acc:{inv.id}")
        placement.after_loss(service, s, klus)
        return Reply([], actor.lang)


def details(service: Core, actor: Actor, inv_id: int | None = None) -> Reply:
    """More about an invitation: the klus in full and who to ask."""
    with transaction(service.engine) as s:
        if inv_id is None:
            inv = latest_offered(s, actor.id)
            if inv is None:
                return Reply.of(actor.lang, T("dm.no_open"))
        else:
            inv, denial = invitation_for(service, s, actor, inv_id)
            if denial:
                return denial
        klus = s.get(Klus, inv.klus_id)
        owner = s.get(Person, klus.owner_id)
        card = cards.klus_card(klus, T("inv.title", title=klus.title))
        if not klus.description:
            card.text.append(T("details.no_description", owner=owner.name))
        owner_profile = profile_of(s, owner.id)
        department = (owner_profile.department if owner_profile else "") or klus.department
        organisation = organisations.organisation_name(s, klus.organisation_id)
        card.text.append(T("details.poster", owner=owner.name, organisation=organisation or "–",
                           department=department or "–"))
        card.text.append(T("inv.why", why=cards.why(inv.reasons)))
        card.text.append(T("details.reach", owner=owner.name, platform=T(f"platform.{owner.platform}")
                           if f"platform.{owner.platform}" in MESSAGES else owner.platform))
        if inv.status == "offered":
            card.choices = cards.invitation_choices(inv.id, details=False)
            card.note = T("inv.deadline", when=cards.deadline(service, inv))
        else:
            card.note = T("details.status", status=approval.colleague_status(s, inv, klus))
        return Reply([card], actor.lang)


def latest_offered(s: Session, person_id: int) -> Invitation | None:
    return s.exec(select(Invitation).where(Invitation.person_id == person_id, Invitation.status == "offered")
                  .order_by(col(Invitation.id).desc())).first()


def latest_open_invitation(service: Core, actor: Actor) -> tuple[int, str] | None:
    """(invitation id, klus title) of the actor's newest unanswered invitation."""
    with transaction(service.engine) as s:
        inv = latest_offered(s, actor.id)
        return (inv.id, s.get(Klus, inv.klus_id).title) if inv else None


def my_invitations(service: Core, actor: Actor) -> list[tuple[int, str, str]]:
    with transaction(service.engine) as s:
        rows = s.exec(select(Invitation, Klus).join(Klus, Klus.id == Invitation.klus_id).where(
            Invitation.person_id == actor.id, col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))
            .order_by(col(Invitation.id).desc()).limit(20)).all()
        return [(inv.id, klus.title, inv.status) for inv, klus in rows]


def confirm_accepted(service: Core, s: Session, inv: Invitation, klus: Klus, owner: Person, lang: str,
                     by_owner: bool) -> Reply:
    """Confirm an accepted invitation: through the line manager's gate (`bot.approval`),
    where the organisation turned it on, then a place is taken (`bot.placement`)."""
    waiting = approval.gate(service, s, inv, klus, owner, lang, by_owner)
    if waiting is not None:
        return waiting
    return placement.confirm_place(service, s, inv, klus, owner, lang, by_owner)
