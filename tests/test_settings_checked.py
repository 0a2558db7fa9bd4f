"""Settings checked at start (issue 15): any quiet-hours window is understood, in either
direction; an empty one means off, as .env.example says; what cannot be understood is
refused at start with a message naming the key — never a crash on a user's command."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import select

from bot.settings import Settings, SettingsError
from storage.db import transaction
from storage.models import Outbox
from tests.test_mattermost import fake  # noqa: F401
from tests.test_service import LINE


def test_an_empty_quiet_hours_setting_turns_them_off():
    assert Settings.from_env({"FLEXPOOL_QUIET_HOURS": ""}, dotenv_path=None).quiet_window() is None
    assert Settings.from_env({"FLEXPOOL_QUIET_HOURS": "  "}, dotenv_path=None).quiet_window() is None
    assert Settings.from_env({}, dotenv_path=None).quiet_window() == (18, 8)  # not set at all: the default


@pytest.mark.parametrize("raw", ["8-8", "25-3", "18", "avond", "18-8-3", "-1-4"])
def test_a_quiet_window_that_cannot_be_understood_is_refused_at_start(raw):
    with pytest.raises(SettingsError, match="FLEXPOOL_QUIET_HOURS"):
        Settings.from_env({"FLEXPOOL_QUIET_HOURS": raw}, dotenv_path=None)


def test_windows_in_either_direction():
    night, lunch = Settings(quiet_hours="18-8"), Settings(quiet_hours="3-4")
    assert [h for h in range(24) if night.quiet_at(h)] == [0, 1, 2, 3, 4, 5, 6, 7, 18, 19, 20, 21, 22, 23]
    assert [h for h in range(24) if lunch.quiet_at(h)] == [3]


@pytest.mark.parametrize("local_hour, expected_hour", [(3, 4), (10, 10), (2, 2)])
def test_a_klus_posted_with_a_window_that_does_not_cross_midnight(app, pool, port, clock, local_hour,
                                                                  expected_hour):
    """FLEXPOOL_QUIET_HOURS=3-4 once made every /klus fail with an OverflowError."""
    app.service.settings = app.service.settings.with_(quiet_hours="3-4", quiet_weekends=False)
    clock.now = datetime(2026, 11, 24, local_hour - 1, 30, tzinfo=timezone.utc)  # Amsterdam is UTC+1
    reply = app.service.post_klus_line(pool["manager"], LINE)
    assert reply.cards
    with transaction(app.engine) as s:
        waits = {r.next_attempt_at.replace(tzinfo=timezone.utc) for r in s.exec(select(Outbox)).all()
                 if r.key.startswith("inv:")}
    held = datetime(2026, 11, 24, expected_hour - 1, 0 if expected_hour != local_hour else 30, tzinfo=timezone.utc)
    assert waits == {held}


@pytest.mark.parametrize("secret", [None, "", "change-me", "dev-secret-change-me"])
def test_serve_refuses_a_public_secret_when_mattermost_is_configured(db_url, fake, secret):
    from tests.test_mattermost import BOT_TOKEN, FLEXPOOL_TOKEN, KLUS_TOKEN, _free_port, _serve

    port = _free_port()
    env = dict(MATTERMOST_URL=fake.url, MATTERMOST_BOT_TOKEN=BOT_TOKEN,
               MATTERMOST_COMMAND_TOKENS=f"{KLUS_TOKEN},{FLEXPOOL_TOKEN}", FLEXPOOL_PUBLIC_URL=f"http://127.0.0.1:{port}")
    if secret is not None:
        env["FLEXPOOL_SECRET"] = secret
    proc = _serve(db_url, port, **env)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, output
    assert "FLEXPOOL_SECRET" in output and "Traceback" not in output
