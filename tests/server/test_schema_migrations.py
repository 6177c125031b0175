"""The Alembic migrations build exactly the schema in coach_server.tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from coach_server.migrations_runner import alembic_config, current_revision, head_revision, upgrade_to_head
from coach_server.tables import metadata


def test_migrated_schema_equals_the_metadata(engine: Engine) -> None:
    upgrade_to_head(engine)  # a second run (the fixture ran it once) changes nothing
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert current_revision(conn) == head_revision() == "0001_initial"


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    with engine.connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        conn.commit()
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
    upgrade_to_head(engine)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == set(metadata.tables) | {"alembic_version"}
