"""How long does a colleague wait for the proposal after offering a LinkedIn export or CV?

    .venv/bin/python bench/cv.py                 # 1 000 profiles in the pool, 5 rounds
    .venv/bin/python bench/cv.py --profiles 20000 --rounds 3

On a SQLite file in a temporary directory with `--profiles` generated profiles (their
skills are the pool's vocabulary), times `import_attachment` from the file's bytes to the
proposal (read in memory, recognise, card; the first of each kind, which imports
the PDF or Word library, shown apart) for a generated LinkedIn export, a 2-page PDF
CV, a 30-page PDF (the most pages accepted), a Word CV and pasted text, and the whole
way to a stored profile (proposal, then keep all). Printed: median and worst per kind,
and the peak memory Python traced for the 30-page PDF. The files are made here (the
tests' generators), never read from disk.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build  # noqa: E402
from bot.commands import direct_message  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests import cvfiles  # noqa: E402

WORDS = ("beleid", "data", "advies", "project", "juridisch", "communicatie", "financieel", "inkoop", "hr", "ict")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="flexpool-bench-cv-")
    app = build(Settings(database_url=f"sqlite:///{folder}/cv.db", secret="bench"))
    rnd = random.Random(20)
    for n in range(args.profiles):
        actor = app.service.person("shell", "bench", f"p{n}", f"Persoon {n}")
        skills = ", ".join(f"{rnd.choice(WORDS)}-{rnd.randrange(300)}" for _ in range(6))
        app.service.update_profile(actor, {"skills": skills, "hours_per_week": "4"})
    files = {
        "LinkedIn export": ("export.zip", cvfiles.linkedin_zip()),
        "PDF, 2 pages": ("cv.pdf", cvfiles.pdf(cvfiles.CV_LINES, pages=2)),
        "PDF, 30 pages": ("cv.pdf", cvfiles.pdf(cvfiles.CV_LINES * 3, pages=30)),
        "Word": ("cv.docx", cvfiles.docx(cvfiles.CV_LINES)),
    }
    print(f"pool: {args.profiles} profiles; {args.rounds} rounds")
    for label, (name, data) in files.items():
        took = []
        for r in range(args.rounds + 1):
            actor = app.service.person("shell", "bench", f"new-{label}-{r}", "Nieuw")
            start = time.perf_counter()
            app.service.import_attachment(actor, name, len(data), lambda limit, data=data: data[:limit])
            took.append(time.perf_counter() - start)
        first, took = took[0], took[1:]  # the first pays for importing pypdf / python-docx once per process
        print(f"{label:<16} {len(data) / 1000:>7.1f} kB  proposal median {statistics.median(took) * 1000:7.1f} ms"
              f"  worst {max(took) * 1000:7.1f} ms  (first in the process {first * 1000:7.1f} ms)")
    took = []
    for r in range(args.rounds):
        actor = app.service.person("shell", "bench", f"text-{r}", "Nieuw")
        start = time.perf_counter()
        direct_message(app.service, actor, "cv " + "\n".join(cvfiles.CV_LINES))
        took.append(time.perf_counter() - start)
    print(f"{'pasted text':<16} {'':>10}  proposal median {statistics.median(took) * 1000:7.1f} ms"
          f"  worst {max(took) * 1000:7.1f} ms")
    took = []
    name, data = files["LinkedIn export"]
    for r in range(args.rounds):
        actor = app.service.person("shell", "bench", f"whole-{r}", "Nieuw")
        start = time.perf_counter()
        reply = app.service.import_attachment(actor, name, len(data), lambda limit: data[:limit])
        keep = next(c for c in reply.cards[0].choices if c.action == "cv_keep")
        app.service.press(actor, "cv_keep", keep.value, "uren 8")
        took.append(time.perf_counter() - start)
    print(f"{'export -> stored':<16} {'':>10}  whole way median {statistics.median(took) * 1000:7.1f} ms"
          f"  worst {max(took) * 1000:7.1f} ms")
    name, data = files["PDF, 30 pages"]
    actor = app.service.person("shell", "bench", "memory", "Nieuw")
    tracemalloc.start()
    app.service.import_attachment(actor, name, len(data), lambda limit: data[:limit])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"30-page PDF: peak traced memory {peak / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
