"""What the member chart shows: a plain dataclass tree built by MemberService, one part per header and tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ..domain.care_plan import CarePlan, CarePlanBarrier, CarePlanGoal, CarePlanIntervention
from ..domain.member import Address, AuthorizedContact, Condition, Consent, EnrollmentStatus, Language, RiskTier, Sex
from ..domain.observation import Observation
from ..domain.screening import Screening
from ..domain.session_note import NoteAddendum, SessionNote, StageOfChange
from ..domain.work_items import CareTransition, Referral, Task, TransitionEvent
from ..domain.worklist import ContactReason


class AlertKind(StrEnum):
    SAFETY = "safety"  # PHQ-9 item 9 positive, no documented safety assessment yet
    TRANSITION = "transition"  # a discharge (or ED visit) in the last 30 days, with its follow-up deadline
    CONFLICT = "conflict"  # sync conflicts on this member's records wait for a decision


@dataclass(frozen=True)
class Alert:
    """One header alert. The screen writes the words; the service gives the facts.

    SAFETY: ``on`` = screening day, ``due`` = the open safety task's due day (None when no task exists).
    TRANSITION: ``event``, ``place`` (facility), ``on`` = discharge or ED day, ``due`` = first-contact deadline,
    ``done_on`` = day the first contact was made (None while it is still owed), ``until`` = end of the tier-up.
    CONFLICT: ``count`` open conflicts.
    """

    kind: AlertKind
    on: date | None = None
    due: date | None = None
    done_on: date | None = None
    until: date | None = None
    place: str = ""
    event: TransitionEvent | None = None
    count: int = 0
    source_id: str | None = None


@dataclass(frozen=True)
class MemberHeader:
    member_id: str
    given_name: str
    family_name: str
    age: int
    date_of_birth: date
    sex: Sex
    language: Language
    medicaid_id: str
    pcp_name: str
    practice_id: str
    enrollment_status: EnrollmentStatus
    risk_tier: RiskTier  # the member's own tier
    effective_tier: RiskTier  # tier 1 while a discharge is in the last 30 days
    risk_reason: str
    last_contact: date | None
    next_contact_due: date
    next_contact_reason: ContactReason
    alerts: tuple[Alert, ...]
    today: date

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


@dataclass(frozen=True)
class CarePlanSummary:
    status: str
    active_goals: int
    total_goals: int
    open_interventions: int
    open_barriers: int
    review_due: date | None
    member_words: str


@dataclass(frozen=True)
class OverviewData:
    conditions: tuple[Condition, ...]
    latest_observations: tuple[Observation, ...]  # newest reading per type
    plan: CarePlanSummary | None
    recent_sessions: tuple[SessionNote, ...]  # the last three, newest first
    upcoming_tasks: tuple[Task, ...]  # open, soonest first
    today: date


@dataclass(frozen=True)
class NoteView:
    note: SessionNote
    addenda: tuple[NoteAddendum, ...]


@dataclass(frozen=True)
class TrendPoint:
    on: datetime
    stage: StageOfChange
    importance: int | None
    confidence: int | None
    readiness: int | None


@dataclass(frozen=True)
class BehaviourTrend:
    behaviour: str
    points: tuple[TrendPoint, ...]  # oldest first


@dataclass(frozen=True)
class SessionsData:
    notes: tuple[NoteView, ...]  # newest first
    trends: tuple[BehaviourTrend, ...]  # most sessions first


@dataclass(frozen=True)
class CarePlanData:
    plan: CarePlan | None
    goals: tuple[CarePlanGoal, ...]
    interventions: tuple[CarePlanIntervention, ...]
    barriers: tuple[CarePlanBarrier, ...]
    review_due: date | None  # the earlier of the plan's own date and the tier's review cadence
    other_plans: int  # earlier or completed plans not shown
    today: date


@dataclass(frozen=True)
class ScreeningsData:
    latest: tuple[Screening, ...]  # newest per instrument
    history: tuple[Screening, ...]  # all, newest first


@dataclass(frozen=True)
class ReferralView:
    referral: Referral
    overdue: bool  # still open after its expected date


@dataclass(frozen=True)
class ReferralsData:
    referrals: tuple[ReferralView, ...]
    transitions: tuple[CareTransition, ...]


@dataclass(frozen=True)
class TasksData:
    tasks: tuple[Task, ...]  # open ones first (soonest due), then closed ones (newest first)
    today: date


@dataclass(frozen=True)
class ContactsData:
    phone: str
    address: Address
    consent: Consent
    contacts: tuple[AuthorizedContact, ...]


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user_id: str
    device_id: str
    action: str
    object_type: str
    object_id: str
    outcome: str


@dataclass(frozen=True)
class AuditData:
    entries: tuple[AuditRow, ...]  # newest first
    truncated: bool  # older entries exist beyond the ones listed


@dataclass(frozen=True)
class MemberChart:
    header: MemberHeader
    overview: OverviewData
    sessions: SessionsData
    care_plan: CarePlanData
    screenings: ScreeningsData
    referrals: ReferralsData
    tasks: TasksData
    contacts: ContactsData
    audit: AuditData
