"""Does anything the bot ships come from a development set? A check, not a benchmark.

    .venv/bin/python -m bench.leaks                 # ../shared/data/melo-bel-nl and esco-skills-nl-dev

Development sets are for measuring, never mining. Two checks per set (a folder laid out
like MELO: queries.tsv, corpus_elements.tsv, annotations.tsv):

- *Synonym sets that join its answers*: a set of `bot/data/synonyms.tsv` joins a (query,
  relevant label) pair when one member's word parts are all in the query and another's all
  in the label (and not the other way round). A list written from general knowledge joins
  a few; a list taken from the answers joins many. Beside it, the same count over as many
  random (query, label) pairs, which no list can have been taken from.
- *Its queries quoted*: a string in `bot/`, `tests/` (and `bot/data/`) equal, once folded,
  to one of its queries (labels are the common vocabulary of the field and are not listed).

Prints what it finds, and exits 1 when a query is quoted. The joins are for a person to
judge: a general set (ICT ~ IT) may join a few answers of any set; many joins, far above
the random pairs, mean a list was taken from the answers.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from pathlib import Path

from bench.melo import ROOT, read_set
from bot.lexicon import fold, load, read_synonyms

SETS = ("melo-bel-nl", "esco-skills-nl-dev")
QUOTED = re.compile(r"\"([^\"\n]{3,120})\"|'([^'\n]{3,120})'|\t([^\t\n]{3,120})")


def joined(rows: list[list[str]], pairs: list[tuple[str, str]], units) -> list[tuple[list[str], tuple[str, str]]]:
    """(set, first pair it joins) for every synonym set joining a pair."""
    read = [(set(units(a)), set(units(b)), a, b) for a, b in pairs]
    out = []
    for row in rows:
        members = [set(units(m)) for m in row]
        for qa, lb, a, b in read:
            if any(x and y and x <= qa and y <= lb and not y <= qa and not x <= lb
                   for x, y in itertools.permutations(members, 2)):
                out.append((row, (a, b)))
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--synonyms", type=Path, default=ROOT / "bot" / "data" / "synonyms.tsv")
    args = parser.parse_args(argv)
    lex = load()
    rows = read_synonyms(args.synonyms)
    files = [p for folder in ("bot", "tests") for p in sorted((ROOT / folder).rglob("*"))
             if p.suffix in (".py", ".tsv", ".txt", ".md") and not p.name.startswith(("nl_", "LICENSE"))]
    failed = False
    for name in SETS:
        folder = args.data / name
        if not folder.exists():
            print(f"{name}: not found at {folder}")
            continue
        queries, corpus, relevant = read_set(folder)
        pairs = [(queries[q], corpus[label]) for q, labels in relevant.items() for label in sorted(labels)]
        rng = random.Random(14)
        labels = list(corpus.values())
        shuffled = [(query, rng.choice(labels)) for query, _ in pairs]
        found = joined(rows, pairs, lex.units)
        chance = joined(rows, shuffled, lex.units)
        print(f"{name}: {len(found)} of {len(rows)} synonym sets join its {len(pairs):,} (query, relevant label) "
              f"pairs; {len(chance)} join as many random pairs")
        for row, (a, b) in found:
            print(f"    {' ~ '.join(row)}    e.g. {a!r} -> {b!r}")
        folded = {fold(t) for t in queries.values()}
        quoted = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            for m in QUOTED.finditer(text):
                s = fold(m.group(1) or m.group(2) or m.group(3) or "")
                if s in folded and (len(s) >= 8 or " " in s):
                    quoted.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {s!r}")
        print(f"  its queries quoted in bot/ and tests/: {len(quoted)}")
        for line in quoted:
            print(f"    {line}")
        failed = failed or bool(quoted)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
