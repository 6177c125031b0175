"""The derived, typed member rows the panel sorts and filters on, rebuilt from the JSON documents."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date

from ..domain.member import Member
from ..domain.transitions import tcm_contact_deadline
from ..domain.worklist import DEFAULT_SETTINGS
from .contact_due import DISCHARGE_DAYS, LAST_DISCHARGE, contact_subqueries, refresh_day_columns, shown_day_params
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
    """ ",diabetes,hypertension," — delimited so a filter can match one condition with LIKE '%,x,%'."""
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


# Date-independent contact facts, read from the schema v7 covering indexes with the Today worklist's definitions
# (vault/contact_due.py); then last contact and next due for the day the panel shows (kept in panel_due_state).
_SAFETY_OPEN = (
    # INDEXED BY: without statistics the planner would scan every record of a kind per member.
    "EXISTS (SELECT 1 FROM record r INDEXED BY record_by_member WHERE r.member_id = m.member_id "
    "AND r.kind = 'task' AND r.deleted = 0 AND json_extract(r.body, '$.type') = 'safety_assessment' "
    "AND json_extract(r.body, '$.status') = 'open')"
)
_FACT_COLUMNS = ", ".join((*contact_subqueries(None), LAST_DISCHARGE, DISCHARGE_DAYS, _SAFETY_OPEN))
_CONTACT_FACTS = f"SELECT m.member_id, {_FACT_COLUMNS} FROM member_index m"  # noqa: S608
_CONTACT_FACTS_FOR = _CONTACT_FACTS + " WHERE m.member_id IN (SELECT value FROM json_each(?))"  # noqa: S608
_UPDATE_FACTS = (
    "UPDATE member_index SET fact_last_contact = ?, fact_last_face_to_face = ?, fact_last_discharge = ?, "
    "fact_first_contact_due = ?, fact_discharges = ?, flags = ? WHERE member_id = ?"
)


def refresh_contact_columns(db: Database, member_ids: Collection[str] | None = None, *,
                            facts_for: Collection[str] | None = None) -> None:  # fmt: skip
    """Recompute the contact facts and flags of some members, or all (None), then their day's last contact and next
    due. ``facts_for``: only these members' facts can have changed (the others' day columns are still computed
    again, e.g. for a new risk tier). Runs inside the caller's transaction."""
    ids = None if member_ids is None else json.dumps(list(member_ids))
    if facts_for is not None and member_ids is not None:
        wanted = set(facts_for)
        changed = [m for m in member_ids if m in wanted]
        rows = db.query(_CONTACT_FACTS_FOR, (json.dumps(changed),)) if changed else []
    else:
        rows = db.query(_CONTACT_FACTS) if ids is None else db.query(_CONTACT_FACTS_FOR, (ids,))
    db.executemany(_UPDATE_FACTS, [_contact_columns(row) for row in rows])
    refresh_day_columns(db, shown_day_params(db), ids)


def _contact_columns(row: tuple[object, ...]) -> tuple[object, ...]:
    member_id, last_contact, last_face, last_discharge, discharge_days, safety = row
    # First-contact deadlines need the holiday calendar: computed here, once per write.
    deadlines = {day: _deadline(day) for day in json.loads(str(discharge_days or "[]")) if day}
    discharges = json.dumps(sorted(deadlines.items())) if deadlines else None
    first_due = deadlines.get(last_discharge) if last_discharge else None
    return (last_contact, last_face, last_discharge, first_due, discharges, "safety" if safety else "", str(member_id))


def _deadline(day: str) -> str:
    return tcm_contact_deadline(date.fromisoformat(day), DEFAULT_SETTINGS.holidays).isoformat()


def refresh_all_contact_columns(db: Database) -> None:
    refresh_contact_columns(db, None)
