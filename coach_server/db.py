"""Database engines for PostgreSQL (psycopg 3) and SQLite, with the settings each needs to be correct."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event


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
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, **kwargs)


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
    # Writers serialise at BEGIN, never fail at COMMIT: SQLite's equivalent of the tenant_seq row lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE")
