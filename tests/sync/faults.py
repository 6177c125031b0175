"""Shared by the fault tests: their server (SQLite or PostgreSQL, files in RAM) and the I5a and I8 checks."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from coach_desktop.vault import sync_state
from coach_desktop.vault.database import Database
from coach_server import identity, tables
from tests.server.conftest import _pg_database
from tests.server.live import LiveServer

TENANT = "default"
SHM = "/dev/shm"
# The server databases these tests run on: SQLite by default (the time budget); COACH_FAULT_BACKENDS=sqlite,postgresql
BACKENDS = os.environ.get("COACH_FAULT_BACKENDS", "sqlite").split(",")


@contextmanager
def scratch_folder(fallback: Path) -> Iterator[Path]:
    """A folder in RAM when the machine has /dev/shm, else ``fallback``. A SIGKILL loses nothing the page cache
    holds, so fsync (about 4 ms a time on a CI disk) would only slow these tests down, never change them."""
    if not os.access(SHM, os.W_OK):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="coach-faults-", dir=SHM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fault_server(backend: str, folder: Path) -> Iterator[LiveServer]:
    """The real server on loopback, with a rate limit no test reaches (hundreds of syncs from one device)."""
    urls = iter([f"sqlite:///{folder / 'server.db'}"]) if backend == "sqlite" else _pg_database()
    server = LiveServer(next(urls), requests_per_minute=10**6)
    try:
        with server:
            with server.engine.begin() as conn:
                identity.ensure_tenant(conn, TENANT)
            yield server
    finally:
        for _ in urls:  # drops the PostgreSQL database
            pass


def held_state(db: Database) -> dict[str, Any]:
    """What a vault holds of the server's state: its cursor's seq and each record's server row_seq."""
    rows = db.query("SELECT kind, id, server_row_seq FROM record WHERE server_row_seq IS NOT NULL")
    return {"cursor_seq": sync_state.get_int(db, sync_state.CURSOR_SEQ), "held": {f"{k}/{i}": s for k, i, s in rows}}


def server_seqs(engine: Engine, user_id: str) -> dict[str, int]:
    """Every record of the coach's panel members (tombstones and conflict records too) with its row_seq."""
    r, pa = tables.record, tables.panel_assignment
    mine = select(pa.c.member_id).where(pa.c.tenant_id == TENANT, pa.c.coach_id == user_id)
    with engine.connect() as conn:
        rows = conn.execute(select(r.c.kind, r.c.id, r.c.row_seq).where(r.c.tenant_id == TENANT,
                                                                        r.c.member_id.in_(mine)))  # fmt: skip
        return {f"{kind}/{record_id}": int(seq) for kind, record_id, seq in rows}


def check_cursor(state: dict[str, Any], server: dict[str, int], previous: dict[str, Any] | None = None) -> None:
    """I5a: every change at or below the cursor is held, at exactly the server's row_seq. I8: the cursor and
    every held row_seq only move forward, and never past the server's."""
    cursor, held = int(state["cursor_seq"]), state["held"]
    behind = {key: (seq, held.get(key)) for key, seq in server.items() if seq <= cursor and held.get(key) != seq}
    assert not behind, f"I5a: cursor {cursor} passed changes the vault does not hold (server, held): {behind}"
    ahead = {key: seq for key, seq in held.items() if seq > server.get(key, 0)}
    assert not ahead, f"I8: the vault holds row_seqs the server never had: {ahead}"
    if previous is not None:
        assert cursor >= int(previous["cursor_seq"]), f"I8: cursor went back from {previous['cursor_seq']} to {cursor}"
        back = {k: (s, held.get(k)) for k, s in previous["held"].items() if k in held and held[k] < s}
        assert not back, f"I8: row_seqs went back (before, now): {back}"
