"""Mentions on Slack (issue 15): the Slack adapter turns `<@U123|name>` in command text
into the user id before the domain sees the text, and makes that person known with
their Slack name; the domain reads no Slack syntax."""

from __future__ import annotations

import pytest

from tests.test_slack import bot, fake  # noqa: F401

pytestmark = pytest.mark.db


def test_an_admin_names_someone_new_with_a_slack_mention(bot):
    bot.fake.names["U0NIEUW01"] = "Nina Nieuw"
    bot.slack.command("admin", "admin add <@U0NIEUW01|nina>", command="/flexpool")
    answer = bot.answer(containing="beheerder")
    assert "Nina Nieuw is nu beheerder" in answer.params["text"]
    assert bot.app.service.is_admin(bot.app.service.person("slack", bot.slack.team, "U0NIEUW01"))


def test_a_line_manager_named_by_mention_is_stored_as_the_id(bot):
    bot.fake.names["U0LARS001"] = "Lars Leider"
    bot.colleague("UANNA", "Anna", skills="Power BI", hours_per_week=8)
    bot.slack.command("UANNA", "profiel leidinggevende: <@U0LARS001|lars>", command="/flexpool")
    bot.settle()
    from storage.db import transaction
    from storage.models import Person, Profile
    with transaction(bot.app.engine) as s:
        anna = s.exec(Person.__table__.select().where(Person.user_id == "UANNA")).one()
        profile = s.get(Profile, anna.id)
        lars = s.exec(Person.__table__.select().where(Person.user_id == "U0LARS001")).one()
    assert profile.line_manager == "U0LARS001" and lars.name == "Lars Leider"
