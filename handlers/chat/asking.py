"""Two kinds of button every platform draws the same way, decided here once:

- **Ask for a reason.** A `Choice` with `ask` (a message key, e.g. "ask.decline_reason")
  opens a small form with one optional free-text field before the choice is made; its
  submission presses the button with that text. Any button may ask, not only decline.
- **Answer once.** A reply whose choices include "keep it" (noop) is a question
  (`is_question`), replaced by its answer once pressed: the reply's cards when it has some without buttons of their own, else the
  question is closed with the label of the button pressed.
"""

from __future__ import annotations

from typing import Iterable

from bot.i18n import T
from bot.messages import MESSAGES
from bot.port import Card, Form, FormField, Reply

ASK = "ask"  # the form's name: its submission presses the button it asked for
REASON = "text"  # its one field
MAX_REASON = 500


def question(ask: str) -> T:
    """What the form asks: the button's own question, when it names one we have."""
    return T(ask) if ask in MESSAGES else T("ask.decline_reason")


def ask_form(label: str, ask: str) -> Form:
    """The form asking a button's optional free text (shown under `question(ask)`):
    declining an invitation, or a line manager's "Niet akkoord", asks an optional reason
    in a form of its own; any other button (keeping a CV proposal) asks optional words in
    a form named after the button (`label`, its own text)."""
    if ask == "ask.disapprove_reason":
        title, submit, field = T("form.disapprove.title"), T("btn.disapprove"), T("form.decline.reason")
    elif ask == "ask.decline_reason" or not label:
        title, submit, field = T("form.decline.title"), T("btn.decline"), T("form.decline.reason")
    else:
        title, submit, field = label, label, T("form.ask.text")
    return Form(ASK, title, submit, [FormField(REASON, field, "textarea", required=False, max_length=MAX_REASON)])


def reason(values: dict) -> str:
    """The free text of a submitted ask form ("" when left empty)."""
    return str(values.get(REASON) or "")[:MAX_REASON]


def is_question(cards: Iterable[Card]) -> bool:
    """A reply whose choices include "keep it" (noop) is a question, answered once."""
    return any(c.action == "noop" for card in cards for c in card.choices)


def answer_in_place(reply: Reply) -> Reply | None:
    """What replaces an answered question: the reply, when it is an answer (cards without
    buttons); None: close the question with the pressed button's label, and send the
    reply (if any) as a message of its own."""
    if reply.cards and not any(card.choices for card in reply.cards):
        return reply
    return None
