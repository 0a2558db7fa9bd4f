"""Running the Slack side: `flexpool serve` (HTTP, behind $PORT) and `flexpool socket`.

HTTP: one WSGI app, served by waitress. POST /slack/events takes every Slack request
(slash commands, interactivity, events; Bolt verifies each signature and refuses bad
or stale ones with 401), GET /healthz says whether the database answers.
"""

from __future__ import annotations

import logging
import sys
from typing import Callable, Iterable

from sqlalchemy import text as sql

from bot.app import App
from handlers.slack import Slack, build
from handlers.slack.worker import Worker

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
THREADS = 32  # waitress threads: each holds a request only until its ack


def wsgi_app(app: App, worker: Worker | None = None) -> Callable:
    """The WSGI application. `.slack` is the handler object (its `close()` stops the
    worker threads)."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    bolt, slack = build(app, worker=worker)
    bolt_wsgi = SlackRequestHandler(bolt, path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _health(app, start_response)
        if path != EVENTS_PATH:
            return _plain(start_response, "404 Not Found", "not found")
        if method != "POST":
            return _plain(start_response, "405 Method Not Allowed", "POST only")
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        try:
            body = b"".join(bolt_wsgi(environ, capture))
        except Exception:
            log.exception("slack request failed")
            return _plain(start_response, "200 OK", "")
        if captured["status"].startswith("5"):
            # Slack would retry (and for events eventually switch us off); the person
            # has been told already, so acknowledge instead.
            log.error("slack request answered %s; acknowledged instead", captured["status"])
            return _plain(start_response, "200 OK", "")
        start_response(captured["status"], captured["headers"])
        return [body]

    application.slack = slack  # type: ignore[attr-defined]
    application.bolt = bolt  # type: ignore[attr-defined]
    return application


def _plain(start_response: Callable, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def _health(app: App, start_response: Callable) -> list[bytes]:
    try:
        with app.engine.connect() as conn:
            conn.execute(sql("SELECT 1"))
    except Exception as exc:
        log.warning("health check: database unavailable: %s", type(exc).__name__)
        return _plain(start_response, "503 Service Unavailable", "database unavailable")
    return _plain(start_response, "200 OK", "ok")


def _check(app: App, need: tuple[str, ...]) -> bool:
    missing = [key for key in need if not getattr(app.settings, key)]
    if missing:
        names = ", ".join(app.settings.ENV_KEYS[key] for key in missing)
        print(f"flexpool: set {names} (see docs/slack.md)", file=sys.stderr)
        return False
    return True


def _hello(slack: Slack) -> bool:
    """One auth.test at start-up: a wrong token or API URL fails here, not on the first click."""
    try:
        who = slack.client.auth_test()
    except Exception as exc:
        print(f"flexpool: Slack did not accept the bot token: {exc}", file=sys.stderr)
        return False
    log.info("connected to Slack workspace %s as %s", who.get("team"), who.get("user"))
    slack.worker.kick()  # deliver anything left in the outbox by an earlier run
    return True


def serve(app: App) -> int:
    """HTTP mode on settings.port until interrupted."""
    import waitress

    if not _check(app, ("slack_bot_token", "slack_signing_secret")):
        return 2
    application = wsgi_app(app)
    slack: Slack = application.slack  # type: ignore[attr-defined]
    if not _hello(slack):
        slack.close()
        return 2
    try:
        log.info("listening on port %s: POST %s, GET /healthz", app.settings.port, EVENTS_PATH)
        waitress.serve(application, host="0.0.0.0", port=app.settings.port, threads=THREADS, ident="flexpool")
    except KeyboardInterrupt:
        pass
    finally:
        slack.close()
    return 0


def socket_mode(app: App) -> int:
    """Socket Mode: Slack's events over a websocket we open; no inbound traffic needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not _check(app, ("slack_bot_token", "slack_app_token")):
        return 2
    bolt, slack = build(app, socket=True)
    if not _hello(slack):
        slack.close()
        return 2
    try:
        SocketModeHandler(bolt, app.settings.slack_app_token).start()
    except KeyboardInterrupt:
        pass
    finally:
        slack.close()
    return 0
