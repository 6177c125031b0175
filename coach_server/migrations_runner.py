"""Bring a server database to the current schema with Alembic, in-process, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number: servers starting together on one PostgreSQL take turns migrating.
_PG_LOCK_KEY = 0x636F616368  # "coach"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """``alembic upgrade head`` on this engine: a no-op when already there, so it runs on every start.

    Everything happens in one transaction (both databases have transactional DDL): a crash leaves the old
    schema, never half a new one. PostgreSQL servers starting at once are serialised by an advisory lock;
    on SQLite the engine's BEGIN IMMEDIATE does the same.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        if current_revision(conn) != head_revision():
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        conn.commit()
