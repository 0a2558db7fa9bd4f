"""Soak test: `flexpool serve` under mixed Slack traffic for a long time.

    .venv/bin/python bench/soak.py                                  # SQLite, 10 minutes
    .venv/bin/python bench/soak.py --duration 120 --users 12
    .venv/bin/python bench/soak.py --db postgresql://postgres@127.0.0.1:5432/soak --reset

The real `flexpool serve` (waitress, the Slack handlers, the worker, the outbox, the
inline scheduler) runs as its own process against a SQLite file (a temporary one by
default) or PostgreSQL, with SLACK_API_URL pointing at the local fake Slack Web API in
this process (answering after `--latency`). `--users` virtual people then act as fast
as the bot lets them, each waiting for the bot's answer before the next step (so the
rate is the highest the machine sustains, and no queue grows without bound):

    klus      a manager posts `/klus <one line>` and waits for "Klus geplaatst"
    accept    an invitee clicks Accepteren on an invitation DM; waits for the DM's update
    decline   an invitee clicks Afwijzen, submits the reason modal; waits for the update
    confirm   a manager clicks Bevestigen on an acceptance; waits for the update
    profile   someone edits their profile with `/flexpool profiel uren: …`
    browse    someone asks `/flexpool klussen`
    stats     the flexpool office asks `/flexpool stats`

Measured: requests and requests/s, ack latency (the HTTP round trip of each request,
what Slack's 3-second limit is about) p50/p90/p99/max, errors (a status other than 200,
a connection error, "Er ging iets mis", or an answer that never came within
`--answer-timeout`), and the server's resident memory (VmRSS) sampled every
`--sample` seconds: after `--warmup` its growth, first to last minute and as a slope.
Targets: zero errors, p99 ack < 300 ms, memory flat (less than 10 % and 5 MB a minute).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bot.app import build  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.db import make_engine  # noqa: E402
from tests.fakes.slack_api import TEAM, TOKEN, Call, FakeSlack  # noqa: E402
from tests.fakes.slack_client import SECRET, find_button, signature  # noqa: E402

ADMIN = "UBUREAU"
TITLES = ["Data-analist voor dashboard", "Projectleider digitalisering", "Adviseur privacy",
          "Communicatiemedewerker campagne", "Beleidsmedewerker wonen", "Scrum master team",
          "Archiefbeheer inhaalslag", "GIS-kaart voor gemeente", "Jurist bezwaarschriften",
          "Python-script voor rapportage"]
MIX = {"klus": 18, "accept": 22, "decline": 12, "confirm": 10, "profile": 18, "browse": 10, "stats": 10}


class SoakSlack(FakeSlack):
    """The fake Web API, remembering only what the soak needs (a long run would otherwise
    keep every call): answers by response URL, DMs with buttons, updates and modals."""

    def __init__(self, delay: float):
        super().__init__(delay=delay)
        self.answers: dict[str, dict] = {}  # response URL path -> last payload
        self.updated: dict[str, int] = {}  # message ts -> times updated
        self.modals: dict[str, dict] = {}  # trigger id -> view opened
        self.inbox: dict[str, deque] = {}  # user -> recent DMs with buttons
        self.dms: Counter = Counter()  # user -> DMs posted to them
        self.counts: Counter = Counter()

    def _record(self, call: Call) -> None:
        with self._cond:
            self.counts[call.method] += 1
            if call.method == "response_url":
                self.answers[call.path] = call.params
            elif call.method == "chat.update":
                ts = str(call.params.get("ts"))
                self.updated[ts] = self.updated.get(ts, 0) + 1
            elif call.method == "views.open":
                self.modals[str(call.params.get("trigger_id"))] = call.params.get("view") or {}
            self._cond.notify_all()

    def _answer(self, method: str, p: dict) -> dict:
        answer = super()._answer(method, p)
        if method == "chat.postMessage":
            with self._cond:
                self.posted.clear()  # the parent keeps every message; we keep the inbox below
                channel = str(p.get("channel") or "")
                blocks = p.get("blocks") or []
                self.dms[channel[1:]] += 1
                self._cond.notify_all()
                if channel.startswith("D") and any(b.get("type") == "actions" for b in blocks):
                    self.inbox.setdefault(channel[1:], deque(maxlen=20)).append(
                        {"ts": answer["ts"], "text": p.get("text"), "blocks": blocks})
        return answer

    def take(self, user: str, action: str) -> dict | None:
        """A message in `user`'s DM with an `action` button, taken (nobody clicks it twice)."""
        with self._cond:
            box = self.inbox.get(user) or deque()
            for message in list(box):
                try:
                    find_button(message["blocks"], action)
                except AssertionError:
                    continue
                box.remove(message)
                return message
        return None

    def wait(self, predicate, timeout: float):
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = predicate()
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.acks: list[float] = []
        self.timed: dict[str, list[tuple[float, float]]] = {}  # kind -> (when, ack seconds)
        self.answered: dict[str, list[tuple[float, float]]] = {}  # kind -> (when, seconds to the answer)
        self.by_kind: Counter = Counter()
        self.errors: Counter = Counter()
        self.skipped: Counter = Counter()

    def ack(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.acks.append(seconds)
            self.timed.setdefault(kind, []).append((time.monotonic(), seconds))
            self.by_kind[kind] += 1

    def answer(self, kind: str, since: float) -> None:
        with self.lock:
            self.answered.setdefault(kind, []).append((time.monotonic(), time.perf_counter() - since))

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


class User:
    """One virtual person's HTTP connection to the bot."""

    def __init__(self, url: str, fake: SoakSlack, record: Recorder, answer_timeout: float):
        host, port = url.split("//", 1)[1].split(":")
        self.host, self.port = host, int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.fake, self.record, self.answer_timeout = fake, record, answer_timeout
        self.n = itertools.count()

    def send(self, kind: str, body: bytes) -> bool:
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                   "X-Slack-Signature": signature(SECRET, ts, body)}
        start = time.perf_counter()
        try:
            self.conn.request("POST", "/slack/events", body, headers)
            response = self.conn.getresponse()
            response.read()
        except Exception as exc:
            self.record.error(f"{kind}: {type(exc).__name__}")
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            return False
        self.record.ack(kind, time.perf_counter() - start)
        if response.status != 200:
            self.record.error(f"{kind}: HTTP {response.status}")
            return False
        return True

    def command(self, kind: str, user: str, name: str, words: str, expect: str) -> None:
        path = f"/response/{kind}-{user}-{next(self.n)}"
        body = urlencode({"token": "legacy", "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": user,
                          "user_name": user.lower(), "command": name, "text": words, "api_app_id": "A0FLEX",
                          "response_url": self.fake.url.rstrip("/") + path, "trigger_id": f"{user}.{time.time()}"})
        since = time.perf_counter()
        if not self.send(kind, body.encode()):
            return
        answer = self.fake.wait(lambda: self.fake.answers.pop(path, None), self.answer_timeout)
        if answer is not None:
            self.record.answer(kind, since)
        self.check(kind, answer, expect)

    def check(self, kind: str, answer, expect: str) -> None:
        shown = json.dumps(answer, ensure_ascii=False) if answer is not None else ""
        if answer is None:
            self.record.error(f"{kind}: no answer within {self.answer_timeout:.0f} s")
        elif "Er ging iets mis" in shown:
            self.record.error(f"{kind}: err.internal")
        elif expect and not re.search(expect, shown):
            self.record.error(f"{kind}: unexpected answer {shown[:120]}")

    def click(self, kind: str, user: str, message: dict, action: str) -> str | None:
        """Press `action` on `message`; the trigger id (for a modal) or None on failure."""
        button, block_id = find_button(message["blocks"], action)
        trigger = f"{user}.{next(self.n)}.{time.time()}"
        payload = {"type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": TEAM},
                   "api_app_id": "A0FLEX", "token": "legacy", "team": {"id": TEAM, "domain": "flexpool"},
                   "trigger_id": trigger, "response_url": self.fake.url + f"response/click-{user}-{trigger}",
                   "container": {"type": "message", "message_ts": message["ts"], "channel_id": "D" + user},
                   "channel": {"id": "D" + user},
                   "message": {"type": "message", "ts": message["ts"], "text": message["text"],
                               "blocks": message["blocks"]},
                   "actions": [{"type": "button", "action_id": button["action_id"], "block_id": block_id,
                                "text": button["text"], "value": button.get("value", ""), "action_ts": "1.0"}]}
        before = self.fake.updated.get(message["ts"], 0)
        since = time.perf_counter()
        if not self.send(kind, urlencode({"payload": json.dumps(payload)}).encode()):
            return None
        if action == "decline":
            return trigger
        # A click is answered by updating its DM, or (too late: filled, withdrawn) ephemerally.
        path = f"/response/click-{user}-{trigger}"
        answered = self.fake.wait(lambda: self.fake.updated.get(message["ts"], 0) > before
                                  or self.fake.answers.pop(path, None), self.answer_timeout)
        if answered is None:
            self.record.error(f"{kind}: no update or answer within {self.answer_timeout:.0f} s")
        else:
            self.record.answer(kind, since)
        self.fake.answers.pop(path, None)
        return trigger

    def decline(self, user: str, message: dict) -> None:
        before, told = self.fake.updated.get(message["ts"], 0), self.fake.dms[user]
        trigger = self.click("decline", user, message, "decline")
        if trigger is None:
            return
        view = self.fake.wait(lambda: self.fake.modals.pop(trigger, None), self.answer_timeout)
        if view is None:
            self.record.error("decline: the reason modal never opened")
            return
        state = {"reason": {"v": {"type": "plain_text_input", "value": "geen tijd deze maand"}}}
        payload = {"type": "view_submission", "team": {"id": TEAM, "domain": "flexpool"},
                   "user": {"id": user, "username": user.lower(), "team_id": TEAM}, "api_app_id": "A0FLEX",
                   "token": "legacy", "trigger_id": f"{trigger}.2",
                   "view": {**view, "id": f"V{trigger}", "team_id": TEAM, "state": {"values": state}, "hash": "h"}}
        if not self.send("decline (reason)", urlencode({"payload": json.dumps(payload)}).encode()):
            return
        # Declined: the invitation DM is updated. Too late (filled, withdrawn): a DM says so.
        if self.fake.wait(lambda: self.fake.updated.get(message["ts"], 0) > before or self.fake.dms[user] > told,
                          self.answer_timeout) is None:
            self.record.error("decline: no update and no answer")


def act(user: User, kind: str, rng: random.Random, managers: list[str], colleagues: list[str],
        skills: list[str], serial) -> bool:
    """One step of `kind`; False when there was nothing to do (no invitation waiting)."""
    if kind == "klus":
        # Each klus its own (the same one twice within minutes would be a duplicate); the
        # serial number goes in the description, which the matcher does not read when
        # skills are given, so the words the matcher sees stay those of real klussen.
        line = (f"{rng.choice(TITLES)}; vaardigheden: {', '.join(rng.sample(skills, 3))}; "
                f"{rng.choice([2, 4, 8])} uur per week; {rng.randint(4, 12)} weken; {rng.choice([1, 1, 2])} plek; "
                f"omschrijving: aanvraag {next(serial)}")
        user.command(kind, rng.choice(managers), "/klus", line, r"Klus geplaatst")
    elif kind in ("accept", "decline"):
        for who in rng.sample(colleagues, min(40, len(colleagues))):
            message = user.fake.take(who, "accept")
            if message is not None:
                if kind == "accept":
                    user.click(kind, who, message, "accept")
                else:
                    user.decline(who, message)
                return True
        return False
    elif kind == "confirm":
        for who in rng.sample(managers, len(managers)):
            message = user.fake.take(who, "confirm")
            if message is not None:
                user.click(kind, who, message, "confirm")
                return True
        return False
    elif kind == "profile":
        who = rng.choice(colleagues)
        user.command(kind, who, "/flexpool",
                     f"profiel uren: {rng.choice([4, 8, 12, 16, 24])}; vaardigheden: {', '.join(rng.sample(skills, 4))}",
                     r"flexprofiel|Flexprofiel")
    elif kind == "browse":
        user.command(kind, rng.choice(colleagues), "/flexpool", "klussen", r"klussen|Klus")
    elif kind == "stats":
        user.command(kind, ADMIN, "/flexpool", "stats", r"in cijfers")
    return True


def virtual_user(url, fake, record, args, seed_, managers, colleagues, skills, serial, deadline) -> None:
    rng = random.Random(seed_)
    user = User(url, fake, record, args.answer_timeout)
    kinds, weights = zip(*MIX.items())
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        if not act(user, kind, rng, managers, colleagues, skills, serial):
            with record.lock:
                record.skipped[kind] += 1
    user.conn.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (t, y), per minute."""
    if len(points) < 2:
        return 0.0
    mt = statistics.fmean(t for t, _ in points)
    my = statistics.fmean(y for _, y in points)
    den = sum((t - mt) ** 2 for t, _ in points) or 1.0
    return sum((t - mt) * (y - my) for t, y in points) / den * 60


def prepare(url: str, reset: bool, profiles: int, managers: int, rng: random.Random) -> tuple[list, list]:
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        with engine.connect() as conn:
            exists = conn.execute(text("SELECT to_regclass('public.klus')")).scalar()
            busy = exists and conn.execute(text("SELECT count(*) FROM klus")).scalar()
        if busy and not reset:
            raise SystemExit(f"{url} has klussen: pass --reset to empty it first (everything in it is dropped)")
        if reset:
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
    app = build(Settings(database_url=url, max_klussen_per_day=0), engine=engine)
    skills = skills_pool()
    colleagues = []
    for n in range(profiles):
        user = f"U{n:05d}"
        actor = app.service.person("slack", TEAM, user, f"Collega {n}", "nl")
        app.service.update_profile(actor, {
            "name": f"Collega {n}", "skills": ", ".join(rng.sample(skills, rng.randint(3, 8))),
            "wants": ", ".join(rng.sample(skills, 2)), "hours_per_week": str(rng.choice([8, 12, 16, 24, 32])),
            "visible": "ja"})
        colleagues.append(user)
    bosses = [f"UM{n:03d}" for n in range(managers)]
    for user in bosses + [ADMIN]:
        app.service.person("slack", TEAM, user, user, "nl")
    engine.dispose()
    return bosses, colleagues


def skills_pool() -> list[str]:
    lines = (ROOT / "bot" / "data" / "skills.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="database URL (default: a SQLite file in a temporary directory)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop everything in the database first")
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (default 600)")
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds before memory is judged (default: a quarter of the run, at most 120)")
    parser.add_argument("--users", type=int, default=12, help="virtual people acting at once (default 12)")
    parser.add_argument("--profiles", type=int, default=400, help="colleagues with a profile (default 400)")
    parser.add_argument("--managers", type=int, default=30, help="managers posting klussen (default 30)")
    parser.add_argument("--latency", type=float, default=0.02, help="fake Web API latency, s (default 0.02)")
    parser.add_argument("--answer-timeout", type=float, default=30.0, help="longest wait for an answer, s")
    parser.add_argument("--sample", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--mix", default="", help="weights per kind, e.g. 'klus=18,accept=22' "
                        f"(default {','.join(f'{k}={v}' for k, v in MIX.items())})")
    parser.add_argument("--server", default="", help="command that runs `flexpool serve` instead of "
                        "`python -m bot serve` (e.g. a profiling wrapper)")
    args = parser.parse_args(argv)
    warmup = args.warmup if args.warmup is not None else min(120.0, args.duration / 4)
    if args.mix:
        MIX.clear()
        MIX.update({k.strip(): float(v) for k, v in (part.split("=") for part in args.mix.split(","))})

    rng = random.Random(7)
    tmp = tempfile.TemporaryDirectory(prefix="flexpool-soak-")
    url = args.db or f"sqlite:///{tmp.name}/flexpool.db"
    t0 = time.perf_counter()
    managers, colleagues = prepare(url, args.reset, args.profiles, args.managers, rng)
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{kind}: seeded {len(colleagues)} profiles and {len(managers)} managers in {time.perf_counter() - t0:.1f} s")

    with SoakSlack(delay=args.latency) as fake:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FLEXPOOL_", "MATTERMOST_"))}
        env.update({"DATABASE_URL": url, "PORT": str(port), "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
                    "SLACK_API_URL": fake.api_url, "FLEXPOOL_ADMINS": ADMIN, "FLEXPOOL_QUIET_HOURS": "",
                    "FLEXPOOL_QUIET_WEEKENDS": "no", "FLEXPOOL_MAX_INVITES_PER_WEEK": "100000",
                    "FLEXPOOL_MAX_KLUSSEN_PER_DAY": "0", "FLEXPOOL_TICK_SECONDS": "30",
                    "PYTHONPATH": str(ROOT)})
        log = open(Path(tmp.name) / "serve.log", "w")
        command = args.server.split() if args.server else [sys.executable, "-m", "bot", "serve"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    probe.request("GET", "/healthz")
                    if probe.getresponse().status == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None:
                    raise SystemExit("flexpool serve stopped:\n" + (Path(tmp.name) / "serve.log").read_text())
                time.sleep(0.1)
            print(f"flexpool serve (pid {server.pid}) on {base}; fake Slack Web API latency "
                  f"{args.latency * 1000:.0f} ms; {args.users} virtual people for {args.duration:.0f} s")
            record = Recorder()
            serial = itertools.count(1)
            start = time.monotonic()
            deadline = start + args.duration
            threads = [threading.Thread(target=virtual_user, args=(
                base, fake, record, args, i, managers, colleagues, skills_pool(), serial, deadline), daemon=True)
                for i in range(args.users)]
            for t in threads:
                t.start()
            memory: list[tuple[float, float]] = []
            cpu_start, bench_start = cpu_seconds(server.pid), time.process_time()
            next_report = start + 60
            while any(t.is_alive() for t in threads):
                now = time.monotonic()
                memory.append((now - start, rss_mb(server.pid)))
                if now >= next_report:
                    with record.lock:
                        done, errs = len(record.acks), sum(record.errors.values())
                    print(f"  {now - start:5.0f} s: {done} requests, {errs} errors, RSS {memory[-1][1]:.0f} MB",
                          flush=True)
                    next_report += 60
                time.sleep(args.sample)
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
            cpu = (cpu_seconds(server.pid) - cpu_start) / elapsed
            bench_cpu = (time.process_time() - bench_start) / elapsed
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
        serve_log = (Path(tmp.name) / "serve.log").read_text()
        tracebacks = serve_log.count("Traceback")
        counts = dict(fake.counts)

    acks = [x * 1000 for x in record.acks]
    n = len(acks)
    print(f"\nrequests: {n} in {elapsed:.0f} s = {n / elapsed:.1f} requests/s  "
          f"({', '.join(f'{k} {v}' for k, v in sorted(record.by_kind.items()))})")
    print(f"nothing to do (no invitation waiting): {dict(record.skipped)}")
    print(f"CPU: flexpool serve {cpu * 100:.0f} % of a core, this benchmark (clients and fake Slack) "
          f"{bench_cpu * 100:.0f} %, on {os.cpu_count()} cores")
    print(f"fake Slack saw: {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}")
    if n:
        print(f"ack latency ms: p50 {statistics.median(acks):.1f}  p90 {percentile(acks, 90):.1f}  "
              f"p99 {percentile(acks, 99):.1f}  max {max(acks):.1f}")
    if n:
        print("per kind, ms p50 / p99 in the first and the last minute (ack; until the answer is shown):")
        for what, timed in sorted(list(record.timed.items()) + [
                (f"{k} (answer)", v) for k, v in record.answered.items()]):
            first_minute = [x * 1000 for t, x in timed if t - start < 60]
            last_minute = [x * 1000 for t, x in timed if t - start >= elapsed - 60]
            if first_minute and last_minute:
                print(f"  {what:24} {statistics.median(first_minute):6.1f} / {percentile(first_minute, 99):6.1f}"
                      f"   ->  {statistics.median(last_minute):6.1f} / {percentile(last_minute, 99):6.1f}")
    errors = sum(record.errors.values())
    print(f"errors: {errors}" + (f" {dict(record.errors)}" if errors else "") +
          f"; tracebacks in the server log: {tracebacks}")
    judged = [(t, mb) for t, mb in memory if t >= warmup]
    first = [mb for t, mb in judged if t < warmup + 60] or [mb for _, mb in judged[:3]]
    last = [mb for t, mb in judged if t >= elapsed - 60] or [mb for _, mb in judged[-3:]]
    growth = (statistics.median(last) - statistics.median(first)) if first and last else 0.0
    rate = slope(judged)
    peak = max((mb for _, mb in memory), default=0.0)
    print(f"server RSS MB: start {memory[0][1]:.0f}, after {warmup:.0f} s warm-up {statistics.median(first):.1f}, "
          f"last minute {statistics.median(last):.1f} (growth {growth:+.1f} MB, {growth / statistics.median(first) * 100:+.1f} %), "
          f"slope {rate:+.2f} MB/min, peak {peak:.0f}")
    p99 = percentile(acks, 99) if n else float("inf")
    flat = abs(growth) < 0.10 * statistics.median(first) and rate < 5.0
    ok = errors == 0 and tracebacks == 0 and p99 < 300 and flat
    print(f"targets — zero errors: {'met' if errors == 0 and tracebacks == 0 else 'NOT met'}; "
          f"p99 ack < 300 ms: {'met' if p99 < 300 else 'NOT met'}; memory flat: {'met' if flat else 'NOT met'}")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
