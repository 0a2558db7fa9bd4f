"""Klussen: the form and its checks, posting (and the first invitations), the owner's
list, the open klussen a colleague may browse (and their index, filled at a process's
start with `warm_up`), the candidates, inviting by hand and cancelling."""

from __future__ import annotations

import gc
import re
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot import admins, cards, guard, matching, notify, placement, ranking
from bot.core import Actor, Core, num, parse_id, parse_number, profile_of
from bot.i18n import Join, T
from bot.oneline import KlusDraft, add_months, parse_date, parse_klus
from bot.port import Card, Choice, Form, FormErrors, FormField, Reply
from bot.scope import organisation_name, out_of_scope, scope_of
from storage import queries as q
from storage.db import refresh_statistics, transaction
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


def klus_form(service: Core, actor: Actor, like: Klus | None = None) -> Form:
    """The klus form; `like` fills it in from an earlier klus ("Opnieuw plaatsen"), with
    the first possible start and the same length."""
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
    start = default_start(service)
    end = start + ((like.end - like.start) if like else timedelta(weeks=8, days=-1))
    return Form(
        name="klus",
        title=T("form.klus.title"),
        submit=T("btn.post"),
        fields=[
            FormField("title", T("field.title"), required=True, max_length=MAX_TITLE, hint=T("hint.title"),
                      initial=like.title if like else None),
            FormField("description", T("field.description"), "textarea", required=True,
                      max_length=MAX_DESCRIPTION, hint=T("hint.description"), initial=like.description if like else None),
            FormField("skills", T("field.skills_asked"), hint=T("hint.skills_asked"), max_length=500,
                      initial=like.skills if like and not like.skills_derived else None),
            FormField("hours_per_week", T("field.hours_per_week"), "number", required=True, max_length=5,
                      initial=num(like.hours_per_week) if like else None),
            FormField("start", T("field.start"), "date", required=True, initial=start),
            FormField("end", T("field.end"), "date", required=True, initial=end),
            FormField("places", T("field.places"), "number", required=True,
                      initial=str(like.places) if like else "1", max_length=3),
            FormField("department", T("field.department"), max_length=100,
                      initial=like.department if like else profile.department if profile else ""),
            FormField("location", T("field.location"), "select", required=True,
                      initial=like.location if like else "remote",
                      options=tuple((v, T(f"location.{v}")) for v in LOCATIONS)),
            FormField("reach", T("field.reach"), "select", required=True, initial=like.reach if like else "organisation",
                      options=tuple((v, T(f"reach.{v}")) for v in REACHES)),
        ],
        line="/klus " + one_line(like, start, end) if like else "",
    )


def one_line(klus: Klus, start: date, end: date) -> str:
    """The klus as a `/klus` one-liner (for the terminal, which has no forms)."""
    parts = [klus.title.replace(";", ","), f"{num(klus.hours_per_week)} uur per week", f"van {start} tot {end}",
             f"{klus.places} {'plek' if klus.places == 1 else 'plekken'}"]
    if klus.skills and not klus.skills_derived:
        parts.append(f"vaardigheden: {klus.skills}")
    if klus.department:
        parts.append(f"afdeling: {klus.department}")
    parts.append({"remote": "remote", "hybrid": "hybride", "on_site": "op locatie"}[klus.location])
    parts.append("bereik: " + {"department": "afdeling", "organisation": "organisatie", "all": "overheidsbreed"}[klus.reach])
    if klus.description:
        parts.append("omschrijving: " + " ".join(klus.description.split()).replace(";", ","))
    return "; ".join(parts)


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
        reader = s.get(Person, actor.id).organisation_id
        shown = []
        for klus in klussen:
            card = cards.klus_card(klus, T("klus.line_title", title=klus.title))
            asks = q.poster_organisation(s, klus, reader)  # moved organisation since it was posted
            card.text = [T("org.poster", organisation=asks)] if asks else []
            if klus.status in ("open", "filled"):
                card.choices = cards.owner_choices(klus, edit=True)
            elif klus.status in REPOSTABLE:
                card.choices = [cards.repost_choice(klus)]
            shown.append(card)
        return Reply([Card(text=[T("klus.mine_header", count=len(klussen))])] + shown, actor.lang)


def _open_rows(s: Session, today) -> list:
    """Every open klus not yet started, as plain rows (5,000 cost milliseconds, not an ORM load)."""
    return s.connection().execute(
        sa_select(Klus.id, Klus.skills, Klus.title, Klus.start, Klus.reach, Klus.organisation_id, Klus.department,
                  Klus.owner_id).where(Klus.status == "open", Klus.start >= today)).all()


def warm_up(service: Core) -> tuple[int, int, float]:
    """A process's start (`serve`, `socket`): what the first requests would otherwise wait
    for, done before them. (profiles indexed, open klussen indexed, seconds)"""
    started = time.perf_counter()
    refresh_statistics(service.engine)  # the planner knows the tables' sizes (after an import, say) from the start
    service.pool.build()
    with transaction(service.engine) as s:  # the open klussen's index, for the first `/flexpool klussen`
        rows = _open_rows(s, service.today())
    service.open_index.keep([(r.id, r.skills, r.title) for r in rows])
    # what the first klus would otherwise pay for (~250 ms): the lexicon's related words, read
    # at their first use, and the one-line parser's patterns, compiled at theirs
    service.pool.warm()
    parse_klus("Klus; vaardigheden: data-analyse; 4 uur per week; 6 weken; bereik: overheidsbreed", service.today())
    # the indexes live as long as the process: the collector stops walking them (a full
    # collection over 100,000 profiles' objects held up one request in twenty by ~150 ms)
    gc.freeze()
    return service.pool.size, len(rows), time.perf_counter() - started


def open_klussen(service: Core, actor: Actor) -> Reply:
    """Open klussen that fit the actor's profile, best first, with a button to offer."""
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        rows = _open_rows(s, service.today())
        mine = set(s.exec(select(Invitation.klus_id).where(Invitation.person_id == actor.id)).all())
        person = matching.Candidate(actor.id, matching.split_terms(profile.skills) if profile else [],
                                    matching.split_terms(profile.wants) if profile else [],
                                    profile.job_title if profile else "")
        # every open klus scored in this process's index of them (bot.pool.OpenKlussen), best first; the
        # index holds them all (whoever asks), so one colleague's list does not undo another's
        score = service.open_index.scores([(r.id, r.skills, r.title) for r in rows], list(person.skills),
                                          list(person.wants), person.title)
        department = profile.department.lower() if profile else None
        rows = [r for r in rows if r.owner_id != actor.id
                and (r.reach == "all" or r.organisation_id == actor.organisation_id)
                and (r.reach != "department" or (department is not None and department == r.department.lower()))]
        rows.sort(key=lambda r: (-score.get(r.id, 0.0), r.start))
        if not rows:
            return Reply.of(actor.lang, T("klus.open_none"))
        me = matching.Matcher()  # the actor alone: what each klus shown finds in their profile
        me.upsert(person)
        klussen = {k.id: k for k in s.exec(select(Klus).where(col(Klus.id).in_([r.id for r in rows[:10]])))}
        shown = [Card(text=[T("klus.open_header")])]
        for row in rows[:10]:
            klus = klussen[row.id]
            found = me.rank(matching.split_terms(klus.skills), title=klus.title, limit=1)
            match = found[0] if found else None
            card = cards.klus_card(klus, T("klus.line_title", title=klus.title))
            card.text = card.text[:1]
            asks = q.poster_organisation(s, klus, actor.organisation_id)
            if asks:
                card.text.append(T("org.poster", organisation=asks))
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
        for profile, person, match, free in ranking.rank(service, s, klus, limit=10):
            choices = [Choice("invite", f"{klus.id}:{person.id}", T("btn.invite"))] if klus.status == "open" else []
            shown.append(Card(text=[T("cand.more", name=profile.name, why=cards.why(ranking.reasons(match, free)))],
                              choices=choices))
        if len(shown) == 1:
            shown[0].text.append(T("cand.none"))
        return Reply(shown, actor.lang)


def invite(service: Core, actor: Actor, klus_id: int, person_id: int) -> Reply:
    """The owner invites one candidate by hand (from the candidates list)."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id, states=("open",))
        if denial:
            return denial
        for profile, person, match, free in ranking.rank(service, s, klus, only=person_id):
            if person.id == person_id:
                placement.new_invitation(service, s, klus, person, match, free, s.get(Person, klus.owner_id))
                return Reply.of(actor.lang, T("cand.invited_now", name=profile.name))
        return Reply.of(actor.lang, T("cand.not_available"))


def ask_cancel(service: Core, actor: Actor, klus_id: int) -> Reply:
    """"Klus annuleren": first the question, with who will be told; the answer's button
    asks for an optional reason that everyone involved sees."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id, states=("open", "filled"))
        if denial:
            return denial
        involved = _involved(s, klus.id)
        told = T("klus.cancel_tells", names=Join([p.name for _, p in involved])) if involved \
            else T("klus.cancel_tells_nobody")
        return Reply.of(actor.lang, T("klus.cancel_ask", title=klus.title), told, choices=[
            Choice("cancel_klus_yes", str(klus.id), T("btn.cancel_yes"), "danger", ask=T("ask.cancel_reason")),
            Choice("noop", "", T("btn.cancel_no")),
        ])


def cancel_klus(service: Core, actor: Actor, klus_id: int, reason: str = "") -> Reply:
    """Cancel an open or filled klus: everyone invited, accepted or confirmed is told,
    with the owner's reason when given."""
    reason = (reason or "").strip()[:500]
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id, states=("open", "filled"))
        if denial:
            return denial
        updated = s.exec(placement.status_update(klus.id, ("open", "filled"), "cancelled", closed_at=service.now()))
        if updated.rowcount != 1:
            return Reply.of(actor.lang, T("klus.not_open", status=T("status.cancelled")))
        told = T("inv.withdrawn_cancelled", title=klus.title)
        if reason:
            told = Join([told, T("klus.cancel_reason_shown", reason=reason)], " ")
        names = []
        for inv, person in _involved(s, klus.id):
            placement.withdraw(service, s, inv, told, T("acc.cancelled", name=person.name))
            names.append(person.name)
        return Reply.of(actor.lang, T("klus.cancelled_told" if names else "klus.cancelled_nobody",
                                      title=klus.title, names=Join(names)))


def _involved(s: Session, klus_id: int) -> list[tuple[Invitation, Person]]:
    """Everyone invited, accepted or confirmed on a klus."""
    return list(s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id).where(
        Invitation.klus_id == klus_id, col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))
        .order_by(Invitation.id)).all())


# --- changing a posted klus, posting one again ----------------------------------------------

EDITABLE = ("title", "description", "hours_per_week", "start", "end", "places")
REPOSTABLE = ("expired", "cancelled")


def edit_form(service: Core, actor: Actor, klus_id: int) -> Reply | Form:
    """"Wijzigen" on `/klus mijn`: the klus's own values in a form."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id, states=("open", "filled"))
        if denial:
            return denial
        return Form(
            name="klus_edit", title=T("form.klus_edit.title"), submit=T("btn.save"), context=str(klus.id),
            fields=[
                FormField("title", T("field.title"), required=True, max_length=MAX_TITLE, initial=klus.title),
                FormField("description", T("field.description"), "textarea", max_length=MAX_DESCRIPTION,
                          initial=klus.description),
                FormField("hours_per_week", T("field.hours_per_week"), "number", required=True, max_length=5,
                          initial=num(klus.hours_per_week)),
                FormField("start", T("field.start"), "date", required=True, initial=klus.start),
                FormField("end", T("field.end"), "date", required=True, initial=klus.end),
                FormField("places", T("field.places"), "number", required=True, initial=str(klus.places),
                          max_length=3),
            ],
            line=f"/klus wijzig {klus.id}; uren: {num(klus.hours_per_week)}; plekken: {klus.places}",
        )


def submit_edit(service: Core, actor: Actor, values: dict) -> Reply | FormErrors:
    """The edit form was sent (its context is the klus id)."""
    klus_id = parse_id(values.get("context"))
    if klus_id is None:
        return Reply.of(actor.lang, T("err.stale_button"))
    draft, errors = draft_from_form(service, {k: v for k, v in values.items() if k in EDITABLE})
    if errors:
        return FormErrors(errors, actor.lang)
    given = {k: getattr(draft, k) for k in EDITABLE if values.get(k) not in (None, "")}
    if "description" in values:
        given["description"] = draft.description
    return edit_klus(service, actor, klus_id, given)


def edit_line(service: Core, actor: Actor, text: str) -> Reply:
    """`/klus wijzig <nummer>; uren: 12; plekken: 3; tot 31 maart` (the terminal's form)."""
    head, _, rest = (text or "").strip().partition(";")
    klus_id = parse_id(head.strip().lstrip("#"))
    if klus_id is None or not rest.strip():
        return Reply.of(actor.lang, T("klus.edit_usage"))
    draft = parse_klus("titel-onveranderd; " + rest, service.today())
    given = {k: getattr(draft, k) for k in ("hours_per_week", "start", "end", "places") if getattr(draft, k) is not None}
    if draft.title and draft.title != "titel-onveranderd":
        given["title"] = draft.title
    if draft.description:
        given["description"] = draft.description
    if draft.weeks is not None or draft.months is not None or draft.not_understood:
        given["_draft"] = draft
    if not given:
        return Reply.of(actor.lang, T("klus.edit_usage"))
    return cards.errors_as_reply(edit_klus(service, actor, klus_id, given), actor.lang)


def edit_klus(service: Core, actor: Actor, klus_id: int, given: dict) -> Reply | FormErrors:
    """Change a posted (open or filled) klus. Fewer places than confirmed is refused; more
    hours or other dates re-check the free hours of everyone on it (who accepted or is
    confirmed must still fit; an open invitation that no longer fits is withdrawn); everyone
    invited, accepted or confirmed is told what changed."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id, states=("open", "filled"))
        if denial:
            return denial
        parsed = given.pop("_draft", None)
        draft = KlusDraft(title=given.get("title", klus.title), description=given.get("description", klus.description),
                          skills=matching.split_terms(klus.skills), hours_per_week=given.get("hours_per_week",
                                                                                              klus.hours_per_week),
                          start=given.get("start", klus.start), end=given.get("end"),
                          places=given.get("places", klus.places), department=klus.department,
                          location=klus.location, reach=klus.reach)
        if parsed is not None:
            draft.weeks, draft.months, draft.not_understood = parsed.weeks, parsed.months, parsed.not_understood
        if draft.end is None and draft.weeks is None and draft.months is None:
            draft.end = klus.end
        values, errors = validate_klus(service, draft)
        if values["start"] == klus.start and "start" in errors and klus.start < service.today():
            errors.pop("start")  # an unchanged start may lie in the past on the day it starts
        if errors:
            return FormErrors(errors, actor.lang)
        if values["places"] < klus.taken:
            return FormErrors({"places": T("klus.edit_places_below", taken=klus.taken)}, actor.lang)
        changes = _changes(klus, values)
        if not changes:
            return Reply.of(actor.lang, T("klus.edit_nothing", title=klus.title))
        involved = _involved(s, klus.id)
        short = _short_of_hours(s, klus, values, [p.id for inv, p in involved if inv.status != "offered"])
        if short:
            return FormErrors({"hours_per_week": T("klus.edit_hours_short", names=Join(short))}, actor.lang)
        for key in EDITABLE:
            setattr(klus, key, values[key])
        s.add(klus)
        s.flush()
        told = T("klus.edited_tell", title=klus.title, owner=actor.name, changes=Join(changes, "; "))
        owner = s.get(Person, klus.owner_id)
        names, dropped = [], []
        no_room = set(_short_of_hours(s, klus, values, [p.id for inv, p in involved if inv.status == "offered"],
                                      names=False))
        for inv, person in involved:
            if inv.status == "offered" and person.id in no_room:
                placement.withdraw(service, s, inv, Join([told, T("klus.edited_no_room")], " "))
                dropped.append(person.name)
                continue
            names.append(person.name)
            if inv.status == "offered":
                notify.send(service, s, person.id, cards.invitation_card(service, klus, inv, owner, q.asked_by(s, klus, inv)),
                            amends=f"inv:{inv.id}")
            notify.send(service, s, person.id, Card(text=[told]))
        if klus.status == "filled" and klus.taken < klus.places:
            s.exec(placement.status_update(klus.id, ("filled",), "open", filled_at=None))
        elif klus.status == "open" and klus.taken >= klus.places:
            s.exec(placement.status_update(klus.id, ("open",), "filled", filled_at=service.now()))
            s.refresh(klus)
            for other in q.outstanding(s, klus.id):
                placement.withdraw(service, s, other, T("inv.withdrawn_filled", title=klus.title))
        s.refresh(klus)
        invited = placement.top_up(service, s, klus)
        reply = [T("klus.edited", title=klus.title, changes=Join(changes, "; ")),
                 T("klus.edited_told", names=Join(names)) if names else T("klus.edited_told_nobody")]
        if dropped:
            reply.append(T("klus.edited_dropped", names=Join(dropped)))
        if invited:
            reply.append(T("klus.invited", names=Join([p.name for p, _ in invited])))
        card = cards.klus_card(klus, T("klus.line_title", title=klus.title))
        card.text = reply
        card.choices = cards.owner_choices(klus, edit=True)
        return Reply([card], actor.lang)


def _changes(klus: Klus, values: dict) -> list[T]:
    changes: list[T] = []
    if values["title"] != klus.title:
        changes.append(T("klus.changed.title", old=klus.title, new=values["title"]))
    if values["description"] != klus.description:
        changes.append(T("klus.changed.description"))
    if float(values["hours_per_week"]) != float(klus.hours_per_week):
        changes.append(T("klus.changed.hours", old=klus.hours_per_week, new=values["hours_per_week"]))
    if (values["start"], values["end"]) != (klus.start, klus.end):
        changes.append(T("klus.changed.period", old=T("period", start=klus.start, end=klus.end),
                         new=T("period", start=values["start"], end=values["end"])))
    if values["places"] != klus.places:
        changes.append(T("klus.changed.places", old=klus.places, new=values["places"]))
    return changes


def _short_of_hours(s: Session, klus: Klus, values: dict, person_ids: list[int], names: bool = True) -> list:
    """Who among `person_ids` would not have the hours for the klus as changed (their
    other klussen in the new period counted, this one not)."""
    if not person_ids:
        return []
    booked = q.booked_hours(s, person_ids, values["start"], values["end"])
    here = set(s.exec(select(Invitation.person_id).where(Invitation.klus_id == klus.id,
                                                         Invitation.status == "confirmed")).all())
    if klus.start <= values["end"] and klus.end >= values["start"]:  # this klus, as stored, is counted: not twice
        for person_id in here & set(booked):
            booked[person_id] -= klus.hours_per_week
    short = []
    for person_id in person_ids:
        profile = profile_of(s, person_id)
        free = (profile.hours_per_week if profile else 0.0) - booked.get(person_id, 0.0)
        if free < values["hours_per_week"]:
            short.append(s.get(Person, person_id).name if names else person_id)
    return short


def repost_form(service: Core, actor: Actor, klus_id: int) -> Reply | Form:
    """"Opnieuw plaatsen" on an expired or cancelled klus: the klus form, filled in."""
    with transaction(service.engine) as s:
        klus, denial = owned_klus(service, s, actor, klus_id)
        if denial:
            return denial
        if klus.status not in REPOSTABLE:
            return Reply.of(actor.lang, T("klus.repost_not_yet", status=T(f"status.{klus.status}")))
        like = Klus(**klus.model_dump())
    return klus_form(service, actor, like)


def owned_klus(service: Core, s: Session, actor: Actor, klus_id: int,
               states: tuple[str, ...] | None = None) -> tuple[Klus | None, Reply | None]:
    """The klus if the actor owns it (or is an admin), locked for this transaction; with
    `states`, only while the klus is in one of them (else why it can no longer be done)."""
    klus = q.lock_klus(s, klus_id)
    if klus is None:
        return None, Reply.of(actor.lang, T("klus.unknown", id=klus_id))
    scope = scope_of(service, actor, s) if klus.owner_id != actor.id else None
    if klus.owner_id != actor.id and scope is None:
        return None, Reply.of(actor.lang, T("klus.not_yours"))
    if scope is not None and not scope.covers(klus.organisation_id):  # another organisation's klus
        return None, out_of_scope(service, s, actor, "klus", organisation_name(s, klus.organisation_id))
    if klus.owner_id != actor.id:  # an admin sees someone else's candidates: personal data, logged
        admins.record(service, s, actor, "klus_access", klus=klus.id, owner=s.get(Person, klus.owner_id).name)
    if states is not None and klus.status not in states:
        return None, Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
    return klus, None


def submit_form(service: Core, actor: Actor, values: dict) -> Reply | FormErrors:
    """The klus form was sent: check it and post."""
    draft, errors = draft_from_form(service, values)
    if errors:
        return FormErrors(errors, actor.lang)
    return post_klus(service, actor, draft)
