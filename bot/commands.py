"""Slash-command text and plain DM replies → one service call. Shared by every platform;
a platform only decides how to show the `Reply` or `Form` that comes back."""

from __future__ import annotations

import re
import unicodedata

from bot import charges, organisations, privacy, rounds, transparency
from bot.i18n import T
from bot.port import Choice, Form, Reply
from bot.service import Actor, Flexpool

MINE = {"mijn", "mine", "mijn klussen", "my", "my klussen", "lijst", "list"}
SUBCOMMANDS = {
    "help": "help", "hulp": "help", "?": "help", "": "help",
    "profiel": "profile", "profile": "profile", "mijn-profiel": "profile",
    "klussen": "klussen", "jobs": "klussen", "zoek": "klussen", "browse": "klussen",
    "pauze": "pause", "pause": "pause", "pauzeer": "pause", "verberg": "pause", "hide": "pause",
    "zichtbaar": "show", "visible": "show", "show": "show", "hervat": "show", "resume": "show",
    "verwijder-profiel": "delete", "delete-profile": "delete",
    "stats": "stats", "statistieken": "stats", "cijfers": "stats",
    "mijn": "mine", "mine": "mine",
    "digest": "digest", "overzicht": "digest",
    "grafiek": "chart", "chart": "chart",
    "export": "export", "exporteer": "export", "exporteren": "export",
    "import": "import", "importeer": "import", "importeren": "import",
    "admin": "admin", "admins": "admin", "beheerder": "admin", "beheerders": "admin",
    "audit": "audit", "auditlog": "audit", "logboek": "audit",
    # one pool across organisations, AVG rights, transparency
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "org": "organisation",
    "verrekening": "charges", "charges": "charges", "kosten": "charges",
    "mijn-gegevens": "my_data", "my-data": "my_data", "gegevens": "my_data", "inzage": "my_data", "data": "my_data",
    "verwijder": "erase", "delete": "erase", "wis": "erase", "vergeet-mij": "erase", "erase": "erase",
    "forget-me": "erase",
    "waarom": "why", "why": "why",
    "algoritme": "algorithm", "algorithm": "algorithm",
    "ronde": "round", "round": "round", "matchingsronde": "round", "matching-round": "round",
}
NAMING_PEOPLE = {"admin", "my_data", "why"}  # subcommands whose arguments may name a person


def names_people(command: str, text: str) -> bool:
    """Whether `/flexpool <text>` may name people (`admin add @jan`): a platform that does
    not turn `@name` into an id itself (Mattermost) looks the names up first."""
    word = (text or "").strip().split(" ", 1)[0].lower()
    return command.strip().lstrip("/").lower() == "flexpool" and SUBCOMMANDS.get(word) in NAMING_PEOPLE


TRUST = {  # subcommand -> fn(service, actor, text)
    "organisation": organisations.command, "charges": charges.charges_command,
    "my_data": privacy.my_data, "erase": privacy.erase_command,
    "why": transparency.why_command, "algorithm": transparency.algorithm_command,
    "round": rounds.command,
}


def klus_command(service: Flexpool, actor: Actor, text: str) -> Reply | Form:
    """`/klus`: no text opens the form, `mijn` lists the actor's klussen, anything else is a one-liner."""
    text = (text or "").strip()
    if not text:
        return service.klus_form(actor)
    if text.lower() in MINE:
        return service.my_klussen(actor)
    return service.post_klus_line(actor, text)


def flexpool_command(service: Flexpool, actor: Actor, text: str, forms: bool = True) -> Reply | Form:
    """`/flexpool <subcommand> [...]`. With `forms=False` the profile is shown as a card
    instead of a form (for platforms without modals)."""
    word, _, rest = (text or "").strip().partition(" ")
    sub = SUBCOMMANDS.get(word.lower())
    rest = rest.strip()
    if sub is None:
        return Reply.of(actor.lang, T("err.unknown_command", text=word[:50]), T("help.text"))
    if sub == "help":
        return service.help(actor)
    if sub == "profile":
        if rest:
            return service.update_profile_line(actor, rest)
        return service.profile_form(actor) if forms else service.profile_card(actor)
    if sub == "klussen":
        return service.open_klussen(actor)
    if sub == "pause":
        return service.set_visible(actor, False)
    if sub == "show":
        return service.set_visible(actor, True)
    if sub == "delete":
        return service.delete_profile(actor)
    if sub == "stats":
        return service.stats(actor, rest)
    if sub == "chart":
        return service.stats_chart(actor, rest)
    if sub == "export":
        return service.export(actor, rest)
    if sub == "import":
        return service.import_link(actor, rest)
    if sub == "admin":
        return service.admin(actor, rest)
    if sub == "audit":
        return service.audit(actor, rest)
    if sub in TRUST:
        return TRUST[sub](service, actor, rest)
    if sub == "digest":
        word = rest.lower()
        if word in ("aan", "on", "ja", "yes"):
            return service.set_digest(actor, True)
        if word in ("uit", "off", "nee", "no"):
            return service.set_digest(actor, False)
        return Reply.of(actor.lang, T("err.digest_word"))
    return service.my_klussen(actor)


def command(service: Flexpool, actor: Actor, name: str, text: str, forms: bool = True) -> Reply | Form:
    name = name.strip().lstrip("/").lower()
    if name == "klus":
        return klus_command(service, actor, text)
    if name == "flexpool":
        return flexpool_command(service, actor, text, forms)
    return Reply.of(actor.lang, T("err.unknown_command", text=f"/{name}"[:50]), T("help.text"))


_YES = r"(ja+|jep|jazeker|yes|yep|ok(e|ay|é)?|prima|graag|zeker|doe ik|ik doe mee|sure|count me in|i'?m in|akkoord)"
_NO = r"(nee+|nope|no|helaas|geen tijd|liever niet|niet|no thanks|not now|sorry)"
_MORE = r"(vertel meer|meer( info)?|details?|tell me more|more( info)?|wat (is|houdt) (het|dat)( in)?|\?+|waarom( ik)?|why( me)?)"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower().strip()
    return re.sub(r"[!.,]+$", "", text)


def direct_message(service: Flexpool, actor: Actor, text: str) -> Reply:
    """A plain message to the bot: ja / nee / vertel meer about the latest open invitation;
    yes and no ask a one-line confirmation (a button) before anything changes."""
    said = _plain(text)
    if re.match(_MORE + r"\b", said) or said.endswith("?"):
        return service.details(actor)
    answer = "yes" if re.match(_YES + r"\b", said) else "no" if re.match(_NO + r"\b", said) else None
    if answer is None:
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


