"""Today's worklist as a two-level model: a section per group (safety, overdue, due today, coming up), rows beneath."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..app.today_service import TodayGroup, TodayRow
from .member.labels import fmt_date

ModelIndex = QModelIndex | QPersistentModelIndex
CONTEXT = "TodayTreeModel"
COL_MEMBER, COL_REASON, COL_DUE, COL_WHEN, COL_TIER = range(5)
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # the TodayGroup of a section or a row

_HEADERS = (
    QT_TRANSLATE_NOOP("TodayTreeModel", "Member"), QT_TRANSLATE_NOOP("TodayTreeModel", "What"),
    QT_TRANSLATE_NOOP("TodayTreeModel", "Due"), QT_TRANSLATE_NOOP("TodayTreeModel", "When"),
    QT_TRANSLATE_NOOP("TodayTreeModel", "Tier"),
)  # fmt: skip
GROUP_TITLES = {
    TodayGroup.SAFETY: QT_TRANSLATE_NOOP("TodayTreeModel", "Safety alerts"),
    TodayGroup.OVERDUE: QT_TRANSLATE_NOOP("TodayTreeModel", "Overdue"),
    TodayGroup.DUE_TODAY: QT_TRANSLATE_NOOP("TodayTreeModel", "Due today"),
    TodayGroup.UPCOMING: QT_TRANSLATE_NOOP("TodayTreeModel", "Coming up"),
}
# TodayService reason keys → what the coach reads. Unknown keys (a newer rule) still show, as "Follow up".
REASONS = {
    "safety.phq9_item9": QT_TRANSLATE_NOOP("TodayTreeModel", "Safety assessment: PHQ-9 item 9 positive"),
    "transition.discharge_first_contact": QT_TRANSLATE_NOOP(
        "TodayTreeModel", "First contact after discharge (by business day 2)"
    ),
    "transition.ed_visit_first_contact": QT_TRANSLATE_NOOP(
        "TodayTreeModel", "First contact after an ED visit (by business day 2)"
    ),
    "contact.routine": QT_TRANSLATE_NOOP("TodayTreeModel", "Routine check-in"),
    "contact.face_to_face": QT_TRANSLATE_NOOP("TodayTreeModel", "Face-to-face visit (tier 1: monthly)"),
    "contact.weekly_after_discharge": QT_TRANSLATE_NOOP("TodayTreeModel", "Weekly check-in after discharge"),
    "contact.first_after_discharge": QT_TRANSLATE_NOOP("TodayTreeModel", "First contact after discharge"),
    "referral.overdue": QT_TRANSLATE_NOOP("TodayTreeModel", "Referral past its expected date: follow up"),
    "screening.depression": QT_TRANSLATE_NOOP("TodayTreeModel", "Offer a depression screen (PHQ-2 or PHQ-9)"),
    "care_plan.review": QT_TRANSLATE_NOOP("TodayTreeModel", "Care-plan review"),
    "task.contact_due": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: contact the member"),
    "task.interactive_contact": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: post-discharge call"),
    "task.med_reconciliation": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: medication reconciliation"),
    "task.pcp_visit": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: PCP visit after discharge"),
    "task.bh_follow_up": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: behavioral-health follow-up"),
    "task.care_plan_review": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: care-plan review"),
    "task.safety_assessment": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: safety assessment"),
    "task.referral_follow_up": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: referral follow-up"),
    "task.screening_due": QT_TRANSLATE_NOOP("TodayTreeModel", "Task: screening due"),
    "task.other": QT_TRANSLATE_NOOP("TodayTreeModel", "Task"),
}
_FOLLOW_UP = QT_TRANSLATE_NOOP("TodayTreeModel", "Follow up")
_ALERT = QBrush(QColor("#9b1c1c"))
_SECTION_ID = 0  # internal id of a section row; a row beneath section i has i + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def reason_text(key: str) -> str:
    return _tr(REASONS.get(key, _FOLLOW_UP))


def group_title(group: TodayGroup) -> str:
    return _tr(GROUP_TITLES[group])


class TodayTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[tuple[TodayGroup, list[TodayRow]]] = []
        self._today = date.min
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[TodayRow], today: date) -> None:
        """Rows in display order (as TodayService returns them); empty groups get no section."""
        sections: dict[TodayGroup, list[TodayRow]] = {}
        for row in rows:
            sections.setdefault(row.group, []).append(row)
        self.beginResetModel()
        self._sections = sorted(sections.items())
        self._today = today
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], self._today)

    def counts(self) -> dict[TodayGroup, int]:
        return {group: len(rows) for group, rows in self._sections}

    def row(self, index: ModelIndex) -> TodayRow | None:
        """The worklist row at ``index``; None for a section."""
        if not index.isValid() or index.internalId() == _SECTION_ID:
            return None
        return self._sections[index.internalId() - 1][1][index.row()]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)
        if self._sections:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._sections) - 1, len(_HEADERS) - 1))
            for i, (_group, rows) in enumerate(self._sections):
                parent = self.index(i, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(rows) - 1, len(_HEADERS) - 1, parent))

    # ---- Qt model API ----------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _SECTION_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _SECTION_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _SECTION_ID)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _SECTION_ID and parent.column() == 0:
            return len(self._sections[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _SECTION_ID:
            return self._section_data(index, role)
        group, rows = self._sections[index.internalId() - 1]
        row = rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == MEMBER_ID_ROLE:
            return row.member_id
        if role == GROUP_ROLE:
            return group
        if role == Qt.ItemDataRole.ForegroundRole and (group is TodayGroup.SAFETY or
                                                       (index.column() == COL_WHEN and row.overdue_days)):  # fmt: skip
            return _ALERT
        return None

    def _section_data(self, index: ModelIndex, role: int) -> object:
        group, rows = self._sections[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{group_title(group)} ({QLocale().toString(len(rows))})" if index.column() == 0 else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == GROUP_ROLE:
            return group
        if role == Qt.ItemDataRole.ForegroundRole and group is TodayGroup.SAFETY:
            return _ALERT
        return None

    def _display(self, row: TodayRow, column: int) -> str:
        if column == COL_MEMBER:
            return row.member_name
        if column == COL_REASON:
            return reason_text(row.reason)
        if column == COL_DUE:
            return fmt_date(row.due)
        if column == COL_WHEN:
            return self._when(row)
        return QCoreApplication.translate("TodayTreeModel", "Tier %1").replace("%1", str(row.tier))

    def _when(self, row: TodayRow) -> str:
        if row.overdue_days:
            return QCoreApplication.translate("TodayTreeModel", "%n day(s) overdue", None, row.overdue_days)
        ahead = (row.due - self._today).days
        if ahead <= 0:
            return QCoreApplication.translate("TodayTreeModel", "Today")
        if ahead == 1:
            return QCoreApplication.translate("TodayTreeModel", "Tomorrow")
        return QCoreApplication.translate("TodayTreeModel", "In %n day(s)", None, ahead)
