"""Contact schedule by tier, care-plan review cadence and the Today worklist (REFERENCE §5–§6)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from coach_desktop.domain.care_plan import CarePlan, CarePlanStatus
from coach_desktop.domain.member import EnrollmentStatus, Member, RiskTier, Sex
from coach_desktop.domain.scoring import PHQ9_ITEM9, PHQ9_ITEMS, score_phq9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.session_note import EncounterMode, SessionNote
from coach_desktop.domain.work_items import (
    CareTransition,
    Referral,
    ReferralCategory,
    ReferralStatus,
    Task,
    TaskStatus,
    TaskType,
    TransitionEvent,
)
from coach_desktop.domain.worklist import (
    Category,
    ContactReason,
    Priority,
    WorklistItem,
    WorklistSettings,
    build_worklist,
    care_plan_review_due,
    contact_schedule,
    next_contact_due,
)

TODAY = date(2026, 3, 10)  # a Tuesday
HIGH, MEDIUM, LOW = RiskTier.HIGH, RiskTier.MEDIUM, RiskTier.LOW


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def member(tier: RiskTier = MEDIUM, status: EnrollmentStatus = EnrollmentStatus.ENROLLED) -> Member:
    return Member(
        medicaid_id="OK1234567",
        given_name="Ana",
        family_name="Reyes",
        date_of_birth=date(1970, 5, 1),
        sex=Sex.FEMALE,
        risk_tier=tier,
        enrollment_status=status,
    )


def session(who: Member, on: date, mode: EncounterMode = EncounterMode.TELEPHONE) -> SessionNote:
    return SessionNote(member_id=who.id, started_at=at(on), mode=mode, minutes=20)


def screen(who: Member, on: date, instrument: Instrument = Instrument.PHQ2, **fields: Any) -> Screening:
    return Screening(member_id=who.id, instrument=instrument, administered_at=at(on), **fields)


def discharged(who: Member, on: date, **fields: Any) -> CareTransition:
    return CareTransition(
        member_id=who.id, event=TransitionEvent.DISCHARGE, facility="Mercy", discharged_on=on, **fields
    )


def task(who: Member, task_type: TaskType, due: date, **fields: Any) -> Task:
    return Task(member_id=who.id, type=task_type, title=f"{task_type.value} task", due=due, **fields)


def referral(who: Member, expected_by: date, status: ReferralStatus = ReferralStatus.SENT, **fields: Any) -> Referral:
    return Referral(
        member_id=who.id,
        category=ReferralCategory.FOOD,
        to_name="Food pantry",
        reason="food insecurity",
        status=status,
        sent_on=ago(60),
        expected_by=expected_by,
        **fields,
    )


def build(
    members: Iterable[Member],
    sessions: Iterable[SessionNote] = (),
    tasks: Iterable[Task] = (),
    transitions: Iterable[CareTransition] = (),
    referrals: Iterable[Referral] = (),
    screenings: Iterable[Screening] = (),
    settings: WorklistSettings | None = None,
    **kwargs: Any,
) -> list[WorklistItem]:
    return build_worklist(
        members, sessions, tasks, transitions, referrals, screenings, TODAY, settings or WorklistSettings(), **kwargs
    )


def quiet(who: Member) -> tuple[list[SessionNote], list[Screening]]:
    """Records that keep a member off the list: recent contacts and screening."""
    return [session(who, ago(1), EncounterMode.IN_PERSON)], [screen(who, ago(10))]


def categories(items: list[WorklistItem]) -> list[Category]:
    return [item.category for item in items]


# --- next contact due ----------------------------------------------------------------------------------------


def test_tier_1_every_14_days() -> None:
    assert next_contact_due(HIGH, date(2026, 3, 1), date(2026, 2, 20), None, TODAY) == date(2026, 3, 15)


def test_tier_1_face_to_face_monthly_can_come_first() -> None:
    due, reason = contact_schedule(HIGH, date(2026, 3, 5), date(2026, 2, 10), None, TODAY)
    assert (due, reason) == (date(2026, 3, 12), ContactReason.FACE_TO_FACE)


def test_tier_2_monthly_and_tier_3_every_90_days_by_default() -> None:
    assert next_contact_due(MEDIUM, date(2026, 3, 1), None, None, TODAY) == date(2026, 3, 31)
    assert next_contact_due(LOW, date(2026, 3, 1), None, None, TODAY) == date(2026, 5, 30)


def test_tier_3_interval_is_configurable() -> None:
    two_months = WorklistSettings(tier3_contact_days=60)
    assert next_contact_due(LOW, date(2026, 3, 1), None, None, TODAY, two_months) == date(2026, 4, 30)


def test_a_face_to_face_visit_is_also_a_contact() -> None:
    assert next_contact_due(MEDIUM, date(2026, 2, 1), date(2026, 3, 1), None, TODAY) == date(2026, 3, 31)


def test_no_contact_on_record_is_due_today() -> None:
    assert next_contact_due(MEDIUM, None, None, None, TODAY) == TODAY


def test_after_discharge_first_contact_by_business_day_2() -> None:
    friday = date(2026, 3, 6)
    due, reason = contact_schedule(LOW, date(2026, 2, 1), None, friday, TODAY)
    assert (due, reason) == (date(2026, 3, 10), ContactReason.FIRST_AFTER_DISCHARGE)


def test_after_discharge_then_weekly() -> None:
    friday = date(2026, 3, 6)
    monday = date(2026, 3, 9)
    due, reason = contact_schedule(LOW, monday, monday, friday, TODAY)
    assert (due, reason) == (date(2026, 3, 16), ContactReason.WEEKLY_AFTER_DISCHARGE)


def test_same_day_contact_setting() -> None:
    friday = date(2026, 3, 6)
    assert next_contact_due(LOW, friday, friday, friday, TODAY) == date(2026, 3, 13)
    strict = WorklistSettings(same_day_contact_counts=False)
    assert next_contact_due(LOW, friday, friday, friday, TODAY, strict) == date(2026, 3, 10)


def test_back_to_own_tier_after_day_30() -> None:
    discharge = date(2026, 2, 6)
    last = date(2026, 3, 5)
    assert next_contact_due(LOW, last, last, discharge, date(2026, 3, 8)) == date(2026, 3, 12)  # day 30: weekly
    assert next_contact_due(LOW, last, last, discharge, date(2026, 3, 9)) == date(2026, 6, 3)  # day 31: 90 days


def test_tiered_up_member_gets_tier_1_face_to_face_rule() -> None:
    friday = date(2026, 3, 6)
    due, reason = contact_schedule(LOW, date(2026, 3, 9), date(2026, 1, 20), friday, TODAY)
    assert (due, reason) == (date(2026, 2, 19), ContactReason.FACE_TO_FACE)


# --- care-plan review ----------------------------------------------------------------------------------------


def test_care_plan_review_cadence_by_tier() -> None:
    reviewed = date(2026, 1, 1)
    assert care_plan_review_due(HIGH, reviewed) == date(2026, 1, 31)
    assert care_plan_review_due(MEDIUM, reviewed) == date(2026, 4, 1)
    assert care_plan_review_due(LOW, reviewed) == date(2026, 6, 30)
    assert care_plan_review_due(MEDIUM, reviewed, WorklistSettings(tier2_review_days=60)) == date(2026, 3, 2)


# --- worklist: contacts --------------------------------------------------------------------------------------


def test_contact_overdue_due_soon_and_not_yet_due() -> None:
    overdue, soon, later = member(MEDIUM), member(MEDIUM), member(MEDIUM)
    sessions = [session(overdue, ago(35)), session(soon, ago(27)), session(later, ago(26))]
    items = build([overdue, soon, later], sessions, screenings=[screen(m, ago(5)) for m in (overdue, soon, later)])
    by_member = {item.member_id: item for item in items}
    assert by_member[overdue.id].category is Category.CONTACT_OVERDUE
    assert by_member[overdue.id].days_overdue == 5
    assert by_member[soon.id].category is Category.CONTACT_DUE
    assert by_member[soon.id].due == ago(-3)
    assert later.id not in by_member  # due in 4 days: beyond due_soon_days=3


def test_due_soon_days_is_configurable() -> None:
    who = member(MEDIUM)
    items = build([who], [session(who, ago(26))], screenings=[screen(who, ago(5))])
    assert items == []
    items = build(
        [who], [session(who, ago(26))], screenings=[screen(who, ago(5))], settings=WorklistSettings(due_soon_days=4)
    )
    assert categories(items) == [Category.CONTACT_DUE]


def test_disenrolled_and_declined_members_get_no_items() -> None:
    gone = member(HIGH, EnrollmentStatus.DISENROLLED)
    declined = member(HIGH, EnrollmentStatus.DECLINED)
    items = build(
        [gone, declined],
        [session(gone, ago(100))],
        tasks=[task(gone, TaskType.OTHER, ago(3))],
        transitions=[discharged(gone, ago(1))],
        referrals=[referral(gone, ago(5))],
    )
    assert items == []


def test_safety_alerts_still_show_for_a_disenrolled_member() -> None:
    gone = member(LOW, EnrollmentStatus.DISENROLLED)
    items = build([gone], screenings=[screen(gone, ago(2), Instrument.PHQ9, answers={"44260-8": 1})])
    assert categories(items) == [Category.SAFETY_ALERT]


def test_records_of_members_not_on_the_list_are_ignored() -> None:
    stranger = member(HIGH)
    assert build([], tasks=[task(stranger, TaskType.OTHER, ago(1))], referrals=[referral(stranger, ago(3))]) == []


# --- worklist: safety ----------------------------------------------------------------------------------------


def test_phq9_item9_answer_or_flag_raises_a_safety_alert() -> None:
    by_answer, by_flag, negative = member(), member(), member()
    sessions = [s for m in (by_answer, by_flag, negative) for s in quiet(m)[0]]
    screenings = [
        screen(by_answer, ago(1), Instrument.PHQ9, answers={"44260-8": 2}),
        screen(by_flag, ago(1), Instrument.PHQ9, flags=["safety_item9"]),
        screen(negative, ago(1), Instrument.PHQ9, answers={"44260-8": 0}, flags=["moderate"]),
    ]
    items = build([by_answer, by_flag, negative], sessions, screenings=screenings)
    alerts = {item.member_id for item in items if item.category is Category.SAFETY_ALERT}
    assert alerts == {by_answer.id, by_flag.id}
    assert all(item.priority is Priority.SAFETY for item in items if item.category is Category.SAFETY_ALERT)


def test_screening_scored_by_the_scoring_module_raises_the_alert() -> None:
    # Guards the flag vocabulary shared with scoring.score_phq9: only the flag carries item 9 here.
    who = member()
    answers = dict.fromkeys(PHQ9_ITEMS, 0) | {PHQ9_ITEM9: 1}
    scored = score_phq9(answers)
    flagged = screen(who, ago(1), Instrument.PHQ9, **scored.screening_fields())
    items = build([who], quiet(who)[0], screenings=[flagged])
    assert [(i.category, i.source_id) for i in items] == [(Category.SAFETY_ALERT, flagged.id)]


def test_done_safety_task_resolves_the_alert_but_cancelled_does_not() -> None:
    who = member()
    flagged = screen(who, ago(3), Instrument.PHQ9, answers={"44260-8": 1})
    sessions, _ = quiet(who)
    done = task(
        who,
        TaskType.SAFETY_ASSESSMENT,
        ago(3),
        source_id=flagged.id,
        status=TaskStatus.DONE,
        completed_at=at(ago(3)),
        resolution="C-SSRS negative; crisis line given",
    )
    cancelled = task(who, TaskType.SAFETY_ASSESSMENT, ago(3), source_id=flagged.id, status=TaskStatus.CANCELLED)
    assert build([who], sessions, tasks=[done], screenings=[flagged]) == []
    assert categories(build([who], sessions, tasks=[cancelled], screenings=[flagged])) == [Category.SAFETY_ALERT]


def test_open_safety_task_is_one_alert_not_two() -> None:
    who = member()
    open_task = task(who, TaskType.SAFETY_ASSESSMENT, ago(1))
    flagged = screen(who, ago(1), Instrument.PHQ9, flags=["safety_item9"], safety_assessment_task_id=str(open_task.id))
    items = build([who], quiet(who)[0], tasks=[open_task], screenings=[flagged])
    assert [(item.category, item.source_id) for item in items] == [(Category.SAFETY_ALERT, open_task.id)]


# --- worklist: discharges ------------------------------------------------------------------------------------


def test_recent_discharge_without_contact_is_a_follow_up_with_its_business_day_deadline() -> None:
    who = member(LOW)
    sessions = [session(who, ago(20), EncounterMode.IN_PERSON)]
    transition = discharged(who, date(2026, 3, 6))  # Friday → Tuesday March 10
    items = build([who], sessions, transitions=[transition], screenings=[screen(who, ago(5))])
    assert [(i.category, i.due, i.source_id, i.tier) for i in items] == [
        (Category.DISCHARGE_FOLLOW_UP, date(2026, 3, 10), transition.id, 1)
    ]
    assert "business day 2" in items[0].title


@pytest.mark.parametrize(
    "made_contact",
    ["interactive_contact_at", "session", "stored_task"],
)
def test_discharge_follow_up_leaves_once_contact_is_recorded(made_contact: str) -> None:
    who = member(LOW)
    transition = discharged(who, date(2026, 3, 6))
    sessions = [session(who, ago(20), EncounterMode.IN_PERSON)]
    tasks: list[Task] = []
    if made_contact == "interactive_contact_at":
        transition.interactive_contact_at = at(date(2026, 3, 9))
    elif made_contact == "session":
        sessions.append(session(who, date(2026, 3, 6)))  # same day as discharge counts by default
    else:
        tasks.append(
            task(
                who,
                TaskType.INTERACTIVE_CONTACT,
                date(2026, 3, 10),
                source_id=transition.id,
                source_kind="care_transition",
            )
        )
    items = build([who], sessions, tasks=tasks, transitions=[transition], screenings=[screen(who, ago(5))])
    derived = [i for i in items if i.source_id == transition.id]
    assert derived == []
    if made_contact == "stored_task":
        assert categories(items) == [Category.DISCHARGE_FOLLOW_UP]  # the stored task, listed once


def test_discharge_older_than_30_days_is_not_listed() -> None:
    who = member(LOW)
    items = build(
        [who], [session(who, ago(40))], transitions=[discharged(who, ago(31))], screenings=[screen(who, ago(5))]
    )
    assert Category.DISCHARGE_FOLLOW_UP not in categories(items)


def test_toc_tasks_are_listed_from_day_0_but_other_tasks_only_when_due_soon() -> None:
    who = member(LOW)
    sessions, screenings = quiet(who)
    tasks = [
        task(who, TaskType.MED_RECONCILIATION, ago(-25), source_kind="care_transition"),
        task(who, TaskType.OTHER, ago(-10)),
        task(who, TaskType.OTHER, ago(-2)),
    ]
    items = build([who], sessions, tasks=tasks, screenings=screenings)
    assert [(i.category, i.due) for i in items] == [
        (Category.DISCHARGE_FOLLOW_UP, ago(-25)),
        (Category.TASK, ago(-2)),
    ]


# --- worklist: referrals, screenings, care plans -------------------------------------------------------------


def test_referral_past_expected_by_and_not_completed_is_overdue() -> None:
    who = member()
    sessions, screenings = quiet(who)
    overdue = referral(who, ago(4), ReferralStatus.SCHEDULED, scheduled_for=ago(6))
    referrals = [
        overdue,
        referral(who, TODAY),  # due today: not yet past
        referral(who, ago(4), ReferralStatus.COMPLETED, completed_on=ago(5)),
        referral(who, ago(4), ReferralStatus.DECLINED),
    ]
    items = build([who], sessions, referrals=referrals, screenings=screenings)
    assert [(i.category, i.source_id, i.days_overdue) for i in items] == [(Category.REFERRAL_OVERDUE, overdue.id, 4)]


def test_depression_screen_due_after_365_days() -> None:
    never, old, recent, anxiety_only = member(), member(), member(), member()
    sessions = [s for m in (never, old, recent, anxiety_only) for s in quiet(m)[0]]
    screenings = [
        screen(old, ago(366), Instrument.PHQ9),
        screen(recent, ago(300), Instrument.PHQ2),
        screen(anxiety_only, ago(10), Instrument.GAD7),
    ]
    items = build([never, old, recent, anxiety_only], sessions, screenings=screenings)
    due = {i.member_id: i for i in items if i.category is Category.SCREENING_DUE}
    assert set(due) == {never.id, old.id, anxiety_only.id}
    assert due[old.id].days_overdue == 1
    assert "none on record" in due[never.id].title


def test_open_screening_task_replaces_the_computed_item() -> None:
    who = member()
    items = build([who], quiet(who)[0], tasks=[task(who, TaskType.SCREENING_DUE, TODAY)])
    assert [(i.category, i.title) for i in items] == [(Category.SCREENING_DUE, "screening_due task")]


def test_care_plan_review_from_last_review_and_tier() -> None:
    tier1, tier3 = member(HIGH), member(LOW)
    sessions = [s for m in (tier1, tier3) for s in quiet(m)[0]]
    screenings = [s for m in (tier1, tier3) for s in quiet(m)[1]]
    plans = [
        CarePlan(member_id=tier1.id, last_reviewed=ago(31)),
        CarePlan(member_id=tier3.id, last_reviewed=ago(31)),
        CarePlan(member_id=tier3.id, status=CarePlanStatus.COMPLETED, last_reviewed=ago(400)),
    ]
    items = build([tier1, tier3], sessions, screenings=screenings, care_plans=plans)
    assert [(i.member_id, i.category, i.days_overdue) for i in items] == [(tier1.id, Category.CARE_PLAN_REVIEW, 1)]


def test_deleted_records_are_ignored() -> None:
    who, gone_member = member(), member()
    sessions, screenings = quiet(who)
    records = [
        referral(who, ago(4)),
        task(who, TaskType.SAFETY_ASSESSMENT, ago(1)),
        screen(who, ago(1), Instrument.PHQ9, flags=["safety_item9"]),
        discharged(who, TODAY),  # after the last contact: would need a first contact
        gone_member,
    ]
    for record in records:
        record.deleted = True
    referrals, tasks, flagged, transitions = [records[0]], [records[1]], [records[2]], [records[3]]
    items = build([who, gone_member], sessions, tasks, transitions, referrals, [*screenings, *flagged])
    assert items == []


# --- worklist: ordering --------------------------------------------------------------------------------------


def test_ordering_safety_then_discharges_by_deadline_then_overdue_contacts_by_tier_then_the_rest() -> None:
    safety = member(LOW)
    late_discharge, early_discharge = member(MEDIUM), member(HIGH)
    tier1_late, tier2_very_late, tier2_late, tier3_late = member(HIGH), member(MEDIUM), member(MEDIUM), member(LOW)
    due_soon, referral_member = member(MEDIUM), member(MEDIUM)
    everyone = [
        due_soon, tier3_late, referral_member, tier2_late, late_discharge, tier1_late, safety, tier2_very_late,
        early_discharge,
    ]  # fmt: skip
    sessions = [
        *quiet(safety)[0],
        *quiet(referral_member)[0],
        session(late_discharge, ago(10), EncounterMode.IN_PERSON),
        session(early_discharge, ago(10), EncounterMode.IN_PERSON),
        session(tier1_late, ago(16), EncounterMode.IN_PERSON),  # 2 days overdue
        session(tier2_very_late, ago(50)),  # 20 days overdue
        session(tier2_late, ago(33)),  # 3 days overdue
        session(tier3_late, ago(130)),  # 40 days overdue
        session(due_soon, ago(28)),  # due in 2 days
    ]
    transitions = [
        discharged(late_discharge, date(2026, 3, 9)),  # Monday → Wednesday March 11
        discharged(early_discharge, date(2026, 3, 5)),  # Thursday → Monday March 9 (missed)
    ]
    screenings = [
        screen(m, ago(5)) for m in everyone if m is not safety
    ] + [screen(safety, ago(1), Instrument.PHQ9, answers={"44260-8": 3})]  # fmt: skip
    items = build(
        everyone,
        sessions,
        transitions=transitions,
        referrals=[referral(referral_member, ago(1))],
        screenings=screenings,
    )
    assert [(i.member_id, i.category) for i in items] == [
        (safety.id, Category.SAFETY_ALERT),
        (early_discharge.id, Category.DISCHARGE_FOLLOW_UP),
        (late_discharge.id, Category.DISCHARGE_FOLLOW_UP),
        (tier1_late.id, Category.CONTACT_OVERDUE),
        (tier2_very_late.id, Category.CONTACT_OVERDUE),
        (tier2_late.id, Category.CONTACT_OVERDUE),
        (tier3_late.id, Category.CONTACT_OVERDUE),
        (referral_member.id, Category.REFERRAL_OVERDUE),
        (due_soon.id, Category.CONTACT_DUE),
    ]
    assert [i.priority for i in items] == sorted(i.priority for i in items)
    assert items[1].days_overdue == 1 and items[2].days_overdue == 0


def test_worklist_items_are_frozen() -> None:
    who = member()
    item = build([who])[0]
    with pytest.raises(AttributeError):
        item.title = "changed"  # type: ignore[misc]


# --- speed ---------------------------------------------------------------------------------------------------


def synthetic_caseload(count: int, seed: int = 7) -> tuple[list[Any], ...]:
    """~10 records per member: validated templates copied with ``model_copy`` so the fixture itself is quick."""
    rng = random.Random(seed)
    template = member(MEDIUM)
    note = SessionNote(member_id=template.id, started_at=at(TODAY), mode=EncounterMode.TELEPHONE, minutes=20)
    todo, phq9 = task(template, TaskType.OTHER, TODAY), screen(template, TODAY, Instrument.PHQ9)
    sent, stay = referral(template, TODAY), discharged(template, TODAY)
    tiers, modes = list(RiskTier), list(EncounterMode)
    moments = [at(ago(n)) for n in range(501)]
    days = {n: ago(n) for n in range(-40, 366)}
    members, sessions, tasks, transitions, referrals, screenings = [], [], [], [], [], []
    for _ in range(count):
        mid = uuid.UUID(int=rng.getrandbits(128))
        members.append(template.model_copy(update={"id": mid, "member_id": mid, "risk_tier": rng.choice(tiers)}))
        sessions.extend(
            note.model_copy(
                update={"member_id": mid, "started_at": moments[rng.randint(0, 200)], "mode": rng.choice(modes)}
            )
            for _ in range(5)
        )
        for task_type, due in ((TaskType.OTHER, days[rng.randint(-20, 20)]), (TaskType.CARE_PLAN_REVIEW, days[-40])):
            tid = uuid.UUID(int=rng.getrandbits(128))
            tasks.append(todo.model_copy(update={"id": tid, "member_id": mid, "type": task_type, "due": due}))
        item9 = {"44260-8": int(rng.random() < 0.01)}
        given = moments[rng.randint(0, 500)]
        screenings.append(phq9.model_copy(update={"member_id": mid, "administered_at": given, "answers": item9}))
        referrals.append(sent.model_copy(update={"member_id": mid, "expected_by": days[rng.randint(-30, 30)]}))
        tid = uuid.UUID(int=rng.getrandbits(128))
        left = days[rng.randint(0, 365)]
        transitions.append(stay.model_copy(update={"id": tid, "member_id": mid, "discharged_on": left}))
    return members, sessions, tasks, transitions, referrals, screenings


@pytest.mark.slow
def test_a_large_caseload_builds_every_item_in_priority_order() -> None:
    """Correctness at scale; the speed is measured by bench/worklist_bench.py, never asserted here."""
    records = synthetic_caseload(2_000)
    assert sum(len(r) for r in records[1:]) == 20_000  # besides the members themselves
    items = build_worklist(*records, TODAY)
    assert len(items) > 2_000
    assert [item.priority for item in items] == sorted(item.priority for item in items)
    assert len({(i.member_id, i.category, i.source_id) for i in items}) == len(items)
