"""Whatever a user types (a klus title, a name, a reason, a department), it is shown as
text: property-based over every place user text goes in a card (title, paragraphs,
fields, the note, buttons' labels) and over the messages that carry most user text, on
Slack (Block Kit, mrkdwn) and Mattermost (markdown, attachments). Nobody can mention
@channel/@here/@all or a person, link, or forge markup by typing."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import T
from bot.messages import MESSAGES
from bot.port import Card, Choice, Reply
from handlers.mattermost.draw import WORD_JOINER, Drawing
from handlers.mattermost.signing import Signer
from handlers.slack import blocks

KEYS = ["klus.posted_title", "inv.title", "inv.intro", "owner.declined_reason", "acc.title", "quote",
        "cand.more", "details.contact", "fb.ask_delivered", "admin.added", "profile.title",
        "outbox.unreachable_owner", "klus.line_title", "why.has"]
NASTY = st.sampled_from(["<!channel>", "<!here>", "<!everyone>", "<@U0BOSS>", "<#C0GENERAL>", "<!subteam^S1>",
                         "<https://evil.example|klik>", "@channel", "@here", "@all", "@fatima", "＠channel",
                         "[klik](https://evil.example)", "![x](https://evil.example/p.png)", "**vet**", "`code`",
                         "&lt;!channel&gt;", "&", "<", ">", "\\", "\u202e", "\u200b", "\u2060", "\n", "# kop",
                         "> quote", "- lijst", "1. een", "~~weg~~", "|", ":tada:", "<mailto:a@b.nl|mail>"])
USER_TEXT = st.lists(st.one_of(NASTY, st.text(max_size=12)), min_size=1, max_size=8).map("".join)
EXAMPLES = settings(max_examples=300, deadline=None, database=None)


def test_the_chosen_templates_are_plain():
    for key in KEYS:
        for template in MESSAGES[key]:
            assert "<" not in template and ">" not in template and "@" not in template, key


def card_with(text: str) -> Card:
    """A card with the user's text in every place a card has."""
    params = {"title": text, "name": text, "owner": text, "reason": text, "text": text, "why": text,
              "platform_id": text, "skill": text, "by": text, "attempts": 3}
    said = [T(key, **{k: v for k, v in params.items() if "{" + k + "}" in MESSAGES[key][0]}) for key in KEYS]
    return Card(title=T("klus.posted_title", title=text), text=said, fields=[(T("field.department"), text),
                                                                             (T("field.skills"), text)],
                choices=[Choice("accept", "1", T("btn.accept")), Choice("noop", "", T("btn.keep"))],
                note=T("quote", text=text))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@EXAMPLES
@given(text=USER_TEXT, lang=st.sampled_from(["nl", "en"]))
def test_slack_shows_user_text_as_text(text, lang):
    payloads = [blocks.message([card_with(text)], lang), blocks.home([card_with(text)], lang)]
    for payload in payloads:
        for shown in strings(payload):
            # Slack reads <…> as a mention, broadcast, channel or link; & starts an entity.
            assert "<" not in shown and ">" not in shown, shown
            assert not re.search(r"&(?!amp;|lt;|gt;)", shown), shown
    out = json.dumps(payloads)
    assert "<!" not in out and "<@" not in out and "<#" not in out and "<http" not in out


MENTION = re.compile(r"[@＠](?!" + WORD_JOINER + ")")
LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
SLACK_LINK = re.compile(r"(?<!\\)<[^>]*>")


@EXAMPLES
@given(text=USER_TEXT, lang=st.sampled_from(["nl", "en"]))
def test_mattermost_shows_user_text_as_text(text, lang):
    drawing = Drawing("https://flexpool.example", Signer("s"))
    post = drawing.post([card_with(text)], lang, "u-anna", "team1")
    answer = drawing.command_response(Reply([card_with(text)], lang), "u-anna", "team1")
    for payload in (post, answer):
        for attachment in (payload.get("props") or {}).get("attachments", []) + payload.get("attachments", []):
            shown = [attachment.get("text", ""), attachment.get("fallback", ""), attachment.get("pretext", ""),
                     attachment.get("title", "")]
            shown += [f.get("value", "") for f in attachment.get("fields", [])]
            shown += [f.get("title", "") for f in attachment.get("fields", [])]
            shown += [a.get("name", "") for a in attachment.get("actions", [])]
            check_mattermost(shown)
        check_mattermost([payload.get("message", ""), payload.get("text", "")])


def check_mattermost(texts):
    for shown in texts:
        shown = str(shown or "")
        assert not MENTION.search(shown), shown
        assert not LINK.search(shown), shown
        assert not SLACK_LINK.search(shown), shown
        assert "**vet**" not in shown and "`code`" not in shown, shown
