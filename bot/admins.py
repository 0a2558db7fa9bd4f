"""The flexpool office's roles and audit log: who is an admin (`bot.core.Core.is_admin`),
`/flexpool admin`, `/flexpool audit`, and `record` — every office action and every
refusal is logged in the caller's transaction."""

from __future__ import annotations

import re
import string

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot import notify, people
from bot.audit import record, who
from bot.core import Actor, Core, actor_of, settings_admin, utc
from bot.i18n import Join, T
from bot.messages import MESSAGES
from bot.port import Card, Reply
from bot.scope import admin_scope, organisation_name, out_of_scope
from storage.db import transaction
from storage.models import AdminRole, AuditLog, Person

SHOWN_LINES = 20  # lines of a report or the audit log in one chat message

def office_people(service: Core, s: Session, organisation_id: int | None = None) -> list[Person]:
    """The flexpool office, to be told what needs a person's attention (an unconfirmed
    match, "hulp nodig", negative feedback): the pool admins (FLEXPOOL_ADMINS) and the
    admins added in chat of `organisation_id` (an admin acts on their own organisation)."""
    named = set(service.settings.admins)
    stored = set(s.exec(select(AdminRole.person_id)).all())
    if not named and not stored:
        return []
    user_ids = {name.split(":", 1)[-1] for name in named}
    found = s.exec(select(Person).where(or_(col(Person.user_id).in_(user_ids), col(Person.id).in_(stored)))
                   .order_by(Person.id)).all()
    return [p for p in found if p.user_id in named or f"{p.platform}:{p.user_id}" in named
            or (p.id in stored and (organisation_id is None or p.organisation_id == organisation_id))]


def refused(service: Core, actor: Actor, what: str) -> Reply | None:
    """None for an admin; otherwise a polite refusal, and the attempt is logged."""
    if service.is_admin(actor):
        return None
    with transaction(service.engine) as s:
        record(service, s, actor, "denied", what=what)
    return Reply.of(actor.lang, T("stats.admins_only" if what == "stats" else "office.admins_only"))


ADD = {"add", "toevoegen", "voeg-toe", "erbij", "+"}
REMOVE = {"remove", "verwijder", "verwijderen", "weg", "intrekken", "delete", "-"}
LIST = {"", "lijst", "list", "wie", "who"}
PLATFORM_ID = re.compile(r"[UW][A-Z0-9]{6,30}|[a-z0-9]{26}")  # Slack and Mattermost user ids


def target_of(service: Core, actor: Actor, text: str) -> Actor | None:
    """A user id (a platform adapter turns a mention into one before the text gets here),
    `@username` or a name, on the actor's own platform and workspace. Someone not seen
    before is only created from a real id."""
    name = text[1:].strip() if text.startswith("@") else text
    # Slack sends `@Display Name` as typed (the command does not escape), so @names may have spaces.
    if not re.fullmatch(r"[\w.\-' ]{1,100}" if text.startswith("@") else r"[\w.\-]{1,100}", name):
        return None
    with transaction(service.engine) as s:
        same_name = func.lower(Person.name) == name.lower()
        found = s.exec(select(Person).where(
            Person.platform == actor.platform, Person.workspace == actor.workspace,
            or_(Person.user_id == name, same_name)).order_by(Person.id)).first()
        if found is not None:
            return actor_of(found)
    if PLATFORM_ID.fullmatch(name):
        return people.person(service, actor.platform, actor.workspace, name, "")
    return None


def admin(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool admin [lijst] | add @iemand | remove @iemand`. An organisation's admin adds
    and removes admins of their own organisation only (bot.scope)."""
    scope, denied = admin_scope(service, actor, "admin")
    if denied:
        return denied
    word, _, rest = (text or "").strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in LIST and not rest:
        return _admin_list(service, actor)
    if word not in ADD | REMOVE or not rest:
        return Reply.of(actor.lang, T("admin.usage"))
    target = target_of(service, actor, rest)
    if target is None:
        return Reply.of(actor.lang, T("admin.unknown", who=rest[:60]))
    user = f"{target.platform}:{target.user_id}"
    try:
        with transaction(service.engine) as s:
            row = s.exec(select(AdminRole).where(AdminRole.person_id == target.id)).first()
            theirs = s.get(Person, target.id).organisation_id
            if not scope.covers(theirs):
                return out_of_scope(service, s, actor, "admin", organisation_name(s, theirs))
            if word in ADD:
                if row is not None or settings_admin(service.settings, target):
                    return Reply.of(actor.lang, T("admin.already", name=target.name))
                s.add(AdminRole(person_id=target.id, added_by=who(actor)[:200], added_at=service.now()))
                record(service, s, actor, "admin_add", name=target.name, user=user)
                notify.send(service, s, target.id, Card(text=[T("admin.you_added", by=actor.name)]))
                return Reply.of(actor.lang, T("admin.added", name=target.name))
            if row is None:
                return Reply.of(actor.lang, T("admin.in_settings" if settings_admin(service.settings, target)
                                              else "admin.not_admin", name=target.name))
            s.delete(row)
            record(service, s, actor, "admin_remove", name=target.name, user=user)
            notify.send(service, s, target.id, Card(text=[T("admin.you_removed", by=actor.name)]))
            return Reply.of(actor.lang, T("admin.removed", name=target.name))
    except IntegrityError:  # added by someone else at the same moment
        return Reply.of(actor.lang, T("admin.already", name=target.name))


def _admin_list(service: Core, actor: Actor) -> Reply:
    with transaction(service.engine) as s:
        rows = s.exec(select(AdminRole, Person).join(Person, Person.id == AdminRole.person_id)
                      .order_by(Person.name)).all()
    stored = [T("admin.entry", name=p.name, user=f"{p.platform}:{p.user_id}", by=role.added_by) for role, p in rows]
    return Reply.of(actor.lang, T("admin.list_settings", admins=Join(service.settings.admins) if service.settings.admins
                                  else T("admin.none")),
                    T("admin.list_added", admins=Join(stored, "\n") if stored else T("admin.none")),
                    title=T("admin.title"))


def _audit_text(entry: AuditLog) -> T:
    key = f"audit.{entry.action}"
    if key not in MESSAGES:
        return T("audit.other", action=entry.action)
    wanted = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key][0]) if name}
    detail = dict(entry.detail or {})
    if detail.get("period") == "all":
        detail["period"] = T("office.all_time")
    return T(key, **{name: detail.get(name, "") for name in wanted})


def audit(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool audit [aantal]`: the newest entries of the audit log."""
    scope, denied = admin_scope(service, actor, "audit")
    if denied:
        return denied
    count = min(int(text), 100) if (text or "").strip().isdigit() else SHOWN_LINES
    query = select(AuditLog)
    if scope.orgs is not None:  # an organisation's admin: what its own people did
        query = query.join(Person, Person.id == AuditLog.actor_id).where(scope.clause(Person.organisation_id))
    with transaction(service.engine) as s:
        entries = s.exec(query.order_by(col(AuditLog.id).desc()).limit(max(count, 1))).all()
    if not entries:
        return Reply.of(actor.lang, T("audit.none"))
    lines = [T("audit.line", when=utc(e.at).astimezone(service.zone).replace(tzinfo=None), who=e.actor,
               what=_audit_text(e)) for e in entries]
    # One paragraph per chunk keeps long logs inside a platform's block limits.
    chunks = [Join(lines[i:i + SHOWN_LINES], "\n") for i in range(0, len(lines), SHOWN_LINES)]
    return Reply([Card(title=T("audit.title", count=len(entries)), text=chunks)], actor.lang)
