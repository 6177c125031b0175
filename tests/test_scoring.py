"""Screening scoring: every band boundary, cut point and flag from REFERENCE §1, plus invalid answers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach_desktop.domain.member import Sex
from coach_desktop.domain.scoring import (
    AHC_FOOD_DID_NOT_LAST,
    AHC_FOOD_WORRY,
    AHC_HITS_ITEMS,
    AHC_HOUSING_PROBLEMS,
    AHC_LIVING_SITUATION,
    AHC_TRANSPORTATION,
    AHC_UTILITIES,
    AUDIT_C_ITEMS,
    GAD2_ITEMS,
    GAD7_ITEMS,
    ITEM_CODES,
    LIVING_SITUATION_LOINC,
    LOINC_CODES,
    PHQ2_ITEMS,
    PHQ9_DIFFICULTY,
    PHQ9_ITEMS,
    PHQ_GAD_ANSWER_LOINC,
    LivingSituation,
    ScoringConfig,
    needs_safety_task,
    next_instrument,
    provisional_syndrome,
    referral_categories,
    score_ahc_hrsn,
    score_audit_c,
    score_gad2,
    score_gad7,
    score_phq2,
    score_phq9,
    score_screening,
)
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.work_items import ReferralCategory


def spread(items: tuple[str, ...], total: int, *, item9: int = 0) -> dict[str, int]:
    """Answers summing to ``total`` (item 9 fixed when the instrument is the PHQ-9)."""
    answers = dict.fromkeys(items, 0)
    if items == PHQ9_ITEMS:
        answers[PHQ9_ITEMS[8]] = item9
        total -= item9
        items = PHQ9_ITEMS[:8]
    for code in items:
        answers[code] = min(3, total)
        total -= answers[code]
    assert total == 0
    return answers


# --- PHQ-9 ----------------------------------------------------------------------------------------------------


def test_us_core_worked_example() -> None:
    answers = dict(zip(PHQ9_ITEMS, [2, 2, 2, 2, 1, 1, 2, 0, 0], strict=True))
    answers[PHQ9_DIFFICULTY] = 1  # "Somewhat difficult": recorded, not scored
    result = score_phq9(answers)
    assert (result.total, result.band, result.positive) == (12, "moderate", True)
    assert "safety_item9" not in result.flags
    assert (result.loinc_panel, result.loinc_total) == ("44249-1", "44261-6")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none_minimal"), (4, "none_minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
        (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe"),
    ],
)  # fmt: skip
def test_phq9_bands(total: int, band: str) -> None:
    result = score_phq9(spread(PHQ9_ITEMS, total, item9=min(3, max(0, total - 24))))
    assert result.total == total
    assert result.band == band
    assert result.positive is (total >= 10)
    assert ("phq9_positive" in result.flags) is (total >= 10)


def test_phq9_positive_cutoff_is_configurable() -> None:
    answers = spread(PHQ9_ITEMS, 9)
    assert not score_phq9(answers).positive
    assert score_phq9(answers, positive_cutoff=9).positive


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_flag_whatever_the_total(item9: int) -> None:
    result = score_phq9(spread(PHQ9_ITEMS, item9, item9=item9))
    assert result.total == item9
    assert result.band == "none_minimal"
    assert "safety_item9" in result.flags
    assert result.sensitive
    assert any("988" in text for text in result.follow_up)


def test_item9_zero_has_no_safety_flag() -> None:
    result = score_phq9(spread(PHQ9_ITEMS, 27 - 3, item9=0))
    assert "safety_item9" not in result.flags
    assert not result.sensitive


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([2, 0, 2, 2, 2, 2, 0, 0, 0], "provisional_major_depressive_syndrome"),  # 5 at ≥2 with item 1
        ([0, 2, 2, 2, 2, 0, 0, 0, 1], "provisional_major_depressive_syndrome"),  # item 9 counts at 1
        ([1, 1, 2, 2, 2, 2, 2, 2, 0], None),  # many at ≥2 but neither item 1 nor item 2
        ([2, 0, 2, 2, 2, 0, 0, 0, 0], "provisional_other_depressive_syndrome"),  # 4 at ≥2
        ([0, 3, 2, 0, 0, 0, 0, 0, 0], "provisional_other_depressive_syndrome"),  # 2 at ≥2
        ([3, 0, 1, 1, 1, 1, 1, 1, 0], None),  # only 1 at ≥2
        ([2, 0, 0, 0, 0, 0, 0, 0, 1], "provisional_other_depressive_syndrome"),  # item 9 counts at 1
        ([1, 1, 1, 1, 1, 1, 1, 1, 1], None),  # item 9 counts but item 1/2 are not at ≥2
    ],
)
def test_provisional_syndromes(items: list[int], expected: str | None) -> None:
    assert provisional_syndrome(items) == expected
    flags = score_phq9(dict(zip(PHQ9_ITEMS, items, strict=True))).flags
    syndromes = [f for f in flags if f.startswith("provisional_")]
    assert syndromes == ([expected] if expected else [])


def test_phq9_missing_items_are_named() -> None:
    answers = spread(PHQ9_ITEMS, 5)
    del answers[PHQ9_ITEMS[8]]
    answers[PHQ9_ITEMS[2]] = None  # type: ignore[assignment]
    with pytest.raises(ValueError, match=r"missing.*44259-0.*44260-8"):
        score_phq9(answers)


@pytest.mark.parametrize("bad", [-1, 4, "2", 1.0, True, [1]])
def test_phq9_rejects_invalid_answers(bad: object) -> None:
    answers: dict[str, object] = dict(spread(PHQ9_ITEMS, 5))
    answers[PHQ9_ITEMS[0]] = bad
    with pytest.raises(ValueError, match="44250-9"):
        score_phq9(answers)


def test_phq9_rejects_unknown_item_and_bad_difficulty() -> None:
    with pytest.raises(ValueError, match="unknown item"):
        score_phq9({**spread(PHQ9_ITEMS, 5), "12345-6": 1})
    with pytest.raises(ValueError, match="difficulty"):
        score_phq9({**spread(PHQ9_ITEMS, 5), PHQ9_DIFFICULTY: 4})


def test_answers_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="mapping"):
        score_phq9([1, 2, 3])  # type: ignore[arg-type]


# --- PHQ-2, GAD-2, GAD-7 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("total", range(7))
def test_phq2_cutoff(total: int) -> None:
    result = score_phq2(spread(PHQ2_ITEMS, total))
    assert result.total == total
    assert result.positive is (total >= 3)
    assert ("give_phq9" in result.flags) is (total >= 3)
    assert result.band == ("positive" if total >= 3 else "negative")
    assert (result.loinc_panel, result.loinc_total) == ("55757-9", "55758-7")


def test_phq2_cutoff_is_configurable() -> None:
    answers = spread(PHQ2_ITEMS, 2)
    assert not score_phq2(answers).positive
    assert score_phq2(answers, positive_cutoff=2).positive
    assert score_screening(Instrument.PHQ2, answers, config=ScoringConfig(phq2_positive=2)).positive


def test_phq2_rejects_phq9_only_items() -> None:
    with pytest.raises(ValueError, match="unknown item"):
        score_phq2({**spread(PHQ2_ITEMS, 2), PHQ9_ITEMS[8]: 0})


@pytest.mark.parametrize("total", range(7))
def test_gad2_cutoff(total: int) -> None:
    result = score_gad2(spread(GAD2_ITEMS, total))
    assert result.positive is (total >= 3)
    assert ("give_gad7" in result.flags) is (total >= 3)
    assert result.loinc_total is None  # no verified GAD-2 code


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_bands(total: int, band: str) -> None:
    result = score_gad7(spread(GAD7_ITEMS, total))
    assert (result.total, result.band) == (total, band)
    assert result.positive is (total >= 10)
    assert (result.loinc_panel, result.loinc_total) == ("69737-5", "70274-6")


def test_gad7_missing_item() -> None:
    answers = spread(GAD7_ITEMS, 3)
    del answers[GAD7_ITEMS[6]]
    with pytest.raises(ValueError, match="69736-7"):
        score_gad7(answers)


# --- AUDIT-C --------------------------------------------------------------------------------------------------


def audit(q1: int, q2: int, q3: int) -> dict[str, int]:
    return dict(zip(AUDIT_C_ITEMS, (q1, q2, q3), strict=True))


@pytest.mark.parametrize(
    ("answers", "sex", "positive"),
    [
        (audit(2, 1, 0), Sex.MALE, False),  # 3: below the men's cut point
        (audit(2, 1, 1), Sex.MALE, True),  # 4
        (audit(1, 1, 0), Sex.FEMALE, False),  # 2
        (audit(1, 1, 1), Sex.FEMALE, True),  # 3
        (audit(2, 1, 0), Sex.FEMALE, True),  # 3: positive for a woman, not for a man
    ],
)
def test_audit_c_sex_cutoffs(answers: dict[str, int], sex: Sex, positive: bool) -> None:
    result = score_audit_c(answers, sex)
    assert result.positive is positive
    assert ("audit_c_positive" in result.flags) is positive
    assert "review_intake" not in result.flags
    assert (result.loinc_panel, result.loinc_total) == ("72109-2", "75626-2")


@pytest.mark.parametrize(("q1", "sex"), [(4, Sex.MALE), (3, Sex.FEMALE), (4, Sex.FEMALE)])
def test_audit_c_points_only_from_q1_is_a_hint(q1: int, sex: Sex) -> None:
    result = score_audit_c(audit(q1, 0, 0), sex)
    assert not result.positive
    assert result.band == "review_intake"
    assert "review_intake" in result.flags


def test_audit_c_q1_only_below_cutoff_is_plain_negative() -> None:
    result = score_audit_c(audit(3, 0, 0), Sex.MALE)
    assert (result.band, result.flags) == ("negative", ())


@pytest.mark.parametrize(("total_answers", "aud"), [(audit(4, 3, 0), False), (audit(4, 3, 1), True)])
def test_audit_c_possible_aud(total_answers: dict[str, int], aud: bool) -> None:
    assert ("possible_aud" in score_audit_c(total_answers, Sex.MALE).flags) is aud


def test_audit_c_possible_aud_is_configurable() -> None:
    assert "possible_aud" in score_audit_c(audit(4, 2, 0), Sex.MALE, possible_aud_cutoff=6).flags
    config = ScoringConfig(audit_c_possible_aud=6)
    assert "possible_aud" in score_screening(Instrument.AUDIT_C, audit(4, 2, 0), Sex.MALE, config=config).flags


@pytest.mark.parametrize("sex", [Sex.OTHER, Sex.UNKNOWN])
def test_audit_c_unknown_sex_uses_lower_cutoff_and_says_so(sex: Sex) -> None:
    result = score_audit_c(audit(1, 1, 1), sex)
    assert result.positive
    assert "sex_cutoff_assumed" in result.flags


def test_audit_c_requires_sex_and_valid_points() -> None:
    with pytest.raises(ValueError, match="sex"):
        score_screening(Instrument.AUDIT_C, audit(1, 1, 1))
    with pytest.raises(ValueError, match="68520-6"):
        score_audit_c(audit(1, 1, 5), Sex.MALE)
    with pytest.raises(ValueError, match="missing"):
        score_audit_c({AUDIT_C_ITEMS[0]: 1}, Sex.MALE)


# --- AHC HRSN -------------------------------------------------------------------------------------------------

NEGATIVE_AHC: dict[str, object] = {
    AHC_LIVING_SITUATION: "steady",
    AHC_HOUSING_PROBLEMS: ["none"],
    AHC_FOOD_WORRY: "never",
    AHC_FOOD_DID_NOT_LAST: "never",
    AHC_TRANSPORTATION: "no",
    AHC_UTILITIES: "no",
    **dict.fromkeys(AHC_HITS_ITEMS, 1),
}


def ahc(**changes: object) -> dict[str, object]:
    codes = {
        "living": AHC_LIVING_SITUATION, "problems": AHC_HOUSING_PROBLEMS, "food1": AHC_FOOD_WORRY,
        "food2": AHC_FOOD_DID_NOT_LAST, "transport": AHC_TRANSPORTATION, "utilities": AHC_UTILITIES,
        "hurt": AHC_HITS_ITEMS[0], "insult": AHC_HITS_ITEMS[1], "threaten": AHC_HITS_ITEMS[2],
        "scream": AHC_HITS_ITEMS[3],
    }  # fmt: skip
    answers = dict(NEGATIVE_AHC)
    for name, value in changes.items():
        answers[codes[name]] = value
    return answers


def test_ahc_all_negative() -> None:
    result = score_ahc_hrsn(NEGATIVE_AHC)
    assert (result.positive, result.band, result.flags, result.incomplete_domains) == (False, "negative", (), ())
    assert set(result.domains.values()) == {"negative"}
    assert result.hits_total == 4
    assert result.total is None
    assert result.loinc_panel == "96777-8"


@pytest.mark.parametrize(
    ("changes", "domain"),
    [
        ({"living": "worried"}, "housing"),
        ({"living": "no_steady_place"}, "housing"),
        ({"problems": ["mold"]}, "housing"),
        ({"problems": ["pests", "water_leaks"]}, "housing"),
        ({"food1": "often"}, "food"),
        ({"food1": "sometimes"}, "food"),
        ({"food2": "sometimes"}, "food"),
        ({"transport": "yes"}, "transportation"),
        ({"transport": "yes_medical"}, "transportation"),
        ({"transport": "yes_non_medical"}, "transportation"),
        ({"utilities": "yes"}, "utilities"),
        ({"utilities": "already_shut_off"}, "utilities"),
        ({"hurt": 2, "insult": 3, "threaten": 3, "scream": 3}, "safety"),  # 11
    ],
)
def test_ahc_each_domain_positive(changes: dict[str, object], domain: str) -> None:
    result = score_ahc_hrsn(ahc(**changes))
    assert result.positive
    assert result.flags == (f"hrsn_{domain}",)
    assert {d for d, r in result.domains.items() if r == "positive"} == {domain}
    assert len(result.follow_up) == 1


def test_hits_10_is_negative_11_is_positive() -> None:
    ten = score_ahc_hrsn(ahc(hurt=1, insult=3, threaten=3, scream=3))
    eleven = score_ahc_hrsn(ahc(hurt=2, insult=3, threaten=3, scream=3))
    assert (ten.hits_total, ten.domains["safety"]) == (10, "negative")
    assert (eleven.hits_total, eleven.domains["safety"]) == (11, "positive")
    assert eleven.sensitive and not ten.sensitive


@pytest.mark.parametrize(
    ("missing", "domain"),
    [
        ([AHC_LIVING_SITUATION], "housing"),
        ([AHC_HOUSING_PROBLEMS], "housing"),
        ([AHC_FOOD_DID_NOT_LAST], "food"),
        ([AHC_TRANSPORTATION], "transportation"),
        ([AHC_UTILITIES], "utilities"),
        ([AHC_HITS_ITEMS[2]], "safety"),
    ],
)
def test_ahc_unanswered_item_makes_domain_incomplete_not_negative(missing: list[str], domain: str) -> None:
    answers = {k: v for k, v in NEGATIVE_AHC.items() if k not in missing}
    result = score_ahc_hrsn(answers)
    assert result.domains[domain] == "incomplete"
    assert result.incomplete_domains == (domain,)
    assert (result.band, result.positive) == ("incomplete", False)
    assert result.flags == ("hrsn_incomplete",)


def test_ahc_empty_problem_list_is_unanswered() -> None:
    assert score_ahc_hrsn(ahc(problems=[])).domains["housing"] == "incomplete"


def test_ahc_positive_item_decides_even_with_a_gap() -> None:
    answers = ahc(food1="often")
    del answers[AHC_FOOD_DID_NOT_LAST]
    assert score_ahc_hrsn(answers).domains["food"] == "positive"
    partial = {k: v for k, v in ahc(hurt=5, insult=5, threaten=1).items() if k != AHC_HITS_ITEMS[3]}
    result = score_ahc_hrsn(partial)
    assert result.domains["safety"] == "positive"  # 11 already, and the missing item adds ≥1
    assert result.hits_total is None
    partial_low = {k: v for k, v in ahc(hurt=5, insult=4, threaten=1).items() if k != AHC_HITS_ITEMS[3]}
    assert score_ahc_hrsn(partial_low).domains["safety"] == "incomplete"


def test_ahc_empty_answers_all_incomplete() -> None:
    result = score_ahc_hrsn({})
    assert set(result.domains.values()) == {"incomplete"}
    assert len(result.incomplete_domains) == 5


@pytest.mark.parametrize(
    "changes",
    [
        {"living": "homeless"},
        {"problems": ["none", "mold"]},
        {"problems": ["asbestos"]},
        {"problems": "mold"},
        {"food1": "rarely"},
        {"transport": True},
        {"utilities": 1},
        {"hurt": 0},
        {"scream": 6},
        {"insult": True},
    ],
)
def test_ahc_rejects_invalid_answers(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="AHC HRSN"):
        score_ahc_hrsn(ahc(**changes))


def test_ahc_rejects_unknown_item() -> None:
    with pytest.raises(ValueError, match="unknown item"):
        score_ahc_hrsn({**NEGATIVE_AHC, "99999-9": "yes"})


def test_ahc_several_positive_domains() -> None:
    result = score_ahc_hrsn(ahc(living="worried", food2="often", utilities="yes"))
    assert result.flags == ("hrsn_housing", "hrsn_food", "hrsn_utilities")
    assert result.band == "positive"


# --- Dispatcher and the stored record -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "answers", "sex"),
    [
        (Instrument.PHQ2, spread(PHQ2_ITEMS, 4), None),
        (Instrument.PHQ9, spread(PHQ9_ITEMS, 16, item9=1), None),
        (Instrument.GAD2, spread(GAD2_ITEMS, 3), None),
        (Instrument.GAD7, spread(GAD7_ITEMS, 12), None),
        (Instrument.AUDIT_C, audit(2, 2, 1), Sex.FEMALE),
        (Instrument.AHC_HRSN, ahc(living="worried"), None),
    ],
)
def test_dispatcher_result_fits_screening_record(instrument: Instrument, answers: dict, sex: Sex | None) -> None:
    result = score_screening(instrument, answers, sex)
    assert result.instrument is instrument
    assert result.positive
    record = Screening(
        member_id=uuid.uuid4(),
        instrument=instrument,
        administered_at=datetime(2024, 5, 1, 15, tzinfo=UTC),
        answers=answers,
        **result.screening_fields(),
    )
    assert record.flags == list(result.flags)


def test_dispatcher_accepts_instrument_value_string() -> None:
    assert score_screening("gad7", spread(GAD7_ITEMS, 5)).band == "mild"  # type: ignore[arg-type]


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_phq9_properties(items: list[int]) -> None:
    result = score_phq9(dict(zip(PHQ9_ITEMS, items, strict=True)))
    assert result.total == sum(items)
    assert ("safety_item9" in result.flags) is (items[8] > 0)
    assert result.positive is (sum(items) >= 10)


@given(st.lists(st.integers(0, 4), min_size=3, max_size=3), st.sampled_from([Sex.MALE, Sex.FEMALE]))
def test_audit_c_properties(points: list[int], sex: Sex) -> None:
    result = score_audit_c(audit(*points), sex)
    cutoff = 4 if sex is Sex.MALE else 3
    assert result.total == sum(points)
    assert result.positive is (sum(points) >= cutoff and (points[1] or points[2]) > 0)


# --- Gaps: pre-screen gates, dispatcher cut points, combined flags, export codes ---------------------------------


@pytest.mark.parametrize(("total", "band"), [(0, "negative"), (2, "negative"), (3, "positive"), (6, "positive")])
def test_gad2_total_and_band(total: int, band: str) -> None:
    result = score_gad2(spread(GAD2_ITEMS, total))
    assert (result.total, result.band) == (total, band)
    assert next_instrument(result.flags) is (Instrument.GAD7 if total >= 3 else None)


@pytest.mark.parametrize("total", [2, 3])
def test_phq2_gates_the_phq9(total: int) -> None:
    result = score_phq2(spread(PHQ2_ITEMS, total))
    assert next_instrument(result.flags) is (Instrument.PHQ9 if total >= 3 else None)
    assert any("PHQ-9" in text for text in result.follow_up) is (total >= 3)


def test_dispatcher_passes_gad_and_phq9_cut_points() -> None:
    config = ScoringConfig(gad2_positive=2, gad7_positive=9, phq9_positive=9)
    assert score_screening(Instrument.GAD2, spread(GAD2_ITEMS, 2), config=config).positive
    assert score_screening(Instrument.GAD7, spread(GAD7_ITEMS, 9), config=config).positive
    assert not score_screening(Instrument.GAD7, spread(GAD7_ITEMS, 9)).positive
    assert score_screening(Instrument.PHQ9, spread(PHQ9_ITEMS, 9), config=config).positive


def test_item9_with_a_positive_total_keeps_every_flag_and_its_follow_up() -> None:
    items = [3, 3, 3, 3, 2, 0, 0, 0, 1]  # 15: moderately severe, 5 counted incl. item 9 at 1
    result = score_phq9(dict(zip(PHQ9_ITEMS, items, strict=True)))
    assert result.flags == ("safety_item9", "provisional_major_depressive_syndrome", "phq9_positive")
    assert needs_safety_task(result.flags)
    assert result.follow_up[0].startswith("Safety alert")  # the safety action is listed first
    assert any("not a diagnosis" in text for text in result.follow_up)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([0, 2, 2, 2, 2, 2, 0, 0, 0], "provisional_major_depressive_syndrome"),  # exactly 5, item 2 only
        ([0, 2, 2, 2, 2, 0, 0, 0, 0], "provisional_other_depressive_syndrome"),  # exactly 4
        ([2, 2, 0, 0, 0, 0, 0, 0, 0], "provisional_other_depressive_syndrome"),  # exactly 2: items 1 and 2
        ([0, 2, 0, 0, 0, 0, 0, 0, 0], None),  # item 2 alone: 1 counted
    ],
)
def test_provisional_syndrome_count_boundaries(items: list[int], expected: str | None) -> None:
    assert provisional_syndrome(items) == expected


def test_safety_task_only_for_item9() -> None:
    assert not needs_safety_task(score_phq9(spread(PHQ9_ITEMS, 27 - 3)).flags)
    assert not needs_safety_task(score_ahc_hrsn(ahc(hurt=5, insult=5, threaten=5, scream=5)).flags)


def test_hrsn_domains_map_to_referral_categories_in_order() -> None:
    result = score_ahc_hrsn(ahc(living="no_steady_place", transport="yes", hurt=3, insult=3, threaten=3, scream=3))
    assert referral_categories(result.flags) == [
        ReferralCategory.HOUSING, ReferralCategory.TRANSPORTATION, ReferralCategory.INTERPERSONAL_SAFETY]  # fmt: skip
    assert referral_categories(score_phq9(spread(PHQ9_ITEMS, 12)).flags) == []


def test_item_codes_and_loinc_carried_for_export() -> None:
    assert ITEM_CODES[Instrument.PHQ9][8] == "44260-8"
    assert ITEM_CODES[Instrument.GAD2] == ("69725-0", "68509-9")  # GAD-7 items 1 and 2 (no GAD-2 codes)
    assert ITEM_CODES[Instrument.AUDIT_C] == ("68518-0", "68519-8", "68520-6")  # Q1 is 68518-0, not 68517-2
    assert len(ITEM_CODES[Instrument.AHC_HRSN]) == 10
    assert PHQ_GAD_ANSWER_LOINC == {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
    assert LIVING_SITUATION_LOINC[LivingSituation.WORRIED] == "LA31994-9"
    for instrument in Instrument:
        result = score_screening(instrument, _zero_answers(instrument), Sex.MALE)
        assert (result.loinc_panel, result.loinc_total) == LOINC_CODES[instrument]


def _zero_answers(instrument: Instrument) -> dict[str, object]:
    if instrument is Instrument.AHC_HRSN:
        return NEGATIVE_AHC
    return dict.fromkeys(ITEM_CODES[instrument], 0)
