"""Who is asked first among people who fit a klus about equally well (issue 6: fairness).

The matcher says how well people fit; this module orders them so invitations spread over
the pool instead of going to the same few every time::

    from bot import fairness
    ordered = fairness.order(matches, fairness.history(session, [m.id for m in matches], now))

Rules, in order (`order`):

1. *Fit first, roughly.* People are grouped in bands of `BAND` (0.1) on their score; a
   better band always comes first, so fairness never puts a weak fit above a strong one.
2. *Declines in a row lower the order, never to nothing.* The score used for the band is
   multiplied by `DECLINE_DECAY` for every invitation someone declined (or let expire) in
   a row beyond the first (`DECLINE_GRACE`), most recent first, over the last
   `HISTORY_DAYS` days — an accept, or a match the owner turned down, ends the row — but
   never by less than `DECLINE_FLOOR`. Someone who declined three times in a row is asked
   after equally fitting colleagues, and still asked when they are the best there is.
3. *Less asked, first.* Within a band: fewer invitations in the last `RECENT_DAYS` days
   first, then the one asked longest ago (never asked: first of all), then the better
   score, then the lower id (so the order is always the same for the same data).

The weekly cap (`FLEXPOOL_MAX_INVITES_PER_WEEK`) is applied before this, in
`storage.queries.eligible_profiles`. Self-offers ("ik wil deze klus doen") are the
person's own initiative and do not count as being asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Mapping, Sequence, TypeVar

BAND = 0.1
DECLINE_GRACE = 1  # one decline is just a busy week
DECLINE_DECAY = 0.85
DECLINE_FLOOR = 0.4
RECENT_DAYS = 30
HISTORY_DAYS = 180

NOT_ACCEPTED = ("declined", "expired")
ACCEPTED = ("accepted", "confirmed", "rejected")  # rejected: they said yes, the owner chose another


@dataclass(frozen=True)
class History:
    """What the invitations so far say about one person."""

    recent: int = 0  # invitations in the last RECENT_DAYS days
    last_invited: datetime | None = None
    declines_in_a_row: int = 0


NO_HISTORY = History()


def decline_factor(declines_in_a_row: int) -> float:
    """How much of someone's score counts for their place in the order (1.0 .. DECLINE_FLOOR)."""
    return max(DECLINE_FLOOR, DECLINE_DECAY ** max(declines_in_a_row - DECLINE_GRACE, 0))


def summarise(invitations: Iterable[tuple[str, datetime]], now: datetime) -> History:
    """A person's History from their (status, created_at) invitations (not self-offered)."""
    rows = sorted(invitations, key=lambda row: row[1], reverse=True)
    since = now - timedelta(days=RECENT_DAYS)
    recent = sum(1 for _, at in rows if _aware(at, now) >= since)
    streak = 0
    for status, _ in rows:
        if status in NOT_ACCEPTED:
            streak += 1
        elif status in ACCEPTED:
            break
        # offered (still open) or withdrawn (klus filled or cancelled): says nothing either way
    return History(recent=recent, last_invited=rows[0][1] if rows else None, declines_in_a_row=streak)


def band(effective: float) -> int:
    """The band of an (effective) score: a better band always comes first in `order`."""
    return math.floor(round(effective / BAND, 6))


M = TypeVar("M")


def order(matches: Sequence[M], history: Mapping[int, History], score=lambda m: m.score,
          ident=lambda m: m.id) -> list[M]:
    """`matches` (anything with `.score` and `.id`, or say how with `score`/`ident`) in the
    order to ask them; see the module docstring."""
    def key(m):
        h = history.get(ident(m), NO_HISTORY)
        effective = score(m) * decline_factor(h.declines_in_a_row)
        band_ = band(effective)
        last = h.last_invited.timestamp() if h.last_invited is not None else float("-inf")
        return (-band_, h.recent, last, -effective, ident(m))

    return sorted(matches, key=key)


def history(session, person_ids: Iterable[int], now: datetime) -> dict[int, History]:
    """The History of each of `person_ids`, from the invitations of the last HISTORY_DAYS days."""
    from sqlmodel import col, select

    from storage.models import Invitation

    ids = list(person_ids)
    if not ids:
        return {}
    rows: dict[int, list[tuple[str, datetime]]] = {}
    for start in range(0, len(ids), 5000):  # keep IN lists a sane size
        chunk = ids[start:start + 5000]
        for person_id, status, created in session.exec(
                select(Invitation.person_id, Invitation.status, Invitation.created_at)
                .where(col(Invitation.person_id).in_(chunk), Invitation.self_offered == False,  # noqa: E712
                       Invitation.created_at >= now - timedelta(days=HISTORY_DAYS))):
            rows.setdefault(person_id, []).append((status, _aware(created, now)))
    return {pid: summarise(invitations, now) for pid, invitations in rows.items()}


def _aware(moment: datetime, like: datetime) -> datetime:
    """SQLite hands back naive datetimes: read them in the zone of `like` (UTC)."""
    if moment.tzinfo is None and like.tzinfo is not None:
        return moment.replace(tzinfo=like.tzinfo)
    return moment
