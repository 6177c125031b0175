"""Import CSV files for tests, built from the synthetic panel generator (never real data)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from coach_desktop.domain.member import Member
from coach_desktop.domain.synthetic import generate_panel
from coach_server.discharge_import import DISCHARGE_COLUMNS
from coach_server.roster_import import ROSTER_COLUMNS

TODAY = date(2026, 3, 2)  # fixed, so generated panels (and their dates) never depend on the day the tests run


def roster_row(member: Member, coach_username: str) -> dict[str, str]:
    practice = member.practice_id or ""
    return {
        "medicaid_id": member.medicaid_id, "given_name": member.given_name, "family_name": member.family_name,
        "date_of_birth": member.date_of_birth.isoformat(), "sex": member.sex.value,
        "preferred_language": member.preferred_language.value, "phone": member.phone,
        "address_line1": member.address.line1, "city": member.address.city, "state": member.address.state,
        "postal_code": member.address.postal_code, "pcp_name": member.pcp_name, "practice_id": practice,
        "practice_name": f"Clinic {practice}" if practice else "", "conditions": ";".join(member.conditions),
        "risk_tier": member.risk_tier.value, "risk_reason": member.risk_reason,
        "enrollment_status": member.enrollment_status.value, "coach_username": coach_username,
    }  # fmt: skip


def synthetic_roster(n: int, coaches: Sequence[str], seed: int = 7) -> list[dict[str, str]]:
    """``n`` synthetic members, dealt round-robin to ``coaches``."""
    panel = generate_panel(n, seed=seed, today=TODAY)
    return [roster_row(m, coaches[i % len(coaches)]) for i, m in enumerate(panel.members)]


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_roster(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    return write_csv(path, ROSTER_COLUMNS, rows)


def discharge_row(medicaid_id: str, event: str = "discharge", **values: str) -> dict[str, str]:
    row = dict.fromkeys(DISCHARGE_COLUMNS, "")
    row.update(medicaid_id=medicaid_id, event=event, facility="General Hospital", mental_health_diagnosis="no")
    row.update(values)
    return row


def write_discharges(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    return write_csv(path, DISCHARGE_COLUMNS, rows)
