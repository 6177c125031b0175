"""Read-only panel queries over the member index: search (FTS5), filter, sort, page — all in SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .database import Database


class PanelSort(StrEnum):
    NAME = "name"
    AGE = "age"
    RISK = "risk"
    LANGUAGE = "language"
    LAST_CONTACT = "last_contact"
    NEXT_DUE = "next_due"
    MEDICAID_ID = "medicaid_id"


# Whitelisted ORDER BY clauses: user input never reaches SQL text.
_ORDER = {
    PanelSort.NAME: "m.family_name COLLATE NOCASE {d}, m.given_name COLLATE NOCASE {d}",
    PanelSort.AGE: "m.birth_date {r}, m.family_name COLLATE NOCASE",
    PanelSort.RISK: "m.risk_tier {d}, m.family_name COLLATE NOCASE",
    PanelSort.LANGUAGE: "m.language {d}, m.family_name COLLATE NOCASE",
    PanelSort.LAST_CONTACT: "m.last_contact IS NULL, m.last_contact {d}, m.family_name COLLATE NOCASE",
    PanelSort.NEXT_DUE: "m.next_due IS NOT NULL, m.next_due {d}, m.family_name COLLATE NOCASE",
    PanelSort.MEDICAID_ID: "m.medicaid_id {d}",
}

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PanelFilter:
    text: str = ""
    risk_tiers: frozenset[int] = field(default_factory=frozenset)
    condition: str | None = None
    enrollment_status: str | None = None
    overdue_on: date | None = None  # only members whose next contact is due before this day


@dataclass(frozen=True)
class MemberRow:
    """A light panel row: what the table shows, nothing more (the chart loads the full record)."""

    member_id: str
    family_name: str
    given_name: str
    medicaid_id: str
    birth_date: str
    language: str
    risk_tier: int
    enrollment_status: str
    conditions: tuple[str, ...]
    last_contact: str | None
    next_due: str | None
    flags: tuple[str, ...]


_ROW_COLUMNS = (
    "m.member_id, m.family_name, m.given_name, m.medicaid_id, m.birth_date, m.language, m.risk_tier, "
    "m.enrollment_status, m.conditions, m.last_contact, m.next_due, m.flags"
)


def fts_query(text: str) -> str | None:
    """Turn what a nurse typed into a safe FTS5 prefix query: every word must match the start of a token."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens[:8])


def _where(flt: PanelFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    match = fts_query(flt.text)
    if match:
        clauses.append("m.rowid IN (SELECT rowid FROM member_fts WHERE member_fts MATCH ?)")
        params.append(match)
    if flt.risk_tiers:
        clauses.append("m.risk_tier IN (" + ",".join("?" * len(flt.risk_tiers)) + ")")
        params += sorted(flt.risk_tiers)
    if flt.condition:
        clauses.append("m.conditions LIKE ?")
        params.append(f"%,{flt.condition},%")
    if flt.enrollment_status:
        clauses.append("m.enrollment_status = ?")
        params.append(flt.enrollment_status)
    if flt.overdue_on:
        clauses.append("(m.next_due IS NULL OR m.next_due < ?)")
        params.append(flt.overdue_on.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_members(db: Database, flt: PanelFilter = PanelFilter()) -> int:
    where, params = _where(flt)
    sql = "SELECT count(*) FROM member_index m" + where  # noqa: S608 - fixed fragments; every value is bound
    return int(db.scalar(sql, params) or 0)


def member_ids(
    db: Database, flt: PanelFilter = PanelFilter(), sort: PanelSort = PanelSort.NAME, descending: bool = False
) -> list[str]:
    """All matching ids in display order: cheap enough for 20,000 members, rows are fetched lazily."""
    where, params = _where(flt)
    order = _ORDER[sort].format(d="DESC" if descending else "ASC", r="ASC" if descending else "DESC")
    sql = "SELECT m.member_id FROM member_index m" + where + " ORDER BY " + order  # noqa: S608 - whitelisted
    return [r[0] for r in db.query(sql, params)]


def rows_for(db: Database, ids: list[str]) -> dict[str, MemberRow]:
    """Fetch light rows for a window of ids (the visible page of the table)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"SELECT {_ROW_COLUMNS} FROM member_index m WHERE m.member_id IN ({marks})"  # noqa: S608 - placeholders
    rows = db.query(sql, ids)
    return {r[0]: _row(r) for r in rows}


def search_members(db: Database, text: str, limit: int = 50) -> list[MemberRow]:
    ids = member_ids(db, PanelFilter(text=text))[:limit]
    found = rows_for(db, ids)
    return [found[i] for i in ids if i in found]


def _row(r: tuple[object, ...]) -> MemberRow:
    return MemberRow(
        member_id=str(r[0]), family_name=str(r[1]), given_name=str(r[2]), medicaid_id=str(r[3]),
        birth_date=str(r[4]), language=str(r[5]), risk_tier=int(str(r[6])), enrollment_status=str(r[7]),
        conditions=tuple(c for c in str(r[8]).split(",") if c),
        last_contact=str(r[9]) if r[9] else None, next_due=str(r[10]) if r[10] else None,
        flags=tuple(f for f in str(r[11] or "").split(",") if f),
    )  # fmt: skip
