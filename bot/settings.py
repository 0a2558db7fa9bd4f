"""Settings: one typed object, read once from the environment (and `.env`).

Every key is listed with a comment in `.env.example`. Nothing else in the code reads
`os.environ`; the object is built in `bot.cli` (or a test) and handed down.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from typing import Mapping

from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite:///flexpool.db"
DEFAULT_SECRET = "dev-secret-change-me"
PUBLIC_SECRETS = ("", DEFAULT_SECRET, "change-me")  # the default and .env.example's: known to everyone
EMPTY_MEANS_OFF = ("quiet_hours",)  # keys whose empty value is a choice (off), not "the default"


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the key."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "ja", "on", "aan"}:
        return True
    if value in {"0", "false", "no", "nee", "off", "uit", ""}:
        return False
    raise ValueError(raw)


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    default_lang: str = "nl"
    default_timezone: str = "Europe/Amsterdam"
    admins: tuple[str, ...] = ()
    invites_per_place: int = 3
    max_duration_days: int = 730
    max_hours_per_week: float = 40.0
    min_match_score: float = 0.25
    synonyms_file: tuple[str, ...] = ()  # extra synonym sets (TSV) for the matcher; see bot/data/README.md
    auto_confirm: bool = False
    max_klussen_per_day: int = 10  # klussen one person may post in 24 hours (against spam); 0 = no limit
    organisation: str = "Flexpool"  # the flexbureau running this pool (flexpool algoritme); not a person's organisation
    secret: str = DEFAULT_SECRET
    # Slack
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    # Mattermost
    mattermost_url: str = ""
    mattermost_bot_token: str = ""
    mattermost_command_tokens: tuple[str, ...] = ()
    public_url: str = ""  # where Mattermost reaches us (buttons and dialogs post here)
    port: int = 3000
    # Time (issue 3 builds on these)
    reminder_hours: float = 24.0
    response_hours: float = 48.0
    max_invites_per_week: int = 3
    quiet_hours: str = "18-8"  # no new DMs from 18:00 to 08:00 local time; "" = off
    quiet_weekends: bool = True
    scheduler: str = "inline"  # inline: `serve`/`socket` run the scheduler too; off: a `clock` process does
    tick_seconds: float = 60.0
    # Flexpool office: what an hour costs when hired externally and when done by our own
    # people (euros); FLEXPOOL_TARIFFS overrides both per salary scale ("schaal 10:95/50,...").
    external_tariff: float = 110.0
    internal_cost: float = 55.0
    tariffs: str = ""
    # One pool across organisations, AVG rights, transparency (bot.organisations, bot.privacy,
    # bot.approval, bot.transparency; handlers.slack.oauth)
    slack_client_id: str = ""  # set: Slack OAuth, many workspaces (/slack/install); empty: SLACK_BOT_TOKEN
    slack_client_secret: str = ""
    slack_scopes: tuple[str, ...] = ()  # empty: the bot scopes in slack/manifest.yml
    retention_months: int = 24  # answered invitations and feedback are anonymised after this; 0 = never
    approval_hours: float = 72.0  # a line manager's approval times out after this (when switched on)
    contact: str = ""  # who answers questions about the matcher (flexpool algoritme); empty: the admins

    ENV_KEYS = {
        "database_url": "DATABASE_URL",
        "default_lang": "FLEXPOOL_LANG",
        "default_timezone": "FLEXPOOL_TIMEZONE",
        "admins": "FLEXPOOL_ADMINS",
        "invites_per_place": "FLEXPOOL_INVITES_PER_PLACE",
        "max_duration_days": "FLEXPOOL_MAX_DURATION_DAYS",
        "max_hours_per_week": "FLEXPOOL_MAX_HOURS_PER_WEEK",
        "min_match_score": "FLEXPOOL_MIN_MATCH_SCORE",
        "synonyms_file": "FLEXPOOL_SYNONYMS_FILE",
        "auto_confirm": "FLEXPOOL_AUTO_CONFIRM",
        "max_klussen_per_day": "FLEXPOOL_MAX_KLUSSEN_PER_DAY",
        "organisation": "FLEXPOOL_ORGANISATION",
        "secret": "FLEXPOOL_SECRET",
        "slack_bot_token": "SLACK_BOT_TOKEN",
        "slack_signing_secret": "SLACK_SIGNING_SECRET",
        "slack_app_token": "SLACK_APP_TOKEN",
        "slack_api_url": "SLACK_API_URL",
        "mattermost_url": "MATTERMOST_URL",
        "mattermost_bot_token": "MATTERMOST_BOT_TOKEN",
        "mattermost_command_tokens": "MATTERMOST_COMMAND_TOKENS",
        "public_url": "FLEXPOOL_PUBLIC_URL",
        "port": "PORT",
        "reminder_hours": "FLEXPOOL_REMINDER_HOURS",
        "response_hours": "FLEXPOOL_RESPONSE_HOURS",
        "max_invites_per_week": "FLEXPOOL_MAX_INVITES_PER_WEEK",
        "quiet_hours": "FLEXPOOL_QUIET_HOURS",
        "quiet_weekends": "FLEXPOOL_QUIET_WEEKENDS",
        "scheduler": "FLEXPOOL_SCHEDULER",
        "tick_seconds": "FLEXPOOL_TICK_SECONDS",
        "external_tariff": "FLEXPOOL_EXTERNAL_TARIFF",
        "internal_cost": "FLEXPOOL_INTERNAL_COST",
        "tariffs": "FLEXPOOL_TARIFFS",
        "slack_client_id": "SLACK_CLIENT_ID",
        "slack_client_secret": "SLACK_CLIENT_SECRET",
        "slack_scopes": "SLACK_SCOPES",
        "retention_months": "FLEXPOOL_RETENTION_MONTHS",
        "approval_hours": "FLEXPOOL_APPROVAL_HOURS",
        "contact": "FLEXPOOL_CONTACT",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv_path: str | None = ".env") -> "Settings":
        """Read settings from `env` (default: `.env` overlaid by the process environment)."""
        if env is None:
            merged: dict[str, str] = {}
            if dotenv_path and os.path.exists(dotenv_path):
                merged.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
            merged.update(os.environ)
            env = merged
        values = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, key in cls.ENV_KEYS.items():
            raw = env.get(key)
            if raw is not None and not raw.strip() and name in EMPTY_MEANS_OFF:
                values[name] = ""
                continue
            if raw is None or raw == "":
                continue
            kind = types[name]
            try:
                if kind == "bool":
                    values[name] = _bool(raw)
                elif kind == "int":
                    values[name] = int(raw)
                elif kind == "float":
                    values[name] = float(raw)
                elif kind.startswith("tuple"):
                    values[name] = _list(raw)
                else:
                    values[name] = raw.strip()
            except ValueError:
                raise SettingsError(f"{key}={raw!r} is not a valid {kind}") from None
        settings = cls(**values)
        if settings.default_lang not in ("nl", "en"):
            raise SettingsError("FLEXPOOL_LANG must be nl or en")
        if settings.quiet_hours and settings.quiet_window() is None:
            raise SettingsError(f"FLEXPOOL_QUIET_HOURS={settings.quiet_hours!r}: write from-until in whole hours "
                                "of a 24-hour clock, two different hours (18-8 for evenings and nights, 12-13 "
                                "for lunch), or leave it empty to turn quiet hours off")
        if settings.scheduler not in ("inline", "off"):
            raise SettingsError("FLEXPOOL_SCHEDULER must be inline or off")
        if settings.max_klussen_per_day < 0:
            raise SettingsError("FLEXPOOL_MAX_KLUSSEN_PER_DAY must be 0 (no limit) or more")
        if settings.retention_months < 0 or settings.approval_hours <= 0:
            raise SettingsError("FLEXPOOL_RETENTION_MONTHS must be 0 (never) or more, "
                                "FLEXPOOL_APPROVAL_HOURS more than 0")
        try:
            settings.tariff_table()
        except ValueError:
            raise SettingsError("FLEXPOOL_TARIFFS must look like 'schaal 10:95/50,schaal 11:110/58' "
                                "(scale: external/internal euros per hour)") from None
        missing = [path for path in settings.synonyms_file if not os.path.isfile(path)]
        if missing:
            raise SettingsError(f"FLEXPOOL_SYNONYMS_FILE: there is no file {missing[0]!r}")
        return settings

    def quiet_window(self) -> tuple[int, int] | None:
        """(from hour, until hour) of the quiet hours, or None when off (or not understood:
        `from_env` refuses that at start). The window may cross midnight (18-8) or not
        (12-13); an empty window (8-8) is not understood."""
        start, _, end = self.quiet_hours.partition("-")
        if not (start.strip().isdigit() and end.strip().isdigit()):
            return None
        start_h, end_h = int(start), int(end)
        return (start_h, end_h) if 0 <= start_h <= 23 and 0 <= end_h <= 23 and start_h != end_h else None

    def quiet_at(self, hour: int) -> bool:
        """Whether `hour` (0-23, local) lies in the quiet hours, in either direction."""
        window = self.quiet_window()
        if window is None:
            return False
        start, end = window
        return start <= hour < end if start < end else (hour >= start or hour < end)

    def public_secret(self) -> bool:
        """FLEXPOOL_SECRET is empty or a value anyone can read (the default, .env.example's)."""
        return self.secret.strip() in PUBLIC_SECRETS

    def tariff_table(self) -> dict[str, tuple[float, float]]:
        """Salary scale ("10") → (external tariff, internal cost) per hour, from FLEXPOOL_TARIFFS."""
        table = {}
        for part in _list(self.tariffs):
            scale, _, money = part.rpartition(":")
            external, _, internal = money.partition("/")
            number = re.fullmatch(r"(?:schaal|scale)?\s*(\d{1,2})", scale.strip().lower())
            if number is None:
                raise ValueError(part)
            table[str(int(number.group(1)))] = (float(external), float(internal))
        return table

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    SECRETS = ("secret", "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_client_secret",
               "mattermost_bot_token", "mattermost_command_tokens")

    def __repr__(self) -> str:
        """Never a secret, should the settings ever be logged: tokens and the database
        password are shown as ***."""
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in self.SECRETS and value:
                value = "***"
            elif f.name == "database_url":
                value = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", value)
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"
