"""Slack as the core's `ChatPort`, plus the Web API client and the people directory.

Retries. Every Web API call retries on 429 (waiting as long as Retry-After says) and on
connection failures, with slack_sdk's retry handlers. What is *not* retried blindly is
a call that may already have done its work: a 5xx or a connection dropped after the
request went out can mean Slack posted the message and only the answer got lost, so
retrying chat.postMessage there can post it twice. Those calls fail instead; the outbox
tries the row again later, and before that second attempt `SlackPort.tell` looks in the
conversation for the message it may already have posted (each carries a marker), so a
retry never doubles a DM. Idempotent calls (chat.update, views.publish, users.info,
conversations.open/history, auth.test) also retry on 500/503.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from collections import OrderedDict
from typing import Callable, Optional
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.i18n import T, lang_of, render
from bot.port import Card, Recipient
from bot.settings import Settings
from handlers.slack import blocks

log = logging.getLogger(__name__)

PLATFORM = "slack"
IDEMPOTENT = {"chat.update", "views.publish", "users.info", "conversations.open",
              "conversations.history", "auth.test", "chat.getPermalink"}


def _method(request: HttpRequest) -> str:
    return request.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


def _never_sent(error: Exception | None) -> bool:
    """True when the request provably never reached Slack (refused, DNS failure)."""
    reason = error.reason if isinstance(error, URLError) else error
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


class SafeConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """Retries connection errors; for calls that are not idempotent only when the
    request never went out."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: Optional[HttpResponse] = None, error: Optional[Exception] = None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        return _method(request) in IDEMPOTENT or _never_sent(error)


class IdempotentServerErrorRetryHandler(ServerErrorRetryHandler):
    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: Optional[HttpResponse] = None, error: Optional[Exception] = None) -> bool:
        return _method(request) in IDEMPOTENT and super()._can_retry(
            state=state, request=request, response=response, error=error)


def retry_handlers() -> list[RetryHandler]:
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        SafeConnectionErrorRetryHandler(max_retry_count=2),
        IdempotentServerErrorRetryHandler(max_retry_count=2),
    ]


def make_client(settings: Settings) -> WebClient:
    """A Web API client for `settings.slack_api_url` (GovSlack has its own). No I/O here."""
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    return WebClient(token=settings.slack_bot_token or None, base_url=base_url, timeout=15,
                     retry_handlers=retry_handlers())


class Directory:
    """Who a Slack user is (display name, language from their locale), cached per process.
    With `clients` (OAuth, many workspaces) users.info goes out with the workspace's token."""

    TTL = 3600.0
    SIZE = 10_000

    def __init__(self, client: WebClient, default_lang: str = "nl",
                 clients: Callable[[str], WebClient] | None = None):
        self.client = client
        self.clients = clients
        self.default_lang = default_lang
        self._cache: OrderedDict[str, tuple[float, str, str | None, str | None]] = OrderedDict()
        self._lock = threading.Lock()

    def who(self, user_id: str, team: str = "") -> tuple[str, str | None]:
        """(name, lang); empty name / None lang when Slack did not tell us (keep what we know)."""
        name, lang, _ = self.lookup(user_id, team)
        return name, lang

    def lookup(self, user_id: str, team: str = "") -> tuple[str, str | None, str | None]:
        """(name, lang, IANA time zone) from users.info, cached; ("", None, None) when unknown."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(user_id)
            if hit and hit[0] > now:
                return hit[1], hit[2], hit[3]
        try:
            client = self.clients(team) if self.clients is not None and team else self.client
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except Exception as exc:  # no users:read, a deleted user, Slack down: carry on by id
            log.warning("users.info %s failed: %s", user_id, exc)
            return "", None, None
        profile = user.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or user.get("name") or user_id)
        lang = lang_of(user.get("locale")) if user.get("locale") else None
        tz = user.get("tz") or None
        with self._lock:
            self._cache[user_id] = (now + self.TTL, name, lang, tz)
            self._cache.move_to_end(user_id)
            while len(self._cache) > self.SIZE:
                self._cache.popitem(last=False)
        return name, lang, tz


class SlackPort:
    """Direct messages through the bot user: `tell` posts, `amend` replaces in place.
    With `clients` (OAuth, many workspaces) each call goes out with the bot token of the
    recipient's workspace (`Recipient.workspace`, the Slack team id)."""

    platform = PLATFORM

    def __init__(self, client: WebClient, clients: Callable[[str], WebClient] | None = None):
        self.client = client
        self.clients = clients
        self._channels: dict[str, str] = {}
        self._doubtful: dict[str, float] = {}  # marker -> when a post of it failed ambiguously
        self._lock = threading.Lock()

    def web(self, team: str = "") -> WebClient:
        """The Web API client for `team` (its own token with OAuth, else the one token)."""
        return self.clients(team) if self.clients is not None and team else self.client

    def channel(self, user_id: str, team: str = "") -> str:
        """The bot's DM channel with `user_id` (conversations.open, cached)."""
        with self._lock:
            found = self._channels.get(user_id)
        if found:
            return found
        channel = self.web(team).conversations_open(users=user_id)["channel"]["id"]
        with self._lock:
            self._channels[user_id] = channel
        return channel

    def _marked(self, to: Recipient, card: Card) -> tuple[str, dict, str]:
        """(channel, payload, marker): the message with a marker `_find` can look for."""
        channel = self.channel(to.user_id, to.workspace)
        payload = blocks.message([card], to.lang, "card")
        marker = "fp:m:" + hashlib.sha1(
            (channel + json.dumps(payload, sort_keys=True)).encode()).hexdigest()[:20]
        for block in payload["blocks"]:  # the marker `_find` looks for after a doubtful post
            if block["type"] != "actions":
                block["block_id"] = marker
                break
        return channel, payload, marker

    def recover(self, to: Recipient, card: Card, since: float) -> str | None:
        """The ref of `card` if it was posted to `to` since `since` (epoch seconds): the
        outbox asks this after a crash cut a send off before its outcome was stored."""
        channel, _, marker = self._marked(to, card)
        ts = self._find(channel, marker, since, to.workspace)
        return f"{channel}:{ts}" if ts else None

    def tell(self, to: Recipient, card: Card) -> str:
        channel, payload, marker = self._marked(to, card)
        with self._lock:
            doubted_at = self._doubtful.get(marker)
        if doubted_at is not None:
            ts = self._find(channel, marker, doubted_at, to.workspace)
            if ts:
                with self._lock:
                    self._doubtful.pop(marker, None)
                return f"{channel}:{ts}"
        try:
            ts = self.post(channel, payload, to.workspace)
        except Exception as exc:
            if _ambiguous(exc):
                with self._lock:
                    self._doubtful.setdefault(marker, time.time())
            raise
        with self._lock:
            self._doubtful.pop(marker, None)
        return f"{channel}:{ts}"

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        channel, _, ts = ref.partition(":")
        self.web(to.workspace).chat_update(channel=channel, ts=ts, **blocks.message([card], to.lang, "card"))

    def upload(self, to: Recipient, filename: str, data: bytes, title: T | str) -> str:
        """A file (chart, export) in the DM: files.getUploadURLExternal, the bytes,
        files.completeUploadExternal. Returns "channel:file id"."""
        channel = self.channel(to.user_id, to.workspace)
        done = self.web(to.workspace).files_upload_v2(channel=channel, content=data, filename=filename,
                                           title=render(title, to.lang))
        files = done.get("files") or [done.get("file") or {}]
        return f"{channel}:{files[0].get('id', '')}"

    def post(self, channel: str, payload: dict, team: str = "") -> str:
        """chat.postMessage; returns the message's ts."""
        return self.web(team).chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False,
                                               **payload)["ts"]

    def dm(self, user_id: str, payload: dict, team: str = "") -> str:
        return self.post(self.channel(user_id, team), payload, team)

    def _find(self, channel: str, marker: str, since: float, team: str = "") -> str | None:
        """The ts of a message carrying `marker` posted since `since`, if Slack has one."""
        try:
            history = self.web(team).conversations_history(channel=channel, oldest=f"{since - 60:.6f}", limit=50)
        except Exception as exc:
            log.warning("conversations.history %s failed: %s", channel, exc)
            return None
        for msg in history.get("messages") or []:
            if any(b.get("block_id") == marker for b in msg.get("blocks") or []):
                return msg.get("ts")
        return None


def _ambiguous(exc: Exception) -> bool:
    """Could Slack have done the work although the call failed?"""
    if isinstance(exc, SlackApiError):
        return exc.response is not None and exc.response.status_code >= 500
    return not _never_sent(exc)
