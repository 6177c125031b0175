"""Synthetic panel generator: determinism, validity, calibration to REFERENCE §7, canaries and planted edge cases."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta

import pytest

from coach_desktop.domain.base import Record
from coach_desktop.domain.care_plan import CarePlan, CarePlanGoal
from coach_desktop.domain.member import Condition, Language, Member, RiskTier
from coach_desktop.domain.observation import ObservationType, Setting
from coach_desktop.domain.registry import parse_record
from coach_desktop.domain.scoring import score_screening
from coach_desktop.domain.screening import Instrument
from coach_desktop.domain.session_note import NoteStatus
from coach_desktop.domain.synthetic import EDGE_CASES, SyntheticPanel, generate_panel, iter_records
from coach_desktop.domain.work_items import TaskType, TransitionEvent

# A fixed past "today" makes every planted date exact; 2025-06-30 is a Monday two weeks after Juneteenth.
TODAY = date(2025, 6, 30)
SEED = 2024
PLAN_FIELDS = frozenset(
    {"next_contact_date", "due", "target_date", "expected_by", "scheduled_for", "review_due", "follow_up_deadline",
     "due_date"}
)  # fmt: skip
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$")


@pytest.fixture(scope="module")
def panel() -> SyntheticPanel:
    return generate_panel(5000, seed=SEED, today=TODAY)


@pytest.fixture(scope="module")
def records(panel: SyntheticPanel) -> list[Record]:
    return list(iter_records(panel))


@pytest.fixture(scope="module")
def bodies(records: list[Record]) -> list[dict]:
    return [r.body() for r in records]


def dump(panel: SyntheticPanel) -> str:
    return json.dumps([r.body() for r in iter_records(panel)], ensure_ascii=False)


def share(hits: int, total: int) -> float:
    return 100 * hits / total


# --- Determinism and validity ---------------------------------------------------------------------------------


def test_same_seed_same_panel_different_seed_different_panel() -> None:
    first = dump(generate_panel(150, seed=7, today=TODAY))
    assert first == dump(generate_panel(150, seed=7, today=TODAY))
    assert first != dump(generate_panel(150, seed=8, today=TODAY))


def test_output_does_not_depend_on_the_hash_seed() -> None:
    # Set iteration order changes with PYTHONHASHSEED; the panel must not.
    script = (
        "import hashlib, json, datetime;"
        "from coach_desktop.domain.synthetic import generate_panel, iter_records;"
        "p = generate_panel(80, seed=9, today=datetime.date(2025, 6, 30));"
        "print(hashlib.sha256(json.dumps([r.body() for r in iter_records(p)]).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True, text=True, check=True, cwd=os.path.dirname(os.path.dirname(__file__)),
        ).stdout
        for hash_seed in ("1", "2")
    }  # fmt: skip
    assert len(digests) == 1


def test_default_today_is_the_real_date_and_nothing_is_in_the_future() -> None:
    small = generate_panel(40, seed=3)
    assert small.today == date.today()
    assert_no_future_dates([r.body() for r in iter_records(small)], date.today())


def test_every_record_round_trips_through_the_registry(records: list[Record], bodies: list[dict]) -> None:
    for record, body in zip(records, bodies, strict=True):
        parsed = parse_record(body)  # full validation, including each signed note's hash check
        assert type(parsed) is type(record)
        assert parsed == record


def test_ids_are_unique_and_children_point_at_existing_parents(panel: SyntheticPanel, records: list[Record]) -> None:
    assert len({r.id for r in records}) == len(records)
    member_ids = {m.id for m in panel.members}
    assert all(r.member_id in member_ids for r in records if not isinstance(r, Member) and r.SCOPE == "member")
    plans = {p.id for p in panel.care_plans}
    assert all(g.care_plan_id in plans for g in panel.goals)
    assert all(i.care_plan_id in plans for i in panel.interventions)
    resources = {r.id for r in panel.resources}
    assert all(r.resource_id in resources for r in panel.referrals)
    notes = {n.id: n for n in panel.session_notes}
    assert all(a.note_content_hash == notes[a.note_id].content_hash for a in panel.addenda)


def test_iter_records_yields_members_first_and_parents_before_children(panel: SyntheticPanel) -> None:
    ordered = list(iter_records(panel))
    assert all(isinstance(r, Member) for r in ordered[: len(panel.members)])
    assert len(ordered) == panel.record_count()
    position = {r.id: i for i, r in enumerate(ordered)}
    assert all(position[g.care_plan_id] < position[g.id] for g in panel.goals)
    assert all(position[a.note_id] < position[a.id] for a in panel.addenda)


def assert_no_future_dates(bodies: list[dict], today: date) -> None:
    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key not in PLAN_FIELDS and DATE_TEXT.match(value):
            assert value[:10] <= today.isoformat(), f"{key}={value} is after {today}"

    for body in bodies:
        walk(body)


def test_no_date_is_in_the_future(bodies: list[dict]) -> None:
    assert_no_future_dates(bodies, TODAY)


def test_signed_notes_carry_their_content_hash(panel: SyntheticPanel) -> None:
    signed = [n for n in panel.session_notes if n.status is NoteStatus.SIGNED]
    assert len(signed) > 0.8 * len(panel.session_notes)
    assert all(n.content_hash == n.compute_content_hash() for n in signed)
    assert {n.mode.value for n in panel.session_notes} == {"in_person", "telephone", "video"}
    assert {b.stage.value for n in panel.session_notes for b in n.behaviours} >= {"precontemplation", "maintenance"}
    assert any(t.category.value == "taking_steps" for n in panel.session_notes for t in n.change_talk)
    per_member = defaultdict(int)
    for note in panel.session_notes:
        per_member[note.member_id] += 1
    assert max(per_member.values()) <= 8


def test_stored_screening_results_match_the_scoring_module(panel: SyntheticPanel) -> None:
    sexes = {m.id: m.sex for m in panel.members}
    for screening in panel.screenings:
        result = score_screening(screening.instrument, screening.answers, sexes[screening.member_id])
        assert (screening.total, screening.band, screening.positive) == (result.total, result.band, result.positive)
        assert screening.flags == list(result.flags)
    assert {s.instrument for s in panel.screenings} == set(Instrument)


def test_item9_screens_link_a_safety_task(panel: SyntheticPanel) -> None:
    tasks = {str(t.id): t for t in panel.tasks}
    flagged = [s for s in panel.screenings if "safety_item9" in s.flags]
    assert flagged
    for screening in flagged:
        task = tasks[screening.safety_assessment_task_id or ""]
        assert task.type is TaskType.SAFETY_ASSESSMENT
        assert (task.source_kind, task.source_id) == ("screening", screening.id)
        assert task.due == screening.administered_at.date()
        assert task.status.value == "open" or task.resolution.strip()  # closed only with a documented assessment


def test_members_look_plausible(panel: SyntheticPanel) -> None:
    assert len({m.medicaid_id for m in panel.members}) == len(panel.members)
    assert all(re.fullmatch(r"SC\d{9}", m.medicaid_id) for m in panel.members)
    assert all("555-01" in m.phone for m in panel.members if m.phone)
    assert all(18 <= m.age_on(TODAY) <= 63 for m in panel.members)
    assert share(sum(m.age_on(TODAY) >= 40 for m in panel.members), len(panel.members)) > 60
    assert all(m.risk_reason for m in panel.members)
    assert all(m.address.state == "OK" and re.fullmatch(r"7[34]\d{3}", m.address.postal_code) for m in panel.members)
    assert any(not m.family_name.isascii() for m in panel.members)  # Peña, Muñoz, Nguyễn…
    assert {m.practice_id for m in panel.members} == {"practice-001", "practice-002"}
    contacts = [m for m in panel.members if m.authorized_contacts]
    assert 10 < share(len(contacts), len(panel.members)) < 30
    assert share(sum(m.enrollment_status.value == "enrolled" for m in panel.members), len(panel.members)) > 75


def test_risk_tiers_follow_the_proposed_rules(panel: SyntheticPanel) -> None:
    for member in panel.members:
        if member.admissions_12m >= 2 or member.ed_visits_12m >= 3:
            assert member.risk_tier is RiskTier.HIGH, member.risk_reason
    assert {m.risk_tier for m in panel.members} == set(RiskTier)


# --- Distributions (REFERENCE §7) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "target"),
    [(Condition.HYPERTENSION, 55), (Condition.DIABETES, 35), (Condition.DEPRESSION, 35), (Condition.ASTHMA, 20),
     (Condition.COPD, 15), (Condition.HEART_FAILURE, 8), (Condition.OBESITY, 50)],
)  # fmt: skip
def test_comorbidity_rates(panel: SyntheticPanel, condition: Condition, target: float) -> None:
    rate = share(sum(condition in m.conditions for m in panel.members), len(panel.members))
    assert abs(rate - target) <= 4


def test_comorbidities_are_correlated(panel: SyntheticPanel) -> None:
    diabetic = [m for m in panel.members if Condition.DIABETES in m.conditions]
    others = [m for m in panel.members if Condition.DIABETES not in m.conditions]
    with_htn = share(sum(Condition.HYPERTENSION in m.conditions for m in diabetic), len(diabetic))
    without = share(sum(Condition.HYPERTENSION in m.conditions for m in others), len(others))
    assert with_htn > without + 10


def latest_by_member(panel: SyntheticPanel, kind: ObservationType) -> dict:
    readings = defaultdict(list)
    for obs in panel.observations:
        if obs.type is kind and obs.setting is Setting.OFFICE:
            readings[obs.member_id].append(obs)
    return {
        mid: [o for o in obs if o.effective_on == max(x.effective_on for x in obs)] for mid, obs in readings.items()
    }


def test_a1c_distribution(panel: SyntheticPanel) -> None:
    latest = [max(o.value for o in day) for day in latest_by_member(panel, ObservationType.A1C).values()]
    assert abs(statistics.mean(latest) - 8.2) <= 0.3
    assert abs(share(sum(v > 9 for v in latest), len(latest)) - 25) <= 5
    diabetics = sum(Condition.DIABETES in m.conditions for m in panel.members)
    assert abs(share(len(latest), diabetics) - 85) <= 4  # 15% with no A1c in the year


def test_blood_pressure_control(panel: SyntheticPanel) -> None:
    hypertensive = {m.id for m in panel.members if Condition.HYPERTENSION in m.conditions}
    latest = {mid: day for mid, day in latest_by_member(panel, ObservationType.BLOOD_PRESSURE).items()
              if mid in hypertensive}  # fmt: skip
    # CBP: the lowest systolic and the lowest diastolic on the most recent day.
    controlled = sum(min(o.value for o in d) < 140 and min(o.diastolic or 0 for o in d) < 90 for d in latest.values())
    assert abs(share(controlled, len(latest)) - 61) <= 5
    assert sum(len(day) > 1 for day in latest.values()) > 0.15 * len(latest)  # same-day repeats
    terminal_zero = [o.value for o in panel.observations if o.type is ObservationType.BLOOD_PRESSURE]
    assert share(sum(v % 10 == 0 for v in terminal_zero), len(terminal_zero)) > 15  # 10% + preference


def test_bmi_distribution(panel: SyntheticPanel) -> None:
    latest = [day[0].value for day in latest_by_member(panel, ObservationType.BMI).values()]
    assert 45 <= share(sum(v >= 30 for v in latest), len(latest)) <= 52
    assert 75 <= share(sum(v >= 25 for v in latest), len(latest)) <= 82


def test_spanish_share_and_names(panel: SyntheticPanel) -> None:
    spanish = [m for m in panel.members if m.preferred_language is Language.SPANISH]
    assert 20 <= share(len(spanish), len(panel.members)) <= 25
    accented = sum(any(c in m.family_name + m.given_name for c in "áéíóúñÁÉÍÓÚÑ") for m in spanish)
    assert share(accented, len(spanish)) > 40


@pytest.mark.parametrize(
    ("band", "target"),
    [("none_minimal", 35), ("mild", 30), ("moderate", 20), ("moderately_severe", 10), ("severe", 5)],
)
def test_phq9_band_shares(panel: SyntheticPanel, band: str, target: float) -> None:
    phq9 = [s for s in panel.screenings if s.instrument is Instrument.PHQ9]
    assert abs(share(sum(s.band == band for s in phq9), len(phq9)) - target) <= 3


def test_phq9_item9_share_is_small_and_concentrated_at_high_totals(panel: SyntheticPanel) -> None:
    phq9 = [s for s in panel.screenings if s.instrument is Instrument.PHQ9]
    flagged = [s for s in phq9 if "safety_item9" in s.flags]
    assert 5 <= share(len(flagged), len(phq9)) <= 8
    assert share(sum((s.total or 0) >= 15 for s in flagged), len(flagged)) > 60


@pytest.mark.parametrize(
    ("flag", "low", "high"),
    [("hrsn_food", 25, 35), ("hrsn_housing", 20, 30), ("hrsn_transportation", 15, 20), ("hrsn_utilities", 10, 15),
     ("hrsn_safety", 3, 5)],
)  # fmt: skip
def test_ahc_domain_positive_rates(panel: SyntheticPanel, flag: str, low: float, high: float) -> None:
    ahc = [s for s in panel.screenings if s.instrument is Instrument.AHC_HRSN]
    assert low <= share(sum(flag in s.flags for s in ahc), len(ahc)) <= high


def test_ahc_any_positive_and_incomplete(panel: SyntheticPanel) -> None:
    ahc = [s for s in panel.screenings if s.instrument is Instrument.AHC_HRSN]
    assert 40 <= share(sum(s.positive for s in ahc), len(ahc)) <= 55
    assert 0 < share(sum("hrsn_incomplete" in s.flags for s in ahc), len(ahc)) < 10


def test_utilisation(panel: SyntheticPanel) -> None:
    assert abs(statistics.mean(m.ed_visits_12m for m in panel.members) - 1.6) <= 0.25
    assert abs(statistics.mean(m.admissions_12m for m in panel.members) - 0.4) <= 0.1
    ed_events = sum(t.event is TransitionEvent.ED_VISIT for t in panel.transitions)
    assert ed_events == sum(m.ed_visits_12m for m in panel.members)


def test_referrals_and_tasks_cover_their_states(panel: SyntheticPanel) -> None:
    assert {r.status.value for r in panel.referrals} == {
        "draft", "sent", "scheduled", "completed", "loop_closed", "declined", "cancelled"
    }  # fmt: skip
    assert {t.status.value for t in panel.tasks} == {"open", "done", "cancelled"}
    assert {t.type for t in panel.tasks} >= {TaskType.INTERACTIVE_CONTACT, TaskType.SAFETY_ASSESSMENT,
                                             TaskType.REFERRAL_FOLLOW_UP, TaskType.CONTACT_DUE}  # fmt: skip
    assert len(panel.resources) >= 8 and all(r.member_id is None for r in panel.resources)


# --- Canary ---------------------------------------------------------------------------------------------------


def test_canary_prefixes_every_family_name() -> None:
    canary = "ZZCANARY-1a2b"
    marked = generate_panel(60, seed=5, today=TODAY, canary=canary)
    assert all(m.family_name.startswith(canary) for m in marked.members)
    assert canary in dump(marked)


def test_no_canary_anywhere_when_not_set() -> None:
    assert "ZZCANARY" not in dump(generate_panel(60, seed=5, today=TODAY))


# --- Planted edge cases (REFERENCE §7) ------------------------------------------------------------------------


def member_records(panel: SyntheticPanel, case: str) -> tuple[Member, list[Record]]:
    (member_id,) = panel.edge_cases[case]
    member = next(m for m in panel.members if m.id == member_id)
    return member, [r for r in iter_records(panel) if r.member_id == member_id]


def discharge(panel: SyntheticPanel, case: str, on: date):
    _, records = member_records(panel, case)
    return next(r for r in records if getattr(r, "discharged_on", None) == on)


def test_all_edge_cases_are_planted(panel: SyntheticPanel) -> None:
    assert set(panel.edge_cases) == set(EDGE_CASES)


@pytest.mark.parametrize(
    ("case", "discharged", "deadline"),
    [
        ("friday_discharge", date(2025, 6, 27), date(2025, 7, 1)),  # Fri → Mon, Tue
        ("discharge_day_before_holiday", date(2025, 6, 18), date(2025, 6, 23)),  # Juneteenth skipped
        ("december_2_discharge", date(2024, 12, 2), date(2024, 12, 4)),  # outside the TRC/FUH Jan 1–Dec 1 window
    ],
)
def test_planted_discharges(panel: SyntheticPanel, case: str, discharged: date, deadline: date) -> None:
    transition = discharge(panel, case, discharged)
    assert transition.follow_up_deadline == deadline


@pytest.mark.parametrize(
    ("case", "contact_day", "in_time"), [("follow_up_day_2", 2, True), ("follow_up_day_3", 3, False)]
)
def test_follow_up_on_day_2_vs_day_3(panel: SyntheticPanel, case: str, contact_day: int, in_time: bool) -> None:
    transition = discharge(panel, case, date(2025, 6, 9))  # a Monday with Mon–Thu all business days
    assert transition.interactive_contact_at is not None
    assert (transition.interactive_contact_at.date() - date(2025, 6, 9)).days == contact_day
    assert (transition.interactive_contact_at.date() <= transition.follow_up_deadline) is in_time


def test_readmission_within_30_days(panel: SyntheticPanel) -> None:
    first = discharge(panel, "readmission_within_30_days", TODAY - timedelta(days=60))
    _, records = member_records(panel, "readmission_within_30_days")
    later = [r.admitted_on for r in records if getattr(r, "admitted_on", None) and r.admitted_on > first.discharged_on]
    assert any((day - first.discharged_on).days <= 30 for day in later)


def test_same_day_duplicates_and_ed_reading(panel: SyntheticPanel) -> None:
    for case, kind in (("same_day_duplicate_a1c", "a1c"), ("same_day_duplicate_bp", "blood_pressure")):
        _, records = member_records(panel, case)
        days = [r.effective_on for r in records if getattr(r, "type", None) == kind]
        assert len(days) > len(set(days)), case
    _, records = member_records(panel, "ed_bp_reading")
    ed_days = {r.ed_visit_on for r in records if getattr(r, "event", None) is TransitionEvent.ED_VISIT}
    assert any(getattr(r, "setting", None) is Setting.ED and r.effective_on in ed_days for r in records)


def test_hypertension_first_recorded_in_july(panel: SyntheticPanel) -> None:
    member, records = member_records(panel, "hypertension_first_recorded_july")
    assert Condition.HYPERTENSION in member.conditions
    first = min(r.effective_on for r in records if getattr(r, "type", None) == "blood_pressure")
    assert first == date(2024, 7, 15)
    plan = next(r for r in records if isinstance(r, CarePlan))
    assert any("first recorded July 2024" in p.description for p in plan.problems)


@pytest.mark.parametrize(("case", "days"), [("screen_14_days_before_visit", 14), ("screen_15_days_before_visit", 15)])
def test_screens_14_vs_15_days_before_a_visit(panel: SyntheticPanel, case: str, days: int) -> None:
    _, records = member_records(panel, case)
    visits = {r.started_at.date() for r in records if getattr(r, "kind", "") == "session_note"}
    screens = {r.administered_at.date() for r in records if getattr(r, "kind", "") == "screening"}
    assert any(visit - timedelta(days=days) in screens for visit in visits)


def test_item9_at_total_one(panel: SyntheticPanel) -> None:
    _, records = member_records(panel, "item9_low_total")
    assert any(getattr(r, "total", None) == 1 and "safety_item9" in r.flags for r in records)


# --- Arguments ------------------------------------------------------------------------------------------------


def test_empty_panel_and_bad_arguments() -> None:
    empty = generate_panel(0, seed=1, today=TODAY)
    assert empty.members == [] and empty.resources
    with pytest.raises(ValueError, match="future"):
        generate_panel(1, seed=1, today=date.today() + timedelta(days=2))
    with pytest.raises(ValueError, match="negative"):
        generate_panel(-1, seed=1)
    with pytest.raises(ValueError, match="practice"):
        generate_panel(1, seed=1, practice_ids=())


def test_goal_targets_are_smart(panel: SyntheticPanel) -> None:
    goals: list[CarePlanGoal] = panel.goals
    assert all(g.description and g.measure and g.target and g.target_date for g in goals)
    assert any(g.low_confidence for g in goals) and not all(g.low_confidence for g in goals)
