"""Today's worklist as a flat table: a header row per group (safety, overdue, due today, coming up), rows beneath."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
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
_SECTION_BACKGROUND = QBrush(QColor("#e7ecf0"))
_SECTION_TEXT = QBrush(QColor("#0f3646"))


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def reason_text(key: str) -> str:
    return _tr(REASONS.get(key, _FOLLOW_UP))


def group_title(group: TodayGroup) -> str:
    return _tr(GROUP_TITLES[group])


class TodayTableModel(QAbstractTableModel):
    """A flat table: each section is a header row (spanned by the view) followed by its rows, unless folded.

    Flat on purpose: a tree view visits every expanded row when it lays out (two Python calls per row, seconds at
    40,000 rows); a table view only asks for what it paints.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[tuple[TodayGroup, list[TodayRow]]] = []
        self._folded: set[TodayGroup] = set()
        self._starts: list[int] = []  # flat row of each section header
        self._total = 0
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
        self._layout()
        self.endResetModel()

    def clear(self) -> None:
        self._folded.clear()
        self.set_rows([], self._today)

    def counts(self) -> dict[TodayGroup, int]:
        return {group: len(rows) for group, rows in self._sections}

    def section_rows(self) -> list[int]:
        """The flat rows that are section headers (the view spans them over every column)."""
        return list(self._starts)

    def is_section(self, position: int) -> bool:
        return position in self._starts

    def toggle(self, position: int) -> None:
        """Fold or unfold the section whose header is at ``position``."""
        if position not in self._starts:
            return
        group = self._sections[self._starts.index(position)][0]
        self.beginResetModel()
        self._folded ^= {group}
        self._layout()
        self.endResetModel()

    def is_folded(self, group: TodayGroup) -> bool:
        return group in self._folded

    def row(self, index: ModelIndex) -> TodayRow | None:
        """The worklist row at ``index``; None for a section header."""
        if not index.isValid():
            return None
        section, item = self._locate(index.row())
        return None if item < 0 else self._sections[section][1][item]

    def position_of(self, member_id: str, reason: str) -> int:
        """The flat row of a worklist line, or -1."""
        for (_group, rows), start in zip(self._sections, self._starts, strict=True):
            if _group in self._folded:
                continue
            for i, row in enumerate(rows):
                if row.member_id == member_id and row.reason == reason:
                    return start + 1 + i
        return -1

    def first_item(self) -> int:
        """The flat row of the first worklist line (not a header), or -1."""
        for (group, rows), start in zip(self._sections, self._starts, strict=True):
            if rows and group not in self._folded:
                return start + 1
        return -1

    def _layout(self) -> None:
        self._starts, flat = [], 0
        for group, rows in self._sections:
            self._starts.append(flat)
            flat += 1 + (0 if group in self._folded else len(rows))
        self._total = flat

    def _locate(self, position: int) -> tuple[int, int]:
        section = bisect_right(self._starts, position) - 1
        return section, position - self._starts[section] - 1

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(_HEADERS) - 1))

    # ---- Qt model API ----------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        section, item = self._locate(index.row())
        group, rows = self._sections[section]
        if item < 0:
            return self._section_data(group, len(rows), index.column(), role)
        row = rows[item]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_REASON:
            return reason_text(row.reason)  # the whole reason where the column cuts it
        if role == MEMBER_ID_ROLE:
            return row.member_id
        if role == GROUP_ROLE:
            return group
        if role == Qt.ItemDataRole.ForegroundRole and (group is TodayGroup.SAFETY or
                                                       (index.column() == COL_WHEN and row.overdue_days)):  # fmt: skip
            return _ALERT
        return None

    def _section_data(self, group: TodayGroup, count: int, column: int, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column != 0:
                return None
            mark = "▸" if group in self._folded else "▾"
            return f"{mark} {group_title(group)} ({QLocale().toString(count)})"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == GROUP_ROLE:
            return group
        if role == Qt.ItemDataRole.BackgroundRole:
            return _SECTION_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            return _ALERT if group is TodayGroup.SAFETY else _SECTION_TEXT
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
