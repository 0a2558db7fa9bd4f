"""Issue 20 on Mattermost, end to end: a CV dropped in the bot's DM (file_ids), the
proposal (nothing stored), the dialog with a checkbox per item, a visible profile; a zip
bomb gets a clear answer and nothing stored."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.db import transaction
from storage.models import Person, Profile
from tests import cvfiles
from tests.test_mattermost import (TEAM, actions_of, click, drop, fake, listener, mm, settings, submit,  # noqa: F401
                                   texts_of, wait_for)

pytestmark = pytest.mark.db


def profile(app, user_id: str) -> Profile | None:
    with transaction(app.engine) as s:
        return s.exec(select(Profile).join(Person, Person.id == Profile.person_id)
                      .where(Person.user_id == user_id)).first()


def test_a_cv_dropped_then_a_checkbox_per_item_in_the_dialog(app, fake, mm):
    fake.add_user("u-bram", "Bram", "de Vries")
    app.service.person("mattermost", TEAM, "u-bram", "Bram de Vries", "nl")  # known from a slash command
    drop(mm, "u-bram", fake.add_file("cv.docx", cvfiles.docx(cvfiles.CV_LINES),
                                     mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml"
                                               ".document"))
    post = wait_for(lambda: fake.dms("u-bram"), what="the proposal")[0]
    said = " ".join(texts_of(post))
    assert "Voorstel voor je profiel" in said and "Functie: Beleidsadviseur" in said and "weggegooid" in said
    assert [a["integration"]["context"]["a"] for a in actions_of(post)] == ["cv_choose", "cv_keep", "noop"]
    assert profile(app, "u-bram") is None

    assert "error" not in click(mm, fake, post, "u-bram", "cv_choose").json()
    dialog = fake.dialogs[-1]
    elements = dialog["dialog"]["elements"]
    ticks = [e for e in elements if e["type"] == "bool"]
    assert ticks and all(e["default"] == "true" and "~" in e["name"] for e in ticks)
    assert all(len(e["display_name"].encode()) <= 24 for e in elements)
    assert "Vink uit wat niet klopt" in dialog["dialog"]["introduction_text"]
    submission = {e["name"]: e["default"] == "true" for e in ticks}
    submission.update({e["name"]: e.get("default", "") for e in elements if e["type"] != "bool"})
    submission[next(n for n in submission if n.endswith("~Excel"))] = False
    submission["hours_per_week"] = "12"
    assert submit(mm, dialog, "u-bram", submission).text == ""
    wait_for(lambda: any("Opgeslagen wat je koos" in " ".join(texts_of(p)) for p in fake.dms("u-bram")),
             what="the saved profile")
    saved = profile(app, "u-bram")
    skills = saved.skills.split(", ")
    assert saved.visible and saved.hours_per_week == 12 and saved.job_title == "Beleidsadviseur"
    assert "Excel" not in skills and len(skills) >= 5
    assert {"stakeholdermanagement", "Scrum", "Omgevingswet", "Wmo", "Engels"} <= set(skills)


def test_a_zip_bomb_dropped_is_refused_and_nothing_stored(app, fake, mm):
    fake.add_user("u-bram", "Bram")
    app.service.person("mattermost", TEAM, "u-bram", "Bram", "nl")
    drop(mm, "u-bram", fake.add_file("export.zip", cvfiles.zip_bomb(), mime_type="application/zip"))
    post = wait_for(lambda: fake.dms("u-bram"), what="the answer")[0]
    assert "pakt uit tot iets veel groters" in " ".join(texts_of(post)) and not actions_of(post)
    assert profile(app, "u-bram") is None


def test_save_all_asks_for_optional_words_in_a_dialog_named_after_the_button(app, fake, mm):
    fake.add_user("u-bram", "Bram")
    app.service.person("mattermost", TEAM, "u-bram", "Bram", "nl")
    drop(mm, "u-bram", fake.add_file("export.zip", cvfiles.linkedin_zip(), mime_type="application/zip"))
    post = wait_for(lambda: fake.dms("u-bram"), what="the proposal")[0]
    click(mm, fake, post, "u-bram", "cv_keep")
    dialog = fake.dialogs[-1]
    assert dialog["dialog"]["title"] == "Alles opslaan" and "zonder 3 5" in dialog["dialog"]["introduction_text"]
    assert profile(app, "u-bram") is None
    assert submit(mm, dialog, "u-bram", {"text": "uren 6"}).text == ""
    wait_for(lambda: profile(app, "u-bram"), what="the profile")
    saved = profile(app, "u-bram")
    assert saved.hours_per_week == 6 and saved.visible and len(saved.skills.split(", ")) >= 5
