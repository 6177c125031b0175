"""MI fidelity self-check: a MITI 4.2.1 tally of a coded session segment, its summary scores and bands (REFERENCE §2.4).

The thresholds are exactly the reference's; where it gives none (the adherent/non-adherent totals) no band is shown.
Summary scores are exact fractions so a score on a threshold is never pushed below it by float rounding.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, ClassVar

from pydantic import Field

from .base import DomainModel, LongText, PastDate, Record, UserId

Count = Annotated[int, Field(ge=0, le=1000)]
GlobalScore = Annotated[int, Field(ge=1, le=5, description="MITI 4 global rating, 1–5")]


class MitiCode(StrEnum):
    """The ten MITI 4 behaviour codes, tallied per utterance (open and closed questions are not split)."""

    GIVING_INFORMATION = "giving_information"
    PERSUADE = "persuade"
    PERSUADE_WITH_PERMISSION = "persuade_with_permission"
    QUESTION = "question"
    SIMPLE_REFLECTION = "simple_reflection"
    COMPLEX_REFLECTION = "complex_reflection"
    AFFIRM = "affirm"
    SEEKING_COLLABORATION = "seeking_collaboration"
    EMPHASIZING_AUTONOMY = "emphasizing_autonomy"
    CONFRONT = "confront"


class CodeCategory(StrEnum):
    MI_ADHERENT = "mi_adherent"
    MI_NON_ADHERENT = "mi_non_adherent"
    NEUTRAL = "neutral"
    UNCATEGORISED = "uncategorised"  # questions and reflections feed the ratios instead


CODE_CATEGORY: dict[MitiCode, CodeCategory] = {
    MitiCode.GIVING_INFORMATION: CodeCategory.NEUTRAL,
    MitiCode.PERSUADE: CodeCategory.MI_NON_ADHERENT,
    MitiCode.PERSUADE_WITH_PERMISSION: CodeCategory.NEUTRAL,  # not counted as non-adherent
    MitiCode.QUESTION: CodeCategory.UNCATEGORISED,
    MitiCode.SIMPLE_REFLECTION: CodeCategory.UNCATEGORISED,
    MitiCode.COMPLEX_REFLECTION: CodeCategory.UNCATEGORISED,
    MitiCode.AFFIRM: CodeCategory.MI_ADHERENT,
    MitiCode.SEEKING_COLLABORATION: CodeCategory.MI_ADHERENT,
    MitiCode.EMPHASIZING_AUTONOMY: CodeCategory.MI_ADHERENT,
    MitiCode.CONFRONT: CodeCategory.MI_NON_ADHERENT,
}


class MitiGlobals(DomainModel):
    """The four global ratings (1–5). Any may be left unrated; its summary score is then not computed."""

    cultivating_change_talk: GlobalScore | None = None  # technical
    softening_sustain_talk: GlobalScore | None = None  # technical
    partnership: GlobalScore | None = None  # relational
    empathy: GlobalScore | None = None  # relational


class MitiCounts(DomainModel):
    """Behaviour counts for one coded segment, one field per MITI 4 code."""

    giving_information: Count = 0
    persuade: Count = 0
    persuade_with_permission: Count = 0
    question: Count = 0
    simple_reflection: Count = 0
    complex_reflection: Count = 0
    affirm: Count = 0
    seeking_collaboration: Count = 0
    emphasizing_autonomy: Count = 0
    confront: Count = 0

    def of(self, code: MitiCode) -> int:
        return int(getattr(self, code.value))

    def tallied(self, code: MitiCode, by: int = 1) -> MitiCounts:
        """A copy with ``code`` counted ``by`` more (never below zero): what a tally button does."""
        return self.model_copy(update={code.value: max(0, self.of(code) + by)})


class MiFidelityReview(Record):
    """A coach's or supervisor's MITI self-check of one session. Member-scoped (it is about a member's
    session), so it syncs to the coach and her supervisor and never to a practice facilitator."""

    KIND: ClassVar[str] = "mi_fidelity_review"

    session_note_id: uuid.UUID
    coder_id: UserId
    coded_on: PastDate
    segment_minutes: Annotated[int, Field(ge=1, le=240)] | None = None  # usually a random 20 minutes
    counts: MitiCounts = Field(default_factory=MitiCounts)
    ratings: MitiGlobals = Field(default_factory=MitiGlobals)
    reflection: LongText = ""  # the coder's own notes on what to practise

    def summary(self) -> FidelitySummary:
        return summarise(self.counts, self.ratings)


# --- Summary scores and thresholds (REFERENCE §2.4) -------------------------------------------------------------


class Band(StrEnum):
    GOOD = "good"  # proficiency
    FAIR = "fair"  # basic competence
    BELOW_FAIR = "below_fair"
    NOT_APPLICABLE = "n/a"  # undefined (a zero denominator, or a global not rated)


class Measure(StrEnum):
    TECHNICAL_GLOBAL = "technical_global"
    RELATIONAL_GLOBAL = "relational_global"
    PERCENT_COMPLEX_REFLECTIONS = "percent_complex_reflections"
    REFLECTION_TO_QUESTION = "reflection_to_question"
    MI_ADHERENT = "mi_adherent"
    MI_NON_ADHERENT = "mi_non_adherent"


# (fair, good): a score at or above the value reaches the band.
THRESHOLDS: dict[Measure, tuple[Fraction, Fraction]] = {
    Measure.TECHNICAL_GLOBAL: (Fraction(3), Fraction(4)),
    Measure.RELATIONAL_GLOBAL: (Fraction(7, 2), Fraction(4)),
    Measure.PERCENT_COMPLEX_REFLECTIONS: (Fraction(2, 5), Fraction(1, 2)),
    Measure.REFLECTION_TO_QUESTION: (Fraction(1), Fraction(2)),
}

MEASURE_LABELS: dict[Measure, str] = {
    Measure.TECHNICAL_GLOBAL: "Technical global",
    Measure.RELATIONAL_GLOBAL: "Relational global",
    Measure.PERCENT_COMPLEX_REFLECTIONS: "% complex reflections",
    Measure.REFLECTION_TO_QUESTION: "Reflection-to-question ratio",
    Measure.MI_ADHERENT: "Total MI-adherent",
    Measure.MI_NON_ADHERENT: "Total MI non-adherent",
}


@dataclass(frozen=True, slots=True)
class Score:
    """One summary score: its exact value (None when undefined), band (None when the reference sets none)."""

    measure: Measure
    value: Fraction | None
    band: Band | None

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self.measure]

    def display(self) -> str:
        """How a screen shows the value: "n/a" when undefined, never infinity."""
        if self.value is None:
            return "n/a"
        if self.measure is Measure.PERCENT_COMPLEX_REFLECTIONS:
            return f"{float(self.value) * 100:.0f}%"
        if self.measure is Measure.REFLECTION_TO_QUESTION:
            return f"{float(self.value):.2f}:1"
        if self.measure in (Measure.MI_ADHERENT, Measure.MI_NON_ADHERENT):
            return str(int(self.value))
        return f"{float(self.value):.1f}"


@dataclass(frozen=True, slots=True)
class FidelitySummary:
    technical_global: Score
    relational_global: Score
    percent_complex_reflections: Score
    reflection_to_question: Score
    mi_adherent: Score
    mi_non_adherent: Score

    def scores(self) -> tuple[Score, ...]:
        return (self.technical_global, self.relational_global, self.percent_complex_reflections,
                self.reflection_to_question, self.mi_adherent, self.mi_non_adherent)  # fmt: skip


def band_for(measure: Measure, value: Fraction | None) -> Band | None:
    """Good / fair / below fair by the reference's thresholds; None for a measure it gives no threshold."""
    if measure not in THRESHOLDS:
        return None
    if value is None:
        return Band.NOT_APPLICABLE
    fair, good = THRESHOLDS[measure]
    if value >= good:
        return Band.GOOD
    return Band.FAIR if value >= fair else Band.BELOW_FAIR


def _mean(*ratings: int | None) -> Fraction | None:
    if any(r is None for r in ratings):
        return None
    return Fraction(sum(r for r in ratings if r is not None), len(ratings))


def _score(measure: Measure, value: Fraction | None) -> Score:
    return Score(measure, value, band_for(measure, value))


def summarise(counts: MitiCounts, ratings: MitiGlobals) -> FidelitySummary:
    """The MITI 4.2.1 summary scores: %CR = CR/(SR+CR), R:Q = (SR+CR)/Q (n/a at Q = 0), and the totals."""
    reflections = counts.simple_reflection + counts.complex_reflection
    percent_cr = Fraction(counts.complex_reflection, reflections) if reflections else None
    r_to_q = Fraction(reflections, counts.question) if counts.question else None
    adherent = counts.seeking_collaboration + counts.affirm + counts.emphasizing_autonomy
    non_adherent = counts.confront + counts.persuade
    return FidelitySummary(
        technical_global=_score(Measure.TECHNICAL_GLOBAL,
                                _mean(ratings.cultivating_change_talk, ratings.softening_sustain_talk)),
        relational_global=_score(Measure.RELATIONAL_GLOBAL, _mean(ratings.partnership, ratings.empathy)),
        percent_complex_reflections=_score(Measure.PERCENT_COMPLEX_REFLECTIONS, percent_cr),
        reflection_to_question=_score(Measure.REFLECTION_TO_QUESTION, r_to_q),
        mi_adherent=_score(Measure.MI_ADHERENT, Fraction(adherent)),
        mi_non_adherent=_score(Measure.MI_NON_ADHERENT, Fraction(non_adherent)),
    )  # fmt: skip
