"""The whole bot in a terminal: `flexpool shell`.

You act as one person at a time (`als <naam>` / `as <name>`), type the same commands the
chat platforms offer (`/klus ...`, `/flexpool ...`), and see every message the bot sends
to anyone. Buttons are numbered; type the number (plus optional text, e.g. a reason) to
press one. Piped stdin works too: no prompts are written then.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, TextIO

from bot.app import App
from bot.commands import command, direct_message
from bot.i18n import T, render
from bot.port import Card, Choice, Form, FormErrors, Recipient, Reply
from bot.service import Actor

PLATFORM = "shell"
WORKSPACE = "demo"

SHELL_HELP = {
    "nl": (
        "Terminal-commando's:\n"
        "  als <naam>        wissel van gebruiker (bv. `als fatima`)\n"
        "  wie               iedereen die je kunt zijn\n"
        "  /klus ...         /flexpool ...   zoals in Slack of Mattermost\n"
        "  <nummer> [tekst]  druk op knop <nummer> (tekst = bv. een reden)\n"
        "  wacht 25u         laat de tijd verstrijken (u, d, w): herinneringen, verloop, start en einde\n"
        "  cv <pad>          je LinkedIn-export (zip) of cv (pdf, docx, txt): een voorstel voor je profiel\n"
        "  cv <tekst>        de tekst van je cv, geplakt\n"
        "  andere tekst      een bericht aan de bot (bv. `ja`, `nee, geen tijd`, `vertel meer`)\n"
        "  stop              afsluiten"
    ),
    "en": (
        "Terminal commands:\n"
        "  as <name>         switch user (e.g. `as fatima`)\n"
        "  who               everyone you can be\n"
        "  /klus ...         /flexpool ...   as in Slack or Mattermost\n"
        "  <number> [text]   press button <number> (text = e.g. a reason)\n"
        "  wait 25h          let time pass (h, d, w): reminders, expiry, start and end\n"
        "  cv <path>         your LinkedIn export (zip) or CV (pdf, docx, txt): a proposal for your profile\n"
        "  cv <text>         your CV's text, pasted\n"
        "  other text        a message to the bot (e.g. `yes`, `no, no time`, `tell me more`)\n"
        "  quit              leave"
    ),
}
FORM_COMMANDS = {"profile": "/flexpool profiel", "klus": "/klus"}


def plain(text: str) -> str:
    """Terminal rendering of our mrkdwn: drop the emphasis markers."""
    return _EMPHASIS.sub(r"\2", text)


# One marker pair around text without markers: "`;` of `,`" is two code spans, not one.
_EMPHASIS = re.compile(r"(?<!\w)([*_`])(?=\S)([^*_`\n]+?)(?<=\S)\1(?!\w)")


def draw_card(card: Card, lang: str, number: Callable[[Choice], str] | None = None) -> str:
    """A card as indented lines; `number(choice)` gives each button its label prefix."""
    lines: list[str] = []
    if card.title:
        lines.append(f"┃ {plain(render(card.title, lang))}")
    for paragraph in card.text:
        for line in plain(render(paragraph, lang)).splitlines() or [""]:
            lines.append(f"┃ {line}")
    for label, value in card.fields:
        lines.append(f"┃   {render(label, lang)}: {plain(render(value, lang))}")
    if card.choices and number is not None:
        lines.append("┃ " + "   ".join(f"[{number(c)}] {render(c.label, lang)}" for c in card.choices))
    if card.note:
        lines.append(f"┃ ({plain(render(card.note, lang))})")
    return "\n".join(lines) + "\n"


class DemoClock:
    """Real time plus whatever the terminal user let pass with `wacht`."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset


WAIT_UNITS = {"u": "hours", "uur": "hours", "h": "hours", "d": "days", "dag": "days", "dagen": "days",
              "days": "days", "w": "weeks", "week": "weeks", "weken": "weeks", "weeks": "weeks",
              "m": "minutes", "min": "minutes"}


@dataclass
class _Button:
    owner_id: int  # the person the button was shown to
    choice: Choice


class Shell:
    """The terminal front end. It is also the `ChatPort` for platform "shell"."""

    platform = PLATFORM

    def __init__(self, app: App, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                 start_as: str | None = None, clock: DemoClock | None = None):
        self.app = app
        self.clock = clock
        self.service = app.service
        self.stdin = stdin
        self.out = stdout
        self.interactive = stdin.isatty()
        self.buttons: dict[int, _Button] = {}
        self.sent = 0
        self.actor: Actor | None = None
        self.files_dir: str | None = None  # where uploads go; a temporary folder on first use
        app.outbox.ports[PLATFORM] = self
        start = start_as or (self.service.people()[0].user_id if self.service.people() else None)
        if start:
            self.actor = self.service.find_person(start)
        if self.actor is None:
            self.actor = self.service.person(PLATFORM, WORKSPACE, "ik", "Ik")

    # ChatPort -------------------------------------------------------------------------

    def tell(self, to: Recipient, card: Card) -> str:
        self.sent += 1
        self._write(f"✉  aan {to.name}:\n" if to.lang == "nl" else f"✉  to {to.name}:\n")
        self._write(draw_card(card, to.lang, self._numberer(to)))
        return str(self.sent)

    def amend(self, to: Recipient, ref: str, card: Card) -> None:
        head = f"✎  bericht {ref} aan {to.name} bijgewerkt:\n" if to.lang == "nl" else \
            f"✎  message {ref} to {to.name} updated:\n"
        self._write(head)
        self._write(draw_card(card, to.lang, self._numberer(to)))

    def upload(self, to: Recipient, filename: str, data: bytes, title) -> str:
        """A file (chart, export) is written to a temporary folder; its path is shown."""
        if self.files_dir is None:
            self.files_dir = tempfile.mkdtemp(prefix="flexpool-")
        path = os.path.join(self.files_dir, os.path.basename(filename))
        stem, ext = os.path.splitext(path)
        copy = 1
        while os.path.exists(path):  # a second file of the same name never overwrites the first
            copy += 1
            path = f"{stem}-{copy}{ext}"
        with open(path, "xb") as out:
            out.write(data)
        self.sent += 1
        self._write((f"📎  aan {to.name}: {render(title, to.lang)}\n   {path}\n" if to.lang == "nl"
                     else f"📎  to {to.name}: {render(title, to.lang)}\n   {path}\n"))
        return str(self.sent)

    def _numberer(self, to: Recipient) -> Callable[[Choice], str]:
        person = self.service.person(to.platform, to.workspace, to.user_id)

        def number(choice: Choice) -> str:
            n = len(self.buttons) + 1
            self.buttons[n] = _Button(person.id, choice)
            return str(n)

        return number

    # the loop -------------------------------------------------------------------------

    def run(self) -> int:
        lang = self.actor.lang
        self._write(("Flexpool in de terminal. Typ `help` voor uitleg.\n" if lang == "nl"
                     else "Flexpool in the terminal. Type `help` for help.\n"))
        self._write(self._whoami())
        while True:
            if self.interactive:
                self.out.write(f"{self.actor.name}> ")
                self.out.flush()
            line = self.stdin.readline()
            if not line:
                break
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not self.interactive:
                self._write(f"\n{self.actor.name}> {line}\n")
            if line.lower() in ("stop", "quit", "exit", "q"):
                break
            try:
                self.handle(line)
            except Exception as exc:  # never a stack trace at the user; nothing is lost
                self._write(render(T("err.internal"), self.actor.lang) + f" ({type(exc).__name__})\n")
        return 0

    def handle(self, line: str) -> None:
        self._refresh()
        word, _, rest = line.partition(" ")
        low = word.lower()
        if low in ("als", "as", "ben", "switch"):
            self._switch(rest.strip())
        elif low in ("wie", "who"):
            self._who()
        elif low in ("wacht", "wait"):
            self._wait(rest.strip())
        elif low in ("help", "hulp", "?") and not rest:
            self._write(SHELL_HELP[self.actor.lang] + "\n")
            self._show(self.service.help(self.actor))
        elif low == "cv" and rest.strip() and os.path.isfile(os.path.expanduser(rest.strip())):
            self._show(self._offer_file(os.path.expanduser(rest.strip())))
        elif low.startswith("/"):
            self._show(command(self.service, self.actor, low, rest))
        elif low.isdigit():
            self._press(int(low), rest.strip())
        else:
            self._show(direct_message(self.service, self.actor, line))
        self.app.outbox.flush()

    def _offer_file(self, path: str) -> Reply:
        """A file on this computer, offered as a dropped attachment would be: read into
        memory by the core (at most its limit), never copied."""
        def download(limit: int) -> bytes:
            with open(path, "rb") as handle:
                return handle.read(limit)

        try:
            size = os.path.getsize(path)
        except OSError:
            return Reply.of(self.actor.lang, T("cv.err.not_a_file", path=path))
        return self.service.import_attachment(self.actor, os.path.basename(path), size, download)

    def _wait(self, amount: str) -> None:
        """Let time pass (demo clock) and run what fell due: reminders, expiry, start, end."""
        m = re.fullmatch(r"(\d{1,4})\s*([a-z]+)", amount.lower())
        unit = WAIT_UNITS.get(m.group(2)) if m else None
        if self.clock is None or unit is None:
            self._write(("Typ bv. `wacht 25u`, `wacht 3d` of `wacht 2w`.\n" if self.actor.lang == "nl"
                         else "Type e.g. `wait 25h`, `wait 3d` or `wait 2w`.\n"))
            return
        self.clock.offset += timedelta(**{unit: int(m.group(1))})
        when = self.clock().astimezone(self.service.zone)
        self._write((f"⏱  Het is nu {when:%d-%m-%Y %H:%M}.\n" if self.actor.lang == "nl"
                     else f"⏱  It is now {when:%Y-%m-%d %H:%M}.\n"))
        self.service.tick()

    def _switch(self, who: str) -> None:
        found = self.service.find_person(who) if who else None
        if found is None:
            self._write(("Niemand gevonden met die naam; typ `wie`.\n" if self.actor.lang == "nl"
                         else "Nobody by that name; type `who`.\n"))
            return
        self.actor = found
        self._write(self._whoami())

    def _refresh(self) -> None:
        """The acting person as stored now: a language chosen in the profile (`taal: en`)
        counts from the next line on, as it does on the chat platforms."""
        fresh = self.service.find_person(self.actor.user_id)
        if fresh is not None and fresh.id == self.actor.id:
            self.actor = fresh

    def _whoami(self) -> str:
        return (f"Je bent nu {self.actor.name}.\n" if self.actor.lang == "nl"
                else f"You are now {self.actor.name}.\n")

    def _who(self) -> None:
        for person in self.service.people():
            admin = " (beheerder)" if self.service.is_admin(person) else ""
            self._write(f"  {person.user_id:<14} {person.name}{admin}\n")

    def _press(self, number: int, text: str) -> None:
        button = self.buttons.get(number)
        if button is None:
            self._write(("Die knop bestaat niet.\n" if self.actor.lang == "nl" else "There is no such button.\n"))
            return
        if button.owner_id != self.actor.id:
            self._write(("(Let op: die knop stond in het bericht van iemand anders.)\n" if self.actor.lang == "nl"
                         else "(Note: that button was in someone else's message.)\n"))
        self._show(self.service.press(self.actor, button.choice.action, button.choice.value, text))

    def _show(self, result: Reply | Form | FormErrors) -> None:
        lang = self.actor.lang
        if isinstance(result, FormErrors):
            result = self.service.errors_as_reply(result, result.lang)
        if isinstance(result, Form):
            self._write(self._draw_form(result, lang))
            return
        me = Recipient(self.actor.platform, self.actor.workspace, self.actor.user_id, result.lang, self.actor.name)
        for card in result.cards:
            self._write(draw_card(card, result.lang, self._numberer(me)))

    def _draw_form(self, form: Form, lang: str) -> str:
        lines = [f"┃ {render(form.title, lang)}"]
        if form.intro is not None:
            lines += [f"┃ {plain(line)}" for line in render(form.intro, lang).splitlines()]
        for field in form.fields:
            if field.kind == "checkboxes":
                lines.append(f"┃   {render(field.label, lang)}:")
                lines += [f"┃     [{'x' if value in (field.initial or ()) else ' '}] {plain(render(label, lang))}"
                          for value, label in field.options]
                continue
            initial = field.initial
            if field.options and initial is not None:
                initial = next((render(label, lang) for value, label in field.options if value == initial), initial)
            shown = "" if initial in (None, "") else render(initial, lang) if not isinstance(initial, str) else initial
            lines.append(f"┃   {render(field.label, lang)}: {shown}")
            if field.hint is not None and field.hint.params:  # a hint about this person's data (endorsements)
                lines.append(f"┃     ({plain(render(field.hint, lang))})")
        if form.line:  # the filled-in form as a command to type (edit a klus, post one again)
            lines.append("┃ " + render(T("help.form_as_line", line=form.line), lang).replace("`", ""))
            return "\n".join(lines) + "\n"
        lines.append("┃ " + render(T("help.form_in_text", command=FORM_COMMANDS.get(form.name, "")), lang)
                     .replace("`", ""))
        if form.name == "cv":
            lines[-1] = "┃ " + plain(render(T("help.cv_form_in_text"), lang))
        elif form.name == "klus":
            lines.append("┃ " + plain(render(T("help.klus_example"), lang)))
        else:
            lines.append("┃ " + plain(render(T("help.profile_line"), lang)))
        return "\n".join(lines) + "\n"

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
