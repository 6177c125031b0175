"""The member's living care plan for the screens: one plan per member, goals/interventions/barriers as child records
(so adds on two devices both survive sync), statuses instead of deletes, the review date kept in step with its
worklist task, the revision history, and the member's printed plan (content here, PDF in the ui layer)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from ..domain.audit import AuditAction
from ..domain.base import Record, utc_now
from ..domain.care_plan import (
    CarePlan,
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    CarePlanStatus,
    GoalStatus,
    InterventionStatus,
    Problem,
    ProgressEntry,
    Responsible,
)
from ..domain.member import Condition, Member
from ..domain.session_note import SessionNote
from ..domain.work_items import Task, TaskStatus, TaskType
from ..domain.worklist import DEFAULT_SETTINGS, WorklistSettings, care_plan_review_due
from ..vault import revisions as revision_log
from ..vault.errors import RecordInvalid
from ..vault.repository import ChangeSet, RecordRepository
from ..vault.revisions import Revision
from ..vault.vault import Vault
from .printed_plan import CoachContact, PrintedPlan, build_printed_plan

R = TypeVar("R", bound=Record)
REVIEW_TASK_TITLE = "Review the care plan with the member"
REVIEW_DONE = "Care plan reviewed."
REVIEW_MOVED = "Review date changed."
_KINDS = (CarePlan.KIND, CarePlanGoal.KIND, CarePlanIntervention.KIND, CarePlanBarrier.KIND)


@dataclass(frozen=True, slots=True)
class CarePlanView:
    """The current plan and its children in display order."""

    plan: CarePlan
    goals: tuple[CarePlanGoal, ...]
    interventions: tuple[CarePlanIntervention, ...]
    barriers: tuple[CarePlanBarrier, ...]


def rank_after(ranks: Sequence[str]) -> str:
    """A rank that sorts after every given one (lowercase letters; grows by one letter about every 12 adds)."""
    if not ranks:
        return "m"
    last = max(ranks)
    if last[-1] < "y":
        return last[:-1] + chr(ord(last[-1]) + 1)
    return last + "m"


class CarePlanService:
    def __init__(self, vault: Vault, today: Callable[[], date] = date.today, now: Callable[[], datetime] = utc_now,
                 settings: WorklistSettings = DEFAULT_SETTINGS) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._now = now
        self._settings = settings

    # ---- the plan -----------------------------------------------------------------------------------------

    def plan_for(self, member_id: str) -> CarePlan:
        """The member's current plan (the active one, else the latest), created empty and active if none exists."""
        plans = self._records(member_id, CarePlan)
        if plans:
            return max(plans, key=lambda p: (p.status is CarePlanStatus.ACTIVE, p.updated_at))
        member = self._member(member_id)
        plan, _ = self._repo().create(CarePlan(member_id=member.id, practice_id=member.practice_id))
        return plan

    def view(self, member_id: str) -> CarePlanView:
        plan = self.plan_for(member_id)
        mine = [r for r in self._repo().member_records(member_id, _KINDS[1:]) if getattr(r, "care_plan_id", None)
                == plan.id]  # fmt: skip
        goals = sorted((r for r in mine if isinstance(r, CarePlanGoal)), key=lambda g: (g.rank, str(g.id)))
        order = {g.id: n for n, g in enumerate(goals)}
        interventions = sorted(
            (r for r in mine if isinstance(r, CarePlanIntervention)),
            key=lambda i: (order.get(i.goal_id, len(goals)) if i.goal_id else len(goals), i.rank, str(i.id)),
        )  # fmt: skip
        barriers = sorted((r for r in mine if isinstance(r, CarePlanBarrier)), key=lambda b: (b.resolved, str(b.id)))
        return CarePlanView(plan, tuple(goals), tuple(interventions), tuple(barriers))

    def update_plan(self, member_id: str, **changes: Any) -> tuple[CarePlan, ChangeSet]:
        """Header fields: title, status, strengths, member_words (the member's own words)."""
        allowed = {"title", "status", "strengths", "member_words"}
        if set(changes) - allowed:
            raise RecordInvalid("Use the review and problem actions for those fields.")
        return self._save(self.plan_for(member_id), changes)

    def add_problem(self, member_id: str, description: str, *, condition: Condition | None = None,
                    social_need: str | None = None) -> tuple[CarePlan, Problem, ChangeSet]:  # fmt: skip
        plan = self.plan_for(member_id)
        problem = Problem(description=description, condition=condition, social_need=social_need)
        stored, change = self._save(plan, {"problems": [*plan.problems, problem]})
        return stored, problem, change

    # ---- goals --------------------------------------------------------------------------------------------

    def add_goal(self, member_id: str, *, description: str, measure: str, target: str, target_date: date,
                 baseline: str = "", confidence: int | None = None,
                 problem_id: uuid.UUID | None = None) -> tuple[CarePlanGoal, ChangeSet]:  # fmt: skip
        """A new SMART goal in the member's own words (a child record: concurrent adds on two devices both stay)."""
        view = self.view(member_id)
        goal = CarePlanGoal(
            member_id=view.plan.member_id, practice_id=view.plan.practice_id, care_plan_id=view.plan.id,
            problem_id=problem_id, description=description, measure=measure, baseline=baseline, target=target,
            target_date=target_date, confidence=confidence, rank=rank_after([g.rank for g in view.goals]),
        )  # fmt: skip
        return self._repo().create(goal)

    def update_goal(self, goal_id: str, **changes: Any) -> tuple[CarePlanGoal, ChangeSet]:
        if "progress" in changes:
            raise RecordInvalid("Add progress entries one at a time with add_progress.")
        return self._save(self._get(CarePlanGoal, goal_id), changes)

    def set_goal_status(self, goal_id: str, status: GoalStatus) -> tuple[CarePlanGoal, ChangeSet]:
        return self._save(self._get(CarePlanGoal, goal_id), {"status": GoalStatus(status)})

    def discontinue_goal(self, goal_id: str) -> tuple[CarePlanGoal, ChangeSet]:
        """Discontinue is a status: the goal and its history stay (never a delete)."""
        return self.set_goal_status(goal_id, GoalStatus.DISCONTINUED)

    def add_progress(self, goal_id: str, *, value: str = "", note: str = "",
                     on: date | None = None) -> tuple[CarePlanGoal, ChangeSet]:  # fmt: skip
        goal = self._get(CarePlanGoal, goal_id)
        entry = ProgressEntry(on=on or self._today(), value=value, note=note)
        return self._save(goal, {"progress": [*goal.progress, entry]})

    # ---- interventions and barriers -----------------------------------------------------------------------

    def add_intervention(self, member_id: str, *, action: str, responsible: Responsible, responsible_other: str = "",
                         due_date: date | None = None,
                         goal_id: uuid.UUID | None = None) -> tuple[CarePlanIntervention, ChangeSet]:  # fmt: skip
        view = self.view(member_id)
        item = CarePlanIntervention(
            member_id=view.plan.member_id, practice_id=view.plan.practice_id, care_plan_id=view.plan.id,
            goal_id=goal_id, action=action, responsible=Responsible(responsible), responsible_other=responsible_other,
            due_date=due_date, rank=rank_after([i.rank for i in view.interventions]),
        )  # fmt: skip
        return self._repo().create(item)

    def update_intervention(self, intervention_id: str, **changes: Any) -> tuple[CarePlanIntervention, ChangeSet]:
        return self._save(self._get(CarePlanIntervention, intervention_id), changes)

    def discontinue_intervention(self, intervention_id: str) -> tuple[CarePlanIntervention, ChangeSet]:
        return self.update_intervention(intervention_id, status=InterventionStatus.DISCONTINUED)

    def add_barrier(self, member_id: str, description: str, plan: str = "") -> tuple[CarePlanBarrier, ChangeSet]:
        care_plan = self.plan_for(member_id)
        barrier = CarePlanBarrier(member_id=care_plan.member_id, practice_id=care_plan.practice_id,
                                  care_plan_id=care_plan.id, description=description, plan=plan)  # fmt: skip
        return self._repo().create(barrier)

    def update_barrier(self, barrier_id: str, **changes: Any) -> tuple[CarePlanBarrier, ChangeSet]:
        return self._save(self._get(CarePlanBarrier, barrier_id), changes)

    # ---- review date and its worklist task ----------------------------------------------------------------

    def set_review_date(self, member_id: str, due: date) -> list[ChangeSet]:
        """Set the next review and keep one open review task due that day (moved, or made), in one write."""
        plan = self.plan_for(member_id)
        updated = self._changed(plan, {"review_due": due})
        creates, updates = self._review_task_in_step(plan, due)
        return [change for _, change in self._repo().save_all(creates=creates, updates=[updated, *updates])]

    def mark_reviewed(self, member_id: str, on: date | None = None) -> list[ChangeSet]:
        """Record a review: the open review task closes and the next review (by the member's tier) gets its task."""
        plan, member = self.plan_for(member_id), self._member(member_id)
        reviewed = on or self._today()
        next_due = care_plan_review_due(member.risk_tier, reviewed, self._settings)
        updated = self._changed(plan, {"last_reviewed": reviewed, "review_due": next_due})
        closing = [self._with(t, status=TaskStatus.DONE, completed_at=self._now(), resolution=REVIEW_DONE)
                   for t in self._open_review_tasks(plan)]  # fmt: skip
        fresh = self._review_task(plan, next_due)
        saved = self._repo().save_all(creates=[fresh], updates=[updated, *closing])
        return [change for _, change in saved]

    def open_review_task(self, member_id: str) -> Task | None:
        tasks = self._open_review_tasks(self.plan_for(member_id))
        return min(tasks, key=lambda t: t.due) if tasks else None

    # ---- history and the printed plan ---------------------------------------------------------------------

    def revisions(self, kind: str, record_id: str) -> list[Revision]:
        """Every revision of one plan record (who changed which fields from what to what, when), oldest first."""
        if kind not in _KINDS:
            raise RecordInvalid("Revision history is kept for care plans, goals, interventions and barriers.")
        return revision_log.revisions(self._vault.database(), kind, record_id)

    def history(self, member_id: str) -> list[Revision]:
        """Every revision of the member's plan and its children, newest first."""
        return revision_log.member_revisions(self._vault.database(), member_id)

    def printed_plan(self, member_id: str, coach: CoachContact, *, next_appointment: date | None = None,
                     language: str | None = None) -> PrintedPlan:  # fmt: skip
        """The content of the member's printed plan; the next appointment defaults to the latest note's plan."""
        member, view = self._member(member_id), self.view(member_id)
        if next_appointment is None:
            next_appointment = self._next_contact(member_id)
        return build_printed_plan(member, view.plan, view.goals, view.interventions, coach, next_appointment,
                                  printed_on=self._today(), language=language)  # fmt: skip

    def record_printed(self, member_id: str, action: AuditAction = AuditAction.PRINT) -> None:
        """Audit a print (or a saved PDF: EXPORT) of the member's plan; object ids only, never content."""
        if action not in (AuditAction.PRINT, AuditAction.EXPORT):
            raise ValueError("a printed plan is audited as print or export")
        self._repo().log_event(action, CarePlan.KIND, str(self.plan_for(member_id).id))

    # ---- internals ----------------------------------------------------------------------------------------

    def _repo(self) -> RecordRepository:
        return self._vault.repository()

    def _member(self, member_id: str) -> Member:
        member = self._repo().get(Member.KIND, member_id)
        assert isinstance(member, Member)
        return member

    def _records(self, member_id: str, kind: type[R]) -> list[R]:
        return [r for r in self._repo().member_records(member_id, [kind.KIND]) if isinstance(r, kind)]

    def _get(self, kind: type[R], record_id: str) -> R:
        record = self._repo().get(kind.KIND, record_id)
        assert isinstance(record, kind)
        return record

    @staticmethod
    def _changed(record: R, changes: dict[str, Any]) -> R:
        """The record with ``changes`` applied and validated (model_copy alone would skip validation)."""
        return type(record).model_validate({**record.model_dump(), **changes})

    def _with(self, record: R, **changes: Any) -> R:
        return self._changed(record, changes)

    def _save(self, record: R, changes: dict[str, Any]) -> tuple[R, ChangeSet]:
        stored, change = self._repo().update(self._changed(record, changes))
        return stored, change

    def _open_review_tasks(self, plan: CarePlan) -> list[Task]:
        tasks = self._records(str(plan.member_id), Task)
        return [t for t in tasks if t.type is TaskType.CARE_PLAN_REVIEW and t.status is TaskStatus.OPEN]

    def _review_task(self, plan: CarePlan, due: date) -> Task:
        return Task(member_id=plan.member_id, practice_id=plan.practice_id, type=TaskType.CARE_PLAN_REVIEW,
                    title=REVIEW_TASK_TITLE, due=due, source_kind=CarePlan.KIND, source_id=plan.id,
                    assigned_to=self._vault.actor.user_id)  # fmt: skip

    def _review_task_in_step(self, plan: CarePlan, due: date) -> tuple[list[Task], list[Task]]:
        """(creates, updates): the first open review task moves to ``due``; extra ones (e.g. one from each of two
        devices) are cancelled so exactly one stands for the review."""
        tasks = sorted(self._open_review_tasks(plan), key=lambda t: (t.due, str(t.id)))
        if not tasks:
            return [self._review_task(plan, due)], []
        keep = self._with(tasks[0], due=due)
        extra = [self._with(t, status=TaskStatus.CANCELLED, resolution=REVIEW_MOVED) for t in tasks[1:]]
        return [], [keep, *extra]

    def _next_contact(self, member_id: str) -> date | None:
        today = self._today()
        planned = [n.next_contact_date for n in self._records(member_id, SessionNote)
                   if n.next_contact_date is not None and n.next_contact_date >= today]  # fmt: skip
        return min(planned, default=None)
