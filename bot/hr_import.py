"""The flexpool office's bulk profile import: an HR export as CSV, from an attachment
in the bot's DM, a link, or the command line (admins only; logged). Each row is
validated like a profile edit (`bot.people`)."""

from __future__ import annotations

import csv
import io
import ipaddress
import logging
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot import admins, matching, people
from bot.core import Actor, Core, actor_of, profile_of
from bot.i18n import Join, T
from bot.port import Card, FormErrors, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Person

log = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 10_000
FETCH_SECONDS = 10
PLATFORMS = ("slack", "mattermost", "shell")
SHOWN_LINES = admins.SHOWN_LINES

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


def import_csv(service: Core, actor: Actor | None, csv_text: str, platform: str = "",
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
        admins.record(service, s, actor, "import", created=len(report.created), updated=len(report.updated),
               rejected=report.rejected_rows, source=source[:200])
    return report


def _import_row(service: Core, row_no: int, values: dict[str, str], shown: dict[str, str],
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
    clean, problems = people.validate_profile(service, given)
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
                existed = profile_of(s, person.id) is not None
                result = people.update_profile(service, actor_of(person), given, session=s)
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


def import_profiles(service: Core, actor: Actor, csv_text: str, source: str = "") -> Reply:
    """The CSV content of an attachment (or a fetched link) → a report for the admin."""
    refused = admins.refused(service, actor, "import")
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


def import_attachment(service: Core, actor: Actor, name: str, size: int | None,
                      download: Callable[[int], bytes], kinds: "tuple[str, ...] | list[str]" = ()) -> Reply:
    """A file someone attached in the bot's DM → the import report. Not a CSV: say what is
    understood. Not an admin: refused before anything is downloaded. Too big (as announced,
    or as it turns out: `download(limit)` returns at most `limit` bytes) or not downloadable:
    say so, nothing is imported. Otherwise its text goes to `service.import_profiles`."""
    name = (name or "").strip()[:200] or "?"
    if not is_csv(name, kinds):
        return Reply.of(actor.lang, T("import.not_csv", name=name), T("import.columns"))
    if not service.is_admin(actor):
        return import_profiles(service, actor, "", source=name)  # the polite refusal, logged
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
    return import_profiles(service, actor, decode(data), source=name)


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


def import_link(service: Core, actor: Actor, text: str = "") -> Reply:
    """`/flexpool import <link>`; without a link, how to import."""
    refused = admins.refused(service, actor, "import")
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


# --- the command line (`flexpool import-profiles`) ------------------------------------------

def cli_import(service: Core, path: str, lang: str, draw: Callable[[Card, str], str],
               platform: str = "", workspace: str = "") -> tuple[str, int]:
    """Exit code 0: every row imported; 1: some rows rejected; 2: the file could not be read."""
    try:
        content = decode(Path(path).read_bytes()[:MAX_IMPORT_BYTES + 1])
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}", 2
    report = import_csv(service, None, content, platform, workspace, source=Path(path).name)
    code = 2 if report.problem is not None else 1 if report.rejected else 0
    return draw(report.card(), lang).rstrip(), code
