"""Block Kit for what the core hands us: cards, replies, forms and the App Home.

Everything a person sees goes through `text()`, which renders a `T` with Slack's
escape, so user text (a klus title, a name, a reason) can never become a mention, a
link or a broadcast: `<!channel>` arrives as `&lt;!channel&gt;`. Catalogue text is
trusted and keeps its mrkdwn. Every limit Slack documents is enforced here, by clipping
text where it cannot break an entity and by dropping whole cards (with a note saying
so) when a message would have too many blocks.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Iterable

from bot.i18n import T, render
from bot.port import Card, Choice, Form, FormErrors, FormField
from handlers.chat.asking import is_question

# Slack's documented limits (api.slack.com/reference/block-kit).
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
CONTEXT_TEXT = 3000
ACTIONS_PER_BLOCK = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
MODAL_TITLE = 24
MODAL_BUTTON = 24
LABEL_TEXT = 2000
HINT_TEXT = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100
INPUT_MAX = 3000
METADATA = 3000
FALLBACK_TEXT = 3000
ERROR_TEXT = 2000

# The block_id of a card's buttons says what kind of message they sit on:
#   card  – an outbox message (invitation, owner notice); the core amends it in place.
#   reply – an answer to the person who acted; it stays as it is.
#   once  – a yes/no question (it has a "keep"/noop choice); answered once, then its
#           buttons go.
KINDS = ("card", "reply", "once")


def escape(value: str) -> str:
    """Slack's escaping for user text in mrkdwn (and everywhere else, to be safe)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: Any, lang: str) -> str:
    return render(value, lang, escape)


def clip(value: str, limit: int) -> str:
    """At most `limit` characters; never ends inside an `&amp;`-style entity."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    cut = re.sub(r"&[#a-zA-Z0-9]{0,8}$", "", cut)
    return cut + "…"


def plain(value: str, limit: int) -> dict:
    return {"type": "plain_text", "text": clip(value, limit) or " ", "emoji": True}


def mrkdwn(value: str, limit: int = SECTION_TEXT) -> dict:
    return {"type": "mrkdwn", "text": clip(value, limit) or " "}


# --- action ids ---------------------------------------------------------------------------

def action_id(choice: Choice, index: int) -> str:
    """`fp:<action>:<index>[:<ask key>]` — unique in its block; the ask key (params are
    dropped) tells the click handler to ask for a reason first."""
    base = f"fp:{choice.action}:{index}"
    return f"{base}:{choice.ask.key}" if choice.ask is not None else base


def parse_action_id(value: str) -> tuple[str, str | None]:
    """(action, ask key or None) from an action id made by `action_id`."""
    parts = (value or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    ask = parts[3] if len(parts) > 3 and parts[3] else None
    return action, ask


def kind_of(block_id: str) -> str:
    parts = (block_id or "").split(":")
    return parts[1] if len(parts) > 1 and parts[1] in KINDS else "reply"


def kind_for(cards: Iterable[Card]) -> str:
    """A question (`handlers.chat.asking.is_question`) is answered once."""
    return "once" if is_question(cards) else "reply"


# --- cards and messages -------------------------------------------------------------------

def _button(choice: Choice, index: int, lang: str) -> dict:
    button = {"type": "button", "action_id": action_id(choice, index),
              "text": plain(text(choice.label, lang), BUTTON_TEXT)}
    if choice.value:
        button["value"] = clip(choice.value, BUTTON_VALUE)
    if choice.style in ("primary", "danger"):
        button["style"] = choice.style
    return button


def _pack(paragraphs: list[str], limit: int) -> list[str]:
    """Paragraphs joined by newlines into as few section texts as fit `limit`."""
    chunks: list[str] = []
    for paragraph in paragraphs:
        paragraph = clip(paragraph, limit)
        if chunks and len(chunks[-1]) + 1 + len(paragraph) <= limit:
            chunks[-1] += "\n" + paragraph
        else:
            chunks.append(paragraph)
    return chunks


def card_blocks(card: Card, lang: str, kind: str = "reply", number: int = 0) -> list[dict]:
    """One card: title and paragraphs in sections, fields two-up, buttons, a small note."""
    blocks: list[dict] = []
    paragraphs = [f"*{text(card.title, lang)}*"] if card.title else []
    paragraphs += [text(t, lang) for t in card.text]
    for chunk in _pack([p for p in paragraphs if p.strip()], SECTION_TEXT):
        blocks.append({"type": "section", "text": mrkdwn(chunk)})
    fields = [f"*{text(label, lang)}*\n{text(value, lang)}" for label, value in card.fields]
    for i in range(0, len(fields), FIELDS_PER_SECTION):
        blocks.append({"type": "section",
                       "fields": [mrkdwn(f, FIELD_TEXT) for f in fields[i:i + FIELDS_PER_SECTION]]})
    for i in range(0, len(card.choices), ACTIONS_PER_BLOCK):
        chunk = card.choices[i:i + ACTIONS_PER_BLOCK]
        blocks.append({"type": "actions", "block_id": f"fp:{kind}:{number}:{i}",
                       "elements": [_button(c, i + j, lang) for j, c in enumerate(chunk)]})
    if card.note:
        blocks.append({"type": "context", "elements": [mrkdwn(text(card.note, lang), CONTEXT_TEXT)]})
    return blocks


def blocks_for(cards: list[Card], lang: str, kind: str = "reply", limit: int = MESSAGE_BLOCKS) -> list[dict]:
    """Cards separated by dividers, within `limit` blocks; what does not fit is counted
    in a closing note instead of being cut off mid-card."""
    out: list[dict] = []
    for n, card in enumerate(cards):
        blocks = card_blocks(card, lang, kind, n)
        if not blocks:
            continue
        extra = blocks if not out else [{"type": "divider"}] + blocks
        left = len(cards) - n
        room = limit - len(out) - (1 if left > 1 else 0)
        if len(extra) > room:
            if not out:  # a single card too big on its own: keep what fits
                out = blocks[: limit - 1]
            out.append({"type": "context", "elements": [mrkdwn(text(T("more.cut", count=left), lang))]})
            break
        out += extra
    return out


def fallback(cards: list[Card], lang: str) -> str:
    """The plain `text` of a message: notifications and screen readers use it."""
    parts: list[str] = []
    for card in cards:
        if card.title:
            parts.append(text(card.title, lang))
        parts += [text(t, lang) for t in card.text]
        if not card.title and not card.text:
            parts += [f"{text(k, lang)}: {text(v, lang)}" for k, v in card.fields[:3]]
    return clip("\n".join(p for p in parts if p.strip()) or " ", FALLBACK_TEXT)


def message(cards: list[Card], lang: str, kind: str | None = None) -> dict:
    """`text` + `blocks` for chat.postMessage / chat.update / response_url."""
    return {"text": fallback(cards, lang), "blocks": blocks_for(cards, lang, kind or kind_for(cards))}


def answered(original: dict, label: str) -> dict:
    """A question message after it was answered: its text, without buttons, plus what
    was chosen (`label` is the pressed button's text as Slack sent it back)."""
    blocks = [b for b in original.get("blocks") or [] if b.get("type") != "actions"]
    blocks = blocks[: MESSAGE_BLOCKS - 1]
    blocks.append({"type": "context", "elements": [mrkdwn(clip("✓ " + escape(label), CONTEXT_TEXT))]})
    return {"text": clip(original.get("text") or label, FALLBACK_TEXT), "blocks": blocks}


# --- forms (modals) -----------------------------------------------------------------------

def _option(value: str, label: Any, lang: str) -> dict:
    return {"text": plain(text(label, lang), OPTION_TEXT), "value": clip(value, OPTION_VALUE)}


def _element(field: FormField, lang: str) -> dict:
    if field.kind == "date":
        element: dict = {"type": "datepicker", "action_id": "v"}
        initial = field.initial
        if isinstance(initial, str):
            try:
                initial = date.fromisoformat(initial)
            except ValueError:
                initial = None
        if isinstance(initial, date):
            element["initial_date"] = initial.isoformat()
        return element
    if field.kind == "select":
        options = [_option(v, label, lang) for v, label in field.options[:OPTIONS]]
        element = {"type": "static_select", "action_id": "v", "options": options}
        chosen = [o for o, (v, _) in zip(options, field.options) if v == field.initial]
        if chosen:
            element["initial_option"] = chosen[0]
        return element
    if field.kind == "checkboxes":  # a group (the core sends at most 10, Slack's limit)
        options = [_option(v, label, lang) for v, label in field.options[:10]]
        element = {"type": "checkboxes", "action_id": "v", "options": options}
        ticked = [o for o, (v, _) in zip(options, field.options) if v in (field.initial or ())]
        if ticked:
            element["initial_options"] = ticked
        return element
    if field.kind == "checkbox":
        option = _option("ja", field.label, lang)
        element = {"type": "checkboxes", "action_id": "v", "options": [option]}
        if field.initial in (True, "ja", "yes", "true", "1"):
            element["initial_options"] = [option]
        return element
    max_length = max(1, min(field.max_length or INPUT_MAX, INPUT_MAX))
    element = {"type": "plain_text_input", "action_id": "v", "max_length": max_length,
               "multiline": field.kind == "textarea"}
    if field.initial not in (None, ""):
        # The person's own text, shown back in an input box: not escaped (an input
        # never mentions anyone), or a name with "&" would come back as "&amp;".
        element["initial_value"] = str(field.initial)[:max_length]
    return element


def input_block(field: FormField, lang: str) -> dict:
    block = {"type": "input", "block_id": field.name, "optional": not field.required,
             "label": plain(text(field.label, lang), LABEL_TEXT), "element": _element(field, lang)}
    if field.hint is not None:
        block["hint"] = plain(text(field.hint, lang), HINT_TEXT)
    return block


def modal(form: Form, lang: str, metadata: dict | None = None) -> dict:
    meta = {"f": form.name, "c": form.context, **(metadata or {})}
    return {
        "type": "modal",
        "callback_id": "fp:form",
        "title": plain(text(form.title, lang), MODAL_TITLE),
        "submit": plain(text(form.submit, lang), MODAL_BUTTON),
        "close": plain(text(T("btn.cancel"), lang), MODAL_BUTTON),
        "private_metadata": clip(json.dumps(meta), METADATA),
        "blocks": ([{"type": "section", "block_id": "intro", "text": mrkdwn(text(form.intro, lang))}]
                   if form.intro is not None else [])
        + [input_block(f, lang) for f in form.fields][:VIEW_BLOCKS - 1],
    }


def ask_modal(title: str, question: T, lang: str, metadata: dict) -> dict:
    """A small modal asking optional free text (a decline reason) before a choice is made;
    `title` is the pressed button's own text."""
    return {
        "type": "modal",
        "callback_id": "fp:ask",
        "title": plain(title, MODAL_TITLE),
        "submit": plain(title, MODAL_BUTTON),
        "close": plain(text(T("btn.cancel"), lang), MODAL_BUTTON),
        "private_metadata": json.dumps(metadata)[:METADATA],
        "blocks": [{
            "type": "input", "block_id": "reason", "optional": True,
            "label": plain(text(question, lang), LABEL_TEXT),
            "element": {"type": "plain_text_input", "action_id": "v", "multiline": True, "max_length": 500},
        }],
    }


def form_values(view: dict) -> dict[str, Any]:
    """Submitted values by field name: strings, dates from date pickers, "ja"/"nee"
    for a checkbox, the list of values ticked for a group of checkboxes."""
    groups = {b.get("block_id") for b in view.get("blocks") or [] if isinstance(b, dict)
              and isinstance(b.get("element"), dict) and b["element"].get("type") == "checkboxes"
              and [o.get("value") for o in b["element"].get("options") or [] if isinstance(o, dict)] != ["ja"]}
    values: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for element in actions.values():
            kind = element.get("type")
            if kind == "datepicker":
                raw = element.get("selected_date")
                values[block_id] = date.fromisoformat(raw) if raw else None
            elif kind in ("static_select", "radio_buttons"):
                values[block_id] = (element.get("selected_option") or {}).get("value", "")
            elif kind == "checkboxes" and block_id in groups:
                values[block_id] = [str(o.get("value") or "") for o in element.get("selected_options") or []
                                    if isinstance(o, dict)]
            elif kind == "checkboxes":
                values[block_id] = "ja" if element.get("selected_options") else "nee"
            else:
                values[block_id] = element.get("value") or ""
    return values


def input_block_ids(view: dict) -> list[str]:
    return [b["block_id"] for b in view.get("blocks") or [] if b.get("type") == "input" and b.get("block_id")]


def form_errors(errors: FormErrors | dict[str, T], lang: str, block_ids: list[str]) -> dict[str, str]:
    """`response_action: errors` keyed by block id. An error about a field the modal does
    not show goes to its first field, so it is never silently dropped."""
    items = errors.errors.items() if isinstance(errors, FormErrors) else errors.items()
    out: dict[str, str] = {}
    for name, message_ in items:
        target = name if name in block_ids or not block_ids else block_ids[0]
        rendered = text(message_, lang)
        out[target] = clip(f"{out[target]} {rendered}" if target in out else rendered, ERROR_TEXT)
    return out


# --- App Home -----------------------------------------------------------------------------

def home(cards: list[Card], lang: str) -> dict:
    """The App Home tab: the cards one under the other, within the 100-block limit."""
    blocks = blocks_for(cards, lang, "reply", VIEW_BLOCKS)
    return {"type": "home", "blocks": blocks or [{"type": "section", "text": mrkdwn(text(T("help.title"), lang))}]}
