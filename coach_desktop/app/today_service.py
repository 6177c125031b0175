"""Today's worklist for the screen: the domain rules over what the vault's indexes say, as light display rows."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import NamedTuple

from ..domain.member import RiskTier
from ..domain.work_items import TransitionEvent
from ..domain.worklist import DEFAULT_SETTINGS, Category, ContactReason, WorklistItem, WorklistSettings, build_worklist
from ..domain.worklist import _contact_title as contact_title  # the one source of those titles
from ..vault.vault import Vault
from ..vault.worklist_queries import LightTask, LightTransition, MemberLabel, WorklistInputs, load_worklist_inputs


class TodayGroup(IntEnum):
    """The sections of the Today screen, in the order they are shown."""

    SAFETY = 0
    OVERDUE = 1
    DUE_TODAY = 2
    UPCOMING = 3


class TodayRow(NamedTuple):
    """One line of Today. ``reason`` is a key the screen translates (never free text that could hold PHI)."""

    member_id: str
    member_name: str  # "Family, Given"
    category: Category
    group: TodayGroup
    priority: int
    due: date
    overdue_days: int
    reason: str
    tier: int  # the member's effective tier today (1–3)


class TodayService:
    def __init__(self, vault: Vault, today: Callable[[], date] = date.today,
                 settings: WorklistSettings = DEFAULT_SETTINGS) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._settings = settings
        # The domain titles a computed contact item carries, mapped back to the rule that made it.
        self._contact_reasons = {contact_title(reason, tier, settings): reason
                                 for reason in ContactReason for tier in RiskTier}  # fmt: skip

    def worklist(self) -> list[TodayRow]:
        """Every item due by the horizon, grouped (safety, overdue, due today, upcoming) in the domain's order."""
        today = self._today()
        # Only new objects from here on, all alive until the end: cyclic-GC passes over them free nothing (measured
        # ~20 % of the time at 20,000 members). Pause the collector, and restore it as we found it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            inputs = load_worklist_inputs(self._vault.database(), today, self._settings)
            items = build_worklist(inputs.members, inputs.sessions, inputs.tasks, inputs.transitions,
                                   inputs.referrals, inputs.screenings, today, self._settings,
                                   care_plans=inputs.care_plans)  # fmt: skip
            return self.rows(items, inputs, today)
        finally:
            if collecting:
                gc.enable()

    def rows(self, items: list[WorklistItem], inputs: WorklistInputs, today: date) -> list[TodayRow]:
        # Keyed by ``uuid.int``: hashing a UUID runs Python code, an int does not (~44,000 items at 20,000 members).
        task_reasons = {task.id.int: f"task.{task.type.value}" for task in inputs.tasks if isinstance(task, LightTask)}
        ed_visits = {t.id.int for t in inputs.transitions
                     if isinstance(t, LightTransition) and t.event is TransitionEvent.ED_VISIT}  # fmt: skip
        contact_reasons, labels = self._contact_reasons, inputs.labels
        groups: tuple[list[TodayRow], ...] = ([], [], [], [])  # by TodayGroup: the domain order holds within each
        for item in items:
            source = item.source_id
            reason = task_reasons.get(source.int) if source is not None else None
            category = item.category
            if reason is None:
                if category is _CONTACT_DUE or category is _CONTACT_OVERDUE:
                    reason = f"contact.{contact_reasons.get(item.title, _ROUTINE).value}"
                elif category is _DISCHARGE:
                    ed_visit = source is not None and source.int in ed_visits
                    reason = "transition.ed_visit_first_contact" if ed_visit else "transition.discharge_first_contact"
                else:
                    reason = _REASONS.get(category, "task.other")
            label = labels.get(item.member_id.int) or MemberLabel(str(item.member_id), "")
            due = item.due
            group = 0 if category is _SAFETY else 1 if due < today else 2 if due == today else 3
            groups[group].append(TodayRow(label.member_id, label.name, category, _GROUPS[group], item.priority, due,
                                          item.days_overdue, reason, item.tier))  # fmt: skip
        return [row for rows in groups for row in rows]


# Module constants: an enum member lookup costs ~100 ns in 3.11.
_SAFETY, _DISCHARGE = Category.SAFETY_ALERT, Category.DISCHARGE_FOLLOW_UP
_CONTACT_DUE, _CONTACT_OVERDUE, _ROUTINE = Category.CONTACT_DUE, Category.CONTACT_OVERDUE, ContactReason.ROUTINE
_GROUPS = (TodayGroup.SAFETY, TodayGroup.OVERDUE, TodayGroup.DUE_TODAY, TodayGroup.UPCOMING)
# The reason key of a computed item that has no task behind it (safety, discharge and contacts are told apart above).
_REASONS = {
    Category.SAFETY_ALERT: "safety.phq9_item9",
    Category.REFERRAL_OVERDUE: "referral.overdue",
    Category.SCREENING_DUE: "screening.depression",
    Category.CARE_PLAN_REVIEW: "care_plan.review",
}
