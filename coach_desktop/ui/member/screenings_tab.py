"""Screenings: give a new one, the latest result per instrument, the full history, each instrument's score chart,
and the selected screening's flags and advice."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...app.member_chart import MemberHeader, ScreeningsData
from ...app.referral_service import ReferralService
from ...app.screening_service import ScorePoint, ScreeningService
from ...domain.scoring import SENSITIVE_FLAGS
from ...domain.screening import Instrument, Screening
from ..background import Lanes
from ..rule_text import rule_text
from ..screening_dialog import ScreeningDialog
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone, heading
from .labels import DASH, fmt_datetime, label, labels
from .score_chart import ScoreHistoryChart, chart_range


class ScreeningsTab(ChartTab):
    saved = Signal(object)  # list[ChangeSet] from a screening or referral saved here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ScreeningsData | None = None
        self._header: MemberHeader | None = None
        self._service: ScreeningService | None = None
        self._referrals: ReferralService | None = None
        self._lanes: Lanes | None = None
        self.dialog: ScreeningDialog | None = None  # the open screening dialog, if any
        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_screening)
        self.new_button.hide()  # shown once a screening service is bound
        self.latest = TableSection(ChartTableModel(self._headers, self._cells, _tone), fit_rows=6)
        self.history = TableSection(ChartTableModel(self._headers, self._cells, _tone))
        self.chart_title = heading()
        self.chart_choice = QComboBox()
        self.chart_choice.currentIndexChanged.connect(lambda _i: self._show_chart())
        self.chart_title.setBuddy(self.chart_choice)
        self.chart = ScoreHistoryChart()
        self.detail_title = heading()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self._build()
        for section in (self.latest, self.history):
            section.table.selectionModel().selectionChanged.connect(
                lambda selected, _old, s=section: self._selected(s, selected)
            )
        self.retranslate()

    def _build(self) -> None:
        chart_head = QHBoxLayout()
        chart_head.addWidget(self.chart_title)
        chart_head.addStretch(1)
        chart_head.addWidget(self.chart_choice)
        charts = QWidget()
        chart_box = QVBoxLayout(charts)
        chart_box.setContentsMargins(0, 0, 0, 0)
        chart_box.addLayout(chart_head)
        chart_box.addWidget(self.chart, 1)
        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail_title)
        box.addWidget(self.detail)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(charts)
        right.addWidget(details)
        right.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.history)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(self.latest, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addLayout(top)
        outer.addSpacing(8)
        outer.addWidget(split, 1)

    def bind(self, service: ScreeningService, referrals: ReferralService | None, lanes: Lanes) -> None:
        """Make the tab able to give screenings (without a service it only shows them)."""
        self._service, self._referrals, self._lanes = service, referrals, lanes
        self.new_button.show()
        self.new_button.setEnabled(self._header is not None)

    def set_member(self, header: MemberHeader) -> None:
        self._header = header
        self.new_button.setEnabled(self._service is not None)

    def set_data(self, data: ScreeningsData) -> None:
        self._data = data
        self.latest.set_rows(data.latest)
        self.history.set_rows(data.history)
        self.detail.clear()
        self._fill_chart_choice()
        if data.history:
            self.history.table.selectRow(0)

    def clear(self) -> None:
        self._data = None
        self._header = None
        self.new_button.setEnabled(False)
        self.latest.clear()
        self.history.clear()
        self.detail.clear()
        self.chart_choice.clear()
        self.chart.clear()
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close()
            dialog.setParent(None)  # out of the chart's widget tree now; deleted at the next event loop turn
            dialog.deleteLater()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("&New screening…"))
        self.new_button.setAccessibleName(self.tr("New screening"))
        self.latest.set_texts(self.tr("Latest result per screening"), self.tr("No screenings on record."))
        self.history.set_texts(self.tr("All screenings"), self.tr("No screenings on record."))
        self.chart_title.setText(self.tr("Score &history"))
        self.chart_choice.setAccessibleName(self.tr("Screening to chart"))
        self.chart.retranslate()
        self.detail_title.setText(self.tr("Selected screening"))
        self.detail.setAccessibleName(self.tr("Selected screening"))
        self.detail.setPlaceholderText(self.tr("Select a screening to see its flags and what to do."))
        for section in (self.latest, self.history):
            section.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    # ---- giving a screening -----------------------------------------------------------------------

    def new_screening(self, instrument: Instrument = Instrument.PHQ2) -> ScreeningDialog | None:
        """Open the screening dialog (not blocking: the chart refreshes behind it as results are saved)."""
        if self._service is None or self._lanes is None or self._header is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = ScreeningDialog(self._service, self._referrals, self._lanes, self._header, instrument, self)
        dialog.saved.connect(self.saved.emit)
        dialog.finished.connect(lambda _code, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: ScreeningDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # ---- chart ------------------------------------------------------------------------------------

    def _fill_chart_choice(self) -> None:
        """Instruments with a total on record, most recent first; the current choice is kept if still there."""
        data, current = self._data, self.chart_choice.currentData()
        seen: list[Instrument] = []
        for screening in data.history if data else ():
            if screening.instrument not in seen and chart_range(screening.instrument) is not None:
                seen.append(screening.instrument)
        self.chart_choice.blockSignals(True)
        self.chart_choice.clear()
        for instrument in seen:
            self.chart_choice.addItem(label(instrument), instrument)
        index = self.chart_choice.findData(current) if current is not None else -1
        self.chart_choice.setCurrentIndex(max(index, 0) if seen else -1)
        self.chart_choice.blockSignals(False)
        self.chart_choice.setEnabled(bool(seen))
        self._show_chart()

    def chart_instrument(self, instrument: Instrument) -> None:
        index = self.chart_choice.findData(instrument)
        if index >= 0:
            self.chart_choice.setCurrentIndex(index)

    def _show_chart(self) -> None:
        choice = self.chart_choice.currentData()
        if choice is None or self._data is None:
            self.chart.set_history(None, ())
            return
        instrument = Instrument(choice)  # a combo hands enum data back as plain str
        screenings = sorted((s for s in self._data.history if s.instrument is instrument),
                            key=lambda s: s.administered_at)  # fmt: skip
        points = [ScorePoint(str(s.id), s.administered_at, s.total, s.band, s.positive, tuple(s.flags))
                  for s in screenings]  # fmt: skip
        self.chart.set_history(instrument, points, self._header.sex if self._header else None)

    # ---- table ------------------------------------------------------------------------------------

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
            screening = section.model.row_object(rows[0].row())
            self.detail.setHtml(self._html(screening))
            self.chart_instrument(screening.instrument)

    def _html(self, s: Screening) -> str:
        answered = sum(1 for v in s.answers.values() if v is not None)
        facts = [
            (self.tr("Screening"), label(s.instrument)),
            (self.tr("When"), fmt_datetime(s.administered_at)),
            (self.tr("Score"), DASH if s.total is None else str(s.total)),
            (self.tr("Severity"), label(s.band) if s.band else DASH),
            (self.tr("Result"), self.tr("Positive") if s.positive else self.tr("Negative")),
            (self.tr("Questions answered"), str(answered)),
        ]
        parts = ["<table cellspacing='0' cellpadding='2'>"]
        parts += [f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in facts]
        parts.append("</table>")
        if s.flags:
            items = "".join(f"<li>{escape(label(f))}</li>" for f in s.flags)
            parts.append("<p><b>" + escape(self.tr("Flags")) + f"</b></p><ul>{items}</ul>")
        if s.follow_up:
            items = "".join(f"<li>{escape(rule_text(text))}</li>" for text in s.follow_up)
            parts.append("<p><b>" + escape(self.tr("What to do")) + f"</b></p><ul>{items}</ul>")
        if s.safety_assessment_task_id:
            parts.append("<p>" + escape(self.tr("A safety assessment task is linked: see the Tasks tab.")) + "</p>")
        return "".join(parts)


def _tone(s: Screening) -> Tone | None:
    if not SENSITIVE_FLAGS.isdisjoint(s.flags):
        return Tone.ALERT
    return Tone.WARN if s.positive else None
