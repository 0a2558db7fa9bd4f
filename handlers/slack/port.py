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

import socket
import threading
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
from handlers.chat import people
from handlers.chat.lookback import Page, RateLimited, Sending
from handlers.slack import blocks

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


class Directory(people.Directory):
    """Who a Slack user is (display name, language from their locale, time zone), from
    users.info, cached per process. With `clients` (OAuth, many workspaces) users.info
    goes out with the workspace's token."""

    def __init__(self, client: WebClient, default_lang: str = "nl",
                 clients: Callable[[str], WebClient] | None = None):
        self.client = client
        self.clients = clients
        self.default_lang = default_lang
        super().__init__(self._fetch, 3600.0)

    def _fetch(self, user_id: str, team: str = "") -> people.Who:
        client = self.clients(team) if self.clients is not None and team else self.client
        user = client.users_info(user=user_id, include_locale=True)["user"]
        profile = user.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or user.get("name") or user_id)
        return name, lang_of(user.get("locale")) if user.get("locale") else None, user.get("tz") or None


class SlackPort:
    """Direct messages through the bot user: `tell` posts, `amend` replaces in place.
    With `clients` (OAuth, many workspaces) each call goes out with the bot token of the
    recipient's workspace (`Recipient.workspace`, the Slack team id). New messages go
    through the chat core's look-back (`handlers.chat.lookback`), this class being its
    `Channel`: the marker is the first block's block_id, the history conversations.history."""

    platform = PLATFORM

    def __init__(self, client: WebClient, clients: Callable[[str], WebClient] | None = None):
        self.client = client
        self.clients = clients
        self._channels: dict[str, str] = {}
        self._lock = threading.Lock()
        self.sending = Sending(self)
        self.tell = self.sending.tell
        self.recover = self.sending.recover

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

    # --- the look-back's Channel -------------------------------------------------------------

    def marked(self, to: Recipient, card: Card, marker_of) -> tuple[str, dict, str]:
        channel = self.channel(to.user_id, to.workspace)
        payload = blocks.message([card], to.lang, "card")
        marker = marker_of(channel, payload)
        for block in payload["blocks"]:  # the marker the look-back searches for
            if block["type"] != "actions":
                block["block_id"] = marker
                break
        return channel, payload, marker

    def deliver(self, to: Recipient, channel: str, payload: dict) -> str:
        return f"{channel}:{self.post(channel, payload, to.workspace)}"

    def page(self, to: Recipient, channel: str, since: float, cursor: str | None) -> Page:
        """One page (up to 200, newest first) of conversations.history since `since`."""
        try:
            found = self.web(to.workspace).conversations_history(
                channel=channel, oldest=f"{max(since, 0):.6f}", limit=200, **({"cursor": cursor} if cursor else {}))
        except SlackApiError as exc:
            if exc.response is not None and exc.response.status_code == 429:
                raise RateLimited(_retry_after(exc.response.headers)) from None
            raise
        messages = [(next((str(b.get("block_id")) for b in msg.get("blocks") or []
                           if str(b.get("block_id", "")).startswith("fp:m:")), ""), f"{channel}:{msg.get('ts')}")
                    for msg in found.get("messages") or []]
        following = (found.get("response_metadata") or {}).get("next_cursor") or None
        return Page(messages, following if found.get("has_more") and following else None)

    def ambiguous(self, exc: Exception) -> bool:
        return _ambiguous(exc)

    # --- the rest of ChatPort ----------------------------------------------------------------

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


def _retry_after(headers) -> float:
    """Retry-After of a 429 (slack_sdk gives headers as a dict of strings or of lists)."""
    for key, value in (headers or {}).items():
        if str(key).lower() == "retry-after":
            value = value[0] if isinstance(value, (list, tuple)) and value else value
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                break
    return 1.0


def _ambiguous(exc: Exception) -> bool:
    """Could Slack have done the work although the call failed?"""
    if isinstance(exc, SlackApiError):
        return exc.response is not None and exc.response.status_code >= 500
    return not _never_sent(exc)
