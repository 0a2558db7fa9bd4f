"""Posting a klus on the product path at government scale (issue 16).

    .venv/bin/python -m bench.post                                   # SQLite, 100 000 profiles
    .venv/bin/python -m bench.post --db postgresql://postgres@127.0.0.1:5432/bench --reset
    .venv/bin/python -m bench.post --db postgresql://... --reset --people 1000000 --posts 20

1. Writes an HR file (CSV) of `--people` colleagues the way bench/match.py generates
   them (realistic Dutch skills, typos, synonyms, wants, job titles; 40 workspaces) and
   imports it through the product's own import (`flexpool import-profiles`' code path),
   timed: the import's rows per second.
2. `--open` open klussen are added (rows written directly: the listing is measured, not
   their posting).
3. Start-up: a fresh App on that database builds its live matching index (bot.pool) and
   its index of the open klussen, as `flexpool serve` does at start (`warm_up`): the build
   time, and the process memory after it.
4. Posting: `--posts` klussen, each by its own manager (so no daily limit interferes),
   government-wide (`bereik: overheidsbreed`, the widest reach, so everyone visible is a
   candidate), through `Flexpool.post_klus_line` — the whole path: the database, who is
   eligible, the ranking, the invitations written and queued in the outbox. p50 and p95
   of the wall time per post, and the invitations written.
5. `/flexpool klussen`: `Flexpool.open_klussen` for `--lists` colleagues: p50 and p95.
6. A matching round: `--round-people` colleagues of the pool answer (rows written
   directly) over `--round-klussen` open klussen; its close as the scheduler runs it
   (`close_rounds_due`: share-out, invitations, everyone's message): the time.

Memory: the resident set (VmRSS) after start-up and at the end, and the peak (ru_maxrss).
Times are wall-clock on a shared machine: run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import func, select

from bench.match import klussen, profiles
from bot.app import build
from bot.settings import Settings
from storage.db import make_engine, migrate, transaction
from storage.models import (Invitation, Klus, MatchRound, Outbox, Profile, RoundInterest, RoundKlus,
                            RoundParticipant)

WORKSPACES = 40


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def write_hr_file(path: Path, n: int, seed: int) -> None:
    people, _ = profiles(n, seed=seed)
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["werkruimte", "gebruiker_id", "naam", "functie", "afdeling", "vaardigheden", "wil_leren",
                      "uren_per_week", "zichtbaar"])
        for p in people:
            out.writerow([f"T{p.id % WORKSPACES:02d}", f"U{p.id:07d}", f"Collega {p.id}", p.title,
                          f"afdeling {rng.randrange(20)}", ", ".join(p.skills[:30]), ", ".join(p.wants[:30]),
                          rng.choice([4, 8, 8, 12, 16, 24]), "ja"])


def import_file(app, path: Path) -> tuple[float, int, int]:
    """(seconds, created, rejected) of the product's own import of `path`."""
    from bot import hr_import

    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        report = hr_import.import_csv(app.service, None, f, platform="slack", source=path.name)
    return time.perf_counter() - started, len(report.created) + len(report.updated), report.rejected_rows


def fresh_database(url: str, reset: bool) -> str:
    if url.startswith("sqlite"):
        return url
    engine = make_engine(url)
    if reset:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    engine.dispose()
    return url


def add_open_klussen(app, wanted: int, seed: int) -> int:
    """Open klussen up to `wanted` (rows written directly: the listing is measured, not their
    posting); the number open."""
    today = app.service.today()
    owner = app.service.person("slack", "T00", "M-open", "Opdrachtgever")
    with transaction(app.engine) as s:
        existing = s.exec(select(func.count()).select_from(Klus).where(Klus.status == "open")).one()
        more = max(0, wanted - existing)
        rows = []
        for k, (skills, _, title) in enumerate(klussen(more, seed=seed)):
            start = today + timedelta(days=7 + k % 60)
            rows.append(dict(owner_id=owner.id, organisation_id=owner.organisation_id, title=f"{title or 'Klus'} {k}",
                             description="", skills=", ".join(skills), skills_derived=False, hours_per_week=4,
                             start=start, end=start + timedelta(days=41), places=1, taken=0, location="remote",
                             reach="all", status="open", department="", created_at=app.service.now()))
        for at in range(0, len(rows), 1000):
            s.execute(insert(Klus), rows[at:at + 1000])
        return s.exec(select(func.count()).select_from(Klus).where(Klus.status == "open")).one()


def close_a_round(app, people: int, klus_count: int, seed: int) -> tuple[float, dict]:
    """A matching round of `people` colleagues (drawn from the pool) over `klus_count` open
    klussen, answered as bench/round.py answers (45% tick 1-5 klussen, 35% "verras me",
    10% "alleen mijn afdeling", 10% pass; rows written directly), its deadline passed, then
    closed as the scheduler closes it (`Flexpool.close_rounds_due`: the share-out, the
    invitations and everyone's message written). (seconds of the close, the round's figures)"""
    rng = random.Random(seed)
    now = app.service.now()
    opener = app.service.person("slack", "T00", f"R{int(time.time())}", "Flexbureau")
    with transaction(app.engine) as s:
        ids = s.exec(select(Klus.id).where(Klus.status == "open", Klus.taken < Klus.places)
                     .order_by(Klus.id).limit(klus_count)).all()
        pool = s.exec(select(Profile.person_id).where(Profile.visible == True)).all()  # noqa: E712
        rnd = MatchRound(organisation_id=None, opened_by=opener.id, opened_at=now - timedelta(days=3),
                         deadline=now - timedelta(minutes=1))
        s.add(rnd)
        s.flush()
        round_id = rnd.id
        s.execute(insert(RoundKlus), [dict(round_id=round_id, klus_id=k) for k in ids])
        answers, ticks = [], []
        for pid in rng.sample(pool, min(people, len(pool))):
            roll = rng.random()
            mode = "" if roll < 0.45 else "surprise" if roll < 0.80 else "own_department" if roll < 0.90 else "pass"
            answers.append(dict(round_id=round_id, person_id=pid, mode=mode, answered_at=now))
            if not mode:
                ticks += [dict(round_id=round_id, person_id=pid, klus_id=k, created_at=now)
                          for k in rng.sample(ids, min(len(ids), rng.randint(1, 5)))]
        s.execute(insert(RoundParticipant), answers)
        if ticks:
            s.execute(insert(RoundInterest), ticks)
    started = time.perf_counter()
    app.service.close_rounds_due()
    seconds = time.perf_counter() - started
    with transaction(app.engine) as s:
        return seconds, s.get(MatchRound, round_id).result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="", help="database URL (default: a new SQLite file)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop and recreate the schema first")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--open", type=int, default=5_000, help="open klussen for the /flexpool klussen figure")
    parser.add_argument("--lists", type=int, default=20)
    parser.add_argument("--round-people", type=int, default=2_000, help="colleagues in the matching round")
    parser.add_argument("--round-klussen", type=int, default=300, help="open klussen in the matching round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is (no import)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="flexpool-bench-"))
    url = fresh_database(args.db or f"sqlite:///{folder / 'bench.db'}", args.reset)
    settings = Settings(database_url=url, quiet_hours="", quiet_weekends=False, max_klussen_per_day=0)
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"bench.post on {kind}, {args.people:,} profiles", flush=True)

    if not args.keep:
        importer = build(settings, upgrade=True)
        hr = folder / "hr.csv"
        write_hr_file(hr, args.people, args.seed)
        size = hr.stat().st_size
        seconds, written, rejected = import_file(importer, hr)
        print(f"import: {written:,} rows ({size / 1e6:.1f} MB) in {seconds:.1f} s = {written / seconds:,.0f} rows/s"
              f", {rejected} rejected", flush=True)
        importer.engine.dispose()
        hr.unlink()

    setup = build(settings, upgrade=False)
    total_open = add_open_klussen(setup, args.open, args.seed + 11)
    setup.engine.dispose()

    # --- start-up: a fresh process's view, as `flexpool serve` starts -------------------
    before = rss_mb()
    app = build(settings, upgrade=False)
    started = time.perf_counter()
    profiles_indexed, klussen_indexed, _ = app.service.warm_up()
    startup = time.perf_counter() - started
    print(f"start-up: indexes of {profiles_indexed:,} visible profiles and {klussen_indexed:,} open klussen built "
          f"in {startup:.1f} s; RSS {before:.0f} -> {rss_mb():.0f} MB", flush=True)

    # --- posting ------------------------------------------------------------------------
    asks = klussen(args.posts, seed=args.seed + 7)
    run = int(time.time())  # new managers each run (with --keep, the same manager and title would be a repost)
    times = []
    invited = 0
    for n, (skills, _, title) in enumerate(asks):
        manager = app.service.person("slack", "T00", f"M{run}-{n:04d}", f"Manager {n}")
        line = (f"{title or 'Klus'} {n}; vaardigheden: {', '.join(skills)}; 4 uur per week; 6 weken; "
                f"bereik: overheidsbreed")
        started = time.perf_counter()
        app.service.post_klus_line(manager, line)
        times.append((time.perf_counter() - started) * 1000)
    with transaction(app.engine) as s:
        invited = s.exec(select(func.count()).select_from(Invitation)).one()
        queued = s.exec(select(func.count()).select_from(Outbox)).one()
    print(f"posting ({args.posts} klussen, government-wide): p50 {statistics.median(times):.0f} ms, "
          f"p95 {pct(times, 95):.0f} ms, max {max(times):.0f} ms; {invited} invitations written, "
          f"{queued} messages queued", flush=True)

    # --- /flexpool klussen with many open klussen ---------------------------------------
    with transaction(app.engine) as s:
        total_open = s.exec(select(func.count()).select_from(Klus).where(Klus.status == "open")).one()
    lists = []
    for n in range(args.lists):
        reader = app.service.person("slack", f"T{n % WORKSPACES:02d}", f"U{n * 97 + 1:07d}")
        started = time.perf_counter()
        app.service.open_klussen(reader)
        lists.append((time.perf_counter() - started) * 1000)
    print(f"/flexpool klussen ({total_open:,} open klussen): p50 {statistics.median(lists):.0f} ms, "
          f"p95 {pct(lists, 95):.0f} ms", flush=True)
    # --- a matching round, closed ---------------------------------------------------------
    seconds, result = close_a_round(app, args.round_people, args.round_klussen, args.seed + 13)
    print(f"round ({result['participants']:,} colleagues x {len(result['klussen'])} klussen, {result['places']} places): "
          f"closed in {seconds:.2f} s ({result['assigned']} placed, {result['taking_part']:,} messages)", flush=True)
    print(f"memory: RSS {rss_mb():.0f} MB now, peak {peak_mb():.0f} MB", flush=True)
    app.engine.dispose()


if __name__ == "__main__":
    main()
