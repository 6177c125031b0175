"""MI fidelity self-check of one session: a MITI 4.2.1 tally with its summary scores and the reference's fair/good
bands shown live (REFERENCE §2.4; the numbers come from domain/fidelity.py)."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..app.session_note_service import SessionNoteService
from ..domain.fidelity import (
    CODE_CATEGORY,
    THRESHOLDS,
    Band,
    CodeCategory,
    Measure,
    MiFidelityReview,
    MitiCode,
    MitiCounts,
    MitiGlobals,
    Score,
    summarise,
)
from ..vault.repository import ChangeSet
from .background import Lanes, user_message

CONTEXT = "FidelityDialog"
# The "+1" buttons carry a mnemonic each, so a coder listening to a recording tallies with Alt+letter.
CODE_TEXT: dict[MitiCode, str] = {
    MitiCode.GIVING_INFORMATION: QT_TRANSLATE_NOOP("FidelityDialog", "Giving &information"),
    MitiCode.PERSUADE: QT_TRANSLATE_NOOP("FidelityDialog", "&Persuade"),
    MitiCode.PERSUADE_WITH_PERMISSION: QT_TRANSLATE_NOOP("FidelityDialog", "Persuade &with permission"),
    MitiCode.QUESTION: QT_TRANSLATE_NOOP("FidelityDialog", "&Question"),
    MitiCode.SIMPLE_REFLECTION: QT_TRANSLATE_NOOP("FidelityDialog", "&Simple reflection"),
    MitiCode.COMPLEX_REFLECTION: QT_TRANSLATE_NOOP("FidelityDialog", "&Complex reflection"),
    MitiCode.AFFIRM: QT_TRANSLATE_NOOP("FidelityDialog", "&Affirm"),
    MitiCode.SEEKING_COLLABORATION: QT_TRANSLATE_NOOP("FidelityDialog", "Seeking colla&boration"),
    MitiCode.EMPHASIZING_AUTONOMY: QT_TRANSLATE_NOOP("FidelityDialog", "&Emphasizing autonomy"),
    MitiCode.CONFRONT: QT_TRANSLATE_NOOP("FidelityDialog", "Co&nfront"),
}
CATEGORY_TEXT = {
    CodeCategory.MI_ADHERENT: QT_TRANSLATE_NOOP("FidelityDialog", "MI-adherent"),
    CodeCategory.MI_NON_ADHERENT: QT_TRANSLATE_NOOP("FidelityDialog", "MI non-adherent"),
    CodeCategory.NEUTRAL: QT_TRANSLATE_NOOP("FidelityDialog", "neutral"),
    CodeCategory.UNCATEGORISED: "",
}
MEASURE_TEXT = {
    Measure.TECHNICAL_GLOBAL: QT_TRANSLATE_NOOP("FidelityDialog", "Technical global"),
    Measure.RELATIONAL_GLOBAL: QT_TRANSLATE_NOOP("FidelityDialog", "Relational global"),
    Measure.PERCENT_COMPLEX_REFLECTIONS: QT_TRANSLATE_NOOP("FidelityDialog", "% complex reflections"),
    Measure.REFLECTION_TO_QUESTION: QT_TRANSLATE_NOOP("FidelityDialog", "Reflection-to-question ratio"),
    Measure.MI_ADHERENT: QT_TRANSLATE_NOOP("FidelityDialog", "Total MI-adherent"),
    Measure.MI_NON_ADHERENT: QT_TRANSLATE_NOOP("FidelityDialog", "Total MI non-adherent"),
}
BAND_TEXT = {
    Band.GOOD: QT_TRANSLATE_NOOP("FidelityDialog", "Good (proficiency)"),
    Band.FAIR: QT_TRANSLATE_NOOP("FidelityDialog", "Fair (basic competence)"),
    Band.BELOW_FAIR: QT_TRANSLATE_NOOP("FidelityDialog", "Below fair"),
    Band.NOT_APPLICABLE: QT_TRANSLATE_NOOP("FidelityDialog", "n/a"),
}
BAND_COLOUR = {Band.GOOD: "#1d6b3a", Band.FAIR: "#1f6f8b", Band.BELOW_FAIR: "#9b1c1c", Band.NOT_APPLICABLE: "#5c6670"}
GLOBALS = (
    ("cultivating_change_talk", QT_TRANSLATE_NOOP("FidelityDialog", "Cultivating change talk")),
    ("softening_sustain_talk", QT_TRANSLATE_NOOP("FidelityDialog", "Softening sustain talk")),
    ("partnership", QT_TRANSLATE_NOOP("FidelityDialog", "Partnership")),
    ("empathy", QT_TRANSLATE_NOOP("FidelityDialog", "Empathy")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def threshold_text(measure: Measure) -> str:
    """The reference's fair and good cut-offs for a measure, in its own units; "" when it sets none."""
    if measure not in THRESHOLDS:
        return QCoreApplication.translate("FidelityDialog", "no threshold")
    fair, good = THRESHOLDS[measure]

    def show(value: Fraction) -> str:
        if measure is Measure.PERCENT_COMPLEX_REFLECTIONS:
            return f"{float(value) * 100:.0f}%"
        if measure is Measure.REFLECTION_TO_QUESTION:
            return f"{float(value):g}:1"
        return f"{float(value):.1f}"

    return (
        QCoreApplication.translate("FidelityDialog", "fair ≥ %1 · good ≥ %2")
        .replace("%1", show(fair))
        .replace("%2", show(good))
    )


class FidelityDialog(QDialog):
    saved = Signal(object)  # ChangeSet

    def __init__(self, service: SessionNoteService, lanes: Lanes, note_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._lanes, self._note_id = service, lanes, note_id
        self._review: MiFidelityReview | None = None
        self._counts = MitiCounts()
        self.setModal(True)
        self.plus: dict[MitiCode, QPushButton] = {}
        self.minus: dict[MitiCode, QPushButton] = {}
        self.count_labels: dict[MitiCode, QLabel] = {}
        self.ratings: dict[str, QComboBox] = {}
        self.score_values: dict[Measure, QLabel] = {}
        self.score_bands: dict[Measure, QLabel] = {}
        self._build()
        self.retranslate()
        self._set_enabled(False)
        self._lanes.run_db(lambda: self._service.fidelity_review(note_id), lambda r: self._load(*r), self._failed)

    # ---- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tally_box, self.globals_box, self.summary_box = QGroupBox(), QGroupBox(), QGroupBox()
        tally = QGridLayout(self.tally_box)
        for row, code in enumerate(MitiCode):
            self.plus[code], self.minus[code] = QPushButton(), QPushButton("−1")
            for button in (self.plus[code], self.minus[code]):
                button.setAutoDefault(False)  # Enter never saves by surprise in the middle of a tally
            self.count_labels[code] = QLabel("0")
            self.count_labels[code].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.count_labels[code].setMinimumWidth(self.fontMetrics().horizontalAdvance("0000"))
            self.plus[code].clicked.connect(lambda _c=False, code=code: self.tally(code, 1))
            self.minus[code].clicked.connect(lambda _c=False, code=code: self.tally(code, -1))
            category = QLabel(_tr(CATEGORY_TEXT[CODE_CATEGORY[code]]) if CATEGORY_TEXT[CODE_CATEGORY[code]] else "")
            category.setObjectName("hint")
            for column, widget in enumerate((self.plus[code], self.count_labels[code], self.minus[code], category)):
                tally.addWidget(widget, row, column)
        tally.setColumnStretch(3, 1)
        ratings = QFormLayout(self.globals_box)
        ratings.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.rating_labels: list[QLabel] = []
        for key, _text in GLOBALS:
            box = QComboBox()
            box.addItem("", None)
            for value in range(1, 6):
                box.addItem(str(value), value)
            box.currentIndexChanged.connect(self._refresh)
            self.ratings[key] = box
            name = QLabel()
            name.setBuddy(box)
            self.rating_labels.append(name)
            ratings.addRow(name, box)
        self.segment = QLineEdit()  # empty: not recorded
        self.segment.setValidator(QIntValidator(1, 240, self.segment))  # MiFidelityReview.segment_minutes
        self.segment.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000") + 24)
        self.segment_label = QLabel()
        self.segment_label.setBuddy(self.segment)
        ratings.addRow(self.segment_label, self.segment)
        summary = QGridLayout(self.summary_box)
        self.measure_labels: dict[Measure, QLabel] = {}
        self.threshold_labels: dict[Measure, QLabel] = {}
        for row, measure in enumerate(Measure):
            self.measure_labels[measure] = QLabel()
            self.score_values[measure] = QLabel()
            self.score_bands[measure] = QLabel()
            self.threshold_labels[measure] = QLabel()
            self.threshold_labels[measure].setObjectName("hint")
            for column, widget in enumerate((self.measure_labels[measure], self.score_values[measure],
                                             self.score_bands[measure], self.threshold_labels[measure])):  # fmt: skip
                summary.addWidget(widget, row, column)
        summary.setColumnStretch(3, 1)
        self.reflection_label = QLabel()
        self.reflection = QPlainTextEdit()
        self.reflection.setTabChangesFocus(True)
        self.reflection.setFixedHeight(self.reflection.fontMetrics().lineSpacing() * 3 + 16)
        self.reflection_label.setBuddy(self.reflection)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setHidden(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        right.addWidget(self.globals_box)
        right.addWidget(self.summary_box, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.tally_box, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(columns)
        layout.addWidget(self.reflection_label)
        layout.addWidget(self.reflection)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("MI fidelity self-check"))
        self.intro.setText(self.tr("Tally each coder utterance as you listen (MITI 4.2.1; usually a random "
                                   "20-minute segment). Alt+underlined letter adds one."))  # fmt: skip
        self.tally_box.setTitle(self.tr("Behaviour counts"))
        for code in MitiCode:
            self.plus[code].setText(_tr(CODE_TEXT[code]))
            name = _tr(CODE_TEXT[code]).replace("&", "")
            self.plus[code].setAccessibleName(self.tr("Add one: %1").replace("%1", name))
            self.minus[code].setAccessibleName(self.tr("Take one away: %1").replace("%1", name))
        self.globals_box.setTitle(self.tr("Global ratings (1–5)"))
        for label, (key, text) in zip(self.rating_labels, GLOBALS, strict=True):
            label.setText(_tr(text) + ":")
            self.ratings[key].setItemText(0, self.tr("Not rated"))
            self.ratings[key].setAccessibleName(_tr(text))
        self.segment_label.setText(self.tr("Minutes coded:"))
        self.segment.setPlaceholderText(self.tr("e.g. 20"))
        self.segment.setAccessibleName(self.tr("Minutes coded"))
        self.summary_box.setTitle(self.tr("Summary scores"))
        for measure in Measure:
            self.measure_labels[measure].setText(_tr(MEASURE_TEXT[measure]))
            self.threshold_labels[measure].setText(threshold_text(measure))
        self.reflection_label.setText(self.tr("What to practise next (your own notes):"))
        self.reflection.setAccessibleName(self.tr("What to practise next"))
        self._refresh()

    # ---- data --------------------------------------------------------------------------------------

    def _load(self, review: MiFidelityReview, _stored: bool) -> None:
        self._review, self._counts = review, review.counts
        for key, box in self.ratings.items():
            box.setCurrentIndex(max(0, box.findData(getattr(review.ratings, key))))
        self.segment.setText(str(review.segment_minutes or ""))
        self.reflection.setPlainText(review.reflection)
        self._set_enabled(True)
        self._refresh()

    def tally(self, code: MitiCode, by: int) -> None:
        self._counts = self._counts.tallied(code, by)
        self._refresh()

    def counts(self) -> MitiCounts:
        return self._counts

    def ratings_given(self) -> MitiGlobals:
        return MitiGlobals(**{key: box.currentData() for key, box in self.ratings.items()})

    def _refresh(self) -> None:
        if not self.score_values:
            return
        for code, label in self.count_labels.items():
            label.setText(str(self._counts.of(code)))
            self.minus[code].setEnabled(self._counts.of(code) > 0 and self._review is not None)
        for score in summarise(self._counts, self.ratings_given()).scores():
            self._show_score(score)

    def _show_score(self, score: Score) -> None:
        self.score_values[score.measure].setText(score.display())
        band = self.score_bands[score.measure]
        if score.band is None:
            band.clear()
            return
        band.setText(_tr(BAND_TEXT[score.band]))
        band.setStyleSheet(f"color: {BAND_COLOUR[score.band]}; font-weight: bold;")

    def save(self) -> None:
        if self._review is None:
            return
        minutes = int(self.segment.text()) if self.segment.text().isdigit() else None
        try:
            review = MiFidelityReview.model_validate({
                **self._review.model_dump(), "counts": self._counts, "ratings": self.ratings_given(),
                "segment_minutes": minutes, "reflection": self.reflection.toPlainText(),
            })  # fmt: skip
        except ValueError:
            self._failed(ValueError())
            return
        self._set_enabled(False)
        self._lanes.run_db(lambda: self._service.save_fidelity_review(review), lambda r: self._saved(*r),
                           self._failed)  # fmt: skip

    def _saved(self, review: MiFidelityReview, change: ChangeSet) -> None:
        self._review = review
        self.saved.emit(change)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(user_message(exc) if not isinstance(exc, ValueError) else self.tr(
            "This cannot be saved: minutes coded go from 1 to 240, and each count up to 1000."))  # fmt: skip
        self.message.setHidden(False)
        self._set_enabled(self._review is not None)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self.plus.values(), *self.ratings.values(), self.segment, self.reflection):
            widget.setEnabled(enabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(enabled)
        self._refresh()
