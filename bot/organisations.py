"""One pool, many organisations: which organisation a person belongs to, who may act on
whom, the line manager's approval switch per organisation, and the charge between
organisations.

Which organisation (a person's, independent of the workspace — many organisations share
one workspace):
- the HR import's `organisatie` column, or an e-mail domain rule an admin set
  (`/flexpool organisatie domein minbzk.nl = Ministerie van BZK`) applied to the import's
  e-mail column; the address itself is never stored;
- otherwise the workspace's default, when it names one (`/flexpool organisatie standaard
  <naam>`); a person who follows the default moves along when it changes;
- otherwise the person chooses once, with buttons, among the organisations there are.
  Nothing is invented: with no organisation at all, everyone is simply in one pool.
`Person.organisation_source` says which of these placed a person (import, domain,
chosen, admin, workspace; "" unknown).

Who may act on whom is bot.scope: pool admins (FLEXPOOL_ADMINS) on everything, admins
added in chat on their own organisation.

No mass change without a question: a command that would change more than one person's
organisation lists how many and who and asks to confirm; the question is itself an audit
log entry (action `org_asked`, the planned moves in its detail), the answer turns it into
`org_done` or `org_cancelled` once, so a second click or two admins at once change nothing
twice. People whose organisation changed in the meantime are left alone.

The charges between organisations are in bot.charges.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from bot.audit import record, who
from bot.core import Actor, Core, utc
from bot.i18n import Join, T, render
from bot.port import Card, Choice, Reply
from bot.scope import Scope, admin_scope, organisation_name, out_of_scope, scope_of
from storage import queries as q
from storage.db import transaction
from storage.models import (AuditLog, Klus, Organisation, OrganisationDomain, Person, Profile,
                            Workspace)


MAX_NAME = 100
MAX_CHOICES = 8  # organisations offered as buttons to someone who does not know theirs yet
SHOWN = 20  # names or lines in one message
ASK_HOURS = 24  # a question about a mass change can be answered this long
ON = {"aan", "on", "ja", "yes", "1"}
OFF = {"uit", "off", "nee", "no", "0"}
APPROVAL_WORDS = {"akkoord", "goedkeuring", "approval", "leidinggevende", "line-manager"}
LIST_WORDS = {"lijst", "list", "alle", "all", "overzicht", "overview"}
DEFAULT_WORDS = {"standaard", "default", "werkruimte", "workspace"}
DOMAIN_WORDS = {"domein", "domain", "domeinen", "domains", "maildomein", "e-maildomein"}
CHOOSE_WORDS = {"kies", "choose", "ik", "mijn", "mine"}
NONE_WORDS = {"geen", "none", "-", "weg", "leeg"}
REMOVE_WORDS = {"weg", "verwijder", "verwijderen", "remove", "delete", "-"}
MOVING_KLUS = ("open", "filled", "running")  # a person's klussen that move along with them
DOMAIN = re.compile(r"(?=.{3,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


# --- which organisation ----------------------------------------------------------------------

def find(s: Session, name: str) -> Organisation | None:
    """An organisation by its name, whatever the case."""
    name = " ".join(name.split())
    return s.exec(select(Organisation).where(func.lower(Organisation.name) == name.lower())).first()


def in_reach(klus: Klus, person: Person, profile: Profile | None) -> bool:
    """May `person` be on `klus` at all: same organisation unless the klus is government-wide,
    and the same department when the klus asks for that."""
    if klus.reach == "all":
        return True
    if person.organisation_id != klus.organisation_id:
        return False
    return klus.reach != "department" or (profile is not None and
                                          profile.department.lower() == (klus.department or "").lower())


def for_new_person(s: Session, platform: str, workspace: str) -> tuple[int | None, str]:
    """(organisation id, source) for someone seen for the first time: the workspace's
    default if it names one, else unknown (they are asked)."""
    org = q.workspace_default(s, platform, workspace)
    return (org, "workspace") if org else (None, "")


def domain_of(email: str) -> str:
    """'Fatima@MinBZK.nl' → 'minbzk.nl'; '' when it is no address."""
    _, at, domain = (email or "").strip().lower().rpartition("@")
    return domain.strip(".") if at and DOMAIN.fullmatch(domain.strip(".")) else ""


def for_email(s: Session, email: str) -> int | None:
    """The organisation of an e-mail address by the domain rules: the rule of the address's
    own domain, else of the nearest parent domain (den-haag.minbzk.nl → minbzk.nl)."""
    domain = domain_of(email)
    if not domain:
        return None
    parts = domain.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    rules = {r.domain: r.organisation_id for r in
             s.exec(select(OrganisationDomain).where(col(OrganisationDomain.domain).in_(candidates))).all()}
    return next((rules[c] for c in candidates if c in rules), None)


def move(s: Session, person: Person, organisation_id: int | None, source: str) -> bool:
    """Put `person` in an organisation; their klussen that are not over yet move along
    (who posts a klus decides its reach and who pays). True when anything changed."""
    changed = person.organisation_id != organisation_id
    if changed and organisation_id is not None:
        s.exec(update(Klus).where(Klus.owner_id == person.id, col(Klus.status).in_(MOVING_KLUS))
               .values(organisation_id=organisation_id))
    if changed or person.organisation_source != source:
        person.organisation_id = organisation_id
        person.organisation_source = source
        s.add(person)
    return changed


def from_import(service: Core, s: Session, scope: "Scope", person: Person | None, name: str,
                email: str) -> tuple[int | None, str, T | None]:
    """The organisation an HR import row gives (`organisatie` column, else the e-mail's domain
    rule): (organisation id or None when the row says nothing, source, error). An admin of one
    organisation imports only their own people; a pool admin's new organisation name is created
    (HR says it exists: not invented)."""
    name = " ".join((name or "").split())
    if name:
        if not 2 <= len(name) <= MAX_NAME:
            return None, "", T("org.bad_name", max=MAX_NAME)
        org = find(s, name)
        if org is None and scope.orgs is None:
            org = q.get_or_create_organisation(s, name)
        if org is None:
            return None, "", T("org.import_unknown", name=name)
        found, source = org.id, "import"
    else:
        found, source = for_email(s, email), "domain"
    if person is not None and not scope.covers(person.organisation_id):
        return None, "", T("scope.import_person", organisation=organisation_name(s, person.organisation_id))
    if found is None:
        return None, "", None
    if not scope.covers(found):
        return None, "", T("scope.import_organisation", organisation=organisation_name(s, found))
    return found, source, None


# --- the person's own organisation -----------------------------------------------------------

def choices(s: Session, person: Person) -> list[Choice]:
    """Buttons to choose an organisation: those with the most people in the person's
    workspace first, then by name."""
    here = dict(s.exec(select(Person.organisation_id, func.count()).where(
        Person.platform == person.platform, Person.workspace == person.workspace,
        Person.organisation_id != None).group_by(Person.organisation_id)).all())  # noqa: E711
    orgs = sorted(s.exec(select(Organisation)).all(), key=lambda o: (-here.get(o.id, 0), o.name.lower()))
    return [Choice("org_choose", str(o.id), T("org.choose_button", name=o.name)) for o in orgs[:MAX_CHOICES]]


def question(service: Core, actor: Actor) -> Card | None:
    """The question 'which organisation do you work for?' for someone whose organisation is
    unknown while there are organisations to choose from; else None."""
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        if person is None or person.organisation_id is not None:
            return None
        buttons = choices(s, person)
        if not buttons:
            return None
        more = s.exec(select(func.count()).select_from(Organisation)).one() > len(buttons)
    return Card(title=T("org.ask_title"), text=[T("org.ask")], choices=buttons,
                note=T("org.ask_more") if more else T("org.ask_note"))


def with_question(service: Core, actor: Actor, reply):
    """A reply to someone whose organisation is unknown, with the question added once."""
    if actor.organisation_id is not None or not isinstance(reply, Reply):
        return reply
    card = question(service, actor)
    if card is not None and not any(c.choices and c.choices[0].action == "org_choose" for c in reply.cards):
        reply.cards.append(card)
    return reply


def choose(service: Core, actor: Actor, organisation: str) -> Reply:
    """The person chooses their organisation, once (by button: an id; typed: a name).
    After that only an admin changes it."""
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        if person.organisation_id is not None:
            return Reply.of(actor.lang, T("org.chosen_already", name=organisation_name(s, person.organisation_id)))
        org = (s.get(Organisation, int(organisation)) if organisation.isdigit() else find(s, organisation))
        if org is None:
            buttons = choices(s, person)
            return Reply([Card(text=[T("org.choose_unknown", name=organisation[:MAX_NAME] or "–")],
                               choices=buttons, note=T("org.ask_more") if buttons else T("org.ask_none"))],
                         actor.lang)
        changed = s.exec(update(Person).where(Person.id == person.id, Person.organisation_id == None)  # noqa: E711
                         .values(organisation_id=org.id, organisation_source="chosen")).rowcount
        if changed != 1:  # chosen a moment ago (a second click)
            s.refresh(person)
            return Reply.of(actor.lang, T("org.chosen_already", name=organisation_name(s, person.organisation_id)))
        s.exec(update(Klus).where(Klus.owner_id == person.id, Klus.organisation_id == None,  # noqa: E711
                                  col(Klus.status).in_(MOVING_KLUS)).values(organisation_id=org.id))
        record(service, s, actor, "org_chosen", name=org.name)
        return Reply.of(actor.lang, T("org.chosen", name=org.name))


# --- /flexpool organisatie ---------------------------------------------------------------------

def command(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool organisatie [kies <naam> | lijst | standaard <naam> | domein <d> = <naam> |
    akkoord aan|uit]`. Everyone sees (and once chooses) their own; the rest is for admins."""
    text = " ".join((text or "").split())
    word, _, rest = text.partition(" ")
    word = word.lower()
    if word in CHOOSE_WORDS:
        return choose(service, actor, rest)
    if not text and scope_of(service, actor) is None:
        return yours(service, actor)
    scope, refused = admin_scope(service, actor, "organisation")
    if refused:
        return refused
    if not text or (word in LIST_WORDS and not rest):
        return with_question(service, actor, overview(service, actor, scope))
    if word in APPROVAL_WORDS:
        if rest.lower() not in ON | OFF:
            return Reply.of(actor.lang, T("org.usage"))
        return set_approval(service, actor, rest.lower() in ON)
    if word in DOMAIN_WORDS:
        return domain_command(service, actor, scope, rest)
    name = rest if word in DEFAULT_WORDS else text
    return set_default(service, actor, scope, name)


def yours(service: Core, actor: Actor) -> Reply:
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        name = organisation_name(s, person.organisation_id)
        default = organisation_name(s, q.workspace_default(s, actor.platform, actor.workspace))
    text = [T("org.yours", name=name) if name else T("org.yours_unknown")]
    if default and default != name:
        text.append(T("org.workspace_default", name=default))
    reply = Reply.of(actor.lang, *text)
    if not name:
        card = question(service, actor)
        if card is not None:
            reply.cards.append(card)
    return reply


def set_approval(service: Core, actor: Actor, on: bool) -> Reply:
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        org = s.get(Organisation, person.organisation_id) if person.organisation_id else None
        if org is None:
            return Reply.of(actor.lang, T("org.none"))
        org.approval = on
        s.add(org)
        record(service, s, actor, "approval_switch", name=org.name, on=on)
        return Reply.of(actor.lang, T("org.approval_on" if on else "org.approval_off", name=org.name,
                                      hours=service.settings.approval_hours))


def overview(service: Core, actor: Actor, scope: Scope) -> Reply:
    """Every organisation: the workspaces that name it as default, its people, their visible
    profiles, approval on/off; and the domain rules."""
    with transaction(service.engine) as s:
        orgs = s.exec(select(Organisation).order_by(Organisation.name)).all()
        spaces: dict[int, list[str]] = defaultdict(list)
        for ws in s.exec(select(Workspace).order_by(Workspace.platform, Workspace.external_id)).all():
            spaces[ws.organisation_id].append(f"{ws.platform}:{ws.external_id}")
        people = dict(s.exec(select(Person.organisation_id, func.count()).group_by(Person.organisation_id)).all())
        visible = dict(s.exec(select(Person.organisation_id, func.count()).join(
            Profile, Profile.person_id == Person.id).where(Profile.visible == True)  # noqa: E712
            .group_by(Person.organisation_id)).all())
        domains: dict[int, list[str]] = defaultdict(list)
        for rule in s.exec(select(OrganisationDomain).order_by(OrganisationDomain.domain)).all():
            domains[rule.organisation_id].append(rule.domain)
        mine = s.get(Person, actor.id).organisation_id
    lines = [T("org.line", name=org.name, workspaces=Join(spaces[org.id]) if spaces.get(org.id) else "–",
               people=people.get(org.id, 0), profiles=visible.get(org.id, 0),
               domains=Join(domains[org.id]) if domains.get(org.id) else "–",
               approval=T("org.approval.on" if org.approval else "org.approval.off"),
               mine=T("org.mine") if org.id == mine else "")
             for org in orgs]
    text = [Join(lines, "\n") if lines else T("org.empty")]
    if people.get(None):
        text.append(T("org.unknown_count", count=people[None]))
    if scope.orgs is not None:
        text.append(T("scope.yours"))
    return Reply([Card(title=T("org.title"), text=text, note=T("org.usage"))], actor.lang)


def _target_org(service: Core, s: Session, actor: Actor, scope: Scope, name: str,
                what: str) -> tuple[Organisation | None, Reply | None]:
    """The organisation an admin names: an existing one (any case), or for a pool admin a new
    one; an admin of one organisation names only their own."""
    name = " ".join(name.split())
    if not 2 <= len(name) <= MAX_NAME:
        return None, Reply.of(actor.lang, T("org.bad_name", max=MAX_NAME), T("org.usage"))
    org = find(s, name)
    if scope.orgs is not None and (org is None or org.id not in scope.orgs):
        return None, out_of_scope(service, s, actor, what, org.name if org else name)
    return org or Organisation(name=name), None


def set_default(service: Core, actor: Actor, scope: Scope, name: str) -> Reply:
    """`/flexpool organisatie standaard <naam>` (also the old `/flexpool organisatie <naam>`):
    the workspace's default organisation. Who follows the default (or has none yet) moves
    along — only people in the admin's scope, and more than one only after a question."""
    clear = name.lower() in NONE_WORDS
    with transaction(service.engine) as s:
        ws = s.exec(select(Workspace).where(Workspace.platform == actor.platform,
                                            Workspace.external_id == actor.workspace)).first()
        old = organisation_name(s, ws.organisation_id if ws else None)
        if clear:
            if ws is None or ws.organisation_id is None:
                return Reply.of(actor.lang, T("org.default_none_already"))
            if not scope.covers(ws.organisation_id):
                return out_of_scope(service, s, actor, "organisation_default", old)
            ws.organisation_id = None
            s.add(ws)
            record(service, s, actor, "organisation_default", workspace=f"{actor.platform}:{actor.workspace}",
                          old=old, new="")
            return Reply.of(actor.lang, T("org.default_cleared", old=old))
        org, refused = _target_org(service, s, actor, scope, name, "organisation_default")
        if refused:
            return refused
        followers = s.exec(select(Person).where(
            Person.platform == actor.platform, Person.workspace == actor.workspace,
            col(Person.organisation_source).in_(("", "workspace")),
            or_none(Person.organisation_id, org.id)).order_by(Person.name)).all()
        moving = [p for p in followers if scope.covers(p.organisation_id) or p.organisation_id is None]
        staying = len(followers) - len(moving)
        plan = {"kind": "default", "workspace": [actor.platform, actor.workspace], "org": org.id,
                "org_name": org.name, "old": old, "staying": staying,
                "moves": [[p.id, p.organisation_id] for p in moving]}
        if len(moving) > 1:
            return ask(service, s, actor, plan, moving)
        return Reply([Card(text=apply(service, s, actor, plan))], actor.lang)


def or_none(column, value):
    """`column` differs from `value`, NULL included."""
    return or_(column == None, column != value)  # noqa: E711


def apply(service: Core, s: Session, actor: Actor, plan: dict) -> list:
    """Carry out a planned change of organisations (see `ask`); the lines that say what happened."""
    if plan["kind"] == "import":
        return _apply_import(service, s, actor, plan)
    org = s.get(Organisation, plan["org"]) if plan.get("org") else None
    if org is None:  # a new organisation, named by a pool admin
        org = q.get_or_create_organisation(s, plan["org_name"])
    moved = []
    for person_id, was in plan["moves"]:
        person = s.get(Person, person_id)
        if person is None or person.organisation_id != was:  # changed in the meantime: left alone
            continue
        move(s, person, org.id, "workspace" if plan["kind"] == "default" else plan["kind"])
        moved.append(person.name)
    text = []
    if plan["kind"] == "default":
        platform, workspace = plan["workspace"]
        ws = s.exec(select(Workspace).where(Workspace.platform == platform,
                                            Workspace.external_id == workspace)).first()
        ws = ws or Workspace(platform=platform, external_id=workspace)
        ws.organisation_id = org.id
        s.add(ws)
        record(service, s, actor, "organisation_default", workspace=f"{platform}:{workspace}",
                      old=plan.get("old", ""), new=org.name, moved=len(moved))
        text.append(T("org.default_set", workspace=workspace, name=org.name, old=plan.get("old") or "–"))
    if moved:
        record(service, s, actor, "organisation_moved", name=org.name, count=len(moved),
                      people=moved[:100])
        text.append(T("org.moved", count=len(moved), names=_names(moved), name=org.name))
    elif plan["moves"]:
        text.append(T("org.moved_none"))
    if plan.get("staying"):
        text.append(T("org.staying", count=plan["staying"]))
    return text


def _apply_import(service: "Core", s: Session, actor: "Actor | None", plan: dict) -> list:
    """The HR import's changes of organisation, each to its own organisation."""
    names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
    moved = []
    for person_id, was, to in plan["moves"]:
        person = s.get(Person, person_id)
        if person is None or person.organisation_id != was or to not in names:
            continue
        move(s, person, to, "import")
        moved.append(T("org.import_moved_line", name=person.name, new=names[to]))
    if not moved:
        return [T("org.moved_none")] if plan["moves"] else []
    record(service, s, actor, "organisation_moved", name=plan.get("org_name", ""), count=len(moved),
              people=[render(m, "nl") for m in moved[:100]])
    return [T("org.import_moved", count=len(moved), names=_names(moved))]


def import_moves(service: Core, actor: Actor | None, moves: list, source: str = "",
                 confirmed: bool = False) -> list:
    """What an HR import found about people whose organisation it changes — [person id,
    current organisation, new organisation] each: one change is made at once; more are asked
    first (an admin in chat gets the question's card; on the command line they move only
    when `confirmed`, `--verplaats`, else they are listed). The cards for the import's report."""
    if not moves:
        return []
    plan = {"kind": "import", "org": None, "org_name": "HR-import", "source": source[:200], "moves": moves}
    with transaction(service.engine) as s:
        if len(moves) == 1 or (actor is None and confirmed):
            return [Card(text=apply(service, s, actor, plan))]
        people = [s.get(Person, person_id) for person_id, _, _ in moves]
        if actor is None:
            names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
            lines = [T("org.ask_import_line", name=p.name, old=names.get(p.organisation_id, ""), new=names.get(to, ""))
                     for p, (_, _, to) in zip(people[:SHOWN], moves)]
            return [Card(text=[T("org.ask_import", count=len(moves)), Join(lines, "\n"), T("org.cli_move")])]
        return ask(service, s, actor, plan, people).cards


def _names(names: list[str]) -> Join:
    return Join(names[:SHOWN] + ([T("more.cut", count=len(names) - SHOWN)] if len(names) > SHOWN else []))


def ask(service: Core, s: Session, actor: Actor, plan: dict, people: list[Person]) -> Reply:
    """A change of many people's organisation: say how many and who, and ask. The question is
    an audit log entry holding the plan; its buttons name that entry."""
    names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
    entry = AuditLog(at=service.now(), actor_id=actor.id, actor=who(actor)[:200], action="org_asked",
                     detail={**plan, "count": len(people)})
    s.add(entry)
    s.flush()
    if plan["kind"] == "import":
        to = {move[0]: move[2] for move in plan["moves"]}
        lines = [T("org.ask_import_line", name=p.name, old=names.get(p.organisation_id) or T("org.unknown"),
                   new=names.get(to[p.id], "")) for p in people[:SHOWN]]
        header = T("org.ask_import", count=len(people))
    else:
        lines = [T("org.ask_line", name=p.name, old=names.get(p.organisation_id) or T("org.unknown"))
                 for p in people[:SHOWN]]
        header = T("org.ask_many", count=len(people), name=plan["org_name"])
    if len(people) > SHOWN:
        lines.append(T("more.cut", count=len(people) - SHOWN))
    text = [header, Join(lines, "\n")]
    if plan["kind"] == "default":
        text.insert(0, T("org.ask_default", workspace=plan["workspace"][1], name=plan["org_name"]))
    if plan.get("staying"):
        text.append(T("org.staying", count=plan["staying"]))
    return Reply([Card(title=T("org.ask_confirm_title"), text=text, choices=[
        Choice("org_confirm", str(entry.id), T("btn.org_confirm", count=len(people)), "primary"),
        Choice("org_cancel", str(entry.id), T("btn.cancel"))], note=T("org.ask_audit"))], actor.lang)


def answer(service: Core, actor: Actor, entry_id: str, confirmed: bool) -> Reply:
    """The answer to `ask`: once, by an admin whose scope still covers the plan, in time."""
    if not str(entry_id).isdigit():
        return Reply.of(actor.lang, T("err.stale_button"))
    scope, refused = admin_scope(service, actor, "organisation")
    if refused:
        return refused
    with transaction(service.engine) as s:
        entry = s.get(AuditLog, int(entry_id))
        if entry is None or entry.action not in ("org_asked", "org_done", "org_cancelled"):
            return Reply.of(actor.lang, T("err.stale_button"))
        if entry.action != "org_asked":
            return Reply.of(actor.lang, T("org.answered_already"))
        plan = dict(entry.detail)
        if utc(entry.at) + timedelta(hours=ASK_HOURS) < service.now():
            return Reply.of(actor.lang, T("org.ask_expired"))
        targets = [move[2] for move in plan["moves"]] if plan["kind"] == "import" else [plan.get("org")]
        if scope.orgs is not None and (any(t not in scope.orgs for t in targets) or any(
                not scope.covers(move[1]) and move[1] is not None for move in plan["moves"])):
            return out_of_scope(service, s, actor, "organisation", plan.get("org_name", ""))
        decided = "org_done" if confirmed else "org_cancelled"
        # The question turns into its answer once: a second click (or a second admin) finds it answered.
        if s.exec(update(AuditLog).where(AuditLog.id == entry.id, AuditLog.action == "org_asked")
                  .values(action=decided)).rowcount != 1:
            return Reply.of(actor.lang, T("org.answered_already"))
        if not confirmed:
            record(service, s, actor, "org_cancelled_by", question=entry.id)
            return Reply.of(actor.lang, T("ok"))
        return Reply([Card(text=apply(service, s, actor, plan))], actor.lang)


def domain_command(service: Core, actor: Actor, scope: Scope, text: str) -> Reply:
    """`domein <domein> = <naam>` adds or changes a rule, `domein <domein> weg` removes it,
    `domein` lists them. A rule places people at their next HR import; addresses are not kept."""
    if not text:
        return domain_list(service, actor)
    raw, sep, name = text.partition("=")
    parts = raw.split()
    if not sep and len(parts) == 2 and parts[1].lower() in REMOVE_WORDS:
        return domain_remove(service, actor, scope, parts[0])
    domain = raw.strip().lower().lstrip("@")
    if not sep or not DOMAIN.fullmatch(domain) or not name.strip():
        return Reply.of(actor.lang, T("org.domain_usage"))
    with transaction(service.engine) as s:
        rule = s.exec(select(OrganisationDomain).where(OrganisationDomain.domain == domain)).first()
        if rule is not None and not scope.covers(rule.organisation_id):
            return out_of_scope(service, s, actor, "organisation_domain", organisation_name(s, rule.organisation_id))
        org, refused = _target_org(service, s, actor, scope, name, "organisation_domain")
        if refused:
            return refused
        if org.id is None:
            org = q.get_or_create_organisation(s, org.name)
        old = organisation_name(s, rule.organisation_id) if rule else ""
        rule = rule or OrganisationDomain(domain=domain, organisation_id=org.id)
        rule.organisation_id, rule.added_by, rule.added_at = org.id, who(actor)[:200], service.now()
        s.add(rule)
        record(service, s, actor, "organisation_domain", domain=domain, name=org.name, old=old)
        return Reply.of(actor.lang, T("org.domain_set", domain=domain, name=org.name))


def domain_remove(service: Core, actor: Actor, scope: Scope, domain: str) -> Reply:
    domain = domain.strip().lower().lstrip("@")
    with transaction(service.engine) as s:
        rule = s.exec(select(OrganisationDomain).where(OrganisationDomain.domain == domain)).first()
        if rule is None:
            return Reply.of(actor.lang, T("org.domain_unknown", domain=domain[:200]))
        name = organisation_name(s, rule.organisation_id)
        if not scope.covers(rule.organisation_id):
            return out_of_scope(service, s, actor, "organisation_domain", name)
        s.delete(rule)
        record(service, s, actor, "organisation_domain", domain=domain, name="", old=name)
        return Reply.of(actor.lang, T("org.domain_removed", domain=domain, name=name))


def domain_list(service: Core, actor: Actor) -> Reply:
    with transaction(service.engine) as s:
        rows = s.exec(select(OrganisationDomain, Organisation).join(
            Organisation, Organisation.id == OrganisationDomain.organisation_id)
            .order_by(OrganisationDomain.domain)).all()
    lines = [T("org.domain_line", domain=rule.domain, name=org.name) for rule, org in rows]
    return Reply([Card(title=T("org.domain_title"), text=[Join(lines, "\n") if lines else T("org.domain_none")],
                       note=T("org.domain_usage"))], actor.lang)


def press(service: Core, actor: Actor, action: str, value: str) -> Reply:
    """The buttons of this module: choosing one's organisation, answering a question."""
    if action == "org_choose":
        return choose(service, actor, value if str(value).isdigit() else "")
    if action in ("org_confirm", "org_cancel"):
        return answer(service, actor, value, action == "org_confirm")
    return Reply.of(actor.lang, T("err.stale_button"))
