"""Alembic environment: runs against the engine handed in by `storage.db.migrate`
(or DATABASE_URL when the `alembic` command is used directly)."""

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        import os

        from storage.db import make_engine

        engine = make_engine(os.environ.get("DATABASE_URL", "sqlite:///flexpool.db"))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations recreate tables; with foreign keys enforced, dropping a table
            # that others point to fails. The pragma only works outside a transaction, so it
            # goes straight to the driver connection (autocommit) before we begin.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


run()
