"""The screening form: pick an instrument, answer each item from the keyboard, see the score as it forms.

Each item is one focusable row: its number keys choose an answer (0–3 for the PHQ/GAD scale, the printed number
otherwise), the arrows move between answers and rows, Delete clears; choosing moves on to the next item. Scoring is
the domain's own (``score_screening``) so the live total, band and flags are what will be stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.member import Sex
from ..domain.scoring import SENSITIVE_FLAGS, ScreeningResult, audit_c_cutoff, score_screening
from ..domain.screening import Instrument
from .flow_layout import FlowLayout
from .member.labels import label
from .rule_text import rule_text
from .screening_items import FORMS, InstrumentForm, ScreeningItem, item_text, tr_item

Answer = int | str | list[str] | None
# Flags the lowest-possible scoring of a half-answered form already proves (more answers only add points).
CERTAIN_FLAGS = frozenset({"safety_item9", "give_phq9", "give_gad7", "phq9_positive", "gad7_positive", "possible_aud"})
_WRAP_OPTIONS_OVER = 34  # characters: longer answer texts stack one per line instead of sharing a row
_ROW_STYLE = (
    "QFrame#answerRow { border: 1px solid transparent; border-radius: 6px; background: transparent; }"
    "QFrame#answerRow:focus { border: 2px solid #1f6f8b; background: #eef6f9; }"
    "QLabel#missing { color: #9b1c1c; font-weight: bold; }"
)


class AnswerRow(QFrame):
    """One item: the question and its answers. The row, not each button, takes the keyboard focus."""

    changed = Signal()
    advance = Signal(int)  # +1 / -1: move to the next or previous row

    def __init__(self, item: ScreeningItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("answerRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.RichText)
        self.missing = QLabel()
        self.missing.setObjectName("missing")
        self.missing.hide()
        self.group = QButtonGroup(self)
        self.group.setExclusive(not item.multi)
        self.buttons: list[QAbstractButton] = []
        # Long answers get a line each, their words wrapping beside the button; short ones flow along a line.
        self._stacked = any(len(tr_item(o.text)) > _WRAP_OPTIONS_OVER for o in item.options)
        answers: QLayout = QVBoxLayout() if self._stacked else FlowLayout()
        self.option_labels: list[QLabel] = []
        for _option in item.options:
            button: QAbstractButton = QCheckBox() if item.multi else QRadioButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the row; a click still chooses
            self.group.addButton(button, len(self.buttons))
            self.buttons.append(button)
            if self._stacked:
                answers.addWidget(self._wrapped_option(button))
            else:
                answers.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.question)
        layout.addLayout(answers)
        layout.addWidget(self.missing)

    def _wrapped_option(self, button: QAbstractButton) -> QWidget:
        words = _ClickLabel(button)
        words.setWordWrap(True)
        self.option_labels.append(words)
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(words, 1)
        return holder
        self.retranslate()

    # ---- value --------------------------------------------------------------------------------------

    def value(self) -> Answer:
        if self.item.multi:
            ticked = [str(o.value) for o, b in zip(self.item.options, self.buttons, strict=True) if b.isChecked()]
            return ticked or None
        checked = self.group.checkedId()
        return None if checked < 0 else self.item.options[checked].value

    def set_value(self, value: Answer) -> None:
        wanted = set(value) if isinstance(value, list) else {value}
        exclusive = self.group.exclusive()
        self.group.setExclusive(False)  # an exclusive group cannot be emptied
        for option, button in zip(self.item.options, self.buttons, strict=True):
            button.setChecked(option.value in wanted)
        self.group.setExclusive(exclusive)
        self._describe()

    def show_missing(self, missing: bool) -> None:
        self.missing.setVisible(missing)

    # ---- keyboard -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self._choose_key(int(text))
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance.emit(1)
        elif key == Qt.Key.Key_Up:
            self.advance.emit(-1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not self.item.multi:
            self._step(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
            self.changed.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        scroller = _scroll_area(self)
        if scroller is not None:
            scroller.ensureWidgetVisible(self, 0, 12)

    def _choose_key(self, key: int) -> None:
        index = next((n for n, o in enumerate(self.item.options) if o.key == key), None)
        if index is None:
            return
        if self.item.multi:
            self.buttons[index].toggle()
            self._tidy_multi(index)
            self._describe()
            self.changed.emit()
            return
        self.buttons[index].setChecked(True)
        self._describe()
        self.changed.emit()
        self.advance.emit(1)  # one key per item: the next question is ready at once

    def _step(self, step: int) -> None:
        current = self.group.checkedId()
        index = 0 if current < 0 else max(0, min(len(self.buttons) - 1, current + step))
        self.buttons[index].setChecked(True)
        self._describe()
        self.changed.emit()

    def _clicked(self, index: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.item.multi:
            self._tidy_multi(index)
        self._describe()
        self.changed.emit()

    def _tidy_multi(self, index: int) -> None:
        """A tick on "none of these" clears the problems, and a problem clears it: the latest tick wins."""
        none = next((n for n, o in enumerate(self.item.options) if o.value == "none"), None)
        if none is None or not self.buttons[index].isChecked():
            return
        for n, button in enumerate(self.buttons):
            if (n == none) != (index == none):
                button.setChecked(False)

    # ---- words --------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        text = escape(item_text(self.item))
        self.question.setText(f"<b>{escape(self.item.number)}.</b>&nbsp; {text}")
        for index, (option, button) in enumerate(zip(self.item.options, self.buttons, strict=True)):
            if self._stacked:
                button.setText(str(option.key))
                self.option_labels[index].setText(tr_item(option.text))
            else:
                button.setText(f"{option.key}  {tr_item(option.text)}")
            button.setAccessibleName(tr_item(option.text))
        self.missing.setText(self.tr("Please answer this question."))
        keys = f"{self.item.options[0].key}–{self.item.options[-1].key}"
        hint = self.tr("Press %1 to tick or untick an answer.") if self.item.multi else self.tr("Press %1 to answer.")
        self.setAccessibleName(f"{self.item.number}. {item_text(self.item)}")
        self.setToolTip(hint.replace("%1", keys))
        self._describe()

    def _describe(self) -> None:
        chosen = [tr_item(o.text) for o, b in zip(self.item.options, self.buttons, strict=True) if b.isChecked()]
        self.setAccessibleDescription(", ".join(chosen) if chosen else self.tr("Not answered"))


class _ClickLabel(QLabel):
    """The words of a long answer: a click on them is a click on its button."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__()
        self._button = button
        self.setBuddy(button)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._button.click()
        event.accept()


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


class ScreeningForm(QWidget):
    """Instrument choice, the items, and a live result beside them. ``answers()`` is what ScreeningService takes."""

    answers_changed = Signal()
    instrument_changed = Signal(object)  # Instrument

    def __init__(self, sex: Sex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sex = sex
        self._answers: dict[str, Answer] = {}  # kept across instrument switches: shared items stay answered
        self.rows: list[AnswerRow] = []
        self.setStyleSheet(_ROW_STYLE)
        self.instrument_label = QLabel()
        self.instrument = QComboBox()
        for instrument in FORMS:
            self.instrument.addItem("", instrument)
        self.instrument_label.setBuddy(self.instrument)
        self.stem = QLabel()
        self.stem.setWordWrap(True)
        self.stem.setObjectName("hint")
        self._items = QWidget()
        self._items_box = QVBoxLayout(self._items)
        self._items_box.setContentsMargins(0, 0, 6, 0)
        self._items_box.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # answers wrap instead
        self.scroll.setWidget(self._items)
        self.live = LiveResult()
        self.live.setMaximumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.live.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self._build()
        self.instrument.currentIndexChanged.connect(lambda _i: self._load(self.current_instrument()))
        self.retranslate()
        self._load(self.current_instrument())

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.instrument_label)
        top.addWidget(self.instrument, 1)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.stem)
        left.addWidget(self.scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.live)

    # ---- public -------------------------------------------------------------------------------------

    def current_instrument(self) -> Instrument:
        return Instrument(self.instrument.currentData())

    def set_instrument(self, instrument: Instrument, carry: Mapping[str, Answer] | None = None) -> None:
        """Switch instruments; answers to shared items (PHQ-2 → PHQ-9 items 1 and 2) come along."""
        if carry:
            self._answers.update(carry)
        index = self.instrument.findData(instrument)
        if index == self.instrument.currentIndex():
            self._load(instrument)
        else:
            self.instrument.setCurrentIndex(index)

    def set_sex(self, sex: Sex | None) -> None:
        self._sex = sex
        self._update_live()

    def answers(self) -> dict[str, Answer]:
        """The current instrument's answers (unanswered optional items left out)."""
        return {row.item.code: row.value() for row in self.rows if row.value() is not None}

    def has_answers(self) -> bool:
        return any(row.value() is not None for row in self.rows)

    def missing_rows(self) -> list[AnswerRow]:
        return [row for row in self.rows if row.item.required and row.value() is None]

    def show_missing(self) -> bool:
        """Mark unanswered required items in place and go to the first; False when nothing is missing."""
        missing = self.missing_rows()
        for row in self.rows:
            row.show_missing(row in missing)
        if missing:
            missing[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return bool(missing)

    def result(self) -> ScreeningResult | None:
        """The domain's scoring of the answers so far, or None while required items are unanswered."""
        if self.missing_rows() or not self.has_answers():
            return None
        try:
            return score_screening(self.current_instrument(), self.answers(), self._sex or Sex.UNKNOWN)
        except ValueError:
            return None

    def floor_result(self) -> ScreeningResult | None:
        """Half answered: the scoring with each open item at its lowest answer, a floor the result only rises from."""
        if not self.has_answers():
            return None
        answers = dict(self.answers())
        for row in self.missing_rows():
            lowest = row.item.options[0].value
            if not isinstance(lowest, int):
                return None
            answers[row.item.code] = lowest
        try:
            return score_screening(self.current_instrument(), answers, self._sex or Sex.UNKNOWN)
        except ValueError:
            return None

    def focus_first(self) -> None:
        target = next((row for row in self.rows if row.value() is None), self.rows[0] if self.rows else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_answers(self) -> None:
        self._answers.clear()
        for row in self.rows:
            row.set_value(None)
            row.show_missing(False)
        self._update_live()

    def retranslate(self) -> None:
        self.instrument_label.setText(self.tr("&Screening:"))
        self.instrument.setAccessibleName(self.tr("Screening"))
        for index in range(self.instrument.count()):
            self.instrument.setItemText(index, tr_item(FORMS[Instrument(self.instrument.itemData(index))].name))
        self.stem.setText(tr_item(FORMS[self.current_instrument()].stem))
        self._items.setAccessibleName(self.tr("Questions"))
        for row in self.rows:
            row.retranslate()
        self.live.retranslate()
        self._update_live()

    # ---- internals ----------------------------------------------------------------------------------

    def _load(self, instrument: Instrument) -> None:
        for row in self.rows:
            if row.value() is not None:
                self._answers[row.item.code] = row.value()
        while self._items_box.count():
            child = self._items_box.takeAt(0).widget()
            if child is not None:
                child.hide()  # gone from the screen now, not at the next event loop turn
                child.setParent(None)
                child.deleteLater()
        form = FORMS[instrument]
        self.rows = []
        for item in form.items:
            if item.section:
                self._items_box.addWidget(_section(tr_item(item.section), tr_item(item.note) if item.note else ""))
            row = AnswerRow(item)
            row.set_value(self._answers.get(item.code))
            row.changed.connect(self._row_changed)
            row.advance.connect(lambda step, r=row: self._move(r, step))
            self._items_box.addWidget(row)
            self.rows.append(row)
        self._items_box.addStretch(1)
        self._tab_order()
        self.stem.setText(tr_item(form.stem))
        self._update_live()
        self.instrument_changed.emit(instrument)

    def _tab_order(self) -> None:
        chain = [self.instrument, *self.rows]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _row_changed(self) -> None:
        row = self.sender()
        if isinstance(row, AnswerRow):
            row.show_missing(False)
            self._answers[row.item.code] = row.value()
        self._update_live()
        self.answers_changed.emit()

    def _move(self, row: AnswerRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            self.rows[index].setFocus(Qt.FocusReason.TabFocusReason)
        elif index >= len(self.rows):
            self.focusNextChild()  # past the last item: on to the buttons

    def _update_live(self) -> None:
        instrument = self.current_instrument()
        answered = sum(1 for row in self.rows if row.item.scored and row.value() is not None)
        scored = [row for row in self.rows if row.item.scored]
        points = sum(v for row in scored if isinstance(v := row.value(), int))
        result = self.result()
        floor = self.floor_result() if result is None else None
        self.live.show_state(FORMS[instrument], result, answered, len(scored), points, self._sex, floor)


def _section(title: str, note: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 10, 8, 0)
    layout.setSpacing(2)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    heading.setObjectName("pageHeading")
    layout.addWidget(heading)
    if note:
        caution = QLabel(note)
        caution.setWordWrap(True)
        caution.setObjectName("warning")
        layout.addWidget(caution)
    return box


class LiveResult(QFrame):
    """Score so far, severity band and flags, in words, beside the items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.total = QLabel()
        total_font = self.total.font()
        total_font.setBold(True)
        if total_font.pointSizeF() > 0:
            total_font.setPointSizeF(total_font.pointSizeF() * 1.6)
        self.total.setFont(total_font)
        self.band = QLabel()
        self.detail = QLabel()
        for text in (self.total, self.band, self.detail):
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.total)
        layout.addWidget(self.band)
        layout.addWidget(self.detail, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Result so far"))
        self.setAccessibleName(self.tr("Result so far"))

    def show_state(self, form: InstrumentForm, result: ScreeningResult | None, answered: int, items: int,
                   points: int, sex: Sex | None, floor: ScreeningResult | None = None) -> None:  # fmt: skip
        progress = self.tr("%1 of %2 questions answered").replace("%1", str(answered)).replace("%2", str(items))
        if form.max_total is None:
            self.total.setText(progress)
        elif result is None:
            self.total.setText(self.tr("%1 so far").replace("%1", str(points)))
        else:
            total = self.tr("Total %1 of %2").replace("%1", str(result.total))
            self.total.setText(total.replace("%2", str(form.max_total)))
        shown = result or floor
        if result is not None and form.max_total is None:
            self.band.setText(label(result.band))  # social needs: positive, negative or incomplete overall
        elif result is not None:
            self.band.setText(self._band_line(result))
        elif floor is not None and floor.band not in ("positive", "negative", "review_intake"):
            self.band.setText(progress + "\n" + self.tr("At least %1 so far").replace("%1", label(floor.band)))
        else:
            self.band.setText(progress)
        certain = bool(result) or bool(floor and CERTAIN_FLAGS.intersection(floor.flags))
        tone = "error" if certain and shown and shown.sensitive else "warning" if result and result.positive else ""
        if self.band.objectName() != tone:
            self.band.setObjectName(tone)
            self.band.style().unpolish(self.band)  # the style sheet picks colours by object name
            self.band.style().polish(self.band)
        self.detail.setText(self._detail_html(form, result, sex, floor))
        summary = " · ".join(t for t in (self.total.text(), self.band.text()) if t)
        self.setAccessibleDescription(summary)

    def _band_line(self, result: ScreeningResult) -> str:
        verdict = self.tr("positive") if result.positive else self.tr("negative")
        if result.band in ("positive", "negative"):
            return label(result.band)
        return self.tr("%1 · %2").replace("%1", label(result.band)).replace("%2", verdict)

    def _detail_html(self, form: InstrumentForm, result: ScreeningResult | None, sex: Sex | None,
                     floor: ScreeningResult | None) -> str:  # fmt: skip
        parts: list[str] = []
        if form.instrument is Instrument.AUDIT_C:
            cutoff, assumed = audit_c_cutoff(sex or Sex.UNKNOWN)
            rule = self.tr("Positive at %1 or more for this member (men 4, women 3).").replace("%1", str(cutoff))
            if assumed:
                rule += " " + self.tr("Sex not recorded as male or female: the women's cut-off is used.")
            parts.append(f"<p>{escape(rule)}</p>")
        if result is None:
            certain = [f for f in floor.flags if f in CERTAIN_FLAGS] if floor else []
            if certain:
                parts.append("<p><b>" + escape(self.tr("Flags so far")) + f"</b></p><ul>{_flag_items(certain)}</ul>")
            return "".join(parts)
        if result.domain_results:
            rows = "".join(f"<li>{escape(label(domain))}: <b>{escape(label(state))}</b></li>"
                           for domain, state in result.domain_results)  # fmt: skip
            parts.append("<p><b>" + escape(self.tr("Domains")) + f"</b></p><ul>{rows}</ul>")
        if result.flags:
            parts.append("<p><b>" + escape(self.tr("Flags")) + f"</b></p><ul>{_flag_items(result.flags)}</ul>")
        if result.follow_up:
            advice = "".join(f"<li>{escape(rule_text(text))}</li>" for text in result.follow_up)
            parts.append("<p><b>" + escape(self.tr("What to do")) + f"</b></p><ul>{advice}</ul>")
        return "".join(parts)


def _flag_items(flags: tuple[str, ...] | list[str]) -> str:
    """Flags as list items; the ones a companion must not see in bold red (the coach must not miss them)."""
    return "".join(f"<li><b style='color:#9b1c1c'>{escape(label(f))}</b></li>" if f in SENSITIVE_FLAGS
                   else f"<li>{escape(label(f))}</li>" for f in flags)  # fmt: skip
