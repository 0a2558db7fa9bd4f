"""The person's rights (AVG): everything about me as a file, erasure that leaves no trace
of me in any table or column (and keeps the counts), retention, and admins' access to
personal data in the audit log."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import privacy
from storage.db import transaction
from storage.models import AuditLog, Feedback, Invitation, Klus, Outbox, Person, Profile
from tests.test_organisations import last_klus
from tests.test_service import text_of
from tests.world import LINE, T_UTRECHT, world  # noqa: F401

pytestmark = pytest.mark.db

NAME, UID = "Annelies Vermeer", "UANNELIES"
FREE_TEXT = ("mandolinebouw", "Teamleider Kantklos", "Annelies heeft het te druk met de verbouwing",
             "wil graag de Zuidas-casus afronden")
DEPARTMENT = "Kantklosdirectie"  # organisational: stays on the klus she posted


def setting_the_scene(app, world, clock):
    """Annelies (Utrecht, Slack) leaves traces everywhere: a profile with free text, an
    invitation declined with a reason, a klus she did (with feedback), a klus she posted,
    an admin role and an export she made, a colleague naming her as line manager, and
    messages to others that name her."""
    umar, ulla = world.people["umar"], world.people["ulla"]
    annelies = app.service.person("slack", T_UTRECHT, UID, NAME)
    app.service.update_profile(annelies, {
        "name": NAME, "skills": "Power BI, SQL", "wants": "mandolinebouw", "hours_per_week": "16",
        "job_title": "Teamleider Kantklos", "department": "Kantklosdirectie", "visible": "ja",
        "line_manager": "Bea Baas"})
    app.service.update_profile(ulla, {"line_manager": NAME})
    # invited twice: declines one with a reason, does the other
    world.klus(umar, LINE + "; 2 plekken")
    first = last_klus(app)
    world.klus(world.people["bea"], "Dashboard Zuidas; vaardigheden: Power BI; 8 uur per week; 1 week; 3 plekken; "
                                    "bereik: overheidsbreed")
    second = last_klus(app)
    with transaction(app.engine) as s:
        invs = {i.klus_id: i.id for i in s.exec(select(Invitation).where(Invitation.person_id == annelies.id))}
    app.service.decline(annelies, invs[first.id], "Annelies heeft het te druk met de verbouwing")
    app.service.accept(annelies, invs[second.id])
    app.service.confirm(world.people["bea"], invs[second.id])
    clock.advance(days=7)
    app.service.tick()
    clock.advance(days=8)
    app.service.tick()  # done: feedback asked
    app.service.feedback(annelies, "fb_rating", f"{second.id}:3")
    app.service.feedback(world.people["bea"], "fb_delivered", f"{second.id}:{annelies.id}:yes")
    app.service.feedback(world.people["bea"], "fb_endorse", f"{second.id}:{annelies.id}:0")
    # her own klus, open, with her words in it
    world.klus(annelies, "Casus Zuidas; omschrijving: wil graag de Zuidas-casus afronden; vaardigheden: SQL; "
                         "4 uur per week; 2 weken")
    # an admin role, and what she did as admin
    world.flexpool(world.people["admin_utrecht"], f"admin add {UID}")
    world.flexpool(annelies, "export")
    world.deliver()
    return app.service.person("slack", T_UTRECHT, UID)


def dump(app) -> list[tuple[str, dict]]:
    with transaction(app.engine) as s:
        return list(privacy.dump_all(s))


def as_text(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def about(row: dict, table: str, person_id: int, needles: tuple[str, ...]) -> bool:
    """Naively: does this row hold anything about the person? (a link to their row, or
    their name or id anywhere in it)"""
    from sqlmodel import SQLModel

    columns = SQLModel.metadata.tables[table].columns
    if table == "person":
        return row["id"] == person_id
    if any(row[c.name] == person_id for c in columns if any(fk.column.table.name == "person" for fk in c.foreign_keys)):
        return True
    return any(n in as_text(row[c.name]) for c in columns for n in needles
               if table != "profile" or c.name != "name")


# --- mijn-gegevens ---------------------------------------------------------------------------------

def test_my_data_holds_everything_the_database_has_about_me(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    reply = world.flexpool(annelies, "mijn-gegevens")
    assert "komt eraan als twee bestanden" in text_of(reply)
    world.deliver()
    upload = world.slack.files[-1]
    assert upload.to == UID and upload.filename.endswith(".json") and upload.title == "Flexpool: mijn gegevens"
    data = json.loads(upload.data)
    assert data["persoon"]["user_id"] == UID and data["persoon"]["name"] == NAME

    exported = {(table, row["id"]) for key in ("gegevens", "genoemd_in") for table, rows in data[key].items()
                for row in rows}
    needles = (NAME, UID)
    expected = {(table, row["id"]) for table, row in dump(app)
                if table not in ("person", "seenevent", "lease") and about(row, table, annelies.id, needles)}
    # (the two files were queued after the dump they hold; their rows are the only ones not in it)
    with transaction(app.engine) as s:
        upload_rows = {("outbox", f.id) for f in s.exec(select(Outbox).where(
            Outbox.filename.in_([f.filename for f in world.slack.files[-2:]]))).all()}
    assert len(upload_rows) == 2 and expected - upload_rows <= exported
    assert {t for t, _ in expected} >= {"profile", "invitation", "klus", "feedback", "outbox", "adminrole",
                                         "auditlog"}
    text = json.dumps(data, ensure_ascii=False)
    for words in FREE_TEXT + (DEPARTMENT,):
        assert words in text
    assert "klus_titels" in data and "Dashboard Zuidas" in data["klus_titels"].values()
    assert data["genoemd_in"]["profile"][0]["line_manager"] == NAME  # Ulla names her as line manager
    assert "<weggelaten>" not in text or "file" in text  # nothing secret, and no file contents
    assert all(row.get("file") in (None, "<weggelaten>") for row in data["gegevens"].get("outbox", []))


def test_my_data_comes_with_a_summary_in_plain_sentences_and_no_template_keys(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    world.flexpool(annelies, "mijn-gegevens")
    world.deliver()
    summary, data = world.slack.files[-2:]
    assert summary.filename.endswith("-overzicht.txt") and summary.title == "Flexpool: mijn gegevens in gewone zinnen"
    assert summary.filename.removesuffix("-overzicht.txt") == data.filename.removesuffix(".json")
    text = summary.data.decode("utf-8")
    assert f"Je bent {NAME} op slack" in text
    assert "Je flexprofiel is zichtbaar. Functie: Teamleider Kantklos; afdeling: Kantklosdirectie" in text
    assert "16 uur per week" in text and "Leidinggevende: Bea Baas" in text
    assert "Je plaatste 1 klus: Casus Zuidas (open," in text
    assert "Je kreeg 2 uitnodigingen:" in text and "(bevestigd)" in text and "(afgewezen)" in text
    assert "Je bent beheerder van de flexpool" in text and data.filename in text
    document = data.data.decode("utf-8")
    assert '"t":' not in document and "inv.intro" not in document  # messages as the text she read
    assert "denkt aan jou" in document


def test_two_exports_never_share_a_file_name_and_an_english_reader_reads_english(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    world.flexpool(annelies, "mijn-gegevens")
    clock.advance(seconds=1)
    world.flexpool(annelies, "mijn-gegevens")
    world.deliver()
    names = [f.filename for f in world.slack.files if "gegevens" in f.filename]
    assert len(names) == 4 and len(set(names)) == 4
    app.service.update_profile(annelies, {"lang": "en"})
    annelies = app.service.person("slack", T_UTRECHT, UID)
    reply = world.flexpool(annelies, "my-data")
    assert reply.lang == "en" and "two files" in text_of(reply, reply.lang)
    world.deliver()
    summary, data = world.slack.files[-2:]
    assert summary.filename.startswith("flexpool-my-data-") and summary.filename.endswith("-summary.txt")
    assert f"You are {NAME} on slack" in summary.data.decode("utf-8")
    document = json.loads(data.data)
    assert {"person", "data", "mentioned_in", "klus_titles"} <= set(document)
    assert "is looking for someone for this klus" in data.data.decode("utf-8")


def test_an_admin_may_fetch_someones_data_and_that_is_audited(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    admin = world.people["admin_utrecht"]
    reply = world.flexpool(admin, f"mijn-gegevens @{NAME}")
    assert f"De gegevens van {NAME}" in text_of(reply) and "auditlog" in text_of(reply)
    world.deliver()
    assert json.loads(world.slack.files[-1].data)["persoon"]["id"] == annelies.id
    with transaction(app.engine) as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "data_access")).one()
    assert entry.detail == {"name": NAME, "user": f"slack:{UID}"}
    # and seeing someone else's candidates as an admin is logged too
    umar_klus = s_first_klus(app, world.people["umar"].id)
    app.service.candidates(admin, umar_klus)
    assert "opende als beheerder klus" in text_of(app.service.audit(admin, ""))
    # a colleague may not
    refused = world.flexpool(world.people["ulla"], f"mijn-gegevens @{NAME}")
    assert "alleen voor beheerders" in text_of(refused)


def s_first_klus(app, owner_id: int) -> int:
    with transaction(app.engine) as s:
        return s.exec(select(Klus.id).where(Klus.owner_id == owner_id).order_by(Klus.id)).first()


# --- verwijder -------------------------------------------------------------------------------------

def test_erase_asks_first_then_leaves_no_trace_and_keeps_the_counts(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    before = app.service.stats_data()
    with transaction(app.engine) as s:
        own_klus = s.exec(select(Klus).where(Klus.owner_id == annelies.id)).one()

    question = world.flexpool(annelies, "verwijder")
    assert "Weet je het zeker?" in text_of(question)
    assert [c.action for c in question.cards[0].choices] == ["privacy_erase_yes", "noop"]
    assert any(NAME in as_text(row) for _, row in dump(app))  # nothing happened yet

    done = app.service.press(annelies, "privacy_erase_yes", "")
    assert "gewist" in text_of(done)

    leftovers = [(table, column, value) for table, row in dump(app) for column, value in row.items()
                 if any(n in as_text(value) for n in ("Annelies", "Vermeer", UID) + FREE_TEXT)]
    assert leftovers == [], "\n".join(map(repr, leftovers))
    with transaction(app.engine) as s:
        person = s.get(Person, annelies.id)
        assert person.user_id.startswith("anon-") and person.name.startswith("anoniem-")
        assert s.exec(select(Profile).where(Profile.person_id == annelies.id)).first() is None
        assert not s.exec(select(Outbox).where(Outbox.person_id == annelies.id)).all()
        assert all(not i.reasons and not i.decline_reason
                   for i in s.exec(select(Invitation).where(Invitation.person_id == annelies.id)))
        assert all(not f.endorsed for f in s.exec(select(Feedback)))
        assert s.get(Klus, own_klus.id).status == "cancelled"
        erased = s.exec(select(AuditLog).where(AuditLog.action == "erased")).one()
        assert erased.actor == person.name
    after = app.service.stats_data()
    for key in ("klussen", "invitations", "placements", "hours_booked", "hours_delivered", "done"):
        assert after[key] == before[key], key
    assert after["cancelled"] == before["cancelled"] + 1  # her open klus

    # Ulla's profile names her line manager by the label now.
    with transaction(app.engine) as s:
        assert s.exec(select(Profile).where(Profile.person_id == world.people["ulla"].id)).one().line_manager \
            == person.name
    # Coming back is a fresh start.
    again = app.service.person("slack", T_UTRECHT, UID, NAME)
    assert again.id != annelies.id
    assert "geen flexprofiel" in text_of(app.service.profile_card(again))


def test_erase_withdraws_open_invitations_and_tells_the_owner_without_a_name(app, world):
    umar, ulla = world.people["umar"], world.people["ulla"]
    world.klus(umar, LINE)
    klus = last_klus(app)
    with transaction(app.engine) as s:
        inv = s.exec(select(Invitation).where(Invitation.person_id == ulla.id)).one()
    app.service.accept(ulla, inv.id)
    world.deliver()
    told = len(world.slack.to(umar.user_id))
    privacy.erase(app.service, ulla, confirmed=True)
    world.deliver()
    with transaction(app.engine) as s:
        assert s.get(Invitation, inv.id).status == "withdrawn"
        assert s.get(Klus, klus.id).status == "open"
    after = world.slack.to(umar.user_id)[told:]
    assert [s.amended for s in after] == [True, False]  # the confirm card, then "nobody left"
    assert "gegevens uit Flexpool laten wissen" in after[0].text() and after[0].actions == []
    assert not any("Ulla" in s.text() for s in after)


# --- retention ---------------------------------------------------------------------------------------

def test_old_answers_and_feedback_are_anonymised_and_the_stats_stay_true(app, world, clock):
    annelies = setting_the_scene(app, world, clock)
    before = app.service.stats_data()
    with transaction(app.engine) as s:
        answered = [i.id for i in s.exec(select(Invitation).where(
            Invitation.person_id == annelies.id, Invitation.status.in_(("declined", "confirmed"))))]
        sent = len(s.exec(select(Outbox.id).where(Outbox.sent_at != None)).all())  # noqa: E711
    assert len(answered) == 2 and sent

    clock.advance(days=365)
    assert privacy.retention_due(app.service) == 0  # a year: nothing yet
    clock.advance(days=400)  # past 24 months
    done = app.service.tick()["anonymised"]
    assert done >= 2 + 2 + sent
    with transaction(app.engine) as s:
        for inv_id in answered:
            inv = s.get(Invitation, inv_id)
            person = s.get(Person, inv.person_id)
            assert person.id != annelies.id and person.user_id.startswith("anon-") and person.name == "anoniem"
            assert person.organisation_id == annelies.organisation_id
            assert inv.reasons == {} and inv.decline_reason == ""
        for row in s.exec(select(Feedback)):
            assert row.endorsed == "" and row.giver_id != annelies.id and row.about_id != annelies.id
        assert not s.exec(select(Outbox.id).where(Outbox.sent_at != None)).all()  # noqa: E711
        # her profile and own klus are hers, not history: they stay until she erases them
        assert s.exec(select(Profile).where(Profile.person_id == annelies.id)).first() is not None
    after = app.service.stats_data()
    for key in ("klussen", "invitations", "placements", "hours_booked", "hours_delivered", "done"):
        assert after[key] == before[key], key
    assert privacy.retention_due(app.service) == 0  # once


def test_retention_can_be_switched_off_and_keeps_running_places(app, world, clock):
    app.service.settings = app.service.settings.with_(retention_months=0)
    setting_the_scene(app, world, clock)
    clock.advance(days=3 * 365)
    assert privacy.retention_due(app.service) == 0
    assert privacy.cutoff(app.service) is None
    app.service.settings = app.service.settings.with_(retention_months=1)
    assert privacy.cutoff(app.service) < app.service.now() - timedelta(days=27)
