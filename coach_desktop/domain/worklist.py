"""The coach's Today worklist: contact schedule by risk tier, care-plan review cadence and the sorted work items."""

from __future__ import annotations

import uuid
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from .calendar_rules import FEDERAL
from .care_plan import CarePlan, CarePlanStatus
from .member import EnrollmentStatus, Member, RiskTier
from .scoring import PHQ9_ITEM9
from .screening import Instrument, Screening
from .session_note import EncounterMode, SessionNote
from .transitions import TIER_UP_DAYS, effective_tier, in_tier_up, index_date, tcm_contact_deadline
from .work_items import CareTransition, Referral, ReferralStatus, Task, TaskStatus, TaskType, TransitionEvent

DEPRESSION_SCREENS = frozenset({Instrument.PHQ2, Instrument.PHQ9})
OPEN_REFERRAL = frozenset({ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.SCHEDULED})
TOC_TASK_TYPES = frozenset(
    {TaskType.INTERACTIVE_CONTACT, TaskType.MED_RECONCILIATION, TaskType.PCP_VISIT, TaskType.BH_FOLLOW_UP}
)


@dataclass(frozen=True)
class WorklistSettings:
    """Program defaults from REFERENCE §6.2 (a design proposal, not an HMP rule); where it gives a range the
    default is noted. Intervals are calendar days after the last qualifying contact or review."""

    tier1_contact_days: int = 14  # "≥1 contact every 2 weeks"
    tier1_face_to_face_days: int = 30  # "≥1 face-to-face per month", read as a rolling 30 days
    tier2_contact_days: int = 30  # "monthly"
    tier3_contact_days: int = 90  # "every 2–3 months": the upper end
    post_discharge_contact_days: int = 7  # "contact by business day 2, then weekly"
    # §5.1/§8.6: a contact on the discharge day is "generally accepted; confirm with the payer".
    same_day_contact_counts: bool = True
    tier1_review_days: int = 30
    tier2_review_days: int = 90  # "every 60–90 days": the upper end
    tier3_review_days: int = 180  # "every 6 months"
    due_soon_days: int = 3
    # Program setting, not a clinical rule: how often to re-offer a depression screen to enrolled members.
    screening_interval_days: int = 365
    transition_lookback_days: int = TIER_UP_DAYS  # how long a discharge's missing first contact stays listed
    face_to_face_modes: frozenset[EncounterMode] = frozenset({EncounterMode.IN_PERSON})
    # Flags meaning "PHQ-9 item 9 > 0" (as set by ``scoring.score_phq9``); the item-9 answer and a linked
    # safety task are checked as well, so an unscored or imported screening is not missed.
    safety_flags: frozenset[str] = frozenset({"safety_item9"})
    holidays: Container[date] = FEDERAL

    def contact_days(self, tier: RiskTier) -> int:
        if tier is RiskTier.HIGH:
            return self.tier1_contact_days
        return self.tier2_contact_days if tier is RiskTier.MEDIUM else self.tier3_contact_days

    def review_days(self, tier: RiskTier) -> int:
        if tier is RiskTier.HIGH:
            return self.tier1_review_days
        return self.tier2_review_days if tier is RiskTier.MEDIUM else self.tier3_review_days


DEFAULT_SETTINGS = WorklistSettings()


class Category(StrEnum):
    SAFETY_ALERT = "safety_alert"
    DISCHARGE_FOLLOW_UP = "discharge_follow_up"
    CONTACT_OVERDUE = "contact_overdue"
    CONTACT_DUE = "contact_due"
    REFERRAL_OVERDUE = "referral_overdue"
    SCREENING_DUE = "screening_due"
    CARE_PLAN_REVIEW = "care_plan_review"
    TASK = "task"


class Priority(IntEnum):
    """Lower sorts first."""

    SAFETY = 0
    DISCHARGE = 1
    OVERDUE_CONTACT = 2
    OTHER = 3


_CATEGORY_PRIORITY = dict.fromkeys(Category, Priority.OTHER) | {
    Category.SAFETY_ALERT: Priority.SAFETY,
    Category.DISCHARGE_FOLLOW_UP: Priority.DISCHARGE,
    Category.CONTACT_OVERDUE: Priority.OVERDUE_CONTACT,
}
_CATEGORY_ORDER = {category: rank for rank, category in enumerate(Category)}
_OVERDUE_CONTACT = Priority.OVERDUE_CONTACT  # module constant: an enum member lookup costs ~100 ns in 3.11
_TASK_CATEGORY = {TaskType.CARE_PLAN_REVIEW: Category.CARE_PLAN_REVIEW, TaskType.SCREENING_DUE: Category.SCREENING_DUE}
_TIER_NUMBER = {tier: tier.number for tier in RiskTier}  # ``RiskTier.number`` builds a dict per call
_TRANSITION_KIND = CareTransition.KIND
# Tasks that settle a flagged screening or a transition's first contact, found through their ``source_id``.
_LINKED_TASK_TYPES = frozenset({TaskType.SAFETY_ASSESSMENT, TaskType.INTERACTIVE_CONTACT})
# Open tasks that stand in for a computed item of the same kind (no duplicate on the list).
_STANDS_IN_TASK_TYPES = frozenset({TaskType.SCREENING_DUE, TaskType.CARE_PLAN_REVIEW})


@dataclass(frozen=True, slots=True)
class WorklistItem:
    """One line of the Today list. ``days_overdue`` is 0 until ``due`` has passed; ``source_id`` is the record
    (task, transition, referral, screening or care plan) the item came from, None for computed contacts."""

    member_id: uuid.UUID
    category: Category
    title: str
    due: date
    days_overdue: int
    priority: Priority
    tier: int  # the member's effective tier (1–3) today
    source_id: uuid.UUID | None = None


class ContactReason(StrEnum):
    FIRST_AFTER_DISCHARGE = "first_after_discharge"
    WEEKLY_AFTER_DISCHARGE = "weekly_after_discharge"
    ROUTINE = "routine"
    FACE_TO_FACE = "face_to_face"


def _after(last: date | None, days: int, today: date) -> date:
    # Nothing on record means the contact is due now.
    return today if last is None else last + timedelta(days=days)


def _contacted_since(last_contact: date, discharge: date, settings: WorklistSettings) -> bool:
    return last_contact >= discharge if settings.same_day_contact_counts else last_contact > discharge


def contact_schedule(
    tier: RiskTier,
    last_contact: date | None,
    last_face_to_face: date | None,
    last_discharge: date | None,
    today: date,
    settings: WorklistSettings = DEFAULT_SETTINGS,
) -> tuple[date, ContactReason]:
    """The next contact due date and the rule that sets it (REFERENCE §6.2); ties go to the contact rule."""
    if last_face_to_face is not None and (last_contact is None or last_face_to_face > last_contact):
        last_contact = last_face_to_face  # a face-to-face visit is a contact too
    if last_discharge is not None and in_tier_up(last_discharge, today):
        tier = RiskTier.HIGH
        due, reason = _after_discharge(last_contact, last_discharge, settings)
    else:
        due, reason = _after(last_contact, settings.contact_days(tier), today), ContactReason.ROUTINE
    if tier is RiskTier.HIGH:
        face_to_face = _after(last_face_to_face, settings.tier1_face_to_face_days, today)
        if face_to_face < due:
            return face_to_face, ContactReason.FACE_TO_FACE
    return due, reason


def _after_discharge(
    last_contact: date | None, discharge: date, settings: WorklistSettings
) -> tuple[date, ContactReason]:
    # "Contact by business day 2, then weekly" for the 30 days after discharge.
    if last_contact is None or not _contacted_since(last_contact, discharge, settings):
        return tcm_contact_deadline(discharge, settings.holidays), ContactReason.FIRST_AFTER_DISCHARGE
    return last_contact + timedelta(days=settings.post_discharge_contact_days), ContactReason.WEEKLY_AFTER_DISCHARGE


def next_contact_due(
    tier: RiskTier,
    last_contact: date | None,
    last_face_to_face: date | None,
    last_discharge: date | None,
    today: date,
    settings: WorklistSettings = DEFAULT_SETTINGS,
) -> date:
    """When the member next needs a contact (or, for tier 1, a face-to-face visit), whichever comes first."""
    return contact_schedule(tier, last_contact, last_face_to_face, last_discharge, today, settings)[0]


def care_plan_review_due(tier: RiskTier, last_reviewed: date, settings: WorklistSettings = DEFAULT_SETTINGS) -> date:
    """Next care-plan review by the member's own tier: 30 / 90 / 180 days by default (REFERENCE §6.2)."""
    return last_reviewed + timedelta(days=settings.review_days(tier))


# ---------------------------------------------------------------------------------------------------------------
# Building the worklist: one pass over each record list fills per-member facts and keeps the few records that can
# become items; then one small rule per category. Indexes are keyed by ``uuid.int``: hashing and comparing a UUID
# runs Python code, an int does not.


@dataclass
class _Facts:
    today: date
    settings: WorklistSettings
    members: dict[int, Member]
    horizon: date = date.min  # last due date that counts as "due soon"
    enrolled: dict[int, Member] = field(default_factory=dict)
    tiers: dict[int, RiskTier] = field(default_factory=dict)  # effective tier today
    tier_numbers: dict[int, int] = field(default_factory=dict)
    last_contact: dict[int, date] = field(default_factory=dict)
    last_face_to_face: dict[int, date] = field(default_factory=dict)
    last_discharge: dict[int, date] = field(default_factory=dict)
    last_depression_screen: dict[int, date] = field(default_factory=dict)
    tasks_by_source: dict[int, list[Task]] = field(default_factory=dict)  # _LINKED_TASK_TYPES by source record
    safety_tasks: dict[str, Task] = field(default_factory=dict)  # all of them, by str(id) as Screening links them
    earliest_open_due: dict[tuple[int, TaskType], date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.horizon = self.today + timedelta(days=self.settings.due_soon_days)
        enrolled = EnrollmentStatus.ENROLLED
        self.enrolled = {key: m for key, m in self.members.items() if m.enrollment_status is enrolled}

    def member(self, member_id: uuid.UUID | None, enrolled_only: bool = True) -> Member | None:
        if member_id is None:
            return None
        return (self.enrolled if enrolled_only else self.members).get(member_id.int)

    def item(
        self, member: Member, category: Category, title: str, due: date, source_id: uuid.UUID | None = None
    ) -> WorklistItem:
        overdue = (self.today - due).days
        tier = self.tier_numbers[member.id.int]
        return WorklistItem(
            member.id, category, title, due, max(overdue, 0), _CATEGORY_PRIORITY[category], tier, source_id
        )


def _keep_latest(index: dict[int, date], key: int, day: date) -> None:
    if day > index.get(key, date.min):
        index[key] = day


def _index_sessions(facts: _Facts, sessions: Iterable[SessionNote]) -> None:
    face_to_face_modes, today = facts.settings.face_to_face_modes, facts.today
    last_contact, last_face_to_face, oldest = facts.last_contact, facts.last_face_to_face, date.min
    for note in sessions:  # the largest list: kept to plain lookups
        day = note.started_at.date()
        if note.deleted or note.member_id is None or day > today:
            continue  # a note dated after ``today`` (clock skew, or a past ``today``) is not a contact yet
        key = note.member_id.int
        if day > last_contact.get(key, oldest):
            last_contact[key] = day
        if note.mode in face_to_face_modes and day > last_face_to_face.get(key, oldest):
            last_face_to_face[key] = day


def _index_transitions(facts: _Facts, transitions: Iterable[CareTransition]) -> list[CareTransition]:
    """Record discharges and first contacts; return the transitions recent enough to list (§5.3)."""
    today, lookback, recent = facts.today, facts.settings.transition_lookback_days, []
    for transition in transitions:
        if transition.deleted or transition.member_id is None:
            continue
        key = transition.member_id.int
        contact = transition.interactive_contact_at
        if contact is not None and contact.date() <= today:
            _keep_latest(facts.last_contact, key, contact.date())
        # Only inpatient discharges tier a member up (§6.2 "discharge in the last 30 days"); ED visits do not.
        discharged = transition.discharged_on
        if transition.event is TransitionEvent.DISCHARGE and discharged is not None and discharged <= today:
            _keep_latest(facts.last_discharge, key, discharged)
        index = index_date(transition)
        if index is not None and 0 <= (today - index).days <= lookback:
            recent.append(transition)
    return recent


def _index_tiers(facts: _Facts) -> None:
    for key, member in facts.members.items():
        tier = effective_tier(member.risk_tier, facts.last_discharge.get(key), facts.today)
        facts.tiers[key], facts.tier_numbers[key] = tier, _TIER_NUMBER[tier]


def _index_linked_task(facts: _Facts, task: Task) -> None:
    if task.source_id is not None:
        facts.tasks_by_source.setdefault(task.source_id.int, []).append(task)
    if task.type is TaskType.SAFETY_ASSESSMENT:
        facts.safety_tasks[str(task.id)] = task
    elif task.status is TaskStatus.DONE and task.member_id is not None:
        done_on = task.completed_at.date()  # type: ignore[union-attr]  # a done task always has it
        if done_on <= facts.today:
            _keep_latest(facts.last_contact, task.member_id.int, done_on)  # ticked off = contact made


def _is_toc_task(task: Task) -> bool:
    return task.source_kind == _TRANSITION_KIND or task.type in TOC_TASK_TYPES


def _index_tasks(facts: _Facts, tasks: Iterable[Task]) -> list[Task]:
    """Index the tasks that settle or stand in for other items; return the open ones that may be listed."""
    is_open, horizon, listable = TaskStatus.OPEN, facts.horizon, []  # hoisted: enum lookups are slow in 3.11
    for task in tasks:
        if task.deleted:
            continue
        task_type = task.type
        if task_type in _LINKED_TASK_TYPES:
            _index_linked_task(facts, task)
        if task.status is not is_open or task.member_id is None:
            continue
        if task_type in _STANDS_IN_TASK_TYPES:
            key = (task.member_id.int, task_type)
            if task.due < facts.earliest_open_due.get(key, date.max):
                facts.earliest_open_due[key] = task.due
        # Post-discharge tasks are listed from day 0 so the coach sees the whole transition plan at once.
        if task_type is not TaskType.SAFETY_ASSESSMENT and (task.due <= horizon or _is_toc_task(task)):
            listable.append(task)
    return listable


def _is_item9_positive(screening: Screening, settings: WorklistSettings) -> bool:
    if screening.instrument is not Instrument.PHQ9:
        return False
    if screening.safety_assessment_task_id is not None or not settings.safety_flags.isdisjoint(screening.flags):
        return True
    answer = screening.answers.get(PHQ9_ITEM9)
    return isinstance(answer, int) and answer >= 1  # REFERENCE §1.2: any answer but "not at all"


def _index_screenings(facts: _Facts, screenings: Iterable[Screening]) -> list[Screening]:
    """Record each member's last depression screen; return the PHQ-9s with a positive item 9."""
    today, settings, flagged = facts.today, facts.settings, []
    for screening in screenings:
        if screening.deleted or screening.member_id is None or screening.instrument not in DEPRESSION_SCREENS:
            continue
        day = screening.administered_at.date()
        if day <= today:
            _keep_latest(facts.last_depression_screen, screening.member_id.int, day)
        if _is_item9_positive(screening, settings):
            flagged.append(screening)
    return flagged


def _safety_handled(facts: _Facts, screening: Screening) -> bool:
    """An open linked task is listed on its own; a done one documented the assessment. Cancelled ones do not count."""
    linked = [t for t in facts.tasks_by_source.get(screening.id.int, ()) if t.type is TaskType.SAFETY_ASSESSMENT]
    if screening.safety_assessment_task_id in facts.safety_tasks:
        linked.append(facts.safety_tasks[screening.safety_assessment_task_id])
    return any(task.status is not TaskStatus.CANCELLED for task in linked)


def _safety_items(facts: _Facts, flagged: list[Screening]) -> Iterator[WorklistItem]:
    # Safety alerts show for every member on the list, enrolled or not: a self-harm flag must never be hidden.
    for task in facts.safety_tasks.values():
        member = facts.member(task.member_id, enrolled_only=False)
        if member is not None and task.status is TaskStatus.OPEN:
            yield facts.item(member, Category.SAFETY_ALERT, task.title, task.due, task.id)
    for screening in flagged:
        member = facts.member(screening.member_id, enrolled_only=False)
        if member is not None and not _safety_handled(facts, screening):
            title = "PHQ-9 item 9 positive (thoughts of death or self-harm): safety assessment needed"
            yield facts.item(member, Category.SAFETY_ALERT, title, screening.administered_at.date(), screening.id)


def _task_items(facts: _Facts, listable: list[Task]) -> Iterator[WorklistItem]:
    for task in listable:
        member = facts.member(task.member_id)
        if member is None:
            continue
        category = Category.DISCHARGE_FOLLOW_UP if _is_toc_task(task) else _TASK_CATEGORY.get(task.type, Category.TASK)
        yield facts.item(member, category, task.title, task.due, task.id)


def _first_contact_done(facts: _Facts, transition: CareTransition, index: date) -> bool:
    if transition.interactive_contact_at is not None:
        return True
    stored = facts.tasks_by_source.get(transition.id.int, ())
    if any(task.type is TaskType.INTERACTIVE_CONTACT for task in stored):
        return True  # the stored task is listed (or closed) on its own
    last = facts.last_contact.get(transition.member_id.int) if transition.member_id else None
    return last is not None and _contacted_since(last, index, facts.settings)


def _transition_items(facts: _Facts, recent: list[CareTransition]) -> Iterator[WorklistItem]:
    for transition in recent:
        index = index_date(transition)
        member = facts.member(transition.member_id)
        if index is None or member is None or _first_contact_done(facts, transition, index):
            continue
        due = tcm_contact_deadline(index, facts.settings.holidays)
        if transition.follow_up_deadline is not None:
            due = min(due, transition.follow_up_deadline)
        after = "ED visit" if transition.event is TransitionEvent.ED_VISIT else "discharge"
        title = f"First contact after {after} from {transition.facility}: two-way conversation by business day 2"
        yield facts.item(member, Category.DISCHARGE_FOLLOW_UP, title, due, transition.id)


def _contact_title(reason: ContactReason, tier: RiskTier, settings: WorklistSettings) -> str:
    if reason is ContactReason.ROUTINE:
        return f"Check in with the member (tier {_TIER_NUMBER[tier]}: every {settings.contact_days(tier)} days)"
    if reason is ContactReason.FACE_TO_FACE:
        return f"Face-to-face visit (tier 1: at least one every {settings.tier1_face_to_face_days} days)"
    if reason is ContactReason.WEEKLY_AFTER_DISCHARGE:
        return f"Check in after discharge (every {settings.post_discharge_contact_days} days for {TIER_UP_DAYS} days)"
    return "First contact after discharge: two-way conversation by business day 2"


def _contact_items(facts: _Facts, first_contact_listed: set[uuid.UUID]) -> Iterator[WorklistItem]:
    settings, today, horizon = facts.settings, facts.today, facts.horizon
    last_contact, last_face_to_face, last_discharge = facts.last_contact, facts.last_face_to_face, facts.last_discharge
    titles: dict[tuple[ContactReason, RiskTier], str] = {}  # a handful of distinct titles for thousands of items
    for key, member in facts.enrolled.items():
        due, reason = contact_schedule(
            member.risk_tier,
            last_contact.get(key),
            last_face_to_face.get(key),
            last_discharge.get(key),
            today,
            settings,
        )
        if due > horizon:
            continue
        if reason is ContactReason.FIRST_AFTER_DISCHARGE and member.id in first_contact_listed:
            continue  # already on the list as a discharge follow-up
        category = Category.CONTACT_OVERDUE if due < today else Category.CONTACT_DUE
        tier = facts.tiers[key]
        title = titles.get((reason, tier)) or titles.setdefault((reason, tier), _contact_title(reason, tier, settings))
        yield facts.item(member, category, title, due)


def _referral_items(facts: _Facts, referrals: Iterable[Referral]) -> Iterator[WorklistItem]:
    today = facts.today
    for referral in referrals:
        expected = referral.expected_by
        if expected is None or expected >= today or referral.status not in OPEN_REFERRAL or referral.deleted:
            continue
        member = facts.member(referral.member_id)
        if member is not None:
            title = f"Referral to {referral.to_name} not completed by the expected date: follow up"
            yield facts.item(member, Category.REFERRAL_OVERDUE, title, expected, referral.id)


def _covered_by_task(facts: _Facts, member: Member, task_type: TaskType, due: date) -> bool:
    return facts.earliest_open_due.get((member.id.int, task_type), date.max) <= due


def _screening_items(facts: _Facts) -> Iterator[WorklistItem]:
    interval, today, horizon = facts.settings.screening_interval_days, facts.today, facts.horizon
    for key, member in facts.enrolled.items():
        last = facts.last_depression_screen.get(key)
        due = _after(last, interval, today)
        if due > horizon or _covered_by_task(facts, member, TaskType.SCREENING_DUE, due):
            continue
        since = "none on record" if last is None else f"none in the last {interval} days"
        yield facts.item(member, Category.SCREENING_DUE, f"Offer a depression screen (PHQ-2 or PHQ-9): {since}", due)


def _care_plan_items(facts: _Facts, care_plans: Iterable[CarePlan]) -> Iterator[WorklistItem]:
    for plan in care_plans:
        member = facts.member(plan.member_id)
        if member is None or plan.deleted or plan.status is not CarePlanStatus.ACTIVE:
            continue
        dues = [d for d in (plan.review_due,) if d is not None]
        if plan.last_reviewed is not None:
            dues.append(care_plan_review_due(member.risk_tier, plan.last_reviewed, facts.settings))
        if not dues:
            continue  # never reviewed and no review date set: nothing to count from
        due = min(dues)
        if due > facts.horizon or _covered_by_task(facts, member, TaskType.CARE_PLAN_REVIEW, due):
            continue
        days = facts.settings.review_days(member.risk_tier)
        title = f"Review the care plan (tier {_TIER_NUMBER[member.risk_tier]}: every {days} days)"
        yield facts.item(member, Category.CARE_PLAN_REVIEW, title, due, plan.id)


def _sort_key(item: WorklistItem) -> tuple[int, int, int, int, int]:
    # Overdue contacts go by tier, then most overdue first; every other group by due date, then category.
    # Ties keep the order the items were made in (the sort is stable), which follows the input order.
    if item.priority is _OVERDUE_CONTACT:
        return (item.priority, item.tier, -item.days_overdue, 0, item.member_id.int)
    return (item.priority, item.due.toordinal(), 0, _CATEGORY_ORDER[item.category], item.member_id.int)


def build_worklist(
    members: Iterable[Member],
    sessions: Iterable[SessionNote],
    tasks: Iterable[Task],
    transitions: Iterable[CareTransition],
    referrals: Iterable[Referral],
    screenings: Iterable[Screening],
    today: date,
    settings: WorklistSettings = DEFAULT_SETTINGS,
    *,
    care_plans: Iterable[CarePlan] = (),
) -> list[WorklistItem]:
    """Today's work, sorted: safety alerts, post-discharge follow-ups by deadline, overdue contacts by tier and
    days overdue, then everything else by due date. Only enrolled members get items other than safety alerts.
    Each argument is read once, so generators are fine."""
    facts = _Facts(today, settings, {m.id.int: m for m in members if not m.deleted})
    listable_tasks = _index_tasks(facts, tasks)
    _index_sessions(facts, sessions)
    recent_transitions = _index_transitions(facts, transitions)
    flagged = _index_screenings(facts, screenings)
    _index_tiers(facts)
    items = [*_safety_items(facts, flagged), *_task_items(facts, listable_tasks)]
    items.extend(_transition_items(facts, recent_transitions))
    first_contact_listed = {i.member_id for i in items if i.category is Category.DISCHARGE_FOLLOW_UP}
    items.extend(_contact_items(facts, first_contact_listed))
    items.extend(_referral_items(facts, referrals))
    items.extend(_screening_items(facts))
    items.extend(_care_plan_items(facts, care_plans))
    items.sort(key=_sort_key)
    return items
