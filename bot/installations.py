"""Slack installations (many workspaces, OAuth): what the Slack adapter's installation
and OAuth state stores keep, stored here so that no handler opens a transaction itself.
One row per workspace (or org): the latest installation's data, a bot token among it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage.db import transaction
from storage.models import AuditLog, SlackInstallation, SlackOAuthState


@dataclass(frozen=True)
class Stored:
    id: int
    team_id: str
    user_id: str
    data: dict


def save(engine, enterprise_id: str, team_id: str, user_id: str, enterprise_install: bool, data: dict,
         team_name: str) -> None:
    """Keep this installation as the workspace's (replacing an earlier one). An install names
    no organisation (many may share a workspace: bot.organisations). Audited."""
    for attempt in range(2):  # two installs of one workspace at the same moment: the second wins
        try:
            with transaction(engine) as s:
                s.exec(delete(SlackInstallation).where(SlackInstallation.enterprise_id == enterprise_id,
                                                       SlackInstallation.team_id == team_id))
                s.add(SlackInstallation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                        is_enterprise_install=enterprise_install, data=data,
                                        installed_at=datetime.now(timezone.utc)))
                s.add(AuditLog(at=datetime.now(timezone.utc), actor=f"Slack ({user_id or '?'})",
                               action="slack_installed", detail={"team": team_id or enterprise_id, "name": team_name}))
            return
        except IntegrityError:
            if attempt:
                raise


def find(engine, enterprise_id: str, team_id: str) -> Stored | None:
    """The installation of (enterprise, team); asked by team alone, the latest of that team."""
    with transaction(engine) as s:
        row = s.exec(select(SlackInstallation).where(SlackInstallation.enterprise_id == enterprise_id,
                                                     SlackInstallation.team_id == team_id)).first()
        if row is None and team_id and not enterprise_id:  # asked by team alone (a message to send)
            row = s.exec(select(SlackInstallation).where(SlackInstallation.team_id == team_id)
                         .order_by(SlackInstallation.id.desc())).first()
        return Stored(row.id, row.team_id, row.user_id, dict(row.data)) if row is not None else None


def forget(engine, installation_id: int) -> None:
    with transaction(engine) as s:
        s.exec(delete(SlackInstallation).where(SlackInstallation.id == installation_id))


def issue_state(engine, seconds: int) -> str:
    """A one-time OAuth state valid for `seconds` (expired ones are cleared on the way)."""
    state = secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    with transaction(engine) as s:
        s.exec(delete(SlackOAuthState).where(SlackOAuthState.expires_at < now))
        s.add(SlackOAuthState(state=state, expires_at=now + timedelta(seconds=seconds)))
    return state


def consume_state(engine, state: str) -> bool:
    """True once for a state we issued and that has not expired."""
    if not state or len(state) > 100:
        return False
    with transaction(engine) as s:
        row = s.get(SlackOAuthState, state)
        if row is None:
            return False
        s.delete(row)
        expires = row.expires_at.replace(tzinfo=timezone.utc) if row.expires_at.tzinfo is None else row.expires_at
        return expires > datetime.now(timezone.utc)


def audit(engine, action: str, team: str) -> None:
    with transaction(engine) as s:
        s.add(AuditLog(at=datetime.now(timezone.utc), actor="Slack", action=action, detail={"team": team}))
