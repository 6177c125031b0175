"""Background lanes for the screens: a one-worker ``db`` lane and a ``net`` lane; results come back on the GUI thread.

STYLE §3: nothing blocks the UI thread. The ``db`` lane is the only thread that uses the vault's main
connection (one worker, so calls are serialised); ``net`` is for anything that waits on the network. A view
submits a plain callable (usually an app-service method) and gets ``on_done(result)`` or ``on_error(exc)``
called later on the GUI thread. ``invalidate()`` (on lock) drops every answer still in flight, so a result
read before the lock can never be painted after it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from ..sync.errors import SyncError
from ..vault.errors import VaultError

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
_log = logging.getLogger(__name__)


class Lane(StrEnum):
    DB = "db"
    NET = "net"


def user_message(exc: BaseException) -> str:
    """What a nurse may read about a failure: our own errors carry a PHI-free message; anything else is generic."""
    if isinstance(exc, (VaultError, SyncError)):
        return exc.message
    return "Something went wrong. Your saved work is safe; try again, and tell IT if it keeps happening."


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from a worker is queued to it and runs the callback there."""

    deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, callback: Callable[[], None]) -> None:
        callback()


class Lanes(QObject):
    """Submit work to a lane; callbacks run on the GUI thread unless the lanes were invalidated meanwhile."""

    task_failed = Signal(str)  # a PHI-free message, for failures nobody handled (the status bar shows it)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._pools = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"lane-{lane}") for lane in Lane}
        self._generation = 0
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, lane: Lane, fn: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Failed | None = None) -> Future[T]:  # fmt: skip
        generation = self._generation
        self._count(+1)
        # The callbacks usually hold a page. They travel in a box that the GUI thread empties before running them:
        # the worker drops its work item (and this future) after the answer is delivered at times, and a page's
        # last reference dropped there frees the widget on the wrong thread (a segfault at teardown, seen in tests).
        box: list[Callable[..., None] | None] = [on_done, on_error]
        future = self._pools[lane].submit(fn)
        future.add_done_callback(lambda f: self._relay.deliver.emit(lambda: self._finish_boxed(f, generation, box)))
        return future

    def run_db(self, fn: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Failed | None = None) -> Future[T]:  # fmt: skip
        return self.submit(Lane.DB, fn, on_done, on_error)

    def run_net(self, fn: Callable[[], T], on_done: Callable[[T], None] | None = None,
                on_error: Failed | None = None) -> Future[T]:  # fmt: skip
        return self.submit(Lane.NET, fn, on_done, on_error)

    def invalidate(self) -> None:
        """Forget every answer still in flight (called on lock, before the vault closes)."""
        self._generation += 1

    def drain(self, lane: Lane = Lane.DB, timeout: float = 30.0) -> None:
        """Wait until the work queued on ``lane`` so far has run (lock waits for the db lane before closing)."""
        self._pools[lane].submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        self.invalidate()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    @property
    def pending(self) -> int:
        return self._pending

    def _finish_boxed(self, future: Future[Any], generation: int, box: list[Callable[..., None] | None]) -> None:
        on_done, on_error = box
        box.clear()
        self._finish(future, generation, on_done, on_error)

    def _finish(self, future: Future[Any], generation: int, on_done: Done | None, on_error: Failed | None) -> None:
        self._count(-1)
        if generation != self._generation or future.cancelled():
            return
        exc = future.exception()
        if exc is None:
            if on_done is not None:
                on_done(future.result())
            return
        if on_error is not None:
            on_error(exc)
            return
        _log.error("background task failed: %s", type(exc).__name__)  # the type only: messages may hold PHI
        self.task_failed.emit(user_message(exc))

    def _count(self, step: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += step
            after = self._pending
        if (before == 0) != (after == 0):
            self.busy_changed.emit(after > 0)


class InlineLanes(Lanes):
    """Runs each task at once on the calling thread: for model and widget unit tests (STYLE §9)."""

    def submit(self, lane: Lane, fn: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Failed | None = None) -> Future[T]:  # fmt: skip
        future: Future[T] = Future()
        try:
            future.set_result(fn())
        except Exception as exc:  # handed to on_error exactly as the threaded lanes do
            future.set_exception(exc)
        self._count(+1)
        self._finish(future, self._generation, on_done, on_error)
        return future

    def drain(self, lane: Lane = Lane.DB, timeout: float = 30.0) -> None:
        return None
