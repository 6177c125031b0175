"""Worklist tasks, referrals (closed loop) and care transitions (admit/discharge/ED)."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import LongText, PastDate, PastDatetime, Record, RequiredText, ShortText, UserId


class TaskType(StrEnum):
    CONTACT_DUE = "contact_due"
    INTERACTIVE_CONTACT = "interactive_contact"
    MED_RECONCILIATION = "med_reconciliation"
    PCP_VISIT = "pcp_visit"
    BH_FOLLOW_UP = "bh_follow_up"
    CARE_PLAN_REVIEW = "care_plan_review"
    SAFETY_ASSESSMENT = "safety_assessment"
    REFERRAL_FOLLOW_UP = "referral_follow_up"
    SCREENING_DUE = "screening_due"
    OTHER = "other"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Task(Record):
    KIND: ClassVar[str] = "task"

    type: TaskType
    title: RequiredText
    due: date
    status: TaskStatus = TaskStatus.OPEN
    source_kind: Annotated[str, Field(max_length=40)] = ""
    source_id: uuid.UUID | None = None
    assigned_to: UserId | None = None
    completed_at: PastDatetime | None = None
    resolution: LongText = ""

    @model_validator(mode="after")
    def _closing_needs_resolution(self) -> Task:
        # A safety task cannot be closed without a documented safety assessment (REFERENCE §1.2).
        if self.type is TaskType.SAFETY_ASSESSMENT and self.status is TaskStatus.DONE and not self.resolution.strip():
            raise ValueError("document the safety assessment before closing this task")
        if self.status is TaskStatus.DONE and self.completed_at is None:
            raise ValueError("a done task needs its completion time")
        return self


class ReferralStatus(StrEnum):
    """sent → scheduled → completed → loop closed; or declined/cancelled."""

    DRAFT = "draft"
    SENT = "sent"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    LOOP_CLOSED = "loop_closed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class ReferralCategory(StrEnum):
    BEHAVIORAL_HEALTH = "behavioral_health"
    SPECIALTY = "specialty"
    DIABETES_EDUCATION = "diabetes_education"
    PHARMACY = "pharmacy"
    FOOD = "food"
    HOUSING = "housing"
    TRANSPORTATION = "transportation"
    UTILITIES = "utilities"
    INTERPERSONAL_SAFETY = "interpersonal_safety"
    OTHER = "other"


_SENT_STATES = frozenset(
    {ReferralStatus.SENT, ReferralStatus.SCHEDULED, ReferralStatus.COMPLETED, ReferralStatus.LOOP_CLOSED}
)


class Referral(Record):
    KIND: ClassVar[str] = "referral"

    category: ReferralCategory
    to_name: RequiredText
    reason: RequiredText
    status: ReferralStatus = ReferralStatus.SENT
    sent_on: PastDate | None = None
    expected_by: date | None = None
    scheduled_for: date | None = None
    completed_on: PastDate | None = None
    resource_id: uuid.UUID | None = None
    outcome: LongText = ""

    @model_validator(mode="after")
    def _dates_follow_status(self) -> Referral:
        if self.status in _SENT_STATES and self.sent_on is None:
            raise ValueError("a sent referral needs the date it was sent")
        if self.status in {ReferralStatus.COMPLETED, ReferralStatus.LOOP_CLOSED} and self.completed_on is None:
            raise ValueError("a completed referral needs its completion date")
        if self.sent_on and self.completed_on and self.completed_on < self.sent_on:
            raise ValueError("a referral cannot be completed before it was sent")
        return self


class TransitionEvent(StrEnum):
    ADMISSION = "admission"
    DISCHARGE = "discharge"
    ED_VISIT = "ed_visit"
    TRANSFER = "transfer"


class Disposition(StrEnum):
    HOME = "home"
    HOME_HEALTH = "home_health"
    ASSISTED_LIVING = "assisted_living"
    SNF = "snf"
    OTHER = "other"


class CareTransition(Record):
    """An ADT event; follow-up tasks and their deadlines come from REFERENCE §5."""

    KIND: ClassVar[str] = "care_transition"

    event: TransitionEvent
    facility: RequiredText
    admitted_on: PastDate | None = None
    discharged_on: PastDate | None = None
    ed_visit_on: PastDate | None = None
    disposition: Disposition | None = None
    mental_health_diagnosis: bool = False
    summary: ShortText = ""
    interactive_contact_at: PastDatetime | None = None
    follow_up_deadline: date | None = None

    @model_validator(mode="after")
    def _event_dates(self) -> CareTransition:
        if self.event is TransitionEvent.DISCHARGE and self.discharged_on is None:
            raise ValueError("a discharge needs its discharge date")
        if self.event is TransitionEvent.ED_VISIT and self.ed_visit_on is None:
            raise ValueError("an ED visit needs its date")
        if self.admitted_on and self.discharged_on and self.discharged_on < self.admitted_on:
            raise ValueError("discharge cannot be before admission")
        return self
