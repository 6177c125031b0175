"""Shared bench plumbing: a throw-away SQLite or PostgreSQL database, coaches and synthetic import CSVs."""

from __future__ import annotations

import csv
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text

from coach_desktop.domain.member import Member
from coach_desktop.domain.synthetic import generate_panel
from coach_server import identity, passwords
from coach_server.discharge_import import DISCHARGE_COLUMNS
from coach_server.roster_import import ROSTER_COLUMNS

PG_ADMIN_URL = os.environ.get("COACH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 3, 2)  # fixed: the generated panels never depend on the day the bench runs
PASSWORD = "bench password 12345"


@contextmanager
def fresh_database(kind: str, folder: Path | None = None) -> Iterator[str]:
    """The URL of a new, empty database (a SQLite file, or a PostgreSQL database next to ``test``); dropped after."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    name = f"coach_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})  # fmt: skip
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def cheap_hashing() -> None:
    """Fast Argon2 parameters: the bench is about sync and imports, not password hashing."""
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def create_coaches(engine: Engine, tenant_id: str, usernames: Sequence[str]) -> dict[str, str]:
    """Coach accounts (and their tenant); username → user id."""
    cheap_hashing()
    ids = {}
    with engine.begin() as conn:
        identity.ensure_tenant(conn, tenant_id)
        for username in usernames:
            ids[username] = identity.create_user(conn, tenant_id=tenant_id, username=username, role="coach",
                                                 password=PASSWORD).user_id  # fmt: skip
    return ids


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
    """``n`` synthetic members dealt round-robin to ``coaches`` (never real data)."""
    panel = generate_panel(n, seed=seed, today=TODAY)
    return [roster_row(m, coaches[i % len(coaches)]) for i, m in enumerate(panel.members)]


def discharge_row(medicaid_id: str, index: int) -> dict[str, str]:
    row = dict.fromkeys(DISCHARGE_COLUMNS, "")
    day = 1 + index % 27
    row.update(medicaid_id=medicaid_id, event="discharge", facility=f"General Hospital {index % 7}",
               admitted_on=f"2025-06-{day:02d}", discharged_on=f"2025-07-{day:02d}", disposition="home",
               mental_health_diagnosis="yes" if index % 5 == 0 else "no")  # fmt: skip
    return row


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_roster(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    return write_csv(path, ROSTER_COLUMNS, rows)


def write_discharges(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    return write_csv(path, DISCHARGE_COLUMNS, rows)
