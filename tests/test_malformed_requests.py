"""Malformed requests (issue 15), over the wire to the served apps: any bytes, any
nesting. Unsigned gets 401 (Slack) and a body that cannot be read gets 400 before any
decoder sees it; nothing is logged as an error (no traceback), nothing is stored."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.chat import wire
from tests.test_mattermost import fake, listener, mm, pool  # noqa: F401
from tests.test_mattermost import settings as mm_settings  # noqa: F401
from tests.test_slack import bot  # noqa: F401
from tests.test_slack import fake as slack_fake  # noqa: F401

pytestmark = pytest.mark.db

ANY = settings(max_examples=40, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
KINDS = ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]
DEEP = "[" * 50_000 + "]" * 50_000


def _no_errors(caplog) -> None:
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert "Traceback" not in caplog.text


def test_the_depth_check_reads_json_text_without_recursion():
    assert wire.depth('{"a": [1, {"b": "[[[["}]}') == 3
    with pytest.raises(wire.Unreadable):
        wire.loads(DEEP)
    with pytest.raises(wire.Unreadable):
        wire.loads(b"\xff\xfe{}")
    assert wire.loads('{"x": "\\"[{"}') == {"x": '"[{'}


# --- Slack -------------------------------------------------------------------------------------

@pytest.fixture
def fake(slack_fake):  # noqa: F811 - the Slack harness's fake under its usual name
    return slack_fake


@ANY
@given(body=st.binary(max_size=2000), kind=st.sampled_from(KINDS))
def test_slack_unsigned_random_bytes_get_401(bot, caplog, body, kind):
    caplog.clear()
    assert bot.slack.post(body, kind, secret="not-the-secret").status == 401
    _no_errors(caplog)


@ANY
@given(body=st.binary(max_size=2000), kind=st.sampled_from(KINDS))
def test_slack_signed_random_bytes_never_fail(bot, caplog, body, kind):
    caplog.clear()
    assert bot.slack.post(body, kind).status in (200, 400)
    _no_errors(caplog)


def test_slack_bytes_that_are_not_utf8_and_deep_nesting(bot, caplog):
    assert bot.slack.post(b"payload=\xff\xfe", "application/x-www-form-urlencoded", secret="guess").status == 401
    assert bot.slack.post(b"payload=\xff\xfe", "application/x-www-form-urlencoded").status == 400
    assert bot.slack.post(DEEP.encode(), "application/json").status == 400
    assert bot.slack.post(("payload=" + quote(DEEP)).encode(), "application/x-www-form-urlencoded").status == 400
    deep_object = '{"type": "block_actions", "x": ' + "{\"a\": " * 5000 + "1" + "}" * 5001
    assert bot.slack.post(deep_object.encode(), "application/json").status == 400
    _no_errors(caplog)
    assert bot.klussen() == []


# --- Mattermost --------------------------------------------------------------------------------

@pytest.fixture
def settings(mm_settings):  # noqa: F811
    return mm_settings


@ANY
@given(body=st.binary(max_size=2000), path=st.sampled_from(["/mattermost/action", "/mattermost/dialog",
                                                            "/mattermost/command"]))
def test_mattermost_random_bytes_never_fail(mm, caplog, body, path):
    caplog.clear()
    answer = mm.http.post(path, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code in (200, 400, 401)
    _no_errors(caplog)


def test_mattermost_bytes_that_are_not_utf8_and_deep_nesting(mm, caplog):
    for path in ("/mattermost/action", "/mattermost/dialog", "/mattermost/command"):
        assert mm.http.post(path, content=b"\xff\xfe{}").status_code == 400
    for path in ("/mattermost/action", "/mattermost/dialog"):
        assert mm.http.post(path, content=DEEP.encode()).status_code == 400
    state = '{"a": ' * 5000 + "1" + "}" * 5000
    answer = mm.http.post("/mattermost/dialog", json={"user_id": "u-x", "state": state, "submission": {}})
    assert answer.status_code == 200 and "error" in answer.json()  # a state that does not verify
    _no_errors(caplog)
