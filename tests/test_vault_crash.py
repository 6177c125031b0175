"""SIGKILL during writes (SECURITY R28, T-CRASH-2 PR subset): committed data survives, nothing partial remains."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from coach_desktop.vault import audit_log
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]
KILLS = 8


def _run_and_kill(vault_dir: Path, start: int, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_writer", str(vault_dir), PASSPHRASE, str(start)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    first = child.stdout.readline()  # wait until it is writing
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    assert child.returncode == -signal.SIGKILL
    return [line.split()[1] for line in (first + rest).splitlines() if line.strip()]


def test_sigkill_during_writes_loses_nothing_committed(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    rng = random.Random(1234)
    acknowledged: list[str] = []
    for k in range(KILLS):
        acknowledged += _run_and_kill(vault_dir, start=k * 100_000, rng=rng)
        assert (vault_dir / "vault.session").exists()  # the killed process could not clean up

    reopened = open_vault(vault_dir, PASSPHRASE)  # runs the integrity check after the unclean shutdowns
    db = reopened.database()
    assert db.integrity_problems() == []
    stored = {r[0] for r in db.query("SELECT id FROM record")}
    assert set(acknowledged) <= stored, "an acknowledged write was lost"
    # Nothing partial: every record has exactly its create mutation and its create audit event.
    creates = dict(db.query("SELECT record_id, count(*) FROM outbox WHERE op = 'create' GROUP BY record_id"))
    assert set(creates) == stored and set(creates.values()) == {1}
    audited = dict(db.query("SELECT object_id, count(*) FROM audit_log WHERE action = 'create' GROUP BY object_id"))
    assert set(audited) == stored and set(audited.values()) == {1}
    assert audit_log.verify_chain(db) is None
    notes_without_member = db.scalar(
        "SELECT count(*) FROM record n WHERE n.kind = 'session_note' AND NOT EXISTS "
        "(SELECT 1 FROM record m WHERE m.kind = 'member' AND m.id = n.member_id)"
    )
    assert notes_without_member == 0
    assert len(acknowledged) >= KILLS
    reopened.lock()
