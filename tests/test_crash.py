"""Nothing lost when the bot is killed: SIGKILL at random moments while 200 invitations
go out (tests/crash_child.py posts 40 klussen of 5 invitations and flushes the outbox
with four sender threads), restart, kill again, and finally let it finish. Every
invitation must have arrived, no klus may exist twice, and the outbox must be empty
without errors. What can be doubled is counted and printed: a message that arrived just
before the kill, whose "sent" was not yet committed, is sent again after the restart —
unless the platform can look back (Slack, Mattermost: `recover`), which the outbox asks
first; then nothing is doubled.

    FLEXPOOL_CRASH_KILLS=50 FLEXPOOL_CRASH_KLUSSEN=200 .venv/bin/pytest -s tests/test_crash.py

(3 kills and 40 klussen by default, to keep the suite fast.)
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from bot.outbox import CLAIM_SECONDS
from storage.db import transaction
from storage.models import Invitation, Klus, Outbox

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "tests" / "crash_child.py"
KILLS = int(os.environ.get("FLEXPOOL_CRASH_KILLS", "3"))
KLUSSEN = int(os.environ.get("FLEXPOOL_CRASH_KLUSSEN", "40"))
PER_KLUS = 5  # crash_child's invites_per_place × 1 place


def _start(db_url: str, deliveries: Path, offset: float, recover: bool) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FLEXPOOL_", "MATTERMOST_"))}
    args = [sys.executable, str(CHILD), db_url, str(deliveries), str(KLUSSEN), str(offset)]
    return subprocess.Popen(args + (["recover"] if recover else []),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError(f"the child did not start: {line!r} {proc.stderr.read()}")


@pytest.mark.parametrize("recover", [False, True], ids=["platform-cannot-look-back", "platform-can-look-back"])
def test_sigkill_while_invitations_go_out_loses_nothing(db_url, app, people, tmp_path, capsys, recover):
    people("Crash Manager", user_id="crash.manager", skills="leidinggeven", hours_per_week=0)
    for i in range(12):
        people(f"Collega {i}", skills="Power BI, SQL, data-analyse", hours_per_week=40)
    app.engine.dispose()
    deliveries = tmp_path / "deliveries.tsv"
    seed = int(os.environ.get("FLEXPOOL_CRASH_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    offset, kills, runs = 0.0, 0, 0
    while kills < KILLS:
        proc = _start(db_url, deliveries, offset, recover)
        runs += 1
        _wait_ready(proc)
        target = len(_lines(deliveries)) + rng.randint(0, 3 * PER_KLUS)
        deadline = time.monotonic() + 60
        while proc.poll() is None and len(_lines(deliveries)) < target and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.01))
        if proc.poll() is not None:  # it finished before we could kill it
            break
        proc.kill()  # SIGKILL: no cleanup, no goodbye
        proc.wait(30)
        kills += 1
        offset += CLAIM_SECONDS + 1  # a restart comes later than the killed run's claims
    final = _start(db_url, deliveries, offset, recover)
    _wait_ready(final)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0 and "done" in out, err

    with transaction(app.engine) as s:
        titles = s.exec(select(Klus.title)).all()
        invitations = {str(i.id) for i in s.exec(select(Invitation)).all()}
        rows = s.exec(select(Outbox)).all()
    assert sorted(titles) == sorted(f"Crashklus {n}" for n in range(KLUSSEN))  # each posted once
    assert len(invitations) == KLUSSEN * PER_KLUS
    assert all(r.sent_at is not None and r.error == "" for r in rows)  # the outbox is empty, nothing failed

    arrived = Counter(line.split("\t")[1] for line in _lines(deliveries))
    missing = invitations - set(arrived)
    assert not missing, f"lost: {sorted(missing, key=int)[:20]} (seed {seed})"
    assert set(arrived) <= invitations  # nothing made up
    duplicates = sum(n - 1 for n in arrived.values())
    assert duplicates <= kills * 4  # at most the messages in flight (4 senders) at each kill
    if recover:
        assert duplicates == 0  # the outbox asked before sending a cut-off message again
    with capsys.disabled():
        print(f"\n[crash{' recover' if recover else ''}] {kills} SIGKILLs over {runs + 1} runs: "
              f"{len(invitations)} invitations, "
              f"{sum(arrived.values())} deliveries, {duplicates} duplicate(s) "
              f"({duplicates / max(kills, 1):.2f} per kill), none lost (seed {seed})")
