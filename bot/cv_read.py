"""Reading what a colleague offers for their profile: a LinkedIn data export (ZIP), a CV
as PDF or Word (.docx), or pasted text — in memory, within limits, never stored or logged.

`read(name, data)` returns the `Document` (the parts found, each with where it came from)
or raises `Unreadable` with a message for the person: an image-only PDF, a password, a
corrupt file, a zip bomb, a path in an archive that points outside it, too many pages or
files, another file type. Nothing here writes to disk, to the database or to a log line
with the file's content or name: the bytes go out of scope when the caller returns.
"""

from __future__ import annotations

import csv
import io
import logging
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from bot.i18n import T

log = logging.getLogger(__name__)
# pypdf reports what it finds odd in a file as log warnings; a CV's bytes stay out of logs.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

MAX_FILE_BYTES = 10_000_000  # what is downloaded at most
MAX_PDF_PAGES = 30
MAX_ZIP_ENTRIES = 1_000  # a full LinkedIn export has about a hundred
MAX_ENTRY_BYTES = 5_000_000  # one file inside an archive, unpacked
MAX_UNPACKED_BYTES = 200_000_000  # all files in an archive together, as the archive says
MAX_RATIO = 200  # unpacked / packed beyond this (and over 1 MB) is a zip bomb
MAX_TEXT = 200_000  # characters of text kept from any file
MIN_TEXT = 30  # fewer letters than this in a PDF: scanned, an image
MAX_ROWS = 500  # rows read from one LinkedIn CSV

LINKEDIN_FILES = ("profile.csv", "positions.csv", "skills.csv", "languages.csv", "certifications.csv",
                  "education.csv")
KINDS = {"pdf": "pdf", "application/pdf": "pdf", "docx": "docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
         "zip": "zip", "application/zip": "zip", "application/x-zip-compressed": "zip",
         "txt": "text", "text": "text", "text/plain": "text", "doc": "doc", "application/msword": "doc",
         "rtf": "doc", "odt": "doc", "pages": "doc"}


class Unreadable(Exception):
    """The file cannot be read; `message` tells the person why and what to do instead."""

    def __init__(self, message: T):
        super().__init__("unreadable")
        self.message = message


@dataclass
class Position:
    title: str
    company: str = ""
    description: str = ""
    current: bool = False
    started: str = ""


@dataclass
class Document:
    """What was read: LinkedIn's parts where it was an export, else `text` (a CV)."""

    source: str  # linkedin | pdf | docx | text
    headline: str = ""
    summary: str = ""
    positions: list[Position] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (name, proficiency)
    certifications: list[str] = field(default_factory=list)
    education: list[str] = field(default_factory=list)
    text: str = ""


def kind_of(name: str, kinds: "tuple[str, ...] | list[str]" = ()) -> str | None:
    """pdf | docx | zip | text by the file's name, else by what the platform says it is."""
    ext = posixpath.splitext((name or "").strip().lower())[1].lstrip(".")
    if ext in KINDS:
        return KINDS[ext]
    for kind in kinds:
        found = KINDS.get((kind or "").split(";", 1)[0].strip().lower())
        if found:
            return found
    return None


def read(name: str, data: bytes, kinds: "tuple[str, ...] | list[str]" = ()) -> Document:
    """The file's content, checked by what it really is (its first bytes), not its name."""
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(T("cv.err.too_big", mb=MAX_FILE_BYTES // 1_000_000))
    if not data.strip():
        raise Unreadable(T("cv.err.empty"))
    head = data[:8]
    if head.startswith(b"%PDF"):
        return _pdf(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: an old .doc, or a Word file with a password
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise Unreadable(T("cv.err.password"))
        raise Unreadable(T("cv.err.old_word"))
    if head.startswith(b"PK"):
        archive = _open_zip(data)
        names = {info.filename.lower() for info in archive.infolist()}
        if "word/document.xml" in names:
            return _docx(data)
        return _linkedin(archive)
    expected = kind_of(name, kinds)
    if expected in ("pdf", "docx", "zip"):
        raise Unreadable(T("cv.err.corrupt"))
    if expected == "doc":
        raise Unreadable(T("cv.err.old_word"))
    if expected == "text" or _looks_like_text(data):
        return Document("text", text=_decode(data)[:MAX_TEXT])
    raise Unreadable(T("cv.err.type"))


def from_text(text: str) -> Document:
    return Document("text", text=(text or "")[:MAX_TEXT])


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4000]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # a character cut at the end of the sample
    return True


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- PDF ----------------------------------------------------------------------------------

def _pdf(data: bytes) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:  # many PDFs are "encrypted" with an empty password, only to restrict printing
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise Unreadable(T("cv.err.password"))
        pages = len(reader.pages)
    except Unreadable:
        raise
    except Exception as exc:
        log.info("cv: a PDF could not be opened (%s)", type(exc).__name__)
        raise Unreadable(T("cv.err.corrupt")) from None
    if pages > MAX_PDF_PAGES:
        raise Unreadable(T("cv.err.pages", max=MAX_PDF_PAGES))
    parts: list[str] = []
    size = 0
    try:
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT:
                break
    except Exception as exc:
        log.info("cv: a PDF's text could not be read (%s)", type(exc).__name__)
        raise Unreadable(T("cv.err.corrupt")) from None
    text = "\n".join(parts)[:MAX_TEXT]
    if len(re.sub(r"\W", "", text)) < MIN_TEXT:
        raise Unreadable(T("cv.err.no_text"))
    return Document("pdf", text=text)


# --- archives: the checks every ZIP passes first (a .docx is one too) ---------------------

# what zipfile raises on a damaged archive; NotImplementedError: a compression method it
# cannot unpack (the sender is told the file is damaged, as for the rest)
BROKEN_ZIP = (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError)

def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except BROKEN_ZIP:
        raise Unreadable(T("cv.err.corrupt")) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise Unreadable(T("cv.err.zip_entries", max=MAX_ZIP_ENTRIES))
    total = 0
    for info in infos:
        if _outside(info.filename):
            raise Unreadable(T("cv.err.zip_path"))
        if info.flag_bits & 0x1:
            raise Unreadable(T("cv.err.password"))
        total += info.file_size
        packed = max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000 and info.file_size / packed > MAX_RATIO):
            raise Unreadable(T("cv.err.zip_bomb"))
    return archive


def _outside(name: str) -> bool:
    """A member name that would land outside the folder it is unpacked in."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return True
    return ".." in name.split("/")


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member, unpacked at most MAX_ENTRY_BYTES (whatever its header claims)."""
    if info.file_size > MAX_ENTRY_BYTES:
        raise Unreadable(T("cv.err.zip_bomb"))
    try:
        with archive.open(info) as member:
            data = member.read(MAX_ENTRY_BYTES + 1)
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise Unreadable(T("cv.err.password")) from None
    except BROKEN_ZIP:
        raise Unreadable(T("cv.err.corrupt")) from None
    except Exception as exc:  # zlib.error and the like
        log.info("cv: an archive member could not be unpacked (%s)", type(exc).__name__)
        raise Unreadable(T("cv.err.corrupt")) from None
    if len(data) > MAX_ENTRY_BYTES:
        raise Unreadable(T("cv.err.zip_bomb"))
    return data


# --- Word ---------------------------------------------------------------------------------

def _docx(data: bytes) -> Document:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if cell.text not in cells:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append(" | ".join(cells))
    except Exception as exc:
        log.info("cv: a Word file could not be read (%s)", type(exc).__name__)
        raise Unreadable(T("cv.err.corrupt")) from None
    text = "\n".join(lines)[:MAX_TEXT]
    if len(re.sub(r"\W", "", text)) < MIN_TEXT:
        raise Unreadable(T("cv.err.no_text"))
    return Document("docx", text=text)


# --- LinkedIn's data export -----------------------------------------------------------------

def _linkedin(archive: zipfile.ZipFile) -> Document:
    found: dict[str, list[dict[str, str]]] = {}
    for info in archive.infolist():
        base = posixpath.basename(info.filename.replace("\\", "/")).lower()
        if base in LINKEDIN_FILES and base not in found and not info.is_dir():
            found[base] = _rows(_decode(_member(archive, info)))
    if not found:
        raise Unreadable(T("cv.err.not_linkedin"))
    doc = Document("linkedin")
    for row in found.get("profile.csv", [])[:1]:
        doc.headline = _get(row, "headline")
        doc.summary = _get(row, "summary")
    for row in found.get("positions.csv", []):
        title = _get(row, "title")
        if title:
            doc.positions.append(Position(title, _get(row, "company name"), _get(row, "description"),
                                          not _get(row, "finished on"), _get(row, "started on")))
    doc.skills = [s for s in (_get(row, "name") for row in found.get("skills.csv", [])) if s]
    doc.languages = [(_get(row, "name"), _get(row, "proficiency"))
                     for row in found.get("languages.csv", []) if _get(row, "name")]
    doc.certifications = [" ".join(filter(None, (_get(row, "name"), _get(row, "authority"))))
                          for row in found.get("certifications.csv", []) if _get(row, "name")]
    doc.education = [" ".join(filter(None, (_get(row, "degree name"), _get(row, "notes"))))
                     for row in found.get("education.csv", [])]
    doc.education = [e for e in doc.education if e]
    return doc


def _rows(text: str) -> list[dict[str, str]]:
    """A LinkedIn CSV as rows keyed by lower-case header. Some exports start with a few
    lines of notes before the header: the header is the first line with a known column."""
    lines = text.splitlines()
    start = 0
    for i, line in enumerate(lines[:10]):
        low = line.lower()
        if any(col in low for col in ("first name", "title", "name", "company name", "school name")):
            start = i
            break
    try:
        reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
        rows = []
        for row in reader:
            rows.append({(k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else ""
                         for k, v in row.items()})
            if len(rows) >= MAX_ROWS:
                break
        return rows
    except csv.Error:
        raise Unreadable(T("cv.err.corrupt")) from None


def _get(row: dict[str, str], key: str) -> str:
    return (row.get(key) or "")[:2000]
