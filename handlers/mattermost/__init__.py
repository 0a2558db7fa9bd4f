"""Mattermost: the slash commands `/klus` and `/flexpool`, message buttons and
interactive dialogs, each turned into one call on the core and its answer drawn in
Mattermost's idiom (markdown, attachments with buttons, dialogs, DMs from a bot).

`register(app)` makes the handler and adds its port to the outbox (no network I/O);
`handlers.mattermost.web.wsgi_app(app)` serves it over HTTP. The three entry points take
the request as Mattermost sends it (already parsed) and return what to answer:

- a command carries its command's token (checked against MATTERMOST_COMMAND_TOKENS);
- a click carries the button's `context`, which we signed for one person;
- a dialog submission carries the dialog's `state`, signed the same way.

Mattermost signs neither clicks nor submissions, so a context or state that does not
verify, or a person who is not the one it was made for, is refused and nothing changes.
"""

from __future__ import annotations

import hmac
import logging
import re
import sys
from contextlib import nullcontext

import httpx

from bot import commands, hr_import
from bot.app import App
from bot.i18n import T
from bot.inbox import Inbox
from bot.port import Form, FormErrors, Reply
from bot.service import Actor
from handlers.chat import asking, files
from handlers.chat.delivery import Worker
from handlers.mattermost.client import Client, MattermostError
from handlers.mattermost.draw import Drawing, flat, plain, regroup, submitted, text
from handlers.mattermost.port import PLATFORM, Directory, MattermostPort
from handlers.mattermost.signing import Signer

log = logging.getLogger(__name__)

MENTION = re.compile(r"(^|\s)@([A-Za-z0-9][A-Za-z0-9._\-]{0,63})(?=\s|$)")
BROADCAST = {"all", "channel", "here"}
ID = re.compile(r"[\w.\-]{0,100}")  # Mattermost's user and team ids: 26 letters and digits
FILE_ID = re.compile(r"[A-Za-z0-9]{1,64}")


def _fetch_error(exc: MattermostError) -> T:
    if exc.status in (401, 403):
        return T("import.err.no_access")
    return T("import.err.fetch", reason=f"HTTP {exc.status}")


def _ours(signed: dict | None, *keys: str) -> bool:
    """A verified context or state as we make them: its keys, a person and a team."""
    return (signed is not None and all(k in signed for k in keys + ("u", "t"))
            and bool(signed["u"]) and ID.fullmatch(signed["u"]) is not None and ID.fullmatch(signed["t"]) is not None)


def register(app: App, client: Client | None = None, sender: Worker | None = None) -> "Mattermost":
    """The Mattermost handler for `app`, its port added to `app.outbox`."""
    settings = app.settings
    missing = [key for key in ("mattermost_url", "mattermost_bot_token", "public_url") if not getattr(settings, key)]
    if missing:
        raise ValueError("set " + ", ".join(settings.ENV_KEYS[k] for k in missing) + " (see docs/mattermost.md)")
    client = client or Client(settings.mattermost_url, settings.mattermost_bot_token)
    mattermost = Mattermost(app, client, sender or Worker(app.outbox, threads=1, senders=1, io_threads=1,
                                                          name="mattermost"))
    app.outbox.ports[PLATFORM] = mattermost.port
    return mattermost


class Mattermost:
    def __init__(self, app: App, client: Client, sender: Worker):
        self.app = app
        self.inbox = Inbox(app.engine)
        self.service = app.service
        self.client = client
        self.sender = sender
        self.signer = Signer(app.settings.secret)
        self.draw = Drawing(app.settings.public_url, self.signer)
        self.port = MattermostPort(client, self.draw)
        self.people = Directory(client)
        self.listener = None
        self._tokens = [t.encode() for t in app.settings.mattermost_command_tokens]
        if not self._tokens:
            log.warning("MATTERMOST_COMMAND_TOKENS is empty: every Mattermost command will be refused")

    def listen(self, url: str | None = None) -> None:
        """Start answering what people type to the bot (a WebSocket; see `listener`)."""
        from handlers.mattermost.listener import Listener

        self.listener = Listener(self, url)
        self.listener.start()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.sender.close()
        self.client.close()

    def hello(self) -> bool:
        """One `GET /users/me` at start-up: a wrong URL or token fails here, not on the
        first click. Then deliver what an earlier run left in the outbox."""
        try:
            me = self.port.bot_user_id()
        except Exception as exc:
            print(f"flexpool: Mattermost did not accept the bot token: {exc}", file=sys.stderr)
            return False
        log.info("connected to Mattermost at %s as bot user %s", self.app.settings.mattermost_url, me)
        self.sender.kick()
        return True

    def actor(self, team: str, user_id: str) -> Actor:
        name, lang, tz = self.people.lookup(user_id)
        return self.service.person(PLATFORM, team, user_id, name, lang, tz)

    def lang_of(self, user_id: str) -> str:
        return self.people.who(user_id)[1] or self.app.settings.default_lang

    # --- slash commands ---------------------------------------------------------------------

    def token_ok(self, token: str) -> bool:
        given = (token or "").encode()
        ok = False
        for known in self._tokens:  # compare with every token, in constant time each
            ok |= hmac.compare_digest(given, known)
        return ok

    def command(self, request: dict) -> dict | None:
        """`/klus ...` or `/flexpool ...` (the token is checked by the caller)."""
        team, user_id = request.get("team_id", ""), request["user_id"]
        actor = self.actor(team, user_id)
        words = str(request.get("text") or "")
        if request.get("command", "").strip().lower() == "/flexpool" and not words.strip():
            words = "home"  # no App Home here: `/flexpool` alone shows what it would
        if commands.names_people(request.get("command", ""), words):
            words = self._mentions(team, words)
        result = commands.command(self.service, actor, request.get("command", ""), words)
        self.sender.kick()
        if isinstance(result, Form):
            self.open_dialog(request.get("trigger_id", ""), result, actor)
            return None
        return self.draw.command_response(self._reply(result), user_id, team)

    def _mentions(self, team: str, words: str) -> str:
        """`@username` as the user id (Mattermost does not expand mentions in a command), the
        person made known to the core, so `/flexpool admin add @jan` works before Jan ever
        used the bot. A name Mattermost does not know stays as typed."""
        def replace(found: re.Match) -> str:
            user_id = None if found.group(2).lower() in BROADCAST else self.people.by_username(found.group(2))
            if user_id is None:
                return found.group(0)
            self.actor(team, user_id)
            return found.group(1) + user_id

        return MENTION.sub(replace, words)

    # --- buttons ----------------------------------------------------------------------------

    def action(self, request: dict) -> dict:
        """A button was clicked. Answers with the post as it now is (`update`, so no stale
        buttons remain) and/or a line only the clicker sees (`ephemeral_text`)."""
        user_id = str(request.get("user_id") or "")
        context = self.signer.verify(request.get("context"))
        if not _ours(context, "a", "v"):
            log.warning("mattermost click with a context that does not verify (user %s)", user_id)
            return self._ephemeral(T("err.stale_button"), self.lang_of(user_id))
        if not hmac.compare_digest(context["u"].encode(), user_id.encode()):
            log.warning("mattermost click by %s on a button meant for %s", user_id, context["u"])
            return self._ephemeral(T("err.not_your_button"), self.lang_of(user_id))
        actor = self.actor(context["t"], user_id)
        action, value = context["a"], context["v"]
        if context.get("q"):
            self._ask(request.get("trigger_id", ""), actor, context)
            return {}
        post_id = str(request.get("post_id") or "")
        real = not context.get("e")  # an ephemeral post is the client's alone: no update
        with self.port.watching(post_id) if real else nullcontext({}) as seen:
            result = self.service.press(actor, action, value)
            if isinstance(result, Form):
                self.open_dialog(request.get("trigger_id", ""), result, actor)
                result = Reply([], actor.lang)
            self.app.outbox.flush()  # amends the clicked post (among others), noted in `seen`
        self.sender.kick()
        reply = self._reply(result)
        response: dict = {}
        update = seen.get("update")
        if update is None and real and context.get("k") == "once":
            response["update"] = self.draw.answered(reply, context.get("l", ""))
            if not any(card.choices for card in reply.cards):
                return response
        elif update is not None:
            response["update"] = update
        if any(card.choices for card in reply.cards):
            self.sender.run(lambda: self.port.send(user_id, self.draw.post(reply.cards, reply.lang, user_id,
                                                                           context["t"])))
        elif reply.cards:
            response.update(ephemeral_text=flat(reply.cards, reply.lang), skip_slack_parsing=True)
        return response

    def _ask(self, trigger_id: str, actor: Actor, context: dict) -> None:
        """Open the dialog asking a button's optional free text (`handlers.chat.asking`);
        its submission presses the button with that text."""
        form = asking.ask_form(context.get("l", ""), context["q"])
        self.open_dialog(trigger_id, form, actor, {"a": context["a"], "v": context["v"]},
                         intro=asking.question(context["q"]))

    # --- dialogs ----------------------------------------------------------------------------

    def open_dialog(self, trigger_id: str, form: Form, actor: Actor, extra: dict | None = None,
                    intro: T | None = None) -> None:
        state = {"f": form.name, "c": form.context, "u": actor.user_id, "t": actor.workspace, **(extra or {})}
        self.client.post("/actions/dialogs/open", {
            "trigger_id": trigger_id, "url": self.draw.dialog_url,
            "dialog": self.draw.dialog(form, actor.lang, state, intro)})

    def dialog(self, request: dict) -> dict | None:
        """A dialog was submitted: field errors go back into it; a success closes it (an
        empty answer) and the reply comes as a DM from the bot."""
        if request.get("cancelled"):
            return None
        user_id = str(request.get("user_id") or "")
        state = self.signer.loads(str(request.get("state") or ""))
        if not _ours(state, "f") or not hmac.compare_digest(state["u"].encode(), user_id.encode()):
            log.warning("mattermost dialog with a state that does not verify or is not %s's", user_id)
            return {"error": plain(T("err.stale_button"), self.lang_of(user_id))}
        actor = self.actor(state["t"], user_id)
        raw = request.get("submission") or {}
        values = regroup({str(k): submitted(v) for k, v in raw.items()}) if isinstance(raw, dict) else {}
        if state["f"] == asking.ASK:
            result = self.service.press(actor, state.get("a", ""), state.get("v", ""), asking.reason(values))
            if isinstance(result, Form):  # a submission carries no trigger id to open another
                result = Reply([], actor.lang)
        else:
            if state.get("c"):
                values["context"] = state["c"]
            result = self.service.submit(actor, state["f"], values)
            if isinstance(result, FormErrors):
                return self.draw.dialog_errors(result, raw.keys() if isinstance(raw, dict) else ())
        reply = self._reply(result)
        if reply.cards:
            self.sender.run(lambda: self.port.send(user_id, self.draw.post(reply.cards, reply.lang, user_id,
                                                                           actor.workspace)))
        else:
            self.sender.kick()
        return None

    # --- direct messages ----------------------------------------------------------------------

    def direct_message(self, post: dict) -> None:
        """Someone wrote to the bot in its direct channel (seen by `listener.Listener`):
        ja / nee / vertel meer about their latest invitation, or files dropped there,
        answered in the same place. Handled once, however many processes listen; a
        failure is logged and the person is told, never left in silence."""
        user_id = str(post.get("user_id") or "")
        post_id = str(post.get("id") or "")
        if not user_id or user_id == self.port.bot_user_id() or \
                not self.inbox.first_time(f"mattermost:{post_id}" if post_id else ""):
            return
        root = str(post.get("root_id") or "")
        try:
            self._direct_message(user_id, post, root)
        except Exception:
            log.exception("mattermost direct message failed")
            self._tell(user_id, "", Reply.of(self.lang_of(user_id), T("err.internal")), root)

    def _direct_message(self, user_id: str, post: dict, root: str) -> None:
        team = self._team_of(user_id)
        if team is None:  # nobody can tell which team they are in: ask them
            self._tell(user_id, "", Reply.of(self.lang_of(user_id), T("chat.which_team")), root)
            return
        actor = self.actor(team, user_id)
        file_ids = [str(f) for f in post.get("file_ids") or [] if FILE_ID.fullmatch(str(f))][:files.MAX_FILES]
        if file_ids:  # files dropped in the DM: an admin's CSV of profiles is imported (handlers.chat.files)
            replies = self._attached(actor, file_ids)
        else:
            replies = [commands.direct_message(self.service, actor, str(post.get("message") or ""))]
        for reply in replies:
            self._tell(user_id, actor.workspace, reply, root)
        self.sender.kick()

    def _tell(self, user_id: str, team: str, reply: Reply, root: str = "") -> None:
        if reply.cards:
            self.port.send(user_id, self.draw.post(reply.cards, reply.lang, user_id, team), root)

    def _attached(self, actor: Actor, file_ids: list[str]) -> list[Reply]:
        """Each attached file's info (name, extension, size), then the chat core reads it
        and calls back for the content. A file Mattermost will not describe is told."""
        replies, dropped = [], []
        for file_id in file_ids:
            try:
                info = self.client.get(f"/files/{file_id}/info") or {}
            except MattermostError as exc:
                log.warning("mattermost file %s: %s", file_id, exc)
                replies.append(Reply.of(actor.lang, _fetch_error(exc)))
                continue
            size = info.get("size")
            dropped.append(files.Dropped(
                str(info.get("name") or ""), int(size) if isinstance(size, (int, float)) else None,
                (str(info.get("extension") or ""), str(info.get("mime_type") or "")),
                lambda limit, file_id=file_id: self._download(file_id, limit)))
        return replies + files.read(self.service, actor, dropped)

    def _download(self, file_id: str, limit: int) -> bytes:
        try:
            return self.client.download(f"/files/{file_id}", limit, hr_import.FETCH_SECONDS)
        except MattermostError as exc:
            raise hr_import.FetchError(_fetch_error(exc)) from None
        except httpx.HTTPError as exc:
            raise hr_import.FetchError(T("import.err.fetch", reason=type(exc).__name__)) from None

    def _team_of(self, user_id: str) -> str | None:
        """A direct message has no team: the team we know this person from (their most
        recent); else their first team in Mattermost. A bot with the Member role may not
        list someone else's teams (403): then the first of the bot's own teams the person
        is a member of. None when nothing tells."""
        known = self.inbox.workspace_of(PLATFORM, user_id)
        if known is not None:
            return known
        try:
            teams = self.client.get(f"/users/{user_id}/teams") or []
            if teams:
                return str(teams[0]["id"])
        except MattermostError as exc:
            if exc.status not in (401, 403, 404):
                raise
            log.info("mattermost: may not list the teams of %s (%s); looking in the bot's own", user_id, exc.status)
        for team in self.client.get("/users/me/teams") or []:
            try:
                self.client.get(f"/teams/{team['id']}/members/{user_id}")
            except MattermostError as exc:
                if exc.status not in (403, 404):
                    raise
                continue
            return str(team["id"])
        return None

    # --- answering --------------------------------------------------------------------------

    def _reply(self, result) -> Reply:
        if isinstance(result, FormErrors):
            return self.service.errors_as_reply(result, result.lang)
        return result

    @staticmethod
    def _ephemeral(message: T, lang: str) -> dict:
        return {"ephemeral_text": text(message, lang), "skip_slack_parsing": True}

    def internal_error(self, path_kind: str, user_id: str = "") -> dict:
        """What to answer when handling failed: the person is told, never a stack trace."""
        lang = self.lang_of(user_id) if user_id else self.app.settings.default_lang
        sorry = text(T("err.internal"), lang)
        if path_kind == "command":
            return {"response_type": "ephemeral", "text": sorry, "skip_slack_parsing": True}
        if path_kind == "dialog":
            return {"error": plain(T("err.internal"), lang)}
        return {"ephemeral_text": sorry, "skip_slack_parsing": True}
