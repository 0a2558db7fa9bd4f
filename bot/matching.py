"""Rank people for a klus by the skills asked: a pure module (no database, no chat).

How to call it::

    from bot.matching import Candidate, Matcher

    matcher = Matcher()                       # or Matcher(lexicon=...) for another word list
    matcher.upsert(Candidate(id=7, skills=["Python", "Power BI"], wants=["SQL"],
                             title="Beleidsmedewerkster"))
    for match in matcher.rank(["PowerBI", "sql"], title="medewerker beleid", limit=10):
        match.id, match.score          # higher is better: 0..1 for the skills, + up to 0.15 for the title
        match.hits                     # [Hit(asked="PowerBI", matched="Power BI", kind="has", sim=100), ...]

    matcher.scores(["SQL"])                   # {id: score} for everyone scoring, unordered (rounds)
    matching.rank(["SQL"], [Candidate(1, ["sql"])])     # one-shot, without keeping an index
    matching.similarity("notulist", "notuleren")        # 0..100 for two terms

Candidates are `(id, skills, wants, title)`; skills and wants are lists of terms or one
free-text string ("Python, SQL"). `rank(..., allowed={...})` restricts the ranking to
those ids (the database decides who is eligible: visible, free hours, not yet asked);
`cutoff`/`title_cutoff` set how alike a term must be to count fully. `upsert`/`remove` update
the index in place, so a profile edit shows up in the next ranking without a rebuild.

Scoring: every asked skill weighs the same. A skill the person *has* counts fully (times
the similarity), a skill they *want to learn* counts `WANT_WEIGHT` (a labelled "stretch"
match); the best of the two counts per asked skill (an asked skill written twice counts
once). A skill less alike than `cutoff` (`SIM_CUTOFF`) but at least `PARTIAL_FLOOR` is a
*partial* match: it counts `PARTIAL_SHARE` of its likeness (at most 0.08), so it ranks
in proportion — exact above related above unrelated — but below every real match, never
reaches the invitation floor (`FLEXPOOL_MIN_MATCH_SCORE`, halved for surprises: 0.125)
and is no `Hit` (no reason shown). A job title close to the klus title adds up to
`TITLE_WEIGHT`; with no skills asked it counts fully, and the title is then asked as a
skill too, the best of the two counting (a klus titled "Notulist" finds "notuleren"). Scores are rounded to 4 decimals and equal scores are ordered
by id, so a ranking never depends on the order people were added in. `Hit.matched` is
the term as that person typed it.

How alike two terms are (0..100) is the best of these views:

- *Spelling* (rapidfuzz): case, accents, punctuation and spacing normalised ("PowerBI" =
  "Power BI"), typos forgiven ("Pyhton") — but two words the Dutch word list knows are
  different words, not typos ("kistenmaker", "kastenmaker"), nor are two names
  (`bot/data/nl_names.txt`: "Zweeds", "Zwitsers") or, in terms of as many words, a word
  with no near spelling in the other ("Brabants schrijven", "Waals schrijven") — and, for skills, a term
  inside a longer one ("SQL" in "SQL Server"). Below `SPELLING_FLOOR` (job titles:
  `TITLE_SPELLING_FLOOR`) a likeness in spelling counts for nothing.
- *Meaning* (`bot.lexicon`): both terms read as Dutch word parts — compounds split
  ("beleidsmedewerker" ~ "medewerker beleid"), plurals and female forms folded
  (medewerkers, medewerkster), one family of word formation joined (notulist ~ notuleren
  ~ notulen: `bot.lexicon.family`), synonyms and abbreviations joined (AVG ~ GDPR,
  inkoop ~ procurement) — and compared as a weighted Dice overlap, each part weighted by how rare
  it is among the terms in the pool (IDF), times a small spelling factor so the exact
  wording still ranks first. An unknown word part stands for a known one spelled alike
  ("projectmanagment" ~ "project management"). A term is read twice, as written and with
  every compound by its own parts (a compound in a synonym set as a whole, "informatiebeveiliging",
  is still a beveiliging), and the better reading counts. Terms also find terms with words
  loosely related to theirs (`Lexicon.related`, Open Dutch WordNet: verbruik ~ consumptie),
  at `TITLE_RELATED_WEIGHT` / `SKILL_RELATED_WEIGHT` of those words.
- *Letters* (job titles only, when no skills are asked): the TF-IDF cosine of the words'
  letter n-grams, times `TITLE_GRAM_SHARE`, so a title sharing a stem but no word part
  ("statisticus", "statistiek medewerker") still ranks, below those sharing parts.
  A job title alone also borrows, as pseudo-relevance feedback, the word parts most common
  among the best titles it found (`TITLE_FEEDBACK_DOCS`, `TITLE_FEEDBACK_PARTS`), asked
  at `TITLE_FEEDBACK_WEIGHT` of their share there, and compares again: a title sharing
  those ("jurist" → "medewerker juridische zaken" when the best juristen work there) ranks too.

The cost grows with the number of *distinct* terms in the pool, not with the number of
people: every distinct term is analysed once when it first appears, and asked terms are
compared with the vocabulary through a key list, a word index and an index of word parts.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from bot.lexicon import Lexicon, default_lexicon, fold
from bot.terms import as_terms, compact, distinct, recognise, similarity, split_terms
from bot.vocabulary import PARTIAL_HITS, SIM_CUTOFF, TITLE_SPELLING_FLOOR, Vocabulary

WANT_WEIGHT = 0.5
TITLE_WEIGHT = 0.15
PARTIAL_FLOOR = 20.0  # ... one less alike but at least this ranks too ...
PARTIAL_SHARE = 0.1  # ... counting this share of its likeness: at most 0.08, below every invitation floor ...
PARTIAL_TERMS = 30  # ... the most alike this many terms partially matching an asked one, no more (speed)
TITLE_CUTOFF = 40.0  # a title only adds a little, so a related one may too ("beleidsadviseur" for "beleidsmedewerker")
TITLE_GRAM_SHARE = 0.9  # job titles: how much a likeness in letters (n-gram cosine, 0..1) counts, as 0..100 × this
TITLE_RELATED_WEIGHT = 0.3  # a job title's word loosely related to the asked one's (Lexicon.related) counts this much
SKILL_RELATED_WEIGHT = 0.3  # the same for a skill's word (verbruik ~ consumptie): a partial match, mostly

__all__ = [
    "WANT_WEIGHT", "TITLE_WEIGHT", "SIM_CUTOFF", "PARTIAL_FLOOR", "PARTIAL_SHARE", "TITLE_CUTOFF", "Candidate", "Hit",
    "Match", "Matcher", "compact", "fold", "rank", "recognise", "similarity", "split_terms",
]


@dataclass(frozen=True)
class Candidate:
    id: int
    skills: Sequence[str] = ()
    wants: Sequence[str] = ()
    title: str = ""


@dataclass(frozen=True)
class Hit:
    asked: str
    matched: str
    kind: str  # "has" | "wants" | "title"
    sim: float


@dataclass
class Match:
    id: int
    score: float
    hits: list[Hit] = field(default_factory=list)

    @property
    def has(self) -> list[Hit]:
        return [h for h in self.hits if h.kind == "has"]

    @property
    def wants(self) -> list[Hit]:
        return [h for h in self.hits if h.kind == "wants"]


class _IdMap:
    """Candidate id -> dense index: a flat array for small non-negative ints, a dict otherwise."""

    FLAT_LIMIT = 1 << 26

    def __init__(self) -> None:
        self._flat = array("i")
        self._other: dict[object, int] = {}
        self.count = 0

    def get(self, key: object) -> int | None:
        if type(key) is int and 0 <= key < self.FLAT_LIMIT:
            if key < len(self._flat):
                idx = self._flat[key]
                return idx if idx >= 0 else None
            return None
        return self._other.get(key)

    def set(self, key: object, idx: int) -> None:
        if type(key) is int and 0 <= key < self.FLAT_LIMIT:
            if key >= len(self._flat):
                self._flat.extend([-1] * max(key + 1 - len(self._flat), len(self._flat) // 2))
            if self._flat[key] < 0:
                self.count += 1
            self._flat[key] = idx
        else:
            if key not in self._other:
                self.count += 1
            self._other[key] = idx

    def pop(self, key: object) -> int | None:
        idx = self.get(key)
        if idx is None:
            return None
        if type(key) is int and 0 <= key < self.FLAT_LIMIT:
            self._flat[key] = -1
        else:
            del self._other[key]
        self.count -= 1
        return idx


class Matcher:
    """An in-memory index of candidates, updated in place, ranked per klus."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self._index = _IdMap()  # candidate id -> dense idx
        self._ids: array | list = array("q")  # per dense idx: the candidate id (a list once an id is no int)
        self._alive = bytearray()  # per dense idx: 1 while the candidate is in the index
        # What each candidate holds, flat: spelling ids of has, then wants, then the title.
        self._held = array("i")
        self._start = array("I")  # per dense idx: where their run starts in _held
        self._counts = array("H")  # per dense idx: 3 counts (has, wants, title)
        self._garbage = 0
        self._spelling_ids: dict[str, int] = {}  # as typed -> spelling id
        self._spelling_text: list[str] = []  # per spelling id: as typed, stripped
        self._spelling_term = array("i")  # per spelling id, three: its term id in has, wants, titles (-1: none)
        self.has = Vocabulary(self.lexicon, related_weight=SKILL_RELATED_WEIGHT, partial_hits=PARTIAL_HITS)
        self.wants = Vocabulary(self.lexicon, related_weight=SKILL_RELATED_WEIGHT, partial_hits=PARTIAL_HITS)
        # Job titles are compared as wholes, by meaning; spelling only forgives typos there:
        # a "medewerker" is no "medewerker archief", a "medewerker post" even less.
        self.titles = Vocabulary(self.lexicon, containment=False, spelling_floor=TITLE_SPELLING_FLOOR,
                                  related_weight=TITLE_RELATED_WEIGHT, gram_share=TITLE_GRAM_SHARE)
        self._vocabs = (self.has, self.wants, self.titles)
        self._work: tuple[np.ndarray, np.ndarray] | None = None  # scoring buffers (see _buffers) ...
        self._work_lock = threading.Lock()  # ... one ranking at a time uses them

    def __len__(self) -> int:
        return self._index.count

    def __contains__(self, candidate_id: object) -> bool:
        return self._index.get(candidate_id) is not None

    def clear_cache(self) -> None:
        """Forget the similarities remembered per asked term (they refill on the next rank)."""
        for vocab in self._vocabs:
            vocab.clear_cache()

    # --- the index --------------------------------------------------------------------

    def _spelling(self, typed: str, kind: int) -> int | None:
        """The spelling id of `typed` in vocabulary `kind` (0 has, 1 wants, 2 titles), added if new."""
        sid = self._spelling_ids.get(typed)
        if sid is None:
            if not compact(typed):
                return None
            sid = len(self._spelling_text)
            self._spelling_ids[typed] = sid
            self._spelling_text.append(typed.strip())
            self._spelling_term.extend((-1, -1, -1))
        if self._spelling_term[3 * sid + kind] < 0:
            self._spelling_term[3 * sid + kind] = self._vocabs[kind].term_id(typed)
        return sid

    def upsert(self, candidate: Candidate) -> None:
        """Add a candidate, or replace what the index knows about them."""
        idx = self._index.get(candidate.id)
        if idx is None:
            idx = len(self._ids)
            self._index.set(candidate.id, idx)
            try:
                self._ids.append(candidate.id)
            except (TypeError, OverflowError):
                self._ids = list(self._ids) + [candidate.id]
            self._alive.append(1)
            self._start.append(len(self._held))
            self._counts.extend((0, 0, 0))
        else:
            self._unlink(idx)
            self._alive[idx] = 1
        runs = []
        for kind, terms in enumerate((as_terms(candidate.skills), as_terms(candidate.wants),
                                      [candidate.title] if isinstance(candidate.title, str) else [])):
            seen: set[int] = set()
            run = []
            for typed in terms:
                sid = self._spelling(typed, kind)
                if sid is None:
                    continue
                run.append(sid)
                tid = self._spelling_term[3 * sid + kind]
                if tid not in seen:
                    seen.add(tid)
                    self._vocabs[kind].add(tid, idx)
            runs.append(run)
        start = len(self._held)
        for run in runs:
            self._held.extend(run)
        self._start[idx] = start
        self._counts[3 * idx:3 * idx + 3] = array("H", (min(len(r), 65535) for r in runs))
        if self._garbage > len(self._held) // 2 + 1_000_000:
            self._compact()

    def remove(self, candidate_id: int) -> None:
        idx = self._index.pop(candidate_id)
        if idx is not None:
            self._unlink(idx)
            self._alive[idx] = 0

    def _runs(self, idx: int) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
        start = self._start[idx]
        n_has, n_wants, n_title = self._counts[3 * idx:3 * idx + 3]
        held = self._held
        return (held[start:start + n_has], held[start + n_has:start + n_has + n_wants],
                held[start + n_has + n_wants:start + n_has + n_wants + n_title])

    def _unlink(self, idx: int) -> None:
        for kind, run in enumerate(self._runs(idx)):
            for tid in {self._spelling_term[3 * sid + kind] for sid in run}:
                self._vocabs[kind].discard(tid, idx)
        self._garbage += sum(self._counts[3 * idx:3 * idx + 3])
        self._counts[3 * idx:3 * idx + 3] = array("H", (0, 0, 0))

    def _compact(self) -> None:
        held = array("i")
        for idx in range(len(self._ids)):
            start = self._start[idx]
            self._start[idx] = len(held)
            held.extend(self._held[start:start + sum(self._counts[3 * idx:3 * idx + 3])])
        self._held = held
        self._garbage = 0

    # --- ranking ----------------------------------------------------------------------

    def rank(self, skills: Iterable[str], title: str = "", limit: int | None = 20,
             allowed: Iterable[int] | None = None, min_score: float = 0.0,
             cutoff: float = SIM_CUTOFF, title_cutoff: float = TITLE_CUTOFF, explain: bool = True) -> list[Match]:
        """The best candidates for a klus asking `skills` (and titled `title`), best first.

        Equal scores are ordered by candidate id, so the same question gets the same answer.
        `explain=False` leaves `Match.hits` empty (faster when only the scores matter).
        """
        asked, title = distinct(as_terms(skills)), title if isinstance(title, str) else ""
        if limit is not None and limit <= 0:
            return []
        chosen, score, sims = self._score(asked, title, allowed, min_score, cutoff, title_cutoff, limit)
        ids = self._ids
        order = sorted(zip(score.tolist(), chosen.tolist()), key=lambda si: (-si[0], ids[si[1]]))[:limit]
        return [Match(ids[i], s, self._explain(i, asked, title, sims, cutoff) if explain else []) for s, i in order]

    def scores(self, skills: Iterable[str], title: str = "", allowed: Iterable[int] | None = None,
               min_score: float = 0.0, cutoff: float = SIM_CUTOFF, title_cutoff: float = TITLE_CUTOFF,
               keep: Iterable[object] = ()) -> dict[object, float]:
        """Candidate id -> score for everyone scoring above 0 (and `min_score`, but for the
        ids in `keep`), unordered: the scores `rank(..., limit=None)` gives, without sorting
        or explaining (a matching round scores everyone against every klus)."""
        asked, title = distinct(as_terms(skills)), title if isinstance(title, str) else ""
        kept = [i for i in map(self._index.get, keep) if i is not None]
        chosen, score, _ = self._score(asked, title, allowed, 0.0 if kept else min_score, cutoff, title_cutoff)
        if kept and min_score > 0:
            wanted = (score >= min_score) | np.isin(chosen, np.asarray(kept, dtype=chosen.dtype))
            chosen, score = chosen[wanted], score[wanted]
        ids = self._ids
        return {ids[i]: s for i, s in zip(chosen.tolist(), score.tolist())}

    def _score(self, asked: list[str], title: str, allowed: Iterable[int] | None, min_score: float,
               cutoff: float, title_cutoff: float, limit: int | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
        """(dense idxs, their scores, the similarities per asked term) of everyone scoring or,
        with a `limit`, of everyone scoring at least the limit-th best score (so ties at the
        cut can be ordered by id), unordered."""
        n = len(self._ids)
        sims: dict[tuple[str, str], dict[int, float]] = {}
        if n == 0 or (not asked and not compact(title)):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), sims
        parts = []  # per asked term (and the title): [(value, holders)], and its divisor
        floor = min(cutoff, PARTIAL_FLOOR)  # a partial match ranks, at PARTIAL_SHARE (see _values)
        for term in asked:
            sims["has", term] = _capped(self.has.similar(term, floor), cutoff)
            sims["wants", term] = _capped(self.wants.similar(term, floor), cutoff)
            parts.append((self._values(self.has, sims["has", term], 1.0, cutoff)
                          + self._values(self.wants, sims["wants", term], WANT_WEIGHT, cutoff), len(asked)))
        if compact(title):
            # with skills asked the title only adds a little, by spelling and meaning; alone it
            # counts fully, and a likeness in letters finds more (see Vocabulary._by_grams)
            sims["title", title] = dict(self.titles.similar(title, title_cutoff, letters=not asked))
            values = self._values(self.titles, sims["title", title], TITLE_WEIGHT if asked else 1.0, 0.0)
            if not asked:  # a klus titled "Notulist" asks for notuleren too: the best of title and skills counts
                sims["has", title] = _capped(self.has.similar(title, floor), cutoff)
                sims["wants", title] = _capped(self.wants.similar(title, floor), cutoff)
                values += (self._values(self.has, sims["has", title], 1.0, cutoff)
                           + self._values(self.wants, sims["wants", title], WANT_WEIGHT, cutoff))
            parts.append((values, 1))
        shared = self._work_lock.acquire(blocking=False)  # another thread ranking: buffers of its own
        total = best = None
        try:
            total, best = self._buffers(n) if shared else (np.zeros(n), np.zeros(n))
            for values, divisor in parts:
                self._add(total, best, values, divisor)
            # scores have 4 decimals (np.round(x, 4) is rint(x × 10 000) / 10 000): in steps of
            # 1/10 000, in place; everyone reached scores above 0 before rounding
            steps = np.rint(np.multiply(total, 10_000.0, out=total), out=total)
            keep = (steps > 0) & np.frombuffer(self._alive, dtype=np.bool_)
            if allowed is not None:
                allowed_mask = np.zeros(n, dtype=np.bool_)
                allowed_mask[[i for i in (self._index.get(a) for a in allowed) if i is not None]] = True
                keep &= allowed_mask
            if limit is not None and np.count_nonzero(keep) > limit:
                # the limit-th best score: counted per step, the best first, where the count
                # reaches the limit (cheaper than a partition); min_score only removes more
                counted = steps.astype(np.intp)
                counted *= keep
                counts = np.cumsum(np.bincount(counted)[:0:-1])
                cut = len(counts) - int(np.searchsorted(counts, limit))
                chosen = np.flatnonzero(counted >= cut)
            else:
                chosen = np.flatnonzero(keep)
            score = steps[chosen] / 10_000.0
        except BaseException:
            if shared and best is not None:  # (left clean by _add, unless interrupted)
                best.fill(0.0)
            raise
        finally:
            if shared:  # clean for the next ranking
                if total is not None:
                    total.fill(0.0)
                self._work_lock.release()
        if min_score > 0:
            chosen, score = chosen[score >= min_score], score[score >= min_score]
        return chosen, score, sims

    def _buffers(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The shared scoring buffers (under `_work_lock`), n long and all zero: the running
        total, and one asked term's best value per person."""
        if self._work is None or len(self._work[0]) < n:
            room = n + n // 8 + 1024  # a few new profiles later, no new buffers yet
            self._work = (np.zeros(room, dtype=np.float64), np.zeros(room, dtype=np.float64))
        return self._work[0][:n], self._work[1][:n]

    @staticmethod
    def _values(vocab: Vocabulary, sims: dict[int, float], weight: float,
                cutoff: float) -> list[tuple[float, np.ndarray]]:
        """(similarity as 0..1 times `weight`, holders) per term in `sims` somebody holds;
        below `cutoff` a partial match, counting `PARTIAL_SHARE` of that."""
        out = []
        for tid, sim in sims.items():
            holders = vocab.holders(tid)
            if holders.size:
                out.append((sim / 100.0 * weight * (1.0 if sim >= cutoff else PARTIAL_SHARE), holders))
        return out

    @staticmethod
    def _add(total: np.ndarray, best: np.ndarray, values: list[tuple[float, np.ndarray]], divisor: int) -> None:
        """total += per person the best value they reach (of `values`) / divisor, through
        `best` (all zero, and left so): written in ascending order, the best writes last."""
        if not values:
            return
        reached = 0
        for value, holders in sorted(values, key=lambda vh: vh[0]):
            best[holders] = value / divisor
            reached += holders.size
        if reached * 8 > len(total):  # many: one pass over everything is cheaper
            total += best
            best.fill(0.0)
        else:
            idx = np.concatenate([holders for _, holders in values])
            total[idx] += best[idx]  # a repeated idx adds once: the same value
            best[idx] = 0.0

    def _explain(self, idx: int, asked: list[str], title: str,
                 sims: dict[tuple[str, str], dict[int, float]], cutoff: float = SIM_CUTOFF) -> list[Hit]:
        """What fitted: per asked term (and a title asked alone, as a skill) the person's best
        term at `cutoff` at least (a partial match ranks, but is no reason to ask someone), and
        their title."""
        has, wants, titles = self._runs(idx)
        hits: list[Hit] = []
        for term in asked or ([title] if ("has", title) in sims else []):
            hit = (self._best_hit(term, has, 0, sims["has", term], "has", cutoff)
                   or self._best_hit(term, wants, 1, sims["wants", term], "wants", cutoff))
            if hit:
                hits.append(hit)
        if ("title", title) in sims:
            hit = self._best_hit(title, titles, 2, sims["title", title], "title")
            if hit:
                hits.append(hit)
        return hits

    def _best_hit(self, term: str, held: Sequence[int], kind: int, sims: dict[int, float],
                  kind_name: str, cutoff: float = 0.0) -> Hit | None:
        """The person's own term (as they typed it) that best matches `term`, at `cutoff` at least."""
        best: tuple[float, str] | None = None
        for sid in held:
            sim = sims.get(self._spelling_term[3 * sid + kind])
            if sim is not None and sim >= cutoff and (best is None or sim > best[0]):
                best = (sim, self._spelling_text[sid])
        return Hit(term, best[1], kind_name, round(best[0], 1)) if best else None


def _capped(similar: list[tuple[int, float]], cutoff: float) -> dict[int, float]:
    """Term id -> similarity of the terms at `cutoff` at least, and of the best
    `PARTIAL_TERMS` below it (`similar` is best first)."""
    out: dict[int, float] = {}
    partial = 0
    for tid, sim in similar:
        if sim < cutoff:
            if partial >= PARTIAL_TERMS:
                break
            partial += 1
        out[tid] = sim
    return out


def rank(skills: Iterable[str], candidates: Iterable[Candidate], title: str = "",
         limit: int | None = 20, min_score: float = 0.0, lexicon: Lexicon | None = None) -> list[Match]:
    """One-shot ranking of `candidates` (builds a throw-away index)."""
    matcher = Matcher(lexicon)
    for candidate in candidates:
        matcher.upsert(candidate)
    return matcher.rank(skills, title=title, limit=limit, min_score=min_score)
