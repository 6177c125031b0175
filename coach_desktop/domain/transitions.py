"""Transitions of care: follow-up windows, the suggested TOC tasks and the temporary tier-up (REFERENCE §5, §6.2)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from .calendar_rules import FEDERAL, add_business_days
from .member import RiskTier
from .work_items import CareTransition, Task, TaskType, TransitionEvent

# REFERENCE §5: day 0 is the index event (discharge or ED visit date); windows are inclusive at their end.
TCM_CONTACT_BUSINESS_DAYS = 2
TRC_WINDOW_DAYS = 30
PCP_VISIT_DAYS_HIGH_RISK = 7  # TCM 99496
PCP_VISIT_DAYS_OTHER = 14  # TCM 99495
ED_PCP_VISIT_DAYS = 7  # §5.1 program-level ED standard: PCP visit arranged within 7 days of any ED visit
MED_RECONCILIATION_DAYS = 30
BH_FOLLOW_UP_DAYS = 7
BH_HARD_STOP_DAYS = 30
CARE_PLAN_REVIEW_DAYS = 30
TIER_UP_DAYS = 30  # §6.2: tier 1 while the discharge is "in the last 30 days" (days 0–30)
HEDIS_FOLLOW_UP_DAYS = frozenset({7, 30})  # FUH/FUM report a 7-day and a 30-day rate
SOURCE_KIND = CareTransition.KIND


class Window(NamedTuple):
    """Inclusive date range: a follow-up counts on ``first_day``, on ``last_day`` and on every day between."""

    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One suggested TOC task before it becomes a stored ``Task``."""

    type: TaskType
    title: str
    due: date


def index_date(transition: CareTransition) -> date | None:
    """Day 0 of a transition: the discharge date or the ED visit date; None for admissions and transfers."""
    if transition.event is TransitionEvent.DISCHARGE:
        return transition.discharged_on
    if transition.event is TransitionEvent.ED_VISIT:
        return transition.ed_visit_on
    return None


def _days(index: date, first: int, last: int) -> Window:
    return Window(index + timedelta(days=first), index + timedelta(days=last))


def tcm_contact_deadline(discharge: date, holidays: Container[date] = FEDERAL) -> date:
    """End of business day 2 after discharge (TCM interactive contact, REFERENCE §5.2)."""
    return add_business_days(discharge, TCM_CONTACT_BUSINESS_DAYS, holidays)


def tcm_contact_window(discharge: date, holidays: Container[date] = FEDERAL, same_day_counts: bool = True) -> Window:
    """TCM interactive-contact window. A same-day contact is "generally accepted" but payer-specific (§5.1, §8.6)."""
    first = discharge if same_day_counts else discharge + timedelta(days=1)
    return Window(first, tcm_contact_deadline(discharge, holidays))


def trc_engagement_window(discharge: date) -> Window:
    """HEDIS TRC patient engagement: days 1–30; the discharge date itself does not count."""
    return _days(discharge, 1, TRC_WINDOW_DAYS)


def trc_med_rec_window(discharge: date) -> Window:
    """HEDIS TRC medication reconciliation: discharge date through day 30 (31 days)."""
    return _days(discharge, 0, TRC_WINDOW_DAYS)


def _check_rate(days: int) -> None:
    if days not in HEDIS_FOLLOW_UP_DAYS:
        raise ValueError("the follow-up rate is 7 or 30 days")


def fuh_window(discharge: date, days: int = 7) -> Window:
    """HEDIS FUH after a mental-illness hospitalization: days 1–7 or 1–30; the discharge day does not count."""
    _check_rate(days)
    return _days(discharge, 1, days)


def fum_window(ed_visit: date, days: int = 7) -> Window:
    """HEDIS FUM after an ED visit for mental illness: days 0–7 (8 days) or 0–30 (31 days); the visit day counts."""
    _check_rate(days)
    return _days(ed_visit, 0, days)


def is_within(day: date, window: Window | tuple[date, date]) -> bool:
    first_day, last_day = window
    return first_day <= day <= last_day


def in_tier_up(last_discharge: date | None, today: date) -> bool:
    """Whether ``today`` is within the discharge day through day 30 after it (REFERENCE §5.3, §6.2)."""
    return last_discharge is not None and 0 <= (today - last_discharge).days <= TIER_UP_DAYS


def effective_tier(member_tier: RiskTier, last_discharge: date | None, today: date) -> RiskTier:
    """Tier 1 (high) while a discharge is in the last 30 days, else the member's own tier."""
    return RiskTier.HIGH if in_tier_up(last_discharge, today) else member_tier


def _contact(index: date, is_ed: bool, holidays: Container[date]) -> FollowUp:
    after = "the ED visit" if is_ed else "discharge"
    title = f"Talk with the member after {after} (two-way conversation, not only scheduling) by business day 2"
    return FollowUp(TaskType.INTERACTIVE_CONTACT, title, tcm_contact_deadline(index, holidays))


def _med_reconciliation(index: date) -> FollowUp:
    title = "Reconcile medications before the PCP visit, no later than day 30"
    return FollowUp(TaskType.MED_RECONCILIATION, title, index + timedelta(days=MED_RECONCILIATION_DAYS))


def _pcp_visit(index: date, is_ed: bool, high_risk: bool) -> FollowUp:
    days = PCP_VISIT_DAYS_HIGH_RISK if high_risk else PCP_VISIT_DAYS_OTHER
    if is_ed:  # §5.1 ED standard, whatever the member's risk
        days = ED_PCP_VISIT_DAYS
    title = f"Make sure the member sees their PCP in person by day {days}"
    return FollowUp(TaskType.PCP_VISIT, title, index + timedelta(days=days))


def _bh_follow_up(index: date, is_ed: bool) -> FollowUp:
    if is_ed:  # FUM: any practitioner, the ED visit day counts
        window = fum_window(index, BH_FOLLOW_UP_DAYS)
        rule = "the day of the ED visit counts"
    else:  # FUH: a mental-health provider, the discharge day does not count
        window = fuh_window(index, BH_FOLLOW_UP_DAYS)
        rule = "with a mental-health provider; a visit on the discharge day does not count"
    title = (
        f"Behavioral-health follow-up visit by day {BH_FOLLOW_UP_DAYS}, no later than day {BH_HARD_STOP_DAYS} ({rule})"
    )
    return FollowUp(TaskType.BH_FOLLOW_UP, title, window.last_day)


def _care_plan_review(index: date) -> FollowUp:
    title = f"Review and update the care plan within {CARE_PLAN_REVIEW_DAYS} days"
    return FollowUp(TaskType.CARE_PLAN_REVIEW, title, index + timedelta(days=CARE_PLAN_REVIEW_DAYS))


def toc_follow_ups(
    transition: CareTransition, member_tier: RiskTier, holidays: Container[date] = FEDERAL
) -> list[FollowUp]:
    """The REFERENCE §5.3 tasks (a)–(e) for a discharge or ED visit; none for admissions or transfers.

    ``member_tier`` is the member's own tier, not ``effective_tier``: every discharge tiers up, so using it
    would make every PCP visit due on day 7 and erase the 7/14-day distinction of (c).
    """
    index = index_date(transition)
    if index is None:
        return []
    is_ed = transition.event is TransitionEvent.ED_VISIT
    tasks = [
        _contact(index, is_ed, holidays),
        _med_reconciliation(index),
        _pcp_visit(index, is_ed, member_tier is RiskTier.HIGH),
    ]
    if transition.mental_health_diagnosis:
        tasks.append(_bh_follow_up(index, is_ed))
    tasks.append(_care_plan_review(index))
    return tasks


def toc_tasks(transition: CareTransition, member_tier: RiskTier, holidays: Container[date] = FEDERAL) -> list[Task]:
    """``toc_follow_ups`` as open ``Task`` records linked back to the transition."""
    return [
        Task(
            member_id=transition.member_id,
            practice_id=transition.practice_id,
            type=item.type,
            title=item.title,
            due=item.due,
            source_kind=SOURCE_KIND,
            source_id=transition.id,
        )
        for item in toc_follow_ups(transition, member_tier, holidays)
    ]
