"""Today's worklist for the screen: the domain rules over what the vault's indexes say, as light display rows."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
from collections.abc import Callable
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..domain.member import RiskTier
from ..domain.work_items import TransitionEvent
from ..domain.worklist import DEFAULT_SETTINGS, Category, ContactReason, WorklistItem, WorklistSettings, build_worklist
from ..domain.worklist import _contact_title as contact_title  # the one source of those titles
from ..vault import worklist_cache
from ..vault.errors import VaultError
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
        self._cache_key = _cache_key(settings)

    def worklist(self) -> list[TodayRow]:
        """Every item due by the horizon, grouped (safety, overdue, due today, upcoming) in the domain's order.

        The list kept in the vault when it is for today, these settings and rules, and nothing was written since
        it was built (vault/worklist_cache.py); otherwise built, then kept."""
        today = self._today()
        db = self._vault.database()
        kept = worklist_cache.load(db, today, self._cache_key)
        if kept is not None:
            rows = _without_gc(_decode, kept)
            if rows is not None:
                return rows
        built_at = worklist_cache.generation(db)
        rows = self.build(today)
        try:
            worklist_cache.store(db, today, self._cache_key, built_at, _encode(rows))
        except VaultError as exc:  # locked meanwhile, or a full disk: the list is still right, only not kept
            log.warning("worklist not kept: %s", type(exc).__name__)
        return rows

    def build(self, today: date) -> list[TodayRow]:
        """The worklist computed from the vault's indexes with the domain rules (no cache)."""
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


# ---- the kept list ---------------------------------------------------------------------------------------------

log = logging.getLogger(__name__)
# The files whose code decides the rows: a kept list built by other code (an update installed the same day) is
# not used. Where the sources cannot be read (a frozen build), the app version stands in for them.
_RULE_SOURCES = ("domain/worklist.py", "domain/work_items.py", "vault/worklist_queries.py", "app/today_service.py")


def _cache_key(settings: WorklistSettings) -> str:
    digest = hashlib.sha256(f"{__version__}|{settings!r}".encode())
    root = Path(__file__).resolve().parent.parent
    for name in _RULE_SOURCES:
        with contextlib.suppress(OSError):
            digest.update((root / name).read_bytes())
    return digest.hexdigest()[:32]


def _without_gc(function: Callable[[str], list[TodayRow] | None], text: str) -> list[TodayRow] | None:
    """Only new objects, all kept: a cyclic-GC pass over them frees nothing (see ``build``)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return function(text)
    finally:
        if collecting:
            gc.enable()


def _encode(rows: list[TodayRow]) -> str:
    """Columns of small integers, with each member, category and reason written once: parsing ~40,000 rows of
    strings cost ~100 ms, integers a fraction of that."""
    members: dict[tuple[str, str], int] = {}
    categories: dict[Category, int] = {}
    reasons: dict[str, int] = {}
    columns: dict[str, list[int]] = {key: [] for key in "kcgpdort"}
    for r in rows:
        member = members.setdefault((r.member_id, r.member_name), len(members))
        values = (member, categories.setdefault(r.category, len(categories)), int(r.group), r.priority,
                  r.due.toordinal(), r.overdue_days, reasons.setdefault(r.reason, len(reasons)), r.tier)  # fmt: skip
        for key, value in zip("kcgpdort", values, strict=True):
            columns[key].append(value)
    table = {"members": list(members), "categories": [c.value for c in categories], "reasons": list(reasons),
             **columns}  # fmt: skip
    return json.dumps(table, ensure_ascii=False, separators=(",", ":"))


def _decode(text: str) -> list[TodayRow] | None:
    """The kept rows, or None if they cannot be read (then the list is built again)."""
    try:
        table = json.loads(text)
        members = [(str(member_id), str(name)) for member_id, name in table["members"]]
        categories = [Category(value) for value in table["categories"]]
        reasons = [str(reason) for reason in table["reasons"]]
        days = {ordinal: date.fromordinal(ordinal) for ordinal in set(table["d"])}
        who = [members[k] for k in table["k"]]
        columns = (
            [m[0] for m in who], [m[1] for m in who], [categories[c] for c in table["c"]],
            [_GROUPS[g] for g in table["g"]], table["p"], [days[d] for d in table["d"]], table["o"],
            [reasons[r] for r in table["r"]], table["t"],
        )  # fmt: skip
        return list(map(TodayRow._make, zip(*columns, strict=True)))  # columns of unequal length: ValueError
    except (ValueError, KeyError, TypeError, IndexError):
        return None


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
