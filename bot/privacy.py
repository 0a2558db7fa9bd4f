"""The person's rights under the AVG (GDPR): see everything stored about you, have it
erased, and nothing kept longer than needed.

What "about you" means is decided in one place, `footprint`, and used both by the
export and by the erasure, so the two can never disagree:

- *linked* rows: every row of every table with a foreign key to your person row
  (profile, invitations, klussen you posted, feedback given or about you, messages to
  you, your admin role, the audit entries of what you did, approvals, and whatever
  table is added later);
- *mentioned* rows: rows elsewhere whose text names you: your user id, or your name as
  the bot knows it (whole words, case-sensitive, at least three characters), e.g. a
  message to a klus owner saying you accepted, an audit entry naming you, someone's
  profile naming you as line manager. Other people's own name fields are not searched
  (a namesake is not you).

`/flexpool mijn-gegevens` sends the footprint to your DM as two files: a summary in plain
sentences (what we hold about you) and the complete JSON document beside it, both in your
language; messages waiting or sent are written out as their text, not as template keys
(tokens and file contents are left out). The file names carry the moment to the second, so
two exports never overwrite each other. `/flexpool verwijder` asks first, then in one transaction:
open invitations are withdrawn and your open klussen cancelled (everyone is told, without
your name); profile and admin role are deleted; invitation reasons, decline reasons,
feedback text and your klussen's descriptions are cleared; messages to you are deleted;
everywhere else your name and id become a random label; your person row keeps only a
random id, so the counts in the stats stay true.

Retention (`retention_due`, from `service.tick()`): answered invitations and feedback
older than FLEXPOOL_RETENTION_MONTHS (24) lose their reasons and free text and are moved
to a fresh anonymous person of the same organisation (so hours and charges still count);
delivered messages older than that are deleted. A confirmed place is kept until its klus
has closed.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

from sqlalchemy import JSON, String, Table, cast, delete, or_, select as sa_select, update
from sqlmodel import Session, SQLModel, col, func, select

from bot import admins, approval, notify, placement
from bot.core import Actor, Core, actor_of
from bot.i18n import Join, T, load, render
from bot.oneline import add_months
from bot.port import Card, Choice, Reply
from bot.scope import admin_scope, organisation_name, out_of_scope
from storage import queries as q
from storage.db import transaction
from storage.models import AdminRole, AuditLog, Feedback, Invitation, Klus, Organisation, Outbox, Person, Profile


MIN_IDENT = 3  # shorter names are not searched for in other people's text
SECRET = ("token", "secret")  # never exported: keys containing these (tokens, also inside JSON)
NOT_ABOUT = {"seenevent", "lease", "slackoauthstate"}  # tables that never hold a person's data
OWN_NAME_COLUMNS = {("person", None), ("profile", "name")}  # other people's own names: not searched
ANON_PREFIX = "anon-"
RETENTION_BATCH = 500


# --- what is about a person ------------------------------------------------------------------

@dataclass
class Footprint:
    person: dict
    linked: dict[str, list[dict]] = field(default_factory=dict)  # table -> rows
    mentioned: dict[str, list[dict]] = field(default_factory=dict)
    identifiers: list[str] = field(default_factory=list)


def _tables() -> list[Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_ABOUT]


def _person_columns(table: Table) -> list:
    return [c for c in table.columns if any(fk.column.table.name == "person" for fk in c.foreign_keys)]


def _text_columns(table: Table) -> list:
    found = []
    for column in table.columns:
        if (table.name, None) in OWN_NAME_COLUMNS or (table.name, column.name) in OWN_NAME_COLUMNS:
            continue
        if _textual(column.type) and not column.foreign_keys and not column.primary_key:
            found.append(column)
    return found


def _textual(kind) -> bool:
    """Text or JSON (SQLModel's str columns are AutoString, a type decorator over String)."""
    return isinstance(kind, (String, JSON)) or isinstance(getattr(kind, "impl_instance", None), String)


def identifiers(s: Session, person: Person) -> list[str]:
    """The person's user id and names (as Flexpool knows them), longest first."""
    profile = s.exec(select(Profile).where(Profile.person_id == person.id)).first()
    found = {person.user_id, person.name} | ({profile.name} if profile else set())
    return sorted({i.strip() for i in found if i and len(i.strip()) >= MIN_IDENT}, key=lambda i: (-len(i), i))


def free_text(s: Session, person: Person) -> list[str]:
    """What the person wrote that others may have been shown: decline reasons, the
    descriptions of their klussen, their job title and line manager (skills are common
    terms, not theirs alone, and stay)."""
    profile = s.exec(select(Profile).where(Profile.person_id == person.id)).first()
    texts = set(s.exec(select(Invitation.decline_reason).where(Invitation.person_id == person.id)).all())
    texts |= set(s.exec(select(Klus.description).where(Klus.owner_id == person.id)).all())
    if profile is not None:
        texts |= {profile.job_title, profile.line_manager}
    return sorted({t.strip() for t in texts if t and len(t.strip()) >= 8}, key=lambda t: (-len(t), t))


def _pattern(idents: list[str]) -> re.Pattern | None:
    if not idents:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(i) for i in idents) + r")(?!\w)")


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _needles(idents: list[str]) -> set[str]:
    """As the text is stored: plain, and as JSON escapes non-ASCII characters."""
    return {n for i in idents for n in (i, json.dumps(i)[1:-1])}


def _mentions(value: Any, pattern: re.Pattern) -> bool:
    if isinstance(value, str):
        return bool(pattern.search(value))
    if isinstance(value, dict):
        return any(_mentions(v, pattern) for v in value.values()) or any(_mentions(k, pattern) for k in value)
    if isinstance(value, list):
        return any(_mentions(v, pattern) for v in value)
    return False


def _scrub(value: Any, pattern: re.Pattern, label: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(label, value)
    if isinstance(value, dict):
        return {_scrub(k, pattern, label): _scrub(v, pattern, label) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern, label) for v in value]
    return value


def _rows(s: Session, table: Table, where) -> list[dict]:
    key = list(table.primary_key.columns)
    return [dict(r._mapping) for r in s.connection().execute(sa_select(table).where(where).order_by(*key))]


def footprint(s: Session, person_id: int) -> Footprint:
    person = s.get(Person, person_id)
    idents = identifiers(s, person)
    pattern = _pattern(idents)
    result = Footprint(person=person.model_dump(), identifiers=idents)
    for table in _tables():
        if table.name == "person":
            continue
        links = _person_columns(table)
        if links:
            rows = _rows(s, table, or_(*[c == person_id for c in links]))
            if rows:
                result.linked[table.name] = rows
        texts = _text_columns(table)
        if pattern is None or not texts:
            continue
        seen = {_key(table, r) for r in result.linked.get(table.name, [])}
        prefilter = or_(*[cast(c, String).like(_like(n), escape="\\") for c in texts for n in _needles(idents)])
        found = [r for r in _rows(s, table, prefilter) if _key(table, r) not in seen
                 and any(_mentions(r[c.name], pattern) for c in texts)]
        if found:
            result.mentioned[table.name] = found
    return result


def _key(table: Table, row: dict) -> tuple:
    return tuple(row[c.name] for c in table.primary_key.columns)


# --- the export (AVG art. 15) --------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _public(value: Any, key: str = "") -> Any:
    """A row (or a value in it) as exported: tokens and secrets, at any depth, and file
    contents left out."""
    if value and (key == "file" or any(word in key for word in SECRET)):
        return "<weggelaten>"
    if isinstance(value, dict):
        return {str(k): _public(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_public(v) for v in value]
    return _plain(value)


# The export's top-level keys, in the reader's language (`privacy.export_about` explains them).
EXPORT_KEYS = {
    "nl": {"about": "uitleg", "made": "gemaakt_op", "person": "persoon", "linked": "gegevens",
           "mentioned": "genoemd_in", "titles": "klus_titels"},
    "en": {"about": "about", "made": "made_at", "person": "person", "linked": "data",
           "mentioned": "mentioned_in", "titles": "klus_titles"},
}
LIST_MAX = 20  # items named one by one in the summary; the rest is counted


def _readable(value: Any, lang: str) -> Any:
    """A stored message (a card, or a catalogue key with its values) as the text the person
    read, in their language; anything else as it is."""
    if isinstance(value, dict):
        if {"text", "title", "fields"} <= value.keys():
            try:
                card = Card.from_json(value)
            except (KeyError, TypeError, ValueError):
                return {k: _readable(v, lang) for k, v in value.items()}
            lines = [render(card.title, lang)] if card.title else []
            lines += [render(t, lang) for t in card.text]
            lines += [f"{render(k, lang)}: {render(v, lang)}" for k, v in card.fields]
            lines += [render(card.note, lang)] if card.note else []
            return "\n".join(lines)
        if "t" in value and "p" in value:
            try:
                return render(load(value), lang)
            except (KeyError, TypeError, ValueError):
                pass
        return {k: _readable(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable(v, lang) for v in value]
    return value


def export_json(service: Core, s: Session, person_id: int, lang: str,
                found: Footprint | None = None) -> bytes:
    """Everything about the person, as a JSON document (UTF-8) in the reader's language."""
    found = found or footprint(s, person_id)
    keys = EXPORT_KEYS.get(lang, EXPORT_KEYS["nl"])
    document = {
        "flexpool": render(T("privacy.export_title"), lang),
        keys["about"]: render(T("privacy.export_about"), lang),
        keys["made"]: service.now().isoformat(),
        keys["person"]: _public(found.person),
        keys["linked"]: {table: [_readable(_public(r), lang) for r in rows] for table, rows in found.linked.items()},
        keys["mentioned"]: {table: [_readable(_public(r), lang) for r in rows]
                            for table, rows in found.mentioned.items()},
        keys["titles"]: {str(k): v for k, v in _titles(s, found).items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def _titles(s: Session, found: Footprint) -> dict[int, str]:
    klus_ids = sorted({r["klus_id"] for table in ("invitation", "feedback") for r in found.linked.get(table, [])})
    return {k.id: k.title for k in s.exec(select(Klus).where(col(Klus.id).in_(klus_ids))).all()} if klus_ids else {}


def _named(items: list, lang: str) -> Any:
    """At most LIST_MAX items, then how many more."""
    shown = list(items[:LIST_MAX])
    if len(items) > LIST_MAX:
        shown.append(T("more.cut", count=len(items) - LIST_MAX))
    return Join(shown, "; ")


def _availability(start: date | None, end: date | None) -> T:
    if start and end:
        return T("period", start=start, end=end)
    if start or end:
        return T("from_date", date=start) if start else T("until_date", date=end)
    return T("always")


def summary_text(service: Core, s: Session, found: Footprint, lang: str, data_file: str) -> str:
    """What we hold about the person, in plain sentences (the JSON beside it has every row)."""
    person, linked = found.person, found.linked
    lines = [T("privacy.summary_title", when=service.now().astimezone(service.zone).replace(tzinfo=None)), "",
             T("privacy.summary_person", name=person["name"], platform=person["platform"],
               workspace=person["workspace"], user=person["user_id"], lang=T(f"lang.{person['lang']}")
               if person["lang"] in ("nl", "en") else person["lang"], tz=person["tz"])]
    organisation = s.get(Organisation, person["organisation_id"]) if person.get("organisation_id") else None
    if organisation is not None:
        lines.append(T("privacy.summary_organisation", organisation=organisation.name))
    profile = (linked.get("profile") or [None])[0]
    if profile is None:
        lines.append(T("privacy.summary_no_profile"))
    else:
        available = _availability(profile.get("available_from"), profile.get("available_until"))
        lines.append(T("privacy.summary_profile", visible=T("profile.visible" if profile["visible"]
                                                               else "profile.hidden"),
                       job=profile["job_title"] or None, department=profile["department"] or None,
                       skills=profile["skills"] or None, wants=profile["wants"] or None,
                       hours=profile["hours_per_week"], available=available,
                       preference=T(f"preference.{profile['preference']}")
                       if profile["preference"] in ("specific", "surprise", "own_department") else None))
        lines.append(T("privacy.summary_profile_more", manager=profile["line_manager"] or None,
                       scale=profile["salary_scale"] or None, endorsed=profile["endorsed"] or None))
    klussen = linked.get("klus", [])
    if klussen:
        lines.append(T("privacy.summary_klussen", count=len(klussen), list=_named(
            [T("privacy.summary_klus", title=k["title"], status=T(f"status.{k['status']}"), start=k["start"],
               end=k["end"]) for k in klussen], lang)))
    invitations = linked.get("invitation", [])
    if invitations:
        titles = _titles(s, found)
        lines.append(T("privacy.summary_invitations", count=len(invitations), list=_named(
            [T("privacy.summary_invitation", title=titles.get(i["klus_id"], f"#{i['klus_id']}"),
               status=T(f"inv.status.{i['status']}")) for i in invitations], lang)))
    counted = {"feedback": "privacy.summary_feedback", "outbox": "privacy.summary_messages",
               "auditlog": "privacy.summary_audit", "approval": "privacy.summary_approvals"}
    for table, key in counted.items():
        if linked.get(table):
            lines.append(T(key, count=len(linked[table])))
    if linked.get("adminrole"):
        lines.append(T("privacy.summary_admin"))
    known = {"profile", "klus", "invitation", "adminrole", *counted}
    others = [T("privacy.summary_table", table=table, count=len(rows))
              for table, rows in linked.items() if table not in known]
    if others:
        lines.append(T("privacy.summary_other", tables=Join(others)))
    mentioned = sum(len(rows) for rows in found.mentioned.values())
    if mentioned:
        lines.append(T("privacy.summary_mentioned", count=mentioned, tables=Join(
            [T("privacy.summary_table", table=table, count=len(rows)) for table, rows in found.mentioned.items()])))
    lines += ["", T("privacy.summary_end", filename=data_file)]
    return "\n".join(render(line, lang) if not isinstance(line, str) else line for line in lines) + "\n"


def my_data(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool mijn-gegevens`: the summary and the JSON arrive in the DM. An admin may add
    `@iemand` (to answer a request made another way); that access is written to the audit log."""
    target = actor
    if (text or "").strip():
        scope, denied = admin_scope(service, actor, "data_access")
        if denied:
            return denied
        target = find_target(service, actor, text.strip())
        if target is None:
            return Reply.of(actor.lang, T("admin.unknown", who=text.strip()[:60]))
        with transaction(service.engine) as s:
            theirs = s.get(Person, target.id).organisation_id
            if not scope.covers(theirs):  # an organisation's admin: their own people only
                return out_of_scope(service, s, actor, "data_access", organisation_name(s, theirs))
    lang = actor.lang
    with transaction(service.engine) as s:
        found = footprint(s, target.id)
        data = export_json(service, s, target.id, lang, found)
        stamp = service.now().astimezone(service.zone).strftime("%Y-%m-%d-%H%M%S")
        base = f"{render(T('privacy.file_name'), lang)}-{stamp}"
        if target.id != actor.id:
            base += f"-{target.id}"
        notify.send_file(service, s, actor.id, f"{base}-{render(T('privacy.file_summary'), lang)}.txt",
                         summary_text(service, s, found, lang, f"{base}.json").encode("utf-8"),
                         Card(title=T("privacy.summary_file_title")))
        notify.send_file(service, s, actor.id, f"{base}.json", data, Card(title=T("privacy.export_title")))
        if target.id != actor.id:
            admins.record(service, s, actor, "data_access", name=target.name,
                          user=f"{target.platform}:{target.user_id}")
    if target.id != actor.id:
        return Reply.of(actor.lang, T("privacy.export_sent_admin", name=target.name))
    return Reply.of(actor.lang, T("privacy.export_sent"))


def find_target(service: Core, actor: Actor, text: str) -> Actor | None:
    """`@name`, a mention or an id in the admin's workspace, or `platform:user id` anywhere."""
    found = admins.target_of(service, actor, text)
    if found is not None:
        return found
    platform, _, user_id = text.partition(":")
    if user_id:
        with transaction(service.engine) as s:
            person = s.exec(select(Person).where(Person.platform == platform.lower(),
                                                 Person.user_id == user_id).order_by(Person.id)).first()
            return actor_of(person) if person else None
    return None


# --- erasure (AVG art. 17) -------------------------------------------------------------------------

def erase(service: Core, actor: Actor, confirmed: bool = False) -> Reply:
    """`/flexpool verwijder`: first a question with two buttons, then everything at once."""
    if not confirmed:
        return Reply.of(actor.lang, T("privacy.erase_confirm"), choices=[
            Choice("privacy_erase_yes", "", T("btn.erase_yes"), "danger"),
            Choice("noop", "", T("btn.keep"))])
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        if person is None or person.user_id.startswith(ANON_PREFIX):
            return Reply.of(actor.lang, T("privacy.erased"))
        _erase(service, s, person)
    return Reply.of(actor.lang, T("privacy.erased"))


def erase_command(service: Core, actor: Actor, text: str = "") -> Reply:
    return erase(service, actor)


def _erase(service: Core, s: Session, person: Person) -> None:
    now = service.now()
    # 1. What is under way stops, everyone involved is told (the texts carry no name).
    klus_ids = sorted({inv.klus_id for inv in s.exec(select(Invitation).where(
        Invitation.person_id == person.id, col(Invitation.status).in_(q.OUTSTANDING))).all()}
        | set(s.exec(select(Klus.id).where(Klus.owner_id == person.id,
                                           col(Klus.status).in_(("open", "filled")))).all()))
    for klus_id in klus_ids:
        klus = q.lock_klus(s, klus_id)
        if klus.owner_id == person.id and klus.status in ("open", "filled"):
            if s.exec(placement.status_update(klus.id, ("open", "filled"), "cancelled", closed_at=now)).rowcount:
                for inv in s.exec(select(Invitation).where(
                        Invitation.klus_id == klus.id,
                        col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))).all():
                    placement.withdraw(service, s, inv, T("inv.withdrawn_cancelled", title=klus.title))
        for inv in s.exec(select(Invitation).where(Invitation.klus_id == klus_id, Invitation.person_id == person.id,
                                                   col(Invitation.status).in_(q.OUTSTANDING))).all():
            was = inv.status
            if q.transition(s, inv.id, q.OUTSTANDING, "withdrawn", decided_at=now):
                if was == "accepted":  # the owner was asked to confirm: that card is amended
                    notify.send(service, s, klus.owner_id, Card(text=[T("acc.withdrawn_erased")]), amends=f"acc:{inv.id}")
                placement.after_loss(service, s, klus)
    _close_approvals(service, s, person)
    s.flush()
    # 2. Everywhere their name or id appears it becomes a random label; then what is only
    # theirs goes, and what others need loses everything personal.
    found = footprint(s, person.id)
    label = f"anoniem-{secrets.token_hex(3)}"
    pattern = _pattern(found.identifiers)
    words = _pattern(free_text(s, person))  # what they wrote, quoted in messages to others
    for table in _tables():
        texts = _text_columns(table)
        key = list(table.primary_key.columns)
        for row in found.mentioned.get(table.name, []) + found.linked.get(table.name, []):
            changes = {}
            for c in texts:
                value = row[c.name]
                if words is not None and _mentions(value, words):
                    value = _scrub(value, words, "…")
                if pattern is not None and _mentions(value, pattern):
                    value = _scrub(value, pattern, label)
                if value != row[c.name]:
                    changes[c.name] = value
            if changes:
                s.connection().execute(update(table).where(*[c == row[c.name] for c in key]).values(**changes))
    s.exec(delete(Profile).where(Profile.person_id == person.id))
    s.exec(delete(AdminRole).where(AdminRole.person_id == person.id))
    s.exec(delete(Outbox).where(Outbox.person_id == person.id))
    s.exec(update(Invitation).where(Invitation.person_id == person.id).values(reasons={}, decline_reason=""))
    s.exec(update(Feedback).where(or_(Feedback.giver_id == person.id, Feedback.about_id == person.id))
           .values(endorsed=""))
    s.exec(update(Klus).where(Klus.owner_id == person.id).values(description=""))
    s.exec(update(Person).where(Person.id == person.id).values(
        name=label, user_id=ANON_PREFIX + secrets.token_hex(8), digest=False, last_digest_at=None))
    s.add(AuditLog(at=now, actor_id=person.id, actor=label, action="erased", detail={}))
    s.expire_all()


def _close_approvals(service: Core, s: Session, person: Person) -> None:
    """Approvals waiting for this person as line manager time out now (bot.approval)."""
    approval.close_for_manager(service, s, person.id)


# --- retention ------------------------------------------------------------------------------------

def _anonymous(s: Session, organisation_id: int | None, now: datetime) -> Person:
    """A fresh person with no name and no account, standing in for someone in old records."""
    stand_in = Person(platform="anon", workspace="", user_id=ANON_PREFIX + secrets.token_hex(8),
                      name="anoniem", organisation_id=organisation_id, created_at=now)
    s.add(stand_in)
    s.flush()
    return stand_in


def cutoff(service: Core) -> datetime | None:
    months = service.settings.retention_months
    if months <= 0:
        return None
    now = service.now()
    day = add_months(now.date().replace(day=1), -months) + timedelta(days=now.day - 1)
    return datetime.combine(day, now.timetz()).astimezone(timezone.utc)


def retention_due(service: Core) -> int:
    """Anonymise what is older than the retention period; returns how many rows changed."""
    before = cutoff(service)
    if before is None:
        return 0
    now = service.now()
    done = 0
    answered = func.coalesce(Invitation.decided_at, Invitation.answered_at, Invitation.created_at)
    with transaction(service.engine) as s:
        rows = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
                      .join(Klus, Klus.id == Invitation.klus_id)
                      .where(col(Invitation.status).not_in(q.OUTSTANDING), answered <= before,
                             col(Person.user_id).not_like(ANON_PREFIX + "%"),
                             or_(Invitation.status != "confirmed",
                                 col(Klus.status).in_(("done", "cancelled", "expired"))))
                      .order_by(Invitation.klus_id, Invitation.id).limit(RETENTION_BATCH)).all()
        for klus_id in sorted({inv.klus_id for inv, _ in rows}):
            q.lock_klus(s, klus_id)
        for inv, person in rows:
            stand_in = _anonymous(s, person.organisation_id, now)
            done += s.exec(update(Invitation).where(Invitation.id == inv.id, Invitation.person_id == person.id)
                           .values(person_id=stand_in.id, reasons={}, decline_reason="")).rowcount
        feedback = s.exec(select(Feedback).where(Feedback.created_at <= before)
                          .order_by(Feedback.id).limit(RETENTION_BATCH)).all()
        for row in feedback:
            giver, about = s.get(Person, row.giver_id), s.get(Person, row.about_id)
            if giver.user_id.startswith(ANON_PREFIX) and about.user_id.startswith(ANON_PREFIX) and not row.endorsed:
                continue
            if not giver.user_id.startswith(ANON_PREFIX):
                row.giver_id = _anonymous(s, giver.organisation_id, now).id
            if not about.user_id.startswith(ANON_PREFIX):
                row.about_id = _anonymous(s, about.organisation_id, now).id
            row.endorsed = ""
            s.add(row)
            done += 1
        done += s.exec(delete(Outbox).where(Outbox.sent_at != None, Outbox.sent_at <= before)).rowcount  # noqa: E711
    return done


def press(service: Core, actor: Actor, action: str, value: str) -> Reply:
    if action == "privacy_erase_yes":
        return erase(service, actor, confirmed=True)
    return Reply.of(actor.lang, T("err.stale_button"))


def dump_all(s: Session) -> Iterable[tuple[str, dict]]:
    """Every row of every table (for tests and audits of the erasure)."""
    for table in SQLModel.metadata.sorted_tables:
        for row in s.connection().execute(sa_select(table)):
            yield table.name, dict(row._mapping)
