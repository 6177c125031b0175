"""The vault as a whole: create, unlock, lock, change passphrase, verify, wipe — failing closed at every step.

Layout of a vault directory (owner-only):
    vault.key       wrapped copies of the data key (keyslots.py); no secret in clear
    vault.db        SQLCipher 4 database (+ -wal, -shm while open)
    vault.session   present while unlocked; left behind by a crash → integrity check on next unlock
    vault.lock      advisory lock so two programs never open one vault at once
    quarantine/     copies of a damaged database, kept for IT; the original is never overwritten
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from ..domain.audit import AuditAction, AuditEvent, Outcome
from ..domain.base import utc_now
from . import audit_log, migrations
from .database import Database, open_keyed
from .errors import KeyFileDamaged, Locked, VaultBusy, VaultCorrupt, VaultError, VaultExists
from .keyslots import KdfParams, KeyEnvelope, new_data_key
from .passphrase_policy import require_strong_passphrase
from .paths import DB_FILE, KEY_FILE, LOCK_FILE, QUARANTINE_DIR, SESSION_MARKER, ensure_private_dir
from .repository import Actor, RecordRepository
from .wipe import crypto_erase

SQLITE_PLAINTEXT_MAGIC = b"SQLite format 3\x00"
_INIT_SUFFIX = ".init"


@dataclass(frozen=True)
class VerifyReport:
    schema_version: int
    integrity_problems: tuple[str, ...]
    audit_chain_broken_at: int | None
    orphan_outbox_rows: int
    records: int
    pending_mutations: int

    @property
    def ok(self) -> bool:
        return not self.integrity_problems and self.audit_chain_broken_at is None and self.orphan_outbox_rows == 0


class Vault:
    """One user's encrypted store on this device. Thread-safe for lock(); each Database is per lane."""

    def __init__(self, directory: Path, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.directory = Path(directory)
        self._clock = clock
        self._dek: bytearray | None = None
        self._main: Database | None = None
        self._extra: list[Database] = []
        self._lock_handle: IO[bytes] | None = None
        self._envelope: KeyEnvelope | None = None

    # ---- paths --------------------------------------------------------------------------------

    @property
    def key_path(self) -> Path:
        return self.directory / KEY_FILE

    @property
    def db_path(self) -> Path:
        return self.directory / DB_FILE

    def exists(self) -> bool:
        return self.key_path.exists() or self.db_path.exists()

    def in_use_elsewhere(self) -> bool:
        """Whether another program holds this vault open (without opening it)."""
        if self._lock_handle is not None:
            return False
        try:
            self._acquire_process_lock()
        except VaultBusy:
            return True
        self._release_process_lock()
        return False

    # ---- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def create(
        cls, directory: Path, passphrase: str, *, user_id: str, device_id: str, kdf: KdfParams | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Vault:  # fmt: skip
        """Create a new, empty vault and leave it unlocked. Refuses to touch an existing one."""
        vault = cls(directory, clock=clock)
        ensure_private_dir(vault.directory)
        if vault.exists():
            raise VaultExists()
        require_strong_passphrase(passphrase, [user_id])
        vault._acquire_process_lock()
        try:
            dek = new_data_key()
            staging = vault.db_path.with_name(DB_FILE + _INIT_SUFFIX)
            _remove_stale_staging(staging)
            db_salt = _create_database(staging, dek)
            vault._envelope = KeyEnvelope.create(
                vault.key_path, passphrase, dek, user_id=user_id, device_id=device_id, db_salt=db_salt, kdf=kdf
            )
            os.replace(staging, vault.db_path)  # the vault exists only once both files are in place
            _fsync_dir(vault.directory)
            vault._open(dek, unclean=False)
        except BaseException:
            vault._release_process_lock()
            raise
        return vault

    @property
    def is_locked(self) -> bool:
        return self._main is None

    @property
    def actor(self) -> Actor:
        envelope = self._require_envelope()
        return Actor(user_id=envelope.user_id, device_id=envelope.device_id)

    def unlock(self, passphrase: str) -> None:
        """SECURITY §4.3: back-off gate and KDF in the envelope, then open, check, migrate."""
        if not self.is_locked:
            return
        envelope = KeyEnvelope.load(self.key_path)  # NoVault / VaultWiped / KeyFileDamaged before touching anything
        self._acquire_process_lock()
        try:
            envelope = KeyEnvelope.load(self.key_path)  # re-read under the lock: another program may have changed it
            self._finish_interrupted_create()
            self._check_db_file(envelope)
            prior_failures = envelope.failures
            dek = envelope.unlock_with_passphrase(passphrase, now=self._clock())
            self._envelope = envelope
            self._open(dek, unclean=(self.directory / SESSION_MARKER).exists(), prior_failures=prior_failures)
        except BaseException:
            self._release_process_lock()
            raise

    def lock(self) -> None:
        """Close every connection and zeroize the key; later data access raises ``Locked`` (SECURITY R2)."""
        if self._main is not None:
            try:
                with self._main.transaction():
                    self._audit(self._main, AuditAction.LOCK)
            except VaultError:
                pass  # locking must always succeed; a failed audit write cannot keep PHI on screen
        for db in [*self._extra, self._main]:
            if db is not None:
                db.close()
        self._extra.clear()
        self._main = None
        if self._dek is not None:
            self._dek[:] = bytes(len(self._dek))
            self._dek = None
        (self.directory / SESSION_MARKER).unlink(missing_ok=True)
        self._release_process_lock()

    close = lock

    # ---- access -------------------------------------------------------------------------------

    def database(self) -> Database:
        if self._main is None:
            raise Locked()
        return self._main

    def connect(self) -> Database:
        """A second connection for another lane (sync); closed with the vault on lock."""
        if self._dek is None:
            raise Locked()
        db = Database(open_keyed(self.db_path, self._dek))
        self._extra.append(db)
        return db

    def repository(self, clock: Callable[[], datetime] | None = None) -> RecordRepository:
        return RecordRepository(self.database(), self.actor, clock or self._clock)

    # ---- maintenance --------------------------------------------------------------------------

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under a new passphrase (no database rewrite). The vault must be unlocked."""
        db = self.database()
        envelope = self._require_envelope()
        require_strong_passphrase(new, [envelope.user_id])
        envelope.change_passphrase(old, new)
        with db.transaction():
            self._audit(db, AuditAction.PASSPHRASE_CHANGE)

    def verify(self) -> VerifyReport:
        db = self.database()
        with db.transaction():
            self._audit(db, AuditAction.INTEGRITY_CHECK)
        # Only unsent rows need their record: answered ones may outlive it (a confirmed delete, a refused create).
        orphans = db.scalar(
            "SELECT count(*) FROM outbox o WHERE o.state IN ('pending', 'in_flight') AND NOT EXISTS "
            "(SELECT 1 FROM record r WHERE r.kind = o.kind AND r.id = o.record_id)"
        )
        try:
            problems = tuple(db.integrity_problems())
        except VaultCorrupt:
            self._quarantine()
            raise
        if problems:
            self._quarantine()  # keep the evidence for IT before anything else writes to the file
        return VerifyReport(
            schema_version=migrations.current_version(db),
            integrity_problems=problems,
            audit_chain_broken_at=audit_log.verify_chain(db),
            orphan_outbox_rows=int(orphans or 0),
            records=int(db.scalar("SELECT count(*) FROM record") or 0),
            pending_mutations=int(db.scalar("SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") or 0),
        )

    def wipe(self, reason: str) -> Path:
        """Crypto-erase: key slots first, then every data file (SECURITY R16). Returns the receipt path."""
        user_id = device_id = ""
        try:
            envelope = self._envelope or KeyEnvelope.load(self.key_path)
            user_id, device_id = envelope.user_id, envelope.device_id
        except VaultError:
            pass  # a damaged or missing envelope must never stop a wipe
        self.lock()
        return crypto_erase(self.directory, reason=reason, user_id=user_id, device_id=device_id)

    # ---- internals ----------------------------------------------------------------------------

    def _open(self, dek: bytearray, *, unclean: bool, prior_failures: int = 0) -> None:
        try:
            db = Database(open_keyed(self.db_path, dek))
        except VaultCorrupt:
            self._quarantine()
            raise
        if unclean:
            problems = db.integrity_problems()
            if problems:
                db.close()
                self._quarantine()
                raise VaultCorrupt()
        migrations.migrate(db, self.db_path)
        _write_private(self.directory / SESSION_MARKER, b"unlocked\n")
        self._dek, self._main = dek, db
        with db.transaction():
            for _ in range(prior_failures):
                self._audit(db, AuditAction.UNLOCK_FAIL, Outcome.FAIL)
            self._audit(db, AuditAction.UNLOCK_OK)

    def _audit(self, db: Database, action: AuditAction, outcome: Outcome = Outcome.OK) -> None:
        envelope = self._require_envelope()
        audit_log.append(db, AuditEvent(
            at=self._clock(), user_id=envelope.user_id, device_id=envelope.device_id, action=action,
            object_type="vault", object_id="", outcome=outcome,
        ))  # fmt: skip

    def _require_envelope(self) -> KeyEnvelope:
        if self._envelope is None:
            self._envelope = KeyEnvelope.load(self.key_path)
        return self._envelope

    def _check_db_file(self, envelope: KeyEnvelope) -> None:
        """Classify the file before any key touches it: missing, empty, plaintext, or another vault's."""
        if not self.db_path.exists():
            raise VaultCorrupt("The vault file is missing. Nothing was created in its place; ask IT to restore it.")
        with open(self.db_path, "rb") as handle:
            head = handle.read(16)
        if len(head) < 16:
            raise VaultCorrupt()
        if head == SQLITE_PLAINTEXT_MAGIC:
            raise VaultCorrupt("The vault file is not encrypted. It was not opened; ask IT to check this computer.")
        if head != envelope.db_salt:
            raise KeyFileDamaged("The key file does not belong to this vault file. Nothing was changed.")

    def _finish_interrupted_create(self) -> None:
        staging = self.db_path.with_name(DB_FILE + _INIT_SUFFIX)
        if not self.db_path.exists() and staging.exists():
            os.replace(staging, self.db_path)

    def _quarantine(self) -> Path:
        """Copy the damaged files aside (checksummed) for IT; the original stays exactly as it was."""
        target = ensure_private_dir(self.directory / QUARANTINE_DIR / self._clock().strftime("%Y%m%dT%H%M%S%f"))
        for suffix in ("", "-wal", "-shm"):
            source = self.db_path.with_name(DB_FILE + suffix)
            if source.exists():
                copy = target / source.name
                shutil.copyfile(source, copy)
                os.chmod(copy, 0o600)
                if _sha256(copy) != _sha256(source):
                    raise VaultError("Could not keep a safe copy of the damaged vault; nothing was changed.")
        return target

    def _acquire_process_lock(self) -> None:
        if self._lock_handle is not None:
            return
        ensure_private_dir(self.directory)
        handle = open(self.directory / LOCK_FILE, "a+b")  # noqa: SIM115 - held open while the vault is in use
        os.chmod(handle.name, 0o600)
        if not _try_lock(handle):
            handle.close()
            raise VaultBusy()
        self._lock_handle = handle

    def _release_process_lock(self) -> None:
        handle, self._lock_handle = self._lock_handle, None
        if handle is not None:
            _unlock(handle)
            handle.close()


def _create_database(path: Path, dek: bytearray) -> bytes:
    """Create the SQLCipher file with the full schema; return its 16-byte salt (recorded in the envelope)."""
    db = Database(open_keyed(path, dek))
    try:
        os.chmod(path, 0o600)
        migrations.migrate(db, path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    with open(path, "rb") as handle:
        salt = handle.read(16)
        os.fsync(handle.fileno())
    return salt


def _remove_stale_staging(staging: Path) -> None:
    """A staging file from an interrupted create holds only an empty schema: safe to discard."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(staging) + suffix).unlink(missing_ok=True)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass  # the handle is closed next; the OS drops the lock anyway


def vault_exists(directory: Path) -> bool:
    return Vault(directory).exists()


def open_vault(directory: Path, passphrase: str, *, clock: Callable[[], datetime] = utc_now) -> Vault:
    """Unlock an existing vault (NoVault if there is none; nothing is created)."""
    vault = Vault(directory, clock=clock)
    vault.unlock(passphrase)
    return vault
