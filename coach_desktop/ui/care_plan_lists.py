"""The care-plan editor's lists: problems, goals, interventions and barriers as titled tables with an "Add" button,
their columns, and closed items shown muted (still listed: discontinuing is a status, never a delete)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..domain.care_plan import (
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    GoalStatus,
    InterventionStatus,
    Problem,
    Responsible,
)
from .member.chart_widgets import ChartTable, ChartTableModel, TableSection, Tone
from .member.labels import DASH, fmt_date, label

_CLOSED_GOALS = frozenset({GoalStatus.ACHIEVED, GoalStatus.NOT_ACHIEVED, GoalStatus.DISCONTINUED})
_CLOSED_STEPS = frozenset({InterventionStatus.DONE, InterventionStatus.DISCONTINUED})


# Every word is written out as QCoreApplication.translate("CarePlanEditor", …) so pyside6-lupdate finds it.


@dataclass(frozen=True, slots=True)
class Columns:
    headers: Callable[[], Sequence[str]]
    cells: Callable[[Any], Sequence[str]]
    tone: Callable[[Any], Tone | None] | None = None


class ListSection(QWidget):
    """A titled table with an "Add …" button under it."""

    def __init__(self, columns: Columns, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_section = TableSection(ChartTableModel(columns.headers, columns.cells, columns.tone), fit_rows=8,
                                          stretch=0)  # fmt: skip
        self.add = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table_section)
        layout.addLayout(row)

    @property
    def table(self) -> ChartTable:
        return self.table_section.table

    @property
    def model(self) -> ChartTableModel:
        return self.table_section.model


def _problem_cells(problem: Problem) -> list[str]:
    linked = problem.condition or problem.social_need
    return [problem.description, label(linked) if linked else DASH]


def _goal_cells(goal: CarePlanGoal) -> list[str]:
    return [goal.description, goal.target, fmt_date(goal.target_date), label(goal.status)]


def _step_cells(item: CarePlanIntervention) -> list[str]:
    who = item.responsible_other if item.responsible is Responsible.OTHER else label(item.responsible)
    return [item.action, who, fmt_date(item.due_date), label(item.status)]


def _barrier_cells(barrier: CarePlanBarrier) -> list[str]:
    done = QCoreApplication.translate("CarePlanEditor", "Resolved")
    return [barrier.description, done if barrier.resolved else QCoreApplication.translate("CarePlanEditor", "Open")]


def _problem_headers() -> list[str]:
    return [QCoreApplication.translate("CarePlanEditor", "Problem"),
            QCoreApplication.translate("CarePlanEditor", "Linked to")]  # fmt: skip


def _goal_headers() -> list[str]:
    return [QCoreApplication.translate("CarePlanEditor", "Goal"),
            QCoreApplication.translate("CarePlanEditor", "Target"), QCoreApplication.translate("CarePlanEditor", "By"),
            QCoreApplication.translate("CarePlanEditor", "Status")]  # fmt: skip


def _step_headers() -> list[str]:
    return [QCoreApplication.translate("CarePlanEditor", "Action"), QCoreApplication.translate("CarePlanEditor", "Who"),
            QCoreApplication.translate("CarePlanEditor", "Due"),
            QCoreApplication.translate("CarePlanEditor", "Status")]  # fmt: skip


def _barrier_headers() -> list[str]:
    return [QCoreApplication.translate("CarePlanEditor", "Barrier"),
            QCoreApplication.translate("CarePlanEditor", "Status")]  # fmt: skip


PROBLEM_COLUMNS = Columns(_problem_headers, _problem_cells)
GOAL_COLUMNS = Columns(_goal_headers, _goal_cells, lambda goal: Tone.MUTED if goal.status in _CLOSED_GOALS else None)
STEP_COLUMNS = Columns(_step_headers, _step_cells, lambda item: Tone.MUTED if item.status in _CLOSED_STEPS else None)
BARRIER_COLUMNS = Columns(_barrier_headers, _barrier_cells, lambda barrier: Tone.MUTED if barrier.resolved else None)
