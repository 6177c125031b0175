"""Parts of the session-note editor: collapsible sections, a target-behaviour card with its rulers, a change-talk
row, and the words for a field problem found by the SessionNote model."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..app.session_note_form import MINUTES_RANGE, BehaviourForm, FieldProblem, ProblemCode
from ..app.session_note_service import PreviousFocus
from ..domain.session_note import StageOfChange
from .member.labels import fmt_date, label
from .ruler_widget import RulerWidget

# Problem messages are the editor's words, read beside its fields.
_PROBLEMS: dict[str, str] = {
    "minutes": QT_TRANSLATE_NOOP("SessionNoteEditor", "Enter the minutes as a whole number from %1 to %2."),
    "stage": QT_TRANSLATE_NOOP("SessionNoteEditor", "Choose the stage of change."),
    "behaviour": QT_TRANSLATE_NOOP("SessionNoteEditor", "Name the behaviour, or clear this card."),
    ProblemCode.REQUIRED: QT_TRANSLATE_NOOP("SessionNoteEditor", "This is needed."),
    ProblemCode.NOT_A_NUMBER: QT_TRANSLATE_NOOP("SessionNoteEditor", "Enter a whole number."),
    ProblemCode.TOO_SMALL: QT_TRANSLATE_NOOP("SessionNoteEditor", "The smallest allowed is %1."),
    ProblemCode.TOO_BIG: QT_TRANSLATE_NOOP("SessionNoteEditor", "The largest allowed is %1."),
    ProblemCode.TOO_LONG: QT_TRANSLATE_NOOP("SessionNoteEditor", "Too long: at most %1 characters per line or topic."),
    ProblemCode.TOO_MANY: QT_TRANSLATE_NOOP("SessionNoteEditor", "At most %1 entries."),
    ProblemCode.IN_FUTURE: QT_TRANSLATE_NOOP("SessionNoteEditor", "This cannot be in the future."),
    ProblemCode.INVALID: QT_TRANSLATE_NOOP("SessionNoteEditor", "This value is not valid."),
}


def problem_text(problem: FieldProblem) -> str:
    """What to do about a field problem, in the nurse's words (the model says what is wrong, we say how to fix it)."""
    code, name = problem.code, problem.field
    key: str = code
    if name == "minutes" and code in (ProblemCode.TOO_SMALL, ProblemCode.TOO_BIG, ProblemCode.NOT_A_NUMBER):
        key = "minutes"
    elif code is ProblemCode.REQUIRED and name.endswith((".stage", ".behaviour")):
        key = name.rsplit(".", 1)[1]
    text = QCoreApplication.translate("SessionNoteEditor", _PROBLEMS[key])
    low, high = MINUTES_RANGE
    limit = "" if problem.limit is None else str(problem.limit)
    return text.replace("%1", str(low) if key == "minutes" else limit).replace("%2", str(high))


def error_label() -> QLabel:
    """An inline message beside a field: hidden until the model finds a problem there."""
    widget = QLabel()
    widget.setObjectName("error")
    widget.setWordWrap(True)
    widget.setHidden(True)
    return widget


def show_error(widget: QLabel, text: str | None) -> None:
    widget.setText(text or "")
    widget.setHidden(not text)


class CollapsibleSection(QFrame):
    """A titled part of the note; the title button folds it away (Space/Enter on the focused title too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.toggle = QToolButton()
        self.toggle.setObjectName("sectionToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; color: #0f3646; }")
        self.toggle.toggled.connect(self.set_expanded)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 0, 4, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)

    def set_title(self, title: str) -> None:
        self.toggle.setText(title)
        self.toggle.setAccessibleName(title)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()


class BehaviourCard(QFrame):
    """One target behaviour: name, stage, importance/confidence/readiness rulers and the member's reason."""

    edited = Signal()
    remove_requested = Signal(object)  # self

    def __init__(self, previous: PreviousFocus | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("behaviourCard")
        self.setStyleSheet("QFrame#behaviourCard { border: 1px solid #c5ced6; border-radius: 6px; }")
        self.previous = previous
        self.name = QLineEdit()
        self.stage = QComboBox()
        self.stage.addItem("", "")
        for stage in StageOfChange:
            self.stage.addItem("", stage.value)
        self.remove = QPushButton()
        self.remove.setObjectName("link")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.rulers = {key: RulerWidget() for key in ("importance", "confidence", "readiness")}
        self.ruler_labels = {key: QLabel() for key in self.rulers}
        self.reason = QLineEdit()
        self.errors = {key: error_label() for key in ("behaviour", "stage", "member_reason")}
        self._layout()
        self.name.textEdited.connect(lambda _t: self.edited.emit())
        self.stage.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.reason.textEdited.connect(lambda _t: self.edited.emit())
        for ruler in self.rulers.values():
            ruler.value_changed.connect(lambda _v: self.edited.emit())
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.retranslate()

    def _layout(self) -> None:
        self.name_label, self.stage_label, self.reason_label = QLabel(), QLabel(), QLabel()
        self.name_label.setBuddy(self.name)
        self.stage_label.setBuddy(self.stage)
        self.reason_label.setBuddy(self.reason)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.name_label, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.stage_label, 0, 2)
        top_right = QHBoxLayout()
        top_right.addWidget(self.stage, 1)
        top_right.addWidget(self.remove)
        grid.addLayout(top_right, 0, 3)
        grid.addWidget(self.errors["behaviour"], 1, 1)
        grid.addWidget(self.errors["stage"], 1, 3)
        grid.addWidget(self.hint, 2, 0, 1, 4)
        # Importance and confidence side by side (the two rulers coaches compare), readiness under them.
        for (row, column), key in zip(((3, 0), (3, 2), (4, 0)), self.rulers, strict=True):
            self.ruler_labels[key].setBuddy(self.rulers[key])
            grid.addWidget(self.ruler_labels[key], row, column)
            grid.addWidget(self.rulers[key], row, column + 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.reason_label, 5, 0)
        grid.addWidget(self.reason, 5, 1, 1, 3)
        grid.addWidget(self.errors["member_reason"], 6, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Behaviour:"))
        self.name.setAccessibleName(self.tr("Target behaviour"))
        self.name.setPlaceholderText(self.tr("e.g. walk after supper"))
        self.stage_label.setText(self.tr("Stage:"))
        self.stage.setAccessibleName(self.tr("Stage of change"))
        self.stage.setItemText(0, self.tr("Choose…"))
        for index, stage in enumerate(StageOfChange, start=1):
            self.stage.setItemText(index, label(stage))
        self.remove.setText(self.tr("Remove"))
        self.remove.setAccessibleName(self.tr("Remove this behaviour"))
        titles = {"importance": self.tr("Importance:"), "confidence": self.tr("Confidence:"),
                  "readiness": self.tr("Readiness (optional):")}  # fmt: skip
        for key, ruler in self.rulers.items():
            self.ruler_labels[key].setText(titles[key])
            ruler.setAccessibleName(titles[key].rstrip(":"))
            ruler.set_texts(self.tr("not rated"), self.tr("%1 of 10"))
        self.reason_label.setText(self.tr("Member's reason:"))
        self.reason.setAccessibleName(self.tr("The member's reason, in their words"))
        self.reason.setPlaceholderText(self.tr("Why that number and not a lower one? (their words)"))
        self.hint.setText(self._previous_text())
        self.hint.setHidden(self.previous is None)

    def _previous_text(self) -> str:
        p = self.previous
        if p is None:
            return ""
        parts = [label(p.stage)]
        for word, value in ((self.tr("importance"), p.importance), (self.tr("confidence"), p.confidence),
                            (self.tr("readiness"), p.readiness)):  # fmt: skip
            if value is not None:
                parts.append(f"{word} {value}")
        return self.tr("Last time (%1): %2").replace("%1", fmt_date(p.on)).replace("%2", " · ".join(parts))

    def form(self) -> BehaviourForm:
        return BehaviourForm(
            behaviour=self.name.text(), stage=str(self.stage.currentData() or ""),
            importance=self.rulers["importance"].value(), confidence=self.rulers["confidence"].value(),
            readiness=self.rulers["readiness"].value(), member_reason=self.reason.text(),
        )  # fmt: skip

    def set_form(self, form: BehaviourForm) -> None:
        self.name.setText(form.behaviour)
        self.stage.setCurrentIndex(max(0, self.stage.findData(form.stage)))
        for key, ruler in self.rulers.items():
            ruler.set_value(getattr(form, key))
        self.reason.setText(form.member_reason)

    def set_read_only(self, read_only: bool) -> None:
        self.name.setReadOnly(read_only)
        self.reason.setReadOnly(read_only)
        self.reason.setPlaceholderText(
            "" if read_only else self.tr("Why that number and not a lower one? (their words)")
        )
        self.stage.setEnabled(not read_only)
        self.remove.setHidden(read_only)
        for ruler in self.rulers.values():
            ruler.set_read_only(read_only)

    def show_problem(self, key: str, text: str | None) -> QWidget | None:
        if key not in self.errors:
            return None
        show_error(self.errors[key], text)
        return {"behaviour": self.name, "stage": self.stage, "member_reason": self.reason}[key]

    def clear_problems(self) -> None:
        for widget in self.errors.values():
            show_error(widget, None)


class TalkRow(QWidget):
    """One DARN-CAT category heard, with the member's words (typing a quote ticks the category)."""

    edited = Signal()

    def __init__(self, category: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.heard = QCheckBox()
        self.quote = QLineEdit()
        self.error = error_label()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heard, 0, 0)
        layout.addWidget(self.quote, 0, 1)
        layout.addWidget(self.error, 1, 1)
        layout.setColumnStretch(1, 1)
        self.heard.toggled.connect(lambda _on: self.edited.emit())
        self.quote.textEdited.connect(self._typed)
        self.retranslate()

    def _typed(self, text: str) -> None:
        if text.strip() and not self.heard.isChecked():
            self.heard.setChecked(True)
        self.edited.emit()

    def retranslate(self) -> None:
        self.heard.setText(label(self.category))
        self.heard.setAccessibleName(self.tr("Change talk heard: %1").replace("%1", label(self.category)))
        self.quote.setPlaceholderText(self.tr("Their words (optional)"))
        self.quote.setAccessibleName(self.tr("Quote for %1").replace("%1", label(self.category)))

    def set_read_only(self, read_only: bool) -> None:
        self.heard.setEnabled(not read_only)
        self.quote.setReadOnly(read_only)
        self.quote.setPlaceholderText("" if read_only else self.tr("Their words (optional)"))
