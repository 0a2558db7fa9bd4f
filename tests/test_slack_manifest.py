"""The Slack app manifest asks for exactly the scopes the code needs, and points every
request at the one endpoint the server offers."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = (ROOT / "slack" / "manifest.yml").read_text(encoding="utf-8")

# Web API method (as slack_sdk names it) -> the bot scope it needs ("" = none).
SCOPES = {
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "conversations_open": "im:write",
    "conversations_history": "im:history",  # only ever on the bot's DMs
    "users_info": "users:read",
    "views_open": "",
    "views_publish": "",
    "auth_test": "",
    "files_upload_v2": "files:write",
    "files_info": "files:read",
}


def listed(after: str, until: str) -> set[str]:
    section = MANIFEST.split(after, 1)[1].split(until, 1)[0]
    return {m for m in re.findall(r"^\s+- ([\w:./-]+)\s*$", section, re.M)}


def test_scopes_are_exactly_what_the_code_uses():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "handlers" / "slack").glob("*.py"))
    called = set(re.findall(r"\.(chat_\w+|conversations_\w+|users_\w+|views_\w+|auth_\w+|files_\w+)\(", source))
    assert called <= set(SCOPES), f"a Web API method without a known scope: {called - set(SCOPES)}"
    needed = {SCOPES[m] for m in called} - {""}
    needed |= {"commands"}  # the slash commands
    needed |= {"im:history"}  # the message.im event
    needed |= {"files:read"}  # a file's url_private, downloaded with the bot token
    assert listed("    bot:\n", "settings:") == needed


def test_commands_events_interactivity_and_home():
    assert re.findall(r"- command: (/\w+)", MANIFEST) == ["/klus", "/flexpool"]
    assert listed("bot_events:\n", "interactivity:") == {"app_home_opened", "message.im", "app_uninstalled",
                                                          "tokens_revoked"}
    assert re.findall(r"redirect_urls:\n\s+- (\S+)", MANIFEST) == ["https://flexpool.example.nl/slack/oauth_redirect"]
    urls = re.findall(r"(?:url|request_url): (\S+)", MANIFEST)
    assert len(urls) == 4 and all(u.endswith("/slack/events") for u in urls)
    for setting in ("home_tab_enabled: true", "messages_tab_enabled: true", "messages_tab_read_only_enabled: false",
                    "is_enabled: true"):
        assert setting in MANIFEST
    assert "should_escape: false" in MANIFEST
