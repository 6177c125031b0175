"""Crypto-erase of a vault directory (SECURITY R16), and the atomic private writes and lock the envelope shares."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import keyring

from coach_desktop.vault.errors import NoVault, VaultBusy

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: see vault_lock
    fcntl = None

ENVELOPE_NAME = "vault.key"
RECEIPT_NAME = "wipe-receipt.json"
PENDING_NAME = "wipe-pending.json"  # written first, removed last: its presence means "a wipe is under way"
KEYRING_SERVICE = "coach-desktop"
DB_NAME = "vault.db"
VAULT_PREFIX = "vault."  # every file the vault owns is named vault.*
DB_SIDE_FILES = ("vault.db-wal", "vault.db-shm", "vault.db-journal")
DATA_DIRS = ("attachments", "drafts", "quarantine")
CRASHPOINT_ENV = "COACH_CRASHPOINT"
LOCK_TIMEOUT_SECONDS = 10.0
WIPE_LOCK_WAIT_SECONDS = 3.0  # an unlock holds the lock for about one KDF (≤ 1.5 s)
KEYRING_TIMEOUT_SECONDS = 3.0  # a hung keyring daemon must not push the wipe past its 10 s budget
RECEIPT_FORMAT = "coach-desktop/wipe-receipt"

_NOT_LABEL_RE = re.compile(r"[^a-z0-9_]+")
_ID_RE = re.compile(r"[A-Za-z0-9._-]{0,128}")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def crashpoint(name: str) -> None:
    """Test/IT knob (T-CRASH-3): die like SIGKILL at a named step when COACH_CRASHPOINT names it."""
    if os.environ.get(CRASHPOINT_ENV) == name:
        os._exit(137)


def keyring_username(user_id: str, device_id: str, key_epoch: int) -> str:
    """Keyring item name of the quick-unlock KEK for one key epoch (SECURITY §4.4)."""
    return f"{user_id}:{device_id}:{key_epoch}"


def failures_username(user_id: str, device_id: str) -> str:
    """Keyring item name of the mirrored unlock-failure counter (SECURITY §4.5)."""
    return f"{user_id}:{device_id}:unlock-failures"


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the rename itself already happened
    finally:
        os.close(fd)


def atomic_write_private(path: Path, data: bytes, *, no_clobber: bool = False) -> None:
    """Write ``path`` (mode 0600) via ``<name>.tmp`` + fsync + rename + directory fsync.

    With ``no_clobber`` an existing ``path`` is never replaced (FileExistsError instead).
    """
    tmp = path.with_name(path.name + ".tmp")
    _unlink_quietly(tmp)  # a stale tmp from a crash; O_EXCL below then refuses anything planted meanwhile
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            _force_private(handle.fileno())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        crashpoint(f"before_replace:{path.name}")
        if no_clobber:
            _link_no_clobber(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        _unlink_quietly(tmp)
    fsync_dir(path.parent)


def read_regular_file(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file; OSError for symlinks, FIFOs, devices (which could hang a read)."""
    fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read(limit)


@contextlib.contextmanager
def vault_lock(directory: Path, *, timeout: float = LOCK_TIMEOUT_SECONDS, required: bool = True) -> Iterator[bool]:
    """Exclusive advisory lock on the vault directory; yields whether it is held.

    POSIX flock on the directory itself, so no lock file and nothing stale after a SIGKILL. Windows has no
    equivalent here (yields False); there the app's single-instance lock is the guard. On timeout: VaultBusy,
    or, with ``required=False``, carry on unlocked.
    """
    if fcntl is None:
        yield False
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except FileNotFoundError:
        raise NoVault() from None
    try:
        yield _acquire(fd, timeout, required)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, timeout: float, required: bool) -> bool:
    if fcntl is None:
        return False
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                if required:
                    raise VaultBusy() from None
                return False
            time.sleep(0.05)


def wipe_state(vault_dir: Path) -> str:
    """Wipe state: "pending" (started, must be resumed), "done" (receipt and no envelope) or "none"."""
    if (vault_dir / PENDING_NAME).exists():
        return "pending"
    if (vault_dir / RECEIPT_NAME).exists() and not (vault_dir / ENVELOPE_NAME).exists():
        return "done"
    return "none"


def crypto_erase(vault_dir: Path, *, reason: str, user_id: str = "", device_id: str = "") -> Path:
    """Destroy every key slot, then the data, then leave a PHI-free receipt. Safe to call again after a crash.

    ``reason`` should be a fixed code ("revoked", "lockout", "uninstall"...): it is reduced to a short
    label, and ids that are not opaque are dropped, because a wipe must never fail on its metadata.
    """
    vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Wait briefly for an unlock in flight (it could rewrite the envelope), but never let it block the wipe.
    with vault_lock(vault_dir, timeout=WIPE_LOCK_WAIT_SECONDS, required=False):
        return crypto_erase_locked(vault_dir, reason=reason, user_id=user_id, device_id=device_id)


def crypto_erase_locked(vault_dir: Path, *, reason: str, user_id: str = "", device_id: str = "") -> Path:
    """crypto_erase for a caller that already holds ``vault_lock(vault_dir)`` (the lockout path)."""
    reason = _label(reason)
    user_id = user_id if _ID_RE.fullmatch(user_id) else ""
    device_id = device_id if _ID_RE.fullmatch(device_id) else ""
    started = time.monotonic()
    receipt = vault_dir / RECEIPT_NAME
    present = _present_targets(vault_dir)
    pending = _read_json(vault_dir / PENDING_NAME)
    if not present and pending is None and receipt.exists():
        return receipt  # already complete: keep the original receipt
    plan = _plan(vault_dir, pending, reason, user_id, device_id, present)
    atomic_write_private(vault_dir / PENDING_NAME, _dump(plan))
    crashpoint("wipe_after_marker")
    _destroy_key_files(vault_dir)
    crashpoint("wipe_after_envelope_destroyed")
    keyring_deleted = _delete_keyring_items(plan["keyring_usernames"])
    crashpoint("wipe_after_keyring")
    leftovers = _delete_data(vault_dir)
    crashpoint("wipe_after_files_deleted")
    atomic_write_private(receipt, _dump(_receipt(plan, keyring_deleted, pending is not None, started, leftovers)))
    if not leftovers:
        _unlink_quietly(vault_dir / PENDING_NAME)  # otherwise stay "pending" so the next start retries
    fsync_dir(vault_dir)
    return receipt


def _plan(vault_dir: Path, pending: dict | None, reason: str, user_id: str, device_id: str, present: list[str]) -> dict:
    """What this wipe will do; on resume the first call's reason, ids and targets win."""
    ids = _envelope_ids(vault_dir / ENVELOPE_NAME)
    user = user_id or ids.get("user_id", "")
    device = device_id or ids.get("device_id", "")
    names = _keyring_names(user, device, ids.get("key_epoch", 1))
    plan = {
        "reason": reason,
        "user_id": user,
        "device_id": device,
        "started_at": _utc_iso(),
        "targets": present,
        "keyring_usernames": names,
    }
    if pending:
        plan.update({k: pending[k] for k in ("reason", "user_id", "device_id", "started_at") if k in pending})
        plan["targets"] = sorted(set(_str_list(pending.get("targets"))) | set(present))
        plan["keyring_usernames"] = sorted(set(_str_list(pending.get("keyring_usernames"))) | set(names))
    return plan


def _receipt(plan: dict, keyring_deleted: int, resumed: bool, started: float, leftovers: list[str]) -> dict:
    return {
        "format": RECEIPT_FORMAT,
        "version": 1,
        "wiped_at": _utc_iso(),
        "started_at": plan["started_at"],
        "reason": plan["reason"],
        "user_id": plan["user_id"],
        "device_id": plan["device_id"],
        "deleted": [name for name in plan["targets"] if name not in leftovers],
        "not_deleted": leftovers,
        "keyring_items_deleted": keyring_deleted,
        "resumed": resumed,
        "duration_ms": int((time.monotonic() - started) * 1000),
    }


def _present_targets(vault_dir: Path) -> list[str]:
    """Top-level names this wipe must remove (names only: contents of attachments/ are never listed)."""
    return sorted(name for name in _target_names(vault_dir) if os.path.lexists(vault_dir / name))


def _target_names(vault_dir: Path) -> Iterable[str]:
    yield from (ENVELOPE_NAME, ENVELOPE_NAME + ".tmp", DB_NAME, *DB_SIDE_FILES, *DATA_DIRS)
    with contextlib.suppress(OSError):
        for entry in os.scandir(vault_dir):
            # Every vault.* artefact goes: backups (vault.db.bak-*), staging and tmp files, session and lock files.
            if entry.name.startswith(VAULT_PREFIX):
                yield entry.name


def _key_files(vault_dir: Path) -> Iterator[Path]:
    yield vault_dir / ENVELOPE_NAME
    with contextlib.suppress(OSError):
        for entry in os.scandir(vault_dir):
            if entry.name.startswith(ENVELOPE_NAME + "."):
                yield Path(entry.path)


def _destroy_key_files(vault_dir: Path) -> None:
    for path in _key_files(vault_dir):
        _shred(path)
    fsync_dir(vault_dir)


def _shred(path: Path) -> None:
    """Overwrite with random bytes, fsync, unlink. SSDs and copy-on-write disks may keep old blocks (FDE, R19)."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_file():
        _remove(path)
        return
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # a read-only envelope must still be destroyed
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | _O_NOFOLLOW | _O_BINARY)
        try:
            size = os.fstat(fd).st_size
            os.write(fd, secrets.token_bytes(max(size, 1)))
            os.fsync(fd)
        finally:
            os.close(fd)
    _remove(path)


def _delete_data(vault_dir: Path) -> list[str]:
    """Remove the data; returns names that resisted (e.g. a file another program holds open on Windows)."""
    leftovers = []
    for name in sorted(set(_target_names(vault_dir))):
        try:
            _remove(vault_dir / name)
        except OSError:
            leftovers.append(name)  # ciphertext only: its key is already gone; retried on the next call
    fsync_dir(vault_dir)
    return leftovers


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=_force_remove)
        else:
            shutil.rmtree(path, onerror=_force_remove)
    else:
        _unlink_quietly(path)
        if os.path.lexists(path):
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # read-only files cannot be unlinked on Windows
            path.unlink()


def _force_remove(func: Callable[[str], object], path: str, _exc: object) -> None:
    # rmtree hit a read-only entry: make it writable and retry once.
    os.chmod(path, stat.S_IRWXU)
    func(path)


def _delete_keyring_items(usernames: list[str]) -> int:
    """Delete the keyring items, in a daemon thread so a hung backend cannot stall the wipe."""
    deleted: list[str] = []

    def work() -> None:
        try:
            backend = keyring.get_keyring()
        except Exception:
            return
        for name in usernames:
            with contextlib.suppress(Exception):  # missing item or no backend: nothing to delete
                backend.delete_password(KEYRING_SERVICE, name)
                deleted.append(name)

    worker = threading.Thread(target=work, name="wipe-keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_TIMEOUT_SECONDS)
    return len(deleted)


def _keyring_names(user_id: str, device_id: str, key_epoch: int) -> list[str]:
    if not (user_id and device_id):
        return []
    # Earlier epochs too, in case a rekey was interrupted before it removed the old item.
    epochs = range(1, max(1, min(key_epoch, 1000)) + 1)
    return [failures_username(user_id, device_id)] + [keyring_username(user_id, device_id, e) for e in epochs]


def _envelope_ids(path: Path) -> dict:
    """Ids from the envelope, read leniently: a damaged envelope must not stop the wipe."""
    data = _read_json(path) or {}
    ids: dict = {}
    for key in ("user_id", "device_id"):
        if isinstance(data.get(key), str) and _ID_RE.fullmatch(data[key]):
            ids[key] = data[key]
    epoch = data.get("key_epoch")
    if isinstance(epoch, int) and not isinstance(epoch, bool) and epoch >= 1:
        ids["key_epoch"] = epoch
    return ids


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(read_regular_file(path, 1 << 20))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _str_list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dump(data: dict) -> bytes:
    return json.dumps(data, indent=2, sort_keys=True).encode("utf-8")


def _utc_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _label(reason: str) -> str:
    # Receipts hold only short machine labels and opaque ids, never free text.
    return _NOT_LABEL_RE.sub("-", reason.lower()).strip("-")[:40].strip("-") or "unspecified"


def _force_private(fd: int) -> None:
    # The 0600 in os.open is masked by the umask; fchmod makes it exactly owner read/write.
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)


def _link_no_clobber(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)  # atomic and refuses to overwrite
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links: best effort check-then-rename.
        if os.path.lexists(path):
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        os.unlink(path)
