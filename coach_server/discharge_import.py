"""ADT/discharge CSV import: CareTransition records plus the REFERENCE §5.3 follow-up tasks, all rows or none."""

from __future__ import annotations

import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine

from coach_desktop.domain.calendar_rules import FEDERAL
from coach_desktop.domain.member import Member, RiskTier
from coach_desktop.domain.transitions import toc_tasks
from coach_desktop.domain.work_items import CareTransition, Task

from . import records, tables
from .audit import CLI_ACTOR, record_event, record_import
from .csv_intake import CsvRow, ImportRejected, Problem, read_rows, validation_problems
from .db import analyze
from .identity import ensure_tenant
from .roster_import import ISO_DATE, load_rows, members_by_medicaid_id
from .sequence import SeqBlock

DISCHARGE_COLUMNS = ("medicaid_id", "event", "facility", "admitted_on", "discharged_on", "ed_visit_on", "disposition",
                     "mental_health_diagnosis")  # fmt: skip
DISCHARGE_REQUIRED = ("medicaid_id", "event", "facility")
EVENTS = ("admission", "discharge", "ed_visit")
DATE_COLUMNS = ("admitted_on", "discharged_on", "ed_visit_on")
YES_NO = {"yes": True, "no": False, "": False}
IMPORT_USER = "adt-import"
# Ids derived from the event itself, so importing the same feed twice finds the records it already made.
_NAMESPACE = uuid.UUID("5b0c7a52-58b1-4e55-9a38-0f2c1d7e9b61")
COLUMN_OF: dict[tuple[Any, ...], str] = {(c,): c for c in DISCHARGE_COLUMNS}


@dataclass
class DischargeResult:
    rows: int = 0
    transitions_created: int = 0
    transitions_updated: int = 0
    tasks_created: int = 0
    unchanged: int = 0


@dataclass
class _Planned:
    transition: CareTransition
    tasks: list[Task] = field(default_factory=list)


def import_discharges(engine: Engine, path: Path, *, tenant_id: str, actor: str = CLI_ACTOR,
                      holidays: Container[date] = FEDERAL, dry_run: bool = False) -> DischargeResult:  # fmt: skip
    """Validate every row, then write transitions and their follow-up tasks in one transaction.

    Task deadlines come from ``toc_tasks`` with the member's own risk tier. A re-imported event is matched by
    (member, event, facility, dates): its changed fields are updated, missing tasks are added, and tasks that
    already exist are left alone (the coach may be working them).
    """
    try:
        rows, problems = read_rows(path, DISCHARGE_COLUMNS, DISCHARGE_REQUIRED)
        with engine.begin() as conn:
            ensure_tenant(conn, tenant_id)
            planned = _plan(conn, tenant_id, rows, problems, holidays)
            result = DischargeResult(rows=len(rows))
            if not dry_run:
                _apply(conn, tenant_id, planned, result)
                record_event(conn, tenant_id=tenant_id, user_id=actor, action="discharge_import", outcome="ok",
                             object_type="import", object_id=str(uuid.uuid4()))  # fmt: skip
        if not dry_run:
            analyze(engine, [tables.record.name])  # committed: fresh statistics for the next import and for sync reads
        return result
    except ImportRejected:
        record_import(engine, tenant_id=tenant_id, actor=actor, action="discharge_import", outcome="rejected",
                      import_id=str(uuid.uuid4()))  # fmt: skip
        raise


def event_key(member_id: str, values: Mapping[str, str]) -> str:
    facility = " ".join(values["facility"].lower().split())
    parts = [member_id, values["event"].lower(), facility, *(values[c] for c in DATE_COLUMNS)]
    return "|".join(parts)


def _plan(conn: Connection, tenant_id: str, rows: list[CsvRow], problems: list[Problem],
          holidays: Container[date]) -> list[_Planned]:  # fmt: skip
    known = members_by_medicaid_id(conn, tenant_id)
    members = load_rows(conn, tenant_id, Member.KIND, {known[r.values["medicaid_id"]] for r in rows
                                                       if r.values["medicaid_id"] in known})  # fmt: skip
    planned: list[_Planned] = []
    seen: dict[str, int] = {}
    for row in rows:
        found = [p for p in problems if p.line == row.line] + _cell_problems(row)  # empty required cells first
        member_id = known.get(row.values["medicaid_id"])
        key = event_key(member_id, row.values) if member_id else ""
        if member_id is None and row.values["medicaid_id"]:
            found.append(Problem(row.line, "medicaid_id", "no member with this Medicaid id"))
        elif key in seen:
            found.append(Problem(row.line, "row", f"same event as line {seen[key]}"))
        else:
            seen[key] = row.line
        member = members[member_id]["body"] if member_id else None
        item = _validate(row, key, member, holidays, found)
        problems += [p for p in found if p not in problems]
        if item is not None and not found:
            planned.append(item)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return planned


def _cell_problems(row: CsvRow) -> list[Problem]:
    v, found = row.values, []
    if v["event"] and v["event"].lower() not in EVENTS:
        found.append(Problem(row.line, "event", "must be " + ", ".join(EVENTS)))
    found += [Problem(row.line, c, "expected YYYY-MM-DD") for c in DATE_COLUMNS if v[c] and not ISO_DATE.match(v[c])]
    if v["mental_health_diagnosis"].lower() not in YES_NO:
        found.append(Problem(row.line, "mental_health_diagnosis", "must be yes or no"))
    return found


def _validate(row: CsvRow, key: str, member: Mapping[str, Any] | None, holidays: Container[date],
              found: list[Problem]) -> _Planned | None:  # fmt: skip
    """Check the row with the CareTransition model (even when the member is unknown, to report everything)."""
    v = row.values
    transition_id = uuid.uuid5(_NAMESPACE, key) if key else uuid.uuid4()
    data = {
        "id": transition_id, "member_id": member["id"] if member else uuid.uuid4(),
        "practice_id": member.get("practice_id") if member else None, "event": v["event"].lower(),
        "facility": v["facility"], "disposition": v["disposition"].lower() or None,
        "mental_health_diagnosis": YES_NO.get(v["mental_health_diagnosis"].lower(), False),
        "updated_by": IMPORT_USER, **{c: v[c] or None for c in DATE_COLUMNS},
    }  # fmt: skip
    try:
        transition = CareTransition.model_validate(data)
    except ValidationError as exc:
        reported = {p.field for p in found}
        found += [p for p in validation_problems(row.line, exc, COLUMN_OF) if p.field not in reported]
        return None
    if member is None:
        return None
    tasks = toc_tasks(transition, RiskTier(member["risk_tier"]), holidays)
    for task in tasks:  # deterministic ids (see _NAMESPACE); the coach who holds the member owns the work
        task.id = uuid.uuid5(transition_id, task.type.value)
        task.assigned_to = member.get("coach_id")
        task.updated_by = IMPORT_USER
    if tasks:
        transition.follow_up_deadline = min(task.due for task in tasks)
    return _Planned(transition, tasks)


def _apply(conn: Connection, tenant_id: str, planned: list[_Planned], result: DischargeResult) -> None:
    """Transitions and their new tasks in the order the file gives them: one seq block, bulk reads and writes."""
    bodies, transitions = _bodies(conn, tenant_id, planned, result)
    block = SeqBlock.open(conn, tenant_id)  # the tenant's writers wait from here to COMMIT: keep it short
    seqs = records.put_records(conn, tenant_id, bodies, user_id=IMPORT_USER, block=block)
    block.close()
    for index, current in transitions:
        if current is None:
            result.transitions_created += 1
        elif seqs[index] != current["row_seq"]:
            result.transitions_updated += 1
        else:
            result.unchanged += 1


_Written = list[tuple[int, Mapping[str, Any] | None]]  # per transition written: (index in bodies, stored row)


def _bodies(conn: Connection, tenant_id: str, planned: list[_Planned],
            result: DischargeResult) -> tuple[list[dict[str, Any]], _Written]:  # fmt: skip
    """The bodies to write, and per transition written (its index in them, its stored row or None)."""
    existing = load_rows(conn, tenant_id, CareTransition.KIND, (str(p.transition.id) for p in planned))
    existing_tasks = load_rows(conn, tenant_id, Task.KIND, (str(t.id) for p in planned for t in p.tasks))
    bodies: list[dict[str, Any]] = []
    transitions: _Written = []
    for item in planned:
        current = existing.get(str(item.transition.id))
        if current is not None and current["deleted"]:
            result.unchanged += 1  # a coach removed it (entered in error): the feed does not bring it back
            continue
        transitions.append((len(bodies), current))
        bodies.append(_keep_progress(item, current))
        # Tasks are created once; after that the task is the coach's (status, resolution).
        new_tasks = [task.body() for task in item.tasks if str(task.id) not in existing_tasks]
        bodies += new_tasks
        result.tasks_created += len(new_tasks)
    return bodies, transitions


def _keep_progress(item: _Planned, current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The transition as the feed says, keeping what the coach recorded since (contact time, summary)."""
    body = item.transition.body()
    if current is not None:
        for name in ("interactive_contact_at", "summary"):
            body[name] = current["body"].get(name, body[name])
    return body
