"""Secrets never appear in logs, on Mattermost: a whole flow (commands, clicks, dialogs, a
wrong command token, a forged click, a rate-limited API call) with every logger at DEBUG,
and no bot token, command token or FLEXPOOL_SECRET in any record."""

from __future__ import annotations

import pytest

from tests.test_mattermost import (BOT_TOKEN, FLEXPOOL_TOKEN, KLUS_TOKEN, LINE, click, command,  # noqa: F401
                                   fake, invitation_post, listener, mm, pool, settings, submit)
from tests.test_secrets import debug_logs, leaked  # noqa: F401

pytestmark = pytest.mark.db


def test_no_mattermost_secret_in_the_logs(app, fake, mm, pool, debug_logs):
    assert command(mm, "u-manager", LINE).status_code == 200
    post = invitation_post(fake, "u-fatima")
    click(mm, fake, post, "u-fatima", "accept")
    command(mm, "u-manager", LINE, token="guessed")  # a wrong token is logged, not the token
    command(mm, "u-fatima", "profiel", name="/flexpool")
    dialog = fake.dialogs[-1]
    submit(mm, dialog, "u-fatima", {"hours_per_week": "-3"})
    fake.rate_limited["/api/v4/users/u-sanne"] = 1
    mm.mattermost.people.who("u-sanne")
    mm.http.post("/mattermost/action", json={"user_id": "u-x", "context": {"a": "accept", "s": "0" * 64}})
    app.outbox.flush()
    assert len(debug_logs.records) > 10
    assert leaked(debug_logs, BOT_TOKEN, KLUS_TOKEN, FLEXPOOL_TOKEN, "guessed", app.settings.secret) == []
