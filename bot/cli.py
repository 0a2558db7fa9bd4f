"""`flexpool <command>`: shell, serve, socket, migrate, demo, stats, export, import-profiles,
algoritme, verrekening."""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import sys

from bot.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        from bot import logs

        logs.reset()  # (a process ends here anyway; run in-process, the caller's logging is as it was)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flexpool", description="Flexpool: klussen and talent, in chat.")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL or sqlite:///flexpool.db)")
    parser.add_argument("--version", action="version", version=f"flexpool {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    shell = sub.add_parser("shell", help="the whole bot in a terminal")
    shell.add_argument("--demo", action="store_true", help="load demo people and klussen into an empty database")
    shell.add_argument("--fresh", action="store_true", help="start from an empty database (SQLite files only)")
    shell.add_argument("--as", dest="as_user", default=None, help="start as this user (name or id)")
    sub.add_parser("serve", help="HTTP server on $PORT: GET /healthz, Slack (POST /slack/events) and Mattermost "
                                           "(/mattermost/...), each when configured")
    sub.add_parser("socket", help="Slack Socket Mode (SLACK_APP_TOKEN)")
    sub.add_parser("clock", help="the scheduler: reminders, expiry, start and end, digests")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    sub.add_parser("demo", help="load demo data into an empty database")
    stats = sub.add_parser("stats", help="print the flexpool stats (the same as /flexpool stats)")
    stats.add_argument("period", nargs="*", help="deze maand | kwartaal | jaar | 2026-01-01 tot 2026-03-31")
    stats.add_argument("--chart", metavar="FILE.png", help="also write the chart as a PNG")
    export = sub.add_parser("export", help="CSV files of klussen, invitations and placements")
    export.add_argument("period", nargs="*", help="as for stats; default: everything")
    export.add_argument("--sep", default=";", choices=[";", ",", "\t"], help="separator (default ';', for Excel)")
    export.add_argument("--dir", default=".", help="folder to write the files in (default: here)")
    imp = sub.add_parser("import-profiles", help="create or update profiles from an HR export (CSV)")
    imp.add_argument("file", help="the CSV file (columns: see the README, 'Flexpool office')")
    imp.add_argument("--platform", default="", help="for rows without a platform column (slack, mattermost)")
    imp.add_argument("--workspace", default="", help="for rows without a workspace column")
    imp.add_argument("--verplaats", "--move", dest="move", action="store_true",
                     help="also move the people the file puts in another organisation (listed without it)")
    algo = sub.add_parser("algoritme", aliases=["algorithm"],
                          help="the matcher described as in the national algorithm register, from the settings")
    algo.add_argument("--lang", choices=["nl", "en"], default="nl")
    charges = sub.add_parser("verrekening", aliases=["charges"],
                             help="hours and bare wage costs to charge between organisations, per placement")
    charges.add_argument("period", nargs="*", help="as for stats; default: everything")
    charges.add_argument("--csv", action="store_true",
                         help="one CSV line per placement (and a total per pair) on standard output")
    charges.add_argument("--sep", default=";", choices=[";", ",", "\t"], help="CSV separator (default ';', for Excel)")
    args = parser.parse_args(argv)

    if args.command in ("serve", "socket", "clock"):
        _fewer_malloc_arenas()
    from bot import logs

    logs.configure(logging.INFO if args.command in ("serve", "socket", "clock") else logging.WARNING,
                   os.environ.get("FLEXPOOL_LOG_FORMAT", ""))
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

    creates = args.command in CREATES
    missing = _missing_sqlite(settings.database_url)
    if missing and not creates:
        print(f"flexpool: there is no database at {missing} (a typo in --db or DATABASE_URL?); "
              f"`flexpool migrate` creates one", file=sys.stderr)
        return 2

    from bot.app import build
    from storage.db import SchemaOutdated

    try:
        app = build(settings, clock=clock, upgrade=creates)
    except SchemaOutdated as exc:
        print(f"flexpool: {exc}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        print("database is up to date")
        return 0
    if args.command == "demo":
        from bot.demo import load_demo

        print("demo data loaded" if load_demo(app) else "the database is not empty; demo data not loaded")
        return 0
    if args.command in ("stats", "export", "import-profiles"):
        from bot import office
        from handlers.console import draw_card

        lang = settings.default_lang
        if args.command == "stats":
            shown, code = office.cli_stats(app.service, args.period, lang, draw_card, args.chart)
        elif args.command == "export":
            shown, code = office.cli_export(app.service, args.period, lang, args.sep, args.dir)
        else:
            shown, code = office.cli_import(app.service, args.file, lang, draw_card, args.platform, args.workspace,
                                             args.move)
        print(shown, file=sys.stdout if code < 2 else sys.stderr)
        return code
    if args.command in ("algoritme", "algorithm"):
        from bot.transparency import algorithm_text

        print(algorithm_text(app.service, args.lang), end="")
        return 0
    if args.command in ("verrekening", "charges"):
        from bot.charges import cli_charges
        from handlers.console import draw_card

        shown, code = cli_charges(app.service, args.period, settings.default_lang, draw_card, as_csv=args.csv,
                                  sep=args.sep)
        print(shown, file=sys.stdout if code < 2 else sys.stderr)
        return code
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
    if args.command in ("serve", "socket"):
        profiles, klussen, seconds = app.service.warm_up()  # the matching indexes, before the first request
        logging.getLogger("flexpool").info("matching index: %d profiles, %d open klussen in %.1f s", profiles,
                                           klussen, seconds)
    if args.command == "serve":
        from handlers.server import serve

        return serve(app)
    if args.command == "socket":
        from handlers.slack.socket import socket_mode

        return socket_mode(app)
    return 1


CREATES = ("migrate", "demo", "shell")  # the commands that create or upgrade the schema; the others only check it


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("flexpool")
    except PackageNotFoundError:
        return "unknown"


def _missing_sqlite(url: str) -> str:
    """The path of a SQLite database file that does not exist ('' otherwise)."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///:memory:",):
        return ""
    path = url[len("sqlite:///"):].split("?", 1)[0]
    return "" if not path or os.path.exists(path) else path


def _fewer_malloc_arenas() -> None:
    """glibc gives threads their own malloc arenas (up to 8 per core), and a long-running
    server with many threads then keeps growing by memory it freed. Two arenas keep it
    flat (`bench/soak.py`: +18.8 % over 10 minutes with glibc's default, flat with two).
    MALLOC_ARENA_MAX in the environment wins; elsewhere than glibc this does nothing."""
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX, before any thread starts
    except (OSError, AttributeError):
        pass


def _remove_sqlite(url: str) -> None:
    if url.startswith("sqlite:///") and url not in ("sqlite:///:memory:",):
        path = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


if __name__ == "__main__":
    sys.exit(main())
