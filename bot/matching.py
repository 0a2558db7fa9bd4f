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

import itertools
import math
import re
import threading
from array import array
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bot.lexicon import STOPWORDS, Lexicon, default_lexicon, fold

WANT_WEIGHT = 0.5
TITLE_WEIGHT = 0.15
SIM_CUTOFF = 80.0  # a skill this alike (0..100) counts fully, times its likeness ...
PARTIAL_FLOOR = 20.0  # ... one less alike but at least this ranks too ...
PARTIAL_SHARE = 0.1  # ... counting this share of its likeness: at most 0.08, below every invitation floor
TITLE_CUTOFF = 40.0  # a title only adds a little, so a related one may too ("beleidsadviseur" for "beleidsmedewerker")
SPELLING_FLOOR = 75.0  # the least spelling likeness that counts, whatever the cutoff
TITLE_SPELLING_FLOOR = 90.0  # the same for job titles (a typo, not a neighbour)
SPELLING_SHARE = 0.05  # of a meaning match that depends on the spelling too (exact wording first)
NEAR_PART_LENGTH = 6  # an unknown word part this long may stand for a known one spelled alike ...
NEAR_PART_CUTOFF = 85.0  # ... this alike (fuzz.ratio), e.g. "informatiebeveileging" for "informatiebeveiliging"
KNOWN_WORDS_ALIKE = 95.0  # how alike two known words must be spelled to count as one
TYPO_WORD_ALIKE = 75.0  # in terms of as many words, each differing word must be this alike to its nearest for a typo
TITLE_GRAM_SHARE = 0.9  # job titles: how much a likeness in letters (n-gram cosine, 0..1) counts, as 0..100 × this
GRAM_SIZES = (3, 4)  # letter n-grams of each word, with a space either side (" elek", "tricien ")
TITLE_RELATED_WEIGHT = 0.3  # a job title's word loosely related to the asked one's (Lexicon.related) counts this much
SKILL_RELATED_WEIGHT = 0.6  # the same for a skill's word (verbruik ~ consumptie): a partial match, mostly
TITLE_FEEDBACK_DOCS = 5  # job titles alone: the best this many titles found ...
TITLE_FEEDBACK_PARTS = 2  # ... lend their most common word parts not asked (at most this many) ...
TITLE_FEEDBACK_WEIGHT = 1.0  # ... weighted this much of their share among those titles, and all are compared again
MAX_SUBSET_WORDS = 8  # words of an asked term looked at for terms wholly inside it

__all__ = [
    "WANT_WEIGHT", "TITLE_WEIGHT", "SIM_CUTOFF", "PARTIAL_FLOOR", "PARTIAL_SHARE", "TITLE_CUTOFF", "Candidate", "Hit", "Match", "Matcher",
    "compact", "fold", "rank", "recognise", "similarity", "split_terms",
]


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


def _other_known_word(fa: str, fb: str, lex: Lexicon) -> bool:
    """Whether two folded terms differ in a word both sides know as a different word: each
    has a word the other lacks that the lexicon knows (a name, a listed word), and the two
    are not spelled near-identically ("gesproken armeens" vs "gesproken roemeens")."""
    wa, wb = fa.split(), fb.split()
    only_a = [w for w in set(wa) - set(wb) if w not in STOPWORDS]
    only_b = [w for w in set(wb) - set(wa) if w not in STOPWORDS]
    if len(wa) == len(wb) >= 2 and only_a and only_b and any(
            max(fuzz.ratio(x, y) for y in only_b) < TYPO_WORD_ALIKE for x in only_a):
        return True  # a word of one has no near spelling in the other: another word ("frans", "occitaans")
    known_a = [w for w in only_a if lex.known(w)]
    known_b = [w for w in only_b if lex.known(w)]
    return any(fuzz.ratio(x, y) < KNOWN_WORDS_ALIKE for x in known_a for y in known_b)


def _spelling_similarity(a: str, b: str, lex: Lexicon) -> float:
    ka, kb = compact(a), compact(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    alike = max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(fold(a), fold(b)))
    if alike < KNOWN_WORDS_ALIKE and ((lex.known(a) and lex.known(b)) or _other_known_word(fold(a), fold(b), lex)):
        alike = 0.0  # two different words, not a typo
    return max(alike, _containment(fold(a), fold(b)))


def similarity(a: str, b: str, lexicon: Lexicon | None = None) -> float:
    """0..100: how alike two skill terms are, by spelling or by meaning (see the module
    docstring). Word parts weigh the same here: there is no pool to tell rare from common."""
    lex = lexicon or default_lexicon()
    spelled = _spelling_similarity(a, b, lex)
    if spelled >= 100.0:
        return spelled
    meaning = 0.0
    for parts in (False, True):  # as written, and with every compound by its own parts
        fa, fb = _features(lex, [a], parts), _features(lex, [b], parts)
        if fa and fb:
            overlap = sum(min(w, fb[f]) for f, w in fa.items() if f in fb)
            meaning = max(meaning, 200.0 * overlap / (sum(fa.values()) + sum(fb.values())))
    if not meaning:
        return spelled
    return max(spelled, _with_spelling(meaning, fuzz.ratio(compact(a), compact(b))))


def _grams(lex: Lexicon, folded: str) -> dict[str, float]:
    """Letter n-grams (`GRAM_SIZES`) of each word of a folded term but stop words, in its
    common gender (medewerkster → medewerker), with a space either side, weighted 1 + log(count)."""
    counts: dict[str, int] = {}
    for word in folded.split():
        if word in STOPWORDS:
            continue
        padded = f" {lex.common_gender(word)} "
        for n in GRAM_SIZES:
            for i in range(len(padded) - n + 1):
                gram = padded[i:i + n]
                counts[gram] = counts.get(gram, 0) + 1
    return {gram: 1.0 + math.log(count) for gram, count in counts.items()}


def _with_spelling(meaning: float, ratio: float) -> float:
    return meaning * (1.0 - SPELLING_SHARE + SPELLING_SHARE * ratio / 100.0)


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


def _features(lex: Lexicon, spellings: Iterable[str], parts: bool = False) -> dict[str, float]:
    """Weighted word-part features of a term (the union over its spellings); with `parts`,
    of its reading with every compound by its own parts (`Lexicon.parts_slots`)."""
    out: dict[str, float] = {}
    for spelling in spellings:
        for slot in (lex.parts_slots(spelling) if parts else lex.slots(spelling)):
            for feature, weight in slot:
                if weight > out.get(feature, 0.0):
                    out[feature] = weight
    return out


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
    "Power BI dashboards", "PowerBI" is not) and for its word parts, so the answer never
    depends on which spelling happened to come first. Holders are kept in compact int
    arrays; a term nobody holds any more stays known but does not count for the IDF.
    """

    MAX_QUERY_SPELLINGS = 8

    def __init__(self, lexicon: Lexicon, containment: bool = True, spelling_floor: float = SPELLING_FLOOR,
                 related_weight: float = 0.0, gram_share: float = 0.0) -> None:
        self.lexicon = lexicon
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
                    for name, weight in sorted(_features(self.lexicon, self._typed[tid]).items()))
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
                      for name, weight in sorted(_features(self.lexicon, self._typed[tid], parts=True).items()))
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
        `_features`), and the weight × IDF of its parts the pool has never seen."""
        if exact is not None:
            if parts and exact in self._parts:
                return dict(self._parts[exact]), 0.0
            return dict(self._features_of(exact)), 0.0
        names = _features(self.lexicon, [term], parts)
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
        for tid, meaning in zip(hit.tolist(), best[hit].tolist()):
            if self.postings[tid] or tid == exact:
                meaning = min(100.0, _with_spelling(meaning, fuzz.ratio(key, self.keys[tid])))
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
        for gram, tf in _grams(self.lexicon, folded).items():
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
        grams = _grams(self.lexicon, folded)
        known = [(self._gram_ids[g], tf) for g, tf in grams.items() if g in self._gram_ids]
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
        unseen = sum(tf * tf for g, tf in grams.items() if g not in self._gram_ids) * self._gram_idf(np.zeros(1))[0] ** 2
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
        `_containment`), taking for either side every spelling the vocabulary knows."""
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
                        or _other_known_word(folded, self._spellings[tid][0], self.lexicon)):
                    continue  # not a typo: another word
                found[tid] = max(found.get(tid, 0.0), float(score))
        if not self.containment:
            return found
        spellings = {folded, *(self._spellings[exact] if exact is not None else ())}
        for query in sorted(spellings, key=lambda f: (-f.count(" "), f))[:self.MAX_QUERY_SPELLINGS]:
            for sid in self._containing_or_inside(query):
                sim = _containment(query, self._spelling_text[sid])
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
        self.has = _Vocabulary(self.lexicon, related_weight=SKILL_RELATED_WEIGHT)
        self.wants = _Vocabulary(self.lexicon, related_weight=SKILL_RELATED_WEIGHT)
        # Job titles are compared as wholes, by meaning; spelling only forgives typos there:
        # a "medewerker" is no "medewerker archief", a "medewerker post" even less.
        self.titles = _Vocabulary(self.lexicon, containment=False, spelling_floor=TITLE_SPELLING_FLOOR,
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
            vocab._sim_cache.clear()

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
        for kind, terms in enumerate((_as_terms(candidate.skills), _as_terms(candidate.wants),
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
        asked, title = _distinct(_as_terms(skills)), title if isinstance(title, str) else ""
        if limit is not None and limit <= 0:
            return []
        chosen, score, sims = self._score(asked, title, allowed, min_score, cutoff, title_cutoff, limit)
        ids = self._ids
        order = sorted(zip(score.tolist(), chosen.tolist()), key=lambda si: (-si[0], ids[si[1]]))[:limit]
        return [Match(ids[i], s, self._explain(i, asked, title, sims, cutoff) if explain else []) for s, i in order]

    def scores(self, skills: Iterable[str], title: str = "", allowed: Iterable[int] | None = None,
               min_score: float = 0.0, cutoff: float = SIM_CUTOFF,
               title_cutoff: float = TITLE_CUTOFF) -> dict[object, float]:
        """Candidate id -> score for everyone scoring above 0 (and `min_score`), unordered:
        the scores `rank(..., limit=None)` gives, without sorting or explaining (a matching
        round scores everyone against every klus)."""
        asked, title = _distinct(_as_terms(skills)), title if isinstance(title, str) else ""
        chosen, score, _ = self._score(asked, title, allowed, min_score, cutoff, title_cutoff)
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
            sims["has", term] = dict(self.has.similar(term, floor))
            sims["wants", term] = dict(self.wants.similar(term, floor))
            parts.append((self._values(self.has, sims["has", term], 1.0, cutoff)
                          + self._values(self.wants, sims["wants", term], WANT_WEIGHT, cutoff), len(asked)))
        if compact(title):
            # with skills asked the title only adds a little, by spelling and meaning; alone it
            # counts fully, and a likeness in letters finds more (see _Vocabulary._by_grams)
            sims["title", title] = dict(self.titles.similar(title, title_cutoff, letters=not asked))
            values = self._values(self.titles, sims["title", title], TITLE_WEIGHT if asked else 1.0, 0.0)
            if not asked:  # a klus titled "Notulist" asks for notuleren too: the best of title and skills counts
                sims["has", title] = dict(self.has.similar(title, floor))
                sims["wants", title] = dict(self.wants.similar(title, floor))
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
    def _values(vocab: _Vocabulary, sims: dict[int, float], weight: float,
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
         limit: int | None = 20, min_score: float = 0.0, lexicon: Lexicon | None = None) -> list[Match]:
    """One-shot ranking of `candidates` (builds a throw-away index)."""
    matcher = Matcher(lexicon)
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
