"""The live matching index (bot.pool) against ranking as it was before it: a throw-away
matcher over the eligible profiles, loaded whole (kept here, as the reference).

On a generated pool: who is eligible is exactly the same; the order, scores and reasons
are exactly the same when everyone visible is eligible (then both indexes hold the same
people); and the head the live path returns is always the head of its own full ordering.
Then: changes made through another App (another process) count in the next ranking.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot import fairness, matching
from bot.app import build
from bot.pool import LivePool, candidate
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Person, Profile

pytestmark = pytest.mark.db

SKILLS = ["Python", "SQL", "Power BI", "data-analyse", "beleidsadvies", "projectleiding", "communicatie",
          "wetgeving", "inkoop", "aanbesteden", "HR-advies", "Excel", "informatiebeveiliging", "AVG",
          "tekstschrijven", "statistiek", "financiën", "begroting", "audit", "procesmanagement",
          "webredactie", "juridisch advies", "dashboarding", "projectmanagement", "UX-design"]
TITLES = ["Data-analist", "Beleidsmedewerker", "Jurist", "Inkoper", "Communicatieadviseur", "Projectleider", ""]
DEPTS = ["Financiën", "Digitalisering", "Juridische Zaken", "Communicatie"]


def old_rank(s, service, klus):
    """Ranking as bot.service._rank did it before issue 16 (the reference)."""
    now = service.now()
    rows = q.eligible_profiles(s, klus, klus.organisation_id, now - timedelta(days=7),
                               service.settings.max_invites_per_week)
    booked = q.booked_hours(s, [p.person_id for p, _ in rows], klus.start, klus.end)
    free = {p.person_id: p.hours_per_week - booked.get(p.person_id, 0.0) for p, _ in rows}
    rows = [(p, person) for p, person in rows if free[p.person_id] >= klus.hours_per_week
            and (p.preference != "own_department" or
                 (person.organisation_id == klus.organisation_id and p.department.lower() == klus.department.lower()))]
    if not rows:
        return []
    by_id = {p.person_id: (p, person) for p, person in rows}
    matches = matching.rank(
        matching.split_terms(klus.skills),
        [candidate(p.person_id, p.skills, p.endorsed, p.wants, p.job_title) for p, _ in rows],
        title=klus.title, limit=None)
    floor = service.settings.min_match_score
    kept = [m for m in matches if m.score >= (floor / 2 if by_id[m.id][0].preference == "surprise" else floor)]
    kept = fairness.order(kept, fairness.history(s, [m.id for m in kept], now))
    return [(m.id, m.score, [(h.asked, h.matched, h.kind) for h in m.hits], free[m.id]) for m in kept]


def live(service) -> LivePool:
    """The service's live index (one per App: per process)."""
    return service.pool


def new_rank(s, service, klus, limit=None):
    return [(r.person.id, r.match.score, [(h.asked, h.matched, h.kind) for h in r.match.hits], r.free)
            for r in live(service).rank(s, klus, service.settings, service.now(), limit=limit)]


def generate(app, clock, n=400, seed=7, everyone_free=False):
    """n people in 3 organisations with varied profiles; some hidden, busy, away, capped."""
    rng = random.Random(seed)
    today = clock().date()
    with transaction(app.engine) as s:
        orgs = [q.get_or_create_organisation(s, name).id for name in ("BZK", "Financiën", "JenV")]
        people = []
        for i in range(n):
            person = Person(platform="shell", workspace="demo", user_id=f"u{i}", name=f"Persoon {i}",
                            organisation_id=orgs[0] if everyone_free else rng.choice(orgs))
            s.add(person)
            people.append(person)
        s.flush()
        for i, person in enumerate(people):
            skills = rng.sample(SKILLS, rng.randint(1, 5))
            wants = rng.sample(SKILLS, rng.randint(0, 2))
            s.add(Profile(
                person_id=person.id, name=person.name, department=rng.choice(DEPTS),
                job_title=rng.choice(TITLES), skills=", ".join(skills), wants=", ".join(wants),
                endorsed=rng.choice(["", "", "Excel", "Python"]),
                hours_per_week=40 if everyone_free else rng.choice([2, 4, 8, 8, 16, 24]),
                visible=True if everyone_free else rng.random() > 0.1,
                preference="specific" if everyone_free else rng.choice(["specific", "specific", "surprise",
                                                                         "own_department"]),
                available_from=None if everyone_free or rng.random() > 0.1 else today + timedelta(days=40),
                available_until=None if everyone_free or rng.random() > 0.1 else today + timedelta(days=20)))
        owner = Person(platform="shell", workspace="demo", user_id="owner", name="Owner", organisation_id=orgs[0])
        s.add(owner)
        s.flush()
        if not everyone_free:  # bookings, earlier invitations (history, weekly cap)
            busy = Klus(owner_id=owner.id, organisation_id=orgs[0], title="Lopend", hours_per_week=8,
                        start=today, end=today + timedelta(days=90), status="running", places=50, taken=20)
            s.add(busy)
            s.flush()
            for person in rng.sample(people, 40):
                s.add(Invitation(klus_id=busy.id, person_id=person.id, status="confirmed",
                                 created_at=clock() - timedelta(days=30)))
            for k in range(6):
                old = Klus(owner_id=owner.id, organisation_id=orgs[0], title=f"Eerder {k}", hours_per_week=2,
                           start=today + timedelta(days=10), end=today + timedelta(days=20), places=3)
                s.add(old)
                s.flush()
                for person in rng.sample(people, 60):
                    s.add(Invitation(klus_id=old.id, person_id=person.id,
                                     status=rng.choice(["offered", "declined", "expired", "accepted"]),
                                     created_at=clock() - timedelta(days=rng.choice([1, 2, 3, 10, 40]))))
        return owner.id, orgs


def klussen(app, owner_id, orgs, clock, seed=3, count=24, reaches=("all", "organisation", "department")):
    rng = random.Random(seed)
    today = clock().date()
    out = []
    with transaction(app.engine) as s:
        for i in range(count):
            start = today + timedelta(days=rng.choice([7, 14, 30]))
            klus = Klus(owner_id=owner_id, organisation_id=orgs[0], title=rng.choice(TITLES + ["Klus"]),
                        skills=", ".join(rng.sample(SKILLS, rng.randint(1, 4))),
                        hours_per_week=rng.choice([2, 4, 8]), start=start,
                        end=start + timedelta(days=rng.choice([14, 60])), reach=rng.choice(reaches),
                        department=rng.choice(DEPTS), places=rng.randint(1, 3))
            s.add(klus)
            s.flush()
            out.append(klus.id)
    return out


def test_the_same_people_are_eligible_as_before(app, clock):
    owner, orgs = generate(app, clock)
    with transaction(app.engine) as s:
        for klus_id in klussen(app, owner, orgs, clock):
            klus = s.get(Klus, klus_id)
            now = app.service.now()
            rows = q.eligible_profiles(s, klus, klus.organisation_id, now - timedelta(days=7),
                                       app.settings.max_invites_per_week)
            booked = q.booked_hours(s, [p.person_id for p, _ in rows], klus.start, klus.end)
            before = {p.person_id for p, person in rows
                      if p.hours_per_week - booked.get(p.person_id, 0.0) >= klus.hours_per_week
                      and (p.preference != "own_department" or (person.organisation_id == klus.organisation_id
                                                                and p.department.lower() == klus.department.lower()))}
            now_ids = live(app.service).eligible(s, klus, app.settings, now)
            assert now_ids == before
            assert before  # (the generated pool leaves somebody for every klus)


def test_rankings_are_exactly_as_before_when_everyone_visible_is_eligible(app, clock):
    owner, orgs = generate(app, clock, everyone_free=True)
    with transaction(app.engine) as s:
        for klus_id in klussen(app, owner, orgs, clock, reaches=("all", "organisation")):
            klus = s.get(Klus, klus_id)
            before = old_rank(s, app.service, klus)
            assert before
            assert new_rank(s, app.service, klus) == before
            for limit in (1, 3, 10):
                assert new_rank(s, app.service, klus, limit) == before[:limit]


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_who_is_asked_in_which_order_is_as_before_when_fewer_are_eligible(app, clock, seed):
    """Reach, hours, dates, the weekly cap and earlier invitations leave fewer eligible than
    the index holds: the order of who is asked is still exactly the old one, what fitted
    too; a score may differ in a late decimal (word parts weighed by rarity in the whole
    visible pool, not among those eligible for this klus). Measured: 120 klussen, 16 with a
    score a little apart, none ordered otherwise."""
    owner, orgs = generate(app, clock, n=600, seed=seed)
    with transaction(app.engine) as s:
        for klus_id in klussen(app, owner, orgs, clock, seed=seed, count=40):
            klus = s.get(Klus, klus_id)
            before, now = old_rank(s, app.service, klus), new_rank(s, app.service, klus)
            assert [(pid, hits, free) for pid, _, hits, free in now] == \
                [(pid, hits, free) for pid, _, hits, free in before]
            assert [score for _, score, _, _ in now] == pytest.approx([score for _, score, _, _ in before], abs=0.02)


def test_the_head_is_that_of_the_whole_fair_order(app, clock):
    """With a limit the live path reads the history of a head of the ranking only; what it
    returns is always the start of the whole list in fairness order."""
    owner, orgs = generate(app, clock, n=600)
    with transaction(app.engine) as s:
        for klus_id in klussen(app, owner, orgs, clock):
            klus = s.get(Klus, klus_id)
            whole = new_rank(s, app.service, klus)
            for limit in (1, 2, 3, 6, 10, 50):
                assert new_rank(s, app.service, klus, limit) == whole[:limit]


def test_posting_invites_as_before(app, clock, people):
    """End to end: a klus posted through the service invites the head of the old ranking."""
    owner_id, orgs = generate(app, clock, everyone_free=True, n=200)
    with transaction(app.engine) as s:
        owner = s.get(Person, owner_id)
    actor = app.service.person(owner.platform, owner.workspace, owner.user_id)
    reply = app.service.post_klus_line(
        actor, "Dashboard bouwen; vaardigheden: Power BI, SQL; 8 uur per week; 6 weken; bereik: overheidsbreed")
    with transaction(app.engine) as s:
        klus = s.exec(select(Klus).where(Klus.owner_id == owner_id)).one()
        invited = s.exec(select(Invitation.person_id, Invitation.score).where(Invitation.klus_id == klus.id)
                         .order_by(Invitation.id)).all()
        s.exec(Invitation.__table__.delete().where(Invitation.klus_id == klus.id))
        before = old_rank(s, app.service, klus)
        s.rollback()
    assert reply.cards and invited
    assert [(pid, score) for pid, score in invited] == [(pid, score) for pid, score, _, _ in before[:len(invited)]]


def test_a_change_through_another_process_counts_in_the_next_ranking(app, settings, clock, people):
    """Two Apps on one database (two processes): an edit, a pause and a deletion through
    one are in the other's next ranking; a new profile too."""
    other = build(settings, clock=clock, upgrade=False)
    try:
        owner = people("Owner", skills="leidinggeven", hours_per_week=0)
        fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=8)
        daan = people("Daan", skills="tuinieren", hours_per_week=8)

        def ranked():
            with transaction(other.engine) as s:
                klus = Klus(owner_id=owner.id, organisation_id=owner.organisation_id, title="Dashboard",
                            skills="Power BI, SQL", hours_per_week=4, start=date(2026, 12, 7),
                            end=date(2026, 12, 31), reach="all")
                s.add(klus)
                s.flush()
                ids = [r.person.id for r in live(other.service).rank(s, klus, other.settings, other.service.now())]
                s.rollback()
                return ids

        assert ranked() == [fatima.id]  # (the other process built its index here)
        app.service.update_profile(daan, {"skills": "Power BI, SQL, Python"})
        assert set(ranked()) == {fatima.id, daan.id}
        app.service.set_visible(fatima, False)
        assert ranked() == [daan.id]
        app.service.set_visible(fatima, True)
        app.service.delete_profile(daan, confirmed=True)
        assert ranked() == [fatima.id]
        sanne = people("Sanne", skills="PowerBI, sql", hours_per_week=12)
        assert set(ranked()) == {fatima.id, sanne.id}
    finally:
        other.engine.dispose()


def test_a_bulk_delete_is_seen_too(app, clock, people):
    """Changes the ORM does not see (a bulk DELETE, as privacy's erasure does) are read
    through the database's triggers all the same."""
    owner = people("Owner", skills="leidinggeven", hours_per_week=0)
    fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=8)
    with transaction(app.engine) as s:
        live(app.service).sync(s)
        assert fatima.id in live(app.service)
        s.exec(Profile.__table__.delete().where(Profile.person_id == fatima.id))
    with transaction(app.engine) as s:
        live(app.service).sync(s)
        assert fatima.id not in live(app.service)
        assert owner.id in live(app.service)


def test_a_move_to_another_organisation_is_seen(app, clock, people):
    """A person's organisation lives on the person, not the profile: a change of it (by
    an admin, in another process) is read too, for the reach of the next klus."""
    owner = people("Owner", skills="leidinggeven", hours_per_week=0)
    fatima = people("Fatima", skills="Power BI, SQL", hours_per_week=8)
    with transaction(app.engine) as s:
        bzk, jenv = (q.get_or_create_organisation(s, name).id for name in ("BZK", "JenV"))
        for pid in (owner.id, fatima.id):
            s.get(Person, pid).organisation_id = bzk
    klus = Klus(owner_id=owner.id, organisation_id=bzk, title="Dashboard", skills="Power BI, SQL",
                hours_per_week=4, start=date(2026, 12, 7), end=date(2026, 12, 31), reach="organisation")
    with transaction(app.engine) as s:
        assert live(app.service).eligible(s, klus, app.settings, app.service.now()) == {fatima.id}
        s.get(Person, fatima.id).organisation_id = jenv
    with transaction(app.engine) as s:
        assert live(app.service).eligible(s, klus, app.settings, app.service.now()) == set()


def test_a_process_starts_with_both_indexes_built(app, clock):
    """`warm_up` (serve, socket): the profiles' index and the open klussen's index are
    built before the first request, and the first listing shows the same as a cold one."""
    owner_id, orgs = generate(app, clock, n=120)
    ids = klussen(app, owner_id, orgs, clock, count=30, reaches=("all",))
    other = build(app.settings, clock=clock, upgrade=False)
    try:
        profiles, indexed, _ = other.service.warm_up()
        with transaction(app.engine) as s:
            visible = len(s.exec(select(Profile.person_id).where(Profile.visible == True)).all())  # noqa: E712
            open_ = len(s.exec(select(Klus.id).where(Klus.status == "open")).all())
        assert (profiles, indexed) == (visible, open_) and all(k in other.service.open_index for k in ids)
        reader = next(a for a in app.service.people() if a.user_id == "u1")
        assert other.service.open_klussen(reader) == app.service.open_klussen(reader)
    finally:
        other.engine.dispose()


def test_one_colleagues_listing_keeps_the_klussen_of_other_organisations_indexed(app, clock):
    """The open klussen's index holds every open klus, whoever asks: a colleague of another
    organisation (who sees fewer) does not take the rest out (and the next one in again)."""
    owner_id, orgs = generate(app, clock, n=60)
    ids = klussen(app, owner_id, orgs, clock, count=20, reaches=("organisation",))
    outsider = next(a for a in app.service.people() if a.organisation_id != orgs[0])
    app.service.open_klussen(outsider)  # sees none of them (organisation reach, another organisation)
    assert all(k in app.service.open_index for k in ids)


def test_colleagues_never_asked_come_before_those_asked_long_ago_beyond_the_head(app, clock):
    """A big band of equal fits whose best-scored (lowest ids) were all asked once, 40 days
    ago (nothing recent): the first to ask are still those never asked, further down the
    ranking than the head the live path reads first."""
    today = clock().date()
    with transaction(app.engine) as s:
        org = q.get_or_create_organisation(s, "BZK").id
        owner = Person(platform="shell", workspace="demo", user_id="owner", name="Owner", organisation_id=org)
        s.add(owner)
        people = [Person(platform="shell", workspace="demo", user_id=f"u{i}", name=f"Persoon {i}",
                         organisation_id=org) for i in range(150)]
        s.add_all(people)
        s.flush()
        for person in people:
            s.add(Profile(person_id=person.id, name=person.name, skills="Power BI, SQL", hours_per_week=8,
                          visible=True))
        old = Klus(owner_id=owner.id, organisation_id=org, title="Eerder", hours_per_week=2, places=1,
                   start=today - timedelta(days=50), end=today - timedelta(days=30), status="done")
        s.add(old)
        s.flush()
        for person in people[:80]:  # the lowest ids: first in the ranking of equal scores
            s.add(Invitation(klus_id=old.id, person_id=person.id, status="withdrawn",
                             created_at=clock() - timedelta(days=40)))
        klus = Klus(owner_id=owner.id, organisation_id=org, title="Dashboard", skills="Power BI, SQL",
                    hours_per_week=4, start=today + timedelta(days=7), end=today + timedelta(days=30), places=1)
        s.add(klus)
        s.flush()
        whole = new_rank(s, app.service, klus)
        assert [pid for pid, *_ in whole[:3]] == [p.id for p in people[80:83]]
        for limit in (1, 3, 10):
            assert new_rank(s, app.service, klus, limit) == whole[:limit]
