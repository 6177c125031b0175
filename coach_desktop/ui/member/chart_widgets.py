"""Building blocks the chart tabs share: a small table model, a table that fits its rows, titled sections, facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

ModelIndex = QModelIndex | QPersistentModelIndex


class Tone(Enum):
    """How a row reads: the words say the state too (Overdue, Positive…), colour only underlines it."""

    ALERT = "alert"
    WARN = "warn"
    MUTED = "muted"


_TONE_COLOURS = {Tone.ALERT: QColor("#9b1c1c"), Tone.WARN: QColor("#7a4a00"), Tone.MUTED: QColor("#5f6368")}


class ChartTableModel(QAbstractTableModel):
    """Rows of any record type, shown through a ``cells`` function; the words are made once per row, on set."""

    def __init__(
        self,
        headers: Callable[[], Sequence[str]],
        cells: Callable[[Any], Sequence[str]],
        tone: Callable[[Any], Tone | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers_fn, self._cells_fn, self._tone_fn = headers, cells, tone
        self._headers = list(headers())
        self._rows: list[Any] = []
        self._cells: list[Sequence[str]] = []
        self._tones: list[Tone | None] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._render()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def retranslate(self) -> None:
        """The language changed: headers and every cell are words, so make them again."""
        self.beginResetModel()
        self._headers = list(self._headers_fn())
        self._render()
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][index.column()]
        tone = self._tones[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and tone is not None:
            return _TONE_COLOURS[tone]
        if role == Qt.ItemDataRole.FontRole and tone is Tone.ALERT:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _render(self) -> None:
        self._cells = [list(self._cells_fn(row)) for row in self._rows]
        self._tones = [self._tone_fn(row) if self._tone_fn else None for row in self._rows]


class ChartTable(QTableView):
    """A read-only, row-selecting table. With ``fit_rows`` it asks for the height of its rows (up to a cap), so
    several stack in a scroll area without each needing its own scroll bar."""

    def __init__(self, model: ChartTableModel, fit_rows: int = 0, stretch: int = -1,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._fit_rows = fit_rows
        self._stretch = stretch
        self._content_width = 0
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(stretch < 0)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self._fit)
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def chart_model(self) -> ChartTableModel:
        model = self.model()
        assert isinstance(model, ChartTableModel)
        return model

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if not self._fit_rows:
            return hint
        rows = max(1, min(self.model().rowCount(), self._fit_rows))
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        if self.horizontalHeader().length() > self.viewport().width():  # room for the scroll bar only if needed
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() if self._fit_rows else super().minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_stretch()
        if self._fit_rows:
            self.updateGeometry()  # the need for a horizontal scroll bar may have changed

    def _fit(self) -> None:
        header = self.horizontalHeader()
        if self._stretch >= 0:
            header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        # Long free text (reasons, outcomes) must not make a column wider than the view: it is in the tooltip.
        limit = max(240, self.viewport().width() // 2)
        for column in range(self.model().columnCount() - 1):
            if self.columnWidth(column) > limit:
                self.setColumnWidth(column, limit)
        self._content_width = self.columnWidth(self._stretch) if 0 <= self._stretch < self.model().columnCount() else 0
        self._place_stretch()
        if self._fit_rows:
            self.updateGeometry()

    def _place_stretch(self) -> None:
        """The main free-text column takes the room the short columns leave; when that is too little to read, it
        keeps a readable width and the table scrolls sideways instead."""
        column = self._stretch
        if not 0 <= column < self.model().columnCount():
            return
        header = self.horizontalHeader()
        others = sum(self.columnWidth(c) for c in range(self.model().columnCount()) if c != column)
        readable = min(self._content_width, self.fontMetrics().averageCharWidth() * 24)
        if self.viewport().width() - others >= readable:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, readable)


class ChartTab(QWidget):
    """One tab of the chart: ``set_data`` shows its part of the chart, ``clear`` forgets it (on lock), and
    ``retranslate`` sets every word again. The editors of issue 6 replace or extend these read-only views."""

    def set_data(self, data: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError


class TableSection(QWidget):
    """A titled table that says so in words when it has nothing to show."""

    def __init__(self, model: ChartTableModel, fit_rows: int = 0, stretch: int = -1,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("chartSectionTitle")
        _bold(self.title, 1)
        self.table = ChartTable(model, fit_rows, stretch)
        self.empty = QLabel()
        self.empty.setObjectName("chartEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("color: #5f6368; padding: 6px 2px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 0 if fit_rows else 1)
        # Takes the spare room whenever the table does not (fitted, or hidden when empty), so the title and the
        # words stay together at the top instead of spreading over the whole area.
        layout.addStretch(1 if fit_rows else 0)
        self.title.setBuddy(self.table)
        model.modelReset.connect(self._switch)
        self._switch()

    @property
    def model(self) -> ChartTableModel:
        return self.table.chart_model()

    def set_texts(self, title: str, empty: str) -> None:
        self.title.setText(title)
        self.table.setAccessibleName(title.replace("&", ""))
        self.empty.setText(empty)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)

    def clear(self) -> None:
        self.model.clear()

    def showing_empty(self) -> bool:
        return self.table.isHidden()

    def _switch(self) -> None:
        # Hidden widgets take no room, so an empty section is one line of words, not an empty grid.
        has_rows = self.model.rowCount() > 0
        self.table.setHidden(not has_rows)
        self.empty.setHidden(has_rows)


class Facts(QWidget):
    """Label–value pairs (a read-only form); values wrap and can be selected for copying."""

    def __init__(self, keys: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in keys:
            name, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name.setBuddy(value)
            self._form.addRow(name, value)
            self.names[key], self.values[key] = name, value

    def set_names(self, names: dict[str, str]) -> None:
        for key, text in names.items():
            self.names[key].setText(text)
            self.values[key].setAccessibleName(text.rstrip(":"))

    def set_values(self, values: dict[str, str]) -> None:
        for key, text in values.items():
            self.values[key].setText(text)

    def clear(self) -> None:
        for value in self.values.values():
            value.clear()


TAB_MARGINS = (2, 8, 2, 2)  # a little air under the tab bar, the same on every tab


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    content.layout().setContentsMargins(*TAB_MARGINS)
    area.setWidget(content)
    return area


def heading(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("chartSectionTitle")
    _bold(label, 1)
    return label


def _bold(label: QLabel, bigger: int = 0) -> None:
    font = label.font()
    font.setBold(True)
    if bigger and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() + bigger)
    label.setFont(font)
