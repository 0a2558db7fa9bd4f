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

import logging
import re
import threading
from contextlib import contextmanager
from typing import Iterator

import httpx

from bot.i18n import T, lang_of
from bot.port import Card, Recipient
from handlers.chat.lookback import Page, RateLimited, Sending
from handlers.chat import people
from handlers.chat.people import Cache
from handlers.mattermost.client import Client, MattermostError
from handlers.mattermost.draw import Drawing, text

log = logging.getLogger(__name__)

PLATFORM = "mattermost"
USERNAME = re.compile(r"[a-z0-9][a-z0-9._\-]{0,63}")  # what Mattermost allows in a username


class Directory(people.Directory):
    """Display name, language and time zone of a Mattermost user, from `GET /users/{id}`
    (kept for `ttl` seconds, so a changed name shows up eventually); `by_username` for
    the mentions the adapter turns into user ids."""

    def __init__(self, client: Client, ttl: float = 6 * 3600):
        self.client = client
        super().__init__(self._fetch, ttl)

    def _fetch(self, user_id: str, team: str = "") -> people.Who:
        user = self.client.get(f"/users/{user_id}")
        full = " ".join(p for p in (user.get("first_name", ""), user.get("last_name", "")) if p).strip()
        name = full or user.get("nickname") or user.get("username") or ""
        zone = user.get("timezone") or {}
        automatic = str(zone.get("useAutomaticTimezone", "true")).lower() == "true"
        tz = (zone.get("automaticTimezone") if automatic else zone.get("manualTimezone")) or None
        return name, lang_of(user.get("locale")) if user.get("locale") else None, tz

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
    """Tells people things in a direct message from the bot, and amends those posts. New
    posts go through the chat core's look-back (`handlers.chat.lookback`), this class
    being its `Channel`: the marker is in the post's props, the history the channel's
    posts, page by page."""

    platform = PLATFORM
    PER_PAGE = 100

    def __init__(self, client: Client, drawing: Drawing):
        self.client = client
        self.drawing = drawing
        self._me: str | None = None
        self._lock = threading.Lock()
        self._channels = Cache()
        self._watched: dict[str, list[dict]] = {}
        self.sending = Sending(self)
        self.tell = self.sending.tell
        self.recover = self.sending.recover

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

    # --- the look-back's Channel ------------------------------------------------------------

    def marked(self, to: Recipient, card: Card, marker_of) -> tuple[str, dict, str]:
        channel = self.channel(to.user_id)
        post = self.drawing.post([card], to.lang, to.user_id, to.workspace)
        marker = marker_of(channel, post)
        post["props"] = {**(post.get("props") or {}), "fp_marker": marker}
        return channel, post, marker

    def deliver(self, to: Recipient, channel: str, post: dict) -> str:
        return self.client.post("/posts", {"channel_id": channel, **post})["id"]

    def page(self, to: Recipient, channel: str, since: float, cursor: str | None) -> Page:
        """One page of the channel's posts, newest first; the next page while this one was
        full and still within the window (Mattermost's `since` is not paged, so pages it is)."""
        number = int(cursor or 0)
        try:
            found = self.client.get(f"/channels/{channel}/posts?page={number}&per_page={self.PER_PAGE}") or {}
        except MattermostError as exc:
            if exc.status == 429:
                raise RateLimited(1.0) from None  # the client waited out Retry-After already
            raise
        posts = found.get("posts") or {}
        order = [i for i in found.get("order") or list(posts) if i in posts]
        messages = [(str((posts[i].get("props") or {}).get("fp_marker") or ""), str(posts[i].get("id") or i))
                    for i in order]
        oldest = min((p.get("create_at") for p in posts.values() if isinstance(p.get("create_at"), (int, float))),
                     default=None)
        more = len(order) >= self.PER_PAGE and (oldest is None or oldest >= since * 1000)
        return Page(messages, str(number + 1) if more else None)

    def ambiguous(self, exc: Exception) -> bool:
        return _ambiguous(exc)

    # --- the rest of ChatPort ---------------------------------------------------------------

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
