"""Auto-lock (SECURITY R2): after the idle minutes with no keyboard, mouse or touch input, and when the OS suspends us.

What each OS lets Qt see:
- Idle: every platform. An application-wide event filter notes the time of each input event; a coarse timer
  compares it with the limit. Input to other applications does not count: using another program is being away.
- Sleep/suspend: Python's monotonic clock stops while Linux and macOS sleep, so the idle clock also advances
  by any forward jump of the wall clock (``AwakeClock``): the first timer tick after waking locks at once if
  the limit passed while asleep. A wall clock set forward by hand can only lock early, never late.
- ``QGuiApplication.applicationStateChanged`` → ``ApplicationSuspended``: delivered by Qt on Android and iOS
  only; on Windows, macOS and Linux Qt reports Active/Inactive (switching windows), which must not lock.
- OS screen lock: Qt has no portable signal. A locked screen means no input reaches us, so the idle limit
  locks the vault within the configured minutes at most.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})  # fmt: skip
MAX_TICK_MS = 5_000


class AwakeClock:
    """Seconds that never go back and keep counting across a sleep: monotonic steps, or wall-clock steps if larger."""

    def __init__(self) -> None:
        self._mono, self._wall, self._value = time.monotonic(), time.time(), 0.0

    def __call__(self) -> float:
        mono, wall = time.monotonic(), time.time()
        self._value += max(0.0, mono - self._mono, wall - self._wall)
        self._mono, self._wall = mono, wall
        return self._value


class IdleWatcher(QObject):
    """Emits ``idle_timeout`` once the user has been away ``idle_seconds``; ``suspended`` when the OS suspends us."""

    idle_timeout = Signal()
    suspended = Signal()

    def __init__(self, app: QGuiApplication, idle_seconds: float, *, clock: Callable[[], float] | None = None,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._app = app
        self._clock = clock or AwakeClock()
        self._idle_seconds = idle_seconds
        self._last_input = self._clock()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._set_tick()
        app.applicationStateChanged.connect(self._on_state)

    @property
    def idle_seconds(self) -> float:
        return self._idle_seconds

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def set_idle_seconds(self, seconds: float) -> None:
        self._idle_seconds = seconds
        self._set_tick()

    def start(self) -> None:
        """Watch from now (after unlock)."""
        self._last_input = self._clock()
        self._app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)

    def idle_for(self) -> float:
        return self._clock() - self._last_input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = self._clock()
        return False  # only watching: every event goes on to its widget

    def _set_tick(self) -> None:
        # Coarse on purpose: a few checks per limit, at most every 5 s, so a lock is late by a few seconds at most.
        self._timer.setInterval(max(50, min(MAX_TICK_MS, int(self._idle_seconds * 1000 / 4))))

    def _check(self) -> None:
        if self.idle_for() >= self._idle_seconds:
            self.stop()
            self.idle_timeout.emit()

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self.active:
            self.stop()
            self.suspended.emit()
