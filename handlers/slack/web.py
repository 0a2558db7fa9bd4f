"""The Slack side over HTTP, as one WSGI application mounted by `handlers.server` under
`/slack/`: POST /slack/events takes every Slack request (slash commands, interactivity,
events; `handlers.slack.guard` checks each signature over the raw bytes, then the
request's shape, before Bolt sees it), and with OAuth GET /slack/install and
/slack/oauth_redirect. Never a 5xx to Slack (it would retry, and switch events off).
"""

from __future__ import annotations

import logging
import sys
from typing import Callable, Iterable

from bot.app import App
from bot.settings import Settings
from handlers.chat.delivery import Worker
from handlers.chat.running import missing
from handlers.chat.wire import plain
from handlers.slack import Slack, build, oauth

log = logging.getLogger(__name__)

PREFIX = "/slack/"
EVENTS_PATH = "/slack/events"


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
        if bolt.oauth_flow is not None and path in (oauth.INSTALL_PATH, oauth.REDIRECT_PATH) and method == "GET":
            return bolt_wsgi(environ, start_response)  # many workspaces: "Add to Slack" and its callback
        if path != EVENTS_PATH:
            return plain(start_response, "404 Not Found", "not found")
        if method != "POST":
            return plain(start_response, "405 Method Not Allowed", "POST only")
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        try:
            body = b"".join(bolt_wsgi(environ, capture))
        except Exception:
            log.exception("slack request failed")
            return plain(start_response, "200 OK", "")
        if captured["status"].startswith("5"):
            # Slack would retry (and for events eventually switch us off); the person
            # has been told already, so acknowledge instead.
            log.error("slack request answered %s; acknowledged instead", captured["status"])
            return plain(start_response, "200 OK", "")
        start_response(captured["status"], captured["headers"])
        return [body]

    application.slack = slack  # type: ignore[attr-defined]
    application.bolt = bolt  # type: ignore[attr-defined]
    return application


def configured(settings: Settings) -> bool:
    return bool(settings.slack_bot_token or settings.slack_signing_secret or settings.slack_client_id)


def refusal(app: App) -> str:
    """Why Slack cannot start with these settings ("" when it can)."""
    need = (("slack_signing_secret", "slack_client_secret") if oauth.enabled(app.settings)
            else ("slack_bot_token", "slack_signing_secret"))
    absent = missing(app, need)
    return f"set {', '.join(absent)} (see docs/slack.md)" if absent else ""


def start(app: App) -> tuple[str, Callable | None, Callable[[], None] | None]:
    """(prefix, WSGI app or None when Slack refused the token, close)."""
    application = wsgi_app(app)
    return PREFIX, application if hello(application.slack) else None, application.slack.close


def hello(slack: Slack) -> bool:
    """One auth.test at start-up: a wrong token or API URL fails here, not on the first click.
    With OAuth there is no one token to test: each workspace's is checked on its requests.
    Then deliver what an earlier run left in the outbox."""
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
    slack.worker.kick()
    return True
