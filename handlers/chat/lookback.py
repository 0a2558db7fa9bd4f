"""Sending that never doubles a message: every new message carries a marker (a hash of
its channel and content), and before a message is sent again after an outcome nobody
knows — a send that failed in a way that may have reached the platform (a 5xx, a
timeout, a dropped connection), or a crash between sending and storing the result
(`recover`, asked by `bot.outbox`) — the conversation is searched for that marker.

The search covers the whole time window: it pages through the history from `since`
(less a minute of clock slack) up to now until the platform says there is no more, and
a 429 is waited out for as long as Retry-After says. Only a search that covered the
window may answer "not there"; one that could not (the platform refused, or kept saying
429 past `MAX_WAIT`) raises `LookBackFailed`, and the outbox tries again later instead
of sending blindly.

A platform supplies a `Channel` adapter (see the Protocol below): how to draw and mark a
message, send it, and read one page of a conversation's history.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol

from bot.port import Card, Recipient

log = logging.getLogger(__name__)

SLACK_SECONDS = 60.0  # clocks differ: look this much further back than `since`
MAX_WAIT = 120.0  # the most one search waits out 429s before it gives up (LookBackFailed)
MAX_PAGES = 500  # a conversation of 100,000 messages in the window is not a DM with a bot


class RateLimited(Exception):
    """The platform said 429; ask again after `retry_after` seconds."""

    def __init__(self, retry_after: float):
        super().__init__(f"rate limited for {retry_after:.1f}s")
        self.retry_after = max(0.0, retry_after)


class LookBackFailed(Exception):
    """The history could not be read through the whole window: whether the message is
    there is unknown, so it must not be sent again yet."""


@dataclass
class Page:
    """One page of a conversation, newest first or oldest first as the platform pages:
    (marker or "", reference) per message, and the cursor of the next page (None: the
    window is covered)."""

    messages: list[tuple[str, str]] = field(default_factory=list)
    next: str | None = None


class Channel(Protocol):
    """What a platform's port offers the look-back."""

    def marked(self, to: Recipient, card: Card, marker_of: Callable[[str, object], str]) -> tuple[str, object, str]:
        """(channel, payload, marker): the message drawn for `to`, with `marker_of(channel,
        payload)` put where `page` will find it again."""

    def deliver(self, to: Recipient, channel: str, payload) -> str:
        """Post it; the message's reference."""

    def page(self, to: Recipient, channel: str, since: float, cursor: str | None) -> Page:
        """One page of the history since `since` (epoch seconds); raises RateLimited on 429."""

    def ambiguous(self, exc: Exception) -> bool:
        """Could the platform have posted although the call failed?"""


def marker_of(channel: str, payload) -> str:
    """The marker of a message: a hash of where it goes and what it says."""
    return "fp:m:" + hashlib.sha1((channel + json.dumps(payload, sort_keys=True)).encode()).hexdigest()[:20]


def find(read: Callable[[str | None], Page], marker: str, sleep: Callable[[float], None] = time.sleep,
         max_wait: float = MAX_WAIT) -> str | None:
    """The reference of the message carrying `marker`, paging with `read(cursor)` until the
    window is covered; None only when it surely is not there."""
    cursor: str | None = None
    waited = 0.0
    for _ in range(MAX_PAGES):
        try:
            page = read(cursor)
        except RateLimited as limited:
            if waited + limited.retry_after > max_wait:
                raise LookBackFailed(f"still rate limited after {waited:.0f}s") from None
            sleep(limited.retry_after)
            waited += limited.retry_after
            continue
        except LookBackFailed:
            raise
        except Exception as exc:
            raise LookBackFailed(f"history unreadable: {type(exc).__name__}: {exc}"[:300]) from exc
        for found, ref in page.messages:
            if found == marker:
                return ref
        if page.next is None:
            return None
        cursor = page.next
    raise LookBackFailed(f"more than {MAX_PAGES} pages of history")


class Sending:
    """`tell` and `recover` for a port, over its `Channel`."""

    def __init__(self, channel: Channel, sleep: Callable[[float], None] = time.sleep):
        self.channel = channel
        self.sleep = sleep
        self._doubtful: dict[str, float] = {}  # marker -> when a send of it failed ambiguously
        self._lock = threading.Lock()

    def search(self, to: Recipient, channel: str, marker: str, since: float) -> str | None:
        return find(lambda cursor: self.channel.page(to, channel, since - SLACK_SECONDS, cursor), marker,
                    self.sleep)

    def recover(self, to: Recipient, card: Card, since: float) -> str | None:
        """The reference of `card` if it was sent to `to` since `since` (epoch seconds): the
        outbox asks this after a crash cut a send off before its outcome was stored."""
        channel, _, marker = self.channel.marked(to, card, marker_of)
        return self.search(to, channel, marker, since)

    def tell(self, to: Recipient, card: Card) -> str:
        channel, payload, marker = self.channel.marked(to, card, marker_of)
        with self._lock:
            doubted_at = self._doubtful.get(marker)
        if doubted_at is not None:
            found = self.search(to, channel, marker, doubted_at)
            if found:
                with self._lock:
                    self._doubtful.pop(marker, None)
                return found
        try:
            ref = self.channel.deliver(to, channel, payload)
        except Exception as exc:
            if self.channel.ambiguous(exc):
                with self._lock:
                    self._doubtful.setdefault(marker, time.time())
            raise
        with self._lock:
            self._doubtful.pop(marker, None)
        return ref
