"""Localised text that stays safe on every platform.

The domain never builds final strings. It builds `T(key, **params)`: a key into the one
message catalogue (`bot.messages`) and the values to fill in. A platform renders a `T`
for one reader with `render(t, lang, escape)`, where `escape` is that platform's way to
neutralise user text (Slack mrkdwn, Mattermost markdown, nothing in a terminal). The
catalogue's own text is trusted; every `str` parameter is user text and gets escaped.

Parameter values may be: str (user text), int/float, date/datetime, `Euro` (an amount of
money), another `T` (rendered the same way), or `Join` (a list of those, joined by a
separator).

Numbers follow the reader: Dutch `8.046` and `10,3`, English `8,046` and `10.3`
(identifiers such as `{id}` are never grouped). A template says a word that depends on a
number as `{count|plek|plekken}`: the first form when the parameter `count` is 1, the
second otherwise ("1 plek", "2 plekken"); the number itself is written as `{count}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterable

from bot.messages import MESSAGES

LANGS = ("nl", "en")

MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


@dataclass(frozen=True)
class T:
    key: str
    params: dict = field(default_factory=dict)

    def __init__(self, key: str, **params: Any):
        if key not in MESSAGES:
            raise KeyError(f"unknown message key {key!r}")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)


@dataclass(frozen=True)
class Join:
    items: tuple
    sep: str = ", "

    def __init__(self, items: Iterable[Any], sep: str = ", "):
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)


def lang_of(value: str | None) -> str:
    """Map a locale such as 'en-GB' or 'nl_NL' to one of our languages (nl by default)."""
    if value and value[:2].lower() == "en":
        return "en"
    return "nl"


def fmt_date(value: date, lang: str) -> str:
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


# Parameters that identify something (klus #1234, row 1021): written without grouping.
IDENTIFIERS = frozenset({"id", "klus", "row", "year", "port"})
PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def _grouped(text: str, lang: str) -> str:
    """'8046.5' (Python's own notation) -> '8.046,5' (nl) or '8,046.5' (en)."""
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    thousands, point = (".", ",") if lang == "nl" else (",", ".")
    return sign + thousands.join(groups) + (point + fraction if fraction else "")


def fmt_number(value: float, lang: str, decimals: int = 1) -> str:
    """A figure for a reader: at most `decimals` decimals, thousands grouped."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return _grouped(str(int(number)), lang)
    if abs(number) >= 1e15 or number != number:
        return str(value)
    text = f"{number:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{number:.0f}"
    return _grouped(text, lang)


def fmt_money(amount: float, lang: str) -> str:
    """€ 8.046 / € 565,71 (nl), €8,046 / €565.71 (en): cents only when there are any."""
    number = round(float(amount), 2)
    text = _grouped(f"{number:.0f}" if number.is_integer() else f"{number:.2f}", lang)
    return f"€ {text}" if lang == "nl" else f"€{text}"


@dataclass(frozen=True)
class Euro:
    """An amount of money, written the reader's way."""

    amount: float


def _plural(m: re.Match, params: dict) -> str:
    """`{count|plek|plekken}`: the first form for exactly one, the second otherwise."""
    value = params.get(m.group(1))
    one = isinstance(value, (int, float)) and not isinstance(value, bool) and value == 1
    return (m.group(2) if one else m.group(3)).replace("{", "{{").replace("}", "}}")


def no_escape(text: str) -> str:
    return text


def render(value: Any, lang: str, escape: Callable[[str], str] = no_escape,
           markup: Callable[[str], str] | None = None) -> str:
    """Render a `T` (or any parameter value) for a reader of `lang`. `markup`, if given,
    rewrites each catalogue template (trusted text, before user text is filled in): a
    platform whose markup differs from Slack's mrkdwn converts the emphasis there, so user
    text is never touched by it."""
    lang = lang if lang in LANGS else "nl"
    if isinstance(value, T):
        nl, en = MESSAGES[value.key]
        template = en if lang == "en" else nl
        if markup is not None:
            template = markup(template)
        if not value.params:
            return template
        template = PLURAL.sub(lambda m: _plural(m, value.params), template)
        filled = {k: (str(v) if k in IDENTIFIERS and isinstance(v, int) and not isinstance(v, bool)
                      else render(v, lang, escape, markup)) for k, v in value.params.items()}
        return template.format(**filled)
    if isinstance(value, Join):
        return value.sep.join(render(v, lang, escape, markup) for v in value.items)
    if isinstance(value, datetime):
        return f"{fmt_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, Euro):
        return fmt_money(value.amount, lang)
    if isinstance(value, bool):
        return render(T("yes" if value else "no"), lang, escape, markup)
    if isinstance(value, (int, float)):
        return fmt_number(value, lang)
    if value is None:
        return "–"
    return escape(str(value))


# --- serialisation, so a message can wait in the outbox ---------------------------------

def dump(value: Any) -> Any:
    if isinstance(value, T):
        return {"t": value.key, "p": {k: dump(v) for k, v in value.params.items()}}
    if isinstance(value, Join):
        return {"j": [dump(v) for v in value.items], "s": value.sep}
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Euro):
        return {"eur": value.amount}
    return value


def load(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return T(value["t"], **{k: load(v) for k, v in value["p"].items()})
        if "j" in value:
            return Join([load(v) for v in value["j"]], value["s"])
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "eur" in value:
            return Euro(value["eur"])
    return value
