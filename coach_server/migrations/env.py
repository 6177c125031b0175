"""Alembic environment: migrates the engine's connection handed over by ``migrations_runner`` (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from coach_server.db import make_engine
from coach_server.tables import metadata

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        # SQLite cannot ALTER most things in place; batch mode copies the table, so later revisions work on both.
        render_as_batch=connection.dialect.name == "sqlite",
    )


def run_offline() -> None:
    """Emit SQL for a DBA to review (``alembic upgrade head --sql``) instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True)  # fmt: skip
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(str(config.get_main_option("sqlalchemy.url")))
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
