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
