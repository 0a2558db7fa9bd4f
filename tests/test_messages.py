"""The message catalogue: complete in both languages, every key the code uses exists,
every entry renders in both languages (plural forms, numbers, dates), English output
holds no Dutch word, and user text is escaped by the platform's escape function.

Adding an entry: `"area.name": ("Nederlandse tekst {param}", "English text {param}")`, with
the same placeholders in both. A word that follows a number is written
`{count|plek|plekken}` (first form for 1). Dutch commands, column names and other literal
text in the English line go between backticks (`/flexpool profiel`), where this test does
not look.
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.i18n import PLURAL, Euro, Join, T, fmt_money, fmt_number, render
from bot.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[1]

# Words that are Dutch and not English: one of them in an English line is a translation
# left undone. (Not "we", "is", "in", "op"... which English has too.)
DUTCH = frozenset("""
de het een en van voor niet met naar je jij jouw jullie ik wij mij ons onze dat die deze wat wie hoe waarom
ook nog al maar als om bij uit aan tot vanaf geen niets niemand alleen moet kan kun kunt wil wilt zijn
heeft hebt hebben wordt worden werd zou zal uur uren plek plekken dagen weken maanden jaar vaardigheden
opdrachtgever opdrachtgevers uitnodiging uitnodigingen leidinggevende afdeling organisatie bereik
omschrijving zichtbaar verborgen profiel geplaatst bevestigd graag bijvoorbeeld bv gegevens beheerder
beheerders ja nee akkoord periode vandaag morgen gisteren klaar doen gedaan nieuwe nieuw bericht berichten
verstuurd ontvangen afgewezen geaccepteerd verlopen ingetrokken annuleren opslaan welke waar wanneer
eerst daarna zonder tussen tijdens sinds onder boven
""".split())

# Text an English line may quote: a Dutch CSV column name with its gloss, a language code.
LITERALS = [
    re.compile(r"`[^`]*`"),                      # commands and examples
    re.compile(r"\bnl/en\b|\bja/nee\b"),           # choices as typed
    re.compile(r"\b[a-z]+_[a-z_]+\b"),            # column and setting names (wil_leren, beschikbaar_vanaf)
]
# Entries whose English line names the Dutch CSV columns on purpose ("naam (name)").
NAMES_DUTCH_COLUMNS = {"import.columns"}


def fields(template: str) -> set[str]:
    """The parameters of a template; `{count|plek|plekken}` counts as `count`."""
    plain = PLURAL.sub(lambda m: "{" + m.group(1) + "}", template)
    return {name for _, name, _, _ in string.Formatter().parse(plain) if name}


def sample(name: str, number: int):
    """A value for a placeholder: a number where a plural form asks, else a neutral word."""
    if name in ("date", "start", "end", "when", "deadline", "later"):
        return date(2026, 12, 1)
    return number


def params_for(template: str, number: int) -> dict:
    return {name: sample(name, number) for name in fields(template)}


def english_words(text: str) -> list[str]:
    for literal in LITERALS:
        text = literal.sub(" ", text)
    return re.findall(r"[^\W\d_]+", text.lower())


def test_every_message_in_dutch_and_english_with_the_same_placeholders():
    problems = []
    for key, entry in MESSAGES.items():
        if not (isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(t, str) for t in entry)):
            problems.append(f"{key}: give a pair (Dutch, English)")
            continue
        nl, en = entry
        if not (nl.strip() and en.strip()):
            problems.append(f"{key}: the {'Dutch' if not nl.strip() else 'English'} text is missing")
        elif fields(nl) != fields(en):
            problems.append(f"{key}: placeholders differ: {sorted(fields(nl))} vs {sorted(fields(en))}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("number", [1, 2, 8046])
def test_every_message_renders_in_both_languages(number):
    problems = []
    for key in MESSAGES:
        nl, en = MESSAGES[key]
        for lang, template in (("nl", nl), ("en", en)):
            try:
                out = render(T(key, **params_for(template, number)), lang)
            except (KeyError, ValueError, IndexError) as exc:
                problems.append(f"{key} ({lang}): does not render: {exc!r}")
                continue
            if re.search(r"\{\w*\|", out) or not out.strip():
                problems.append(f"{key} ({lang}): {out!r}")
    assert not problems, "\n".join(problems)


def test_no_dutch_word_left_in_english_output():
    problems = []
    for key, (_, en) in MESSAGES.items():
        if key in NAMES_DUTCH_COLUMNS:
            continue
        out = render(T(key, **params_for(en, 2)), "en")
        dutch = sorted({w for w in english_words(out) if w in DUTCH})
        if dutch:
            problems.append(f"{key}: {', '.join(dutch)} in “{out[:120]}”")
    assert not problems, ("Dutch words in English text (translate them, or put literal commands in "
                          "`backticks`):\n" + "\n".join(problems))


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "handlers").rglob("*.py")):
        used |= set(re.findall(r'\bT\("([a-z_.0-9]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in MESSAGES)
    assert not missing


def test_user_text_is_escaped_catalogue_text_is_not():
    slack = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    out = render(T("klus.posted_title", title="<!channel> & <@U123>"), "nl", slack)
    assert out == "Klus geplaatst: &lt;!channel&gt; &amp; &lt;@U123&gt;"
    joined = render(Join([T("why.has", skill="<b>"), T("why.free", hours=8.5)], " · "), "nl", slack)
    assert joined == "&lt;b&gt; ✓ · 8,5 uur vrij"
    assert render(T("why.free", hours=8.5), "en") == "8.5 hours free"


# --- plural forms, numbers and money -----------------------------------------------------

def test_plural_forms_follow_the_number():
    assert render(T("acc.confirmed", name="Ann", taken=1, places=1), "nl").endswith("(1 van 1 plek bezet).")
    assert render(T("acc.confirmed", name="Ann", taken=1, places=2), "nl").endswith("(1 van 2 plekken bezet).")
    assert render(T("acc.confirmed", name="Ann", taken=1, places=1), "en").endswith("(1 of 1 place taken).")
    assert render(T("acc.confirmed", name="Ann", taken=2, places=3), "en").endswith("(2 of 3 places taken).")
    assert render(T("duration.hours", hours=1), "en") == "1 hour"
    assert render(T("duration.hours", hours=1.5), "en") == "1.5 hours"
    assert render(T("duration.hours", hours=1), "nl") == "1 uur"


def test_a_plural_form_may_hold_no_braces_of_user_text():
    out = render(T("import.summary", created=1, updated=2, rejected=1), "nl")
    assert "{" not in out and "1 rij afgewezen" in out
    assert "2 rijen afgewezen" in render(T("import.summary", created=0, updated=0, rejected=2), "nl")


def test_numbers_and_money_the_readers_way():
    assert fmt_number(8046, "nl") == "8.046" and fmt_number(8046, "en") == "8,046"
    assert fmt_number(10.3, "nl") == "10,3" and fmt_number(10.3, "en") == "10.3"
    assert fmt_number(1234567.5, "nl") == "1.234.567,5"
    assert fmt_number(-2500, "nl") == "-2.500" and fmt_number(0, "nl") == "0"
    assert fmt_money(8046, "nl") == "€ 8.046" and fmt_money(8046, "en") == "€8,046"
    assert fmt_money(565.71, "nl") == "€ 565,71" and fmt_money(2200.5, "nl") == "€ 2.200,50"
    assert render(T("stats.euro", amount=8046), "nl") == "€ 8.046"
    assert render(Euro(1234.5), "en") == "€1,234.50"


def test_identifiers_are_not_grouped():
    assert render(T("klus.unknown", id=12345), "nl") == "Klus #12345 bestaat niet (meer)."
    assert render(T("import.rejected_row", row=1021, column="uren", error="x"), "nl").startswith("• rij 1021,")


def test_a_message_waiting_in_the_outbox_keeps_its_money():
    from bot.i18n import dump, load

    value = T("quote", text=Euro(8046))
    assert render(load(dump(value)), "nl") == "€ 8.046"
    assert render(T("period", start=date(2026, 12, 1), end=datetime(2027, 1, 2, 9, 30)), "en") == \
        "1 Dec 2026 – 2 Jan 2027 09:30"
