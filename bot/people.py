"""People and their profiles: who is behind a platform user, the profile form and its
checks, visibility, deleting a profile, the weekly digest switch."""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import date

from sqlmodel import Session, col, select

from bot import cards, matching, nudge, organisations, placement
from bot.core import Actor, Core, actor_of, num, parse_number, profile_of, valid_zone
from bot.i18n import Join, T
from bot.oneline import parse_date, parse_profile
from bot.port import Choice, Form, FormErrors, FormField, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Invitation, Person, Profile

PREFERENCES = ("specific", "surprise", "own_department")
MAX_TERMS = 30
MAX_SCALE = 18
MAX_COST_CENTRE = 50  # kostenplaats (Profile.cost_centre)
YES = {"ja", "j", "yes", "y", "aan", "on", "true", "1", "zichtbaar", "visible"}
NO = {"nee", "n", "no", "uit", "off", "false", "0", "verborgen", "hidden", "pauze"}
PREFERENCE_WORDS = {
    "specific": "specific", "specifiek": "specific", "specifieke klussen": "specific",
    "specific jobs": "specific", "surprise": "surprise", "verras me": "surprise",
    "verrassing": "surprise", "surprise me": "surprise", "own_department": "own_department",
    "eigen afdeling": "own_department", "own department": "own_department",
    "in mijn eigen afdeling": "own_department",
}


def parse_scale(raw) -> str | None:
    """'schaal 10', 'Scale 10' or '10' → '10'; empty → ''; anything else → None."""
    text = " ".join(str(raw or "").lower().split())
    if not text:
        return ""
    found = re.fullmatch(r"(?:schaal|scale)?\s*(\d{1,2})", text)
    if found is None or not 1 <= int(found.group(1)) <= MAX_SCALE:
        return None
    return str(int(found.group(1)))


def person(service: Core, platform: str, workspace: str, user_id: str, name: str = "",
           lang: str | None = None, tz: str | None = None) -> Actor:
    """The person behind a platform user, created on first contact. The platform's name
    and time zone are kept up to date; the language only starts from the platform's
    locale (after that it is the person's own choice, in their profile)."""
    tz = tz if tz and valid_zone(tz) else None
    with transaction(service.engine) as s:
        query = select(Person).where(
            Person.platform == platform, Person.workspace == workspace, Person.user_id == user_id)
        person = s.exec(query).first()
        if person is None:
            org, source = organisations.for_new_person(s, platform, workspace)
            # (the same person's first two requests at once, through two servers: one inserts)
            person = q.insert_or_get(s, Person(platform=platform, workspace=workspace, user_id=user_id,
                                               name=name or user_id, lang=lang or service.settings.default_lang,
                                               tz=tz or service.settings.default_timezone, organisation_id=org,
                                               organisation_source=source, created_at=service.now()), query)
        elif (name and name != person.name) or (tz and tz != person.tz):
            person.name = name or person.name
            person.tz = tz or person.tz
            s.add(person)
        return actor_of(person)


def find_person(service: Core, name_or_id: str) -> Actor | None:
    """A person by user id or (part of) their name; for the terminal's `als <naam>`."""
    needle = name_or_id.strip().lower()
    with transaction(service.engine) as s:
        people = s.exec(select(Person).order_by(Person.id)).all()
    for person in people:
        if person.user_id.lower() == needle or person.name.lower() == needle:
            return actor_of(person)
    for person in people:
        if needle and needle in person.name.lower():
            return actor_of(person)
    return None


def people(service: Core) -> list[Actor]:
    with transaction(service.engine) as s:
        return [actor_of(p) for p in s.exec(select(Person).order_by(Person.id)).all()]


def profile_card(service: Core, actor: Actor) -> Reply:
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        if profile is None:
            return Reply.of(actor.lang, T("profile.none"), T("gap.quick"),
                            choices=[cards.make_profile_choice()])
        card = cards.profile_card(profile)
        missing = nudge.gaps(profile)
        if missing:  # what is missing, and what it costs
            card.text += [T("gap.intro")] + missing + [T("gap.quick")]
        return Reply([card], actor.lang)


def profile_form(service: Core, actor: Actor) -> Form:
    with transaction(service.engine) as s:
        p = profile_of(s, actor.id)
        missing = nudge.gaps_note(p)
    return Form(
        name="profile",
        title=T("form.profile.title"),
        submit=T("btn.save"),
        intro=missing,
        fields=[
            FormField("name", T("field.name"), required=True, initial=p.name if p else actor.name, max_length=100),
            FormField("job_title", T("field.job_title"), initial=p.job_title if p else "", max_length=100),
            FormField("department", T("field.department"), initial=p.department if p else "", max_length=100),
            FormField("skills", T("field.skills"), "textarea", initial=p.skills if p else "",
                      hint=T("hint.skills_endorsed", skills=p.endorsed) if p and p.endorsed else T("hint.skills"),
                      max_length=1000),
            FormField("wants", T("field.wants"), "textarea", initial=p.wants if p else "",
                      hint=T("hint.wants"), max_length=1000),
            FormField("hours_per_week", T("field.hours_per_week"), "number", required=True,
                      initial=num(p.hours_per_week) if p else "", max_length=5),
            FormField("available_from", T("field.available_from"), "date", initial=p.available_from if p else None),
            FormField("available_until", T("field.available_until"), "date", initial=p.available_until if p else None),
            FormField("visible", T("field.visible"), "select", required=True,
                      initial="ja" if (p and p.visible) else "nee",
                      options=(("ja", T("profile.visible")), ("nee", T("profile.hidden")))),
            FormField("preference", T("field.preference"), "select", required=True,
                      initial=p.preference if p else "specific",
                      options=tuple((v, T(f"preference.{v}")) for v in PREFERENCES)),
            FormField("line_manager", T("field.line_manager"), initial=p.line_manager if p else "", max_length=100),
            FormField("salary_scale", T("field.salary_scale"), initial=p.salary_scale if p else "", max_length=10),
            FormField("cost_centre", T("field.cost_centre"), initial=p.cost_centre if p else "",
                      max_length=MAX_COST_CENTRE),
            FormField("lang", T("field.lang"), "select", required=True, initial=actor.lang,
                      options=(("nl", T("lang.nl")), ("en", T("lang.en")))),
        ],
    )


def update_profile(service: Core, actor: Actor, values: dict[str, str],
                   session: Session | None = None) -> Reply | FormErrors:
    """Create or change the actor's profile from raw field values (form or one line).
    With `session` the change joins that transaction (the office's bulk import)."""
    clean, errors = validate_profile(service, values)
    if errors:
        return FormErrors(errors, clean.get("lang", actor.lang), "profile")
    with nullcontext(session) if session is not None else transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        created = profile is None
        if created:
            profile = Profile(person_id=actor.id, name=actor.name)
        lang = clean.pop("lang", None)
        for key, value in clean.items():
            setattr(profile, key, value)
        if profile.available_from and profile.available_until and profile.available_until < profile.available_from:
            s.rollback()  # the values set above must not be saved with the refusal
            return FormErrors({"available_until": T("err.until_before_from")}, actor.lang, "profile")
        profile.updated_at = service.now()
        s.add(profile)
        if lang:
            person = s.get(Person, actor.id)
            person.lang = lang
            s.add(person)
        s.flush()
        lang = lang or actor.lang
        card = cards.profile_card(profile)
        card.text = [T("profile.created" if created else "profile.saved")]
        return Reply([card], lang)


def update_profile_line(service: Core, actor: Actor, text: str) -> Reply:
    values, unknown = parse_profile(text)
    if unknown:
        return Reply.of(actor.lang, T("err.profile_line", parts=Join(unknown, "; ")), T("help.profile_line"))
    if not values:  # "/flexpool profiel ;"
        return Reply.of(actor.lang, T("err.profile_empty"), T("help.profile_line"))
    result = service.update_profile(actor, values)
    return cards.errors_as_reply(result, actor.lang)


def validate_profile(service: Core, values: dict[str, str]) -> tuple[dict, dict[str, T]]:
    clean: dict = {}
    errors: dict[str, T] = {}
    for key, raw in values.items():
        raw = (raw or "").strip() if isinstance(raw, str) else raw
        if key == "name":
            if not raw or len(raw) > 100:
                errors[key] = T("err.name")
            else:
                clean[key] = raw
        elif key in ("department", "job_title", "line_manager"):
            if len(raw) > 100:
                errors[key] = T("err.too_long", max=100)
            else:
                clean[key] = raw
        elif key in ("skills", "wants"):
            terms = matching.split_terms(raw)
            if len(terms) > MAX_TERMS or any(len(t) > 60 for t in terms):
                errors[key] = T("err.terms", max=MAX_TERMS)
            else:
                clean[key] = ", ".join(terms)
        elif key == "hours_per_week":
            hours = parse_number(raw)
            if hours is None or hours < 0 or hours > service.settings.max_hours_per_week:
                errors[key] = T("err.profile_hours", max=service.settings.max_hours_per_week)
            else:
                clean[key] = hours
        elif key in ("available_from", "available_until"):
            if not raw:
                clean[key] = None
            else:
                day = raw if isinstance(raw, date) else parse_date(raw, service.today())
                if day is None:
                    errors[key] = T("err.date", text=str(raw))
                else:
                    clean[key] = day
        elif key == "visible":
            word = str(raw).lower()
            if word in YES:
                clean[key] = True
            elif word in NO:
                clean[key] = False
            else:
                errors[key] = T("err.yes_no")
        elif key == "preference":
            pref = PREFERENCE_WORDS.get(str(raw).lower())
            if pref is None:
                errors[key] = T("err.preference")
            else:
                clean[key] = pref
        elif key == "lang":
            word = str(raw).lower()[:2]
            if word not in ("nl", "en"):
                errors[key] = T("err.lang")
            else:
                clean[key] = word
        elif key == "cost_centre":
            code = " ".join(str(raw).split())
            if len(code) > MAX_COST_CENTRE or not re.fullmatch(r"[\w.\-/ ]*", code):
                errors[key] = T("err.cost_centre", max=MAX_COST_CENTRE)
            else:
                clean[key] = code
        elif key == "salary_scale":
            scale = parse_scale(raw)
            if scale is None:
                errors[key] = T("err.scale")
            else:
                clean[key] = scale
    if "available_from" in clean and "available_until" in clean:
        if clean["available_from"] and clean["available_until"] and clean["available_until"] < clean["available_from"]:
            errors["available_until"] = T("err.until_before_from")
    return clean, errors


def set_visible(service: Core, actor: Actor, visible: bool) -> Reply:
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        if profile is None:
            return Reply.of(actor.lang, T("profile.none"),
                            choices=[cards.make_profile_choice()])
        profile.visible = visible
        profile.updated_at = service.now()
        s.add(profile)
        return Reply.of(actor.lang, T("profile.now_visible" if visible else "profile.now_hidden"))


def delete_profile(service: Core, actor: Actor, confirmed: bool = False) -> Reply:
    with transaction(service.engine) as s:
        profile = profile_of(s, actor.id)
        if profile is None:
            return Reply.of(actor.lang, T("profile.none"))
        if not confirmed:
            return Reply.of(actor.lang, T("profile.delete_confirm"), choices=[
                Choice("delete_profile_yes", "", T("btn.delete_yes"), "danger"),
                Choice("noop", "", T("btn.keep")),
            ])
        open_invitations = s.exec(select(Invitation).where(
            Invitation.person_id == actor.id, col(Invitation.status).in_(q.OUTSTANDING))
            .order_by(Invitation.klus_id)).all()
        for inv in open_invitations:
            q.lock_klus(s, inv.klus_id)
            placement.withdraw(service, s, inv, T("inv.withdrawn_profile_deleted"))
        s.delete(profile)
        return Reply.of(actor.lang, T("profile.deleted"))


def set_digest(service: Core, actor: Actor, on: bool) -> Reply:
    with transaction(service.engine) as s:
        person = s.get(Person, actor.id)
        person.digest = on
        s.add(person)
    return Reply.of(actor.lang, T("digest.on" if on else "digest.off"))


def endorse(service: Core, s: Session, person_id: int, skill: str) -> None:
    """An owner endorsed `skill` after a klus: it goes on the profile with a mark (and
    counts as a skill the person has), and off the "wil leren" list."""
    profile = profile_of(s, person_id)
    if profile is None:
        return
    key = matching.compact(skill)
    marks = matching.split_terms(profile.endorsed)
    if key not in {matching.compact(m) for m in marks}:
        profile.endorsed = ", ".join(marks + [skill])
    wants = matching.split_terms(profile.wants)
    profile.wants = ", ".join(w for w in wants if matching.compact(w) != key)
    profile.updated_at = service.now()
    s.add(profile)
