"""Engine and transactions. SQLite by default (WAL, foreign keys, busy timeout, and
write transactions that take the write lock at BEGIN so two writers queue instead of
failing); PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=StaticPool if memory else None,
        )
        _sqlite_setup(engine, memory)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    return engine


def _without_nul(conn, cursor, statement, parameters, context, executemany):
    """PostgreSQL stores no NUL character in text (it fails the whole transaction), and no
    person means one: whatever a user typed is stored without them, on every database."""
    return statement, _clean(parameters)


def _clean(value):
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value)
    return value


def _sqlite_setup(engine: Engine, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE: the write lock is taken up front, so a read-then-write transaction
        # waits for another writer instead of failing with "database is locked".
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any exception."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def refresh_statistics(engine: Engine, *tables: str) -> None:
    """Tell the query planner how big the tables (all, or `tables`) are now (ANALYZE).

    SQLite (sampled, so a few milliseconds at any size): without statistics it guesses,
    and a join may start from the wrong table: the hours already booked, asked for every
    klus posted, took 57 ms instead of 1 ms at 1,100 klussen. The scheduler runs it.
    PostgreSQL: autovacuum keeps statistics, but looks once a minute; while an import
    fills a table they lag, and a plan made while it looked empty (a scan of the whole
    table to look up 500 keys) is kept for the connection's prepared statements: an HR
    import of 100,000 rows took 197 s instead of a tenth of it. ANALYZE replaces those plans."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        for table in tables or ("",):  # (SQLite's ANALYZE takes one table)
            conn.exec_driver_sql(f"ANALYZE {table}".strip())
        conn.commit()


MIGRATION_LOCK = 7_316_016  # a PostgreSQL advisory lock key: one `flexpool migrate` at a time


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` with the Alembic migrations. On PostgreSQL
    two processes migrating at once take turns (an advisory lock; the second finds the
    schema up to date). The profile-change triggers are (re)installed at the head: SQLite's
    batch migrations rebuild a table without its triggers."""
    from alembic import command

    from storage.changes import install_triggers

    lock = engine.connect() if not is_sqlite(engine) else None
    try:
        if lock is not None:
            lock.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
        command.upgrade(alembic_config(engine), revision)
        if revision == "head":
            with engine.begin() as conn:
                install_triggers(conn)
    finally:
        if lock is not None:
            lock.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
            lock.close()


class SchemaOutdated(RuntimeError):
    """The database's schema is not the one this version of Flexpool needs."""

    def __init__(self, current: str | None, head: str) -> None:
        self.current, self.head = current, head
        super().__init__(f"the database schema is at {current or 'nothing (empty database)'}, this version "
                         f"needs {head}: run `flexpool migrate` first (on a platform: the release step)")


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision, the newest this code knows)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


def check_schema(engine: Engine) -> None:
    """Raise SchemaOutdated unless the schema is at the newest revision (the long-running
    processes never migrate: `flexpool migrate` does, once, before they start)."""
    current, head = schema_revisions(engine)
    if current != head:
        raise SchemaOutdated(current, head)
