"""The ``record`` table: load and save rows (current state + per-field versions) and render them for the wire."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from coach_desktop.sync.protocol import FieldChange, RecordState

from . import tables
from .batching import chunks
from .kinds import IDENTITY_FIELDS, server_fields
from .merge import Context, Rejected, Stored, merge_patch, new_row, validated
from .sequence import SeqBlock

SERVER_DEVICE = "00000000-0000-0000-0000-000000000000"  # field_dev of server-side writes (imports, admin)


def from_row(row: Row[Any]) -> Stored:
    return Stored(kind=row.kind, id=row.id, body=dict(row.body), field_ver=dict(row.field_ver),
                  field_dev=dict(row.field_dev), row_seq=int(row.row_seq), deleted=bool(row.deleted),
                  member_id=row.member_id, practice_id=row.practice_id)  # fmt: skip


def load(conn: Connection, tenant_id: str, kind: str, record_id: str) -> Stored | None:
    r = tables.record
    row = conn.execute(select(r).where(r.c.tenant_id == tenant_id, r.c.kind == kind, r.c.id == record_id)).first()
    return from_row(row) if row is not None else None


def save(conn: Connection, tenant_id: str, row: Stored) -> None:
    """Upsert one row. Writers hold the tenant counter lock, so update-then-insert cannot race."""
    r = tables.record
    values = {"body": row.body, "field_ver": row.field_ver, "field_dev": row.field_dev, "row_seq": row.row_seq,
              "deleted": row.deleted, "member_id": row.member_id, "practice_id": row.practice_id}  # fmt: skip
    done = conn.execute(update(r).where(r.c.tenant_id == tenant_id, r.c.kind == row.kind, r.c.id == row.id)
                        .values(**values))  # fmt: skip
    if done.rowcount == 0:
        conn.execute(insert(r).values(tenant_id=tenant_id, kind=row.kind, id=row.id, **values))


def to_state(row: Row[Any] | Stored) -> RecordState:
    """Full current state; a tombstone carries no body (the client only needs to drop the record)."""
    deleted = bool(row.deleted)
    return RecordState(
        kind=row.kind, id=uuid.UUID(row.id), member_id=uuid.UUID(row.member_id) if row.member_id else None,
        practice_id=row.practice_id, body=None if deleted else dict(row.body),
        field_ver={} if deleted else dict(row.field_ver), row_seq=int(row.row_seq), deleted=deleted,
    )  # fmt: skip


def load_many(conn: Connection, tenant_id: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Stored]:
    """Rows by (kind, id): one query per kind and chunk of ids, however many keys."""
    r = tables.record
    by_kind: dict[str, set[str]] = {}
    for kind, record_id in keys:
        by_kind.setdefault(kind, set()).add(record_id)
    found: dict[tuple[str, str], Stored] = {}
    for kind, ids in sorted(by_kind.items()):
        for chunk in chunks(ids):
            rows = conn.execute(select(r).where(r.c.tenant_id == tenant_id, r.c.kind == kind, r.c.id.in_(chunk)))
            found.update({(row.kind, row.id): from_row(row) for row in rows})
    return found


def _columns(row: Stored) -> dict[str, Any]:
    return {"body": row.body, "field_ver": row.field_ver, "field_dev": row.field_dev, "row_seq": row.row_seq,
            "deleted": row.deleted, "member_id": row.member_id, "practice_id": row.practice_id}  # fmt: skip


def save_many(conn: Connection, tenant_id: str, new: Iterable[Stored], changed: Iterable[Stored]) -> None:
    """Insert the ``new`` rows and update the ``changed`` ones, one executemany statement each."""
    r = tables.record
    inserts = [{"tenant_id": tenant_id, "kind": row.kind, "id": row.id, **_columns(row)} for row in new]
    updates = [{"b_tenant": tenant_id, "b_kind": row.kind, "b_id": row.id, **_columns(row)} for row in changed]
    if inserts:
        conn.execute(insert(r), inserts)
    if updates:
        key = (r.c.tenant_id == bindparam("b_tenant"), r.c.kind == bindparam("b_kind"), r.c.id == bindparam("b_id"))
        conn.execute(update(r).where(*key), updates)


def put_record(conn: Connection, tenant_id: str, body: dict[str, Any], *, user_id: str) -> int:
    """Server-side write (admin tools): create the record, or patch the fields that differ.

    Runs in the caller's transaction and locks the tenant counter (run it as the last seq-writing step and
    commit promptly). Raises ``merge.Rejected`` (reason without values) for an invalid body, a deleted record
    or a signed note. Returns the record's row_seq. Many records at once (imports): ``put_records``.
    """
    kind, record_id = str(body["kind"]), str(body["id"])
    block = SeqBlock.open(conn, tenant_id)
    ctx = Context(device_id=SERVER_DEVICE, user_id=user_id, mutation_id=str(uuid.uuid4()), now=datetime.now(UTC),
                  next_seq=block.take)  # fmt: skip
    current = load(conn, tenant_id, kind, record_id)
    row = _server_write(current, kind, body, ctx)
    if row is not None:
        save(conn, tenant_id, row)
    block.close()
    return row.row_seq if row is not None else current.row_seq if current is not None else 0


def put_records(conn: Connection, tenant_id: str, bodies: Sequence[Mapping[str, Any]], *, user_id: str,
                block: SeqBlock) -> list[int]:  # fmt: skip
    """``put_record`` for many bodies in one go, with seqs from the caller's ``block`` (imports).

    Exactly the result of calling ``put_record`` for each body in order, in one transaction: each created or
    changed record takes the next seq, only changed fields get it in ``field_ver``, unchanged bodies write
    nothing, and a later body with the same (kind, id) builds on the earlier one. Rows are read in chunks and
    written with one INSERT and one UPDATE executemany. Raises ``merge.Rejected`` before writing anything.
    Returns each body's row_seq, in order.
    """
    now = datetime.now(UTC)
    loaded = load_many(conn, tenant_id, ((str(b["kind"]), str(b["id"])) for b in bodies))
    state, written, seqs = dict(loaded), {}, []
    for body in bodies:
        key = (str(body["kind"]), str(body["id"]))
        ctx = Context(device_id=SERVER_DEVICE, user_id=user_id, mutation_id=str(uuid.uuid4()), now=now,
                      next_seq=block.take)  # fmt: skip
        row = _server_write(state.get(key), key[0], body, ctx)
        if row is not None:
            state[key] = written[key] = row
        seqs.append(state[key].row_seq if key in state else 0)
    save_many(conn, tenant_id, (row for key, row in written.items() if key not in loaded),
              (row for key, row in written.items() if key in loaded))  # fmt: skip
    return seqs


def _server_write(current: Stored | None, kind: str, body: Mapping[str, Any], ctx: Context) -> Stored | None:
    """The row a server-side write leaves (None: nothing changes). Raises Rejected."""
    if current is None:
        return new_row(kind, validated(kind, body, ctx), ctx.next_seq(), SERVER_DEVICE)
    if current.deleted:
        raise Rejected("a record with this id was deleted")
    fixed = IDENTITY_FIELDS | server_fields(kind)
    # Trusted values straight from our own bodies and field versions: construct without re-validating.
    changes = {k: FieldChange.model_construct(value=v, base_ver=current.field_ver.get(k))
               for k, v in body.items() if k not in fixed}  # fmt: skip
    outcome = merge_patch(current, changes, ctx) if changes else None
    return outcome.writes[0] if outcome is not None and outcome.writes else None
