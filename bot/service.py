"""The domain: profiles, klussen, matching, invitations, stats. No chat platform here.

Every public method takes the acting `Person` first and returns what that person sees
(a `Reply`, a `Form` or `FormErrors`). Messages to anyone else are written to the
outbox in the same transaction as the change that causes them (`bot.outbox` delivers
them). Every state change is a conditional UPDATE inside one transaction, so a second
click, a retry or two people at once change nothing twice.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from bot import approval, charges, fairness, guard, matching, office, organisations, privacy
from bot.i18n import Join, T
from bot.messages import MESSAGES
from bot.oneline import KlusDraft, add_months, parse_date, parse_klus, parse_profile
from bot.port import Card, Choice, Form, FormErrors, FormField, Reply
from bot.settings import Settings
from storage import queries as q
from storage.db import transaction
from storage.models import Feedback, Invitation, Klus, Outbox, Person, Profile

LOCATIONS = ("remote", "hybrid", "on_site")
REACHES = ("department", "organisation", "all")
PREFERENCES = ("specific", "surprise", "own_department")
MAX_TITLE = 150
MAX_DESCRIPTION = 3000
MAX_PLACES = 50
MAX_TERMS = 30
YES = {"ja", "j", "yes", "y", "aan", "on", "true", "1", "zichtbaar", "visible"}
NO = {"nee", "n", "no", "uit", "off", "false", "0", "verborgen", "hidden", "pauze"}
PREFERENCE_WORDS = {
    "specific": "specific", "specifiek": "specific", "specifieke klussen": "specific",
    "specific jobs": "specific", "surprise": "surprise", "verras me": "surprise",
    "verrassing": "surprise", "surprise me": "surprise", "own_department": "own_department",
    "eigen afdeling": "own_department", "own department": "own_department",
    "in mijn eigen afdeling": "own_department",
}


@dataclass(frozen=True)
class Actor:
    """The acting person, detached from any session."""

    id: int
    platform: str
    workspace: str
    user_id: str
    name: str
    lang: str
    organisation_id: int | None


class Flexpool:
    def __init__(self, engine, settings: Settings, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.settings = settings
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.zone = ZoneInfo(settings.default_timezone)

    # --- time -----------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    # --- people -----------------------------------------------------------------------

    def person(self, platform: str, workspace: str, user_id: str, name: str = "",
               lang: str | None = None, tz: str | None = None) -> Actor:
        """The person behind a platform user, created on first contact. The platform's name
        and time zone are kept up to date; the language only starts from the platform's
        locale (after that it is the person's own choice, in their profile)."""
        tz = tz if tz and _valid_zone(tz) else None
        with transaction(self.engine) as s:
            person = s.exec(select(Person).where(
                Person.platform == platform, Person.workspace == workspace, Person.user_id == user_id)).first()
            if person is None:
                org, source = organisations.for_new_person(s, platform, workspace)
                person = Person(platform=platform, workspace=workspace, user_id=user_id,
                                name=name or user_id, lang=lang or self.settings.default_lang,
                                tz=tz or self.settings.default_timezone, organisation_id=org,
                                organisation_source=source)
                s.add(person)
                s.flush()
            elif (name and name != person.name) or (tz and tz != person.tz):
                person.name = name or person.name
                person.tz = tz or person.tz
                s.add(person)
            return self._actor(person)

    @staticmethod
    def _actor(person: Person) -> Actor:
        return Actor(person.id, person.platform, person.workspace, person.user_id, person.name,
                     person.lang, person.organisation_id)

    def is_admin(self, actor: Actor, session: Session | None = None) -> bool:
        """An admin by the settings (FLEXPOOL_ADMINS), or added in chat (`/flexpool admin add`).
        Inside a transaction pass its `session` (SQLite allows one writer at a time)."""
        return (office.settings_admin(self.settings, actor)
                or office.is_stored_admin(self.engine, actor.id, session))

    def find_person(self, name_or_id: str) -> Actor | None:
        """A person by user id or (part of) their name; for the terminal's `als <naam>`."""
        needle = name_or_id.strip().lower()
        with transaction(self.engine) as s:
            people = s.exec(select(Person).order_by(Person.id)).all()
        for person in people:
            if person.user_id.lower() == needle or person.name.lower() == needle:
                return self._actor(person)
        for person in people:
            if needle and needle in person.name.lower():
                return self._actor(person)
        return None

    def people(self) -> list[Actor]:
        with transaction(self.engine) as s:
            return [self._actor(p) for p in s.exec(select(Person).order_by(Person.id)).all()]

    # --- profiles ---------------------------------------------------------------------

    def profile_card(self, actor: Actor) -> Reply:
        with transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
            if profile is None:
                return Reply.of(actor.lang, T("profile.none"),
                                choices=[Choice("edit_profile", "", T("btn.make_profile"), "primary")])
            return Reply([self._profile_summary(profile)], actor.lang)

    def _profile_summary(self, profile: Profile) -> Card:
        return Card(
            title=T("profile.title", name=profile.name),
            fields=[
                (T("field.job_title"), profile.job_title or None),
                (T("field.department"), profile.department or None),
                (T("field.skills"), profile.skills or None),
                (T("field.wants"), profile.wants or None),
                (T("field.endorsed"), profile.endorsed or None),
                (T("field.hours_per_week"), T("duration.hours", hours=profile.hours_per_week)),
                (T("field.available"), self._availability(profile)),
                (T("field.preference"), T(f"preference.{profile.preference}")),
                (T("field.visible"), T("profile.visible" if profile.visible else "profile.hidden")),
            ] + ([(T("field.salary_scale"), profile.salary_scale)] if profile.salary_scale else []),
            choices=[
                Choice("edit_profile", "", T("btn.edit_profile"), "primary"),
                Choice("hide" if profile.visible else "show", "",
                       T("btn.pause" if profile.visible else "btn.show")),
                Choice("delete_profile", "", T("btn.delete_profile"), "danger"),
            ],
            note=None if profile.visible else T("profile.hidden_note"),
        )

    @staticmethod
    def _availability(profile: Profile):
        if profile.available_from and profile.available_until:
            return T("period", start=profile.available_from, end=profile.available_until)
        if profile.available_from:
            return T("from_date", date=profile.available_from)
        if profile.available_until:
            return T("until_date", date=profile.available_until)
        return T("always")

    def profile_form(self, actor: Actor) -> Form:
        with transaction(self.engine) as s:
            p = self._profile(s, actor.id)
        return Form(
            name="profile",
            title=T("form.profile.title"),
            submit=T("btn.save"),
            fields=[
                FormField("name", T("field.name"), required=True, initial=p.name if p else actor.name, max_length=100),
                FormField("job_title", T("field.job_title"), initial=p.job_title if p else "", max_length=100),
                FormField("department", T("field.department"), initial=p.department if p else "", max_length=100),
                FormField("skills", T("field.skills"), "textarea", initial=p.skills if p else "",
                          hint=T("hint.skills"), max_length=1000),
                FormField("wants", T("field.wants"), "textarea", initial=p.wants if p else "",
                          hint=T("hint.wants"), max_length=1000),
                FormField("hours_per_week", T("field.hours_per_week"), "number", required=True,
                          initial=_num(p.hours_per_week) if p else "", max_length=5),
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
                FormField("lang", T("field.lang"), "select", required=True, initial=actor.lang,
                          options=(("nl", T("lang.nl")), ("en", T("lang.en")))),
            ],
        )

    def update_profile(self, actor: Actor, values: dict[str, str],
                       session: Session | None = None) -> Reply | FormErrors:
        """Create or change the actor's profile from raw field values (form or one line).
        With `session` the change joins that transaction (the office's bulk import)."""
        clean, errors = self._validate_profile(values)
        if errors:
            return FormErrors(errors, clean.get("lang", actor.lang))
        with nullcontext(session) if session is not None else transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
            created = profile is None
            if created:
                profile = Profile(person_id=actor.id, name=actor.name)
            lang = clean.pop("lang", None)
            for key, value in clean.items():
                setattr(profile, key, value)
            if profile.available_from and profile.available_until and profile.available_until < profile.available_from:
                s.rollback()  # the values set above must not be saved with the refusal
                return FormErrors({"available_until": T("err.until_before_from")}, actor.lang)
            profile.updated_at = self.now()
            s.add(profile)
            if lang:
                person = s.get(Person, actor.id)
                person.lang = lang
                s.add(person)
            s.flush()
            lang = lang or actor.lang
            card = self._profile_summary(profile)
            card.text = [T("profile.created" if created else "profile.saved")]
            return Reply([card], lang)

    def update_profile_line(self, actor: Actor, text: str) -> Reply:
        values, unknown = parse_profile(text)
        if unknown or not values:
            return Reply.of(actor.lang, T("err.profile_line", parts=Join(unknown, "; ")), T("help.profile_line"))
        result = self.update_profile(actor, values)
        return self.errors_as_reply(result, actor.lang)

    def _validate_profile(self, values: dict[str, str]) -> tuple[dict, dict[str, T]]:
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
                hours = _parse_number(raw)
                if hours is None or hours < 0 or hours > self.settings.max_hours_per_week:
                    errors[key] = T("err.profile_hours", max=self.settings.max_hours_per_week)
                else:
                    clean[key] = hours
            elif key in ("available_from", "available_until"):
                if not raw:
                    clean[key] = None
                else:
                    day = raw if isinstance(raw, date) else parse_date(raw, self.today())
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
            elif key == "salary_scale":
                scale = office.parse_scale(raw)
                if scale is None:
                    errors[key] = T("err.scale")
                else:
                    clean[key] = scale
        if "available_from" in clean and "available_until" in clean:
            if clean["available_from"] and clean["available_until"] and clean["available_until"] < clean["available_from"]:
                errors["available_until"] = T("err.until_before_from")
        return clean, errors

    def set_visible(self, actor: Actor, visible: bool) -> Reply:
        with transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
            if profile is None:
                return Reply.of(actor.lang, T("profile.none"),
                                choices=[Choice("edit_profile", "", T("btn.make_profile"), "primary")])
            profile.visible = visible
            profile.updated_at = self.now()
            s.add(profile)
            return Reply.of(actor.lang, T("profile.now_visible" if visible else "profile.now_hidden"))

    def delete_profile(self, actor: Actor, confirmed: bool = False) -> Reply:
        with transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
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
                self._withdraw(s, inv, T("inv.withdrawn_profile_deleted"))
            s.delete(profile)
            return Reply.of(actor.lang, T("profile.deleted"))

    @staticmethod
    def _profile(s: Session, person_id: int) -> Profile | None:
        return s.exec(select(Profile).where(Profile.person_id == person_id)).first()

    # --- klussen ----------------------------------------------------------------------

    def klus_form(self, actor: Actor) -> Form:
        with transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
        start = self._default_start()
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

    def draft_from_form(self, values: dict) -> tuple[KlusDraft, dict[str, T]]:
        """Form values (strings, or dates from a date picker) → a draft and per-field errors."""
        errors: dict[str, T] = {}
        today = self.today()
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
                number = _parse_number(str(raw))
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

    def _default_start(self) -> date:
        """The next Monday at least three days away, so the invited have time to answer
        (a klus posted at the weekend starts the Monday after next)."""
        today = self.today()
        start = today + timedelta(days=7 - today.weekday())
        return start + timedelta(days=7) if (start - today).days < 3 else start

    def validate_klus(self, draft: KlusDraft) -> tuple[dict, dict[str, T]]:
        """Check a draft; return the values to store and per-field errors."""
        errors: dict[str, T] = {}
        today = self.today()
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
        elif not 0 < hours <= self.settings.max_hours_per_week:
            errors["hours_per_week"] = T("err.hours", max=self.settings.max_hours_per_week)
        places = 1 if draft.places is None else draft.places
        if not isinstance(places, int) or not 1 <= places <= MAX_PLACES:
            errors["places"] = T("err.places", max=MAX_PLACES)
        start = draft.start or self._default_start()
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
        elif end is not None and (end - start).days > self.settings.max_duration_days:
            errors["end"] = T("err.too_long_period", days=self.settings.max_duration_days,
                              years=round(self.settings.max_duration_days / 365, 1))
        for part in draft.not_understood:
            errors.setdefault("start" if "start" not in errors else "end", T("err.not_understood", text=part))
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

    def post_klus_line(self, actor: Actor, text: str) -> Reply:
        """`/klus <one line>`: post directly, or say exactly what to fix."""
        if not text.strip():
            return Reply.of(actor.lang, T("help.klus_line"))
        result = self.post_klus(actor, parse_klus(text, self.today()))
        return self.errors_as_reply(result, actor.lang)

    @staticmethod
    def errors_as_reply(result: Reply | FormErrors, lang: str) -> Reply:
        if isinstance(result, FormErrors):
            problems = [T("err.field", field=T(f"field.{name}") if f"field.{name}" in MESSAGES else name, error=err)
                        for name, err in result.errors.items()]
            return Reply.of(result.lang, T("err.fix_these"), *problems, note=T("help.klus_example"))
        return result

    def post_klus(self, actor: Actor, draft: KlusDraft) -> Reply | FormErrors:
        values, errors = self.validate_klus(draft)
        if errors:
            return FormErrors(errors, actor.lang)
        with transaction(self.engine) as s:
            # One post at a time per owner: the same klus twice, or too many, is refused (bot.guard).
            owner = s.exec(select(Person).where(Person.id == actor.id).with_for_update()).one()
            refused = guard.before_post(self, s, owner.id, values, actor.lang)
            if refused is not None:
                return refused
            profile = self._profile(s, actor.id)
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
                        skills_derived=derived, created_at=self.now(), **values)
            s.add(klus)
            s.flush()
            invited = self._top_up(s, klus)
            card = self._klus_card(klus, T("klus.posted_title", title=klus.title))
            if derived:
                card.text.append(T("klus.skills_derived", skills=klus.skills))
            elif not skills:
                card.text.append(T("klus.no_skills"))
            if invited:
                card.text.append(T("klus.invited", names=Join([p.name for p, _ in invited])))
            else:
                card.text.append(T("klus.nobody", suggestions=self._suggestions(klus)))
            card.choices = self._owner_choices(klus)
            return Reply([card], actor.lang)

    def _owner_choices(self, klus: Klus) -> list[Choice]:
        return [
            Choice("candidates", str(klus.id), T("btn.candidates")),
            Choice("cancel_klus", str(klus.id), T("btn.cancel_klus"), "danger"),
        ]

    def _klus_card(self, klus: Klus, title: T) -> Card:
        fields = [
            (T("field.hours_per_week"), T("duration.hours", hours=klus.hours_per_week)),
            (T("field.period"), T("period", start=klus.start, end=klus.end)),
            (T("field.places"), T("places.taken", taken=klus.taken, places=klus.places)),
            (T("field.location"), T(f"location.{klus.location}")),
        ]
        if klus.skills:
            fields.append((T("field.skills_asked"), klus.skills))
        if klus.department:
            fields.append((T("field.department"), klus.department))
        text = [T("quote", text=klus.description)] if klus.description else []
        return Card(title=title, text=text, fields=fields, note=T("klus.ref", id=klus.id, status=T(f"status.{klus.status}")))

    @staticmethod
    def _suggestions(klus: Klus) -> Join:
        tips = []
        if klus.hours_per_week > 8:
            tips.append(T("tip.fewer_hours"))
        if klus.skills:
            tips.append(T("tip.broader_skills"))
        tips.append(T("tip.longer_period"))
        if klus.reach != "all":
            tips.append(T("tip.wider_reach"))
        return Join(tips, "; ")

    def _rank(self, s: Session, klus: Klus) -> list[tuple[Profile, Person, matching.Match, float]]:
        """Eligible people for `klus`, best first, with their free hours."""
        now = self.now()
        rows = q.eligible_profiles(s, klus, klus.organisation_id, now - timedelta(days=7),
                                   self.settings.max_invites_per_week)
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
            [matching.Candidate(p.person_id, _has_skills(p), matching.split_terms(p.wants), p.job_title)
             for p, _ in rows],
            title=klus.title, limit=None,
        )
        floor = self.settings.min_match_score
        kept = [m for m in matches if m.score >= (floor / 2 if by_id[m.id][0].preference == "surprise" else floor)]
        # Near-equal scores: whoever was asked less (longer ago) first; declines in a row lower the order (bot.fairness).
        kept = fairness.order(kept, fairness.history(s, [m.id for m in kept], now))
        return [(by_id[m.id][0], by_id[m.id][1], m, free[m.id]) for m in kept]

    def _top_up(self, s: Session, klus: Klus) -> list[tuple[Person, Invitation]]:
        """Invite the next best people while places are open: N per open place in total."""
        if klus.status != "open":
            return []
        open_places = klus.places - klus.taken
        waiting = len(q.outstanding(s, klus.id))
        wanted = open_places * self.settings.invites_per_place - waiting
        if wanted <= 0:
            return []
        invited = []
        owner = s.get(Person, klus.owner_id)
        for profile, person, match, free in self._rank(s, klus)[:wanted]:
            inv = Invitation(klus_id=klus.id, person_id=person.id, score=match.score,
                             reasons=_reasons(match, free), created_at=self.now())
            s.add(inv)
            s.flush()
            self._notify(s, person.id, self._invitation_card(klus, inv, owner), key=f"inv:{inv.id}")
            invited.append((person, inv))
        return invited

    def _invitation_card(self, klus: Klus, inv: Invitation, owner: Person, outcome: T | None = None) -> Card:
        card = self._klus_card(klus, T("inv.title", title=klus.title))
        card.text.insert(0, T("inv.intro", owner=owner.name))
        card.text.append(T("inv.why", why=why(inv.reasons)))
        if outcome is None:
            deadline = inv.created_at + timedelta(hours=self.settings.response_hours)
            card.choices = [
                Choice("accept", str(inv.id), T("btn.accept"), "primary"),
                Choice("decline", str(inv.id), T("btn.decline"), "danger", ask=T("ask.decline_reason")),
                Choice("details", str(inv.id), T("btn.details")),
            ]
            card.note = T("inv.deadline", when=deadline.astimezone(self.zone).replace(tzinfo=None))
        else:
            card.text.append(outcome)
            card.note = None
        return card

    def my_klussen(self, actor: Actor) -> Reply:
        with transaction(self.engine) as s:
            klussen = s.exec(select(Klus).where(Klus.owner_id == actor.id).order_by(col(Klus.id).desc()).limit(20)).all()
            if not klussen:
                return Reply.of(actor.lang, T("klus.mine_none"))
            cards = []
            for klus in klussen:
                card = self._klus_card(klus, T("klus.line_title", title=klus.title))
                card.text = []
                if klus.status in ("open", "filled"):
                    card.choices = self._owner_choices(klus)
                cards.append(card)
            return Reply([Card(text=[T("klus.mine_header", count=len(klussen))])] + cards, actor.lang)

    def open_klussen(self, actor: Actor) -> Reply:
        """Open klussen that fit the actor's profile, best first, with a button to offer."""
        with transaction(self.engine) as s:
            profile = self._profile(s, actor.id)
            klussen = s.exec(select(Klus).where(Klus.status == "open", Klus.owner_id != actor.id,
                                                Klus.start >= self.today())).all()
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
            cards = [Card(text=[T("klus.open_header")])]
            for score, klus, match in scored[:10]:
                card = self._klus_card(klus, T("klus.line_title", title=klus.title))
                card.text = card.text[:1]
                if match and match.hits:
                    card.text.append(T("inv.why", why=why(_reasons(match, None))))
                if klus.id not in mine:
                    card.choices = [Choice("offer", str(klus.id), T("btn.offer"), "primary")]
                else:
                    card.note = T("klus.already_involved")
                cards.append(card)
            if profile is None:
                cards[0].text.append(T("klus.open_no_profile"))
            return Reply(cards, actor.lang)

    def candidates(self, actor: Actor, klus_id: int) -> Reply:
        with transaction(self.engine) as s:
            klus, denial = self._owned_klus(s, actor, klus_id)
            if denial:
                return denial
            invited = s.exec(select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
                             .where(Invitation.klus_id == klus.id).order_by(col(Invitation.score).desc())).all()
            cards = [Card(title=T("cand.title", title=klus.title))]
            for inv, person in invited:
                cards.append(Card(text=[T("cand.invited", name=person.name, status=T(f"inv.status.{inv.status}"),
                                          why=why(inv.reasons))]))
            for profile, person, match, free in self._rank(s, klus)[:10]:
                choices = [Choice("invite", f"{klus.id}:{person.id}", T("btn.invite"))] if klus.status == "open" else []
                cards.append(Card(text=[T("cand.more", name=profile.name, why=why(_reasons(match, free)))],
                                  choices=choices))
            if len(cards) == 1:
                cards[0].text.append(T("cand.none"))
            return Reply(cards, actor.lang)

    def invite(self, actor: Actor, klus_id: int, person_id: int) -> Reply:
        """The owner invites one candidate by hand (from the candidates list)."""
        with transaction(self.engine) as s:
            klus, denial = self._owned_klus(s, actor, klus_id)
            if denial:
                return denial
            if klus.status != "open":
                return Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
            for profile, person, match, free in self._rank(s, klus):
                if person.id == person_id:
                    inv = Invitation(klus_id=klus.id, person_id=person.id, score=match.score,
                                     reasons=_reasons(match, free), created_at=self.now())
                    s.add(inv)
                    s.flush()
                    self._notify(s, person.id, self._invitation_card(klus, inv, s.get(Person, klus.owner_id)),
                                 key=f"inv:{inv.id}")
                    return Reply.of(actor.lang, T("cand.invited_now", name=profile.name))
            return Reply.of(actor.lang, T("cand.not_available"))

    def cancel_klus(self, actor: Actor, klus_id: int) -> Reply:
        with transaction(self.engine) as s:
            klus, denial = self._owned_klus(s, actor, klus_id)
            if denial:
                return denial
            if klus.status not in ("open", "filled"):
                return Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
            updated = s.exec(_status_update(klus.id, ("open", "filled"), "cancelled", closed_at=self.now()))
            if updated.rowcount != 1:
                return Reply.of(actor.lang, T("klus.not_open", status=T("status.cancelled")))
            for inv in s.exec(select(Invitation).where(
                    Invitation.klus_id == klus.id,
                    col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))).all():
                self._withdraw(s, inv, T("inv.withdrawn_cancelled", title=klus.title))
            return Reply.of(actor.lang, T("klus.cancelled", title=klus.title))

    def _owned_klus(self, s: Session, actor: Actor, klus_id: int) -> tuple[Klus | None, Reply | None]:
        """The klus if the actor owns it (or is an admin), locked for this transaction."""
        klus = q.lock_klus(s, klus_id)
        if klus is None:
            return None, Reply.of(actor.lang, T("klus.unknown", id=klus_id))
        if klus.owner_id != actor.id and not self.is_admin(actor, s):
            return None, Reply.of(actor.lang, T("klus.not_yours"))
        if klus.owner_id != actor.id:  # an admin sees someone else's candidates: personal data, logged
            office.record(self, s, actor, "klus_access", klus=klus.id, owner=s.get(Person, klus.owner_id).name)
        return klus, None

    # --- invitations ------------------------------------------------------------------

    def _invitation_for(self, s: Session, actor: Actor, inv_id: int) -> tuple[Invitation | None, Reply | None]:
        """The actor's own invitation, its klus locked first (see `queries.lock_klus`)."""
        inv = s.get(Invitation, inv_id)
        if inv is None:
            return None, Reply.of(actor.lang, T("inv.unknown"))
        if inv.person_id != actor.id:
            return None, Reply.of(actor.lang, T("inv.not_yours"))
        q.lock_klus(s, inv.klus_id)
        s.refresh(inv)
        return inv, None

    def accept(self, actor: Actor, inv_id: int) -> Reply:
        with transaction(self.engine) as s:
            inv, denial = self._invitation_for(s, actor, inv_id)
            if denial:
                return denial
            klus = s.get(Klus, inv.klus_id)  # locked and fresh (populate_existing)
            full = klus.status != "open" or klus.taken >= klus.places
            if inv.status == "withdrawn" and klus.status == "filled":
                return Reply.of(actor.lang, T("inv.full", title=klus.title))  # someone was quicker
            if inv.status != "offered":
                return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
            if full:
                return Reply.of(actor.lang, T("inv.full", title=klus.title))
            if not q.transition(s, inv.id, ("offered",), "accepted", answered_at=self.now()):
                s.refresh(inv)
                return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
            s.refresh(inv)
            owner = s.get(Person, klus.owner_id)
            if self.settings.auto_confirm:
                return self._confirm(s, inv, klus, owner, actor.lang, by_owner=False)
            self._notify(s, actor.id, self._invitation_card(klus, inv, owner, T("inv.accepted_wait", owner=owner.name)),
                         amends=f"inv:{inv.id}")
            self._notify_owner_accept(s, klus, inv, actor.name)
            return Reply([], actor.lang)

    def _notify_owner_accept(self, s: Session, klus: Klus, inv: Invitation, name: str) -> None:
        self._notify(s, klus.owner_id, Card(
            title=T("acc.title", name=name, title=klus.title),
            text=[T("acc.text", name=name, why=why(inv.reasons), taken=klus.taken, places=klus.places)],
            choices=[Choice("confirm", str(inv.id), T("btn.confirm"), "primary"),
                     Choice("reject", str(inv.id), T("btn.reject"), "danger")],
        ), key=f"acc:{inv.id}")

    def offer(self, actor: Actor, klus_id: int) -> Reply:
        """A colleague offers themselves for an open klus (from `/flexpool klussen`)."""
        with transaction(self.engine) as s:
            klus = q.lock_klus(s, klus_id)
            if klus is None:
                return Reply.of(actor.lang, T("klus.unknown", id=klus_id))
            if klus.owner_id == actor.id:
                return Reply.of(actor.lang, T("offer.own"))
            if klus.status != "open" or klus.taken >= klus.places:
                return Reply.of(actor.lang, T("inv.full", title=klus.title))
            if not organisations.in_reach(klus, s.get(Person, actor.id), self._profile(s, actor.id)):
                return Reply.of(actor.lang, T("offer.outside_reach"))
            inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                                  Invitation.person_id == actor.id)).first()
            if inv is not None and inv.status == "offered":
                return self.accept(actor, inv.id)
            if inv is not None:
                return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
            profile = self._profile(s, actor.id)
            reasons = {"has": [], "wants": [], "free": profile.hours_per_week if profile else None, "self": True}
            if profile:
                found = matching.rank(matching.split_terms(klus.skills), [matching.Candidate(
                    actor.id, matching.split_terms(profile.skills), matching.split_terms(profile.wants),
                    profile.job_title)], title=klus.title)
                if found:
                    reasons = {**_reasons(found[0], profile.hours_per_week), "self": True}
            inv = Invitation(klus_id=klus.id, person_id=actor.id, status="accepted", self_offered=True,
                             reasons=reasons, created_at=self.now(), answered_at=self.now())
            s.add(inv)
            s.flush()
            if self.settings.auto_confirm:
                return self._confirm(s, inv, klus, s.get(Person, klus.owner_id), actor.lang, by_owner=False)
            self._notify_owner_accept(s, klus, inv, actor.name)
            return Reply.of(actor.lang, T("offer.sent", title=klus.title))

    def decline(self, actor: Actor, inv_id: int, reason: str = "") -> Reply:
        reason = (reason or "").strip()[:500]
        with transaction(self.engine) as s:
            inv, denial = self._invitation_for(s, actor, inv_id)
            if denial:
                return denial
            klus = s.get(Klus, inv.klus_id)
            was = inv.status
            if not q.transition(s, inv.id, q.OUTSTANDING, "declined", answered_at=self.now(), decline_reason=reason):
                s.refresh(inv)
                return Reply.of(actor.lang, T(f"inv.already.{inv.status}", title=klus.title))
            s.refresh(inv)
            owner = s.get(Person, klus.owner_id)
            self._notify(s, actor.id, self._invitation_card(klus, inv, owner, T("inv.declined_thanks")),
                         amends=f"inv:{inv.id}")
            if was == "accepted":
                self._notify(s, owner.id, Card(text=[T("acc.withdrawn", name=actor.name, title=klus.title)]),
                             amends=f"acc:{inv.id}")
            self._notify(s, owner.id, Card(text=[
                T("owner.declined_reason" if reason else "owner.declined", name=actor.name, title=klus.title,
                  reason=reason)]))
            self._after_loss(s, klus)
            return Reply([], actor.lang)

    def _after_loss(self, s: Session, klus: Klus) -> None:
        """Someone dropped out: invite the next candidates; tell the owner if nobody is left."""
        s.refresh(klus)
        if klus.status != "open":
            return
        invited = self._top_up(s, klus)
        if invited:
            self._notify(s, klus.owner_id, Card(text=[T("owner.next_invited", title=klus.title,
                                                        names=Join([p.name for p, _ in invited]))]))
        elif not q.outstanding(s, klus.id):
            self._notify(s, klus.owner_id, Card(
                text=[T("owner.nobody_left", title=klus.title, suggestions=self._suggestions(klus))],
                choices=self._owner_choices(klus)))

    def _owners_invitation(self, s: Session, actor: Actor, inv_id: int) -> tuple[Invitation, Klus, Reply | None]:
        """An invitation on a klus the actor owns (or administers), the klus locked first."""
        inv = s.get(Invitation, inv_id)
        if inv is None:
            return None, None, Reply.of(actor.lang, T("inv.unknown"))
        klus, denial = self._owned_klus(s, actor, inv.klus_id)
        if denial:
            return None, None, denial
        s.refresh(inv)
        return inv, klus, None

    def confirm(self, actor: Actor, inv_id: int) -> Reply:
        with transaction(self.engine) as s:
            inv, klus, denial = self._owners_invitation(s, actor, inv_id)
            if denial:
                return denial
            return self._confirm(s, inv, klus, s.get(Person, klus.owner_id), actor.lang, by_owner=True)

    def _confirm(self, s: Session, inv: Invitation, klus: Klus, owner: Person, lang: str, by_owner: bool) -> Reply:
        waiting = approval.gate(self, s, inv, klus, owner, lang, by_owner)  # the line manager's, if switched on
        if waiting is not None:
            return waiting
        person = s.get(Person, inv.person_id)
        if inv.status == "confirmed":
            return Reply.of(lang, T("acc.already_confirmed", name=person.name))
        if inv.status != "accepted":
            return Reply.of(lang, T("acc.not_accepted", name=person.name, status=T(f"inv.status.{inv.status}")))
        if not q.transition(s, inv.id, ("accepted",), "confirmed", decided_at=self.now()):
            s.refresh(inv)
            return Reply.of(lang, T("acc.not_accepted", name=person.name, status=T(f"inv.status.{inv.status}")))
        if not q.take_place(s, klus.id):
            # No place left (someone else was confirmed first): this one is withdrawn.
            q.transition(s, inv.id, ("confirmed",), "withdrawn", decided_at=self.now())
            s.refresh(inv)
            self._notify(s, person.id, self._invitation_card(klus, inv, owner, T("inv.full", title=klus.title)),
                         amends=f"inv:{inv.id}")
            if by_owner:
                self._notify(s, owner.id, Card(text=[T("acc.full", name=person.name)]), amends=f"acc:{inv.id}")
                return Reply.of(lang, T("acc.full", name=person.name))
            return Reply.of(lang, T("inv.full", title=klus.title))
        s.refresh(klus)
        s.refresh(inv)
        self._notify(s, person.id, self._invitation_card(klus, inv, owner, T("inv.confirmed", owner=owner.name,
                                                                              start=klus.start)),
                     amends=f"inv:{inv.id}")
        self._notify(s, person.id, Card(text=[T("inv.confirmed_dm", title=klus.title, owner=owner.name,
                                                start=klus.start, hours=klus.hours_per_week)]))
        confirmed_text = T("acc.confirmed", name=person.name, taken=klus.taken, places=klus.places)
        if by_owner:
            self._notify(s, owner.id, Card(text=[confirmed_text]), amends=f"acc:{inv.id}")
        else:
            self._notify(s, owner.id, Card(text=[T("acc.auto_confirmed", name=person.name, title=klus.title,
                                                   why=why(inv.reasons), taken=klus.taken, places=klus.places)]))
        if klus.taken >= klus.places:
            s.exec(_status_update(klus.id, ("open",), "filled", filled_at=self.now()))
            s.refresh(klus)
            names = [p.name for p in s.exec(select(Person).join(Invitation, Invitation.person_id == Person.id).where(
                Invitation.klus_id == klus.id, Invitation.status == "confirmed")).all()]
            for other in q.outstanding(s, klus.id):
                self._withdraw(s, other, T("inv.withdrawn_filled", title=klus.title))
            self._notify(s, owner.id, Card(text=[T("owner.filled", title=klus.title, names=Join(names))]))
        return Reply([], lang) if by_owner else Reply.of(lang, T("inv.confirmed_self", title=klus.title))

    def reject(self, actor: Actor, inv_id: int) -> Reply:
        """The owner does not take someone who accepted; the next candidate is invited."""
        with transaction(self.engine) as s:
            inv, klus, denial = self._owners_invitation(s, actor, inv_id)
            if denial:
                return denial
            person = s.get(Person, inv.person_id)
            if not q.transition(s, inv.id, ("accepted",), "rejected", decided_at=self.now()):
                s.refresh(inv)
                return Reply.of(actor.lang, T("acc.not_accepted", name=person.name,
                                              status=T(f"inv.status.{inv.status}")))
            s.refresh(inv)
            owner = s.get(Person, klus.owner_id)
            self._notify(s, person.id, self._invitation_card(klus, inv, owner, T("inv.rejected", owner=owner.name)),
                         amends=f"inv:{inv.id}")
            self._notify(s, owner.id, Card(text=[T("acc.rejected", name=person.name)]), amends=f"acc:{inv.id}")
            self._after_loss(s, klus)
            return Reply([], actor.lang)

    def details(self, actor: Actor, inv_id: int | None = None) -> Reply:
        """More about an invitation: the klus in full and who to ask."""
        with transaction(self.engine) as s:
            if inv_id is None:
                inv = self._latest_open_invitation(s, actor.id)
                if inv is None:
                    return Reply.of(actor.lang, T("dm.no_open"))
            else:
                inv, denial = self._invitation_for(s, actor, inv_id)
                if denial:
                    return denial
            klus = s.get(Klus, inv.klus_id)
            owner = s.get(Person, klus.owner_id)
            card = self._klus_card(klus, T("inv.title", title=klus.title))
            card.text.append(T("details.contact", owner=owner.name, platform_id=owner.user_id))
            if inv.status == "offered":
                card.choices = [Choice("accept", str(inv.id), T("btn.accept"), "primary"),
                                Choice("decline", str(inv.id), T("btn.decline"), "danger", ask=T("ask.decline_reason"))]
            return Reply([card], actor.lang)

    @staticmethod
    def _latest_open_invitation(s: Session, person_id: int) -> Invitation | None:
        return s.exec(select(Invitation).where(Invitation.person_id == person_id, Invitation.status == "offered")
                      .order_by(col(Invitation.id).desc())).first()

    def latest_open_invitation(self, actor: Actor) -> tuple[int, str] | None:
        """(invitation id, klus title) of the actor's newest unanswered invitation."""
        with transaction(self.engine) as s:
            inv = self._latest_open_invitation(s, actor.id)
            return (inv.id, s.get(Klus, inv.klus_id).title) if inv else None

    def my_invitations(self, actor: Actor) -> list[tuple[int, str, str]]:
        with transaction(self.engine) as s:
            rows = s.exec(select(Invitation, Klus).join(Klus, Klus.id == Invitation.klus_id).where(
                Invitation.person_id == actor.id, col(Invitation.status).in_(q.OUTSTANDING + ("confirmed",)))
                .order_by(col(Invitation.id).desc()).limit(20)).all()
            return [(inv.id, klus.title, inv.status) for inv, klus in rows]

    def _withdraw(self, s: Session, inv: Invitation, why_text: T) -> None:
        was = inv.status
        if not q.transition(s, inv.id, q.OUTSTANDING + ("confirmed",), "withdrawn", decided_at=self.now()):
            return
        s.refresh(inv)
        klus = s.get(Klus, inv.klus_id)
        owner = s.get(Person, klus.owner_id)
        self._notify(s, inv.person_id, self._invitation_card(klus, inv, owner, why_text), amends=f"inv:{inv.id}")
        if was == "accepted":
            person = s.get(Person, inv.person_id)
            self._notify(s, owner.id, Card(text=[T("acc.withdrawn_full", name=person.name)]), amends=f"acc:{inv.id}")

    def _notify(self, s: Session, person_id: int, card: Card, key: str = "", amends: str = "") -> None:
        """Queue a message in this transaction. New messages wait out the recipient's quiet
        hours; amendments (a button's outcome) go at once."""
        after = self.now() if amends else self._deliver_after(s, person_id)
        s.add(Outbox(person_id=person_id, key=key or amends, amends=amends, card=card.to_json(),
                     created_at=self.now(), next_attempt_at=after))

    # --- stats and the flexpool office (bot.office): admins only ----------------------

    def stats_data(self, period: "office.Period | None" = None) -> dict:
        return office.stats_data(self, period)

    def stats(self, actor: Actor, period: str = "") -> Reply:
        """`/flexpool stats [periode]`: the same figures as `flexpool stats` on the command line."""
        return office.stats(self, actor, period)

    def stats_card(self, period: "office.Period | None" = None) -> Card:
        return office.stats_card(self, period)

    def stats_chart(self, actor: Actor, period: str = "") -> Reply:
        return office.send_chart(self, actor, period)

    def export(self, actor: Actor, period: str = "") -> Reply:
        return office.export(self, actor, period)

    def import_profiles(self, actor: Actor, csv_text: str, source: str = "") -> Reply:
        """Bulk profiles from CSV text (a fetched link, a downloaded attachment)."""
        return office.import_profiles(self, actor, csv_text, source)

    def import_attachment(self, actor: Actor, name: str, size: int | None, download: Callable[[int], bytes],
                          kinds: tuple[str, ...] = ()) -> Reply:
        """A file attached in the bot's DM: checked (CSV, admin, size), downloaded by the
        handler's `download(limit)`, and its text passed to `import_profiles`."""
        return office.import_attachment(self, actor, name, size, download, kinds)

    def import_link(self, actor: Actor, text: str = "") -> Reply:
        return office.import_link(self, actor, text)

    def admin(self, actor: Actor, text: str = "") -> Reply:
        return office.admin(self, actor, text)

    def audit(self, actor: Actor, text: str = "") -> Reply:
        return office.audit(self, actor, text)

    def help(self, actor: Actor) -> Reply:
        return Reply.of(actor.lang, T("help.text"), T("help.klus_example"), title=T("help.title"))

    # --- time: reminders, expiry, start and end, feedback, digests --------------------
    # Each method finds due work in the database and marks it done in the same
    # transaction (a conditional update), so a restart neither loses nor repeats it.

    def remind_due(self) -> int:
        """One friendly reminder for invitations unanswered after the reminder time."""
        before = self.now() - timedelta(hours=self.settings.reminder_hours)
        done = 0
        with transaction(self.engine) as s:
            due = s.exec(select(Invitation).join(Klus, Klus.id == Invitation.klus_id).where(
                Invitation.status == "offered", Invitation.reminded_at == None,  # noqa: E711
                Invitation.created_at <= before, Klus.status == "open")).all()
            for inv in due:
                if not s.exec(_invitation_update(inv.id, reminded_at=self.now())).rowcount:
                    continue
                klus = s.get(Klus, inv.klus_id)
                owner = s.get(Person, klus.owner_id)
                deadline = inv.created_at + timedelta(hours=self.settings.response_hours)
                self._notify(s, inv.person_id, Card(
                    text=[T("time.reminder", owner=owner.name, title=klus.title,
                            when=deadline.astimezone(self.zone).replace(tzinfo=None))],
                    choices=[Choice("accept", str(inv.id), T("btn.accept"), "primary"),
                             Choice("decline", str(inv.id), T("btn.decline"), "danger", ask=T("ask.decline_reason")),
                             Choice("details", str(inv.id), T("btn.details"))]))
                done += 1
        return done

    def expire_due(self) -> int:
        """Invitations unanswered after the response time expire; the next candidates are asked."""
        before = self.now() - timedelta(hours=self.settings.response_hours)
        with transaction(self.engine) as s:
            klus_ids = sorted(set(s.exec(select(Invitation.klus_id).where(
                Invitation.status == "offered", Invitation.created_at <= before)).all()))
        done = 0
        for klus_id in klus_ids:
            with transaction(self.engine) as s:
                klus = q.lock_klus(s, klus_id)
                owner = s.get(Person, klus.owner_id)
                for inv in s.exec(select(Invitation).where(Invitation.klus_id == klus_id,
                                                           Invitation.status == "offered",
                                                           Invitation.created_at <= before)).all():
                    if q.transition(s, inv.id, ("offered",), "expired", decided_at=self.now()):
                        s.refresh(inv)
                        self._notify(s, inv.person_id, self._invitation_card(klus, inv, owner, T("time.expired")),
                                     amends=f"inv:{inv.id}")
                        done += 1
                self._after_loss(s, klus)
        return done

    def start_and_end_due(self) -> int:
        """Start date: filled/open klussen begin (or expire when nobody was found); a week
        before the end the owner is reminded; after the end date the klus is done, the hours
        are released and both sides are asked for feedback."""
        today = self.today()
        count = 0
        with transaction(self.engine) as s:
            starting = s.exec(select(Klus.id).where(col(Klus.status).in_(("open", "filled")), Klus.start <= today)).all()
            warn = s.exec(select(Klus.id).where(Klus.status == "running", Klus.end_warned_at == None,  # noqa: E711
                                                Klus.end <= today + timedelta(days=7), Klus.end >= today)).all()
            ending = s.exec(select(Klus.id).where(col(Klus.status).in_(("running",)), Klus.end < today)).all()
        for klus_id in starting:
            count += self._start(klus_id)
        for klus_id in warn:
            with transaction(self.engine) as s:
                klus = q.lock_klus(s, klus_id)
                if s.exec(_klus_update(klus_id, end_warned_at=self.now(), where_null="end_warned_at")).rowcount:
                    self._notify(s, klus.owner_id, Card(text=[T("time.end_soon", title=klus.title, end=klus.end)]))
                    count += 1
        for klus_id in ending:
            count += self._finish(klus_id)
        return count

    def _start(self, klus_id: int) -> int:
        with transaction(self.engine) as s:
            klus = q.lock_klus(s, klus_id)
            if klus.status not in ("open", "filled"):
                return 0
            new = "running" if klus.taken > 0 else "expired"
            s.exec(_status_update(klus.id, ("open", "filled"), new, started_at=self.now(),
                                  **({"closed_at": self.now()} if new == "expired" else {})))
            s.refresh(klus)
            for inv in q.outstanding(s, klus.id):
                self._withdraw(s, inv, T("time.withdrawn_started", title=klus.title))
            if new == "expired":
                self._notify(s, klus.owner_id, Card(text=[T("time.klus_expired", title=klus.title,
                                                            suggestions=self._suggestions(klus))]))
                return 1
            people = self._confirmed_people(s, klus.id)
            self._notify(s, klus.owner_id, Card(text=[T("time.starts_owner", title=klus.title,
                                                        names=Join([p.name for p in people]))]))
            for person in people:
                owner = s.get(Person, klus.owner_id)
                self._notify(s, person.id, Card(text=[T("time.starts", title=klus.title, owner=owner.name,
                                                        hours=klus.hours_per_week)]))
            return 1

    def _finish(self, klus_id: int) -> int:
        with transaction(self.engine) as s:
            klus = q.lock_klus(s, klus_id)
            if not s.exec(_status_update(klus.id, ("running",), "done", closed_at=self.now())).rowcount:
                return 0
            s.refresh(klus)
            for person in self._confirmed_people(s, klus.id):
                self._notify(s, klus.owner_id, self._feedback_owner_card(klus, person), key=f"fb:{klus.id}:{person.id}")
                self._notify(s, person.id, Card(
                    text=[T("fb.ask_colleague", title=klus.title)],
                    choices=[Choice("fb_rating", f"{klus.id}:{r}", T(f"fb.rating.{r}")) for r in (3, 2, 1)]),
                    key=f"fbr:{klus.id}:{person.id}")
            return 1

    def _feedback_owner_card(self, klus: Klus, person: Person, delivered: str = "",
                             endorsed: tuple[str, ...] = ()) -> Card:
        card = Card(title=T("fb.title", title=klus.title))
        if not delivered:
            card.text = [T("fb.ask_delivered", name=person.name)]
            card.choices = [Choice("fb_delivered", f"{klus.id}:{person.id}:{v}", T(f"fb.delivered.{v}"),
                                   "primary" if v == "yes" else None) for v in ("yes", "partly", "no")]
            return card
        card.text = [T("fb.thanks_delivered", answer=T(f"fb.delivered.{delivered}"))]
        skills = matching.split_terms(klus.skills)
        open_skills = [(i, term) for i, term in enumerate(skills) if term not in endorsed][:10]
        if open_skills:
            card.text.append(T("fb.ask_skills", name=person.name))
            card.choices = [Choice("fb_endorse", f"{klus.id}:{person.id}:{i}", T("fb.endorse", skill=term))
                            for i, term in open_skills]
        if endorsed:
            card.note = T("fb.endorsed", skills=Join(endorsed))
        return card

    @staticmethod
    def _confirmed_people(s: Session, klus_id: int) -> list[Person]:
        return list(s.exec(select(Person).join(Invitation, Invitation.person_id == Person.id).where(
            Invitation.klus_id == klus_id, Invitation.status == "confirmed").order_by(Person.id)).all())

    def feedback(self, actor: Actor, kind: str, value: str) -> Reply:
        """A feedback button: the owner on a colleague (delivered, skills shown) or a
        colleague on the klus (rating). Stored once per (klus, giver, about); repeatable."""
        parts = value.split(":")
        if not all(_parse_id(p) is not None for p in parts[:2]):
            return Reply.of(actor.lang, T("err.stale_button"))
        with transaction(self.engine) as s:
            klus = s.get(Klus, int(parts[0]))
            if klus is None:
                return Reply.of(actor.lang, T("klus.unknown", id=parts[0]))
            confirmed = {p.id for p in self._confirmed_people(s, klus.id)}
            if kind == "fb_rating":
                rating = int(parts[1])
                if actor.id not in confirmed or rating not in (1, 2, 3):
                    return Reply.of(actor.lang, T("fb.not_yours"))
                row = self._feedback_row(s, klus.id, actor.id, klus.owner_id)
                row.rating = rating
                s.add(row)
                self._notify(s, actor.id, Card(text=[T("fb.ask_colleague", title=klus.title),
                                                     T("fb.thanks_rating", answer=T(f"fb.rating.{rating}"))]),
                             amends=f"fbr:{klus.id}:{actor.id}")
                return Reply([], actor.lang)
            if klus.owner_id != actor.id or len(parts) != 3 or int(parts[1]) not in confirmed:
                return Reply.of(actor.lang, T("fb.not_yours"))
            person = s.get(Person, int(parts[1]))
            row = self._feedback_row(s, klus.id, actor.id, person.id)
            if kind == "fb_delivered":
                if parts[2] not in ("yes", "partly", "no"):
                    return Reply.of(actor.lang, T("err.stale_button"))
                row.delivered = parts[2]
            else:
                skills = matching.split_terms(klus.skills)
                index = _parse_id(parts[2])
                if index is None or index >= len(skills):
                    return Reply.of(actor.lang, T("err.stale_button"))
                endorsed = matching.split_terms(row.endorsed)
                if skills[index] not in endorsed:
                    row.endorsed = ", ".join(endorsed + [skills[index]])
                    profile = self._profile(s, person.id)
                    if profile is not None:
                        marks = matching.split_terms(profile.endorsed)
                        if matching.compact(skills[index]) not in {matching.compact(m) for m in marks}:
                            profile.endorsed = ", ".join(marks + [skills[index]])
                            s.add(profile)
            s.add(row)
            s.flush()
            self._notify(s, actor.id, self._feedback_owner_card(
                klus, person, row.delivered or "yes", tuple(matching.split_terms(row.endorsed))),
                amends=f"fb:{klus.id}:{person.id}")
            return Reply([], actor.lang)

    def _feedback_row(self, s: Session, klus_id: int, giver_id: int, about_id: int) -> Feedback:
        row = s.exec(select(Feedback).where(Feedback.klus_id == klus_id, Feedback.giver_id == giver_id,
                                            Feedback.about_id == about_id)).first()
        return row or Feedback(klus_id=klus_id, giver_id=giver_id, about_id=about_id, created_at=self.now())

    def set_digest(self, actor: Actor, on: bool) -> Reply:
        with transaction(self.engine) as s:
            person = s.get(Person, actor.id)
            person.digest = on
            s.add(person)
        return Reply.of(actor.lang, T("digest.on" if on else "digest.off"))

    def digests_due(self) -> int:
        """The weekly digest for people who asked for it: open klussen that fit them."""
        before = self.now() - timedelta(days=7)
        with transaction(self.engine) as s:
            due = s.exec(select(Person).where(Person.digest == True, or_(  # noqa: E712
                Person.last_digest_at == None, Person.last_digest_at <= before))).all()  # noqa: E711
            actors = [self._actor(p) for p in due]
        sent = 0
        for actor in actors:
            listing = self.open_klussen(actor)
            offers = [c for card in listing.cards for c in card.choices if c.action == "offer"][:5]
            with transaction(self.engine) as s:
                if not s.exec(_person_digest_update(actor.id, before, self.now())).rowcount:
                    continue
                if not offers:
                    continue  # nothing new this week: no message
                titles = [card.title for card in listing.cards if card.choices and card.title][:5]
                self._notify(s, actor.id, Card(title=T("digest.title"), text=[T("digest.intro")] + titles,
                                               choices=offers, note=T("digest.note")))
                sent += 1
        return sent

    def tick(self) -> dict[str, int]:
        """All due time-driven work, in a safe order."""
        return {
            "expired": self.expire_due(),
            "approvals_timed_out": approval.expire_due(self),
            "reminded": self.remind_due(),
            "started_or_ended": self.start_and_end_due(),
            "digests": self.digests_due(),
            "rounds_closed": self.close_rounds_due(),
            "anonymised": privacy.retention_due(self),
        }

    def close_rounds_due(self) -> int:
        """Matching rounds past their deadline: assign and invite (bot.rounds)."""
        from bot import rounds

        return rounds.close_due(self)

    def _deliver_after(self, s: Session, person_id: int) -> datetime:
        """Now, or the end of the recipient's quiet hours (evenings, nights, weekends)."""
        now = self.now()
        window = self.settings.quiet_window()
        if window is None and not self.settings.quiet_weekends:
            return now
        person = s.get(Person, person_id)
        try:
            zone = ZoneInfo(person.tz) if person and person.tz else self.zone
        except (KeyError, ValueError):
            zone = self.zone
        local = now.astimezone(zone)
        start_h, end_h = window if window else (24, 0)

        def quiet(moment: datetime) -> bool:
            night = (moment.hour >= start_h or moment.hour < end_h) if window else False
            return night or (self.settings.quiet_weekends and moment.weekday() >= 5)

        if not quiet(local):
            return now
        wake = local.replace(hour=end_h, minute=0, second=0, microsecond=0)
        if wake <= local:
            wake += timedelta(days=1)
        while quiet(wake):
            wake += timedelta(days=1)
        return wake.astimezone(timezone.utc)

    # --- buttons and forms, for the handlers -----------------------------------------

    def press(self, actor: Actor, action: str, value: str, text: str = "") -> Reply | Form:
        """A button was pressed: route it. Values come from the platform and are not trusted."""
        by_invitation = {"accept": self.accept, "details": self.details, "confirm": self.confirm,
                         "reject": self.reject, "decline": lambda a, i: self.decline(a, i, text or reason)}
        by_klus = {"candidates": self.candidates, "cancel_klus": self.cancel_klus, "offer": self.offer}
        simple = {"edit_profile": self.profile_form,
                  "hide": lambda a: self.set_visible(a, False), "show": lambda a: self.set_visible(a, True),
                  "delete_profile": self.delete_profile,
                  "delete_profile_yes": lambda a: self.delete_profile(a, confirmed=True),
                  "noop": lambda a: Reply.of(a.lang, T("ok"))}
        value, _, reason = str(value or "").partition("|")  # a decline may carry the reason typed in a DM
        handler = by_invitation.get(action) or by_klus.get(action)
        if handler is not None:
            ident = _parse_id(value)
            return handler(actor, ident) if ident is not None else Reply.of(actor.lang, T("err.stale_button"))
        if action == "invite":
            klus_id, _, person_id = (value or "").partition(":")
            if _parse_id(klus_id) is None or _parse_id(person_id) is None:
                return Reply.of(actor.lang, T("err.stale_button"))
            return self.invite(actor, int(klus_id), int(person_id))
        if action in ("fb_rating", "fb_delivered", "fb_endorse"):
            return self.feedback(actor, action, value)
        if action.startswith("round_"):
            from bot import rounds

            return rounds.press(self, actor, action, value)
        if action.startswith("office_"):
            return office.press(self, actor, action, value)
        if action.startswith("privacy_"):
            return privacy.press(self, actor, action, value)
        if action.startswith("appr_"):
            return approval.press(self, actor, action, value)
        if action.startswith("org_"):
            return organisations.press(self, actor, action, value)
        if action == "charges_csv":
            return charges.charges_csv_command(self, actor, value)
        if action in simple:
            return simple[action](actor)
        return Reply.of(actor.lang, T("err.stale_button"))

    def submit(self, actor: Actor, form: str, values: dict) -> Reply | FormErrors:
        if form == "profile":
            return self.update_profile(actor, values)
        if form == "klus":
            draft, errors = self.draft_from_form(values)
            if errors:
                return FormErrors(errors, actor.lang)
            return self.post_klus(actor, draft)
        return Reply.of(actor.lang, T("err.stale_button"))


def _status_update(klus_id: int, from_states: tuple[str, ...], to_state: str, **values):
    return update(Klus).where(Klus.id == klus_id, col(Klus.status).in_(from_states)).values(status=to_state, **values)


def _invitation_update(inv_id: int, **values):
    return update(Invitation).where(Invitation.id == inv_id, Invitation.reminded_at == None).values(**values)  # noqa: E711


def _klus_update(klus_id: int, where_null: str, **values):
    return update(Klus).where(Klus.id == klus_id, getattr(Klus, where_null) == None).values(**values)  # noqa: E711


def _person_digest_update(person_id: int, before: datetime, now: datetime):
    return update(Person).where(Person.id == person_id, or_(
        Person.last_digest_at == None, Person.last_digest_at <= before)).values(last_digest_at=now)  # noqa: E711


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (KeyError, ValueError):
        return False


def _parse_id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _parse_number(raw: str) -> float | None:
    text = (raw or "").strip().replace(",", ".")
    if not re.fullmatch(r"-?\d{1,6}(\.\d{1,3})?", text):
        return None
    return float(text)


def _has_skills(profile: Profile) -> list[str]:
    """What someone can do: their own skills plus those owners endorsed after a klus."""
    own = matching.split_terms(profile.skills)
    keys = {matching.compact(t) for t in own}
    return own + [t for t in matching.split_terms(profile.endorsed) if matching.compact(t) not in keys]


def _reasons(match: matching.Match, free: float | None) -> dict:
    """What the matcher found, stored with the invitation so it can always be explained."""
    return {
        "has": [h.matched for h in match.has],
        "wants": [h.matched for h in match.wants],
        "title": next((h.matched for h in match.hits if h.kind == "title"), ""),
        "free": free,
    }


def why(reasons: dict) -> Join:
    """'Power BI ✓ · SQL ✓ · wil leren: data-analyse · 8 uur vrij'."""
    parts: list = [T("why.has", skill=s) for s in reasons.get("has", [])]
    parts += [T("why.wants", skill=s) for s in reasons.get("wants", [])]
    if reasons.get("title"):
        parts.append(T("why.title", title=reasons["title"]))
    if reasons.get("free") is not None:
        parts.append(T("why.free", hours=reasons["free"]))
    if reasons.get("self"):
        parts.append(T("why.self"))
    return Join(parts or [T("why.nothing")], " · ")


def _load_shipped_skills() -> list[str]:
    path = Path(__file__).parent / "data" / "skills.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_SHIPPED_SKILLS = _load_shipped_skills()
