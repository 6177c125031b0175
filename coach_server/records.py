"""The ``record`` table: load and save rows (current state + per-field versions) and render them for the wire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from coach_desktop.sync.protocol import FieldChange, RecordState

from . import tables
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


def put_record(conn: Connection, tenant_id: str, body: dict[str, Any], *, user_id: str) -> int:
    """Server-side write (roster import, admin tools): create the record, or patch the fields that differ.

    Runs in the caller's transaction and locks the tenant counter (run it as the last seq-writing step and
    commit promptly). Raises ``merge.Rejected`` (reason without values) for an invalid body, a deleted record
    or a signed note. Returns the record's row_seq.
    """
    kind, record_id = str(body["kind"]), str(body["id"])
    block = SeqBlock.open(conn, tenant_id)
    ctx = Context(device_id=SERVER_DEVICE, user_id=user_id, mutation_id=str(uuid.uuid4()), now=datetime.now(UTC),
                  next_seq=block.take)  # fmt: skip
    current = load(conn, tenant_id, kind, record_id)
    if current is None:
        row: Stored | None = new_row(kind, validated(kind, body, ctx), ctx.next_seq(), SERVER_DEVICE)
    elif current.deleted:
        raise Rejected("a record with this id was deleted")
    else:
        fixed = IDENTITY_FIELDS | server_fields(kind)
        changes = {k: FieldChange(value=v, base_ver=current.field_ver.get(k))
                   for k, v in body.items() if k not in fixed}  # fmt: skip
        outcome = merge_patch(current, changes, ctx) if changes else None
        row = outcome.writes[0] if outcome is not None and outcome.writes else None
    if row is not None:
        save(conn, tenant_id, row)
    block.close()
    return row.row_seq if row is not None else current.row_seq if current is not None else 0
