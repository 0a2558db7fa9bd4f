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


@pytest.fixture
def port(app):
    """A recording terminal port: what the outbox delivers to shell users."""
    from tests.recording import RecordingPort

    recorder = RecordingPort()
    app.outbox.ports["shell"] = recorder
    return recorder


@pytest.fixture
def pool(people):
    """A manager and a small pool with clear fits for tests.test_service.LINE (Power BI,
    SQL, data-analyse; 8 hours): Fatima best, then Sanne, Daan (stretch), Sophie (stretch);
    Lotte does not fit, Busy has too few hours."""
    return {
        "manager": people("Marieke", skills="leidinggeven", hours_per_week=0),
        "fatima": people("Fatima", skills="data-analyse, Power BI, SQL", hours_per_week=8, job_title="Data-analist"),
        "sanne": people("Sanne", skills="PowerBI, sql", hours_per_week=12),
        "daan": people("Daan", skills="beleidsadvies", wants="data analyse, power-bi", hours_per_week=8),
        "sophie": people("Sophie", skills="presenteren", wants="data-analyse, SQL", hours_per_week=24),
        "lotte": people("Lotte", skills="communicatie, webredactie", hours_per_week=8),
        "busy": people("Busy", skills="Power BI, SQL, data-analyse", hours_per_week=4),
    }


def pytest_collection_modifyitems(items):
    """Every test that uses the database is marked `db`, so `pytest -m db` reruns exactly
    those on PostgreSQL."""
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
