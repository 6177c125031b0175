"""Server audit events (SECURITY R6/R7): append-only rows with opaque ids and an outcome, never names or PHI."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert

from . import tables

CLI_ACTOR = "cli"  # the user id recorded for operations run from the admin command line


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC, so say so."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def record_event(
    conn: Connection,
    *,
    tenant_id: str,
    user_id: str,
    action: str,
    outcome: str,
    device_id: str = "",
    object_type: str = "",
    object_id: str = "",
    at: datetime | None = None,
) -> None:
    """Append one event in the caller's transaction, so it commits (or not) with what it describes."""
    conn.execute(
        insert(tables.audit_event).values(
            tenant_id=tenant_id, at=at or utc_now(), user_id=user_id, device_id=device_id, action=action,
            object_type=object_type, object_id=object_id, outcome=outcome, source="server",
        )
    )  # fmt: skip


def record_import(engine: Engine, *, tenant_id: str, actor: str, action: str, outcome: str, import_id: str) -> None:
    """An import's outcome in its own transaction: a rejected import rolled everything else back."""
    with engine.begin() as conn:
        record_event(conn, tenant_id=tenant_id, user_id=actor, action=action, outcome=outcome,
                     object_type="import", object_id=import_id)  # fmt: skip
