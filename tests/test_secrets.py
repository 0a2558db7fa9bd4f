"""Secrets never appear in logs: whole flows on Slack (commands, clicks, modals, events,
forged and malformed requests, API failures and retries) with every logger at DEBUG, and
no token, signing secret or FLEXPOOL_SECRET in any record; the settings' repr shows none
either. Mattermost: tests/test_secrets_mattermost.py."""

from __future__ import annotations

import logging

import pytest

from bot.settings import Settings
from tests.fakes.slack_api import TOKEN
from tests.fakes.slack_client import SECRET
from tests.test_slack import ONE_LINER, bot, fake, post_and_invite  # noqa: F401

pytestmark = pytest.mark.db


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):  # loggers that set their own level
        logger = logging.getLogger(name)
        if logger.level > logging.DEBUG:
            logger.setLevel(logging.DEBUG)
    return caplog


def leaked(caplog, *secrets: str) -> list[str]:
    text = "\n".join(f"{r.name}: {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    return [s for s in secrets if s and s in text]


def test_no_slack_secret_in_the_logs(bot, debug_logs, clock):
    bot.colleague("UANNA", "Anna", skills="Power BI, SQL", hours_per_week=16)
    bot.fake.fail("chat.postMessage", 500, done_anyway=True)  # a failure, its retry and the search
    dms = post_and_invite(bot, 1, "UANNA")
    bot.slack.click("UANNA", dms["UANNA"], "accept", channel="DUANNA")
    bot.slack.command("UMGR", "")
    view = bot.fake.wait_calls("views.open")[0].params["view"]
    bot.slack.submit("UMGR", view, {"title": "Iets", "hours_per_week": "veel"})
    bot.slack.dm("UANNA", "vertel meer")
    bot.slack.command("UMGR", ONE_LINER, secret="not-the-secret")  # forged
    bot.slack.interactive({"type": "block_actions", "user": {"id": "U1"}, "trigger_id": "t", "actions": 5})
    clock.advance(minutes=5)
    bot.settle()
    assert len(debug_logs.records) > 20  # the flows did log, at DEBUG too
    assert leaked(debug_logs, TOKEN, SECRET, bot.app.settings.secret) == []


def test_the_settings_never_show_a_secret():
    settings = Settings(database_url="postgresql://flexpool:hunter2@db.example/flexpool", secret="s3cr3t-key",
                        slack_bot_token="xoxb-123-abc", slack_signing_secret="sign-me", slack_app_token="xapp-1",
                        slack_client_secret="oauth-secret", mattermost_bot_token="mm-token",
                        mattermost_command_tokens=("cmd-a", "cmd-b"))
    shown = repr(settings) + str(settings)
    for secret in ("hunter2", "s3cr3t-key", "xoxb-123-abc", "sign-me", "xapp-1", "oauth-secret", "mm-token",
                   "cmd-a", "cmd-b"):
        assert secret not in shown, secret
    assert "postgresql://flexpool:***@db.example/flexpool" in shown and "max_klussen_per_day=10" in shown
