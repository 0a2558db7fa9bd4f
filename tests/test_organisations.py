"""One pool across organisations: workspaces belong to organisations, a klus's reach is
respected across organisations and platforms (two Slack workspaces and a Mattermost
team), everyone hears on their own platform, and organisations charge each other only
the bare wage cost."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import organisations
from bot.i18n import render
from storage.db import transaction
from storage.models import AuditLog, Invitation, Klus, Organisation, Person, Workspace
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

def test_admins_name_their_workspaces_organisation_and_people_and_klussen_move_along(app, people, world):
    with transaction(app.engine) as s:
        orgs = {o.id: o.name for o in s.exec(select(Organisation)).all()}
        spaces = {(w.platform, w.external_id): orgs[w.organisation_id] for w in s.exec(select(Workspace)).all()}
        people_orgs = {p.name: orgs.get(p.organisation_id) for p in s.exec(select(Person)).all()}
    assert spaces == {("slack", T_UTRECHT): UTRECHT, ("slack", T_BZK): BZK, ("mattermost", MM_BZK): BZK}
    assert people_orgs["Ulla Utrecht"] == UTRECHT and people_orgs["Mila Mattermost"] == BZK
    assert people_orgs["Bart Bezeka"] == BZK

    # Renaming later moves the workspace, its people and the klussen they posted.
    umar = world.people["umar"]
    world.klus(umar)
    reply = world.flexpool(world.people["admin_utrecht"], "organisatie Gemeente Utrecht (Stadskantoor)")
    assert "hoort nu bij *Gemeente Utrecht (Stadskantoor)*" in text_of(reply)
    assert "was: Gemeente Utrecht" in text_of(reply)
    assert last_klus(app).organisation_id == app.service.person("slack", T_UTRECHT, "UUMAR").organisation_id
    with transaction(app.engine) as s:
        new = s.exec(select(Organisation).where(Organisation.name == "Gemeente Utrecht (Stadskantoor)")).one()
        assert s.get(Person, umar.id).organisation_id == new.id
        audit = s.exec(select(AuditLog).where(AuditLog.action == "organisation")).all()
    assert len(audit) == 4 and audit[-1].detail["new"] == "Gemeente Utrecht (Stadskantoor)"

    # Everyone sees where they belong; only admins change or list it (a refusal is logged).
    bart = world.people["bart"]
    assert text_of(world.flexpool(bart, "organisatie")) == f"Je hoort bij de organisatie *{BZK}*."
    refused = world.flexpool(bart, "organisatie Ministerie van Defensie")
    assert "alleen voor beheerders" in text_of(refused)
    overview = text_of(world.flexpool(world.people["admin_bzk"], "organisatie lijst"))
    assert f"*{BZK}* (jouw organisatie) — werkruimtes: mattermost:{MM_BZK}, slack:{T_BZK}" in overview


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
    data = organisations.charges(app.service)
    flows = {(f.giver, f.receiver): (f.hours, f.amount) for f in data["flows"]}
    assert flows == {(BZK, UTRECHT): (16.0, 800.0), (UTRECHT, BZK): (4.0, 220.0)}
    assert data["totals"][UTRECHT] == {"given": 4.0, "received": 16.0, "receivable": 220.0, "payable": 800.0}
    assert data["totals"][BZK] == {"given": 16.0, "received": 4.0, "receivable": 800.0, "payable": 220.0}

    card = text_of(world.flexpool(world.people["admin_bzk"], "verrekening jaar"))
    assert f"{BZK} → {UTRECHT}: 16 uur · € 800,00" in card
    assert f"*{UTRECHT}*: 4 uur geleverd, 16 uur ontvangen · te ontvangen € 220,00, te betalen € 800,00, " \
           "saldo € -580,00" in card
    assert "kale loonkosten" in card.lower()
    english = render(organisations.charges_card(app.service, None, "en").text[2], "en")
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


def test_reach_is_kept_when_people_of_other_organisations_offer_themselves(app, world):
    bea = world.people["bea"]
    world.klus(bea, LINE + "; bereik: organisatie")
    klus = last_klus(app)
    listing = app.service.open_klussen(world.people["ulla"])
    assert all(c.value != str(klus.id) for card in listing.cards for c in card.choices)
    # and pressing an old "offer" button for it (a forged value) does not get her in either
    reply = app.service.press(world.people["ulla"], "offer", str(klus.id))
    assert invited(app, klus.id) == {"Bart Bezeka", "Mila Mattermost"}, text_of(reply)
