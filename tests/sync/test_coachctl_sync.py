"""coachctl enroll / sync / status against the real server, as IT scripts them: env secrets, JSON, exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach_desktop.cli import coachctl
from coach_desktop.vault import sync_state
from coach_desktop.vault.vault import open_vault
from coach_server import identity
from tests.conftest import PASSPHRASE
from tests.sync.conftest import PASSWORD, World

pytestmark = pytest.mark.parametrize("live", ["sqlite"], indirect=True)


def run(capsys: pytest.CaptureFixture[str], vault_dir: Path, *args: str) -> tuple[int, str, str]:
    code = coachctl.main(["--vault", str(vault_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_enroll_sync_status_and_the_lease_gate(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    coach = world.account()
    world.care_plan(world.member(coach, family="Zqctl"))
    vault_dir = tmp_path / "ctl-vault"
    monkeypatch.setenv("COACH_NEW_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    assert run(capsys, vault_dir, "init", "--user", coach.user_id)[0] == 0
    with world.engine.begin() as conn:
        monkeypatch.setenv("COACH_ENROLMENT_CODE", identity.issue_enrolment_code(conn, coach.username).code)
    monkeypatch.setenv("COACH_PASSWORD", PASSWORD)

    code, out, err = run(capsys, vault_dir, "--json", "enroll", "--server", world.server.base_url, "--user",
                         coach.username)  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["user_id"] == coach.user_id and PASSWORD not in out + err
    code, out, _ = run(capsys, vault_dir, "--json", "status")
    assert code == 0 and json.loads(out)["enrolled"] and json.loads(out)["last_sync_at"] is None
    code, out, err = run(capsys, vault_dir, "--json", "sync")
    assert code == 0, err
    report = json.loads(out)
    assert (report["ok"], report["pulled"], report["pending"], report["error"]) == (True, 2, 0, None)
    code, out, _ = run(capsys, vault_dir, "--json", "status")
    status = json.loads(out)
    assert status["last_sync_at"] and status["cursor_seq"] and status["lease_ok"] and status["pending"] == 0
    assert "refresh" not in out.lower()  # the refresh token never leaves the vault
    assert run(capsys, vault_dir, "--json", "members")[0] == 0

    vault = open_vault(vault_dir, PASSPHRASE)
    with vault.database().transaction():
        sync_state.put(vault.database(), {sync_state.LEASE_EXPIRES_AT: datetime.now(UTC) - timedelta(minutes=1)})
    vault.lock()
    code, out, err = run(capsys, vault_dir, "members")
    assert code == 18 and out == "" and err.startswith("coachctl: ") and err.strip().endswith("[E_LEASE_EXPIRED]")
    assert run(capsys, vault_dir, "sync")[0] == 0  # a successful check-in renews the lease …
    assert run(capsys, vault_dir, "members")[0] == 0  # … and the panel opens again

    vault = open_vault(vault_dir, PASSPHRASE)
    with vault.database().transaction():
        sync_state.put(vault.database(), {sync_state.REFRESH_TOKEN: "no-longer-valid-000000000000000000"})
    vault.lock()
    code, out, err = run(capsys, vault_dir, "--json", "sync")
    assert code == 14 and json.loads(out)["error"]["kind"] == "auth"
    assert err.count("\n") == 1 and err.strip().endswith("[E_SYNC_AUTH]")
