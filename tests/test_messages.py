"""The message catalogue: complete in both languages, every key the code uses exists, and
user text is escaped by the platform's escape function."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.i18n import Join, T, render
from bot.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[1]


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_in_dutch_and_english_with_the_same_placeholders():
    for key, (nl, en) in MESSAGES.items():
        assert nl.strip() and en.strip(), key
        assert fields(nl) == fields(en), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "handlers").rglob("*.py")):
        used |= set(re.findall(r'\bT\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in MESSAGES)
    assert not missing


def test_user_text_is_escaped_catalogue_text_is_not():
    slack = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    out = render(T("klus.posted_title", title="<!channel> & <@U123>"), "nl", slack)
    assert out == "Klus geplaatst: &lt;!channel&gt; &amp; &lt;@U123&gt;"
    joined = render(Join([T("why.has", skill="<b>"), T("why.free", hours=8.5)], " · "), "nl", slack)
    assert joined == "&lt;b&gt; ✓ · 8,5 uur vrij"
    assert render(T("why.free", hours=8.5), "en") == "8.5 hours free"
