"""Slack for many organisations: the OAuth install flow, with Bolt's installation store
and OAuth state store kept in our own database, and a bot token per workspace.

Single-workspace mode (SLACK_BOT_TOKEN) is the default and unchanged. With
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, `flexpool serve` offers
`GET /slack/install` (a page with "Add to Slack"; the browser gets a one-time `state`
in a cookie and in our database) and `GET /slack/oauth_redirect` (Slack sends the
browser back with a code; Bolt checks the state, calls oauth.v2.access and stores the
installation here). Every request from Slack is then authorised with the bot token of
the workspace it came from, and every message Flexpool sends goes out with the token of
the recipient's workspace (`TeamClients`, used by `SlackPort`). An install names no
organisation: many organisations may share a workspace; who belongs where comes from the
HR import, e-mail domain rules or the person's choice, and a pool admin may give the
workspace a default (`/flexpool organisatie standaard <naam>`, bot.organisations).

`app_uninstalled` deletes the workspace's installation; `tokens_revoked` deletes the bot
token when Slack says it was revoked. Neither touches the workspace's people or
history; a message to someone in a workspace without a token fails and is retried by
the outbox like any other platform failure (and given up after its attempts).

The bot token lives in the database (`slackinstallation.data`): protect the database
like the SLACK_BOT_TOKEN it replaces.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from datetime import datetime
from logging import Logger
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from bot import installations
from bot.i18n import T, render
from bot.settings import Settings

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
TOKEN_CACHE_SECONDS = 60.0
MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"
FALLBACK_SCOPES = ("commands", "chat:write", "im:history", "im:write", "users:read", "files:write",
                   "files:read")


def enabled(settings: Settings) -> bool:
    return bool(settings.slack_client_id)


def scopes(settings: Settings) -> list[str]:
    """SLACK_SCOPES, or the bot scopes the app manifest lists."""
    if settings.slack_scopes:
        return list(settings.slack_scopes)
    try:
        text = MANIFEST.read_text(encoding="utf-8")
        section = text.split("    bot:\n", 1)[1].split("settings:", 1)[0]
        found = re.findall(r"^\s+- ([\w:.]+)\s*$", section, re.M)
    except (OSError, IndexError):
        found = []
    return found or list(FALLBACK_SCOPES)


# --- the stores --------------------------------------------------------------------------------

class DatabaseInstallationStore(InstallationStore):
    """The latest installation per workspace (or org), in the `slackinstallation` table.
    Flexpool only needs bot tokens, so one row per workspace is all it keeps."""

    def __init__(self, engine, default_lang: str = "nl"):
        self.engine = engine
        self.default_lang = default_lang
        self._logger = log
        self.on_change = []  # callbacks(team_id) when a workspace's token changes or goes

    @property
    def logger(self) -> Logger:
        return self._logger

    @staticmethod
    def _key(enterprise_id: Optional[str], team_id: Optional[str], is_enterprise_install: Optional[bool]):
        return enterprise_id or "", "" if is_enterprise_install else (team_id or "")

    def save(self, installation: Installation) -> None:
        enterprise_id, team_id = self._key(installation.enterprise_id, installation.team_id,
                                           installation.is_enterprise_install)
        data = {k: (v.timestamp() if isinstance(v, datetime) else v) for k, v in installation.to_dict().items()}
        installations.save(self.engine, enterprise_id, team_id, installation.user_id or "",
                           bool(installation.is_enterprise_install), data, installation.team_name or "")
        self._changed(team_id)

    def save_bot(self, bot: Bot) -> None:
        self.save(Installation(**{k: v for k, v in bot.to_dict().items() if k in _INSTALLATION_KEYS},
                               user_id=""))

    def _row(self, enterprise_id, team_id, is_enterprise_install) -> installations.Stored | None:
        return installations.find(self.engine, *self._key(enterprise_id, team_id, is_enterprise_install))

    def find_installation(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                          user_id: Optional[str] = None,
                          is_enterprise_install: Optional[bool] = False) -> Optional[Installation]:
        row = self._row(enterprise_id, team_id, is_enterprise_install)
        if row is None or (user_id is not None and row.user_id != user_id):
            return None
        return Installation(**{k: v for k, v in row.data.items() if k in _INSTALLATION_KEYS})

    def find_bot(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                 is_enterprise_install: Optional[bool] = False) -> Optional[Bot]:
        installation = self.find_installation(enterprise_id=enterprise_id, team_id=team_id,
                                              is_enterprise_install=is_enterprise_install)
        return installation.to_bot() if installation and installation.bot_token else None

    def delete_installation(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                            user_id: Optional[str] = None) -> None:
        row = self._row(enterprise_id, team_id, False) or self._row(enterprise_id, team_id, True)
        if row is not None and (user_id is None or row.user_id == user_id):
            self._delete(row.id, row.team_id)

    def delete_bot(self, *, enterprise_id: Optional[str], team_id: Optional[str]) -> None:
        row = self._row(enterprise_id, team_id, False) or self._row(enterprise_id, team_id, True)
        if row is not None:
            self._delete(row.id, row.team_id)

    def delete_all(self, *, enterprise_id: Optional[str], team_id: Optional[str]) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def _delete(self, row_id: int, team_id: str) -> None:
        installations.forget(self.engine, row_id)
        self._changed(team_id)

    def _changed(self, team_id: str) -> None:
        for callback in self.on_change:
            callback(team_id)


_INSTALLATION_KEYS = {
    "app_id", "enterprise_id", "enterprise_name", "enterprise_url", "team_id", "team_name", "bot_token", "bot_id",
    "bot_user_id", "bot_scopes", "bot_refresh_token", "bot_token_expires_at", "user_id", "user_token",
    "user_scopes", "user_refresh_token", "user_token_expires_at", "incoming_webhook_url",
    "incoming_webhook_channel", "incoming_webhook_channel_id", "incoming_webhook_configuration_url",
    "is_enterprise_install", "token_type", "installed_at",
}


class DatabaseOAuthStateStore(OAuthStateStore):
    """One-time OAuth states, valid for ten minutes; a state can be consumed once."""

    def __init__(self, engine, expiration_seconds: int = STATE_SECONDS):
        self.engine = engine
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> Logger:
        return log

    def issue(self, *args, **kwargs) -> str:
        return installations.issue_state(self.engine, self.expiration_seconds)

    def consume(self, state: str) -> bool:
        return installations.consume_state(self.engine, state)


# --- a client per workspace ----------------------------------------------------------------------

class NotInstalled(RuntimeError):
    """Flexpool has no (more) bot token for this workspace."""


class TeamClients:
    """`clients(team_id)` → a WebClient with that workspace's bot token (cached a minute,
    and forgotten at once when the installation changes in this process)."""

    def __init__(self, store: DatabaseInstallationStore, settings: Settings):
        self.store = store
        self.settings = settings
        self._cache: dict[str, tuple[float, WebClient]] = {}
        self._lock = threading.Lock()
        store.on_change.append(self.forget)

    def __call__(self, team_id: str) -> WebClient:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(team_id)
            if hit and hit[0] > now:
                return hit[1]
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise NotInstalled(f"Flexpool is not installed in Slack workspace {team_id}")
        from handlers.slack.port import make_client

        client = make_client(self.settings.with_(slack_bot_token=bot.bot_token))
        with self._lock:
            self._cache[team_id] = (now + TOKEN_CACHE_SECONDS, client)
        return client

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)


# --- Bolt's OAuth settings and the revocation listeners ------------------------------------------

def oauth_settings(app) -> OAuthSettings:
    settings = app.settings
    store = DatabaseInstallationStore(app.engine, settings.default_lang)
    api = urlsplit(settings.slack_api_url)
    authorize = "https://slack.com/oauth/v2/authorize" if api.hostname in (None, "slack.com") else \
        f"{api.scheme}://{api.netloc}/oauth/v2/authorize"
    lang = settings.default_lang
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=scopes(settings),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStateStore(app.engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        redirect_uri=settings.public_url.rstrip("/") + REDIRECT_PATH if settings.public_url else None,
        authorization_url=authorize,
        callback_options=CallbackOptions(success=lambda a: _page(a, lang, True),
                                         failure=lambda a: _page(a, lang, False)),
    )


def _page(args: SuccessArgs | FailureArgs, lang: str, ok: bool) -> BoltResponse:
    if ok:
        text = render(T("slack.installed", team=args.installation.team_name or args.installation.team_id or ""), lang)
        status = 200
    else:
        text = render(T("slack.install_failed", reason=str(args.reason)), lang)
        status = args.suggested_status_code
    body = (f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Flexpool</title></head>"
            f"<body><p>{html.escape(text)}</p></body></html>")
    return BoltResponse(status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"})


def listen(bolt, app) -> None:
    """`app_uninstalled` and `tokens_revoked` (registered before the catch-all listener)."""
    store = bolt.installation_store

    def uninstalled(context) -> None:
        store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        _audit(app, "slack_uninstalled", context.team_id or context.enterprise_id or "")
        log.info("Flexpool was uninstalled from Slack workspace %s", context.team_id)

    def revoked(event, context) -> None:
        if (event.get("tokens") or {}).get("bot"):
            store.delete_bot(enterprise_id=context.enterprise_id, team_id=context.team_id)
            _audit(app, "slack_uninstalled", context.team_id or context.enterprise_id or "")
            log.info("the bot token of Slack workspace %s was revoked", context.team_id)

    bolt.event("app_uninstalled")(uninstalled)
    bolt.event("tokens_revoked")(revoked)


def _audit(app, action: str, team: str) -> None:
    installations.audit(app.engine, action, team)
