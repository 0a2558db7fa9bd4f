"""A ChatPort that records what it was asked to send, rendered as plain text."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import render
from bot.port import Card, Recipient


@dataclass
class Sent:
    to: str  # user id
    ref: str
    card: Card
    amended: bool = False

    def text(self, lang: str = "nl") -> str:
        parts = [render(self.card.title, lang)] if self.card.title else []
        parts += [render(t, lang) for t in self.card.text]
        parts += [f"{render(k, lang)}: {render(v, lang)}" for k, v in self.card.fields]
        return "\n".join(parts)

    @property
    def actions(self) -> list[tuple[str, str]]:
        return [(c.action, c.value) for c in self.card.choices]


@dataclass
class Uploaded:
    to: str  # user id
    filename: str
    data: bytes
    title: str  # rendered in the recipient's language


@dataclass
class RecordingPort:
    platform: str = "shell"
    sent: list[Sent] = field(default_factory=list)
    fail_next: int = 0
    files: list[Uploaded] = field(default_factory=list)

    def tell(self, to: Recipient, card: Card) -> str:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("platform down")
        ref = f"m{len(self.sent) + 1}"
        self.sent.append(Sent(to.user_id, ref, card))
        return ref

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        self.sent.append(Sent(to.user_id, ref, card, amended=True))

    def upload(self, to: Recipient, filename: str, data: bytes, title) -> str:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("platform down")
        self.files.append(Uploaded(to.user_id, filename, data, render(title, to.lang)))
        return f"f{len(self.files)}"

    def to(self, user_id: str) -> list[Sent]:
        return [s for s in self.sent if s.to == user_id]

    def clear(self) -> None:
        self.sent.clear()
