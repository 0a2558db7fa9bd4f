"""Line-manager approval: in an organisation that switched it on (`/flexpool organisatie
akkoord aan`), a match is only final when the colleague's line manager says yes.

Who the line manager is: the profile's free-text field `leidinggevende`, resolved when
it is needed to a person the bot knows, in this order: a user id (a platform adapter
turns a mention into one, and makes that person known, before the text gets here), or
`@name` / a name, in the colleague's own workspace; then a name anywhere in
the colleague's organisation. So `leidinggevende: @Jan de Vries` works once Jan has
used the bot (or was imported). When nobody can be found, nothing is final yet: the
owner hears so, the colleague is asked to fill in the field, and the owner confirms again.

The flow hooks into `Flexpool._confirm` (owner's confirm, or an accept with
FLEXPOOL_AUTO_CONFIRM): `gate` returns None when the match may go ahead, or a reply
after asking the manager (one `Approval` row per invitation; the klus row is locked
first, as in every transition). The manager's buttons (`appr_yes` / `appr_no`) run the
confirm for real or reject the match, each in one transaction with conditional updates.
`expire_due` (from `service.tick()`) times out requests after FLEXPOOL_APPROVAL_HOURS:
the match is not made, and the colleague, the owner and the manager are all told; the
next candidate is invited. A request whose invitation was answered otherwise meanwhile
(declined, withdrawn) is closed and the manager's message says it is no longer needed.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot import cards, notify, placement
from bot.core import Core, utc
from bot.i18n import T
from bot.port import Card, Choice, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Approval, Invitation, Klus, Organisation, Person, Profile


# --- who is the line manager ------------------------------------------------------------------

def resolve(s: Session, person: Person, text: str) -> Person | None:
    """The line manager `text` names, as a person the bot knows (see the module docstring)."""
    text = " ".join((text or "").split())
    if not text:
        return None
    same_space = (Person.platform == person.platform, Person.workspace == person.workspace)
    name = text[1:].strip() if text.startswith("@") else text
    by_id = s.exec(select(Person).where(*same_space, Person.user_id == name)).first()
    if by_id is not None:
        return by_id
    named = list(s.exec(select(Person).where(*same_space, func.lower(Person.name) == name.lower())
                        .order_by(Person.id)).all())
    if not named and person.organisation_id is not None:
        named = list(s.exec(select(Person).where(Person.organisation_id == person.organisation_id,
                                                 func.lower(Person.name) == name.lower())
                            .order_by(Person.id)).all())
    return named[0] if len(named) == 1 else None


def required(s: Session, person: Person) -> bool:
    org = s.get(Organisation, person.organisation_id) if person.organisation_id else None
    return bool(org and org.approval)


# --- the gate in _confirm ---------------------------------------------------------------------

def gate(service: Core, s: Session, inv: Invitation, klus: Klus, owner: Person, lang: str,
         by_owner: bool) -> Reply | None:
    """None: confirm now. Otherwise the line manager is asked (once) and this is the reply.
    Runs inside the confirm's transaction, with the klus row locked."""
    if inv.status != "accepted":
        return None  # _confirm answers "already confirmed" / "no longer possible" itself
    person = s.get(Person, inv.person_id)
    if not required(s, person):
        return None
    row = s.exec(select(Approval).where(Approval.invitation_id == inv.id)).first()
    if row is not None and row.status == "approved":
        return None
    if row is not None:
        manager = s.get(Person, row.manager_id)
        return Reply.of(lang, T("appr.waiting", name=person.name, manager=manager.name))
    profile = s.exec(select(Profile).where(Profile.person_id == person.id)).first()
    manager = resolve(s, person, profile.line_manager if profile else "")
    if manager is None or manager.id == person.id:
        notify.send(service, s, person.id, Card(text=[T("appr.need_manager", title=klus.title, owner=owner.name)]))
        return Reply.of(lang, T("appr.no_manager", name=person.name))
    now = service.now()
    row = Approval(invitation_id=inv.id, manager_id=manager.id, by_owner=by_owner, created_at=now,
                   due_at=now + timedelta(hours=service.settings.approval_hours))
    s.add(row)
    s.flush()
    notify.send(service, s, manager.id, request_card(service, row, klus, person, owner), key=f"appr:{row.id}")
    notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv), T(
        "appr.asked_colleague", manager=manager.name)), amends=f"inv:{inv.id}")
    if by_owner:
        notify.send(service, s, owner.id, Card(text=[T("appr.asked_owner", name=person.name, manager=manager.name)]),
                        amends=f"acc:{inv.id}")
        return Reply([], lang)
    notify.send(service, s, owner.id, Card(text=[T("appr.asked_owner_auto", name=person.name, title=klus.title,
                                              manager=manager.name)]))
    return Reply.of(lang, T("appr.asked_colleague", manager=manager.name))


def request_card(service: Core, row: Approval, klus: Klus, person: Person, owner: Person,
                 outcome: T | None = None) -> Card:
    card = cards.klus_card(klus, T("appr.title", name=person.name, title=klus.title))
    card.text.insert(0, T("appr.request", name=person.name, owner=owner.name, hours=klus.hours_per_week,
                          start=klus.start, end=klus.end))
    if outcome is None:
        card.choices = [Choice("appr_yes", str(row.id), T("btn.approve"), "primary"),
                        Choice("appr_no", str(row.id), T("btn.disapprove"), "danger", ask=T("ask.disapprove_reason"))]
        card.note = T("appr.deadline", when=utc(row.due_at).astimezone(service.zone).replace(tzinfo=None))
    else:
        card.text.append(outcome)
        card.note = None
    return card


# --- the manager answers -------------------------------------------------------------------------

def press(service: Core, actor, action: str, value: str, reason: str = "") -> Reply:
    """`reason`: what the manager typed with "Niet akkoord" (optional); both the colleague
    and the klus owner read it."""
    text = str(value or "").strip()
    if action not in ("appr_yes", "appr_no") or not text.isdigit() or len(text) > 11:
        return Reply.of(actor.lang, T("err.stale_button"))
    return decide(service, actor, int(text), action == "appr_yes", str(reason or "").strip()[:500])


def decide(service: Core, actor, approval_id: int, yes: bool, reason: str = "") -> Reply:
    with transaction(service.engine) as s:
        row = s.get(Approval, approval_id)
        if row is None:
            return Reply.of(actor.lang, T("err.stale_button"))
        if row.manager_id != actor.id:
            return Reply.of(actor.lang, T("appr.not_yours"))
        inv = s.get(Invitation, row.invitation_id)
        klus = q.lock_klus(s, inv.klus_id)
        s.refresh(row)
        s.refresh(inv)
        person, owner = s.get(Person, inv.person_id), s.get(Person, klus.owner_id)
        if row.status != "pending":
            return Reply.of(actor.lang, T(f"appr.already.{row.status}", name=person.name))
        if inv.status != "accepted":
            _close(service, s, row, klus, person, owner)
            return Reply.of(actor.lang, T("appr.closed", name=person.name, title=klus.title))
        if not _settle(s, row.id, "approved" if yes else "declined", service.now()):
            return Reply.of(actor.lang, T("appr.already.approved", name=person.name))
        s.refresh(row)
        if yes:
            placement.confirm_place(service, s, inv, klus, owner, owner.lang, by_owner=row.by_owner)
            s.refresh(inv)
            outcome = T("appr.you_approved", name=person.name) if inv.status == "confirmed" \
                else T("appr.you_approved_full", name=person.name, title=klus.title)
            notify.send(service, s, actor.id, request_card(service, row, klus, person, owner, outcome),
                            amends=f"appr:{row.id}")
            return Reply([], actor.lang)
        because = {"reason": reason} if reason else {}
        suffix = "_reason" if reason else ""
        _not_made(service, s, inv, klus, person, owner,
                  colleague=T("appr.declined_colleague" + suffix, manager=actor.name, title=klus.title, **because),
                  owner_text=T("appr.declined_owner" + suffix, name=person.name, manager=actor.name,
                               title=klus.title, **because))
        notify.send(service, s, actor.id, request_card(service, row, klus, person, owner,
                                                       T("appr.you_declined" + suffix, name=person.name, **because)),
                        amends=f"appr:{row.id}")
        return Reply([], actor.lang)


def _settle(s: Session, approval_id: int, status: str, now) -> bool:
    result = s.exec(update(Approval).where(Approval.id == approval_id, Approval.status == "pending")
                    .values(status=status, decided_at=now))
    return result.rowcount == 1


def _not_made(service: Core, s: Session, inv: Invitation, klus: Klus, person: Person, owner: Person,
              colleague: T, owner_text: T) -> None:
    """The match does not go ahead: the invitation is rejected, both sides hear why, and
    the next candidate is asked."""
    if q.transition(s, inv.id, ("accepted",), "rejected", decided_at=service.now()):
        s.refresh(inv)
        notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv),
                                                                 colleague), amends=f"inv:{inv.id}")
        notify.send(service, s, owner.id, Card(text=[owner_text]), amends=f"acc:{inv.id}")
        placement.after_loss(service, s, klus)


def _close(service: Core, s: Session, row: Approval, klus: Klus, person: Person, owner: Person) -> None:
    if _settle(s, row.id, "closed", service.now()):
        s.refresh(row)
        notify.send(service, s, row.manager_id, request_card(service, row, klus, person, owner,
                                                        T("appr.closed", name=person.name, title=klus.title)),
                        amends=f"appr:{row.id}")


# --- time-outs (service.tick) ------------------------------------------------------------------

def expire_due(service: Core) -> int:
    """Requests past their time: the match is not made and everyone is told. Requests whose
    invitation went another way are closed."""
    now = service.now()
    with transaction(service.engine) as s:
        due = s.exec(select(Approval.id, Invitation.klus_id).join(Invitation, Invitation.id == Approval.invitation_id)
                     .where(Approval.status == "pending")
                     .where((Approval.due_at <= now) | (Invitation.status != "accepted"))
                     .order_by(Invitation.klus_id, Approval.id)).all()
    done = 0
    for approval_id, klus_id in due:
        with transaction(service.engine) as s:
            klus = q.lock_klus(s, klus_id)
            row = s.get(Approval, approval_id)
            s.refresh(row)
            if row.status != "pending":
                continue
            done += _time_out(service, s, row, klus)
    return done


def _time_out(service: Core, s: Session, row: Approval, klus: Klus) -> int:
    inv = s.get(Invitation, row.invitation_id)
    s.refresh(inv)
    person, owner, manager = s.get(Person, inv.person_id), s.get(Person, klus.owner_id), s.get(Person, row.manager_id)
    if inv.status != "accepted":
        _close(service, s, row, klus, person, owner)
        return 1
    if utc(row.due_at) > service.now() or not _settle(s, row.id, "expired", service.now()):
        return 0
    s.refresh(row)
    hours = service.settings.approval_hours
    _not_made(service, s, inv, klus, person, owner,
              colleague=T("appr.expired_colleague", manager=manager.name, hours=hours, title=klus.title),
              owner_text=T("appr.expired_owner", name=person.name, manager=manager.name, hours=hours,
                           title=klus.title))
    notify.send(service, s, manager.id, request_card(service, row, klus, person, owner,
                                                T("appr.expired_manager", name=person.name, hours=hours)),
                    amends=f"appr:{row.id}")
    return 1


def close_for_manager(service: Core, s: Session, manager_id: int) -> None:
    """The manager erased their data: their pending requests time out now (bot.privacy)."""
    rows = s.exec(select(Approval, Invitation).join(Invitation, Invitation.id == Approval.invitation_id)
                  .where(Approval.manager_id == manager_id, Approval.status == "pending")
                  .order_by(Invitation.klus_id)).all()
    for row, inv in rows:
        klus = q.lock_klus(s, inv.klus_id)
        row.due_at = service.now()
        s.add(row)
        s.flush()
        _time_out(service, s, row, klus)


def colleague_status(s: Session, inv: Invitation, klus: Klus) -> T:
    """An invitation's state as the colleague should read it, naming on whom it waits:
    the colleague, the owner, or the line manager (for `waarom` and "vertel meer")."""
    owner = s.get(Person, klus.owner_id)
    if inv.status == "accepted":
        row = s.exec(select(Approval).where(Approval.invitation_id == inv.id, Approval.status == "pending")).first()
        if row is not None:
            return T("inv.mine.accepted_manager", manager=s.get(Person, row.manager_id).name)
    return T(f"inv.mine.{inv.status}", owner=owner.name)


def pending_for(s: Session, invitation_ids: list[int]) -> set[int]:
    """Which of these invitations wait for a line manager (for status lists)."""
    if not invitation_ids:
        return set()
    return set(s.exec(select(Approval.invitation_id).where(col(Approval.invitation_id).in_(invitation_ids),
                                                           Approval.status == "pending")).all())
