"""The Sync screen: last sync, what waits to be sent, errors in plain words, Sync now / Cancel, the conflicts inbox."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..app.sync_service import SyncService
from ..sync.errors import SyncErrorKind
from ..sync.progress import Phase, ProgressSnapshot, SyncStatus
from ..sync.scheduler import SchedulerState
from ..vault.repository import CONFLICT_KIND, ChangeSet
from . import sync_text
from .background import Lanes, user_message
from .conflicts_inbox import ConflictsInbox
from .page import Page
from .style import icon
from .sync_bridge import SyncBridge, while_alive
from .sync_text import REFRESH_MS, connectivity, connectivity_text


class SyncPage(Page):
    conflicts_changed = Signal(int)
    enrol_requested = Signal()  # the shell runs the enrolment form (File ▸ Enrol this computer)

    def __init__(self, service: SyncService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lanes = lanes
        self._status: SyncStatus | None = service.last_status
        self._state: SchedulerState | None = service.state()
        self._progress: ProgressSnapshot | None = service.progress()
        self._problem: str | None = None  # a failure of this page's own actions
        self.bridge = SyncBridge(service, self)
        self.inbox = ConflictsInbox(service, lanes, self)
        self._build()
        self.bridge.state_changed.connect(self._on_state)
        self.bridge.progress_changed.connect(self._on_progress)
        self.bridge.status_changed.connect(self._on_status)
        self.inbox.resolved.connect(self._on_resolved)
        self.inbox.failed.connect(self._on_failure)
        self.inbox.count_changed.connect(self.conflicts_changed)
        self._ticker = QTimer(self, interval=REFRESH_MS, timeout=self._render)
        self._ticker.start()
        self.retranslate()

    def title(self) -> str:
        return self.tr("Sync")

    # ---- layout -----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.message_icon = QLabel()
        self.message = QLabel(wordWrap=True)
        self.message.setObjectName("syncMessage")
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_icon)
        message_row.addWidget(self.message, 1)
        self.last_sync, self.pending, self.conflicts, self.connection = QLabel(), QLabel(), QLabel(), QLabel()
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(4)]
        for label, value in zip(self.form_labels, (self.last_sync, self.pending, self.conflicts, self.connection),
                                strict=True):  # fmt: skip
            label.setBuddy(value)
            self.form.addRow(label, value)
        self.sync_now = QPushButton()
        self.sync_now.setObjectName("primary")  # the page's main action (no icon: it would not show on the accent)
        self.cancel = QPushButton()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.phase = QLabel()
        actions = QHBoxLayout()
        for widget in (self.sync_now, self.cancel):
            actions.addWidget(widget)
        actions.addWidget(self.progress_bar, 1)
        actions.addWidget(self.phase)
        actions.addStretch(0)  # keeps the buttons their own size while no progress bar takes the room
        self.not_enrolled = QLabel(wordWrap=True)
        self.enrol = QPushButton()
        self.enrol.clicked.connect(self.enrol_requested)
        self.enrol_panel = QFrame()
        self.enrol_panel.setObjectName("notice")
        panel = QVBoxLayout(self.enrol_panel)
        panel.addWidget(self.not_enrolled)
        panel.addWidget(self.enrol, 0, Qt.AlignmentFlag.AlignLeft)
        self.reenrol = QPushButton()  # shown when the server refused this computer's sign-in
        self.reenrol.clicked.connect(self.enrol_requested)
        message_row.addWidget(self.reenrol)
        self.status_box = QGroupBox()
        box = QVBoxLayout(self.status_box)
        box.addLayout(message_row)
        box.addLayout(self.form)
        box.addLayout(actions)
        self.inbox_box = QGroupBox()
        QVBoxLayout(self.inbox_box).addWidget(self.inbox)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.enrol_panel)
        layout.addWidget(self.status_box)
        layout.addWidget(self.inbox_box)
        layout.addStretch(1)  # an empty inbox stays small; with conflicts the inbox takes the room (_fit_inbox)
        self.inbox.count_changed.connect(self._fit_inbox)
        self.sync_now.clicked.connect(self._sync_now)
        self.cancel.clicked.connect(self._service.cancel)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Sync"))
        self.status_box.setTitle(self.tr("Status"))
        self.inbox_box.setTitle(self.tr("Conflicts inbox"))
        texts = (
            self.tr("Last sync:"),
            self.tr("Waiting to send:"),
            self.tr("Open conflicts:"),
            self.tr("Connection:"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.sync_now.setText(self.tr("&Sync now"))
        self.sync_now.setAccessibleName(self.tr("Sync now"))
        self.cancel.setText(self.tr("&Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel the sync"))
        self.progress_bar.setAccessibleName(self.tr("Sync progress"))
        self.not_enrolled.setText(self.tr(
            "<b>This computer is not enrolled with a Coach server yet.</b><br>Everything you record is saved on "
            "this computer. To share it with your team, ask IT for the server address and an enrolment code, then "
            "enrol this computer (here, or File ▸ Enrol this computer; IT can also use <code>coachctl enroll</code>)."
            " Sync starts by itself once it is enrolled."))  # fmt: skip
        self.enrol.setText(self.tr("&Enrol this computer…"))
        self.enrol.setAccessibleName(self.tr("Enrol this computer with a Coach server"))
        self.reenrol.setText(self.tr("&Enrol again…"))
        self.reenrol.setAccessibleName(self.tr("Enrol this computer again"))
        self.inbox.retranslate()
        self._render()

    # ---- Page -------------------------------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()
        self.inbox.load()

    def refresh(self) -> None:
        """Read the standing status (db lane); the bridge hands it to the status bar as well."""
        self._lanes.run_db(
            self._service.status, while_alive(self, self._on_status), while_alive(self, self._on_failure)
        )

    def apply_changes(self, changes: ChangeSet) -> None:
        self.refresh()  # any write changes what is waiting to be sent
        if changes.kind == CONFLICT_KIND or self._touches_conflict(changes):
            self.inbox.load()

    def clear(self) -> None:
        self.inbox.clear()
        self._problem = None

    # ---- news -------------------------------------------------------------------------------------------

    def _on_state(self, state: SchedulerState) -> None:
        finished = self._state is not None and self._state.running and not state.running
        self._state = state
        if state.status is not None:
            self._status = state.status
        if finished:
            self._problem = None
            self.refresh()  # queued behind any older read on the db lane, so the counts end up current
            self.inbox.load()  # a sync may bring new conflicts or close resolved ones
        self._render()

    def _on_progress(self, snapshot: ProgressSnapshot) -> None:
        self._progress = snapshot
        self._render_progress()

    def _on_status(self, status: SyncStatus) -> None:
        self._status = status
        self._render()

    def _on_resolved(self, changes: list[ChangeSet]) -> None:
        self.status_message.emit(self.tr("Conflict resolved. Your choice is sent at the next sync."))
        self.refresh()

    def _on_failure(self, exc: BaseException | str) -> None:
        self._problem = exc if isinstance(exc, str) else user_message(exc)
        self._render()

    def _sync_now(self) -> None:
        try:
            self._service.sync_now()
        except Exception as exc:  # not enrolled: said in words, nothing else to do
            self._on_failure(exc)
            return
        self._problem = None
        self.sync_now.setEnabled(False)  # until the scheduler says the run is over

    def _fit_inbox(self, count: int) -> None:
        self._layout.setStretchFactor(self.inbox_box, 1 if count else 0)
        self._layout.setStretch(self._layout.count() - 1, 0 if count else 1)

    def _touches_conflict(self, changes: ChangeSet) -> bool:
        return any(g.record_id == changes.record_id for g in self.inbox.list_model.groups())

    # ---- rendering --------------------------------------------------------------------------------------

    def _render(self) -> None:
        enrolled = self._service.enrolled and (self._status is None or self._status.enrolled)
        self.enrol_panel.setVisible(not enrolled)
        self.status_box.setVisible(enrolled)
        self._render_counts(self._status, self._service.now())
        self.connection.setText(connectivity_text(connectivity(self._state)))
        self._render_message()
        self._render_progress()

    def _render_counts(self, status: SyncStatus | None, now: datetime) -> None:
        if status is None:
            for label in (self.last_sync, self.pending, self.conflicts):
                label.setText("…")
            return
        when = sync_text.relative_time(status.last_sync_at, now)
        if status.last_sync_at is not None:
            when = f"{when} ({sync_text.absolute_time(status.last_sync_at)})"
        self.last_sync.setText(when)
        # Plain counts beside their labels: they read the same for 1 and for 2 in both languages.
        self.pending.setText(str(status.pending) if status.pending else self.tr("Nothing"))
        self.conflicts.setText(self.tr("%1 — choose what to keep below").replace("%1", str(status.open_conflicts))
                               if status.open_conflicts else self.tr("None"))  # fmt: skip

    def _render_message(self) -> None:
        text, problem = message_text(self._state, self._status)
        if self._problem:
            text, problem = self._problem, True
        glyph = icon("warning") if problem else self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self.message_icon.setPixmap(glyph.pixmap(24, 24))
        self.message_icon.setAccessibleName(self.tr("Needs your attention") if problem else self.tr("All good"))
        self.message.setText(text)
        self.reenrol.setVisible(needs_enrolment(self._state, self._status))

    def _render_progress(self) -> None:
        running = bool(self._state and self._state.running)
        self.sync_now.setEnabled(self._service.enrolled and not running)
        self.cancel.setVisible(running)
        self.progress_bar.setVisible(running)
        self.phase.setVisible(running)
        snapshot = self._progress
        if not running or snapshot is None:
            return
        if snapshot.phase is Phase.PUSHING and snapshot.pending:
            self.progress_bar.setRange(0, snapshot.pushed + snapshot.pending)
            self.progress_bar.setValue(snapshot.pushed)
        else:
            self.progress_bar.setRange(0, 0)  # how much is left to receive is unknown: a busy bar
        detail = sync_text.phase_text(snapshot.phase)
        if snapshot.pushed or snapshot.pulled:
            detail += " " + self.tr("(%1 sent, %2 received)").replace("%1", str(snapshot.pushed)).replace(
                "%2", str(snapshot.pulled))  # fmt: skip
        self.phase.setText(detail)


def needs_enrolment(state: SchedulerState | None, status: SyncStatus | None) -> bool:
    """The server refused this computer's sign-in: only enrolling again lets sync resume."""
    error = state.last_error if state is not None else None
    kind = error.kind.value if error is not None else (status.last_error_kind if status is not None else None)
    return kind == SyncErrorKind.AUTH.value


def message_text(state: SchedulerState | None, status: SyncStatus | None) -> tuple[str, bool]:
    """The one line that says how sync stands, and whether it is a problem the nurse should read."""
    translate = sync_text.translate
    if state is not None and state.running:
        return translate("SyncText", "Syncing…"), False
    error = state.last_error if state is not None else None
    if error is not None:
        return sync_text.error_text(error.kind.value, error.message), True
    if state is not None and state.online is False:
        return sync_text.error_text(SyncErrorKind.NETWORK.value), True
    if status is not None and status.last_error_kind:
        return sync_text.error_text(status.last_error_kind, status.last_error_message), True
    if status is not None and not status.lease_ok:
        return sync_text.error_text(SyncErrorKind.LEASE_EXPIRED.value), True
    if status is not None and status.open_conflicts:
        return translate(
            "SyncText", "Synced, but some changes clashed. Choose what to keep in the conflicts inbox below."
        ), True
    if status is not None and status.pending:
        return translate("SyncText", "Up to date with the server except the changes waiting to be sent."), False
    if status is not None and status.last_sync_at is not None:
        return translate("SyncText", "Everything is synced."), False
    return translate("SyncText", "Not synced yet."), False
