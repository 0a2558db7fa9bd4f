"""Two servers on one database (issue 16: N × `flexpool serve` + one `flexpool clock`).

Each server is an App of its own — its own engine, connection pool, live matching index
and outbox — on the same database, as two processes would be. On PostgreSQL (CI's second
pass) this is the production set-up; on SQLite it holds too (one writer at a time).
"""

from __future__ import annotations

import threading

import pytest
from sqlmodel import func, select

from bot.app import build
from storage.db import transaction
from storage.models import Invitation, Klus, Organisation, Outbox, Person, Profile, Workspace
from tests.recording import RecordingPort

pytestmark = pytest.mark.db

LINE = "Dashboard bouwen; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken; bereik: overheidsbreed"


@pytest.fixture
def second(settings, clock):
    """The second server."""
    other = build(settings, clock=clock, upgrade=False)
    yield other
    other.engine.dispose()


def together(calls, timeout=120):
    """Run the calls in threads released at the same moment; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not errors, errors
    return results


def invited(app, klus_id):
    with transaction(app.engine) as s:
        return set(s.exec(select(Invitation.person_id).where(Invitation.klus_id == klus_id)).all())


def newest_klus(app):
    with transaction(app.engine) as s:
        return s.exec(select(Klus.id).order_by(Klus.id.desc())).first()


def test_an_edit_through_one_counts_in_the_others_next_match(app, second, people):
    manager = people("Manager")
    people("Fatima", skills="Power BI, SQL", hours_per_week=8)
    daan = people("Daan", skills="tuinieren", hours_per_week=8)
    second.service.post_klus_line(manager, LINE)  # (the second server's index is built now)
    assert daan.id not in invited(second, newest_klus(second))
    app.service.update_profile(daan, {"skills": "Power BI, SQL, data-analyse"})  # through the first
    second.service.post_klus_line(manager, LINE.replace("Dashboard bouwen", "Rapportage maken"))
    assert daan.id in invited(second, newest_klus(second))


def test_a_pause_through_one_holds_in_the_other(app, second, people):
    manager = people("Manager")
    fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=8)
    sanne = people("Sanne", skills="PowerBI, sql", hours_per_week=12)
    second.service.post_klus_line(manager, LINE)
    assert invited(second, newest_klus(second)) == {fatima.id, sanne.id}
    app.service.set_visible(fatima, False)
    second.service.post_klus_line(manager, LINE.replace("Dashboard bouwen", "Rapportage maken"))
    assert invited(second, newest_klus(second)) == {sanne.id}
    app.service.set_visible(fatima, True)
    second.service.post_klus_line(manager, LINE.replace("Dashboard bouwen", "Kwartaalcijfers"))
    assert invited(second, newest_klus(second)) == {fatima.id, sanne.id}


def test_racing_confirms_through_both_never_exceed_the_places(app, second, people):
    for server in (app, second):
        server.service.settings = server.service.settings.with_(invites_per_place=4, max_invites_per_week=100)
    manager = people("Manager")
    crowd = [people(f"Persoon {i}", skills="Power BI, SQL", hours_per_week=8) for i in range(8)]
    app.service.post_klus_line(manager, LINE.replace("4 weken", "4 weken; 2 plekken"))
    klus_id = newest_klus(app)
    with transaction(app.engine) as s:
        invitations = {i.person_id: i.id for i in s.exec(select(Invitation).where(Invitation.klus_id == klus_id))}
    assert len(invitations) == 8
    by_id = {p.id: p for p in crowd}
    for n, (pid, inv) in enumerate(invitations.items()):  # everyone accepts, through either server
        (app, second)[n % 2].service.accept(by_id[pid], inv)
    together([lambda inv=inv, n=n: (app, second)[n % 2].service.confirm(manager, inv)
              for n, inv in enumerate(invitations.values())])
    with transaction(app.engine) as s:
        klus = s.get(Klus, klus_id)
        confirmed = s.exec(select(func.count()).select_from(Invitation).where(
            Invitation.klus_id == klus_id, Invitation.status == "confirmed")).one()
    assert klus.taken == 2 and confirmed == 2 and klus.status == "filled"


def test_every_message_is_delivered_once(app, second, people):
    ports = (RecordingPort(), RecordingPort())
    app.outbox.ports["shell"], second.outbox.ports["shell"] = ports
    manager = people("Manager")
    for i in range(12):
        people(f"Persoon {i}", skills="Power BI, SQL", hours_per_week=8)
    for server in (app, second):
        server.service.settings = server.service.settings.with_(invites_per_place=3, max_invites_per_week=100)
    for n in range(4):
        (app, second)[n % 2].service.post_klus_line(manager, LINE.replace("Dashboard bouwen", f"Dashboard {n}"))
    with transaction(app.engine) as s:
        rows = s.exec(select(func.count()).select_from(Outbox)).one()
    assert rows >= 12
    together([lambda: app.outbox.flush(), lambda: second.outbox.flush(),
              lambda: app.outbox.flush(), lambda: second.outbox.flush()])
    app.outbox.flush()
    sent = [(m.to, m.ref, m.text()) for port in ports for m in port.sent]
    assert len(sent) == rows  # nothing lost
    with transaction(app.engine) as s:
        assert s.exec(select(func.count()).select_from(Outbox).where(Outbox.sent_at == None)).one() == 0  # noqa: E711
    texts = [(to, text) for to, _, text in sent]
    assert len(set(texts)) == len(texts)  # nothing twice


def test_many_first_requests_of_a_new_workspace_at_once_lose_nothing(app, second, settings):
    """Twelve colleagues of a workspace nobody has seen write their profile at the same
    moment, half through each server: twelve people, twelve profiles, nothing invented
    twice (an organisation, a workspace)."""
    def first_request(server, i):
        actor = server.service.person("slack", "T-NEW", f"U{i:03d}", f"Collega {i}")
        return server.service.update_profile_line(actor, "vaardigheden: Power BI, SQL; uren: 8; zichtbaar: ja")

    together([lambda i=i: first_request((app, second)[i % 2], i) for i in range(12)])
    with transaction(app.engine) as s:
        assert s.exec(select(func.count()).select_from(Organisation)).one() <= 1
        assert s.exec(select(func.count()).select_from(Workspace).where(Workspace.external_id == "T-NEW")).one() <= 1
        assert s.exec(select(func.count()).select_from(Person).where(Person.workspace == "T-NEW")).one() == 12
        assert s.exec(select(func.count()).select_from(Profile).join(Person, Person.id == Profile.person_id)
                      .where(Person.workspace == "T-NEW")).one() == 12


def test_the_same_persons_first_two_requests_at_once_make_one_person(app, second):
    both = together([lambda: app.service.person("slack", "T-NEW", "U001", "Fatima"),
                     lambda: second.service.person("slack", "T-NEW", "U001", "Fatima")])
    assert both[0].id == both[1].id
