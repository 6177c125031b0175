"""Damaged-file corpus (SECURITY T-COR-1 PR subset): every variant maps to a fixed error, nothing is overwritten."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.vault.database import Database, open_keyed
from coach_desktop.vault.errors import DiskFull, VaultBusy, VaultError, VaultReadOnly
from coach_desktop.vault.keyslots import KeyEnvelope
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID

FIXED_CODES = {"E_DB_CORRUPT", "E_KEY_CORRUPT", "E_DB_LOCKED", "E_DISK_FULL", "E_DB_READONLY"}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A populated, cleanly closed vault that every variant copies."""
    directory = tmp_path_factory.mktemp("pristine") / "vault"
    vault = Vault.create(directory, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    vault.repository().store_server_records(list(iter_records(generate_panel(60, seed=11))))
    vault.database().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()
    return directory


@pytest.fixture(scope="module")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("stranger") / "vault"
    Vault.create(directory, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID).lock()
    return directory


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in directory.iterdir() if p.is_file() and p.name.startswith("vault.db")}  # fmt: skip


def _truncate(at: Callable[[int], int]) -> Callable[[Path, Path], None]:
    def damage(db: Path, _stranger: Path) -> None:
        data = db.read_bytes()
        db.write_bytes(data[: max(0, at(len(data)))])

    return damage


def _flip(seed: int) -> Callable[[Path, Path], None]:
    def damage(db: Path, _stranger: Path) -> None:
        data = bytearray(db.read_bytes())
        rng = random.Random(seed)
        offset = rng.randrange(len(data))
        data[offset] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(data))

    return damage


def _zero_page(page: int) -> Callable[[Path, Path], None]:
    def damage(db: Path, _stranger: Path) -> None:
        data = bytearray(db.read_bytes())
        data[page * 4096 : (page + 1) * 4096] = bytes(4096)
        db.write_bytes(bytes(data))

    return damage


def _swap_header(db: Path, stranger: Path) -> None:
    data = db.read_bytes()
    db.write_bytes((stranger / "vault.db").read_bytes()[:4096] + data[4096:])


def _random_bytes(db: Path, _stranger: Path) -> None:
    db.write_bytes(random.Random(5).randbytes(db.stat().st_size))


def _plaintext_sqlite(db: Path, _stranger: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE record (body TEXT)")
    conn.commit()
    conn.close()


VARIANTS: dict[str, Callable[[Path, Path], None]] = {
    "truncate-0": _truncate(lambda n: 0),
    "truncate-1": _truncate(lambda n: 1),
    "truncate-16": _truncate(lambda n: 16),
    "truncate-4095": _truncate(lambda n: 4095),
    "truncate-4096": _truncate(lambda n: 4096),
    "truncate-half": _truncate(lambda n: n // 2),
    "truncate-minus-1": _truncate(lambda n: n - 1),
    "truncate-minus-page": _truncate(lambda n: n - 4096),
    "zero-page-0": _zero_page(0),
    "zero-page-1": _zero_page(1),
    "zero-page-last": _zero_page(-1),
    "header-from-another-vault": _swap_header,
    "random-bytes": _random_bytes,
    "plaintext-sqlite": _plaintext_sqlite,
    **{f"bitflip-{seed}": _flip(seed) for seed in range(24)},
}


def _outcome(directory: Path) -> tuple[str, bool]:
    """Unlock and check everything: the fixed error code, and whether it was raised before any write."""
    try:
        vault = open_vault(directory, PASSPHRASE)
    except VaultError as exc:
        return exc.code, True
    try:
        report = vault.verify()
        vault.database().query("SELECT body FROM record")
        return ("ok" if report.ok else "E_DB_CORRUPT"), False
    except VaultError as exc:
        return exc.code, False
    finally:
        vault.lock()


def _copy_still_damaged(copy: Path, directory: Path) -> bool:
    dek = KeyEnvelope.load(directory / "vault.key").unlock_with_passphrase(PASSPHRASE)
    try:
        db = Database(open_keyed(copy, dek))
    except VaultError:
        return True
    try:
        return bool(db.integrity_problems())
    except VaultError:
        return True
    finally:
        db.close()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_damaged_vault_maps_to_a_fixed_code_and_is_never_overwritten(
    variant: str, pristine: Path, stranger: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "vault"
    shutil.copytree(pristine, directory)
    VARIANTS[variant](directory / "vault.db", stranger)
    before = _digest(directory)
    code, at_open = _outcome(directory)
    assert code in FIXED_CODES, f"{variant} → {code}"
    assert (directory / "vault.db").exists(), "a damaged vault is never deleted or replaced"
    copies = list((directory / "quarantine").rglob("vault.db"))
    if at_open:
        # Refused before any write: the original is byte-identical, and any quarantine copy matches it.
        assert _digest(directory)["vault.db"] == before["vault.db"]
        for copy in copies:
            assert hashlib.sha256(copy.read_bytes()).hexdigest() == before["vault.db"]
    else:
        # Opened (page 1 intact), then the full check found the damage: the evidence was kept for IT.
        assert len(copies) == 1 and _copy_still_damaged(copies[0], directory)


def test_crash_leftover_marker_triggers_integrity_check_and_quarantine(pristine: Path, tmp_path: Path) -> None:
    directory = tmp_path / "vault"
    shutil.copytree(pristine, directory)
    _flip(99)(directory / "vault.db", directory)
    (directory / "vault.session").write_bytes(b"unlocked\n")  # as a killed process leaves it
    with pytest.raises(VaultError) as info:
        open_vault(directory, PASSPHRASE)
    assert info.value.code in {"E_DB_CORRUPT", "E_KEY_CORRUPT"}


def test_deleted_hot_wal_leaves_a_consistent_older_vault(pristine: Path, tmp_path: Path) -> None:
    directory = tmp_path / "vault"
    shutil.copytree(pristine, directory)
    vault = open_vault(directory, PASSPHRASE)
    count_before = vault.database().scalar("SELECT count(*) FROM record")
    vault.database().execute("INSERT INTO sync_state (key, value) VALUES ('only-in-wal', '1')")
    snapshot = tmp_path / "crash"
    shutil.copytree(directory, snapshot)  # a power cut while open
    vault.lock()
    (snapshot / "vault.db-wal").unlink(missing_ok=True)
    (snapshot / "vault.db-shm").unlink(missing_ok=True)
    reopened = open_vault(snapshot, PASSPHRASE)  # the leftover session marker forces the integrity check
    assert reopened.database().integrity_problems() == []
    assert reopened.database().scalar("SELECT count(*) FROM record") == count_before
    reopened.lock()


def test_real_readonly_disk_full_and_busy_errors_map_to_their_codes(vault: Vault, vault_dir: Path) -> None:
    db = vault.database()
    # Disk full: cap the file at its current size so the next page allocation fails for real.
    pages = db.scalar("PRAGMA page_count")
    db.execute(f"PRAGMA max_page_count = {int(pages)}")
    with pytest.raises(DiskFull), db.transaction():
        db.execute("INSERT INTO sync_state (key, value) VALUES ('filler', ?)", ("x" * 200_000,))
    # Read-only: a real read-only connection asked to write.
    ro = Database(open_keyed(vault_dir / "vault.db", vault._dek or bytearray()))
    ro.execute("PRAGMA query_only = ON")
    with pytest.raises(VaultReadOnly):
        ro.execute("INSERT INTO sync_state (key, value) VALUES ('a', 'b')")
    ro.close()
    # Busy: another connection holds the write lock longer than our timeout.
    other = Database(open_keyed(vault_dir / "vault.db", vault._dek or bytearray(), timeout_s=0.1))
    with db.transaction(), pytest.raises(VaultBusy), other.transaction():
        pass
    other.close()
