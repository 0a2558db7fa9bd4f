"""The door before Bolt: every Slack request is checked before anything reads it.

`GuardedRequestHandler` is Bolt's WSGI adapter with three things added:

1. The signature is checked first (as Bolt does: `X-Slack-Signature` over the raw body,
   a timestamp at most five minutes old), over the bytes as they came. A request that
   fails gets 401 before its body is even decoded, so no forged body can reach a parser;
   a signed body that is not UTF-8, or JSON nested deeper than Slack ever sends, gets
   400 (`handlers.chat.wire`), never a traceback.
2. A signed request whose shape is not what Slack sends (a missing user, `actions` that
   is not a list, a view without state, a date picker with a date that is none, a
   private_metadata that is not ours, …) is not handed to Bolt, whose own middleware
   would fail on it with a 500. It gets a clear answer instead: the person reads
   `err.bad_request` where Slack shows an answer (the command's ephemeral reply, the
   modal, or the click's response_url), and nothing changes.
3. Bolt reads a form body as an interactive payload whenever the word "payload" occurs
   anywhere in it, so `/klus Payload-specialist ruimtevaart` would reach nobody (404).
   A slash command is parsed here, as a form, and handed to Bolt already parsed.

The checks cover exactly the fields Bolt and our listeners (`handlers.slack`) read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
from datetime import date
from typing import Any, Callable
from urllib.parse import parse_qsl

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_bolt.context import BoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.i18n import T, render
from bot.port import Card
from handlers.chat import wire
from handlers.slack import blocks

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20  # Slack's largest payloads (a big modal's state) are far below this
URL = re.compile(r"https?://[^\s]{1,2000}")
ID = re.compile(r"[\w.\-:@]{1,100}")  # Slack's ids are letters and digits; no space, no control character
INTERACTIVE = ("block_actions", "view_submission")
COMMANDS = ("/klus", "/flexpool")  # as in slack/manifest.yml
MODALS = ("fp:form", "fp:ask")  # the callback ids of our modals (handlers.slack.blocks)


class Malformed(ValueError):
    """A signed request that is not shaped as Slack sends it."""


def _get(container: Any, key: str, kinds: type | tuple, required: bool = True, where: str = "") -> Any:
    value = container.get(key) if isinstance(container, dict) else None
    if value is None:
        if required:
            raise Malformed(f"{where}{key} missing")
        return None
    if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
        raise Malformed(f"{where}{key} is a boolean")
    if not isinstance(value, kinds):
        raise Malformed(f"{where}{key} is {type(value).__name__}")
    return value


def _user_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ID.fullmatch(value):
        raise Malformed(f"{where} is not a user id")
    return value


def _url(container: dict, key: str) -> None:
    value = _get(container, key, str, required=False)
    if value is not None and value != "" and not URL.fullmatch(value):
        raise Malformed(f"{key} is not a URL")


def _id(container: dict, key: str, where: str = "") -> None:
    value = _get(container, key, str, required=False, where=where)
    if value and not ID.fullmatch(value):
        raise Malformed(f"{where}{key} is not an id")


def _team(body: dict) -> None:
    _id(body, "team_id")
    team = _get(body, "team", dict, required=False)
    if team is not None:
        _id(team, "id", "team.")


def check_command(form: dict) -> None:
    _user_id(form.get("user_id"), "user_id")
    _id(form, "team_id")
    if form.get("command") not in COMMANDS:
        raise Malformed("not one of our commands")
    if not URL.fullmatch(form.get("response_url") or ""):  # Slack always sends one: our answer goes there
        raise Malformed("no response_url")


def check_interactive(body: dict) -> None:
    kind = body["type"]
    user = _get(body, "user", dict)
    _user_id(user.get("id"), "user.id")
    _id(user, "team_id", "user.")
    _team(body)
    _get(body, "trigger_id", str)  # Slack always sends one; a modal is opened with it
    if kind == "block_actions":
        _url(body, "response_url")
        actions = _get(body, "actions", list)
        if not actions:
            raise Malformed("no actions")
        for n, action in enumerate(actions):
            if not isinstance(action, dict):
                raise Malformed(f"actions[{n}] is not an object")
            _get(action, "action_id", str, where=f"actions[{n}].")
            _get(action, "block_id", str, required=False, where=f"actions[{n}].")
            _get(action, "value", str, required=False, where=f"actions[{n}].")
            label = _get(action, "text", dict, required=False, where=f"actions[{n}].")
            if label is not None:
                _get(label, "text", str, required=False, where=f"actions[{n}].text.")
        for key in ("container", "channel"):
            _get(body, key, dict, required=False)
        message = _get(body, "message", dict, required=False)
        if message is not None:
            _get(message, "text", str, required=False, where="message.")
            _blocks(message, "message.")
        view = _get(body, "view", dict, required=False)
        if view is not None:
            _get(view, "type", str, where="view.")
            _get(view, "id", str, required=False, where="view.")
            _get(view, "callback_id", str, required=False, where="view.")
        return
    view = _get(body, "view", dict)
    _get(view, "id", str, required=False, where="view.")
    if _get(view, "callback_id", str, where="view.") not in MODALS:
        raise Malformed("not one of our modals")
    _get(view, "type", str, where="view.")
    _metadata(view)
    _blocks(view, "view.")
    if kind == "view_submission":
        _state(view)


def _blocks(container: dict, where: str) -> None:
    blocks = _get(container, "blocks", list, required=False, where=where)
    for n, block in enumerate(blocks or []):
        if not isinstance(block, dict):
            raise Malformed(f"{where}blocks[{n}] is not an object")
        _get(block, "type", str, required=False, where=f"{where}blocks[{n}].")
        _get(block, "block_id", str, required=False, where=f"{where}blocks[{n}].")


def _metadata(view: dict) -> None:
    raw = _get(view, "private_metadata", str, required=False, where="view.")
    if not raw:
        return
    try:
        meta = wire.loads(raw)
    except ValueError:
        raise Malformed("view.private_metadata is not JSON") from None
    if not isinstance(meta, dict):
        raise Malformed("view.private_metadata is not an object")
    for key, value in meta.items():
        if key == "h":
            if not isinstance(value, bool):
                raise Malformed("view.private_metadata.h is not a boolean")
        elif not isinstance(value, str):
            raise Malformed(f"view.private_metadata.{key} is not text")


def _state(view: dict) -> None:
    state = _get(view, "state", dict, where="view.")
    values = _get(state, "values", dict, where="view.state.")
    for block_id, actions in values.items():
        if not isinstance(actions, dict):
            raise Malformed(f"view.state.values.{block_id} is not an object")
        for element in actions.values():
            if not isinstance(element, dict):
                raise Malformed(f"view.state.values.{block_id} holds a non-object")
            kind = _get(element, "type", str, required=False, where="element.")
            if kind == "datepicker":
                day = _get(element, "selected_date", str, required=False, where="element.")
                if day:
                    try:
                        date.fromisoformat(day)
                    except ValueError:
                        raise Malformed(f"{block_id}: {day[:20]!r} is not a date") from None
            elif kind in ("static_select", "radio_buttons"):
                option = _get(element, "selected_option", dict, required=False, where="element.")
                if option is not None:
                    _get(option, "value", str, required=False, where="element.selected_option.")
            elif kind == "checkboxes":
                _get(element, "selected_options", list, required=False, where="element.")
            else:
                _get(element, "value", str, required=False, where="element.")


def check_event(body: dict) -> None:
    _team(body)
    _get(body, "event_id", str, required=False)
    event = _get(body, "event", dict)
    if _get(event, "type", str) not in ("message", "app_home_opened"):
        return  # events we do not handle are only acknowledged
    for key in ("subtype", "bot_id", "channel", "channel_type", "tab", "text", "ts"):
        _get(event, key, str, required=False, where="event.")
    _id(event, "team", "event.")
    if event.get("user") is not None or event["type"] == "app_home_opened":
        _user_id(event.get("user"), "event.user")
    if event["type"] == "message":
        _get(event, "channel", str, where="event.")  # where the answer goes


def _object(text: str, what: str) -> dict:
    """A JSON object, or Malformed (wire.Unreadable, for bytes no decoder should see, passes)."""
    try:
        body = wire.loads(text)
    except wire.Unreadable:
        raise
    except ValueError:
        raise Malformed(f"{what} is not JSON") from None
    if not isinstance(body, dict):
        raise Malformed(f"{what} is not a JSON object")
    return body


def parse(raw: str, content_type: str) -> tuple[str, dict]:
    """(kind, body) of a verified request: command | interactive | event | other (for
    Bolt) | ignored (acknowledged, nothing else)."""
    if content_type.startswith("application/json") or raw.lstrip().startswith("{"):
        body = _object(raw or "{}", "the body")
        if body.get("type") == "event_callback":
            check_event(body)
            return "event", body
        if body.get("type") in INTERACTIVE:  # Slack sends these as a form; never mind how
            check_interactive(body)
            return "interactive", body
        if body.get("type") == "url_verification":
            _get(body, "challenge", str)
            return "other", body
        return "ignored", body
    form = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" in form:
        body = _object(form["payload"], "payload")
        kind = body.get("type")
        if not isinstance(kind, str):
            raise Malformed("payload has no type")
        if kind in INTERACTIVE:
            check_interactive(body)
            return "interactive", body
        if kind == "view_closed":  # only sent when asked for (notify_on_close); we never ask
            return "ignored", body
        raise Malformed(f"a {kind[:40]!r} payload")  # shortcuts and the like are not in our manifest
    check_command(form)  # the one form Slack posts without a payload
    return "command", form


class GuardedRequestHandler(SlackRequestHandler):
    """Bolt's WSGI adapter behind the checks above. `tell(url, payload)` answers a
    malformed click through its response_url (default: a short-lived thread)."""

    def __init__(self, app, signing_secret: str, lang: str = "nl", path: str = "/slack/events",
                 tell: Callable[[str, dict], None] | None = None):
        super().__init__(app, path=path)
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self.lang = lang
        self.tell = tell or _tell_later

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        try:
            length = int(request.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return BoltResponse(status=413, body="request too large")
        data = request.environ["wsgi.input"].read(length) if length > 0 and "wsgi.input" in request.environ else b""
        headers = request.get_headers()
        if self.verifier is not None and not _signed(
                self.verifier, data, str(headers.get("x-slack-request-timestamp") or "0"),
                str(headers.get("x-slack-signature") or "")):
            return BoltResponse(status=401, body='{"error": "invalid request"}',
                                headers={"content-type": "application/json;charset=utf-8"})
        try:
            raw = wire.text(data)
            kind, body = parse(raw, str(headers.get("content-type") or ""))
        except wire.Unreadable as problem:
            log.warning("slack request refused: %s", problem)
            return BoltResponse(status=400, body="bad request")
        except Malformed as problem:
            return self.refuse(raw, str(problem))
        if kind == "ignored":
            log.info("slack request of a kind we do not handle; acknowledged")
            return BoltResponse(status=200, body="")
        bolt_request = BoltRequest(body=raw, query=request.query_string, headers=headers)
        if kind == "command" and bolt_request.body != body:  # Bolt misread the form (see 3. above)
            bolt_request.body = body
            bolt_request.context = build_context(BoltContext({}), body)
        return self.app.dispatch(bolt_request)

    def refuse(self, raw: str, problem: str) -> BoltResponse:
        """The clear answer to a signed request we cannot read; nothing else happens."""
        log.warning("slack request not as Slack sends it (%s); answered err.bad_request", problem)
        message = render(T("err.bad_request"), self.lang)
        answer = blocks.message([Card(text=[T("err.bad_request")])], self.lang, "reply")
        form = dict(parse_qsl(raw, keep_blank_values=True)) if not raw.lstrip().startswith("{") else {}
        payload: Any = None
        if "payload" in form:
            try:
                payload = wire.loads(form["payload"])
            except ValueError:  # wire.Unreadable included
                payload = None
        if "payload" not in form and not raw.lstrip().startswith("{"):  # a slash command: the answer shows
            return _json({"response_type": "ephemeral", **answer})
        url = payload.get("response_url") if isinstance(payload, dict) else None
        if isinstance(url, str) and URL.fullmatch(url):  # a click: answered where it was clicked
            self.tell(url, {"response_type": "ephemeral", "replace_original": False, **answer})
            return BoltResponse(status=200, body="")
        if isinstance(payload, dict) and payload.get("type") != "block_actions":
            # most likely a modal (its answer shows in the modal); anything else ignores it
            return _json({"response_action": "update", "view": {
                "type": "modal", "title": {"type": "plain_text", "text": "Flexpool"},
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": message}}]}})
        return BoltResponse(status=200, body="")


def _signed(verifier: SignatureVerifier, data: bytes, timestamp: str, signature: str) -> bool:
    """Slack's signature check (v0, HMAC-SHA256 over "v0:<timestamp>:<body>", at most five
    minutes old) over the bytes as they came: slack_sdk's decodes the body first and fails
    with a traceback on bytes that are not UTF-8."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(verifier.clock.now() - moment) > 60 * 5:
        return False
    expected = "v0=" + hmac.new(verifier.signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + data,
                                hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _json(data: dict) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(data, ensure_ascii=False),
                        headers={"content-type": "application/json;charset=utf-8"})


def _tell_later(url: str, payload: dict) -> None:
    def send() -> None:
        from slack_sdk.webhook import WebhookClient

        try:
            WebhookClient(url, timeout=10).send_dict(payload)
        except Exception as exc:  # a courtesy: the request itself was answered already
            log.warning("could not answer a malformed click: %s", type(exc).__name__)

    threading.Thread(target=send, name="slack-guard-answer", daemon=True).start()
