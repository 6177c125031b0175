"""Typed vault errors, each with a fixed code and a message a nurse (or IT) can act on.

Messages never contain member data: they are shown on screen, printed by coachctl and logged.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base of every vault failure. ``code`` is stable (documented exit codes map to it)."""

    code = "E_VAULT"
    default_message = "The vault could not be used."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class NoVault(VaultError):
    code = "E_NO_VAULT"
    default_message = "No vault exists here yet. Create one first (coachctl init)."


class VaultExists(VaultError):
    code = "E_VAULT_EXISTS"
    default_message = "A vault already exists here; it was left untouched."


class WrongPassphrase(VaultError):
    code = "E_WRONG_PASSPHRASE"
    default_message = "That passphrase is not correct. Check Caps Lock and try again."

    def __init__(self, message: str | None = None, *, failures: int = 0, remaining_before_erase: int = 0) -> None:
        super().__init__(message)
        self.failures = failures
        self.remaining_before_erase = remaining_before_erase


class BackoffActive(VaultError):
    code = "E_BACKOFF"

    def __init__(self, wait_seconds: float, failures: int, *, needs_online_reauth: bool = False) -> None:
        minutes, seconds = divmod(int(wait_seconds + 0.999), 60)
        wait = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
        super().__init__(f"Too many wrong passphrases. Wait {wait} before the next try.")
        self.wait_seconds = wait_seconds
        self.failures = failures
        self.needs_online_reauth = needs_online_reauth


class WeakPassphrase(VaultError):
    code = "E_WEAK_PASSPHRASE"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("This passphrase is too easy to guess: " + " ".join(reasons))
        self.reasons = reasons


class KeyFileDamaged(VaultError):
    code = "E_KEY_CORRUPT"
    default_message = (
        "The vault's key file is damaged or does not belong to this vault. Nothing was changed. "
        "Ask IT to restore it, or re-enrol this device to download your panel again."
    )


class VaultCorrupt(VaultError):
    code = "E_DB_CORRUPT"
    default_message = (
        "The vault file is damaged. Nothing was overwritten; a copy was kept for IT. "
        "Re-enrol this device to download your panel again."
    )


class VaultBusy(VaultError):
    code = "E_DB_LOCKED"
    default_message = "The vault is in use by another Coach Desktop window or program. Close it and try again."


class DiskFull(VaultError):
    code = "E_DISK_FULL"
    default_message = "The disk is full. Free some space; your last saved work is safe."


class VaultReadOnly(VaultError):
    code = "E_DB_READONLY"
    default_message = "The vault cannot be written (read-only file or folder). Ask IT to check its permissions."


class Locked(VaultError):
    code = "E_LOCKED"
    default_message = "The vault is locked. Unlock it with your passphrase."


class VaultWiped(VaultError):
    code = "E_WIPED"
    default_message = "This vault was erased. Enrol the device again to download your panel."


class UnsupportedCipher(VaultError):
    code = "E_CIPHER"
    default_message = "This SQLCipher build is not supported (SQLCipher 4 with default settings is required)."


class RecordInvalid(VaultError):
    code = "E_INVALID"
    default_message = "The record is not valid."


class RecordNotFound(VaultError):
    code = "E_NOT_FOUND"
    default_message = "No such record."


class RecoveryKeyRejected(VaultError):
    code = "E_RECOVERY_KEY"
    default_message = (
        "This recovery key does not open this vault: the vault has no recovery slot for it, "
        "or the slot was altered."
    )
