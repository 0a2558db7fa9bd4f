"""Cards and their buttons, each defined once: the klus, the invitation, the owner's
buttons, the profile, the feedback questions, and the "why" line. Pure functions of
stored rows: no database access, no sending (that is `bot.notify`)."""

from __future__ import annotations

from datetime import timedelta

from bot import matching
from bot.core import Core
from bot.i18n import Join, T
from bot.messages import MESSAGES
from bot.port import Card, Choice, FormErrors, Reply
from storage.models import Invitation, Klus, Person, Profile


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


# --- buttons ----------------------------------------------------------------------------

def invitation_choices(inv_id: int, details: bool = True) -> list[Choice]:
    """The buttons of an open invitation: accept, decline (asks a reason), tell me more."""
    choices = [
        Choice("accept", str(inv_id), T("btn.accept"), "primary"),
        Choice("decline", str(inv_id), T("btn.decline"), "danger", ask=T("ask.decline_reason")),
    ]
    if details:
        choices.append(Choice("details", str(inv_id), T("btn.details")))
    return choices


def acceptance_choices(inv_id: int) -> list[Choice]:
    """The owner's buttons on someone who accepted: confirm or reject."""
    return [Choice("confirm", str(inv_id), T("btn.confirm"), "primary"),
            Choice("reject", str(inv_id), T("btn.reject"), "danger", ask=T("ask.reject_reason"))]


def owner_choices(klus: Klus, edit: bool = False) -> list[Choice]:
    """The owner's buttons on their own open or filled klus (`edit`: with "Wijzigen")."""
    return [Choice("candidates", str(klus.id), T("btn.candidates"))] + (
        [Choice("edit_klus", str(klus.id), T("btn.edit_klus"))] if edit else []) + [
        Choice("cancel_klus", str(klus.id), T("btn.cancel_klus"), "danger")]


def repost_choice(klus: Klus) -> Choice:
    """"Opnieuw plaatsen" on an expired or cancelled klus: the form, filled in."""
    return Choice("repost_klus", str(klus.id), T("btn.repost_klus"), "primary")


def make_profile_choice() -> Choice:
    return Choice("edit_profile", "", T("btn.make_profile"), "primary")


# --- cards ------------------------------------------------------------------------------

def klus_card(klus: Klus, title: T) -> Card:
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


def invitation_card(service: Core, klus: Klus, inv: Invitation, owner: Person, asks: str = "",
                    outcome: T | None = None) -> Card:
    """The invitation as the colleague sees it: with its buttons while open, with the
    `outcome` (and no buttons) once something happened to it. `asks`: the organisation that
    asks, when it is not the colleague's own (`storage.queries.asked_by`)."""
    card = klus_card(klus, T("inv.title", title=klus.title))
    card.text.insert(0, T("inv.intro", owner=owner.name))
    if asks:
        card.text.insert(1, T("org.poster", organisation=asks))
    card.text.append(T("inv.why", why=why(inv.reasons)))
    if outcome is None:
        card.choices = invitation_choices(inv.id)
        card.note = T("inv.deadline", when=deadline(service, inv))
    else:
        card.text.append(outcome)
        card.note = None
    return card


def deadline(service: Core, inv: Invitation):
    """When an unanswered invitation expires, in local time (for display)."""
    due = inv.created_at + timedelta(hours=service.settings.response_hours)
    return due.astimezone(service.zone).replace(tzinfo=None)


def acceptance_card(klus: Klus, inv: Invitation, name: str) -> Card:
    """To the owner: someone accepted (or offered themselves); confirm or reject."""
    return Card(
        title=T("acc.title", name=name, title=klus.title),
        text=[T("acc.text", name=name, why=why(inv.reasons), taken=klus.taken, places=klus.places)],
        choices=acceptance_choices(inv.id),
    )


def suggestions(klus: Klus) -> Join:
    tips = []
    if klus.hours_per_week > 8:
        tips.append(T("tip.fewer_hours"))
    if klus.skills:
        tips.append(T("tip.broader_skills"))
    tips.append(T("tip.longer_period"))
    if klus.reach != "all":
        tips.append(T("tip.wider_reach"))
    return Join(tips, "; ")


def availability(profile: Profile):
    if profile.available_from and profile.available_until:
        return T("period", start=profile.available_from, end=profile.available_until)
    if profile.available_from:
        return T("from_date", date=profile.available_from)
    if profile.available_until:
        return T("until_date", date=profile.available_until)
    return T("always")


def profile_card(profile: Profile) -> Card:
    return Card(
        title=T("profile.title", name=profile.name),
        fields=[
            (T("field.job_title"), profile.job_title or None),
            (T("field.department"), profile.department or None),
            (T("field.skills"), profile.skills or None),
            (T("field.wants"), wants_not_endorsed(profile) or None),
            (T("field.endorsed"), profile.endorsed or None),
            (T("field.hours_per_week"), T("duration.hours", hours=profile.hours_per_week)),
            (T("field.available"), availability(profile)),
            (T("field.preference"), T(f"preference.{profile.preference}")),
            (T("field.visible"), T("profile.visible" if profile.visible else "profile.hidden")),
        ] + ([(T("field.salary_scale"), profile.salary_scale)] if profile.salary_scale else [])
          + ([(T("field.cost_centre"), profile.cost_centre)] if profile.cost_centre else []),
        choices=[
            Choice("edit_profile", "", T("btn.edit_profile"), "primary"),
            Choice("hide" if profile.visible else "show", "",
                   T("btn.pause" if profile.visible else "btn.show")),
            Choice("delete_profile", "", T("btn.delete_profile"), "danger"),
        ],
        note=None if profile.visible else T("profile.hidden_note"),
    )


def wants_not_endorsed(profile: Profile) -> str:
    """What someone wants to learn, without what an owner has since endorsed."""
    done = {matching.compact(t) for t in matching.split_terms(profile.endorsed)}
    return ", ".join(t for t in matching.split_terms(profile.wants) if matching.compact(t) not in done)


def feedback_owner_card(klus: Klus, person: Person, delivered: str = "", endorsed: tuple[str, ...] = ()) -> Card:
    card = Card(title=T("fb.title", title=klus.title))
    if not delivered:
        card.text = [T("fb.ask_delivered", name=person.name)]
        card.choices = [Choice("fb_delivered", f"{klus.id}:{person.id}:{v}", T(f"fb.delivered.{v}"),
                               "primary" if v == "yes" else None) for v in ("yes", "partly", "no")]
        return card
    card.text = [T("fb.thanks_delivered", answer=T(f"fb.delivered.{delivered}"))]
    if delivered == "no":  # not delivered: no skills to endorse; the flexpool office hears it
        card.text.append(T("fb.not_delivered_noted", name=person.name))
        return card
    skills = matching.split_terms(klus.skills)
    open_skills = [(i, term) for i, term in enumerate(skills) if term not in endorsed][:10]
    if open_skills:
        card.text.append(T("fb.ask_skills", name=person.name))
        card.choices = [Choice("fb_endorse", f"{klus.id}:{person.id}:{i}", T("fb.endorse", skill=term))
                        for i, term in open_skills]
    if endorsed:
        card.note = T("fb.endorsed", skills=Join(endorsed))
    return card


def feedback_rating_choices(klus_id: int) -> list[Choice]:
    return [Choice("fb_rating", f"{klus_id}:{r}", T(f"fb.rating.{r}"), ask=T("ask.feedback_text")) for r in (3, 2, 1)]


def errors_as_reply(result: Reply | FormErrors, lang: str) -> Reply:
    """Form errors as a chat reply (for one-liners and platforms without forms)."""
    if isinstance(result, FormErrors):
        problems = [T("err.field", field=T(f"field.{name}") if f"field.{name}" in MESSAGES else name, error=err)
                    for name, err in result.errors.items()]
        profile = result.form == "profile"
        if not problems:  # never a refusal without a point under it
            problems = [T("err.point", error=T("err.profile_empty" if profile else "err.klus_incomplete"))]
        return Reply.of(result.lang, T("err.fix_these"), *problems,
                        note=T("help.profile_example" if profile else "help.klus_example"))
    return result
