"""The live matching index of this process: every visible profile, indexed once, kept in
step with the database, ranked per klus (issue 16: posting at 100,000 profiles).

    pool = LivePool(engine)          # one per process (the service holds it)
    pool.build()                     # at start (else at the first ranking)
    pool.rank(session, klus, settings, now, limit=3)

Before every ranking the index reads which profiles changed since it last looked
(`storage.changes`: database triggers note every change, whichever process made it) and
upserts or removes just those. Who may be asked is decided by one query that returns
person ids only (`storage.queries.eligible_ids`: visible, not the poster, free hours,
dates, reach, preference, not yet asked, weekly cap); the index ranks those ids
(`Matcher.rank(allowed=...)`), and only the people that make the list are read whole.

The fairness order (bot.fairness) is applied to the head of the ranking: enough of it
that nobody further down could come into the first `limit` places (a weaker band never
passes a better one), so the head is the same as that of the whole list ordered.

How this compares with ranking in a throw-away index of the eligible people only (the
path before issue 16): who is eligible is the same query; the scores are the same when
the eligible people are the whole visible pool. When fewer are eligible the scores can
differ in a late decimal, because the matcher weighs word parts by how rare they are in
its index (here: the whole visible pool; before: only those eligible for this klus).
`tests/test_pool.py` checks both.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot import fairness, matching
from storage import changes
from storage import queries as q
from storage.db import transaction
from storage.models import Person, Profile


def candidate(person_id: int, skills: str, endorsed: str, wants: str, job_title: str) -> matching.Candidate:
    """A profile as the matcher sees it: what someone can do (their own skills plus those
    owners endorsed after a klus), what they want to learn, their job title."""
    own = matching.split_terms(skills)
    keys = {matching.compact(t) for t in own}
    has = own + [t for t in matching.split_terms(endorsed) if matching.compact(t) not in keys]
    return matching.Candidate(person_id, has, matching.split_terms(wants), job_title)


PROFILE_TERMS = (Profile.person_id, Profile.skills, Profile.endorsed, Profile.wants, Profile.job_title)


@dataclass
class Ranked:
    profile: Profile
    person: Person
    match: matching.Match
    free: float


class LivePool:
    """A `Matcher` over every visible profile, for this process."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self._matcher: matching.Matcher | None = None
        self._watermark = 0
        self._lock = threading.RLock()  # the index changes and ranks one thread at a time
        self.build_seconds: float | None = None
        self.size = 0

    def __contains__(self, person_id: object) -> bool:
        """Whether `person_id` is in the index (as of the last `sync`)."""
        with self._lock:
            return self._matcher is not None and person_id in self._matcher

    # --- keeping in step -------------------------------------------------------------

    def build(self, session: Session | None = None) -> None:
        """Index every visible profile (start-up)."""
        started = time.perf_counter()
        with self._lock:
            if session is None:
                with transaction(self.engine) as s:
                    self._build(s)
            else:
                self._build(session)
        self.build_seconds = time.perf_counter() - started

    def _build(self, s: Session) -> None:
        matcher = matching.Matcher()
        watermark = changes.start_watermark(s)  # before reading: a change meanwhile is read again
        rows = s.execute(sa_select(*PROFILE_TERMS).where(Profile.visible == True)  # noqa: E712
                         .order_by(Profile.person_id)).yield_per(5000)
        for row in rows:
            matcher.upsert(candidate(*row))
        self._matcher, self._watermark, self.size = matcher, watermark, len(matcher)

    def sync(self, s: Session) -> None:
        """Read the profiles changed since the last look (in any process) into the index."""
        with self._lock:
            if self._matcher is None:
                self._build(s)
                return
            watermark, changed = changes.since(s, self._watermark)
            if changed:
                self._apply(s, changed)
            self._watermark = watermark

    def _apply(self, s: Session, person_ids: list[int]) -> None:
        found: dict[int, tuple] = {}
        for start in range(0, len(person_ids), 5000):
            chunk = person_ids[start:start + 5000]
            for row in s.execute(sa_select(*PROFILE_TERMS).where(
                    col(Profile.person_id).in_(chunk), Profile.visible == True)):  # noqa: E712
                found[row[0]] = tuple(row)
        for pid in person_ids:
            if pid in found:
                self._matcher.upsert(candidate(*found[pid]))
            else:
                self._matcher.remove(pid)
        self.size = len(self._matcher)

    # --- ranking ---------------------------------------------------------------------

    def rank(self, s: Session, klus, settings, now: datetime, limit: int | None = None,
             only: int | None = None) -> list[Ranked]:
        """Eligible people for `klus` in the order to ask them (score, then fairness), the
        first `limit` (all with None); with `only`, just that person if eligible."""
        if limit is not None and limit <= 0:
            return []
        since_week = now - timedelta(days=7)
        rows = q.eligible_ids(s, klus, since_week, settings.max_invites_per_week, only=only)
        if not rows:
            return []
        surprise = {pid for pid, pref in rows if pref == "surprise"}
        floor = settings.min_match_score
        skills = matching.split_terms(klus.skills)
        with self._lock:
            self.sync(s)
            scored = self._matcher.rank(skills, title=klus.title, limit=None, allowed=[pid for pid, _ in rows],
                                        min_score=floor / 2, explain=False)
        kept = [m for m in scored if m.score >= (floor / 2 if m.id in surprise else floor)]
        ordered = _fair_head(s, kept, now, limit)
        if not ordered:
            return []
        ids = [m.id for m in ordered]
        with self._lock:
            explained = {m.id: m for m in self._matcher.rank(skills, title=klus.title, limit=None, allowed=ids)}
        loaded = {p.person_id: (p, person) for p, person in s.exec(
            select(Profile, Person).join(Person, Person.id == Profile.person_id)
            .where(col(Profile.person_id).in_(ids))).all()}
        booked = q.booked_hours(s, ids, klus.start, klus.end)
        out = []
        for m in ordered:
            if m.id not in loaded or m.id not in explained:
                continue  # (deleted between the queries)
            profile, person = loaded[m.id]
            out.append(Ranked(profile, person, explained[m.id], profile.hours_per_week - booked.get(m.id, 0.0)))
        return out


def _fair_head(s: Session, kept: list[matching.Match], now: datetime, limit: int | None) -> list[matching.Match]:
    """The first `limit` of `fairness.order(kept, history)`, reading the history of as few
    as needed: a head of the ranking is ordered, and taken when the next person's score
    (the most anyone further down can count for) falls in a lower band than the last
    place's (`fairness.order` never puts a lower band first)."""
    if limit is None or len(kept) <= limit:
        return fairness.order(kept, fairness.history(s, [m.id for m in kept], now))
    head = max(limit * 4, 50)
    while True:
        part = kept[:head]
        history = fairness.history(s, [m.id for m in part], now)
        ordered = fairness.order(part, history)
        if head >= len(kept):
            return ordered[:limit]
        last = ordered[limit - 1]
        last_band = fairness.band(last.score * fairness.decline_factor(
            history.get(last.id, fairness.NO_HISTORY).declines_in_a_row))
        if fairness.band(kept[head].score) < last_band:
            return ordered[:limit]
        head *= 4


def ids_of(ranked: Iterable[Ranked]) -> list[int]:
    return [r.person.id for r in ranked]

