"""Slack: slash commands, buttons, modals, the App Home and DMs, each turned into one
call on the core and its answer drawn in Block Kit.

`register(bolt_app, app)` adds the listeners to a Bolt app and the Slack port to the
outbox; `build(app)` makes the Bolt app itself (no network I/O). Every request is acked
first (Slack allows 3 seconds); a slash command's work then runs on the `Worker`, a
click's right after its ack (it may need its trigger id for a modal, which lives about
3 seconds). A failure is logged and the person gets `err.internal`: never a stack trace
in chat, never a 500 to Slack.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable
from urllib.parse import urlsplit

from slack_bolt import App as BoltApp
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import commands, home, hr_import
from bot.app import App
from bot.i18n import T
from bot.inbox import Inbox
from bot.port import Card, Form, FormErrors, Reply
from bot.service import Actor
from handlers.chat import asking, files
from handlers.chat.delivery import Worker
from handlers.slack import blocks, oauth
from handlers.slack.port import PLATFORM, Directory, SlackPort, make_client, retry_handlers

log = logging.getLogger(__name__)

MENTION = re.compile(r"<@([UW][A-Z0-9]{2,30})(?:\|[^>]{0,100})?>")  # how Slack writes a mention in command text


def _file_url(shared: dict) -> str:
    return str(shared.get("url_private_download") or shared.get("url_private") or "")


def build(app: App, socket: bool = False, worker: Worker | None = None) -> tuple[BoltApp, "Slack"]:
    """The Bolt app for `app.settings`, with our listeners. HTTP mode needs the signing
    secret (every request is verified); Socket Mode does not (the socket is authenticated)."""
    settings = app.settings
    if not socket and not settings.slack_signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is not set")
    many = oauth.enabled(settings) and not socket  # many workspaces: OAuth, a token per workspace
    listeners = CountingExecutor(16, thread_name_prefix="slack-listener")
    bolt = BoltApp(
        client=make_client(settings.with_(slack_bot_token="") if many else settings),
        signing_secret=settings.slack_signing_secret,
        oauth_settings=oauth.oauth_settings(app) if many else None,
        request_verification_enabled=not socket,
        token_verification_enabled=False,  # auth.test happens on the first request, not here
        process_before_response=False,
        listener_executor=listeners,
        logger=logging.getLogger("slack_bolt"),
    )
    if many:
        oauth.listen(bolt, app)  # app_uninstalled, tokens_revoked: before register's catch-all
    slack = register(bolt, app, worker)
    slack.listeners = listeners
    return bolt, slack


def register(bolt: BoltApp, app: App, worker: Worker | None = None) -> "Slack":
    """Add Flexpool's listeners to `bolt` and its Slack port to `app.outbox`."""
    slack = Slack(bolt, app, worker or Worker(app.outbox, name="slack"))
    app.outbox.ports[PLATFORM] = slack.port
    bolt.command("/klus")(slack.command)
    bolt.command("/flexpool")(slack.command)
    bolt.action(re.compile(r"^fp:"))(slack.action)
    bolt.action(re.compile(r".*"))(_ack_only)  # anything else (a link button): just ack
    bolt.view_submission("fp:form")(slack.form_submitted)
    bolt.view_submission("fp:ask")(slack.ask_submitted)
    bolt.event("app_home_opened")(slack.home_opened)
    bolt.event("message")(slack.message)
    bolt.event(re.compile(r".*"))(_ack_only)  # unsubscribed leftovers: a 404 would make Slack retry
    return slack


def _ack_only(ack) -> None:
    ack()


class CountingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting listeners from the moment Bolt hands them over
    (before the ack goes out) until they finish: `Slack.busy`, for tests and a graceful stop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._count = 0
        self._count_lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        with self._count_lock:
            self._count += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future) -> None:
        with self._count_lock:
            self._count -= 1

    @property
    def running(self) -> int:
        with self._count_lock:
            return self._count


class Responder:
    """Answers through a request's response_url (valid 30 minutes, 5 times). Like a
    message post it is retried only when Slack surely did not get it (see port.py)."""

    def __init__(self, url: str):
        self.url = url

    def __call__(self, **payload) -> None:
        response = WebhookClient(self.url, timeout=15, retry_handlers=retry_handlers()).send_dict(payload)
        if response.status_code != 200:
            log.warning("response_url answered %s: %s", response.status_code, str(response.body)[:200])


class Slack:
    """The listeners. They parse, call the core once, and draw what comes back."""

    def __init__(self, bolt: BoltApp, app: App, worker: Worker):
        self.client = bolt.client
        self.app = app
        self.service = app.service
        self.worker = worker
        store = bolt.installation_store
        self.clients = oauth.TeamClients(store, app.settings) \
            if isinstance(store, oauth.DatabaseInstallationStore) else None
        self.port = SlackPort(self.client, self.clients)
        self.people = Directory(self.client, app.settings.default_lang, self.clients)
        self.listeners: CountingExecutor | None = None  # set by `build`
        self.inbox = Inbox(app.engine)

    def close(self, timeout: float = 10.0) -> None:
        """Stop after the listeners still running have finished (they may queue work),
        then let the worker finish what it can within `timeout`."""
        deadline = time.monotonic() + timeout
        while self.busy and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.listeners is not None:
            self.listeners.shutdown(wait=False)
        self.worker.close(max(0.5, deadline - time.monotonic()))

    @property
    def busy(self) -> int:
        """Listeners handed over by Bolt and not done (their queued work is `worker.pending`)."""
        return self.listeners.running if self.listeners is not None else 0

    # --- who -----------------------------------------------------------------------------

    def web(self, team: str):
        """The Web API client for `team`: its own bot token with OAuth, else the one token."""
        return self.clients(team) if self.clients is not None and team else self.client

    def actor(self, team: str, user_id: str) -> Actor:
        name, lang, tz = self.people.lookup(user_id, team)
        return self.service.person(PLATFORM, team, user_id, name, lang, tz)

    @staticmethod
    def _team(body: dict) -> str:
        return (body.get("team_id") or (body.get("team") or {}).get("id")
                or (body.get("user") or {}).get("team_id") or "")

    # --- slash commands ----------------------------------------------------------------------

    def command(self, ack, body) -> None:
        ack()
        # Only the strings the work needs wait in the queue (a burst can queue thousands).
        request = (self._team(body), body["user_id"], body.get("command", ""), body.get("text", ""),
                   body.get("trigger_id", ""), body.get("response_url", ""))
        self.worker.run(self._command, request)

    def _command(self, request: tuple[str, ...]) -> None:
        team, user_id, name, text_, trigger_id, response_url = request
        respond = Responder(response_url) if response_url else None

        def work() -> None:
            actor = self.actor(team, user_id)
            words = self._mentions(team, text_) if name == "/flexpool" else text_
            result = commands.command(self.service, actor, name, words)
            if isinstance(result, Form):  # at once: the trigger id expires in seconds
                self.web(team).views_open(trigger_id=trigger_id, view=blocks.modal(result, actor.lang))
            elif respond is not None and result.cards:
                self.worker.later(self._safely, lambda: self._respond(respond, result), None, None)

        self._safely(work, respond, user_id, team)

    def _mentions(self, team: str, words: str) -> str:
        """`<@U123|jan>` as the user id `U123`, the person made known to the core (with
        their Slack name), so `/flexpool admin add @jan` or `leidinggevende: @jan` names
        them before Jan ever used the bot. The domain never reads Slack's syntax."""
        def replace(found: re.Match) -> str:
            self.actor(team, found.group(1))
            return found.group(1)

        return MENTION.sub(replace, words)

    # --- buttons -----------------------------------------------------------------------------

    def action(self, ack, body) -> None:
        ack()
        respond = Responder(body["response_url"]) if body.get("response_url") else None
        self._safely(lambda: self._action(body, respond), respond, body["user"]["id"], self._team(body))

    def _action(self, body: dict, respond) -> None:
        pressed = body["actions"][0]
        name, ask = blocks.parse_action_id(pressed.get("action_id", ""))
        value = pressed.get("value", "")
        kind = blocks.kind_of(pressed.get("block_id", ""))
        label = (pressed.get("text") or {}).get("text", "")
        actor = self.actor(self._team(body), body["user"]["id"])
        view = body.get("view") or {}
        from_home = view.get("type") == "home"
        if ask:
            meta = {"a": name, "v": value, "h": from_home}
            if kind == "once" and body.get("response_url"):
                meta.update(u=body["response_url"], l=label,
                            t=blocks.clip((body.get("message") or {}).get("text", ""), 1000))
            self.web(actor.workspace).views_open(trigger_id=body["trigger_id"], view=blocks.ask_modal(
                label, asking.question(ask), actor.lang, meta))
            return
        result = self.service.press(actor, name, value)
        if isinstance(result, Form):
            self.web(actor.workspace).views_open(trigger_id=body["trigger_id"],
                                                 view=blocks.modal(result, actor.lang, {"h": from_home}))
            return
        self.worker.kick()
        self._answer_click(body, respond, result, kind, label)
        if from_home:
            self.publish_home(actor)

    def _answer_click(self, body: dict, respond, reply: Reply, kind: str, label: str) -> None:
        """A question is replaced by its answer; anything else keeps its buttons (the core
        amends its own messages) and the answer, if any, comes as a new ephemeral message."""
        if kind == "once" and body.get("response_url"):
            if reply.cards:
                payload = blocks.message(reply.cards, reply.lang, "reply")
            elif body.get("message"):
                payload = blocks.answered(body["message"], label)
            else:
                respond(delete_original=True)
                return
            respond(replace_original=True, **payload)
            return
        if not reply.cards:
            return
        if body.get("response_url"):
            self._respond(respond, reply)
        else:
            self.port.dm(body["user"]["id"], blocks.message(reply.cards, reply.lang), self._team(body))

    # --- modals ------------------------------------------------------------------------------

    def form_submitted(self, ack, body, view) -> None:
        user_id = body["user"]["id"]
        ids = blocks.input_block_ids(view)
        lang = self.app.settings.default_lang
        try:
            actor = self.actor(self._team(body), user_id)
            lang = actor.lang
            meta = json.loads(view.get("private_metadata") or "{}")
            values = blocks.form_values(view)
            if meta.get("c"):
                values["context"] = meta["c"]
            result = self.service.submit(actor, meta.get("f", ""), values)
        except Exception:
            log.exception("form submission failed")
            # Keep the modal open with what they typed, and say so next to the first field.
            if ids:
                ack(response_action="errors", errors={ids[0]: blocks.text(T("err.internal"), lang)})
            else:
                ack()
            return
        if isinstance(result, FormErrors):
            ack(response_action="errors", errors=blocks.form_errors(result, result.lang, ids))
            return
        ack()
        team = self._team(body)

        def after() -> None:
            if result.cards:
                self.port.dm(user_id, blocks.message(result.cards, result.lang), team)
            if meta.get("f") == "profile" or meta.get("h"):
                self.publish_home(self.actor(team, user_id))

        self.worker.later(self._safely, after, None, user_id, team)

    def ask_submitted(self, ack, body, view) -> None:
        ack()
        self._safely(lambda: self._asked(body, view), None, body["user"]["id"], self._team(body))

    def _asked(self, body: dict, view: dict) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        reason = str(blocks.form_values(view).get("reason") or "")
        actor = self.actor(self._team(body), body["user"]["id"])
        result = self.service.press(actor, meta.get("a", ""), meta.get("v", ""), reason)
        self.worker.kick()
        if isinstance(result, Form):
            self.web(actor.workspace).views_open(trigger_id=body["trigger_id"], view=blocks.modal(result, actor.lang))
            return
        if meta.get("u"):  # the question it answered: replace it, as a click would
            if result.cards:
                payload = blocks.message(result.cards, result.lang, "reply")
            else:
                original = meta.get("t") or ""
                payload = blocks.answered(
                    {"text": original, "blocks": [{"type": "section", "text": blocks.mrkdwn(original)}]}
                    if original else {}, meta.get("l", ""))
            Responder(meta["u"])(replace_original=True, **payload)
        elif result.cards:
            self.port.dm(actor.user_id, blocks.message(result.cards, result.lang), actor.workspace)
        if meta.get("h"):
            self.publish_home(actor)

    # --- events ------------------------------------------------------------------------------

    def home_opened(self, body, event) -> None:
        if event.get("tab", "home") != "home" or not self._first_time(body):
            return
        self._safely(lambda: self.publish_home(self.actor(self._team(body), event["user"])))

    def message(self, body, event) -> None:
        """A person wrote to the bot in its DM: ja / nee / vertel meer; or dropped a file
        there (`file_share`): an admin's CSV of profiles is imported."""
        subtype = event.get("subtype")
        attached = subtype == "file_share" or (not subtype and bool(event.get("files")))
        if (event.get("channel_type") != "im" or (subtype and not attached) or event.get("bot_id")
                or not event.get("user") or not self._first_time(body)):
            return
        work = self._attached if attached else self._direct_message
        self._safely(lambda: work(body, event), None, event["user"], self._team(body))

    def _direct_message(self, body: dict, event: dict) -> None:
        actor = self.actor(self._team(body), event["user"])
        reply = commands.direct_message(self.service, actor, event.get("text") or "")
        if reply.cards:
            self.port.post(event["channel"], blocks.message(reply.cards, reply.lang), actor.workspace)

    def _attached(self, body: dict, event: dict) -> None:
        """Files dropped in the DM (a few at most), read by the chat core (`files.read`:
        an admin's CSV of profiles is imported, or another registered reader's kind);
        one reply each, in the DM."""
        team = self._team(body)
        actor = self.actor(team, event["user"])
        web = self.web(team)
        dropped = []
        for shared in [f for f in event.get("files") or [] if isinstance(f, dict)][:files.MAX_FILES]:
            if shared.get("file_access") == "check_file_info" or not (shared.get("name") and _file_url(shared)):
                try:  # a file announced, not described (Slack Connect, a large file)
                    shared = web.files_info(file=str(shared.get("id") or ""))["file"]
                except SlackApiError as exc:
                    reason = str(exc.response.get("error") or exc.response.status_code)
                    log.warning("files.info %s failed: %s", shared.get("id"), reason)
                    shared = {"name": shared.get("name") or "", "filetype": shared.get("filetype") or "",
                              "failed": reason}
            size = shared.get("size")
            dropped.append(files.Dropped(
                str(shared.get("name") or shared.get("title") or ""), int(size) if isinstance(size, (int, float))
                else None, (str(shared.get("filetype") or ""), str(shared.get("mimetype") or "")),
                lambda limit, shared=shared: self._download(web.token or "", shared, limit)))
        for reply in files.read(self.service, actor, dropped):
            if reply.cards:
                self.port.post(event["channel"], blocks.message(reply.cards, reply.lang), actor.workspace)

    def _download(self, token: str, shared: dict, limit: int) -> bytes:
        """GET a file's url_private with the bot token (files:read): at most `limit` bytes.
        The token only goes to Slack's own hosts."""
        if shared.get("failed"):
            raise hr_import.FetchError(T("import.err.fetch", reason=shared["failed"][:100]))
        url = _file_url(shared)
        if not self._slack_host(url):
            log.warning("file url not on Slack's hosts: %s", url[:200])
            raise hr_import.FetchError(T("import.err.fetch", reason=(urlsplit(url).hostname or "?")[:100]))
        return files.download(url, {"Authorization": f"Bearer {token}"}, limit)

    def _slack_host(self, url: str) -> bool:
        """https on Slack's domain (slack.com, or GovSlack's: the API's), or the API's own
        scheme and host (a local stand-in)."""
        parts, api = urlsplit(url), urlsplit(self.app.settings.slack_api_url)
        host, domain = (parts.hostname or "").lower(), (api.hostname or "").lower().removeprefix("api.")
        try:
            if (parts.scheme, host, parts.port) == (api.scheme, (api.hostname or "").lower(), api.port):
                return True
        except ValueError:  # a port that is not a number
            return False
        return parts.scheme == "https" and bool(domain) and (host == domain or host.endswith("." + domain))

    def _first_time(self, body: dict) -> bool:
        """Slack delivers an event again when our answer was slow or lost; do it once."""
        return self.inbox.first_time(str(body.get("event_id") or ""))

    # --- App Home ----------------------------------------------------------------------------

    def publish_home(self, actor: Actor) -> None:
        """My profile (with its buttons), my invitations, my klussen (`bot.home`)."""
        cards = home.summary(self.service, actor).cards
        self.web(actor.workspace).views_publish(user_id=actor.user_id, view=blocks.home(cards, actor.lang))

    # --- answering -----------------------------------------------------------------------------

    @staticmethod
    def _respond(respond: Responder, reply: Reply) -> None:
        if reply.cards:
            respond(response_type="ephemeral", replace_original=False, **blocks.message(reply.cards, reply.lang))

    def _safely(self, work: Callable[[], None], respond=None, user_id: str | None = None, team: str = "") -> None:
        """Run `work`; on any failure log it and tell the person, never the stack trace."""
        try:
            work()
        except Exception:
            log.exception("slack handler failed")
            if not (respond or user_id):
                return
            lang = (self.people.who(user_id, team)[1] if user_id else None) or self.app.settings.default_lang
            sorry = blocks.message([Card(text=[T("err.internal")])], lang, "reply")
            try:
                if respond is not None:
                    respond(response_type="ephemeral", replace_original=False, **sorry)
                else:
                    self.port.dm(user_id, sorry, team)
            except Exception:
                log.exception("could not even say sorry")
