"""The Today screen: the coach's worklist, safety alerts first, then overdue, due today and coming up; Enter opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app.today_service import TodayGroup, TodayRow, TodayService
from ..vault.repository import ChangeSet
from .background import Lanes, user_message
from .member.labels import fmt_date
from .page import Page
from .today_table_model import COL_MEMBER, COL_REASON, TodayTableModel


class TodayPage(Page):
    def __init__(self, service: TodayService, lanes: Lanes, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        super().__init__(parent)
        self._service, self._lanes, self._today = service, lanes, today
        self._seq = 0  # the newest load; an older answer is dropped
        self._loading = False
        self._again = False  # something changed while loading: load once more when it lands
        self._loaded = False
        self._stale = False
        self._shown_on = date.min
        self.model = TodayTableModel(self)
        self._build()
        self.retranslate()

    def title(self) -> str:
        return self.tr("Today")

    # ---- layout ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(objectName="pageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.date = QLabel(objectName="secondary")
        self.refresh_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.date)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        self.summary = QLabel(objectName="secondary", wordWrap=True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the other controls
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # Fixed row heights from the font: the view never measures 40,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(objectName="hint", wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        self.table.activated.connect(self._activated)
        self.refresh_button.clicked.connect(self.reload)
        self.model.modelReset.connect(self._after_reset)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        self.table.setColumnWidth(COL_MEMBER, metrics.horizontalAdvance("Wwwwwwwwwwww, Wwwwwwwwww") + 48)
        # Samples in the current language (Spanish dates and "Vencido hace 999 días" are longer than English).
        overdue = QCoreApplication.translate("TodayTreeModel", "%n day(s) overdue", None, 999)
        for column, sample in ((2, fmt_date(date(2026, 9, 30))), (3, overdue), (4, "Tier 3")):
            caption = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(caption))
            self.table.setColumnWidth(column, width + 32)

    # ---- page life cycle -------------------------------------------------------------------------------

    def activate(self) -> None:
        # A new day (the app left open overnight) changes every due date's meaning: load again.
        if not self._loaded or self._stale or self._shown_on != self._today():
            self.reload()
        self._stale = False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_changes(self, changes: ChangeSet) -> None:
        if changes.member_id is None and changes.kind != "member":
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = self._loaded

    def reload(self) -> None:
        """Read the worklist again on the db lane (one load at a time; a change meanwhile loads once more)."""
        if self._loading:
            self._again = True
            return
        self._seq += 1
        seq, self._loading, self._again = self._seq, True, False
        if not self._loaded:
            self.summary.setText(self.tr("Loading your worklist…"))
        self._lanes.run_db(self._service.worklist, lambda rows: self._loaded_rows(seq, rows),
                           lambda exc: self._failed(seq, exc))  # fmt: skip

    def clear(self) -> None:
        self._seq += 1  # whatever is still in flight is never shown
        self._loading = self._again = self._loaded = self._stale = False
        self.model.clear()
        self.summary.clear()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Today"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the worklist"))
        self.table.setAccessibleName(self.tr("Worklist"))
        self.empty.setText(self.tr("Nothing due today.\n\nNo safety alerts, no overdue contacts and nothing coming up "
                                   "in the next days. New work appears here as it falls due."))  # fmt: skip
        self.empty.setAccessibleName(self.tr("Nothing due today"))
        self.date.setText(fmt_date(self._today()))
        self.model.retranslate()
        self._size_columns()
        if self._loaded:
            self._show_summary()

    # ---- loading ---------------------------------------------------------------------------------------

    def _loaded_rows(self, seq: int, rows: list[TodayRow]) -> None:
        self._loading = False
        if seq != self._seq:
            return
        if self._again:
            self.reload()  # a change arrived while this was read: what came back may already be old
            return
        place = self._current_key()
        self._loaded, self._shown_on = True, self._today()
        self.date.setText(fmt_date(self._shown_on))
        self.model.set_rows(rows, self._shown_on)
        self._restore(place)
        self._show_summary()

    def _failed(self, seq: int, exc: BaseException) -> None:
        self._loading = False
        if seq == self._seq:
            self.summary.setText(user_message(exc))
            self.status_message.emit(user_message(exc))

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for position in self.model.section_rows():
            self.table.setSpan(position, 0, 1, self.model.columnCount())
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)

    def _show_summary(self) -> None:
        counts = self.model.counts()
        if not counts:
            self.summary.setText(self.tr("Nothing due today."))
            return
        parts = {
            TodayGroup.SAFETY: self.tr("%n safety alert(s)", "", counts.get(TodayGroup.SAFETY, 0)),
            TodayGroup.OVERDUE: self.tr("%n overdue", "", counts.get(TodayGroup.OVERDUE, 0)),
            TodayGroup.DUE_TODAY: self.tr("%n due today", "", counts.get(TodayGroup.DUE_TODAY, 0)),
            TodayGroup.UPCOMING: self.tr("%n coming up", "", counts.get(TodayGroup.UPCOMING, 0)),
        }
        self.summary.setText(" · ".join(text for group, text in parts.items() if counts.get(group)))

    def _current_key(self) -> tuple[str, str] | None:
        row = self.model.row(self.table.currentIndex())
        return None if row is None else (row.member_id, row.reason)

    def _restore(self, place: tuple[str, str] | None) -> None:
        """Keep the coach on the same line across a refresh; otherwise start at the first line of work."""
        position = self.model.position_of(*place) if place is not None else -1
        if position < 0:
            position = self.model.first_item()
        if position >= 0:
            target = self.model.index(position, 0)
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(index)
        if row is not None:
            self.member_requested.emit(row.member_id)
        elif index.isValid():  # a section header: Enter or a double-click folds or unfolds it
            position = index.row()
            self.model.toggle(position)
            self.table.setCurrentIndex(self.model.index(position, 0))

    def current_row(self) -> TodayRow | None:
        return self.model.row(self.table.currentIndex())

    def selected_member_id(self) -> str | None:
        """The member of the current line (Ctrl+N starts a session note for them)."""
        row = self.current_row()
        return None if row is None else row.member_id

    def open_current(self) -> None:
        self._activated(self.table.currentIndex())
