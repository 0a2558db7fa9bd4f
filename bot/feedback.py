"""Feedback after a klus: the owner on each colleague (delivered? which skills shown —
endorsed skills go into the colleague's profile) and each colleague on the klus (rating)."""

from __future__ import annotations

from sqlmodel import Session, select

from bot import admins, cards, matching, notify, people, placement
from bot.core import Actor, Core, parse_id
from bot.i18n import Join, T
from bot.port import Card, Choice, Reply
from storage.db import transaction
from storage.models import Feedback, Klus, Person


def feedback(service: Core, actor: Actor, kind: str, value: str, text: str = "") -> Reply:
    """A feedback button: the owner on a colleague (delivered, skills shown) or a
    colleague on the klus (rating, with optional words of their own). Stored once per
    (klus, giver, about); repeatable. A "Nee" (not delivered) asks no skills; the
    colleague hears who endorsed what; a "Niet goed" (or "Nee") reaches the flexpool office."""
    parts = value.split(":")
    if not all(parse_id(p) is not None for p in parts[:2]):
        return Reply.of(actor.lang, T("err.stale_button"))
    text = " ".join((text or "").split())[:1000]
    with transaction(service.engine) as s:
        klus = s.get(Klus, int(parts[0]))
        if klus is None:
            return Reply.of(actor.lang, T("klus.unknown", id=parts[0]))
        confirmed = {p.id for p in placement.confirmed_people(s, klus.id)}
        if kind == "fb_rating":
            rating = int(parts[1])
            if actor.id not in confirmed or rating not in (1, 2, 3):
                return Reply.of(actor.lang, T("fb.not_yours"))
            row = feedback_row(service, s, klus.id, actor.id, klus.owner_id)
            row.rating = rating
            if text:
                row.comment = text
            s.add(row)
            thanks = [T("fb.ask_colleague", title=klus.title), T("fb.thanks_rating", answer=T(f"fb.rating.{rating}"))]
            if row.comment:
                thanks.append(T("fb.thanks_comment", text=row.comment))
            if rating == 1:
                thanks.append(T("fb.office_told"))
                for admin in admins.office_people(service, s, klus.organisation_id):
                    notify.send(service, s, admin.id, Card(text=[T(
                        "fb.office_rating", name=actor.name, title=klus.title, owner=s.get(Person, klus.owner_id).name,
                        answer=T(f"fb.rating.{rating}"), text=row.comment or "–")]))
            notify.send(service, s, actor.id, Card(text=thanks), amends=f"fbr:{klus.id}:{actor.id}")
            return Reply([], actor.lang)
        if klus.owner_id != actor.id or len(parts) != 3 or int(parts[1]) not in confirmed:
            return Reply.of(actor.lang, T("fb.not_yours"))
        person = s.get(Person, int(parts[1]))
        row = feedback_row(service, s, klus.id, actor.id, person.id)
        if kind == "fb_delivered":
            if parts[2] not in ("yes", "partly", "no"):
                return Reply.of(actor.lang, T("err.stale_button"))
            first_no = parts[2] == "no" and row.delivered != "no"
            row.delivered = parts[2]
            if first_no:
                for admin in admins.office_people(service, s, klus.organisation_id):
                    notify.send(service, s, admin.id, Card(text=[T("fb.office_not_delivered", owner=actor.name,
                                                                   name=person.name, title=klus.title)]))
        else:
            if row.delivered == "no":
                return Reply.of(actor.lang, T("fb.no_skills_after_no", name=person.name))
            skills = matching.split_terms(klus.skills)
            index = parse_id(parts[2])
            if index is None or index >= len(skills):
                return Reply.of(actor.lang, T("err.stale_button"))
            endorsed = matching.split_terms(row.endorsed)
            if skills[index] not in endorsed:
                row.endorsed = ", ".join(endorsed + [skills[index]])
                people.endorse(service, s, person.id, skills[index])
                notify.send(service, s, person.id, Card(text=[T("fb.you_were_endorsed", owner=actor.name,
                                                                skill=skills[index], title=klus.title)]),
                            key=f"end:{klus.id}:{person.id}:{index}")
        s.add(row)
        s.flush()
        notify.send(service, s, actor.id, cards.feedback_owner_card(
            klus, person, row.delivered or "yes", tuple(matching.split_terms(row.endorsed))),
            amends=f"fb:{klus.id}:{person.id}")
        return Reply([], actor.lang)


def feedback_row(service: Core, s: Session, klus_id: int, giver_id: int, about_id: int) -> Feedback:
    row = s.exec(select(Feedback).where(Feedback.klus_id == klus_id, Feedback.giver_id == giver_id,
                                        Feedback.about_id == about_id)).first()
    return row or Feedback(klus_id=klus_id, giver_id=giver_id, about_id=about_id, created_at=service.now())


# --- the mid-way check ("Is het resultaat op koers?", a week before the end) ------------------

def midway_card(klus: Klus, answer: T | None = None) -> Card:
    card = Card(text=[T("time.end_soon", title=klus.title, end=klus.end)])
    if answer is None:
        card.choices = [Choice("midway_ok", str(klus.id), T("btn.midway_ok"), "primary"),
                        Choice("midway_help", str(klus.id), T("btn.midway_help"), ask=T("ask.midway_help"))]
    else:
        card.text.append(answer)
    return card


def midway(service: Core, actor: Actor, action: str, value: str, text: str = "") -> Reply:
    """The owner's answer to the mid-way check: on track, or help needed — then the
    flexpool office hears it (with the owner's words) and the owner hears that it did."""
    klus_id = parse_id(value)
    if klus_id is None or action not in ("midway_ok", "midway_help"):
        return Reply.of(actor.lang, T("err.stale_button"))
    text = " ".join((text or "").split())[:1000]
    with transaction(service.engine) as s:
        klus = s.get(Klus, klus_id)
        if klus is None:
            return Reply.of(actor.lang, T("klus.unknown", id=klus_id))
        if klus.owner_id != actor.id:
            return Reply.of(actor.lang, T("klus.not_yours"))
        if klus.status != "running":
            return Reply.of(actor.lang, T("klus.not_open", status=T(f"status.{klus.status}")))
        if action == "midway_ok":
            notify.send(service, s, actor.id, midway_card(klus, T("time.midway_ok")), amends=f"mid:{klus.id}")
            return Reply([], actor.lang)
        office = admins.office_people(service, s, klus.organisation_id)
        names = Join([p.name for p in placement.confirmed_people(s, klus.id)])
        for admin in office:
            notify.send(service, s, admin.id, Card(text=[T("time.midway_office", owner=actor.name, title=klus.title,
                                                           end=klus.end, names=names, text=text or "–")]))
        answer = T("time.midway_help_told" if office else "time.midway_help_nobody")
        notify.send(service, s, actor.id, midway_card(klus, answer), amends=f"mid:{klus.id}")
        return Reply.of(actor.lang, answer)
