"""A matching round's share-out (bot.rounds), pure: who may go where, the exact best
assignment, and why each place went where it went.

- `person_options`: what one person opted into and could take — a klus they ticked or hold
  a pending invitation for is a specific choice; "verras me" any klus that fits them;
  "eigen afdeling" any fitting klus of their department; never without the free hours,
  never out of reach; "pass" keeps only invitations they hold.
- `share_out`: among those options, the assignment with the highest total weight, each
  person at most one klus and each klus at most its free places (`assign`: exact, a sparse
  bipartite matching over place slots). A pair weighs by the kind of choice first (chosen,
  then verras me, then own department: `RANK`, a step outweighs any fit), then fit 0-100,
  then fairness (< 1).
- `explain`: for the office, every higher-fit chooser passed over for a lower-fit one with
  the reason, who got nothing and why, and which places stay open and why.
- `greedy` (best pair first) is there to compare with: the tests and `bench/round.py`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

import numpy as np

# The kinds of choice, best first: a klus chosen specifically (or a pending invitation for
# it), "verras me", "eigen afdeling". A kind outweighs any fit (0-100) plus fairness (< 1).
RANK = {"chosen": 3, "surprise": 2, "own_department": 1}
STEP = 1000.0



@dataclass(frozen=True)
class Assignment:
    person: int
    klus: int
    weight: float


class Option(NamedTuple):
    """Someone opted into a klus and could take it (hours, dates, reach checked). (A
    named tuple, as `Pair`: a round's close makes ~100,000 of each, a frozen dataclass
    costs three times as much to make.)"""

    person: int
    klus: int
    kind: str  # chosen | surprise | own_department
    fit: int  # 0..100
    fairness: float = 0.0  # 0 <= fairness < 1: more for who was asked less (and longer ago)

    @property
    def weight(self) -> float:
        return RANK[self.kind] * STEP + self.fit + self.fairness


class Pair(NamedTuple):
    """What is known about one person and one klus of the round when it closes."""

    klus: int
    hours: float  # the klus's hours per week
    free: float  # the person's free hours per week in the klus's period
    score: float  # the matcher's score
    fits: bool  # at or above the invitation threshold, as their profile's preference says
    own_department: bool  # the klus is of their own department (and organisation)
    may: bool  # within reach and dates, not the owner, not asked before (or holding its invitation)


def person_options(person: int, mode: str, ticked: set[int], held: set[int], pairs: Iterable[Pair],
                   fairness_: float = 0.0) -> tuple[list[Option], str | None]:
    """What `person` opted into and could take. `mode` is their answer ("" = only what
    they ticked, surprise, own_department, pass); a held invitation always counts as a
    specific choice, "pass" drops the rest. Returns the options and, when there are none,
    why (`hours`, `cannot`, `no_fit` — or `closed`: they chose nothing still open)."""
    out: list[Option] = []
    opted = False
    why: str | None = None
    for pair in pairs:
        if pair.klus in held or (mode != "pass" and pair.klus in ticked):
            kind = "chosen"
        elif mode == "surprise" and pair.fits:
            kind = "surprise"
        elif mode == "own_department" and pair.own_department and pair.fits:
            kind = "own_department"
        else:
            continue
        opted = True
        if not pair.may:
            why = why or "cannot"
        elif pair.free < pair.hours:
            why = "hours"
        else:
            out.append(Option(person, pair.klus, kind, fit_percent(pair.score), fairness_))
    if out:
        return out, None
    if not opted:
        return [], "no_fit" if mode in ("surprise", "own_department") else "closed"
    return [], why


def assign(weights: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[Assignment]:
    """The assignment of people to klussen with the highest total weight: every (person,
    klus) pair in `weights` is allowed (and only those), each klus takes at most
    `places[klus]` people, each person at most one klus; pairs of weight ≤ 0 are never
    made. Solved exactly as a sparse bipartite matching of people to place slots
    (`scipy.sparse.csgraph.min_weight_full_bipartite_matching`, LAPJVsp), with one
    stand-in per slot of negligible weight so that a slot may stay empty. The same input
    gives the same result every time."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    pairs = {(p, k): w for (p, k), w in weights.items() if w > 0 and places.get(k, 0) > 0}
    if not pairs:
        return []
    count = len(pairs)
    person_ids = np.fromiter((p for p, _ in pairs), dtype=np.int64, count=count)
    klus_ids = np.fromiter((k for _, k in pairs), dtype=np.int64, count=count)
    w = np.fromiter(pairs.values(), dtype=np.float64, count=count)
    order = np.lexsort((klus_ids, person_ids))  # by person, then klus: the same input, the same graph
    person_ids, klus_ids, w = person_ids[order], klus_ids[order], w[order]
    people, row = np.unique(person_ids, return_inverse=True)
    klussen, col_of, wanted = np.unique(klus_ids, return_inverse=True, return_counts=True)
    slots_per = np.minimum(np.array([places[int(k)] for k in klussen]), wanted)  # no more slots than takers
    first = np.concatenate(([0], np.cumsum(slots_per)[:-1]))
    slots = np.repeat(klussen, slots_per)
    rows, cols, values = [], [], []
    for copy in range(int(slots_per.max())):  # each pair once per slot of its klus
        mask = copy < slots_per[col_of]
        rows.append(row[mask])
        cols.append(first[col_of[mask]] + copy)
        values.append(w[mask])
    n, m = len(people), len(slots)
    rows.append(np.arange(n, n + m))  # a stand-in per slot, worth less than any pair: the slot may stay empty
    cols.append(np.arange(m))
    values.append(np.full(m, w.min() * 1e-9))
    graph = csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n + m, m))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph, maximize=True)
    out = [Assignment(int(people[r]), int(slots[c]), float(pairs[int(people[r]), int(slots[c])]))
           for r, c in zip(matched_rows, matched_cols) if r < n]
    return sorted(out, key=lambda a: (a.klus, a.person))


def greedy(weights: Mapping[tuple[int, int], float], places: Mapping[int, int]) -> list[Assignment]:
    """Best pair first, as long as the person is free and the klus has a place (for comparison)."""
    left = dict(places)
    taken: set[int] = set()
    out = []
    for (p, k), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        if w > 0 and p not in taken and left.get(k, 0) > 0:
            taken.add(p)
            left[k] -= 1
            out.append(Assignment(p, k, w))
    return out


def weights_of(options: Iterable[Option]) -> dict[tuple[int, int], float]:
    return {(o.person, o.klus): o.weight for o in options}


def share_out(options: Iterable[Option], places: Mapping[int, int]) -> list[Assignment]:
    """Who gets which place: the exact optimum over the options' weights (kind, fit, fairness)."""
    return assign(weights_of(options), places)


def explain(options: Iterable[Option], placed: Iterable[Assignment], places: Mapping[int, int]) -> dict:
    """Why each place went where it went, in ids (rendered for the office by `result_card`):

    - per klus: who was placed (fit, kind), how many places stay open and why (`nobody`
      opted into it; everyone who did was placed `elsewhere`), and every higher-fit
      chooser passed over for a lower-fit one, with the reason (`why`);
    - per person who opted into something and got nothing: their best option and why.

    Reasons: `elsewhere` (placed on `other`), `kind` (those placed chose the klus more
    specifically), `fit` (those placed fit better), `fairness` (equal fit; asked less),
    `split` (the exact split fills more places or fits better in total)."""
    options = list(options)
    by_pair = {(o.person, o.klus): o for o in options}
    got = {a.person: a.klus for a in placed}
    wanted: dict[int, list[Option]] = defaultdict(list)
    for o in options:
        wanted[o.klus].append(o)
    takers: dict[int, list[Option]] = defaultdict(list)
    for person, klus in got.items():
        takers[klus].append(by_pair[person, klus])

    def why(o: Option) -> dict:
        if o.person in got:
            return {"why": "elsewhere", "other": got[o.person]}
        those = takers.get(o.klus, [])
        if any(RANK[t.kind] > RANK[o.kind] for t in those):
            return {"why": "kind"}
        if any(t.fit > o.fit for t in those):
            return {"why": "fit", "best_fit": min(t.fit for t in those if t.fit > o.fit)}
        if any(t.fit == o.fit for t in those):
            return {"why": "fairness"}
        return {"why": "split"}

    klussen = []
    for k in sorted(places):
        mine = sorted(takers.get(k, []), key=lambda o: -o.weight)
        lowest = min((t.fit for t in mine), default=None)
        passed = [{"person": o.person, "fit": o.fit, "kind": o.kind, **why(o)}
                  for o in sorted(wanted.get(k, []), key=lambda o: -o.weight)
                  if got.get(o.person) != k and lowest is not None and o.fit > lowest]
        entry = {"klus": k, "free": places[k], "open": places[k] - len(mine), "passed_over": passed,
                 "placed": [{"person": o.person, "fit": o.fit, "kind": o.kind} for o in mine]}
        if entry["open"] > 0:
            entry["open_why"] = "nobody" if not wanted.get(k) else "elsewhere"
        klussen.append(entry)
    nothing = []
    best: dict[int, Option] = {}
    for o in options:
        if o.person not in got and (o.person not in best or o.weight > best[o.person].weight):
            best[o.person] = o
    for person in sorted(best):
        o = best[person]
        nothing.append({"person": person, "klus": o.klus, "fit": o.fit, "kind": o.kind, **why(o)})
    return {"klussen": klussen, "nothing": nothing}


def total_weight(assignments: Iterable[Assignment]) -> float:
    return math.fsum(a.weight for a in assignments)



def fit_percent(score: float) -> int:
    """A matcher score as the fit people see: 0-100 %, never more."""
    return int(round(min(max(score, 0.0), 1.0) * 100))

