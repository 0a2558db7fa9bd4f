"""Mattermost as the core's `ChatPort` (direct messages from the bot account), and the
directory of people's display names and locales.

Nothing here talks to Mattermost before it is needed: the bot's own user id, each
direct channel and each person's name are fetched on first use and kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import Iterator

from bot.i18n import T, lang_of
from bot.port import Card, Recipient
from handlers.mattermost.client import Client
from handlers.mattermost.draw import Drawing, text

log = logging.getLogger(__name__)

PLATFORM = "mattermost"


class _Cache:
    """A small thread-safe LRU map with an optional time to live."""

    def __init__(self, size: int = 5000, ttl: float | None = None):
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            hit = self._items.get(key)
            if hit is None or (self.ttl is not None and time.monotonic() - hit[0] > self.ttl):
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: str, value) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Directory:
    """Display name and language of a Mattermost user, from `GET /users/{id}` once per
    user (kept for `ttl` seconds, so a changed name shows up eventually)."""

    def __init__(self, client: Client, ttl: float = 6 * 3600):
        self.client = client
        self._cache = _Cache(ttl=ttl)

    def who(self, user_id: str) -> tuple[str, str | None]:
        """(display name, "nl"/"en"); ("", None) when Mattermost does not say."""
        return self.lookup(user_id)[:2]

    def lookup(self, user_id: str) -> tuple[str, str | None, str | None]:
        """(display name, "nl"/"en", IANA time zone); ("", None, None) when Mattermost does not say."""
        known = self._cache.get(user_id)
        if known is not None:
            return known
        try:
            user = self.client.get(f"/users/{user_id}")
        except Exception as exc:  # a name is nice to have; never fail a request for it
            log.warning("mattermost user %s: %s", user_id, exc)
            return "", None, None
        full = " ".join(p for p in (user.get("first_name", ""), user.get("last_name", "")) if p).strip()
        name = full or user.get("nickname") or user.get("username") or ""
        zone = user.get("timezone") or {}
        automatic = str(zone.get("useAutomaticTimezone", "true")).lower() == "true"
        tz = (zone.get("automaticTimezone") if automatic else zone.get("manualTimezone")) or None
        found = (name[:200], lang_of(user.get("locale")) if user.get("locale") else None, tz)
        self._cache.put(user_id, found)
        return found


class MattermostPort:
    """Tells people things in a direct message from the bot, and amends those posts."""

    platform = PLATFORM

    def __init__(self, client: Client, drawing: Drawing):
        self.client = client
        self.drawing = drawing
        self._me: str | None = None
        self._lock = threading.Lock()
        self._channels = _Cache()
        self._watched: dict[str, list[dict]] = {}

    def bot_user_id(self) -> str:
        with self._lock:
            if self._me is None:
                self._me = self.client.get("/users/me")["id"]
            return self._me

    def channel(self, user_id: str) -> str:
        """The direct channel between the bot and `user_id` (created if need be)."""
        known = self._channels.get(user_id)
        if known is None:
            known = self.client.post("/channels/direct", [self.bot_user_id(), user_id], idempotent=True)["id"]
            self._channels.put(user_id, known)
        return known

    # --- ChatPort ---------------------------------------------------------------------------

    def tell(self, to: Recipient, card: Card) -> str:
        return self.send(to.user_id, self.drawing.post([card], to.lang, to.user_id, to.workspace))

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        post = self.drawing.post([card], to.lang, to.user_id, to.workspace)
        self.client.put(f"/posts/{ref}/patch", post)
        with self._lock:
            for seen in self._watched.get(ref, ()):
                seen["update"] = post

    def upload(self, to: Recipient, filename: str, data: bytes, title: T | str) -> str:
        """A file (chart, export) in the DM: POST /files, then a post that carries it."""
        channel = self.channel(to.user_id)
        info = self.client.upload(channel, filename, data)
        return self.client.post("/posts", {"channel_id": channel, "message": text(title, to.lang),
                                           "file_ids": [info["id"]]})["id"]

    # --- for the handlers -------------------------------------------------------------------

    def send(self, user_id: str, post: dict, root_id: str = "") -> str:
        """Post `post` (message and props) in the direct channel with `user_id` (in the
        thread of `root_id`, if given)."""
        body = {"channel_id": self.channel(user_id), **post}
        if root_id:
            body["root_id"] = root_id
        return self.client.post("/posts", body)["id"]

    @contextmanager
    def watching(self, post_id: str) -> Iterator[dict]:
        """While inside, an amendment of post `post_id` is also noted in the yielded dict
        (under "update"): a click's answer can then carry the post as it now is."""
        seen: dict = {}
        with self._lock:
            self._watched.setdefault(post_id, []).append(seen)
        try:
            yield seen
        finally:
            with self._lock:
                holders = [h for h in self._watched.get(post_id, []) if h is not seen]
                if holders:
                    self._watched[post_id] = holders
                else:
                    self._watched.pop(post_id, None)
