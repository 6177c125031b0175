"""The member chart for the screen: one audited read of a member's records, shaped into header and tab data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from ..domain.audit import AuditEvent
from ..domain.base import Record
from ..domain.care_plan import (
    CarePlan,
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    CarePlanStatus,
    GoalStatus,
    InterventionStatus,
)
from ..domain.member import Member
from ..domain.observation import Observation, ObservationType
from ..domain.screening import Instrument, Screening
from ..domain.session_note import NoteAddendum, SessionNote
from ..domain.transitions import TIER_UP_DAYS, effective_tier, index_date, tcm_contact_deadline
from ..domain.work_items import CareTransition, Referral, Task, TaskStatus, TaskType, TransitionEvent
from ..domain.worklist import (
    DEFAULT_SETTINGS,
    OPEN_REFERRAL,
    Category,
    WorklistSettings,
    build_worklist,
    care_plan_review_due,
    contact_schedule,
)
from ..vault import audit_log
from ..vault.conflicts import list_open_conflicts
from ..vault.errors import RecordNotFound
from ..vault.repository import RecordRepository
from ..vault.vault import Vault
from .member_chart import (
    Alert,
    AlertKind,
    AuditData,
    AuditRow,
    BehaviourTrend,
    CarePlanData,
    CarePlanSummary,
    ContactsData,
    MemberChart,
    MemberHeader,
    NoteView,
    OverviewData,
    ReferralsData,
    ReferralView,
    ScreeningsData,
    SessionsData,
    TasksData,
    TrendPoint,
)

AUDIT_ROWS = 500  # the Audit tab lists this many events, newest first
RECENT_SESSIONS = 3
UPCOMING_TASKS = 5
_OPEN_INTERVENTION = frozenset({InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS})
R = TypeVar("R", bound=Record)


class MemberService:
    def __init__(
        self, vault: Vault, today: Callable[[], date] = date.today, settings: WorklistSettings = DEFAULT_SETTINGS
    ) -> None:
        self._vault = vault
        self._today = today
        self._settings = settings

    def chart(self, member_id: str) -> MemberChart:
        """Open a member's chart: writes one ``view`` audit event (SECURITY R6), then reads everything shown."""
        repo = self._vault.repository()
        member = repo.open_member(member_id)
        return self._build(repo, member)

    def reload(self, member_id: str) -> MemberChart:
        """Read the chart again for a member already open on screen (after a save or a sync): not a new view."""
        repo = self._vault.repository()
        member = repo.get(Member.KIND, member_id)
        assert isinstance(member, Member)
        return self._build(repo, member)

    def _build(self, repo: RecordRepository, member: Member) -> MemberChart:
        if member.deleted:
            raise RecordNotFound("This member is no longer on your panel.")
        today = self._today()
        records = _Records(repo.member_records(str(member.id)))
        care_plan = self._care_plan(member, records, today)
        return MemberChart(
            header=self._header(member, records, today),
            overview=_overview(member, records, care_plan, today),
            sessions=_sessions(records),
            care_plan=care_plan,
            screenings=_screenings(records),
            referrals=_referrals(records, today),
            tasks=TasksData(_tasks_in_order(records.of(Task)), today),
            contacts=ContactsData(member.phone, member.address, member.consent, tuple(member.authorized_contacts)),
            audit=self._audit(str(member.id)),
        )

    # ---- header --------------------------------------------------------------------------------

    def _header(self, member: Member, records: _Records, today: date) -> MemberHeader:
        sessions, transitions, tasks = records.of(SessionNote), records.of(CareTransition), records.of(Task)
        last_contact, last_face_to_face = _last_contacts(sessions, transitions, tasks, today, self._settings)
        discharges = [t.discharged_on for t in transitions if t.event is TransitionEvent.DISCHARGE and t.discharged_on]
        last_discharge = max((d for d in discharges if d <= today), default=None)
        due, reason = contact_schedule(member.risk_tier, last_contact, last_face_to_face, last_discharge, today,
                                       self._settings)  # fmt: skip
        alerts = [
            *self._safety_alerts(member, records, today),
            *_transition_alerts(transitions, tasks, sessions, today, self._settings),
            *self._conflict_alerts(str(member.id)),
        ]
        return MemberHeader(
            member_id=str(member.id), given_name=member.given_name, family_name=member.family_name,
            age=member.age_on(today), date_of_birth=member.date_of_birth, sex=member.sex,
            language=member.preferred_language, medicaid_id=member.medicaid_id, pcp_name=member.pcp_name,
            practice_id=member.practice_id or "", enrollment_status=member.enrollment_status,
            risk_tier=member.risk_tier, effective_tier=effective_tier(member.risk_tier, last_discharge, today),
            risk_reason=member.risk_reason, last_contact=last_contact, next_contact_due=due,
            next_contact_reason=reason, alerts=tuple(alerts), today=today,
        )  # fmt: skip

    def _safety_alerts(self, member: Member, records: _Records, today: date) -> list[Alert]:
        """The worklist's own safety rule (item 9 flag, answer or linked task; cancelled tasks do not count)."""
        screenings, tasks = records.of(Screening), records.of(Task)
        items = build_worklist([member], [], tasks, [], [], screenings, today, self._settings)
        by_id: dict[str, Screening | Task] = {str(r.id): r for r in (*screenings, *tasks)}
        alerts = []
        for item in items:
            if item.category is not Category.SAFETY_ALERT:
                continue
            source = by_id.get(str(item.source_id))
            if isinstance(source, Task):
                screening = _screening_for_task(source, screenings)
                on = screening.administered_at.date() if screening else None
                alerts.append(Alert(AlertKind.SAFETY, on=on, due=source.due, source_id=str(source.id)))
            elif isinstance(source, Screening):
                alerts.append(Alert(AlertKind.SAFETY, on=source.administered_at.date(), source_id=str(source.id)))
        return alerts

    def _conflict_alerts(self, member_id: str) -> list[Alert]:
        count = sum(1 for c in list_open_conflicts(self._vault.database()) if c.member_id == member_id)
        return [Alert(AlertKind.CONFLICT, count=count)] if count else []

    # ---- tabs ----------------------------------------------------------------------------------

    def _care_plan(self, member: Member, records: _Records, today: date) -> CarePlanData:
        plans = sorted(records.of(CarePlan), key=lambda p: (p.status is CarePlanStatus.ACTIVE, p.updated_at))
        plan = plans[-1] if plans else None
        if plan is None:
            return CarePlanData(None, (), (), (), None, 0, today)
        goals = sorted((g for g in records.of(CarePlanGoal) if g.care_plan_id == plan.id), key=lambda g: g.rank)
        goal_order = {g.id: n for n, g in enumerate(goals)}
        interventions = sorted(
            (i for i in records.of(CarePlanIntervention) if i.care_plan_id == plan.id),
            key=lambda i: (goal_order.get(i.goal_id, len(goals)) if i.goal_id else len(goals), i.rank,
                           i.due_date or date.max),
        )  # fmt: skip
        barriers = sorted((b for b in records.of(CarePlanBarrier) if b.care_plan_id == plan.id),
                          key=lambda b: b.resolved)  # fmt: skip
        dues = [d for d in (plan.review_due,) if d is not None]
        if plan.last_reviewed is not None:
            dues.append(care_plan_review_due(member.risk_tier, plan.last_reviewed, self._settings))
        return CarePlanData(plan, tuple(goals), tuple(interventions), tuple(barriers), min(dues, default=None),
                            len(plans) - 1, today)  # fmt: skip

    def _audit(self, member_id: str) -> AuditData:
        entries = audit_log.entries_for_member(self._vault.database(), member_id, limit=AUDIT_ROWS + 1)
        rows = tuple(_audit_row(e.event) for e in entries[:AUDIT_ROWS])
        return AuditData(rows, truncated=len(entries) > AUDIT_ROWS)


def _audit_row(event: AuditEvent) -> AuditRow:
    return AuditRow(event.at, event.user_id, event.device_id, event.action.value, event.object_type,
                    event.object_id, event.outcome.value)  # fmt: skip


class _Records:
    """A member's records split by model class once, so each part of the chart picks its own."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._by_type: dict[type[Record], list[Record]] = {}
        for record in records:
            self._by_type.setdefault(type(record), []).append(record)

    def of(self, model: type[R]) -> list[R]:
        return self._by_type.get(model, [])  # type: ignore[return-value]


def _last_contacts(
    sessions: list[SessionNote], transitions: list[CareTransition], tasks: list[Task], today: date,
    settings: WorklistSettings,
) -> tuple[date | None, date | None]:  # fmt: skip
    """Last contact and last face-to-face visit, counted as the worklist counts them (notes, TOC calls)."""
    days = [n.started_at.date() for n in sessions]
    face = [n.started_at.date() for n in sessions if n.mode in settings.face_to_face_modes]
    days += [t.interactive_contact_at.date() for t in transitions if t.interactive_contact_at]
    days += [t.completed_at.date() for t in tasks
             if t.type is TaskType.INTERACTIVE_CONTACT and t.status is TaskStatus.DONE and t.completed_at]  # fmt: skip
    return max((d for d in days if d <= today), default=None), max((d for d in face if d <= today), default=None)


def _screening_for_task(task: Task, screenings: list[Screening]) -> Screening | None:
    for screening in screenings:
        if screening.id == task.source_id or screening.safety_assessment_task_id == str(task.id):
            return screening
    return None


def _transition_alerts(
    transitions: list[CareTransition], tasks: list[Task], sessions: list[SessionNote], today: date,
    settings: WorklistSettings,
) -> list[Alert]:  # fmt: skip
    """The latest discharge of the last 30 days (the tier-up), and any recent ED visit still owed its first call."""
    recent = [t for t in transitions if (d := index_date(t)) is not None and 0 <= (today - d).days <= TIER_UP_DAYS]
    discharges = [t for t in recent if t.event is TransitionEvent.DISCHARGE]
    latest = max(discharges, key=lambda t: index_date(t) or date.min, default=None)
    alerts = []
    for transition in sorted(recent, key=lambda t: index_date(t) or date.min, reverse=True):
        index = index_date(transition)
        assert index is not None
        if transition.event is TransitionEvent.DISCHARGE and transition is not latest:
            continue  # an older discharge inside the window: the newer one decides the tier-up
        due, done_on = _first_contact(transition, index, tasks, sessions, settings)
        if transition is not latest and done_on is not None:
            continue  # an ED visit already followed up
        until = index + timedelta(days=TIER_UP_DAYS) if transition.event is TransitionEvent.DISCHARGE else None
        alerts.append(Alert(AlertKind.TRANSITION, on=index, due=due, done_on=done_on, until=until,
                            place=transition.facility, event=transition.event,
                            source_id=str(transition.id)))  # fmt: skip
    return alerts


def _first_contact(
    transition: CareTransition, index: date, tasks: list[Task], sessions: list[SessionNote], settings: WorklistSettings
) -> tuple[date, date | None]:
    """The first-contact deadline and the day it was made (None while owed): the transition's own record, its
    linked call task, or a session held since."""
    due = tcm_contact_deadline(index, settings.holidays)
    if transition.follow_up_deadline is not None:
        due = min(due, transition.follow_up_deadline)
    if transition.interactive_contact_at is not None:
        return due, transition.interactive_contact_at.date()
    calls = [t for t in tasks if t.source_id == transition.id and t.type is TaskType.INTERACTIVE_CONTACT]
    done = [t.completed_at.date() for t in calls if t.status is TaskStatus.DONE and t.completed_at]
    if done:
        return due, min(done)
    open_calls = [t.due for t in calls if t.status is TaskStatus.OPEN]
    if open_calls:
        return min(open_calls), None
    since = [n.started_at.date() for n in sessions if n.started_at.date() >= index]
    return due, min(since, default=None)


def _overview(member: Member, records: _Records, care_plan: CarePlanData, today: date) -> OverviewData:
    latest: dict[ObservationType, Observation] = {}
    for obs in sorted(records.of(Observation), key=lambda o: (o.effective_on, o.updated_at)):
        latest[obs.type] = obs
    observations = tuple(latest[t] for t in ObservationType if t in latest)
    plan = care_plan.plan
    summary = None
    if plan is not None:
        summary = CarePlanSummary(
            status=plan.status.value,
            active_goals=sum(1 for g in care_plan.goals if g.status is GoalStatus.ACTIVE),
            total_goals=len(care_plan.goals),
            open_interventions=sum(1 for i in care_plan.interventions if i.status in _OPEN_INTERVENTION),
            open_barriers=sum(1 for b in care_plan.barriers if not b.resolved),
            review_due=care_plan.review_due,
            member_words=plan.member_words,
        )
    notes = sorted(records.of(SessionNote), key=lambda n: n.started_at, reverse=True)
    open_tasks = sorted((t for t in records.of(Task) if t.status is TaskStatus.OPEN), key=lambda t: t.due)
    return OverviewData(tuple(member.conditions), observations, summary, tuple(notes[:RECENT_SESSIONS]),
                        tuple(open_tasks[:UPCOMING_TASKS]), today)  # fmt: skip


def _sessions(records: _Records) -> SessionsData:
    notes = sorted(records.of(SessionNote), key=lambda n: n.started_at, reverse=True)
    addenda: dict[object, list[NoteAddendum]] = {}
    for addendum in sorted(records.of(NoteAddendum), key=lambda a: a.written_at):
        addenda.setdefault(addendum.note_id, []).append(addendum)
    series: dict[str, list[TrendPoint]] = {}
    for note in reversed(notes):
        for focus in note.behaviours:
            point = TrendPoint(note.started_at, focus.stage, focus.importance, focus.confidence, focus.readiness)
            series.setdefault(focus.behaviour, []).append(point)
    trends = sorted((BehaviourTrend(b, tuple(p)) for b, p in series.items()),
                    key=lambda t: (-len(t.points), -t.points[-1].on.timestamp()))  # fmt: skip
    views = tuple(NoteView(n, tuple(addenda.get(n.id, ()))) for n in notes)
    return SessionsData(views, tuple(trends))


def _screenings(records: _Records) -> ScreeningsData:
    history = sorted(records.of(Screening), key=lambda s: s.administered_at, reverse=True)
    latest: dict[Instrument, Screening] = {}
    for screening in history:
        latest.setdefault(screening.instrument, screening)
    return ScreeningsData(tuple(latest[i] for i in Instrument if i in latest), tuple(history))


def _referrals(records: _Records, today: date) -> ReferralsData:
    def overdue(r: Referral) -> bool:
        return r.status in OPEN_REFERRAL and r.expected_by is not None and r.expected_by < today

    referrals = sorted(records.of(Referral), key=lambda r: r.sent_on or r.updated_at.date(), reverse=True)
    transitions = sorted(records.of(CareTransition), key=lambda t: index_date(t) or t.admitted_on or date.min,
                         reverse=True)  # fmt: skip
    return ReferralsData(tuple(ReferralView(r, overdue(r)) for r in referrals), tuple(transitions))


def _tasks_in_order(tasks: list[Task]) -> tuple[Task, ...]:
    open_tasks = sorted((t for t in tasks if t.status is TaskStatus.OPEN), key=lambda t: t.due)
    closed = sorted((t for t in tasks if t.status is not TaskStatus.OPEN),
                    key=lambda t: t.completed_at.date() if t.completed_at else t.due, reverse=True)  # fmt: skip
    return (*open_tasks, *closed)
