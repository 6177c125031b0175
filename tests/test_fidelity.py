"""MITI 4.2.1 self-check: every fair/good boundary of REFERENCE §2.4, the undefined ratios, and the stored record."""

from __future__ import annotations

import uuid
from datetime import date
from fractions import Fraction

import pytest
from pydantic import ValidationError

from coach_desktop.domain.fidelity import (
    CODE_CATEGORY,
    THRESHOLDS,
    Band,
    CodeCategory,
    Measure,
    MiFidelityReview,
    MitiCode,
    MitiCounts,
    MitiGlobals,
    band_for,
    summarise,
)
from coach_desktop.domain.registry import parse_record


def counts(**values: int) -> MitiCounts:
    return MitiCounts(**values)


@pytest.mark.parametrize(
    ("cct", "sst", "band"),
    [(1, 1, Band.BELOW_FAIR), (3, 2, Band.BELOW_FAIR), (3, 3, Band.FAIR), (4, 3, Band.FAIR), (4, 4, Band.GOOD),
     (5, 3, Band.GOOD), (5, 5, Band.GOOD)],
)  # fmt: skip
def test_technical_global_boundaries(cct: int, sst: int, band: Band) -> None:
    score = summarise(MitiCounts(), MitiGlobals(cultivating_change_talk=cct, softening_sustain_talk=sst))
    assert score.technical_global.value == Fraction(cct + sst, 2)
    assert score.technical_global.band is band


@pytest.mark.parametrize(
    ("partnership", "empathy", "band"),
    [(3, 3, Band.BELOW_FAIR), (4, 2, Band.BELOW_FAIR), (3, 4, Band.FAIR), (5, 2, Band.FAIR), (4, 4, Band.GOOD),
     (5, 3, Band.GOOD)],
)  # fmt: skip
def test_relational_global_boundaries(partnership: int, empathy: int, band: Band) -> None:
    """Fair starts at 3.5 here, not at 3.0 as for the technical global."""
    score = summarise(MitiCounts(), MitiGlobals(partnership=partnership, empathy=empathy))
    assert score.relational_global.band is band
    assert score.relational_global.display() == f"{(partnership + empathy) / 2:.1f}"


@pytest.mark.parametrize(
    ("sr", "cr", "band", "shown"),
    [(61, 39, Band.BELOW_FAIR, "39%"), (3, 2, Band.FAIR, "40%"), (60, 40, Band.FAIR, "40%"),
     (51, 49, Band.FAIR, "49%"), (1, 1, Band.GOOD, "50%"), (50, 50, Band.GOOD, "50%"), (0, 7, Band.GOOD, "100%"),
     (7, 0, Band.BELOW_FAIR, "0%")],
)  # fmt: skip
def test_percent_complex_reflections_boundaries(sr: int, cr: int, band: Band, shown: str) -> None:
    score = summarise(counts(simple_reflection=sr, complex_reflection=cr), MitiGlobals()).percent_complex_reflections
    assert score.value == Fraction(cr, sr + cr)
    assert (score.band, score.display()) == (band, shown)


def test_exact_fractions_keep_a_score_on_the_threshold() -> None:
    """0.1 * 3 style float drift must not push 40% below fair: 2/5 is compared exactly."""
    assert band_for(Measure.PERCENT_COMPLEX_REFLECTIONS, Fraction(2, 5)) is Band.FAIR
    assert band_for(Measure.PERCENT_COMPLEX_REFLECTIONS, Fraction(2, 5) - Fraction(1, 10**9)) is Band.BELOW_FAIR


@pytest.mark.parametrize(
    ("reflections", "questions", "band", "shown"),
    [(9, 10, Band.BELOW_FAIR, "0.90:1"), (10, 10, Band.FAIR, "1.00:1"), (19, 10, Band.FAIR, "1.90:1"),
     (20, 10, Band.GOOD, "2.00:1"), (5, 1, Band.GOOD, "5.00:1"), (0, 4, Band.BELOW_FAIR, "0.00:1")],
)  # fmt: skip
def test_reflection_to_question_boundaries(reflections: int, questions: int, band: Band, shown: str) -> None:
    split = counts(simple_reflection=reflections // 2, complex_reflection=reflections - reflections // 2,
                   question=questions)  # fmt: skip
    score = summarise(split, MitiGlobals()).reflection_to_question
    assert (score.band, score.display()) == (band, shown)


def test_zero_questions_ratio_is_na_never_infinity() -> None:
    score = summarise(counts(simple_reflection=4, complex_reflection=2), MitiGlobals()).reflection_to_question
    assert (score.value, score.band, score.display()) == (None, Band.NOT_APPLICABLE, "n/a")


def test_no_reflections_makes_percent_cr_undefined() -> None:
    summary = summarise(counts(question=6), MitiGlobals())
    assert summary.percent_complex_reflections.value is None
    assert summary.percent_complex_reflections.display() == "n/a"
    assert summary.reflection_to_question.value == 0  # defined: no reflections over six questions


def test_unrated_globals_are_na() -> None:
    summary = summarise(MitiCounts(), MitiGlobals(cultivating_change_talk=5, partnership=5))
    assert summary.technical_global.band is Band.NOT_APPLICABLE
    assert summary.relational_global.display() == "n/a"


def test_totals_have_no_band_and_persuade_with_permission_is_not_non_adherent() -> None:
    tally = counts(seeking_collaboration=2, affirm=3, emphasizing_autonomy=1, confront=1, persuade=2,
                   persuade_with_permission=9, giving_information=7)  # fmt: skip
    summary = summarise(tally, MitiGlobals())
    assert (summary.mi_adherent.value, summary.mi_adherent.band) == (6, None)
    assert (summary.mi_non_adherent.value, summary.mi_non_adherent.band, summary.mi_non_adherent.display()) == (
        3, None, "3")  # fmt: skip
    assert CODE_CATEGORY[MitiCode.PERSUADE_WITH_PERMISSION] is CodeCategory.NEUTRAL
    assert Measure.MI_ADHERENT not in THRESHOLDS and Measure.MI_NON_ADHERENT not in THRESHOLDS


def test_every_code_is_a_counts_field_and_tallying_never_goes_negative() -> None:
    assert set(MitiCounts.model_fields) == {c.value for c in MitiCode} == {c.value for c in CODE_CATEGORY}
    tally = MitiCounts().tallied(MitiCode.COMPLEX_REFLECTION).tallied(MitiCode.COMPLEX_REFLECTION)
    assert tally.of(MitiCode.COMPLEX_REFLECTION) == 2
    assert tally.tallied(MitiCode.QUESTION, -1).question == 0


def test_review_record_round_trips_and_validates() -> None:
    review = MiFidelityReview(
        member_id=uuid.uuid4(), session_note_id=uuid.uuid4(), coder_id="sup.lee", coded_on=date.today(),
        segment_minutes=20, counts=counts(question=10, simple_reflection=6, complex_reflection=6),
        ratings=MitiGlobals(cultivating_change_talk=4, softening_sustain_talk=4, partnership=4, empathy=3),
    )  # fmt: skip
    again = parse_record(review.body())
    assert again == review
    assert again.kind == "mi_fidelity_review"
    bands = {s.measure: s.band for s in review.summary().scores()}
    assert bands[Measure.TECHNICAL_GLOBAL] is Band.GOOD
    assert bands[Measure.RELATIONAL_GLOBAL] is Band.FAIR
    assert bands[Measure.PERCENT_COMPLEX_REFLECTIONS] is Band.GOOD
    assert bands[Measure.REFLECTION_TO_QUESTION] is Band.FAIR
    with pytest.raises(ValidationError):
        MitiGlobals(empathy=6)
    with pytest.raises(ValidationError):
        MitiGlobals(partnership=0)
    with pytest.raises(ValidationError):
        counts(question=-1)
    with pytest.raises(ValidationError, match="member_id"):
        MiFidelityReview(session_note_id=uuid.uuid4(), coder_id="x", coded_on=date.today())
