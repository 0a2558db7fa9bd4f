"""What a profile misses and what that costs; one friendly nudge for a colleague whose profile stays empty a week after they joined,
and the person's choice to have none (`/flexpool herinnering uit`).

Due work is found in the database and marked in the same transaction (a conditional
update of `Person.nudged_at`), so a restart neither loses nor repeats a nudge.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, update
from sqlmodel import select

from bot import matching, notify
from bot.i18n import Join, T
from bot.port import Card, Choice, Reply
from storage.db import transaction
from storage.models import Person, Profile

if TYPE_CHECKING:
    from bot.core import Actor, Core

NUDGE_AFTER = timedelta(days=7)
BATCH = 500  # people nudged at most per tick (the rest the next tick)
ON = {"aan", "on", "ja", "yes"}
OFF = {"uit", "off", "nee", "no"}


def due(service: "Core") -> int:
    """Nudge, once, everyone who joined a week ago or longer and still has no profile or
    one without skills, unless they turned it off."""
    now = service.now()
    sent = 0
    with transaction(service.engine) as s:
        rows = s.exec(select(Person.id).outerjoin(Profile, Profile.person_id == Person.id).where(
            Person.nudge_off == False, Person.nudged_at == None,  # noqa: E711,E712
            Person.created_at <= now - NUDGE_AFTER,
            or_(Profile.id == None, Profile.skills == "")).order_by(Person.id).limit(BATCH)).all()  # noqa: E711
        for person_id in rows:
            if not s.exec(update(Person).where(Person.id == person_id, Person.nudged_at == None)  # noqa: E711
                          .values(nudged_at=now)).rowcount:
                continue
            notify.send(service, s, person_id, Card(text=[T("nudge.text")], note=T("nudge.note"), choices=[
                Choice("edit_profile", "", T("btn.make_profile"), "primary"),
                Choice("nudge_off", "", T("btn.nudge_off"))]), key=f"nudge:{person_id}")
            sent += 1
    return sent


def set_nudge(service: "Core", actor: "Actor", on: bool) -> Reply:
    with transaction(service.engine) as s:
        s.exec(update(Person).where(Person.id == actor.id).values(nudge_off=not on))
    return Reply.of(actor.lang, T("nudge.on" if on else "nudge.off"))


def command(service: "Core", actor: "Actor", text: str) -> Reply:
    """`/flexpool herinnering uit|aan`."""
    word = (text or "").strip().lower()
    if word in OFF:
        return set_nudge(service, actor, False)
    if word in ON:
        return set_nudge(service, actor, True)
    return Reply.of(actor.lang, T("err.nudge_word"))


MIN_SKILLS = 5


def gaps(profile: Profile | None) -> list[T]:
    """What is missing from a profile, each with what it costs the person."""
    if profile is None:
        return [T("gap.none")]
    out: list[T] = []
    if not profile.hours_per_week:
        out.append(T("gap.hours"))
    skills = matching.split_terms(profile.skills)
    if not skills:
        out.append(T("gap.skills"))
    elif len(skills) < MIN_SKILLS:
        out.append(T("gap.few_skills", count=len(skills), min=MIN_SKILLS))
    if not profile.visible:
        out.append(T("gap.hidden"))
    if not profile.job_title:
        out.append(T("gap.title"))
    if not profile.wants:
        out.append(T("gap.wants"))
    return out


def gaps_note(profile: Profile | None) -> T | None:
    missing = gaps(profile)
    if not missing:
        return None
    return T("gap.note", items=Join(missing, "\n"))
