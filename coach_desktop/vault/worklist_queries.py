"""What the Today worklist reads, straight from the schema v7 indexes: per-member facts and the few live records.

``build_worklist`` only takes a maximum over most record lists (last contact, last face-to-face visit, last
discharge, last depression screen) and lists a small subset (open or linked tasks, recent transitions, overdue
referrals, flagged PHQ-9s, plans near review). Reading and validating every JSON body for that costs about a
minute at 20,000 members; these queries read only index entries (the indexed JSON expressions make them covering)
and hand ``build_worklist`` light read-only rows carrying exactly the attributes it reads.

Where a maximum is all that counts, one stand-in row per member carries it (``_FACT_ID`` as its id): it never
becomes an item (a stand-in screening is a PHQ-2, a stand-in transition has no index date). Every other row is a
real record. ``tests/ui/test_today_service.py`` checks the result equals ``build_worklist`` over every record.
"""

# ruff: noqa: S608 - the SQL texts are built once from the module constants below; every value is bound

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, cast

from ..domain.care_plan import CarePlan, CarePlanStatus
from ..domain.member import EnrollmentStatus, Member, RiskTier
from ..domain.scoring import PHQ9_ITEM9
from ..domain.screening import Instrument, Screening
from ..domain.session_note import EncounterMode, SessionNote
from ..domain.work_items import CareTransition, Referral, ReferralStatus, Task, TaskStatus, TaskType, TransitionEvent
from ..domain.worklist import DEPRESSION_SCREENS, OPEN_REFERRAL, TOC_TASK_TYPES, WorklistSettings
from .database import Database

_FACT_ID = uuid.UUID(int=0)  # id of a stand-in row that only carries a per-member maximum

# The indexed expressions (schema v7, migrations._v7_worklist_and_sort_indexes). A query uses an expression index
# only when it repeats the expression exactly, so both are written from these constants (a test compares them).
SESSION_DAY = "substr(json_extract(body, '$.started_at'), 1, 10)"
SESSION_MODE = "json_extract(body, '$.mode')"
EVENT = "json_extract(body, '$.event')"
DISCHARGED_ON = "json_extract(body, '$.discharged_on')"
ED_VISIT_ON = "json_extract(body, '$.ed_visit_on')"
CONTACT_DAY = "substr(json_extract(body, '$.interactive_contact_at'), 1, 10)"
FOLLOW_UP_DEADLINE = "json_extract(body, '$.follow_up_deadline')"
INSTRUMENT = "json_extract(body, '$.instrument')"
SCREEN_DAY = "substr(json_extract(body, '$.administered_at'), 1, 10)"
SAFETY_TASK_ID = "json_extract(body, '$.safety_assessment_task_id')"
SCREEN_FLAGS = "json_extract(body, '$.flags')"
ITEM9 = f"json_extract(body, '$.answers.\"{PHQ9_ITEM9}\"')"
STATUS = "json_extract(body, '$.status')"
TASK_TYPE = "json_extract(body, '$.type')"
TASK_DUE = "json_extract(body, '$.due')"
SOURCE_KIND = "json_extract(body, '$.source_kind')"
SOURCE_ID = "json_extract(body, '$.source_id')"
DONE_DAY = "substr(json_extract(body, '$.completed_at'), 1, 10)"
EXPECTED_BY = "json_extract(body, '$.expected_by')"
REVIEW_DUE = "json_extract(body, '$.review_due')"
LAST_REVIEWED = "json_extract(body, '$.last_reviewed')"

# (index name, kind, indexed expressions) — the v7 migration creates exactly these.
WORKLIST_INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("record_session_facts", "session_note", ("member_id", SESSION_DAY, SESSION_MODE)),
    ("record_transition_facts", "care_transition",
     ("member_id", EVENT, DISCHARGED_ON, ED_VISIT_ON, CONTACT_DAY, FOLLOW_UP_DEADLINE, "id")),
    ("record_screening_facts", "screening",
     ("member_id", INSTRUMENT, SCREEN_DAY, SAFETY_TASK_ID, SCREEN_FLAGS, ITEM9, "id")),
    ("record_task_facts", "task",
     (STATUS, TASK_TYPE, "member_id", TASK_DUE, SOURCE_KIND, SOURCE_ID, DONE_DAY, "id")),
    ("record_referral_facts", "referral", (STATUS, EXPECTED_BY, "member_id", "id")),
    ("record_care_plan_facts", "care_plan", (STATUS, "member_id", REVIEW_DUE, LAST_REVIEWED, "id")),
)  # fmt: skip


def worklist_index_ddl() -> list[str]:
    """CREATE INDEX statements for ``WORKLIST_INDEXES`` (partial: live rows of one kind)."""
    return [f"CREATE INDEX {name} ON record ({', '.join(columns)}) WHERE kind = '{kind}' AND deleted = 0"
            for name, kind, columns in WORKLIST_INDEXES]  # fmt: skip


# ---- light rows: the attributes build_worklist reads, nothing else (tuples: ~10x cheaper to make than models) --


class LightMember(NamedTuple):
    id: uuid.UUID
    risk_tier: RiskTier
    enrollment_status: EnrollmentStatus
    deleted: bool = False


class LightSession(NamedTuple):
    member_id: uuid.UUID
    started_at: datetime  # midnight of the day: only ``.date()`` is read
    mode: EncounterMode
    deleted: bool = False


class LightTask(NamedTuple):
    id: uuid.UUID
    member_id: uuid.UUID | None
    type: TaskType
    status: TaskStatus
    due: date
    source_kind: str
    source_id: uuid.UUID | None
    completed_at: datetime | None
    title: str = ""
    deleted: bool = False


class LightTransition(NamedTuple):
    id: uuid.UUID
    member_id: uuid.UUID
    event: TransitionEvent
    discharged_on: date | None
    ed_visit_on: date | None
    interactive_contact_at: datetime | None
    follow_up_deadline: date | None
    facility: str = ""
    deleted: bool = False


class LightReferral(NamedTuple):
    id: uuid.UUID
    member_id: uuid.UUID
    status: ReferralStatus
    expected_by: date
    to_name: str = ""
    deleted: bool = False


class LightScreening(NamedTuple):
    id: uuid.UUID
    member_id: uuid.UUID
    instrument: Instrument
    administered_at: datetime
    answers: dict[str, Any] = {}  # noqa: RUF012 - never mutated (a NamedTuple has no default factories)
    flags: list[str] = []  # noqa: RUF012
    safety_assessment_task_id: str | None = None
    deleted: bool = False


class LightCarePlan(NamedTuple):
    id: uuid.UUID
    member_id: uuid.UUID
    status: CarePlanStatus
    review_due: date | None
    last_reviewed: date | None
    deleted: bool = False


class MemberLabel(NamedTuple):
    """What a Today row shows about its member (from the member index)."""

    member_id: str
    name: str  # "Family, Given"


@dataclass
class WorklistInputs:
    """The arguments of ``build_worklist``, typed as the domain records they stand in for."""

    members: list[Member]
    sessions: list[SessionNote]
    tasks: list[Task]
    transitions: list[CareTransition]
    referrals: list[Referral]
    screenings: list[Screening]
    care_plans: list[CarePlan]
    labels: dict[int, MemberLabel]  # by ``uuid.int`` of the member id (hashing an int is cheap, a UUID is not)


# ---- loading -------------------------------------------------------------------------------------------------

# Enum lookups by value through dicts: calling an enum class costs ~1 µs, a dict lookup ~30 ns.
_TIERS = {tier.number: tier for tier in RiskTier}
_STATUSES = {status.value: status for status in EnrollmentStatus}
_TASK_TYPES = {kind.value: kind for kind in TaskType}
_TASK_STATUSES = {status.value: status for status in TaskStatus}
_EVENTS = {event.value: event for event in TransitionEvent}
_REFERRAL_STATUSES = {status.value: status for status in ReferralStatus}


class _Ids(dict[str, uuid.UUID]):
    """Member ids parsed once: the same UUID object for every row of a member (a plain dict lookup when seen)."""

    def __missing__(self, text: str) -> uuid.UUID:
        parsed = self[text] = uuid.UUID(text)
        return parsed


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _midnight(text: str) -> datetime:
    return datetime.fromisoformat(text)  # "YYYY-MM-DD" → that day at 00:00


def _opt_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_worklist_inputs(db: Database, today: date, settings: WorklistSettings) -> WorklistInputs:
    """Everything ``build_worklist`` needs for ``today``, read from indexes only (no JSON body is parsed)."""
    ids = _Ids()
    members, labels = _members(db, ids)
    return WorklistInputs(
        members=cast(list[Member], members),
        sessions=cast(list[SessionNote], _sessions(db, ids, today, settings)),
        tasks=cast(list[Task], _tasks(db, ids, today, settings)),
        transitions=cast(list[CareTransition], _transitions(db, ids, today, settings)),
        referrals=cast(list[Referral], _referrals(db, ids, today)),
        screenings=cast(list[Screening], _screenings(db, ids, today, settings)),
        care_plans=cast(list[CarePlan], _care_plans(db, ids, today, settings)),
        labels=labels,
    )


_MEMBERS_SQL = "SELECT member_id, risk_tier, enrollment_status, family_name, given_name FROM member_index"
_SESSION_SQL = (
    f"SELECT member_id, max({SESSION_DAY}), max(CASE WHEN {SESSION_MODE} IN (SELECT value FROM json_each(?)) "
    f"THEN {SESSION_DAY} END) FROM record INDEXED BY record_session_facts WHERE kind = 'session_note' "
    f"AND deleted = 0 AND member_id IS NOT NULL AND {SESSION_DAY} <= ? GROUP BY member_id"
)
_TASK_SQL = (
    f"SELECT id, member_id, {TASK_TYPE}, {STATUS}, {TASK_DUE}, {SOURCE_KIND}, {SOURCE_ID}, {DONE_DAY} "
    "FROM record INDEXED BY record_task_facts WHERE kind = 'task' AND deleted = 0 "
    f"AND ({TASK_TYPE} IN (SELECT value FROM json_each(?)) OR ({STATUS} = 'open' AND member_id IS NOT NULL "
    f"AND ({TASK_DUE} <= ? OR {SOURCE_KIND} = ? OR {TASK_TYPE} IN (SELECT value FROM json_each(?)))))"
)
_TRANSITIONS_FROM = "FROM record INDEXED BY record_transition_facts WHERE kind = 'care_transition' AND deleted = 0 "
_RECENT_TRANSITION_SQL = (
    f"SELECT id, member_id, {EVENT}, {DISCHARGED_ON}, {ED_VISIT_ON}, {CONTACT_DAY}, {FOLLOW_UP_DEADLINE} "
    f"{_TRANSITIONS_FROM} AND (({EVENT} = 'discharge' AND {DISCHARGED_ON} BETWEEN ? AND ?) "
    f"OR ({EVENT} = 'ed_visit' AND {ED_VISIT_ON} BETWEEN ? AND ?))"
)
_TRANSITION_FACTS_SQL = (
    f"SELECT member_id, max(CASE WHEN {EVENT} = 'discharge' AND {DISCHARGED_ON} <= ? THEN {DISCHARGED_ON} END), "
    f"max(CASE WHEN {CONTACT_DAY} <= ? THEN {CONTACT_DAY} END) {_TRANSITIONS_FROM} GROUP BY member_id"
)
_REFERRAL_SQL = (
    f"SELECT id, member_id, {STATUS}, {EXPECTED_BY} FROM record INDEXED BY record_referral_facts "
    f"WHERE kind = 'referral' AND deleted = 0 AND {STATUS} IN (SELECT value FROM json_each(?)) "
    f"AND {EXPECTED_BY} < ? AND member_id IS NOT NULL"
)
_SCREENINGS_FROM = "FROM record INDEXED BY record_screening_facts WHERE kind = 'screening' AND deleted = 0 "
_LAST_SCREEN_SQL = (
    f"SELECT member_id, max({SCREEN_DAY}) {_SCREENINGS_FROM} AND {INSTRUMENT} IN (SELECT value FROM json_each(?)) "
    f"AND {SCREEN_DAY} <= ? GROUP BY member_id"
)
_FLAGGED_SQL = (
    f"SELECT id, member_id, {SCREEN_DAY}, {SAFETY_TASK_ID}, {SCREEN_FLAGS}, {ITEM9} {_SCREENINGS_FROM} "
    f"AND {INSTRUMENT} = 'phq9' AND ({SAFETY_TASK_ID} IS NOT NULL OR {ITEM9} >= 1 OR EXISTS "
    f"(SELECT 1 FROM json_each({SCREEN_FLAGS}) f WHERE f.value IN (SELECT value FROM json_each(?))))"
)
_CARE_PLAN_SQL = (
    f"SELECT id, member_id, {REVIEW_DUE}, {LAST_REVIEWED} FROM record INDEXED BY record_care_plan_facts "
    f"WHERE kind = 'care_plan' AND deleted = 0 AND {STATUS} = 'active' AND member_id IS NOT NULL "
    f"AND ({REVIEW_DUE} <= ? OR {LAST_REVIEWED} <= ?)"
)


def _json(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


def _members(db: Database, ids: _Ids) -> tuple[list[LightMember], dict[int, MemberLabel]]:
    members, labels = [], {}
    for member_id, tier, status, family, given in db.query(_MEMBERS_SQL):
        key = ids[member_id]
        members.append(LightMember(key, _TIERS[int(tier)], _STATUSES[status]))
        labels[key.int] = MemberLabel(member_id, f"{family}, {given}")
    return members, labels


def _sessions(db: Database, ids: _Ids, today: date, settings: WorklistSettings) -> list[LightSession]:
    """Per member: the last session on or before ``today`` and the last face-to-face one (the only facts used)."""
    face_modes = sorted(settings.face_to_face_modes)
    other = next((mode for mode in EncounterMode if mode not in settings.face_to_face_modes), None)
    sessions = []
    for member_id, last_any, last_face in db.query(_SESSION_SQL, (_json(face_modes), today.isoformat())):
        key = ids[member_id]
        if last_face is not None:
            sessions.append(LightSession(key, _midnight(last_face), face_modes[0]))
        if other is not None and last_any != last_face:
            sessions.append(LightSession(key, _midnight(last_any), other))
    return sessions


def _tasks(db: Database, ids: _Ids, today: date, settings: WorklistSettings) -> list[LightTask]:
    """Tasks that can matter: linked ones (they settle alerts or count as contacts), and open ones that may be listed
    or stand in for a computed item. Open tasks due after the horizon and outside a transition change nothing."""
    horizon = today + timedelta(days=settings.due_soon_days)
    linked = _json({TaskType.SAFETY_ASSESSMENT, TaskType.INTERACTIVE_CONTACT})
    kept = _json(TOC_TASK_TYPES | {TaskType.SCREENING_DUE, TaskType.CARE_PLAN_REVIEW})
    rows = db.query(_TASK_SQL, (linked, horizon.isoformat(), CareTransition.KIND, kept))
    return [
        LightTask(uuid.UUID(task_id), ids[member_id] if member_id else None, _TASK_TYPES[kind], _TASK_STATUSES[status],
                  _day(due), source_kind or "", uuid.UUID(source_id) if source_id else None,
                  _midnight(done) if done else None)
        for task_id, member_id, kind, status, due, source_kind, source_id, done in rows
    ]  # fmt: skip


def _transitions(db: Database, ids: _Ids, today: date, settings: WorklistSettings) -> list[LightTransition]:
    """Recent discharges and ED visits (listable) in full; per member, the last discharge and last first contact."""
    start, end = (today - timedelta(days=settings.transition_lookback_days)).isoformat(), today.isoformat()
    rows = [
        LightTransition(uuid.UUID(record_id), ids[member_id], _EVENTS[event], _opt_day(discharged),
                        _opt_day(ed_visit_on), _midnight(contact) if contact else None, _opt_day(deadline))
        for record_id, member_id, event, discharged, ed_visit_on, contact, deadline
        in db.query(_RECENT_TRANSITION_SQL, (start, end, start, end))
    ]  # fmt: skip
    for member_id, last_discharge, last_contact in db.query(_TRANSITION_FACTS_SQL, (end, end)):
        # A last discharge inside the lookback is a recent row above already; an older one only tiers the member.
        if last_discharge is not None and last_discharge < start:
            rows.append(LightTransition(_FACT_ID, ids[member_id], TransitionEvent.DISCHARGE, _day(last_discharge),
                                        None, None, None))  # fmt: skip
        if last_contact is not None:
            rows.append(LightTransition(_FACT_ID, ids[member_id], TransitionEvent.ADMISSION, None, None,
                                        _midnight(last_contact), None))  # fmt: skip
    return rows


def _referrals(db: Database, ids: _Ids, today: date) -> list[LightReferral]:
    rows = db.query(_REFERRAL_SQL, (_json(OPEN_REFERRAL), today.isoformat()))
    return [LightReferral(uuid.UUID(record_id), ids[member_id], _REFERRAL_STATUSES[status], _day(expected))
            for record_id, member_id, status, expected in rows]  # fmt: skip


def _screenings(db: Database, ids: _Ids, today: date, settings: WorklistSettings) -> list[LightScreening]:
    """Per member, the last depression screen; and every PHQ-9 that may carry a safety flag (checked again later)."""
    last = db.query(_LAST_SCREEN_SQL, (_json(DEPRESSION_SCREENS), today.isoformat()))
    rows = [LightScreening(_FACT_ID, ids[member_id], Instrument.PHQ2, _midnight(day)) for member_id, day in last]
    for record_id, member_id, day, task_id, flag_text, item9 in db.query(_FLAGGED_SQL, (_json(settings.safety_flags),)):
        answers = {} if item9 is None else {PHQ9_ITEM9: item9}
        rows.append(LightScreening(uuid.UUID(record_id), ids[member_id], Instrument.PHQ9, _midnight(day), answers,
                                   json.loads(flag_text or "[]"), task_id))  # fmt: skip
    return rows


def _care_plans(db: Database, ids: _Ids, today: date, settings: WorklistSettings) -> list[LightCarePlan]:
    """Active plans whose review can fall due by the horizon (by the shortest review interval of any tier)."""
    horizon = today + timedelta(days=settings.due_soon_days)
    shortest = min(settings.review_days(tier) for tier in RiskTier)
    rows = db.query(_CARE_PLAN_SQL, (horizon.isoformat(), (horizon - timedelta(days=shortest)).isoformat()))
    return [LightCarePlan(uuid.UUID(record_id), ids[member_id], CarePlanStatus.ACTIVE, _opt_day(review_due),
                          _opt_day(last_reviewed))
            for record_id, member_id, review_due, last_reviewed in rows]  # fmt: skip
