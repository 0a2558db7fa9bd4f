"""Wiring: settings → engine (migrated) → service → outbox. Nothing here talks to a
chat platform; the handlers add their ports to `app.outbox.ports`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy.engine import Engine

from bot import lexicon
from bot.outbox import Outbox
from bot.service import Flexpool
from bot.settings import Settings
from storage.db import check_schema, make_engine, migrate


@dataclass
class App:
    settings: Settings
    engine: Engine
    service: Flexpool
    outbox: Outbox


def build(settings: Settings, clock: Callable[[], datetime] | None = None, engine: Engine | None = None,
          upgrade: bool | None = True) -> App:
    """`upgrade`: True migrates the schema to the newest; False checks it is the newest
    (raises storage.db.SchemaOutdated naming `flexpool migrate`); None neither (tests)."""
    engine = engine or make_engine(settings.database_url)
    if upgrade:
        migrate(engine)
    elif upgrade is not None:
        check_schema(engine)
    for path in settings.synonyms_file:  # an organisation's own synonyms, beside the shipped ones
        lexicon.add_synonyms_file(path)
    service = Flexpool(engine, settings, clock)
    return App(settings, engine, service, Outbox(engine, {}, clock, admins=lambda: service.settings.admins))
