"""Qt models of the conflicts inbox: one row per record in conflict, and its fields side by side (mine / theirs)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..app.sync_service import ConflictGroup, FieldConflict
from ..sync.protocol import ConflictType
from . import sync_text
from .sync_text import translate

Index = QModelIndex | QPersistentModelIndex
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's ConflictGroup / FieldConflict


class ConflictListModel(QAbstractListModel):
    """The inbox: "Care plan — Family, Given · 2 fields"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[ConflictGroup] = []

    def set_groups(self, groups: list[ConflictGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def groups(self) -> list[ConflictGroup]:
        return list(self._groups)

    def row_of(self, key: str) -> int:
        return next((i for i, g in enumerate(self._groups) if g.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._groups):
            return None
        group = self._groups[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group_text(group)
        if role == OBJECT_ROLE:
            return group
        return None


class ConflictFieldsTableModel(QAbstractTableModel):
    """The selected record's conflicting fields: field, mine, theirs, who changed theirs, when."""

    COL_FIELD, COL_MINE, COL_THEIRS, COL_WHO, COL_WHEN = range(5)
    COLUMNS = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fields: list[FieldConflict] = []

    def set_fields(self, fields: tuple[FieldConflict, ...] | list[FieldConflict]) -> None:
        self.beginResetModel()
        self._fields = list(fields)
        self.endResetModel()

    def field_at(self, row: int) -> FieldConflict | None:
        return self._fields[row] if 0 <= row < len(self._fields) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            translate("SyncText", "Field"),
            translate("SyncText", "Mine"),
            translate("SyncText", "Theirs"),
            translate("SyncText", "Theirs changed by"),
            translate("SyncText", "When"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.field_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(item, index.column())
        if role == OBJECT_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _cell(self, item: FieldConflict, column: int) -> str:
        if column == self.COL_FIELD:
            return sync_text.field_label(item.field)
        if column == self.COL_MINE:
            return side_text(item, mine=True)
        if column == self.COL_THEIRS:
            return side_text(item, mine=False)
        if column == self.COL_WHO:
            return who_text(item)
        return sync_text.absolute_time(item.theirs_at) or translate("SyncText", "unknown")


def group_text(group: ConflictGroup) -> str:
    who = group.member_name or translate("SyncText", "No member")
    fields = len(group.fields)  # in a variable: pyside6-lupdate 6.11 skips a call with len(…) among its arguments
    count = translate("SyncText", "%n field(s)", "", fields)
    return f"{sync_text.kind_label(group.record_kind)} — {who} · {count}"


def side_text(item: FieldConflict, *, mine: bool) -> str:
    """One side of a conflict in words; record-level conflicts say "deleted" / "your edits" rather than raw data."""
    value = item.mine if mine else item.theirs
    proposal = mine == item.proposed_here  # this side is the change that arrived second
    if item.type == ConflictType.EDITED_AFTER_DELETE:
        if not proposal:
            return translate("SyncText", "Deleted")
        changed = value if isinstance(value, dict) else {}
        return translate("SyncText", "Edited: %1").replace(
            "%1", ", ".join(sync_text.field_label(f) for f in sorted(changed))
        )
    if item.type == ConflictType.DELETED_AFTER_EDIT:
        return translate("SyncText", "Delete it") if proposal else translate("SyncText", "Keep it, with the changes")
    return sync_text.value_text(value)


def who_text(item: FieldConflict) -> str:
    if item.theirs_by_me:
        return translate("SyncText", "You, on another device")
    if not item.theirs_by:
        return translate("SyncText", "unknown")
    short = item.theirs_by if len(item.theirs_by) <= 12 else item.theirs_by[:8] + "…"
    return translate("SyncText", "Colleague (%1)").replace("%1", short)
