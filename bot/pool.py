"""The live matching index of this process: every visible profile, indexed once, kept in
step with the database, ranked per klus (issue 16: posting at 100,000 profiles).

    pool = LivePool(engine)          # one per process (the service holds it)
    pool.build()                     # at start (else at the first ranking)
    pool.rank(session, klus, settings, now, limit=3)

Before every ranking the index reads which profiles changed since it last looked
(`storage.changes`: database triggers note every change of a profile, or of a person's
organisation, whichever process made it) and upserts or removes just those.

Who may be asked is decided without loading the pool. What a profile says (visible,
hours, dates, organisation, department, preference) is kept beside the index in arrays,
and filtered there; what changes with every invitation comes from three small queries:
who was asked for this klus already, who reached the weekly cap, and the hours already
booked in overlapping klussen (`storage.queries.asked_capped_booked`). The matcher ranks
everyone in the index; the eligible are taken from its head (`Matcher.rank(limit=...)`,
widened until enough are found; few eligible: `allowed=` them), and only the people who
make the list are read whole.

The fairness order (bot.fairness) is applied to the head of the ranking: enough of it
that nobody further down could come into the first `limit` places (a weaker band never
passes a better one), so the head is the same as that of the whole list ordered.

How this compares with ranking in a throw-away index of the eligible people only (the
path before issue 16): who is eligible is the same; the scores are the same when the
eligible people are the whole visible pool. When fewer are eligible the scores can differ
in a late decimal, because the matcher weighs word parts by how rare they are in its
index (here: the whole visible pool; before: only those eligible for this klus).
`tests/test_pool.py` checks both.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot import fairness, matching
from storage import changes
from storage import queries as q
from storage.db import transaction
from storage.models import Person, Profile

PREFERENCE_CODES = {"specific": 0, "surprise": 1, "own_department": 2}
NO_DAY = 0  # an open start or end of someone's availability
ALLOWED_SHARE = 0.2  # fewer eligible than this share of the index: rank them alone (allowed=)


def candidate(person_id: int, skills: str, endorsed: str, wants: str, job_title: str) -> matching.Candidate:
    """A profile as the matcher sees it: what someone can do (their own skills plus those
    owners endorsed after a klus), what they want to learn, their job title."""
    own = matching.split_terms(skills)
    keys = {matching.compact(t) for t in own}
    has = own + [t for t in matching.split_terms(endorsed) if matching.compact(t) not in keys]
    return matching.Candidate(person_id, has, matching.split_terms(wants), job_title)


COLUMNS = (Profile.person_id, Profile.skills, Profile.endorsed, Profile.wants, Profile.job_title,
           Profile.hours_per_week, Profile.available_from, Profile.available_until, Profile.department,
           Profile.preference, Person.organisation_id)


@dataclass
class Ranked:
    profile: Profile
    person: Person
    match: matching.Match
    free: float


class _Facts:
    """What the profiles in the index say about eligibility, one slot per person."""

    def __init__(self) -> None:
        self.slot: dict[int, int] = {}
        self.size = 0
        self.person = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=np.bool_)
        self.hours = np.zeros(0, dtype=np.float64)
        self.start = np.zeros(0, dtype=np.int64)  # available from (ordinal day; NO_DAY: always)
        self.until = np.zeros(0, dtype=np.int64)  # available until (ordinal day; NO_DAY: always)
        self.org = np.zeros(0, dtype=np.int64)  # -1: none
        self.dept = np.zeros(0, dtype=np.int64)  # id of the lower-cased department
        self.pref = np.zeros(0, dtype=np.int8)
        self._depts: dict[str, int] = {}

    def dept_id(self, name: str) -> int:
        return self._depts.setdefault((name or "").lower(), len(self._depts))

    def _grow(self) -> None:
        room = max(1024, len(self.person) * 2)
        for name in ("person", "alive", "hours", "start", "until", "org", "dept", "pref"):
            old = getattr(self, name)
            new = np.zeros(room, dtype=old.dtype)
            new[:len(old)] = old
            setattr(self, name, new)

    def put(self, row) -> None:
        pid, hours, start, until, dept, pref, org = row
        at = self.slot.get(pid)
        if at is None:
            if self.size == len(self.person):
                self._grow()
            at = self.slot[pid] = self.size
            self.size += 1
            self.person[at] = pid
        self.alive[at] = True
        self.hours[at] = hours
        self.start[at] = start.toordinal() if start else NO_DAY
        self.until[at] = until.toordinal() if until else NO_DAY
        self.org[at] = -1 if org is None else org
        self.dept[at] = self.dept_id(dept)
        self.pref[at] = PREFERENCE_CODES.get(pref, 0)

    def drop(self, pid: int) -> None:
        at = self.slot.get(pid)
        if at is not None:
            self.alive[at] = False


class LivePool:
    """A `Matcher` over every visible profile, for this process, and what they say."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self._matcher: matching.Matcher | None = None
        self._facts = _Facts()
        self._watermark = 0
        self._lock = threading.RLock()  # the index changes and ranks one thread at a time
        self.build_seconds: float | None = None
        self.size = 0

    def __contains__(self, person_id: object) -> bool:
        """Whether `person_id` is in the index (as of the last `sync`)."""
        with self._lock:
            return self._matcher is not None and person_id in self._matcher

    # --- keeping in step -------------------------------------------------------------

    def warm(self) -> None:
        """One ranking that is thrown away: what the matcher reads at its first use is read now."""
        with self._lock:
            if self._matcher is not None:
                self._matcher.rank(["data-analyse", "beleidsadvies"], title="adviseur", limit=1, explain=False)

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

    def _query(self):
        return (sa_select(*COLUMNS).join(Person, Person.id == Profile.person_id)
                .where(Profile.visible == True))  # noqa: E712

    def _build(self, s: Session) -> None:
        matcher, facts = matching.Matcher(), _Facts()
        watermark = changes.start_watermark(s)  # before reading: a change meanwhile is read again
        for row in s.execute(self._query().order_by(Profile.person_id)).yield_per(5000):
            self._put(matcher, facts, row)
        self._matcher, self._facts, self._watermark, self.size = matcher, facts, watermark, len(matcher)

    @staticmethod
    def _put(matcher: matching.Matcher, facts: _Facts, row) -> None:
        matcher.upsert(candidate(*row[:5]))
        facts.put((row[0],) + tuple(row[5:]))

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
            for row in s.execute(self._query().where(col(Profile.person_id).in_(person_ids[start:start + 5000]))):
                found[row[0]] = tuple(row)
        for pid in person_ids:
            if pid in found:
                self._put(self._matcher, self._facts, found[pid])
            else:
                self._matcher.remove(pid)
                self._facts.drop(pid)
        self.size = len(self._matcher)

    # --- who may be asked --------------------------------------------------------------

    def _eligible(self, s: Session, klus, settings, now: datetime, only: int | None) -> tuple[np.ndarray, dict]:
        """(a mask over the slots of who may be asked for `klus`, free hours of the booked)."""
        f = self._facts
        n = f.size
        mask = f.alive[:n] & (f.hours[:n] >= klus.hours_per_week)
        mask &= (f.start[:n] == NO_DAY) | (f.start[:n] <= klus.start.toordinal())
        mask &= (f.until[:n] == NO_DAY) | (f.until[:n] >= klus.end.toordinal())
        # (no organisation is a value too: people without one, for a klus without one)
        same_org = f.org[:n] == (-1 if klus.organisation_id is None else klus.organisation_id)
        same_dept = f.dept[:n] == f.dept_id(klus.department or "")
        if klus.reach in ("organisation", "department"):
            mask &= same_org
        if klus.reach == "department":
            mask &= same_dept
        mask &= (f.pref[:n] != PREFERENCE_CODES["own_department"]) | (same_org & same_dept)
        if only is not None:
            keep = f.slot.get(only)
            only_mask = np.zeros(n, dtype=np.bool_)
            if keep is not None:
                only_mask[keep] = True
            mask &= only_mask
        asked, capped, booked = q.asked_capped_booked(s, klus, now - timedelta(days=7), settings.max_invites_per_week)
        free = {}
        for pid in (klus.owner_id, *asked, *capped):
            at = f.slot.get(pid)
            if at is not None:
                mask[at] = False
        for pid, hours in booked.items():
            at = f.slot.get(pid)
            if at is not None:
                free[pid] = f.hours[at] - hours
                if free[pid] < klus.hours_per_week:
                    mask[at] = False
        return mask, free

    def eligible(self, s: Session, klus, settings, now: datetime) -> set[int]:
        """The person ids who may be asked for `klus` now (for tests and `flexpool waarom`)."""
        with self._lock:
            self.sync(s)
            mask, _ = self._eligible(s, klus, settings, now, None)
            return set(self._facts.person[:self._facts.size][mask].tolist())

    # --- ranking ---------------------------------------------------------------------

    def rank(self, s: Session, klus, settings, now: datetime, limit: int | None = None,
             only: int | None = None) -> list[Ranked]:
        """Eligible people for `klus` in the order to ask them (score, then fairness), the
        first `limit` (all with None); with `only`, just that person if eligible."""
        if limit is not None and limit <= 0:
            return []
        skills = matching.split_terms(klus.skills)
        floor = settings.min_match_score
        with self._lock:
            self.sync(s)
            mask, free = self._eligible(s, klus, settings, now, only)
            eligible = int(np.count_nonzero(mask))
            if not eligible:
                return []
            facts, matcher = self._facts, self._matcher
            surprise = PREFERENCE_CODES["surprise"]

            def kept(match: matching.Match) -> bool:
                at = facts.slot[match.id]
                return bool(mask[at]) and match.score >= (floor / 2 if facts.pref[at] == surprise else floor)

            if eligible <= ALLOWED_SHARE * len(matcher):
                allowed = facts.person[:facts.size][mask].tolist()

                def head(count: int | None) -> tuple[list[matching.Match], bool]:
                    found = matcher.rank(skills, title=klus.title, limit=None, allowed=allowed,
                                         min_score=floor / 2, explain=False)
                    return [m for m in found if kept(m)], True
            else:
                # "surprise me" may be asked from half the floor: those few are ranked apart
                surprising = facts.person[:facts.size][mask & (facts.pref[:facts.size] == surprise)].tolist()
                extra = matcher.rank(skills, title=klus.title, limit=None, allowed=surprising,
                                     min_score=floor / 2, explain=False) if surprising else []

                def head(count: int | None) -> tuple[list[matching.Match], bool]:
                    wanted = None if count is None else max(4 * count, 64)
                    while True:  # the best of everyone above the floor, widened until enough are eligible
                        found = matcher.rank(skills, title=klus.title, limit=wanted, min_score=floor,
                                             explain=False)
                        everyone = wanted is None or len(found) < wanted
                        good = [m for m in found if kept(m)]
                        if extra:
                            have = {m.id for m in good}
                            last = (-found[-1].score, found[-1].id) if found else None
                            good += [m for m in extra if m.id not in have and kept(m)  # (those within the head)
                                     and (everyone or (-m.score, m.id) <= last)]
                            good.sort(key=lambda m: (-m.score, m.id))
                        if everyone or len(good) > count:
                            return good, everyone
                        wanted *= 4

            ordered = _fair_head(s, head, now, limit)
            if not ordered:
                return []
            ids = [m.id for m in ordered]
            explained = {m.id: m for m in matcher.rank(skills, title=klus.title, limit=None, allowed=ids)}
        loaded = {p.person_id: (p, person) for p, person in s.exec(
            select(Profile, Person).join(Person, Person.id == Profile.person_id)
            .where(col(Profile.person_id).in_(ids))).all()}
        out = []
        for m in ordered:
            if m.id not in loaded or m.id not in explained:
                continue  # (deleted between the queries)
            profile, person = loaded[m.id]
            out.append(Ranked(profile, person, explained[m.id], free.get(m.id, profile.hours_per_week)))
        return out


def _fair_head(s: Session, head, now: datetime, limit: int | None) -> list[matching.Match]:
    """The first `limit` of `fairness.order(kept, history)` over everyone kept, where
    `head(count)` gives the kept in score order — at least count + 1 of them, or all
    (then its flag says so). The history is read for a head only, and the head is taken
    when the next person's score (the most anyone further down can count for) falls in a
    lower band than the last place's (`fairness.order` never puts a lower band first), or
    when the last place was never asked (nobody further down can come before them)."""
    if limit is None:
        kept, _ = head(None)
        return fairness.order(kept, fairness.history(s, [m.id for m in kept], now))
    count = max(limit * 4, 50)
    while True:
        kept, everyone = head(count)
        part = kept[:count]
        history = fairness.history(s, [m.id for m in part], now)
        ordered = fairness.order(part, history)
        if len(kept) <= count and everyone:
            return ordered[:limit]
        if len(ordered) >= limit and len(kept) > count:
            last = ordered[limit - 1]
            known = history.get(last.id, fairness.NO_HISTORY)
            if known.recent == 0 and known.last_invited is None:
                # never asked: within their band nobody comes before them but a better score (or the
                # same and a lower id), and everyone further down has neither (a big pool: stop here,
                # not after reading the history of everyone in the band — 50,000 at 1,000,000)
                return ordered[:limit]
            last_band = fairness.band(last.score * fairness.decline_factor(known.declines_in_a_row))
            if fairness.band(kept[count].score) < last_band:
                return ordered[:limit]
        count *= 4


class OpenKlussen:
    """The open klussen of this process in a `Matcher` of their own (a klus "holds" the
    skills it asks and its title), to list them for one person (`/flexpool klussen`):
    the person's own terms are looked up in it, each once, instead of every klus being
    ranked against the person (5,000 open klussen: seconds → milliseconds).

    The score has the matcher's form — per asked skill the best likeness to a skill the
    person has (a want-to-learn counts `WANT_WEIGHT`), averaged, plus the job title against
    the klus's title — with the likeness read in this index (the klussen's words) rather
    than in one built of the person's words alone, so close scores may order differently
    than before issue 16. Kept in step by the listing's own query of all open klussen;
    filled at start by `bot.klussen.warm_up`."""

    def __init__(self) -> None:
        self._matcher = matching.Matcher()
        self._klussen: dict[int, tuple[str, str, list[int], int | None]] = {}  # id -> (skills, title, tids, title tid)
        self._lock = threading.Lock()

    def scores(self, rows, has: list[str], wants: list[str], title: str) -> dict[int, float]:
        """klus id -> score above 0, for `rows` of (id, skills, title) — every open klus: the
        index keeps just these — and a person's terms."""
        with self._lock:
            self._update(rows)
            m = self._matcher
            best: dict[int, float] = {}
            for terms, weight in ((has, 1.0), (wants, matching.WANT_WEIGHT)):
                for term in terms:
                    for tid, sim in m.has.similar(term, matching.SIM_CUTOFF):
                        value = sim / 100.0 * weight
                        if value > best.get(tid, 0.0):
                            best[tid] = value
            titled = {}
            if matching.compact(title):
                for letters in (False, True):
                    titled[letters] = dict(m.titles.similar(title, matching.TITLE_CUTOFF, letters=letters))
            out: dict[int, float] = {}
            for klus_id, _, _ in rows:
                _, _, tids, title_tid = self._klussen[klus_id]
                total = 0.0
                for tid in tids:
                    total += best.get(tid, 0.0) / len(tids)
                if titled and title_tid is not None:
                    sim = titled[not tids].get(title_tid)
                    if sim:
                        total += sim / 100.0 * (matching.TITLE_WEIGHT if tids else 1.0)
                score = float(np.rint(total * 10_000.0)) / 10_000.0
                if score > 0:
                    out[klus_id] = score
            return out

    def __contains__(self, klus_id: object) -> bool:
        with self._lock:
            return klus_id in self._klussen

    def keep(self, rows) -> None:
        """Index exactly the klussen of `rows` (id, skills, title): at start, before any listing."""
        with self._lock:
            self._update(rows)

    def _update(self, rows) -> None:
        m = self._matcher
        seen = set()
        for klus_id, skills, title in rows:
            seen.add(klus_id)
            known = self._klussen.get(klus_id)
            if known is not None and known[0] == skills and known[1] == title:
                continue
            asked = matching.split_terms(skills)
            m.upsert(matching.Candidate(klus_id, asked, [], title))
            tids = []
            for term in asked:
                tid = m.has.term_id(term, create=False)
                if tid is not None and tid not in tids:
                    tids.append(tid)
            self._klussen[klus_id] = (skills, title, tids, m.titles.term_id(title, create=False))
        for gone in [k for k in self._klussen if k not in seen]:
            m.remove(gone)
            del self._klussen[gone]
