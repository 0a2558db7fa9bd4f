"""The home summary: what a person sees of Flexpool at a glance — their profile (with its
buttons), their invitations (open ones with accept / decline / details) and their
klussen. Slack shows it in the App Home; Mattermost, which has none, answers
`/flexpool home` (and `/flexpool` alone) with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cards import invitation_choices
from bot.i18n import T
from bot.port import Card, Reply

if TYPE_CHECKING:
    from bot.service import Actor, Flexpool


def summary(service: "Flexpool", actor: "Actor") -> Reply:
    cards = list(service.profile_card(actor).cards)
    invitations = service.my_invitations(actor)
    cards.append(Card(text=[T("home.invitations")] + ([] if invitations else [T("dm.no_open")])))
    for inv_id, title, status in invitations:
        choices = invitation_choices(inv_id) if status == "offered" else []
        label = T("home.status_accepted") if status == "accepted" else T(f"inv.status.{status}")
        cards.append(Card(text=[T("home.invitation", title=title, status=label)], choices=choices))
    cards += service.my_klussen(actor).cards
    return Reply(cards, actor.lang)
