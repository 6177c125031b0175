"""Today's worklist for the screen: the domain rules over what the vault's indexes say, as light display rows."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable
from datetime import date
from enum import IntEnum
from operator import itemgetter
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
        tasks = {task.id: task for task in inputs.tasks if isinstance(task, LightTask)}
        transitions = {t.id: t for t in inputs.transitions if isinstance(t, LightTransition)}
        labels, rows = inputs.labels, []
        for item in items:
            label = labels.get(item.member_id.int) or MemberLabel(str(item.member_id), "")
            reason = self._reason(item, tasks, transitions)
            rows.append(TodayRow(label.member_id, label.name, item.category, _group(item, today), item.priority,
                                 item.due, item.days_overdue, reason, item.tier))  # fmt: skip
        rows.sort(key=itemgetter(3))  # stable: the domain order holds within each group
        return rows

    def _reason(self, item: WorklistItem, tasks: dict[uuid.UUID, LightTask],
                transitions: dict[uuid.UUID, LightTransition]) -> str:  # fmt: skip
        task = tasks.get(item.source_id) if item.source_id else None
        if task is not None:
            return f"task.{task.type.value}"
        category = item.category
        if category is Category.SAFETY_ALERT:
            return "safety.phq9_item9"
        if category is Category.DISCHARGE_FOLLOW_UP:
            transition = transitions.get(item.source_id) if item.source_id else None
            ed_visit = transition is not None and transition.event is TransitionEvent.ED_VISIT
            return "transition.ed_visit_first_contact" if ed_visit else "transition.discharge_first_contact"
        if category in (Category.CONTACT_DUE, Category.CONTACT_OVERDUE):
            return f"contact.{self._contact_reasons.get(item.title, ContactReason.ROUTINE).value}"
        return {
            Category.REFERRAL_OVERDUE: "referral.overdue",
            Category.SCREENING_DUE: "screening.depression",
            Category.CARE_PLAN_REVIEW: "care_plan.review",
        }.get(category, "task.other")


_SAFETY = Category.SAFETY_ALERT  # module constants: an enum member lookup costs ~100 ns in 3.11
_GROUPS = (TodayGroup.SAFETY, TodayGroup.OVERDUE, TodayGroup.DUE_TODAY, TodayGroup.UPCOMING)


def _group(item: WorklistItem, today: date) -> TodayGroup:
    if item.category is _SAFETY:
        return _GROUPS[0]
    due = item.due
    return _GROUPS[1] if due < today else _GROUPS[2] if due == today else _GROUPS[3]
