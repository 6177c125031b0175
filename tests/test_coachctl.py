"""coachctl end to end, as IT runs it: real subprocesses, env passphrases, JSON out, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]


def coachctl(vault_dir: Path, *args: str, passphrase: str | None = PASSPHRASE,
             new_passphrase: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {**os.environ, "COACH_KDF_PROFILE": "floor"}
    env.pop("COACH_PASSPHRASE", None)
    if passphrase is not None:
        env["COACH_PASSPHRASE"] = passphrase
    if new_passphrase is not None:
        env["COACH_NEW_PASSPHRASE"] = new_passphrase
    return subprocess.run(
        [sys.executable, "-m", "coach_desktop.cli.coachctl", "--vault", str(vault_dir), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault_dir = tmp_path_factory.mktemp("ctl") / "vault"
    assert coachctl(vault_dir, "init", "--user", "nurse.ana", new_passphrase=PASSPHRASE).returncode == 0
    seeded = coachctl(vault_dir, "--json", "seed-demo", "--members", "30", "--seed", "4")
    assert seeded.returncode == 0, seeded.stderr
    assert json.loads(seeded.stdout)["members"] == 30
    return vault_dir


def test_members_search_and_show(seeded: Path) -> None:
    listing = json.loads(coachctl(seeded, "--json", "members", "--limit", "5").stdout)
    assert listing["total"] == 30 and len(listing["members"]) == 5
    first = listing["members"][0]
    found = json.loads(coachctl(seeded, "--json", "members", "--search", first["medicaid_id"][:8]).stdout)
    assert first["member_id"] in [m["member_id"] for m in found["members"]]
    shown = coachctl(seeded, "--json", "show", first["member_id"])
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["member"]["family_name"] == first["family_name"]
    audit = json.loads(coachctl(seeded, "--json", "audit").stdout)
    assert audit["chain_ok"] is True
    assert any(e["action"] == "view" and e["object_id"] == first["member_id"] for e in audit["events"])


def test_verify_and_lock_status(seeded: Path) -> None:
    verify = coachctl(seeded, "--json", "verify")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True
    status = json.loads(coachctl(seeded, "--json", "lock-status", passphrase=None).stdout)
    assert status["exists"] is True and status["in_use"] is False and status["failed_attempts"] == 0


def test_errors_are_one_line_with_a_code_and_an_exit_status(seeded: Path, tmp_path: Path) -> None:
    wrong = coachctl(seeded, "members", passphrase="definitely not it")
    assert wrong.returncode == 4
    assert wrong.stderr.strip().count("\n") == 0 and "[E_WRONG_PASSPHRASE]" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    missing = coachctl(tmp_path / "nowhere", "members")
    assert missing.returncode == 3 and "[E_NO_VAULT]" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    no_secret = coachctl(seeded, "members", passphrase=None)
    assert no_secret.returncode == 2 and "COACH_PASSPHRASE" in no_secret.stderr
    unknown = coachctl(seeded, "show", "00000000-0000-0000-0000-000000000000")
    assert unknown.returncode == 11
    weak = coachctl(tmp_path / "weak", "init", new_passphrase="password1234")
    assert weak.returncode == 6 and "[E_WEAK_PASSPHRASE]" in weak.stderr


def test_change_passphrase_then_wipe(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert coachctl(vault_dir, "init", new_passphrase=PASSPHRASE).returncode == 0
    new = "another long passphrase 2026"
    assert coachctl(vault_dir, "change-passphrase", new_passphrase=new).returncode == 0
    assert coachctl(vault_dir, "members").returncode == 4
    assert coachctl(vault_dir, "members", passphrase=new).returncode == 0
    refused = coachctl(vault_dir, "wipe", passphrase=None)
    assert refused.returncode != 0 and (vault_dir / "vault.key").exists()
    wiped = coachctl(vault_dir, "--json", "wipe", "--yes", passphrase=None)
    assert wiped.returncode == 0 and json.loads(wiped.stdout)["wiped"] is True
    assert not (vault_dir / "vault.key").exists() and not (vault_dir / "vault.db").exists()
    after = coachctl(vault_dir, "members", passphrase=new)
    assert after.returncode == 9 and "[E_WIPED]" in after.stderr
