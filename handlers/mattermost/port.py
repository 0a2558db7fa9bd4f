"""Mattermost as the core's `ChatPort` (direct messages from the bot account), and the
directory of people's display names and locales.

Nothing here talks to Mattermost before it is needed: the bot's own user id, each
direct channel and each person's name are fetched on first use and kept.

A post that failed in a way that leaves open whether Mattermost made it (a 5xx, a
timeout, a dropped connection: the client does not repeat those) is retried later by the
outbox. Each post carries a marker in its props, so before that second attempt `tell`
looks in the channel for the post it may already have made, and a retry never doubles
a DM; `recover` does the same for the outbox after a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import Iterator

import httpx

from bot.i18n import T, lang_of
from bot.port import Card, Recipient
from handlers.mattermost.client import Client, MattermostError
from handlers.mattermost.draw import Drawing, text

log = logging.getLogger(__name__)

PLATFORM = "mattermost"
USERNAME = re.compile(r"[a-z0-9][a-z0-9._\-]{0,63}")  # what Mattermost allows in a username


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

    def by_username(self, username: str) -> str | None:
        """The user id of `@username` (`GET /users/username/{username}`), None when
        Mattermost knows nobody by that name (or does not answer)."""
        username = username.lower()
        if not USERNAME.fullmatch(username):
            return None
        try:
            user = self.client.get(f"/users/username/{username}")
        except Exception as exc:  # unknown (404) or unreachable: the command says it knows nobody by that name
            log.info("mattermost username %s: %s", username, exc)
            return None
        user_id = str(user.get("id") or "")
        return user_id if user_id and not user.get("is_bot") else None


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
        self._doubtful: dict[str, float] = {}  # marker -> when a post of it failed ambiguously

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

    def _marked(self, to: Recipient, card: Card) -> tuple[str, dict, str]:
        """(channel, post, marker): the post with a marker in its props."""
        channel = self.channel(to.user_id)
        post = self.drawing.post([card], to.lang, to.user_id, to.workspace)
        marker = "fp:m:" + hashlib.sha1((channel + json.dumps(post, sort_keys=True)).encode()).hexdigest()[:20]
        post["props"] = {**(post.get("props") or {}), "fp_marker": marker}
        return channel, post, marker

    def tell(self, to: Recipient, card: Card) -> str:
        channel, post, marker = self._marked(to, card)
        with self._lock:
            doubted_at = self._doubtful.get(marker)
        if doubted_at is not None:
            found = self._find(channel, marker, doubted_at)
            if found:
                with self._lock:
                    self._doubtful.pop(marker, None)
                return found
        try:
            ref = self.client.post("/posts", {"channel_id": channel, **post})["id"]
        except Exception as exc:
            if _ambiguous(exc):
                with self._lock:
                    self._doubtful.setdefault(marker, time.time())
            raise
        with self._lock:
            self._doubtful.pop(marker, None)
        return ref

    def recover(self, to: Recipient, card: Card, since: float) -> str | None:
        """The id of the post of `card` to `to` made since `since` (epoch seconds), if any:
        the outbox asks this after a crash cut a send off before its outcome was stored."""
        channel, _, marker = self._marked(to, card)
        return self._find(channel, marker, since)

    def _find(self, channel: str, marker: str, since: float) -> str | None:
        try:
            found = self.client.get(f"/channels/{channel}/posts?since={int((since - 60) * 1000)}") or {}
        except Exception as exc:
            log.warning("mattermost posts of %s: %s", channel, exc)
            return None
        for post_id, post in (found.get("posts") or {}).items():
            if ((post.get("props") or {}).get("fp_marker")) == marker:
                return post.get("id") or post_id
        return None

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


def _ambiguous(exc: Exception) -> bool:
    """Could Mattermost have made the post although the call failed?"""
    if isinstance(exc, MattermostError):
        return exc.status >= 500
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return False  # never reached Mattermost
    return isinstance(exc, httpx.TransportError)
