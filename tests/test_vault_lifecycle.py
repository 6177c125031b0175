"""Create, unlock, lock, fail closed, one program at a time, passphrase change, wipe."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach_desktop.vault.errors import (
    KeyFileDamaged,
    Locked,
    NoVault,
    VaultBusy,
    VaultCorrupt,
    VaultExists,
    VaultWiped,
    WeakPassphrase,
    WrongPassphrase,
)  # fmt: skip
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.support import factories


def test_unlock_with_right_passphrase_after_lock(vault: Vault, vault_dir: Path) -> None:
    m, _ = vault.repository().create(factories.member())
    vault.lock()
    again = open_vault(vault_dir, PASSPHRASE)
    assert again.repository().get("member", str(m.id)) == m
    again.lock()


def test_wrong_passphrase_is_its_own_error(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    with pytest.raises(WrongPassphrase):
        open_vault(vault_dir, PASSPHRASE + "x")


def test_every_access_after_lock_raises_locked(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    db = vault.database()
    vault.lock()
    assert vault.is_locked
    with pytest.raises(Locked):
        repo.get("member", str(m.id))
    with pytest.raises(Locked):
        repo.create(factories.member(medicaid_id="SC000000002"))
    with pytest.raises(Locked):
        db.query("SELECT 1")
    with pytest.raises(Locked):
        vault.database()
    with pytest.raises(Locked):
        vault.connect()


def test_lock_zeroizes_the_key_buffer(vault: Vault) -> None:
    key = vault._dek
    assert key is not None and any(key)
    vault.lock()
    assert bytes(key) == bytes(32)


def test_create_refuses_to_overwrite_an_existing_vault(vault: Vault, vault_dir: Path) -> None:
    vault.repository().create(factories.member())
    vault.lock()
    before = (vault_dir / "vault.db").read_bytes()
    with pytest.raises(VaultExists):
        Vault.create(vault_dir, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    assert (vault_dir / "vault.db").read_bytes() == before


def test_weak_passphrase_refused_with_reasons(vault_dir: Path) -> None:
    with pytest.raises(WeakPassphrase) as info:
        Vault.create(vault_dir, "password1234", user_id=USER_ID, device_id=DEVICE_ID)
    assert info.value.reasons
    assert not (vault_dir / "vault.db").exists()


def test_no_vault_and_missing_db_never_create_one(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(NoVault):
        open_vault(tmp_path / "elsewhere", PASSPHRASE)
    assert not (tmp_path / "elsewhere" / "vault.db").exists()
    vault.lock()
    (vault_dir / "vault.db").unlink()
    with pytest.raises(VaultCorrupt, match="missing"):
        open_vault(vault_dir, PASSPHRASE)
    assert not (vault_dir / "vault.db").exists()


def test_key_file_from_another_vault_is_detected(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    other = Vault.create(tmp_path / "other", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    other.lock()
    vault.lock()
    (vault_dir / "vault.key").write_bytes((tmp_path / "other" / "vault.key").read_bytes())
    with pytest.raises(KeyFileDamaged):
        open_vault(vault_dir, PASSPHRASE)


def test_a_second_program_cannot_open_an_open_vault(vault: Vault, vault_dir: Path) -> None:
    second = Vault(vault_dir)
    assert second.in_use_elsewhere()
    with pytest.raises(VaultBusy):
        second.unlock(PASSPHRASE)
    vault.lock()
    assert not second.in_use_elsewhere()
    second.unlock(PASSPHRASE)
    second.lock()


def test_second_connection_for_the_sync_lane_sees_committed_writes(vault: Vault) -> None:
    m, _ = vault.repository().create(factories.member())
    lane = vault.connect()
    assert lane.scalar("SELECT count(*) FROM record WHERE id = ?", (str(m.id),)) == 1
    vault.lock()
    with pytest.raises(Locked):
        lane.query("SELECT 1")


def test_change_passphrase_rewraps_without_touching_the_data(vault: Vault, vault_dir: Path) -> None:
    m, _ = vault.repository().create(factories.member())
    vault.database().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_before = (vault_dir / "vault.db").read_bytes()
    new = "a different long passphrase 77"
    vault.change_passphrase(PASSPHRASE, new)
    vault.lock()
    assert (vault_dir / "vault.db").read_bytes()[:4096] == db_before[:4096]
    with pytest.raises(WrongPassphrase):
        open_vault(vault_dir, PASSPHRASE)
    again = open_vault(vault_dir, new)
    assert again.repository().get("member", str(m.id)) == m
    actions = [r[0] for r in again.database().query("SELECT action FROM audit_log")]
    assert "passphrase_change" in actions and "unlock_fail" in actions
    again.lock()


def test_wipe_destroys_keys_then_files(vault: Vault, vault_dir: Path) -> None:
    vault.repository().create(factories.member())
    receipt = vault.wipe(reason="test")
    assert receipt.exists()
    assert not (vault_dir / "vault.key").exists()
    assert not (vault_dir / "vault.db").exists()
    with pytest.raises(VaultWiped):
        open_vault(vault_dir, PASSPHRASE)


def test_unlock_and_failures_are_audited(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            open_vault(vault_dir, "not the passphrase at all")
    again = open_vault(vault_dir, PASSPHRASE)
    actions = [r[0] for r in again.database().query("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-3:] == ["unlock_fail", "unlock_fail", "unlock_ok"]
    assert "lock" in actions
    again.lock()
