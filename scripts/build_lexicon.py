"""Derive the small Dutch word lists the matcher ships (bot/data/) from the lexicons.

    .venv/bin/python -m scripts.build_lexicon [--lexicon ../shared/data/dutch-lexicon]

Writes, from OpenTaal's base word list (`opentaal-basiswoorden.txt`, BSD / CC BY 3.0):

- `bot/data/nl_parts.txt` — the words that make up Dutch compounds: every word of the
  list that cannot itself be split into two listed words and that is a part of at least
  `--min-uses` listed compounds ("beleid", "medewerker", "jeugd", "zorg", "consulent").
  Three-letter parts are kept only where they are productive (a modifier of 25 or more
  listed compounds: "bos", "dak", "vee"; or a head such as "man"), so "bloemist" is not
  read as "blo" + "mist". The matcher splits "jeugdzorgconsulent" into jeugd + zorg +
  consulent with it. Lines starting with `=` are words of the list that these parts alone
  would split where the full list does not: the matcher keeps them whole.
- `bot/data/nl_names.txt` — the list's one-word proper names and their adjectives
  (languages, peoples, places: Armeens, Roemeens, Frans), never split and never a typo of
  one another.
- `bot/data/nl_gender.tsv` — female job nouns and their common-gender form, where both
  are listed words (medewerkster → medewerker, directrice → directeur, lerares → leraar).

Open Dutch WordNet's synonyms (`odwn-synonyms.tsv`) are not used: filtered to job nouns
they did not improve the Dutch job-title development set (bench/melo.py), and unfiltered
they join words of different senses (slager ~ chirurg). The curated
`bot/data/synonyms.tsv` is written by hand and is not touched here.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lexicon import FEMALE_SUFFIXES, PARTICLES, SHORT_HEADS, Lexicon, fold, male_forms  # noqa: E402

DATA = ROOT / "bot" / "data"


def read_words(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = fold(line.strip())
        if re.fullmatch(r"[a-z]+", word):
            words.add(word)
    return words


def productive_modifiers(words: set[str], minimum: int = 25) -> set[str]:
    """Three-letter words that start 25 or more listed compounds ("bos", "dak", "vee"; not "red" of
    redacteur and redactie)."""
    counts: collections.Counter = collections.Counter()
    for word in words:
        if len(word) >= 7 and word[:3] in words and word[3:] in words:
            counts[word[:3]] += 1
    return {w for w, n in counts.items() if n >= minimum and w not in PARTICLES and not w.startswith(("ge", "be"))}


def build_parts(words: set[str], min_uses: int) -> tuple[list[str], list[str]]:
    """(parts, words never to split): see the module docstring."""
    short = productive_modifiers(words) | SHORT_HEADS
    everything = Lexicon(parts={w for w in words if len(w) >= 4} | short, stem=False, keep_known=False)
    atoms = {w for w in words if len(everything.split(w, unknown=False)) == 1}
    atoms_lex = Lexicon(parts={w for w in atoms if len(w) >= 4} | (short & atoms), stem=False, keep_known=False)
    uses: collections.Counter = collections.Counter()
    for word in words:
        parts = atoms_lex.split(word, unknown=False)
        if len(parts) > 1:
            uses.update(parts)
    keep = sorted(w for w, n in uses.items() if n >= min_uses and (len(w) >= 4 or w in short))
    runtime = Lexicon(parts=keep, stem=False)
    whole = sorted(w for w in atoms if len(runtime.split(w)) > 1)
    return keep, whole


def build_gender(words: set[str]) -> dict[str, str]:
    pairs = {}
    for word in sorted(words):
        if not word.endswith(FEMALE_SUFFIXES):
            continue
        for male in male_forms(word):
            if male in words and male != word and _person_like(word, male):
                pairs[word] = male
                break
    return pairs


PERSON_ENDINGS = ("er", "eur", "aar", "ier", "or", "ant", "ent", "ist", "oog", "aaf", "iet", "aan", "ard", "man", "ief",
                  "ees", "ouw", "ijn", "iaan", "ees")


def _person_like(female: str, male: str) -> bool:
    """A pair only where the common form looks like a person noun (kassierster → kassier,
    not meester → mee, minister → mini)."""
    return len(male) >= 4 and (not female.endswith("ster") or male.endswith(PERSON_ENDINGS))


def read_names(path: Path) -> list[str]:
    """The list's one-word proper names and their adjectives, folded: languages, peoples,
    places (Armeens, Roemeens, Frans, Amsterdams). Two of them are different words, never a
    typo of each other, and never split (Roemeens is not roem + eens)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word[:1].isupper() and word[1:].islower() and word.isalpha():
            folded = fold(word)
            if re.fullmatch(r"[a-z]{3,}", folded):
                names.add(folded)
    return sorted(names)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lexicon", default=ROOT.parent / "shared" / "data" / "dutch-lexicon", type=Path)
    parser.add_argument("--min-uses", type=int, default=2)
    parser.add_argument("--out", default=DATA, type=Path)
    args = parser.parse_args(argv)
    words = read_words(args.lexicon / "opentaal-basiswoorden.txt")
    parts, whole = build_parts(words, args.min_uses)
    header = ("# Parts of Dutch compounds, derived from OpenTaal's word list (basiswoorden-gekeurd),\n"
              "# BSD or CC BY 3.0 — see LICENSE-opentaal.txt. Built by scripts/build_lexicon.py.\n"
              "# A leading '=' marks a word that is never split although it looks like a compound\n"
              "# (=manager is not mana + ger).\n")
    lines = parts + ["=" + w for w in whole]
    (args.out / "nl_parts.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    gender = build_gender(words)
    (args.out / "nl_gender.tsv").write_text(
        "# female form<TAB>common form, both in OpenTaal's word list (see LICENSE-opentaal.txt).\n"
        + "".join(f"{f}\t{m}\n" for f, m in gender.items()), encoding="utf-8")
    names = read_names(args.lexicon / "opentaal-basiswoorden.txt")
    (args.out / "nl_names.txt").write_text(
        "# One-word proper names and their adjectives (languages, peoples, places) in OpenTaal's word list\n"
        "# (basiswoorden-gekeurd; BSD or CC BY 3.0, see LICENSE-opentaal.txt), folded. Built by\n"
        "# scripts/build_lexicon.py. Never split, never a typo of one another (Armeens is not Roemeens).\n"
        + "".join(f"{n}\n" for n in names), encoding="utf-8")
    print(f"{len(parts)} parts, {len(whole)} whole words, {len(gender)} gender pairs, {len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
