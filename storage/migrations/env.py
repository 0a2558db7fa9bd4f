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
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
