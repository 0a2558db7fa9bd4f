"""The Alembic migrations build exactly the schema the models describe, and go down again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.db import make_engine, migrate


def test_upgrade_from_empty_matches_models_and_downgrade_works(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []
    from alembic import command

    from storage.db import alembic_config

    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert "klus" in inspect(engine).get_table_names()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrade_from_the_previous_schema_keeps_data(tmp_path):
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisation (id, name) VALUES (1, 'BZK')"))
        conn.execute(text("INSERT INTO person (id, platform, workspace, user_id, name, lang, tz, organisation_id, "
                          "created_at) VALUES (1, 'slack', 'T1', 'U1', 'Fatima', 'nl', 'Europe/Amsterdam', 1, "
                          "'2026-11-01 10:00:00')"))
        conn.execute(text("INSERT INTO profile (person_id, name, department, job_title, skills, wants, "
                          "hours_per_week, visible, preference, line_manager, updated_at) VALUES (1, 'Fatima', '', "
                          "'', 'SQL', '', 8, 1, 'specific', '', '2026-11-01 10:00:00')"))
    migrate(engine)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT p.skills, p.endorsed, u.digest FROM profile p JOIN person u "
                                "ON u.id = p.person_id")).one()
    assert tuple(row) == ("SQL", "", 0)


# --- every step, with data, on SQLite and PostgreSQL ---------------------------------------------

import uuid  # noqa: E402
from datetime import date, datetime, timezone  # noqa: E402

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402

from storage.db import alembic_config, normalise_url  # noqa: E402
from tests.conftest import PG_URL  # noqa: E402


@pytest.fixture
def empty_engine(tmp_path):
    """An empty database: a SQLite file, or (FLEXPOOL_TEST_DATABASE_URL) a fresh PostgreSQL
    schema of its own, so the shared test schema is left alone."""
    if not PG_URL:
        engine = make_engine(f"sqlite:///{tmp_path / 'steps.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = sa.create_engine(normalise_url(PG_URL), connect_args={"options": f"-csearch_path={schema}"})
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def revisions(engine) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(engine))
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def _value(table: sa.Table, column: sa.Column, seeded: dict):
    """A value of the right type for `column` (a reference to the row seeded in the table it points to)."""
    for fk in column.foreign_keys:
        return seeded[fk.column.table.name][fk.column.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, sa.Float) or isinstance(kind, sa.Numeric):
        return 7.5
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
    if isinstance(kind, sa.Date):
        return date(2026, 11, 2)
    if isinstance(kind, sa.JSON):
        return {"from": table.name, "list": [1, "twee"]}
    if isinstance(kind, sa.LargeBinary):
        return b"\x00\x01bytes"
    text = f"{table.name}.{column.name} é€"
    return text[: kind.length] if getattr(kind, "length", None) else text


def _seed(engine, seeded: dict) -> None:
    """One row in every table that has none yet, every column filled."""
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version" or table.name in seeded:
                continue
            filled = conn.execute(sa.select(table)).mappings().first()
            if filled is not None:  # filled by the migration itself (profilechange, from the profiles)
                seeded[table.name] = dict(filled)
                continue
            def generated(c: sa.Column) -> bool:  # an id the database gives (not profilechange's person_id)
                return c.primary_key and isinstance(c.type, sa.Integer) and (
                    engine.dialect.name == "sqlite" or c.server_default is not None or c.identity is not None)

            values = {c.name: _value(table, c, seeded) for c in table.columns if not generated(c)}
            result = conn.execute(table.insert().values(**values))
            for c in table.primary_key.columns:
                if generated(c):
                    values[c.name] = result.inserted_primary_key[0]
            seeded[table.name] = values


def _same(stored, wanted) -> bool:
    if isinstance(wanted, datetime) and isinstance(stored, datetime):
        return stored.replace(tzinfo=None) == wanted.astimezone(timezone.utc).replace(tzinfo=None)
    if isinstance(wanted, str) and isinstance(stored, datetime | date):
        return False
    return stored == wanted


def _check(engine, seeded: dict, step: str) -> None:
    """Every seeded row is still there with every value; new required columns got a value."""
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for name, values in seeded.items():
            table = meta.tables[name]
            key = [table.c[c.name] == values[c.name] for c in table.primary_key.columns]
            row = conn.execute(sa.select(table).where(*key)).mappings().one_or_none()
            assert row is not None, f"{step}: the {name} row is gone"
            for column, wanted in values.items():
                assert _same(row[column], wanted), f"{step}: {name}.{column} = {row[column]!r}, was {wanted!r}"
            for column in table.columns:
                if not column.nullable and not column.primary_key:
                    assert row[column.name] is not None, f"{step}: {name}.{column.name} has no value"


@pytest.mark.db
def test_every_step_from_0001_to_head_keeps_the_data_of_the_step_before(empty_engine):
    steps = revisions(empty_engine)
    assert steps[0] == "0001" and len(steps) >= 5
    seeded: dict = {}
    for step in steps:
        migrate(empty_engine, step)
        _check(empty_engine, seeded, step)  # the rows of earlier steps came through this one
        _seed(empty_engine, seeded)  # and this step's new tables get a row too
    assert set(seeded) >= {"person", "klus", "invitation", "outbox", "approval", "matchround"}
    with empty_engine.connect() as conn:  # head is exactly what the models say
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


@pytest.mark.db
def test_every_step_goes_down_and_up_again_with_data(empty_engine):
    steps = revisions(empty_engine)
    seeded: dict = {}
    migrate(empty_engine, "0001")
    _seed(empty_engine, seeded)
    migrate(empty_engine)
    cfg = alembic_config(empty_engine)
    for previous in reversed(["base"] + steps[:-1]):
        command.downgrade(cfg, previous)
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate(empty_engine)
    _seed(empty_engine, {})
    assert {"klus", "approval", "slackinstallation"} <= set(inspect(empty_engine).get_table_names())


@pytest.mark.db
def test_the_app_works_on_a_database_upgraded_from_0001(empty_engine, clock):
    """Data written under the first schema is read and changed by today's code."""
    from bot.app import build
    from bot.settings import Settings

    migrate(empty_engine, "0001")
    with empty_engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO organisation (id, name) VALUES (1, 'BZK')"))
        conn.execute(sa.text(
            "INSERT INTO person (id, platform, workspace, user_id, name, lang, tz, organisation_id, created_at) "
            "VALUES (1, 'shell', 'demo', 'marieke', 'Marieke', 'nl', 'Europe/Amsterdam', 1, '2026-11-01 10:00:00'), "
            "(2, 'shell', 'demo', 'fatima', 'Fatima', 'nl', 'Europe/Amsterdam', 1, '2026-11-01 10:00:00')"))
        conn.execute(sa.text(
            "INSERT INTO profile (person_id, name, department, job_title, skills, wants, hours_per_week, visible, "
            "preference, line_manager, updated_at) VALUES (2, 'Fatima', '', '', 'Power BI, SQL', '', 8, true, "
            "'specific', '', '2026-11-01 10:00:00')"))
        conn.execute(sa.text(
            "INSERT INTO workspace (platform, external_id, organisation_id) VALUES ('shell', 'demo', 1)"))
    if PG_URL:  # the ids above were given by hand: move the sequences past them
        with empty_engine.begin() as conn:
            for table in ("organisation", "person", "profile"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))
    migrate(empty_engine)
    app = build(Settings(database_url="sqlite://", quiet_hours="", quiet_weekends=False), clock=clock,
                engine=empty_engine, upgrade=False)
    marieke = app.service.person("shell", "demo", "marieke")
    reply = app.service.post_klus_line(marieke, "Dashboard; vaardigheden: Power BI, SQL; 8 uur per week; 4 weken")
    assert "Fatima" in str(reply.cards[0].text)  # her profile from the first schema is matched
    fatima = app.service.person("shell", "demo", "fatima")
    (inv_id, title, status), = app.service.my_invitations(fatima)
    app.service.accept(fatima, inv_id)
    assert app.service.my_invitations(fatima)[0][2] == "accepted"
