"""What every part of the domain shares: the acting person (`Actor`), the clock and the
settings (`Core`), who is an admin, and small parsers. It imports no other domain module,
so every module may import it.

`bot.service.Flexpool` is a `Core`: the domain modules take it as their first argument
(named `service` by tradition) and use only what is defined here.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.pool import LivePool, OpenKlussen
from bot.settings import Settings
from storage.db import transaction
from storage.models import AdminRole, Person, Profile


@dataclass(frozen=True)
class Actor:
    """The acting person, detached from any session."""

    id: int
    platform: str
    workspace: str
    user_id: str
    name: str
    lang: str
    organisation_id: int | None


class Core:
    """The engine, the settings and the clock: the context of every domain call."""

    def __init__(self, engine, settings: Settings, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.settings = settings
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.zone = ZoneInfo(settings.default_timezone)
        self.pool = LivePool(engine)  # this process's live matching index, built at start or the first ranking
        self.open_index = OpenKlussen()  # this process's index of the open klussen (`/flexpool klussen`)

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def is_admin(self, actor: Actor, session: Session | None = None) -> bool:
        """An admin by the settings (FLEXPOOL_ADMINS), or added in chat (`/flexpool admin add`).
        Inside a transaction pass its `session` (SQLite allows one writer at a time)."""
        return settings_admin(self.settings, actor) or is_stored_admin(self.engine, actor.id, session)


def settings_admin(settings, actor: Actor) -> bool:
    admins = set(settings.admins)
    return actor.user_id in admins or f"{actor.platform}:{actor.user_id}" in admins


def is_stored_admin(engine, person_id: int, session: Session | None = None) -> bool:
    with nullcontext(session) if session is not None else transaction(engine) as s:
        return s.exec(select(AdminRole.id).where(AdminRole.person_id == person_id)).first() is not None


def actor_of(person: Person) -> Actor:
    return Actor(person.id, person.platform, person.workspace, person.user_id, person.name,
                 person.lang, person.organisation_id)


def profile_of(s: Session, person_id: int) -> Profile | None:
    return s.exec(select(Profile).where(Profile.person_id == person_id)).first()


def utc(moment: datetime) -> datetime:
    """Stored timestamps come back naive from SQLite (they are UTC) and aware from PostgreSQL."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (KeyError, ValueError):
        return False


def parse_id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_number(raw: str) -> float | None:
    text = (raw or "").strip().replace(",", ".")
    if not re.fullmatch(r"-?\d{1,6}(\.\d{1,3})?", text):
        return None
    return float(text)
