"""What the chat handlers ask the domain about what comes in, so that no handler opens a
transaction itself (the counterpart of `bot.outbox`):

- `Inbox.first_time(key)`: has this event (a Slack event id, a Mattermost post id) been
  handled yet? Platforms deliver again when an answer was slow or lost, and several
  processes may listen: the first to record the key handles it. Keys older than
  `SEEN_KEEP` are pruned (at most once an hour per process), for every platform.
- `Inbox.workspace_of(platform, user_id)`: the workspace we know a person from (their
  most recent), for platforms whose direct messages carry none.
- `database_answers(engine)`: for the health check.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import delete
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from storage.db import transaction
from storage.models import Person, SeenEvent

log = logging.getLogger(__name__)

SEEN_KEEP = timedelta(days=1)  # Slack retries an event for about an hour; Mattermost does not retry
PRUNE_EVERY = 3600.0  # seconds


class Inbox:
    def __init__(self, engine, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._pruned = float("-inf")
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """Record `key`; False when it was recorded before (then do nothing again)."""
        if not key:
            return True
        now = self._clock()
        try:
            with transaction(self.engine) as s:
                s.add(SeenEvent(id=key[:200], seen_at=now))
        except IntegrityError:
            log.info("event %s seen before; skipped", key[:200])
            return False
        with self._lock:
            prune = time.monotonic() - self._pruned > PRUNE_EVERY
            if prune:
                self._pruned = time.monotonic()
        if prune:
            self.prune(now - SEEN_KEEP)
        return True

    def prune(self, before: datetime) -> int:
        """Forget the keys recorded before `before`; how many."""
        with transaction(self.engine) as s:
            return s.exec(delete(SeenEvent).where(SeenEvent.seen_at < before)).rowcount or 0

    def workspace_of(self, platform: str, user_id: str) -> str | None:
        with transaction(self.engine) as s:
            return s.exec(select(Person.workspace).where(Person.platform == platform, Person.user_id == user_id)
                          .order_by(col(Person.id).desc())).first()


def database_answers(engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(sql("SELECT 1"))
    except Exception as exc:
        log.warning("health check: database unavailable: %s", type(exc).__name__)
        return False
    return True
