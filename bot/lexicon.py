"""Dutch word knowledge for the matcher: compounds, word forms, synonyms, abbreviations.

A term ("Beleidsmedewerkster Wmo", "medewerker beleid") is read as a short list of
*slots*, one per meaningful word part, each a set of weighted *features*::

    from bot.lexicon import default_lexicon
    lex = default_lexicon()
    lex.units("Beleidsmedewerkster")   # ("beleid", "medewerker"): split, common gender, stemmed
    lex.units("jeugdzorgconsulent")    # ("jeugd", "zorg", "consulent")
    lex.slots("adviseurs")             # ((("=105", 0.95), ("adviseur", 0.05)),): its synonym set + itself
    lex.known("Pyhton")                # False: not a Dutch word the lists know (so maybe a typo)

How a term is read, step by step (the word lists are plain data in `bot/data/`, see its
README):

1. Shared parts spelled out: "jeugd- en ouderenzorg" → jeugdzorg en ouderenzorg;
   "gezondheidsvoorlichting en -bevordering" likewise (`expand_ellipses`).
2. Folded: lower case, accents and invisible marks off, punctuation and hyphens to
   spaces ("Wmo-consulent" → "wmo consulent").
3. Stop words dropped ("van", "de", "voor", "and", ...); words that only grade a job
   (algemeen, basis, senior, junior, ervaren, gediplomeerd, ...: `LIGHT`) weigh
   `LIGHT_WEIGHT` of a word, so a "senior adviseur" is still mostly an adviseur.
4. Female job nouns take their common form (`nl_gender.tsv`: medewerkster → medewerker,
   directrice → directeur, lerares → leraar; and by spelling rule for -trice, -euse and
   -ster: inpakster → inpakker, schoonmaakster → schoonmaker).
5. Compounds split into known parts (`nl_parts.txt`, from OpenTaal): "jeugdzorgconsulent"
   → jeugd + zorg + consulent, with the linking -s-/-en-/-er- ("beleid-s-medewerker",
   "kind-er-opvang") and inflected parts ("goederen|vervoer"). Prefixes and particles
   never count as a part ("ver+koper", "onder+wijs" are not split), nor do endings that
   are words too ("techno+loog", "foto+graaf"); words that only look like compounds stay
   whole ("kassier", not kas + sier); a last part the list does not know may be kept as
   one ("archief" + "inventarisator"), as may an unknown first part before a long known
   one.
6. Word forms: every part stemmed with the Snowball Dutch (Porter) stemmer (analisten →
   analist, medewerkers → medewerker).
7. Synonyms and abbreviations (`synonyms.tsv`, curated, and any extra TSV an admin
   adds): a word part, or a run of them, that is a member of a synonym set ("avg",
   "algemene verordening gegevensbescherming", "adviseur") becomes one slot with the set
   as a feature (weight `SYN_WEIGHT`, shared when it belongs to several sets) plus its own
   words (the rest), so a synonym scores `SYN_WEIGHT` of an exact match and the exact
   wording still wins. A run takes whole words or parts of one word, never half a
   compound: "adviseur informatiebeveiliging" is adviseur + informatie|beveiliging, never
   half of a set member written as one compound.

8. Loosely related words (`nl_related.tsv`, from Open Dutch WordNet: arts ~ dokter ~
   geneesheer, but also senses mixed in one row): not part of a term's slots; the matcher lets a
   job title's word find titles with a related word at a small weight (`related`).

Nothing here touches a database or a network; the lists load once per process and every
reading is cached.
"""


from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence

DATA = Path(__file__).resolve().parent / "data"
SYN_WEIGHT = 0.95  # a synonym from the curated list (or an admin's) scores this much of an exact match

_NON_WORD = re.compile(r"[^0-9a-z+#]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    if text.isascii():  # the same, at a fraction of the cost: nothing to decompose or drop
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed  # accents and invisible marks (soft hyphens) off
                    if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf").casefold()
    return _NON_WORD.sub(" ", plain).strip()


# Words that start derived words rather than compounds: never a part of a split.
PARTICLES = frozenset("""
be ge ver ont her er mis on in aan af op uit door over onder voor om na bij mee mede toe weg terug
achter tegen samen vol weer de het een en of te ten ter per der des van met tot als dan dat die dit
wat wie hoe waar zo nog al erop eraan erin eruit erover eronder ervoor erna erbij ermee ertoe
erachter ertegen erdoor erom eraf daar hier niet geen wel ook zeer heel meer veel
""".split())
STOPWORDS = frozenset("""
van de het een en of voor in op met aan bij te ten ter tot als uit door over onder naar om per der
des den het t s the of and for in to a an at on with by
""".split())
FEMALE_SUFFIXES = ("trice", "euse", "ares", "eres", "ster", "ante", "ente", "iste", "in", "e")
# Words that are also derivational endings: never the head of a compound ("verantwoorde-lijk").
SUFFIX_HEADS = frozenset("""lijk lijke ging gingen baar schap isch ische ling heid tjes ster sters rijk
loog loge logen logie graaf grafe grafen grafie noom nome nomen nomie soof sofe sofie scoop foon fonie metrie
craat cratie iater iatrie""".split())  # agronoom, biograaf: not agro+noom, bio+graaf
_SUFFIX_LIKE = re.compile(r"(?:e?lijk|ig|isch|heid|ing|baar|achtig|loos|zaam|schap|dom|nis|sel|erij|ster|e?nd|aal|eel"
                          r"|ief|ist|ant|ent|ier|eur|aar|iteit|atie|teit|ie|tie)(?:e|en|s|er|st|ere|heid|ing)?")
_SUFFIX_STARTS = ("ering", "eling", "ening", "ings", "ing", "heid", "lijk", "isch", "ste")  # asfalt|eringsmachines
_ADJECTIVE_END = re.compile(r".*(?:isch|ische|lijk|lijke|ig|ige|baar|bare|loos|loze|eel|ele|ief|ieve|aal|ale)")
SHORT_HEADS = frozenset("man kok wet".split())  # three-letter words that end compounds (vakman, hoofdkok, jeugdwet)
_LINKS = ("", "s", "en", "er")
_MIN_UNKNOWN_HEAD = 6  # letters in a last part the list does not know ("archief|inventarisator")
_MIN_BEFORE_UNKNOWN = 5  # letters before it
_LIST_SEP = r"(?:\s*,\s*|\s*/\s*|\s+(?:en|of|en/of|and|or|&)\s+)"
_FORWARD = re.compile(rf"(?P<pre>(?:\b\w+-{_LIST_SEP})+)(?P<last>\w+)")  # jeugd-, ouderen- en gehandicaptenzorg
_DANGLING = re.compile(rf"\b(\w+)-(?={_LIST_SEP})")
_BACKWARD = re.compile(rf"(?P<first>\b\w+)(?P<rest>(?:{_LIST_SEP}-\w+)+)")  # voorlichting en -bevordering
_TRAILING = re.compile(rf"({_LIST_SEP})-(\w+)")
_MIN_UNKNOWN_MODIFIER = 5  # letters in a first part the list does not know (an unknown modifier before a long known head)
_MIN_KNOWN_HEAD = 7  # letters in the known part after it


_VOWELS = "aeiou"
LIGHT_WEIGHT = 0.3  # of a word, for a (stemmed) word that only grades a job
LIGHT = frozenset("algemen basis allround zelfstand ervar junior senior medior eerst twed derd gediplomeerd"
                  " gekwalificeerd gespecialiseerd erkend".split())


def base_forms(word: str) -> list[str]:
    """`word` and the forms it may be an inflection of (plural, diminutive), unchecked:
    materialen → materiaal, bedrijven → bedrijf, goederen → goed, kaartjes → kaart."""
    out = [word]
    if word.endswith("s") and len(word) > 4:
        out.append(word[:-1])
    if word.endswith("eren") and len(word) > 6:
        out.append(word[:-4])  # goederen, kinderen
    if word.endswith("en") and len(word) > 4:
        stem = word[:-2]
        out.append(stem)
        if stem[-1:] in ("v", "z"):
            stem = stem[:-1] + {"v": "f", "z": "s"}[stem[-1]]
            out.append(stem)
        if len(stem) >= 3 and stem[-2] in _VOWELS and stem[-3] != stem[-2] and stem[-1] not in _VOWELS:
            out.append(stem[:-1] + stem[-2] + stem[-1])  # materialen → materiaal
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            out.append(stem[:-1])  # kappen → kap
    if word.endswith("n") and len(word) > 4:
        out.append(word[:-1])  # bejaarden → bejaarde
    for diminutive in ("tjes", "jes", "tje", "je"):  # kaartjes → kaart, broodjes → brood
        if word.endswith(diminutive) and len(word) - len(diminutive) >= 3:
            out.append(word[:-len(diminutive)])
    return out


def male_forms(word: str) -> list[str]:
    """Common-gender forms a female job noun may have, most likely first (unchecked)."""
    out = []
    if word.endswith("trice"):
        out += [word[:-5] + "teur", word[:-5] + "tor"]
    if word.endswith("euse"):
        out.append(word[:-4] + "eur")
    if word.endswith("ares"):
        out.append(word[:-4] + "aar")
    if word.endswith("eres"):
        out.append(word[:-2])
    if word.endswith("ster") and len(word) > 6:
        base = word[:-4]
        out += [base + base[-1] + "er", base + "er"]
        if base.endswith(("r", "l", "n")):
            out.append(base + "der")  # bestuurster → bestuurder, bewaarster → bewaarder
        if len(base) >= 3 and base[-2] == base[-3] and base[-2] in "aeou":  # verkoop-ster → verkoper
            short = base[:-2] + {"f": "v", "s": "z"}.get(base[-1], base[-1])
            out.append(short + "er")
        elif base.endswith(("f", "s")) and len(base) >= 3 and base[-2] == base[-3]:  # weef-ster → wever
            out.append(base[:-2] + {"f": "v", "s": "z"}[base[-1]] + "er")
        out.append(base)
    for suffix in ("ante", "ente", "iste"):
        if word.endswith(suffix):
            out.append(word[:-1])
    if word.endswith("in") and len(word) > 5:
        out.append(word[:-2])
    if word.endswith("e") and len(word) > 5:
        base = word[:-1]
        out.append(base)
        if base[-1] not in _VOWELS and base[-2] in _VOWELS and base[-3] not in _VOWELS:  # biografe → biograaf
            out.append(base[:-1] + base[-2] + base[-1])
    return out


def _ster_to_er(base: str) -> str:
    """The -er form of a -ster stem by Dutch spelling: maak → maker, inpak → inpakker,
    weef → wever, werk → werker."""
    soft = {"f": "v", "s": "z"}
    if base.endswith(("r", "l", "n")) and len(base) >= 3 and base[-2] == base[-3] and base[-2] in "aeou":
        return base + "der"  # bestuurster → bestuurder
    if len(base) >= 3 and base[-1] not in _VOWELS and base[-2] == base[-3] and base[-2] in "aeou":
        return base[:-2] + soft.get(base[-1], base[-1]) + "er"  # long vowel: one letter before -er
    if (len(base) >= 3 and base[-1] not in _VOWELS + "wjh" and base[-2] in _VOWELS and base[-3] not in _VOWELS
            and not base.endswith(("el", "er", "en", "em"))):
        return base + base[-1] + "er"  # short vowel: double the consonant
    return base + "er"


# Dutch word formation: a person, an activity and its object are one family (notulist ~
# notuleren ~ notulen, analist ~ analyseren ~ analyse, redacteur ~ redactie ~ redigeren,
# beheerder ~ beheer ~ beheren, adviseur ~ advies ~ adviseren, ontwikkelaar ~ ontwikkelen ~
# ontwikkeling). `family` strips the endings that make these words, longest first, and
# undoes the spelling changes they bring (beher → beheer, schrijv → schrijf, programm → program).
FAMILY_WEIGHT = 0.9  # a word of the same family scores this much of the word itself
_FAMILY_ENDINGS = (
    ("iseringen", "is"), ("isering", "is"), ("isaties", "is"), ("isatie", "is"), ("iseren", "is"),  # organiseren
    ("ificatie", "ific"), ("ificeren", "ific"),  # classificatie, classificeren
    ("ateurs", ""), ("ateur", ""), ("atoren", ""), ("ator", ""), ("aties", ""), ("atie", ""),  # presentatie
    ("oren", ""), ("ors", ""), ("or", ""),  # corrector
    ("eringen", ""), ("ering", ""), ("eren", ""),  # programmering, programmeren, notuleren
    ("euses", ""), ("euse", ""), ("eurs", ""), ("eur", ""),  # adviseur, redacteur, controleur
    ("isten", ""), ("iste", ""), ("ist", ""),  # notulist, analist
    ("aars", ""), ("aar", ""),  # ontwikkelaar
    ("ingen", ""), ("ing", ""),  # ontwikkeling, planning
    ("ders", ""), ("der", ""),  # beheerder (after a long vowel or r/l/n: the -d- is part of the ending)
    ("ies", "is"),  # advies ~ advis(eren)
    ("ties", "t"), ("tie", "t"),  # redactie, correctie
    ("ers", ""), ("er", ""), ("en", ""), ("e", ""),
)
_FAMILY_MIN = 4  # letters a family root keeps at least
_LONG_VOWEL = re.compile(r"([aeou])\1")
_FAMILY_KEEP = frozenset("""beleid gegevens""".split())  # words that end like a derivation but are not one


def family(word: str) -> str | None:
    """The family key of a folded Dutch word (see `FAMILY_WEIGHT`), or None for a word too
    short to tell: notulist, notuleren and notulen → "notul"; analist, analyseren, analyse →
    "anal"; redacteur, redactie, redigeren → "redig"; beheerder, beheer, beheren → "beher"."""
    if len(word) < _FAMILY_MIN or not word.isalpha() or word in _FAMILY_KEEP:
        return None
    if word.endswith("es") and len(word) >= 7 and not word.endswith(("ies", "ees")):
        word = word[:-1]  # analyses → analyse
    root = word
    for ending, replacement in _FAMILY_ENDINGS:
        stem = word[:len(word) - len(ending)]
        if (not word.endswith(ending) or len(stem) + len(replacement) < _FAMILY_MIN
                or (ending[0] in _VOWELS and stem.endswith(ending[0]))  # beheer is no beh-eer
                or (ending.startswith("der") and not stem.endswith(("r", "l", "n")))):  # beheer-der, begeleid-er
            continue
        root = stem + replacement
        break
    if root.endswith(("act", "ect")) and len(root) >= 6:  # redact(ie) ~ redig(eren), correct(ie) ~ corrig(eren)
        root = root[:-3] + "ig"
    if root.endswith("ys") and len(root) >= 6:  # analys(e) ~ anal(ist)
        root = root[:-2]
    if root.endswith(("a", "o")) and len(root) >= 6:  # programma ~ programm(eren)
        root = root[:-1]
    if len(root) >= 3 and root[-1] == root[-2] and root[-1] not in _VOWELS:  # programm(eren) ~ program(ma)
        root = root[:-1]
    if root[-1:] in ("v", "z") and len(root) >= 5:  # schrijv(en) ~ schrijf
        root = root[:-1] + {"v": "f", "z": "s"}[root[-1]]
    return _LONG_VOWEL.sub(r"\1", root)  # beheer ~ beher(en): one vowel letter for both spellings


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def read_synonyms(path: str | Path) -> list[list[str]]:
    """Synonym sets from a TSV file: one set per line, members separated by tabs (or '|'
    or ';'), lines starting with '#' ignored."""
    rows = []
    for line in _read_lines(Path(path)):
        members = [m.strip() for m in re.split(r"[\t|;]", line) if m.strip()]
        if len(members) >= 2:
            rows.append(members)
    return rows


class Lexicon:
    """Splits, normalises and groups Dutch (and English) skill and job words."""

    def __init__(self, parts: Iterable[str], short_heads: Iterable[str] = SHORT_HEADS,
                 synonyms: Iterable[Sequence[str]] = (), gender: dict[str, str] | None = None,
                 stem: bool = True, whole: Iterable[str] = (), keep_known: bool = True,
                 related: Path | None = None, names: Iterable[str] = ()) -> None:
        self.parts = frozenset(parts)
        self.names = frozenset(names)  # proper names and their adjectives (Armeens, Roemeens): whole, known
        self.short_heads = frozenset(short_heads)
        self.whole = frozenset(whole) | self.names  # words that look like compounds but are not (manager, kantoor)
        self.keep_known = keep_known  # a known part is never split (False: only to build the lists)
        self.gender = dict(gender or {})
        self._stemmer = None
        if stem:
            import snowballstemmer
            self._stemmer = snowballstemmer.stemmer("dutch_porter")
        self._lock = threading.Lock()
        self.version = 0
        self._groups: list[tuple[str, ...]] = []
        self._group_weight: list[float] = []
        self._unit_groups: dict[str, tuple[int, ...]] = {}
        self._family_groups: dict[str, tuple[int, ...]] = {}  # family key -> sets with a one-word member of it
        self._phrase_groups: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._max_phrase = 1
        self._related: dict[str, tuple[str, ...]] = {}
        self._related_file = related  # read on the first `related` call (it takes a second)
        self._split = functools.lru_cache(maxsize=200_000)(self._split_uncached)
        self._stem = functools.lru_cache(maxsize=200_000)(self._stem_uncached)
        self._slots = functools.lru_cache(maxsize=200_000)(self._slots_uncached)
        self._parts_slots = functools.lru_cache(maxsize=20_000)(  # only terms with a compound in a set come here
            lambda text: self._slots_uncached(text, compounds=False)[0])
        self._known_text = functools.lru_cache(maxsize=200_000)(self._known_text_uncached)
        self.add_synonyms(synonyms)

    # --- synonyms ---------------------------------------------------------------------

    def add_synonyms(self, rows: Iterable[Sequence[str]], weight: float | None = None, phrases: bool = True) -> int:
        """Add synonym sets (each a list of words or phrases); returns how many were new.

        A synonym scores `weight` of an exact match. With `phrases=False` only members that
        are one word part count (for loose general-language sets: a compound
        then keeps its parts instead of becoming one opaque set)."""
        added = 0
        weight = SYN_WEIGHT if weight is None else weight
        with self._lock:
            known = set(self._groups)
            unit_groups = {k: list(v) for k, v in self._unit_groups.items()}
            phrase_groups = {k: list(v) for k, v in self._phrase_groups.items()}
            family_groups = {k: list(v) for k, v in self._family_groups.items()}
            for row in rows:
                members = []
                families = []
                for member in row:
                    by_word = self._units_by_word(member)
                    units = tuple(sorted(unit for unit, _, _ in by_word))
                    if units and units not in members and (phrases or len(units) == 1):
                        members.append(units)
                        if len(by_word) == 1 and family(by_word[0][2]):
                            families.append(family(by_word[0][2]))
                if len(members) < 2:
                    continue
                key = tuple(sorted(" ".join(m) for m in members))
                if key in known:
                    continue
                known.add(key)
                gid = len(self._groups)
                self._groups.append(key)
                self._group_weight.append(weight)
                added += 1
                for units in members:
                    target = unit_groups if len(units) == 1 else phrase_groups
                    slot = units[0] if len(units) == 1 else units
                    if gid not in target.setdefault(slot, []):
                        target[slot].append(gid)
                for key in families:  # notulen joins the set of notuleren: one family
                    if gid not in family_groups.setdefault(key, []):
                        family_groups[key].append(gid)
            self._unit_groups = {k: tuple(v) for k, v in unit_groups.items()}
            self._family_groups = {k: tuple(v) for k, v in family_groups.items()}
            self._phrase_groups = {k: tuple(v) for k, v in phrase_groups.items()}
            self._max_phrase = max((len(k) for k in self._phrase_groups), default=1)
            if added:
                self.version += 1
                self._slots.cache_clear()
                self._parts_slots.cache_clear()
                self._known_text.cache_clear()
        return added

    def add_related(self, rows: Iterable[Sequence[str]]) -> int:
        """Add loosely related words (rows of a first word and words related to it, both
        ways): a job title's word then also finds titles with a related word, at a
        fraction of its weight (`bot.matching`). Only members that are one word part count."""
        added = self._add_related(rows)
        if added:
            with self._lock:
                self.version += 1  # remembered similarities are stale
        return added

    def _add_related(self, rows: Iterable[Sequence[str]], analysed: bool = False) -> int:
        """`add_related`; with `analysed`, the members are word parts already (`units`)."""
        added = 0
        with self._lock:
            related = {k: list(v) for k, v in self._related.items()}
            for row in rows:
                units = list(row) if analysed else [u[0] for u in map(self.units, row) if len(u) == 1]
                if len(units) < 2:
                    continue
                first = units[0]
                for other in dict.fromkeys(units[1:]):
                    if other == first:
                        continue
                    for a, b in ((first, other), (other, first)):
                        if b not in related.setdefault(a, []):
                            related[a].append(b)
                            added += 1
            self._related = {k: tuple(v) for k, v in related.items()}
        return added

    def related(self, unit: str) -> tuple[str, ...]:
        """Word parts loosely related to the word part `unit` (see `add_related`)."""
        if self._related_file is not None:
            path, self._related_file = self._related_file, None
            self._add_related(read_synonyms(path), analysed=True)
        return self._related.get(unit, ())

    def synonym_sets(self) -> int:
        return len(self._groups)

    # --- words ------------------------------------------------------------------------

    def _known(self, part: str, head: bool) -> bool:
        if part in PARTICLES:
            return False
        if len(part) >= 4:
            return part in self.parts and not (head and part in SUFFIX_HEADS)
        return len(part) == 3 and part in self.parts and (not head or part in self.short_heads)

    def _known_form(self, part: str, head: bool) -> str | None:
        """The known part `part` is a form of (itself, the singular, for a head its common
        gender), or None."""
        for base in base_forms(part):
            if self._known(base, head):
                return base
        male = self.common_gender(part)
        if head and male != part and self._known(male, head):
            return male
        return None

    def _atom(self, word: str) -> str | None:
        """The known word `word` is a form of, when it is one that is never split."""
        if not self.keep_known:
            return word if word in self.whole else None
        for base in base_forms(word):
            if base in self.whole or base in self.parts:
                return base
        return None

    def split(self, word: str, unknown: bool = True) -> tuple[str, ...]:
        """The parts of a (folded, one-word) compound; the word itself if it is not one."""
        return self._split(word, unknown)

    def _split_uncached(self, word: str, unknown: bool) -> tuple[str, ...]:
        n = len(word)
        if n < 6 or not word.isalpha():
            return (word,)
        atom = self._atom(word)
        if atom:
            return (atom,)
        memo: dict[int, tuple | None] = {}

        def rest(i: int) -> tuple | None:
            """Best reading of word[i:] as modifiers + head: (unknown parts, parts, -Σlen², parts)."""
            if i in memo:
                return memo[i]
            best = None
            tail = word[i:]
            if i > 0:
                known = self._known_form(tail, head=True)
                if known and (len(known) > 3 or i >= 5):  # jeugd|wet, not vak|man
                    best = (0, 1, -len(tail) ** 2, (known,))
                elif (unknown and len(tail) >= _MIN_UNKNOWN_HEAD and i >= _MIN_BEFORE_UNKNOWN
                        and not _SUFFIX_LIKE.fullmatch(tail) and not _ADJECTIVE_END.fullmatch(tail)
                        and not tail.startswith(_SUFFIX_STARTS)):
                    best = (1, 1, -len(tail) ** 2, (tail,))  # an unknown last part: the longer the likelier
            for j in range(i + 3, n - 2):
                modifier = word[i:j]
                known = self._known_form(modifier, head=False)
                if not known:
                    continue
                for link in _LINKS:
                    k = j + len(link)
                    if word[j:k] != link or n - k < (5 if len(known) == 3 else 3):  # dak|dekker, not kas|sier
                        continue
                    after = rest(k)
                    if after is not None and (after[0] == 0 or len(modifier) >= 4):
                        option = (after[0], after[1] + 1, after[2] - len(known) ** 2, (known,) + after[3])
                        if best is None or option < best:
                            best = option
            memo[i] = best
            return best

        found = rest(0)
        if found is None and unknown:  # an unknown first part before a long known head
            for j in range(_MIN_UNKNOWN_MODIFIER, n - _MIN_KNOWN_HEAD + 1):
                head = self._known_form(word[j:], head=True)
                if head and len(head) >= _MIN_KNOWN_HEAD and not word.startswith(tuple(PARTICLES - {"e"})):
                    found = (1, 2, 0, (word[:j], head))
                    break
        if found is None or (found[0] and len(found[3]) > 2):
            return (word,)
        return found[3]

    def known(self, text: str) -> bool:
        """Whether every word of `text` is a Dutch word (or compound of words) the lists
        know, or part of a synonym set: then a near spelling is another word, not a typo
        ("kistenmaker" is not a misspelt "kastenmaker"; "Pyhton" is a misspelt "Python")."""
        return self._known_text(text)

    def _known_text_uncached(self, text: str) -> bool:
        tokens = [t for t in fold(text).split() if t not in STOPWORDS]
        if not tokens:
            return False
        for token in tokens:
            token = self.common_gender(token)
            if self._atom(token) or len(self.split(token, unknown=False)) > 1:
                continue
            if self.stem(token) in self._unit_groups or token.isdigit():
                continue
            return False
        return True

    def common_gender(self, word: str) -> str:
        """'medewerkster' → 'medewerker'; a word that is not a female job noun as is."""
        male = self.gender.get(word)
        if male:
            return male
        if word.endswith("trice") and len(word) > 7:  # inspectrice → inspecteur, directrice → directeur
            return word[:-5] + ("tor" if word[:-5] + "tor" in self.parts else "teur")
        if word.endswith("euse") and len(word) > 6:
            return word[:-4] + "eur"
        if word.endswith("ster") and len(word) > 6 and self._atom(word) is None:  # inpakster, schoonmaakster
            known = next((m for m in male_forms(word) if m in self.parts), None)
            return known or _ster_to_er(word[:-4])
        return word

    def stem(self, word: str) -> str:
        return self._stem(word)

    def _stem_uncached(self, word: str) -> str:
        if self._stemmer is None or not word.isalpha() or len(word) <= 3:
            return word
        return self._stemmer.stemWord(word)

    def expand_ellipses(self, text: str) -> str:
        """Dutch shared parts spelled out: "jeugd- en ouderenzorg" → "jeugdzorg en
        ouderenzorg"; "voorlichting en -bevordering" after "gezondheids…" → "…
        gezondheidsbevordering"."""
        if "-" not in text:
            return text

        def forward(m: re.Match) -> str:
            parts = self.split(fold(m.group("last")))
            if len(parts) < 2:
                return m.group(0)
            head = parts[-1]
            return _DANGLING.sub(lambda d: d.group(1) + head, m.group("pre")) + m.group("last")

        def backward(m: re.Match) -> str:
            parts = self.split(fold(m.group("first")))
            if len(parts) < 2:
                return m.group(0)
            modifier = "".join(parts[:-1])
            return m.group("first") + _TRAILING.sub(lambda t: t.group(1) + modifier + t.group(2), m.group("rest"))

        text = _FORWARD.sub(forward, text)
        return _BACKWARD.sub(backward, text)

    def units(self, text: str) -> tuple[str, ...]:
        """The normalised word parts of `text`, in order, without synonyms applied."""
        return tuple(unit for unit, _, _ in self._units_by_word(text))

    def _units_by_word(self, text: str) -> list[tuple[str, int, str]]:
        """(unit, number of the word it comes from, the part before stemming) for every word
        part of `text`."""
        out: list[tuple[str, int, str]] = []
        for w, token in enumerate(t for t in fold(self.expand_ellipses(text)).split() if t not in STOPWORDS):
            parts = self.split(token)
            if len(parts) == 1:  # a female compound splits by its parts (fiets|herstelster → hersteller)
                parts = self.split(self.common_gender(token))
            for i, part in enumerate(parts):
                if len(parts) > 1:
                    part = self.common_gender(part)
                    if part == "vrouw" and i == len(parts) - 1:  # vakvrouw ~ vakman
                        part = "man"
                out.append((self.stem(part), w, part))
        return out

    # --- slots ------------------------------------------------------------------------

    def slots(self, text: str) -> tuple[tuple[tuple[str, float], ...], ...]:
        """`text` as slots of weighted features (see the module docstring); cached."""
        return self._slots(text)[0]

    def parts_slots(self, text: str) -> tuple[tuple[tuple[str, float], ...], ...]:
        """`text` as slots with every compound read by its own parts, also one that is in a
        synonym set as a whole ("informatiebeveiliging" → informatie + beveiliging, not only
        the set of ~ information security): the second reading the matcher compares (the best of the two counts)."""
        slots, compound_in_set = self._slots(text)
        return self._parts_slots(text) if compound_in_set else slots

    def _slots_uncached(self, text: str, compounds: bool = True) -> tuple[tuple[tuple[tuple[str, float], ...], ...], bool]:
        """(slots, whether a compound was read as a whole by a synonym set)."""
        compound_in_set = False
        by_word = self._units_by_word(text)
        units = tuple(unit for unit, _, _ in by_word)
        word = [w for _, w, _ in by_word]
        slots: list[tuple[tuple[str, float], ...]] = []
        i = 0
        while i < len(units):
            taken = 0
            for size in range(min(self._max_phrase, len(units) - i), 1, -1):
                if word[i] != word[i + size - 1] and (
                        (i > 0 and word[i - 1] == word[i]) or (i + size < len(units) and word[i + size] == word[i + size - 1])):
                    continue  # a phrase takes whole words, or parts of one word: not half a compound
                if not compounds and word[i] == word[i + size - 1]:
                    continue
                window = tuple(sorted(units[i:i + size]))
                groups = self._phrase_groups.get(window)
                if groups:
                    slot = self._grouped(units[i:i + size], groups)
                    taken = size
                    compound_in_set = compound_in_set or word[i] == word[i + size - 1]
                    break
            if not taken:
                unit = units[i]
                key = family(by_word[i][2])
                groups = self._unit_groups.get(unit) or self._family_groups.get(key or "")
                if groups:
                    slot = self._grouped((unit,), groups)
                elif unit in LIGHT:
                    slot = ((unit, LIGHT_WEIGHT),)
                else:
                    # the word's family (notulist ~ notuleren ~ notulen) as a feature of its own
                    slot = ((unit, 1.0 - FAMILY_WEIGHT), ("~" + key, FAMILY_WEIGHT)) if key else ((unit, 1.0),)
                taken = 1
            slots.append(slot)
            i += taken
        return tuple(slots), compound_in_set

    def _grouped(self, surface: Sequence[str], groups: tuple[int, ...]) -> tuple[tuple[str, float], ...]:
        """A slot for a word (or run of words) in synonym sets: each set shares the weight
        of one word, the words themselves keep the rest each (so the exact wording scores
        1, a synonym the set's weight, and a phrase still shares its words with others:
        "projectleider" and "projectmanager" share the set and "project")."""
        weights = [self._group_weight[g] for g in groups]
        mean = sum(weights) / len(weights)
        words = list(dict.fromkeys(surface))
        return (tuple((f"={g}", w / len(groups)) for g, w in zip(groups, weights))
                + tuple((unit, (1.0 - mean) / len(words)) for unit in words))


def build_related(odwn: str | Path, out: str | Path = DATA / "nl_related.tsv", lexicon: Lexicon | None = None) -> int:
    """Write `nl_related.tsv` from Open Dutch WordNet's synonym rows (`odwn-synonyms.tsv`):
    plain, lower-case, one-word members the word lists know (`Lexicon.known`), as the word
    parts the lexicon reads them as (so reading the file costs nothing); rows with fewer than
    two distinct parts left are dropped. Returns the rows written."""
    lex = lexicon or load(data=Path(out).parent)
    header = [
        "# Loosely related Dutch words, from Open Dutch WordNet (CLTL, VU Amsterdam; CC BY-SA 4.0, see LICENSE-odwn.md):",
        "# its synonym rows (odwn-synonyms.tsv) kept to plain one-word, lower-case members the Dutch word lists know,",
        "# written as the word parts bot/lexicon.py reads them as (stemmed): first part <TAB> parts related to it.",
        "# Licence of this file: CC BY-SA 4.0. Made by bot.lexicon.build_related; senses are mixed, so the matcher",
        "# uses them only as a weak hint for job titles (bot/matching.py TITLE_RELATED_WEIGHT), never as synonyms.",
    ]
    rows = []
    for line in Path(odwn).read_text(encoding="utf-8").splitlines():
        words = [w.strip() for w in line.split("\t") if w.strip()]
        words = [w for w in words if w.isalpha() and w == w.lower() and lex.known(w)]
        units = [u[0] for u in map(lex.units, words) if len(u) == 1]
        units = list(dict.fromkeys(units))
        if len(units) >= 2:
            rows.append("\t".join(units))
    Path(out).write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    return len(rows)


def load(extra_synonyms: Iterable[str | Path] = (), data: Path = DATA) -> Lexicon:
    """The lexicon from the shipped lists in `data`, plus extra synonym TSV files."""
    parts, whole = [], []
    for line in _read_lines(data / "nl_parts.txt"):
        word = line.strip()
        if word.startswith("="):
            whole.append(word[1:])
        else:
            parts.append(word)
    gender = {}
    for line in _read_lines(data / "nl_gender.tsv"):
        female, _, male = line.partition("\t")
        if male.strip():
            gender[female.strip()] = male.strip()
    names = [line.strip() for line in _read_lines(data / "nl_names.txt")]
    rows = read_synonyms(data / "synonyms.tsv")
    for path in extra_synonyms:
        rows += read_synonyms(path)
    return Lexicon(parts, SHORT_HEADS, rows, gender, whole=whole, names=names,
                   related=data / "nl_related.tsv" if (data / "nl_related.tsv").exists() else None)


_DEFAULT: Lexicon | None = None
_DEFAULT_LOCK = threading.Lock()


def default_lexicon() -> Lexicon:
    """The process-wide lexicon (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = load()
    return _DEFAULT


def add_synonyms_file(path: str | Path) -> int:
    """Extend the process-wide lexicon with an admin's synonym TSV; returns the sets added."""
    return default_lexicon().add_synonyms(read_synonyms(path))
