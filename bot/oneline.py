"""The one-line forms power users type after `/klus` and `/flexpool profiel`.

Klus: parts separated by `;` (or a new line); the first part without a label is the
title, the order of the rest is free, Dutch or English::

    Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL;
    8 uur per week; 10 weken; 1 plek

Recognised in any part: `N uur (per week)` / `N hours a week`; `N weken|maanden` /
`N weeks|months`; `N plek(ken)` / `N places`; `start|vanaf|per <datum>`;
`tot|t/m|eind <datum>`; `van <datum> tot <datum>`; `vaardigheden|skills: a, b`;
`omschrijving|beschrijving|resultaat|description|result: ...`; `afdeling|team: ...`;
`remote|op afstand|hybride|op locatie|on site`; `bereik: afdeling|organisatie|overheidsbreed`.
A part that is none of these is added to the description. Dates: `2026-12-01`,
`1-12-2026`, `1/12`, `1 december 2026`, `dec 1`, `vandaag`, `morgen`, `maandag`,
`volgende week`, `over 2 weken` (and English).

Profile: `label: value` parts separated by `;`, e.g.
`vaardigheden: Python, SQL; wil leren: Power BI; uren: 8; zichtbaar: ja`.

The parser never raises on odd input; it returns what it understood and what it did not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.matching import split_terms

MAX_INPUT = 4000

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "february": 2,
    "maart": 3, "mrt": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "maandag": 0, "monday": 0, "dinsdag": 1, "tuesday": 1, "woensdag": 2, "wednesday": 2,
    "donderdag": 3, "thursday": 3, "vrijdag": 4, "friday": 4, "zaterdag": 5, "saturday": 5,
    "zondag": 6, "sunday": 6,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"(\d+(?:[.,]\d+)?)"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text: str, today: date) -> date | None:
    """A date in Dutch or English, absolute or relative to `today`; None if not a date."""
    t = (text or "").strip().lower().rstrip(".")
    if not t or len(t) > 40:
        return None
    try:
        if t in ("vandaag", "today", "direct", "per direct", "meteen", "zsm", "asap", "nu", "now", "immediately"):
            return today
        if t in ("morgen", "tomorrow"):
            return today + timedelta(days=1)
        if t in ("overmorgen",):
            return today + timedelta(days=2)
        if t in ("volgende week", "next week", "komende week"):
            return today + timedelta(days=7 - today.weekday())
        if t in ("volgende maand", "next month"):
            return add_months(today.replace(day=1), 1)
        m = re.fullmatch(r"(?:volgende |next |komende |a\.?s\.? )?(\w+)", t)
        if m and m.group(1) in WEEKDAYS:
            ahead = (WEEKDAYS[m.group(1)] - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
        m = re.fullmatch(r"(?:over|in)\s+(\d{1,3})\s+(dagen|dag|days?|weken|week|weeks?|maanden|maand|months?)", t)
        if m:
            n, unit = int(m.group(1)), m.group(2)
            if unit.startswith(("dag", "day")):
                return today + timedelta(days=n)
            if unit.startswith(("maand", "month")):
                return add_months(today, n)
            return today + timedelta(weeks=n)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?", t)
        if m:
            return _dmy(int(m.group(1)), int(m.group(2)), m.group(3), today)
        m = re.fullmatch(rf"(\d{{1,2}})(?:e|ste|de)?\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?", t)
        if m:
            return _dmy(int(m.group(1)), MONTHS[m.group(2)], m.group(3), today)
        m = re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(\d{{4}}))?", t)
        if m:
            return _dmy(int(m.group(2)), MONTHS[m.group(1)], m.group(3), today)
    except ValueError:
        return None
    return None


def _dmy(day: int, month: int, year: str | None, today: date) -> date:
    if year is None:
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    y = int(year)
    return date(y + 2000 if y < 100 else y, month, day)


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


@dataclass
class KlusDraft:
    """What a manager asked for, as typed; the service validates it."""

    title: str = ""
    description: str = ""
    skills: list[str] = field(default_factory=list)
    hours_per_week: float | None = None
    start: date | None = None
    end: date | None = None
    weeks: float | None = None
    months: int | None = None
    places: int | None = None
    department: str | None = None
    location: str | None = None
    reach: str | None = None
    not_understood: list[str] = field(default_factory=list)  # e.g. a date we could not read


LOCATIONS = [
    (r"\b(remote|op afstand|thuis(?:werk)?|online|vanuit huis|from home)\b", "remote"),
    (r"\b(hybride|hybrid|deels thuis)\b", "hybrid"),
    (r"\b(op locatie|on[- ]?site|op kantoor|in the office|ter plaatse|op het stadhuis)\b", "on_site"),
]
REACH_WORDS = {
    "afdeling": "department", "department": "department", "eigen afdeling": "department",
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "eigen organisatie": "organisation",
    "overheidsbreed": "all", "alle": "all", "all": "all", "iedereen": "all", "government-wide": "all",
}
_DATE_TOKEN = rf"(\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}(?:[-/.]\d{{2,4}})?|\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTH_RE})\.?(?:\s+\d{{4}})?|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|vandaag|today|morgen|tomorrow|overmorgen|volgende week|next week|volgende maand|next month|(?:volgende |next )?(?:{'|'.join(WEEKDAYS)})|(?:over|in)\s+\d{{1,3}}\s+\w+|direct|per direct|meteen|zsm|asap)"


def parse_klus(text: str, today: date) -> KlusDraft:
    """Understand a one-line klus. Never raises; see the module docstring for the syntax."""
    draft = KlusDraft()
    text = _clean(text)[:MAX_INPUT]
    parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    description: list[str] = []
    for i, part in enumerate(parts):
        rest = _take_part(part, draft, today)
        if rest is None:
            continue
        if i == 0 and not draft.title:
            draft.title = rest
        elif rest:
            description.append(rest)
    if description:
        draft.description = "\n".join(filter(None, [draft.description] + description)).strip()
    return draft


def _take_part(part: str, draft: KlusDraft, today: date) -> str | None:
    """Take what `part` says into `draft`; return the words left over (None: a labelled part)."""
    label = re.match(r"^\s*([\w /-]{2,30}?)\s*[:=]\s*(.*)$", part, re.S)
    if label:
        name, value = label.group(1).strip().lower(), label.group(2).strip()
        if name in ("vaardigheden", "vaardigheid", "skills", "skill", "kennis", "competenties", "gevraagd"):
            draft.skills.extend(t for t in split_terms(value) if t not in draft.skills)
            return None
        if name in ("omschrijving", "beschrijving", "description", "details", "toelichting", "opdracht"):
            draft.description = "\n".join(filter(None, [draft.description, value]))
            return None
        if name in ("resultaat", "result", "doel", "goal", "opbrengst"):
            draft.description = "\n".join(filter(None, [draft.description, f"Resultaat: {value}"]))
            return None
        if name in ("titel", "title", "klus", "naam", "name"):
            draft.title = value
            return None
        if name in ("afdeling", "department", "dept", "team", "directie"):
            draft.department = value
            return None
        if name in ("bereik", "reach", "zichtbaar voor", "voor"):
            reach = REACH_WORDS.get(value.lower())
            if reach:
                draft.reach = reach
            else:
                draft.not_understood.append(part)
            return None
        if name in ("locatie", "location", "waar", "where", "plaats"):
            loc = _location(value)
            draft.location = loc or "on_site"
            return None
        if name in ("start", "begin", "startdatum", "vanaf", "from", "per"):
            _set_date(draft, "start", value, today, part)
            return None
        if name in ("eind", "einde", "einddatum", "end", "tot", "until", "t/m", "deadline"):
            _set_date(draft, "end", value, today, part)
            return None
        if name in ("uren", "uur", "hours", "uren per week", "hours per week"):
            part = value + " uur"
        elif name in ("plekken", "plaatsen", "places", "spots", "aantal"):
            part = value + " plek"
        elif name in ("duur", "duration", "looptijd", "periode", "period"):
            part = value

    rest = part
    low = lambda: rest.lower()  # noqa: E731

    m = re.search(rf"\b(?:van|from)\s+{_DATE_TOKEN}\s+(?:tot(?: en met)?|t/m|to|until|-)\s+{_DATE_TOKEN}", low())
    if m:
        _set_date(draft, "start", m.group(1), today, part)
        _set_date(draft, "end", m.group(2), today, part)
        rest = rest[:m.start()] + rest[m.end():]
    m = re.search(rf"\b(?:start(?:end|s)?(?:\s+op)?|begin(?:t|nend)?(?:\s+op)?|vanaf|per|starting|from)\s*:?\s*{_DATE_TOKEN}", low())
    if m:
        _set_date(draft, "start", m.group(1), today, part)
        rest = rest[:m.start()] + rest[m.end():]
    m = re.search(rf"\b(?:tot(?: en met)?|t/m|eind(?:igt|datum)?(?:\s+op)?|until|ends?|ending|deadline)\s*:?\s*{_DATE_TOKEN}", low())
    if m:
        _set_date(draft, "end", m.group(1), today, part)
        rest = rest[:m.start()] + rest[m.end():]
    for pattern, attr in _QUANTITIES:
        m = re.search(pattern, low())
        if m:
            sign = -1 if m.group(1) else 1
            value = _number(m.group(2)) * sign
            setattr(draft, attr, int(value) if attr in ("places", "months") else value)
            rest = rest[:m.start()] + rest[m.end():]
    loc = _location(low())
    if loc:
        draft.location = loc
        for pattern, _ in LOCATIONS:
            rest = re.sub(pattern, "", rest, flags=re.I)
    m = re.search(r"\boverheidsbreed\b|\bgovernment-wide\b", low())
    if m:
        draft.reach = "all"
        rest = rest[:m.start()] + rest[m.end():]
    rest = re.sub(r"\s{2,}", " ", rest).strip(" ,.-:")
    if rest == part.strip():
        return rest
    # A part we took something from: keep leftovers only when they are real words.
    return rest if len(re.sub(r"[^\w]", "", rest)) > 3 else ""


_QUANTITIES = [
    (rf"(-)?{_NUM}\s*(?:uur|uren|u|hours?|hrs?|h)\b(?:\s*(?:per|p\.?|/|a|in de|each|every|op)\s*(?:week|wk|w)\b|\s*p/?w\b)?",
     "hours_per_week"),
    (rf"(-)?{_NUM}\s*(?:weken|week|weeks|wk|wkn)\b", "weeks"),
    (r"(-)?(\d+)\s*(?:maanden|maand|mnd|months?)\b", "months"),
    (r"(-)?(\d+)\s*(?:plekken|plek|plaatsen|plaats|places?|spots?|personen|persoon|mensen|people|persons?|kandidaten)\b",
     "places"),
]


def _set_date(draft: KlusDraft, which: str, raw: str, today: date, part: str) -> None:
    value = parse_date(raw, today)
    if value is None:
        draft.not_understood.append(part)
    else:
        setattr(draft, which, value)


def _location(text: str) -> str | None:
    for pattern, value in LOCATIONS:
        if re.search(pattern, text, re.I):
            return value
    return None


def _clean(text: str) -> str:
    """Drop control characters and bidi overrides; keep new lines."""
    return "".join(
        ch for ch in (text or "")
        if ch == "\n" or (ch.isprintable() and ch not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    )


PROFILE_LABELS = {
    "naam": "name", "name": "name",
    "afdeling": "department", "department": "department", "team": "department",
    "functie": "job_title", "job": "job_title", "job title": "job_title", "functietitel": "job_title", "title": "job_title",
    "vaardigheden": "skills", "skills": "skills", "kan": "skills", "kennis": "skills",
    "wil leren": "wants", "leren": "wants", "wants": "wants", "want to learn": "wants", "learn": "wants",
    "ambitie": "wants", "ambities": "wants",
    "uren": "hours_per_week", "uur": "hours_per_week", "hours": "hours_per_week", "uren per week": "hours_per_week",
    "hours per week": "hours_per_week",
    "beschikbaar vanaf": "available_from", "vanaf": "available_from", "available from": "available_from", "from": "available_from",
    "beschikbaar tot": "available_until", "tot": "available_until", "available until": "available_until", "until": "available_until",
    "zichtbaar": "visible", "visible": "visible",
    "voorkeur": "preference", "preference": "preference",
    "leidinggevende": "line_manager", "manager": "line_manager", "line manager": "line_manager",
    "taal": "lang", "language": "lang", "lang": "lang",
}


def parse_profile(text: str) -> tuple[dict[str, str], list[str]]:
    """`label: value; ...` → ({field: raw value}, [parts not understood])."""
    values: dict[str, str] = {}
    unknown: list[str] = []
    for part in re.split(r"[;\n]", _clean(text)[:MAX_INPUT]):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^([\w /-]{2,30}?)\s*[:=]\s*(.*)$", part, re.S)
        name = PROFILE_LABELS.get(m.group(1).strip().lower()) if m else None
        if name is None:
            unknown.append(part)
        else:
            values[name] = m.group(2).strip()
    return values, unknown
