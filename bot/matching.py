"""Rank people for a klus by the skills asked: a pure module (no database, no chat).

How to call it::

    from bot.matching import Candidate, Matcher

    matcher = Matcher()
    matcher.upsert(Candidate(id=7, skills=["Python", "Power BI"], wants=["SQL"],
                             title="Beleidsmedewerker"))
    for match in matcher.rank(["PowerBI", "sql"], title="Data-analist", limit=10):
        match.id, match.score          # higher is better: 0..1 for the skills, + up to 0.15 for the title
        match.hits                     # [Hit(asked="PowerBI", matched="Power BI", kind="has", sim=100), ...]

`rank(..., allowed={...})` restricts the ranking to those ids (the database decides who
is eligible: visible, free hours, not yet asked). `upsert`/`remove` update the index in
place, so a profile edit shows up in the next ranking without a rebuild.

Scoring: every asked skill weighs the same. A skill the person *has* counts fully (times
the similarity), a skill they *want to learn* counts `WANT_WEIGHT` (a labelled "stretch"
match); the best of the two counts per asked skill (an asked skill written twice counts
once). A job title close to the klus title adds up to `TITLE_WEIGHT` (or counts fully
when no skills are asked). Terms are compared after normalising case, accents,
punctuation and spacing ("PowerBI" = "Power BI", "data analyse" = "data-analyse") with
rapidfuzz, against the *distinct* terms in the pool, so the cost grows with the
vocabulary, not with the number of people. Scores are rounded to 4 decimals and equal
scores are ordered by id, so a ranking never depends on the order people were added in.
`Hit.matched` is the term as that person typed it.
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


_TERM_SEPARATORS = re.compile(r"[,;/|\r\n]|\s+(?:en|and|&)\s+", re.IGNORECASE)


def split_terms(text: str) -> list[str]:
    """Split a free-text skill list on commas, semicolons, slashes, new lines and 'en'/'and'.

    Bullets and trailing dots are stripped; a term is kept once (first spelling) per key.
    """
    seen: dict[str, str] = {}
    for part in _TERM_SEPARATORS.split(text or ""):
        term = part.strip().strip(" .-*•·–—\t").strip()
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
    """Distinct terms of one kind with, per term, the dense indexes of people holding it.

    Terms are told apart by their compact key ("PowerBI" and "Power BI" are one term).
    Every spelling of a key is kept for word-level comparison ("Power BI" is inside
    "Power BI dashboards", "PowerBI" is not), so the answer never depends on which
    spelling happened to come first.
    """

    MAX_QUERY_SPELLINGS = 8

    def __init__(self) -> None:
        self.keys: list[str] = []  # compact key per term id
        self.display: list[str] = []  # first spelling seen, as typed
        self.by_key: dict[str, int] = {}
        self.postings: list[set[int]] = []
        self._by_raw: dict[str, int] = {}  # as typed -> term id: skips normalising repeats
        self._spellings: list[list[str]] = []  # per term id: its folded spellings
        self._spelling_ids: dict[str, int] = {}  # folded spelling -> spelling id
        self._spelling_term: list[int] = []  # per spelling id: its term id
        self._spelling_text: list[str] = []  # per spelling id: the folded spelling
        self._word_sets: list[str] = []  # per spelling id: its distinct words, sorted, joined
        self._by_word: dict[str, set[int]] = {}  # word -> spelling ids having it
        self._arrays: dict[int, np.ndarray] = {}
        self._sim_cache: dict[tuple[str, float], list[tuple[int, float]]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def folded(self) -> list[str]:
        """One folded spelling per term id (the first seen)."""
        return [spellings[0] for spellings in self._spellings]

    def term_id(self, term: str) -> int | None:
        """The id of `term` (added if new); None for a term without letters or digits."""
        tid = self._by_raw.get(term)
        if tid is not None:
            return tid
        folded = fold(term)
        key = folded.replace(" ", "")
        if not key:
            return None
        tid = self.by_key.get(key)
        if tid is None:
            tid = len(self.keys)
            self.by_key[key] = tid
            self.keys.append(key)
            self.display.append(term.strip())
            self.postings.append(set())
            self._spellings.append([])
        if folded not in self._spelling_ids:
            sid = len(self._spelling_text)
            self._spelling_ids[folded] = sid
            self._spelling_term.append(tid)
            self._spelling_text.append(folded)
            words = set(folded.split())
            self._word_sets.append(" ".join(sorted(words)))
            for word in words:
                self._by_word.setdefault(word, set()).add(sid)
            self._spellings[tid].append(folded)
            self._sim_cache.clear()
        if len(self._by_raw) < 1_000_000:
            self._by_raw[term] = tid
        return tid

    def add(self, term: str, idx: int) -> int | None:
        tid = self.term_id(term)
        if tid is not None and idx not in self.postings[tid]:
            self.postings[tid].add(idx)
            self._arrays.pop(tid, None)
        return tid

    def discard(self, tid: int, idx: int) -> None:
        if idx in self.postings[tid]:
            self.postings[tid].discard(idx)
            self._arrays.pop(tid, None)

    def array(self, tid: int) -> np.ndarray:
        arr = self._arrays.get(tid)
        if arr is None:
            arr = np.fromiter(self.postings[tid], dtype=np.intp, count=len(self.postings[tid]))
            self._arrays[tid] = arr
        return arr

    def similar(self, term: str, cutoff: float = SIM_CUTOFF) -> list[tuple[int, float]]:
        """Term ids alike to `term`, best first, with their similarity (0..100).

        What `similarity` says for `term` against every term of the vocabulary, taking
        for either side the best of the spellings the vocabulary knows for its key; found
        through the keys and a word index instead of a pairwise loop. Cached until the
        vocabulary gains a term or a spelling.
        """
        folded = fold(term)
        key = folded.replace(" ", "")
        if not key:
            return []
        cached = self._sim_cache.get((folded, cutoff))
        if cached is not None:
            return cached
        found: dict[int, float] = {}
        exact = self.by_key.get(key)
        if exact is not None:
            found[exact] = 100.0
        for _, score, tid in process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            found[tid] = max(found.get(tid, 0.0), float(score))
        spellings = {folded, *(self._spellings[exact] if exact is not None else ())}
        for query in sorted(spellings, key=lambda f: (-f.count(" "), f))[:self.MAX_QUERY_SPELLINGS]:
            for sid in self._alike_by_words(query, cutoff):
                other = self._spelling_text[sid]
                sim = max(fuzz.token_sort_ratio(query, other), _containment(query, other))
                if sim >= cutoff:
                    tid = self._spelling_term[sid]
                    found[tid] = max(found.get(tid, 0.0), sim)
        result = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(self._sim_cache) > 10_000:
            self._sim_cache.clear()
        self._sim_cache[(folded, cutoff)] = result
        return result

    def _alike_by_words(self, folded: str, cutoff: float) -> set[int]:
        """Spelling ids with `fuzz.token_set_ratio(folded, spelling) >= cutoff`, without a full scan.

        Spellings sharing a word with `folded` are scored directly. For one sharing no
        word, token_set_ratio is the plain ratio of the two sorted word sets, which the
        precomputed `_word_sets` answer in one vectorised pass (cutoff lowered a point for
        rounding, then checked with the real scorer).
        """
        words = set(folded.split())
        sharing: set[int] = set()
        for word in words:
            sharing |= self._by_word.get(word, set())
        alike = set()
        if sharing:
            choices = {sid: self._spelling_text[sid] for sid in sharing}
            for _, _, sid in process.extract(folded, choices, scorer=fuzz.token_set_ratio,
                                             score_cutoff=cutoff, limit=None):
                alike.add(sid)
        for _, _, sid in process.extract(" ".join(sorted(words)), self._word_sets, scorer=fuzz.ratio,
                                         score_cutoff=max(cutoff - 1, 0), limit=None):
            if sid not in sharing and fuzz.token_set_ratio(folded, self._spelling_text[sid]) >= cutoff:
                alike.add(sid)
        return alike


class Matcher:
    """An in-memory index of candidates, updated in place, ranked per klus."""

    def __init__(self) -> None:
        self._index: dict[int, int] = {}  # candidate id -> dense idx
        self._ids: list[int] = []
        self._alive = bytearray()  # per dense idx: 1 while the candidate is in the index
        self._terms: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []  # has, wants, title
        self.has = _Vocabulary()
        self.wants = _Vocabulary()
        self.titles = _Vocabulary()

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self._index

    def clear_cache(self) -> None:
        """Forget the similarities remembered per asked term (they refill on the next rank)."""
        for vocab in (self.has, self.wants, self.titles):
            vocab._sim_cache.clear()

    def upsert(self, candidate: Candidate) -> None:
        """Add a candidate, or replace what the index knows about them."""
        idx = self._index.get(candidate.id)
        if idx is None:
            idx = len(self._ids)
            self._index[candidate.id] = idx
            self._ids.append(candidate.id)
            self._alive.append(1)
            self._terms.append(_NO_TERMS)
        else:
            self._unlink(idx)
            self._alive[idx] = 1
        self._terms[idx] = (self._link(self.has, _as_terms(candidate.skills), idx),
                            self._link(self.wants, _as_terms(candidate.wants), idx),
                            self._link(self.titles, [candidate.title or ""], idx))

    @staticmethod
    def _link(vocab: _Vocabulary, terms: list[str], idx: int) -> tuple[str, ...]:
        """Add `idx` to the postings of `terms`; the terms that count, as typed."""
        return tuple(term for term in terms if vocab.add(term, idx) is not None)

    def remove(self, candidate_id: int) -> None:
        idx = self._index.pop(candidate_id, None)
        if idx is not None:
            self._unlink(idx)
            self._alive[idx] = 0
            self._terms[idx] = _NO_TERMS

    def _unlink(self, idx: int) -> None:
        for vocab, terms in zip((self.has, self.wants, self.titles), self._terms[idx]):
            for term in terms:
                vocab.discard(vocab.term_id(term), idx)

    def rank(self, skills: Iterable[str], title: str = "", limit: int | None = 20,
             allowed: Iterable[int] | None = None, min_score: float = 0.0) -> list[Match]:
        """The best candidates for a klus asking `skills` (and titled `title`), best first.

        Equal scores are ordered by candidate id, so the same question gets the same answer.
        """
        asked = _distinct(_as_terms(skills))
        title = title or ""
        n = len(self._ids)
        if n == 0 or (not asked and not compact(title)) or (limit is not None and limit <= 0):
            return []
        total = np.zeros(n, dtype=np.float64)
        sims: dict[tuple[str, str], dict[int, float]] = {}
        for term in asked:
            for kind, vocab in (("has", self.has), ("wants", self.wants)):
                sims[kind, term] = dict(vocab.similar(term))
            best = self._best(self.has, sims["has", term])
            np.maximum(best, self._best(self.wants, sims["wants", term]) * WANT_WEIGHT, out=best)
            total += best / len(asked)
        if compact(title):
            sims["title", title] = dict(self.titles.similar(title, TITLE_CUTOFF))
            total += self._best(self.titles, sims["title", title]) * (TITLE_WEIGHT if asked else 1.0)
        score = np.round(total, 4)
        keep = np.frombuffer(bytes(self._alive), dtype=np.bool_) & (score > 0) & (score >= min_score)
        if allowed is not None:
            allowed_mask = np.zeros(n, dtype=np.bool_)
            allowed_mask[[self._index[i] for i in allowed if i in self._index]] = True
            keep &= allowed_mask
        chosen = np.flatnonzero(keep)
        if limit is not None and len(chosen) > limit:
            # everyone scoring at least the limit-th best score, so ties at the cut are sorted by id
            cut = np.partition(score[chosen], len(chosen) - limit)[len(chosen) - limit]
            chosen = chosen[score[chosen] >= cut]
        order = sorted(chosen.tolist(), key=lambda i: (-score[i], self._ids[i]))[:limit]
        return [Match(self._ids[i], float(score[i]), self._explain(i, asked, title, sims)) for i in order]

    def _best(self, vocab: _Vocabulary, sims: dict[int, float]) -> np.ndarray:
        """Per dense idx: the best similarity (0..1) of their terms in `sims`."""
        best = np.zeros(len(self._ids), dtype=np.float64)
        for tid, sim in sims.items():
            holders = vocab.array(tid)
            if holders.size:
                best[holders] = np.maximum(best[holders], sim / 100.0)
        return best

    def _explain(self, idx: int, asked: list[str], title: str,
                 sims: dict[tuple[str, str], dict[int, float]]) -> list[Hit]:
        has, wants, titles = self._terms[idx]
        hits: list[Hit] = []
        for term in asked:
            hit = (_best_hit(term, has, self.has, sims["has", term], "has")
                   or _best_hit(term, wants, self.wants, sims["wants", term], "wants"))
            if hit:
                hits.append(hit)
        if ("title", title) in sims:
            hit = _best_hit(title, titles, self.titles, sims["title", title], "title")
            if hit:
                hits.append(hit)
        return hits


_NO_TERMS: tuple = ((), (), ())


def _best_hit(term: str, held: tuple[str, ...], vocab: _Vocabulary, sims: dict[int, float],
              kind: str) -> Hit | None:
    """The person's own term (as they typed it) that best matches `term`."""
    best: tuple[float, str] | None = None
    for typed in held:
        sim = sims.get(vocab.term_id(typed))
        if sim is not None and (best is None or sim > best[0]):
            best = (sim, typed.strip())
    return Hit(term, best[1], kind, best[0]) if best else None


def _as_terms(terms: Iterable[str] | str | None) -> list[str]:
    """A list of terms; a single string is read as a free-text list ("Python, SQL")."""
    if terms is None:
        return []
    if isinstance(terms, str):
        return split_terms(terms)
    return [t for t in terms if isinstance(t, str)]


def _distinct(terms: list[str]) -> list[str]:
    """Terms with a compact key, each key once (the first spelling wins)."""
    seen: dict[str, str] = {}
    for term in terms:
        key = compact(term)
        if key and key not in seen:
            seen[key] = term
    return list(seen.values())


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
