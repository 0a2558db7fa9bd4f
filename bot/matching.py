"""Rank people for a klus by the skills asked: a pure module (no database, no chat).

How to call it::

    from bot.matching import Candidate, Matcher

    matcher = Matcher()
    matcher.upsert(Candidate(id=7, skills=["Python", "Power BI"], wants=["SQL"],
                             title="Beleidsmedewerker"))
    for match in matcher.rank(["PowerBI", "sql"], title="Data-analist", limit=10):
        match.id, match.score          # 0..1, higher is better
        match.hits                     # [Hit(asked="PowerBI", matched="Power BI", kind="has", sim=100), ...]

`rank(..., allowed={...})` restricts the ranking to those ids (the database decides who
is eligible: visible, free hours, not yet asked). `upsert`/`remove` update the index in
place, so a profile edit shows up in the next ranking without a rebuild.

Scoring: every asked skill weighs the same. A skill the person *has* counts fully (times
the similarity), a skill they *want to learn* counts `WANT_WEIGHT` (a labelled "stretch"
match); the best of the two counts per asked skill. A job title close to the klus title
adds up to `TITLE_WEIGHT`. Terms are compared after normalising case, accents,
punctuation and spacing ("PowerBI" = "Power BI", "data analyse" = "data-analyse") with
rapidfuzz, against the *distinct* terms in the pool, so the cost grows with the
vocabulary, not with the number of people.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

WANT_WEIGHT = 0.5
TITLE_WEIGHT = 0.15
SIM_CUTOFF = 80.0
TITLE_CUTOFF = 75.0

_NON_WORD = re.compile(r"[^0-9a-z+#]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


def compact(text: str) -> str:
    """The comparison key: folded, without spaces ("Power-BI" -> "powerbi")."""
    return fold(text).replace(" ", "")


def split_terms(text: str) -> list[str]:
    """Split a free-text skill list on commas, semicolons, slashes and 'en'/'and'."""
    parts = re.split(r"[,;/\n]|\s+(?:en|and|&)\s+", text or "")
    seen: dict[str, str] = {}
    for part in parts:
        term = part.strip(" .-*•\t")
        key = compact(term)
        if key and key not in seen:
            seen[key] = term
    return list(seen.values())


def similarity(a: str, b: str) -> float:
    """0..100: how alike two skill terms are after normalising."""
    ka, kb = compact(a), compact(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    return max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(fold(a), fold(b)), _containment(fold(a), fold(b)))


def _containment(fa: str, fb: str) -> float:
    """A multi-word term wholly inside another ("power bi" in "power bi dashboards")."""
    ta, tb = set(fa.split()), set(fb.split())
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not small or small == large or not small <= large or len(large) < 2:
        return 0.0
    if sum(len(w) for w in small) < 3:
        return 0.0
    share = sum(len(w) for w in small) / sum(len(w) for w in large)
    return 80.0 + 15.0 * share


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


class _Vocabulary:
    """Distinct terms of one kind with, per term, the dense indexes of people holding it."""

    def __init__(self) -> None:
        self.keys: list[str] = []  # compact key per term id
        self.folded: list[str] = []
        self.display: list[str] = []
        self.by_key: dict[str, int] = {}
        self.postings: list[set[int]] = []
        self._arrays: dict[int, np.ndarray] = {}
        self._sim_cache: dict[str, list[tuple[int, float]]] = {}

    def add(self, term: str, idx: int) -> int:
        key = compact(term)
        tid = self.by_key.get(key)
        if tid is None:
            tid = len(self.keys)
            self.by_key[key] = tid
            self.keys.append(key)
            self.folded.append(fold(term))
            self.display.append(term.strip())
            self.postings.append(set())
            self._sim_cache.clear()
        self.postings[tid].add(idx)
        self._arrays.pop(tid, None)
        return tid

    def discard(self, tid: int, idx: int) -> None:
        self.postings[tid].discard(idx)
        self._arrays.pop(tid, None)

    def array(self, tid: int) -> np.ndarray:
        arr = self._arrays.get(tid)
        if arr is None:
            arr = np.fromiter(self.postings[tid], dtype=np.int64, count=len(self.postings[tid]))
            self._arrays[tid] = arr
        return arr

    def similar(self, term: str, cutoff: float = SIM_CUTOFF) -> list[tuple[int, float]]:
        """Term ids alike to `term`, with their similarity (cached until the vocabulary grows)."""
        key = compact(term)
        if not key:
            return []
        cached = self._sim_cache.get(key)
        if cached is not None:
            return cached
        found: dict[int, float] = {}
        exact = self.by_key.get(key)
        if exact is not None:
            found[exact] = 100.0
        for _, score, tid in process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            found[tid] = max(found.get(tid, 0.0), float(score))
        folded = fold(term)
        if " " in folded or len(self.keys) < 5000:
            for _, score, tid in process.extract(folded, self.folded, scorer=fuzz.token_set_ratio,
                                                 score_cutoff=cutoff, limit=None):
                sim = max(fuzz.token_sort_ratio(folded, self.folded[tid]), _containment(folded, self.folded[tid]))
                if sim >= cutoff:
                    found[tid] = max(found.get(tid, 0.0), sim)
        result = sorted(found.items(), key=lambda kv: -kv[1])
        self._sim_cache[key] = result
        return result


class Matcher:
    """An in-memory index of candidates, updated in place, ranked per klus."""

    def __init__(self) -> None:
        self._index: dict[int, int] = {}  # candidate id -> dense idx
        self._ids: list[int] = []
        self._alive: list[bool] = []
        self._terms: list[tuple[list[int], list[int], int | None]] = []
        self.has = _Vocabulary()
        self.wants = _Vocabulary()
        self.titles = _Vocabulary()

    def __len__(self) -> int:
        return len(self._index)

    def upsert(self, candidate: Candidate) -> None:
        idx = self._index.get(candidate.id)
        if idx is None:
            idx = len(self._ids)
            self._index[candidate.id] = idx
            self._ids.append(candidate.id)
            self._alive.append(True)
            self._terms.append(([], [], None))
        else:
            self._unlink(idx)
            self._alive[idx] = True
        has = [self.has.add(t, idx) for t in candidate.skills if compact(t)]
        wants = [self.wants.add(t, idx) for t in candidate.wants if compact(t)]
        title = self.titles.add(candidate.title, idx) if compact(candidate.title) else None
        self._terms[idx] = (has, wants, title)

    def remove(self, candidate_id: int) -> None:
        idx = self._index.pop(candidate_id, None)
        if idx is not None:
            self._unlink(idx)
            self._alive[idx] = False
            self._terms[idx] = ([], [], None)

    def _unlink(self, idx: int) -> None:
        has, wants, title = self._terms[idx]
        for tid in has:
            self.has.discard(tid, idx)
        for tid in wants:
            self.wants.discard(tid, idx)
        if title is not None:
            self.titles.discard(title, idx)

    def rank(self, skills: Iterable[str], title: str = "", limit: int | None = 20,
             allowed: Iterable[int] | None = None, min_score: float = 0.0) -> list[Match]:
        asked = [s for s in skills if compact(s)]
        n = len(self._ids)
        if n == 0 or (not asked and not compact(title)):
            return []
        total = np.zeros(n, dtype=np.float32)
        per_skill = []
        for term in asked:
            best_has = self._best(self.has, term)
            best_want = self._best(self.wants, term)
            contribution = np.maximum(best_has, best_want * WANT_WEIGHT)
            total += contribution / max(len(asked), 1)
            per_skill.append((term, best_has, best_want))
        if compact(title):
            best_title = self._best(self.titles, title, TITLE_CUTOFF)
            total += best_title * (TITLE_WEIGHT if asked else 1.0)
        mask = np.asarray(self._alive, dtype=bool)
        if allowed is not None:
            allowed_mask = np.zeros(n, dtype=bool)
            idxs = [self._index[i] for i in allowed if i in self._index]
            allowed_mask[idxs] = True
            mask &= allowed_mask
        total[~mask] = 0.0
        hits_idx = np.flatnonzero(total >= max(min_score, 1e-6))
        if limit is not None and len(hits_idx) > limit:
            part = np.argpartition(-total[hits_idx], limit - 1)[:limit]
            hits_idx = hits_idx[part]
        order = sorted(hits_idx.tolist(), key=lambda i: (-float(total[i]), self._ids[i]))
        return [Match(self._ids[i], round(float(total[i]), 4), self._explain(i, asked, title)) for i in order]

    def _best(self, vocab: _Vocabulary, term: str, cutoff: float = SIM_CUTOFF) -> np.ndarray:
        best = np.zeros(len(self._ids), dtype=np.float32)
        for tid, sim in vocab.similar(term, cutoff):
            holders = vocab.array(tid)
            if holders.size:
                np.maximum.at(best, holders, sim / 100.0)
        return best

    def _explain(self, idx: int, asked: list[str], title: str) -> list[Hit]:
        has, wants, title_tid = self._terms[idx]
        hits: list[Hit] = []
        for term in asked:
            hit = self._best_hit(term, has, self.has, "has") or self._best_hit(term, wants, self.wants, "wants")
            if hit:
                hits.append(hit)
        if compact(title) and title_tid is not None:
            sim = dict(self.titles.similar(title, TITLE_CUTOFF)).get(title_tid)
            if sim:
                hits.append(Hit(title, self.titles.display[title_tid], "title", sim))
        return hits

    @staticmethod
    def _best_hit(term: str, tids: list[int], vocab: _Vocabulary, kind: str) -> Hit | None:
        sims = dict(vocab.similar(term))
        best = max(((sims[t], t) for t in tids if t in sims), default=None)
        if best is None:
            return None
        return Hit(term, vocab.display[best[1]], kind, best[0])


def rank(skills: Iterable[str], candidates: Iterable[Candidate], title: str = "",
         limit: int | None = 20, min_score: float = 0.0) -> list[Match]:
    """One-shot ranking of `candidates` (builds a throw-away index)."""
    matcher = Matcher()
    for candidate in candidates:
        matcher.upsert(candidate)
    return matcher.rank(skills, title=title, limit=limit, min_score=min_score)


def recognise(text: str, known: Iterable[str], max_words: int = 4) -> list[str]:
    """Known skill terms mentioned in free text (title, description), in order of appearance.

    Word n-grams of the text are compared with the known terms after normalising; exact
    matches always count, near matches (typos) only for terms of five letters or more.
    """
    by_key: dict[str, str] = {}
    for term in known:
        key = compact(term)
        if len(key) >= 2:
            by_key.setdefault(key, term.strip())
    if not by_key:
        return []
    keys = list(by_key)
    words = fold(text).split()
    found: dict[str, int] = {}
    covered: set[int] = set()
    for size in range(max_words, 0, -1):
        for start in range(0, len(words) - size + 1):
            span = range(start, start + size)
            if any(i in covered for i in span):
                continue
            gram = "".join(words[start:start + size])
            term = by_key.get(gram)
            if term is None and len(gram) >= 5:
                best = process.extractOne(gram, keys, scorer=fuzz.ratio, score_cutoff=90)
                if best is not None and len(best[0]) >= 5:
                    term = by_key[best[0]]
            if term is not None and term not in found:
                found[term] = start
                covered.update(span)
    return sorted(found, key=found.get)
