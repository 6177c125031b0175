"""A lazy table model over the panel: a row count, and windows of light rows fetched on the db lane as they show.

Each query (text, filters, sort) gets a sequence number; an answer for an older one is dropped, and while a first
window is in flight only the newest query waits behind it (fast typing costs two queries, not one per key).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..app.panel_service import PanelService, PanelSlice
from ..vault.panel_queries import MemberRow, PanelFilter, PanelSort
from .background import InlineLanes, Lanes, user_message
from .member.labels import DASH, fmt_date, label

ModelIndex = QModelIndex | QPersistentModelIndex

(COL_NAME, COL_AGE, COL_TIER, COL_CONDITIONS, COL_LANGUAGE, COL_LAST, COL_NEXT, COL_FLAGS,
 COL_MEDICAID) = range(9)  # fmt: skip
WINDOW = 100  # rows per fetch: a screenful or three
MAX_WINDOWS = 40  # rows kept in memory at most: 4,000 (the rest are fetched again if scrolled back to)
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("PanelTableModel", "Name"), QT_TRANSLATE_NOOP("PanelTableModel", "Age"),
    QT_TRANSLATE_NOOP("PanelTableModel", "Risk tier"), QT_TRANSLATE_NOOP("PanelTableModel", "Conditions"),
    QT_TRANSLATE_NOOP("PanelTableModel", "Language"), QT_TRANSLATE_NOOP("PanelTableModel", "Last contact"),
    QT_TRANSLATE_NOOP("PanelTableModel", "Next due"), QT_TRANSLATE_NOOP("PanelTableModel", "Flags"),
    QT_TRANSLATE_NOOP("PanelTableModel", "Medicaid ID"),
)  # fmt: skip
SORT_BY_COLUMN = (PanelSort.NAME, PanelSort.AGE, PanelSort.RISK, PanelSort.CONDITIONS, PanelSort.LANGUAGE,
                  PanelSort.LAST_CONTACT, PanelSort.NEXT_DUE, PanelSort.FLAGS, PanelSort.MEDICAID_ID)  # fmt: skip
_ALERT = QBrush(QColor("#9b1c1c"))
_DISPLAY, _ACCESSIBLE = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole
_FOREGROUND, _FONT = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset({_DISPLAY, _ACCESSIBLE, _TOOLTIP, _FOREGROUND, _FONT, _ALIGN, MEMBER_ID_ROLE})
_CENTER = Qt.AlignmentFlag.AlignCenter


class _Cells(NamedTuple):
    """One row as painted: the text of each column and what to highlight."""

    texts: tuple[str, ...]
    member_id: str
    next_due_alert: bool
    flagged: bool


def _tr(text: str) -> str:
    return QCoreApplication.translate("PanelTableModel", text)


# Marked here for pyside6-lupdate, which does not see a literal passed to _tr().
_NEVER = QT_TRANSLATE_NOOP("PanelTableModel", "Never")
_DUE_NOW = QT_TRANSLATE_NOOP("PanelTableModel", "Due now")


class PanelTableModel(QAbstractTableModel):
    query_finished = Signal(int)  # the row count of the newest query, once its first window is in
    query_failed = Signal(str)  # a PHI-free message

    def __init__(self, service: PanelService, parent: QObject | None = None, *, lanes: Lanes | None = None,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        super().__init__(parent)
        self._service = service
        self._lanes = lanes or InlineLanes(self)  # without lanes (the old panel window): answers come at once
        self._today = today
        self._filter, self._sort, self._descending = PanelFilter(), PanelSort.NAME, False
        self._total = 0
        self._windows: OrderedDict[int, list[MemberRow]] = OrderedDict()
        self._fetching: set[int] = set()
        self._cells: dict[int, _Cells] = {}  # formatted rows by position, for the rows painted so far
        self._seq = 0  # the newest query; answers for others are dropped
        self._in_flight = False  # a first window is being read
        self._queued = False  # a newer query waits for it
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- queries ---------------------------------------------------------------------------------------

    @property
    def query(self) -> tuple[PanelFilter, PanelSort, bool]:
        return self._filter, self._sort, self._descending

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, flt: PanelFilter, sort: PanelSort | None = None, descending: bool | None = None) -> None:
        """Show the members matching ``flt`` in this order (the current one if None)."""
        self._filter = flt
        self._sort = self._sort if sort is None else sort
        self._descending = self._descending if descending is None else descending
        self.refresh()

    def apply_filter(self, flt: PanelFilter) -> None:
        self.set_query(flt)

    def refresh(self) -> None:
        """Read the current query again (after a write, or on showing the page)."""
        self._seq += 1
        if self._in_flight:
            self._queued = True
            return
        self._start(self._seq)

    def clear(self) -> None:
        """Forget every row (lock): answers still in flight are dropped."""
        self._seq += 1
        self.beginResetModel()
        self._total = 0
        self._windows.clear()
        self._fetching.clear()
        self._cells.clear()
        self.endResetModel()

    def _start(self, seq: int) -> None:
        self._in_flight, self._queued = True, False
        # The work captures the service only, never this model: the worker thread must not hold a Qt object.
        service, flt, sort, descending = self._service, self._filter, self._sort, self._descending
        self._lanes.run_db(lambda: service.window(flt, sort, descending, 0, WINDOW, with_count=True),
                           lambda result: self._first_window(seq, result),
                           lambda exc: self._first_failed(seq, exc))  # fmt: skip

    def _first_window(self, seq: int, result: PanelSlice) -> None:
        self._in_flight = False
        if seq != self._seq:  # typed on meanwhile: only the newest query is worth showing
            self._start(self._seq)
            return
        self.beginResetModel()
        self._total = result.total
        self._windows.clear()
        self._fetching.clear()
        self._cells.clear()
        self._windows[0] = result.rows
        self.endResetModel()
        self.query_finished.emit(self._total)

    def _first_failed(self, seq: int, exc: BaseException) -> None:
        self._in_flight = False
        if seq != self._seq:
            self._start(self._seq)
            return
        self.query_failed.emit(user_message(exc))

    def _fetch(self, window: int) -> None:
        if window in self._fetching or self._in_flight:
            return
        self._fetching.add(window)
        seq, service, flt, sort, descending = self._seq, self._service, self._filter, self._sort, self._descending
        self._lanes.run_db(lambda: service.window(flt, sort, descending, window * WINDOW, WINDOW),
                           lambda result: self._window_arrived(seq, window, result),
                           lambda exc: self._window_failed(seq, window, exc))  # fmt: skip

    def _window_arrived(self, seq: int, window: int, result: PanelSlice) -> None:
        if seq != self._seq:
            return
        self._fetching.discard(window)
        self._windows[window] = result.rows
        while len(self._windows) > MAX_WINDOWS:
            gone, _rows = self._windows.popitem(last=False)  # the least recently read window
            for position in range(gone * WINDOW, (gone + 1) * WINDOW):
                self._cells.pop(position, None)
        first = window * WINDOW
        last = min(first + len(result.rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(_HEADERS) - 1))

    def _window_failed(self, seq: int, window: int, exc: BaseException) -> None:
        if seq == self._seq:
            self._fetching.discard(window)
            self.query_failed.emit(user_message(exc))

    # ---- Qt model API ----------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the order comes from SQL (the list may hold 20,000 members)."""
        self.set_query(self._filter, SORT_BY_COLUMN[column], order == Qt.SortOrder.DescendingOrder)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        # Called ~7 times per cell per paint: unasked roles leave first, and a row is formatted once (_cells).
        if role not in _ROLES:
            return None
        position = index.row()
        cells = self._cells.get(position)
        if cells is None:
            row = self.row_at(position)
            if row is None:
                return "…" if role == _DISPLAY and index.column() == COL_NAME else None
            cells = self._cells[position] = self._format(row)
        column = index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return cells.texts[column]
        if role == _TOOLTIP:  # the whole text where a narrow column cuts it (conditions, mostly)
            return cells.texts[column] if column == COL_CONDITIONS else None
        if role == MEMBER_ID_ROLE:
            return cells.member_id
        if role == _ALIGN:
            return _CENTER if column in (COL_AGE, COL_TIER) else None
        if role == _FOREGROUND:
            return (
                _ALERT
                if (column == COL_NEXT and cells.next_due_alert) or (column == COL_FLAGS and cells.flagged)
                else None
            )
        return self._bold if column == COL_FLAGS and cells.flagged else None

    def row_at(self, position: int) -> MemberRow | None:
        """The row at ``position`` if its window is here; otherwise None, and the window is fetched."""
        if not 0 <= position < self._total:
            return None
        window = position // WINDOW
        rows = self._windows.get(window)
        if rows is None:
            self._fetch(window)
            rows = self._windows.get(window)  # already here if the lanes answer at once
            if rows is None:
                return None
        self._windows.move_to_end(window)
        offset = position - window * WINDOW
        return rows[offset] if offset < len(rows) else None

    def member_id(self, position: int) -> str | None:
        row = self.row_at(position)
        return None if row is None else row.member_id

    # ---- display ---------------------------------------------------------------------------------------

    def _format(self, row: MemberRow) -> _Cells:
        today = self._today()
        texts = (
            f"{row.family_name}, {row.given_name}",
            str(_age(date.fromisoformat(row.birth_date), today)),
            str(row.risk_tier),
            ", ".join(label(c) for c in row.conditions),
            label(row.language),
            fmt_date(date.fromisoformat(row.last_contact)) if row.last_contact else _tr(_NEVER),
            fmt_date(date.fromisoformat(row.next_due)) if row.next_due else _tr(_DUE_NOW),
            ", ".join(_flag(f) for f in row.flags) or DASH,
            row.medicaid_id,
        )
        overdue = row.next_due is None or row.next_due < today.isoformat()
        return _Cells(texts, row.member_id, overdue, bool(row.flags))


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _flag(code: str) -> str:
    if code == "safety":
        return QCoreApplication.translate("PanelTableModel", "Safety alert")
    return label(code)
