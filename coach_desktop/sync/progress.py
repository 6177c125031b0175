"""What the UI sees of sync: live progress (thread-safe, poll or subscribe), one run's report, the standing status."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from .errors import SyncError


class Phase(StrEnum):
    IDLE = "idle"
    HELLO = "hello"
    PUSHING = "pushing"
    PULLING = "pulling"
    SNAPSHOT = "snapshot"
    RECOVERING = "recovering"
    WIPING = "wiping"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ProgressSnapshot:
    phase: Phase = Phase.IDLE
    pushed: int = 0
    pulled: int = 0
    pending: int = 0
    conflicts: int = 0
    last_error: str | None = None  # a message for people
    last_error_kind: str | None = None


Listener = Callable[[ProgressSnapshot], None]


class SyncProgress:
    """Updated by the sync thread; read from any thread with ``snapshot()`` or pushed to plain callbacks.

    Callbacks run on the sync thread, outside the lock: a UI adapter re-emits them on its own thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = ProgressSnapshot()
        self._listeners: list[Listener] = []

    def snapshot(self) -> ProgressSnapshot:
        with self._lock:
            return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Register a callback; returns the function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: object) -> None:
        self._change(lambda state: replace(state, **changes))  # type: ignore[arg-type]

    def add(self, *, pushed: int = 0, pulled: int = 0) -> None:
        self._change(lambda state: replace(state, pushed=state.pushed + pushed, pulled=state.pulled + pulled))

    def _change(self, change: Callable[[ProgressSnapshot], ProgressSnapshot]) -> None:
        with self._lock:
            self._state = change(self._state)
            state, listeners = self._state, list(self._listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a broken listener must never break the sync
                listener(state)

    def reset(self) -> None:
        self.update(phase=Phase.IDLE, pushed=0, pulled=0, last_error=None, last_error_kind=None)


@dataclass
class SyncReport:
    """One ``sync_once``: counts and the error that ended it, if any."""

    pushed: int = 0  # mutations answered by the server
    pulled: int = 0  # pull changes and snapshot records applied
    conflicts: int = 0  # this device's mutations that ended in a conflict
    rejected: int = 0
    quarantined: int = 0
    pending: int = 0  # still unsent at the end
    open_conflicts: int = 0
    snapshot: bool = False
    epoch_recovered: bool = False
    wiped: bool = False
    error: SyncError | None = None
    notes: list[str] = field(default_factory=list)  # PHI-free remarks ("kept 1 revoked member until sent")

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok, "pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts,
            "rejected": self.rejected, "quarantined": self.quarantined, "pending": self.pending,
            "open_conflicts": self.open_conflicts, "snapshot": self.snapshot, "epoch_recovered": self.epoch_recovered,
            "wiped": self.wiped, "notes": list(self.notes),
            "error": None if self.error is None else {"kind": self.error.kind.value, "code": self.error.error_code,
                                                      "message": self.error.message},
        }  # fmt: skip


@dataclass(frozen=True)
class SyncStatus:
    """The standing picture for the sync badge and ``coachctl status`` (read from the vault, no network)."""

    enrolled: bool
    server_url: str | None
    device_id: str | None
    pending: int
    rejected: int
    open_conflicts: int
    last_sync_at: datetime | None
    cursor_seq: int | None
    last_error_kind: str | None
    last_error_message: str | None
    lease_expires_at: datetime | None
    lease_ok: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "enrolled": self.enrolled, "server_url": self.server_url, "device_id": self.device_id,
            "pending": self.pending, "rejected": self.rejected, "open_conflicts": self.open_conflicts,
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
            "cursor_seq": self.cursor_seq, "last_error_kind": self.last_error_kind,
            "last_error_message": self.last_error_message,
            "lease_expires_at": self.lease_expires_at.isoformat() if self.lease_expires_at else None,
            "lease_ok": self.lease_ok,
        }  # fmt: skip
