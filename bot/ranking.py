"""Who fits a klus: the eligible people (visibility, free hours, dates, workload, reach,
preference), ranked by `bot.matching`, ordered fairly (`bot.fairness`), and the reasons
stored with each invitation so it can always be explained."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot import fairness, matching
from bot.core import Core
from storage import queries as q
from storage.models import Klus, Person, Profile


def has_skills(profile: Profile) -> list[str]:
    """What someone can do: their own skills plus those owners endorsed after a klus."""
    own = matching.split_terms(profile.skills)
    keys = {matching.compact(t) for t in own}
    return own + [t for t in matching.split_terms(profile.endorsed) if matching.compact(t) not in keys]


def reasons(match: matching.Match, free: float | None) -> dict:
    """What the matcher found, stored with the invitation so it can always be explained."""
    return {
        "has": [h.matched for h in match.has],
        "wants": [h.matched for h in match.wants],
        "title": next((h.matched for h in match.hits if h.kind == "title"), ""),
        "free": free,
    }


def rank(service: Core, s: Session, klus: Klus) -> list[tuple[Profile, Person, matching.Match, float]]:
    """Eligible people for `klus`, best first, with their free hours."""
    now = service.now()
    settings = service.settings
    rows = q.eligible_profiles(s, klus, klus.organisation_id, now - timedelta(days=7),
                               settings.max_invites_per_week)
    booked = q.booked_hours(s, [p.person_id for p, _ in rows], klus.start, klus.end)
    free = {p.person_id: p.hours_per_week - booked.get(p.person_id, 0.0) for p, _ in rows}
    rows = [(p, person) for p, person in rows if free[p.person_id] >= klus.hours_per_week
            and (p.preference != "own_department" or
                 (person.organisation_id == klus.organisation_id and p.department.lower() == klus.department.lower()))]
    if not rows:
        return []
    by_id = {p.person_id: (p, person) for p, person in rows}
    skills = matching.split_terms(klus.skills)
    matches = matching.rank(
        skills,
        [matching.Candidate(p.person_id, has_skills(p), matching.split_terms(p.wants), p.job_title)
         for p, _ in rows],
        title=klus.title, limit=None,
    )
    floor = settings.min_match_score
    kept = [m for m in matches if m.score >= (floor / 2 if by_id[m.id][0].preference == "surprise" else floor)]
    # Near-equal scores: whoever was asked less (longer ago) first; declines in a row lower the order (bot.fairness).
    kept = fairness.order(kept, fairness.history(s, [m.id for m in kept], now))
    return [(by_id[m.id][0], by_id[m.id][1], m, free[m.id]) for m in kept]
