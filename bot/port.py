"""What the core hands to a chat platform, and what a platform must offer the core.

The core speaks in cards, choices and forms; each platform draws them in its own idiom
(Block Kit, Mattermost attachments and dialogs, numbered lines in a terminal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.i18n import T, dump, load


@dataclass(frozen=True)
class Choice:
    """A button. `action` names what pressing it does; `value` what it is about."""

    action: str
    value: str
    label: T
    style: str | None = None  # "primary" | "danger" | None
    ask: T | None = None  # a platform may ask for optional free text first (e.g. a reason)


@dataclass
class Card:
    """One message: a title, paragraphs, label/value fields, buttons and a small note."""

    text: list[T] = field(default_factory=list)
    title: T | None = None
    fields: list[tuple[T, Any]] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    note: T | None = None

    def to_json(self) -> dict:
        return {
            "text": [dump(t) for t in self.text],
            "title": dump(self.title),
            "fields": [[dump(k), dump(v)] for k, v in self.fields],
            "choices": [
                {"action": c.action, "value": c.value, "label": dump(c.label), "style": c.style,
                 "ask": dump(c.ask)}
                for c in self.choices
            ],
            "note": dump(self.note),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Card":
        return cls(
            text=[load(t) for t in data["text"]],
            title=load(data["title"]),
            fields=[(load(k), load(v)) for k, v in data["fields"]],
            choices=[
                Choice(c["action"], c["value"], load(c["label"]), c["style"], load(c["ask"]))
                for c in data["choices"]
            ],
            note=load(data["note"]),
        )


@dataclass
class Reply:
    """The answer to the person who acted, shown only to them (ephemeral where possible)."""

    cards: list[Card]
    lang: str = "nl"

    @classmethod
    def of(cls, lang: str, *texts: T, **card: Any) -> "Reply":
        return cls([Card(text=list(texts), **card)], lang)


@dataclass(frozen=True)
class FormField:
    """One input. `checkboxes` is a group of at most 10 options (value, label), `initial`
    the tuple of values ticked; it is submitted as the list of values ticked."""

    name: str
    label: T
    kind: str = "text"  # text | textarea | number | date | select | checkbox | checkboxes
    required: bool = False
    initial: Any = None
    options: tuple[tuple[str, T], ...] = ()
    hint: T | None = None
    max_length: int = 150


@dataclass
class Form:
    """A modal/dialog. Submitting it calls the service's `submit(form.name, values)`."""

    name: str
    title: T
    submit: T
    fields: list[FormField]
    context: str = ""  # e.g. the invitation id a decline reason belongs to
    intro: "T | None" = None  # a paragraph above the fields (what is missing, what to do)
    line: str = ""  # the command that does what the filled-in form does, for the terminal (no forms there)


@dataclass
class FormErrors:
    """Per-field messages, shown next to the field by platforms that can."""

    errors: dict[str, T]
    lang: str = "nl"
    form: str = "klus"  # which form they belong to: "klus" or "profile" (the example shown with them)


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, on their own platform."""

    platform: str
    workspace: str
    user_id: str
    lang: str
    name: str = ""


class ChatPort(Protocol):
    """A chat platform as the outbox sees it: it can tell a person something in a direct
    message, amend what it told them earlier, and send them a file."""

    platform: str

    def tell(self, to: Recipient, card: Card) -> str | None:
        """Send `card` to `to` in a direct message; return a reference to amend it later."""

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        """Replace the message `ref` (from `tell`) with `card`, removing stale buttons."""

    def upload(self, to: Recipient, filename: str, data: bytes, title: T | str) -> str | None:
        """Send a file (a chart, a CSV export) to `to` in a direct message, titled `title`
        (render a `T` in `to.lang`); return a reference, like `tell`."""
