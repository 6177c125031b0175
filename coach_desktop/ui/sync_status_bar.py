"""The sync corner of the main window's status bar: connectivity, last sync, pending, conflicts, a progress bar.

Each fact is text with an icon, never colour alone. Clicking the conflicts count asks the shell for the Sync page.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..app.sync_service import SyncService
from ..sync.progress import Phase, ProgressSnapshot, SyncStatus
from ..sync.scheduler import SchedulerState
from . import sync_text
from .background import Lanes
from .style import icon
from .sync_bridge import SyncBridge, while_alive
from .sync_text import REFRESH_MS, Connectivity, connectivity, connectivity_text

ICON = QSize(16, 16)


class SyncStatusBar(QWidget):
    conflicts_clicked = Signal()  # the shell shows the Sync page

    def __init__(self, service: SyncService, parent: QWidget | None = None, lanes: Lanes | None = None) -> None:
        """``lanes``: optional; with them ``refresh()`` reads the status itself, without them it shows what the
        scheduler and the Sync page publish."""
        super().__init__(parent)
        self._service = service
        self._lanes = lanes
        self._state: SchedulerState | None = service.state()
        self._status: SyncStatus | None = service.last_status or (self._state.status if self._state else None)
        self._progress: ProgressSnapshot | None = service.progress()
        self.bridge = SyncBridge(service, self)
        self._build()
        self.bridge.state_changed.connect(self._on_state)
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.progress_changed.connect(self._on_progress)
        self._ticker = QTimer(self, interval=REFRESH_MS, timeout=self._render)
        self._ticker.start()
        self.retranslate()
        self.refresh()

    def _build(self) -> None:
        self.connection_icon, self.connection = QLabel(), QLabel()
        self.last_sync = QLabel()
        self.pending = QLabel()
        self.conflicts = QPushButton()
        self.conflicts.setFlat(True)
        self.conflicts.setIcon(icon("warning"))
        self.conflicts.setIconSize(ICON)
        self.conflicts.clicked.connect(self.conflicts_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addStretch(1)  # packed to the right, as status bars read; the left stays free for messages
        self.sync_separator = _separator()  # goes with the last-sync text
        for widget in (self.progress_bar, self.conflicts, self.pending, _separator(), self.last_sync,
                       self.sync_separator, self.connection_icon, self.connection):  # fmt: skip
            layout.addWidget(widget)

    def retranslate(self) -> None:
        self.conflicts.setAccessibleName(self.tr("Open conflicts: show the Sync page"))
        self.conflicts.setToolTip(self.tr("Show the conflicts inbox"))
        self.progress_bar.setAccessibleName(self.tr("Sync progress"))
        self._render()

    def refresh(self) -> None:
        """Read the status again (needs the lanes given at construction)."""
        if self._lanes is not None:
            self._lanes.run_db(self._service.status, while_alive(self, self._on_status), lambda _exc: None)

    # ---- news -------------------------------------------------------------------------------------------

    def _on_state(self, state: SchedulerState) -> None:
        self._state = state
        if state.status is not None:
            self._status = state.status
        self._render()

    def _on_status(self, status: SyncStatus) -> None:
        self._status = status
        self._render()

    def _on_progress(self, snapshot: ProgressSnapshot) -> None:
        self._progress = snapshot
        self._render_progress()

    # ---- rendering --------------------------------------------------------------------------------------

    def _render(self) -> None:
        enrolled = self._service.enrolled and (self._status is None or self._status.enrolled)
        link = connectivity(self._state)
        online = connectivity_text(link) if enrolled else self.tr("Not enrolled: working on this computer")
        offline = not enrolled or link is not Connectivity.ONLINE
        self.connection_icon.setPixmap(icon("warning" if offline else "sync").pixmap(ICON))
        self.connection.setText(online)
        self.connection.setAccessibleName(self.tr("Connection: %1").replace("%1", online))
        status = self._status
        self.last_sync.setVisible(enrolled)
        self.sync_separator.setVisible(enrolled)
        if status is not None:
            ago = sync_text.relative_time(status.last_sync_at, self._service.now())
            self.last_sync.setText(self.tr("Synced %1").replace("%1", ago) if status.last_sync_at
                                   else self.tr("Not synced yet"))  # fmt: skip
            self.last_sync.setToolTip(sync_text.absolute_time(status.last_sync_at))
            # Counts after a colon read the same for 1 and 2, in both languages.
            self.pending.setText(self.tr("To send: %1").replace("%1", str(status.pending)) if status.pending
                                 else self.tr("Nothing to send"))  # fmt: skip
            self.conflicts.setText(self.tr("Conflicts: %1").replace("%1", str(status.open_conflicts)))
        self.pending.setAccessibleName(self.pending.text())
        self.pending.setVisible(status is not None)
        self.conflicts.setVisible(status is not None and status.open_conflicts > 0)
        self._render_progress()

    def _render_progress(self) -> None:
        running = bool(self._state and self._state.running)
        self.progress_bar.setVisible(running)
        snapshot = self._progress
        if running and snapshot is not None and snapshot.phase is Phase.PUSHING and snapshot.pending:
            self.progress_bar.setRange(0, snapshot.pushed + snapshot.pending)
            self.progress_bar.setValue(snapshot.pushed)
        else:
            self.progress_bar.setRange(0, 0)
        self.progress_bar.setToolTip(sync_text.phase_text(snapshot.phase) if snapshot else "")


def _separator() -> QLabel:
    label = QLabel("·")
    label.setAccessibleName("")
    return label
