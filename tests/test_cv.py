"""A full profile in a minute (issue 20): from a LinkedIn export, a CV (PDF, Word) or pasted
text, proposed with where each item was found, confirmed by its owner before anything is
stored; hostile files refused with a clear answer, nothing stored, no traceback; what a
profile misses and what it costs; the one nudge after a week."""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import cv, cv_read
from bot.commands import command, direct_message
from bot.i18n import render
from bot.port import Form, FormErrors, Reply
from handlers.console import Shell
from storage.db import transaction
from storage.models import Outbox, Person, Profile
from tests import cvfiles


def text_of(result) -> str:
    if isinstance(result, FormErrors):
        return " ".join(render(v, result.lang) for v in result.errors.values())
    if isinstance(result, Form):
        return render(result.title, "nl")
    out = []
    for card in result.cards:
        out += [render(card.title, result.lang)] if card.title else []
        out += [render(t, result.lang) for t in card.text]
        out += [f"{render(k, result.lang)}: {render(v, result.lang)}" for k, v in card.fields]
        out += [render(card.note, result.lang)] if card.note else []
    return "\n".join(out)


def profile_of(app, actor) -> Profile | None:
    with transaction(app.engine) as s:
        return s.exec(select(Profile).where(Profile.person_id == actor.id)).first()


def offer(app, actor, name: str, data: bytes, kinds=()) -> Reply:
    return app.service.import_attachment(actor, name, len(data), lambda limit: data[:limit], kinds)


def choice(reply: Reply, action: str):
    return next(c for card in reply.cards for c in card.choices if c.action == action)


@pytest.fixture
def newcomer(people):
    return people("Fatima El Amrani", "fatima")


# --- reading -----------------------------------------------------------------------------------

def test_a_linkedin_export_is_read_whole_or_partly():
    doc = cv_read.read("Basic_LinkedInDataExport.zip", cvfiles.linkedin_zip())
    assert doc.source == "linkedin" and doc.skills == cvfiles.SKILLS
    assert [p.title for p in doc.positions if p.current] == ["Data-analist"]
    assert doc.languages[0] == ("Dutch", "Native or bilingual proficiency")
    partial = cv_read.read("export.zip", cvfiles.linkedin_zip(("Skills",), notes=True))
    assert partial.skills == cvfiles.SKILLS and partial.positions == []


def test_pdf_and_word_give_their_text():
    assert "Beleidsadviseur bij Gemeente Amersfoort" in cv_read.read("cv.pdf", cvfiles.pdf(cvfiles.CV_LINES)).text
    doc = cv_read.read("cv.docx", cvfiles.docx(cvfiles.CV_LINES, table=[["Software", "Excel"]]))
    assert doc.source == "docx" and "Gemeente Amersfoort" in doc.text and "Software | Excel" in doc.text


HOSTILE = {
    "scan.pdf": (lambda: cvfiles.pdf(image_only=True), "ik kan hier geen tekst in lezen"),
    "geheim.pdf": (lambda: cvfiles.encrypted_pdf(cvfiles.CV_LINES), "wachtwoord"),
    "kapot.pdf": (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog", "beschadigd"),
    "boek.pdf": (lambda: cvfiles.pdf(["Hoofdstuk met tekst genoeg om te lezen"], pages=31), "meer dan 30 pagina"),
    "bom.zip": (cvfiles.zip_bomb, "pakt uit tot iets veel groters"),
    "export.zip": (cvfiles.zip_traversal, "buiten het archief"),
    "slot.zip": (cvfiles.zip_encrypted, "wachtwoord"),
    "iets.zip": (lambda: cvfiles.zip_of({"foto.jpg": b"\xff\xd8\xff"}), "geen LinkedIn-export"),
    "cv.docx": (lambda: b"PK\x03\x04 not really a zip", "beschadigd"),
    "oud.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "wachtwoord"),
    "cv.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud Word-bestand"),
    "leeg.pdf": (lambda: b"", "leeg"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_or_unreadable_file_is_refused_clearly_and_nothing_is_stored(app, newcomer, name, caplog):
    make, expected = HOSTILE[name]
    data = make()
    with caplog.at_level(logging.DEBUG):
        reply = offer(app, newcomer, name, data)
    said = text_of(reply)
    assert expected.lower() in said.lower(), said
    assert "niet bewaard" in said and "Traceback" not in said
    assert not any(c.choices for c in reply.cards)
    assert profile_of(app, newcomer) is None
    logged = caplog.text
    assert name not in logged and "Gemeente Amersfoort" not in logged and "Traceback" not in logged


def test_too_big_is_refused_before_downloading(app, newcomer):
    asked = []
    reply = app.service.import_attachment(newcomer, "cv.pdf", cv_read.MAX_FILE_BYTES + 1,
                                          lambda limit: asked.append(limit) or b"")
    assert "te groot" in text_of(reply) and asked == []


def test_another_file_type_gets_the_friendly_answer(app, newcomer):
    reply = offer(app, newcomer, "vakantie.png", b"\x89PNG\r\n\x1a\n", ("png", "image/png"))
    assert "is geen CSV-bestand, cv of LinkedIn-export" in text_of(reply)


# --- the proposal ------------------------------------------------------------------------------

def test_linkedin_proposal_shows_where_each_item_was_found_and_stores_nothing(app, newcomer):
    reply = offer(app, newcomer, "Basic_LinkedInDataExport.zip", cvfiles.linkedin_zip())
    said = text_of(reply)
    assert "weggegooid" in said and "nog niets opgeslagen" in said
    assert "1. Functie: Data-analist (LinkedIn: functie Gemeente Utrecht)" in said
    for line in ("Tableau (LinkedIn: vaardigheden)", "Power BI (LinkedIn: functie Data-analist – Gemeente Utrecht)",
                 "SQL (LinkedIn: functie", "Python (LinkedIn: functie", "AVG (LinkedIn: functie",
                 "klimaatadaptatie (LinkedIn: functie Beleidsmedewerker – Rijkswaterstaat)",
                 "Scrum (LinkedIn: certificaat Professional Scrum Master I Scrum.org)",
                 "Taal: Nederlands (LinkedIn: talen, Native or bilingual proficiency)", "Taal: Engels",
                 "Wil leren: machine learning (LinkedIn: profieltekst"):
        assert line in said, line
    assert profile_of(app, newcomer) is None  # nothing before the colleague confirms


def test_cv_text_proposal_finds_title_skills_languages_and_wishes(app, newcomer):
    proposal = cv.propose(app.service, cv_read.read("cv.pdf", cvfiles.pdf(cvfiles.CV_LINES)))
    assert proposal.title == "Beleidsadviseur"
    skills = [i.term for i in proposal.of("skill")]
    for term in ("Excel", "stakeholdermanagement", "Scrum", "Omgevingswet", "Wmo", "gespreksleiding",
                 "participatie", "projectleiding", "subsidies", "contractmanagement"):
        assert term in skills, (term, skills)
    assert [i.term for i in proposal.of("lang")] == ["Nederlands", "Engels", "Duits"]
    assert [i.term for i in proposal.of("want")] == ["Power BI"]
    assert "Power BI" not in skills
    found = {i.term: render(i.where(), "nl") for i in proposal.items}
    assert found["Excel"] == "cv, vaardigheden" and found["Wmo"] == "cv, werkervaring"


def test_every_place_a_term_is_found_can_be_said_with_or_without_detail():
    from bot.messages import MESSAGES

    for origin in cv.ORIGINS:
        assert f"cv.from.{origin}" in MESSAGES and f"cv.from.{origin}.bare" in MESSAGES
    assert render(cv.where("cv", ""), "nl") == "cv" and render(cv.where("cv", "talen"), "en") == "CV, talen"


def test_short_words_are_not_taken_for_abbreviations(app):
    found = cv.Recogniser(["BAG", "IND", "AVG", "Wmo", "R"]).find("Ik nam mijn bag mee naar de ind. AVG, Wmo en BAG "
                                                                  "ken ik; r en R niet.")
    assert found == ["AVG", "Wmo", "BAG"]


def test_the_proposal_travels_in_the_button_and_survives_tampering(app, newcomer):
    reply = offer(app, newcomer, "export.zip", cvfiles.linkedin_zip())
    blob = choice(reply, "cv_keep").value
    assert len(blob) <= 2000 and "Tableau" not in blob  # packed, small enough for Slack
    assert cv.Proposal.decode(blob).of("skill")
    for forged in ("", "abc", "x" * 5000, blob[:-5]):
        assert "verouderd" in text_of(app.service.press(newcomer, "cv_keep", forged))
    odd = cv.Proposal("Baas", "../../x", "", [cv.Item("skill", "SQL", "nergens"), cv.Item("root", "x", "cv")])
    shown = cv.Proposal.decode(odd.encode())
    assert shown.title == "" and shown.items == []  # nothing it cannot say
    assert profile_of(app, newcomer) is None


def test_keep_all_with_words_stores_what_was_kept_through_the_profile_checks(app, newcomer):
    reply = offer(app, newcomer, "export.zip", cvfiles.linkedin_zip())
    said = text_of(reply)
    numbers = dict((term, int(n)) for n, term in re.findall(r"(\d+)\. (?:Taal: )?([^(\n]+?) \(", said))
    value = choice(reply, "cv_keep").value
    drop = f"{numbers['Tableau']} {numbers['klimaatadaptatie']}"
    saved = app.service.press(newcomer, "cv_keep", value, f"zonder {drop} plus Excel, QGIS uren 8")
    assert "Opgeslagen wat je koos" in text_of(saved)
    profile = profile_of(app, newcomer)
    skills = profile.skills.split(", ")
    assert profile.job_title == "Data-analist" and profile.hours_per_week == 8 and profile.visible
    assert "Tableau" not in skills and "klimaatadaptatie" not in skills
    assert {"Data-analyse", "Power BI", "SQL", "Python", "AVG", "Excel", "QGIS", "Engels"} <= set(skills)
    assert profile.wants == "machine learning"


def test_hidden_keeps_a_new_profile_hidden(app, newcomer):
    reply = offer(app, newcomer, "export.zip", cvfiles.linkedin_zip(("Skills",)))
    app.service.press(newcomer, "cv_keep", choice(reply, "cv_keep").value, "verborgen")
    assert not profile_of(app, newcomer).visible


def test_bad_words_or_numbers_change_nothing(app, newcomer):
    reply = offer(app, newcomer, "export.zip", cvfiles.linkedin_zip())
    value = choice(reply, "cv_keep").value
    assert "1 tot en met" in text_of(app.service.press(newcomer, "cv_keep", value, "zonder 99"))
    assert "begrijp ik niet" in text_of(app.service.press(newcomer, "cv_keep", value, "graag snel"))
    assert "van 0 tot 40" in text_of(app.service.press(newcomer, "cv_keep", value, "uren 500"))
    assert profile_of(app, newcomer) is None


def test_the_form_has_ticked_checkboxes_and_its_submission_goes_through_the_checks(app, newcomer):
    reply = offer(app, newcomer, "cv.docx", cvfiles.docx(cvfiles.CV_LINES))
    form = app.service.press(newcomer, "cv_choose", choice(reply, "cv_choose").value)
    assert isinstance(form, Form) and form.name == "cv"
    groups = [f for f in form.fields if f.kind == "checkboxes"]
    assert groups and all(len(f.options) <= 10 and set(f.initial) == {v for v, _ in f.options} for f in groups)
    assert profile_of(app, newcomer) is None
    values = {f.name: list(f.initial) for f in groups}
    first = groups[0]
    values[first.name] = [v for v in first.initial if v != "Excel"]
    values.update(job_title="Beleidsadviseur", more_skills="Power BI", more_wants="", hours_per_week="x",
                  visible="ja")
    refused = app.service.submit(newcomer, "cv", values)
    assert isinstance(refused, FormErrors) and profile_of(app, newcomer) is None  # same checks as a typed edit
    values["hours_per_week"] = "6"
    saved = app.service.submit(newcomer, "cv", values)
    assert "Opgeslagen wat je koos" in text_of(saved)
    profile = profile_of(app, newcomer)
    skills = profile.skills.split(", ")
    assert "Excel" not in skills and "Power BI" in skills and "Scrum" in skills and "Duits" in skills
    assert profile.job_title == "Beleidsadviseur" and profile.hours_per_week == 6 and profile.visible


def test_confirming_adds_to_an_existing_profile_and_loses_nothing(app, newcomer):
    app.service.update_profile(newcomer, {"skills": "Tableau, archiefbeheer", "hours_per_week": "4",
                                          "visible": "nee", "job_title": "Archivaris"})
    reply = offer(app, newcomer, "export.zip", cvfiles.linkedin_zip(("Skills",)))
    app.service.press(newcomer, "cv_keep", choice(reply, "cv_keep").value, "")
    profile = profile_of(app, newcomer)
    assert profile.skills == "Tableau, archiefbeheer, Data-analyse, Projectmanagement"
    assert profile.job_title == "Archivaris" and profile.hours_per_week == 4 and not profile.visible


def test_pasted_text_in_a_message_or_after_cv(app, newcomer):
    pasted = direct_message(app.service, newcomer, "cv " + "\n".join(cvfiles.CV_LINES))
    assert "Functie: Beleidsadviseur" in text_of(pasted) and "je tekst" in text_of(pasted)
    long_message = direct_message(app.service, newcomer, "\n".join(cvfiles.CV_LINES * 2))
    assert "Voorstel voor je profiel" in text_of(long_message)
    assert "een paar regels" in text_of(command(app.service, newcomer, "/flexpool", "cv kort"))
    assert "Voorstel voor je profiel" not in text_of(direct_message(app.service, newcomer, "nee, geen tijd"))
    assert profile_of(app, newcomer) is None


def test_the_admins_hr_csv_still_imports(app, people):
    admin = people("Beheer", "beheer")
    app.service.settings = app.service.settings.with_(admins=("shell:beheer",))
    csv_text = "platform;workspace;user_id;naam;vaardigheden;uren\nshell;demo;noor;Noor;SQL;8\n"
    reply = offer(app, admin, "hr.csv", csv_text.encode(), ("csv", "text/csv"))
    assert "Voorstel" not in text_of(reply)
    noor = app.service.find_person("noor")
    assert noor is not None and profile_of(app, noor).skills == "SQL"


# --- what is missing, and the one nudge --------------------------------------------------------

def test_the_profile_says_what_is_missing_and_what_it_costs(app, newcomer):
    assert "LinkedIn-export" in text_of(app.service.profile_card(newcomer))
    app.service.update_profile(newcomer, {"skills": "SQL", "visible": "ja"})
    said = text_of(app.service.profile_card(newcomer))
    assert "zonder uren per week word je niet gevraagd" in said and "je hebt er 1" in said
    form = command(app.service, newcomer, "/flexpool", "profiel")
    assert "zonder uren per week word je niet gevraagd" in render(form.intro, "nl")


def test_one_nudge_after_a_week_of_an_empty_profile_and_it_can_be_turned_off(app, people, clock):
    empty = people("Leeg", "leeg")
    quiet = people("Stil", "stil")
    full = people("Vol", "vol")
    app.service.update_profile(full, {"skills": "SQL, Excel", "hours_per_week": "4"})
    assert "geen herinnering meer" in text_of(command(app.service, quiet, "/flexpool", "herinnering uit"))
    assert "herinnering uit" in text_of(command(app.service, quiet, "/flexpool", "herinnering ergens"))
    clock.advance(days=6)
    assert app.service.tick()["nudged"] == 0
    clock.advance(days=2)
    assert app.service.tick()["nudged"] == 1
    assert app.service.tick()["nudged"] == 0  # once
    with transaction(app.engine) as s:
        (row,) = s.exec(select(Outbox).where(Outbox.key.like("nudge:%"))).all()
        assert row.person_id == empty.id
        assert s.get(Person, empty.id).nudged_at is not None
    assert "niet bewaard" not in row.card["text"][0]  # the nudge text, not a proposal
    assert "geen herinnering meer" in text_of(app.service.press(empty, "nudge_off", ""))


# --- the terminal, as a newcomer -------------------------------------------------------------

def test_shell_from_no_profile_to_a_visible_profile_with_five_skills(app, tmp_path):
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    export.write_bytes(cvfiles.linkedin_zip())
    out = io.StringIO()
    shell = Shell(app, io.StringIO(""), out, start_as=None)

    def say(line: str) -> str:
        start = len(out.getvalue())
        shell.handle(line)
        return out.getvalue()[start:]

    assert "zonder profiel word je voor geen enkele klus gevraagd" in say("/flexpool profiel")
    proposal = say(f"cv {export}")
    assert "Voorstel voor je profiel" in proposal and "weggegooid" in proposal
    assert "Met opslaan maak je je profiel zichtbaar" in proposal  # the opt-in, said before saving
    assert profile_of(app, shell.actor) is None  # shown before anything is stored
    keep = re.findall(r"\[(\d+)\] Alles opslaan", proposal)[0]
    saved = say(f"{keep} uren 8")
    assert "Opgeslagen wat je koos" in saved and "Zichtbaar: zichtbaar" in saved
    profile = profile_of(app, shell.actor)
    assert profile.visible and len(profile.skills.split(", ")) >= 5
    assert {"Power BI", "SQL", "Python", "Tableau", "Data-analyse"} <= set(profile.skills.split(", "))
    choose = say(f"cv {tmp_path / 'nergens.pdf'}")
    assert "Voorstel" not in choose
