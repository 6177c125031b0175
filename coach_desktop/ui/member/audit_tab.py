"""Audit: who viewed or changed this member's records, when, from which device (the local, hash-chained log)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...app.member_chart import AuditData, AuditRow
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone
from .labels import fmt_datetime, kind_label, label


class AuditTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: AuditData | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.entries = TableSection(ChartTableModel(self._headers, _cells, _tone))
        self.more = QLabel()
        self.more.setWordWrap(True)
        self.more.setStyleSheet("color: #5f6368;")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(self.intro)
        outer.addWidget(self.entries, 1)
        outer.addWidget(self.more)
        self.more.setHidden(True)
        self.retranslate()

    def set_data(self, data: AuditData) -> None:
        self._data = data
        self.entries.set_rows(data.entries)
        self.more.setHidden(not data.truncated)

    def clear(self) -> None:
        self._data = None
        self.entries.clear()
        self.more.setHidden(True)

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Every time this member's records were opened or changed on this computer, "
                                   "newest first. The log cannot be edited."))  # fmt: skip
        self.entries.set_texts(self.tr("Audit log"), self.tr("No audit events yet."))
        self.more.setText(self.tr("Only the most recent events are listed."))
        self.entries.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Record"), self.tr("Record ID"),
                self.tr("Device"), self.tr("Outcome")]  # fmt: skip


def _cells(row: AuditRow) -> list[str]:
    return [fmt_datetime(row.at), row.user_id, label(row.action), kind_label(row.object_type), row.object_id[:8],
            row.device_id, label(row.outcome)]  # fmt: skip


def _tone(row: AuditRow) -> Tone | None:
    return None if row.outcome == "ok" else Tone.ALERT
