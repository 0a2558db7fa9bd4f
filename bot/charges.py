"""The charge between organisations (kale loonkosten): `/flexpool verrekening [csv]
[periode]` and `flexpool verrekening [--csv] [periode]`.

Between organisations only the bare wage cost is charged: for every placement, the hours
the person delivered on another organisation's klus in the period (as in the stats: the
days of the period that have passed) × the internal cost per hour of their salary scale
(FLEXPOOL_TARIFFS) or FLEXPOOL_INTERNAL_COST. No margin, no external tariff. One line per
placement — person, klus, from and to organisation, the days, hours, salary scale, rate,
amount, the person's and the klus owner's cost centre — backs an invoice; the totals per
pair and per organisation are as before. An organisation's admin sees what concerns their
organisation (bot.scope), a pool admin everything.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from bot import notify, stats
from bot.audit import record
from bot.core import Actor, Core
from bot.exporting import FORMULA_START
from bot.i18n import Join, T, render
from bot.organisations import SHOWN
from bot.port import Card, Choice, Reply
from bot.scope import EVERYTHING, Scope
from storage.db import transaction
from storage.models import Organisation, Profile



@dataclass
class Line:
    """One placement's hours delivered for another organisation in the period, and their cost."""

    person: str
    klus_id: int
    klus: str
    giver: str
    receiver: str
    first: date
    last: date
    hours: float
    scale: str
    rate: float
    amount: float
    cost_centre: str  # the person's (kostenplaats)
    receiver_cost_centre: str  # the klus owner's


@dataclass
class Flow:
    """Hours one organisation's people delivered on another's klussen, and their cost."""

    giver: str
    receiver: str
    hours: float = 0.0
    amount: float = 0.0


def charges(service: Core, period: stats.Period | None = None, scope: Scope = EVERYTHING) -> dict:
    """{"period", "lines": [Line], "flows": [Flow], "totals": {org: {given, received, receivable,
    payable}}} for `period`, over the organisations `scope` covers (as giver or receiver)."""
    period = period or stats.Period()
    table = service.settings.tariff_table()
    default = (service.settings.external_tariff, service.settings.internal_cost)
    today = service.today()
    lines: list[Line] = []
    with transaction(service.engine) as s:
        names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        placements = [p for p in stats.placements(s, service, period)
                      if p.delivered > 0 and p.person.organisation_id is not None
                      and p.klus.organisation_id is not None and p.person.organisation_id != p.klus.organisation_id
                      and (scope.covers(p.person.organisation_id) or scope.covers(p.klus.organisation_id))]
        owners = {o.person_id: o.cost_centre for o in s.exec(select(Profile).where(
            col(Profile.person_id).in_({p.klus.owner_id for p in placements}))).all()} if placements else {}
        for p in placements:
            scale = p.profile.salary_scale if p.profile else ""
            rate = table.get(scale, default)[1]
            first = max(p.klus.start, period.start or p.klus.start)
            last = min(p.klus.end, period.end or p.klus.end,
                       today - timedelta(days=1) if p.klus.status == "running" else p.klus.end)
            lines.append(Line(p.person.name, p.klus.id, p.klus.title, names[p.person.organisation_id],
                              names[p.klus.organisation_id], first, last, round(p.delivered, 2), scale,
                              rate, round(p.delivered * rate, 2), p.profile.cost_centre if p.profile else "",
                              owners.get(p.klus.owner_id, "")))
    flows: dict[tuple[str, str], Flow] = {}
    for line in lines:
        flow = flows.setdefault((line.giver, line.receiver), Flow(line.giver, line.receiver))
        flow.hours += line.hours
        flow.amount += line.amount
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
    lines.sort(key=lambda l: (l.giver.lower(), l.receiver.lower(), l.first, l.klus_id, l.person.lower()))
    covered = {names[o] for o in scope.ids() if o in names} if scope.orgs is not None else None
    return {"period": period, "lines": lines, "flows": ordered,
            "totals": {name: {k: round(v, 2) for k, v in t.items()} for name, t in sorted(totals.items())
                       if covered is None or name in covered}}


def euro(amount: float, lang: str) -> T:
    return T("charge.euro", amount=money(amount, lang))


def charges_card(service: Core, period: stats.Period | None, lang: str, scope: Scope = EVERYTHING) -> Card:
    d = charges(service, period, scope)
    rows = [T("charge.line", person=l.person, id=l.klus_id, klus=l.klus, giver=l.giver, receiver=l.receiver,
              period=T("period", start=l.first, end=l.last), hours=l.hours,
              scale=T("charge.scale", scale=l.scale) if l.scale else T("charge.no_scale"),
              rate=euro(l.rate, lang), amount=euro(l.amount, lang),
              cost_centre=T("charge.cost_centre", code=l.cost_centre) if l.cost_centre else "")
            for l in d["lines"][:SHOWN]]
    if len(d["lines"]) > SHOWN:
        rows.append(T("charge.more_lines", count=len(d["lines"]) - SHOWN))
    flows = [T("charge.flow", giver=f.giver, receiver=f.receiver, hours=f.hours, amount=euro(f.amount, lang))
             for f in d["flows"]]
    totals = [T("charge.total", name=name, given=t["given"], received=t["received"],
                receivable=euro(t["receivable"], lang), payable=euro(t["payable"], lang),
                net=euro(t["receivable"] - t["payable"], lang))
              for name, t in d["totals"].items()]
    text = [T("stats.period", period=d["period"].label())]
    if flows:
        text += [T("charge.lines"), Join(rows, "\n"), T("charge.flows"), Join(flows, "\n"),
                 T("charge.totals"), Join(totals, "\n")]
    else:
        text.append(T("charge.none"))
    if scope.orgs is not None:
        text.append(T("scope.yours"))
    return Card(title=T("charge.title"), text=text, note=T("charge.note", internal=service.settings.internal_cost))


def money(amount: float, lang: str) -> str:
    """2200.5 -> '2.200,50' (nl) or '2,200.50' (en)."""
    text = f"{amount:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


CSV_COLUMNS = ("person", "klus_id", "klus", "from_organisation", "to_organisation", "from", "to", "hours",
               "salary_scale", "rate", "amount", "cost_centre", "receiver_cost_centre")


def charges_csv(service: Core, period: stats.Period, lang: str, sep: str = ";",
                scope: Scope = EVERYTHING) -> tuple[str, bytes, int]:
    """(file name, UTF-8 CSV with BOM, lines): one row per placement, then one total row per
    pair of organisations. With `;` amounts get a decimal comma (Dutch Excel)."""
    d = charges(service, period, scope)
    decimal = "," if sep == ";" else "."

    def number(value: float) -> str:
        return f"{value:.2f}".replace(".", decimal)

    def text(value: str) -> str:
        return "'" + value if value.startswith(FORMULA_START) else value

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow([render(T(f"chargecol.{c}"), lang) for c in CSV_COLUMNS])
    for l in d["lines"]:
        writer.writerow([text(l.person), l.klus_id, text(l.klus), text(l.giver), text(l.receiver), l.first.isoformat(),
                         l.last.isoformat(), number(l.hours), l.scale, number(l.rate), number(l.amount),
                         text(l.cost_centre), text(l.receiver_cost_centre)])
    total = render(T("charge.csv_total"), lang)
    for f in d["flows"]:
        writer.writerow([total, "", "", text(f.giver), text(f.receiver), "", "", number(f.hours), "", "",
                         number(f.amount), "", ""])
    name = f"flexpool-{render(T('charge.file'), lang)}-{d['period'].slug()}.csv"
    return name, ("\ufeff" + out.getvalue()).encode("utf-8"), len(d["lines"])


CSV_WORDS = {"csv", "export", "bestand", "file"}


def charges_command(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool verrekening [csv] [periode]` (admins, over their organisation or all)."""
    word, _, rest = (text or "").strip().partition(" ")
    if word.lower() in CSV_WORDS:
        return charges_csv_command(service, actor, rest)
    scope, period, refused = stats.office_request(service, actor, text, "charges")
    if refused:
        return refused
    card = charges_card(service, period, actor.lang, scope)
    card.choices = [Choice("charges_csv", period.text, T("btn.charges_csv"))]
    return Reply([card], actor.lang)


def charges_csv_command(service: Core, actor: Actor, text: str = "") -> Reply:
    """The per-placement CSV in the admin's DM; logged."""
    scope, period, refused = stats.office_request(service, actor, text, "charges")
    if refused:
        return refused
    filename, data, rows = charges_csv(service, period, actor.lang, scope=scope)
    with transaction(service.engine) as s:
        notify.send_file(service, s, actor.id, filename, data, Card(title=T("charge.title")))
        record(service, s, actor, "charges_export", period=period.slug(), rows=rows)
    return Reply.of(actor.lang, T("charge.csv_sent", period=period.label(), file=filename, rows=rows))


def cli_charges(service: Core, words: list[str], lang: str, draw, as_csv: bool = False,
                sep: str = ";") -> tuple[str, int]:
    """`flexpool verrekening [--csv] [periode]`: the card, or the CSV on standard output."""
    period, problem = stats.cli_period(service, words, lang)
    if period is None:
        return problem, 2
    if as_csv:
        _, data, rows = charges_csv(service, period, lang, sep)
        with transaction(service.engine) as s:
            record(service, s, None, "charges_export", period=period.slug(), rows=rows)
        return data.decode("utf-8").lstrip("\ufeff").rstrip("\r\n"), 0
    return draw(charges_card(service, period, lang), lang).rstrip(), 0
