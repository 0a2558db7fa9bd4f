"""The Mattermost side over HTTP, as one WSGI application:

    POST /mattermost/command   slash commands (form-encoded; a wrong token gets 401)
    POST /mattermost/dialog    interactive dialog submissions (JSON)
    POST /mattermost/action    message button clicks (JSON)

Never a 500: a failure is logged and the person reads `err.internal` where the request
came from (nothing they did is lost: every change is one transaction).
"""

from __future__ import annotations

import json
import logging
from typing import Callable, Iterable
from urllib.parse import parse_qs

from bot.app import App
from bot.settings import Settings
from handlers.chat import wire
from handlers.chat.running import missing
from handlers.mattermost import ID, Mattermost, register

log = logging.getLogger(__name__)

PREFIX = "/mattermost/"
COMMAND, DIALOG, ACTION = "/mattermost/command", "/mattermost/dialog", "/mattermost/action"
PATHS = {COMMAND: "command", DIALOG: "dialog", ACTION: "action"}
MAX_BODY = 1 << 20


def wsgi_app(app: App, mattermost: Mattermost | None = None) -> Callable:
    """The WSGI application for Mattermost's requests; `.mattermost` is the handler
    (its `close()` stops the background sender)."""
    mm = mattermost or register(app)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        kind = PATHS.get(path)
        if kind is None:
            return _answer(start_response, "404 Not Found", None, "not found")
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "405 Method Not Allowed", None, "POST only")
        try:
            raw = _body(environ)
        except ValueError as exc:
            return _answer(start_response, "400 Bad Request", None, str(exc))
        user_id = ""
        try:
            if kind == "command":
                request = {k: v[0] for k, v in parse_qs(wire.text(raw), keep_blank_values=True).items()}
                token = request.get("token") or _header_token(environ)
                if not mm.token_ok(token):
                    log.warning("mattermost command with a wrong token (user %s)", request.get("user_id", "?"))
                    return _answer(start_response, "401 Unauthorized", None, "wrong token")
                if not request.get("user_id") or not ID.fullmatch(request["user_id"]) \
                        or not ID.fullmatch(request.get("team_id") or ""):
                    return _answer(start_response, "400 Bad Request", None, "no user_id or team_id")
                user_id = request["user_id"]
                return _answer(start_response, "200 OK", mm.command(request))
            try:
                request = wire.loads(raw or b"{}")
            except ValueError:  # not UTF-8, nested too deep (wire.Unreadable), or not JSON
                return _answer(start_response, "400 Bad Request", None, "not JSON")
            if not isinstance(request, dict):
                return _answer(start_response, "400 Bad Request", None, "not a JSON object")
            user_id = str(request.get("user_id") or "")
            return _answer(start_response, "200 OK", mm.dialog(request) if kind == "dialog" else mm.action(request))
        except wire.Unreadable as problem:
            log.warning("mattermost %s refused: %s", kind, problem)
            return _answer(start_response, "400 Bad Request", None, "bad request")
        except Exception:
            log.exception("mattermost %s failed", kind)
            try:
                sorry = mm.internal_error(kind, user_id)
            except Exception:
                log.exception("could not even say sorry")
                sorry = None
            return _answer(start_response, "200 OK", sorry)

    application.mattermost = mm  # type: ignore[attr-defined]
    return application


def _body(environ: dict) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ValueError("bad Content-Length") from None
    if length > MAX_BODY:
        raise ValueError("request too large")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _header_token(environ: dict) -> str:
    """Mattermost also sends a command's token as `Authorization: Token <token>`."""
    scheme, _, token = (environ.get("HTTP_AUTHORIZATION") or "").partition(" ")
    return token.strip() if scheme.lower() == "token" else ""


def _answer(start_response: Callable, status: str, payload: dict | None, message: str = "") -> list[bytes]:
    if payload is None:
        data = message.encode()
        kind = "text/plain; charset=utf-8"
    else:
        data = json.dumps(payload, ensure_ascii=False).encode()
        kind = "application/json"
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(data)))])
    return [data]


# --- for handlers.server ------------------------------------------------------------------

def configured(settings: Settings) -> bool:
    return bool(settings.mattermost_url)


def refusal(app: App) -> str:
    """Why Mattermost cannot start with these settings ("" when it can)."""
    absent = missing(app, ("mattermost_bot_token", "mattermost_command_tokens", "public_url"))
    if absent:
        return f"set {', '.join(absent)} (see docs/mattermost.md)"
    if app.settings.public_secret():
        return ("set FLEXPOOL_SECRET to a long random string of your own: it signs every Mattermost button "
                "and dialog, and an empty or default one lets anyone forge clicks (see docs/mattermost.md)")
    return ""


def start(app: App) -> tuple[str, Callable | None, Callable[[], None] | None]:
    """(prefix, WSGI app or None when Mattermost refused the token, close); listens for
    what people type to the bot."""
    application = wsgi_app(app)
    mattermost = application.mattermost
    if not mattermost.hello():
        return PREFIX, None, mattermost.close
    mattermost.listen()
    return PREFIX, application, mattermost.close
