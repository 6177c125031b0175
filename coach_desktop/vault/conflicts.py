"""Conflicts for the UI (SYNC_PROTOCOL §6.5): list the open ones, resolve one offline as an ordinary mutation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..sync.protocol import ConflictRecord
from . import sync_state
from .database import Database
from .repository import ChangeSet, RecordRepository


@dataclass(frozen=True)
class OpenConflict:
    """What the conflicts inbox shows: whose change, to which field, both values (PHI stays in the vault)."""

    id: str
    type: str
    record_kind: str
    record_id: str
    member_id: str | None
    field: str | None
    server_value: Any
    proposed_value: Any
    proposed_by_user: str
    proposed_here: bool  # this device proposed the losing value ("your change conflicted with …")


def list_open_conflicts(db: Database) -> list[OpenConflict]:
    """Open conflicts as this device sees them (a resolution made offline already hides its conflict)."""
    here = sync_state.get(db, sync_state.DEVICE_ID)
    rows = db.query("SELECT body FROM record WHERE kind = 'conflict' AND deleted = 0 "
                    "AND json_extract(body, '$.status') = 'open' ORDER BY id")  # fmt: skip
    found = []
    for (body,) in rows:
        try:
            c = ConflictRecord.model_validate_json(body)
        except ValidationError:
            continue  # a newer server's conflict shape: left for an updated app
        found.append(OpenConflict(
            id=str(c.id), type=c.type.value, record_kind=c.record_kind, record_id=str(c.record_id),
            member_id=str(c.member_id) if c.member_id else None, field=c.field, server_value=c.server_value,
            proposed_value=c.proposed_value, proposed_by_user=c.proposed_by_user,
            proposed_here=here is not None and str(c.proposed_by_device) == here,
        ))  # fmt: skip
    return found


def resolve_conflict(repository: RecordRepository, conflict_id: str, choice: str, value: Any = None) -> ChangeSet:
    """``choice``: "mine" | "theirs" | "edit" (with ``value``). Works offline; the server checks it on push."""
    return repository.resolve_conflict(conflict_id, choice, value)
