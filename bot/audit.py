"""The audit log's writing end: who acted (`who`) and `record`, an entry in the caller's
transaction. Every office action, every refusal and every admin's look at someone else's
data is recorded (`/flexpool audit` reads it: bot.admins)."""

from __future__ import annotations

import getpass

from sqlmodel import Session

from bot.core import Actor, Core
from storage.models import AuditLog


def who(actor: Actor | None) -> str:
    if actor is None:
        try:
            user = getpass.getuser()
        except Exception:  # no login name in some containers
            user = "?"
        return f"cli:{user}"
    return f"{actor.name} ({actor.platform}:{actor.user_id})"


def record(service: Core, s: Session, actor: Actor | None, action: str, **detail) -> None:
    """Add an audit log entry in the caller's transaction."""
    s.add(AuditLog(at=service.now(), actor_id=actor.id if actor else None, actor=who(actor)[:200],
                   action=action, detail=detail))
