"""Slack's side of the wire: signed slash commands, clicks, modal submissions and events,
sent over HTTP to the served WSGI app exactly as Slack sends them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.fakes.slack_api import TEAM

SECRET = "test-signing-secret"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class SlackClient:
    def __init__(self, base_url: str, response_url, secret: str = SECRET, team: str = TEAM):
        self.base_url = base_url.rstrip("/")
        self.response_url = response_url  # name -> URL on the fake
        self.secret = secret
        self.team = team
        self._n = itertools.count(1)

    # --- raw -------------------------------------------------------------------------------

    def post(self, body: bytes, content_type: str, timestamp: int | None = None, secret: str | None = None,
             headers: dict | None = None, path: str = "/slack/events") -> Answer:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        request = urllib.request.Request(self.base_url + path, data=body, method="POST", headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(secret or self.secret, ts, body),
            **(headers or {}),
        })
        return self._send(request)

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.base_url + path))

    @staticmethod
    def _send(request) -> Answer:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return Answer(resp.status, resp.read(), time.perf_counter() - start)
        except urllib.error.HTTPError as err:
            return Answer(err.code, err.read(), time.perf_counter() - start)

    def form(self, fields: dict, **kw) -> Answer:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kw)

    def interactive(self, payload: dict, **kw) -> Answer:
        return self.form({"payload": json.dumps(payload)}, **kw)

    # --- what people do ------------------------------------------------------------------------

    def command_fields(self, user: str, text: str = "", command: str = "/klus") -> dict:
        n = next(self._n)
        return {
            "token": "legacy", "team_id": self.team, "team_domain": "flexpool", "channel_id": "C0GENERAL",
            "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": command,
            "text": text, "api_app_id": "A0FLEX", "is_enterprise_install": "false",
            "response_url": self.response_url(f"cmd{n}"), "trigger_id": f"{n}.trigger",
        }

    def command(self, user: str, text: str = "", command: str = "/klus", **kw) -> Answer:
        return self.form(self.command_fields(user, text, command), **kw)

    def click(self, user: str, message: dict, action: str, *, channel: str | None = None,
              ephemeral: bool = False, in_home: bool = False) -> Answer:
        """Press the button for `action` on `message` (blocks as the bot sent them)."""
        button, block_id = find_button(message.get("blocks") or [], action)
        n = next(self._n)
        payload: dict = {
            "type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A0FLEX", "token": "legacy", "team": {"id": self.team, "domain": "flexpool"},
            "trigger_id": f"{n}.trigger",
            "actions": [{"type": "button", "action_id": button["action_id"], "block_id": block_id,
                         "text": button["text"], "value": button.get("value"), "action_ts": f"{time.time():.6f}"}],
        }
        if button.get("value") is None:
            del payload["actions"][0]["value"]
        if in_home:
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "blocks": message.get("blocks")}
        else:
            ts = message.get("ts", f"{time.time():.6f}")
            payload["container"] = {"type": "message", "message_ts": ts, "channel_id": channel,
                                    "is_ephemeral": ephemeral}
            payload["channel"] = {"id": channel}
            payload["response_url"] = self.response_url(f"click{n}")
            if not ephemeral:
                payload["message"] = {"type": "message", "ts": ts, "text": message.get("text"),
                                      "blocks": message.get("blocks")}
        return self.interactive(payload)

    def submit(self, user: str, view: dict, values: dict[str, Any]) -> Answer:
        """Submit a modal the bot opened, filling input blocks by block id."""
        state: dict = {}
        for block in view.get("blocks") or []:
            if block.get("type") != "input":
                continue
            element = block["element"]
            value = values.get(block["block_id"], _initial(element))
            state[block["block_id"]] = {element["action_id"]: _state(element, value)}
        n = next(self._n)
        payload = {
            "type": "view_submission", "team": {"id": self.team, "domain": "flexpool"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A0FLEX", "token": "legacy", "trigger_id": f"{n}.trigger",
            "view": {**view, "id": f"VSUB{n}", "team_id": self.team, "state": {"values": state},
                     "hash": "h", "app_id": "A0FLEX", "bot_id": "BBOT"},
            "response_urls": [],
        }
        return self.interactive(payload)

    def event(self, event: dict, event_id: str | None = None, retry: int | None = None) -> Answer:
        body = {
            "token": "legacy", "team_id": self.team, "api_app_id": "A0FLEX", "event": event,
            "type": "event_callback", "event_id": event_id or f"Ev{next(self._n):08d}",
            "event_time": int(time.time()),
        }
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post(json.dumps(body).encode(), "application/json", headers=headers)

    def dm(self, user: str, text: str, **kw) -> Answer:
        return self.event({"type": "message", "channel": "D" + user, "user": user, "text": text,
                           "ts": f"{time.time():.6f}", "channel_type": "im", "team": self.team}, **kw)


def find_button(blocks: list[dict], action: str) -> tuple[dict, str]:
    for block in blocks:
        if block.get("type") != "actions":
            continue
        for element in block["elements"]:
            if element.get("action_id", "").split(":")[1:2] == [action]:
                return element, block["block_id"]
    raise AssertionError(f"no {action!r} button in {json.dumps(blocks)[:2000]}")


def buttons(blocks: list[dict]) -> list[str]:
    """The actions of every button in `blocks`, in order."""
    return [e["action_id"].split(":")[1] for b in blocks or [] if b.get("type") == "actions"
            for e in b["elements"]]


def _initial(element: dict) -> Any:
    kind = element["type"]
    if kind == "datepicker":
        return element.get("initial_date")
    if kind == "static_select":
        return (element.get("initial_option") or {}).get("value")
    if kind == "checkboxes" and [o["value"] for o in element["options"]] != ["ja"]:
        return [o["value"] for o in element.get("initial_options") or []]
    return element.get("initial_value")


def _state(element: dict, value: Any) -> dict:
    kind = element["type"]
    if kind == "datepicker":
        return {"type": kind, "selected_date": str(value) if value else None}
    if kind == "static_select":
        chosen = [o for o in element["options"] if o["value"] == value]
        return {"type": kind, "selected_option": chosen[0] if chosen else None}
    if kind == "checkboxes" and isinstance(value, (list, tuple)):  # a group: the values ticked
        return {"type": kind, "selected_options": [o for o in element["options"] if o["value"] in value]}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": element["options"] if value else []}
    return {"type": kind, "value": None if value in (None, "") else str(value)}
