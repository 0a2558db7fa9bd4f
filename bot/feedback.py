"""Feedback after a klus: the owner on each colleague (delivered? which skills shown —
endorsed skills go into the colleague's profile) and each colleague on the klus (rating)."""

from __future__ import annotations

from sqlmodel import Session, select

from bot import cards, matching, notify, placement
from bot.core import Actor, Core, parse_id, profile_of
from bot.i18n import T
from bot.port import Card, Reply
from storage.db import transaction
from storage.models import Feedback, Klus, Person


def feedback(service: Core, actor: Actor, kind: str, value: str) -> Reply:
    """A feedback button: the owner on a colleague (delivered, skills shown) or a
    colleague on the klus (rating). Stored once per (klus, giver, about); repeatable."""
    parts = value.split(":")
    if not all(parse_id(p) is not None for p in parts[:2]):
        return Reply.of(actor.lang, T("err.stale_button"))
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
            s.add(row)
            notify.send(service, s, actor.id, Card(text=[T("fb.ask_colleague", title=klus.title),
                                                 T("fb.thanks_rating", answer=T(f"fb.rating.{rating}"))]),
                         amends=f"fbr:{klus.id}:{actor.id}")
            return Reply([], actor.lang)
        if klus.owner_id != actor.id or len(parts) != 3 or int(parts[1]) not in confirmed:
            return Reply.of(actor.lang, T("fb.not_yours"))
        person = s.get(Person, int(parts[1]))
        row = feedback_row(service, s, klus.id, actor.id, person.id)
        if kind == "fb_delivered":
            if parts[2] not in ("yes", "partly", "no"):
                return Reply.of(actor.lang, T("err.stale_button"))
            row.delivered = parts[2]
        else:
            skills = matching.split_terms(klus.skills)
            index = parse_id(parts[2])
            if index is None or index >= len(skills):
                return Reply.of(actor.lang, T("err.stale_button"))
            endorsed = matching.split_terms(row.endorsed)
            if skills[index] not in endorsed:
                row.endorsed = ", ".join(endorsed + [skills[index]])
                profile = profile_of(s, person.id)
                if profile is not None:
                    marks = matching.split_terms(profile.endorsed)
                    if matching.compact(skills[index]) not in {matching.compact(m) for m in marks}:
                        profile.endorsed = ", ".join(marks + [skills[index]])
                        s.add(profile)
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
