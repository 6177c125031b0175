"""Key envelope ``vault.key``: the data key (DEK), stored only wrapped in passphrase, recovery and keyring slots.

SECURITY §4. Every slot's AES-256-GCM AAD is the canonical JSON of the envelope header plus the slot's own
parameters, so editing any of them (ids, epoch, db_salt, KDF params, salt, slot type) makes unwrap fail.
``COACH_KDF_PROFILE=floor`` is a test/IT knob: skip KDF calibration and use the policy floor (t=3, 64 MiB, p=4).
The file format and its validation live in envelope_format.py; Argon2id cost and calibration in kdf.py.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from keyring.backend import KeyringBackend

from coach_desktop.vault import backoff
from coach_desktop.vault.envelope_format import (
    CHECK_BYTES,
    DB_SALT_BYTES,
    KEYRING_ALG,
    MAX_RECOVERY_SLOTS,
    NONCE_BYTES,
    RECOVERY_ALG,
    SLOT_KEYRING,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    EnvelopeHeader,
    Slot,
    b64,
    check_envelope_path,
    check_id,
    check_length,
    damaged,
    iso,
    parse_time,
    read_envelope,
    serialize_envelope,
)
from coach_desktop.vault.envelope_format import MAX_ENVELOPE_BYTES as MAX_ENVELOPE_BYTES  # re-export
from coach_desktop.vault.errors import (
    BackoffActive,
    DiskFull,
    NoVault,
    RecoveryKeyRejected,
    VaultExists,
    VaultReadOnly,
    VaultWiped,
    WrongPassphrase,
)
from coach_desktop.vault.kdf import KDF_PROFILE_ENV as KDF_PROFILE_ENV  # re-export
from coach_desktop.vault.kdf import KEY_BYTES, SALT_BYTES, KdfParams, argon2id, calibrate_kdf
from coach_desktop.vault.passphrase_policy import require_strong_passphrase
from coach_desktop.vault.wipe import (
    KEYRING_SERVICE,
    atomic_write_private,
    crashpoint,
    crypto_erase_locked,
    failures_username,
    keyring_username,
    vault_lock,
    wipe_state,
)

CRASH_AFTER_COUNTER = "after_failure_counter_persisted"

# Exact classes only: a subclass or a plaintext/file backend (keyrings.alt) could put KEK_os in a file.
ALLOWED_KEYRING_BACKENDS: frozenset[str] = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)
_CHAINER = "keyring.backends.chainer.ChainerBackend"
_DEK_CHECK_LABEL = b"coach-desktop/dek-check/v1"
_RECOVERY_INFO = b"coach-desktop/recovery-slot/v1"


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ---- keys and KEK derivation ------------------------------------------------------------------


def new_data_key() -> bytearray:
    """A fresh random 256-bit data key, in a bytearray so it can be zeroized."""
    return bytearray(secrets.token_bytes(KEY_BYTES))


def zeroize(buf: bytearray | None) -> None:
    """Overwrite a secret buffer in place (best effort: Python may hold other copies)."""
    if buf is not None:
        buf[:] = bytes(len(buf))


def _passphrase_bytes(passphrase: str) -> bytearray:
    # NFKC so NFC and NFD (and compatibility) forms of one passphrase derive the same key;
    # surrogatepass so no str, however odd, raises anything but "wrong passphrase".
    return bytearray(unicodedata.normalize("NFKC", passphrase).encode("utf-8", "surrogatepass"))


def _derive_kek(secret: bytearray, salt: bytes, params: KdfParams) -> bytearray:
    """KEK_pw = Argon2id(passphrase). argon2-cffi needs immutable bytes, so one short-lived copy exists."""
    return bytearray(argon2id(bytes(secret), salt, params))


# ---- slots ------------------------------------------------------------------------------------


def _dek_check(dek: bytearray) -> bytes:
    # A commitment to the DEK (not the DEK): lets add-slot calls refuse a wrong key, and catches a slot
    # that decrypts to some other key.
    return hmac.new(bytes(dek), _DEK_CHECK_LABEL, hashlib.sha256).digest()[:CHECK_BYTES]


def _seal(key: bytearray, dek: bytearray, aad: bytes) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_BYTES)  # fresh 96-bit nonce per wrap; keys are never reused anyway
    return nonce, AESGCM(key).encrypt(nonce, dek, aad)


def _open(key: bytearray, slot: Slot, aad: bytes) -> bytearray | None:
    try:
        return bytearray(AESGCM(key).decrypt(slot.nonce, slot.wrapped, aad))
    except InvalidTag:
        return None


def _passphrase_slot(header: EnvelopeHeader, passphrase: str, dek: bytearray, kdf: KdfParams) -> Slot:
    salt = secrets.token_bytes(SALT_BYTES)
    params = {"kdf": kdf.to_json(), "salt": b64(salt)}
    secret = _passphrase_bytes(passphrase)
    try:
        kek = _derive_kek(secret, salt, kdf)
    finally:
        zeroize(secret)
    try:
        nonce, wrapped = _seal(kek, dek, header.aad(SLOT_PASSPHRASE, params))
    finally:
        zeroize(kek)
    return Slot(SLOT_PASSPHRASE, params, nonce, wrapped)


def _open_passphrase_slot(header: EnvelopeHeader, slot: Slot, passphrase: str) -> bytearray | None:
    """The DEK, or None when the GCM tag fails (wrong passphrase, or an edited header: indistinguishable)."""
    secret = _passphrase_bytes(passphrase)
    try:
        kek = _derive_kek(secret, base64.b64decode(slot.params["salt"]), _slot_kdf(slot))
    finally:
        zeroize(secret)
    try:
        return _open(kek, slot, header.aad(SLOT_PASSPHRASE, slot.params))
    finally:
        zeroize(kek)


def _slot_kdf(slot: Slot) -> KdfParams:
    kdf = slot.params["kdf"]
    return KdfParams(kdf["t"], kdf["m_kib"], kdf["p"])


def _recovery_kek(shared: bytes, epk: bytes, recipient: bytes) -> bytearray:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=epk + recipient, info=_RECOVERY_INFO)
    return bytearray(hkdf.derive(shared))


def _key_id(public: X25519PublicKey) -> str:
    return hashlib.sha256(public.public_bytes_raw()).hexdigest()[:32]


def _recovery_slot(header: EnvelopeHeader, dek: bytearray, public: X25519PublicKey) -> Slot:
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    params = {"alg": RECOVERY_ALG, "key_id": _key_id(public), "epk": b64(epk)}
    kek = _recovery_kek(ephemeral.exchange(public), epk, public.public_bytes_raw())
    try:
        nonce, wrapped = _seal(kek, dek, header.aad(SLOT_RECOVERY, params))
    finally:
        zeroize(kek)
    return Slot(SLOT_RECOVERY, params, nonce, wrapped)


def _open_recovery_slot(header: EnvelopeHeader, slot: Slot, private: X25519PrivateKey) -> bytearray | None:
    epk = base64.b64decode(slot.params["epk"])
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError:  # low-order point planted in the file
        return None
    kek = _recovery_kek(shared, epk, private.public_key().public_bytes_raw())
    try:
        return _open(kek, slot, header.aad(SLOT_RECOVERY, slot.params))
    finally:
        zeroize(kek)


def generate_recovery_keypair(password: bytes | None = None) -> tuple[bytes, bytes]:
    """An organisation recovery key pair for IT: (private PKCS#8 PEM, public PEM). Keep the private half offline."""
    private = X25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def _load_public(pem: bytes) -> X25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, X25519PublicKey):
        raise ValueError("the recovery key must be an X25519 public key")
    return key


def _load_private(pem: bytes, password: bytes | None) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=password)
    if not isinstance(key, X25519PrivateKey):
        raise ValueError("the recovery key must be an X25519 private key")
    return key


# ---- keyring ----------------------------------------------------------------------------------


def usable_keyring_backend() -> KeyringBackend | None:
    """The OS keyring if it is an allowlisted secure store; None otherwise (fail/null/plaintext backends)."""
    try:
        backend = keyring.get_keyring()
        if _qualname(backend) == _CHAINER:
            # The chainer writes to its first backend that accepts: every candidate must be allowlisted.
            chained = list(backend.backends)  # type: ignore[attr-defined]
            return backend if chained and all(_qualname(b) in ALLOWED_KEYRING_BACKENDS for b in chained) else None
        return backend if _qualname(backend) in ALLOWED_KEYRING_BACKENDS else None
    except Exception:
        return None


def _qualname(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _keyring_slot(header: EnvelopeHeader, dek: bytearray, kek: bytearray, username: str) -> Slot:
    params = {"alg": KEYRING_ALG, "service": KEYRING_SERVICE, "username": username}
    nonce, wrapped = _seal(kek, dek, header.aad(SLOT_KEYRING, params))
    return Slot(SLOT_KEYRING, params, nonce, wrapped)


# ---- the envelope -----------------------------------------------------------------------------


class KeyEnvelope:
    """``vault.key``: header, slots and the unlock-failure counter. Load never writes; every change is atomic."""

    def __init__(
        self, path: Path, header: EnvelopeHeader, slots: list[Slot], failures: int, last_failure: datetime | None,
        clock: Callable[[], datetime],
    ) -> None:  # fmt: skip
        self.path = path
        self._header = header
        self._slots = slots
        self._failures = failures
        self._last_failure = last_failure
        self._clock = clock

    # -- create / load

    @classmethod
    def create(
        cls, path: Path, passphrase: str, dek: bytearray, *, user_id: str, device_id: str, db_salt: bytes,
        kdf: KdfParams | None = None, clock: Callable[[], datetime] = _utcnow,
    ) -> KeyEnvelope:  # fmt: skip
        """Write a new envelope with one passphrase slot. VaultExists if ``path`` is already there."""
        check_envelope_path(path)
        check_id(user_id, "user_id")
        check_id(device_id, "device_id")
        check_length(dek, KEY_BYTES, "dek")
        check_length(db_salt, DB_SALT_BYTES, "db_salt")
        require_strong_passphrase(passphrase, [user_id, device_id])
        if os.path.lexists(path):
            raise VaultExists()  # before the expensive KDF; re-checked atomically on write
        kdf = kdf or calibrate_kdf()
        if kdf.below(KdfParams.FLOOR) or kdf.above(KdfParams.MAXIMUM) or kdf.p < 1:
            raise ValueError("KDF parameters outside the policy")
        header = EnvelopeHeader(user_id, device_id, 1, iso(clock()), bytes(db_salt), _dek_check(dek))
        envelope = cls(path, header, [_passphrase_slot(header, passphrase, dek, kdf)], 0, None, clock)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with vault_lock(path.parent):
            if wipe_state(path.parent) == "pending":
                raise VaultWiped()  # finish the interrupted wipe before enrolling again
            try:
                envelope._write(no_clobber=True)
            except FileExistsError:
                raise VaultExists() from None
        return envelope

    @classmethod
    def load(cls, path: Path, *, clock: Callable[[], datetime] = _utcnow) -> KeyEnvelope:
        """Read and validate. NoVault, VaultWiped or KeyFileDamaged; never modifies the file."""
        check_envelope_path(path)
        return cls(path, *read_envelope(path), clock)

    # -- properties

    @property
    def user_id(self) -> str:
        return self._header.user_id

    @property
    def device_id(self) -> str:
        return self._header.device_id

    @property
    def key_epoch(self) -> int:
        return self._header.key_epoch

    @property
    def db_salt(self) -> bytes:
        return self._header.db_salt

    @property
    def failures(self) -> int:
        """Consecutive failed (or interrupted) passphrase attempts recorded in the envelope."""
        return self._failures

    @property
    def last_failure_at(self) -> datetime | None:
        return self._last_failure

    @property
    def kdf(self) -> KdfParams:
        return _slot_kdf(self._slot(SLOT_PASSPHRASE))

    @property
    def slot_types(self) -> tuple[str, ...]:
        return tuple(slot.type for slot in self._slots)

    # -- passphrase

    def backoff_status(self, *, now: datetime | None = None) -> backoff.BackoffDecision:
        """The gate as it stands (for the lock screen: wait time, re-auth needed, last chance)."""
        failures, last = self._effective_counter()
        return backoff.decide(failures, last, self._now(now))

    def unlock_with_passphrase(self, passphrase: str, *, now: datetime | None = None) -> bytearray:
        """The DEK (caller zeroizes it). BackoffActive, WrongPassphrase, VaultWiped (20th failure), KeyFileDamaged."""
        with vault_lock(self.path.parent):
            return self._attempt(passphrase, self._now(now))

    def change_passphrase(
        self, old: str, new: str, *, now: datetime | None = None, kdf: KdfParams | None = None
    ) -> None:
        """Verify ``old`` (same gate and counter as unlock), re-wrap the DEK under ``new``; no DB access."""
        require_strong_passphrase(new, [self.user_id, self.device_id])
        if kdf is not None and (kdf.below(KdfParams.FLOOR) or kdf.above(KdfParams.MAXIMUM)):
            raise ValueError("KDF parameters outside the policy")
        with vault_lock(self.path.parent):
            dek = self._attempt(old, self._now(now))
            try:
                slot = _passphrase_slot(self._header, new, dek, kdf or self.kdf)
                self._slots = [slot if s.type == SLOT_PASSPHRASE else s for s in self._slots]
                self._write()
            finally:
                zeroize(dek)

    def _attempt(self, passphrase: str, now: datetime) -> bytearray:
        self._reload()
        self._gate(now)
        slot = self._slot(SLOT_PASSPHRASE)
        if _slot_kdf(slot).below(KdfParams.FLOOR):
            raise damaged("KDF parameters below the floor")
        # Count the attempt as a failure *before* the KDF: a SIGKILL mid-attempt cannot reset the counter.
        self._set_counter(self._failures + 1, now)
        crashpoint(CRASH_AFTER_COUNTER)
        dek = _open_passphrase_slot(self._header, slot, passphrase)
        if dek is None:
            self._wrong_passphrase()
        try:
            self._require_dek(dek, damaged=True)
            self._set_counter(0, None)
        except BaseException:
            zeroize(dek)
            raise
        return dek

    def _gate(self, now: datetime) -> None:
        failures, last = self._effective_counter()
        decision = backoff.decide(failures, last, now)
        if decision.erase_now:
            self._erase_for_lockout()  # an attempt at the limit was interrupted: no more tries
        if last is not None and now < last:
            # The clock went backwards: restart the wait from now (never shorter, not stretched by the jump).
            self._set_counter(failures, now)
        elif failures != self._failures:
            self._failures = failures  # adopt the keyring mirror's higher count
        if decision.wait_seconds > 0:
            raise BackoffActive(decision.wait_seconds, failures, needs_online_reauth=decision.needs_online_reauth)

    def _wrong_passphrase(self) -> NoReturn:
        if self._failures >= backoff.MAX_FAILURES:
            self._erase_for_lockout()
        raise WrongPassphrase(failures=self._failures, remaining_before_erase=backoff.MAX_FAILURES - self._failures)

    def _erase_for_lockout(self) -> NoReturn:
        # We hold the directory lock already (inside an attempt), so use the variant that does not re-take it.
        crypto_erase_locked(self.path.parent, reason="lockout", user_id=self.user_id, device_id=self.device_id)
        raise VaultWiped(
            "Too many wrong passphrases: this vault was erased. Enrol the device again to download your panel."
        )

    # -- recovery slot

    def add_recovery_slot(self, dek: bytearray, public_key_pem: bytes) -> str:
        """Seal the DEK to an organisation X25519 public key; returns the key id (replaces a slot with that id)."""
        public = _load_public(public_key_pem)
        with vault_lock(self.path.parent):
            self._reload()
            self._require_dek(dek)
            slot = _recovery_slot(self._header, dek, public)
            others = [s for s in self._slots if s.params.get("key_id") != slot.params["key_id"]]
            if sum(s.type == SLOT_RECOVERY for s in others) >= MAX_RECOVERY_SLOTS:
                raise ValueError("too many recovery slots")
            self._slots = [*others, slot]
            self._write()
        return str(slot.params["key_id"])

    def unlock_with_recovery(self, private_key_pem: bytes, *, password: bytes | None = None) -> bytearray:
        """The DEK via the organisation's private key (IT only). RecoveryKeyRejected if no slot opens."""
        private = _load_private(private_key_pem, password)
        key_id = _key_id(private.public_key())
        self._reload()
        for slot in self._slots:
            if slot.type == SLOT_RECOVERY and slot.params["key_id"] == key_id:
                dek = _open_recovery_slot(self._header, slot, private)
                if dek is not None:
                    self._require_dek(dek, damaged=True)
                    return dek
        raise RecoveryKeyRejected()

    # -- OS keyring slot

    def enable_keyring_slot(self, dek: bytearray) -> bool:
        """Quick unlock: a random KEK_os in the OS keyring wraps the DEK. False if no allowlisted keyring."""
        backend = usable_keyring_backend()
        if backend is None:
            return False
        with vault_lock(self.path.parent):
            self._reload()
            self._require_dek(dek)
            username = keyring_username(self.user_id, self.device_id, self.key_epoch)
            kek = new_data_key()
            try:
                backend.set_password(KEYRING_SERVICE, username, b64(kek))
                slot = _keyring_slot(self._header, dek, kek, username)
            except Exception:
                return False  # a keyring that refuses is the same as no keyring: passphrase only
            finally:
                zeroize(kek)
            self._slots = [*(s for s in self._slots if s.type != SLOT_KEYRING), slot]
            self._write()
        return True

    def disable_keyring_slot(self) -> None:
        """Remove the quick-unlock slot and its keyring item (best effort for the item)."""
        with vault_lock(self.path.parent):
            self._reload()
            self._slots = [s for s in self._slots if s.type != SLOT_KEYRING]
            self._write()
        with contextlib.suppress(Exception):
            keyring.get_keyring().delete_password(
                KEYRING_SERVICE, keyring_username(self.user_id, self.device_id, self.key_epoch)
            )

    def unlock_with_keyring(self) -> bytearray | None:
        """The DEK via the OS keyring, or None (no slot, no item, other backend, anything odd). Never raises."""
        try:
            self._reload()
            slot = next((s for s in self._slots if s.type == SLOT_KEYRING), None)
            backend = usable_keyring_backend()
            if slot is None or backend is None:
                return None
            stored = backend.get_password(KEYRING_SERVICE, slot.params["username"])
            if not stored:
                return None
            kek = bytearray(base64.b64decode(stored, validate=True))
            try:
                dek = _open(kek, slot, self._header.aad(SLOT_KEYRING, slot.params)) if len(kek) == KEY_BYTES else None
            finally:
                zeroize(kek)
            if dek is not None and not hmac.compare_digest(_dek_check(dek), self._header.dek_check):
                zeroize(dek)
                return None
            return dek
        except Exception:
            return None

    # -- internals

    def _slot(self, slot_type: str) -> Slot:
        for slot in self._slots:
            if slot.type == slot_type:
                return slot
        raise damaged(f"no {slot_type} slot")

    def _require_dek(self, dek: bytearray, *, damaged: bool = False) -> None:
        if len(dek) == KEY_BYTES and hmac.compare_digest(_dek_check(dek), self._header.dek_check):
            return
        if damaged:  # a slot opened (valid tag) yet holds another key: the file was forged or mixed up
            zeroize(dek)
            raise damaged("slot key does not match the header")
        raise ValueError("that is not this vault's data key")

    def _now(self, now: datetime | None) -> datetime:
        now = now if now is not None else self._clock()
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return now

    def _reload(self) -> None:
        # Another process may have counted failures or changed slots since we loaded.
        self._header, self._slots, self._failures, self._last_failure = read_envelope(self.path)

    def _effective_counter(self) -> tuple[int, datetime | None]:
        mirrored, mirrored_at = _read_mirror(self.user_id, self.device_id)
        failures = min(max(self._failures, mirrored), backoff.MAX_FAILURES)
        times = [t for t in (self._last_failure, mirrored_at) if t is not None]
        return failures, max(times) if times else None

    def _set_counter(self, failures: int, last_failure: datetime | None) -> None:
        self._failures, self._last_failure = failures, last_failure
        self._write()
        _write_mirror(self.user_id, self.device_id, failures, last_failure)

    def _write(self, *, no_clobber: bool = False) -> None:
        """Atomic replace; callers hold vault_lock, so a wipe cannot start between this check and the write."""
        state = wipe_state(self.path.parent)
        if state == "pending":
            raise VaultWiped()  # never resurrect a key file while a wipe is under way
        if not no_clobber and not os.path.lexists(self.path):
            raise VaultWiped() if state == "done" else NoVault()  # it vanished mid-operation: do not recreate
        data = serialize_envelope(self._header, self._slots, self._failures, self._last_failure)
        try:
            atomic_write_private(self.path, data, no_clobber=no_clobber)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull() from None
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise VaultReadOnly() from None
            raise


# ---- counter mirror in the keyring ------------------------------------------------------------


def _read_mirror(user_id: str, device_id: str) -> tuple[int, datetime | None]:
    backend = usable_keyring_backend()
    if backend is None:
        return 0, None
    try:
        stored = backend.get_password(KEYRING_SERVICE, failures_username(user_id, device_id))
        data = json.loads(stored) if stored else {}
        count = data.get("count", 0)
        at = parse_time(data.get("last_failure_at"))
        return (count if isinstance(count, int) and count >= 0 else 0), at
    except Exception:
        return 0, None  # an unreadable mirror cannot lower the envelope's own count


def _write_mirror(user_id: str, device_id: str, failures: int, last: datetime | None) -> None:
    backend = usable_keyring_backend()
    if backend is None:
        return
    name = failures_username(user_id, device_id)
    with contextlib.suppress(Exception):  # the envelope already holds the count; the mirror is extra
        if failures == 0:
            backend.delete_password(KEYRING_SERVICE, name)
        else:
            value = {"count": failures, "last_failure_at": iso(last) if last else None}
            backend.set_password(KEYRING_SERVICE, name, json.dumps(value))
