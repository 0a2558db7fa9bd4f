"""Benchmark the matcher on a realistic pool, next to a naive rapidfuzz loop.

    .venv/bin/python -m bench.match                                   # 10 000, 100 000 and 1 000 000 profiles
    .venv/bin/python -m bench.match --sizes 10000,100000 --repeats 50 --naive-repeats 10

Per pool size it generates profiles the way colleagues type them: every person has 5-15
skills drawn from a fixed set of *meanings* (the terms of bot/data/skills.txt and a long
tail of specialisms; a few very common, most rare), and each skill is written one way or
another — as listed, in other case, in another Dutch word form or
word order ("advies beleid", "dashboards", "notulist" for "notuleren"), with a
typo, or as "kennis van …" — plus some want-to-learn skills, a job title, and now and
then a term nobody else has. It builds a `Matcher` index, ranks `--repeats` different
klussen (3-5 asked skills, written the same varied ways, + a title, top 20) and prints
the index build time, median and p95 ms per ranking, and peak memory. Times per ranking
are CPU time of the process (one core; what other processes on a shared machine do
hardly moves them), with the wall clock beside.

Rankings are timed cold (`Matcher.clear_cache()` first, so every asked term is compared
with the whole vocabulary, as in a fresh process) and, on a second line, warm (the same
klussen again, similarities cached). Memory is the tracemalloc peak of a separate, traced
build + ranking (tracing slows Python down, so it is kept out of the timings) and the
growth of the process's max RSS; each size runs in its own forked process so the RSS
figures do not carry over from one size to the next.

The naive baseline is what one would write without an index: for every klus, a Python
loop of `rapidfuzz.fuzz.token_set_ratio(klus skills, profile skills)` over every profile,
keeping the best 20 (`--naive-repeats` klussen: at a million profiles each takes seconds).

Results are compared on the klussen both ranked: *agreement* is the share of the naive
top 20 that the matcher's top 20 also holds; *quality* is what the returned 20 people
really offer — per person the share of the asked meanings they have (a want-to-learn
counts half) — summed and divided by the best possible 20 (1.0 = an ideal top 20).
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

# Other ways people write the same skill by the rules of Dutch: word order, plurals, compounds
# written apart, the person or the activity for the field (projectleider ~ projectleiding),
# a verb for the noun. No English, abbreviations or other words: linking those rests on a
# synonym list, and a quality figure that rests on the shipped list measures only the list.
VARIANTS = {
    "data-analyse": ["analyse van data", "dataanalyse", "data analyseren", "data-analist"],
    "datavisualisatie": ["visualisatie van data", "datavisualisaties", "data visualiseren"],
    "dashboarding": ["dashboards", "dashboards bouwen"],
    "statistiek": ["statistische analyse", "statisticus"],
    "projectleiding": ["projectleider", "leiding projecten", "projecten leiden"],
    "projectmanagement": ["project management", "projectmanager"],
    "programmamanagement": ["programma management", "programmamanager"],
    "procesmanagement": ["proces management", "procesmanager"],
    "beleidsadvies": ["beleidsadvisering", "advies beleid", "beleidsadviseur", "adviseren over beleid"],
    "beleid": ["beleidsontwikkeling", "beleid ontwikkelen"],
    "wetgeving": ["wetgevingsjurist", "wetten"],
    "juridisch advies": ["juridische advisering", "juridisch adviseur"],
    "inkoop": ["inkoper", "inkopen"],
    "aanbesteden": ["aanbestedingen", "aanbestedingsrecht", "aanbesteding"],
    "contractmanagement": ["contract management", "contractmanager", "contracten managen"],
    "financiën": ["financieel beheer", "financiele zaken"],
    "begroting": ["begrotingen", "begroten"],
    "audit": ["audits", "auditen", "auditor"],
    "HR-advies": ["HR-adviseur", "advies HR"],
    "werving en selectie": ["werven en selecteren", "werving"],
    "communicatie": ["communicatieadviseur", "communiceren"],
    "communicatieadvies": ["communicatieadviseur", "advies communicatie"],
    "tekstschrijven": ["teksten schrijven", "tekstschrijver"],
    "webredactie": ["webredacteur", "webteksten redigeren"],
    "informatiebeveiliging": ["beveiliging van informatie", "informatiebeveiliger"],
    "privacy": ["privacywetgeving", "privacyrecht"],
    "AVG": ["Algemene Verordening Gegevensbescherming"],
    "archiefbeheer": ["archivering", "archief beheren", "archiefbeheerder"],
    "informatiebeheer": ["informatiebeheerder", "informatie beheren"],
    "software-ontwikkeling": ["softwareontwikkelaar", "software ontwikkelen"],
    "gebruikersonderzoek": ["onderzoek gebruikers", "onderzoek onder gebruikers"],
    "onderzoek": ["onderzoeker", "onderzoeken"],
    "rapportage": ["rapportages", "rapporteren"],
    "presenteren": ["presentaties geven", "presentatie"],
    "verandermanagement": ["veranderkunde", "verandermanager"],
    "duurzaamheid": ["duurzaam"],
    "energietransitie": ["transitie energie"],
    "coaching": ["coachen", "coach"],
    "training geven": ["trainen", "trainer", "trainingen"],
    "Wmo": ["Wmo-consulent"],
    "jeugdzorg": ["zorg voor jeugd", "jeugdzorgconsulent"],
    "Power BI": ["PowerBI", "Power-BI", "power bi dashboards"],
    "Excel": ["Excel VBA"],
    "SQL": ["SQL Server"],
    "Python": ["Python (gevorderd)", "python programmeren"],
    "GIS": ["GIS-analyse"],
    "Scrum": ["Scrum master", "scrummaster", "agile scrum"],
    "Lean": ["Lean Six Sigma", "lean management"],
    "secretariaat": ["secretarieel", "secretaris", "secretariële ondersteuning"],
    "notuleren": ["notulist", "notulen maken"],
    "klantcontact": ["contact met klanten", "klantcontactmedewerker"],
    "vergunningverlening": ["vergunningverlener", "vergunningen verlenen"],
    "handhaving": ["handhaver", "toezicht en handhaving", "handhaven"],
    "stakeholdermanagement": ["stakeholder management", "stakeholders managen"],
}
SPECIALISMS = [  # a long tail: "kennis van X" terms that few people share
    "zorgverzekeringswet", "bodemsanering", "stikstof", "asielopvang", "inburgering", "schuldhulpverlening",
    "erfgoed", "monumentenzorg", "waterbeheer", "dijkversterking", "openbare verlichting", "parkeerbeleid",
    "leerplicht", "kinderopvang", "armoedebeleid", "belastingen", "WOZ", "basisregistraties", "BRP", "BAG",
    "Woo", "subsidieregelingen", "grondexploitatie", "vastgoed", "huisvesting", "sportbeleid", "cultuurbeleid",
    "evenementenvergunning", "APV", "drank- en horecawet", "bestemmingsplan",
]
TITLES = [
    "beleidsmedewerker", "senior beleidsmedewerker", "beleidsadviseur", "data-analist", "informatieanalist",
    "projectleider", "programmamanager", "communicatieadviseur", "juridisch adviseur", "jurist",
    "inkoopadviseur", "controller", "financieel adviseur", "HR-adviseur", "secretaresse", "managementassistent",
    "teamleider", "afdelingshoofd", "vergunningverlener", "toezichthouder", "handhaver", "BOA",
    "informatiebeheerder", "archivaris", "privacy officer", "CISO", "functioneel beheerder",
    "applicatiebeheerder", "software developer", "UX-designer", "onderzoeker", "trainee", "stagiair",
    "klantcontactmedewerker", "wijkcoach", "consulent werk en inkomen", "procesregisseur", "adviseur ruimte",
    "beleidsmedewerkster", "medewerker beleid", "projectmanager", "data analist", "adviseuse communicatie",
]
KLUS_TITLES = [
    "Data-analist voor dashboard jeugdzorg", "Projectleider energietransitie", "Schrijver B1-brieven",
    "Onderzoek naar inburgering", "Adviseur Omgevingswet", "Privacytoets nieuwe app", "Scrum master voor team",
    "Archief opschonen", "Subsidieregeling evalueren", "Dashboard Wmo-aanvragen", "Notulist stuurgroep",
    "Juridisch advies Woo-verzoeken", "Training Excel voor collega's", "Gebruikersonderzoek website",
    "Beleidsmedewerker armoede", "Projectmanager huisvesting statushouders",
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


def meanings() -> tuple[list[str], list[float]]:
    """The skills people have (as meanings), with how popular each is: a few very common, a long tail."""
    base = [line.strip() for line in SKILLS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    terms = base + SPECIALISMS
    weights = [1.0 / (1 + i % 30) for i in range(len(base))] + [0.03] * len(SPECIALISMS)
    return terms, weights


def written(meaning: str, rng: random.Random) -> str:
    """One way a person writes `meaning`."""
    roll = rng.random()
    variants = VARIANTS.get(meaning)
    if roll < 0.45:
        return meaning
    if roll < 0.60:
        return meaning.lower() if rng.random() < 0.5 else (meaning.upper() if len(meaning) <= 4 else meaning.capitalize())
    if roll < 0.80 and variants:
        return rng.choice(variants)
    if roll < 0.92:
        return _typo(meaning, rng)
    return rng.choice(["kennis van ", "ervaring met ", ""]) + meaning


def profiles(n: int, seed: int = 1) -> tuple[list[Candidate], list[tuple[frozenset[str], frozenset[str]]]]:
    """`n` candidates, and per candidate the meanings they have and want (the truth)."""
    rng = random.Random(seed)
    terms, weights = meanings()
    people, truth = [], []
    for pid in range(1, n + 1):
        has = set(rng.choices(terms, weights, k=rng.randint(5, 15)))
        wants = set(rng.choices(terms, weights, k=rng.choice([0, 0, 1, 2, 3]))) - has
        skills = sorted({written(m, rng) for m in sorted(has)})  # sorted: the same pool in every process
        if rng.random() < 0.05:  # a term nobody else has
            skills.append(f"{rng.choice(SPECIALISMS)} {rng.choice(['regio', 'gemeente', 'provincie'])} {pid % 997}")
        title = rng.choice(TITLES) if rng.random() < 0.9 else ""
        people.append(Candidate(pid, skills, sorted({written(m, rng) for m in sorted(wants)}), title))
        truth.append((frozenset(has), frozenset(wants)))
    return people, truth


def klussen(count: int, seed: int = 2) -> list[tuple[list[str], list[str], str]]:
    """(asked meanings, asked as written, title) per klus."""
    rng = random.Random(seed)
    terms, weights = meanings()
    asked = []
    for _ in range(count):
        wanted = rng.randint(3, 5)
        chosen: list[str] = []
        while len(chosen) < wanted:
            term = rng.choices(terms, weights)[0]
            if term not in chosen:
                chosen.append(term)
        asked.append((chosen, [written(m, rng) if rng.random() < 0.4 else m for m in chosen], rng.choice(KLUS_TITLES)))
    return asked


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _gains(meanings_asked: list[str], truth) -> list[float]:
    asked = set(meanings_asked)
    return [(len(asked & has) + 0.5 * len(asked & wants)) / len(asked) for has, wants in truth]


def _quality(chosen: list[int], gains: list[float], k: int = 20) -> float:
    ideal = sum(heapq.nlargest(k, gains))
    return sum(gains[i] for i in chosen[:k]) / ideal if ideal else 1.0


def _naive(query: str, texts: list[str]) -> list[int]:
    return [-neg for _, neg in heapq.nlargest(20, ((fuzz.token_set_ratio(query, text), -i)
                                                   for i, text in enumerate(texts)))]  # ties: lower index first


def bench_size(n: int, repeats: int, naive_repeats: int, trace: bool) -> dict:
    people, truth = profiles(n)
    asks = klussen(repeats)
    gc.collect()
    rss_before = _maxrss_mb()

    t0 = time.perf_counter()
    matcher = Matcher()
    for person in people:
        matcher.upsert(person)
    build = time.perf_counter() - t0
    times, cold, cold_wall, ours = [], [], [], []
    for _, skills, title in asks:
        matcher.clear_cache()  # cold: every asked term compared with the vocabulary afresh
        t0, w0 = time.process_time(), time.perf_counter()
        found = matcher.rank(skills, title=title, limit=20)
        cold.append((time.process_time() - t0) * 1000)
        cold_wall.append((time.perf_counter() - w0) * 1000)
        ours.append([people_index(m.id) for m in found])
    for _, skills, title in asks:
        t0 = time.process_time()
        matcher.rank(skills, title=title, limit=20)
        times.append((time.process_time() - t0) * 1000)
    edit_ms = []
    for k in range(20):  # a profile edit shows up in the next ranking, without a rebuild
        person = people[(k * 7919) % n]
        edited = Candidate(person.id, list(person.skills) + [asks[k % len(asks)][1][0]], person.wants, person.title)
        t0 = time.perf_counter()
        matcher.upsert(edited)
        edit_ms.append((time.perf_counter() - t0) * 1000)
    result = {
        "n": n, "vocab": len(matcher.has.keys), "build_s": build,
        "median_ms": statistics.median(cold), "p95_ms": _percentile(cold, 95),
        "wall_median_ms": statistics.median(cold_wall), "wall_p95_ms": _percentile(cold_wall, 95),
        "warm_median_ms": statistics.median(times), "warm_p95_ms": _percentile(times, 95),
        "edit_ms": statistics.median(edit_ms), "rss_mb": _maxrss_mb() - rss_before,
    }
    del matcher
    gc.collect()

    skill_text = [" ".join(p.skills) for p in people]
    naive_times, naive_wall, agreement, q_ours, q_naive = [], [], [], [], []
    for k, (meant, skills, _) in enumerate(asks[:naive_repeats]):
        t0, w0 = time.process_time(), time.perf_counter()
        theirs = _naive(" ".join(skills), skill_text)
        naive_times.append((time.process_time() - t0) * 1000)
        naive_wall.append((time.perf_counter() - w0) * 1000)
        gains = _gains(meant, truth)
        agreement.append(len(set(theirs) & set(ours[k])) / max(len(theirs), 1))
        q_naive.append(_quality(theirs, gains))
        q_ours.append(_quality(ours[k], gains))
    q_all = [_quality(ours[k], _gains(meant, truth)) for k, (meant, _, _) in enumerate(asks)]
    result.update(naive_median_ms=statistics.median(naive_times), naive_p95_ms=_percentile(naive_times, 95),
                  naive_wall_median_ms=statistics.median(naive_wall),
                  naive_runs=len(naive_times), agreement=statistics.fmean(agreement),
                  quality=statistics.fmean(q_ours), naive_quality=statistics.fmean(q_naive),
                  quality_all=statistics.fmean(q_all))

    if trace:
        del skill_text
        gc.collect()
        tracemalloc.start()
        matcher = Matcher()
        for person in people:
            matcher.upsert(person)
        for _, skills, title in asks[:5]:
            matcher.rank(skills, title=title, limit=20)
        result["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del matcher
        gc.collect()
        tracemalloc.start()
        skill_text = [" ".join(p.skills) for p in people]
        for _, skills, _ in asks[:1]:
            _naive(" ".join(skills), skill_text)
        result["naive_traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def people_index(candidate_id: int) -> int:
    return candidate_id - 1  # ids are 1..n in `profiles`


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated pool sizes")
    parser.add_argument("--repeats", type=int, default=50, help="klussen ranked per size")
    parser.add_argument("--naive-repeats", type=int, default=None,
                        help="klussen for the naive loop (default: all up to 100 000 profiles, 5 above)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    for n in sizes:
        naive_repeats = args.naive_repeats or (args.repeats if n <= 100_000 else min(5, args.repeats))
        with ctx.Pool(1) as pool:
            r = pool.apply(bench_size, (n, args.repeats, naive_repeats, not args.no_trace))
        print(f"{r['n']:>9,} profiles ({r['vocab']:,} distinct skill terms)")
        print(f"  Matcher  build {r['build_s']:6.2f} s   rank median {r['median_ms']:7.2f} ms   "
              f"p95 {r['p95_ms']:7.2f} ms   peak traced {r.get('traced_mb', float('nan')):6.1f} MB   "
              f"maxrss +{r['rss_mb']:.0f} MB   (wall clock: median {r['wall_median_ms']:.2f} ms, "
              f"p95 {r['wall_p95_ms']:.2f} ms)")
        print(f"           (same klussen again, similarities cached: median {r['warm_median_ms']:.2f} ms, "
              f"p95 {r['warm_p95_ms']:.2f} ms; a profile edit: {r['edit_ms']:.2f} ms)")
        print(f"  naive    build   0.00 s   rank median {r['naive_median_ms']:7.2f} ms   "
              f"p95 {r['naive_p95_ms']:7.2f} ms   peak traced {r.get('naive_traced_mb', float('nan')):6.1f} MB"
              f"   ({r['naive_runs']} klussen; wall clock: median {r['naive_wall_median_ms']:.2f} ms)")
        print(f"  speed-up {r['naive_median_ms'] / r['median_ms']:.0f}x (median, cold)   "
              f"quality@20 Matcher {r['quality']:.3f} vs naive {r['naive_quality']:.3f}   "
              f"agreement with naive top 20 {r['agreement']:.0%}   "
              f"(Matcher over all {args.repeats} klussen: {r['quality_all']:.3f})", flush=True)
    print(f"total {time.perf_counter() - started:.1f} s; {args.repeats} klussen ranked per size, limit 20")


if __name__ == "__main__":
    main()
