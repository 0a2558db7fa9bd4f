"""Who fits a klus: the eligible people (visibility, free hours, dates, workload, reach,
preference), ranked by `bot.matching`, ordered fairly (`bot.fairness`), and the reasons
stored with each invitation so it can always be explained."""

from __future__ import annotations

from sqlmodel import Session

from bot import matching
from bot.core import Core
from bot.pool import candidate
from storage.models import Klus, Person, Profile


def has_skills(profile: Profile) -> list[str]:
    """What someone can do: their own skills plus those owners endorsed after a klus."""
    return list(candidate(profile.person_id, profile.skills, profile.endorsed, "", "").skills)


def reasons(match: matching.Match, free: float | None) -> dict:
    """What the matcher found, stored with the invitation so it can always be explained."""
    return {
        "has": [h.matched for h in match.has],
        "wants": [h.matched for h in match.wants],
        "title": next((h.matched for h in match.hits if h.kind == "title"), ""),
        "free": free,
    }


def rank(service: Core, s: Session, klus: Klus, limit: int | None = None,
         only: int | None = None) -> list[tuple[Profile, Person, matching.Match, float]]:
    """Eligible people for `klus`, best first (then fairness), with their free hours: the
    first `limit`; with `only`, that person if eligible. Ranked in this process's live
    index (bot.pool): the pool is not loaded for it."""
    return [(r.profile, r.person, r.match, r.free)
            for r in service.pool.rank(s, klus, service.settings, service.now(), limit=limit, only=only)]
