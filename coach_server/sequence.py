"""Per-tenant change sequence whose allocation order equals commit order (SYNC_PROTOCOL §6.2, invariant I5b).

Why not a PostgreSQL SEQUENCE or ``bigserial``: ``nextval()`` hands out numbers at the start of a transaction,
so transaction A can take 5, transaction B take 6 and commit first; a reader then sees 6, moves its cursor
past it, and never sees 5 when A commits (the Sequin / event-driven.io write-ups; tests/server/test_sequence.py
reproduces it).

The scheme used here, for every transaction that writes rows carrying a seq:

1. ``SeqBlock.open`` locks the tenant's ``tenant_seq`` row first (``SELECT … FOR UPDATE`` on PostgreSQL; on
   SQLite the engine's ``BEGIN IMMEDIATE`` already holds the database write lock) and reads ``last_seq``.
   Writers of one tenant therefore run one at a time from this point until their COMMIT.
2. The writer hands out ``last_seq + 1, + 2, …`` (``SeqBlock.take``) and writes its rows with those numbers.
3. ``SeqBlock.close`` runs ``allocate_seq`` — ``UPDATE tenant_seq SET last_seq = last_seq + n … RETURNING`` —
   as the last sequence statement and checks it returns the last number handed out.

Because the lock is held from before the numbers are chosen until COMMIT, and each writer starts from the
latest committed ``last_seq``, commits happen in seq order. A reader that reads ``last_seq = L`` and the rows
in one snapshot (REPEATABLE READ on PostgreSQL, ``read_snapshot``) sees every committed seq ≤ L, and any later
commit gets a seq > L: once seq k is visible, nothing below k can appear later. Holes (a seq whose record was
later rewritten at a higher seq) are harmless: readers only ever need "everything up to L".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, insert, select, update

from . import tables
from .db import READ_ONLY


class SequenceError(RuntimeError):
    """The counter moved under a writer that held its lock: a bug, and the transaction must not commit."""


def ensure_tenant(conn: Connection, tenant_id: str, name: str) -> None:
    """Create the tenant and its counter row if missing (idempotent; call once when a tenant is set up)."""
    if conn.execute(select(tables.tenant.c.id).where(tables.tenant.c.id == tenant_id)).first() is None:
        conn.execute(insert(tables.tenant).values(id=tenant_id, name=name))
    counter = select(tables.tenant_seq.c.tenant_id).where(tables.tenant_seq.c.tenant_id == tenant_id)
    if conn.execute(counter).first() is None:
        conn.execute(insert(tables.tenant_seq).values(tenant_id=tenant_id, last_seq=0))


def lock_counter(conn: Connection, tenant_id: str) -> int:
    """Lock the tenant's counter row for the rest of the transaction and return its current value."""
    query = select(tables.tenant_seq.c.last_seq).where(tables.tenant_seq.c.tenant_id == tenant_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    value = conn.execute(query).scalar_one_or_none()
    if value is None:
        raise SequenceError("tenant has no sequence row; call ensure_tenant first")
    return int(value)


def allocate_seq(conn: Connection, tenant_id: str, n: int = 1) -> int:
    """Advance the counter by ``n`` and return the new last value (the highest seq of this transaction)."""
    stmt = (
        update(tables.tenant_seq)
        .where(tables.tenant_seq.c.tenant_id == tenant_id)
        .values(last_seq=tables.tenant_seq.c.last_seq + n)
        .returning(tables.tenant_seq.c.last_seq)
    )
    return int(conn.execute(stmt).scalar_one())


def current_seq(conn: Connection, tenant_id: str) -> int:
    """The highest committed seq as seen by this connection's snapshot (0 for an unknown tenant)."""
    query = select(tables.tenant_seq.c.last_seq).where(tables.tenant_seq.c.tenant_id == tenant_id)
    return int(conn.execute(query).scalar_one_or_none() or 0)


class SeqBlock:
    """The seqs one write transaction hands out: consecutive, above every committed seq, bumped at the end."""

    def __init__(self, conn: Connection, tenant_id: str) -> None:
        self.conn = conn
        self.tenant_id = tenant_id
        self.base = lock_counter(conn, tenant_id)
        self.count = 0

    @classmethod
    def open(cls, conn: Connection, tenant_id: str) -> SeqBlock:
        return cls(conn, tenant_id)

    def take(self) -> int:
        self.count += 1
        return self.base + self.count

    @property
    def last(self) -> int:
        """The highest seq taken so far (the counter value if none was taken)."""
        return self.base + self.count

    def close(self) -> int:
        """Bump the counter by the number of seqs taken (nothing to do if none); returns the last seq."""
        if self.count == 0:
            return self.base
        last = allocate_seq(self.conn, self.tenant_id, self.count)
        if last != self.base + self.count:
            raise SequenceError("tenant counter moved while locked")
        return last


@contextmanager
def write_transaction(engine: Engine, tenant_id: str) -> Iterator[SeqBlock]:
    """One write transaction with a seq block: the counter is locked first and bumped last, then COMMIT."""
    with engine.begin() as conn:
        block = SeqBlock.open(conn, tenant_id)
        yield block
        block.close()


@contextmanager
def read_only(engine: Engine, *, snapshot: bool = False) -> Iterator[Connection]:
    """A transaction that only reads; ``snapshot``: all its statements see one snapshot.

    PostgreSQL: READ COMMITTED, or REPEATABLE READ for a snapshot. SQLite: a deferred BEGIN (db.READ_ONLY), which
    in WAL mode is always one snapshot and neither waits for the writer nor blocks it (writers BEGIN IMMEDIATE).
    """
    with engine.connect() as conn:
        options: dict[str, object] = {READ_ONLY: True}
        if snapshot and conn.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        conn.execution_options(**options)
        with conn.begin():
            yield conn


@contextmanager
def read_one_statement(engine: Engine) -> Iterator[Connection]:
    """For reads that are ONE statement (a statement always sees one snapshot): on PostgreSQL in autocommit, so
    there is no BEGIN and COMMIT round trip around it; on SQLite a read-only transaction as usual."""
    if engine.dialect.name != "postgresql":
        with read_only(engine) as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction whose statements all see one snapshot (REPEATABLE READ on PostgreSQL)."""
    with read_only(engine, snapshot=True) as conn:
        yield conn
