"""Two organisations sharing one workspace, on each platform's real wire format (issue 18):
someone whose organisation is unknown chooses it with a button, an admin of one
organisation is refused the other's people, and a cross-organisation invitation says
which organisation asks."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import commands, organisations
from storage import queries as q
from storage.db import transaction
from storage.models import Organisation, Person
from tests.fakes.slack_api import TEAM, FakeSlack
from tests.test_mattermost import TEAM as MM_TEAM
from tests.test_mattermost import actions_of, click, command, fake, listener, mm, settings, wait_for  # noqa: F401
from tests.test_slack import Harness, all_text

pytestmark = pytest.mark.db

BZK, UTRECHT = "Ministerie van BZK", "Gemeente Utrecht"
SKILLS = dict(skills="Power BI, SQL, data-analyse", hours_per_week=16)
WIDE = "Dashboard jeugdzorg; vaardigheden: Power BI, SQL; 8 uur per week; 6 weken; bereik: overheidsbreed"


def place(app, actor, name: str):
    with transaction(app.engine) as s:
        org = q.get_or_create_organisation(s, name)
        organisations.move(s, s.get(Person, actor.id), org.id, "import")
    return app.service.person(actor.platform, actor.workspace, actor.user_id)


def org_of(app, user_id: str) -> str:
    with transaction(app.engine) as s:
        person = s.exec(select(Person).where(Person.user_id == user_id)).one()
        org = s.get(Organisation, person.organisation_id) if person.organisation_id else None
        return org.name if org else ""


def test_on_slack_two_organisations_share_a_workspace(app, people):
    with FakeSlack() as api:
        bot = Harness(app, api, people)
        try:
            place(app, bot.colleague("UBO", "Bo BZK", **SKILLS), BZK)
            place(app, bot.colleague("UUTE", "Ute Utrecht", skills="leidinggeven", hours_per_week=0), UTRECHT)
            bot.colleague("UNINA", "Nina Nieuw", **SKILLS)
            place(app, bot.colleague("UBEA", "Bea Beheer"), BZK)
            commands.command(app.service, app.service.person("slack", TEAM, "admin"), "flexpool",
                             "admin add UBEA")  # BZK's own admin (a mention, as the Slack adapter hands it over)

            # Nina does not know hers yet: buttons, one per organisation; she picks one, once.
            bot.slack.command("UNINA", "organisatie", command="/flexpool")
            asked = bot.answer("cmd")
            assert "Bij welke organisatie werk je?" in all_text(asked.params["blocks"])
            bot.slack.click("UNINA", {"text": asked.params["text"], "blocks": asked.params["blocks"]},
                            "org_choose", channel="C0GENERAL", ephemeral=True)
            assert "Genoteerd: je hoort bij" in bot.answer("click").params["text"]
            assert org_of(app, "UNINA") in (BZK, UTRECHT)

            # BZK's own admin cannot make Utrecht the workspace's default for Utrecht's people.
            bot.fake.clear()
            bot.slack.command("UBEA", f"organisatie standaard {UTRECHT}", command="/flexpool")
            assert "Dat valt buiten jouw organisatie" in bot.answer("cmd").params["text"]
            assert org_of(app, "UUTE") == UTRECHT

            # Utrecht asks government-wide: BZK's Bo hears which organisation asks.
            bot.fake.clear()
            bot.slack.command("UUTE", WIDE)
            bot.answer("cmd", containing="Klus geplaatst")
            invitation = bot.dm_to("UBO")[0]
            assert f"Gevraagd door *{UTRECHT}*" in all_text(invitation.params["blocks"])
        finally:
            bot.close()


def test_on_mattermost_someone_chooses_their_organisation_with_a_button(app, fake, mm):  # noqa: F811
    fake.add_user("u-nina", "Nina", "Nieuw")
    nina = app.service.person("mattermost", MM_TEAM, "u-nina", "Nina Nieuw")
    with transaction(app.engine) as s:
        q.get_or_create_organisation(s, BZK)
        q.get_or_create_organisation(s, UTRECHT)
    answer = command(mm, "u-nina", "organisatie", name="/flexpool").json()
    assert answer["text"] == "Het is nog niet bekend bij welke organisatie je hoort."
    post = {"id": "", "channel_id": "chan0000000000000000000001", "props": {"attachments": answer["attachments"]}}
    labels = [a["name"] for a in actions_of(post)]
    assert labels == [UTRECHT, BZK]  # by name: nobody in this team belongs to either yet
    chosen = click(mm, fake, post, "u-nina", "org_choose")
    assert chosen.status_code == 200
    assert org_of(app, "u-nina") == UTRECHT
    assert "Genoteerd: je hoort bij **Gemeente Utrecht**" in str(chosen.json())

    # BZK asks government-wide on Mattermost: Nina (Utrecht) hears which organisation asks.
    fake.add_user("u-bea", "Bea", "BZK")
    place(app, app.service.person("mattermost", MM_TEAM, "u-bea", "Bea BZK"), BZK)
    app.service.update_profile(nina, {"name": "Nina Nieuw", "visible": "ja", **{k: str(v) for k, v in SKILLS.items()}})
    assert "Klus geplaatst" in command(mm, "u-bea", WIDE).json()["text"]
    app.outbox.flush()
    invitation = wait_for(lambda: next((p for p in fake.dms("u-nina") if actions_of(p)), None), what="the invitation")
    assert f"Gevraagd door **{BZK}**" in str(invitation)
    assert nina.organisation_id is None
