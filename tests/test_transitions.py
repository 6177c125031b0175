"""TOC windows (REFERENCE §5.1), suggested follow-up tasks (§5.3) and the temporary tier-up (§6.2)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from coach_desktop.domain.calendar_rules import HolidayCalendar
from coach_desktop.domain.member import RiskTier
from coach_desktop.domain.transitions import (
    Window,
    effective_tier,
    fuh_window,
    fum_window,
    in_tier_up,
    index_date,
    is_within,
    tcm_contact_deadline,
    tcm_contact_window,
    toc_follow_ups,
    toc_tasks,
    trc_engagement_window,
    trc_med_rec_window,
)
from coach_desktop.domain.work_items import CareTransition, Task, TaskStatus, TaskType, TransitionEvent

FRIDAY = date(2026, 3, 6)
MEMBER = uuid.uuid4()


def discharge(on: date = FRIDAY, mental_health: bool = False) -> CareTransition:
    return CareTransition(
        member_id=MEMBER,
        practice_id="clinic-1",
        event=TransitionEvent.DISCHARGE,
        facility="St. Anthony",
        admitted_on=on - timedelta(days=3),
        discharged_on=on,
        mental_health_diagnosis=mental_health,
    )


def ed_visit(on: date = FRIDAY, mental_health: bool = False) -> CareTransition:
    return CareTransition(
        member_id=MEMBER,
        event=TransitionEvent.ED_VISIT,
        facility="OU Health ED",
        ed_visit_on=on,
        mental_health_diagnosis=mental_health,
    )


def day(n: int, index: date = FRIDAY) -> date:
    return index + timedelta(days=n)


# --- windows -------------------------------------------------------------------------------------------------


def test_follow_up_on_business_day_2_counts_and_day_3_does_not() -> None:
    window = tcm_contact_window(FRIDAY)
    assert window == Window(FRIDAY, date(2026, 3, 10))
    assert is_within(date(2026, 3, 10), window)  # Tuesday = business day 2
    assert not is_within(date(2026, 3, 11), window)  # Wednesday = business day 3


def test_tcm_same_day_contact_is_configurable() -> None:
    assert is_within(FRIDAY, tcm_contact_window(FRIDAY))
    assert not is_within(FRIDAY, tcm_contact_window(FRIDAY, same_day_counts=False))


def test_tcm_deadline_uses_the_practice_calendar() -> None:
    wednesday = date(2025, 11, 26)
    assert tcm_contact_deadline(wednesday) == date(2025, 12, 1)
    assert tcm_contact_deadline(wednesday, HolidayCalendar(friday_after_thanksgiving=True)) == date(2025, 12, 2)


def test_fuh_same_day_contact_does_not_count() -> None:
    seven = fuh_window(FRIDAY)
    assert not is_within(FRIDAY, seven)
    assert is_within(day(1), seven)
    assert is_within(day(7), seven)
    assert not is_within(day(8), seven)


def test_fuh_30_day_window() -> None:
    thirty = fuh_window(FRIDAY, 30)
    assert thirty == (day(1), day(30))
    assert not is_within(FRIDAY, thirty)
    assert not is_within(day(31), thirty)


def test_fum_index_day_counts() -> None:
    seven = fum_window(FRIDAY)
    assert is_within(FRIDAY, seven)
    assert is_within(day(7), seven)
    assert not is_within(day(8), seven)
    assert (seven.last_day - seven.first_day).days + 1 == 8  # "8 total days"
    thirty = fum_window(FRIDAY, 30)
    assert (thirty.last_day - thirty.first_day).days + 1 == 31


def test_only_7_and_30_day_rates_exist() -> None:
    with pytest.raises(ValueError, match="7 or 30"):
        fuh_window(FRIDAY, 14)
    with pytest.raises(ValueError, match="7 or 30"):
        fum_window(FRIDAY, 0)


def test_trc_engagement_excludes_discharge_day_but_med_rec_includes_it() -> None:
    assert not is_within(FRIDAY, trc_engagement_window(FRIDAY))
    assert is_within(day(30), trc_engagement_window(FRIDAY))
    assert not is_within(day(31), trc_engagement_window(FRIDAY))
    assert trc_med_rec_window(FRIDAY) == (FRIDAY, day(30))


# --- tier-up -------------------------------------------------------------------------------------------------


def test_tier_up_lasts_through_day_30_and_expires_on_day_31() -> None:
    assert effective_tier(RiskTier.LOW, FRIDAY, FRIDAY) is RiskTier.HIGH
    assert effective_tier(RiskTier.LOW, FRIDAY, day(30)) is RiskTier.HIGH
    assert effective_tier(RiskTier.LOW, FRIDAY, day(31)) is RiskTier.LOW
    assert effective_tier(RiskTier.MEDIUM, FRIDAY, day(31)) is RiskTier.MEDIUM


def test_no_tier_up_without_a_discharge_or_before_it() -> None:
    assert effective_tier(RiskTier.LOW, None, FRIDAY) is RiskTier.LOW
    assert effective_tier(RiskTier.MEDIUM, FRIDAY, day(-1)) is RiskTier.MEDIUM
    assert not in_tier_up(FRIDAY, day(-1))


# --- suggested tasks -----------------------------------------------------------------------------------------


def by_type(transition: CareTransition, tier: RiskTier) -> dict[TaskType, date]:
    return {item.type: item.due for item in toc_follow_ups(transition, tier)}


def test_discharge_tasks_for_a_high_risk_member_with_a_mental_health_diagnosis() -> None:
    assert by_type(discharge(mental_health=True), RiskTier.HIGH) == {
        TaskType.INTERACTIVE_CONTACT: date(2026, 3, 10),  # business day 2 after a Friday
        TaskType.MED_RECONCILIATION: day(30),
        TaskType.PCP_VISIT: day(7),
        TaskType.BH_FOLLOW_UP: day(7),
        TaskType.CARE_PLAN_REVIEW: day(30),
    }


def test_pcp_visit_is_day_14_unless_high_risk_and_no_bh_task_without_diagnosis() -> None:
    dues = by_type(discharge(), RiskTier.MEDIUM)
    assert dues[TaskType.PCP_VISIT] == day(14)
    assert TaskType.BH_FOLLOW_UP not in dues
    assert len(dues) == 4


def test_ed_visit_tasks_use_the_ed_pcp_standard_and_fum() -> None:
    follow_ups = {item.type: item for item in toc_follow_ups(ed_visit(mental_health=True), RiskTier.LOW)}
    assert follow_ups[TaskType.PCP_VISIT].due == day(7)
    assert follow_ups[TaskType.BH_FOLLOW_UP].due == day(7)
    assert "ED visit" in follow_ups[TaskType.INTERACTIVE_CONTACT].title
    assert "day of the ED visit counts" in follow_ups[TaskType.BH_FOLLOW_UP].title


def test_fuh_task_title_warns_that_the_discharge_day_does_not_count() -> None:
    bh = next(
        item
        for item in toc_follow_ups(discharge(mental_health=True), RiskTier.LOW)
        if item.type is TaskType.BH_FOLLOW_UP
    )
    assert "discharge day does not count" in bh.title
    assert "day 30" in bh.title  # the hard stop


def test_holiday_moves_the_contact_task() -> None:
    christmas_eve = discharge(on=date(2025, 12, 24))
    assert by_type(christmas_eve, RiskTier.LOW)[TaskType.INTERACTIVE_CONTACT] == date(2025, 12, 29)


def test_admissions_and_transfers_make_no_tasks() -> None:
    admission = CareTransition(
        member_id=MEMBER, event=TransitionEvent.ADMISSION, facility="St. Anthony", admitted_on=FRIDAY
    )
    assert index_date(admission) is None
    assert toc_follow_ups(admission, RiskTier.HIGH) == []
    assert toc_tasks(admission, RiskTier.HIGH) == []


def test_toc_tasks_are_open_task_records_linked_to_the_transition() -> None:
    transition = discharge(mental_health=True)
    tasks = toc_tasks(transition, RiskTier.HIGH)
    assert len(tasks) == 5
    for task in tasks:
        assert isinstance(task, Task)
        assert task.member_id == MEMBER
        assert task.practice_id == "clinic-1"
        assert task.source_kind == "care_transition"
        assert task.source_id == transition.id
        assert task.status is TaskStatus.OPEN
        assert task.title.strip()
    assert len({task.id for task in tasks}) == 5


def test_plain_english_titles() -> None:
    titles = [item.title for item in toc_follow_ups(discharge(mental_health=True), RiskTier.HIGH)]
    assert all(title[0].isupper() and "_" not in title for title in titles)
    assert any("two-way" in title for title in titles)  # TCM contact must be interactive, not only scheduling


def test_discharge_index_is_the_discharge_date() -> None:
    transition = discharge()
    transition.interactive_contact_at = datetime(2026, 3, 9, 15, tzinfo=UTC)
    assert index_date(transition) == FRIDAY
    assert index_date(ed_visit(on=date(2026, 2, 2))) == date(2026, 2, 2)
