"""The clock: APScheduler runs one job (stable id, replace_existing) that asks the service
for due work (reminders, expiry, start and end, digests) and flushes the outbox.

Due work is derived from the database, so a restart loses and repeats nothing. Exactly
one process ticks at a time, however many run: the job first takes a lease row in the
database (`Lease`), which another process can only take over once it has expired.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from bot.app import App
from storage.db import is_sqlite, refresh_statistics, transaction
from storage.models import Invitation, Lease

log = logging.getLogger(__name__)

JOB_ID = "flexpool-tick"
LEASE = "scheduler"
STATISTICS_SECONDS = 600  # how often the lease holder refreshes the query planner's statistics (SQLite) …
STATISTICS_ROWS = 100  # … and sooner once this many invitations and a quarter more were added


def acquire_lease(engine, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease `name` for `holder` until now + ttl; False if someone else holds it."""
    try:
        with transaction(engine) as s:
            row = s.exec(select(Lease).where(Lease.name == name).with_for_update()).first()
            if row is None:
                s.add(Lease(name=name, holder=holder, expires_at=now + ttl))
                return True
            if row.holder != holder and row.expires_at > now:
                return False
            row.holder, row.expires_at = holder, now + ttl
            s.add(row)
            return True
    except IntegrityError:  # another process inserted the row at the same moment
        return False


class Clock:
    def __init__(self, app: App, holder: str | None = None):
        self.app = app
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._scheduler = None
        self._next_statistics, self._statistics_size = 0.0, 0  # when, and at how many invitations

    def run_once(self) -> dict[str, int] | None:
        """One tick, if this process holds the lease; never raises (a tick retries next time)."""
        service = self.app.service
        ttl = timedelta(seconds=max(self.app.settings.tick_seconds * 3, 30))
        try:
            if not acquire_lease(self.app.engine, LEASE, self.holder, service.now(), ttl):
                return None
            done = service.tick()
            done["sent"] = self.app.outbox.flush()
            self._statistics()
            return done
        except Exception:
            log.exception("scheduler tick failed; it will run again")
            return None

    def _statistics(self) -> None:
        """Refresh the query planner's statistics every STATISTICS_SECONDS, and sooner
        while the database grows fast (a quarter more invitations since the last time).
        PostgreSQL keeps its own (autovacuum): nothing to look at there."""
        if not is_sqlite(self.app.engine):
            return
        with transaction(self.app.engine) as s:
            size = s.exec(select(func.max(Invitation.id))).one() or 0
        if time.monotonic() >= self._next_statistics or size > 1.25 * self._statistics_size + STATISTICS_ROWS:
            refresh_statistics(self.app.engine)
            self._next_statistics, self._statistics_size = time.monotonic() + STATISTICS_SECONDS, size

    def start(self, blocking: bool = False) -> None:
        scheduler = BlockingScheduler() if blocking else BackgroundScheduler(daemon=True)
        scheduler.add_job(self.run_once, "interval", seconds=self.app.settings.tick_seconds, id=JOB_ID,
                          replace_existing=True, coalesce=True, max_instances=1,
                          next_run_time=datetime.now().astimezone())
        self._scheduler = scheduler
        scheduler.start()

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
