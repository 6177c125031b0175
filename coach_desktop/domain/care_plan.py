"""The member's living care plan: header, and child records for goals, interventions and barriers.

Children are separate records (with their own ids) so two devices adding goals offline both survive sync;
discontinuing is a status, never a delete (SYNC_PROTOCOL §6.1, REFERENCE §3.1).
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import DomainModel, LongText, PastDate, Record, RequiredText, Ruler, ShortText
from .member import Condition


class CarePlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"


class Problem(DomainModel):
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    condition: Condition | None = None
    social_need: Annotated[str, Field(max_length=40)] | None = None
    description: RequiredText


class CarePlan(Record):
    KIND: ClassVar[str] = "care_plan"

    title: RequiredText = "Care plan"
    status: CarePlanStatus = CarePlanStatus.ACTIVE
    problems: list[Problem] = Field(default_factory=list, max_length=30)
    strengths: LongText = ""
    member_words: LongText = ""
    review_due: date | None = None
    last_reviewed: PastDate | None = None


class GoalStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not-achieved"
    DISCONTINUED = "discontinued"


class ProgressEntry(DomainModel):
    on: PastDate
    value: Annotated[str, Field(max_length=100)] = ""
    note: ShortText = ""


class CarePlanGoal(Record):
    """A SMART goal in the member's own words (REFERENCE §3.1 validation rules)."""

    KIND: ClassVar[str] = "care_plan_goal"

    care_plan_id: uuid.UUID
    problem_id: uuid.UUID | None = None
    description: RequiredText
    measure: RequiredText
    baseline: Annotated[str, Field(max_length=100)] = ""
    target: Annotated[str, Field(min_length=1, max_length=100)]
    target_date: date
    status: GoalStatus = GoalStatus.ACTIVE
    confidence: Ruler | None = None
    progress: list[ProgressEntry] = Field(default_factory=list, max_length=200)
    rank: Annotated[str, Field(min_length=1, max_length=32)] = "m"

    @property
    def low_confidence(self) -> bool:
        """REFERENCE §3.1 rule 3: warn when the member's confidence is below 7."""
        return self.confidence is not None and self.confidence < 7


class Responsible(StrEnum):
    MEMBER = "member"
    COACH = "coach"
    PCP = "pcp"
    OTHER = "other"


class InterventionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DISCONTINUED = "discontinued"


class CarePlanIntervention(Record):
    KIND: ClassVar[str] = "care_plan_intervention"

    care_plan_id: uuid.UUID
    goal_id: uuid.UUID | None = None
    action: RequiredText
    responsible: Responsible
    responsible_other: Annotated[str, Field(max_length=100)] = ""
    due_date: date | None = None
    status: InterventionStatus = InterventionStatus.PLANNED
    rank: Annotated[str, Field(min_length=1, max_length=32)] = "m"

    @model_validator(mode="after")
    def _other_is_named(self) -> CarePlanIntervention:
        if self.responsible is Responsible.OTHER and not self.responsible_other.strip():
            raise ValueError("say who is responsible when it is 'other'")
        return self


class CarePlanBarrier(Record):
    KIND: ClassVar[str] = "care_plan_barrier"

    care_plan_id: uuid.UUID
    description: RequiredText
    plan: ShortText = ""
    resolved: bool = False
