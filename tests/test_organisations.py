"""One pool across organisations: workspaces belong to organisations, a klus's reach is
respected across organisations and platforms (two Slack workspaces and a Mattermost
team), everyone hears on their own platform, and organisations charge each other only
the bare wage cost."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import charges, organisations, scope
from bot.i18n import render
from storage import queries as q
from storage.db import transaction
from storage.models import AuditLog, Invitation, Klus, Organisation, Person, Profile, Workspace
from tests.test_service import text_of
from tests.world import BZK, LINE, MM_BZK, T_BZK, T_UTRECHT, UTRECHT, world  # noqa: F401

pytestmark = pytest.mark.db


def invited(app, klus_id: int) -> set[str]:
    with transaction(app.engine) as s:
        rows = s.exec(select(Person.name).join(Invitation, Invitation.person_id == Person.id)
                      .where(Invitation.klus_id == klus_id)).all()
    return set(rows)


def last_klus(app) -> Klus:
    with transaction(app.engine) as s:
        return s.exec(select(Klus).order_by(Klus.id.desc())).first()


# --- organisations --------------------------------------------------------------------------------

def test_workspaces_name_a_default_organisation_that_new_people_get(app, people, world):
    with transaction(app.engine) as s:
        orgs = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        spaces = {(w.platform, w.external_id): orgs[w.organisation_id] for w in s.exec(select(Workspace)).all()}
        people_orgs = {p.name: orgs.get(p.organisation_id) for p in s.exec(select(Person)).all()}
        sources = {p.name: p.organisation_source for p in s.exec(select(Person)).all()}
    assert spaces == {("slack", T_UTRECHT): UTRECHT, ("slack", T_BZK): BZK, ("mattermost", MM_BZK): BZK}
    assert people_orgs["Ulla Utrecht"] == UTRECHT and people_orgs["Mila Mattermost"] == BZK
    assert people_orgs["Bart Bezeka"] == BZK and sources["Bart Bezeka"] == "workspace"
    assert sorted(orgs.values()) == [UTRECHT, BZK]  # nothing invented

    # A new default moves who follows it, but more than one person only after a question.
    umar = world.people["umar"]
    world.klus(umar)
    reply = world.flexpool(world.people["admin_utrecht"], "organisatie standaard Gemeente Utrecht (Stadskantoor)")
    asked = text_of(reply)
    assert "Daarmee gaan *3 mensen* naar *Gemeente Utrecht (Stadskantoor)*" in asked
    assert "• Umar Manager (nu: Gemeente Utrecht)" in asked and "Er verandert pas iets als je bevestigt" in asked
    confirm, cancel = reply.cards[0].choices
    assert confirm.action == "org_confirm" and cancel.action == "org_cancel"
    with transaction(app.engine) as s:
        assert s.exec(select(Organisation).where(Organisation.name.like("%Stadskantoor%"))).first() is None
    done = text_of(app.service.press(world.people["admin_utrecht"], confirm.action, confirm.value))
    assert "heeft nu *Gemeente Utrecht (Stadskantoor)* als standaardorganisatie (was: Gemeente Utrecht)" in done
    assert "3 mensen horen nu bij *Gemeente Utrecht (Stadskantoor)*" in done
    assert last_klus(app).organisation_id == app.service.person("slack", T_UTRECHT, "UUMAR").organisation_id
    # a second click changes nothing twice
    again = app.service.press(world.people["admin_utrecht"], confirm.action, confirm.value)
    assert "al beantwoord" in text_of(again)
    with transaction(app.engine) as s:
        actions = [e.action for e in s.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions[-3:] == ["org_done", "organisation_default", "organisation_moved"]

    # Everyone sees where they belong; only admins change or list it (a refusal is logged).
    bart = world.people["bart"]
    assert text_of(world.flexpool(bart, "organisatie")).startswith(f"Je hoort bij de organisatie *{BZK}*.")
    refused = world.flexpool(bart, "organisatie standaard Ministerie van Defensie")
    assert "alleen voor beheerders" in text_of(refused)
    overview = text_of(world.flexpool(world.people["admin_bzk"], "organisatie lijst"))
    assert f"*{BZK}* (jouw organisatie) — mensen: 5" in overview
    assert f"standaard in werkruimtes: mattermost:{MM_BZK}, slack:{T_BZK}" in overview


def test_reach_own_organisation_never_crosses_organisations_but_does_cross_platforms(app, world):
    bea = world.people["bea"]  # BZK, Slack
    world.klus(bea, LINE + "; bereik: organisatie")
    klus = last_klus(app)
    assert invited(app, klus.id) == {"Bart Bezeka", "Mila Mattermost"}  # not Ulla: Utrecht
    world.deliver()
    assert [s.card.title.params["title"] for s in world.told(world.people["mila"])] == [klus.title]
    assert world.told(world.people["bart"]) and not world.told(world.people["ulla"])
    assert world.mattermost.to(world.people["mila"].user_id)  # Mila heard on Mattermost ...
    assert not world.slack.to(world.people["mila"].user_id)  # ... and nowhere else

    # Utrecht's own-organisation klus reaches only Utrecht; her browse list hides BZK's klus.
    umar = world.people["umar"]
    world.klus(umar, LINE + "; bereik: organisatie")
    assert invited(app, last_klus(app).id) == {"Ulla Utrecht"}
    listing = text_of(app.service.open_klussen(world.people["admin_utrecht"]))
    assert f"klus #{last_klus(app).id} · open" in listing and f"klus #{klus.id} " not in listing  # not BZK's

    # Department reach: the same organisation, only that department.
    app.service.update_profile(world.people["bart"], {"department": "Digitale Overheid"})
    world.klus(bea, LINE + "; afdeling: Digitale Overheid; bereik: afdeling")
    assert invited(app, last_klus(app).id) == {"Bart Bezeka"}


def test_government_wide_reaches_both_platforms_and_the_owner_hears_back_on_theirs(app, world):
    umar, mila = world.people["umar"], world.people["mila"]  # Utrecht on Slack; BZK on Mattermost
    reply = world.klus(umar, LINE + "; bereik: overheidsbreed")
    klus = last_klus(app)
    assert klus.reach == "all"
    assert invited(app, klus.id) == {"Ulla Utrecht", "Bart Bezeka", "Mila Mattermost"}
    assert "Uitgenodigd:" in text_of(reply)
    world.deliver()
    inv = {p: i for p, i in ((s.to, s) for s in world.mattermost.sent)}
    assert mila.user_id in inv and world.slack.to("UBART") and world.slack.to("UULLA")

    # Mila accepts on Mattermost; Umar (Slack, another organisation) is asked to confirm there.
    with transaction(app.engine) as s:
        mila_inv = s.exec(select(Invitation).where(Invitation.person_id == mila.id)).one()
    app.service.accept(mila, mila_inv.id)
    world.deliver()
    ask = world.slack.to(umar.user_id)[-1]
    assert ("confirm", str(mila_inv.id)) in ask.actions and "Mila Mattermost" in ask.text()
    app.service.confirm(umar, mila_inv.id)
    world.deliver()
    assert any("Bevestigd door Umar Manager" in s.text() for s in world.mattermost.to(mila.user_id))
    assert any("Je gaat aan de slag" in s.text() for s in world.mattermost.to(mila.user_id))
    # the other two heard on Slack that the klus is full
    assert any("inmiddels vol" in s.text() for s in world.slack.to("UBART"))


def run_klus(app, clock, world, owner, line: str, who):
    """Post, accept, confirm, and let the klus run to its end."""
    world.klus(owner, line)
    klus = last_klus(app)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                              Invitation.person_id == who.id)).one()
    app.service.accept(who, inv.id)
    assert not app.service.confirm(owner, inv.id).cards
    return klus


def test_between_organisations_only_the_bare_wage_cost_is_charged(app, settings, clock, world):
    app.service.settings = app.service.settings.with_(tariffs="schaal 10:95/50", internal_cost=55.0)
    umar, bea = world.people["umar"], world.people["bea"]
    mila, ulla, bart = world.people["mila"], world.people["ulla"], world.people["bart"]
    # Mila (BZK, scale 10: €50/h) works 8 h/week for 2 weeks on Utrecht's klus: 16 h, €800.
    run_klus(app, clock, world, umar, LINE + "; bereik: overheidsbreed", mila)
    # Ulla (Utrecht, no scale: €55/h) works 4 h/week for 1 week on BZK's klus: 4 h, €220.
    run_klus(app, clock, world, bea, "Notulist; vaardigheden: SQL; 4 uur per week; 1 week; bereik: overheidsbreed",
             ulla)
    # Bart (BZK) on BZK's own klus: no charge.
    run_klus(app, clock, world, bea, "Analyse; vaardigheden: SQL; 8 uur per week; 1 week; bereik: organisatie",
             bart)
    clock.advance(days=7)
    app.service.tick()  # they start
    clock.advance(days=21)
    app.service.tick()  # and end
    data = charges.charges(app.service)
    flows = {(f.giver, f.receiver): (f.hours, f.amount) for f in data["flows"]}
    assert flows == {(BZK, UTRECHT): (16.0, 800.0), (UTRECHT, BZK): (4.0, 220.0)}
    assert data["totals"][UTRECHT] == {"given": 4.0, "received": 16.0, "receivable": 220.0, "payable": 800.0}
    assert data["totals"][BZK] == {"given": 16.0, "received": 4.0, "receivable": 800.0, "payable": 220.0}

    card = text_of(world.flexpool(world.people["admin_bzk"], "verrekening jaar"))
    assert f"{BZK} → {UTRECHT}: 16 uur · € 800,00" in card
    assert f"*{UTRECHT}*: 4 uur geleverd, 16 uur ontvangen · te ontvangen € 220,00, te betalen € 800,00, " \
           "saldo € -580,00" in card
    assert "kale loonkosten" in card.lower()
    # one line per placement: who, which klus, from and to, the days, hours × rate = amount
    assert (f"• Mila Mattermost — klus #1 Dashboard jeugdzorg: {BZK} → {UTRECHT}, 30 nov 2026 – 13 dec 2026, "
            "16 uur × € 50,00 (schaal 10) = € 800,00") in card
    assert f"• Ulla Utrecht — klus #2 Notulist: {UTRECHT} → {BZK}" in card and "(standaardtarief) = € 220,00" in card
    assert "Bart Bezeka" not in card  # within BZK: nothing to charge
    english = render(charges.charges_card(app.service, None, "en").text[4], "en")
    assert f"{BZK} → {UTRECHT}: 16 hours · €800.00" in english
    # A period without any of it: nothing to charge. Colleagues may not see it.
    assert "geen uren tussen organisaties" in text_of(world.flexpool(world.people["admin_bzk"], "verrekening 2025"))
    assert "alleen voor beheerders" in text_of(world.flexpool(bart, "verrekening"))


def test_charges_on_the_command_line(app, clock, world, capsys, monkeypatch):
    from bot.cli import main

    run_klus(app, clock, world, world.people["umar"], LINE + "; bereik: overheidsbreed", world.people["mila"])
    clock.advance(days=7)
    app.service.tick()
    clock.advance(days=21)
    app.service.tick()
    monkeypatch.setenv("FLEXPOOL_TARIFFS", "schaal 10:95/50")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # the real clock is later than the fake one; all time includes it either way
    assert main(["--db", app.settings.database_url, "verrekening"]) == 0
    out = capsys.readouterr().out
    assert f"{BZK} → {UTRECHT}: 16 uur · € 800,00" in out
    assert "Mila Mattermost — klus #1" in out

    # --csv: one line per placement, then a total per pair, ready to back an invoice
    assert main(["--db", app.settings.database_url, "verrekening", "--csv"]) == 0
    rows = [line.split(";") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["persoon", "klus_id", "klus", "van_organisatie", "naar_organisatie", "van", "tot_en_met",
                       "uren", "schaal", "tarief", "bedrag", "kostenplaats", "kostenplaats_opdrachtgever"]
    assert rows[1] == ["Mila Mattermost", "1", "Dashboard jeugdzorg", BZK, UTRECHT, "2026-11-30", "2026-12-13",
                       "16,00", "10", "50,00", "800,00", "", ""]
    assert rows[2] == ["totaal", "", "", BZK, UTRECHT, "", "", "16,00", "", "", "800,00", "", ""]
    assert len(rows) == 3


def test_reach_is_kept_when_people_of_other_organisations_offer_themselves(app, world):
    bea = world.people["bea"]
    world.klus(bea, LINE + "; bereik: organisatie")
    klus = last_klus(app)
    listing = app.service.open_klussen(world.people["ulla"])
    assert all(c.value != str(klus.id) for card in listing.cards for c in card.choices)
    # and pressing an old "offer" button for it (a forged value) does not get her in either
    reply = app.service.press(world.people["ulla"], "offer", str(klus.id))
    assert invited(app, klus.id) == {"Bart Bezeka", "Mila Mattermost"}, text_of(reply)


# --- a person's organisation, independent of the workspace (issue 18) -----------------------------

SHARED = "T0RIJK"  # one Slack workspace that several organisations share


def place(app, actor, name: str):
    """As the HR import does: `actor` belongs to organisation `name`."""
    with transaction(app.engine) as s:
        org = s.exec(select(Organisation).where(Organisation.name == name)).one()
        organisations.move(s, s.get(Person, actor.id), org.id, "import")
    return app.service.person(actor.platform, actor.workspace, actor.user_id)


@pytest.fixture
def shared(app, people, world):
    """Two organisations' people in one workspace that names no default; Bea is BZK's own
    admin (added in chat), Umar Utrecht's; `admin` is a pool admin (FLEXPOOL_ADMINS)."""
    skills = dict(skills="Power BI, SQL, data-analyse", hours_per_week=16)
    folk = {
        "bo": people("Bo BZK", user_id="UBO", platform="slack", workspace=SHARED, **skills),
        "bas": people("Bas BZK", user_id="UBAS", platform="slack", workspace=SHARED, **skills),
        "ute": people("Ute Utrecht", user_id="UUTE", platform="slack", workspace=SHARED, **skills),
        "uri": people("Uri Utrecht", user_id="UURI", platform="slack", workspace=SHARED, **skills),
        "new": people("Nina Nieuw", user_id="UNINA", platform="slack", workspace=SHARED, **skills),
        "pool": people("Pool Admin", user_id="admin", platform="slack", workspace=SHARED),
    }
    for key in ("bo", "bas"):
        folk[key] = place(app, folk[key], BZK)
    for key in ("ute", "uri"):
        folk[key] = place(app, folk[key], UTRECHT)
    folk["bo_admin"] = place(app, people("Bea Beheer", user_id="UBEHEER", platform="slack", workspace=SHARED), BZK)
    world.flexpool(folk["pool"], "admin add UBEHEER")  # a mention, as the Slack adapter hands it over
    return folk


def orgs_of(app) -> dict[str, str]:
    with transaction(app.engine) as s:
        names = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        return {p.name: names.get(p.organisation_id, "") for p in s.exec(select(Person)).all()}


def test_an_admin_of_one_organisation_cannot_touch_anothers_people(app, world, shared):
    admin = shared["bo_admin"]
    assert scope.scope_of(app.service, admin).orgs is not None  # BZK's own admin, not the pool's
    # Naming the shared workspace's default moves only who has no organisation (Nina), never Utrecht's people.
    reply = world.flexpool(admin, f"organisatie {BZK}")  # the old form: the workspace's default
    text = text_of(reply)
    assert "Daarmee gaan *2 mensen* naar *Ministerie van BZK*" in text
    assert "• Nina Nieuw (nu: onbekend)" in text and "Ute" not in text and "Uri" not in text
    confirm = reply.cards[0].choices[0]
    assert render(confirm.label, "nl") == "Ja, 2 mensen verplaatsen"
    app.service.press(admin, confirm.action, confirm.value)
    assert orgs_of(app)["Nina Nieuw"] == BZK and orgs_of(app)["Pool Admin"] == BZK
    assert orgs_of(app)["Ute Utrecht"] == UTRECHT and orgs_of(app)["Uri Utrecht"] == UTRECHT

    # Another organisation's default, domain rule, or charges: refused politely, and logged.
    for line in (f"organisatie standaard {UTRECHT}", f"organisatie domein utrecht.nl = {UTRECHT}",
                 "organisatie standaard Gemeente Nieuw"):
        refused = text_of(world.flexpool(admin, line))
        assert "Dat valt buiten jouw organisatie" in refused and "Er is niets veranderd" in refused
    assert orgs_of(app)["Ute Utrecht"] == UTRECHT
    with transaction(app.engine) as s:
        denied = s.exec(select(AuditLog).where(AuditLog.action == "out_of_scope")).all()
        assert s.exec(select(Organisation).where(Organisation.name == "Gemeente Nieuw")).first() is None
    assert [d.detail["organisation"] for d in denied] == [UTRECHT, UTRECHT, "Gemeente Nieuw"]
    assert "probeerde buiten de eigen organisatie" in text_of(world.flexpool(world.people["admin_bzk"], "audit"))

    # Its own domain rule is fine; the pool admin may do anything, but many people only after a question.
    assert "horen bij *Ministerie van BZK*" in text_of(world.flexpool(admin, f"organisatie domein minbzk.nl = {BZK}"))
    asked = world.flexpool(shared["pool"], f"organisatie standaard {UTRECHT}")
    assert "Daarmee gaan *2 mensen* naar" in text_of(asked)  # Nina and the pool admin follow the default
    assert "Ute" not in text_of(asked)  # placed by HR: stays where she is
    cancel = asked.cards[0].choices[1]
    assert text_of(app.service.press(shared["pool"], cancel.action, cancel.value)) == \
        "Prima, er is niets veranderd."
    assert orgs_of(app)["Nina Nieuw"] == BZK


def test_the_question_is_answered_once_and_only_within_scope(app, world, shared):
    pool, admin = shared["pool"], shared["bo_admin"]
    with transaction(app.engine) as s:
        for p in s.exec(select(Person).where(Person.workspace == SHARED, Person.organisation_source == "")).all():
            p.organisation_source = "workspace"  # as after the migration: they followed an old default
            s.add(p)
    asked = world.flexpool(pool, f"organisatie standaard {UTRECHT}")
    confirm = asked.cards[0].choices[0]
    # BZK's admin cannot answer a question that moves people to Utrecht
    assert "buiten jouw organisatie" in text_of(app.service.press(admin, confirm.action, confirm.value))
    assert "Dit is alleen voor beheerders" in text_of(
        app.service.press(shared["ute"], confirm.action, confirm.value))
    # someone moved in the meantime is left alone
    place(app, shared["new"], BZK)
    done = text_of(app.service.press(pool, confirm.action, confirm.value))
    assert "Nina Nieuw" not in done and orgs_of(app)["Nina Nieuw"] == BZK
    assert orgs_of(app)["Pool Admin"] == UTRECHT
    assert "Die knop werkt niet meer" in text_of(app.service.press(pool, "org_confirm", "x"))


def test_someone_whose_organisation_is_unknown_chooses_it_once(app, world, shared):
    nina = shared["new"]
    assert nina.organisation_id is None
    posted = world.klus(nina, LINE)  # every answer asks until she chooses
    assert posted.cards[-1].choices[0].action == "org_choose" and "Bij welke organisatie" in text_of(posted)
    reply = world.flexpool(nina, "organisatie")
    assert "nog niet bekend" in text_of(reply)
    buttons = [c for card in reply.cards for c in card.choices]
    assert [render(c.label, "nl") for c in buttons] == [BZK, UTRECHT]  # most people in this workspace first
    chosen = app.service.press(nina, buttons[1].action, buttons[1].value)
    assert text_of(chosen) == f"Genoteerd: je hoort bij *{UTRECHT}*. Alleen een beheerder kan dat nog wijzigen."
    again = app.service.press(nina, buttons[0].action, buttons[0].value)
    assert "Je hoort al bij *Gemeente Utrecht*" in text_of(again) and orgs_of(app)["Nina Nieuw"] == UTRECHT
    # typed, with a name that does not exist: the list again, nothing invented
    pool = shared["pool"]
    unknown = world.flexpool(pool, "organisatie kies Ministerie van Niets")
    assert "geen organisatie die *Ministerie van Niets* heet" in text_of(unknown)
    assert world.flexpool(pool, "organisatie kies ministerie van bzk") and orgs_of(app)["Pool Admin"] == BZK
    with transaction(app.engine) as s:
        assert s.exec(select(Person).where(Person.user_id == "UNINA")).one().organisation_source == "chosen"
        assert "Ministerie van Niets" not in {o.name for o in s.exec(select(Organisation)).all()}


def test_email_domain_rules(app, world, shared):
    admin = world.people["admin_bzk"]
    assert "Er zijn nog geen e-maildomeinregels" in text_of(world.flexpool(admin, "organisatie domein"))
    world.flexpool(admin, f"organisatie domein minbzk.nl = {BZK}")
    world.flexpool(admin, f"organisatie domein @utrecht.nl = {UTRECHT.lower()}")
    assert "minbzk.nl → Ministerie van BZK" in text_of(world.flexpool(admin, "organisatie domeinen"))
    with transaction(app.engine) as s:
        bzk = organisations.find(s, BZK).id
        assert organisations.for_email(s, "Fatima@MinBZK.nl") == bzk
        assert organisations.for_email(s, "jan@den-haag.minbzk.nl") == bzk  # a subdomain
        assert organisations.for_email(s, "jan@notminbzk.nl") is None
        assert organisations.for_email(s, "geen adres") is None
        assert organisations.find(s, UTRECHT).id == organisations.for_email(s, "a@utrecht.nl")
    assert "legt een regel vast" in text_of(world.flexpool(admin, "organisatie domein geen-domein = X"))
    assert "weggehaald" in text_of(world.flexpool(admin, "organisatie domein minbzk.nl weg"))
    assert "geen regel" in text_of(world.flexpool(admin, "organisatie domein minbzk.nl weg"))


def test_an_organisation_admin_sees_only_its_own_charges(app, clock, world, shared):
    umar, bea = world.people["umar"], world.people["bea"]
    run_klus(app, clock, world, umar, LINE + "; bereik: overheidsbreed", world.people["mila"])
    clock.advance(days=7)
    app.service.tick()
    clock.advance(days=21)
    app.service.tick()
    admin = shared["bo_admin"]
    card = text_of(world.flexpool(admin, "verrekening"))
    assert f"{BZK} → {UTRECHT}: 16 uur" in card and "Alleen wat jouw organisatie aangaat" in card
    assert f"*{BZK}*: 16 uur geleverd" in card and f"*{UTRECHT}*:" not in card  # only its own totals
    # an organisation with no part in it sees nothing of it
    with transaction(app.engine) as s:
        org = q.get_or_create_organisation(s, "Provincie Utrecht")
    assert charges.charges(app.service, scope=scope.Scope(frozenset({org.id})))["lines"] == []
    sent = world.flexpool(admin, "verrekening csv")
    assert "1 regel)" in text_of(sent)
    world.deliver()
    with transaction(app.engine) as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "charges_export")).one()
    assert entry.detail["rows"] == 1
    assert "alleen voor beheerders" in text_of(world.flexpool(bea, "verrekening csv"))


def test_the_migration_keeps_every_persons_organisation(tmp_path):
    """0006 on a database of 0005, where every person got their workspace's organisation:
    nobody changes organisation; who still follows the workspace is marked so."""
    import sqlalchemy as sa

    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO organisation (id, name, approval) VALUES (1, 'Flexpool', false), "
                             "(2, 'Ministerie van BZK', false)"))
        conn.execute(sa.text("INSERT INTO workspace (platform, external_id, organisation_id) "
                             "VALUES ('slack', 'T1', 1)"))
        conn.execute(sa.text(
            "INSERT INTO person (id, platform, workspace, user_id, name, lang, tz, organisation_id, digest, "
            "created_at) VALUES "
            "(1, 'slack', 'T1', 'U1', 'Ann', 'nl', 'Europe/Amsterdam', 1, false, '2026-11-01 10:00:00'), "
            "(2, 'slack', 'T1', 'U2', 'Ben', 'nl', 'Europe/Amsterdam', 2, false, '2026-11-01 10:00:00'), "
            "(3, 'slack', 'T2', 'U3', 'Cas', 'nl', 'Europe/Amsterdam', NULL, false, '2026-11-01 10:00:00')"))
    migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, organisation_id, organisation_source FROM person ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("Ann", 1, "workspace"), ("Ben", 2, "admin"), ("Cas", None, "")]
    engine.dispose()


def test_the_hr_import_places_people_by_column_or_email_domain(app, world, shared):

    pool, admin = shared["pool"], shared["bo_admin"]
    world.flexpool(pool, f"organisatie domein minbzk.nl = {BZK}")
    csv_text = ("user_id;naam;organisatie;e-mail;vaardigheden;uren\n"
                "UKIM;Kim Kolom;Gemeente Utrecht;kim@minbzk.nl;SQL;8\n"  # the column wins over the domain
                "UDEV;Dev Domein;;dev@den-haag.minbzk.nl;SQL;8\n"  # a subdomain of a rule
                "UNOR;Nora Niets;;nora@elders.nl;SQL;8\n"  # nothing known: she will be asked
                "UNEW;Nieuw Org;Provincie Zeeland;;SQL;8\n")  # a pool admin's file may name a new one
    report = app.service.import_profiles(pool, csv_text)
    assert "4 nieuw" in text_of(report), text_of(report)
    orgs = orgs_of(app)
    assert orgs["Kim Kolom"] == UTRECHT and orgs["Dev Domein"] == BZK and orgs["Nora Niets"] == ""
    assert orgs["Nieuw Org"] == "Provincie Zeeland"
    with transaction(app.engine) as s:
        sources = {p.user_id: p.organisation_source for p in s.exec(select(Person)).all()}
        assert "minbzk.nl" not in str([(p.name, p.user_id) for p in s.exec(select(Person)).all()])
    assert sources["UKIM"] == "import" and sources["UDEV"] == "domain" and sources["UNOR"] == ""

    # BZK's own admin: rows of Utrecht's people, or naming Utrecht, are refused; its own are fine.
    csv_text = ("user_id;naam;organisatie;vaardigheden\n"
                "UKIM;Kim Kolom;;SQL, Python\n"  # Utrecht's: not theirs to touch
                "UZED;Zed Zelf;Gemeente Utrecht;SQL\n"  # naming another organisation
                "UBOB;Bob Bezeka;;SQL\n")  # new, no organisation given: the admin's own
    report = text_of(app.service.import_profiles(admin, csv_text))
    assert "buiten jouw organisatie" in report
    orgs = orgs_of(app)
    assert orgs["Bob Bezeka"] == BZK and "Zed Zelf" not in orgs
    with transaction(app.engine) as s:
        kim = s.exec(select(Person).where(Person.user_id == "UKIM")).one()
        assert "Python" not in s.exec(select(Profile).where(Profile.person_id == kim.id)).one().skills

    # A file that moves more than one known person to another organisation asks first.
    csv_text = ("user_id;organisatie\nUBO;Gemeente Utrecht\nUBAS;Gemeente Utrecht\n")
    reply = app.service.import_profiles(pool, csv_text)
    asked = text_of(reply)
    assert "Volgens het HR-bestand horen *2 mensen* bij een andere organisatie dan nu" in asked
    assert f"• Bo BZK: {BZK} → {UTRECHT}" in asked
    assert orgs_of(app)["Bo BZK"] == BZK  # not yet
    confirm = next(c for card in reply.cards for c in card.choices if c.action == "org_confirm")
    done = text_of(app.service.press(pool, confirm.action, confirm.value))
    assert "Organisatie gewijzigd volgens het HR-bestand (2)" in done
    assert orgs_of(app)["Bo BZK"] == UTRECHT and orgs_of(app)["Bas BZK"] == UTRECHT


def test_a_cross_organisation_invitation_says_who_asks(app, world):
    umar, bart = world.people["umar"], world.people["bart"]  # Utrecht asks, BZK is invited
    world.klus(umar, LINE + "; bereik: overheidsbreed")
    world.deliver()
    invitation = world.told(bart)[0].card
    assert f"Gevraagd door *{UTRECHT}*" in text_of_card(invitation)
    ulla = world.people["ulla"]  # Utrecht's own: no need to say
    assert "Gevraagd door" not in text_of_card(world.told(ulla)[0].card)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == bart.id)).one()
    assert f"Umar Manager · {UTRECHT} ·" in text_of(app.service.details(bart, inv.id))  # Vertel meer
    assert f"Gevraagd door *{UTRECHT}*" in text_of(world.flexpool(bart, f"waarom {inv.klus_id}"))
    assert "Gevraagd door" not in text_of(world.klus(umar, "mijn"))  # the poster's own


def text_of_card(card) -> str:
    from bot.port import Reply

    return text_of(Reply([card], "nl"))


def test_an_organisation_admin_sees_and_acts_on_its_own_only(app, world, shared):
    admin, pool = shared["bo_admin"], shared["pool"]
    world.klus(shared["ute"], LINE.replace("Dashboard jeugdzorg", "Utrechts dashboard"))
    utrecht_klus = last_klus(app)
    world.klus(shared["bo"], LINE.replace("Dashboard jeugdzorg", "BZK-dashboard"))
    bzk_klus = last_klus(app)

    def posted(text: str) -> str:
        return next(line for line in text.splitlines() if line.startswith("Klussen geplaatst")).rsplit(":", 1)[1]

    stats = text_of(world.flexpool(admin, "stats"))
    assert "Alleen wat jouw organisatie aangaat" in stats and posted(stats).strip() == "1"
    assert posted(text_of(world.flexpool(pool, "stats"))).strip() == "2"

    world.flexpool(admin, "export")
    with transaction(app.engine) as s:
        from storage.models import Outbox

        files = {o.filename: o.file for o in s.exec(select(Outbox).where(Outbox.filename != "")).all()}
    klussen = next(data for name, data in files.items() if "klussen" in name).decode("utf-8-sig")
    assert "BZK-dashboard" in klussen and "Utrechts dashboard" not in klussen

    # another organisation's klus: not its candidates; its own: fine (and logged)
    refused = text_of(app.service.press(admin, "candidates", str(utrecht_klus.id)))
    assert "Dat valt buiten jouw organisatie: het gaat om *Gemeente Utrecht*" in refused
    assert "buiten jouw organisatie" not in text_of(app.service.press(admin, "candidates", str(bzk_klus.id)))

    # admins of another organisation are not theirs to add
    assert "buiten jouw organisatie" in text_of(world.flexpool(admin, "admin add @Ute Utrecht"))
    assert "Bas BZK" in text_of(world.flexpool(admin, "admin add @Bas BZK"))

    # someone else's data or "why (not) them": its own people only
    assert "buiten jouw organisatie" in text_of(world.flexpool(admin, "mijn-gegevens @Ute Utrecht"))
    assert "buiten jouw organisatie" in text_of(world.flexpool(admin, f"waarom {bzk_klus.id} @Ute Utrecht"))
    assert "buiten jouw organisatie" not in text_of(world.flexpool(admin, f"waarom {bzk_klus.id} @Bas BZK"))

    # the audit log: what its own people did (its refusals included), not the pool admin's work
    audit = text_of(world.flexpool(admin, "audit 100"))
    assert "Bea Beheer" in audit and "probeerde buiten de eigen organisatie" in audit
    assert "Pool Admin" not in audit
