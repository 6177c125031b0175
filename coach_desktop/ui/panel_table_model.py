"""A lazy table model over the panel: it holds member ids and fetches rows only for what is shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..app.panel_service import PanelService
from ..vault.panel_queries import MemberRow, PanelFilter

ModelIndex = QModelIndex | QPersistentModelIndex

COL_NAME, COL_AGE, COL_TIER, COL_CONDITIONS, COL_LANGUAGE, COL_LAST, COL_NEXT, COL_MEDICAID = range(8)
_FETCH_WINDOW = 200


class PanelTableModel(QAbstractTableModel):
    def __init__(self, service: PanelService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._ids: list[str] = []
        self._rows: dict[str, MemberRow] = {}
        self._headers = [
            self.tr("Name"), self.tr("Age"), self.tr("Risk tier"), self.tr("Conditions"),
            self.tr("Language"), self.tr("Last contact"), self.tr("Next due"), self.tr("Medicaid ID"),
        ]  # fmt: skip

    def apply_filter(self, flt: PanelFilter) -> None:
        self.beginResetModel()
        self._ids = self._service.member_ids(flt)
        self._rows.clear()
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._row(index.row())
        return None if row is None else _display(row, index.column())

    def member_id(self, row: int) -> str:
        return self._ids[row]

    def _row(self, position: int) -> MemberRow | None:
        member_id = self._ids[position]
        if member_id not in self._rows:
            window = self._ids[position : position + _FETCH_WINDOW]
            self._rows.update(self._service.rows(window))
        return self._rows.get(member_id)


def _display(row: MemberRow, column: int) -> str:
    if column == COL_NAME:
        return f"{row.family_name}, {row.given_name}"
    if column == COL_AGE:
        born = date.fromisoformat(row.birth_date)
        today = date.today()
        return str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
    if column == COL_TIER:
        return str(row.risk_tier)
    if column == COL_CONDITIONS:
        return ", ".join(row.conditions)
    if column == COL_LANGUAGE:
        return row.language
    if column == COL_LAST:
        return row.last_contact or ""
    if column == COL_NEXT:
        return row.next_due or ""
    return row.medicaid_id
