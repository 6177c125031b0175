"""The Today worklist's contact rule (domain/worklist.contact_schedule) in SQL: the panel's last contact and next due
for the day it is shown on.

The member index stores date-independent facts, defined as the worklist defines them (``fact_*`` columns, written
with the records): last contact (a session, a transition's first contact or a done interactive-contact task), last
face-to-face session, last inpatient discharge and its first-contact deadline, every discharge with its deadline.
"Due" depends on the day (a discharge tiers a member up for 30 days; no contact on record means due today), so
``last_contact`` and ``next_due`` hold the values for one day and one set of ``WorklistSettings``, kept in
``panel_due_state``; ``ensure_current`` recomputes them when a read asks for another (a new day: one UPDATE over
the index, writing only the rows that change). As columns they keep their indexes, so the panel still sorts and
filters by them along an index. A fact dated after the day shown (a note from a device whose clock runs ahead, or
any record when an earlier day is shown) is read again as of that day, as the worklist does: contacts from the v7
indexes, discharges from ``fact_discharges``.
"""

# ruff: noqa: S608 - the SQL texts are built once from module constants and enum values; every value is bound

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.transitions import TIER_UP_DAYS
from ..domain.work_items import TaskType, TransitionEvent
from ..domain.worklist import DEFAULT_SETTINGS, WorklistSettings
from .database import Database
from .worklist_queries import CONTACT_DAY, DISCHARGED_ON, DONE_DAY, EVENT, SESSION_DAY, SESSION_MODE, STATUS, TASK_TYPE

_FACE_MODES = json.dumps(sorted(mode.value for mode in DEFAULT_SETTINGS.face_to_face_modes))  # enum values


def _last(index: str, kind: str, expr: str, extra: str = "") -> str:
    # INDEXED BY: without statistics the planner would scan every record of a kind per member.
    return (f"(SELECT max({expr}) FROM record r INDEXED BY {index} WHERE r.kind = '{kind}' AND r.deleted = 0 "
            f"AND r.member_id = m.member_id{extra})")  # fmt: skip


def contact_subqueries(up_to: str | None) -> tuple[str, str]:
    """SQL for (last contact, last face-to-face) of the member ``m``, on or before the SQL value ``up_to`` if any."""
    bound = "" if up_to is None else " AND {expr} <= " + up_to
    sessions = _last("record_session_facts", "session_note", SESSION_DAY, bound.format(expr=SESSION_DAY))
    first_contacts = _last("record_transition_facts", "care_transition", CONTACT_DAY, bound.format(expr=CONTACT_DAY))
    done = f" AND {STATUS} = 'done' AND {TASK_TYPE} = '{TaskType.INTERACTIVE_CONTACT.value}'"
    tasks = _last("record_task_facts", "task", DONE_DAY, done + bound.format(expr=DONE_DAY))
    # Scalar max() is NULL when any argument is: compare as text with '' for "none".
    last_contact = f"nullif(max(coalesce({sessions}, ''), coalesce({first_contacts}, ''), coalesce({tasks}, '')), '')"
    face = f" AND {SESSION_MODE} IN (SELECT value FROM json_each('{_FACE_MODES}'))" + bound.format(expr=SESSION_DAY)
    return last_contact, _last("record_session_facts", "session_note", SESSION_DAY, face)


_DISCHARGE = f" AND {EVENT} = '{TransitionEvent.DISCHARGE.value}'"
LAST_DISCHARGE = _last("record_transition_facts", "care_transition", DISCHARGED_ON, _DISCHARGE)
# Every discharge day, for ``fact_discharges`` (a JSON list of [day, first-contact deadline]).
DISCHARGE_DAYS = _last("record_transition_facts", "care_transition", DISCHARGED_ON, _DISCHARGE).replace(
    f"max({DISCHARGED_ON})", f"json_group_array({DISCHARGED_ON})", 1
)

# ---- the rule over the stored facts, for the day bound as :due_today -------------------------------------------

_TODAY = ":due_today"
_AS_OF_CONTACT, _AS_OF_FACE = contact_subqueries(_TODAY)
_FACTS_CURRENT = f"(m.fact_last_contact IS NULL OR m.fact_last_contact <= {_TODAY})"
# A face-to-face session is a session, so the last contact is never older than the last face-to-face visit
# (contact_schedule's "a face-to-face visit is a contact too" holds without a max()).
LAST_CONTACT = f"(CASE WHEN {_FACTS_CURRENT} THEN m.fact_last_contact ELSE {_AS_OF_CONTACT} END)"
_LAST_FACE = f"(CASE WHEN {_FACTS_CURRENT} THEN m.fact_last_face_to_face ELSE {_AS_OF_FACE} END)"
_DISCHARGE_CURRENT = f"(m.fact_last_discharge IS NULL OR m.fact_last_discharge <= {_TODAY})"
_EARLIER_DISCHARGE = (
    "(SELECT j.value ->> {} FROM json_each(m.fact_discharges) j "
    f"WHERE j.value ->> 0 <= {_TODAY} ORDER BY j.value ->> 0 DESC LIMIT 1)"
)
_LAST_DISCHARGE = f"(CASE WHEN {_DISCHARGE_CURRENT} THEN m.fact_last_discharge ELSE {_EARLIER_DISCHARGE.format(0)} END)"
_FIRST_CONTACT_DUE = (
    f"(CASE WHEN {_DISCHARGE_CURRENT} THEN m.fact_first_contact_due ELSE {_EARLIER_DISCHARGE.format(1)} END)"
)
# The facts as of the day, once per member (c: last contact, f: last face-to-face, d: last discharge, t: its
# first-contact deadline); MATERIALIZED so the rule below reads them as columns and never repeats their subqueries
# (inlined, the statement was 28 kB and took ~100 ms to prepare).
_AS_OF = (
    f"SELECT m.rowid AS rid, m.risk_tier AS tier, {LAST_CONTACT} AS c, {_LAST_FACE} AS f, {_LAST_DISCHARGE} AS d, "
    f"{_FIRST_CONTACT_DUE} AS t FROM member_index m"
)


def _after(last: str, days_param: str) -> str:
    # Nothing on record means the contact is due now (worklist._after).
    return f"(CASE WHEN {last} IS NULL THEN {_TODAY} ELSE date({last}, {days_param}) END)"


_FACE_DUE = _after("f", ":due_face_days")
_AFTER_DISCHARGE = (  # "contact by business day 2, then weekly"
    "(CASE WHEN c > d OR (c = d AND :due_same_day) THEN date(c, :due_post_discharge_days) ELSE t END)"
)
# transitions.in_tier_up: the discharge day through day 30 after it; tier 1 then, so the face-to-face rule applies.
NEXT_DUE = (
    f"(CASE WHEN d BETWEEN :due_tier_up_from AND {_TODAY} THEN min({_AFTER_DISCHARGE}, {_FACE_DUE}) "
    f"WHEN tier = 1 THEN min({_after('c', ':due_tier1_days')}, {_FACE_DUE}) "
    f"WHEN tier = 2 THEN {_after('c', ':due_tier2_days')} ELSE {_after('c', ':due_tier3_days')} END)"
)
# Only rows whose values change are written (from one day to the next, few do).
_REFRESH = (
    "WITH x AS MATERIALIZED ({facts}), y AS MATERIALIZED (SELECT rid, c, " + NEXT_DUE + " AS due FROM x) "
    "UPDATE member_index AS m SET last_contact = y.c, next_due = y.due FROM y "
    "WHERE m.rowid = y.rid AND (m.last_contact IS NOT y.c OR m.next_due IS NOT y.due)"
)
_REFRESH_ALL = _REFRESH.format(facts=_AS_OF)
_REFRESH_FOR = _REFRESH.format(facts=_AS_OF + " WHERE m.member_id IN (SELECT value FROM json_each(:due_ids))")
# A row whose values are the same on every day from :due_low on (so a day switch need not compute it): every fact on
# or before that day, no discharge within tier-up reach of it, and no "nothing on record: due today" (no contact, or
# tier 1 without a face-to-face visit). Most of the panel; the rest is computed again (CPU 240 → ~60 ms at 20,000).
_STABLE_FROM_LOW = (
    "m.fact_last_contact IS NOT NULL AND m.fact_last_contact <= :due_low "
    "AND coalesce(m.fact_last_discharge < :due_low_tier_up_from, 1) "
    "AND (m.risk_tier != 1 OR m.fact_last_face_to_face IS NOT NULL)"
)
_REFRESH_UNSTABLE = _REFRESH.format(facts=f"{_AS_OF} WHERE NOT ({_STABLE_FROM_LOW})")


@dataclass(frozen=True)
class DueRule:
    """The day the panel is shown on and the worklist settings Today uses; ``params()`` binds the SQL above."""

    today: date
    settings: WorklistSettings = DEFAULT_SETTINGS

    def __post_init__(self) -> None:
        # The stored facts use the default face-to-face modes and holiday calendar: refuse a rule that would
        # silently disagree with them rather than show other dates than Today.
        if (self.settings.face_to_face_modes, self.settings.holidays) != (
            DEFAULT_SETTINGS.face_to_face_modes, DEFAULT_SETTINGS.holidays
        ):  # fmt: skip
            raise ValueError("the panel's stored contact facts use the default face-to-face modes and holidays")

    def params(self) -> dict[str, object]:
        s = self.settings
        return {
            "due_today": self.today.isoformat(),
            "due_tier_up_from": (self.today - timedelta(days=TIER_UP_DAYS)).isoformat(),
            "due_tier1_days": f"+{s.tier1_contact_days} days",
            "due_tier2_days": f"+{s.tier2_contact_days} days",
            "due_tier3_days": f"+{s.tier3_contact_days} days",
            "due_face_days": f"+{s.tier1_face_to_face_days} days",
            "due_post_discharge_days": f"+{s.post_discharge_contact_days} days",
            "due_same_day": int(s.same_day_contact_counts),
        }


def refresh_day_columns(db: Database, params: dict[str, object], member_ids_json: str | None = None) -> None:
    """Recompute last contact and next due from the facts for ``params``' day: every member, or a JSON id list."""
    if member_ids_json is None:
        db.execute(_REFRESH_ALL, params)
    else:
        db.execute(_REFRESH_FOR, params | {"due_ids": member_ids_json})


def shown_day_params(db: Database) -> dict[str, object]:
    """The day and settings the stored columns hold (a write keeps them consistent); today's defaults at first."""
    stored = db.scalar("SELECT params FROM panel_due_state WHERE id = 1")
    if stored is not None:
        return dict(json.loads(stored))
    params = DueRule(date.today()).params()
    db.execute("INSERT INTO panel_due_state (id, params) VALUES (1, ?)", (_key(params),))
    return params


def ensure_current(db: Database, rule: DueRule) -> None:
    """Make the stored last contact and next due those of ``rule`` (a no-op read when they already are)."""
    params = rule.params()
    stored = db.scalar("SELECT params FROM panel_due_state WHERE id = 1")
    if stored == _key(params):
        return
    with db.transaction():  # read again under the write lock: another connection (sync) may write meanwhile
        stored = db.scalar("SELECT params FROM panel_due_state WHERE id = 1")
        bounds = _day_switch(json.loads(stored) if stored else {}, params, rule.today)
        if bounds is None:
            refresh_day_columns(db, params)
        else:  # same settings, another day: only rows that can differ between the two days are computed again
            db.execute(_REFRESH_UNSTABLE, params | bounds)
        db.execute("INSERT OR REPLACE INTO panel_due_state (id, params) VALUES (1, ?)", (_key(params),))


_DAY_KEYS = frozenset({"due_today", "due_tier_up_from"})


def _day_switch(held: dict[str, object], params: dict[str, object], today: date) -> dict[str, str] | None:
    """The bounds of ``_STABLE_FROM_LOW`` when only the day changed, else None (compute every row)."""
    if not held or {k: v for k, v in held.items() if k not in _DAY_KEYS} != {
        k: v for k, v in params.items() if k not in _DAY_KEYS
    }:  # fmt: skip
        return None
    low = min(date.fromisoformat(str(held["due_today"])), today)
    return {"due_low": low.isoformat(), "due_low_tier_up_from": (low - timedelta(days=TIER_UP_DAYS)).isoformat()}


def _key(params: dict[str, object]) -> str:
    return json.dumps(params, sort_keys=True)
