"""Who may act on whom (issue 18). Admins named in FLEXPOOL_ADMINS are pool admins and act
on everything; admins added in chat (`/flexpool admin add`) are admins of their own
organisation and act on its people, klussen, figures, exports, imports and charges. An
admin's scope is read when they act, so an admin who changes organisation takes their
role along. Anything out of scope is refused politely and written to the audit log
(`out_of_scope`); anyone who is no admin at all gets the usual refusal (`denied`)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from sqlalchemy import false, or_, true
from sqlmodel import Session, col, select

from bot.audit import record
from bot.core import Actor, Core, settings_admin
from bot.i18n import T
from bot.port import Reply
from storage.db import transaction
from storage.models import AdminRole, Organisation, Person


@dataclass(frozen=True)
class Scope:
    """The organisations an admin acts on; `orgs` None: all of them (a pool admin)."""

    orgs: frozenset | None

    def covers(self, organisation_id: int | None) -> bool:
        return self.orgs is None or organisation_id in self.orgs

    def ids(self) -> list:
        return sorted(o for o in self.orgs if o is not None) if self.orgs else []

    def clause(self, column):
        """A SQL condition: `column` is one of the organisations (always true for a pool admin)."""
        if self.orgs is None:
            return true()
        parts = [col(column).in_(self.ids())] if self.ids() else []
        if None in self.orgs:
            parts.append(column == None)  # noqa: E711
        return or_(*parts) if parts else false()


EVERYTHING = Scope(None)


def scope_of(service: Core, actor: Actor | None, s: Session | None = None) -> Scope | None:
    """What `actor` may act on as an admin: everything (FLEXPOOL_ADMINS, or the command line
    with `actor` None), their own organisation (an admin added in chat), or None (no admin)."""
    if actor is None or settings_admin(service.settings, actor):
        return EVERYTHING
    with transaction(service.engine) if s is None else nullcontext(s) as session:
        if session.exec(select(AdminRole.id).where(AdminRole.person_id == actor.id)).first() is None:
            return None
        person = session.get(Person, actor.id)
        return Scope(frozenset({person.organisation_id if person else None}))


def admin_scope(service: Core, actor: Actor, what: str) -> tuple[Scope | None, Reply | None]:
    """(scope, None) for an admin; (None, a polite refusal) for anyone else, logged."""
    scope = scope_of(service, actor)
    if scope is not None:
        return scope, None
    with transaction(service.engine) as s:
        record(service, s, actor, "denied", what=what)
    return None, Reply.of(actor.lang, T("stats.admins_only" if what == "stats" else "office.admins_only"))


def organisation_name(s: Session, organisation_id: int | None) -> str:
    org = s.get(Organisation, organisation_id) if organisation_id else None
    return org.name if org else ""


def out_of_scope(service: Core, s: Session, actor: Actor, what: str, organisation: str) -> Reply:
    """Refuse an admin something of another organisation, politely; it goes in the audit log."""
    record(service, s, actor, "out_of_scope", what=what, organisation=organisation)
    return Reply.of(actor.lang, T("scope.refused", organisation=organisation or T("org.unknown")))
