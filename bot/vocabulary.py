"""The distinct terms of one kind (skills had, skills wanted, job titles) in a `Matcher`,
with who holds each, and the terms alike to an asked one: by spelling, by meaning (word
parts weighted by rarity, IDF) and, for job titles, by letters. See `bot.matching` for
how the views combine; the cost grows with the distinct terms, not with the people.
"""

from __future__ import annotations

import itertools
import math
from array import array

import numpy as np
from rapidfuzz import fuzz, process

from bot.lexicon import Lexicon, fold
from bot.terms import (
    KNOWN_WORDS_ALIKE,
    SPELLING_FLOOR,
    containment,
    features,
    letter_grams,
    other_known_word,
    with_spelling,
)

SIM_CUTOFF = 80.0  # a term this alike (0..100) counts fully (less alike: a partial match, see bot.matching)
TITLE_SPELLING_FLOOR = 90.0  # the same for job titles (a typo, not a neighbour)
NEAR_PART_LENGTH = 6  # an unknown word part this long may stand for a known one spelled alike ...
NEAR_PART_CUTOFF = 85.0  # ... this alike (fuzz.ratio), e.g. "informatiebeveileging" for "informatiebeveiliging"
TITLE_FEEDBACK_DOCS = 5  # job titles alone: the best this many titles found ...
TITLE_FEEDBACK_PARTS = 2  # ... lend their most common word parts not asked (at most this many) ...
TITLE_FEEDBACK_WEIGHT = 1.0  # ... weighted this much of their share among those titles, and all are compared again
PARTIAL_HITS = 200  # skills alike in meaning but less than SIM_CUTOFF: only the most alike this many are looked at
MAX_SUBSET_WORDS = 8  # words of an asked term looked at for terms wholly inside it

__all__ = ["Vocabulary", "SIM_CUTOFF"]


class Vocabulary:
    """Distinct terms of one kind with, per term, the dense indexes of people holding it.

    Terms are told apart by their compact key ("PowerBI" and "Power BI" are one term).
    Every spelling of a key is kept for word-level comparison ("Power BI" is inside
    "Power BI dashboards", "PowerBI" is not) and for its word parts, so the answer never
    depends on which spelling happened to come first. Holders are kept in compact int
    arrays; a term nobody holds any more stays known but does not count for the IDF.
    """

    MAX_QUERY_SPELLINGS = 8

    def __init__(self, lexicon: Lexicon, containment: bool = True, spelling_floor: float = SPELLING_FLOOR,
                 related_weight: float = 0.0, gram_share: float = 0.0, partial_hits: int = 0) -> None:
        self.lexicon = lexicon
        self.partial_hits = partial_hits  # skills: look only at this many terms partially alike in meaning (0: all)
        self.gram_share = gram_share  # job titles: letter n-grams (TF-IDF cosine) count this much (see _by_grams)
        self._gram_ids: dict[str, int] = {}
        self._gram_terms: list[array] = []  # per n-gram id: the terms having it ...
        self._gram_tf: list[array] = []  # ... with 1 + log(count)
        self._grams_term, self._grams_gram, self._grams_tf = array("i"), array("i"), array("f")  # flat, for the norms
        self._gram_norm: np.ndarray | None = None
        self.related_weight = related_weight  # job titles: a loosely related word counts this much of the word
        self.containment = containment  # count a term wholly inside another (skills, not job titles)
        self.spelling_floor = spelling_floor  # the least spelling likeness that counts, whatever the cutoff
        self.keys: list[str] = []  # compact key per term id
        self.display: list[str] = []  # first spelling seen, as typed
        self.by_key: dict[str, int] = {}
        self._keys_by_length: dict[int, list[str]] = {}  # the keys again, by length (fuzz.ratio bounds it)
        self._tids_by_length: dict[int, list[int]] = {}
        self.postings: list[array] = []  # per term id: dense indexes of holders
        self._spellings: list[list[str]] = []  # per term id: its folded spellings
        self._typed: list[list[str]] = []  # per term id: one typed form per folded spelling (read for meaning)
        self._spelling_ids: dict[str, int] = {}  # folded spelling -> spelling id
        self._spelling_term: list[int] = []  # per spelling id: its term id
        self._spelling_text: list[str] = []  # per spelling id: the folded spelling
        self._by_word_set: dict[frozenset[str], list[int]] = {}  # distinct words -> spelling ids having just those
        self._by_word: dict[str, set[int]] = {}  # word -> spelling ids having it
        self._sim_cache: dict[tuple[str, float], list[tuple[int, float]]] = {}
        # word parts: feature id per name, the terms having it (with weights), live counts
        self._feature_ids: dict[str, int] = {}
        self._feature_terms: list[array] = []
        self._feature_weights: list[array] = []
        self._df = array("i")  # per feature id: live terms having it
        self._plain_parts: list[str] = []  # word-part features that are plain words (for near spellings)
        self._plain_fids: list[int] = []
        self._pairs_term = array("i")  # (term, feature, weight) triples, flat, for the norms
        self._pairs_feature = array("i")
        self._pairs_weight = array("f")
        self._pairs_at = array("i")  # per term id: where its current triples start (-1: none) ...
        self._pairs_len = array("H")  # ... and how many
        self._norm: np.ndarray | None = None  # per term id: Σ weight × idf, while the IDF holds
        # The second reading, compounds by their own parts, of the terms where it differs (a
        # compound in a synonym set as a whole: "informatiebeveiliging"): term id -> (feature id, weight)s,
        # and per feature id the terms having it there, with weights; its norms while the IDF holds.
        self._parts: dict[int, tuple[tuple[int, float], ...]] = {}
        self._parts_postings: dict[int, tuple[array, array]] = {}
        self._parts_norm: np.ndarray | None = None
        self._lexicon_version = lexicon.version
        self._known = bytearray()  # per term id: 1 if all its spellings are known words (see Lexicon.known)
        self.live = 0  # terms somebody holds

    def __len__(self) -> int:
        return len(self.keys)

    def clear_cache(self) -> None:
        """Forget the similarities remembered per asked term (they refill on the next `similar`)."""
        self._sim_cache.clear()

    @property
    def folded(self) -> list[str]:
        """One folded spelling per term id (the first seen)."""
        return [spellings[0] for spellings in self._spellings]

    # --- terms ------------------------------------------------------------------------

    def term_id(self, term: str, create: bool = True) -> int | None:
        """The id of `term` (added if new and `create`); None for a term without letters or digits."""
        folded = fold(term)
        key = folded.replace(" ", "")
        if not key:
            return None
        tid = self.by_key.get(key)
        if tid is None:
            if not create:
                return None
            tid = len(self.keys)
            self.by_key[key] = tid
            self.keys.append(key)
            self._keys_by_length.setdefault(len(key), []).append(key)
            self._tids_by_length.setdefault(len(key), []).append(tid)
            self.display.append(term.strip())
            self.postings.append(array("i"))
            self._spellings.append([])
            self._typed.append([])
            self._pairs_at.append(-1)
            self._pairs_len.append(0)
            self._known.append(1)
            if self.gram_share:
                self._add_grams(tid, folded)
        if folded not in self._spelling_ids and create:
            sid = len(self._spelling_text)
            self._spelling_ids[folded] = sid
            self._spelling_term.append(tid)
            self._spelling_text.append(folded)
            words = set(folded.split())
            self._by_word_set.setdefault(frozenset(words), []).append(sid)
            for word in words:
                self._by_word.setdefault(word, set()).add(sid)
            self._spellings[tid].append(folded)
            self._typed[tid].append(term.strip())
            if not self.lexicon.known(folded):
                self._known[tid] = 0
            self._set_features(tid)
            self._sim_cache.clear()
        return tid

    def add(self, tid: int, idx: int) -> None:
        holders = self.postings[tid]
        if not holders:
            self._liveness(tid, +1)
        holders.append(idx)

    def discard(self, tid: int, idx: int) -> None:
        holders = self.postings[tid]
        try:
            holders.remove(idx)
        except ValueError:
            return
        if not holders:
            self._liveness(tid, -1)

    def holders(self, tid: int) -> np.ndarray:
        """A view of who holds term `tid` (dense indexes); use it before the next change."""
        return np.frombuffer(self.postings[tid], dtype=np.int32) if self.postings[tid] else _EMPTY

    # --- word parts -------------------------------------------------------------------

    def _feature_id(self, name: str) -> int:
        fid = self._feature_ids.get(name)
        if fid is None:
            fid = len(self._feature_terms)
            self._feature_ids[name] = fid
            self._feature_terms.append(array("i"))
            self._feature_weights.append(array("f"))
            self._df.append(0)
            if len(name) >= NEAR_PART_LENGTH and name.isalpha():
                self._plain_parts.append(name)
                self._plain_fids.append(fid)
        return fid

    def _near_part(self, name: str) -> tuple[int, float] | None:
        """The known word part spelled most like `name` (an unknown part), if alike enough."""
        if len(name) < NEAR_PART_LENGTH or not name.isalpha() or not self._plain_parts:
            return None
        best = process.extractOne(name, self._plain_parts, scorer=fuzz.ratio, score_cutoff=NEAR_PART_CUTOFF)
        return (self._plain_fids[best[2]], float(best[1])) if best else None

    def _set_features(self, tid: int) -> None:
        """(Re)compute the word-part features of term `tid` from all its spellings."""
        old = self._features_of(tid)
        live = bool(self.postings[tid])
        for fid, _ in old:
            terms = self._feature_terms[fid]
            at = terms.index(tid)
            del terms[at]
            del self._feature_weights[fid][at]
            if live:
                self._df[fid] -= 1
        new = tuple((self._feature_id(name), weight)
                    for name, weight in sorted(features(self.lexicon, self._typed[tid]).items()))
        for fid, weight in new:
            self._feature_terms[fid].append(tid)
            self._feature_weights[fid].append(weight)
            if live:
                self._df[fid] += 1
        at = self._pairs_at[tid]
        if at >= 0:  # the old triples stay, weightless
            for i in range(at, at + len(old)):
                self._pairs_weight[i] = 0.0
        self._pairs_at[tid] = len(self._pairs_term) if new else -1
        self._pairs_len[tid] = len(new)
        for fid, weight in new:
            self._pairs_term.append(tid)
            self._pairs_feature.append(fid)
            self._pairs_weight.append(weight)
        self._norm = None
        for fid, _ in self._parts.pop(tid, ()):
            terms, weights = self._parts_postings[fid]
            at = terms.index(tid)
            del terms[at]
            del weights[at]
        parts = tuple((self._feature_id(name), weight)
                      for name, weight in sorted(features(self.lexicon, self._typed[tid], parts=True).items()))
        if parts != new:
            self._parts[tid] = parts
            for fid, weight in parts:
                terms, weights = self._parts_postings.setdefault(fid, (array("i"), array("f")))
                terms.append(tid)
                weights.append(weight)
        self._parts_norm = None

    def _features_of(self, tid: int) -> list[tuple[int, float]]:
        """(feature id, weight) of term `tid`, from the flat triples."""
        at = self._pairs_at[tid]
        if at < 0:
            return []
        return list(zip(self._pairs_feature[at:at + self._pairs_len[tid]], self._pairs_weight[at:at + self._pairs_len[tid]]))

    def _liveness(self, tid: int, change: int) -> None:
        self.live += change
        for fid, _ in self._features_of(tid):
            self._df[fid] += change
        self._norm = None
        self._parts_norm = None
        self._sim_cache.clear()

    def reanalyse(self) -> None:
        """Recompute every term's word parts (after the lexicon gained synonyms)."""
        self._feature_ids.clear()
        self._plain_parts.clear()
        self._plain_fids.clear()
        self._feature_terms.clear()
        self._feature_weights.clear()
        self._df = array("i")
        self._pairs_term, self._pairs_feature, self._pairs_weight = array("i"), array("i"), array("f")
        self._pairs_at = array("i", [-1] * len(self.keys))
        self._pairs_len = array("H", [0] * len(self.keys))
        self._parts.clear()
        self._parts_postings.clear()
        for tid in range(len(self.keys)):
            self._set_features(tid)
        self._lexicon_version = self.lexicon.version
        self._sim_cache.clear()

    def _idf(self, df: np.ndarray | int) -> np.ndarray | float:
        return np.log1p((self.live + 1) / (np.asarray(df, dtype=np.float64) + 1.0))

    def _norms(self) -> np.ndarray:
        if self._norm is None:
            if not len(self._pairs_term):
                self._norm = np.zeros(len(self.keys), dtype=np.float64)
            else:
                idf = self._idf(np.frombuffer(self._df, dtype=np.int32))
                fids = np.frombuffer(self._pairs_feature, dtype=np.int32)
                weights = np.frombuffer(self._pairs_weight, dtype=np.float32) * idf[fids]
                self._norm = np.bincount(np.frombuffer(self._pairs_term, dtype=np.int32), weights=weights,
                                         minlength=len(self.keys))
        return self._norm

    def _asked(self, term: str, exact: int | None, parts: bool) -> tuple[dict[int, float], float]:
        """The asked term's features in the pool (feature id -> weight) in one reading (see
        `features`), and the weight × IDF of its parts the pool has never seen."""
        if exact is not None:
            if parts and exact in self._parts:
                return dict(self._parts[exact]), 0.0
            return dict(self._features_of(exact)), 0.0
        names = features(self.lexicon, [term], parts)
        asked = {self._feature_ids[n]: w for n, w in names.items() if n in self._feature_ids}
        unseen = 0.0
        for name, w in names.items():
            if name in self._feature_ids:
                continue
            near = self._near_part(name)
            if near is not None:  # a word part the pool spells a little differently ("projectmanagment")
                fid, sim = near
                asked[fid] = max(asked.get(fid, 0.0), w * sim / 100.0)
            else:  # parts the pool has never seen count in the asked term's weight too
                unseen += w * float(self._idf(0))
        return asked, unseen

    def _overlap(self, asked: dict[int, float], wider: dict[int, float], parts: bool) -> tuple[np.ndarray | None, float]:
        """Per term id, Σ min(weights) × IDF over the features shared with the asked ones (and
        the related ones, `wider`), in the main reading or (`parts`) the second one of the
        terms that have it; and the asked term's own Σ weight × IDF."""
        full = dict(wider)
        full.update(asked)
        fids = list(full)
        if not fids:
            return None, 0.0
        idf = self._idf([self._df[fid] for fid in fids])
        norm = float(sum(full[fid] * i for fid, i in zip(fids, idf) if fid in asked))
        acc = None
        for fid, i in zip(fids, idf):
            if parts:
                found = self._parts_postings.get(fid)
                if not found or not found[0]:
                    continue
                terms, weights = found
            else:
                terms, weights = self._feature_terms[fid], self._feature_weights[fid]
                if not terms:
                    continue
            t = np.frombuffer(terms, dtype=np.int32)
            w = np.minimum(np.frombuffer(weights, dtype=np.float32), full[fid]) * i
            if acc is None:
                acc = np.zeros(len(self.keys), dtype=np.float64)
            acc[t] += w
        return acc, norm

    def _parts_norms(self) -> np.ndarray:
        """Per term id: Σ weight × idf of its second reading; NaN for a term without one."""
        if self._parts_norm is None or len(self._parts_norm) != len(self.keys):
            idf = self._idf(np.frombuffer(self._df, dtype=np.int32)) if len(self._df) else np.zeros(0)
            norms = np.full(len(self.keys), np.nan)
            for tid, feats in self._parts.items():
                norms[tid] = sum(w * idf[fid] for fid, w in feats)
            self._parts_norm = norms
        return self._parts_norm

    def _by_meaning(self, term: str, key: str, exact: int | None, cutoff: float,
                    extra: dict[int, float] | None = None) -> dict[int, float]:
        """Term ids alike in meaning to the asked term, with 0..100, at least `cutoff`: the
        best of two readings, as written and with every compound by its own parts."""
        asked, unseen = self._asked(term, exact, parts=False)
        if not asked and not self.related_weight:
            return {}
        extra = extra or {}
        asked = {**extra, **asked}  # word parts lent by feedback (`_feedback`) count as asked, lightly
        wider = {}
        if self.related_weight:
            wider = {fid: w for fid, w in self._related(term if exact is None else self._typed[exact][0], asked).items()
                     if fid not in asked}
        acc, norm = self._overlap(asked, wider, parts=False)
        norms = self._norms()
        best = np.zeros(len(self.keys), dtype=np.float64)
        if acc is not None:
            hit = np.flatnonzero(acc)
            best[hit] = 200.0 * acc[hit] / (norm + unseen + norms[hit])
        if self._parts or (exact is None and self.lexicon.parts_slots(term) != self.lexicon.slots(term)) \
                or (exact is not None and exact in self._parts):
            p_asked, p_unseen = self._asked(term, exact, parts=True)
            p_asked = {**extra, **p_asked}
            p_wider = {fid: w for fid, w in wider.items() if fid not in p_asked}
            if p_asked != asked or p_unseen != unseen:  # the asked term reads otherwise: against every term
                p_acc, p_norm = self._overlap(p_asked, p_wider, parts=False)
                if p_acc is not None:
                    hit = np.flatnonzero(p_acc)
                    if self._parts:  # (the terms with a second reading are compared below)
                        hit = hit[np.isnan(self._parts_norms()[hit])]
                    np.maximum.at(best, hit, 200.0 * p_acc[hit] / (p_norm + p_unseen + norms[hit]))
            else:
                p_norm = norm
            if self._parts:
                s_acc, _ = self._overlap(p_asked, p_wider, parts=True)
                if s_acc is not None:
                    hit = np.flatnonzero(s_acc)
                    dice = 200.0 * s_acc[hit] / (p_norm + p_unseen + self._parts_norms()[hit])
                    np.maximum.at(best, hit, dice)
        overlap: dict[int, float] = {}
        hit = np.flatnonzero(best >= cutoff)
        below = hit[best[hit] < SIM_CUTOFF]  # partial matches at most (the spelling factor only lowers)
        if self.partial_hits and len(below) > self.partial_hits:  # only the most alike of them
            hit = np.concatenate([hit[best[hit] >= SIM_CUTOFF],
                                  below[np.argpartition(-best[below], self.partial_hits)[:self.partial_hits]]])
        for tid, meaning in zip(hit.tolist(), best[hit].tolist()):
            if self.postings[tid] or tid == exact:
                meaning = min(100.0, with_spelling(meaning, fuzz.ratio(key, self.keys[tid])))
                if meaning >= cutoff:
                    overlap[tid] = meaning
        return overlap

    def _related(self, term: str, asked: dict[int, float]) -> dict[int, float]:
        """Features of words related to the asked term's words (`Lexicon.related`), weighted
        `related_weight` of the word they stand for; not already asked."""
        out: dict[int, float] = {}
        lex = self.lexicon
        for unit in lex.units(term):
            for other in lex.related(unit):
                for slot in lex.slots(other):
                    for name, w in slot:
                        rfid = self._feature_ids.get(name)
                        if rfid is not None and rfid not in asked:
                            out[rfid] = max(out.get(rfid, 0.0), w * self.related_weight)
        return out

    # --- letter n-grams (job titles) --------------------------------------------------

    def _add_grams(self, tid: int, folded: str) -> None:
        for gram, tf in letter_grams(self.lexicon, folded).items():
            gid = self._gram_ids.get(gram)
            if gid is None:
                gid = self._gram_ids[gram] = len(self._gram_terms)
                self._gram_terms.append(array("i"))
                self._gram_tf.append(array("f"))
            self._gram_terms[gid].append(tid)
            self._gram_tf[gid].append(tf)
            self._grams_term.append(tid)
            self._grams_gram.append(gid)
            self._grams_tf.append(tf)
        self._gram_norm = None

    def _gram_idf(self, df: np.ndarray) -> np.ndarray:
        return np.log((1.0 + len(self.keys)) / (1.0 + df)) + 1.0

    def _by_grams(self, folded: str, cutoff: float) -> dict[int, float]:
        """Term ids spelled partly alike, by the TF-IDF cosine of their letter n-grams
        (shared stems: "statisticus" ~ "statistisch analist"), 0..100 × `gram_share`,
        at least `cutoff`. The terms are those the vocabulary has seen, whether held or not."""
        asked_grams = letter_grams(self.lexicon, folded)
        known = [(self._gram_ids[g], tf) for g, tf in asked_grams.items() if g in self._gram_ids]
        if not known:
            return {}
        if self._gram_norm is None:
            df = np.array([len(t) for t in self._gram_terms], dtype=np.float64)
            weights = (np.frombuffer(self._grams_tf, dtype=np.float32)
                       * self._gram_idf(df)[np.frombuffer(self._grams_gram, dtype=np.int32)])
            self._gram_norm = np.sqrt(np.bincount(np.frombuffer(self._grams_term, dtype=np.int32),
                                                  weights=weights * weights, minlength=len(self.keys)))
            self._gram_df = df
        idf = self._gram_idf(self._gram_df[[gid for gid, _ in known]])
        asked = np.array([tf for _, tf in known]) * idf
        unseen = sum(tf * tf for g, tf in asked_grams.items() if g not in self._gram_ids) * self._gram_idf(np.zeros(1))[0] ** 2
        asked_norm = math.sqrt(float(asked @ asked) + unseen)
        acc = np.zeros(len(self._gram_norm), dtype=np.float64)
        for (gid, _), w, i in zip(known, asked, idf):
            acc[np.frombuffer(self._gram_terms[gid], dtype=np.int32)] += np.frombuffer(self._gram_tf[gid], dtype=np.float32) * (w * i)
        hit = np.flatnonzero(acc)
        sims = 100.0 * self.gram_share * acc[hit] / (asked_norm * self._gram_norm[hit])
        good = sims >= cutoff
        return dict(zip(hit[good].tolist(), np.minimum(sims[good], 100.0).tolist()))

    # --- similar terms ----------------------------------------------------------------

    def similar(self, term: str, cutoff: float = SIM_CUTOFF, letters: bool = True) -> list[tuple[int, float]]:
        """Term ids alike to `term`, best first, with their similarity (0..100).

        The spelling view finds keys alike by `fuzz.ratio` and, through a word index, terms
        sharing or nearly sharing words (taking for either side the best of the spellings
        the vocabulary knows for its key); the meaning view finds terms sharing word parts
        or synonyms. Cached until the vocabulary or who holds what changes.
        """
        folded = fold(term)
        key = folded.replace(" ", "")
        if not key:
            return []
        if self.lexicon.version != self._lexicon_version:
            self.reanalyse()
        typed = term.strip()
        letters = letters and bool(self.gram_share)
        cached = self._sim_cache.get((typed, cutoff, letters))
        if cached is not None:
            return cached
        exact = self.by_key.get(key)
        found = self._by_spelling(folded, key, exact, cutoff)
        for tid, sim in self._by_meaning(term, key, exact, cutoff).items():
            if sim > found.get(tid, 0.0):
                found[tid] = sim
        if letters:
            for tid, sim in self._by_grams(folded, cutoff).items():
                if sim > found.get(tid, 0.0):
                    found[tid] = sim
            extra = self._feedback(term, exact, found)
            if extra:
                for tid, sim in self._by_meaning(term, key, exact, cutoff, extra).items():
                    if sim > found.get(tid, 0.0):
                        found[tid] = sim
        result = sorted(((tid, sim) for tid, sim in found.items() if self.postings[tid] or tid == exact),
                        key=lambda kv: (-kv[1], kv[0]))
        if len(self._sim_cache) > 10_000:
            self._sim_cache.clear()
        self._sim_cache[(typed, cutoff, letters)] = result
        return result

    def _feedback(self, term: str, exact: int | None, found: dict[int, float]) -> dict[int, float]:
        """Pseudo-relevance feedback: the word parts most common among the best titles found
        (`TITLE_FEEDBACK_DOCS`, held by somebody), not asked, as feature id -> weight:
        `TITLE_FEEDBACK_WEIGHT` × their similarity-weighted share in those titles."""
        best = sorted(((tid, sim) for tid, sim in found.items() if self.postings[tid]),
                      key=lambda kv: (-kv[1], kv[0]))[:TITLE_FEEDBACK_DOCS]
        if len(best) < 2:
            return {}
        asked, _ = self._asked(term, exact, parts=False)
        mass: dict[int, float] = {}
        docs: dict[int, int] = {}
        for tid, sim in best:
            for fid, w in self._features_of(tid):
                if fid not in asked:
                    mass[fid] = mass.get(fid, 0.0) + sim * w
                    docs[fid] = docs.get(fid, 0) + 1
        total = sum(sim for _, sim in best)
        common = sorted((fid for fid in mass if docs[fid] >= 2), key=lambda fid: (-mass[fid], fid))
        return {fid: TITLE_FEEDBACK_WEIGHT * mass[fid] / total for fid in common[:TITLE_FEEDBACK_PARTS]}

    def _by_spelling(self, folded: str, key: str, exact: int | None, cutoff: float) -> dict[int, float]:
        """Term ids spelled alike (0..100, at least `cutoff` and the spelling floor): the
        keys by `fuzz.ratio` ("Pyhton", "Powr BI"), and — for skills — a term wholly inside
        another, either way round ("SQL" in "SQL Server", "Power BI" in "Power BI dashboards";
        `containment`), taking for either side every spelling the vocabulary knows."""
        found: dict[int, float] = {}
        if exact is not None:
            found[exact] = 100.0
        spelled_cutoff = max(cutoff, self.spelling_floor)  # a weak likeness in spelling says nothing
        # Two known words spelled alike are different words ("kistenmaker", "kastenmaker"):
        # between them only a near-identical spelling counts.
        known = self._known if (exact is not None and self._known[exact]) or self.lexicon.known(folded) else None
        # fuzz.ratio ≥ c needs the other length within [len·c/(200−c), len·(200−c)/c]: look only there
        shortest = math.ceil(len(key) * spelled_cutoff / (200.0 - spelled_cutoff) - 1e-9)
        longest = math.floor(len(key) * (200.0 - spelled_cutoff) / spelled_cutoff + 1e-9)
        for length in range(max(shortest, 1), longest + 1):
            keys = self._keys_by_length.get(length)
            if not keys:
                continue
            tids = self._tids_by_length[length]
            for _, score, at in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=spelled_cutoff,
                                                limit=None):
                tid = tids[at]
                if score < KNOWN_WORDS_ALIKE and (
                        (known is not None and known[tid])
                        or (" " in folded and other_known_word(folded, self._spellings[tid][0], self.lexicon))):
                    continue  # not a typo: another word
                found[tid] = max(found.get(tid, 0.0), float(score))
        if not self.containment:
            return found
        spellings = {folded, *(self._spellings[exact] if exact is not None else ())}
        for query in sorted(spellings, key=lambda f: (-f.count(" "), f))[:self.MAX_QUERY_SPELLINGS]:
            for sid in self._containing_or_inside(query):
                sim = containment(query, self._spelling_text[sid])
                if sim >= spelled_cutoff:
                    tid = self._spelling_term[sid]
                    found[tid] = max(found.get(tid, 0.0), sim)
        return found

    def _containing_or_inside(self, folded: str) -> set[int]:
        """Spelling ids whose words include all of `folded`'s, or are all among them (two
        words or more on the larger side), found through the word index: the first by
        intersecting the words' postings, the second by looking up every smaller subset of
        the words (at most `MAX_SUBSET_WORDS` of them) as a whole word set."""
        words = set(folded.split())
        postings = sorted((self._by_word.get(word, _NO_SPELLINGS) for word in words), key=len)
        found: set[int] = set()
        if postings and postings[0]:
            found = set(postings[0]).intersection(*postings[1:])  # containing every word
        if 2 <= len(words):
            ordered = sorted(words)[:MAX_SUBSET_WORDS]
            for size in range(1, min(len(words), len(ordered) + 1)):
                for subset in itertools.combinations(ordered, size):
                    found.update(self._by_word_set.get(frozenset(subset), ()))  # all their words among ours
        return found


_EMPTY = np.zeros(0, dtype=np.int32)
_NO_SPELLINGS: frozenset[int] = frozenset()
