"""Care plan: the plan's status and review date, the member's words, problems, goals, interventions and barriers.

Read-only until ``bind`` gives it a CarePlanService; then the care-plan editor takes the tab's place."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ...app.care_plan_service import CarePlanService
from ...app.member_chart import CarePlanData, MemberHeader
from ...domain.care_plan import (
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    GoalStatus,
    InterventionStatus,
    Problem,
    Responsible,
)
from ...domain.member import Condition
from ..background import Lanes
from ..care_plan_editor import CarePlanEditor
from .chart_widgets import ChartTab, ChartTableModel, Facts, TableSection, Tone, heading, scrolling
from .labels import DASH, fmt_date, label, ruler

_FACT_KEYS = ("title", "status", "reviewed", "review_due", "strengths", "words")
_CLOSED_GOALS = frozenset({GoalStatus.ACHIEVED, GoalStatus.NOT_ACHIEVED, GoalStatus.DISCONTINUED})
_CLOSED_INTERVENTIONS = frozenset({InterventionStatus.DONE, InterventionStatus.DISCONTINUED})


class CarePlanTab(ChartTab):
    saved = Signal(object)  # list[ChangeSet] written by the editor
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: CarePlanEditor | None = None
        self._data: CarePlanData | None = None
        self._goal_names: dict[uuid.UUID, str] = {}
        self.facts_title = heading()
        self.facts = Facts(_FACT_KEYS)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6368;")
        self.other_plans = QLabel()
        self.other_plans.setWordWrap(True)
        self.problems = TableSection(ChartTableModel(self._problem_headers, _problem_cells), fit_rows=8)
        self.goals = TableSection(ChartTableModel(self._goal_headers, self._goal_cells, _goal_tone), fit_rows=8)
        self.interventions = TableSection(
            ChartTableModel(self._intervention_headers, self._intervention_cells, _intervention_tone), fit_rows=10
        )
        self.barriers = TableSection(ChartTableModel(self._barrier_headers, self._barrier_cells, _barrier_tone),
                                     fit_rows=6)  # fmt: skip
        content = QWidget()
        box = QVBoxLayout(content)
        for widget in (self.facts_title, self.empty, self.facts, self.other_plans):
            box.addWidget(widget)
        for section in self._sections():
            box.addSpacing(8)
            box.addWidget(section)
        box.addStretch(1)
        self._stack = QStackedWidget()
        self._stack.addWidget(scrolling(content))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the scroll area keeps TAB_MARGINS inside
        outer.addWidget(self._stack)
        self.clear()
        self.retranslate()

    def bind(self, service: CarePlanService, lanes: Lanes) -> None:
        """Edit the plan here from now on (the read-only view stays for a chart without the service)."""
        self.editor = CarePlanEditor(service, lanes)
        self.editor.saved.connect(self.saved.emit)
        self.editor.status_message.connect(self.status_message.emit)
        self._stack.addWidget(self.editor)
        self._stack.setCurrentWidget(self.editor)

    def set_member(self, header: MemberHeader, conditions: tuple[Condition, ...]) -> None:
        if self.editor is not None:
            self.editor.set_member(header, conditions)

    def drafts(self) -> dict[str, str]:
        return self.editor.drafts() if self.editor is not None else {}

    def restore_drafts(self, drafts: dict[str, str]) -> str | None:
        """The member whose plan had unsaved edits at the lock (the page opens that chart), or None."""
        return self.editor.restore_drafts(drafts) if self.editor is not None else None

    def save(self) -> None:
        """Ctrl+S from the window's menu: the editor saves what changed."""
        if self.editor is not None:
            self.editor.save()

    def _sections(self) -> tuple[TableSection, ...]:
        return (self.problems, self.goals, self.interventions, self.barriers)

    def set_data(self, data: CarePlanData) -> None:
        self._data = data
        if self.editor is not None:
            self.editor.set_data(data)
        plan = data.plan
        self._goal_names = {g.id: g.description for g in data.goals}
        self.empty.setHidden(plan is not None)
        self.facts.setHidden(plan is None)
        for section in self._sections():
            section.setHidden(plan is None)
        self.other_plans.setHidden(not data.other_plans)
        self.other_plans.setText(self.tr("%n earlier or closed care plan(s) not shown.", "", data.other_plans))
        if plan is None:
            self.facts.clear()
            for section in self._sections():
                section.clear()
            return
        self.facts.set_values({
            "title": plan.title, "status": label(plan.status), "reviewed": fmt_date(plan.last_reviewed),
            "review_due": self._review_due(data), "strengths": plan.strengths or DASH,
            "words": f"“{plan.member_words}”" if plan.member_words else DASH,
        })  # fmt: skip
        self.problems.set_rows(plan.problems)
        self.goals.set_rows(data.goals)
        self.interventions.set_rows(data.interventions)
        self.barriers.set_rows(data.barriers)

    def clear(self) -> None:
        self._data = None
        self._goal_names = {}
        if self.editor is not None:
            self.editor.clear()
        self.facts.clear()
        self.other_plans.clear()
        for section in self._sections():
            section.clear()

    def retranslate(self) -> None:
        if self.editor is not None:
            self.editor.retranslate()
        self.facts_title.setText(self.tr("Care plan"))
        self.empty.setText(self.tr("No care plan yet."))
        self.facts.set_names({
            "title": self.tr("Title:"), "status": self.tr("Status:"), "reviewed": self.tr("Last reviewed:"),
            "review_due": self.tr("Review due:"), "strengths": self.tr("Strengths:"),
            "words": self.tr("In the member's words:"),
        })  # fmt: skip
        self.problems.set_texts(self.tr("Problems"), self.tr("No problems listed."))
        self.goals.set_texts(self.tr("Goals"), self.tr("No goals yet."))
        self.interventions.set_texts(self.tr("Interventions"), self.tr("No interventions yet."))
        self.barriers.set_texts(self.tr("Barriers"), self.tr("No barriers recorded."))
        for section in self._sections():
            section.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _review_due(self, data: CarePlanData) -> str:
        text = fmt_date(data.review_due)
        if data.review_due is not None and data.review_due < data.today:
            return self.tr("%1 — overdue").replace("%1", text)
        return text

    # ---- columns -------------------------------------------------------------------------------

    def _problem_headers(self) -> list[str]:
        return [self.tr("Problem"), self.tr("Kind")]

    def _goal_headers(self) -> list[str]:
        return [self.tr("Goal"), self.tr("Measure"), self.tr("Baseline"), self.tr("Target"), self.tr("By"),
                self.tr("Status"), self.tr("Confidence"), self.tr("Latest progress")]  # fmt: skip

    def _goal_cells(self, goal: CarePlanGoal) -> list[str]:
        progress = DASH
        if goal.progress:
            last = goal.progress[-1]
            progress = " — ".join(p for p in (fmt_date(last.on), last.value, last.note) if p)
            if len(goal.progress) > 1:
                progress += " " + self.tr("(%n entries)", "", len(goal.progress))
        confidence = ruler(goal.confidence)
        if goal.low_confidence:
            confidence += " " + self.tr("(low)")
        return [goal.description, goal.measure, goal.baseline or DASH, goal.target, fmt_date(goal.target_date),
                label(goal.status), confidence, progress]  # fmt: skip

    def _intervention_headers(self) -> list[str]:
        return [self.tr("Action"), self.tr("Who"), self.tr("Due"), self.tr("Status"), self.tr("For goal")]

    def _intervention_cells(self, item: CarePlanIntervention) -> list[str]:
        who = item.responsible_other if item.responsible is Responsible.OTHER else label(item.responsible)
        goal = self._goal_names.get(item.goal_id, DASH) if item.goal_id else DASH
        return [item.action, who, fmt_date(item.due_date), label(item.status), goal]

    def _barrier_headers(self) -> list[str]:
        return [self.tr("Barrier"), self.tr("Plan"), self.tr("Status")]

    def _barrier_cells(self, barrier: CarePlanBarrier) -> list[str]:
        return [barrier.description, barrier.plan or DASH, self.tr("Resolved") if barrier.resolved else self.tr("Open")]


def _problem_cells(problem: Problem) -> list[str]:
    if problem.condition is not None:
        return [problem.description, label(problem.condition)]
    return [problem.description, label(problem.social_need) if problem.social_need else DASH]


def _goal_tone(goal: CarePlanGoal) -> Tone | None:
    return Tone.MUTED if goal.status in _CLOSED_GOALS else None


def _intervention_tone(item: CarePlanIntervention) -> Tone | None:
    return Tone.MUTED if item.status in _CLOSED_INTERVENTIONS else None


def _barrier_tone(barrier: CarePlanBarrier) -> Tone | None:
    return Tone.MUTED if barrier.resolved else None
