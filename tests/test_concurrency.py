"""Two (or fifty) people at the same moment never overbook a klus: on SQLite (a file,
write transactions queue) and on PostgreSQL (conditional updates under row locks)."""

from __future__ import annotations

import threading

from sqlmodel import select

from storage.db import transaction
from storage.models import Invitation, Klus, Outbox


def _pool(app, people, n):
    app.service.settings = app.service.settings.with_(invites_per_place=n, max_invites_per_week=100)
    manager = people("Manager")
    crowd = [people(f"Persoon {i}", skills="Power BI, SQL", hours_per_week=8) for i in range(n)]
    return manager, crowd


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def _invitation_ids(app):
    with transaction(app.engine) as s:
        return {i.person_id: i.id for i in s.exec(select(Invitation)).all()}


def test_concurrent_accepts_on_the_last_places_never_overbook(app, people):
    manager, crowd = _pool(app, people, 12)
    app.service.settings = app.service.settings.with_(auto_confirm=True, invites_per_place=4)
    app.service.post_klus_line(manager, "Dashboard; vaardigheden: Power BI, SQL; 8 uur; 4 weken; 3 plekken")
    ids = _invitation_ids(app)
    assert len(ids) == 12
    by_person = {p.id: p for p in crowd}
    _run_together([lambda p=by_person[pid], i=iid: app.service.accept(p, i) for pid, iid in ids.items()])
    with transaction(app.engine) as s:
        klus = s.get(Klus, 1)
        statuses = [i.status for i in s.exec(select(Invitation)).all()]
        filled_notes = [r for r in s.exec(select(Outbox)).all()
                        if r.person_id == manager.id and "owner.filled" in str(r.card)]
    assert klus.taken == 3 and klus.status == "filled"
    assert statuses.count("confirmed") == 3
    assert set(statuses) <= {"confirmed", "withdrawn"}
    assert len(filled_notes) == 1  # the manager hears it once


def test_concurrent_confirms_by_the_manager_never_overbook(app, people):
    manager, crowd = _pool(app, people, 10)
    app.service.post_klus_line(manager, "Dashboard; vaardigheden: Power BI; 8 uur; 4 weken; 1 plek")
    ids = _invitation_ids(app)
    by_person = {p.id: p for p in crowd}
    for pid, iid in ids.items():
        app.service.accept(by_person[pid], iid)
    # the manager (and an over-eager double click) confirms everyone at once
    calls = [lambda i=iid: app.service.confirm(manager, i) for iid in ids.values()]
    calls += [lambda i=iid: app.service.confirm(manager, i) for iid in list(ids.values())[:3]]
    _run_together(calls)
    with transaction(app.engine) as s:
        klus = s.get(Klus, 1)
        confirmed = s.exec(select(Invitation).where(Invitation.status == "confirmed")).all()
    assert klus.taken == 1 and len(confirmed) == 1 and klus.status == "filled"


def test_double_click_accept_at_the_same_moment_notifies_once(app, people):
    manager, crowd = _pool(app, people, 1)
    app.service.post_klus_line(manager, "Dashboard; vaardigheden: Power BI; 8 uur; 4 weken")
    (pid, iid), = _invitation_ids(app).items()
    _run_together([lambda: app.service.accept(crowd[0], iid) for _ in range(5)])
    with transaction(app.engine) as s:
        asks = [r for r in s.exec(select(Outbox)).all() if r.key == f"acc:{iid}" and not r.amends]
    assert len(asks) == 1
