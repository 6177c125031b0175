"""At rest the vault reveals nothing: canary PHI never in the raw bytes, no SQLite header, no reader without the key."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.vault.database import EXPECTED_CIPHER_SETTINGS
from coach_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

CANARY = "ZZCANARY-7f3a9c"


def _raw_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


def test_canary_phi_never_in_db_wal_or_shm(vault: Vault, vault_dir: Path) -> None:
    panel = generate_panel(40, seed=3, canary=CANARY)
    vault.repository().store_server_records(list(iter_records(panel)))
    member = panel.members[0]
    repo = vault.repository()
    repo.update(member.model_copy(update={"phone": "405-555-0199"}))
    # While open (WAL and SHM present) and after a clean lock: both states are scanned.
    files_open = _raw_files(vault_dir)
    assert "vault.db-wal" in files_open
    vault.lock()
    for files in (files_open, _raw_files(vault_dir)):
        for name, data in files.items():
            assert CANARY.encode() not in data, name
            assert CANARY.encode("utf-16-le") not in data, name
            assert member.medicaid_id.encode() not in data, name
    assert (vault_dir / "vault.db").read_bytes()[:16] != b"SQLite format 3\x00"


def test_plain_sqlite_cannot_read_the_file(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    conn = sqlite3.connect(vault_dir / "vault.db")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_sqlcipher_with_a_wrong_key_or_a_passphrase_cannot_read_the_file(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    for key_pragma in ("PRAGMA key = \"x'" + "ab" * 32 + "'\"", f"PRAGMA key = '{PASSPHRASE}'"):
        conn = sqlcipher3.connect(str(vault_dir / "vault.db"))
        conn.execute(key_pragma)
        with pytest.raises(sqlcipher3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()


def test_cipher_settings_are_sqlcipher4_defaults(vault: Vault) -> None:
    db = vault.database()
    assert str(db.scalar("PRAGMA cipher_version")).startswith("4.")
    settings = {row[0] for row in db.query("PRAGMA cipher_settings")}
    for name, value in EXPECTED_CIPHER_SETTINGS.items():
        assert f"PRAGMA {name} = {value};" in settings
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA synchronous") == 2  # FULL
    assert db.scalar("PRAGMA secure_delete") == 1
    assert db.scalar("PRAGMA temp_store") == 2  # MEMORY


def test_files_are_owner_only(vault: Vault, vault_dir: Path) -> None:
    assert vault_dir.stat().st_mode & 0o777 == 0o700
    for path in vault_dir.iterdir():
        if path.is_file():
            assert path.stat().st_mode & 0o077 == 0, path.name


def test_data_key_never_on_disk(vault: Vault, vault_dir: Path) -> None:
    dek = bytes(vault._dek or b"")
    assert len(dek) == 32
    vault.lock()
    for name, data in _raw_files(vault_dir).items():
        assert dek not in data, name
        assert dek.hex().encode() not in data, name
        assert dek.hex().upper().encode() not in data, name
