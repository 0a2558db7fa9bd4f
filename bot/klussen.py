"""Klussen: the form and its checks, posting (and the first invitations), the owner's
list, the open klussen a colleague may browse, the candidates, inviting by hand and
cancelling."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from bot import admins, cards, guard, matching, placement, ranking
from bot.core import Actor, Core, parse_number, profile_of
from bot.i18n import Join, T
from bot.oneline import KlusDraft, add_months, parse_date, parse_klus
from bot.port import Card, Choice, Form, FormErrors, FormField, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Klus, Person

LOCATIONS = ("remote", "hybrid", "on_site")
REACHES = ("department", "organisation", "all")
MAX_TITLE = 150
MAX_DESCRIPTION = 3000
MAX_PLACES = 50
MAX_TERMS = 30


def _load_shipped_skills() -> list[str]:
    path = Path(__file__).parent / "data" / "skills.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_SHIPPED_SKILLS = _load_shipped_skills()


def klus_form(service: Core, actor: Actor) -> Form:
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
    start = default_start(service)
    return Form(
        name="klus",
        title=T("form.klus.title"),
        submit=T("btn.post"),
        fields=[
            FormField("title", T("field.title"), required=True, max_length=MAX_TITLE, hint=T("hint.title")),
            FormField("description", T("field.description"), "textarea", required=True,
                      max_length=MAX_DESCRIPTION, hint=T("hint.description")),
            FormField("skills", T("field.skills_asked"), hint=T("hint.skills_asked"), max_length=500),
            FormField("hours_per_week", T("field.hours_per_week"), "number", required=True, max_length=5),
            FormField("start", T("field.start"), "date", required=True, initial=start),
            FormField("end", T("field.end"), "date", required=True, initial=start + timedelta(weeks=8, days=-1)),
            FormField("places", T("field.places"), "number", required=True, initial="1", max_length=3),
            FormField("department", T("field.department"), initial=profile.department if profile else "",
                      max_length=100),
            FormField("location", T("field.location"), "select", required=True, initial="remote",
                      options=tuple((v, T(f"location.{v}")) for v in LOCATIONS)),
            FormField("reach", T("field.reach"), "select", required=True, initial="organisation",
                      options=tuple((v, T(f"reach.{v}")) for v in REACHES)),
        ],
    )


def draft_from_form(service: Core, values: dict) -> tuple[KlusDraft, dict[str, T]]:
    """Form values (strings, or dates from a date picker) → a draft and per-field errors."""
    errors: dict[str, T] = {}
    today = service.today()
    draft = KlusDraft(
        title=str(values.get("title") or "").strip(),
        description=str(values.get("description") or "").strip(),
        skills=matching.split_terms(str(values.get("skills") or "")),
        department=str(values.get("department") or "").strip() or None,
        location=values.get("location") or None,
        reach=values.get("reach") or None,
    )
    for key in ("hours_per_week", "places"):
        raw = values.get(key)
        if raw not in (None, ""):
            number = parse_number(str(raw))
            if number is None:
                errors[key] = T("err.number")
            else:
                setattr(draft, key, int(number) if key == "places" and number.is_integer() else number)
    for key in ("start", "end"):
        raw = values.get(key)
        if isinstance(raw, date):
            setattr(draft, key, raw)
        elif raw:
            day = parse_date(str(raw), today)
            if day is None:
                errors[key] = T("err.date", text=str(raw))
            else:
                setattr(draft, key, day)
    return draft, errors


def default_start(service: Core) -> date:
    """The next Monday at least three days away, so the invited have time to answer
    (a klus posted at the weekend starts the Monday after next)."""
    today = service.today()
    start = today + timedelta(days=7 - today.weekday())
    return start + timedelta(days=7) if (start - today).days < 3 else start


def validate_klus(service: Core, draft: KlusDraft) -> tuple[dict, dict[str, T]]:
    """Check a draft; return the values to store and per-field errors."""
    errors: dict[str, T] = {}
    today = service.today()
    title = re.sub(r"\s+", " ", draft.title or "").strip()
    if not re.search(r"\w{2,}", title):
        errors["title"] = T("err.title")
    elif len(title) > MAX_TITLE:
        errors["title"] = T("err.too_long", max=MAX_TITLE)
    if len(draft.description or "") > MAX_DESCRIPTION:
        errors["description"] = T("err.too_long", max=MAX_DESCRIPTION)
    hours = draft.hours_per_week
    if hours is None:
        errors["hours_per_week"] = T("err.hours_missing")
    elif not 0 < hours <= service.settings.max_hours_per_week:
        errors["hours_per_week"] = T("err.hours", max=service.settings.max_hours_per_week)
    places = 1 if draft.places is None else draft.places
    if not isinstance(places, int) or not 1 <= places <= MAX_PLACES:
        errors["places"] = T("err.places", max=MAX_PLACES)
    start = draft.start or default_start(service)
    end = draft.end
    if draft.weeks is not None and end is None:
        if not 0 < draft.weeks <= 520:
            errors["end"] = T("err.weeks")
        else:
            end = start + timedelta(days=round(draft.weeks * 7) - 1)
    if draft.months is not None and end is None and "end" not in errors:
        if not 0 < draft.months <= 120:
            errors["end"] = T("err.weeks")
        else:
            end = add_months(start, draft.months) - timedelta(days=1)
    if start < today:
        errors["start"] = T("err.start_past", date=start)
    if end is None and "end" not in errors:
        errors["end"] = T("err.end_missing")
    elif end is not None and end < start:
        errors["end"] = T("err.end_before_start", start=start, end=end)
    elif end is not None and (end - start).days > service.settings.max_duration_days:
        errors["end"] = T("err.too_long_period", days=service.settings.max_duration_days,
                          years=round(service.settings.max_duration_days / 365, 1))
    errors.update(draft.problems)  # what the one-line parser could not read, under its own field
    location = draft.location or "remote"
    reach = draft.reach or "organisation"
    if location not in LOCATIONS:
        errors["location"] = T("err.choice")
    if reach not in REACHES:
        errors["reach"] = T("err.choice")
    skills = [s for s in draft.skills if s][:MAX_TERMS]
    if any(len(s) > 60 for s in skills):
        errors["skills"] = T("err.terms", max=MAX_TERMS)
    return {
        "title": title, "description": (draft.description or "").strip(), "skills": skills,
        "hours_per_week": hours, "start": start, "end": end, "places": places,
        "department": (draft.department or "").strip()[:100], "location": location, "reach": reach,
    }, errors


def post_klus_line(service: Core, actor: Actor, text: str) -> Reply:
    """`/klus <one line>`: post directly, or say exactly what to fix."""
    if not text.strip():
        return Reply.of(actor.lang, T("help.klus_line"))
    result = post_klus(service, actor, parse_klus(text, service.today(), actor.lang))
    return cards.errors_as_reply(result, actor.lang)


def post_klus(service: Core, actor: Actor, draft: KlusDraft) -> Reply | FormErrors:
    values, errors = validate_klus(service, draft)
    if errors:
        return FormErrors(errors, actor.lang)
    with transaction(service.engine) as s:
        # One post at a time per owner: the same klus twice, or too many, is refused (bot.guard).
        owner = s.exec(select(Person).where(Person.id == actor.id).with_for_update()).one()
        refused = guard.before_post(service, s, owner.id, values, actor.lang)
        if refused is not None:
            return refused
        profile = profile_of(s, actor.id)
        skills = values.pop("skills")
        derived = False
        if not skills:
            known = q.known_skill_terms(s) + _SHIPPED_SKILLS
            skills = matching.recognise(f"{values['title']} {values['description']}",
                                        [t for text in known for t in matching.split_terms(text)])
            derived = bool(skills)
        if not values["department"] and profile is not None:
            values["department"] = profile.department
        klus = Klus(owner_id=owner.id, organisation_id=owner.organisation_id, skills=", ".join(skills),
                    skills_derived=derived, created_at=service.now(), **values)
        s.add(klus)
        s.flush()
        invited = placement.top_up(service, s, klus)
        card = cards.klus_card(klus, T("klus.posted_title", title=klus.title))
        if derived:
            card.text.append(T("klus.skills_derived", skills=klus.skills))
        elif not skills:
            card.text.append(T("klus.no_skills"))
        if invited:
            card.text.append(T("klus.invited", names=Join([p.name for p, _ in invited])))
        else:
            card.text.append(T("klus.nobody", suggestions=cards.suggestions(klus)))
        card.choices = cards.owner_choices(klus)
        return Reply([card], actor.lang)


def my_klussen(service: Core, actor: Actor) -> Reply:
    with transaction(service.engine) as s:
        klussen = s.exec(select(Klus).where(Klus.owner_id == actor.id).order_by(col(Klus.id).desc()).limit(20)).all()
        if not klussen:
            return Reply.of(actor.lang, T("klus.mine_none"))
        shown = []
        for klus in klussen:
            card = cards.klus_card(klus, T("klus.line_title", title=klus.title))
            card.text = []
            if klus.status in ("open", "filled"):
                card.choices = cards.owner_choices(klus)
            shown.append(card)
        return Reply([Card(text=[T("klus.mine_header", count=len(klussen))])] + shown, actor.lang)


def open_klussen(service: Core, actor: Actor) -> Reply:
    """Open klussen that fit the actor's profile, best first, with a button to offer."""
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        klussen = s.exec(select(Klus).where(Klus.status == "open", Klus.owner_id != actor.id,
                                            Klus.start >= service.today())).all()
        mine = {i.klus_id for i in s.exec(select(Invitation).where(Invitation.person_id == actor.id)).all()}
        me = matching.Matcher()  # the actor alone, indexed once and ranked for each klus
        me.upsert(matching.Candidate(actor.id, matching.split_terms(profile.skills) if profile else [],
                                     matching.split_terms(profile.wants) if profile else [],
                                     profile.job_title if profile else ""))
        scored = []
        for klus in klussen:
            if klus.reach != "all" and klus.organisation_id != actor.organisation_id:
                continue
            if klus.reach == "department" and (not profile or profile.department.lower() != klus.department.lower()):
                continue
            found = me.rank(matching.split_terms(klus.skills), title=klus.title, limit=1)
            scored.append((found[0].score if found else 0.0, klus, found[0] if found else None))
        scored.sort(key=lambda x: (-x[0], x[1].start))
        if not scored:
            return Reply.of(actor.lang, T("klus.open_none"))
        shown = [Card(text=[T("klus.open_header")])]
        for score, klus, match in scored[:10]:
            card = cards.klus_card(klus, T("klus.line_title", title=klus.title))
            card.text = card.text[:1]
            if match and match.hits:
                card.text.append(T("inv.why", why=cards.why(ranking.reasons(match, None))))
            if klus.id not in mine:
                card.choices = [Choice("offer", str(klus.id), T("btn.offer"), "primary")]
            else:
                card.note = T("klus.already_involved")
            shown.append(card)
        if profile is None:
            shown[0].text.append(T("klus.open_no_profile"))
        return Reply(shown, actor.lang)


def candidates(service: Core, actor: Actor, klus_id: int) -> Reply:
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id)
        if denial:
            return denial
        invited = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
                         .where(Invitation.klus_id == klus.id).order_by(col(Invitation.score).desc())).all()
        shown = [Card(title=T("cand.title", title=klus.title))]
        for inv, person in invited:
            shown.append(Card(text=[T("cand.invited", name=person.name, status=T(f"inv.status.{inv.status}"),
                                      why=cards.why(inv.reasons))]))
        for profile, person, match, free in ranking.rank(service, s, klus)[:10]:
            choices = [Choice("invite", f"{klus.id}:{person.id}", T("btn.invite"))] if klus.status == "open" else []
            shown.append(Card(text=[T("cand.more", name=profile.name, why=cards.why(ranking.reasons(match, free)))],
                              choices=choices))
        if len(shown) == 1:
            shown[0].text.append(T("cand.none"))
        return Reply(shown, actor.lang)


def invite(service: Core, actor: Actor, klus_id: int, person_id: int) -> Reply:
    """The owner invites one candidate by hand (from the candidates list)."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id)
        if denial:
            return denial
        if klus.status != "open":
            return Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
        for profile, person, match, free in ranking.rank(service, s, klus):
            if person.id == person_id:
                placement.new_invitation(service, s, klus, person, match, free, s.get(Person, klus.owner_id))
                return Reply.of(actor.lang, T("cand.invited_now", name=profile.name))
        return Reply.of(actor.lang, T("cand.not_available"))


def cancel_klus(service: Core, actor: Actor, klus_id: int) -> Reply:
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id)
        if denial:
            return denial
        if klus.status not in ("open", "filled"):
            return Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
        updated = s.exec(placement.status_update(klus.id, ("open", "filled"), "cancelled", closed_at=service.now()))
        if updated.rowcount != 1:
            return Reply.of(actor.lang, T("klus.not_open", status=T("status.cancelled")))
        for inv in s.exec(select(Invitation).where(
                Invitation.klus_id == klus.id,
                col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))).all():
            placement.withdraw(service, s, inv, T("inv.withdrawn_cancelled", title=klus.title))
        return Reply.of(actor.lang, T("klus.cancelled", title=klus.title))


def owned_klus(service: Core, s: Session, actor: Actor, klus_id: int) -> tuple[Klus | None, Reply | None]:
    """The klus if the actor owns it (or is an admin), locked for this transaction."""
    klus = q.lock_klus(s, klus_id)
    if klus is None:
        return None, Reply.of(actor.lang, T("klus.unknown", id=klus_id))
    if klus.owner_id != actor.id and not service.is_admin(actor, s):
        return None, Reply.of(actor.lang, T("klus.not_yours"))
    if klus.owner_id != actor.id:  # an admin sees someone else's candidates: personal data, logged
        admins.record(service, s, actor, "klus_access", klus=klus.id, owner=s.get(Person, klus.owner_id).name)
    return klus, None


def submit_form(service: Core, actor: Actor, values: dict) -> Reply | FormErrors:
    """The klus form was sent: check it and post."""
    draft, errors = draft_from_form(service, values)
    if errors:
        return FormErrors(errors, actor.lang)
    return post_klus(service, actor, draft)
