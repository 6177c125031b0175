"""Screenings: the latest result per instrument, the full history, and the selected screening's flags and advice."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ...app.member_chart import ScreeningsData
from ...domain.scoring import SENSITIVE_FLAGS
from ...domain.screening import Screening
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone, heading
from .labels import DASH, fmt_datetime, label, labels


class ScreeningsTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ScreeningsData | None = None
        self.latest = TableSection(ChartTableModel(self._headers, self._cells, _tone), fit_rows=6)
        self.history = TableSection(ChartTableModel(self._headers, self._cells, _tone))
        self.detail_title = heading()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail_title)
        box.addWidget(self.detail)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.history)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(self.latest)
        outer.addSpacing(8)
        outer.addWidget(split, 1)
        for section in (self.latest, self.history):
            section.table.selectionModel().selectionChanged.connect(
                lambda selected, _old, s=section: self._selected(s, selected)
            )
        self.retranslate()

    def set_data(self, data: ScreeningsData) -> None:
        self._data = data
        self.latest.set_rows(data.latest)
        self.history.set_rows(data.history)
        self.detail.clear()
        if data.history:
            self.history.table.selectRow(0)

    def clear(self) -> None:
        self._data = None
        self.latest.clear()
        self.history.clear()
        self.detail.clear()

    def retranslate(self) -> None:
        self.latest.set_texts(self.tr("Latest result per screening"), self.tr("No screenings on record."))
        self.history.set_texts(self.tr("All screenings"), self.tr("No screenings on record."))
        self.detail_title.setText(self.tr("Selected screening"))
        self.detail.setAccessibleName(self.tr("Selected screening"))
        self.detail.setPlaceholderText(self.tr("Select a screening to see its flags and what to do."))
        for section in (self.latest, self.history):
            section.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Screening"), self.tr("Score"), self.tr("Severity"), self.tr("Result"),
                self.tr("Flags")]  # fmt: skip

    def _cells(self, s: Screening) -> list[str]:
        result = self.tr("Positive") if s.positive else self.tr("Negative")
        flags = labels(s.flags) or DASH
        return [fmt_datetime(s.administered_at), label(s.instrument), DASH if s.total is None else str(s.total),
                label(s.band) if s.band else DASH, result, flags]  # fmt: skip

    def _selected(self, section: TableSection, selected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.detail.setHtml(self._html(section.model.row_object(rows[0].row())))

    def _html(self, s: Screening) -> str:
        answered = sum(1 for v in s.answers.values() if v is not None)
        facts = [
            (self.tr("Screening"), label(s.instrument)),
            (self.tr("When"), fmt_datetime(s.administered_at)),
            (self.tr("Score"), DASH if s.total is None else str(s.total)),
            (self.tr("Severity"), label(s.band) if s.band else DASH),
            (self.tr("Result"), self.tr("Positive") if s.positive else self.tr("Negative")),
            (self.tr("Answers"), self.tr("%n question(s) answered", "", answered)),
        ]
        parts = ["<table cellspacing='0' cellpadding='2'>"]
        parts += [f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in facts]
        parts.append("</table>")
        if s.flags:
            items = "".join(f"<li>{escape(label(f))}</li>" for f in s.flags)
            parts.append(f"<p><b>{escape(self.tr('Flags'))}</b></p><ul>{items}</ul>")
        if s.follow_up:
            items = "".join(f"<li>{escape(text)}</li>" for text in s.follow_up)
            parts.append(f"<p><b>{escape(self.tr('What to do'))}</b></p><ul>{items}</ul>")
        if s.safety_assessment_task_id:
            parts.append(f"<p>{escape(self.tr('A safety assessment task is linked: see the Tasks tab.'))}</p>")
        return "".join(parts)


def _tone(s: Screening) -> Tone | None:
    if not SENSITIVE_FLAGS.isdisjoint(s.flags):
        return Tone.ALERT
    return Tone.WARN if s.positive else None
