"""`flexpool <command>`: shell, serve, socket, migrate, demo, stats."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flexpool", description="Flexpool: klussen and talent, in chat.")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL or sqlite:///flexpool.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    shell = sub.add_parser("shell", help="the whole bot in a terminal")
    shell.add_argument("--demo", action="store_true", help="load demo people and klussen into an empty database")
    shell.add_argument("--fresh", action="store_true", help="start from an empty database (SQLite files only)")
    shell.add_argument("--as", dest="as_user", default=None, help="start as this user (name or id)")
    sub.add_parser("serve", help="HTTP server for Slack (POST /slack/events) and GET /healthz on $PORT")
    sub.add_parser("socket", help="Slack Socket Mode (SLACK_APP_TOKEN)")
    sub.add_parser("clock", help="the scheduler: reminders, expiry, start and end, digests")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    sub.add_parser("demo", help="load demo data into an empty database")
    sub.add_parser("stats", help="print the flexpool stats")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO if args.command in ("serve", "socket") else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"flexpool: {exc}", file=sys.stderr)
        return 2
    if args.db:
        settings = settings.with_(database_url=args.db)

    clock = None
    if args.command == "shell":
        from handlers.console import DemoClock

        # In the terminal the demo's flexpool office may read the stats, every message shows
        # at once (no quiet hours), and `wacht 25u` moves a demo clock.
        settings = settings.with_(admins=settings.admins + ("shell:flexbureau",), quiet_hours="",
                                  quiet_weekends=False)
        clock = DemoClock()
        if args.fresh:
            _remove_sqlite(settings.database_url)

    from bot.app import build

    app = build(settings, clock=clock)
    if args.command == "migrate":
        print("database is up to date")
        return 0
    if args.command == "demo":
        from bot.demo import load_demo

        print("demo data loaded" if load_demo(app) else "the database is not empty; demo data not loaded")
        return 0
    if args.command == "stats":
        from handlers.console import draw_card

        print(draw_card(app.service.stats_card(), settings.default_lang).rstrip())
        return 0
    if args.command == "shell":
        from handlers.console import Shell

        if args.demo:
            from bot.demo import load_demo

            load_demo(app)
        return Shell(app, sys.stdin, sys.stdout, start_as=args.as_user, clock=clock).run()
    if args.command == "clock":
        from bot.scheduler import Clock

        Clock(app).start(blocking=True)
        return 0
    if args.command == "serve":
        from handlers.slack.server import serve

        return serve(app)
    if args.command == "socket":
        from handlers.slack.server import socket_mode

        return socket_mode(app)
    return 1


def _remove_sqlite(url: str) -> None:
    if url.startswith("sqlite:///") and url not in ("sqlite:///:memory:",):
        path = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


if __name__ == "__main__":
    sys.exit(main())
