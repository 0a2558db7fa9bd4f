"""A matching round at scale: 2 000 people x 300 klussen, solved exactly, against greedy.

    .venv/bin/python -m bench.round                          # 2 000 people, 300 klussen
    .venv/bin/python -m bench.round --people 5000 --klussen 600 --seed 2

People and klussen come from bench/match.py's generator (realistic Dutch skills); each
klus gets 1-3 places, 4-16 hours a week and one of 20 departments, each person 4-24 free
hours and a department. How people answer the round: 45% tick 1-5 klussen (mostly among
those that fit them, sometimes not), 35% choose "verras me", 10% "alleen mijn afdeling",
10% pass. The options follow bot.shareout (`Option`): a ticked klus is a specific choice,
"verras me" any klus scoring ≥ half the invitation floor, "eigen afdeling" any klus of
their department scoring ≥ the floor; a pair weighs by kind of choice first, then fit
(0-100), then fairness; never more hours than someone has free.

Printed: the time to score every person against every klus with the Matcher (one
ranking per klus), the time of the exact assignment (`bot.shareout.assign`, scipy's
sparse bipartite matching over place slots) and of greedy (best pair first), and for both
the places filled and the total fit.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.match import klussen, profiles
from bot.matching import Matcher
from bot.shareout import Option, fit_percent, greedy, share_out, total_weight, weights_of

MIN_SCORE = 0.25


def build(people_count: int, klus_count: int, seed: int):
    rng = random.Random(seed)
    people, _ = profiles(people_count, seed=seed)
    asks = klussen(klus_count, seed=seed + 1)
    departments = [f"afdeling {i}" for i in range(20)]
    person_dept = {p.id: rng.choice(departments) for p in people}
    free = {p.id: rng.choice([4, 8, 8, 12, 16, 16, 24]) for p in people}
    klus_info = {k: (rng.choice([1, 1, 2, 3]), rng.choice([4, 8, 8, 12, 16]), rng.choice(departments))
                 for k in range(klus_count)}
    return rng, people, asks, person_dept, free, klus_info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--klussen", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng, people, asks, person_dept, free, klus_info = build(args.people, args.klussen, args.seed)

    started, cpu_started = time.perf_counter(), time.process_time()
    matcher = Matcher()
    for person in people:
        matcher.upsert(person)
    scores: dict[tuple[int, int], float] = {}
    for k, (_, skills, title) in enumerate(asks):
        for pid, score in matcher.scores(skills, title=title).items():
            scores[pid, k] = score
    scoring, scoring_cpu = time.perf_counter() - started, time.process_time() - cpu_started

    by_person: dict[int, list[tuple[float, int]]] = {}
    for (p, k), s in scores.items():
        by_person.setdefault(p, []).append((s, k))
    options: list[Option] = []
    modes = {"ticked": 0, "surprise": 0, "own_department": 0, "pass": 0}
    for person in people:
        pid, roll = person.id, rng.random()
        fits = sorted(by_person.get(pid, []), reverse=True)
        fairness = rng.random() * 0.5
        if roll < 0.45:
            modes["ticked"] += 1
            pool = [k for _, k in fits[:8]] or list(range(args.klussen))
            ticked = set(rng.sample(pool, min(len(pool), rng.randint(1, 5))))
            if rng.random() < 0.2:
                ticked.add(rng.randrange(args.klussen))  # interest in something that does not fit on paper
            chosen = {k: (scores.get((pid, k), 0.0), "chosen") for k in ticked}
        elif roll < 0.80:
            modes["surprise"] += 1
            chosen = {k: (s, "surprise") for s, k in fits if s >= MIN_SCORE / 2}
        elif roll < 0.90:
            modes["own_department"] += 1
            chosen = {k: (s, "own_department") for s, k in fits
                      if s >= MIN_SCORE and klus_info[k][2] == person_dept[pid]}
        else:
            modes["pass"] += 1
            chosen = {}
        for k, (score, kind) in chosen.items():
            if free[pid] >= klus_info[k][1]:
                options.append(Option(pid, k, kind, fit_percent(score), round(fairness, 6)))
    places = {k: info[0] for k, info in klus_info.items()}
    weights = weights_of(options)

    share_out([Option(0, 0, "chosen", 1)], {0: 1})  # scipy's import, once per process, is not the solve
    t0, c0 = time.perf_counter(), time.process_time()
    best = share_out(options, places)
    exact_s, exact_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    quick = greedy(weights, places)
    greedy_s = time.perf_counter() - t0

    print(f"{args.people:,} people x {args.klussen} klussen ({sum(places.values())} places); answers: "
          + ", ".join(f"{v} {k}" for k, v in modes.items()) + f"; {len(weights):,} allowed pairs")
    print(f"  scoring everyone against every klus (Matcher.scores, {args.klussen} klussen): {scoring:.2f} s")
    by_pair = {(o.person, o.klus): o for o in options}

    def fit(found) -> int:
        return sum(by_pair[a.person, a.klus].fit for a in found)

    def chosen(found) -> int:
        return sum(1 for a in found if by_pair[a.person, a.klus].kind == "chosen")

    print(f"  exact (sparse matching over place slots)      : {exact_s * 1000:8.1f} ms   "
          f"{len(best):4d} places filled ({chosen(best)} specific choices)   total fit {fit(best):6d} %   "
          f"total weight {total_weight(best):11.2f}")
    print(f"  greedy (best pair first)                      : {greedy_s * 1000:8.1f} ms   "
          f"{len(quick):4d} places filled ({chosen(quick)} specific choices)   total fit {fit(quick):6d} %   "
          f"total weight {total_weight(quick):11.2f}")
    gain = total_weight(best) - total_weight(quick)
    print(f"  exact - greedy: {gain:+.2f} total weight, {fit(best) - fit(quick):+d} total fit %, "
          f"{len(best) - len(quick):+d} places; solve + scoring {scoring + exact_s:.2f} s "
          f"(CPU time {scoring_cpu:.2f} + {exact_cpu:.2f} s; the wall time grows with the machine's load)")


if __name__ == "__main__":
    main()
