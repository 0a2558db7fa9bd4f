"""The flexpool office's figures over a period, the stats card and the chart (admins only).

What the figures mean (`/flexpool stats [periode]`; "in the period" = created in it):
- posted, and by status now: open, filled (filled or running), done, expired, cancelled;
- fill rate: places taken ÷ places asked, over the klussen posted that are decided (not
  open, not cancelled); median time to fill: posted → all places taken;
- invitations sent (not self-offers) and acceptance rate: accepted ÷ answered;
- hours booked: confirmed places on invitations made in the period × hours a week × weeks;
- hours delivered: confirmed places on running or done klussen, for the days of the period
  that have passed (a running klus up to yesterday) — the work actually done in the period;
- people active: people with hours delivered; mobility: of those, who worked outside their
  own department (or organisation);
- skills asked, and asked but missing: no visible profile has them (own or endorsed
  skills, `bot.matching.similarity` at the matcher's cut-off);
- external hiring avoided: hours delivered × (external tariff − internal cost), with the
  tariffs of the person's salary scale (FLEXPOOL_TARIFFS) or the defaults.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot import chart, matching, notify
from bot.core import Actor, Core, utc
from bot.i18n import Join, T, render
from bot.oneline import add_months, parse_date
from bot.port import Card, Choice, Reply
from bot.scope import EVERYTHING, Scope, admin_scope
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Person, Profile


# --- periods --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """Whole local days from `start` to `end` (inclusive); both None: all time."""

    start: date | None = None
    end: date | None = None
    text: str = ""  # as asked, so a button can ask again

    def bounds(self, zone) -> tuple[datetime | None, datetime | None]:
        """[since, until) in UTC, to compare with stored timestamps."""
        since = datetime.combine(self.start, time(), zone).astimezone(timezone.utc) if self.start else None
        until = (datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(timezone.utc)
                 if self.end else None)
        return since, until

    def label(self) -> T:
        return T("period", start=self.start, end=self.end) if self.start else T("office.all_time")

    def slug(self) -> str:
        return f"{self.start}_{self.end}" if self.start else "all"


PERIOD_WORDS = {
    "all": ("", "alles", "all", "altijd", "totaal", "all time", "total"),
    "this_month": ("deze maand", "maand", "this month", "month"),
    "last_month": ("vorige maand", "last month"),
    "quarter": ("kwartaal", "dit kwartaal", "quarter", "this quarter"),
    "last_quarter": ("vorig kwartaal", "last quarter"),
    "year": ("jaar", "dit jaar", "year", "this year"),
    "last_year": ("vorig jaar", "last year"),
}


def parse_period(text: str, today: date) -> Period | None:
    """`deze maand`, `kwartaal`, `jaar` (and `vorige …`, English too), `2026`, or
    `2026-01-01 tot 2026-03-31` (both days included); None when it is none of those."""
    said = " ".join(str(text or "").lower().split())[:80]
    month = today.replace(day=1)
    quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    year = date(today.year, 1, 1)
    spans = {
        "this_month": (month, add_months(month, 1)), "last_month": (add_months(month, -1), month),
        "quarter": (quarter, add_months(quarter, 3)), "last_quarter": (add_months(quarter, -3), quarter),
        "year": (year, add_months(year, 12)), "last_year": (add_months(year, -12), year),
    }
    for name, words in PERIOD_WORDS.items():
        if said in words:
            if name == "all":
                return Period(text=said)
            start, after = spans[name]
            return Period(start, after - timedelta(days=1), said)
    if re.fullmatch(r"20\d\d", said):
        return Period(date(int(said), 1, 1), date(int(said), 12, 31), said)
    found = re.fullmatch(r"(?:van |from )?(.+?) (?:tot en met|t/m|tm|tot|to|until|through|-|–) (.+)", said)
    if found:
        start, end = parse_date(found.group(1), today), parse_date(found.group(2), today)
        if start and end and start <= end:
            return Period(start, end, said)
    return None


def bad_period(actor: Actor, text: str) -> Reply:
    return Reply.of(actor.lang, T("office.bad_period", text=str(text)[:60]))


def office_request(service: Core, actor: Actor, text: str, action: str) -> tuple[Scope, Period, None] | \
        tuple[None, None, Reply]:
    """An admin's `/flexpool <action> [periode]` (stats, chart, export, charges): their scope
    and the period, or the reply that refuses it (not an admin; a period not understood)."""
    scope, refused = admin_scope(service, actor, action)
    if refused:
        return None, None, refused
    period = parse_period(text, service.today())
    if period is None:
        return None, None, bad_period(actor, text)
    return scope, period, None


def cli_period(service: Core, words: list[str], lang: str) -> tuple[Period | None, str]:
    """The period of a command line's words, or (None, what to say) when it is none."""
    period = parse_period(" ".join(words), service.today())
    return period, "" if period else render(T("office.bad_period", text=" ".join(words)[:60]), lang)


# --- figures --------------------------------------------------------------------------------

@dataclass
class Placement:
    """A confirmed person on a klus, with the hours and money it stands for."""

    klus: Klus
    invitation: Invitation
    person: Person
    profile: Profile | None
    booked: float
    delivered: float
    saved: float
    outside: bool


def _booked(klus: Klus) -> float:
    return klus.hours_per_week * ((klus.end - klus.start).days + 1) / 7


def _outside(person: Person, profile: Profile | None, klus: Klus) -> bool:
    if person.organisation_id and klus.organisation_id and person.organisation_id != klus.organisation_id:
        return True
    own = matching.fold(profile.department) if profile else ""
    theirs = matching.fold(klus.department or "")
    return bool(own and theirs and own != theirs)


def placements(s: Session, service: Core, period: Period, scope: Scope = EVERYTHING) -> list[Placement]:
    """Confirmed places on klussen whose dates overlap the period; with a `scope`, those its
    organisations give (their people) or receive (their klussen)."""
    query = (select(Invitation, Klus, Person, Profile)
             .join(Klus, Klus.id == Invitation.klus_id)
             .join(Person, Person.id == Invitation.person_id)
             .outerjoin(Profile, Profile.person_id == Invitation.person_id)
             .where(Invitation.status == "confirmed", col(Klus.status).in_(("filled", "running", "done")))
             .order_by(Klus.start, Klus.id, Person.id))
    if period.start:
        query = query.where(Klus.end >= period.start, Klus.start <= period.end)
    if scope.orgs is not None:
        query = query.where(or_(scope.clause(Klus.organisation_id), scope.clause(Person.organisation_id)))
    today = service.today()
    table = service.settings.tariff_table()
    default = (service.settings.external_tariff, service.settings.internal_cost)
    found = []
    for inv, klus, person, profile in s.exec(query).all():
        delivered = 0.0
        if klus.status in ("running", "done"):
            first = max(klus.start, period.start or klus.start)
            after = klus.end + timedelta(days=1)
            if klus.status == "running":
                after = min(after, today)
            if period.end:
                after = min(after, period.end + timedelta(days=1))
            delivered = klus.hours_per_week * max(0, (after - first).days) / 7
        external, internal = table.get(profile.salary_scale if profile else "", default)
        found.append(Placement(klus, inv, person, profile, _booked(klus), delivered,
                               delivered * (external - internal), _outside(person, profile, klus)))
    return found


def _terms(texts: list[str]) -> dict[str, list]:
    """Skill terms over `texts`, grouped by their comparison key: key → [first spelling, count]."""
    counted: dict[str, list] = {}
    for text in texts:
        for term in matching.split_terms(text):
            entry = counted.setdefault(matching.compact(term), [term, 0])
            entry[1] += 1
    return counted


def _alike(term: str, terms: list[str]) -> bool:
    return any(matching.similarity(term, other) >= matching.SIM_CUTOFF for other in terms)


def stats_data(service: Core, period: Period | None = None, scope: Scope = EVERYTHING) -> dict:
    """Every figure of the stats card, for `period` (default: all time), over the klussen of
    the organisations `scope` covers, the placements they give or receive and their profiles."""
    period = period or Period()
    since, until = period.bounds(service.zone)
    with transaction(service.engine) as s:
        klussen, invitations = q.stats_rows(s, since, until, light=True,
                                            klus_where=None if scope.orgs is None else scope.clause(Klus.organisation_id))
        by_status = Counter(k.status for k in klussen)
        fill_hours = [(k.filled_at - k.created_at).total_seconds() / 3600 for k in klussen if k.filled_at]
        decided = [k for k in klussen if k.status not in ("open", "cancelled")]
        asked_places = sum(k.places for k in decided)
        sent = [i for i in invitations if not i.self_offered]
        answered = [i for i in sent if i.answered_at is not None]
        accepted = [i for i in answered if i.status != "declined"]
        klus_by_id = {k.id: k for k in klussen}
        confirmed = [i for i in invitations if i.status == "confirmed"]
        hours_booked = sum(_booked(klus_by_id.get(i.klus_id) or s.get(Klus, i.klus_id)) for i in confirmed)

        delivered = [p for p in placements(s, service, period, scope) if p.delivered > 0]
        departments: dict[str, list] = {}
        for p in delivered:
            entry = departments.setdefault(matching.fold(p.klus.department or ""), [p.klus.department.strip(), 0.0])
            entry[1] += p.delivered

        asked = sorted(_terms([k.skills for k in klussen]).values(), key=lambda e: (-e[1], e[0].lower()))
        pool = s.exec(select(Profile).join(Person, Person.id == Profile.person_id).where(
            Profile.visible == True, scope.clause(Person.organisation_id))).all()  # noqa: E712
        have = list(_terms([f"{p.skills}, {p.endorsed}" for p in pool]).values())
        have_keys = {matching.compact(term) for term, _ in have}
        have_terms = [term for term, _ in have]
        wants = [matching.split_terms(p.wants) for p in pool]
        missing = [(term, count, sum(1 for w in wants if _alike(term, w))) for term, count in asked
                   if matching.compact(term) not in have_keys and not _alike(term, have_terms)]

        filled_at = s.exec(select(Klus.filled_at).where(Klus.filled_at != None, scope.clause(Klus.organisation_id),  # noqa: E711
                                                        *([Klus.filled_at >= since] if since else []),
                                                        *([Klus.filled_at < until] if until else []))).all()
        per_month = _per_month([utc(at).astimezone(service.zone).date() for at in filled_at], period,
                               service.today())
        return {
            "period": period,
            "klussen": len(klussen),
            "open": by_status["open"],
            "filled": by_status["filled"] + by_status["running"],
            "done": by_status["done"],
            "cancelled": by_status["cancelled"],
            "expired": by_status["expired"],
            "fill_rate": sum(k.taken for k in decided) / asked_places if asked_places else None,
            "places_taken": sum(k.taken for k in decided),
            "places_asked": asked_places,
            "invitations": len(sent),
            "self_offers": len(invitations) - len(sent),
            "answered": len(answered),
            "accepted": len(accepted),
            # sent but never answered: expired, withdrawn (filled, cancelled, started) or still waiting
            "unanswered": Counter(i.status for i in sent if i.answered_at is None),
            "acceptance_rate": (len(accepted) / len(answered)) if answered else None,
            "median_hours_to_fill": statistics.median(fill_hours) if fill_hours else None,
            "placements": len(confirmed),
            "hours_booked": round(hours_booked, 1),
            "hours_delivered": round(sum(p.delivered for p in delivered), 1),
            "people_active": len({p.person.id for p in delivered}),
            "people_mobile": len({p.person.id for p in delivered if p.outside}),
            "profiles_visible": len(pool),
            "top_skills": [(term, count) for term, count in asked[:5]],
            "missing_skills": missing[:10],
            "money_saved": round(sum(p.saved for p in delivered)),
            "filled_per_month": per_month,
            "hours_per_department": sorted(((name, round(hours, 1)) for name, hours in departments.values()),
                                           key=lambda e: (-e[1], e[0].lower())),
        }


def _per_month(days: list[date], period: Period, today: date) -> list[tuple[date, int]]:
    """Counts per calendar month, with the empty months in between (and up to now)."""
    counts = Counter(day.replace(day=1) for day in days)
    if period.start:
        first, last = period.start.replace(day=1), min(period.end, today).replace(day=1)
    elif counts:
        first, last = min(counts), max(counts)
    else:
        return []
    months = []
    month = first
    while month <= last and len(months) < 120:
        months.append((month, counts.get(month, 0)))
        month = add_months(month, 1)
    return months


def stats_card(service: Core, period: Period | None = None, scope: Scope = EVERYTHING) -> Card:
    """The figures as a card: the same in chat and on the command line."""
    d = stats_data(service, period, scope)
    period = d["period"]

    def share(count, total):
        return T("stats.share", count=count, total=total, percent=round(100 * count / total)) if total else None

    median = (T("duration.hours", hours=round(d["median_hours_to_fill"], 1))
              if d["median_hours_to_fill"] is not None else None)
    mobility = share(d["people_mobile"], d["people_active"])
    unanswered = d["unanswered"]
    acceptance = (T("stats.acceptance_value", accepted=d["accepted"], answered=d["answered"],
                    percent=round(100 * d["accepted"] / d["answered"]), expired=unanswered["expired"],
                    withdrawn=unanswered["withdrawn"], waiting=unanswered["offered"] + unanswered["accepted"])
                  if d["answered"] else None)
    top = Join([T("stats.skill_count", skill=term, count=count) for term, count in d["top_skills"]])
    missing = Join([T("stats.skill_missing" if learners else "stats.skill_count", skill=term, count=count,
                      learners=learners) for term, count, learners in d["missing_skills"]])
    settings = service.settings
    return Card(
        title=T("stats.title"),
        text=[T("stats.period", period=period.label())] + ([T("scope.yours")] if scope.orgs is not None else []),
        fields=[
            (T("stats.klussen"), d["klussen"]),
            (T("stats.open"), d["open"]),
            (T("stats.filled"), d["filled"]),
            (T("stats.done"), d["done"]),
            (T("stats.expired"), d["expired"]),
            (T("stats.cancelled"), d["cancelled"]),
            (T("stats.fill_rate"), share(d["places_taken"], d["places_asked"])),
            (T("stats.median_fill"), median),
            (T("stats.invitations"), d["invitations"]),
            (T("stats.acceptance"), acceptance),
            (T("stats.placements"), d["placements"]),
            (T("stats.hours_booked"), d["hours_booked"]),
            (T("stats.hours_delivered"), d["hours_delivered"]),
            (T("stats.people_active"), d["people_active"]),
            (T("stats.mobility"), mobility),
            (T("stats.profiles"), d["profiles_visible"]),
            (T("stats.top_skills"), top if top.items else None),
            (T("stats.missing_skills"), missing if missing.items else None),
            (T("stats.money"), T("stats.euro", amount=d["money_saved"])),
        ],
        note=T("stats.money_note", external=settings.external_tariff, internal=settings.internal_cost),
    )


def stats(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool stats [periode]`, with buttons for the chart and the export."""
    scope, period, refused = office_request(service, actor, text, "stats")
    if refused:
        return refused
    card = stats_card(service, period, scope)
    card.choices = [Choice("office_chart", period.text, T("btn.chart")),
                    Choice("office_export", period.text, T("btn.export"))]
    return Reply([card], actor.lang)


# --- chart ----------------------------------------------------------------------------

def chart_png(service: Core, period: Period, lang: str, scope: Scope = EVERYTHING) -> bytes:
    d = stats_data(service, period, scope)
    return chart.png(d["filled_per_month"], d["hours_per_department"], lang,
                     T("chart.title", period=period.label()))


def send_chart(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool grafiek [periode]`: the chart arrives as a PNG in the admin's DM."""
    scope, period, refused = office_request(service, actor, text, "chart")
    if refused:
        return refused
    image = chart_png(service, period, actor.lang, scope)
    with transaction(service.engine) as s:
        notify.send_file(service, s, actor.id, f"flexpool-{period.slug()}.png", image,
                         Card(title=T("chart.title", period=period.label())))
    return Reply.of(actor.lang, T("office.chart_sent", period=period.label()))


# --- the command line (`flexpool stats`) ----------------------------------------------------

def cli_stats(service: Core, words: list[str], lang: str, draw: Callable[[Card, str], str],
              chart_path: str | None = None) -> tuple[str, int]:
    period, problem = cli_period(service, words, lang)
    if period is None:
        return problem, 2
    shown = draw(stats_card(service, period), lang).rstrip()
    if chart_path:
        Path(chart_path).write_bytes(chart_png(service, period, lang))
        shown += f"\n{chart_path}"
    return shown, 0
