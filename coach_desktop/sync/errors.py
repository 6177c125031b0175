"""Typed sync failures: one kind per way a sync can end badly, each with a message a nurse can act on."""

from __future__ import annotations

from enum import StrEnum


class SyncErrorKind(StrEnum):
    NETWORK = "network"  # no route, timeout, TLS failure, captive portal: try again later
    AUTH = "auth"  # the device's sign-in expired or was refused: enrol again
    DEVICE_REVOKED = "device_revoked"  # the organisation removed this device: crypto-erase
    CLIENT_TOO_OLD = "client_too_old"  # 426: keep the outbox, stop pushing until the app is updated
    RESYNC = "resync"  # 410 resync_required: re-download the panel, the outbox is kept
    EPOCH_CHANGED = "epoch_changed"  # the server was restored: re-push retained intents, then re-download
    SERVER = "server"  # the server failed (5xx that is not transient)
    PROTOCOL = "protocol"  # an answer this client cannot use (malformed, too large, wrong type, refused request)
    CANCELLED = "cancelled"  # the caller stopped the sync between steps
    LEASE_EXPIRED = "lease_expired"  # too long without a check-in: patient data stays locked until one succeeds


# Shown on screen and printed by coachctl: no member data, no URLs, no tokens, no server internals.
MESSAGES: dict[SyncErrorKind, str] = {
    SyncErrorKind.NETWORK: "Can't reach the Coach server. Your changes are saved on this computer and will be sent "
    "when the connection is back.",
    SyncErrorKind.AUTH: "This computer's sign-in to the Coach server has expired or was refused. Enrol it again "
    "(coachctl enroll) to resume syncing; your unsynced changes are kept.",
    SyncErrorKind.DEVICE_REVOKED: "Your organisation removed this computer from Coach. The data on it has been "
    "erased. Ask IT to enrol it again if you still need it.",
    SyncErrorKind.CLIENT_TOO_OLD: "This version of Coach Desktop is too old for the server. Update the app; your "
    "unsynced changes are kept and will be sent after the update.",
    SyncErrorKind.RESYNC: "Coach needs to download your panel again. Your unsynced changes are kept.",
    SyncErrorKind.EPOCH_CHANGED: "The Coach server was restored from a backup. Coach is sending your recent "
    "changes again and re-downloading your panel.",
    SyncErrorKind.SERVER: "The Coach server had a problem. Your changes are saved; Coach will try again.",
    SyncErrorKind.PROTOCOL: "The Coach server sent an answer this app could not use. Your changes are saved; "
    "please tell IT if this keeps happening.",
    SyncErrorKind.CANCELLED: "Sync was stopped. Your changes are saved and will be sent next time.",
    SyncErrorKind.LEASE_EXPIRED: "Coach has not checked in with the server for too long. Connect to the network "
    "and sync to open your patient data again.",
}


class SyncError(Exception):
    """A failed sync step. ``message`` is for people; ``code``/``status``/``detail`` are for the engine and logs.

    ``detail`` is the server's short reason (PHI-free by the server's contract) and never holds a URL or token.
    """

    def __init__(
        self, kind: SyncErrorKind, message: str | None = None, *, status: int | None = None,
        code: str | None = None, detail: str = "", retry_after: float | None = None, wipe: bool | None = None,
        expected_client_seq: int | None = None, min_schema: int | None = None,
    ) -> None:  # fmt: skip
        self.kind = kind
        self.message = message or MESSAGES[kind]
        self.status = status
        self.code = code
        self.detail = detail
        self.retry_after = retry_after
        self.wipe = wipe
        self.expected_client_seq = expected_client_seq
        self.min_schema = min_schema
        super().__init__(self.message)

    @property
    def error_code(self) -> str:
        """Stable code for coachctl and logs, e.g. ``E_SYNC_NETWORK``."""
        return "E_SYNC_" + self.kind.value.upper()

    def __repr__(self) -> str:
        return f"SyncError(kind={self.kind.value!r}, status={self.status!r}, code={self.code!r})"


class LeaseExpired(SyncError):
    """Raised after unlock when the offline lease has run out (SECURITY R17, SYNC_PROTOCOL §6.9)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(SyncErrorKind.LEASE_EXPIRED, message)

    @property
    def error_code(self) -> str:
        return "E_LEASE_EXPIRED"
