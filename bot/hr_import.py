"""The flexpool office's bulk profile import: an HR export as CSV, from an attachment
in the bot's DM, a link, or the command line (admins only; logged). Each row is
validated like a profile edit (`bot.people`)."""

from __future__ import annotations

import codecs
import csv
import io
import ipaddress
import logging
import re
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from types import SimpleNamespace
from pathlib import Path
from typing import BinaryIO, Callable, TextIO

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from bot import admins, matching, organisations, people
from bot.core import Actor, Core
from bot.i18n import Join, T
from bot.port import Card, Reply
from bot.scope import EVERYTHING, scope_of
from storage import queries as q
from storage.db import refresh_statistics, transaction
from storage.models import Person, Profile

log = logging.getLogger(__name__)

# A big organisation's HR file: 30,000 people are some 6 MB, all of government's 1,000,000
# some 190 MB. An attachment or a link may be 100 MB (some 500,000 rows; it is held in
# memory up to SPOOL_BYTES, beyond that in a temporary file); the command line reads a file
# of any size from disk. No row limit: rows are read and written as they come.
MAX_IMPORT_BYTES = 100_000_000
SPOOL_BYTES = 8_000_000
STATISTICS_FROM = 2_000  # rows; then at 4×, 16×, … (storage.db.refresh_statistics)
BATCH_ROWS = 500  # rows written per transaction (one that meets a concurrent write is redone row by row)
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
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "kostenplaats": "cost_centre", "cost_centre": "cost_centre", "cost_center": "cost_centre",
}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, T]] = field(default_factory=list)  # (row, column, message)
    ignored: list[str] = field(default_factory=list)  # columns we do not know
    problem: T | None = None  # the file as a whole could not be read; nothing was written
    moves: list = field(default_factory=list)  # [person id, organisation now, per the file] (bot.organisations)
    organisations: list = field(default_factory=list)  # the cards saying what became of `moves`

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


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", matching.fold(text).strip()) if matching.fold(text) else ""


def text_stream(binary: BinaryIO) -> TextIO:
    """A seekable binary CSV stream as text, as Excel saves it: UTF-8 (with or without BOM)
    if the whole stream is valid UTF-8 (checked in chunks, nothing held), else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    try:
        while True:
            chunk = binary.read(1 << 20)
            if not chunk:
                break
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        encoding = "cp1252"
    binary.seek(0)
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


@dataclass
class _Row:
    row_no: int
    platform: str
    workspace: str
    user_id: str
    clean: dict
    organisation: str = ""  # the `organisatie` column
    email: str = ""  # only its domain is read (a domain rule); never stored
    placed: tuple = (None, "")  # (organisation, source) the file gives, once checked in `_write`
    move: list | None = None  # [person id, organisation now, per the file]: asked after the import

    @property
    def key(self) -> tuple[str, str, str]:
        return self.platform, self.workspace, self.user_id


def import_csv(service: Core, actor: Actor | None, csv_text: "str | TextIO", platform: str = "",
               workspace: str = "", source: str = "", move: bool = False) -> ImportReport:
    """Create or update profiles from an HR export (text, or a text stream read as it
    goes: no row limit), row by row as far as the outcome goes: each row is validated like
    a profile edit, and a bad row writes nothing and never stops the good ones. Rows are
    written `BATCH_ROWS` to a transaction; a batch that meets a write of the same person
    elsewhere at the same moment is redone row by row. Empty cells leave a value as it is.
    Logged."""
    report = ImportReport()
    stream = io.StringIO(csv_text or "") if isinstance(csv_text, str) else csv_text
    first = stream.readline().lstrip("\ufeff")
    sep = max((";", ",", "\t"), key=first.count)
    header = next(csv.reader([first], delimiter=sep), None)
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
    batch: list[_Row] = []
    keys: set[tuple[str, str, str]] = set()
    orgs: dict = {"scope": scope_of(service, actor) or EVERYTHING}  # workspace defaults, and who imports
    analysed_at = STATISTICS_FROM  # rows read when the tables' statistics are next refreshed
    for row_no, cells in _records(stream, sep, report):
        if not any(c.strip() for c in cells):
            continue
        row = _checked(service, row_no, {name: cell for name, cell in zip(fields, cells) if name}, shown,
                       defaults, report)
        if row is None:
            continue
        if row.key in keys or len(batch) >= BATCH_ROWS:  # the same person again: after the first is written
            _write_batch(service, batch, shown, report, orgs)
            batch, keys = [], set()
            if row_no >= analysed_at:  # the tables grew: lookups by key stay index lookups (PostgreSQL)
                refresh_statistics(service.engine, "person", "profile")
                analysed_at *= 4
        batch.append(row)
        keys.add(row.key)
    _write_batch(service, batch, shown, report, orgs)
    with transaction(service.engine) as s:
        admins.record(service, s, actor, "import", created=len(report.created), updated=len(report.updated),
                      rejected=report.rejected_rows, source=source[:200])
    report.organisations = organisations.import_moves(service, actor, report.moves, source, confirmed=move)
    return report


def _records(stream: TextIO, sep: str, report: ImportReport):
    """(row number, cells) of the rows after the header. A row the CSV reader cannot read
    (an endless field, a stray NUL) is named in the report; reading goes on after it."""
    row_no = 1
    reader = csv.reader(stream, delimiter=sep)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            report.rejected.append((row_no, "", T("import.err.csv", reason=str(exc)[:100])))
            reader = csv.reader(stream, delimiter=sep)  # on from the next line
            continue
        row_no += 1
        yield row_no, cells


def _checked(service: Core, row_no: int, values: dict[str, str], shown: dict[str, str],
             defaults: dict[str, str], report: ImportReport) -> _Row | None:
    """The row validated (nothing written), or None with its problems in the report."""
    errors: dict[str, T] = {}
    platform = (values.pop("platform", "").strip() or defaults["platform"]).lower()
    workspace = values.pop("workspace", "").strip() or defaults["workspace"]
    user_id = values.pop("user_id", "").strip()
    organisation = values.pop("organisation", "")
    email = values.pop("email", "")  # only its domain is read (an organisation's rule); never stored
    if platform not in PLATFORMS:
        errors["platform"] = T("import.err.platform", value=platform[:30])
    if not workspace or len(workspace) > 100:
        errors["workspace"] = T("import.err.workspace")
    if not re.fullmatch(r"[\w.@-]{1,100}", user_id):
        errors["user_id"] = T("import.err.user_id")
    clean, problems = people.validate_profile(service, {k: v for k, v in values.items() if v.strip()})
    errors.update(problems)
    if errors:
        report.rejected += [(row_no, shown.get(key, key), message) for key, message in errors.items()]
        return None
    return _Row(row_no, platform, workspace, user_id, clean, organisation.strip(), email.strip())


def _write_batch(service: Core, batch: list[_Row], shown: dict[str, str], report: ImportReport,
                 orgs: dict[tuple[str, str], int | None]) -> None:
    """Write a batch in one transaction; `orgs` remembers each workspace's default
    organisation for the whole import."""
    if not batch:
        return
    outcome: list[tuple[_Row, str, bool]] = []  # (row, name, created), reported once committed
    rejected: list[tuple[int, str, T]] = []
    try:
        with transaction(service.engine) as s:
            _write(service, s, batch, outcome, rejected, shown, orgs)
    except (IntegrityError, OperationalError):  # the same people written elsewhere meanwhile: one by one
        outcome, rejected = [], []
        for row in batch:
            try:
                with transaction(service.engine) as s:
                    _write(service, s, [row], outcome, rejected, shown, orgs)
            except (IntegrityError, OperationalError):
                rejected.append((row.row_no, shown.get("user_id", "user_id"), T("import.err.conflict")))
    for row, name, created in outcome:
        (report.created if created else report.updated).append(name)
        if row.move:
            report.moves.append(row.move)
    report.rejected += rejected
    report.rejected.sort(key=lambda r: r[0])


PERSON = Person.__table__
PROFILE = Profile.__table__
NEW_PROFILE = {"department": "", "job_title": "", "skills": "", "wants": "", "hours_per_week": 0.0,
               "available_from": None, "available_until": None, "visible": False, "preference": "specific",
               "line_manager": "", "endorsed": "", "salary_scale": "", "cost_centre": ""}  # (the model's defaults)


def _write(service: Core, s: Session, batch: list[_Row], outcome: list, rejected: list,
           shown: dict[str, str], orgs: dict[tuple[str, str], int | None]) -> None:
    """Write the rows of `batch` (distinct people) in session `s`: a few statements per
    batch, not per row (plain rows, no ORM objects: a tenth of the time at 100,000 rows)."""
    persons: dict[tuple[str, str, str], dict] = {}
    keys = {row.key for row in batch}
    # each column IN its values (the unique index serves that on PostgreSQL too), the exact keys kept here
    for found in s.execute(sa_select(PERSON.c.id, PERSON.c.platform, PERSON.c.workspace, PERSON.c.user_id,
                                     PERSON.c.name, PERSON.c.organisation_id).where(
            PERSON.c.platform.in_({k[0] for k in keys}), PERSON.c.workspace.in_({k[1] for k in keys}),
            PERSON.c.user_id.in_({k[2] for k in keys}))):
        if (found.platform, found.workspace, found.user_id) in keys:
            persons[(found.platform, found.workspace, found.user_id)] = {"id": found.id, "name": found.name,
                                                                         "org": found.organisation_id}
    profiles = {found.person_id: dict(found._mapping) for found in s.execute(sa_select(PROFILE).where(
        PROFILE.c.person_id.in_([p["id"] for p in persons.values()])))} if persons else {}
    now = service.now()
    accepted = []
    for row in batch:
        person = persons.get(row.key)
        profile = profiles.get(person["id"]) if person is not None else None
        start = row.clean.get("available_from", profile["available_from"] if profile else None)
        until = row.clean.get("available_until", profile["available_until"] if profile else None)
        if start and until and until < start:  # with what is stored already: nothing of this row is written
            rejected.append((row.row_no, shown.get("available_until", "available_until"), T("err.until_before_from")))
            continue
        # its organisation (bot.organisations): the column, else a domain rule; an organisation's admin
        # imports only their own people
        scope = orgs["scope"]
        known = SimpleNamespace(organisation_id=person["org"]) if person is not None else None
        org, source, problem = organisations.from_import(service, s, scope, known, row.organisation, row.email)
        if problem is not None:
            rejected.append((row.row_no, shown.get("organisation", "organisation"), problem))
            continue
        if person is None and org is None and scope.ids():
            org, source = scope.ids()[0], "import"
        row.placed, row.move = (org, source), None
        if person is not None and org is not None and person["org"] is None:
            organisations.move(s, s.get(Person, person["id"]), org, source)
        elif person is not None and org is not None and org != person["org"]:
            row.move = [person["id"], person["org"], org]  # asked once the file is read
        accepted.append(row)
    new_people = []
    for row in accepted:
        if row.key not in persons:
            place = (row.platform, row.workspace)
            if place not in orgs:
                orgs[place] = q.workspace_default(s, row.platform, row.workspace)
            org, source = row.placed if row.placed[0] is not None else (orgs[place], "workspace" if orgs[place] else "")
            new_people.append({"platform": row.platform, "workspace": row.workspace, "user_id": row.user_id,
                               "name": row.clean.get("name") or row.user_id, "lang": row.clean.get("lang") or
                               service.settings.default_lang, "tz": service.settings.default_timezone,
                               "organisation_id": org, "digest": False, "last_digest_at": None,
                               "organisation_source": source, "created_at": now})
    if new_people:
        for made in s.execute(insert(PERSON).returning(PERSON.c.id, PERSON.c.platform, PERSON.c.workspace,
                                                       PERSON.c.user_id, PERSON.c.name), new_people):
            persons[(made.platform, made.workspace, made.user_id)] = {"id": made.id, "name": made.name, "new": True}
    renamed, new_profiles, changed = [], [], []
    for row in accepted:
        person = persons[row.key]
        clean = dict(row.clean)
        lang = clean.pop("lang", None)
        if not person.get("new") and (clean.get("name") or lang):
            person["name"] = clean.get("name") or person["name"]
            renamed.append({"pid": person["id"], "name": person["name"], "lang": lang})
        profile = profiles.get(person["id"])
        if profile is None:
            new_profiles.append({**NEW_PROFILE, "person_id": person["id"], "name": person["name"], **clean,
                                 "updated_at": now})
        else:
            changed.append({**{k: v for k, v in profile.items() if k in NEW_PROFILE or k == "name"}, **clean,
                            "pid": person["id"], "updated_at": now})
        outcome.append((row, person["name"], profile is None))
    for found in renamed:  # (few: a name or language changed on an existing person)
        values = {"name": found["name"], **({"lang": found["lang"]} if found["lang"] else {})}
        s.execute(update(PERSON).where(PERSON.c.id == found["pid"]).values(**values))
    if new_profiles:
        s.execute(insert(PROFILE), new_profiles)
    if changed:
        columns = [*NEW_PROFILE, "name", "updated_at"]
        s.execute(update(PROFILE).where(PROFILE.c.person_id == bindparam("pid"))
                  .values({c: bindparam(c) for c in columns}), changed)


def import_profiles(service: Core, actor: Actor, csv_text: "str | TextIO", source: str = "") -> Reply:
    """The CSV content of an attachment (or a fetched link; text or a text stream) → a
    report for the admin."""
    refused = admins.refused(service, actor, "import")
    if refused:
        return refused
    report = import_csv(service, actor, csv_text, source=source or "chat")
    return Reply([report.card()] + report.organisations, actor.lang)


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
    return T("import.err.too_big", mb=MAX_IMPORT_BYTES // 1_000_000)


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
    return import_profiles(service, actor, text_stream(io.BytesIO(data)), source=name)


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


def fetch_csv(url: str) -> TextIO:
    """GET a CSV with a time-out and a size limit, as a text stream (a temporary file
    beyond SPOOL_BYTES)."""
    _check_url(url)
    opener = urllib.request.build_opener(_CheckedRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": "flexpool-import", "Accept": "text/csv, */*"})
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        with opener.open(request, timeout=FETCH_SECONDS) as response:
            while True:  # read as it comes, never more than the limit
                chunk = response.read(1 << 20)
                if not chunk:
                    break
                spool.write(chunk)
                if spool.tell() > MAX_IMPORT_BYTES:
                    raise FetchError(too_big())
    except FetchError:
        spool.close()
        raise
    except urllib.error.HTTPError as exc:
        spool.close()
        raise FetchError(T("import.err.fetch", reason=f"HTTP {exc.code}")) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        spool.close()
        raise FetchError(T("import.err.fetch", reason=type(exc).__name__)) from None
    spool.seek(0)
    return text_stream(spool)


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
    report = import_csv(service, actor, content, source=found.group(1))
    return Reply([report.card()] + report.organisations, actor.lang)


# --- the command line (`flexpool import-profiles`) ------------------------------------------

def cli_import(service: Core, path: str, lang: str, draw: Callable[[Card, str], str],
               platform: str = "", workspace: str = "", move: bool = False) -> tuple[str, int]:
    """Exit code 0: every row imported; 1: some rows rejected; 2: the file could not be read.
    The file is read as it is imported, whatever its size."""
    try:
        binary = open(path, "rb")
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}", 2
    with binary, text_stream(binary) as content:
        report = import_csv(service, None, content, platform, workspace, source=Path(path).name, move=move)
    code = 2 if report.problem is not None else 1 if report.rejected else 0
    return "\n".join(draw(card, lang).rstrip() for card in [report.card()] + report.organisations), code
