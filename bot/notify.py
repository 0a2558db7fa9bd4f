"""Messages to people other than the actor: written to the outbox in the caller's
transaction (`bot.outbox` delivers them), new ones after the recipient's quiet hours."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import logs
from bot.core import Core
from bot.port import Card
from storage.models import Outbox, Person


def send(service: Core, s: Session, person_id: int, card: Card, key: str = "", amends: str = "") -> None:
    """Queue a message in this transaction. New messages wait out the recipient's quiet
    hours; amendments (a button's outcome) go at once."""
    after = service.now() if amends else deliver_after(service, s, person_id)
    s.add(Outbox(person_id=person_id, key=key or amends, amends=amends, card=card.to_json(),
                 created_at=service.now(), next_attempt_at=after, request_id=logs.current()))


def send_file(service: Core, s: Session, person_id: int, filename: str, data: bytes, card: Card) -> None:
    """Queue a file; the outbox uploads it through the person's platform."""
    now = service.now()
    s.add(Outbox(person_id=person_id, card=card.to_json(), created_at=now, next_attempt_at=now,
                 filename=filename, file=data, request_id=logs.current()))


def deliver_after(service: Core, s: Session, person_id: int) -> datetime:
    """Now, or the end of the recipient's quiet hours (evenings, nights, weekends)."""
    now = service.now()
    settings = service.settings
    window = settings.quiet_window()
    if window is None and not settings.quiet_weekends:
        return now
    person = s.get(Person, person_id)
    try:
        zone = ZoneInfo(person.tz) if person and person.tz else service.zone
    except (KeyError, ValueError):
        zone = service.zone
    local = now.astimezone(zone)
    end_h = window[1] if window else 0

    def quiet(moment: datetime) -> bool:  # a window in either direction (18-8 or 3-4)
        return settings.quiet_at(moment.hour) or (settings.quiet_weekends and moment.weekday() >= 5)

    if not quiet(local):
        return now
    wake = local.replace(hour=end_h, minute=0, second=0, microsecond=0)
    if wake <= local:
        wake += timedelta(days=1)
    while quiet(wake):
        wake += timedelta(days=1)
    return wake.astimezone(timezone.utc)
