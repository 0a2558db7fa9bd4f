"""How invitations spread over the pool in a simulated year, with and without the rotation.

    .venv/bin/python -m bench.fairness                                 # 2 000 people, 52 weeks, 25 klussen a week
    .venv/bin/python -m bench.fairness --people 5000 --weeks 52 --klussen 40 --seed 3

The pool and the klussen are those of bench/match.py (realistic Dutch skills, written in
varied ways). Every week `--klussen` klussen (1-2 places) are posted at random moments;
each asks `invites_per_place` (3) people per open place, best first, among those the
matcher scores at least `min_match_score` (0.25) who are not at their weekly cap (3
invitations in 7 days) — exactly the service's rules. An invited person accepts with
their own probability (most often yes, some now and then, a few hardly ever); the first
accepts take the places, the others are told the klus is full; when places stay open the
next people are asked, up to three rounds.

Two orders are compared on the same year, the same people and the same dice:

- *score only*: best score first, ties by id (what a plain matcher does);
- *with rotation* (`bot.fairness.order`): bands of 0.1 on the score, within a band the
  less (and longer ago) asked first, declines in a row lowering the order.

Printed per order: the share of the pool ever invited (and of those who fit at least one
klus), the Gini coefficient of invitations per person (0: everyone asked equally often;
1: one person asked every time), the most invitations one person got, the mean score of
the invitations sent (what fairness costs in fit), the fill rate, and invitations per
person for those who hardly ever say yes against the rest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from bench.match import klussen, profiles
from bot import fairness
from bot.matching import Matcher

INVITES_PER_PLACE = 3
MAX_PER_WEEK = 3
MIN_SCORE = 0.25
ROUNDS = 3


def gini(values: list[int]) -> float:
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if not n or not total:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(ordered))
    return (2 * weighted) / (n * total) - (n + 1) / n


def simulate(matcher: Matcher, ids: list[int], asks, propensity: dict[int, float], weeks: int, per_week: int,
             rotation: bool, seed: int) -> dict:
    rng = random.Random(seed)  # the same dice for both orders: one draw per (klus, person)
    start = datetime(2026, 1, 5, 8, tzinfo=timezone.utc)
    log: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    week_log: dict[int, list[datetime]] = defaultdict(list)
    scores, filled, places_total = [], 0, 0
    fitting: set[int] = set()
    posted = 0
    for week in range(weeks):
        moments = sorted(start + timedelta(weeks=week, hours=rng.uniform(0, 5 * 24)) for _ in range(per_week))
        for now in moments:
            _, skills, title = asks[posted % len(asks)]
            klus_seed = rng.random()
            posted += 1
            places = 1 + (klus_seed < 0.3)
            places_total += places
            matches = [m for m in matcher.rank(skills, title=title, limit=None) if m.score >= MIN_SCORE]
            fitting.update(m.id for m in matches)
            asked: set[int] = set()
            taken = 0
            for _ in range(ROUNDS):
                open_places = places - taken
                if open_places <= 0:
                    break
                week_ago = now - timedelta(days=7)
                free = [m for m in matches if m.id not in asked
                        and sum(1 for at in week_log[m.id] if at > week_ago) < MAX_PER_WEEK]
                if rotation:
                    history = {m.id: fairness.summarise(log[m.id], now) for m in free if m.id in log}
                    free = fairness.order(free, history)
                else:
                    free.sort(key=lambda m: (-m.score, m.id))
                batch = free[:open_places * INVITES_PER_PLACE]
                if not batch:
                    break
                for m in batch:
                    asked.add(m.id)
                    week_log[m.id].append(now)
                    scores.append(m.score)
                    says_yes = random.Random(hash((klus_seed, m.id))).random() < propensity[m.id]
                    if says_yes and taken < places:
                        taken += 1
                        log[m.id].append(("confirmed", now))
                    elif says_yes:
                        log[m.id].append(("withdrawn", now))  # the klus was full by then
                    else:
                        log[m.id].append(("declined", now))
                now += timedelta(days=2)  # the next round, after the answers
            filled += taken
    counts = {pid: len(log.get(pid, ())) for pid in ids}
    reluctant = [counts[p] for p in ids if propensity[p] < 0.1]
    others = [counts[p] for p in ids if propensity[p] >= 0.1]
    return {
        "ever": sum(1 for c in counts.values() if c) / len(ids),
        "ever_fitting": sum(1 for p in fitting if counts[p]) / max(len(fitting), 1),
        "fitting": len(fitting) / len(ids),
        "gini": gini(list(counts.values())),
        "gini_fitting": gini([counts[p] for p in fitting]),
        "max": max(counts.values()),
        "mean_score": statistics.fmean(scores) if scores else 0.0,
        "fill": filled / places_total if places_total else 0.0,
        "invitations": len(scores),
        "reluctant": statistics.fmean(reluctant) if reluctant else 0.0,
        "others": statistics.fmean(others) if others else 0.0,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--klussen", type=int, default=25, help="klussen posted per week")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    people, _ = profiles(args.people, seed=args.seed)
    rng = random.Random(args.seed)
    propensity = {}
    for person in people:
        roll = rng.random()
        propensity[person.id] = 0.6 if roll < 0.7 else 0.3 if roll < 0.9 else 0.03  # a tenth hardly ever says yes
    matcher = Matcher()
    for person in people:
        matcher.upsert(person)
    asks = klussen(args.weeks * args.klussen, seed=args.seed + 1)
    ids = [p.id for p in people]
    print(f"{args.people:,} people, {args.weeks} weeks x {args.klussen} klussen (1-2 places, {INVITES_PER_PLACE} asked "
          f"per place, at most {MAX_PER_WEEK} invitations a week, score >= {MIN_SCORE})")
    for name, rotation in (("score only", False), ("with rotation", True)):
        r = simulate(matcher, ids, asks, propensity, args.weeks, args.klussen, rotation, args.seed)
        print(f"  {name:<14} ever invited {r['ever']:6.1%} of the pool ({r['ever_fitting']:6.1%} of the "
              f"{r['fitting']:.0%} who fit a klus)   Gini {r['gini']:.3f} (among those who fit {r['gini_fitting']:.3f})"
              f"   most to one person {r['max']:3d}   mean score {r['mean_score']:.3f}   filled {r['fill']:.1%}"
              f"   per person: hardly-ever-yes {r['reluctant']:.1f}, others {r['others']:.1f}"
              f"   ({r['invitations']:,} invitations)", flush=True)
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
