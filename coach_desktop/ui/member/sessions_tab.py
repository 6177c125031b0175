"""Sessions: every note (signed or draft, with addenda), the selected note in full, and rulers and stage over time."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ...app.member_chart import BehaviourTrend, NoteView, SessionsData, TrendPoint
from ...domain.session_note import NoteStatus
from .chart_rows import session_cells, session_headers
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone, heading
from .labels import DASH, fmt_date, fmt_datetime, label, labels, ruler
from .trend_chart import TrendChart


class SessionsTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: SessionsData | None = None
        self.notes = TableSection(ChartTableModel(session_headers, _note_cells, _note_tone), stretch=2)
        self.detail_title = heading()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.trend_title = heading()
        self.behaviour = QComboBox()
        self.behaviour_label = QLabel()
        self.behaviour_label.setBuddy(self.behaviour)
        self.chart = TrendChart()
        self.points = TableSection(ChartTableModel(self._point_headers, _point_cells), fit_rows=6)
        self.trend_empty = QLabel()
        self.trend_empty.setWordWrap(True)
        self.trend_empty.setStyleSheet("color: #5f6368;")
        self._layout()
        self.notes.table.selectionModel().selectionChanged.connect(self._note_selected)
        self.behaviour.currentIndexChanged.connect(self._behaviour_chosen)
        self.retranslate()

    def _layout(self) -> None:
        left = QSplitter(Qt.Orientation.Vertical)
        left.setContentsMargins(0, 0, 6, 0)
        left.addWidget(self.notes)
        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail_title)
        box.addWidget(self.detail)
        left.addWidget(details)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(6, 0, 0, 0)
        side.addWidget(self.trend_title)
        pick = QHBoxLayout()
        pick.addWidget(self.behaviour_label)
        pick.addWidget(self.behaviour, 1)
        side.addLayout(pick)
        side.addWidget(self.trend_empty)
        side.addWidget(self.chart, 1)
        side.addWidget(self.points)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(split)

    # ---- data ----------------------------------------------------------------------------------

    def set_data(self, data: SessionsData) -> None:
        self._data = data
        self.notes.set_rows(data.notes)
        self.behaviour.blockSignals(True)
        self.behaviour.clear()
        for trend in data.trends:
            self.behaviour.addItem(trend.behaviour)
        self.behaviour.blockSignals(False)
        self.behaviour.setEnabled(bool(data.trends))
        self.trend_empty.setHidden(bool(data.trends))
        self.chart.setHidden(not data.trends)
        self.points.setHidden(not data.trends)
        self._behaviour_chosen(0 if data.trends else -1)
        if data.notes:
            self.notes.table.selectRow(0)
        else:
            self.detail.clear()

    def clear(self) -> None:
        self._data = None
        self.notes.clear()
        self.detail.clear()
        self.behaviour.blockSignals(True)
        self.behaviour.clear()
        self.behaviour.blockSignals(False)
        self.chart.clear()
        self.points.clear()

    def retranslate(self) -> None:
        self.notes.set_texts(self.tr("Session notes"), self.tr("No sessions recorded yet."))
        self.notes.model.retranslate()
        self.detail_title.setText(self.tr("Selected note"))
        self.detail.setAccessibleName(self.tr("Selected session note"))
        self.detail.setPlaceholderText(self.tr("Select a session to read its note."))
        self.trend_title.setText(self.tr("Change over time"))
        self.behaviour_label.setText(self.tr("&Behaviour:"))
        self.behaviour.setAccessibleName(self.tr("Behaviour to chart"))
        self.trend_empty.setText(self.tr("No target behaviours recorded in the sessions yet."))
        self.points.set_texts(self.tr("Rulers by session"), self.tr("No rulers recorded."))
        self.points.model.retranslate()
        self.chart.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def current_trend(self) -> BehaviourTrend | None:
        return self.chart.trend()

    def _behaviour_chosen(self, index: int) -> None:
        trends = self._data.trends if self._data else ()
        trend = trends[index] if 0 <= index < len(trends) else None
        self.chart.set_trend(trend)
        self.points.set_rows(tuple(reversed(trend.points)) if trend else ())

    def _note_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        view = self.notes.model.row_object(rows[0].row())
        self.detail.setHtml(self._note_html(view))

    def _point_headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Stage"), self.tr("Importance"), self.tr("Confidence"), self.tr("Readiness")]

    # ---- the note in full ----------------------------------------------------------------------

    def _note_html(self, view: NoteView) -> str:
        note = view.note
        status = (self.tr("Signed %1").replace("%1", fmt_datetime(note.signed_at))
                  if note.status is NoteStatus.SIGNED else self.tr("Draft, not signed"))  # fmt: skip
        how = self.tr("%1, %2 minutes").replace("%1", label(note.mode)).replace("%2", str(note.minutes))
        rows = [
            (self.tr("When"), fmt_datetime(note.started_at)),
            (self.tr("How"), how),
            (self.tr("Present"), labels(note.present) or DASH),
            (self.tr("Topics"), ", ".join(note.topics) or DASH),
            (self.tr("Status"), status),
            (self.tr("Next contact"), fmt_date(note.next_contact_date)),
        ]
        parts = ["<table cellspacing='0' cellpadding='2'>"]
        parts += [f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        for focus in note.behaviours:
            rulers = self.tr("importance %1, confidence %2, readiness %3").replace("%1", ruler(focus.importance))
            rulers = rulers.replace("%2", ruler(focus.confidence)).replace("%3", ruler(focus.readiness))
            reason = f" — “{escape(focus.member_reason)}”" if focus.member_reason else ""
            parts.append(f"<p><b>{escape(focus.behaviour)}</b>: {escape(label(focus.stage))}; {escape(rulers)}"
                         f"{reason}</p>")  # fmt: skip
        parts += self._section(self.tr("Change talk heard"),
                               [f"{label(t.category)}: “{t.quote}”" if t.quote else label(t.category)
                                for t in note.change_talk])  # fmt: skip
        parts += self._section(self.tr("Sustain talk"), [f"“{s}”" for s in note.sustain_talk])
        parts += self._section(self.tr("OARS used"), [labels(note.oars_used)] if note.oars_used else [])
        parts += self._section(self.tr("Narrative"), [note.narrative] if note.narrative else [])
        parts += self._section(self.tr("Next steps"), [note.next_steps] if note.next_steps else [])
        addenda = [f"{fmt_datetime(a.written_at)} — {a.text}" for a in view.addenda]
        parts += self._section(self.tr("Addenda"), addenda)
        return "".join(parts)

    @staticmethod
    def _section(title: str, lines: list[str]) -> list[str]:
        if not lines:
            return []
        body = "<br>".join(escape(line).replace("\n", "<br>") for line in lines)
        return [f"<p><b>{escape(title)}</b><br>{body}</p>"]


def _note_cells(view: NoteView) -> list[str]:
    return session_cells(view.note, len(view.addenda))


def _note_tone(view: NoteView) -> Tone | None:
    return Tone.WARN if view.note.status is NoteStatus.DRAFT else None


def _point_cells(point: TrendPoint) -> list[str]:
    day = fmt_date(point.on.astimezone().date())
    return [day, label(point.stage), ruler(point.importance), ruler(point.confidence), ruler(point.readiness)]
