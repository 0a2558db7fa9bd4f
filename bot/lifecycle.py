"""The klus lifecycle, written down as data: every state of a klus, an invitation and a
line manager's approval; for every transition who may trigger it, the function that does
it, whom it tells, and — for every state that waits on someone — the timer that ends the
wait. `tests/test_lifecycle.py` walks this table against the code; the README shows it
(`python -m bot.lifecycle` prints it as Markdown).

Events a person triggers on a state where they can no longer happen are answered, not
ignored: `REFUSALS` names the message each gets ("you had already declined", "this klus
is cancelled; that is no longer possible").
"""

from __future__ import annotations

from dataclasses import dataclass

OWNER = "opdrachtgever"
COLLEAGUE = "collega"
MANAGER = "leidinggevende"
OFFICE = "flexpoolbureau"
TIMER = "timer"
SYSTEM = "systeem"

KLUS_STATES = ("open", "filled", "running", "done", "cancelled", "expired")
INVITATION_STATES = ("none", "offered", "accepted", "confirmed", "declined", "expired", "withdrawn", "rejected")
APPROVAL_STATES = ("pending", "approved", "declined", "expired", "closed")
FINAL = {
    "klus": {"done", "cancelled", "expired"},
    "invitation": {"none", "confirmed", "declined", "expired", "withdrawn", "rejected"},
    "approval": {"approved", "declined", "expired", "closed"},
}
STATES = {"klus": KLUS_STATES, "invitation": INVITATION_STATES, "approval": APPROVAL_STATES}


@dataclass(frozen=True)
class Step:
    machine: str  # klus | invitation | approval
    state: str  # from
    event: str
    to: str  # the new state (the same state: it stays, and people are told)
    who: str  # who may trigger it
    does: str  # the function that does it
    tells: tuple[str, ...] = ()  # who hears about it
    timer: str = ""  # for a timed step: when it fires


STEPS: tuple[Step, ...] = (
    # --- the klus ---------------------------------------------------------------------------
    Step("klus", "open", "edit", "open", OWNER, "klussen.edit_klus", (COLLEAGUE,)),
    Step("klus", "filled", "edit", "filled", OWNER, "klussen.edit_klus", (COLLEAGUE,)),
    Step("klus", "open", "edit_places_to_taken", "filled", OWNER, "klussen.edit_klus", (COLLEAGUE, OWNER)),
    Step("klus", "filled", "edit_more_places", "open", OWNER, "klussen.edit_klus", (COLLEAGUE, OWNER)),
    Step("klus", "open", "cancel", "cancelled", OWNER, "klussen.cancel_klus", (COLLEAGUE, OWNER)),
    Step("klus", "filled", "cancel", "cancelled", OWNER, "klussen.cancel_klus", (COLLEAGUE, OWNER)),
    Step("klus", "open", "last_place_taken", "filled", OWNER, "placement.confirm_place", (OWNER, COLLEAGUE)),
    Step("klus", "open", "start_date", "running", TIMER, "timers.start", (OWNER, COLLEAGUE),
         "op de startdatum, met iemand bevestigd"),
    Step("klus", "open", "start_date_empty", "expired", TIMER, "timers.start", (OWNER, COLLEAGUE),
         "op de startdatum, zonder iemand bevestigd"),
    Step("klus", "filled", "start_date", "running", TIMER, "timers.start", (OWNER, COLLEAGUE), "op de startdatum"),
    Step("klus", "running", "midway_check", "running", TIMER, "timers.start_and_end_due", (OWNER,),
         "een week voor de einddatum"),
    Step("klus", "running", "end_date", "done", TIMER, "timers.finish", (OWNER, COLLEAGUE), "na de einddatum"),
    Step("klus", "expired", "repost", "expired", OWNER, "klussen.repost_form", (OWNER,)),
    Step("klus", "cancelled", "repost", "cancelled", OWNER, "klussen.repost_form", (OWNER,)),
    # --- an invitation ----------------------------------------------------------------------
    Step("invitation", "offered", "accept", "accepted", COLLEAGUE, "invitations.accept", (OWNER,)),
    Step("invitation", "none", "offer", "accepted", COLLEAGUE, "invitations.offer", (OWNER,)),
    Step("invitation", "offered", "offer", "accepted", COLLEAGUE, "invitations.offer", (OWNER,)),
    Step("invitation", "offered", "decline", "declined", COLLEAGUE, "invitations.decline", (OWNER,)),
    Step("invitation", "accepted", "decline", "declined", COLLEAGUE, "invitations.decline", (OWNER,)),
    Step("invitation", "accepted", "confirm", "confirmed", OWNER, "invitations.confirm", (COLLEAGUE, OWNER)),
    Step("invitation", "accepted", "confirm_needs_manager", "accepted", OWNER, "approval.gate",
         (MANAGER, COLLEAGUE, OWNER)),
    Step("invitation", "accepted", "reject", "rejected", OWNER, "invitations.reject", (COLLEAGUE,)),
    Step("invitation", "offered", "remind", "offered", TIMER, "timers.remind_due", (COLLEAGUE,),
         "FLEXPOOL_REMINDER_HOURS na de uitnodiging"),
    Step("invitation", "offered", "response_time", "expired", TIMER, "timers.expire_due", (COLLEAGUE, OWNER),
         "FLEXPOOL_RESPONSE_HOURS na de uitnodiging"),
    Step("invitation", "accepted", "remind_owner", "accepted", TIMER, "timers.remind_owners_due", (OWNER,),
         "FLEXPOOL_REMINDER_HOURS na het accepteren"),
    Step("invitation", "accepted", "tell_office", "accepted", TIMER, "timers.remind_owners_due", (OFFICE, OWNER),
         "FLEXPOOL_RESPONSE_HOURS na het accepteren"),
    Step("invitation", "offered", "klus_filled", "withdrawn", SYSTEM, "placement.withdraw", (COLLEAGUE,)),
    Step("invitation", "accepted", "klus_filled", "withdrawn", SYSTEM, "placement.withdraw", (COLLEAGUE, OWNER)),
    Step("invitation", "offered", "klus_cancelled", "withdrawn", OWNER, "klussen.cancel_klus", (COLLEAGUE,)),
    Step("invitation", "accepted", "klus_cancelled", "withdrawn", OWNER, "klussen.cancel_klus", (COLLEAGUE,)),
    Step("invitation", "confirmed", "klus_cancelled", "withdrawn", OWNER, "klussen.cancel_klus", (COLLEAGUE,)),
    Step("invitation", "offered", "start_date", "withdrawn", TIMER, "timers.start", (COLLEAGUE,), "op de startdatum"),
    Step("invitation", "accepted", "start_date", "withdrawn", TIMER, "timers.start", (COLLEAGUE, OWNER),
         "op de startdatum"),
    Step("invitation", "offered", "klus_edited", "offered", OWNER, "klussen.edit_klus", (COLLEAGUE,)),
    Step("invitation", "accepted", "klus_edited", "accepted", OWNER, "klussen.edit_klus", (COLLEAGUE,)),
    Step("invitation", "confirmed", "klus_edited", "confirmed", OWNER, "klussen.edit_klus", (COLLEAGUE,)),
    Step("invitation", "offered", "no_hours_after_edit", "withdrawn", OWNER, "klussen.edit_klus", (COLLEAGUE, OWNER)),
    # --- the line manager's approval (a gate between accepted and confirmed) -----------------
    Step("approval", "pending", "approve", "approved", MANAGER, "approval.decide", (COLLEAGUE, OWNER)),
    Step("approval", "pending", "disapprove", "declined", MANAGER, "approval.decide", (COLLEAGUE, OWNER)),
    Step("approval", "pending", "approval_time", "expired", TIMER, "approval.expire_due",
         (MANAGER, COLLEAGUE, OWNER), "FLEXPOOL_APPROVAL_HOURS na de vraag"),
    Step("approval", "pending", "invitation_ended", "closed", TIMER, "approval.expire_due", (MANAGER,),
         "bij de volgende tik, als de uitnodiging anders afliep"),
)

# The events a person can trigger, per machine: on every state either a step above or a
# refusal below (the message says why it can no longer happen).
PERSON_EVENTS = {
    "klus": ("edit", "cancel", "repost"),
    "invitation": ("accept", "decline", "confirm", "reject", "offer"),
    "approval": ("approve", "disapprove"),
}

# (machine, state, event) -> the message key of the answer. Where the key has a
# `{status}` the state's name is filled in.
REFUSALS: dict[tuple[str, str, str], str] = {}
for _state in ("running", "done", "cancelled", "expired"):
    REFUSALS[("klus", _state, "edit")] = "klus.not_open"
    REFUSALS[("klus", _state, "cancel")] = "klus.not_open"
for _state in ("open", "filled", "running", "done"):
    REFUSALS[("klus", _state, "repost")] = "klus.repost_not_yet"
for _state in ("accepted", "confirmed", "declined", "expired", "withdrawn", "rejected"):
    REFUSALS[("invitation", _state, "accept")] = f"inv.already.{_state}"
for _state in ("confirmed", "declined", "expired", "withdrawn", "rejected"):
    REFUSALS[("invitation", _state, "decline")] = f"inv.already.{_state}"
for _state in ("accepted", "confirmed", "declined", "expired", "withdrawn", "rejected"):
    REFUSALS[("invitation", _state, "offer")] = f"inv.already.{_state}"
for _event in ("accept", "decline", "confirm", "reject"):
    REFUSALS[("invitation", "none", _event)] = "inv.unknown"
for _state in ("offered", "declined", "expired", "withdrawn", "rejected"):
    REFUSALS[("invitation", _state, "confirm")] = "acc.not_accepted"
    REFUSALS[("invitation", _state, "reject")] = "acc.not_accepted"
REFUSALS[("invitation", "confirmed", "confirm")] = "acc.already_confirmed"
REFUSALS[("invitation", "confirmed", "reject")] = "acc.not_accepted"
for _state in ("approved", "declined", "expired", "closed"):
    REFUSALS[("approval", _state, "approve")] = f"appr.already.{_state}"
    REFUSALS[("approval", _state, "disapprove")] = f"appr.already.{_state}"


def steps(machine: str, state: str | None = None, event: str | None = None) -> list[Step]:
    return [s for s in STEPS if s.machine == machine and (state is None or s.state == state)
            and (event is None or s.event == event)]


def waiting_states(machine: str) -> list[str]:
    return [state for state in STATES[machine] if state not in FINAL[machine]]


def markdown() -> str:
    """The table for the README."""
    lines = ["| machine | from | event | to | who | tells | timer |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for s in STEPS:
        lines.append(f"| {s.machine} | {s.state} | {s.event} | {s.to} | {s.who} | {', '.join(s.tells) or '–'} "
                     f"| {s.timer or '–'} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown())
