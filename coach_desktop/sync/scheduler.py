"""When to sync: one worker thread (the net lane) runs SyncEngine.sync_once on start, saves, a timer and reconnects.

Plain Python, no Qt. The UI calls ``request``/``notify_saved``/``cancel``/``stop`` from any thread and listens to
``subscribe`` (called on the worker thread: a UI adapter re-emits on its own thread) and to ``progress``.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from ..domain.base import utc_now
from ..vault.database import Database
from ..vault.errors import VaultError
from ..vault.vault import Vault
from .connectivity import ConnectivityProbe, RouteProbe
from .engine import VAULT_CLOSED, SyncEngine, client_for, sync_status
from .errors import SyncError, SyncErrorKind
from .progress import SyncProgress, SyncReport, SyncStatus
from .retry import MAX_DELAY_SECONDS, RetryPolicy

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(minutes=5)
DEFAULT_DEBOUNCE = timedelta(seconds=5)
DEFAULT_DEBOUNCE_MAX = timedelta(minutes=1)  # a steady stream of saves still syncs at least this often
DEFAULT_PROBE_INTERVAL = timedelta(seconds=15)
DEFAULT_BACKOFF = RetryPolicy(base=10.0, cap=MAX_DELAY_SECONDS)
# Only a person can fix these (sign in again, update the app, the device is erased): retrying would only nag.
NEEDS_USER = frozenset({SyncErrorKind.AUTH, SyncErrorKind.CLIENT_TOO_OLD, SyncErrorKind.DEVICE_REVOKED,
                        SyncErrorKind.LEASE_EXPIRED})  # fmt: skip
NOT_ENROLLED = "This computer is not enrolled with a Coach server yet, so there is nothing to sync."
UNEXPECTED = "Sync stopped because of an unexpected problem. Your changes are saved; Coach will try again."


class Trigger(StrEnum):
    START = "start"
    SAVED = "saved"
    TIMER = "timer"  # the interval, or a retry after a failure
    CONNECTIVITY = "connectivity"
    ON_DEMAND = "on_demand"


# When requests coalesce, the run is labelled with the strongest; ON_DEMAND also lifts a needs-user pause.
_RANK = {Trigger.TIMER: 0, Trigger.SAVED: 1, Trigger.CONNECTIVITY: 2, Trigger.START: 3, Trigger.ON_DEMAND: 4}


@dataclass(frozen=True)
class SchedulerState:
    """What the sync badge shows. Replaced, never mutated; compare by value."""

    running: bool = False
    trigger: Trigger | None = None  # of the run in progress, else of the last run
    last_report: SyncReport | None = None
    last_error: SyncError | None = None  # of the last run (or of setting up the engine); None after a success
    next_run_at: datetime | None = None  # the next automatic run (timer, retry, debounced save); None: none planned
    online: bool | None = None  # the connectivity probe's last answer; None before the first
    status: SyncStatus | None = None  # pending, conflicts, last sync…: read on the lane's connection after each run
    needs_user: bool = False  # automatic syncs are paused until an on-demand one
    failures: int = 0  # consecutive failed runs behind the current backoff
    runs: int = 0  # sync attempts made
    stopped: bool = False


StateListener = Callable[[SchedulerState], None]
EngineFactory = Callable[[], SyncEngine]


class NotEnrolled(SyncError):
    """Raised by an engine factory for a vault with no enrolment: the scheduler waits quietly, no attempt made."""

    def __init__(self, status: SyncStatus) -> None:
        super().__init__(SyncErrorKind.AUTH, NOT_ENROLLED)
        self.status = status


def engine_factory(vault: Vault, *, client_options: Mapping[str, Any] | None = None,
                   **engine_options: Any) -> EngineFactory:  # fmt: skip
    """The usual wiring, run on the worker thread: the lane's own connection (opened once), enrolment checked first."""
    opened: list[Database] = []

    def build() -> SyncEngine:
        if not opened:
            opened.append(vault.connect())
        db = opened[0]
        status = sync_status(db)
        if not status.enrolled:
            raise NotEnrolled(status)
        client = client_for(db, **(client_options or {}))
        return SyncEngine(db, client, actor=vault.actor, wipe=vault.wipe, **engine_options)

    return build


class SyncScheduler:
    """One net lane per unlocked vault. Requests arriving while a sync runs coalesce into one follow-up run."""

    def __init__(
        self, engine_factory: EngineFactory, *, interval: timedelta = DEFAULT_INTERVAL,
        debounce: timedelta = DEFAULT_DEBOUNCE, debounce_max: timedelta = DEFAULT_DEBOUNCE_MAX,
        connectivity: ConnectivityProbe | None = None, probe_interval: timedelta = DEFAULT_PROBE_INTERVAL,
        backoff: RetryPolicy = DEFAULT_BACKOFF, clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = utc_now, rng: Callable[[], float] = random.random,
    ) -> None:  # fmt: skip
        """``connectivity`` None: a RouteProbe toward the engine's server. ``clock`` is monotonic seconds."""
        self._factory = engine_factory
        self._interval = interval.total_seconds()
        self._debounce = debounce.total_seconds()
        self._debounce_max = debounce_max.total_seconds()
        self._probe_every = probe_interval.total_seconds()
        self._backoff = backoff
        self._clock, self._wall, self._rng = clock, wall_clock, rng
        self._progress = SyncProgress()
        self._cond = threading.Condition()
        # Guarded by _cond: what is due, and the worker's standing.
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._generation = 0  # bumped by every request, so the worker never sleeps through one
        self._requested: Trigger | None = None
        self._saved_first: float | None = None
        self._saved_due: float | None = None
        self._next_auto: float | None = None
        self._needs_user = False
        self._failures = 0
        self._cancel: threading.Event | None = None
        # Worker thread only.
        self._engine: SyncEngine | None = None
        self._probe = connectivity
        self._probe_due = 0.0
        self._planned: float | None = None
        # Guarded by _state_lock.
        self._state_lock = threading.Lock()
        self._state = SchedulerState()
        self._listeners: list[StateListener] = []

    @classmethod
    def for_vault(cls, vault: Vault, *, client_options: Mapping[str, Any] | None = None,
                  engine_options: Mapping[str, Any] | None = None, **options: Any) -> SyncScheduler:  # fmt: skip
        return cls(engine_factory(vault, client_options=client_options, **(engine_options or {})), **options)

    # ---- any thread ---------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker thread and queue a START sync. Ignored once started or stopped."""
        with self._cond:
            if self._thread is not None or self._stopping:
                return
            self._thread = threading.Thread(target=self._work, name="sync-net-lane", daemon=True)
            self._thread.start()
        self.request(Trigger.START)

    def request(self, trigger: Trigger = Trigger.ON_DEMAND) -> None:
        with self._cond:
            if self._stopping or (self._needs_user and trigger is not Trigger.ON_DEMAND):
                return
            if self._requested is None or _RANK[trigger] > _RANK[self._requested]:
                self._requested = trigger
            self._wake()

    def notify_saved(self) -> None:
        """A local save: sync once the saves have paused for ``debounce`` (at most ``debounce_max`` after the first)."""
        with self._cond:
            if self._stopping or self._needs_user:
                return
            now = self._clock()
            if self._saved_first is None:
                self._saved_first = now
            self._saved_due = min(now + self._debounce, self._saved_first + self._debounce_max)
            self._wake()

    def cancel(self) -> None:
        """Stop the running sync at its next step (between batches); what was committed stays committed."""
        with self._cond:
            if self._cancel is not None:
                self._cancel.set()

    def stop(self, timeout: float = 10) -> None:
        """Cancel and join. Idempotent; later requests are ignored. Call it before ``vault.lock()``.

        An HTTP call already under way is not interrupted (its own timeouts bound it); the cancel takes effect
        right after it, and ``vault.lock()`` closing the connection ends the run safely in any case.
        """
        with self._cond:
            self._stopping = True
            if self._cancel is not None:
                self._cancel.set()
            self._wake()
            thread = self._thread
        if thread is None:
            self._publish(stopped=True)  # never started: no worker to say so
        elif thread is not threading.current_thread():
            thread.join(timeout)

    def subscribe(self, listener: StateListener) -> Callable[[], None]:
        """Call ``listener`` (on the worker thread) with each new state; returns the function that removes it."""
        with self._state_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._state_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    @property
    def state(self) -> SchedulerState:
        with self._state_lock:
            return self._state

    @property
    def progress(self) -> SyncProgress:
        """The engine's live progress (phase, counts); the same object for the scheduler's whole life."""
        return self._progress

    @property
    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _wake(self) -> None:  # holding _cond
        self._generation += 1
        self._cond.notify_all()

    # ---- the worker thread --------------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            while True:
                self._poll_connectivity()
                trigger = self._wait_for_work()
                if trigger is None:
                    if self._is_stopping():
                        return
                    continue
                self._run(trigger)
        finally:
            if self._engine is not None:
                self._engine.client.close()  # the connection itself is the vault's: lock() closes it
            self._publish(running=False, next_run_at=None, stopped=True)

    def _is_stopping(self) -> bool:
        with self._cond:
            return self._stopping

    def _wait_for_work(self) -> Trigger | None:
        """The due trigger, or None after one timed wait (a request, the next deadline or the next probe)."""
        with self._cond:
            if self._stopping:
                return None
            now = self._clock()
            trigger = self._take_due(now)
            if trigger is not None:
                return trigger
            planned = self._next_planned()
            generation = self._generation
        if planned != self._planned:  # publish outside the lock: listeners may call back in
            self._planned = planned
            self._publish(next_run_at=self._at(planned, now))
        deadlines = [d for d in (planned, self._probe_due if self._probe is not None else None) if d is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        with self._cond:
            self._cond.wait_for(lambda: self._generation != generation or self._stopping, timeout)
        return None

    def _take_due(self, now: float) -> Trigger | None:  # holding _cond
        if self._requested is not None:
            trigger = self._requested
        elif self._saved_due is not None and self._failures == 0 and now >= self._saved_due:
            trigger = Trigger.SAVED
        elif self._next_auto is not None and now >= self._next_auto:
            trigger = Trigger.TIMER
        else:
            return None
        # Every run pushes everything saved before it starts: earlier saves and timers are answered by it.
        self._requested = self._saved_first = self._saved_due = self._next_auto = None
        if trigger is Trigger.ON_DEMAND:
            self._needs_user = False
        self._cancel = threading.Event()
        return trigger

    def _at(self, planned: float | None, now: float) -> datetime | None:
        return None if planned is None else self._wall() + timedelta(seconds=max(0.0, planned - now))

    def _next_planned(self) -> float | None:  # holding _cond
        if self._requested is not None:
            return self._clock()  # a request came in meanwhile: it runs at once
        # While backing off, a save waits for the retry instead of hammering a server that is away.
        saved = self._saved_due if self._failures == 0 else None
        due = [d for d in (saved, self._next_auto) if d is not None]
        return min(due) if due else None

    def _poll_connectivity(self) -> None:
        probe = self._probe
        if probe is None or self._clock() < self._probe_due:
            return
        try:
            online: bool | None = bool(probe.is_online())
        except Exception:  # a broken probe must never stop syncing: keep the last answer
            online = self.state.online
        self._probe_due = self._clock() + self._probe_every
        was = self.state.online
        if was is False and online:
            self.request(Trigger.CONNECTIVITY)
        self._publish(online=online)

    def _run(self, trigger: Trigger) -> None:
        try:
            engine = self._ensure_engine()
            if engine is None:
                return
            status = _read_status(engine)
            if status is not None and not status.enrolled:
                self._publish(status=status, last_error=None)  # nothing to sync with: wait quietly
                return
            self._attempt(engine, trigger)
        except Exception as exc:  # keep the lane alive; the type name only, never a message that could hold PHI
            log.error("sync scheduler: unexpected %s", type(exc).__name__)
            self._after(trigger, SyncError(SyncErrorKind.PROTOCOL, UNEXPECTED, detail=type(exc).__name__))
        finally:
            with self._cond:
                self._cancel = None

    def _attempt(self, engine: SyncEngine, trigger: Trigger) -> None:
        with self._cond:
            cancel = self._cancel or threading.Event()
        self._planned = None  # nothing else is planned while this run lasts
        self._publish(running=True, trigger=trigger, runs=self.state.runs + 1, next_run_at=None)
        report = engine.sync_once(cancel)
        status = None if report.wiped else _read_status(engine)
        self._after(trigger, report.error, report=report, status=status, wiped=report.wiped)

    def _ensure_engine(self) -> SyncEngine | None:
        if self._engine is not None:
            return self._engine
        try:
            engine = self._factory()
        except NotEnrolled as exc:
            self._publish(status=exc.status, last_error=None)
            return None
        except SyncError as exc:
            self._after(None, exc)
            return None
        except VaultError:
            self._after(None, SyncError(SyncErrorKind.CANCELLED, VAULT_CLOSED))
            return None
        engine.progress = self._progress  # the UI subscribed to ours before the engine existed
        self._engine = engine
        if self._probe is None:
            self._probe = RouteProbe.for_url(engine.client.base_url)
            self._probe_due = self._clock()
        return engine

    def _after(self, trigger: Trigger | None, error: SyncError | None, *, report: SyncReport | None = None,
               status: SyncStatus | None = None, wiped: bool = False) -> None:  # fmt: skip
        """Plan the next automatic run from how this one ended, then publish the outcome."""
        with self._cond:
            now = self._clock()
            if wiped or (error is not None and error.kind in NEEDS_USER):
                self._needs_user, self._failures = True, 0
                self._saved_first = self._saved_due = self._next_auto = None
                if self._requested is not Trigger.ON_DEMAND:
                    self._requested = None
            elif error is None or error.kind is SyncErrorKind.CANCELLED:
                self._failures = 0 if error is None else self._failures
                self._next_auto = now + self._interval
            else:
                self._next_auto = now + self._retry_delay(error)
                self._failures += 1
            needs_user, failures, planned = self._needs_user, self._failures, self._next_planned()
        self._planned = planned  # worker thread: the outcome and the next plan are published as one state
        changes: dict[str, Any] = {"running": False, "last_error": error, "needs_user": needs_user,
                                   "failures": failures, "next_run_at": self._at(planned, now)}  # fmt: skip
        if trigger is not None:
            changes["trigger"] = trigger
        if report is not None:
            changes["last_report"] = report
        if status is not None or wiped:
            changes["status"] = status
        self._publish(**changes)

    def _retry_delay(self, error: SyncError) -> float:  # holding _cond
        """Exponential backoff with jitter (retry.py), between ``base`` and the 5-minute cap; Retry-After counts."""
        delay = self._backoff.delay(self._failures, error.retry_after, self._rng)
        return min(self._backoff.cap, max(self._backoff.base, delay))

    def _publish(self, **changes: Any) -> None:
        with self._state_lock:
            state = replace(self._state, **changes)
            if state == self._state:
                return
            self._state = state
            listeners = list(self._listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a broken listener must never stop the lane
                listener(state)


def _read_status(engine: SyncEngine) -> SyncStatus | None:
    try:
        return sync_status(engine.store.db)
    except VaultError:
        return None  # locked meanwhile
