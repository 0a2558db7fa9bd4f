"""Slash-command text and plain DM replies → one service call. Shared by every platform;
a platform only decides how to show the `Reply` or `Form` that comes back."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from bot import charges, cv, home, nudge, organisations, privacy, rounds, transparency
from bot.i18n import T
from bot.port import Choice, Form, Reply
from bot.service import Actor, Flexpool

MINE = {"mijn", "mine", "mijn klussen", "my", "my klussen", "lijst", "list"}
EDIT = {"wijzig", "wijzigen", "edit", "change"}  # `/klus wijzig 12; uren: 6`


@dataclass(frozen=True)
class Subcommand:
    """`/flexpool <word> [rest]`: the words that call it, and what runs. `names_people`:
    its arguments may name a person (`admin add @jan`), so a platform that does not turn
    `@name` into an id itself (Mattermost) looks the names up first."""

    name: str
    words: tuple[str, ...]
    run: Callable[[Flexpool, Actor, str, bool], Reply | Form]  # (service, actor, rest, forms)
    names_people: bool = False


def _text(fn: Callable[[Flexpool, Actor, str], Reply | Form]) -> Callable[[Flexpool, Actor, str, bool], Reply | Form]:
    """A subcommand that takes the rest of the line as text (and has no form)."""
    return lambda service, actor, rest, forms: fn(service, actor, rest)


def _profile(service: Flexpool, actor: Actor, rest: str, forms: bool) -> Reply | Form:
    if rest:
        return service.update_profile_line(actor, rest)
    return service.profile_form(actor) if forms else service.profile_card(actor)


def _digest(service: Flexpool, actor: Actor, rest: str) -> Reply:
    word = rest.lower()
    if word in ("aan", "on", "ja", "yes"):
        return service.set_digest(actor, True)
    if word in ("uit", "off", "nee", "no"):
        return service.set_digest(actor, False)
    return Reply.of(actor.lang, T("err.digest_word"))


# The one registry of `/flexpool` subcommands: a new subcommand is one line here.
REGISTRY: dict[str, Subcommand] = {sub.name: sub for sub in (
    Subcommand("help", ("help", "hulp", "?", ""), lambda service, actor, rest, forms: service.help(actor)),
    Subcommand("profile", ("profiel", "profile", "mijn-profiel"), _profile),
    Subcommand("klussen", ("klussen", "jobs", "zoek", "browse"),
               lambda service, actor, rest, forms: service.open_klussen(actor)),
    Subcommand("pause", ("pauze", "pause", "pauzeer", "verberg", "hide"),
               lambda service, actor, rest, forms: service.set_visible(actor, False)),
    Subcommand("show", ("zichtbaar", "visible", "show", "hervat", "resume"),
               lambda service, actor, rest, forms: service.set_visible(actor, True)),
    Subcommand("delete", ("verwijder-profiel", "delete-profile"),
               lambda service, actor, rest, forms: service.delete_profile(actor)),
    Subcommand("stats", ("stats", "statistieken", "cijfers"),
               lambda service, actor, rest, forms: service.stats(actor, rest)),
    Subcommand("mine", ("mijn", "mine"), lambda service, actor, rest, forms: service.my_klussen(actor)),
    Subcommand("digest", ("digest", "overzicht"), _text(_digest)),
    Subcommand("chart", ("grafiek", "chart"), lambda service, actor, rest, forms: service.stats_chart(actor, rest)),
    Subcommand("export", ("export", "exporteer", "exporteren"),
               lambda service, actor, rest, forms: service.export(actor, rest)),
    Subcommand("import", ("import", "importeer", "importeren"),
               lambda service, actor, rest, forms: service.import_link(actor, rest)),
    Subcommand("admin", ("admin", "admins", "beheerder", "beheerders"),
               lambda service, actor, rest, forms: service.admin(actor, rest), names_people=True),
    Subcommand("audit", ("audit", "auditlog", "logboek"), lambda service, actor, rest, forms: service.audit(actor, rest)),
    # one pool across organisations, AVG rights, transparency, matching rounds
    Subcommand("organisation", ("organisatie", "organisation", "organization", "org"), _text(organisations.command)),
    Subcommand("charges", ("verrekening", "charges", "kosten"), _text(charges.charges_command)),
    Subcommand("my_data", ("mijn-gegevens", "my-data", "gegevens", "inzage", "data"), _text(privacy.my_data),
               names_people=True),
    Subcommand("erase", ("verwijder", "delete", "wis", "vergeet-mij", "erase", "forget-me"),
               _text(privacy.erase_command)),
    Subcommand("why", ("waarom", "why"), _text(transparency.why_command), names_people=True),
    Subcommand("algorithm", ("algoritme", "algorithm"), _text(transparency.algorithm_command)),
    Subcommand("round", ("ronde", "round", "matchingsronde", "matching-round"), _text(rounds.command)),
    # a profile from CV text; the one reminder about an empty profile (issue 20)
    Subcommand("cv", ("cv", "linkedin"), _text(cv.offer_text)),
    Subcommand("nudge", ("herinnering", "herinneringen", "reminder", "reminders"), _text(nudge.command)),
    # the home summary (Slack's App Home, anywhere; Mattermost's `/flexpool` alone)
    Subcommand("home", ("home", "thuis", "start"), lambda service, actor, rest, forms: home.summary(service, actor)),
)}
SUBCOMMANDS = {word: sub.name for sub in REGISTRY.values() for word in sub.words}  # word -> subcommand name


def names_people(command: str, text: str) -> bool:
    """Whether `/flexpool <text>` may name people (`admin add @jan`): see `Subcommand`."""
    word = (text or "").strip().split(" ", 1)[0].lower()
    sub = REGISTRY.get(SUBCOMMANDS.get(word, ""))
    return command.strip().lstrip("/").lower() == "flexpool" and sub is not None and sub.names_people


def klus_command(service: Flexpool, actor: Actor, text: str) -> Reply | Form:
    """`/klus`: no text opens the form, `mijn` lists the actor's klussen, anything else is a one-liner."""
    text = (text or "").strip()
    if not text:
        return service.klus_form(actor)
    if text.lower() in MINE:
        return service.my_klussen(actor)
    word, _, rest = text.partition(" ")
    if word.lower() in EDIT and rest.strip()[:1].isdigit():
        return service.edit_klus_line(actor, rest)
    return service.post_klus_line(actor, text)


def flexpool_command(service: Flexpool, actor: Actor, text: str, forms: bool = True) -> Reply | Form:
    """`/flexpool <subcommand> [...]`. With `forms=False` the profile is shown as a card
    instead of a form (for platforms without modals)."""
    word, _, rest = (text or "").strip().partition(" ")
    sub = SUBCOMMANDS.get(word.lower())
    if sub is None:
        return Reply.of(actor.lang, T("err.unknown_command", text=word[:50]), T("help.text"))
    return REGISTRY[sub].run(service, actor, rest.strip(), forms)


def command(service: Flexpool, actor: Actor, name: str, text: str, forms: bool = True) -> Reply | Form:
    """A slash command. Someone whose organisation is not known yet is asked to choose it
    (buttons) under every answer, until they do (bot.organisations)."""
    name = name.strip().lstrip("/").lower()
    if name == "klus":
        reply = klus_command(service, actor, text)
    elif name == "flexpool":
        reply = flexpool_command(service, actor, text, forms)
    else:
        reply = Reply.of(actor.lang, T("err.unknown_command", text=f"/{name}"[:50]), T("help.text"))
    return organisations.with_question(service, actor, reply)


_YES = r"(ja+|jep|jazeker|yes|yep|ok(e|ay|é)?|prima|graag|zeker|doe ik|ik doe mee|sure|count me in|i'?m in|akkoord)"
_NO = r"(nee+|nope|no|helaas|geen tijd|liever niet|niet|no thanks|not now|sorry)"
_MORE = r"(vertel meer|meer( info)?|details?|tell me more|more( info)?|wat (is|houdt) (het|dat)( in)?|\?+|waarom( ik)?|why( me)?)"


_CV = re.compile(r"^\s*(mijn\s+)?(cv|curriculum vitae|my cv)\b[\s:,-]*", re.IGNORECASE)
CV_TEXT_LENGTH = 400  # a message this long over this many lines is a pasted CV, not an answer
CV_TEXT_LINES = 4


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower().strip()
    return re.sub(r"[!.,]+$", "", text)


def direct_message(service: Flexpool, actor: Actor, text: str) -> Reply:
    """A plain message to the bot: ja / nee / vertel meer about the latest open invitation;
    yes and no ask a one-line confirmation (a button) before anything changes."""
    if _CV.match(text or "") or (len(text or "") >= CV_TEXT_LENGTH and (text or "").count("\n") >= CV_TEXT_LINES):
        return cv.offer_text(service, actor, _CV.sub("", text or "", count=1))  # CV text pasted in the message
    said = _plain(text)
    if re.match(_MORE + r"\b", said) or said.endswith("?"):
        return service.details(actor)
    answer = "yes" if re.match(_YES + r"\b", said) else "no" if re.match(_NO + r"\b", said) else None
    if answer is None:  # "hallo": what can be said here, and whether an invitation waits
        if service.latest_open_invitation(actor) is None:
            return Reply.of(actor.lang, T("dm.help_no_invitation"))
        return Reply.of(actor.lang, T("dm.help"))
    latest = service.latest_open_invitation(actor)
    if latest is None:
        return Reply.of(actor.lang, T("dm.no_open"))
    inv_id, title = latest
    if answer == "yes":
        return Reply.of(actor.lang, T("dm.confirm_yes", title=title), choices=[
            Choice("accept", str(inv_id), T("btn.accept"), "primary"), Choice("noop", "", T("btn.keep"))])
    reason = re.sub("^" + _NO + r"\b[\s,:-]*", "", said).strip()
    return Reply.of(actor.lang, T("dm.confirm_no", title=title), choices=[
        Choice("decline", f"{inv_id}|{reason[:200]}" if reason else str(inv_id), T("btn.decline"), "danger",
               ask=None if reason else T("ask.decline_reason")),
        Choice("noop", "", T("btn.keep"))], note=T("quote", text=reason) if reason else None)


