"""Pure scoring of the screening instruments (REFERENCE §1): totals, bands, flags and plain-language follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .member import Sex
from .screening import Instrument
from .work_items import ReferralCategory

# --- Item codes (LOINC, REFERENCE §1.2–1.5) -------------------------------------------------------------------

PHQ9_ITEMS: tuple[str, ...] = (
    "44250-9",  # 1 little interest or pleasure
    "44255-8",  # 2 down, depressed, hopeless
    "44259-0",  # 3 sleep
    "44254-1",  # 4 tired
    "44251-7",  # 5 appetite
    "44258-2",  # 6 feeling bad about self
    "44252-5",  # 7 concentrating
    "44253-3",  # 8 psychomotor
    "44260-8",  # 9 better off dead / self-harm (critical item)
)
PHQ9_ITEM9 = PHQ9_ITEMS[8]
PHQ9_DIFFICULTY = "69722-7"  # functional difficulty: recorded, never added to the total
PHQ2_ITEMS: tuple[str, ...] = PHQ9_ITEMS[:2]

GAD7_ITEMS: tuple[str, ...] = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
GAD2_ITEMS: tuple[str, ...] = GAD7_ITEMS[:2]

AUDIT_C_Q1 = "68518-0"  # how often a drink (0–4 points)
AUDIT_C_Q2 = "68519-8"  # drinks on a typical day (0–4 points)
AUDIT_C_Q3 = "68520-6"  # how often 6 or more (0–4 points)
AUDIT_C_ITEMS: tuple[str, ...] = (AUDIT_C_Q1, AUDIT_C_Q2, AUDIT_C_Q3)

AHC_LIVING_SITUATION = "71802-3"
AHC_HOUSING_PROBLEMS = "96778-6"
AHC_FOOD_WORRY = "88122-7"
AHC_FOOD_DID_NOT_LAST = "88123-5"
AHC_TRANSPORTATION = "93030-5"
AHC_UTILITIES = "96779-4"
AHC_HITS_ITEMS: tuple[str, ...] = ("95618-5", "95617-7", "95616-9", "95615-1")  # hurt, insult, threaten, scream
AHC_ITEMS: tuple[str, ...] = (
    AHC_LIVING_SITUATION, AHC_HOUSING_PROBLEMS, AHC_FOOD_WORRY, AHC_FOOD_DID_NOT_LAST,
    AHC_TRANSPORTATION, AHC_UTILITIES, *AHC_HITS_ITEMS,
)  # fmt: skip
AHC_HITS_TOTAL_LOINC = "95614-4"

# LOINC answer codes for the shared 0–3 PHQ/GAD scale (REFERENCE §1.0), for FHIR export.
PHQ_GAD_ANSWER_LOINC: dict[int, str] = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}

# (panel, total) LOINC per instrument (REFERENCE §1.7). GAD-2 has no verified code; AHC has no overall total.
LOINC_CODES: dict[Instrument, tuple[str | None, str | None]] = {
    Instrument.PHQ2: ("55757-9", "55758-7"),
    Instrument.PHQ9: ("44249-1", "44261-6"),
    Instrument.GAD2: (None, None),
    Instrument.GAD7: ("69737-5", "70274-6"),
    Instrument.AUDIT_C: ("72109-2", "75626-2"),
    Instrument.AHC_HRSN: ("96777-8", None),
}

# Item codes per instrument, in form order, for editors and FHIR export. The AHC items take coded answers.
ITEM_CODES: dict[Instrument, tuple[str, ...]] = {
    Instrument.PHQ2: PHQ2_ITEMS,
    Instrument.PHQ9: PHQ9_ITEMS,
    Instrument.GAD2: GAD2_ITEMS,
    Instrument.GAD7: GAD7_ITEMS,
    Instrument.AUDIT_C: AUDIT_C_ITEMS,
    Instrument.AHC_HRSN: AHC_ITEMS,
}

# --- Configurable cut points (defaults straight from REFERENCE §1) ---------------------------------------------

PHQ2_POSITIVE = 3
GAD2_POSITIVE = 3
PHQ9_POSITIVE = 10
GAD7_POSITIVE = 10
AUDIT_C_POSITIVE_MEN = 4
AUDIT_C_POSITIVE_WOMEN = 3
AUDIT_C_POSSIBLE_AUD = 8
HITS_POSITIVE_ABOVE = 10  # positive when the sum is > 10 (≥ 11)

PHQ9_BANDS: tuple[tuple[int, str], ...] = (
    (0, "none_minimal"), (5, "mild"), (10, "moderate"), (15, "moderately_severe"), (20, "severe"),
)  # fmt: skip
GAD7_BANDS: tuple[tuple[int, str], ...] = ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe"))

# Flags a companion must never see on screen (REFERENCE §1.2 item 9, §1.5 interpersonal safety).
SENSITIVE_FLAGS = frozenset({"safety_item9", "hrsn_safety"})


# --- AHC answer codes ---------------------------------------------------------------------------------------


class LivingSituation(StrEnum):
    STEADY = "steady"
    WORRIED = "worried"  # has a place but worried about losing it
    NO_STEADY_PLACE = "no_steady_place"  # with others, shelter, car, street…


LIVING_SITUATION_LOINC: dict[LivingSituation, str] = {
    LivingSituation.STEADY: "LA31993-1",
    LivingSituation.WORRIED: "LA31994-9",
    LivingSituation.NO_STEADY_PLACE: "LA31995-6",
}


class HousingProblem(StrEnum):
    PESTS = "pests"
    MOLD = "mold"
    LEAD = "lead_paint_or_pipes"
    NO_HEAT = "lack_of_heat"
    OVEN_STOVE = "oven_or_stove_not_working"
    SMOKE_DETECTORS = "smoke_detectors_missing"
    WATER_LEAKS = "water_leaks"
    NONE = "none"


class FoodAnswer(StrEnum):
    OFTEN = "often"
    SOMETIMES = "sometimes"
    NEVER = "never"


class TransportationAnswer(StrEnum):
    YES = "yes"
    YES_MEDICAL = "yes_medical"  # 2017 version splits "yes"; both halves are positive
    YES_NON_MEDICAL = "yes_non_medical"
    NO = "no"


class UtilitiesAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    ALREADY_SHUT_OFF = "already_shut_off"


class HitsAnswer(IntEnum):
    NEVER = 1
    RARELY = 2
    SOMETIMES = 3
    FAIRLY_OFTEN = 4
    FREQUENTLY = 5


class AhcDomain(StrEnum):
    HOUSING = "housing"
    FOOD = "food"
    TRANSPORTATION = "transportation"
    UTILITIES = "utilities"
    SAFETY = "safety"


_CODES: dict[type[StrEnum], frozenset[str]] = {
    codes: frozenset(member.value for member in codes)
    for codes in (LivingSituation, FoodAnswer, TransportationAnswer, UtilitiesAnswer)
}


class DomainResult(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    INCOMPLETE = "incomplete"


# --- Result ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Program-tunable cut points; defaults are the published ones."""

    phq2_positive: int = PHQ2_POSITIVE
    gad2_positive: int = GAD2_POSITIVE
    phq9_positive: int = PHQ9_POSITIVE
    gad7_positive: int = GAD7_POSITIVE
    audit_c_possible_aud: int = AUDIT_C_POSSIBLE_AUD


DEFAULT_CONFIG = ScoringConfig()


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """What a scored screening says. ``domain_results`` is only filled for the AHC tool."""

    instrument: Instrument
    total: int | None
    band: str
    positive: bool
    flags: tuple[str, ...] = ()
    follow_up: tuple[str, ...] = ()
    loinc_panel: str | None = None
    loinc_total: str | None = None
    incomplete_domains: tuple[str, ...] = ()
    domain_results: tuple[tuple[str, str], ...] = ()
    hits_total: int | None = None  # AHC only; kept out of ``total`` so a list view never shows it

    @property
    def domains(self) -> dict[str, str]:
        return dict(self.domain_results)

    @property
    def sensitive(self) -> bool:
        """True when the result must not be shown where a companion could see it."""
        return any(flag in SENSITIVE_FLAGS for flag in self.flags)

    def screening_fields(self) -> dict[str, object]:
        """The fields a :class:`~coach_desktop.domain.screening.Screening` record stores."""
        return {
            "total": self.total,
            "band": self.band,
            "positive": self.positive,
            "flags": list(self.flags),
            "follow_up": list(self.follow_up),
        }


# --- Follow-up actions the app takes or offers -------------------------------------------------------------------

# A positive pre-screen gates the full instrument (REFERENCE §1.1, §1.3).
NEXT_INSTRUMENT: dict[str, Instrument] = {"give_phq9": Instrument.PHQ9, "give_gad7": Instrument.GAD7}

# Each positive AHC domain prompts a referral of the matching kind and a follow-up task (REFERENCE §1.5).
HRSN_REFERRAL_CATEGORY: dict[str, ReferralCategory] = {
    "hrsn_housing": ReferralCategory.HOUSING,
    "hrsn_food": ReferralCategory.FOOD,
    "hrsn_transportation": ReferralCategory.TRANSPORTATION,
    "hrsn_utilities": ReferralCategory.UTILITIES,
    "hrsn_safety": ReferralCategory.INTERPERSONAL_SAFETY,
}

# Flags that need a same-day safety task that cannot be closed without a documented assessment (REFERENCE §1.2).
SAFETY_TASK_FLAGS = frozenset({"safety_item9"})


def next_instrument(flags: tuple[str, ...] | list[str]) -> Instrument | None:
    """The full instrument a positive pre-screen calls for (PHQ-2 → PHQ-9, GAD-2 → GAD-7), else None."""
    return next((NEXT_INSTRUMENT[f] for f in flags if f in NEXT_INSTRUMENT), None)


def referral_categories(flags: tuple[str, ...] | list[str]) -> list[ReferralCategory]:
    """The referral kinds a screening's positive social-need domains call for, in domain order."""
    return [HRSN_REFERRAL_CATEGORY[f] for f in flags if f in HRSN_REFERRAL_CATEGORY]


def needs_safety_task(flags: tuple[str, ...] | list[str]) -> bool:
    return not SAFETY_TASK_FLAGS.isdisjoint(flags)


# --- Plain-language follow-up ---------------------------------------------------------------------------------

FOLLOW_UP: dict[str, str] = {
    "safety_item9": (
        "Safety alert (item 9): do a same-day suicide-risk assessment (for example C-SSRS or ASQ), make a warm "
        "handoff to the PCP or behavioral health, and give crisis resources (call or text 988). Acknowledge and "
        "document it."
    ),
    "provisional_major_depressive_syndrome": (
        "Answers fit a provisional major depressive syndrome. This is not a diagnosis: share it with the PCP."
    ),
    "provisional_other_depressive_syndrome": (
        "Answers fit a provisional other depressive syndrome. This is not a diagnosis: share it with the PCP."
    ),
    "phq9_positive": "Positive depression screen: tell the PCP and offer a behavioral-health referral.",
    "give_phq9": "Positive PHQ-2: give the full PHQ-9 now.",
    "give_gad7": "Positive GAD-2: give the full GAD-7 now.",
    "gad7_positive": "Positive anxiety screen: tell the PCP and offer a behavioral-health referral.",
    "audit_c_positive": "Positive alcohol screen: talk about drinking in an MI style and tell the PCP.",
    "review_intake": (
        "All points come from how often the member drinks (questions 2 and 3 are 0). Review the intake before "
        "calling it positive: this is probably drinking within limits."
    ),
    "possible_aud": "Score suggests a possible alcohol use disorder: tell the PCP and discuss a referral.",
    "sex_cutoff_assumed": "Sex not recorded as male or female: the lower (women's) AUDIT-C cutoff was used.",
    "hrsn_housing": "Housing need: offer a housing referral and set a follow-up task.",
    "hrsn_food": "Food need: offer a food resource referral and set a follow-up task.",
    "hrsn_transportation": "Transportation need: offer a transportation referral and set a follow-up task.",
    "hrsn_utilities": "Utilities need: offer a utility-assistance referral and set a follow-up task.",
    "hrsn_safety": (
        "Interpersonal safety concern: plan a private, safety-planned follow-up. Never show or discuss this "
        "where a companion could see or hear."
    ),
    "hrsn_incomplete": "Some questions were not answered: ask them when it is private and appropriate.",
}


def _follow_up(flags: list[str]) -> tuple[str, ...]:
    return tuple(FOLLOW_UP[flag] for flag in flags if flag in FOLLOW_UP)


# --- Answer validation ----------------------------------------------------------------------------------------


def _check_keys(name: str, answers: Mapping[str, object], allowed: tuple[str, ...]) -> None:
    if not isinstance(answers, Mapping):
        raise ValueError(f"{name} answers must be a mapping of item code to answer")
    unknown = sorted(key for key in answers if key not in allowed)
    if unknown:
        raise ValueError(f"{name}: unknown item code(s) {', '.join(unknown)}")


def _points(name: str, answers: Mapping[str, object], items: tuple[str, ...], low: int, high: int) -> list[int]:
    """Each required item's points, or a ValueError naming every missing or out-of-range item."""
    missing = [code for code in items if answers.get(code) is None]
    if missing:
        raise ValueError(f"{name}: missing answer(s) for item(s) {', '.join(missing)}")
    points: list[int] = []
    for code in items:
        value = answers[code]
        # bool is an int subclass: True must not score as 1.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name}: item {code} must be a whole number {low}–{high}, got {value!r}")
        points.append(value)
    return points


def _band(total: int, bands: tuple[tuple[int, str], ...]) -> str:
    name = bands[0][1]
    for low, band in bands:
        if total >= low:
            name = band
    return name


# --- PHQ / GAD ------------------------------------------------------------------------------------------------


def score_phq2(answers: Mapping[str, object], *, positive_cutoff: int = PHQ2_POSITIVE) -> ScreeningResult:
    """PHQ-2 (0–6): positive at ≥ cutoff (default 3, some programs use 2) → give the PHQ-9."""
    _check_keys("PHQ-2", answers, PHQ2_ITEMS)
    total = sum(_points("PHQ-2", answers, PHQ2_ITEMS, 0, 3))
    positive = total >= positive_cutoff
    flags = ["give_phq9"] if positive else []
    return _result(Instrument.PHQ2, total, "positive" if positive else "negative", positive, flags)


def score_phq9(answers: Mapping[str, object], *, positive_cutoff: int = PHQ9_POSITIVE) -> ScreeningResult:
    """PHQ-9 (0–27) with bands, the item-9 safety flag (whatever the total) and the provisional syndromes."""
    _check_keys("PHQ-9", answers, (*PHQ9_ITEMS, PHQ9_DIFFICULTY))
    items = _points("PHQ-9", answers, PHQ9_ITEMS, 0, 3)
    difficulty = answers.get(PHQ9_DIFFICULTY)
    if difficulty is not None and (isinstance(difficulty, bool) or difficulty not in (0, 1, 2, 3)):
        raise ValueError(f"PHQ-9: difficulty {PHQ9_DIFFICULTY} must be 0–3, got {difficulty!r}")
    total = sum(items)
    flags: list[str] = []
    if items[8] >= 1:
        flags.append("safety_item9")
    syndrome = provisional_syndrome(items)
    if syndrome:
        flags.append(syndrome)
    positive = total >= positive_cutoff
    if positive:
        flags.append("phq9_positive")
    return _result(Instrument.PHQ9, total, _band(total, PHQ9_BANDS), positive, flags)


def provisional_syndrome(items: list[int]) -> str | None:
    """PHQ manual algorithm (provisional, never a diagnosis).

    Items at ≥2 count; item 9 counts if it is ≥1. The PHQ manual applies the item-9 rule to both syndromes.
    """
    counted = [i for i, points in enumerate(items) if points >= 2 or (i == 8 and points >= 1)]
    if not (0 in counted or 1 in counted):
        return None
    if len(counted) >= 5:
        return "provisional_major_depressive_syndrome"
    if 2 <= len(counted) <= 4:
        return "provisional_other_depressive_syndrome"
    return None


def score_gad2(answers: Mapping[str, object], *, positive_cutoff: int = GAD2_POSITIVE) -> ScreeningResult:
    """GAD-2 (0–6): positive at ≥3 → give the GAD-7."""
    _check_keys("GAD-2", answers, GAD2_ITEMS)
    total = sum(_points("GAD-2", answers, GAD2_ITEMS, 0, 3))
    positive = total >= positive_cutoff
    flags = ["give_gad7"] if positive else []
    return _result(Instrument.GAD2, total, "positive" if positive else "negative", positive, flags)


def score_gad7(answers: Mapping[str, object], *, positive_cutoff: int = GAD7_POSITIVE) -> ScreeningResult:
    """GAD-7 (0–21): bands 0–4 / 5–9 / 10–14 / 15–21; the usual referral cut point is ≥10."""
    _check_keys("GAD-7", answers, GAD7_ITEMS)
    total = sum(_points("GAD-7", answers, GAD7_ITEMS, 0, 3))
    positive = total >= positive_cutoff
    flags = ["gad7_positive"] if positive else []
    return _result(Instrument.GAD7, total, _band(total, GAD7_BANDS), positive, flags)


# --- AUDIT-C --------------------------------------------------------------------------------------------------


def audit_c_cutoff(sex: Sex | None) -> tuple[int, bool]:
    """The positive cut point for ``sex`` and whether it was assumed (other/unknown get the lower, women's one)."""
    if sex is None:
        raise ValueError("AUDIT-C needs the member's sex: its positive cut point differs for men and women")
    if sex is Sex.MALE:
        return AUDIT_C_POSITIVE_MEN, False
    if sex is Sex.FEMALE:
        return AUDIT_C_POSITIVE_WOMEN, False
    return AUDIT_C_POSITIVE_WOMEN, True


def score_audit_c(
    answers: Mapping[str, object], sex: Sex | None, *, possible_aud_cutoff: int = AUDIT_C_POSSIBLE_AUD
) -> ScreeningResult:
    """AUDIT-C (0–12): men ≥4, women ≥3; points only from Q1 give a "review intake" hint, not a hard positive."""
    _check_keys("AUDIT-C", answers, AUDIT_C_ITEMS)
    q1, q2, q3 = _points("AUDIT-C", answers, AUDIT_C_ITEMS, 0, 4)
    total = q1 + q2 + q3
    cutoff, assumed = audit_c_cutoff(sex)
    flags: list[str] = ["sex_cutoff_assumed"] if assumed else []
    over = total >= cutoff
    q1_only = q2 == 0 and q3 == 0
    positive = over and not q1_only
    if positive:
        flags.append("audit_c_positive")
    elif over:
        flags.append("review_intake")
    if total >= possible_aud_cutoff:
        flags.append("possible_aud")
    band = "positive" if positive else "review_intake" if over else "negative"
    return _result(Instrument.AUDIT_C, total, band, positive, flags)


# --- AHC HRSN -------------------------------------------------------------------------------------------------


def _coded(answers: Mapping[str, object], code: str, allowed: type[StrEnum]) -> str | None:
    value = answers.get(code)
    if value is None:
        return None
    if not isinstance(value, str) or value not in _CODES[allowed]:
        raise ValueError(f"AHC HRSN: item {code} must be one of {[m.value for m in allowed]}, got {value!r}")
    return str(value)


def _housing_problems(answers: Mapping[str, object]) -> list[str] | None:
    value = answers.get(AHC_HOUSING_PROBLEMS)
    if value is None or (isinstance(value, list | tuple) and not value):
        return None  # nothing ticked, not even "none": unanswered
    if not isinstance(value, list | tuple):
        raise ValueError(f"AHC HRSN: item {AHC_HOUSING_PROBLEMS} must be a list of problems")
    allowed = {p.value for p in HousingProblem}
    bad = [v for v in value if v not in allowed]
    if bad:
        raise ValueError(f"AHC HRSN: unknown housing problem(s) {bad!r}")
    if HousingProblem.NONE.value in value and len(set(value)) > 1:
        raise ValueError("AHC HRSN: 'none' cannot be ticked together with a housing problem")
    return [str(v) for v in value]


def _domain(positives: list[bool | None]) -> DomainResult:
    """Any positive item decides; otherwise an unanswered item makes the domain incomplete, never negative."""
    if any(p is True for p in positives):
        return DomainResult.POSITIVE
    if any(p is None for p in positives):
        return DomainResult.INCOMPLETE
    return DomainResult.NEGATIVE


def _hits(answers: Mapping[str, object]) -> tuple[DomainResult, int | None]:
    values: list[int | None] = []
    for code in AHC_HITS_ITEMS:
        value = answers.get(code)
        if value is None:
            values.append(None)
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"AHC HRSN: safety item {code} must be 1–5, got {value!r}")
        else:
            values.append(value)
    answered = sum(v for v in values if v is not None)
    if None in values:
        # Each missing item adds at least 1, so a partial sum already over the cut point decides it.
        return (DomainResult.POSITIVE if answered > HITS_POSITIVE_ABOVE else DomainResult.INCOMPLETE), None
    return (DomainResult.POSITIVE if answered > HITS_POSITIVE_ABOVE else DomainResult.NEGATIVE), answered


def _ahc_domains(answers: Mapping[str, object]) -> tuple[dict[AhcDomain, DomainResult], int | None]:
    living = _coded(answers, AHC_LIVING_SITUATION, LivingSituation)
    problems = _housing_problems(answers)
    food = [_coded(answers, code, FoodAnswer) for code in (AHC_FOOD_WORRY, AHC_FOOD_DID_NOT_LAST)]
    transport = _coded(answers, AHC_TRANSPORTATION, TransportationAnswer)
    utilities = _coded(answers, AHC_UTILITIES, UtilitiesAnswer)
    safety, hits_total = _hits(answers)
    domains = {
        AhcDomain.HOUSING: _domain(
            [
                None if living is None else living != LivingSituation.STEADY,
                None if problems is None else any(p != HousingProblem.NONE for p in problems),
            ]
        ),
        AhcDomain.FOOD: _domain([None if f is None else f != FoodAnswer.NEVER for f in food]),
        AhcDomain.TRANSPORTATION: _domain([None if transport is None else transport != TransportationAnswer.NO]),
        AhcDomain.UTILITIES: _domain([None if utilities is None else utilities != UtilitiesAnswer.NO]),
        AhcDomain.SAFETY: safety,
    }
    return domains, hits_total


def score_ahc_hrsn(answers: Mapping[str, object]) -> ScreeningResult:
    """AHC HRSN core tool: positive / negative / incomplete per domain; the member-level result is the positives."""
    _check_keys("AHC HRSN", answers, AHC_ITEMS)
    domains, hits_total = _ahc_domains(answers)
    positive_domains = [d.value for d, r in domains.items() if r is DomainResult.POSITIVE]
    incomplete = tuple(d.value for d, r in domains.items() if r is DomainResult.INCOMPLETE)
    flags = [f"hrsn_{d}" for d in positive_domains] + (["hrsn_incomplete"] if incomplete else [])
    band = "positive" if positive_domains else "incomplete" if incomplete else "negative"
    panel, _total = LOINC_CODES[Instrument.AHC_HRSN]
    return ScreeningResult(
        instrument=Instrument.AHC_HRSN,
        total=None,
        band=band,
        positive=bool(positive_domains),
        flags=tuple(flags),
        follow_up=_follow_up(flags),
        loinc_panel=panel,
        loinc_total=None,
        incomplete_domains=incomplete,
        domain_results=tuple((d.value, r.value) for d, r in domains.items()),
        hits_total=hits_total,
    )


# --- Dispatcher -----------------------------------------------------------------------------------------------


def _result(instrument: Instrument, total: int, band: str, positive: bool, flags: list[str]) -> ScreeningResult:
    panel, total_code = LOINC_CODES[instrument]
    return ScreeningResult(
        instrument=instrument,
        total=total,
        band=band,
        positive=positive,
        flags=tuple(flags),
        follow_up=_follow_up(flags),
        loinc_panel=panel,
        loinc_total=total_code,
    )


def score_screening(
    instrument: Instrument,
    answers: Mapping[str, object],
    sex: Sex | None = None,
    *,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> ScreeningResult:
    """Score any supported instrument. AUDIT-C needs ``sex`` (its cut point is sex-specific)."""
    instrument = Instrument(instrument)
    if instrument is Instrument.PHQ2:
        return score_phq2(answers, positive_cutoff=config.phq2_positive)
    if instrument is Instrument.PHQ9:
        return score_phq9(answers, positive_cutoff=config.phq9_positive)
    if instrument is Instrument.GAD2:
        return score_gad2(answers, positive_cutoff=config.gad2_positive)
    if instrument is Instrument.GAD7:
        return score_gad7(answers, positive_cutoff=config.gad7_positive)
    if instrument is Instrument.AUDIT_C:
        return score_audit_c(answers, sex, possible_aud_cutoff=config.audit_c_possible_aud)
    return score_ahc_hrsn(answers)
