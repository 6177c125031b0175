"""Tasks: open ones first, soonest due (overdue in words and colour), then the closed ones with their resolution."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...app.member_chart import TasksData
from ...domain.work_items import Task, TaskStatus
from .chart_rows import task_cells, task_headers, task_tone
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone


class TasksTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TasksData | None = None
        self.tasks = TableSection(ChartTableModel(lambda: task_headers(full=True), self._cells, self._tone))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(self.tasks)
        self.retranslate()

    def set_data(self, data: TasksData) -> None:
        self._data = data
        self.tasks.set_rows(data.tasks)
        open_count = sum(1 for t in data.tasks if t.status is TaskStatus.OPEN)
        self.tasks.title.setText(self.tr("Tasks (%1 open of %2)").replace("%1", str(open_count))
                                 .replace("%2", str(len(data.tasks))))  # fmt: skip

    def clear(self) -> None:
        self._data = None
        self.tasks.clear()
        self.tasks.title.setText(self.tr("Tasks"))

    def retranslate(self) -> None:
        self.tasks.set_texts(self.tr("Tasks"), self.tr("No tasks for this member."))
        self.tasks.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _cells(self, task: Task) -> list[str]:
        assert self._data is not None
        return task_cells(task, self._data.today, full=True)

    def _tone(self, task: Task) -> Tone | None:
        assert self._data is not None
        return task_tone(task, self._data.today)
