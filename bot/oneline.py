"""The one-line forms power users type after `/klus` and `/flexpool profiel`.

Klus: parts separated by `;` (or a new line); the first part without a label is the
title (unless a `titel:` part names it), the order of the rest is free, Dutch or English::

    Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL;
    8 uur per week; 10 weken; 1 plek

Recognised in any part: `N uur (per week)` / `N hours a week` (a range `8-10 uur` counts
as its upper end); `N weken|maanden` / `N weeks|months`; `N plek(ken)` / `N places`;
`start|vanaf|per <datum>`; `tot|t/m|eind <datum>`; `van <datum> tot <datum>`;
`<datum> - <datum>` or `<datum> tot|t/m <datum>` for calendar dates (`1 dec - 1 mrt`,
`2026-12-01 tot 2027-01-01`; an end without a year falls after the start);
`over 2 weken` (a start); `vaardigheden|skills: a, b`;
`omschrijving|beschrijving|resultaat|description|result: ...`; `afdeling|team: ...`;
`locatie|location: ...`; `bereik: afdeling|organisatie|overheidsbreed`; and
`remote|op afstand|hybride|op locatie|on site` when they stand on their own (a part, or a
piece of one between commas or brackets: `8 uur per week, remote`), so that "online" or
"remote sensing" in a description stay where they are. A part that is none of these is
added to the description. Dates: `2026-12-01`, `1-12-2026`, `1/12`, `1 december 2026`,
`dec 1`, `vandaag`, `morgen`, `maandag`, `volgende week`, `over 2 weken` (and English).

Profile: `label: value` parts separated by `;`, e.g.
`vaardigheden: Python, SQL; wil leren: Power BI; uren: 8; zichtbaar: ja`.

The parser never raises on odd input; it returns what it understood and, in
`not_understood`, the parts it recognised but could not read (a date that does not
exist, `uren: acht`). Numbers are returned as typed (negative, zero, huge): the service
decides what is allowed.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from bot.i18n import Join, T, render
from bot.matching import compact, split_terms

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
TODAY_WORDS = ("vandaag", "today", "direct", "per direct", "meteen", "zsm", "asap", "nu", "now", "immediately")
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)
_ORDINAL = r"(?:e|ste|de|st|nd|rd|th)"
_NEXT = r"(?:volgende|komende|next|a\.?s\.?)"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text: str, today: date) -> date | None:
    """A date in Dutch or English, absolute or relative to `today`; None if not a date."""
    t = re.sub(r"\s+", " ", text if isinstance(text, str) else "").strip().lower().rstrip(".")
    if not t or len(t) > 40:
        return None
    try:
        return _parse_date(t, today)
    except (ValueError, OverflowError):  # 31-02, year 0, or past the year 9999
        return None


def _parse_date(t: str, today: date) -> date | None:
    if t in TODAY_WORDS:
        return today
    if t in ("morgen", "tomorrow"):
        return today + timedelta(days=1)
    if t == "overmorgen":
        return today + timedelta(days=2)
    if t in ("gisteren", "yesterday"):
        return today - timedelta(days=1)
    if t == "eergisteren":
        return today - timedelta(days=2)
    if re.fullmatch(rf"{_NEXT} week|next week", t):
        return today + timedelta(days=7 - today.weekday())
    if re.fullmatch(rf"{_NEXT} (?:maand|month)", t):
        return add_months(today.replace(day=1), 1)
    m = re.fullmatch(rf"(?:{_NEXT} )?(\w+)", t)
    if m and m.group(1) in WEEKDAYS:
        ahead = (WEEKDAYS[m.group(1)] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    m = re.fullmatch(r"(?:over|in) (\d{1,3}) (dagen|dag|days?|weken|week|weeks?|maanden|maand|months?)", t)
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
    m = re.fullmatch(rf"(\d{{1,2}}){_ORDINAL}?\s?({_MONTH_RE})\.?(?:,? (\d{{4}}))?", t)
    if m:
        return _dmy(int(m.group(1)), MONTHS[m.group(2)], m.group(3), today)
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}}){_ORDINAL}?(?:,? (\d{{4}}))?", t)
    if m:
        return _dmy(int(m.group(2)), MONTHS[m.group(1)], m.group(3), today)
    return None


def _dmy(day: int, month: int, year: str | None, today: date) -> date:
    """A day and month, in `year` ("26" is 2026) or else on or after `today`. Raises ValueError."""
    if year is not None:
        y = int(year)
        return date(2000 + y if len(year) == 2 else y, month, day)
    for y in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            candidate = date(y, month, day)
        except ValueError:
            if not (month == 2 and day == 29):  # only 29 February is valid in some years
                raise
            continue
        if candidate >= today:
            return candidate
    raise ValueError("no such day ahead")


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
    # field -> what to write there (a `T`), for every part in `not_understood` and every
    # unknown label; the service shows them under the field's name and posts nothing.
    problems: dict[str, T] = field(default_factory=dict, compare=False)


LOCATIONS = [
    (r"remote|op afstand|thuis|thuiswerk(?:en)?|online|vanuit huis|(?:work )?from home", "remote"),
    (r"hybride|hybrid|deels thuis|deels op kantoor", "hybrid"),
    (r"op locatie|on[- ]?site|on location|op kantoor|in the office|ter plaatse|op het stadhuis", "on_site"),
]
REACH_WORDS = {
    "afdeling": "department", "department": "department", "eigen afdeling": "department",
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "eigen organisatie": "organisation",
    "overheidsbreed": "all", "alle": "all", "all": "all", "iedereen": "all", "government-wide": "all",
}
_DATE_FORMS = [
    r"\d{4}-\d{1,2}-\d{1,2}",
    r"\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?",
    rf"\d{{1,2}}{_ORDINAL}?\s*(?:{_MONTH_RE})\b\.?(?:,?\s+\d{{4}})?",
    rf"(?:{_MONTH_RE})\b\.?\s+\d{{1,2}}{_ORDINAL}?(?:,?\s+\d{{4}})?",
    r"vandaag|today|overmorgen|morgen|tomorrow|eergisteren|gisteren|yesterday|per direct|direct|meteen|zsm|asap"
    r"|immediately",
    rf"{_NEXT}\s+(?:week|maand|month)",
    rf"(?:{_NEXT}\s+)?(?:{_WEEKDAY_RE})",
    r"(?:over|in)\s+\d{1,3}\s+\w+",
]
_DATE_TOKEN = "(" + "|".join(_DATE_FORMS) + r")(?!\w|[-/.]\d)"  # whole: not "1 dec" of "1 decmber"
# A calendar date (not "maandag" or "morgen"): only these make a range without "van",
# so "maandag t/m vrijdag" (working days) stays text.
_CALENDAR_DATE = ("(" + "|".join(rf"{form}(?!\w|[-/.]\d)" for form in _DATE_FORMS[:2])
                  + "|" + "|".join(rf"{form}(?!\w)" for form in _DATE_FORMS[2:4]) + ")")
_RANGE_TO = r"(?:\s+(?:tot(?:\s+en\s+met)?|t/m|to|until|till|through)\s+|\s*[-–—]\s*)"
_MONTH_START = "jan|feb|maa|mar|mrt|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec"
_DATE_LIKE = rf"(?:\d{{1,4}}[-/.]\d|\d{{1,2}}\w*\s+(?:{_MONTH_START})|(?:{_MONTH_START})\w*\.?\s+\d)"
_START_WORDS = (r"start(?:en|end|s|datum)?(?:\s+(?:op|on))?|begin(?:t|nen|nend|datum)?(?:\s+(?:op|on))?"
                r"|vanaf|per|starting(?:\s+on)?|from|beginning")
_END_WORDS = (r"tot(?:\s+en\s+met)?|t/m|eind(?:e|igt|datum)?(?:\s+(?:op|on))?|uiterlijk|until|till|through"
              r"|ends?(?:\s+on)?|ending(?:\s+on)?|deadline")
_AMOUNT = r"(?<![\w.,+])([-−])?(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|tot|to|à)\s*(\d+(?:[.,]\d+)?))?"
_PER_OTHER = r"\s*(?:per|p\.?|/|a|an|in de|each|every|op|een)\s*(dag|day|maand|month|mnd|jaar|year|kwartaal|quarter)\b"
_QUANTITIES = [
    (_AMOUNT + r"\s*(?:uur|uren|u|hours?|hrs?|h)\b"
     r"(?:\s*(?:per|p\.?|/|a|in de|each|every|op)\s*(?:week|wk|w)\b|\s*(?:p/?w|weekly|wekelijks)\b"
     rf"|{_PER_OTHER})?",
     "hours_per_week"),
    (_AMOUNT + r"\s*(?:weken|week|weeks|wk|wkn)\b", "weeks"),
    (_AMOUNT + r"\s*(?:maanden|maand|mnd|months?)\b", "months"),
    (_AMOUNT + r"\s*(?:jaren|jaar|jr|years?|yrs?)\b", "years"),
    (_AMOUNT + r"\s*(?:plekken|plek|plaatsen|plaats|places?|spots?|personen|persoon|mensen|people|persons?"
     r"|kandidaten)\b", "places"),
]
_WHOLE_NUMBERS = ("months", "places")
# Hours said per some other period, and how many weeks that period has (5 working days).
_WEEKS_IN = {"dag": 0.2, "day": 0.2, "maand": 52 / 12, "month": 52 / 12, "mnd": 52 / 12,
             "kwartaal": 13, "quarter": 13, "jaar": 52, "year": 52}
_PROBLEM_FIELD = {"hours_per_week": "hours_per_week", "weeks": "end", "months": "end", "years": "end",
                  "places": "places"}

SKILL_LABELS = ("vaardigheden", "vaardigheid", "skills", "skill", "kennis", "competenties", "gevraagd")
DESCRIPTION_LABELS = ("omschrijving", "beschrijving", "description", "details", "toelichting", "opdracht")
RESULT_LABELS = ("resultaat", "result", "doel", "goal", "opbrengst")
TITLE_LABELS = ("titel", "title", "klus", "naam", "name")
DEPARTMENT_LABELS = ("afdeling", "department", "dept", "team", "directie")
REACH_LABELS = ("bereik", "reach", "zichtbaar voor", "voor")
LOCATION_LABELS = ("locatie", "location", "waar", "where", "plaats")
START_LABELS = ("start", "begin", "startdatum", "begindatum", "vanaf", "from", "per", "start date")
END_LABELS = ("eind", "einde", "einddatum", "end", "tot", "until", "t/m", "deadline", "end date")
HOURS_LABELS = ("uren", "uur", "hours", "uren per week", "hours per week", "hours a week")
PLACES_LABELS = ("plekken", "plaatsen", "places", "spots", "aantal")
DURATION_LABELS = ("duur", "duration", "looptijd", "periode", "period")
# A remark that keeps its label in the description ("Let op: alleen ambtenaren").
NOTE_LABELS = ("let op", "nb", "n.b", "ps", "p.s", "opmerking", "opmerkingen", "note", "notes", "remark", "tip",
               "belangrijk", "important", "info", "contact", "vragen", "questions", "zie", "see")
KNOWN_LABELS = frozenset(SKILL_LABELS + DESCRIPTION_LABELS + RESULT_LABELS + TITLE_LABELS + DEPARTMENT_LABELS
                         + REACH_LABELS + LOCATION_LABELS + START_LABELS + END_LABELS + HOURS_LABELS
                         + PLACES_LABELS + DURATION_LABELS + NOTE_LABELS)
_LABEL = re.compile(r"^\s*([\w /.-]{2,30}?)\s*[:=]\s*(.*)$", re.S)


def _label_name(label: re.Match) -> str:
    return re.sub(r"\s+", " ", label.group(1).strip().lower()).rstrip(".")


def _is_label(label: re.Match) -> bool:
    """Whether `x: y` reads as a field label: one to three words without digits or dots, not
    a web address (`https://…`, `zie www.rijksoverheid.nl: …`) or a time (`om 10:30`)."""
    name = _label_name(label)
    return (bool(re.fullmatch(r"[^\W\d_][^\d.]*", name)) and len(name.split()) <= 3
            and not label.group(2).startswith("//"))


def parse_klus(text: str, today: date, lang: str = "nl") -> KlusDraft:
    """Understand a one-line klus. Never raises; see the module docstring for the syntax.
    `lang` is the poster's language: the words put before a result or a place in the
    description ("Resultaat: …" / "Result: …").

    Every part after the first that starts with a label we do not know (`kleur: rood`)
    is a problem under "unknown": it would otherwise land, unseen, in the description
    every invitee reads. The first part is the title whatever it looks like."""
    draft = KlusDraft()
    parts = [p.strip() for p in re.split(r"[;\n]", _clean(text)) if p.strip()]
    leftovers: list[str] = []
    unknown: list[tuple[str, str]] = []
    titled = False
    for index, part in enumerate(parts):
        label = _LABEL.match(part)
        name = _label_name(label) if label else ""
        if label and name in TITLE_LABELS:
            draft.title, titled = label.group(2).strip(), True
            continue
        if label and name in NOTE_LABELS:
            leftovers.append(part)
            continue
        if index > 0 and label and name not in KNOWN_LABELS and _is_label(label):
            unknown.append((label.group(1).strip(), part))
            continue
        rest = _take_part(part, draft, today, lang)
        if rest:
            leftovers.append(rest)
    if leftovers and not titled:
        draft.title = leftovers.pop(0)
    draft.description = "\n".join(filter(None, [draft.description, *leftovers])).strip()
    if unknown:
        _unknown_labels(draft, unknown)
    return draft


def _unknown_labels(draft: KlusDraft, unknown: list[tuple[str, str]]) -> None:
    """One problem naming every unknown label, what the known ones are, and for a profile
    field (`leidinggevende: x`) where it belongs."""
    for _, part in unknown:
        if part not in draft.not_understood:
            draft.not_understood.append(part)
    profile = [(label, part) for label, part in unknown if re.sub(r"\s+", " ", label.lower()) in PROFILE_LABELS]
    other = [(label, part) for label, part in unknown if (label, part) not in profile]
    said = ([T("err.unknown_label", labels=Join([label for label, _ in other]), text=other[0][1])] if other else [])
    said += [T("err.label_is_profile", label=label, text=part) for label, part in profile]
    draft.problems["unknown"] = said[0] if len(said) == 1 else Join(said, " ")


def _take_part(part: str, draft: KlusDraft, today: date, lang: str = "nl") -> str:
    """Take what `part` says into `draft`; return the words left over ("" for none)."""
    label = _LABEL.match(part)
    if label:
        name, value = _label_name(label), label.group(2).strip()
        if name in SKILL_LABELS:
            known = {compact(s) for s in draft.skills}
            draft.skills.extend(t for t in split_terms(value) if compact(t) not in known)
            return ""
        if name in DESCRIPTION_LABELS:
            draft.description = "\n".join(filter(None, [draft.description, value]))
            return ""
        if name in RESULT_LABELS:
            draft.description = "\n".join(filter(None, [draft.description, render(T("klus.result_line", text=value), lang)]))
            return ""
        if name in DEPARTMENT_LABELS:
            draft.department = value
            return ""
        if name in REACH_LABELS:
            reach = REACH_WORDS.get(re.sub(r"\s+", " ", value.lower()))
            if reach:
                draft.reach = reach
            else:
                _problem(draft, "reach", T("err.reach_choice", text=value), part)
            return ""
        if name in LOCATION_LABELS:
            draft.location = _location(value) or "on_site"
            if len(re.sub(r"\W", "", _strip_locations(value))) > 0:  # a place name: worth telling people
                draft.description = "\n".join(filter(None, [draft.description, render(T("klus.location_line", text=value), lang)]))
            return ""
        if name in START_LABELS or name in END_LABELS:
            both = re.fullmatch(rf"{_DATE_TOKEN}{_RANGE_TO}{_DATE_TOKEN}", value, re.I)
            if both and name in START_LABELS:  # "start: 1 dec - 1 mrt"
                _set_range(draft, both.group(1), both.group(2), today, part)
            else:
                _set_date(draft, "start" if name in START_LABELS else "end", value, today, part)
            return ""
        if name in HOURS_LABELS + PLACES_LABELS + DURATION_LABELS:
            unit = " uur" if name in HOURS_LABELS else " plek" if name in PLACES_LABELS else ""
            if _take_free_part(value + unit, draft, today, part).strip() == (value + unit).strip():
                if name in HOURS_LABELS:  # e.g. "uren: acht"
                    _problem(draft, "hours_per_week", T("err.hours_unreadable", text=part), part)
                elif name in PLACES_LABELS:
                    _problem(draft, "places", T("err.places_unreadable", text=part), part)
                else:
                    _problem(draft, "end", T("err.duration_unreadable", text=part), part)
            return ""
    return _take_free_part(part, draft, today, part)


def _bare_dates(text: str, draft: KlusDraft, today: date, part: str) -> bool:
    """A part that is only a date (`morgen`, `1 december`) or only a range of two
    (`vandaag tot morgen`): a date alone is the start, or the end once a start is known.
    Two weekdays (`maandag t/m vrijdag`) are working days, not a period."""
    t = text.strip().rstrip(".")
    both = re.fullmatch(rf"(?:(?:van|from)\s+)?{_DATE_TOKEN}{_RANGE_TO}{_DATE_TOKEN}", t, re.I)
    if both:
        weekday = rf"(?:{_NEXT}\s+)?(?:{_WEEKDAY_RE})"
        if re.fullmatch(weekday, both.group(1), re.I) and re.fullmatch(weekday, both.group(2), re.I) \
                and not re.match(r"van|from", t, re.I):
            return False
        _set_range(draft, both.group(1), both.group(2), today, part)
        return True
    if re.fullmatch(_DATE_TOKEN, t, re.I) and not re.fullmatch(r"(?:over|in)\s+\d{1,3}\s+\w+", t, re.I):
        _set_date(draft, "start" if draft.start is None else "end", t, today, part)
        return True
    return False


def _take_free_part(text: str, draft: KlusDraft, today: date, part: str) -> str:
    """Dates, amounts, a location and the reach said anywhere in `text`; return the rest."""
    if _bare_dates(text, draft, today, part):
        return ""
    rest = text
    took_date = False

    def take(m: re.Match) -> None:
        nonlocal rest
        rest = rest[:m.start()] + " " + rest[m.end():]

    m = (re.search(rf"\b(?:van|from)\s+{_DATE_TOKEN}\s+(?:tot(?:\s+en\s+met)?|t/m|to|until|-)\s+{_DATE_TOKEN}",
                   rest, re.I)
         or re.search(rf"(?<![\w/.-])(?:(?:{_START_WORDS})\s*:?\s*)?{_CALENDAR_DATE}{_RANGE_TO}{_CALENDAR_DATE}",
                      rest, re.I))  # "1 dec - 1 mrt", "2026-12-01 tot 2027-01-01"
    if m:
        _set_range(draft, m.group(1), m.group(2), today, part)
        take(m)
        took_date = True
    for which, words in (("start", _START_WORDS), ("end", _END_WORDS)):
        m = re.search(rf"\b(?:{words})\s*:?\s*{_DATE_TOKEN}", rest, re.I)
        if m:
            _set_date(draft, which, m.group(1), today, part)
            take(m)
            took_date = True
    m = re.search(r"\bover\s+\d{1,3}\s+(?:dagen|dag|weken|week|maanden|maand)\b", rest, re.I)
    if m and draft.start is None:  # "over 2 weken" = in two weeks' time
        _set_date(draft, "start", m.group(0), today, part)
        take(m)
        took_date = True
    for pattern, attr in _QUANTITIES:
        m = re.search(pattern, rest, re.I)
        if m:
            _take_quantity(m, attr, draft, part)
            take(m)
    rest = _take_location(rest, draft)
    m = re.search(r"\boverheidsbreed\b|\bgovernment-wide\b", rest, re.I)
    if m:
        draft.reach = "all"
        take(m)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" ,.-:")
    if rest == text.strip():
        if not took_date and re.match(rf"(?:{_START_WORDS}|{_END_WORDS})\s*:?\s*{_DATE_LIKE}", rest, re.I):
            # "start 1 decmber": meant as a date, not read as one
            which = "start" if re.match(rf"(?:{_START_WORDS})\b", rest, re.I) else "end"
            _problem(draft, which, T("err.not_understood", text=part), part)
            return ""
        return rest if re.search(r"\w", rest) else ""
    # A part we took something from: keep leftovers only when they are real words.
    return rest if len(re.sub(r"\W", "", rest)) > 3 else ""


def _take_quantity(m: re.Match, attr: str, draft: KlusDraft, part: str) -> None:
    value = _amount(m, whole=attr in _WHOLE_NUMBERS)
    field_name = _PROBLEM_FIELD[attr]
    if value is None:
        error = {"hours_per_week": "err.hours_unreadable", "places": "err.places_unreadable"}.get(
            field_name, "err.duration_unreadable")
        _problem(draft, field_name, T(error, text=part), part)
        return
    if attr == "hours_per_week" and m.group(4):
        per = m.group(4).lower()  # "8 uur per maand": we count in hours a week
        weekly = value / _WEEKS_IN[per]
        _problem(draft, "hours_per_week", T("err.hours_per_period", text=m.group(0).strip(),
                                            weekly=round(weekly, 1) if weekly < 10 else round(weekly),
                                            example=max(1, round(weekly))), part)
        return
    if attr == "years":
        months = value * 12
        if months != int(months):
            _problem(draft, "end", T("err.duration_unreadable", text=part), part)
            return
        draft.months = int(months)
        return
    setattr(draft, attr, value)


def _amount(m: re.Match, whole: bool) -> int | float | None:
    """The number a quantity match says (the upper end of a range): an int if `whole`, else a
    float; None if it is not one (1,5 places; a number too big for a float)."""
    try:
        value = max(Decimal(raw.replace(",", ".")) for raw in m.group(2, 3) if raw)
    except InvalidOperation:
        return None
    if m.group(1):
        value = -value
    if whole:
        return int(value) if value == value.to_integral_value() else None
    number = float(value)
    return number if math.isfinite(number) else None


_HAS_YEAR = re.compile(r"\d{4}|\d[-/.]\d{1,2}[-/.]\d{2}\b")
ROLL_OVER_DAYS = 183  # "1 nov - 1 mrt" spans the new year; "1 maart tot 1 februari" is a slip


def _set_range(draft: KlusDraft, raw_start: str, raw_end: str, today: date, part: str) -> None:
    """Start and end of a range. An end without a year falls after the start ("1 nov 2027 -
    1 mrt" ends in 2028) when that makes a period of at most half a year; a longer one
    ("van 1 maart tot 1 februari") is asked back: write the year if that is meant."""
    _set_date(draft, "start", raw_start, today, part)
    _set_date(draft, "end", raw_end, today, part, past_ok=True)
    if draft.start is None or draft.end is None or draft.end >= draft.start:
        return
    later = parse_date(raw_end, draft.start) if not _HAS_YEAR.search(raw_end) else None
    if later is not None and (later - draft.start).days <= ROLL_OVER_DAYS:
        draft.end = later
        draft.problems.pop("end", None)
        return
    problem = (T("err.range_backwards_year", start=draft.start, end=draft.end, later=later) if later is not None
               else T("err.end_before_start", start=draft.start, end=draft.end))
    _problem(draft, "end", problem, part, replace=True)


def _set_date(draft: KlusDraft, which: str, raw: str, today: date, part: str, past_ok: bool = False) -> None:
    value = parse_date(raw, today)
    if value is None:
        _problem(draft, which, T("err.not_understood", text=part), part)
        return
    setattr(draft, which, value)
    if which == "end" and value < today and not past_ok:  # "tot gisteren"
        _problem(draft, "end", T("err.end_past", date=value), part)


def _problem(draft: KlusDraft, field_name: str, error: T, part: str, replace: bool = False) -> None:
    """Note that `part` could not be read, and what to write in `field_name` instead."""
    if part not in draft.not_understood:
        draft.not_understood.append(part)
    if replace or field_name not in draft.problems:
        draft.problems[field_name] = error


def _location(text: str) -> str | None:
    """The first location word anywhere in `text` (for a labelled `locatie:` value)."""
    for pattern, value in LOCATIONS:
        if re.search(rf"\b(?:{pattern})\b", text, re.I):
            return value
    return None


def _strip_locations(text: str) -> str:
    for pattern, _ in LOCATIONS:
        text = re.sub(rf"\b(?:{pattern})\b", " ", text, flags=re.I)
    return text


def _take_location(text: str, draft: KlusDraft) -> str:
    """Set the location from a piece of `text` that is only a location ("remote", "(hybride)")
    and return `text` without it; "op locatie in Utrecht" sets it too but stays, for the
    place name. Location words inside prose ("een online formulier") are left alone."""
    pieces = re.split(r"(\s*[,()\[\]]\s*|\s+-\s+)", text)
    for i in range(0, len(pieces), 2):
        piece = pieces[i].strip()
        for pattern, value in LOCATIONS:
            if re.fullmatch(rf"(?:{pattern})(?:\s+(?:werken|working))?", piece, re.I):
                draft.location = value
                pieces[i] = ""
                break
            if value == "on_site" and re.match(rf"(?:{pattern})\s", piece, re.I):
                draft.location = value
                break
    return re.sub(r"\(\s*\)|\[\s*\]", " ", "".join(pieces))


_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def _clean(text: str) -> str:
    """At most MAX_INPUT characters: control characters and bidi marks dropped, any kind of
    white space (tab, no-break space) made a plain space, line breaks kept as new lines."""
    if not isinstance(text, str):
        return ""
    out = []
    for ch in text[:MAX_INPUT * 2]:
        if ch in "\n\r\u2028\u2029\x0b\x0c\x85":
            out.append("\n")
        elif ch.isspace():
            out.append(" ")
        elif ch.isprintable() and ch not in _BIDI:
            out.append(ch)
    return "".join(out)[:MAX_INPUT]


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
    "schaal": "salary_scale", "salarisschaal": "salary_scale", "scale": "salary_scale", "salary scale": "salary_scale",
    "kostenplaats": "cost_centre", "cost centre": "cost_centre", "cost center": "cost_centre",
}
_LIST_FIELDS = ("skills", "wants")


def parse_profile(text: str) -> tuple[dict[str, str], list[str]]:
    """`label: value; ...` → ({field: raw value}, [parts not understood]).

    A label given twice: the last value counts, except for skills and wants, which add up.
    """
    values: dict[str, str] = {}
    unknown: list[str] = []
    for part in re.split(r"[;\n]", _clean(text)):
        part = part.strip()
        if not part:
            continue
        m = _LABEL.match(part)
        name = PROFILE_LABELS.get(re.sub(r"\s+", " ", m.group(1).strip().lower())) if m else None
        if name is None:
            unknown.append(part)
        elif name in _LIST_FIELDS and values.get(name):
            values[name] = ", ".join(filter(None, [values[name], m.group(2).strip()]))
        else:
            values[name] = m.group(2).strip()
    return values, unknown
