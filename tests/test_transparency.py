"""Transparency: `/flexpool waarom <klus>` explains why someone was or was not invited,
and `flexpool algoritme` describes the matcher from the live settings."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import transparency
from storage.db import transaction
from storage.models import AuditLog, Invitation
from tests.test_organisations import last_klus
from tests.test_service import text_of
from tests.world import LINE, T_BZK, world  # noqa: F401

pytestmark = pytest.mark.db


def why(world, actor, klus_id) -> str:
    return text_of(world.flexpool(actor, f"waarom {klus_id}"))


def test_invited_people_see_the_reasons_the_matcher_stored(app, world):
    world.klus(world.people["bea"], LINE + "; bereik: organisatie")
    klus = last_klus(app)
    shown = why(world, world.people["bart"], klus.id)
    assert f"Klus #{klus.id}: Dashboard jeugdzorg" in shown
    assert "Je bent op 23 nov 2026 09:00 uitgenodigd (score 100 van 100); je uitnodiging is nu: wacht op jouw antwoord" in shown
    assert "Wat de matcher toen zag: Power BI ✓ · SQL ✓ · 16 uur vrij" in shown
    assert "Dit is je eigen klus" in why(world, world.people["bea"], klus.id)
    english = text_of(transparency.why_command(app.service, world.people["bart"], str(klus.id)), "en")
    assert "What the matcher saw then: Power BI ✓ · SQL ✓ · 16 hours free" in english


def test_people_not_invited_see_every_reason_that_applies(app, world, people):
    bea = world.people["bea"]
    hidden = people("Hidde Verborgen", user_id="UHIDDE", platform="slack", workspace=T_BZK,
                    skills="Power BI, SQL", hours_per_week=16)
    app.service.set_visible(hidden, False)
    few = people("Femke Weinig", user_id="UFEMKE", platform="slack", workspace=T_BZK,
                 skills="Power BI, SQL", hours_per_week=4, available_from="2027-01-01")
    other = people("Otto Anders", user_id="UOTTO", platform="slack", workspace=T_BZK,
                   skills="timmeren, tuinieren", hours_per_week=16)
    world.klus(bea, LINE + "; bereik: organisatie")
    klus = last_klus(app)

    assert "je profiel is verborgen" in why(world, hidden, klus.id)
    shown = why(world, few, klus.id)
    assert "Je bent niet uitgenodigd" in shown
    assert "niet genoeg uren: je profiel heeft 4 uur per week, de klus vraagt 8" in shown
    assert "je bent beschikbaar vanaf 1 jan 2027, de klus begint 30 nov 2026" in shown
    shown = why(world, other, klus.id)
    assert "je score voor deze klus is 0 van 100, de drempel is 25 (gevraagd: Power BI, SQL)" in shown
    # another organisation: the klus's title is not shown, the reach is
    shown = why(world, world.people["ulla"], klus.id)
    assert "Dashboard jeugdzorg" not in shown and f"Klus #{klus.id}" in shown
    assert "buiten het bereik: de klus is voor eigen organisatie van Ministerie van BZK" in shown
    # no profile at all
    assert "je hebt geen flexprofiel" in why(world, world.people["admin_bzk"], klus.id)


def test_weekly_cap_booked_hours_and_ranking_are_explained(app, world, people):
    app.service.settings = app.service.settings.with_(max_invites_per_week=1, invites_per_place=1)
    bea = world.people["bea"]
    # Bart gets the first klus (one invitation: now at his weekly cap)
    world.klus(bea, "Eerste; vaardigheden: Power BI, SQL; 8 uur per week; 2 weken; bereik: organisatie")
    first = last_klus(app)
    almost = people("Anouk Bijna", user_id="UANOUK", platform="slack", workspace=T_BZK,
                    skills="Power BI", hours_per_week=16)
    world.klus(bea, "Tweede; vaardigheden: Power BI, SQL; 8 uur per week; 2 weken; bereik: organisatie")
    second = last_klus(app)
    shown = why(world, world.people["bart"], second.id)
    assert "je kreeg deze week al 1 uitnodiging; meer dan 1 per week sturen we niet" in shown
    # Anouk fits the first klus but Bart (and Mila) scored higher
    shown = why(world, almost, first.id)
    assert "je past (score 50), maar per open plek vragen we de beste 1; de laagste uitgenodigde score was 100" \
        in shown
    # Hours already booked on a confirmed klus count against free hours
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.klus_id == first.id)).one()
    invited = next(p for p in (world.people["bart"], world.people["mila"]) if p.id == inv.person_id)
    app.service.accept(invited, inv.id)
    app.service.confirm(bea, inv.id)
    app.service.settings = app.service.settings.with_(max_invites_per_week=5)
    world.klus(bea, "Derde; vaardigheden: Power BI, SQL; 10 uur per week; 2 weken; bereik: organisatie")
    third = last_klus(app)
    assert "niet genoeg vrije uren: 8 uur vrij (8 uur al geboekt), de klus vraagt 10" in why(world, invited, third.id)


def test_admins_may_ask_about_someone_else_and_that_is_logged(app, world):
    world.klus(world.people["bea"], LINE + "; bereik: organisatie")
    klus = last_klus(app)
    shown = text_of(world.flexpool(world.people["admin_bzk"], f"waarom {klus.id} @Bart Bezeka"))
    assert "Power BI ✓" in shown
    with transaction(app.engine) as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "why_other")).one()
    assert entry.detail["name"] == "Bart Bezeka" and entry.detail["klus"] == klus.id
    assert "alleen voor beheerders" in text_of(world.flexpool(world.people["mila"], f"waarom {klus.id} @Bart"))
    assert "Typ `/flexpool waarom" in text_of(world.flexpool(world.people["mila"], "waarom"))
    assert "bestaat niet" in text_of(world.flexpool(world.people["mila"], "waarom 999"))


# --- the algorithm register -------------------------------------------------------------------------

def test_the_algorithm_description_follows_the_settings(app):
    text = transparency.algorithm_text(app.service)
    for heading in ("Naam", "Organisatie", "Doel en impact", "Menselijke tussenkomst", "Gebruikte gegevens",
                    "Technische werking", "Risicobeheer en eerlijke verdeling", "Wettelijke basis", "Contact"):
        assert f"\n{heading}\n" in text
    assert "per open plek de beste 3 voor" in text and "drempel van 25 van 100" in text
    assert "Niemand krijgt meer dan 3 uitnodigingen per week" in text and "na 24 maanden" in text
    assert "De opdrachtgever bevestigt elke match zelf" in text

    app.service.settings = app.service.settings.with_(
        invites_per_place=5, min_match_score=0.4, max_invites_per_week=2, retention_months=12, auto_confirm=True,
        contact="flexbureau@utrecht.nl", organisation="Gemeente Utrecht")
    changed = transparency.algorithm_text(app.service)
    assert changed != text
    assert "per open plek de beste 5 voor" in changed and "drempel van 40 van 100" in changed
    assert "Niemand krijgt meer dan 2 uitnodigingen per week" in changed and "na 12 maanden" in changed
    assert "Een acceptatie neemt direct een plek in" in changed
    assert "flexbureau@utrecht.nl" in changed and "Gemeente Utrecht" in changed
    english = transparency.algorithm_text(app.service, "en")
    assert "Human oversight" in english and "the best 5 per open place" in english


def test_flexpool_algoritme_on_the_command_line(app, capsys, monkeypatch):
    from bot.cli import main

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["--db", app.settings.database_url, "algoritme"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("Algoritmebeschrijving: de Flexpool-matcher\n")
    monkeypatch.setenv("FLEXPOOL_INVITES_PER_PLACE", "7")
    monkeypatch.setenv("FLEXPOOL_MIN_MATCH_SCORE", "0.5")
    assert main(["--db", app.settings.database_url, "algoritme"]) == 0
    second = capsys.readouterr().out
    assert second != first and "de beste 7 voor" in second and "drempel van 50 van 100" in second
    assert main(["--db", app.settings.database_url, "algorithm", "--lang", "en"]) == 0
    assert "Algorithm description" in capsys.readouterr().out


def test_algoritme_in_chat_for_everyone(app, world):
    shown = text_of(world.flexpool(world.people["mila"], "algoritme"))
    assert "Technische werking" in shown and "de beste 3" in shown
