"""Mattermost's idiom for what the core hands us: markdown messages with attachments and
buttons, interactive dialogs, and the answers to commands, clicks and submissions.

Mattermost renders markdown everywhere and turns `@channel`, `@all`, `@here` and
`@username` into mentions. So every piece of user text (a klus title, a name, a reason)
goes through `escape`: markdown punctuation is backslash-escaped (no forged links,
images, code or emphasis) and a word joiner follows every `@` (it looks the same and is
no mention). The catalogue is trusted; its Slack-style `*bold*` becomes `**bold**`
through the `markup` hook of `bot.i18n.render`, which only ever sees the templates.
Dialogs show plain text, so their labels and errors drop the emphasis markers instead.
Mattermost's documented limits (in bytes: the server checks `len()` in Go) are kept here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from bot.i18n import T, render
from bot.messages import MESSAGES
from bot.port import Card, Choice, Form, FormErrors, FormField, Reply
from handlers.chat.asking import is_question
from handlers.mattermost.signing import Signer

WORD_JOINER = "\u2060"
MESSAGE_MAX = 16000  # Mattermost allows 16383 characters in a post
DIALOG_TITLE = 24
ELEMENT_NAME = 24
HELP_TEXT = 150
TEXT_DEFAULT = 150
TEXTAREA_MAX = 3000
BUTTON_NAME = 60
FIELD_SHORT = 40  # a field value shorter than this sits in a half-width column

_MARKDOWN = re.compile(r"([\\`*_~\[\]<>|&#])")
_BLOCK_START = re.compile(r"(?m)^([ \t]*)([+=-])")
_ORDERED = re.compile(r"(?m)^([ \t]*\d+)([.)])")
_BOLD = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w\\])[*_`]{1,2}(?=\S)([^*_`\n{}]+?)(?<=\S)[*_`]{1,2}(?!\w)")


def escape(value: str) -> str:
    """User text, made inert for Mattermost markdown: no link, image, code, emphasis,
    table, quote or list, and no mention."""
    value = _MARKDOWN.sub(r"\\\1", value)
    value = _BLOCK_START.sub(r"\1\\\2", value)
    value = _ORDERED.sub(r"\1\\\2", value)
    return unmention(value)


@lru_cache(maxsize=1024)
def markup(template: str) -> str:
    """A catalogue template in Mattermost markdown: Slack's `*bold*` is `**bold**` here."""
    return _BOLD.sub(r"**\1**", template)


@lru_cache(maxsize=1024)
def unmarked(template: str) -> str:
    """A catalogue template for places that show plain text (dialogs)."""
    return _EMPHASIS.sub(r"\1", template)


def text(value: Any, lang: str) -> str:
    """Markdown for a post, an attachment or an ephemeral answer."""
    return render(value, lang, escape, markup)


def plain(value: Any, lang: str) -> str:
    """Plain text for a dialog (the person reads back what they typed themselves)."""
    return render(value, lang, markup=unmarked)


def unmention(value: str) -> str:
    return value.replace("@", "@" + WORD_JOINER).replace("\uff20", "\uff20" + WORD_JOINER)


def plain_post(value: Any, lang: str) -> str:
    """Plain text that is part of a post (a fallback, a field title): still no mention."""
    return render(value, lang, unmention, unmarked)


def clip(value: str, limit: int) -> str:
    """At most `limit` characters."""
    return value if len(value) <= limit else value[: limit - 1].rstrip("\\") + "…"


def clip_bytes(value: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between characters."""
    if len(value.encode()) <= limit:
        return value
    cut = value.encode()[: limit - len("…".encode())].decode("utf-8", "ignore")
    return cut.rstrip() + "…"


# --- messages -----------------------------------------------------------------------------

def prose(card: Card, lang: str) -> str:
    """A card's title, paragraphs and note as markdown."""
    parts = [f"#### {text(card.title, lang)}"] if card.title else []
    parts += [text(t, lang) for t in card.text]
    if card.note:
        parts.append(text(card.note, lang))
    return "\n\n".join(p for p in parts if p.strip())


def flat(cards: Iterable[Card], lang: str) -> str:
    """Cards as one markdown text, buttons left out (for an ephemeral answer)."""
    blocks = []
    for card in cards:
        lines = [prose(card, lang)]
        lines += [f"**{plain(k, lang)}:** {text(v, lang)}" for k, v in card.fields]
        blocks.append("\n".join(line for line in lines if line))
    return clip("\n\n".join(b for b in blocks if b), MESSAGE_MAX)


class Drawing:
    """What needs our public URL and secret: buttons (each signed for one person) and
    dialogs (whose state is signed the same way)."""

    def __init__(self, public_url: str, signer: Signer):
        base = public_url.rstrip("/")
        self.action_url = f"{base}/mattermost/action"
        self.dialog_url = f"{base}/mattermost/dialog"
        self.signer = signer

    def message(self, cards: list[Card], lang: str, user_id: str, team: str,
                ephemeral: bool = False) -> tuple[str, list[dict]]:
        """(message, attachments): the first card's prose is the message (it is what a
        notification shows); fields and buttons go in attachments, one per card."""
        once = is_question(cards)
        message = ""
        attachments: list[dict] = []
        for index, card in enumerate(cards):
            body = prose(card, lang)
            attachment: dict = {}
            if index == 0:
                message = body
            elif body:
                attachment["text"] = clip(body, MESSAGE_MAX)
            if card.fields:
                attachment["fields"] = [self._field(k, v, lang) for k, v in card.fields]
            if card.choices:
                attachment["actions"] = [
                    self._button(choice, f"fp{index}x{n}", lang, user_id, team, once, ephemeral)
                    for n, choice in enumerate(card.choices)]
            if attachment:
                attachment["fallback"] = clip(text(card.title, lang) if card.title else
                                              re.sub(r"\s+", " ", body)[:200], 300)
                attachments.append(attachment)
        return clip(message, MESSAGE_MAX), attachments

    def post(self, cards: list[Card], lang: str, user_id: str, team: str) -> dict:
        """The message and props of a post (to create, patch or `update` one)."""
        message, attachments = self.message(cards, lang, user_id, team)
        return {"message": message, "props": {"attachments": attachments}}

    @staticmethod
    def _field(label: Any, value: Any, lang: str) -> dict:
        shown = text(value, lang)
        return {"title": plain_post(label, lang), "value": clip(shown, 2000), "short": len(shown) < FIELD_SHORT}

    def _button(self, choice: Choice, action_id: str, lang: str, user_id: str, team: str,
                once: bool, ephemeral: bool) -> dict:
        label = plain_post(choice.label, lang)
        context = {"a": choice.action, "v": choice.value, "u": user_id, "t": team}
        if choice.ask is not None:
            context.update(q=choice.ask.key, l=clip(label, BUTTON_NAME))  # ask for free text before pressing
        if ephemeral:
            context["e"] = "1"  # an ephemeral post cannot be updated
        if once:
            context.update(k="once", l=clip(label, BUTTON_NAME))
        return {"id": action_id, "type": "button", "name": clip(label, BUTTON_NAME),
                "style": choice.style or "default",
                "integration": {"url": self.action_url, "context": self.signer.sign(context)}}

    def command_response(self, reply: Reply, user_id: str, team: str) -> dict | None:
        if not reply.cards:
            return None
        message, attachments = self.message(reply.cards, reply.lang, user_id, team, ephemeral=True)
        response = {"response_type": "ephemeral", "text": message, "skip_slack_parsing": True}
        if attachments:
            response["attachments"] = attachments
        return response

    def answered(self, reply: Reply, label: str) -> dict:
        """The `update` that replaces a question once answered: its answer, or the button
        pressed; no buttons either way."""
        if reply.cards and not any(card.choices for card in reply.cards):
            return {"message": flat(reply.cards, reply.lang), "props": {"attachments": []}}
        return {"message": f"✓ {escape(label)}", "props": {"attachments": []}}

    # --- dialogs --------------------------------------------------------------------------

    def dialog(self, form: Form, lang: str, state: dict, intro: T | None = None) -> dict:
        dialog = {
            "callback_id": form.name,
            "title": clip_bytes(plain(form.title, lang), DIALOG_TITLE),
            "submit_label": clip_bytes(plain(form.submit, lang), ELEMENT_NAME),
            "elements": [e for f in form.fields for e in self._elements(f, lang)],
            "notify_on_cancel": False,
            "state": self.signer.dumps(state),
        }
        intro = intro if intro is not None else form.intro
        if intro is not None:
            dialog["introduction_text"] = text(intro, lang)
        return dialog

    def _elements(self, field: FormField, lang: str) -> list[dict]:
        """A group of checkboxes is one `bool` element per option, named `field~value`
        (`regroup` turns the submission back into the list of values ticked)."""
        if field.kind != "checkboxes":
            return [self._element(field, lang)]
        group = plain(field.label, lang)
        return [{"display_name": clip_bytes(f"{group}: {value}" if len(group) < 12 else value, ELEMENT_NAME),
                 "name": f"{field.name}{GROUP_MARK}{value}", "type": "bool", "optional": True,
                 "placeholder": clip_bytes(plain(label, lang), HELP_TEXT), "help_text": clip_bytes(plain(label, lang), HELP_TEXT),
                 "default": "true" if value in (field.initial or ()) else "false"}
                for value, label in field.options]

    def _element(self, field: FormField, lang: str) -> dict:
        label = plain(field.label, lang)
        short = f"{field.label.key}.short" if isinstance(field.label, T) else ""
        if len(label.encode()) > ELEMENT_NAME and short in MESSAGES:
            label = plain(T(short), lang)
        element: dict = {"display_name": clip_bytes(label, ELEMENT_NAME), "name": field.name,
                         "optional": not field.required}
        hint = field.hint if field.hint is not None else T("hint.date") if field.kind == "date" else None
        if hint is not None:
            element["help_text"] = clip_bytes(plain(hint, lang), HELP_TEXT)
        initial = _initial(field.initial, lang)
        if field.kind == "select":
            options = [{"text": clip(plain(label, lang), 75), "value": value} for value, label in field.options]
            element.update(type="select", options=options)
            if initial in {o["value"] for o in options}:
                element["default"] = initial
        elif field.kind == "checkbox":
            element.update(type="bool", default="true" if field.initial else "false")
        elif field.kind == "textarea" or len(initial.encode()) > TEXT_DEFAULT:
            element.update(type="textarea", max_length=min(field.max_length, TEXTAREA_MAX),
                           default=clip_bytes(initial, TEXTAREA_MAX))
        else:
            element.update(type="text", subtype="number" if field.kind == "number" else "text",
                           max_length=field.max_length, default=initial)
        return element

    @staticmethod
    def dialog_errors(result: FormErrors, names: Iterable[str]) -> dict:
        """Errors next to their fields; any for a field the dialog lacks go below it."""
        names = set(names)
        lang = result.lang
        errors = {k: clip(plain(v, lang), 500) for k, v in result.errors.items() if k in names}
        others = [plain(T("err.field", field=T(f"field.{k}") if f"field.{k}" in MESSAGES else k, error=v), lang)
                  for k, v in result.errors.items() if k not in names]
        response: dict = {"errors": errors} if errors else {}
        if others or not errors:
            response["error"] = clip(" ".join([plain(T("err.fix_these"), lang)] + others), 1000)
        return response


def _initial(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat() if lang == "en" else f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


GROUP_MARK = "~"


def regroup(values: dict[str, Any]) -> dict[str, Any]:
    """A dialog's submission with each group of checkboxes (`field~value` booleans, see
    `Draw._elements`) as the list of values ticked."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if GROUP_MARK in key:
            name, _, option = key.partition(GROUP_MARK)
            out.setdefault(name, [])
            if value in (True, "true", "ja"):
                out[name].append(option)
        else:
            out[key] = value
    return out


def submitted(value: Any) -> Any:
    """A dialog value as the core's forms expect it (strings; booleans as ja/nee)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
