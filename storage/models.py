"""SQLModel tables. The schema itself is created and upgraded by the Alembic migrations
in `storage/migrations`; `tests/test_migrations.py` checks the two agree."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Organisation(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    approval: bool = False  # a match is final only once the colleague's line manager approves (bot.approval)


class Workspace(SQLModel, table=True):
    """A Slack workspace, a Mattermost team/server or the terminal. Many organisations may
    share one; it may name a default organisation for people nothing else places (bot.organisations)."""

    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    external_id: str = Field(max_length=100)
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id")  # the default, if any


class OrganisationDomain(SQLModel, table=True):
    """An e-mail domain rule: people whose address ends in @`domain` belong to the
    organisation (`/flexpool organisatie domein minbzk.nl = …`). Addresses are never stored."""

    id: Optional[int] = Field(default=None, primary_key=True)
    domain: str = Field(max_length=200, unique=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    added_by: str = Field(default="", max_length=200)
    added_at: datetime = Field(default_factory=utcnow)


class Person(SQLModel, table=True):
    """A human as one platform knows them: (platform, workspace, user id)."""

    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    workspace: str = Field(max_length=100)
    user_id: str = Field(max_length=100)
    name: str = Field(default="", max_length=200)
    lang: str = Field(default="nl", max_length=5)
    tz: str = Field(default="Europe/Amsterdam", max_length=64)
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id")
    # where organisation_id came from: import | domain | chosen | admin | workspace (its default); "" unknown
    organisation_source: str = Field(default="", max_length=20)
    digest: bool = False  # weekly digest of fitting klussen, opt-in
    last_digest_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)
    nudge_off: bool = False  # no reminder about an empty profile (`/flexpool herinnering uit`)
    nudged_at: Optional[datetime] = None  # when that one reminder went out


class Profile(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    name: str = Field(max_length=200)
    department: str = Field(default="", max_length=200)
    job_title: str = Field(default="", max_length=200)
    skills: str = Field(default="", max_length=2000)
    wants: str = Field(default="", max_length=2000)
    hours_per_week: float = 0
    available_from: Optional[date] = None
    available_until: Optional[date] = None
    visible: bool = False
    preference: str = Field(default="specific", max_length=20)  # specific | surprise | own_department
    line_manager: str = Field(default="", max_length=200)
    endorsed: str = Field(default="", max_length=2000)  # skills a klus owner saw them use
    salary_scale: str = Field(default="", max_length=20)  # "10" for schaal 10; prices their hours (bot.office)
    cost_centre: str = Field(default="", max_length=50)  # kostenplaats, on the charges between organisations
    updated_at: datetime = Field(default_factory=utcnow)


class Klus(SQLModel, table=True):
    __table_args__ = (Index("ix_klus_status", "status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="person.id")
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id")
    department: str = Field(default="", max_length=200)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    skills: str = Field(default="", max_length=2000)
    skills_derived: bool = False
    hours_per_week: float
    start: date
    end: date
    places: int = 1
    taken: int = 0
    location: str = Field(default="remote", max_length=20)  # remote | on_site | hybrid
    reach: str = Field(default="organisation", max_length=20)  # department | organisation | all
    status: str = Field(default="open", max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    filled_at: Optional[datetime] = None
    started_at: Optional[datetime] = None
    end_warned_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None


class Invitation(SQLModel, table=True):
    """offered → accepted → confirmed | rejected; or declined / expired / withdrawn."""

    __table_args__ = (
        UniqueConstraint("klus_id", "person_id"),
        Index("ix_invitation_person_status", "person_id", "status"),
        Index("ix_invitation_created_at", "created_at"),  # the weekly cap, for every klus posted
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    klus_id: int = Field(foreign_key="klus.id")
    person_id: int = Field(foreign_key="person.id")
    status: str = Field(default="offered", max_length=20)
    score: float = 0
    reasons: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    self_offered: bool = False
    decline_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    answered_at: Optional[datetime] = None
    decided_at: Optional[datetime] = None
    reminded_at: Optional[datetime] = None
    owner_reminded_at: Optional[datetime] = None  # accepted, the owner reminded to confirm
    escalated_at: Optional[datetime] = None  # accepted and still unconfirmed: the flexpool office told


class Outbox(SQLModel, table=True):
    """A message to a person, written in the same transaction as the change that causes
    it and delivered afterwards. `key` names the logical message (e.g. "inv:12") so a
    later row with `amends` = that key can replace it in place."""

    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    key: str = Field(default="", max_length=100, index=True)
    amends: str = Field(default="", max_length=100)
    card: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_at: Optional[datetime] = None
    sent_at: Optional[datetime] = None
    attempts: int = 0
    ref: str = Field(default="", max_length=200)
    error: str = Field(default="", max_length=500)
    # A file for the person (a chart, an export): sent with the card's title, erased once sent.
    filename: str = Field(default="", max_length=200)
    file: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    request_id: str = Field(default="", max_length=64)  # the request that wrote it, logged when it is sent (bot.logs)


class SeenEvent(SQLModel, table=True):
    """Platform event ids already handled, so a retried delivery does nothing twice."""

    id: str = Field(primary_key=True, max_length=200)
    seen_at: datetime = Field(default_factory=utcnow)


class Feedback(SQLModel, table=True):
    """After a klus: the owner on a colleague (delivered? skills shown) or a colleague on
    the klus (rating). Optional, one row per (klus, giver, about)."""

    __table_args__ = (UniqueConstraint("klus_id", "giver_id", "about_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    klus_id: int = Field(foreign_key="klus.id")
    giver_id: int = Field(foreign_key="person.id")
    about_id: int = Field(foreign_key="person.id")
    delivered: str = Field(default="", max_length=10)  # yes | partly | no (owner on colleague)
    rating: Optional[int] = None  # 1..3 (colleague on klus)
    endorsed: str = Field(default="", max_length=2000)
    comment: str = Field(default="", max_length=1000)  # the colleague's own words with a rating
    created_at: datetime = Field(default_factory=utcnow)


class Lease(SQLModel, table=True):
    """Who runs a singleton job (the scheduler) until when; several processes, one ticker."""

    name: str = Field(primary_key=True, max_length=50)
    holder: str = Field(max_length=100)
    expires_at: datetime


class AdminRole(SQLModel, table=True):
    """An admin added in chat (`/flexpool admin add`), next to those in FLEXPOOL_ADMINS."""

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    added_by: str = Field(default="", max_length=200)
    added_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Who did what in the flexpool office, and when: roles, imports, exports."""

    __table_args__ = (Index("ix_auditlog_at", "at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor_id: Optional[int] = Field(default=None, foreign_key="person.id")  # None: the command line
    actor: str = Field(max_length=200)  # "Name (platform:user id)", kept if the person goes
    action: str = Field(max_length=40)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class MatchRound(SQLModel, table=True):
    """A matching round (`/flexpool ronde`, bot.rounds): until the deadline people choose
    among the open klussen; then one global assignment sends ordinary invitations."""

    __table_args__ = (Index("ix_matchround_status_deadline", "status", "deadline"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id")
    opened_by: int = Field(foreign_key="person.id")
    opened_at: datetime = Field(default_factory=utcnow)
    deadline: datetime
    status: str = Field(default="open", max_length=20)  # open | closed | cancelled
    closed_at: Optional[datetime] = None
    result: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # figures of the close


class RoundKlus(SQLModel, table=True):
    """A klus that is part of a round (the open klussen when it opened)."""

    __table_args__ = (UniqueConstraint("round_id", "klus_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="matchround.id")
    klus_id: int = Field(foreign_key="klus.id")


class RoundParticipant(SQLModel, table=True):
    """Someone asked to take part in a round, and how they answered."""

    __table_args__ = (UniqueConstraint("round_id", "person_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="matchround.id")
    person_id: int = Field(foreign_key="person.id")
    mode: str = Field(default="", max_length=20)  # "" (only the klussen ticked) | surprise | own_department | pass
    answered_at: Optional[datetime] = None
    invitation_id: Optional[int] = Field(default=None, foreign_key="invitation.id")  # what the round gave them


class RoundInterest(SQLModel, table=True):
    """A klus someone ticked in a round ("interesse")."""

    __table_args__ = (UniqueConstraint("round_id", "person_id", "klus_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="matchround.id")
    person_id: int = Field(foreign_key="person.id")
    klus_id: int = Field(foreign_key="klus.id")
    created_at: datetime = Field(default_factory=utcnow)


class Approval(SQLModel, table=True):
    """A line manager's approval of a match (bot.approval), one per invitation:
    pending → approved | declined | expired | closed (the invitation ended otherwise)."""

    __table_args__ = (Index("ix_approval_status_due", "status", "due_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="invitation.id", unique=True)
    manager_id: int = Field(foreign_key="person.id")
    status: str = Field(default="pending", max_length=20)
    by_owner: bool = True  # asked from the owner's confirm (else from an accept with auto-confirm)
    created_at: datetime = Field(default_factory=utcnow)
    due_at: datetime
    decided_at: Optional[datetime] = None


class SlackInstallation(SQLModel, table=True):
    """A Slack workspace (or Enterprise Grid org) that installed Flexpool through OAuth:
    the latest installation per workspace, as slack_sdk's `Installation.to_dict()` in
    `data` (it holds the bot token). See handlers.slack.oauth."""

    __table_args__ = (UniqueConstraint("enterprise_id", "team_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    enterprise_id: str = Field(default="", max_length=40)
    team_id: str = Field(default="", max_length=40)  # "" for an org-wide install
    user_id: str = Field(default="", max_length=40)  # who installed it
    is_enterprise_install: bool = False
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    installed_at: datetime = Field(default_factory=utcnow)


class SlackOAuthState(SQLModel, table=True):
    """An OAuth `state` handed to a browser at /slack/install, usable once until it expires."""

    state: str = Field(primary_key=True, max_length=100)
    expires_at: datetime


class ProfileChange(SQLModel, table=True):
    """Which profile changed last, and when, written by database triggers on every insert,
    update and delete of a profile, and on a change of a person's organisation (migration 0009) — whoever writes it, in whichever
    process. `seq` is commit-ordered on SQLite (one writer at a time: the highest + 1) and
    the writing transaction's id on PostgreSQL (read against the snapshot's oldest running
    transaction, see `bot.pool`). One row per person: it never grows beyond the people."""

    __table_args__ = (Index("ix_profilechange_seq", "seq"),)
    person_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
