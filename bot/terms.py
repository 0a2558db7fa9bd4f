"""Terms as colleagues write them: the comparison key, free-text lists, and how alike two
terms are (spelling, word parts), for `bot.matching` and its `bot.vocabulary`.

    from bot.terms import compact, similarity, split_terms
    compact("Power-BI")                        # "powerbi": the key two spellings share
    split_terms("Python, SQL en Excel")        # ["Python", "SQL", "Excel"]
    similarity("notulist", "notuleren")        # 0..100, by spelling or by meaning (bot.lexicon)

Pure functions, no state: the index that compares many terms at once is `bot.vocabulary`.
"""

from __future__ import annotations

import math
import re
from typing import Iterable

from rapidfuzz import fuzz, process

from bot.lexicon import STOPWORDS, Lexicon, default_lexicon, fold

SPELLING_FLOOR = 80.0  # the least spelling likeness that counts, whatever the cutoff (less: no typo, another word)
KNOWN_WORDS_ALIKE = 95.0  # how alike two known words must be spelled to count as one
TYPO_WORD_ALIKE = 75.0  # in terms of as many words, each differing word must be this alike to its nearest for a typo
SPELLING_SHARE = 0.05  # of a meaning match that depends on the spelling too (exact wording first)
GRAM_SIZES = (3, 4)  # letter n-grams of each word, with a space either side (" elek", "tricien ")

__all__ = [
    "compact", "fold", "split_terms", "similarity", "spelling_similarity", "other_known_word", "containment",
    "features", "letter_grams", "with_spelling", "as_terms", "distinct", "recognise",
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


def other_known_word(fa: str, fb: str, lex: Lexicon) -> bool:
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


def spelling_similarity(a: str, b: str, lex: Lexicon) -> float:
    ka, kb = compact(a), compact(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    alike = max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(fold(a), fold(b)))
    if alike < KNOWN_WORDS_ALIKE and ((lex.known(a) and lex.known(b)) or other_known_word(fold(a), fold(b), lex)):
        alike = 0.0  # two different words, not a typo
    return max(alike, containment(fold(a), fold(b)))


def similarity(a: str, b: str, lexicon: Lexicon | None = None) -> float:
    """0..100: how alike two skill terms are, by spelling or by meaning (see the module
    docstring). Word parts weigh the same here: there is no pool to tell rare from common."""
    lex = lexicon or default_lexicon()
    spelled = spelling_similarity(a, b, lex)
    if spelled >= 100.0:
        return spelled
    meaning = 0.0
    for parts in (False, True):  # as written, and with every compound by its own parts
        fa, fb = features(lex, [a], parts), features(lex, [b], parts)
        if fa and fb:
            overlap = sum(min(w, fb[f]) for f, w in fa.items() if f in fb)
            meaning = max(meaning, 200.0 * overlap / (sum(fa.values()) + sum(fb.values())))
    if not meaning:
        return spelled
    return max(spelled, with_spelling(meaning, fuzz.ratio(compact(a), compact(b))))


def letter_grams(lex: Lexicon, folded: str) -> dict[str, float]:
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


def with_spelling(meaning: float, ratio: float) -> float:
    return meaning * (1.0 - SPELLING_SHARE + SPELLING_SHARE * ratio / 100.0)


def containment(fa: str, fb: str) -> float:
    """A multi-word term wholly inside another ("power bi" in "power bi dashboards")."""
    ta, tb = set(fa.split()), set(fb.split())
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not small or small == large or not small <= large or len(large) < 2:
        return 0.0
    if sum(len(w) for w in small) < 3:
        return 0.0
    share = sum(len(w) for w in small) / sum(len(w) for w in large)
    return 80.0 + 15.0 * share


def features(lex: Lexicon, spellings: Iterable[str], parts: bool = False) -> dict[str, float]:
    """Weighted word-part features of a term (the union over its spellings); with `parts`,
    of its reading with every compound by its own parts (`Lexicon.parts_slots`)."""
    out: dict[str, float] = {}
    for spelling in spellings:
        for slot in (lex.parts_slots(spelling) if parts else lex.slots(spelling)):
            for feature, weight in slot:
                if weight > out.get(feature, 0.0):
                    out[feature] = weight
    return out


def as_terms(terms: Iterable[str] | str | None) -> list[str]:
    """A list of terms; a single string is read as a free-text list ("Python, SQL")."""
    if terms is None:
        return []
    if isinstance(terms, str):
        return split_terms(terms)
    return [t for t in terms if isinstance(t, str)]


def distinct(terms: list[str]) -> list[str]:
    """Terms with a compact key, each key once (the first spelling wins)."""
    seen: dict[str, str] = {}
    for term in terms:
        key = compact(term)
        if key and key not in seen:
            seen[key] = term
    return list(seen.values())


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
