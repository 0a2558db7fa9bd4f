"""Running the Slack side: `flexpool serve` (HTTP, behind $PORT) and `flexpool socket`.

HTTP: one WSGI app, served by waitress. POST /slack/events takes every Slack request
(slash commands, interactivity, events; Bolt verifies each signature and refuses bad
or stale ones with 401), GET /healthz says whether the database answers.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
from typing import Callable, Iterable

from sqlalchemy import text as sql

from bot.app import App
from handlers.slack import Slack, build, oauth
from handlers.slack.worker import Worker

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
THREADS = 64  # waitress threads: each holds a request only until its ack (Slack may send bursts)


def wsgi_app(app: App, worker: Worker | None = None) -> Callable:
    """The WSGI application. `.slack` is the handler object (its `close()` stops the
    worker threads)."""
    from handlers.slack.guard import GuardedRequestHandler

    bolt, slack = build(app, worker=worker)
    # Signature first, then the shape of the request (handlers.slack.guard), then Bolt.
    bolt_wsgi = GuardedRequestHandler(bolt, app.settings.slack_signing_secret, app.settings.default_lang,
                                      path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _health(app, start_response)
        if bolt.oauth_flow is not None and path in (oauth.INSTALL_PATH, oauth.REDIRECT_PATH) and method == "GET":
            return bolt_wsgi(environ, start_response)  # many workspaces: "Add to Slack" and its callback
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


def _missing(app: App, need: tuple[str, ...]) -> list[str]:
    return [app.settings.ENV_KEYS[key] for key in need if not getattr(app.settings, key)]


def _hello(slack: Slack) -> bool:
    """One auth.test at start-up: a wrong token or API URL fails here, not on the first click.
    With OAuth there is no one token to test: each workspace's is checked on its requests."""
    if slack.clients is not None:
        log.info("Slack for many workspaces: install Flexpool at %s", oauth.INSTALL_PATH)
        slack.worker.kick()
        return True
    try:
        who = slack.client.auth_test()
    except Exception as exc:
        print(f"flexpool: Slack did not accept the bot token: {exc}", file=sys.stderr)
        return False
    log.info("connected to Slack workspace %s as %s", who.get("team"), who.get("user"))
    slack.worker.kick()  # deliver anything left in the outbox by an earlier run
    return True


def _scheduler(app: App):
    """FLEXPOOL_SCHEDULER=inline: this process also runs the clock (a database lease keeps
    it to one process at a time); off: a separate `flexpool clock` does."""
    if app.settings.scheduler != "inline":
        return None
    from bot.scheduler import Clock

    clock = Clock(app)
    clock.start()
    return clock


def serve(app: App) -> int:
    """HTTP mode on settings.port until interrupted: Slack at /slack/events, and
    Mattermost at /mattermost/... when MATTERMOST_URL is set."""
    import waitress

    settings = app.settings
    slack_wanted = bool(settings.slack_bot_token or settings.slack_signing_secret or settings.slack_client_id)
    slack_needs = (("slack_signing_secret", "slack_client_secret") if oauth.enabled(settings)
                   else ("slack_bot_token", "slack_signing_secret"))
    if not slack_wanted and not settings.mattermost_url:
        print("flexpool: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see docs/slack.md)"
              " or MATTERMOST_URL (see docs/mattermost.md)", file=sys.stderr)
        return 2
    if slack_wanted and _missing(app, slack_needs):
        print(f"flexpool: set {', '.join(_missing(app, slack_needs))} (see docs/slack.md)", file=sys.stderr)
        return 2
    closers: list[Callable[[], None]] = []
    try:
        if slack_wanted:
            slack_wsgi = wsgi_app(app)
            closers.append(slack_wsgi.slack.close)
            if not _hello(slack_wsgi.slack):
                return 2
        else:
            slack_wsgi = _health_only(app)
        application = slack_wsgi
        if settings.mattermost_url:
            from handlers.mattermost.web import wsgi_app as mattermost_wsgi_app

            missing = _missing(app, ("mattermost_bot_token", "mattermost_command_tokens", "public_url"))
            if missing:
                print(f"flexpool: set {', '.join(missing)} (see docs/mattermost.md)", file=sys.stderr)
                return 2
            if settings.public_secret():
                print("flexpool: set FLEXPOOL_SECRET to a long random string of your own: it signs every "
                      "Mattermost button and dialog, and the default (or an empty one) lets anyone forge "
                      "clicks (see docs/mattermost.md)", file=sys.stderr)
                return 2
            mattermost = mattermost_wsgi_app(app)
            closers.append(mattermost.mattermost.close)
            if not mattermost.mattermost.hello():
                return 2
            mattermost.mattermost.listen()  # what people type to the bot
            application = _mount(slack_wsgi, "/mattermost/", mattermost)
        clock = _scheduler(app)
        if clock is not None:
            closers.append(clock.stop)
        settle_memory()
        _stop_on_sigterm()
        log.info("listening on port %s", settings.port)
        waitress.serve(application, host="0.0.0.0", port=settings.port, threads=THREADS, ident="flexpool")
    except KeyboardInterrupt:
        pass
    finally:
        for close in reversed(closers):
            close()
    return 0


def settle_memory() -> None:
    """Everything built at start-up lives as long as the process: move it out of the
    garbage collector's sight, so its full collections (which pause every thread, acks
    included) stay short."""
    gc.collect()
    gc.freeze()


def _stop_on_sigterm() -> None:
    """A platform stops us with SIGTERM: leave like on Ctrl-C, closing threads in order
    (the outbox is in the database, so nothing is lost either way)."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _health_only(app: App) -> Callable:
    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            return _health(app, start_response)
        return _plain(start_response, "404 Not Found", "not found")

    return application


def _mount(default: Callable, prefix: str, other: Callable) -> Callable:
    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        target = other if (environ.get("PATH_INFO") or "").startswith(prefix) else default
        return target(environ, start_response)

    return application


def socket_mode(app: App) -> int:
    """Socket Mode: Slack's events over a websocket we open; no inbound traffic needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    missing = _missing(app, ("slack_bot_token", "slack_app_token"))
    if missing:
        print(f"flexpool: set {', '.join(missing)} (see docs/slack.md)", file=sys.stderr)
        return 2
    bolt, slack = build(app, socket=True)
    clock = None
    try:
        if not _hello(slack):
            return 2
        clock = _scheduler(app)
        settle_memory()
        _stop_on_sigterm()
        SocketModeHandler(bolt, app.settings.slack_app_token).start()
    except KeyboardInterrupt:
        pass
    finally:
        if clock is not None:
            clock.stop()
        slack.close()
    return 0
