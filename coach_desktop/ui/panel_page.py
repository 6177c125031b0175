"""The Panel screen: every member in a lazy table, found by name or Medicaid ID as you type, filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app.panel_service import PanelService
from ..domain.member import Condition, EnrollmentStatus, RiskTier
from ..vault.panel_queries import PanelFilter
from ..vault.repository import ChangeSet
from .background import Lanes
from .member.labels import label, tier_label
from .page import Page
from .panel_table_model import COL_NAME, SORT_BY_COLUMN, PanelTableModel

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PanelPage(Page):
    def __init__(self, service: PanelService, lanes: Lanes, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        super().__init__(parent)
        self._today = today
        self._loaded = False  # the first query runs when the page is first shown
        self._stale = False  # a write touched members while the page was hidden
        self._keep_place: tuple[int, int] | None = None  # (scroll position, current row) to restore after a refresh
        self.model = PanelTableModel(service, self, lanes=lanes, today=today)
        self._build()
        self.model.query_finished.connect(self._query_finished)
        self.model.query_failed.connect(self.status_message.emit)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Panel")

    # ---- layout ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(objectName="pageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.count = QLabel(objectName="secondary")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.search_label = QLabel()
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search_label.setBuddy(self.search)
        # The search shares the heading's row: beside the filters it was squeezed until its hint was cut (Spanish).
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(24)
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addSpacing(24)
        top.addWidget(self.count)

        self.tier_label, self.tier = QLabel(), QComboBox()
        self.condition_label, self.condition = QLabel(), QComboBox()
        self.status_label, self.status = QLabel(), QComboBox()
        for caption, combo in ((self.tier_label, self.tier), (self.condition_label, self.condition),
                               (self.status_label, self.status)):  # fmt: skip
            caption.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.overdue = QCheckBox()
        self.reset = QPushButton()
        self.reset.setObjectName("link")
        filters = QHBoxLayout()
        for widget in (self.tier_label, self.tier, self.condition_label, self.condition, self.status_label,
                       self.status, self.overdue, self.reset):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the other controls
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights from the font: the view never measures 20,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        # A keystroke must repaint the rows only: a scroll bar that comes and goes with the number of matches
        # resizes the viewport and lays out and repaints the whole page again (twice the paint time per key).
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Age") + 28)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._query_changed)
        self.search.installEventFilter(self)
        for combo in (self.tier, self.condition, self.status):
            combo.currentIndexChanged.connect(self._query_changed)
        self.overdue.toggled.connect(self._query_changed)
        self.reset.clicked.connect(self.reset_filters)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.setTabOrder(self.search, self.tier)
        self.setTabOrder(self.tier, self.condition)
        self.setTabOrder(self.condition, self.status)
        self.setTabOrder(self.status, self.overdue)
        self.setTabOrder(self.overdue, self.reset)
        self.setTabOrder(self.reset, self.table)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        # A sample of what each column usually holds, in the current font; a wider caption wins. The Medicaid ID,
        # last, takes what is left; a narrow window scrolls sideways rather than squeezing a column to nothing.
        samples = ("Castillo Rojas, Armando", "100", "3", "Hypertension, Diabetes, Asthma", "Vietnamese", "30 Sep 2026",
                   "30 Sep 2026", "Safety alert", "SC000000000")  # fmt: skip
        for column, sample in enumerate(samples):
            caption = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(caption) + 20)
            self.table.setColumnWidth(column, width + 16)

    # ---- page life cycle -------------------------------------------------------------------------------

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.model.set_query(self.current_filter())
        elif self._stale:
            self._refresh()
        self._stale = False

    def apply_changes(self, changes: ChangeSet) -> None:
        if changes.member_id is None and changes.kind != "member":
            return  # nothing the panel shows (a conflict, a directory record…)
        if self.isVisible() and self._loaded:
            self._refresh()
        else:
            self._stale = self._loaded

    def clear(self) -> None:
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()  # what was typed may be a name
        self.search.blockSignals(False)
        self._loaded, self._stale, self._keep_place = False, False, None
        self.count.clear()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Panel"))
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("Name or Medicaid ID"))
        self.search.setAccessibleName(self.tr("Search members by name or Medicaid ID"))
        self.tier_label.setText(self.tr("&Risk:"))
        self.condition_label.setText(self.tr("&Condition:"))
        self.status_label.setText(self.tr("&Enrollment:"))
        self.overdue.setText(self.tr("&Overdue only"))
        self.overdue.setAccessibleName(self.tr("Only members whose next contact is overdue"))
        self.reset.setText(self.tr("Clear &filters"))
        self.reset.setAccessibleName(self.tr("Clear the search and all filters"))
        self.table.setAccessibleName(self.tr("Members"))
        self._fill(self.tier, self.tr("All tiers"), [(tier.number, tier_label(tier)) for tier in RiskTier],
                   self.tr("Risk tier filter"))  # fmt: skip
        self._fill(self.condition, self.tr("All conditions"), [(c.value, label(c)) for c in Condition],
                   self.tr("Condition filter"))  # fmt: skip
        self._fill(self.status, self.tr("Any status"), [(s.value, label(s)) for s in EnrollmentStatus],
                   self.tr("Enrollment status filter"))  # fmt: skip
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        if self._loaded:
            self.model.refresh()  # rows may be kept formatted: read them again, in the new language
        self._size_columns()
        self._size_count()
        self._show_count()

    def _size_count(self) -> None:
        """Room for the longest count, so a new count never moves the search box (a relayout repaints the page)."""
        metrics = self.count.fontMetrics()
        samples = (self.tr("No member matches"), self.tr("%n member(s)", "", 88_888))
        self.count.setMinimumWidth(max(metrics.horizontalAdvance(text) for text in samples) + 4)

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[object, str]], name: str) -> None:
        """(Re)write a filter's choices in the current language, keeping the choice."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.setAccessibleName(name)
        combo.blockSignals(False)

    # ---- queries ---------------------------------------------------------------------------------------

    def current_filter(self) -> PanelFilter:
        tier = self.tier.currentData()
        return PanelFilter(
            text=self.search.text().strip(),
            risk_tiers=frozenset() if tier is None else frozenset({int(tier)}),
            condition=self.condition.currentData(),
            enrollment_status=self.status.currentData(),
            overdue_on=self._today() if self.overdue.isChecked() else None,
        )

    def reset_filters(self) -> None:
        for widget in (self.search, self.tier, self.condition, self.status, self.overdue):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.tier, self.condition, self.status):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        for widget in (self.search, self.tier, self.condition, self.status, self.overdue):
            widget.blockSignals(False)
        self._query_changed()

    def _query_changed(self, *_args: object) -> None:
        self._keep_place = None
        self._loaded = True
        self.model.set_query(self.current_filter())

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self._keep_place = None
        self._loaded = True
        self.model.set_query(self.current_filter(), SORT_BY_COLUMN[column], order == Qt.SortOrder.DescendingOrder)

    def _refresh(self) -> None:
        current = self.table.currentIndex()
        self._keep_place = (self.table.verticalScrollBar().value(), current.row() if current.isValid() else -1)
        self.model.refresh()

    def _query_finished(self, total: int) -> None:
        # Lay the rows out now rather than on the view's zero timer: that one came after the first paint and
        # painted every row a second time.
        self.table.doItemsLayout()
        self._show_count()
        place, self._keep_place = self._keep_place, None
        if place is not None:  # a refresh: stay where the coach was
            scroll, row = place
            if 0 <= row < total:
                self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.verticalScrollBar().setValue(scroll)
        elif total:
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.scrollToTop()

    def _show_count(self) -> None:
        if not self._loaded:
            self.count.clear()
        elif self.model.total == 0:
            self.count.setText(self.tr("No member matches"))
        else:
            self.count.setText(self.tr("%n member(s)", "", self.model.total))

    def selected_member_id(self) -> str | None:
        """The member of the current row (Ctrl+N starts a session note for them)."""
        current = self.table.currentIndex()
        return self.model.member_id(current.row()) if current.isValid() else None

    def _open(self, row: int) -> None:
        member_id = self.model.member_id(row)
        if member_id is not None:
            self.member_requested.emit(member_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the search box: Enter opens the first match, Down moves into the list.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _OPEN_KEYS and self.model.total:
                current = self.table.currentIndex()
                self._open(current.row() if current.isValid() else 0)
                return True
            if event.key() == Qt.Key.Key_Down and self.model.total:
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)
