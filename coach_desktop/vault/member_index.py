"""The derived, typed member rows the panel sorts and filters on, rebuilt from the JSON documents."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date

from ..domain.member import Member, RiskTier
from ..domain.worklist import next_contact_due
from .database import Database

_INDEX_COLUMNS = (
    "member_id", "family_name", "given_name", "search_name", "medicaid_id", "birth_date", "language",
    "risk_tier", "enrollment_status", "conditions", "practice_id", "coach_id",
)  # fmt: skip

# Built once from the constant column list above; every value is bound.
_UPSERT = (
    "INSERT INTO member_index (" + ", ".join(_INDEX_COLUMNS) + ") "
    "VALUES (" + ", ".join("?" * len(_INDEX_COLUMNS)) + ") "
    "ON CONFLICT (member_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _INDEX_COLUMNS[1:])
)


def conditions_key(member: Member) -> str:
    """",diabetes,hypertension," — delimited so a filter can match one condition with LIKE '%,x,%'."""
    return "," + ",".join(sorted(c.value for c in member.conditions)) + "," if member.conditions else ""


def member_row(member: Member) -> tuple[object, ...]:
    return (
        str(member.id),
        member.family_name,
        member.given_name,
        f"{member.given_name} {member.family_name}",
        member.medicaid_id,
        member.date_of_birth.isoformat(),
        member.preferred_language.value,
        member.risk_tier.number,
        member.enrollment_status.value,
        conditions_key(member),
        member.practice_id,
        member.coach_id,
    )


def upsert_member(db: Database, member: Member) -> None:
    if member.deleted:
        remove_member(db, str(member.id))
        return
    db.execute(_UPSERT, member_row(member))


def upsert_members(db: Database, members: list[Member]) -> None:
    live = [m for m in members if not m.deleted]
    db.executemany(_UPSERT, [member_row(m) for m in live])


def remove_member(db: Database, member_id: str) -> None:
    db.execute("DELETE FROM member_index WHERE member_id = ?", (member_id,))


def reindex_all_members(db: Database) -> int:
    """Rebuild the index rows from every live member document (schema v2 backfill, repair)."""
    rows = db.query("SELECT body FROM record WHERE kind = 'member' AND deleted = 0")
    members = [Member.model_validate_json(body) for (body,) in rows]
    upsert_members(db, members)
    return len(members)


# One pass over the member index. INDEXED BY: without statistics the planner would scan every record of a
# kind per member (measured: 100 ms per member at 200 members) instead of the (member_id, kind) index.
_CONTACT_FACTS = """
SELECT m.member_id, m.risk_tier,
  (SELECT max(substr(json_extract(r.body, '$.started_at'), 1, 10)) FROM record r INDEXED BY record_by_member
     WHERE r.member_id = m.member_id AND r.kind = 'session_note' AND r.deleted = 0),
  (SELECT max(substr(json_extract(r.body, '$.started_at'), 1, 10)) FROM record r INDEXED BY record_by_member
     WHERE r.member_id = m.member_id AND r.kind = 'session_note' AND r.deleted = 0
       AND json_extract(r.body, '$.mode') = 'in_person'),
  (SELECT max(json_extract(r.body, '$.discharged_on')) FROM record r INDEXED BY record_by_member
     WHERE r.member_id = m.member_id AND r.kind = 'care_transition' AND r.deleted = 0),
  EXISTS (SELECT 1 FROM record r INDEXED BY record_by_member
     WHERE r.member_id = m.member_id AND r.kind = 'task' AND r.deleted = 0
       AND json_extract(r.body, '$.type') = 'safety_assessment' AND json_extract(r.body, '$.status') = 'open')
FROM member_index m
"""
_CONTACT_FACTS_FOR = _CONTACT_FACTS + " WHERE m.member_id IN (SELECT value FROM json_each(?))"  # noqa: S608
_TIERS = {tier.number: tier for tier in RiskTier}


def refresh_contact_columns(db: Database, member_ids: Collection[str] | None = None) -> None:
    """Recompute last contact, next due and flags (schema v3 columns) for some members, or all (None)."""
    if member_ids is None:
        rows = db.query(_CONTACT_FACTS)
    else:
        rows = db.query(_CONTACT_FACTS_FOR, (json.dumps(list(member_ids)),))
    today = date.today()
    updates = [_contact_columns(row, today) for row in rows]
    db.executemany("UPDATE member_index SET last_contact = ?, next_due = ?, flags = ? WHERE member_id = ?", updates)


def _contact_columns(row: tuple[object, ...], today: date) -> tuple[str | None, str | None, str, str]:
    member_id, tier, last_any, last_in_person, last_discharge, safety = row
    next_due = None
    # Never contacted → no date: the panel shows "due now". The Today worklist recomputes live.
    if last_any:
        next_due = next_contact_due(
            _TIERS[int(str(tier))], _day(last_any), _day(last_in_person), _day(last_discharge), today=today
        ).isoformat()
    return (str(last_any) if last_any else None, next_due, "safety" if safety else "", str(member_id))


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def refresh_all_contact_columns(db: Database) -> None:
    refresh_contact_columns(db, None)
