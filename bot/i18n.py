"""Localised text that stays safe on every platform.

The domain never builds final strings. It builds `T(key, **params)`: a key into the one
message catalogue (`bot.messages`) and the values to fill in. A platform renders a `T`
for one reader with `render(t, lang, escape)`, where `escape` is that platform's way to
neutralise user text (Slack mrkdwn, Mattermost markdown, nothing in a terminal). The
catalogue's own text is trusted; every `str` parameter is user text and gets escaped.

Parameter values may be: str (user text), int/float, date/datetime, another `T`
(rendered the same way), or `Join` (a list of those, joined by a separator).
"""

from __future__ import annotations

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


def fmt_number(value: float, lang: str) -> str:
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


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
        filled = {k: render(v, lang, escape, markup) for k, v in value.params.items()}
        return template.format(**filled)
    if isinstance(value, Join):
        return value.sep.join(render(v, lang, escape, markup) for v in value.items)
    if isinstance(value, datetime):
        return f"{fmt_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return fmt_date(value, lang)
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
    return value
