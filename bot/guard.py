"""Posting klussen safely: nothing twice, and not too many.

Called by `bot.klussen.post_klus` inside its transaction, after the owner's person row has
been locked (so an owner's posts are checked one at a time, on PostgreSQL as on SQLite):

- the same klus again within `DUPLICATE_WINDOW` (a double click on a modal's submit, a
  repeated submission, a slash command sent twice) posts nothing; the owner sees the
  klus they already have;
- more than FLEXPOOL_MAX_KLUSSEN_PER_DAY in 24 hours is refused with a clear message.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot import cards
from bot.core import Core
from bot.i18n import T
from bot.port import Reply
from storage.models import Klus

DUPLICATE_WINDOW = timedelta(minutes=10)
SAME = ("title", "description", "hours_per_week", "start", "end", "places", "location", "reach")


def before_post(service: Core, s: Session, owner_id: int, values: dict, lang: str) -> Reply | None:
    """None when the klus in `values` may be posted; else what to tell the owner."""
    now = service.now()
    recent = s.exec(select(Klus).where(Klus.owner_id == owner_id, Klus.created_at >= now - DUPLICATE_WINDOW)
                    .order_by(col(Klus.id).desc())).all()
    for klus in recent:
        if all(_same(getattr(klus, key), values.get(key)) for key in SAME):
            card = cards.klus_card(klus, T("klus.posted_title", title=klus.title))
            card.text = [T("klus.duplicate")]
            if klus.status in ("open", "filled"):
                card.choices = cards.owner_choices(klus)
            return Reply([card], lang)
    limit = service.settings.max_klussen_per_day
    if limit:
        count = s.exec(select(func.count()).select_from(Klus).where(
            Klus.owner_id == owner_id, Klus.created_at >= now - timedelta(days=1))).one()
        if count >= limit:
            return Reply.of(lang, T("klus.limit", count=count, max=limit))
    return None


def _same(stored, wanted) -> bool:
    if isinstance(stored, float) or isinstance(wanted, float):
        return wanted is not None and abs(float(stored) - float(wanted)) < 1e-9
    return stored == wanted
