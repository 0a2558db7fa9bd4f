"""One pool, many organisations: which organisation a workspace belongs to, the line
manager's approval switch per organisation, and the charge between organisations.

- Every workspace (a Slack workspace, a Mattermost team, the terminal) belongs to one
  organisation; its people and their klussen carry it. A workspace seen for the first
  time belongs to FLEXPOOL_ORGANISATION (a Slack workspace installed through OAuth: to
  one named after the workspace) until an admin says otherwise with
  `/flexpool organisatie <naam>`: then the workspace, its people and the klussen they
  posted move to that organisation (created if new). A klus's reach ("eigen
  organisatie") and the charge below follow from that.
- `/flexpool organisatie akkoord aan|uit`: line-manager approval (bot.approval) for the
  admin's own organisation.
- `/flexpool verrekening [periode]`: between organisations only the bare wage cost is
  charged (kale loonkosten): for each pair, the hours the giving organisation's people
  delivered on the receiving organisation's klussen (as in the stats: the days of the
  period that have passed) × the internal cost per hour (FLEXPOOL_INTERNAL_COST, or per
  salary scale with FLEXPOOL_TARIFFS). No margin, no external tariff.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bot import office
from bot.i18n import Join, T
from bot.port import Card, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Klus, Organisation, Person, Profile, Workspace

if TYPE_CHECKING:
    from bot.service import Actor, Flexpool

MAX_NAME = 100
ON = {"aan", "on", "ja", "yes", "1"}
OFF = {"uit", "off", "nee", "no", "0"}
APPROVAL_WORDS = {"akkoord", "goedkeuring", "approval", "leidinggevende", "line-manager"}
LIST_WORDS = {"", "lijst", "list", "alle", "all", "wie", "who"}


# --- which organisation ----------------------------------------------------------------------

def organisation_name(s: Session, organisation_id: int | None) -> str:
    org = s.get(Organisation, organisation_id) if organisation_id else None
    return org.name if org else ""


def in_reach(klus: Klus, person: Person, profile: Profile | None) -> bool:
    """May `person` be on `klus` at all: same organisation unless the klus is government-wide,
    and the same department when the klus asks for that."""
    if klus.reach == "all":
        return True
    if person.organisation_id != klus.organisation_id:
        return False
    return klus.reach != "department" or (profile is not None and
                                          profile.department.lower() == (klus.department or "").lower())


def assign(service: "Flexpool", s: Session, platform: str, workspace: str, name: str) -> tuple[str, str]:
    """Make `workspace` belong to the organisation `name` (created if new); its people and
    the klussen they posted move along. Returns (old name, new name)."""
    org = q.get_or_create_organisation(s, name)
    ws = s.exec(select(Workspace).where(Workspace.platform == platform,
                                        Workspace.external_id == workspace)).first()
    old = organisation_name(s, ws.organisation_id) if ws else ""
    if ws is None:
        ws = Workspace(platform=platform, external_id=workspace, organisation_id=org.id)
    ws.organisation_id = org.id
    s.add(ws)
    people = select(Person.id).where(Person.platform == platform, Person.workspace == workspace)
    s.exec(update(Person).where(Person.platform == platform, Person.workspace == workspace)
           .values(organisation_id=org.id))
    s.exec(update(Klus).where(col(Klus.owner_id).in_(people)).values(organisation_id=org.id))
    return old, org.name


def command(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool organisatie [lijst | <naam> | akkoord aan|uit]`. Anyone may see which
    organisation they belong to; the rest is for admins (and logged)."""
    text = " ".join((text or "").split())
    if text.lower() in LIST_WORDS and not service.is_admin(actor):
        with transaction(service.engine) as s:
            name = organisation_name(s, s.get(Person, actor.id).organisation_id)
        return Reply.of(actor.lang, T("org.yours", name=name or "–"))
    refused = office._refused(service, actor, "organisation")
    if refused:
        return refused
    if text.lower() in LIST_WORDS:
        return overview(service, actor)
    word, _, rest = text.partition(" ")
    if word.lower() in APPROVAL_WORDS:
        if rest.lower() not in ON | OFF:
            return Reply.of(actor.lang, T("org.usage"))
        return set_approval(service, actor, rest.lower() in ON)
    if not 2 <= len(text) <= MAX_NAME:
        return Reply.of(actor.lang, T("org.bad_name", max=MAX_NAME), T("org.usage"))
    with transaction(service.engine) as s:
        old, new = assign(service, s, actor.platform, actor.workspace, text)
        office.record(service, s, actor, "organisation", workspace=f"{actor.platform}:{actor.workspace}",
                      old=old, new=new)
    if old == new:
        return Reply.of(actor.lang, T("org.unchanged", name=new))
    return Reply.of(actor.lang, T("org.assigned", workspace=actor.workspace, name=new, old=old or "–"))


def set_approval(service: "Flexpool", actor: "Actor", on: bool) -> Reply:
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        org = s.get(Organisation, person.organisation_id) if person.organisation_id else None
        if org is None:
            return Reply.of(actor.lang, T("org.none"))
        org.approval = on
        s.add(org)
        office.record(service, s, actor, "approval_switch", name=org.name, on=on)
        return Reply.of(actor.lang, T("org.approval_on" if on else "org.approval_off", name=org.name,
                                      hours=service.settings.approval_hours))


def overview(service: "Flexpool", actor: "Actor") -> Reply:
    """Every organisation: its workspaces, people with a visible profile, approval on/off."""
    with transaction(service.engine) as s:
        orgs = s.exec(select(Organisation).order_by(Organisation.name)).all()
        spaces: dict[int, list[str]] = defaultdict(list)
        for ws in s.exec(select(Workspace).order_by(Workspace.platform, Workspace.external_id)).all():
            spaces[ws.organisation_id].append(f"{ws.platform}:{ws.external_id}")
        visible = dict(s.exec(select(Person.organisation_id, func.count()).join(
            Profile, Profile.person_id == Person.id).where(Profile.visible == True)  # noqa: E712
            .group_by(Person.organisation_id)).all())
        mine = s.get(Person, actor.id).organisation_id
    lines = [T("org.line", name=org.name, workspaces=Join(spaces.get(org.id, [])) if spaces.get(org.id) else "–",
               profiles=visible.get(org.id, 0),
               approval=T("org.approval.on" if org.approval else "org.approval.off"),
               mine=T("org.mine") if org.id == mine else "")
             for org in orgs]
    return Reply([Card(title=T("org.title"), text=[Join(lines, "\n") if lines else T("org.empty")],
                       note=T("org.usage"))], actor.lang)


# --- the charge between organisations (kale loonkosten) ------------------------------------------

@dataclass
class Flow:
    """Hours one organisation's people delivered on another's klussen, and their cost."""

    giver: str
    receiver: str
    hours: float = 0.0
    amount: float = 0.0


def charges(service: "Flexpool", period: office.Period | None = None) -> dict:
    """{"flows": [Flow], "totals": {org: {given, received, receivable, payable}}} for `period`."""
    period = period or office.Period()
    table = service.settings.tariff_table()
    default = (service.settings.external_tariff, service.settings.internal_cost)
    flows: dict[tuple[str, str], Flow] = {}
    with transaction(service.engine) as s:
        names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        for p in office._placements(s, service, period):
            giver, receiver = p.person.organisation_id, p.klus.organisation_id
            if p.delivered <= 0 or giver is None or receiver is None or giver == receiver:
                continue
            internal = table.get(p.profile.salary_scale if p.profile else "", default)[1]
            flow = flows.setdefault((names[giver], names[receiver]), Flow(names[giver], names[receiver]))
            flow.hours += p.delivered
            flow.amount += p.delivered * internal
    totals: dict[str, dict[str, float]] = defaultdict(lambda: dict(given=0.0, received=0.0, receivable=0.0,
                                                                   payable=0.0))
    for flow in flows.values():
        totals[flow.giver]["given"] += flow.hours
        totals[flow.giver]["receivable"] += flow.amount
        totals[flow.receiver]["received"] += flow.hours
        totals[flow.receiver]["payable"] += flow.amount
    ordered = sorted(flows.values(), key=lambda f: (f.giver.lower(), f.receiver.lower()))
    for flow in ordered:
        flow.hours, flow.amount = round(flow.hours, 1), round(flow.amount, 2)
    return {"period": period, "flows": ordered,
            "totals": {name: {k: round(v, 2) for k, v in t.items()} for name, t in sorted(totals.items())}}


def charges_card(service: "Flexpool", period: office.Period | None, lang: str) -> Card:
    d = charges(service, period)

    def euro(amount: float) -> T:
        return T("charge.euro", amount=money(amount, lang))

    flows = [T("charge.flow", giver=f.giver, receiver=f.receiver, hours=f.hours, amount=euro(f.amount))
             for f in d["flows"]]
    totals = [T("charge.total", name=name, given=t["given"], received=t["received"],
                receivable=euro(t["receivable"]), payable=euro(t["payable"]),
                net=euro(t["receivable"] - t["payable"]))
              for name, t in d["totals"].items()]
    settings = service.settings
    text = [T("stats.period", period=d["period"].label())]
    if flows:
        text += [T("charge.flows"), Join(flows, "\n"), T("charge.totals"), Join(totals, "\n")]
    else:
        text.append(T("charge.none"))
    return Card(title=T("charge.title"), text=text,
                note=T("charge.note", internal=settings.internal_cost))


def money(amount: float, lang: str) -> str:
    """2200.5 -> '2.200,50' (nl) or '2,200.50' (en)."""
    text = f"{amount:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def charges_command(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool verrekening [periode]` (admins)."""
    refused = office._refused(service, actor, "charges")
    if refused:
        return refused
    period = office.parse_period(text, service.today())
    if period is None:
        return office._bad_period(actor, text)
    return Reply([charges_card(service, period, actor.lang)], actor.lang)


def cli_charges(service: "Flexpool", words: list[str], lang: str, draw) -> tuple[str, int]:
    from bot.i18n import render

    period = office.parse_period(" ".join(words), service.today())
    if period is None:
        return render(T("office.bad_period", text=" ".join(words)[:60]), lang), 2
    return draw(charges_card(service, period, lang), lang).rstrip(), 0
