"""Care-plan revision history: who changed which fields, from what to what, and when (kept by schema v6 triggers).

``record_revision`` holds each state a record had *before* a change, with the author and time of that change. The
states in order, ending with the current body, give every revision as the difference of two neighbours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .database import Database

# Must match the kinds named in the v6 triggers (migrations.py); a test checks both ways.
REVISIONED_KINDS = ("care_plan", "care_plan_goal", "care_plan_intervention", "care_plan_barrier")
# Envelope fields the repository or server stamps on every write: never a change of their own.
_STAMPS = frozenset({"version", "updated_at", "updated_by"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Revision:
    """One state change of one record. ``initial`` is the earliest state held (its fields shown as set from None)."""

    kind: str
    record_id: str
    number: int
    at: datetime | None
    by: str
    changes: tuple[FieldChange, ...]
    initial: bool = False


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Changed content fields, by name (stamps left out)."""
    names = sorted((before.keys() | after.keys()) - _STAMPS)
    return tuple(FieldChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n))


def revisions(db: Database, kind: str, record_id: str) -> list[Revision]:
    """Every revision of one record, oldest first; empty when the record is unknown here."""
    rows = db.query(
        "SELECT changed_at, changed_by, old_body FROM record_revision WHERE kind = ? AND record_id = ? ORDER BY seq",
        (kind, record_id),
    )
    current = db.scalar("SELECT body FROM record WHERE kind = ? AND id = ?", (kind, record_id))
    states = [json.loads(old) for _, _, old in rows] + ([json.loads(current)] if current is not None else [])
    if not states:
        return []
    first = states[0]
    history = [Revision(kind, record_id, 1, _when(first.get("updated_at")), str(first.get("updated_by") or ""),
                        diff({}, first), initial=True)]  # fmt: skip
    for index, (changed_at, changed_by, _) in enumerate(rows):
        if index + 1 < len(states):
            changes = diff(states[index], states[index + 1])
            history.append(Revision(kind, record_id, index + 2, _when(changed_at), str(changed_by), changes))
    return history


def member_revisions(db: Database, member_id: str, kinds: tuple[str, ...] = REVISIONED_KINDS) -> list[Revision]:
    """Every revision of the member's care-plan records, newest first (the plan's "history" view)."""
    ids = db.query("SELECT kind, id FROM record WHERE member_id = ? AND kind IN (SELECT value FROM json_each(?))",
                   (member_id, json.dumps(list(kinds))))  # fmt: skip
    history = [rev for kind, record_id in ids for rev in revisions(db, str(kind), str(record_id))]
    history.sort(key=lambda r: (r.at is not None, r.at or datetime.min, r.number), reverse=True)
    return history
