"""Mattermost at the edges (issue 15), end to end against the fake REST API, which
refuses what a bot with the Member role may not do (list another user's teams):

- a colleague who never used Flexpool types in the bot's DM and gets an answer (the team
  is found among the bot's own teams), never silence;
- `/flexpool` alone answers the home summary (Slack's App Home, which Mattermost lacks);
- every button is signed for one person: a click on any of them by anyone else is refused;
- the ask-for-a-reason dialog asks the button's own question.
"""

from __future__ import annotations

import copy

import pytest

from storage.db import transaction
from storage.models import Person, SeenEvent
from tests.test_mattermost import (LINE, TEAM, FakeWebSocket, actions_of, click, command,  # noqa: F401
                                   fake, invitation_post, listener, mm, pool, settings, statuses, wait_for)

pytestmark = pytest.mark.db


def test_a_first_time_colleague_typing_in_the_dm_gets_an_answer(app, fake, mm, pool):
    fake.add_user("u-nieuw", "Nina")
    socket = FakeWebSocket()
    try:
        mm.mattermost.listen(socket.url)
        wait_for(lambda: socket.connections, what="the bot to connect")
        socket.posted("first1", "u-nieuw", "hallo, vertel meer")
        wait_for(lambda: fake.dms("u-nieuw"), what="an answer to a first-time colleague")
    finally:
        mm.mattermost.close()
        socket.close()
    assert fake.count("GET", "/api/v4/users/u-nieuw/teams") == 1  # refused (403) to a Member-role bot
    with transaction(app.engine) as s:
        nina = s.exec(Person.__table__.select().where(Person.user_id == "u-nieuw")).one()
    assert nina.workspace == TEAM  # found among the bot's own teams


def test_a_colleague_in_none_of_the_bots_teams_is_asked_which_team(app, fake, mm, pool):
    fake.add_user("u-elders", "Els")
    real = fake.handle

    def elsewhere(method, path, body, auth):
        if "/members/u-elders" in path:
            with fake.lock:
                fake.calls.append((method, path, body))
            return 404, {"id": "app.team.get_member.missing.app_error", "status_code": 404}, {}
        return real(method, path, body, auth)

    fake.handle = elsewhere
    mm.mattermost.direct_message({"id": "p-els", "user_id": "u-elders", "message": "ja"})
    (answer,) = fake.dms("u-elders")
    assert "/flexpool" in answer["message"] and "team" in answer["message"]
    with transaction(app.engine) as s:
        assert s.get(SeenEvent, "mattermost:p-els") is not None  # handled once


def test_a_failure_in_the_dm_is_told_never_silence(app, fake, mm, pool, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.service, "person", boom)
    mm.mattermost.direct_message({"id": "p-boom", "user_id": "u-fatima", "message": "ja"})
    (answer,) = fake.dms("u-fatima")
    assert "Er ging iets mis" in answer["message"] and "fire" not in answer["message"]


def test_flexpool_alone_shows_the_home_summary(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    invitation_post(fake, "u-fatima")
    answer = command(mm, "u-fatima", "", name="/flexpool").json()
    text = answer["text"] + " ".join(a.get("text", "") for a in answer.get("attachments", []))
    assert "Data-analist voor dashboard jeugdzorg" in text  # my invitation
    names = [a["name"] for att in answer["attachments"] for a in att.get("actions", [])]
    assert "Accepteren" in names  # answerable from the summary
    again = command(mm, "u-fatima", "home", name="/flexpool").json()
    assert again["text"] == answer["text"]


def test_every_button_refuses_anyone_but_the_person_it_was_made_for(app, fake, mm, pool):
    command(mm, "u-manager", LINE)
    post = invitation_post(fake, "u-fatima")
    before, dialogs = statuses(app), len(fake.dialogs)
    for button in actions_of(post):
        action = button["integration"]["context"]["a"]
        answer = click(mm, fake, copy.deepcopy(post), "u-sanne", action).json()
        assert "niet voor jou" in answer["ephemeral_text"], action
    assert statuses(app) == before and len(fake.dialogs) == dialogs
    decline = click(mm, fake, copy.deepcopy(post), "u-fatima", "decline")  # the one it was made for
    assert decline.status_code == 200 and len(fake.dialogs) == dialogs + 1
    asked = fake.dialogs[-1]["dialog"]
    assert "waarom" in asked["introduction_text"] and asked["submit_label"] == "Afwijzen"
