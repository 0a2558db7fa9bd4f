"""The flexpool office: figures over a period, a chart, CSV export, a bulk profile import,
admin roles and the audit log. All of it is for admins only. `actor=None` means the
command line (`flexpool stats|export|import-profiles`), trusted like the database it opens.

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

import csv
import getpass
import io
import ipaddress
import logging
import re
import socket
import statistics
import string
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot import chart, matching, rounds
from bot.i18n import Join, T, render
from bot.messages import MESSAGES
from bot.oneline import add_months, parse_date
from bot.port import Card, Choice, FormErrors, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import AdminRole, AuditLog, Invitation, Klus, Organisation, Outbox, Person, Profile

if TYPE_CHECKING:
    from bot.service import Actor, Flexpool

log = logging.getLogger(__name__)

MAX_SCALE = 18
MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 10_000
FETCH_SECONDS = 10
SHOWN_LINES = 20  # lines of a report or the audit log in one chat message
PLATFORMS = ("slack", "mattermost", "shell")


# --- salary scales and periods --------------------------------------------------------

def parse_scale(raw) -> str | None:
    """'schaal 10', 'Scale 10' or '10' → '10'; empty → ''; anything else → None."""
    text = " ".join(str(raw or "").lower().split())
    if not text:
        return ""
    found = re.fullmatch(r"(?:schaal|scale)?\s*(\d{1,2})", text)
    if found is None or not 1 <= int(found.group(1)) <= MAX_SCALE:
        return None
    return str(int(found.group(1)))


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


# --- who may, and what they did ---------------------------------------------------------

def settings_admin(settings, actor: "Actor") -> bool:
    admins = set(settings.admins)
    return actor.user_id in admins or f"{actor.platform}:{actor.user_id}" in admins


def is_stored_admin(engine, person_id: int, session: Session | None = None) -> bool:
    with nullcontext(session) if session is not None else transaction(engine) as s:
        return s.exec(select(AdminRole.id).where(AdminRole.person_id == person_id)).first() is not None


def who(actor: "Actor | None") -> str:
    if actor is None:
        try:
            user = getpass.getuser()
        except Exception:  # no login name in some containers
            user = "?"
        return f"cli:{user}"
    return f"{actor.name} ({actor.platform}:{actor.user_id})"


def record(service: "Flexpool", s: Session, actor: "Actor | None", action: str, **detail) -> None:
    """Add an audit log entry in the caller's transaction."""
    s.add(AuditLog(at=service.now(), actor_id=actor.id if actor else None, actor=who(actor)[:200],
                   action=action, detail=detail))


def _refused(service: "Flexpool", actor: "Actor", what: str) -> Reply | None:
    """None for an admin; otherwise a polite refusal, and the attempt is logged."""
    if service.is_admin(actor):
        return None
    with transaction(service.engine) as s:
        record(service, s, actor, "denied", what=what)
    return Reply.of(actor.lang, T("stats.admins_only" if what == "stats" else "office.admins_only"))


def _send_file(service: "Flexpool", s: Session, actor: "Actor", filename: str, data: bytes, title: T) -> None:
    """Queue a file for the actor; the outbox uploads it through their platform."""
    now = service.now()
    s.add(Outbox(person_id=actor.id, card=Card(title=title).to_json(), created_at=now, next_attempt_at=now,
                 filename=filename, file=data))


def _bad_period(actor: "Actor", text: str) -> Reply:
    return Reply.of(actor.lang, T("office.bad_period", text=str(text)[:60]))


def _utc(moment: datetime) -> datetime:
    """Stored timestamps come back naive from SQLite (they are UTC) and aware from PostgreSQL."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


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


def _placements(s: Session, service: "Flexpool", period: Period) -> list[Placement]:
    """Confirmed places on klussen whose dates overlap the period."""
    query = (select(Invitation, Klus, Person, Profile)
             .join(Klus, Klus.id == Invitation.klus_id)
             .join(Person, Person.id == Invitation.person_id)
             .outerjoin(Profile, Profile.person_id == Invitation.person_id)
             .where(Invitation.status == "confirmed", col(Klus.status).in_(("filled", "running", "done")))
             .order_by(Klus.start, Klus.id, Person.id))
    if period.start:
        query = query.where(Klus.end >= period.start, Klus.start <= period.end)
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


def stats_data(service: "Flexpool", period: Period | None = None) -> dict:
    """Every figure of the stats card, for `period` (default: all time)."""
    period = period or Period()
    since, until = period.bounds(service.zone)
    with transaction(service.engine) as s:
        klussen, invitations = q.stats_rows(s, since, until, light=True)
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

        placements = [p for p in _placements(s, service, period) if p.delivered > 0]
        departments: dict[str, list] = {}
        for p in placements:
            entry = departments.setdefault(matching.fold(p.klus.department or ""), [p.klus.department.strip(), 0.0])
            entry[1] += p.delivered

        asked = sorted(_terms([k.skills for k in klussen]).values(), key=lambda e: (-e[1], e[0].lower()))
        pool = s.exec(select(Profile).where(Profile.visible == True)).all()  # noqa: E712
        have = list(_terms([f"{p.skills}, {p.endorsed}" for p in pool]).values())
        have_keys = {matching.compact(term) for term, _ in have}
        have_terms = [term for term, _ in have]
        wants = [matching.split_terms(p.wants) for p in pool]
        missing = [(term, count, sum(1 for w in wants if _alike(term, w))) for term, count in asked
                   if matching.compact(term) not in have_keys and not _alike(term, have_terms)]

        filled_at = s.exec(select(Klus.filled_at).where(Klus.filled_at != None,  # noqa: E711
                                                        *([Klus.filled_at >= since] if since else []),
                                                        *([Klus.filled_at < until] if until else []))).all()
        per_month = _per_month([_utc(at).astimezone(service.zone).date() for at in filled_at], period,
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
            "invitations": len(sent),
            "self_offers": len(invitations) - len(sent),
            "answered": len(answered),
            "acceptance_rate": (len(accepted) / len(answered)) if answered else None,
            "median_hours_to_fill": statistics.median(fill_hours) if fill_hours else None,
            "placements": len(confirmed),
            "hours_booked": round(hours_booked, 1),
            "hours_delivered": round(sum(p.delivered for p in placements), 1),
            "people_active": len({p.person.id for p in placements}),
            "people_mobile": len({p.person.id for p in placements if p.outside}),
            "profiles_visible": len(pool),
            "top_skills": [(term, count) for term, count in asked[:5]],
            "missing_skills": missing[:10],
            "money_saved": round(sum(p.saved for p in placements)),
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


def stats_card(service: "Flexpool", period: Period | None = None) -> Card:
    """The figures as a card: the same in chat and on the command line."""
    d = stats_data(service, period)
    period = d["period"]

    def percent(share):
        return T("percent", value=round(share * 100)) if share is not None else None

    median = (T("duration.hours", hours=round(d["median_hours_to_fill"], 1))
              if d["median_hours_to_fill"] is not None else None)
    mobility = (T("stats.mobility_value", count=d["people_mobile"], total=d["people_active"],
                  percent=round(100 * d["people_mobile"] / d["people_active"])) if d["people_active"] else None)
    top = Join([T("stats.skill_count", skill=term, count=count) for term, count in d["top_skills"]])
    missing = Join([T("stats.skill_missing" if learners else "stats.skill_count", skill=term, count=count,
                      learners=learners) for term, count, learners in d["missing_skills"]])
    settings = service.settings
    return Card(
        title=T("stats.title"),
        text=[T("stats.period", period=period.label())],
        fields=[
            (T("stats.klussen"), d["klussen"]),
            (T("stats.open"), d["open"]),
            (T("stats.filled"), d["filled"]),
            (T("stats.done"), d["done"]),
            (T("stats.expired"), d["expired"]),
            (T("stats.cancelled"), d["cancelled"]),
            (T("stats.fill_rate"), percent(d["fill_rate"])),
            (T("stats.median_fill"), median),
            (T("stats.invitations"), d["invitations"]),
            (T("stats.acceptance"), percent(d["acceptance_rate"])),
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


def stats(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool stats [periode]`, with buttons for the chart and the export."""
    refused = _refused(service, actor, "stats")
    if refused:
        return refused
    period = parse_period(text, service.today())
    if period is None:
        return _bad_period(actor, text)
    card = stats_card(service, period)
    card.choices = [Choice("office_chart", period.text, T("btn.chart")),
                    Choice("office_export", period.text, T("btn.export"))]
    return Reply([card], actor.lang)


def press(service: "Flexpool", actor: "Actor", action: str, value: str) -> Reply:
    """The stats card's buttons; the value is the period as asked (re-checked here)."""
    if action == "office_chart":
        return send_chart(service, actor, value)
    if action == "office_export":
        return export(service, actor, value)
    return Reply.of(actor.lang, T("err.stale_button"))


# --- chart ----------------------------------------------------------------------------

def chart_png(service: "Flexpool", period: Period, lang: str) -> bytes:
    d = stats_data(service, period)
    return chart.png(d["filled_per_month"], d["hours_per_department"], lang,
                     T("chart.title", period=period.label()))


def send_chart(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool grafiek [periode]`: the chart arrives as a PNG in the admin's DM."""
    refused = _refused(service, actor, "chart")
    if refused:
        return refused
    period = parse_period(text, service.today())
    if period is None:
        return _bad_period(actor, text)
    image = chart_png(service, period, actor.lang)
    with transaction(service.engine) as s:
        _send_file(service, s, actor, f"flexpool-{period.slug()}.png", image,
                   T("chart.title", period=period.label()))
    return Reply.of(actor.lang, T("office.chart_sent", period=period.label()))


# --- export ---------------------------------------------------------------------------

KLUS_COLUMNS = ("id", "title", "status", "owner", "organisation", "department", "skills", "hours_per_week",
                "start", "end", "places", "taken", "reach", "location", "created", "filled", "started", "closed")
INVITATION_COLUMNS = ("id", "klus_id", "klus", "name", "department", "status", "self_offered", "score",
                      "invited", "answered", "decided", "decline_reason")
PLACEMENT_COLUMNS = ("klus_id", "klus", "name", "own_department", "klus_department", "outside_department",
                     "scale", "hours_per_week", "start", "end", "hours_booked", "hours_delivered", "saved")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_files(service: "Flexpool", period: Period, lang: str, sep: str = ";") -> list[tuple[str, bytes, int]]:
    """Three CSV files — klussen and invitations made in the period, placements whose
    dates overlap it — and a fourth with the results of matching rounds closed in it (when
    there are any), as (file name, UTF-8 with BOM, data rows). With `;` numbers get a
    decimal comma (Dutch Excel); text that Excel would run as a formula gets a leading '."""
    decimal = "," if sep == ";" else "."
    zone = service.zone

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return render(T("yes" if value else "no"), lang)
        if isinstance(value, datetime):
            return _utc(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", decimal)
        text = str(value)
        return "'" + text if text.startswith(FORMULA_START) else text

    def table(columns: tuple[str, ...], rows: list[tuple]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
        writer.writerow([render(T(f"col.{name}"), lang) for name in columns])
        writer.writerows([[cell(v) for v in row] for row in rows])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    since, until = period.bounds(zone)
    with transaction(service.engine) as s:
        klussen, invitations = q.stats_rows(s, since, until)
        klussen.sort(key=lambda k: k.id)
        invitations.sort(key=lambda i: i.id)
        people = {p.id: p for p in s.exec(select(Person)).all()}
        profiles = {p.person_id: p for p in s.exec(select(Profile)).all()}
        orgs = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        titles = {k.id: k.title for k in s.exec(select(Klus.id, Klus.title)).all()} if invitations else {}
        placements = _placements(s, service, period)
        round_rows = rounds.export_rows(s, since, until, lang)  # matching rounds' results (issue 17)

    def name(person_id: int) -> str:
        person = people.get(person_id)
        return person.name if person else ""

    def department(person_id: int) -> str:
        profile = profiles.get(person_id)
        return profile.department if profile else ""

    klus_rows = [(k.id, k.title, k.status, name(k.owner_id), orgs.get(k.organisation_id, ""), k.department,
                  k.skills, float(k.hours_per_week), k.start, k.end, k.places, k.taken, k.reach, k.location,
                  k.created_at, k.filled_at, k.started_at, k.closed_at) for k in klussen]
    invitation_rows = [(i.id, i.klus_id, titles.get(i.klus_id, ""), name(i.person_id), department(i.person_id),
                        i.status, i.self_offered, float(i.score), i.created_at, i.answered_at, i.decided_at,
                        i.decline_reason) for i in invitations]
    placement_rows = [(p.klus.id, p.klus.title, p.person.name, p.profile.department if p.profile else "",
                       p.klus.department, p.outside, p.profile.salary_scale if p.profile else "",
                       float(p.klus.hours_per_week), p.klus.start, p.klus.end, round(p.booked, 2),
                       round(p.delivered, 2), round(p.saved, 2)) for p in placements]
    suffix = period.slug()
    files = [
        (f"flexpool-{render(T('export.klussen'), lang)}-{suffix}.csv", table(KLUS_COLUMNS, klus_rows), len(klus_rows)),
        (f"flexpool-{render(T('export.invitations'), lang)}-{suffix}.csv",
         table(INVITATION_COLUMNS, invitation_rows), len(invitation_rows)),
        (f"flexpool-{render(T('export.placements'), lang)}-{suffix}.csv",
         table(PLACEMENT_COLUMNS, placement_rows), len(placement_rows)),
    ]
    if round_rows:  # a fourth file once a matching round has closed in the period
        files.append((f"flexpool-{render(T('export.rounds'), lang)}-{suffix}.csv",
                      table(rounds.EXPORT_COLUMNS, round_rows), len(round_rows)))
    return files


def export(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool export [periode]`: three CSV files in the admin's DM; logged."""
    refused = _refused(service, actor, "export")
    if refused:
        return refused
    period = parse_period(text, service.today())
    if period is None:
        return _bad_period(actor, text)
    files = export_files(service, period, actor.lang)
    with transaction(service.engine) as s:
        for filename, data, _ in files:
            _send_file(service, s, actor, filename, data, T("export.title", period=period.label()))
        record(service, s, actor, "export", period=period.slug(), rows=sum(n for _, _, n in files))
    return Reply.of(actor.lang, T("export.sent", period=period.label(), files=Join([f for f, _, _ in files])))


# --- import ---------------------------------------------------------------------------

COLUMNS = {
    "platform": "platform", "platform_naam": "platform",
    "workspace": "workspace", "werkruimte": "workspace", "team_id": "workspace",
    "user_id": "user_id", "userid": "user_id", "gebruiker_id": "user_id", "gebruikers_id": "user_id",
    "naam": "name", "name": "name",
    "e_mail": "email", "email": "email", "mail": "email",
    "functie": "job_title", "job_title": "job_title",
    "afdeling": "department", "department": "department",
    "vaardigheden": "skills", "skills": "skills",
    "wil_leren": "wants", "wants": "wants", "want_to_learn": "wants",
    "uren": "hours_per_week", "uren_per_week": "hours_per_week", "hours": "hours_per_week",
    "hours_per_week": "hours_per_week",
    "zichtbaar": "visible", "visible": "visible",
    "schaal": "salary_scale", "salary_scale": "salary_scale", "scale": "salary_scale",
    "leidinggevende": "line_manager", "line_manager": "line_manager", "manager": "line_manager",
    "taal": "lang", "language": "lang", "lang": "lang",
    "beschikbaar_vanaf": "available_from", "available_from": "available_from",
    "beschikbaar_tot": "available_until", "available_until": "available_until",
    "voorkeur": "preference", "preference": "preference",
}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, T]] = field(default_factory=list)  # (row, column, message)
    ignored: list[str] = field(default_factory=list)  # columns we do not know
    problem: T | None = None  # the file as a whole could not be read; nothing was written

    @property
    def rejected_rows(self) -> int:
        return len({row for row, _, _ in self.rejected})

    def card(self) -> Card:
        if self.problem is not None:
            return Card(title=T("import.title"), text=[self.problem, T("import.columns")])
        text = [T("import.summary", created=len(self.created), updated=len(self.updated),
                  rejected=self.rejected_rows)]
        if self.created:
            text.append(T("import.created", names=_cut(self.created)))
        if self.updated:
            text.append(T("import.updated", names=_cut(self.updated)))
        if self.rejected:
            lines = [T("import.rejected_row", row=row, column=column, error=error)
                     for row, column, error in self.rejected[:SHOWN_LINES]]
            if len(self.rejected) > SHOWN_LINES:
                lines.append(T("more.cut", count=len(self.rejected) - SHOWN_LINES))
            text.append(Join([T("import.rejected_header")] + lines, "\n"))
        note = T("import.ignored", columns=Join(self.ignored)) if self.ignored else None
        return Card(title=T("import.title"), text=text, note=note)


def _cut(names: list[str], shown: int = SHOWN_LINES) -> Join:
    return Join(names[:shown] + ([T("more.cut", count=len(names) - shown)] if len(names) > shown else []))


class _Rejected(Exception):
    def __init__(self, errors: dict):
        super().__init__("rejected")
        self.errors = errors


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", matching.fold(text).strip()) if matching.fold(text) else ""


def decode(data: bytes) -> str:
    """CSV bytes as Excel saves them: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def import_csv(service: "Flexpool", actor: "Actor | None", csv_text: str, platform: str = "",
               workspace: str = "", source: str = "") -> ImportReport:
    """Create or update profiles from an HR export, row by row: each row is validated like
    a profile edit and written in its own transaction, so a bad row writes nothing and
    never stops the good ones. Empty cells leave a value as it is. Logged."""
    report = ImportReport()
    text = (csv_text or "").lstrip("\ufeff")
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        report.problem = T("import.err.too_big", mb=MAX_IMPORT_BYTES // 1_000_000, rows=MAX_IMPORT_ROWS)
        return report
    first = text.split("\n", 1)[0]
    sep = max((";", ",", "\t"), key=first.count)
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        report.problem = T("import.err.empty")
        return report
    fields = [COLUMNS.get(_header_key(h)) for h in header]
    shown = {name: h.strip() for name, h in zip(fields, header) if name}
    report.ignored = [h.strip() for name, h in zip(fields, header) if name is None and h.strip()]
    defaults = {"platform": platform or (actor.platform if actor else ""),
                "workspace": workspace or (actor.workspace if actor else "")}
    for needed in ("user_id", "platform", "workspace"):
        if needed not in fields and not defaults.get(needed):
            report.problem = T("import.err.column", column=needed)
            return report
    for row_no, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if row_no > MAX_IMPORT_ROWS + 1:
            report.rejected.append((row_no, "", T("import.err.too_many", rows=MAX_IMPORT_ROWS)))
            break
        values = {name: cell for name, cell in zip(fields, cells) if name}
        _import_row(service, row_no, values, shown, defaults, report)
    with transaction(service.engine) as s:
        record(service, s, actor, "import", created=len(report.created), updated=len(report.updated),
               rejected=report.rejected_rows, source=source[:200])
    return report


def _import_row(service: "Flexpool", row_no: int, values: dict[str, str], shown: dict[str, str],
                defaults: dict[str, str], report: ImportReport) -> None:
    errors: dict[str, T] = {}
    platform = (values.pop("platform", "").strip() or defaults["platform"]).lower()
    workspace = values.pop("workspace", "").strip() or defaults["workspace"]
    user_id = values.pop("user_id", "").strip()
    values.pop("email", None)  # accepted so HR files fit as they are; not stored
    if platform not in PLATFORMS:
        errors["platform"] = T("import.err.platform", value=platform[:30])
    if not workspace or len(workspace) > 100:
        errors["workspace"] = T("import.err.workspace")
    if not re.fullmatch(r"[\w.@-]{1,100}", user_id):
        errors["user_id"] = T("import.err.user_id")
    given = {name: value for name, value in values.items() if value.strip()}
    clean, problems = service._validate_profile(given)
    errors.update(problems)
    if not errors:
        try:
            with transaction(service.engine) as s:
                person = s.exec(select(Person).where(Person.platform == platform, Person.workspace == workspace,
                                                     Person.user_id == user_id)).first()
                if person is None:
                    org = q.workspace_default(s, platform, workspace)
                    person = Person(platform=platform, workspace=workspace, user_id=user_id,
                                    name=clean.get("name") or user_id, lang=service.settings.default_lang,
                                    tz=service.settings.default_timezone, organisation_id=org,
                                    organisation_source="workspace" if org else "", created_at=service.now())
                    s.add(person)
                    s.flush()
                elif clean.get("name"):
                    person.name = clean["name"]
                    s.add(person)
                existed = service._profile(s, person.id) is not None
                result = service.update_profile(service._actor(person), given, session=s)
                if isinstance(result, FormErrors):
                    raise _Rejected(result.errors)
                name = person.name
        except _Rejected as exc:
            errors = exc.errors
        except IntegrityError:  # the same person written at the same moment elsewhere
            errors = {"user_id": T("import.err.conflict")}
    if errors:
        report.rejected += [(row_no, shown.get(key, key), message) for key, message in errors.items()]
        return
    (report.updated if existed else report.created).append(name)


def import_profiles(service: "Flexpool", actor: "Actor", csv_text: str, source: str = "") -> Reply:
    """The CSV content of an attachment (or a fetched link) → a report for the admin."""
    refused = _refused(service, actor, "import")
    if refused:
        return refused
    return Reply([import_csv(service, actor, csv_text, source=source or "chat").card()], actor.lang)


class FetchError(Exception):
    """A file or link could not be fetched; `message` says why, for the person."""

    def __init__(self, message: T):
        super().__init__("fetch")
        self.message = message


CSV_TYPES = {"csv", "text", "tsv", "text/csv", "text/plain", "application/csv", "text/comma-separated-values",
             "text/tab-separated-values"}


def is_csv(name: str, kinds: "tuple[str, ...] | list[str]" = ()) -> bool:
    """A file we can read as CSV: named *.csv, or said to be CSV or plain text by the
    platform (Slack's filetype and mimetype, Mattermost's extension and mime_type)."""
    if (name or "").strip().lower().endswith((".csv", ".tsv", ".txt")):
        return True
    return any((kind or "").split(";", 1)[0].strip().lower() in CSV_TYPES for kind in kinds)


def too_big() -> T:
    return T("import.err.too_big", mb=MAX_IMPORT_BYTES // 1_000_000, rows=MAX_IMPORT_ROWS)


def import_attachment(service: "Flexpool", actor: "Actor", name: str, size: int | None,
                      download: Callable[[int], bytes], kinds: "tuple[str, ...] | list[str]" = ()) -> Reply:
    """A file someone attached in the bot's DM → the import report. Not a CSV: say what is
    understood. Not an admin: refused before anything is downloaded. Too big (as announced,
    or as it turns out: `download(limit)` returns at most `limit` bytes) or not downloadable:
    say so, nothing is imported. Otherwise its text goes to `service.import_profiles`."""
    name = (name or "").strip()[:200] or "?"
    if not is_csv(name, kinds):
        return Reply.of(actor.lang, T("import.not_csv", name=name), T("import.columns"))
    if not service.is_admin(actor):
        return service.import_profiles(actor, "", source=name)  # the polite refusal, logged
    if size is not None and size > MAX_IMPORT_BYTES:
        return Reply.of(actor.lang, too_big())
    try:
        data = download(MAX_IMPORT_BYTES + 1)
    except FetchError as exc:
        return Reply.of(actor.lang, exc.message)
    except Exception as exc:  # the platform's own errors: logged, told without a trace
        log.warning("downloading attachment %r failed", name, exc_info=True)
        return Reply.of(actor.lang, T("import.err.fetch", reason=type(exc).__name__))
    if len(data) > MAX_IMPORT_BYTES:
        return Reply.of(actor.lang, too_big())
    return service.import_profiles(actor, decode(data), source=name)


def _check_url(url: str) -> None:
    """http(s) only, and not the link-local range (cloud metadata); intranet hosts are fine,
    that is where HR exports live."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(T("import.err.link"))
    try:
        addresses = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        raise FetchError(T("import.err.fetch", reason=parts.hostname[:100])) from None
    for info in addresses:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_link_local or address.is_multicast or address.is_unspecified:
            raise FetchError(T("import.err.link"))


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_csv(url: str) -> str:
    """GET a CSV with a time-out and a size limit."""
    _check_url(url)
    opener = urllib.request.build_opener(_CheckedRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": "flexpool-import", "Accept": "text/csv, */*"})
    try:
        with opener.open(request, timeout=FETCH_SECONDS) as response:
            data = response.read(MAX_IMPORT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(T("import.err.fetch", reason=f"HTTP {exc.code}")) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(T("import.err.fetch", reason=type(exc).__name__)) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise FetchError(too_big())
    return decode(data)


def import_link(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool import <link>`; without a link, how to import."""
    refused = _refused(service, actor, "import")
    if refused:
        return refused
    found = re.search(r"(https?://[^\s<>|]+)", text or "")
    if found is None:
        return Reply.of(actor.lang, T("import.how"), T("import.columns"))
    try:
        content = fetch_csv(found.group(1))
    except FetchError as exc:
        return Reply.of(actor.lang, exc.message)
    return Reply([import_csv(service, actor, content, source=found.group(1)).card()], actor.lang)


# --- roles and the audit log ------------------------------------------------------------

ADD = {"add", "toevoegen", "voeg-toe", "erbij", "+"}
REMOVE = {"remove", "verwijder", "verwijderen", "weg", "intrekken", "delete", "-"}
LIST = {"", "lijst", "list", "wie", "who"}
SLACK_MENTION = re.compile(r"<@([A-Z0-9]{2,30})(?:\|([^>]{0,100}))?>")
PLATFORM_ID = re.compile(r"[UW][A-Z0-9]{6,30}|[a-z0-9]{26}")  # Slack and Mattermost user ids


def _target(service: "Flexpool", actor: "Actor", text: str) -> "Actor | None":
    """Slack `<@U123>` / `<@U123|name>`, `@username` or a raw user id, on the actor's own
    platform and workspace. Someone not seen before is only created from a real id."""
    mention = SLACK_MENTION.fullmatch(text)
    name = mention.group(1) if mention else text[1:].strip() if text.startswith("@") else text
    # Slack sends `@Display Name` as typed (the command does not escape), so @names may have spaces.
    if not re.fullmatch(r"[\w.\-' ]{1,100}" if text.startswith("@") else r"[\w.\-]{1,100}", name):
        return None
    with transaction(service.engine) as s:
        same_name = func.lower(Person.name) == name.lower()
        found = s.exec(select(Person).where(
            Person.platform == actor.platform, Person.workspace == actor.workspace,
            Person.user_id == name if mention else or_(Person.user_id == name, same_name)).order_by(Person.id)).first()
        if found is not None:
            return service._actor(found)
    if mention or PLATFORM_ID.fullmatch(name):
        return service.person(actor.platform, actor.workspace, name, mention.group(2) or "" if mention else "")
    return None


def admin(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool admin [lijst] | add @iemand | remove @iemand`."""
    refused = _refused(service, actor, "admin")
    if refused:
        return refused
    word, _, rest = (text or "").strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in LIST and not rest:
        return _admin_list(service, actor)
    if word not in ADD | REMOVE or not rest:
        return Reply.of(actor.lang, T("admin.usage"))
    target = _target(service, actor, rest)
    if target is None:
        return Reply.of(actor.lang, T("admin.unknown", who=rest[:60]))
    user = f"{target.platform}:{target.user_id}"
    try:
        with transaction(service.engine) as s:
            row = s.exec(select(AdminRole).where(AdminRole.person_id == target.id)).first()
            if word in ADD:
                if row is not None or settings_admin(service.settings, target):
                    return Reply.of(actor.lang, T("admin.already", name=target.name))
                s.add(AdminRole(person_id=target.id, added_by=who(actor)[:200], added_at=service.now()))
                record(service, s, actor, "admin_add", name=target.name, user=user)
                service._notify(s, target.id, Card(text=[T("admin.you_added", by=actor.name)]))
                return Reply.of(actor.lang, T("admin.added", name=target.name))
            if row is None:
                return Reply.of(actor.lang, T("admin.in_settings" if settings_admin(service.settings, target)
                                              else "admin.not_admin", name=target.name))
            s.delete(row)
            record(service, s, actor, "admin_remove", name=target.name, user=user)
            service._notify(s, target.id, Card(text=[T("admin.you_removed", by=actor.name)]))
            return Reply.of(actor.lang, T("admin.removed", name=target.name))
    except IntegrityError:  # added by someone else at the same moment
        return Reply.of(actor.lang, T("admin.already", name=target.name))


def _admin_list(service: "Flexpool", actor: "Actor") -> Reply:
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


def audit(service: "Flexpool", actor: "Actor", text: str = "") -> Reply:
    """`/flexpool audit [aantal]`: the newest entries of the audit log."""
    refused = _refused(service, actor, "audit")
    if refused:
        return refused
    count = min(int(text), 100) if (text or "").strip().isdigit() else SHOWN_LINES
    with transaction(service.engine) as s:
        entries = s.exec(select(AuditLog).order_by(col(AuditLog.id).desc()).limit(max(count, 1))).all()
    if not entries:
        return Reply.of(actor.lang, T("audit.none"))
    lines = [T("audit.line", when=_utc(e.at).astimezone(service.zone).replace(tzinfo=None), who=e.actor,
               what=_audit_text(e)) for e in entries]
    # One paragraph per chunk keeps long logs inside a platform's block limits.
    chunks = [Join(lines[i:i + SHOWN_LINES], "\n") for i in range(0, len(lines), SHOWN_LINES)]
    return Reply([Card(title=T("audit.title", count=len(entries)), text=chunks)], actor.lang)


# --- the command line (`flexpool stats|export|import-profiles`) ----------------------------

def cli_stats(service: "Flexpool", words: list[str], lang: str, draw: Callable[[Card, str], str],
              chart_path: str | None = None) -> tuple[str, int]:
    period = parse_period(" ".join(words), service.today())
    if period is None:
        return render(T("office.bad_period", text=" ".join(words)[:60]), lang), 2
    shown = draw(stats_card(service, period), lang).rstrip()
    if chart_path:
        Path(chart_path).write_bytes(chart_png(service, period, lang))
        shown += f"\n{chart_path}"
    return shown, 0


def cli_export(service: "Flexpool", words: list[str], lang: str, sep: str, folder: str) -> tuple[str, int]:
    period = parse_period(" ".join(words), service.today())
    if period is None:
        return render(T("office.bad_period", text=" ".join(words)[:60]), lang), 2
    files = export_files(service, period, lang, sep)
    paths = []
    for filename, data, _ in files:
        path = Path(folder) / filename
        path.write_bytes(data)
        paths.append(str(path))
    with transaction(service.engine) as s:
        record(service, s, None, "export", period=period.slug(), rows=sum(n for _, _, n in files))
    return "\n".join(paths), 0


def cli_import(service: "Flexpool", path: str, lang: str, draw: Callable[[Card, str], str],
               platform: str = "", workspace: str = "") -> tuple[str, int]:
    """Exit code 0: every row imported; 1: some rows rejected; 2: the file could not be read."""
    try:
        content = decode(Path(path).read_bytes()[:MAX_IMPORT_BYTES + 1])
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}", 2
    report = import_csv(service, None, content, platform, workspace, source=Path(path).name)
    code = 2 if report.problem is not None else 1 if report.rejected else 0
    return draw(report.card(), lang).rstrip(), code
