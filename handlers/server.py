"""`flexpool serve`: the HTTP server. One WSGI application, served by waitress, that
answers `GET /healthz` (does the database answer?) and mounts each configured platform
under its own prefix — Slack at `/slack/` (`handlers.slack.web`), Mattermost at
`/mattermost/` (`handlers.mattermost.web`) — and nothing else; a third platform is one
more mount. Each platform checks its own settings and credentials at start; a missing
or unsafe setting stops the start with a clear message and exit code 2.
"""

from __future__ import annotations

import logging
import sys
from typing import Callable, Iterable

from bot import logs
from bot.app import App
from bot.inbox import database_answers
from handlers.chat.running import scheduler, settle_memory, stop_on_sigterm
from handlers.chat.wire import plain
from handlers.mattermost import web as mattermost_web
from handlers.slack import web as slack_web

log = logging.getLogger(__name__)

THREADS = 64  # waitress threads: each holds a request only until its answer (Slack may send bursts)


def application(app: App, mounts: dict[str, Callable]) -> Callable:
    """/healthz, and each mounted WSGI app under its path prefix (e.g. "/slack/"); 404 else."""
    def serve_one(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path == "/healthz" and environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
            if database_answers(app.engine):
                return plain(start_response, "200 OK", "ok")
            return plain(start_response, "503 Service Unavailable", "database unavailable")
        for prefix, mounted in mounts.items():
            if path.startswith(prefix):
                return mounted(environ, start_response)
        return plain(start_response, "404 Not Found", "not found")

    return serve_one


def serve(app: App) -> int:
    """HTTP mode on settings.port until interrupted (SIGTERM or Ctrl-C)."""
    import waitress

    platforms = [p for p in (slack_web, mattermost_web) if p.configured(app.settings)]
    if not platforms:
        print("flexpool: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see docs/slack.md)"
              " or MATTERMOST_URL (see docs/mattermost.md)", file=sys.stderr)
        return 2
    for platform in platforms:
        problem = platform.refusal(app)
        if problem:
            print(f"flexpool: {problem}", file=sys.stderr)
            return 2
    closers: list[Callable[[], None]] = []
    try:
        mounts = {}
        for platform in platforms:
            prefix, mounted, close = platform.start(app)
            if close is not None:
                closers.append(close)
            if mounted is None:  # it did not accept its credentials (said why)
                return 2
            mounts[prefix] = mounted
        clock = scheduler(app)
        if clock is not None:
            closers.append(clock.stop)
        settle_memory()
        stop_on_sigterm()
        log.info("listening on port %s", app.settings.port)
        # a request id per request, followed to the outbox (bot.logs)
        waitress.serve(logs.wsgi(application(app, mounts)), host="0.0.0.0", port=app.settings.port,
                       threads=THREADS, ident="flexpool")
    except KeyboardInterrupt:
        pass
    finally:
        for close in reversed(closers):
            close()
    return 0
