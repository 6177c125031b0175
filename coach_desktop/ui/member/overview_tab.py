"""Overview: conditions, the latest labs and vitals, the care plan in brief, the last sessions and what is due."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ...app.member_chart import OverviewData
from ...domain.observation import Observation, ObservationType
from .chart_rows import session_cells, session_headers, session_tone, task_cells, task_headers, task_tone
from .chart_widgets import ChartTab, ChartTableModel, Facts, TableSection, heading, scrolling
from .labels import DASH, fmt_date, label, labels

_PLAN_KEYS = ("status", "goals", "interventions", "barriers", "review", "words")


class OverviewTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: OverviewData | None = None
        self.conditions_title = heading()
        self.conditions = QLabel()
        self.conditions.setWordWrap(True)
        self.observations = TableSection(ChartTableModel(self._observation_headers, _observation_cells), fit_rows=6)
        self.plan_title = heading()
        self.plan = Facts(_PLAN_KEYS)
        self.plan_empty = QLabel()
        self.plan_empty.setWordWrap(True)
        self.plan_empty.setStyleSheet("color: #5f6368;")
        self.sessions = TableSection(ChartTableModel(session_headers, session_cells, session_tone), 3, stretch=2)
        self.tasks = TableSection(ChartTableModel(task_headers, self._task_cells, self._task_tone), 5, stretch=1)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        left, right = QVBoxLayout(), QVBoxLayout()
        for widget in (self.conditions_title, self.conditions):
            left.addWidget(widget)
        left.addSpacing(8)
        left.addWidget(self.observations)
        left.addSpacing(8)
        for widget in (self.plan_title, self.plan, self.plan_empty):
            left.addWidget(widget)
        left.addStretch(1)
        right.addWidget(self.sessions)
        right.addSpacing(8)
        right.addWidget(self.tasks)
        right.addStretch(1)
        content = QWidget()
        grid = QGridLayout(content)
        grid.setHorizontalSpacing(24)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the scroll area keeps TAB_MARGINS inside
        outer.addWidget(scrolling(content))

    def set_data(self, data: OverviewData) -> None:
        self._data = data
        self.conditions.setText(labels(data.conditions) or self.tr("No chronic conditions recorded."))
        self.observations.set_rows(data.latest_observations)
        self.sessions.set_rows(data.recent_sessions)
        self.tasks.set_rows(data.upcoming_tasks)
        self._show_plan()

    def clear(self) -> None:
        self._data = None
        self.conditions.clear()
        self.plan.clear()
        for section in (self.observations, self.sessions, self.tasks):
            section.clear()
        self.plan.setHidden(True)
        self.plan_empty.setHidden(False)

    def retranslate(self) -> None:
        self.conditions_title.setText(self.tr("Conditions"))
        self.observations.set_texts(self.tr("Latest labs and vitals"), self.tr("No labs or vitals on record."))
        self.plan_title.setText(self.tr("Care plan"))
        self.plan.set_names({
            "status": self.tr("Status:"), "goals": self.tr("Goals:"), "interventions": self.tr("Interventions:"),
            "barriers": self.tr("Barriers:"), "review": self.tr("Review due:"), "words": self.tr("In their words:"),
        })  # fmt: skip
        self.plan_empty.setText(self.tr("No care plan yet."))
        self.sessions.set_texts(self.tr("Last sessions"), self.tr("No sessions recorded yet."))
        self.tasks.set_texts(self.tr("Upcoming tasks"), self.tr("No open tasks."))
        for section in (self.observations, self.sessions, self.tasks):
            section.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _show_plan(self) -> None:
        summary = self._data.plan if self._data else None
        self.plan.setHidden(summary is None)
        self.plan_empty.setHidden(summary is not None)
        if summary is None or self._data is None:
            self.plan.clear()
            return
        review = fmt_date(summary.review_due)
        if summary.review_due is not None and summary.review_due < self._data.today:
            review = self.tr("%1 — overdue").replace("%1", review)
        words = f"“{summary.member_words}”" if summary.member_words else DASH
        self.plan.set_values({
            "status": label(summary.status),
            "goals": self.tr("%1 active of %2").replace("%1", str(summary.active_goals))
                                                .replace("%2", str(summary.total_goals)),
            "interventions": self.tr("%n open", "", summary.open_interventions),
            "barriers": self.tr("%n unresolved", "", summary.open_barriers),
            "review": review, "words": words,
        })  # fmt: skip

    def _observation_headers(self) -> list[str]:
        return [self.tr("Measure"), self.tr("Value"), self.tr("Date"), self.tr("Where")]

    def _task_cells(self, task: object) -> list[str]:
        assert self._data is not None
        return task_cells(task, self._data.today)  # type: ignore[arg-type]

    def _task_tone(self, task: object) -> object:
        assert self._data is not None
        return task_tone(task, self._data.today)  # type: ignore[arg-type]


def _observation_cells(obs: Observation) -> list[str]:
    return [label(obs.type), observation_value(obs), fmt_date(obs.effective_on), label(obs.setting)]


def observation_value(obs: Observation) -> str:
    """The reading with its unit, in the current language's number format."""
    locale = QLocale()
    if obs.type is ObservationType.BLOOD_PRESSURE:
        return f"{obs.value:.0f}/{(obs.diastolic or 0):.0f} mmHg"
    if obs.type is ObservationType.A1C:
        return locale.toString(obs.value, "f", 1) + " %"
    units = {ObservationType.LDL: " mg/dL", ObservationType.EGFR: " mL/min/1.73 m²"}
    decimals = 1 if obs.type is ObservationType.BMI else 0
    return locale.toString(obs.value, "f", decimals) + units.get(obs.type, "")
