"""The care-plan editor on the member's Care plan tab: the plan's own fields, then problems, SMART goals (with
progress), interventions and barriers as lists, and the selected one's form beside them.

Every write goes through CarePlanService on the db lane and comes back as change sets the chart refreshes from.
Nothing typed is lost: errors show under the field, the text stays; a form left for another record keeps its
draft until the coach comes back; a chart refresh never overwrites a form with unsaved edits. Discontinuing is a
status (never a delete), and the revision history shows who changed what, when, from what to what.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..app.care_plan_service import CarePlanService
from ..app.member_chart import CarePlanData, MemberHeader
from ..app.printed_plan import CoachContact, PrintedPlan
from ..domain.audit import AuditAction
from ..domain.care_plan import (
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    GoalStatus,
    InterventionStatus,
)
from ..domain.member import Condition
from ..vault.repository import ChangeSet
from ..vault.revisions import Revision
from .background import Lanes, user_message
from .care_plan_dialogs import (
    DEFAULT_PDF_NAME,
    AskOptions,
    AskPath,
    PrintOptions,
    RevisionHistoryDialog,
    ask_pdf_path,
    ask_print_options,
    plan_language,
)
from .care_plan_forms import (
    BarrierForm,
    FieldForm,
    FormInvalid,
    GoalForm,
    InterventionForm,
    PlanForm,
    ProblemForm,
    ProgressForm,
    progress_line,
)
from .care_plan_lists import BARRIER_COLUMNS, GOAL_COLUMNS, PROBLEM_COLUMNS, STEP_COLUMNS, ListSection
from .member.chart_widgets import heading
from .member.labels import fmt_date
from .printed_plan_pdf import write_pdf

Key = tuple[str, str | None]  # (kind, record id or None for a new one)
Saved = tuple[Any, list[ChangeSet]]  # the record written (or the plan) and its change sets
GOAL, INTERVENTION, BARRIER, PROBLEM = "goal", "intervention", "barrier", "problem"
PLAN = "plan"
DRAFT_PREFIX = "care_plan:"  # drafts() keys: care_plan:<member id>:<kind>:<record id or "new">


class CarePlanEditor(QWidget):
    saved = Signal(object)  # list[ChangeSet]
    status_message = Signal(str)

    def __init__(self, service: CarePlanService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._lanes = service, lanes
        self.ask_print_options: AskOptions = ask_print_options  # tests answer the prompts through these
        self.ask_pdf_path: AskPath = ask_pdf_path
        self.coach: CoachContact | None = None  # the coach's own contact, remembered for the next print
        self._header: MemberHeader | None = None
        self._data: CarePlanData | None = None
        self._conditions: tuple[Condition, ...] = ()
        self._current: Key | None = None
        self._drafts: dict[Key, dict[str, Any]] = {}
        self._reselect: Key | None = None
        self._restoring: tuple[str, dict[Key, dict[str, Any]]] | None = None  # drafts back from a lock, per member
        self.last_pdf: Path | None = None
        self.history_dialog: RevisionHistoryDialog | None = None
        self._page_widgets: dict[str, tuple[QLabel, QPushButton, QPushButton, QPushButton]] = {}
        self._busy: set[FieldForm] = set()  # forms with a write on its way
        self._build()
        self.retranslate()
        self._show_detail(None)

    # ---- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_form = PlanForm()
        self.plan_form.edited.connect(self._update_save)
        self.problems, self.goals = ListSection(PROBLEM_COLUMNS), ListSection(GOAL_COLUMNS)
        self.interventions, self.barriers = ListSection(STEP_COLUMNS), ListSection(BARRIER_COLUMNS)
        for kind, section in self._sections().items():
            section.add.clicked.connect(lambda _c=False, k=kind: self.open_record(k, None))
            section.table.selectionModel().selectionChanged.connect(
                lambda selected, _old, k=kind: self._row_selected(k, selected)
            )
        left = QWidget()
        box = QVBoxLayout(left)
        box.addWidget(self.plan_form)
        for section in self._sections().values():
            box.addSpacing(6)
            box.addWidget(section)
        box.addStretch(1)
        self.detail = QStackedWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.goal_form, self.progress_form = GoalForm(), ProgressForm()
        self.step_form, self.barrier_form, self.problem_form = InterventionForm(), BarrierForm(), ProblemForm()
        self.detail.addWidget(self.hint)
        self.detail.addWidget(self._goal_page())
        self.detail.addWidget(self._form_page(self.step_form, INTERVENTION))
        self.detail.addWidget(self._form_page(self.barrier_form, BARRIER))
        self.detail.addWidget(self._form_page(self.problem_form, PROBLEM))
        for form in self._forms().values():
            form.edited.connect(self._update_save)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(_scrolling(left))
        split.addWidget(_scrolling(self.detail))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 8, 2, 2)
        layout.addLayout(self._toolbar())
        layout.addWidget(split, 1)

    def _toolbar(self) -> QHBoxLayout:
        self.title = heading()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.reviewed_button, self.history_button = QPushButton(), QPushButton()
        self.print_button, self.save_button = QPushButton(), QPushButton()
        self.save_button.setObjectName("primary")
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.history_button.clicked.connect(lambda: self.show_history(None))
        self.print_button.clicked.connect(self.print_plan)
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addWidget(self.status, 1)
        for button in (self.reviewed_button, self.history_button, self.print_button, self.save_button):
            bar.addWidget(button)
        return bar

    def _goal_page(self) -> QWidget:
        page = self._form_page(self.goal_form, GOAL)
        self.progress_box = QGroupBox()
        self.progress_list = QListWidget()
        self.progress_list.setMaximumHeight(self.progress_list.fontMetrics().height() * 5)
        self.progress_add = QPushButton()
        self.progress_add.clicked.connect(self.add_progress)
        self.progress_form.edited.connect(self._update_save)
        box = QVBoxLayout(self.progress_box)
        box.addWidget(self.progress_list)
        box.addWidget(self.progress_form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.progress_add)
        box.addLayout(row)
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, self.progress_box)
        return page

    def _form_page(self, form: FieldForm, kind: str) -> QWidget:
        page = QWidget()
        title = heading()
        save, stop, history = QPushButton(), QPushButton(), QPushButton()
        save.setObjectName("primary")
        save.clicked.connect(lambda: self._save_detail(kind))
        stop.clicked.connect(lambda: self.discontinue(kind))
        history.clicked.connect(lambda: self.show_history(self._current))
        stop.setVisible(kind in (GOAL, INTERVENTION))
        history.setVisible(kind != PROBLEM)
        self._page_widgets[kind] = (title, save, stop, history)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(stop)
        buttons.addStretch(1)
        buttons.addWidget(history)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.addWidget(title)
        layout.addWidget(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _sections(self) -> dict[str, ListSection]:
        return {PROBLEM: self.problems, GOAL: self.goals, INTERVENTION: self.interventions, BARRIER: self.barriers}

    def _forms(self) -> dict[str, FieldForm]:
        return {GOAL: self.goal_form, INTERVENTION: self.step_form, BARRIER: self.barrier_form,
                PROBLEM: self.problem_form}  # fmt: skip

    # ---- words --------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Care plan"))
        self.reviewed_button.setText(self.tr("&Mark reviewed"))
        self.reviewed_button.setToolTip(self.tr("Record a review with the member today; the next review date "
                                                "follows from the member's tier."))  # fmt: skip
        self.history_button.setText(self.tr("&History…"))
        self.history_button.setToolTip(self.tr("Every change to this plan: who, when, old and new values"))
        self.print_button.setText(self.tr("Print p&lan…"))
        self.print_button.setToolTip(self.tr("Save the member's plan as a PDF in their language"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save all changes (Ctrl+S)"))
        self.hint.setText(self.tr("Select a problem, goal, intervention or barrier to change it, or add a new one. "
                                  "Ctrl+S saves everything you changed."))  # fmt: skip
        self.plan_form.retranslate()
        for form in (*self._forms().values(), self.progress_form):
            form.retranslate()  # type: ignore[attr-defined]
        self.problems.table_section.set_texts(self.tr("Problems"), self.tr("No problems listed."))
        self.goals.table_section.set_texts(self.tr("SMART goals"), self.tr("No goals yet."))
        self.interventions.table_section.set_texts(self.tr("Interventions"), self.tr("No interventions yet."))
        self.barriers.table_section.set_texts(self.tr("Barriers"), self.tr("No barriers recorded."))
        adds = {PROBLEM: self.tr("Add problem"), GOAL: self.tr("Add &goal"),
                INTERVENTION: self.tr("Add &intervention"), BARRIER: self.tr("Add &barrier")}  # fmt: skip
        for kind, section in self._sections().items():
            section.add.setText(adds[kind])
            section.add.setAccessibleName(adds[kind].replace("&", ""))
            section.model.retranslate()
        self.progress_box.setTitle(self.tr("Progress"))
        self.progress_list.setAccessibleName(self.tr("Progress entries"))
        self.progress_add.setText(self.tr("Add pro&gress"))
        for kind, (_title, save, stop, history) in self._page_widgets.items():
            save.setText({GOAL: self.tr("Save goal"), INTERVENTION: self.tr("Save intervention"),
                          BARRIER: self.tr("Save barrier"), PROBLEM: self.tr("Add problem")}[kind])  # fmt: skip
            stop.setText(self.tr("&Discontinue"))
            stop.setToolTip(self.tr("Discontinue keeps it, and its history, with the status Discontinued."))
            history.setText({GOAL: self.tr("Goal histor&y…"), INTERVENTION: self.tr("Intervention histor&y…"),
                             BARRIER: self.tr("Barrier histor&y…"), PROBLEM: ""}[kind])  # fmt: skip
        if self._current is not None:
            self._title_detail(*self._current)

    # ---- data ---------------------------------------------------------------------------------------

    def set_member(self, header: MemberHeader, conditions: tuple[Condition, ...]) -> None:
        if self._header is not None and header.member_id != self._header.member_id:
            self.clear()
        self._header, self._conditions = header, conditions
        self.problem_form.set_conditions(conditions)

    def set_data(self, data: CarePlanData) -> None:
        """A fresh read of the plan: lists refresh; a form with unsaved edits keeps them."""
        self._data = data
        plan = data.plan
        if not self.plan_form.dirty:
            self.plan_form.load(plan, data.review_due, data.today)
        restored = self._take_restored()
        self.goal_form.set_problems(plan.problems if plan else ())
        self.step_form.set_goals(data.goals)
        self.problems.model.set_rows(plan.problems if plan else ())
        self.goals.model.set_rows(data.goals)
        self.interventions.model.set_rows(data.interventions)
        self.barriers.model.set_rows(data.barriers)
        target = restored or self._reselect or self._current
        self._reselect = None
        if restored is not None and restored[1] is None:
            self.open_record(*restored)  # a new record's draft
        elif target is not None and target[1] is not None:
            if self._find(*target) is None:
                self._show_detail(None)
            else:
                self._select_row(*target)
                self.open_record(*target)
        self._update_save()

    def clear(self) -> None:
        """On lock or another member: every piece of member text leaves the widgets (drafts too; drafts given back
        at unlock and not yet shown wait in memory only, for their member's chart or the next lock)."""
        self._header, self._data, self._conditions = None, None, ()
        self._drafts.clear()
        if self.history_dialog is not None:  # it names goals and who changed them
            dialog, self.history_dialog = self.history_dialog, None
            dialog.close()
            dialog.setParent(None)
            dialog.deleteLater()
        self._current = self._reselect = None
        self.plan_form.load(None, None, date.today())
        for section in self._sections().values():
            section.model.clear()
        self.goal_form.load(None, date.today())
        self.step_form.load(None)
        self.barrier_form.load(None)
        self.problem_form.load()
        self.goal_form.set_problems(())  # the choices name the member's problems and goals too
        self.step_form.set_goals(())
        self.problem_form.set_conditions(())
        self.progress_form.reset(date.today())
        self.progress_list.clear()
        self.status.clear()
        self._show_detail(None)

    # ---- drafts across a lock ------------------------------------------------------------------------

    def drafts(self) -> dict[str, str]:
        """Every unsaved form (the open one, the ones left for another record, the plan's own fields) as text the
        shell keeps encrypted in the vault while locked."""
        found: dict[str, str] = {}
        if self._restoring is not None:  # given back at unlock, its chart not opened since: kept for the next time
            found |= _draft_texts(*self._restoring)
        if self._header is None:
            return found
        kept = dict(self._drafts)
        if self._current is not None and self._forms()[self._current[0]].dirty:
            kept[self._current] = self._forms()[self._current[0]].state()
        if self.plan_form.dirty:
            kept[(PLAN, None)] = self.plan_form.state()
        return found | _draft_texts(self._header.member_id, kept)

    def restore_drafts(self, drafts: dict[str, str]) -> str | None:
        """After unlock: the drafts go back into their forms once the member's plan is read again. Returns the
        member whose plan they belong to (the page opens that chart), or None."""
        member, kept = None, {}
        for key, text in drafts.items():
            parts = key.removeprefix(DRAFT_PREFIX).split(":")
            if not key.startswith(DRAFT_PREFIX) or len(parts) != 3 or (member and parts[0] != member):
                continue
            member = parts[0]
            try:
                kept[(parts[1], None if parts[2] == "new" else parts[2])] = json.loads(text)
            except ValueError:
                continue  # a damaged draft is dropped, not shown half
        self._restoring = (member, kept) if member and kept else None
        return member if self._restoring else None

    def _take_restored(self) -> Key | None:
        """Restored drafts for the member now shown: the plan's fields at once, the rest kept until opened; the
        first record with a draft is the one to open."""
        if self._restoring is None or self._header is None or self._restoring[0] != self._header.member_id:
            return None
        _member, kept = self._restoring
        self._restoring = None
        plan_state = kept.pop((PLAN, None), None)
        if plan_state is not None:
            self.plan_form.restore(plan_state)
        forms = self._forms()  # a draft for a record gone meanwhile (another device removed it) is dropped
        self._drafts.update({k: v for k, v in kept.items() if k[0] in forms and (k[1] is None or self._find(*k))})
        return next(iter(self._drafts), None)

    def has_unsaved(self) -> bool:
        current = self._forms()[self._current[0]].dirty if self._current else False
        return self.plan_form.dirty or current or bool(self._drafts)

    # ---- selecting ----------------------------------------------------------------------------------

    def _row_selected(self, kind: str, selected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        record = self._sections()[kind].model.row_object(rows[0].row())
        if kind != PROBLEM:
            self.open_record(kind, str(record.id))

    def open_record(self, kind: str, record_id: str | None) -> None:
        """Show one record's form (None: a new one); the form being left keeps its unsaved edits as a draft."""
        key: Key = (kind, record_id)
        if key == self._current and self._forms()[kind].dirty:
            return  # already open, with edits: nothing to reload
        self._stash()
        self._current = key
        for other, section in self._sections().items():
            if other != kind or record_id is None:
                section.table.clearSelection()
        today = self._data.today if self._data else date.today()
        record = self._find(kind, record_id) if record_id else None
        form = self._forms()[kind]
        if kind == GOAL:
            self.goal_form.load(record, today)  # type: ignore[arg-type]
            self._show_progress(record)  # type: ignore[arg-type]
        elif kind == INTERVENTION:
            self.step_form.load(record)  # type: ignore[arg-type]
        elif kind == BARRIER:
            self.barrier_form.load(record)  # type: ignore[arg-type]
        else:
            self.problem_form.load()
        draft = self._drafts.pop(key, None)
        if draft is not None:
            form.restore(draft)
            form.show_errors({"": self.tr("Unsaved changes kept from before: save them or change them back.")})
        self._show_detail(kind)
        self._title_detail(kind, record_id)
        self._update_save()

    def _stash(self) -> None:
        if self._current is not None and self._forms()[self._current[0]].dirty:
            self._drafts[self._current] = self._forms()[self._current[0]].state()

    def _show_detail(self, kind: str | None) -> None:
        pages = {None: 0, GOAL: 1, INTERVENTION: 2, BARRIER: 3, PROBLEM: 4}
        self.detail.setCurrentIndex(pages[kind])
        if kind is None:
            self._current = None

    def _title_detail(self, kind: str, record_id: str | None) -> None:
        title, _save, stop, history = self._page_widgets[kind]
        new = record_id is None
        names = {GOAL: (self.tr("New goal"), self.tr("Goal")),
                 INTERVENTION: (self.tr("New intervention"), self.tr("Intervention")),
                 BARRIER: (self.tr("New barrier"), self.tr("Barrier")),
                 PROBLEM: (self.tr("New problem"), "")}  # fmt: skip
        title.setText(names[kind][0 if new else 1])
        stop.setEnabled(not new)
        history.setEnabled(not new)
        if kind == GOAL:
            self.progress_box.setEnabled(not new)
            self.progress_box.setToolTip(self.tr("Save the goal first, then record its progress.") if new else "")

    def _find(self, kind: str, record_id: str | None) -> Any:
        data = self._data
        if data is None or record_id is None:
            return None
        rows = {GOAL: data.goals, INTERVENTION: data.interventions, BARRIER: data.barriers}.get(kind, ())
        return next((r for r in rows if str(r.id) == record_id), None)

    def _select_row(self, kind: str, record_id: str) -> None:
        section = self._sections()[kind]
        for row in range(section.model.rowCount()):
            if str(section.model.row_object(row).id) == record_id:
                section.table.blockSignals(True)
                section.table.selectionModel().blockSignals(True)
                section.table.selectRow(row)
                section.table.selectionModel().blockSignals(False)
                section.table.blockSignals(False)
                return

    # ---- saving -------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Ctrl+S anywhere in the editor saves the editor (the window's own Save shortcut would otherwise take it).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Save):  # fmt: skip
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
            event.accept()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        """Ctrl+S: the plan's own fields and the open form, whichever have changes."""
        saved_any = False
        if self.plan_form.dirty:
            saved_any = self._save_plan() or saved_any
        if self._current is not None and self._forms()[self._current[0]].dirty:
            saved_any = self._save_detail(self._current[0]) or saved_any
        if not saved_any and not self.has_unsaved():
            self._say(self.tr("Nothing to save."))

    def _member_id(self) -> str | None:
        return self._header.member_id if self._header else None

    def _save_plan(self) -> bool:
        member_id = self._member_id()
        if member_id is None:
            return False
        try:
            changes, due = self.plan_form.changes()
        except FormInvalid as invalid:
            self.plan_form.show_errors(invalid.errors)
            self._say(self.tr("The plan was not saved: see the messages under the fields."), error=True)
            return False
        service = self._service

        def work() -> list[ChangeSet]:
            saved = [service.update_plan(member_id, **changes)[1]] if changes else []
            return saved + (service.set_review_date(member_id, due) if due else [])

        self.plan_form.clear_errors()
        return self._run(work, lambda result: self._plan_saved(result), self.plan_form)

    def _plan_saved(self, changes: list[ChangeSet]) -> None:
        self.plan_form.dirty = False
        self._done(changes, self.tr("Plan saved."))

    def _save_detail(self, kind: str) -> bool:
        member_id = self._member_id()
        form = self._forms()[kind]
        if member_id is None or self._current is None:
            return False
        record_id = self._current[1]
        try:
            work = self._detail_work(kind, member_id, record_id)
        except FormInvalid as invalid:
            form.show_errors(invalid.errors)
            self._say(self.tr("Not saved: see the messages under the fields."), error=True)
            return False
        form.clear_errors()
        return self._run(work, lambda result: self._detail_saved(kind, record_id, result), form)

    def _detail_work(self, kind: str, member_id: str, record_id: str | None) -> Callable[[], Saved]:
        service = self._service
        if kind == PROBLEM:
            values = self.problem_form.values()
            return lambda: _new_problem(service, member_id, values)
        if kind == GOAL:
            changes = self.goal_form.changes()
            if record_id is None:
                return lambda: _new_goal(service, member_id, changes)
            return lambda: _one(service.update_goal(record_id, **changes)) if changes else (None, [])
        if kind == INTERVENTION:
            changes = self.step_form.changes()
            if record_id is None:
                return lambda: _new_step(service, member_id, changes)
            return lambda: _one(service.update_intervention(record_id, **changes)) if changes else (None, [])
        changes = self.barrier_form.changes()
        if record_id is None:
            return lambda: _new_barrier(service, member_id, changes)
        return lambda: _one(service.update_barrier(record_id, **changes)) if changes else (None, [])

    def _detail_saved(self, kind: str, record_id: str | None, result: Saved) -> None:
        record, changes = result
        form = self._forms()[kind]
        self._drafts.pop((kind, record_id), None)
        if self._current == (kind, record_id):
            form.dirty = False
            new_id = str(record.id) if isinstance(record, CarePlanGoal | CarePlanIntervention | CarePlanBarrier) \
                else None  # fmt: skip
            if kind == PROBLEM:
                self.problem_form.load()
                self._show_detail(None)
            else:
                self._current = (kind, new_id or record_id)
                self._reselect = self._current
                self._title_detail(kind, self._current[1])
        words = {GOAL: self.tr("Goal saved."), INTERVENTION: self.tr("Intervention saved."),
                 BARRIER: self.tr("Barrier saved."), PROBLEM: self.tr("Problem added.")}  # fmt: skip
        self._done(changes, words[kind] if changes else self.tr("No changes to save."))

    def discontinue(self, kind: str) -> None:
        """Discontinue the open goal or intervention: a status, so it stays listed with its history."""
        status = {GOAL: GoalStatus.DISCONTINUED, INTERVENTION: InterventionStatus.DISCONTINUED}[kind]
        form = self._forms()[kind]
        combo = form.fields["status"]
        combo.setCurrentIndex(combo.findData(status))  # type: ignore[attr-defined]
        self._save_detail(kind)

    def add_progress(self) -> None:
        if self._current is None or self._current[0] != GOAL or self._current[1] is None:
            return
        goal_id = self._current[1]
        try:
            entry = self.progress_form.entry()
        except FormInvalid as invalid:
            self.progress_form.show_errors(invalid.errors)
            return
        self.progress_form.clear_errors()
        service = self._service
        self._run(lambda: _one(service.add_progress(goal_id, **entry)), self._progress_added, self.progress_form)

    def _progress_added(self, result: tuple[CarePlanGoal, list[ChangeSet]]) -> None:
        goal, changes = result
        self.progress_form.reset(self._data.today if self._data else date.today())
        if self._current == (GOAL, str(goal.id)):
            self._show_progress(goal)
            self._reselect = self._current
        self._done(changes, self.tr("Progress added."))

    def mark_reviewed(self) -> None:
        member_id = self._member_id()
        if member_id is None:
            return
        service = self._service
        self._run(lambda: service.mark_reviewed(member_id), self._reviewed, self.plan_form)

    def _reviewed(self, changes: list[ChangeSet]) -> None:
        self.plan_form.dirty = False  # the review date now comes from the tier's schedule
        self._done(changes, self.tr("Review recorded; the next one is scheduled."))

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], form: FieldForm) -> bool:
        """One write per form at a time: a second Ctrl+S while the first is on its way must not add it twice."""
        if form in self._busy:
            return False
        self._busy.add(form)

        def finished(result: Any) -> None:
            self._busy.discard(form)
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy.discard(form)
            self._failed(exc, form)

        self._lanes.run_db(work, finished, failed)
        return True

    def _failed(self, exc: BaseException, form: FieldForm) -> None:
        message = self.tr("Not saved.") + " " + user_message(exc)
        form.show_errors({"": message})
        self._say(message, error=True)

    def _done(self, changes: list[ChangeSet], message: str) -> None:
        self._say(message)
        self._update_save()
        if changes:
            self.saved.emit(changes)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #9b1c1c;" if error else "color: #1d6b3a;")
        self.status_message.emit(text)

    def _update_save(self) -> None:
        # Enabled only with something to save: the button itself says whether there are unsaved changes.
        self.save_button.setEnabled(self._header is not None and self.has_unsaved())

    # ---- progress -----------------------------------------------------------------------------------

    def _show_progress(self, goal: CarePlanGoal | None) -> None:
        self.progress_list.clear()
        for entry in reversed(goal.progress if goal else []):
            self.progress_list.addItem(progress_line(entry.on, entry.value, entry.note, fmt_date))
        if goal is not None and not goal.progress:
            self.progress_list.addItem(self.tr("No progress recorded yet."))
        if not self.progress_form.dirty:
            self.progress_form.reset(self._data.today if self._data else date.today())

    # ---- history ------------------------------------------------------------------------------------

    def show_history(self, key: Key | None) -> RevisionHistoryDialog | None:
        """The plan's history (key None) or one record's, newest first, in a dialog."""
        member_id = self._member_id()
        if member_id is None:
            return None
        service = self._service
        kinds = {GOAL: CarePlanGoal.KIND, INTERVENTION: CarePlanIntervention.KIND, BARRIER: CarePlanBarrier.KIND}
        if key is not None and key[1] is not None and key[0] in kinds:
            kind, record_id = kinds[key[0]], key[1]
            self._lanes.run_db(lambda: service.revisions(kind, record_id), self._open_history,
                               lambda exc: self._say(user_message(exc), error=True))  # fmt: skip
        else:
            self._lanes.run_db(lambda: service.history(member_id), self._open_history,
                               lambda exc: self._say(user_message(exc), error=True))  # fmt: skip
        return None

    def _open_history(self, revisions: list[Revision]) -> None:
        if self._header is None:
            return  # locked or another member meanwhile
        dialog = RevisionHistoryDialog(revisions, self._names(), self.tr("Care-plan history"), self)
        dialog.finished.connect(dialog.deleteLater)
        self.history_dialog = dialog
        dialog.open()

    def _names(self) -> dict[str, str]:
        data = self._data
        if data is None:
            return {}
        names = {str(g.id): g.description for g in data.goals}
        names |= {str(i.id): i.action for i in data.interventions}
        names |= {str(b.id): b.description for b in data.barriers}
        names |= {str(p.id): p.description for p in (data.plan.problems if data.plan else ())}
        return names

    # ---- printed plan -------------------------------------------------------------------------------

    def print_plan(self) -> None:
        """Ask the language (the member's own first) and the coach's contact, then where to save the PDF."""
        if self._header is None:
            return
        if self.has_unsaved():
            self._say(self.tr("Save your changes first: the printed plan shows what is saved."), error=True)
            return
        options = self.ask_print_options(self, plan_language(self._header.language), self.coach)
        if options is None:
            return
        self.coach = options.coach
        path = self.ask_pdf_path(self, DEFAULT_PDF_NAME)
        if path is not None:
            self.print_to(path, options)

    def print_to(self, path: Path, options: PrintOptions) -> None:
        member_id = self._member_id()
        if member_id is None:
            return
        service = self._service
        self._lanes.run_db(lambda: service.printed_plan(member_id, options.coach, language=options.language),
                           lambda plan: self._write_pdf(member_id, plan, path),
                           lambda exc: self._say(user_message(exc), error=True))  # fmt: skip

    def _write_pdf(self, member_id: str, plan: PrintedPlan, path: Path) -> None:
        # Qt's PDF writer on the GUI thread (fonts and text layout), the audit on the db lane once the file exists.
        try:
            pages = write_pdf(plan, path)
        except OSError:
            self._say(self.tr("The PDF could not be saved there. Choose another folder."), error=True)
            return
        self.last_pdf = path
        message = self.tr("Printed plan saved as %1. Pages: %2.").replace("%1", path.name).replace("%2", str(pages))
        service = self._service
        self._lanes.run_db(lambda: service.record_printed(member_id, AuditAction.EXPORT),
                           lambda _none: self._say(message),
                           lambda exc: self._say(user_message(exc), error=True))  # fmt: skip


def _draft_texts(member_id: str, states: dict[Key, dict[str, Any]]) -> dict[str, str]:
    return {f"{DRAFT_PREFIX}{member_id}:{kind}:{record or 'new'}": json.dumps(state)
            for (kind, record), state in states.items()}  # fmt: skip


# ---- service calls run on the db lane --------------------------------------------------------------------------


def _one(result: tuple[Any, ChangeSet]) -> Saved:
    record, change = result
    return record, [change]


def _new_problem(service: CarePlanService, member_id: str, values: dict[str, Any]) -> Saved:
    plan, _problem, change = service.add_problem(member_id, values["description"], condition=values["condition"],
                                                 social_need=values["social_need"])  # fmt: skip
    return plan, [change]


def _new_goal(service: CarePlanService, member_id: str, values: dict[str, Any]) -> Saved:
    status = values.pop("status")
    goal, change = service.add_goal(member_id, **values)
    if status is GoalStatus.ACTIVE:
        return goal, [change]
    goal, second = service.set_goal_status(str(goal.id), status)
    return goal, [change, second]


def _new_step(service: CarePlanService, member_id: str, values: dict[str, Any]) -> Saved:
    status = values.pop("status")
    item, change = service.add_intervention(member_id, **values)
    if status is InterventionStatus.PLANNED:
        return item, [change]
    item, second = service.update_intervention(str(item.id), status=status)
    return item, [change, second]


def _new_barrier(service: CarePlanService, member_id: str, values: dict[str, Any]) -> Saved:
    resolved = values.pop("resolved")
    barrier, change = service.add_barrier(member_id, values["description"], values["plan"])
    if not resolved:
        return barrier, [change]
    barrier, second = service.update_barrier(str(barrier.id), resolved=True)
    return barrier, [change, second]


def _scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    return area
