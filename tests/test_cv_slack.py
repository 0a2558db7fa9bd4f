"""Issue 20 on Slack, end to end: a colleague drops their LinkedIn export in the bot's DM,
sees the proposal (nothing stored), ticks checkboxes in the modal and has a visible
profile; a hostile file gets a clear answer and nothing stored."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.db import transaction
from storage.models import Profile
from tests import cvfiles
from tests.fakes.slack_client import buttons
from tests.test_slack import all_text, bot, drop_files, fake  # noqa: F401  (fixtures)

pytestmark = pytest.mark.db


def profile(bot, user_id: str) -> Profile | None:
    with transaction(bot.app.engine) as s:
        person = bot.app.service.find_person(user_id)
        return s.exec(select(Profile).where(Profile.person_id == person.id)).first() if person else None


def test_linkedin_export_dropped_then_checkboxes_in_the_modal(bot):
    bot.fake.names["UNEW"] = "Noor"
    shared = bot.fake.add_file("F0LI", "Basic_LinkedInDataExport.zip", cvfiles.linkedin_zip(),
                               mimetype="application/zip", filetype="zip")
    drop_files(bot, "UNEW", shared)
    call = bot.dm_to("UNEW", containing="")[0]
    said = all_text(call.params["blocks"])
    assert "Voorstel voor je profiel" in said and "weggegooid" in said and "Tableau (LinkedIn: vaardigheden)" in said
    assert buttons(call.params["blocks"]) == ["cv_choose", "cv_keep", "noop"]
    assert profile(bot, "UNEW") is None  # the proposal is shown before anything is stored

    bot.slack.click("UNEW", bot.message_of(call), "cv_choose", channel="DUNEW")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    groups = [b for b in view["blocks"] if b.get("type") == "input" and b["element"]["type"] == "checkboxes"]
    assert groups and all(len(b["element"]["options"]) <= 10 for b in groups)
    assert all(len(b["element"]["initial_options"]) == len(b["element"]["options"]) for b in groups)
    assert "Vink uit wat niet klopt" in all_text(view["blocks"][0])
    first = groups[0]
    kept = [o["value"] for o in first["element"]["options"] if o["value"] != "Tableau"]
    answer = bot.slack.submit("UNEW", view, {first["block_id"]: kept, "hours_per_week": "8"})
    assert answer.status == 200 and answer.body in (b"", b"{}")
    bot.dm_to("UNEW", containing="Flexprofiel van Noor")
    saved = profile(bot, "UNEW")
    skills = saved.skills.split(", ")
    assert saved.visible and saved.hours_per_week == 8 and saved.job_title == "Data-analist"
    assert "Tableau" not in skills and len(skills) >= 5
    assert {"Data-analyse", "Power BI", "SQL", "Python", "AVG"} <= set(skills)


def test_a_scanned_pdf_dropped_is_answered_and_nothing_stored(bot):
    bot.fake.names["UNEW"] = "Noor"
    drop_files(bot, "UNEW", bot.fake.add_file("F0SCAN", "cv.pdf", cvfiles.pdf(image_only=True),
                                              mimetype="application/pdf", filetype="pdf"))
    answer = bot.dm_to("UNEW", containing="geen tekst in lezen")[0]
    assert "niet bewaard" in answer.params["text"] and buttons(answer.params["blocks"]) == []
    assert profile(bot, "UNEW") is None


def test_save_all_asks_optional_words_in_a_small_modal(bot):
    bot.fake.names["UNEW"] = "Noor"
    shared = bot.fake.add_file("F0CV", "cv.pdf", cvfiles.pdf(cvfiles.CV_LINES), mimetype="application/pdf",
                               filetype="pdf")
    drop_files(bot, "UNEW", shared)
    call = bot.dm_to("UNEW", containing="")[0]
    bot.slack.click("UNEW", bot.message_of(call), "cv_keep", channel="DUNEW")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    assert view["title"]["text"] == "Alles opslaan" and "zonder 3 5" in all_text(view)
    assert len(view["private_metadata"]) <= 3000 and profile(bot, "UNEW") is None
    bot.slack.submit("UNEW", view, {"reason": "zonder 2 uren 6"})
    bot.answer("click", containing="Flexprofiel van Noor")  # in place of the proposal
    saved = profile(bot, "UNEW")
    assert saved.hours_per_week == 6 and saved.visible and saved.job_title == "Beleidsadviseur"
    assert len(saved.skills.split(", ")) >= 5
