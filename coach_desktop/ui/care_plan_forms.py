"""The care-plan editor's detail forms (goal, intervention, barrier, problem), validated by the domain models.

A form never throws away what was typed: errors show under the field they concern, ``state()``/``restore()`` keep
a draft while the coach looks at another record, and ``changes()`` hands the editor only the fields that differ
from the stored record (so a sync that changed another field meanwhile is not overwritten).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ..domain.care_plan import (
    CarePlan,
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    CarePlanStatus,
    GoalStatus,
    InterventionStatus,
    Problem,
    Responsible,
)
from ..domain.member import Condition
from ..domain.scoring import AhcDomain
from .member.labels import DASH, label

Errors = dict[str, str]
NO_CONFIDENCE = -1  # the "not asked" choice of the confidence ruler


class FormInvalid(Exception):
    """The form's values do not make a valid record; ``errors`` maps field keys to what to fix."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("form invalid")
        self.errors = errors


# ---- dates ---------------------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """A typed date: ISO (2026-12-31) or as the chart shows it (31 Dec 2026); empty is None; else ValueError."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("d MMM yyyy", "d MMMM yyyy"):
        parsed = QLocale().toDate(text, fmt)
        if parsed.isValid():
            return date(parsed.year(), parsed.month(), parsed.day())
    raise ValueError("not a date")


class DateField(QWidget):
    """A date typed as text (so a wrong one stays on screen to be fixed) with a calendar to pick from."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.textChanged.connect(self.textChanged.emit)
        self.pick = QToolButton()
        self.pick.setArrowType(Qt.ArrowType.DownArrow)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_to_text)
        self.pick.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.edit)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.pick.setToolTip(self.tr("Pick from a calendar"))
        self.pick.setAccessibleName(self.tr("Pick a date from a calendar"))

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, day: date | None) -> None:
        self.edit.setText(day.isoformat() if day else "")

    def _calendar_to_text(self) -> None:
        try:
            day = parse_date(self.text())
        except ValueError:
            day = None
        if day is not None:
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, picked: QDate) -> None:
        self.edit.setText(date(picked.year(), picked.month(), picked.day()).isoformat())
        menu = self.pick.menu()
        if menu is not None:
            menu.close()
        self.edit.setFocus()


# ---- a form of fields with inline errors -----------------------------------------------------------------------


class FieldForm(QWidget):
    """Labelled fields, each with its error line beneath it; reports edits through ``edited``."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.names: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False
        self.dirty = False
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_error = QLabel()
        self.form_error.setObjectName("error")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.form)
        outer.addWidget(self.form_error)

    def add_field(self, key: str, widget: QWidget) -> None:
        name, error = QLabel(), QLabel()
        error.setObjectName("error")
        error.setWordWrap(True)
        error.hide()
        name.setBuddy(widget)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(name, holder)
        self.fields[key], self.names[key], self.errors[key] = widget, name, error
        self._watch(widget)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit | DateField | QPlainTextEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self.dirty = True
        self.edited.emit()

    def set_names(self, names: dict[str, str]) -> None:
        for key, text in names.items():
            self.names[key].setText(text)
            self.fields[key].setAccessibleName(text.replace("&", "").rstrip(":"))

    # ---- values -------------------------------------------------------------------------------------

    def text(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        assert isinstance(widget, QLineEdit | DateField)
        return widget.text()

    def state(self) -> dict[str, Any]:
        """Everything as typed (dates as text): a draft ``restore`` puts back exactly."""
        state: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                state[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                state[key] = widget.isChecked()
            else:
                state[key] = self.text(key)
        return state

    def restore(self, state: dict[str, Any], *, dirty: bool = True) -> None:
        self._loading = True
        try:
            for key, value in state.items():
                widget = self.fields.get(key)
                if isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(0, widget.findData(value)))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(str(value))
                elif isinstance(widget, QLineEdit | DateField):
                    widget.setText(str(value))
        finally:
            self._loading = False
        self.dirty = dirty

    # ---- errors -------------------------------------------------------------------------------------

    # The messages below are shared by every form: written with their own context, since self.tr() would look them
    # up under the subclass's name (GoalForm…) where lupdate never files them.

    def show_errors(self, errors: Errors) -> None:
        """Each message under its field (the first one gets the focus); anything else above the buttons."""
        first = None
        for key, error in self.errors.items():
            message = errors.get(key, "")
            error.setText(message)
            error.setVisible(bool(message))
            if message and first is None:
                first = self.fields[key]
        general = errors.get("", "")
        self.form_error.setText(general)
        self.form_error.setVisible(bool(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        self.show_errors({})

    def date_value(self, key: str, errors: Errors) -> date | None:
        try:
            return parse_date(self.text(key))
        except ValueError:
            errors[key] = QCoreApplication.translate("FieldForm", "Not a date. Type it as 2026-12-31, or pick it from "
                                                     "the calendar.")  # fmt: skip
            return None

    def model_errors(self, model: type[BaseModel], data: dict[str, Any], errors: Errors) -> None:
        """Validate ``data`` with the domain model; its complaints become words under the fields."""
        try:
            model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                key = key if key in self.fields else self.model_error_field(key)
                errors.setdefault(key, self._message(key, error))

    def model_error_field(self, key: str) -> str:
        """Where a model-level error (no field) is shown; a form may name a field."""
        return ""

    def _message(self, key: str, error: Any) -> str:
        kind = error.get("type", "")
        typed = key in self.fields and not isinstance(self.fields[key], QComboBox | QCheckBox)
        if typed and not self.text(key).strip():
            return QCoreApplication.translate("FieldForm", "Required.")
        if kind == "string_too_long":
            limit = str(error.get("ctx", {}).get("max_length", ""))
            return QCoreApplication.translate("FieldForm", "Too long: at most %1 characters.").replace("%1", limit)
        if key == "":
            return QCoreApplication.translate("FieldForm", "This cannot be saved as it is: check the fields above.")
        return QCoreApplication.translate("FieldForm", "Not valid.")


def _line() -> QLineEdit:
    edit = QLineEdit()
    edit.setClearButtonEnabled(False)
    return edit


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


def _combo(values: Sequence[object]) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem("", value)
    return combo


def relabel(combo: QComboBox, text: Callable[[object], str]) -> None:
    for index in range(combo.count()):
        combo.setItemText(index, text(combo.itemData(index)))


def set_choices(combo: QComboBox, choices: Sequence[tuple[object, str]]) -> None:
    """Replace a combo's choices, keeping the current one when it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for value, text in choices:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def _id_text(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


def _uuid(text: object) -> uuid.UUID | None:
    return uuid.UUID(str(text)) if text else None


def _changed(record: BaseModel | None, values: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ from the stored record (all of them for a new one)."""
    if record is None:
        return values
    return {key: value for key, value in values.items() if getattr(record, key) != value}


# ---- the forms -------------------------------------------------------------------------------------------------


class PlanForm(FieldForm):
    """The plan's own fields: status, next review, the member's own words, strengths."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: CarePlan | None = None
        self.today = date.today()
        self.add_field("status", _combo(list(CarePlanStatus)))
        self.add_field("review_due", DateField())
        self.add_field("member_words", _text_box(3))
        self.add_field("strengths", _text_box(2))

    def retranslate(self) -> None:
        self.set_names({"status": self.tr("Plan s&tatus:"), "review_due": self.tr("Next re&view:"),
                        "member_words": self.tr("In the member's o&wn words:"),
                        "strengths": self.tr("Strengths and &supports:")})  # fmt: skip
        relabel(self.fields["status"], label)  # type: ignore[arg-type]
        review = self.fields["review_due"]
        assert isinstance(review, DateField)
        review.retranslate()

    def load(self, plan: CarePlan | None, review_due: date | None, today: date) -> None:
        self.record, self.today = plan, today
        due = plan.review_due if plan and plan.review_due else review_due
        self.restore({"status": plan.status if plan else CarePlanStatus.ACTIVE,
                      "review_due": due.isoformat() if due else "",
                      "member_words": plan.member_words if plan else "", "strengths": plan.strengths if plan else ""},
                     dirty=False)  # fmt: skip
        self.clear_errors()

    def changes(self) -> tuple[dict[str, Any], date | None]:
        """(header field changes, the new review date or None when it did not change)."""
        errors: Errors = {}
        due = self.date_value("review_due", errors)
        state = self.state()
        values = {"status": CarePlanStatus(state["status"]), "member_words": state["member_words"].strip(),
                  "strengths": state["strengths"].strip()}  # fmt: skip
        stored = self.record
        stored_due = stored.review_due if stored else None
        new_due = due if due != stored_due else None
        if "review_due" not in errors and due is None and stored_due is not None:
            errors["review_due"] = self.tr("Give the next review date.")
        if new_due is not None and new_due < self.today:
            errors["review_due"] = self.tr("That date has passed: choose today or later.")
        self.model_errors(CarePlan, {"member_id": uuid.uuid4(), **values}, errors)
        if errors:
            raise FormInvalid(errors)
        changed = {k: v for k, v in values.items() if stored is None or getattr(stored, k) != v}
        if stored is None and changed.get("status") is CarePlanStatus.ACTIVE:
            del changed["status"]  # a new plan is active anyway
        return changed, new_due


class GoalForm(FieldForm):
    """A SMART goal in the member's words (REFERENCE §3.1): what, how measured, from and to what, by when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: CarePlanGoal | None = None
        self.today = date.today()
        self.add_field("description", _text_box(2))
        self.add_field("problem_id", QComboBox())
        self.add_field("measure", _line())
        self.add_field("baseline", _line())
        self.add_field("target", _line())
        self.add_field("target_date", DateField())
        self.add_field("status", _combo(list(GoalStatus)))
        confidence = _combo([NO_CONFIDENCE, *range(11)])
        self.add_field("confidence", confidence)
        self.low_confidence = QLabel()
        self.low_confidence.setObjectName("warning")
        self.low_confidence.setWordWrap(True)
        self.low_confidence.hide()
        self.layout().insertWidget(1, self.low_confidence)  # type: ignore[attr-defined]
        confidence.currentIndexChanged.connect(self._confidence_hint)

    def retranslate(self) -> None:
        self.set_names({
            "description": self.tr("&Goal, in the member's words:"), "problem_id": self.tr("For &problem:"),
            "measure": self.tr("M&easure:"), "baseline": self.tr("&Baseline (now):"), "target": self.tr("&Target:"),
            "target_date": self.tr("Target &date:"), "status": self.tr("&Status:"),
            "confidence": self.tr("Member's &confidence (0–10):"),
        })  # fmt: skip
        not_asked = self.tr("Not asked")
        relabel(self.fields["confidence"], lambda v: not_asked if v == NO_CONFIDENCE else str(v))  # type: ignore[arg-type]
        self.low_confidence.setText(self.tr("Confidence below 7: consider a smaller step the member feels sure of."))
        relabel(self.fields["status"], label)  # type: ignore[arg-type]
        date_field = self.fields["target_date"]
        assert isinstance(date_field, DateField)
        date_field.retranslate()

    def set_problems(self, problems: Sequence[Problem]) -> None:
        choices: list[tuple[object, str]] = [(None, self.tr("None"))]
        choices += [(str(p.id), p.description) for p in problems]  # ids as text: a combo compares text reliably
        set_choices(self.fields["problem_id"], choices)  # type: ignore[arg-type]

    def load(self, goal: CarePlanGoal | None, today: date) -> None:
        self.record, self.today = goal, today
        self.restore({
            "description": goal.description if goal else "", "problem_id": _id_text(goal.problem_id if goal else None),
            "measure": goal.measure if goal else "", "baseline": goal.baseline if goal else "",
            "target": goal.target if goal else "", "target_date": goal.target_date.isoformat() if goal else "",
            "status": goal.status if goal else GoalStatus.ACTIVE,
            "confidence": goal.confidence if goal and goal.confidence is not None else NO_CONFIDENCE,
        }, dirty=False)  # fmt: skip
        self.clear_errors()
        self._confidence_hint()

    def changes(self) -> dict[str, Any]:
        """The goal's changed fields, typed; FormInvalid (with a message per field) if anything is wrong."""
        errors: Errors = {}
        target_date = self.date_value("target_date", errors)
        state = self.state()
        values = {
            "description": state["description"].strip(), "problem_id": _uuid(state["problem_id"]),
            "measure": state["measure"].strip(), "baseline": state["baseline"].strip(),
            "target": state["target"].strip(), "target_date": target_date, "status": GoalStatus(state["status"]),
            "confidence": None if state["confidence"] == NO_CONFIDENCE else state["confidence"],
        }  # fmt: skip
        if target_date is None and "target_date" not in errors:
            errors["target_date"] = self.tr("Required: a SMART goal has a date.")
        moved = self.record is None or self.record.target_date != target_date
        if target_date is not None and moved and target_date < self.today:
            errors["target_date"] = self.tr("That date has passed: choose today or later.")
        envelope = {"member_id": uuid.uuid4(), "care_plan_id": uuid.uuid4()}
        self.model_errors(CarePlanGoal, {**envelope, **values, "target_date": target_date or self.today}, errors)
        if errors:
            raise FormInvalid(errors)
        return _changed(self.record, values)

    def _confidence_hint(self) -> None:
        value = self.state()["confidence"]
        self.low_confidence.setVisible(value != NO_CONFIDENCE and value < 7)


class ProgressForm(FieldForm):
    """One progress entry for a saved goal: when, the value reached, a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.add_field("on", DateField())
        self.add_field("value", _line())
        self.add_field("note", _line())

    def retranslate(self) -> None:
        self.set_names({"on": self.tr("O&n:"), "value": self.tr("&Value:"), "note": self.tr("N&ote:")})

    def reset(self, today: date) -> None:
        self.today = today
        self.restore({"on": today.isoformat(), "value": "", "note": ""}, dirty=False)
        self.clear_errors()

    def entry(self) -> dict[str, Any]:
        errors: Errors = {}
        on = self.date_value("on", errors) or (None if "on" in errors else self.today)
        value, note = self.text("value").strip(), self.text("note").strip()
        if on is not None and on > self.today:
            errors["on"] = self.tr("Progress is recorded on or before today.")
        if not value and not note:
            errors["value"] = self.tr("Give a value or a note.")
        if errors:
            raise FormInvalid(errors)
        return {"on": on, "value": value, "note": note}


class InterventionForm(FieldForm):
    """An action step: what, who does it (member, coach, PCP or someone named), by when, its status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: CarePlanIntervention | None = None
        self.add_field("action", _text_box(2))
        self.add_field("responsible", _combo(list(Responsible)))
        self.add_field("responsible_other", _line())
        self.add_field("due_date", DateField())
        self.add_field("status", _combo(list(InterventionStatus)))
        self.add_field("goal_id", QComboBox())
        self.fields["responsible"].currentIndexChanged.connect(self._other_enabled)  # type: ignore[attr-defined]

    def retranslate(self) -> None:
        self.set_names({
            "action": self.tr("&What:"), "responsible": self.tr("&Who is responsible:"),
            "responsible_other": self.tr("Na&me (if other):"), "due_date": self.tr("D&ue date:"),
            "status": self.tr("&Status:"), "goal_id": self.tr("For &goal:"),
        })  # fmt: skip
        relabel(self.fields["responsible"], label)  # type: ignore[arg-type]
        relabel(self.fields["status"], label)  # type: ignore[arg-type]
        due = self.fields["due_date"]
        assert isinstance(due, DateField)
        due.retranslate()

    def set_goals(self, goals: Sequence[CarePlanGoal]) -> None:
        choices: list[tuple[object, str]] = [(None, self.tr("None"))] + [(str(g.id), g.description) for g in goals]
        set_choices(self.fields["goal_id"], choices)  # type: ignore[arg-type]

    def load(self, item: CarePlanIntervention | None, goal_id: uuid.UUID | None = None) -> None:
        self.record = item
        self.restore({
            "action": item.action if item else "", "responsible": item.responsible if item else Responsible.MEMBER,
            "responsible_other": item.responsible_other if item else "",
            "due_date": item.due_date.isoformat() if item and item.due_date else "",
            "status": item.status if item else InterventionStatus.PLANNED,
            "goal_id": _id_text(item.goal_id if item else goal_id),
        }, dirty=False)  # fmt: skip
        self.clear_errors()
        self._other_enabled()

    def changes(self) -> dict[str, Any]:
        errors: Errors = {}
        due = self.date_value("due_date", errors)
        state = self.state()
        values = {
            "action": state["action"].strip(), "responsible": Responsible(state["responsible"]),
            "responsible_other": state["responsible_other"].strip(), "due_date": due,
            "status": InterventionStatus(state["status"]), "goal_id": _uuid(state["goal_id"]),
        }  # fmt: skip
        if values["responsible"] is not Responsible.OTHER:
            values["responsible_other"] = ""
        envelope = {"member_id": uuid.uuid4(), "care_plan_id": uuid.uuid4()}
        self.model_errors(CarePlanIntervention, {**envelope, **values}, errors)
        if values["responsible"] is Responsible.OTHER and not values["responsible_other"]:
            errors["responsible_other"] = self.tr("Say who is responsible.")
        if errors:
            raise FormInvalid(errors)
        return _changed(self.record, values)

    def model_error_field(self, key: str) -> str:
        return "responsible_other"  # the one model-level rule: "other" must be named

    def _other_enabled(self) -> None:
        other = self.state()["responsible"] == Responsible.OTHER
        self.fields["responsible_other"].setEnabled(other)


class BarrierForm(FieldForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: CarePlanBarrier | None = None
        self.add_field("description", _text_box(2))
        self.add_field("plan", _text_box(2))
        self.add_field("resolved", QCheckBox())

    def retranslate(self) -> None:
        self.set_names({"description": self.tr("&Barrier:"), "plan": self.tr("&Plan to get past it:"),
                        "resolved": self.tr("&Resolved:")})  # fmt: skip

    def load(self, barrier: CarePlanBarrier | None) -> None:
        self.record = barrier
        self.restore({"description": barrier.description if barrier else "", "plan": barrier.plan if barrier else "",
                      "resolved": barrier.resolved if barrier else False}, dirty=False)  # fmt: skip
        self.clear_errors()

    def changes(self) -> dict[str, Any]:
        errors: Errors = {}
        state = self.state()
        values = {"description": state["description"].strip(), "plan": state["plan"].strip(),
                  "resolved": bool(state["resolved"])}  # fmt: skip
        self.model_errors(CarePlanBarrier, {"member_id": uuid.uuid4(), "care_plan_id": uuid.uuid4(), **values},
                          errors)  # fmt: skip
        if errors:
            raise FormInvalid(errors)
        return _changed(self.record, values)


SOCIAL_NEEDS = tuple(d.value for d in AhcDomain)


class ProblemForm(FieldForm):
    """A new problem: a clinical one linked to one of the member's conditions, or a social need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_field("description", _line())
        self.add_field("condition", QComboBox())
        self.add_field("social_need", _combo([None, *SOCIAL_NEEDS]))

    def retranslate(self) -> None:
        self.set_names({"description": self.tr("&Problem:"), "condition": self.tr("Linked &condition:"),
                        "social_need": self.tr("Or &social need:")})  # fmt: skip
        relabel(self.fields["social_need"], lambda v: label(v) if v else self.tr("None"))  # type: ignore[arg-type]

    def set_conditions(self, conditions: Sequence[Condition]) -> None:
        choices: list[tuple[object, str]] = [(None, self.tr("None"))] + [(c, label(c)) for c in conditions]
        set_choices(self.fields["condition"], choices)  # type: ignore[arg-type]

    def load(self) -> None:
        self.restore({"description": "", "condition": None, "social_need": None}, dirty=False)
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        errors: Errors = {}
        state = self.state()
        values = {"description": state["description"].strip(), "condition": state["condition"],
                  "social_need": state["social_need"]}  # fmt: skip
        if values["condition"] is not None and values["social_need"] is not None:
            errors["social_need"] = self.tr("Link a condition or a social need, not both.")
        self.model_errors(Problem, values, errors)
        if errors:
            raise FormInvalid(errors)
        return values


def progress_line(on: date, value: str, note: str, fmt: Callable[[date], str]) -> str:
    return " — ".join(part for part in (fmt(on), value, note) if part) or DASH
