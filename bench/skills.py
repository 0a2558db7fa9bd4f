"""Dutch skill-term matching quality: MAP, MRR, recall@10, success@1, ms per query.

    .venv/bin/python -m bench.skills                                 # ../shared/data/esco-skills-nl-dev
    .venv/bin/python -m bench.skills --split                         # also odd / even query halves
    .venv/bin/python -m bench.skills --data path/to/set --cutoff 80  # another set; another cutoff

What the matcher does all day: a manager asks for a skill in their words, a colleague wrote
the same skill in other words. A set is a folder laid out like MELO (`queries.tsv`,
`corpus_elements.tsv`, `annotations.tsv`; see bench/melo.py): every corpus label becomes a
one-skill profile (a `Candidate` whose skills are that label) in one `Matcher`; every
query is ranked as a klus asking that one skill (`Matcher.rank([query], limit=101)`) with
the matcher's default settings, the query's own label dropped from its own ranking (it is
in the pool as a distractor for the other queries), and scored over the top 100:

- MAP: average precision divided by the number of relevant labels, averaged over queries;
- MRR: 1 / the rank of the first relevant label (0 when none is in the top 100);
- recall@10: the share of the relevant labels in the top 10; success@1: a relevant first.

Beside it, in the same run and on the same machine: plain `rapidfuzz.fuzz.ratio` on
lower-cased text (the set's README: MAP 0.485 on esco-skills-nl-dev). ms per query is the
wall time of one ranking, single-threaded, after the index is built.

`--split` prints MAP on the odd and on the even query ids too: choose a rule or a weight
on one half, confirm it on the other. These are development figures: the set is for
measuring, never for mining (no list or rule made from its labels).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from bench.melo import ROOT, halves, read_set
from bot.matching import SIM_CUTOFF, Candidate, Matcher

DEFAULT = ROOT.parent / "shared" / "data" / "esco-skills-nl-dev"
DEPTH = 100


def scores(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    hits, total, first = 0, 0.0, 0.0
    for i, label in enumerate(ranked[:DEPTH]):
        if label in relevant:
            hits += 1
            total += hits / (i + 1)
            first = first or 1.0 / (i + 1)
    return {"map": total / len(relevant), "mrr": first,
            "recall10": len(set(ranked[:10]) & relevant) / len(relevant),
            "success1": float(bool(ranked) and ranked[0] in relevant)}


def evaluate(rank_fn, queries: dict[str, str], relevant: dict[str, set[str]], own: dict[str, set[str]]) -> dict:
    per: dict[str, dict[str, float]] = {}
    times = []
    for qid, text in queries.items():
        if qid not in relevant:
            continue
        started = time.perf_counter()
        ranked = [label for label in rank_fn(text) if label not in own.get(qid, ())][:DEPTH]
        times.append((time.perf_counter() - started) * 1000)
        per[qid] = scores(ranked, relevant[qid])
    out = {key: statistics.fmean(s[key] for s in per.values()) for key in ("map", "mrr", "recall10", "success1")}
    out.update(ms=statistics.fmean(times), ms_median=statistics.median(times),
               per_query={qid: s["map"] for qid, s in per.items()})
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT, help="folder with queries/corpus/annotations")
    parser.add_argument("--cutoff", type=float, default=SIM_CUTOFF,
                        help="the matcher's cutoff (default: its own default)")
    parser.add_argument("--split", action="store_true", help="also print MAP on odd and even query ids")
    args = parser.parse_args(argv)
    queries, corpus, relevant = read_set(args.data)
    ids = list(corpus)
    by_text: dict[str, set[str]] = {}
    for label_id, label in corpus.items():
        by_text.setdefault(label, set()).add(label_id)
    own = {qid: by_text.get(text, set()) for qid, text in queries.items()}

    started = time.perf_counter()
    matcher = Matcher()
    for i, label_id in enumerate(ids):
        matcher.upsert(Candidate(i, skills=[corpus[label_id]]))
    build = time.perf_counter() - started

    def ours(text: str) -> list[str]:
        return [ids[m.id] for m in matcher.rank([text], limit=DEPTH + 1, cutoff=args.cutoff, explain=False)]

    lowered = [corpus[label_id].lower() for label_id in ids]

    def ratio(text: str) -> list[str]:
        return [ids[j] for _, _, j in process.extract(text.lower(), lowered, scorer=fuzz.ratio, limit=DEPTH + 1)]

    print(f"{args.data.name}: {len(queries)} queries ({len(relevant)} with relevant labels), "
          f"{len(corpus):,} labels; matcher index built in {build:.1f} s (development figures)")
    for name, fn in (("flexpool Matcher", ours), ("rapidfuzz fuzz.ratio", ratio)):
        r = evaluate(fn, queries, relevant, own)
        line = (f"  {name:<22} MAP {r['map']:.4f}   MRR {r['mrr']:.4f}   recall@10 {r['recall10']:.4f}   "
                f"success@1 {r['success1']:.4f}   {r['ms']:6.2f} ms/query (median {r['ms_median']:.2f})")
        if args.split:
            odd, even = halves(r["per_query"])
            line += f"   odd {odd:.4f} even {even:.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
