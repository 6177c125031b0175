"""Crypto-erase: key slots first, then data, a PHI-free receipt, resumable after a kill (T-WIPE-1, T-CRASH-3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from coach_desktop.vault import keyslots, wipe
from coach_desktop.vault.errors import VaultBusy, VaultWiped
from coach_desktop.vault.keyslots import KeyEnvelope
from coach_desktop.vault.wipe import KEYRING_SERVICE, PENDING_NAME, RECEIPT_NAME, crypto_erase, failures_username
from tests.support.memory_keyring import QUALNAME, MemoryKeyring

PASSPHRASE = "Velvet kettle orbits the cranberry moon"
USER, DEVICE = "nurse-0042", "dev-7f3a"
DB_SALT = bytes(range(16))
REPO = Path(__file__).resolve().parents[1]
CANARY = f"ZZCANARY-{uuid.uuid4()}"


@pytest.fixture(autouse=True)
def _floor_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keyslots.KDF_PROFILE_ENV, "floor")
    monkeypatch.delenv(wipe.CRASHPOINT_ENV, raising=False)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(keyslots, "ALLOWED_KEYRING_BACKENDS", keyslots.ALLOWED_KEYRING_BACKENDS | {QUALNAME})
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytearray]:
    path = tmp_path_factory.mktemp("template") / "vault.key"
    dek = keyslots.new_data_key()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(keyslots.KDF_PROFILE_ENV, "floor")
        KeyEnvelope.create(path, PASSPHRASE, dek, user_id=USER, device_id=DEVICE, db_salt=DB_SALT)
    return path.read_bytes(), dek


@pytest.fixture
def vault_dir(tmp_path: Path, template: tuple[bytes, bytearray]) -> Path:
    """A populated vault directory with canary data everywhere a wipe must reach, and keyring items."""
    directory = tmp_path / "vault"
    directory.mkdir(mode=0o700)
    (directory / "vault.key").write_bytes(template[0])
    envelope = KeyEnvelope.load(directory / "vault.key")
    assert envelope.enable_keyring_slot(template[1])
    mirror = json.dumps({"count": 1, "last_failure_at": "2026-03-01T09:00:00+00:00"})
    keyring.get_keyring().set_password(KEYRING_SERVICE, failures_username(USER, DEVICE), mirror)
    for name in ("vault.db", "vault.db-wal", "vault.db-shm", "vault.db-journal", "vault.db.bak-20260301T090000"):
        (directory / name).write_bytes(DB_SALT + f"{CANARY} member notes".encode() * 100)
    for sub in ("attachments", "drafts", "quarantine/20260301T090000"):
        (directory / sub).mkdir(parents=True)
        (directory / sub / f"{CANARY}.txt").write_text(CANARY)
    (directory / "vault.session").write_text("unlocked\n")
    (directory / "vault.lock").write_bytes(b"")
    return directory


def _names(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


def _service_items(backend: MemoryKeyring) -> list[str]:
    return [user for (service, user) in backend.items if service == KEYRING_SERVICE]


def test_wipe_leaves_only_a_private_receipt(vault_dir: Path, memory_keyring: MemoryKeyring) -> None:
    assert len(_service_items(memory_keyring)) == 2  # quick-unlock KEK and failure mirror
    receipt_path = crypto_erase(vault_dir, reason="revoked", user_id=USER, device_id=DEVICE)
    assert receipt_path == vault_dir / RECEIPT_NAME
    assert _names(vault_dir) == [RECEIPT_NAME]
    assert _service_items(memory_keyring) == []
    if os.name == "posix":
        assert receipt_path.stat().st_mode & 0o777 == 0o600
    receipt = json.loads(receipt_path.read_text())
    assert (receipt["reason"], receipt["user_id"], receipt["device_id"]) == ("revoked", USER, DEVICE)
    assert {"vault.key", "vault.db", "vault.db-wal", "attachments", "vault.db.bak-20260301T090000"} <= set(
        receipt["deleted"]
    )
    assert receipt["not_deleted"] == []
    assert receipt["keyring_items_deleted"] == 2
    assert receipt["wiped_at"].endswith("+00:00")


def test_receipt_holds_no_canary_or_key_material(vault_dir: Path, template: tuple[bytes, bytearray]) -> None:
    envelope = json.loads(template[0])
    receipt = crypto_erase(vault_dir, reason="lockout").read_text()
    assert CANARY not in receipt
    for secretish in (envelope["slots"][0]["wrapped_key"], envelope["db_salt"], bytes(template[1]).hex()):
        assert secretish not in receipt
    assert json.loads(receipt)["user_id"] == USER  # ids recovered from the envelope when not given


def test_old_passphrase_opens_nothing_after_wipe(vault_dir: Path) -> None:
    envelope = KeyEnvelope.load(vault_dir / "vault.key")
    crypto_erase(vault_dir, reason="revoked")
    with pytest.raises(VaultWiped):
        KeyEnvelope.load(vault_dir / "vault.key")
    with pytest.raises(VaultWiped):
        envelope.unlock_with_passphrase(PASSPHRASE)  # an envelope loaded before the wipe re-reads the file
    assert envelope.unlock_with_keyring() is None


def test_envelope_is_overwritten_before_unlink(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = (vault_dir / "vault.key").read_bytes()
    seen: dict[str, bytes] = {}
    real_remove = wipe._remove

    def spy(path: Path) -> None:
        if path.name == "vault.key" and path.exists():
            seen[path.name] = path.read_bytes()
        real_remove(path)

    monkeypatch.setattr(wipe, "_remove", spy)
    crypto_erase(vault_dir, reason="revoked")
    assert len(seen["vault.key"]) == len(original)
    assert seen["vault.key"] != original
    assert b"wrapped_key" not in seen["vault.key"]


def test_wipe_finishes_well_under_ten_seconds(vault_dir: Path) -> None:
    (vault_dir / "vault.db").write_bytes(os.urandom(32 * 1024 * 1024))
    for i in range(2000):
        (vault_dir / "attachments" / f"a{i:05d}.bin").write_bytes(b"x" * 512)
    start = time.monotonic()
    crypto_erase(vault_dir, reason="revoked")
    elapsed = time.monotonic() - start
    assert elapsed < 10
    assert _names(vault_dir) == [RECEIPT_NAME]


def test_second_call_keeps_the_original_receipt(vault_dir: Path) -> None:
    receipt = crypto_erase(vault_dir, reason="revoked")
    first = receipt.read_bytes()
    assert crypto_erase(vault_dir, reason="uninstall") == receipt
    assert receipt.read_bytes() == first


def test_reason_and_ids_are_reduced_to_labels_and_never_stop_the_wipe(vault_dir: Path) -> None:
    receipt_path = crypto_erase(vault_dir, reason="Coachctl wipe: by request! " * 5, user_id="jane doe")
    receipt = json.loads(receipt_path.read_text())
    assert _names(vault_dir) == [RECEIPT_NAME]
    assert receipt["reason"] == "coachctl-wipe-by-request-coachctl-wipe-b"  # a label, at most 40 characters
    assert receipt["user_id"] == USER  # the non-opaque id was dropped for the envelope's own
    other = json.loads(crypto_erase(vault_dir / "other", reason="!!!").read_text())
    assert other["reason"] == "unspecified"


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coach_desktop.vault.wipe import crypto_erase
    crypto_erase(Path(sys.argv[1]), reason="revoked", user_id="nurse-0042", device_id="dev-7f3a")
    print("finished")
    """
)


@pytest.mark.parametrize(
    "crashpoint",
    [
        "before_replace:wipe-pending.json",
        "wipe_after_marker",
        "wipe_after_envelope_destroyed",
        "wipe_after_keyring",
        "wipe_after_files_deleted",
        "before_replace:wipe-receipt.json",
    ],
)
def test_killed_wipe_resumes_and_completes(crashpoint: str, vault_dir: Path, memory_keyring: MemoryKeyring) -> None:
    env = {**os.environ, wipe.CRASHPOINT_ENV: crashpoint}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_dir)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert child.returncode == 137, child.stderr[-500:]
    assert "finished" not in child.stdout
    if crashpoint != "before_replace:wipe-pending.json":
        with pytest.raises(VaultWiped):  # a started wipe can never be escaped by killing it
            KeyEnvelope.load(vault_dir / "vault.key")
    receipt = json.loads(crypto_erase(vault_dir, reason="resumed").read_text())
    assert _names(vault_dir) == [RECEIPT_NAME]
    assert _service_items(memory_keyring) == []  # the child had no keyring: the resumed run deletes them
    assert "vault.key" in receipt["deleted"]
    if crashpoint == "before_replace:wipe-pending.json":
        assert receipt["reason"] == "resumed"  # killed before the marker existed: a fresh wipe
    else:
        assert (receipt["reason"], receipt["resumed"]) == ("revoked", True)


def test_stubborn_file_keeps_the_wipe_pending_until_it_goes(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_remove = wipe._remove

    def locked(path: Path) -> None:
        if path.name == "vault.lock":
            raise PermissionError("held open by another program")
        real_remove(path)

    monkeypatch.setattr(wipe, "_remove", locked)
    receipt = json.loads(crypto_erase(vault_dir, reason="revoked").read_text())
    assert receipt["not_deleted"] == ["vault.lock"]
    assert wipe.wipe_state(vault_dir) == "pending"
    assert not (vault_dir / "vault.key").exists()
    monkeypatch.setattr(wipe, "_remove", real_remove)
    crypto_erase(vault_dir, reason="revoked")
    assert _names(vault_dir) == [RECEIPT_NAME]
    assert wipe.wipe_state(vault_dir) == "done"


def test_enrolling_again_after_a_wipe_works(vault_dir: Path) -> None:
    crypto_erase(vault_dir, reason="revoked")
    dek = keyslots.new_data_key()
    KeyEnvelope.create(vault_dir / "vault.key", PASSPHRASE, dek, user_id=USER, device_id=DEVICE, db_salt=DB_SALT)
    assert KeyEnvelope.load(vault_dir / "vault.key").unlock_with_passphrase(PASSPHRASE) == dek


def test_enrolling_over_an_unfinished_wipe_is_refused(vault_dir: Path) -> None:
    (vault_dir / PENDING_NAME).write_text("{}")
    (vault_dir / "vault.key").unlink()
    with pytest.raises(VaultWiped):
        KeyEnvelope.create(
            vault_dir / "vault.key", PASSPHRASE, keyslots.new_data_key(), user_id=USER, device_id=DEVICE,
            db_salt=DB_SALT,
        )  # fmt: skip
    assert not (vault_dir / "vault.key").exists()


def test_wipe_of_a_damaged_envelope_still_completes(vault_dir: Path, memory_keyring: MemoryKeyring) -> None:
    (vault_dir / "vault.key").write_bytes(b"\x00garbage")
    receipt = json.loads(crypto_erase(vault_dir, reason="revoked", user_id=USER, device_id=DEVICE).read_text())
    assert _names(vault_dir) == [RECEIPT_NAME]
    assert receipt["user_id"] == USER
    assert _service_items(memory_keyring) == []  # names rebuilt from the given ids


def test_unlock_racing_a_wipe_never_recreates_the_key_file(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    envelope = KeyEnvelope.load(vault_dir / "vault.key")
    real_kdf = keyslots._derive_kek

    def kdf_then_wipe(*args: object) -> bytearray:
        kek = real_kdf(*args)  # type: ignore[arg-type]
        monkeypatch.setattr(wipe, "WIPE_LOCK_WAIT_SECONDS", 0.1)
        crypto_erase(vault_dir, reason="revoked")  # another lane wipes while this unlock is mid-KDF
        return kek

    monkeypatch.setattr(keyslots, "_derive_kek", kdf_then_wipe)
    with pytest.raises(VaultWiped):
        envelope.unlock_with_passphrase(PASSPHRASE)
    assert _names(vault_dir) == [RECEIPT_NAME]


def test_wipe_waits_for_the_lock_but_is_never_blocked_by_it(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wipe, "WIPE_LOCK_WAIT_SECONDS", 0.2)
    with wipe.vault_lock(vault_dir) as held:
        if held:  # POSIX: a second lock attempt times out, a wipe goes ahead anyway
            with pytest.raises(VaultBusy), wipe.vault_lock(vault_dir, timeout=0.1):
                pass
        crypto_erase(vault_dir, reason="revoked")
    assert _names(vault_dir) == [RECEIPT_NAME]
