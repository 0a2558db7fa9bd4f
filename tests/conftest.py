"""Shared fixtures: a real database (SQLite file per test; PostgreSQL when
FLEXPOOL_TEST_DATABASE_URL is set), a controllable clock, and the wired app."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.app import App, build
from bot.settings import Settings
from storage.db import make_engine, migrate

PG_URL = os.environ.get("FLEXPOOL_TEST_DATABASE_URL", "")


class FakeClock:
    """Stands still until told to move. Starts Monday 23 Nov 2026, 09:00 in Amsterdam."""

    def __init__(self, start: datetime = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "flexpool.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_engine():
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_url(request, tmp_path) -> str:
    """A migrated, empty database for this test."""
    if PG_URL:
        engine = request.getfixturevalue("_pg_engine")
        with engine.begin() as conn:
            tables = [r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"))]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        return PG_URL
    template = request.getfixturevalue("_sqlite_template")
    path = tmp_path / "flexpool.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, admins=("admin",), secret="test-secret")


@pytest.fixture
def app(settings, clock) -> App:
    application = build(settings, clock=clock, upgrade=False)
    yield application
    application.engine.dispose()


@pytest.fixture
def people(app):
    """people(name, **profile) -> Actor: a shell user with (optionally) a visible profile."""

    def make(name: str, user_id: str | None = None, platform: str = "shell", workspace: str = "demo",
             **profile) -> object:
        actor = app.service.person(platform, workspace, user_id or name.lower().replace(" ", "."), name)
        if profile:
            values = {"name": name, "visible": "ja", **{k: str(v) for k, v in profile.items()}}
            app.service.update_profile(actor, values)
        return actor

    return make


def pytest_collection_modifyitems(items):
    """Every test that uses the database is marked `db`, so `pytest -m db` reruns exactly
    those on PostgreSQL."""
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
