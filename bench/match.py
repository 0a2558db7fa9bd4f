"""Benchmark the matcher on a realistic pool, next to a naive rapidfuzz loop.

    .venv/bin/python -m bench.match                        # 10 000 and 100 000 profiles
    .venv/bin/python -m bench.match --sizes 1000,10000 --repeats 20

Per pool size it generates profiles the way colleagues type them (terms from
bot/data/skills.txt, English synonyms, spelling variants, typos, a long tail of rare
terms, 5-15 skills each, some want-to-learn terms, a job title), builds a `Matcher`
index, ranks `--repeats` different klussen (3-5 asked skills + a title, top 20) and prints
the index build time, median and p95 ms per ranking, and peak memory.

Rankings are timed cold (`Matcher.clear_cache()` first, so every asked term is compared
with the whole vocabulary, as in a fresh process) and, on a second line, warm (the same
klussen again, similarities cached). Memory is the tracemalloc peak of a separate, traced
build + ranking (tracing slows Python down, so it is kept out of the timings) and the
growth of the process's max RSS; each size runs in its own forked process so the RSS
figures do not carry over from one size to the next.

The naive baseline is what one would write without an index: for every klus, a Python
loop of `rapidfuzz.fuzz.token_set_ratio(klus skills, profile skills)` over every profile,
keeping the best 20.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import multiprocessing
import random
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz

from bot.matching import Candidate, Matcher

SKILLS_FILE = Path(__file__).resolve().parent.parent / "bot" / "data" / "skills.txt"

ENGLISH = {
    "data-analyse": ["data analysis", "data analytics"], "datavisualisatie": ["data visualisation"],
    "statistiek": ["statistics"], "projectleiding": ["project management"], "beleidsadvies": ["policy advice"],
    "wetgeving": ["legislation"], "juridisch advies": ["legal advice"], "inkoop": ["procurement"],
    "onderzoek": ["research"], "rapportage": ["reporting"], "presenteren": ["presenting"],
    "verandermanagement": ["change management"], "informatiebeveiliging": ["information security"],
    "gebruikersonderzoek": ["user research"], "software-ontwikkeling": ["software development"],
    "duurzaamheid": ["sustainability"], "communicatie": ["communication"], "coaching": ["coaching"],
}
EXTRA = [  # commonly written variants and neighbours of the shipped terms
    "PowerBI", "Power-BI", "power bi dashboards", "SQL Server", "MS Excel", "Excel VBA", "Python (gevorderd)",
    "data analyse", "dataanalyse", "Data Science", "ArcGIS", "QGIS", "project management", "Prince2",
    "Scrum master", "product owner", "Lean Six Sigma", "AVG/GDPR", "privacy by design", "Jeugdwet en Wmo",
    "beleidsonderzoek", "beleidsontwikkeling", "subsidieaanvragen", "aanbesteden", "contractmanagement",
    "schrijven", "redactie", "B1 schrijven", "tekstschrijven", "social media", "webredactie", "Tableau Desktop",
]
SPECIALISMS = [  # a long tail: "kennis van X" terms that few people share
    "zorgverzekeringswet", "bodemsanering", "stikstof", "asielopvang", "inburgering", "schuldhulpverlening",
    "erfgoed", "monumentenzorg", "waterbeheer", "dijkversterking", "openbare verlichting", "parkeerbeleid",
    "leerplicht", "kinderopvang", "armoedebeleid", "belastingen", "WOZ", "basisregistraties", "BRP", "BAG",
    "Woo", "Wet open overheid", "subsidieregelingen", "grondexploitatie", "vastgoed", "huisvesting",
    "sportbeleid", "cultuurbeleid", "evenementenvergunning", "APV", "drank- en horecawet", "bestemmingsplan",
]
TITLES = [
    "beleidsmedewerker", "senior beleidsmedewerker", "beleidsadviseur", "data-analist", "informatieanalist",
    "projectleider", "programmamanager", "communicatieadviseur", "juridisch adviseur", "jurist",
    "inkoopadviseur", "controller", "financieel adviseur", "HR-adviseur", "secretaresse", "managementassistent",
    "teamleider", "afdelingshoofd", "vergunningverlener", "toezichthouder", "handhaver", "BOA",
    "informatiebeheerder", "archivaris", "privacy officer", "CISO", "functioneel beheerder",
    "applicatiebeheerder", "software developer", "UX-designer", "onderzoeker", "trainee", "stagiair",
    "klantcontactmedewerker", "wijkcoach", "consulent werk en inkomen", "procesregisseur", "adviseur ruimte",
]
KLUS_TITLES = [
    "Data-analist voor dashboard jeugdzorg", "Projectleider energietransitie", "Schrijver B1-brieven",
    "Onderzoek naar inburgering", "Adviseur Omgevingswet", "Privacytoets nieuwe app", "Scrum master voor team",
    "Archief opschonen", "Subsidieregeling evalueren", "Dashboard Wmo-aanvragen", "Notulist stuurgroep",
    "Juridisch advies Woo-verzoeken", "Training Excel voor collega's", "Gebruikersonderzoek website",
]


def _typo(term: str, rng: random.Random) -> str:
    if len(term) < 5:
        return term
    i = rng.randrange(1, len(term) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        return term[:i] + term[i + 1] + term[i] + term[i + 2:]
    if kind == 1:  # a letter dropped
        return term[:i] + term[i + 1:]
    return term[:i] + term[i] + term[i:]  # a letter doubled


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Terms people type, with how popular each is (a few very common, a long tail)."""
    base = [line.strip() for line in SKILLS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    terms: list[str] = []
    weights: list[float] = []
    for rank_, term in enumerate(base):
        popularity = 1.0 / (1 + rank_ % 30)
        forms = [term, term.lower(), term.upper() if len(term) <= 4 else term.capitalize()]
        forms += ENGLISH.get(term, [])
        forms += [_typo(term, rng) for _ in range(4)]
        for j, form in enumerate(forms):
            terms.append(form)
            weights.append(popularity * (1.0 if j < 3 else 0.15))
    for term in EXTRA:
        terms.append(term)
        weights.append(0.3)
    for spec in SPECIALISMS:
        for prefix in ("", "kennis van ", "ervaring met "):
            terms.append(prefix + spec)
            weights.append(0.05)
    return terms, weights


def profiles(n: int, seed: int = 1) -> list[Candidate]:
    rng = random.Random(seed)
    terms, weights = vocabulary(rng)
    people = []
    for pid in range(1, n + 1):
        skills = set(rng.choices(terms, weights, k=rng.randint(5, 15)))
        if rng.random() < 0.05:  # a term nobody else has
            skills.add(f"{rng.choice(SPECIALISMS)} {rng.choice(['regio', 'gemeente', 'provincie'])} {pid % 997}")
        wants = set(rng.choices(terms, weights, k=rng.choice([0, 0, 1, 2, 3]))) - skills
        title = rng.choice(TITLES) if rng.random() < 0.9 else ""
        people.append(Candidate(pid, sorted(skills), sorted(wants), title))
    return people


def klussen(count: int, seed: int = 2) -> list[tuple[list[str], str]]:
    rng = random.Random(seed)
    terms, weights = vocabulary(random.Random(1))
    asked = []
    for _ in range(count):
        skills = []
        while len(skills) < rng.randint(3, 5):
            term = rng.choices(terms, weights)[0]
            if term not in skills:
                skills.append(term)
        asked.append((skills, rng.choice(KLUS_TITLES)))
    return asked


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def bench_size(n: int, repeats: int, naive_repeats: int, trace: bool) -> dict:
    people = profiles(n)
    asks = klussen(repeats)
    gc.collect()
    rss_before = _maxrss_mb()

    t0 = time.perf_counter()
    matcher = Matcher()
    for person in people:
        matcher.upsert(person)
    build = time.perf_counter() - t0
    times, cold = [], []
    for skills, title in asks:
        matcher.clear_cache()  # cold: every asked term compared with the vocabulary afresh
        t0 = time.perf_counter()
        matcher.rank(skills, title=title, limit=20)
        cold.append((time.perf_counter() - t0) * 1000)
    for skills, title in asks:
        t0 = time.perf_counter()
        matcher.rank(skills, title=title, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    result = {
        "n": n, "vocab": len(matcher.has.keys), "build_s": build,
        "median_ms": statistics.median(cold), "p95_ms": _percentile(cold, 95),
        "warm_median_ms": statistics.median(times), "warm_p95_ms": _percentile(times, 95),
        "rss_mb": _maxrss_mb() - rss_before,
    }

    skill_text = [" ".join(p.skills) for p in people]
    naive_times = []
    for skills, _ in asks[:naive_repeats]:
        query = " ".join(skills)
        t0 = time.perf_counter()
        heapq.nlargest(20, ((fuzz.token_set_ratio(query, text), i) for i, text in enumerate(skill_text)))
        naive_times.append((time.perf_counter() - t0) * 1000)
    result.update(naive_median_ms=statistics.median(naive_times), naive_p95_ms=_percentile(naive_times, 95),
                  naive_runs=len(naive_times))

    if trace:
        del matcher
        gc.collect()
        tracemalloc.start()
        matcher = Matcher()
        for person in people:
            matcher.upsert(person)
        for skills, title in asks[:5]:
            matcher.rank(skills, title=title, limit=20)
        result["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del matcher, skill_text
        gc.collect()
        tracemalloc.start()
        skill_text = [" ".join(p.skills) for p in people]
        for skills, _ in asks[:2]:
            query = " ".join(skills)
            heapq.nlargest(20, ((fuzz.token_set_ratio(query, text), i) for i, text in enumerate(skill_text)))
        result["naive_traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated pool sizes")
    parser.add_argument("--repeats", type=int, default=50, help="klussen ranked per size")
    parser.add_argument("--naive-repeats", type=int, default=None,
                        help="klussen for the naive loop (default: as many as --repeats)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    naive_repeats = args.repeats if args.naive_repeats is None else args.naive_repeats

    started = time.perf_counter()
    rows = []
    ctx = multiprocessing.get_context("fork")
    for n in sizes:
        with ctx.Pool(1) as pool:
            rows.append(pool.apply(bench_size, (n, args.repeats, naive_repeats, not args.no_trace)))
        r = rows[-1]
        print(f"{r['n']:>8,} profiles ({r['vocab']:,} distinct skill terms)")
        print(f"  Matcher  build {r['build_s']:6.2f} s   rank median {r['median_ms']:7.2f} ms   "
              f"p95 {r['p95_ms']:7.2f} ms   peak traced {r.get('traced_mb', float('nan')):6.1f} MB   "
              f"maxrss +{r['rss_mb']:.0f} MB")
        print(f"           (same klussen again, similarities cached: median {r['warm_median_ms']:.2f} ms, "
              f"p95 {r['warm_p95_ms']:.2f} ms)")
        print(f"  naive    build   0.00 s   rank median {r['naive_median_ms']:7.2f} ms   "
              f"p95 {r['naive_p95_ms']:7.2f} ms   peak traced {r.get('naive_traced_mb', float('nan')):6.1f} MB"
              f"   ({r['naive_runs']} klussen)", flush=True)
    print(f"total {time.perf_counter() - started:.1f} s; {args.repeats} klussen ranked per size, limit 20")


if __name__ == "__main__":
    main()
