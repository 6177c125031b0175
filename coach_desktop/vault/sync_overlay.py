"""The optimistic view (SYNC_PROTOCOL §6.3): the server's body ⊕ unacknowledged local mutations, in client_seq order.

Pure functions over JSON bodies; the caller chooses which outbox rows still count as "not yet on the server".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CONFLICT_KIND = "conflict"
SIGNED = "signed"


@dataclass(frozen=True)
class OutboxOp:
    """One outbox row as the overlay needs it."""

    client_seq: int
    kind: str
    record_id: str
    op: str
    payload: dict[str, Any]
    created_at_local: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> OutboxOp:
        client_seq, kind, record_id, op, payload, created = row
        return cls(int(client_seq), str(kind), str(record_id), str(op), json.loads(payload or "{}"), str(created))

    def targets(self, kind: str, record_id: str) -> bool:
        """Whether this op changes that record: its own record, or the record a resolve decides."""
        if self.kind == kind and self.record_id == record_id:
            return True
        target = self.payload.get("target") or {}
        return self.op == "resolve" and target.get("kind") == kind and target.get("id") == record_id


def replay(kind: str, record_id: str, server_body: dict[str, Any], ops: Iterable[OutboxOp]) -> dict[str, Any]:
    body = dict(server_body)
    for op in ops:
        if op.kind == kind and op.record_id == record_id:
            body = _own(body, op)
        elif op.targets(kind, record_id):
            body = _resolution(body, op)
    return body


def _own(body: dict[str, Any], op: OutboxOp) -> dict[str, Any]:
    fields = op.payload.get("fields") or {}
    if op.op == "create":
        return {**body, **fields}
    if op.op == "patch":
        return {**body, **{name: change.get("value") for name, change in fields.items()}}
    if op.op == "delete":
        return {**body, "deleted": True}
    if op.op == "sign":
        return {**body, **fields, "status": SIGNED, "content_hash": op.payload.get("content_hash"),
                "signed_at": body.get("signed_at") or op.created_at_local}  # fmt: skip
    if op.op == "resolve":
        target = op.payload.get("target") or {}
        return {**body, "status": "resolved", "resolution": op.payload.get("choice"),
                "resolved_by_user": target.get("resolved_by", body.get("resolved_by_user"))}  # fmt: skip
    return body


def _resolution(body: dict[str, Any], op: OutboxOp) -> dict[str, Any]:
    """What a resolve does to the record in conflict: theirs keeps the server's state, mine/edit re-apply."""
    choice = op.payload.get("choice")
    target = op.payload.get("target") or {}
    if choice == "theirs":
        return body
    ctype = target.get("type")
    if ctype == "field" and target.get("field"):
        return {**body, str(target["field"]): target.get("value")}
    if ctype == "deleted_after_edit":
        return {**body, "deleted": True}
    if ctype == "edited_after_delete" and isinstance(target.get("value"), dict):
        return {**body, **target["value"], "deleted": False}
    return body
