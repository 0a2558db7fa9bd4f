"""Line-manager approval, switched on per organisation: before a match is final the
colleague's line manager approves with a button; a decline or a time-out tells everyone
what happened and the next candidate is asked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import approval, transparency
from storage.db import transaction
from storage.models import Approval, AuditLog, Invitation, Klus, Organisation
from tests.test_organisations import last_klus
from tests.test_service import text_of
from tests.world import BZK, LINE, T_BZK, world  # noqa: F401

pytestmark = pytest.mark.db

ALL = LINE + "; bereik: overheidsbreed"


@pytest.fixture
def bzk(app, world, people):
    """BZK switches approval on; Lars leads Bart (Slack) and Mila (Mattermost, by name)."""
    reply = world.flexpool(world.people["admin_bzk"], "organisatie akkoord aan")
    assert "staat *aan* voor *Ministerie van BZK*" in text_of(reply)
    world.people["lars"] = people("Lars Leider", user_id="ULARS", platform="slack", workspace=T_BZK)
    app.service.update_profile(world.people["bart"], {"line_manager": "@Lars Leider"})
    app.service.update_profile(world.people["mila"], {"line_manager": "Lars Leider"})
    return world


def accepted(app, world, who: str, line: str = ALL, owner: str = "umar"):
    """`owner` posts a klus; `who` accepts. Returns (klus, invitation id)."""
    world.klus(world.people[owner], line)
    klus = last_klus(app)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                              Invitation.person_id == world.people[who].id)).one()
    app.service.accept(world.people[who], inv.id)
    return klus, inv.id


def status(app, inv_id: int) -> str:
    with transaction(app.engine) as s:
        return s.get(Invitation, inv_id).status


def the_approval(app) -> Approval:
    with transaction(app.engine) as s:
        return s.exec(select(Approval).order_by(Approval.id.desc())).first()


def test_the_switch_is_per_organisation_admins_only_and_logged(app, bzk):
    with transaction(app.engine) as s:
        orgs = {o.name: o.approval for o in s.exec(select(Organisation))}
        assert s.exec(select(AuditLog).where(AuditLog.action == "approval_switch")).one().detail["on"] is True
    assert orgs[BZK] is True and orgs["Gemeente Utrecht"] is False
    assert "alleen voor beheerders" in text_of(bzk.flexpool(bzk.people["bart"], "organisatie akkoord uit"))
    assert "akkoord leidinggevende: aan" in text_of(bzk.flexpool(bzk.people["admin_bzk"], "organisatie"))
    assert "Bij Ministerie van BZK geeft de leidinggevende" in transparency.algorithm_text(app.service)


def test_the_line_manager_approves_and_the_match_is_made(app, bzk):
    umar, bart, lars = bzk.people["umar"], bzk.people["bart"], bzk.people["lars"]
    klus, inv_id = accepted(app, bzk, "bart")
    bzk.deliver()
    assert not app.service.confirm(umar, inv_id).cards
    assert status(app, inv_id) == "accepted"  # not final yet
    row = the_approval(app)
    assert row.status == "pending" and row.manager_id == lars.id
    bzk.deliver()
    request = bzk.told(lars)[-1]
    assert request.actions == [("appr_yes", str(row.id)), ("appr_no", str(row.id))]
    assert "Als leidinggevende van Bart Bezeka" in request.text() and "Umar Manager" in request.text()
    assert "wacht op akkoord van leidinggevende Lars Leider" in bzk.told(umar)[-1].text()
    assert bzk.told(umar)[-1].amended  # the confirm card lost its buttons
    assert "Lars Leider is om akkoord gevraagd" in bzk.told(bart)[-1].text()
    # a second confirm asks nobody twice
    assert "wachten we nog op het akkoord van Lars Leider" in text_of(app.service.confirm(umar, inv_id))
    # only Lars may answer
    assert "aan iemand anders gevraagd" in text_of(app.service.press(umar, "appr_yes", str(row.id)))

    assert not app.service.press(lars, "appr_yes", str(row.id)).cards
    assert status(app, inv_id) == "confirmed"
    with transaction(app.engine) as s:
        assert s.get(Klus, klus.id).taken == 1 and s.get(Klus, klus.id).status == "filled"
    bzk.deliver()
    assert any("Je gaat aan de slag" in m.text() for m in bzk.told(bart))
    assert any("Bevestigd: Bart Bezeka doet mee" in m.text() for m in bzk.told(umar))
    assert "Je gaf akkoord; Bart Bezeka doet mee" in bzk.told(lars)[-1].text() and bzk.told(lars)[-1].amended
    assert "al akkoord gegeven" in text_of(app.service.press(lars, "appr_yes", str(row.id)))
    assert approval.expire_due(app.service) == 0


def test_a_decline_tells_both_sides_and_the_next_candidate_is_asked(app, bzk, people):
    umar, bart, lars = bzk.people["umar"], bzk.people["bart"], bzk.people["lars"]
    people("Noor Volgende", user_id="UNOOR", platform="slack", workspace="T0UTRECHT", skills="Power BI",
           hours_per_week=16)  # fits less well: asked only when a place frees up
    klus, inv_id = accepted(app, bzk, "bart")
    app.service.confirm(umar, inv_id)
    row = the_approval(app)
    assert not app.service.press(lars, "appr_no", str(row.id)).cards
    assert status(app, inv_id) == "rejected" and the_approval(app).status == "declined"
    bzk.deliver()
    assert "gaf geen akkoord voor *Dashboard jeugdzorg*" in bzk.told(bart)[-1].text()
    assert any("Leidinggevende Lars Leider gaf geen akkoord voor Bart Bezeka" in m.text() for m in bzk.told(umar))
    assert "Je gaf geen akkoord" in bzk.told(lars)[-1].text()
    with transaction(app.engine) as s:
        asked = s.exec(select(Invitation).where(Invitation.klus_id == klus.id)).all()
    assert len(asked) == 4  # Noor, the next one, was invited
    assert "al geen akkoord gegeven" in text_of(app.service.press(lars, "appr_yes", str(row.id)))


def test_a_reason_with_niet_akkoord_reaches_the_colleague_and_the_owner(app, bzk):
    umar, bart, lars = bzk.people["umar"], bzk.people["bart"], bzk.people["lars"]
    klus, inv_id = accepted(app, bzk, "bart")
    app.service.confirm(umar, inv_id)
    row = the_approval(app)
    bzk.deliver()
    request = bzk.told(lars)[-1]
    assert [c.ask.key for c in request.card.choices if c.action == "appr_no"] == ["ask.disapprove_reason"]
    assert not app.service.press(lars, "appr_no", str(row.id), "Bart is nodig voor de begroting").cards
    assert status(app, inv_id) == "rejected"
    bzk.deliver()
    assert "gaf geen akkoord voor *Dashboard jeugdzorg*: “Bart is nodig voor de begroting”" in bzk.told(bart)[-1].text()
    assert any("“Bart is nodig voor de begroting”" in m.text() for m in bzk.told(umar))
    assert "met je reden" in bzk.told(lars)[-1].text()


def test_no_answer_in_time_tells_everyone(app, bzk, clock):
    umar, mila, lars = bzk.people["umar"], bzk.people["mila"], bzk.people["lars"]
    _, inv_id = accepted(app, bzk, "mila")
    app.service.confirm(umar, inv_id)
    row = the_approval(app)
    assert row.manager_id == lars.id  # found by name, across platforms, within her organisation
    clock.advance(hours=71)
    assert app.service.tick()["approvals_timed_out"] == 0
    clock.advance(hours=2)
    assert app.service.tick()["approvals_timed_out"] == 1
    assert the_approval(app).status == "expired" and status(app, inv_id) == "rejected"
    bzk.deliver()
    assert any("reageerde niet binnen 72 uur" in m.text() for m in bzk.mattermost.to(mila.user_id))
    assert any("reageerde niet binnen 72 uur over Mila Mattermost" in m.text() for m in bzk.told(umar))
    assert "Verlopen: er kwam binnen 72 uur geen antwoord" in bzk.told(lars)[-1].text()
    assert bzk.told(lars)[-1].actions == []
    assert "verlopen" in text_of(app.service.press(lars, "appr_yes", str(row.id)))
    assert app.service.tick()["approvals_timed_out"] == 0


def test_unknown_line_manager_asks_the_colleague_to_name_one(app, bzk):
    umar, bart = bzk.people["umar"], bzk.people["bart"]
    app.service.update_profile(bart, {"line_manager": ""})
    _, inv_id = accepted(app, bzk, "bart")
    shown = text_of(app.service.confirm(umar, inv_id))
    assert "weten we niet wie" in shown and status(app, inv_id) == "accepted"
    bzk.deliver()
    assert "leidinggevende: @naam" in bzk.told(bart)[-1].text()
    # a user id (what the Slack adapter makes of a mention) resolves to the person it names
    app.service.update_profile(bart, {"line_manager": bzk.people["lars"].user_id})
    assert not app.service.confirm(umar, inv_id).cards
    assert the_approval(app).manager_id == bzk.people["lars"].id


def test_a_request_no_longer_needed_is_closed(app, bzk):
    umar, bart, lars = bzk.people["umar"], bzk.people["bart"], bzk.people["lars"]
    _, inv_id = accepted(app, bzk, "bart")
    app.service.confirm(umar, inv_id)
    app.service.decline(bart, inv_id, "toch geen tijd")
    assert app.service.tick()["approvals_timed_out"] == 1
    assert the_approval(app).status == "closed"
    bzk.deliver()
    assert "Niet meer nodig" in bzk.told(lars)[-1].text() and bzk.told(lars)[-1].actions == []


def test_organisations_without_the_switch_confirm_at_once_and_auto_confirm_asks_too(app, bzk):
    umar, ulla, bart = bzk.people["umar"], bzk.people["ulla"], bzk.people["bart"]
    _, inv_id = accepted(app, bzk, "ulla")  # Utrecht: approval off
    app.service.confirm(umar, inv_id)
    assert status(app, inv_id) == "confirmed" and the_approval(app) is None

    app.service.settings = app.service.settings.with_(auto_confirm=True)
    bzk.klus(bzk.people["bea"], ALL.replace("1 plek", "2 plekken"))
    klus = last_klus(app)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                              Invitation.person_id == bart.id)).one()
    shown = text_of(app.service.accept(bart, inv.id))
    assert "Lars Leider is om akkoord gevraagd" in shown and status(app, inv.id) == "accepted"
    app.service.press(bzk.people["lars"], "appr_yes", str(the_approval(app).id))
    assert status(app, inv.id) == "confirmed"
    bzk.deliver()
    assert any("Bart Bezeka doet mee aan *Dashboard jeugdzorg*" in m.text() for m in bzk.told(bzk.people["bea"]))


def test_a_line_manager_who_erases_their_data_ends_their_open_requests(app, bzk):
    from bot import privacy

    umar, lars = bzk.people["umar"], bzk.people["lars"]
    _, inv_id = accepted(app, bzk, "bart")
    app.service.confirm(umar, inv_id)
    privacy.erase(app.service, lars, confirmed=True)
    assert the_approval(app).status == "expired" and status(app, inv_id) == "rejected"
    bzk.deliver()
    assert not any("Lars" in m.text() for m in bzk.told(umar))
