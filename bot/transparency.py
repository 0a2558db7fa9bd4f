"""Transparency: why someone was (not) invited, and the matcher as the national
algorithm register describes algorithms.

`/flexpool waarom <klus-id>`: if you were invited, the reasons the matcher stored with
the invitation ("Power BI ✓ · SQL ✓ · 8 uur vrij") and its score. If not, every reason
that applies *now*, checked in the matcher's own order: not visible, outside the reach,
your preference, availability dates, too few free hours (booked klussen count), the
weekly cap on invitations, a score below the threshold — or that you fit but others
scored higher or the places were taken first. An admin may add `@iemand` (logged).

`flexpool algoritme` (and `/flexpool algoritme`): the description in the structure of
the Algoritmeregister (name, organisation, summary, purpose and impact, human oversight,
data, technical working, fairness and risk management, legal basis, retention,
contact), built from the live settings and the matcher's constants each time, so it
stays true when they change.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, func, select

from bot import admins, approval, cards, matching, privacy, ranking
from bot.core import Actor, Core, utc
from bot.i18n import Join, T, render
from bot.port import Card, Reply
from bot.scope import admin_scope, organisation_name, out_of_scope
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Organisation, Person, Profile



# --- /flexpool waarom ----------------------------------------------------------------------

def why_command(service: Core, actor: Actor, text: str = "") -> Reply:
    words = (text or "").strip().split(maxsplit=1)
    found = re.fullmatch(r"#?(\d{1,11})", words[0]) if words else None
    if found is None:
        return Reply.of(actor.lang, T("waarom.usage"))
    klus_id = int(found.group(1))
    target = actor
    if len(words) > 1:
        scope, refused = admin_scope(service, actor, "why_other")
        if refused:
            return refused
        target = privacy.find_target(service, actor, words[1])
        if target is None:
            return Reply.of(actor.lang, T("admin.unknown", who=words[1][:60]))
        with transaction(service.engine) as s:
            theirs = s.get(Person, target.id).organisation_id
            if not scope.covers(theirs):  # an organisation's admin: their own people only
                return out_of_scope(service, s, actor, "why_other", organisation_name(s, theirs))
    with transaction(service.engine) as s:
        klus = s.get(Klus, klus_id)
        if klus is None:
            return Reply.of(actor.lang, T("klus.unknown", id=klus_id))
        if target.id != actor.id:
            admins.record(service, s, actor, "why_other", name=target.name, klus=klus_id,
                          user=f"{target.platform}:{target.user_id}")
        return Reply([explain(service, s, klus, target.id)], actor.lang)


def explain(service: Core, s: Session, klus: Klus, person_id: int) -> Card:
    """The card that answers "why (not) me?" for `person_id` and `klus`."""
    person = s.get(Person, person_id)
    profile = s.exec(select(Profile).where(Profile.person_id == person_id)).first()
    inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                          Invitation.person_id == person_id)).first()
    in_reach = _reach_problem(s, klus, person, profile) is None
    title = T("waarom.title", id=klus.id, title=klus.title) if (inv or in_reach or klus.owner_id == person_id) \
        else T("waarom.title_hidden", id=klus.id)
    card = Card(title=title, note=T("waarom.note"))
    if klus.owner_id == person_id:
        card.text.append(T("waarom.own"))
        return card
    asks = q.poster_organisation(s, klus, person.organisation_id) if (inv or in_reach) else ""
    if asks:
        card.text.append(T("org.poster", organisation=asks))
    if inv is not None:
        when = utc(inv.created_at).astimezone(service.zone).replace(tzinfo=None)
        status = approval.colleague_status(s, inv, klus)  # on whom it waits, if it waits
        if inv.self_offered:
            card.text.append(T("waarom.self_offered", when=when, status=status))
        else:
            card.text.append(T("waarom.invited", when=when, status=status, score=round(inv.score * 100)))
        card.text.append(T("waarom.reasons", why=cards.why(inv.reasons)) if inv.reasons else T("waarom.reasons_gone"))
        return card
    reasons = not_invited(service, s, klus, person, profile)
    card.text.append(T("waarom.not_invited"))
    card.text.append(Join([T("waarom.bullet", text=r) for r in reasons], "\n"))
    return card


def _reach_problem(s: Session, klus: Klus, person: Person, profile: Profile | None) -> T | None:
    if klus.reach in ("organisation", "department") and person.organisation_id != klus.organisation_id:
        org = s.get(Organisation, klus.organisation_id) if klus.organisation_id else None
        return T("waarom.no.reach_organisation", organisation=org.name if org else "–",
                 reach=T(f"reach.{klus.reach}"))
    if klus.reach == "department" and (profile is None or profile.department.lower() != klus.department.lower()):
        return T("waarom.no.reach_department", department=klus.department or "–")
    return None


def not_invited(service: Core, s: Session, klus: Klus, person: Person, profile: Profile | None) -> list[T]:
    """Every reason that keeps `person` from an invitation for `klus`, as the matcher
    would see it now (bot.ranking.rank and storage.queries.eligible_profiles)."""
    settings = service.settings
    now = service.now()
    found: list[T] = []
    if klus.status != "open":
        found.append(T("waarom.no.closed", status=T(f"status.{klus.status}")))
    if profile is None:
        return found + [T("waarom.no.profile")]
    if not profile.visible:
        found.append(T("waarom.no.hidden"))
    reach = _reach_problem(s, klus, person, profile)
    if reach is not None:
        found.append(reach)
    if profile.preference == "own_department" and (
            person.organisation_id != klus.organisation_id or profile.department.lower() != klus.department.lower()):
        found.append(T("waarom.no.preference"))
    if profile.available_from and profile.available_from > klus.start:
        found.append(T("waarom.no.available_from", date=profile.available_from, start=klus.start))
    if profile.available_until and profile.available_until < klus.end:
        found.append(T("waarom.no.available_until", date=profile.available_until, end=klus.end))
    booked = q.booked_hours(s, [person.id], klus.start, klus.end).get(person.id, 0.0)
    free = profile.hours_per_week - booked
    if free < klus.hours_per_week:
        found.append(T("waarom.no.hours", free=max(free, 0), booked=booked, hours=klus.hours_per_week) if booked
                     else T("waarom.no.hours_profile", free=profile.hours_per_week, hours=klus.hours_per_week))
    week = s.exec(select(func.count()).select_from(Invitation).where(
        Invitation.person_id == person.id, Invitation.created_at >= now - timedelta(days=7),
        Invitation.self_offered == False)).one()  # noqa: E712
    if week >= settings.max_invites_per_week:
        found.append(T("waarom.no.weekly_cap", count=week, max=settings.max_invites_per_week))
    ranked = matching.rank(matching.split_terms(klus.skills), [matching.Candidate(
        person.id, ranking.has_skills(profile), matching.split_terms(profile.wants), profile.job_title)], title=klus.title)
    match = ranked[0] if ranked else None
    score = match.score if match else 0.0
    floor = settings.min_match_score / 2 if profile.preference == "surprise" else settings.min_match_score
    if score < floor:
        found.append(T("waarom.no.score", score=round(score * 100), floor=round(floor * 100),
                       skills=klus.skills or "–"))
    if found:
        return found
    # Nothing stops it now: they fit, but others came first.
    invited = s.exec(select(Invitation.score).where(Invitation.klus_id == klus.id,
                                                    Invitation.self_offered == False)).all()  # noqa: E712
    if invited and score < min(invited):
        found.append(T("waarom.no.ranked", score=round(score * 100), lowest=round(min(invited) * 100),
                       per_place=settings.invites_per_place))
    else:
        found.append(T("waarom.no.later", per_place=settings.invites_per_place))
    return found


# --- the algorithm register ------------------------------------------------------------------

SECTIONS = ("name", "organisation", "summary", "status", "purpose", "oversight", "data", "working", "fairness",
            "law", "retention", "contact")


def algorithm_card(service: Core) -> Card:
    """The description, every number taken from the settings and the matcher as they are now."""
    settings = service.settings
    with transaction(service.engine) as s:
        approving = [o.name for o in s.exec(select(Organisation).order_by(Organisation.name)).all()
                     if o.approval]
        organisations = s.exec(select(func.count()).select_from(Organisation)).one()
    lexicon = importlib.util.find_spec("bot.lexicon") is not None
    synonyms = Path(__file__).parent / "data" / "synonyms.tsv"
    contact = settings.contact or T("algo.contact_office")
    values = {
        "name": T("algo.name.text"),
        "organisation": T("algo.organisation.text", organisation=settings.organisation, count=organisations),
        "summary": T("algo.summary.text", per_place=settings.invites_per_place),
        "status": T("algo.status.text"),
        "purpose": T("algo.purpose.text"),
        "oversight": Join([
            T("algo.oversight.text", hours=settings.response_hours),
            T("algo.oversight.auto") if settings.auto_confirm else T("algo.oversight.manager"),
            T("algo.oversight.approval", organisations=Join(approving), hours=settings.approval_hours)
            if approving else T("algo.oversight.no_approval"),
        ], " "),
        "data": T("algo.data.text"),
        "working": Join([
            T("algo.working.text", want=round(getattr(matching, "WANT_WEIGHT", 0.5) * 100),
              title=round(getattr(matching, "TITLE_WEIGHT", 0.15) * 100),
              cutoff=round(getattr(matching, "SIM_CUTOFF", 80.0)),
              floor=round(settings.min_match_score * 100), surprise=round(settings.min_match_score * 50),
              per_place=settings.invites_per_place),
            T("algo.working.lexicon", synonyms=_lines(synonyms)) if lexicon else T("algo.working.spelling"),
        ], " "),
        "fairness": T("algo.fairness.text", cap=settings.max_invites_per_week, reminder=settings.reminder_hours,
                      hours=settings.response_hours),
        "law": T("algo.law.text"),
        "retention": T("algo.retention.text", months=settings.retention_months) if settings.retention_months
        else T("algo.retention.never"),
        "contact": T("algo.contact.text", contact=contact),
    }
    return Card(title=T("algo.title"),
                fields=[(T(f"algo.{name}"), values[name]) for name in SECTIONS],
                note=T("algo.note"))


def _lines(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
               and not line.startswith("#"))


def algorithm_command(service: Core, actor: Actor, text: str = "") -> Reply:
    return Reply([algorithm_card(service)], actor.lang)


def algorithm_text(service: Core, lang: str = "nl") -> str:
    """Plain text for the command line: one heading per register field."""
    card = algorithm_card(service)
    out = [render(card.title, lang), "=" * len(render(card.title, lang)), ""]
    for label, value in card.fields:
        heading = render(label, lang)
        out += [heading, "-" * len(heading), render(value, lang), ""]
    out.append(render(card.note, lang))
    return "\n".join(out).replace("*", "") + "\n"
