"""The lifecycle table (bot.lifecycle) walked against the code: every (state, event) a
person can trigger is a transition or a friendly answer saying why it can no longer
happen, every waiting state has a timed way out, and what the table says happens is
what the code does."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot import lifecycle
from bot.lifecycle import FINAL, PERSON_EVENTS, REFUSALS, STATES, STEPS, TIMER, steps
from bot.messages import MESSAGES
from bot.port import Reply
from storage.db import transaction
from storage.models import Invitation, Klus

LINE = "Dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; 8 uur per week; 4 weken; 2 plekken"


def test_every_step_names_a_real_function_and_known_states():
    for step in STEPS:
        module, _, name = step.does.partition(".")
        assert callable(getattr(importlib.import_module(f"bot.{module}"), name)), step
        assert step.state in STATES[step.machine] and step.to in STATES[step.machine], step
        assert step.tells or step.who == TIMER, step  # a person's step always tells someone


def test_every_person_event_on_every_state_is_a_step_or_a_friendly_refusal():
    for machine, events in PERSON_EVENTS.items():
        for state in STATES[machine]:
            for event in events:
                found = steps(machine, state, event)
                refusal = REFUSALS.get((machine, state, event))
                assert bool(found) != bool(refusal), (machine, state, event, found, refusal)
                assert refusal is None or refusal in MESSAGES, refusal


def test_every_waiting_state_has_a_timed_way_out():
    for machine in STATES:
        for state in lifecycle.waiting_states(machine):
            if state == "none":
                continue
            timed = [s for s in steps(machine, state) if s.who == TIMER and s.to != state]
            assert timed, f"{machine} {state} waits without a timer"
            assert all(s.timer for s in steps(machine, state) if s.who == TIMER)


def test_the_readme_shows_the_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert lifecycle.markdown() in readme


# --- the walk: each person event on each state, through the real code ------------------------

def _keys(reply) -> set[str]:
    return {t.key for card in reply.cards for t in card.text if hasattr(t, "key")} if isinstance(reply, Reply) else set()


def _scene(app, pool):
    """A fresh klus with Fatima invited; returns (klus id, Fatima's invitation id)."""
    app.service.post_klus_line(pool["manager"], LINE)
    with transaction(app.engine) as s:
        klus_id = max(s.exec(select(Klus.id)).all())
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus_id,
                                              Invitation.person_id == pool["fatima"].id)).one()
        return klus_id, inv.id


def _force(app, model, ident, status):
    values = {"status": status}
    if model is Klus and status == "filled":
        values["taken"] = Klus.places  # a full klus
    with transaction(app.engine) as s:
        s.exec(update(model).where(model.id == ident).values(**values))


INVITATION_CASES = [(state, event) for state in STATES["invitation"] if state != "none"
                    for event in PERSON_EVENTS["invitation"]]


@pytest.mark.parametrize("state,event", INVITATION_CASES, ids=[f"{s}-{e}" for s, e in INVITATION_CASES])
def test_invitation_table_matches_the_code(app, pool, port, state, event):
    klus_id, inv_id = _scene(app, pool)
    _force(app, Invitation, inv_id, state)
    who = pool["manager"] if event in ("confirm", "reject") else pool["fatima"]
    value = str(klus_id) if event == "offer" else str(inv_id)
    reply = app.service.press(who, event, value)
    with transaction(app.engine) as s:
        now = s.get(Invitation, inv_id).status
    found = steps("invitation", state, event)
    if found:
        assert now == found[0].to, (state, event, now)
    else:
        assert now == state and REFUSALS[("invitation", state, event)] in _keys(reply), (_keys(reply), now)


KLUS_CASES = [(state, event) for state in STATES["klus"] for event in PERSON_EVENTS["klus"]]


@pytest.mark.parametrize("state,event", KLUS_CASES, ids=[f"{s}-{e}" for s, e in KLUS_CASES])
def test_klus_table_matches_the_code(app, pool, port, state, event):
    klus_id, _ = _scene(app, pool)
    _force(app, Klus, klus_id, state)
    owner = pool["manager"]
    if event == "edit":
        reply = app.service.edit_klus(owner, klus_id, {"title": "Dashboard jeugdzorg (nieuw)"})
    elif event == "cancel":
        reply = app.service.press(owner, "cancel_klus_yes", str(klus_id))
    else:
        reply = app.service.press(owner, "repost_klus", str(klus_id))
    with transaction(app.engine) as s:
        now = s.get(Klus, klus_id).status
    found = steps("klus", state, event)
    if found:
        assert now == found[0].to, (state, event, now)
        assert not _keys(reply) & {"klus.not_open", "klus.repost_not_yet"}
    else:
        assert now == state and REFUSALS[("klus", state, event)] in _keys(reply), (_keys(reply), now)
