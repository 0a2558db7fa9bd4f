"""Every button and form, routed to the module that owns it: one registry. A new button
is its `Choice` on a card (`bot.cards` or the owning module) plus one line here.
Values come from the platform and are not trusted: ids are parsed here."""

from __future__ import annotations

from typing import Callable

from bot import (approval, charges, cv, feedback, invitations, klussen, nudge, office, organisations, people, privacy,
                 rounds)
from bot.core import Actor, Core, parse_id
from bot.i18n import T
from bot.port import Form, FormErrors, Reply

# action -> fn(service, actor, id): the value is one id (an invitation's or a klus's)
BY_ID: dict[str, Callable] = {
    "accept": invitations.accept,
    "details": invitations.details,
    "confirm": invitations.confirm,
    "candidates": klussen.candidates,
    "cancel_klus": klussen.ask_cancel,  # asks first; "cancel_klus_yes" cancels
    "edit_klus": klussen.edit_form,
    "repost_klus": klussen.repost_form,
    "offer": invitations.offer,
}

# action -> fn(service, actor, id, text): one id, and the optional text the button asked for
BY_ID_TEXT: dict[str, Callable] = {
    "decline": invitations.decline,
    "reject": invitations.reject,
    "cancel_klus_yes": klussen.cancel_klus,
}

# action -> fn(service, actor): no value
SIMPLE: dict[str, Callable] = {
    "edit_profile": people.profile_form,
    "hide": lambda service, a: people.set_visible(service, a, False),
    "show": lambda service, a: people.set_visible(service, a, True),
    "delete_profile": people.delete_profile,
    "delete_profile_yes": lambda service, a: people.delete_profile(service, a, confirmed=True),
    "noop": lambda service, a: Reply.of(a.lang, T("ok")),
    "nudge_off": lambda service, a: nudge.set_nudge(service, a, False),
}

# action -> fn(service, actor, action, value, text): the module parses its own values
BY_VALUE: dict[str, Callable] = {
    "fb_rating": feedback.feedback,
    "fb_delivered": feedback.feedback,
    "fb_endorse": feedback.feedback,
    "midway_ok": feedback.midway,
    "midway_help": feedback.midway,
    "charges_csv": lambda service, actor, action, value, text: charges.charges_csv_command(service, actor, value),
    "cv_choose": cv.press,  # a CV proposal, kept with optional words
    "cv_keep": cv.press,
}

# action prefix -> fn(service, actor, action, value)
BY_PREFIX: dict[str, Callable] = {
    "round_": rounds.press,
    "office_": office.press,
    "privacy_": privacy.press,
    "appr_": approval.press,
    "org_": organisations.press,
}

# form name -> fn(service, actor, values)
FORMS: dict[str, Callable] = {
    "profile": people.update_profile,
    "klus": klussen.submit_form,
    "cv": cv.submit,
    "klus_edit": klussen.submit_edit,
}


def press(service: Core, actor: Actor, action: str, value: str, text: str = "") -> Reply | Form:
    value, _, reason = str(value or "").partition("|")  # a decline may carry the reason typed in a DM
    if action in BY_ID_TEXT:
        ident = parse_id(value)
        if ident is None:
            return Reply.of(actor.lang, T("err.stale_button"))
        return BY_ID_TEXT[action](service, actor, ident, text or reason)
    if action in BY_ID:
        ident = parse_id(value)
        return BY_ID[action](service, actor, ident) if ident is not None else Reply.of(actor.lang, T("err.stale_button"))
    if action == "invite":
        klus_id, _, person_id = (value or "").partition(":")
        if parse_id(klus_id) is None or parse_id(person_id) is None:
            return Reply.of(actor.lang, T("err.stale_button"))
        return klussen.invite(service, actor, int(klus_id), int(person_id))
    if action in BY_VALUE:
        return BY_VALUE[action](service, actor, action, value, text or reason)
    if action == "appr_no":  # a line manager's "Niet akkoord" may carry a reason
        return approval.press(service, actor, action, value, text or reason)
    for prefix, handler in BY_PREFIX.items():
        if action.startswith(prefix):
            return handler(service, actor, action, value)
    if action in SIMPLE:
        return SIMPLE[action](service, actor)
    return Reply.of(actor.lang, T("err.stale_button"))


def submit(service: Core, actor: Actor, form: str, values: dict) -> Reply | FormErrors:
    handler = FORMS.get(form)
    return handler(service, actor, values) if handler else Reply.of(actor.lang, T("err.stale_button"))
