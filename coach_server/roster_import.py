"""Roster CSV import: members, their PCP practice and assigned coach; all rows valid or nothing is written."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from coach_desktop.domain.member import Member

from . import records, scope, tables
from .audit import CLI_ACTOR, record_event, record_import, utc_now
from .batching import chunks
from .csv_intake import CsvRow, ImportRejected, Problem, read_rows, validation_problems
from .db import analyze
from .identity import ensure_tenant
from .sequence import SeqBlock

ROSTER_COLUMNS = (
    "medicaid_id", "given_name", "family_name", "date_of_birth", "sex", "preferred_language", "phone",
    "address_line1", "city", "state", "postal_code", "pcp_name", "practice_id", "practice_name", "conditions",
    "risk_tier", "risk_reason", "enrollment_status", "coach_username",
)  # fmt: skip
ROSTER_REQUIRED = ("medicaid_id", "given_name", "family_name", "date_of_birth", "sex", "risk_tier", "coach_username")
IMPORT_USER = "roster-import"  # updated_by on the records this import writes
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOWERCASE = ("sex", "preferred_language", "risk_tier", "enrollment_status")
_ADDRESS = {"address_line1": "line1", "city": "city", "state": "state", "postal_code": "postal_code"}
COLUMN_OF: dict[tuple[Any, ...], str] = {
    **{(c,): c for c in ROSTER_COLUMNS},
    **{("address", part): column for column, part in _ADDRESS.items()},
    ("coach_id",): "coach_username",
}


@dataclass
class RosterResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments: int = 0
    practices: int = 0


@dataclass
class _Planned:
    line: int
    member_id: str
    body: dict[str, Any]
    existing: dict[str, Any] | None
    coach_id: str


@dataclass
class _Plan:
    members: list[_Planned] = field(default_factory=list)
    practices: dict[str, str] = field(default_factory=dict)  # practice_id → name, as the file gives them


# ---- lookups ----------------------------------------------------------------------------------------------


def members_by_medicaid_id(conn: Connection, tenant_id: str) -> dict[str, str]:
    """medicaid_id → member record id, for every live member of the tenant."""
    r = tables.record
    rows = conn.execute(select(r.c.id, r.c.body["medicaid_id"].as_string())
                        .where(r.c.tenant_id == tenant_id, r.c.kind == Member.KIND, r.c.deleted.is_(False)))
    return {str(medicaid): str(record_id) for record_id, medicaid in rows if medicaid}


def load_rows(conn: Connection, tenant_id: str, kind: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The current rows (body, row_seq, deleted) of ``ids``, fetched in chunks."""
    r, found = tables.record, {}
    for chunk in chunks(ids):
        rows = conn.execute(select(r.c.id, r.c.body, r.c.row_seq, r.c.deleted)
                            .where(r.c.tenant_id == tenant_id, r.c.kind == kind, r.c.id.in_(chunk)))  # fmt: skip
        found.update({str(row.id): dict(row._mapping) for row in rows})
    return found


# ---- import -----------------------------------------------------------------------------------------------


def import_roster(engine: Engine, path: Path, *, tenant_id: str, actor: str = CLI_ACTOR,
                  dry_run: bool = False) -> RosterResult:  # fmt: skip
    """Validate every row, then write members, practices and assignments in one transaction.

    Re-importing is safe: members are matched by medicaid_id and keep their id; only changed fields become a
    new version. Raises ImportRejected (with ``line N: field: reason`` problems) and writes nothing if any row
    is bad. The roster is authoritative for the columns it carries: an empty cell means the field's default.
    """
    try:
        rows, problems = read_rows(path, ROSTER_COLUMNS, ROSTER_REQUIRED)
        with engine.begin() as conn:
            ensure_tenant(conn, tenant_id)
            plan = _plan(conn, tenant_id, rows, problems)
            result = RosterResult(rows=len(rows))
            if not dry_run:
                _apply(conn, tenant_id, plan, result)
                record_event(conn, tenant_id=tenant_id, user_id=actor, action="roster_import", outcome="ok",
                             object_type="import", object_id=str(uuid.uuid4()))  # fmt: skip
        if not dry_run:  # committed: fresh planner statistics for the next import and for sync reads
            analyze(engine, [t.name for t in (tables.record, tables.panel_assignment, tables.scope_event)])
        return result
    except ImportRejected:
        record_import(engine, tenant_id=tenant_id, actor=actor, action="roster_import", outcome="rejected",
                      import_id=str(uuid.uuid4()))  # fmt: skip
        raise


def _plan(conn: Connection, tenant_id: str, rows: list[CsvRow], problems: list[Problem]) -> _Plan:
    users = tables.users
    query = select(users.c.username, users.c.id).where(users.c.tenant_id == tenant_id, users.c.role == "coach")
    coaches = {u.username: str(u.id) for u in conn.execute(query)}
    known = members_by_medicaid_id(conn, tenant_id)
    existing = load_rows(conn, tenant_id, Member.KIND, (known[r.values["medicaid_id"]] for r in rows
                                                        if r.values["medicaid_id"] in known))  # fmt: skip
    plan, seen = _Plan(), {}
    for row in rows:
        found = [p for p in problems if p.line == row.line]  # empty required cells, from read_rows
        found += _row_problems(row, seen, plan.practices, coaches)
        member_id = known.get(row.values["medicaid_id"])
        planned = _validate(row, member_id, existing.get(member_id) if member_id else None, coaches, found)
        problems += [p for p in found if p not in problems]
        if planned is not None and not found:
            plan.members.append(planned)
    problems += _foreign_practices(conn, tenant_id, plan.practices, rows)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return plan


def _foreign_practices(conn: Connection, tenant_id: str, practices: Mapping[str, str],
                       rows: list[CsvRow]) -> list[Problem]:  # fmt: skip
    """Practice ids are global: one already used by another organisation is refused, not taken over."""
    p = tables.practice
    foreign = set(conn.execute(select(p.c.id).where(p.c.id.in_(sorted(practices)), p.c.tenant_id != tenant_id))
                  .scalars())  # fmt: skip
    return [Problem(r.line, "practice_id", "belongs to another organisation") for r in rows
            if r.values["practice_id"] in foreign]  # fmt: skip


def _row_problems(row: CsvRow, seen: dict[str, int], practices: dict[str, str],
                  coaches: Mapping[str, str]) -> list[Problem]:  # fmt: skip
    v, line, found = row.values, row.line, []
    if v["medicaid_id"] and v["medicaid_id"] in seen:
        found.append(Problem(line, "medicaid_id", f"same member as line {seen[v['medicaid_id']]}"))
    seen.setdefault(v["medicaid_id"], line)
    if v["date_of_birth"] and not ISO_DATE.match(v["date_of_birth"]):
        found.append(Problem(line, "date_of_birth", "expected YYYY-MM-DD"))
    if v["coach_username"] and v["coach_username"].lower() not in coaches:
        found.append(Problem(line, "coach_username", "no coach with this username"))
    if v["practice_id"] and not v["practice_name"]:
        found.append(Problem(line, "practice_name", "required when practice_id is given"))
    elif v["practice_id"]:
        if practices.setdefault(v["practice_id"], v["practice_name"]) != v["practice_name"]:
            found.append(Problem(line, "practice_name", "differs from an earlier row with this practice_id"))
    elif v["practice_name"]:
        found.append(Problem(line, "practice_id", "required when practice_name is given"))
    return found


def _validate(row: CsvRow, member_id: str | None, current: Mapping[str, Any] | None, coaches: Mapping[str, str],
              found: list[Problem]) -> _Planned | None:  # fmt: skip
    coach_id = coaches.get(row.values["coach_username"].lower())  # None: already reported, still validate the rest
    base = dict(current["body"]) if current else {}
    data = {**base, **_member_fields(row.values), "coach_id": coach_id, "updated_by": IMPORT_USER,
            "updated_at": utc_now()}  # fmt: skip
    data["address"] = {**base.get("address", {}), **data["address"]}
    if member_id:
        data["id"] = data["member_id"] = member_id
    try:
        member = Member.model_validate(data)
    except ValidationError as exc:
        reported = {p.field for p in found}  # one reason per field: ours is the clearer one
        found += [p for p in validation_problems(row.line, exc, COLUMN_OF) if p.field not in reported]
        return None
    if coach_id is None:
        return None
    return _Planned(row.line, str(member.id), member.body(), dict(current) if current else None, coach_id)


def _member_fields(v: Mapping[str, str]) -> dict[str, Any]:
    """The Member fields the roster carries; empty optional cells fall back to the model's defaults."""
    cells = {k: (v[k].lower() if k in _LOWERCASE else v[k]) for k in ROSTER_COLUMNS}
    fields: dict[str, Any] = {
        "medicaid_id": cells["medicaid_id"], "given_name": cells["given_name"], "family_name": cells["family_name"],
        "date_of_birth": cells["date_of_birth"], "sex": cells["sex"], "phone": cells["phone"],
        "pcp_name": cells["pcp_name"], "risk_tier": cells["risk_tier"], "risk_reason": cells["risk_reason"],
        "practice_id": cells["practice_id"] or None,
        "conditions": [c.strip().lower() for c in cells["conditions"].split(";") if c.strip()],
        "address": {part: (cells[col].upper() if col == "state" else cells[col]) for col, part in _ADDRESS.items()},
        "preferred_language": cells["preferred_language"] or "en",
        "enrollment_status": cells["enrollment_status"] or "enrolled",
    }  # fmt: skip
    return fields


def _apply(conn: Connection, tenant_id: str, plan: _Plan, result: RosterResult) -> None:
    """Practices, then every member record, then the panels: one seq block, bulk reads and writes."""
    result.practices = _upsert_practices(conn, tenant_id, plan.practices)
    block = SeqBlock.open(conn, tenant_id)  # the tenant's writers wait from here to COMMIT: keep it short
    # The sync engine's own server-side write: only changed fields get a new version (same values are no-ops).
    seqs = records.put_records(conn, tenant_id, [item.body for item in plan.members], user_id=IMPORT_USER,
                               block=block)  # fmt: skip
    for item, seq in zip(plan.members, seqs, strict=True):
        if item.existing is None:
            result.created += 1
        elif seq == item.existing["row_seq"]:
            result.unchanged += 1
        else:
            result.updated += 1
    # Records first: a device granted the member then snapshots them complete.
    moved = scope.assign_members(conn, tenant_id, [(item.member_id, item.coach_id) for item in plan.members], block)
    result.assignments = sum(seq is not None for seq in moved)
    block.close()


def _upsert_practices(conn: Connection, tenant_id: str, practices: Mapping[str, str]) -> int:
    p = tables.practice
    current: dict[str, str] = {}
    for chunk in chunks(practices):
        current.update({row.id: row.name for row in conn.execute(select(p.c.id, p.c.name).where(p.c.id.in_(chunk)))})
    new = [{"id": pid, "tenant_id": tenant_id, "name": name[:200]} for pid, name in sorted(practices.items())
           if pid not in current]  # fmt: skip
    renamed = [{"b_id": pid, "name": name[:200]} for pid, name in sorted(practices.items())
               if pid in current and current[pid] != name]  # fmt: skip
    if new:
        conn.execute(insert(p), new)
    if renamed:
        conn.execute(update(p).where(p.c.id == bindparam("b_id")), renamed)
    return len(new) + len(renamed)
