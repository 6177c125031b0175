"""The local audit log: append-only (triggers refuse UPDATE/DELETE) and hash-chained, with no PHI (R6)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..domain.audit import AuditEvent
from .database import Database

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    event: AuditEvent
    prev_hash: str
    hash: str


def _chain_hash(prev_hash: str, event: AuditEvent) -> str:
    canonical = json.dumps(event.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append(db: Database, event: AuditEvent) -> str:
    """Append one event inside the caller's transaction; returns its chain hash."""
    prev = db.scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") or GENESIS_HASH
    digest = _chain_hash(prev, event)
    db.execute(
        "INSERT INTO audit_log (at, user_id, device_id, action, object_type, object_id, outcome, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.at.isoformat(), event.user_id, event.device_id, event.action.value,
            event.object_type, event.object_id, event.outcome.value, prev, digest,
        ),
    )  # fmt: skip
    return digest


def entries(db: Database, *, object_id: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, user_id, device_id, action, object_type, object_id, outcome, prev_hash, hash FROM audit_log"
    params: list[object] = []
    if object_id is not None:
        sql += " WHERE object_id = ?"
        params.append(object_id)
    sql += " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [_entry(row) for row in db.query(sql, params)]


def entries_for_member(db: Database, member_id: str, *, limit: int = 500) -> list[AuditEntry]:
    """Events on a member's own record and on every record filed under them (deleted ones too), newest first."""
    return [_entry(row) for row in db.query(MEMBER_EVENTS_SQL, (member_id, member_id, int(limit)))]


MEMBER_EVENTS_SQL = (  # looked up through audit_log_by_object (vault v9), never a scan of the whole log
    "SELECT seq, at, user_id, device_id, action, object_type, object_id, outcome, prev_hash, hash FROM audit_log "
    "WHERE object_id = ? OR object_id IN (SELECT id FROM record WHERE member_id = ?) ORDER BY seq DESC LIMIT ?"
)


def _entry(row: tuple[object, ...]) -> AuditEntry:
    seq, at, user_id, device_id, action, object_type, object_id, outcome, prev_hash, digest = row
    event = AuditEvent.model_validate(
        {"at": at, "user_id": user_id, "device_id": device_id, "action": action,
         "object_type": object_type, "object_id": object_id, "outcome": outcome}
    )  # fmt: skip
    return AuditEntry(int(str(seq)), event, str(prev_hash), str(digest))


def verify_chain(db: Database) -> int | None:
    """Return the seq of the first entry whose link or hash does not verify, or None when intact."""
    prev = GENESIS_HASH
    for entry in entries(db):
        if entry.prev_hash != prev or _chain_hash(prev, entry.event) != entry.hash:
            return entry.seq
        prev = entry.hash
    return None
