"""How fast does the Slack side acknowledge, under a crowd of managers posting klussen?

    .venv/bin/python bench/ack.py                      # 50 clients for 20 s
    .venv/bin/python bench/ack.py --clients 20 --duration 5 --profiles 500 --per-day 0

The real WSGI app and waitress setup of `flexpool serve`, in a process of its own (as in
production: the clients and Slack are elsewhere), on a SQLite file in a temporary
directory with `--profiles` generated Slack profiles. In this process, `--clients`
threads each send signed `/klus <one line>` slash commands back to back (each waits for
its ack) for `--duration` seconds, and the local fake Slack Web API answers every call,
and every response URL, after `--latency` seconds (50 ms by default; real Slack is often
slower). The service runs with its default settings, so a manager posts at most
FLEXPOOL_MAX_KLUSSEN_PER_DAY klussen (10) and a person is invited at most 3 times a week;
later commands are answered with the refusal (`--per-day 0` lifts the first limit).

Printed: requests, requests/s, ack latency p50/p90/p99/max, failed requests (not 200,
or an error); then, after the load stops, how long until every command's work was done
and every invitation's DM (a chat.postMessage the fake saw) was sent, how long each
invitation waited for its DM, and a check that no DM and no manager's answer was lost.
Exit status 0 when the target is met: p99 ack under 100 ms, nothing failed or lost.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot.app import build  # noqa: E402
from bot.settings import Settings  # noqa: E402
from handlers.chat.running import settle_memory  # noqa: E402
from handlers.server import THREADS  # noqa: E402
from handlers.slack.web import wsgi_app  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Invitation, Klus, Outbox  # noqa: E402
from tests.fakes.slack_api import TEAM, TOKEN, FakeSlack  # noqa: E402
from tests.fakes.slack_client import SECRET, signature  # noqa: E402
from tests.fakes.wsgi import Served  # noqa: E402

TITLES = ["Data-analist voor dashboard", "Projectleider digitalisering", "Adviseur privacy",
          "Communicatiemedewerker campagne", "Beleidsmedewerker wonen", "Scrum master team",
          "Archiefbeheer inhaalslag", "GIS-kaart voor gemeente", "Jurist bezwaarschriften",
          "Python-script voor rapportage"]


def skills_pool() -> list[str]:
    lines = (ROOT / "bot" / "data" / "skills.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def seed(app, profiles: int, rng: random.Random) -> None:
    skills = skills_pool()
    for n in range(profiles):
        user = f"U{n:05d}"
        actor = app.service.person("slack", TEAM, user, f"Collega {n}", "nl")
        app.service.update_profile(actor, {
            "name": f"Collega {n}", "skills": ", ".join(rng.sample(skills, rng.randint(3, 8))),
            "wants": ", ".join(rng.sample(skills, 2)), "hours_per_week": str(rng.choice([4, 8, 8, 12, 16, 24])),
            "visible": "ja",
        })


def one_liner(rng: random.Random, skills: list[str]) -> str:
    return (f"{rng.choice(TITLES)}; vaardigheden: {', '.join(rng.sample(skills, 3))}; "
            f"{rng.choice([2, 4, 4, 8])} uur per week; {rng.randint(4, 12)} weken")


slowest: list[tuple[float, float]] = []
t_zero = time.perf_counter()


def client(url: str, manager: str, response_base: str, deadline: float, seed_: int,
           latencies: list[float], failures: list[str], lock: threading.Lock) -> None:
    rng = random.Random(seed_)
    skills = skills_pool()
    host, port = url.split("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        body = urlencode({
            "token": "legacy", "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": manager,
            "command": "/klus", "text": one_liner(rng, skills), "api_app_id": "A0FLEX",
            "response_url": f"{response_base}{manager}-{n}", "trigger_id": f"{manager}.{n}",
        }).encode()
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                   "X-Slack-Signature": signature(SECRET, ts, body)}
        start = time.perf_counter()
        try:
            conn.request("POST", "/slack/events", body, headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                slowest.append((elapsed, start - t_zero)) if elapsed > 0.2 else None
                if response.status != 200:
                    failures.append(f"HTTP {response.status}")
        except Exception as exc:  # count it, reconnect, go on
            with lock:
                failures.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.close()


def serve(settings: Settings, conn) -> None:
    """The server process: the same WSGI app and waitress setup as `flexpool serve`, on a
    free port. It answers "pending" (jobs not done yet) and "stop" on `conn`."""
    app = build(settings, upgrade=False)
    application = wsgi_app(app)
    settle_memory()  # as `flexpool serve` does before it listens
    served = Served(application, threads=THREADS)
    conn.send(served.url)
    try:
        while True:
            message = conn.recv()
            if message == "pending":
                conn.send(application.slack.worker.pending)
            elif message == "stop":
                break
    finally:
        served.close()
        application.slack.close()
        conn.send("stopped")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--profiles", type=int, default=300, help="generated profiles (default 300)")
    parser.add_argument("--latency", type=float, default=0.05, help="fake Web API latency, s (default 0.05)")
    parser.add_argument("--per-day", type=int, default=None,
                        help="FLEXPOOL_MAX_KLUSSEN_PER_DAY for the run (default: the setting's default; 0 = no limit)")
    parser.add_argument("--drain-timeout", type=float, default=600.0, help="max seconds to wait for all DMs")
    args = parser.parse_args(argv)

    rng = random.Random(9)
    with tempfile.TemporaryDirectory(prefix="flexpool-bench-") as tmp, FakeSlack(delay=args.latency) as fake:
        settings = Settings(database_url=f"sqlite:///{tmp}/flexpool.db", slack_signing_secret=SECRET,
                            slack_bot_token=TOKEN, slack_api_url=fake.api_url, quiet_hours="",
                            quiet_weekends=False, scheduler="off")
        if args.per_day is not None:
            settings = settings.with_(max_klussen_per_day=args.per_day)
        app = build(settings)
        t0 = time.perf_counter()
        seed(app, args.profiles, rng)
        app.engine.dispose()
        print(f"seeded {args.profiles} profiles in {time.perf_counter() - t0:.1f} s "
              f"(SQLite file, fake Web API latency {args.latency * 1000:.0f} ms)")
        # The server runs in its own process, as it would in production: the clients and
        # the fake Slack (this process) do not share its interpreter lock.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        server = context.Process(target=serve, args=(settings, theirs), name="flexpool-serve")
        server.start()
        url = ours.recv()
        try:
            latencies: list[float] = []
            failures: list[str] = []
            lock = threading.Lock()
            global t_zero
            start = time.monotonic()
            t_zero = time.perf_counter()
            deadline = start + args.duration
            threads = [threading.Thread(target=client, args=(
                url, f"UM{i:03d}", fake.response_url(""), deadline, i, latencies, failures, lock))
                for i in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            load_end = time.monotonic()
            elapsed = load_end - start

            # Drain: every command worked off, every outbox row sent.
            drained = None
            while time.monotonic() - load_end < args.drain_timeout:
                with transaction(app.engine) as s:
                    unsent = len(s.exec(select(Outbox.id).where(Outbox.sent_at == None)).all())  # noqa: E711
                ours.send("pending")
                if ours.recv() == 0 and unsent == 0:
                    drained = time.monotonic()
                    break
                time.sleep(0.1)
            with transaction(app.engine) as s:
                invitations = s.exec(select(Invitation.id)).all()
                klussen = len(s.exec(select(Klus.id)).all())
                rows = s.exec(select(Outbox).where(Outbox.key.like("inv:%"), Outbox.amends == "")).all()
                failed_rows = [r for r in rows if r.error]
            dm_delays = sorted((r.sent_at - r.created_at).total_seconds() for r in rows if r.sent_at)
            first_invitation = min((r.created_at for r in rows), default=None)
            last_invitation = max((r.created_at for r in rows), default=None)
            posted = {(m["channel"], m["ts"]) for m in fake.posted}
            dm_seen = [r for r in rows if tuple(r.ref.split(":", 1)) in posted]
            invitation_posts = [c.at for c in fake.of("chat.postMessage") if c.params.get("text", "").startswith("Klus:")]
            last_dm = max(invitation_posts, default=start)
            answers = len(fake.of("response_url"))
        finally:
            ours.send("stop")
            ours.recv()
            server.join(timeout=30)
            app.engine.dispose()

    n = len(latencies)
    ms = [x * 1000 for x in latencies]
    print(f"load: {args.clients} clients, {elapsed:.1f} s, {n} requests, {n / elapsed:.0f} requests/s")
    if n:
        print(f"ack latency ms: p50 {statistics.median(ms):.1f}  p90 {percentile(ms, 90):.1f}  "
              f"p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}")
    if slowest:
        print("acks over 200 ms (ms @ s after start):",
              ", ".join(f"{x * 1000:.0f}@{t:.1f}" for x, t in sorted(slowest, reverse=True)[:8]))
    print(f"failed requests: {len(failures)}" + (f" ({', '.join(sorted(set(failures)))})" if failures else ""))
    print(f"klussen posted: {klussen} (at most {settings.max_klussen_per_day or 'unlimited'} per manager a day; "
          f"the other commands are answered with that refusal); manager answers sent: {answers}")
    print(f"invitations: {len(invitations)}; invitation DMs seen by the fake: {len(dm_seen)}; "
          f"outbox errors: {len(failed_rows)}")
    if dm_delays:
        print(f"invitation DM delay (invitation stored -> DM sent) s: p50 {statistics.median(dm_delays):.1f}  "
              f"p99 {percentile(dm_delays, 99):.1f}  max {dm_delays[-1]:.1f}; invitations were stored over "
              f"{(last_invitation - first_invitation).total_seconds():.1f} s")
    if drained is None:
        print(f"NOT drained within {args.drain_timeout:.0f} s")
    else:
        print(f"all work done {drained - load_end:.1f} s after the load stopped; last invitation DM "
              f"{last_dm - start:.1f} s after the start ({max(0.0, last_dm - load_end):.1f} s after the load)")
    ok = (drained is not None and not failures and len(dm_seen) == len(invitations) and answers == n >= klussen
          and (not n or percentile(ms, 99) < 100))
    print("target (p99 ack < 100 ms, no failed request, no DM or answer lost):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
