"""The flexpool office's CSV export: klussen, invitations and placements over a period
(admins only; logged)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from bot import admins, notify, round_result
from bot.core import Actor, Core, utc
from bot.i18n import Join, T, render
from bot.port import Card, Reply
from bot.scope import EVERYTHING, Scope
from bot.stats import Period, cli_period, office_request, placements
from storage import queries as q
from storage.db import transaction
from storage.models import Klus, Organisation, Person, Profile

KLUS_COLUMNS = ("id", "title", "status", "owner", "organisation", "department", "skills", "hours_per_week",
                "start", "end", "places", "taken", "reach", "location", "created", "filled", "started", "closed")
INVITATION_COLUMNS = ("id", "klus_id", "klus", "name", "department", "status", "self_offered", "score",
                      "invited", "answered", "decided", "decline_reason")
PLACEMENT_COLUMNS = ("klus_id", "klus", "name", "own_department", "klus_department", "outside_department",
                     "scale", "hours_per_week", "start", "end", "hours_booked", "hours_delivered", "saved")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_files(service: Core, period: Period, lang: str, sep: str = ";",
                 scope: Scope = EVERYTHING) -> list[tuple[str, bytes, int]]:
    """Three CSV files — klussen and invitations made in the period, placements whose
    dates overlap it — and a fourth with the results of matching rounds closed in it (when
    there are any), as (file name, UTF-8 with BOM, data rows). With `;` numbers get a
    decimal comma (Dutch Excel); text that Excel would run as a formula gets a leading '. An
    organisation's admin (`scope`) gets its klussen, their invitations and round results, and
    the placements it gives or receives."""
    decimal = "," if sep == ";" else "."
    zone = service.zone

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return render(T("yes" if value else "no"), lang)
        if isinstance(value, datetime):
            return utc(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")
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
        mine = None if scope.orgs is None else scope.clause(Klus.organisation_id)
        klussen, invitations = q.stats_rows(s, since, until, klus_where=mine)
        klussen.sort(key=lambda k: k.id)
        invitations.sort(key=lambda i: i.id)
        people = {p.id: p for p in s.exec(select(Person)).all()}
        profiles = {p.person_id: p for p in s.exec(select(Profile)).all()}
        orgs = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        titles = {k.id: k.title for k in s.exec(select(Klus.id, Klus.title)).all()} if invitations else {}
        placed = placements(s, service, period, scope)
        round_rows = round_result.export_rows(s, since, until, lang)  # matching rounds' results (issue 17)
        if mine is not None:
            own = set(s.exec(select(Klus.id).where(mine)).all())
            round_rows = [row for row in round_rows if row[2] in own]

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
                       round(p.delivered, 2), round(p.saved, 2)) for p in placed]
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
                      table(round_result.EXPORT_COLUMNS, round_rows), len(round_rows)))
    return files


def export(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool export [periode]`: three CSV files in the admin's DM; logged."""
    scope, period, refused = office_request(service, actor, text, "export")
    if refused:
        return refused
    files = export_files(service, period, actor.lang, scope=scope)
    with transaction(service.engine) as s:
        for filename, data, _ in files:
            notify.send_file(service, s, actor.id, filename, data, Card(title=T("export.title", period=period.label())))
        admins.record(service, s, actor, "export", period=period.slug(), rows=sum(n for _, _, n in files))
    return Reply.of(actor.lang, T("export.sent", period=period.label(), files=Join([f for f, _, _ in files])))


# --- the command line (`flexpool export`) ---------------------------------------------------

def cli_export(service: Core, words: list[str], lang: str, sep: str, folder: str) -> tuple[str, int]:
    period, problem = cli_period(service, words, lang)
    if period is None:
        return problem, 2
    files = export_files(service, period, lang, sep)
    paths = []
    for filename, data, _ in files:
        path = Path(folder) / filename
        path.write_bytes(data)
        paths.append(str(path))
    with transaction(service.engine) as s:
        admins.record(service, s, None, "export", period=period.slug(), rows=sum(n for _, _, n in files))
    return "\n".join(paths), 0
