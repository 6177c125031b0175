"""The ``coach-server`` command line, run as a real subprocess against SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from coach_desktop.sync.protocol import RegisterRequest
from coach_server import identity, passwords, tables, totp
from coach_server.app import load_or_init_meta
from coach_server.db import make_engine
from coach_server.devices import register_device
from coach_server.roster_import import import_roster
from coach_server.settings import ServerSettings
from tests.server.csv_fixtures import discharge_row, synthetic_roster, write_discharges, write_roster

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "cli test password 42"


def cli(*args: str, db_url: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLI_PW": PASSWORD}
    env.pop("COACH_SERVER_DB", None)
    command = [sys.executable, "-m", "coach_server.cli", *args, *(["--db", db_url] if db_url else [])]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    return result.stderr.strip()


@pytest.fixture
def users(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Coaches made in-process (cheap hashes), for the tests that are about imports rather than accounts."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with engine.begin() as conn:
        for username in ("ana", "ben"):
            identity.create_user(conn, tenant_id="default", username=username, role="coach", password=PASSWORD)


def test_accounts_enrolment_and_device_revocation(db_url: str) -> None:
    assert "schema revision 0001_initial" in ok(cli("init-db", db_url=db_url))
    ok(cli("create-user", "--username", "sup", "--role", "supervisor", "--password-env", "CLI_PW", db_url=db_url))
    out = ok(cli("create-user", "--username", "Ana", "--role", "coach", "--supervisor", "sup", "--display-name",
                 "Ana R.", "--password-env", "CLI_PW", "--totp", db_url=db_url))  # fmt: skip
    assert "created coach ana" in out and PASSWORD not in out
    uri = next(line for line in out.splitlines() if line.startswith("otpauth://totp/"))
    code = ok(cli("enrolment-code", "--username", "ana", db_url=db_url)).strip().splitlines()[-1]
    assert len(code) == 19 and code.count("-") == 3

    engine = make_engine(db_url)
    try:
        secret = uri.split("secret=")[1].split("&")[0]
        request = RegisterRequest(username="ana", password=PASSWORD, enrolment_code=code, device_name="laptop",
                                  totp=totp.code_at(secret, time.time()))  # fmt: skip
        tokens = register_device(engine, load_or_init_meta(engine), ServerSettings(db_url=db_url), request)
        with engine.connect() as conn:
            coach = conn.execute(select(tables.users).where(tables.users.c.username == "ana")).one()
        assert coach.supervisor_id is not None and coach.display_name == "Ana R." and coach.totp_secret == secret

        out = ok(cli("revoke-device", str(tokens.device_id), "--reason", "lost", db_url=db_url))
        assert out.strip() == f"device {tokens.device_id}: revoked (wipe requested)"
        with engine.connect() as conn:
            device = conn.execute(select(tables.device)).one()
        assert device.status == "revoked" and device.refresh_token_hash is None and device.revoke_reason == "lost"
    finally:
        engine.dispose()
    assert one_line_error(cli("revoke-device", "no-such-device", db_url=db_url)).endswith("no device with that id")
    assert one_line_error(cli("enrolment-code", "--username", "nobody", db_url=db_url)).endswith(
        "no user with that username")  # fmt: skip


def test_import_roster_assign_and_purge(db_url: str, engine: Engine, users: None, tmp_path: Path) -> None:
    rows = synthetic_roster(20, ["ana"])
    path = write_roster(tmp_path / "roster.csv", rows)
    out = ok(cli("import-roster", str(path), db_url=db_url))
    assert out.startswith("roster imported: 20 rows; members created 20") and "panel changes 20" in out
    r, pa = tables.record, tables.panel_assignment
    with engine.connect() as conn:
        member_id = conn.execute(select(r.c.id).where(r.c.kind == "member").limit(1)).scalar_one()
    assert ok(cli("assign", "--member-id", member_id, "--coach", "ben", db_url=db_url)).strip() == "assigned"
    with engine.connect() as conn:
        holders = dict(conn.execute(select(pa.c.member_id, tables.users.c.username)
                                    .join(tables.users, tables.users.c.id == pa.c.coach_id)).all())  # fmt: skip
        events = conn.execute(select(tables.scope_event.c.op).where(tables.scope_event.c.member_id == member_id)
                              .order_by(tables.scope_event.c.seq)).scalars().all()  # fmt: skip
    assert holders[member_id] == "ben" and list(holders.values()).count("ana") == 19
    assert events == ["grant", "revoke", "grant"]
    assert "purged" in ok(cli("purge-tombstones", "--before-seq", "0", db_url=db_url))


def test_a_bad_roster_is_refused_with_line_numbers_and_no_phi(db_url: str, engine: Engine, users: None,
                                                              tmp_path: Path) -> None:  # fmt: skip
    rows = synthetic_roster(6, ["ana"])
    rows[1]["date_of_birth"] = "1961-13-40"
    rows[3]["coach_username"] = "zed"
    rows[4]["postal_code"] = "ABCDE"
    result = cli("import-roster", str(write_roster(tmp_path / "roster.csv", rows)), db_url=db_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "coach-server import-roster: file rejected, nothing imported (3 problem(s)):"
    assert [line.strip().split(": ")[:2] for line in lines[1:]] == [
        ["line 3", "date_of_birth"], ["line 5", "coach_username"], ["line 6", "postal_code"]]  # fmt: skip
    for row in rows:
        for column in ("medicaid_id", "given_name", "family_name", "date_of_birth", "phone", "address_line1",
                       "postal_code", "risk_reason"):  # fmt: skip
            assert not row[column] or row[column] not in result.stderr
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.record)).scalar_one() == 0


def test_import_discharges_creates_transitions_and_tasks_with_their_deadlines(
        db_url: str, engine: Engine, users: None, tmp_path: Path) -> None:  # fmt: skip
    rows = synthetic_roster(1, ["ana"])
    rows[0]["risk_tier"] = "medium"
    import_roster(engine, write_roster(tmp_path / "roster.csv", rows), tenant_id="default")
    # Friday 22 November 2024 (Thanksgiving is the 28th): business day 2 is Tuesday the 26th.
    adt = write_discharges(tmp_path / "adt.csv", [discharge_row(rows[0]["medicaid_id"], discharged_on="2024-11-22",
                                                                mental_health_diagnosis="yes")])  # fmt: skip
    out = ok(cli("import-discharges", str(adt), db_url=db_url))
    assert "transitions created 1" in out and "follow-up tasks created 5" in out
    r = tables.record
    with engine.connect() as conn:
        tasks = {b["type"]: date.fromisoformat(b["due"])
                 for b in conn.execute(select(r.c.body).where(r.c.kind == "task")).scalars()}  # fmt: skip
        transitions = conn.execute(select(func.count()).where(r.c.kind == "care_transition")).scalar_one()
    assert transitions == 1
    assert tasks == {"interactive_contact": date(2024, 11, 26), "med_reconciliation": date(2024, 12, 22),
                     "pcp_visit": date(2024, 12, 6), "bh_follow_up": date(2024, 11, 29),
                     "care_plan_review": date(2024, 12, 22)}  # fmt: skip


def test_serve_refuses_a_public_address_without_allow_remote() -> None:
    message = one_line_error(cli("serve", "--host", "0.0.0.0", "--db", "sqlite:///unused.db"))
    assert "refusing to listen on 0.0.0.0" in message and "TLS" in message
