"""Re-emits the sync service's news (scheduler state, live progress, status reads) as Qt signals on the GUI thread.

The service calls listeners on the scheduler's worker thread or the db lane; emitting a signal of this GUI-thread
object from there queues the delivery, so connected slots always run on the GUI thread (STYLE §3, Electrum's way).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from ..app.sync_service import SyncService


class SyncBridge(QObject):
    state_changed = Signal(object)  # SchedulerState
    progress_changed = Signal(object)  # ProgressSnapshot
    status_changed = Signal(object)  # SyncStatus

    def __init__(self, service: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open = threading.Event()
        self._open.set()
        opened = self._open  # the closures below must not keep the (possibly deleted) C++ object alive

        def relay(signal_name: str) -> object:
            def listener(value: object) -> None:
                if opened.is_set():
                    getattr(self, signal_name).emit(value)

            return listener

        self._unsubscribe = service.subscribe(
            state=relay("state_changed"), progress=relay("progress_changed"), status=relay("status_changed"),
        )  # type: ignore[arg-type]  # fmt: skip
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_: (opened.clear(), unsubscribe()))

    def close(self) -> None:
        """Stop relaying (the owner is going away)."""
        self._open.clear()
        self._unsubscribe()


def while_alive(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """A lane answer for ``owner``: dropped if the widget was deleted while the work ran (window closing)."""

    def deliver(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return deliver
