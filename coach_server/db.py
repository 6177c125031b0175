"""Database engines for PostgreSQL (psycopg 3) and SQLite, with the settings each needs to be correct."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

READ_ONLY = "coach_read_only"  # Connection execution option: this transaction never writes (sequence.read_only)


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, **kwargs)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


PING_AFTER_IDLE = 10.0  # seconds a pooled connection may sit unused before it is checked at checkout


def _note_checkin(_dbapi_conn: Any, record: Any) -> None:
    record.info["coach_checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """``pool_pre_ping``, but only for a connection that sat idle: a ping per checkout was a round trip on every
    request (two per authenticated call). A busy pool's connections are proven by their last use; one that died
    while busy (a database restart) fails its statement, which answers 503 (retry) and invalidates the pool."""
    if time.monotonic() - record.info.get("coach_checked_in", 0.0) < PING_AFTER_IDLE:
        return
    try:
        with dbapi_conn.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_conn.rollback()
    except Exception as exc:  # any failure: let the pool replace this connection
        raise DisconnectionError("stale pooled connection") from exc


def analyze(engine: Engine, table_names: Sequence[str]) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk write (imports), in its own transaction.

    Until autovacuum gets to it, a table that just grew by thousands of rows has no statistics, and the
    planner picks plans (a tenant-wide scan filtered by a 500-id list, say) that are hundreds of times slower.
    Best effort: a role that may not analyze a table gets a warning, and an error changes nothing committed.
    SQLite needs nothing: it plans from its indexes.
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.begin() as conn:
            quote = conn.dialect.identifier_preparer.quote
            for name in table_names:
                conn.execute(text(f"ANALYZE {quote(name)}"))  # our own table names, never input
    except SQLAlchemyError:
        pass  # statistics are an optimisation; autovacuum refreshes them soon anyway


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is turned off so BEGIN IMMEDIATE below takes the write lock up front.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    for statement in ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                      "PRAGMA busy_timeout = 30000"):  # fmt: skip
        cursor.execute(statement)
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Writers serialise at BEGIN, never fail at COMMIT: SQLite's equivalent of the tenant_seq row lock. A
    # transaction marked READ_ONLY begins deferred: in WAL mode it reads one snapshot, taken at its first read,
    # without waiting for the writer (and without making writers wait for it).
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")
