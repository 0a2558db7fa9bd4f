"""Dutch job-title matching quality on a MELO-style set: MAP, recall@10, ms per query.

    .venv/bin/python -m bench.melo                                   # ../shared/data/melo-bel-nl
    .venv/bin/python -m bench.melo --data path/to/set --split        # another set; odd/even query halves

A set is a folder with `queries.tsv` (`Q-id<TAB>title`), `corpus_elements.tsv`
(`L-id<TAB>label`) and `annotations.tsv` (TREC qrels `Q-id 0 L-id 1`). Every corpus label
becomes a one-line profile (a `Candidate` whose job title is the label) in one `Matcher`;
every query is ranked as a klus title (`Matcher.rank([], title=query, limit=100)`), and
scored with mean average precision over the top 100 (AP divided by min(relevant, 100))
and recall@10, averaged over the queries that have relevant labels. Beside it, in the same
run and on the same machine: plain `rapidfuzz.fuzz.ratio` on lower-cased text (the
published baseline, 0.157 on melo-bel-nl). ms per query is wall time of one ranking,
single-threaded, after the index is built (build time printed separately).

`--title-cutoff` is the least similarity (0..100) a label needs to be ranked at all (the
matcher's `title_cutoff`); the default keeps every label that shares a word part or a
spelling with the query, so partial matches still fill the top 100.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.matching import Candidate, Matcher

ROOT = Path(__file__).resolve().parent.parent  # the project; shared data sits beside it
DEFAULT = ROOT.parent / "shared" / "data" / "melo-bel-nl"


def read_set(folder: Path) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    def pairs(name: str) -> dict[str, str]:
        out = {}
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, _, text = line.partition("\t")
                out[key.strip()] = text.strip()
        return out

    relevant: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "annotations.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split()
        if len(cells) >= 4 and cells[3] != "0":
            relevant[cells[0]].add(cells[2])
    return pairs("queries.tsv"), pairs("corpus_elements.tsv"), dict(relevant)


def average_precision(ranked: list[str], relevant: set[str], k: int = 100) -> float:
    hits, total = 0, 0.0
    for i, label in enumerate(ranked[:k]):
        if label in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(relevant), k)


def evaluate(rank_fn, queries: dict[str, str], relevant: dict[str, set[str]]) -> dict:
    aps, recalls, times = {}, [], []
    for qid, text in queries.items():
        if qid not in relevant:
            continue
        started = time.perf_counter()
        ranked = rank_fn(text)
        times.append((time.perf_counter() - started) * 1000)
        aps[qid] = average_precision(ranked, relevant[qid])
        recalls.append(len(set(ranked[:10]) & relevant[qid]) / len(relevant[qid]))
    return {"map": statistics.fmean(aps.values()), "recall10": statistics.fmean(recalls),
            "ms": statistics.fmean(times), "ms_median": statistics.median(times), "per_query": aps}


def halves(per_query: dict[str, float]) -> tuple[float, float]:
    odd = [ap for qid, ap in per_query.items() if int("".join(ch for ch in qid if ch.isdigit()) or 0) % 2]
    even = [ap for qid, ap in per_query.items() if not int("".join(ch for ch in qid if ch.isdigit()) or 0) % 2]
    return (statistics.fmean(odd) if odd else float("nan"), statistics.fmean(even) if even else float("nan"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT, help="folder with queries/corpus/annotations")
    parser.add_argument("--title-cutoff", type=float, default=20.0)
    parser.add_argument("--split", action="store_true", help="also print MAP on odd and even query ids")
    args = parser.parse_args(argv)
    queries, corpus, relevant = read_set(args.data)
    ids = list(corpus)

    started = time.perf_counter()
    matcher = Matcher()
    for i, label_id in enumerate(ids):
        matcher.upsert(Candidate(i, title=corpus[label_id]))
    build = time.perf_counter() - started

    def ours(text: str) -> list[str]:
        return [ids[m.id] for m in matcher.rank([], title=text, limit=100, title_cutoff=args.title_cutoff)]

    lowered = [corpus[label_id].lower() for label_id in ids]

    def ratio(text: str) -> list[str]:
        return [ids[j] for _, _, j in process.extract(text.lower(), lowered, scorer=fuzz.ratio, limit=100)]

    print(f"{args.data.name}: {len(queries)} queries ({len(relevant)} with relevant labels), "
          f"{len(corpus):,} labels; matcher index built in {build:.1f} s")
    for name, fn in (("flexpool Matcher", ours), ("rapidfuzz fuzz.ratio", ratio)):
        r = evaluate(fn, queries, relevant)
        line = (f"  {name:<22} MAP {r['map']:.4f}   recall@10 {r['recall10']:.4f}   "
                f"{r['ms']:6.2f} ms/query (median {r['ms_median']:.2f})")
        if args.split:
            odd, even = halves(r["per_query"])
            line += f"   odd {odd:.4f} even {even:.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
