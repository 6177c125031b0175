"""The generated panel: SyntheticPanel, iter_records, the planted EDGE_CASES and the builders' shared context."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any

from ..base import Record
from ..care_plan import CarePlan, CarePlanBarrier, CarePlanGoal, CarePlanIntervention
from ..community import CommunityResource
from ..member import Member
from ..observation import Observation
from ..screening import Screening
from ..session_note import NoteAddendum, SessionNote
from ..work_items import CareTransition, Referral, ReferralCategory, Task
from .rng import new_uuid

EDGE_CASES: tuple[str, ...] = (
    "same_day_duplicate_a1c", "same_day_duplicate_bp", "ed_bp_reading", "hypertension_first_recorded_july",
    "screen_14_days_before_visit", "screen_15_days_before_visit", "item9_low_total", "follow_up_day_2",
    "follow_up_day_3", "friday_discharge", "discharge_day_before_holiday", "december_2_discharge",
    "readmission_within_30_days",
)  # fmt: skip


@dataclass
class SyntheticPanel:
    """Every generated record, by kind, plus the member ids that carry each planted edge case."""

    seed: int
    today: date
    members: list[Member] = field(default_factory=list)
    resources: list[CommunityResource] = field(default_factory=list)
    care_plans: list[CarePlan] = field(default_factory=list)
    goals: list[CarePlanGoal] = field(default_factory=list)
    interventions: list[CarePlanIntervention] = field(default_factory=list)
    barriers: list[CarePlanBarrier] = field(default_factory=list)
    session_notes: list[SessionNote] = field(default_factory=list)
    addenda: list[NoteAddendum] = field(default_factory=list)
    screenings: list[Screening] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    transitions: list[CareTransition] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    edge_cases: dict[str, list[uuid.UUID]] = field(default_factory=dict)

    def record_count(self) -> int:
        return sum(1 for _ in iter_records(self))


def iter_records(panel: SyntheticPanel) -> Iterator[Record]:
    """Every record, parents before children: all members first, then the directory, then member data."""
    yield from panel.members
    for group in (
        panel.resources, panel.care_plans, panel.goals, panel.interventions, panel.barriers, panel.session_notes,
        panel.addenda, panel.screenings, panel.observations, panel.transitions, panel.referrals, panel.tasks,
    ):  # fmt: skip
        yield from group


class BuildContext:
    """What every member builder shares: the panel being filled, settings, and the edge cases still to plant."""

    def __init__(self, panel: SyntheticPanel, coach_id: str, practice_ids: Sequence[str], canary: str | None):
        self.panel, self.coach_id, self.practice_ids, self.canary = panel, coach_id, tuple(practice_ids), canary
        self.today = panel.today
        self.yesterday = panel.today - timedelta(days=1)
        self.stamp = datetime.combine(self.yesterday, time(23, 0), UTC)
        self.resources: dict[ReferralCategory, list[CommunityResource]] = {}
        self.pending = list(EDGE_CASES)

    def claim(self, case: str, member_id: uuid.UUID) -> bool:
        """Plant ``case`` on this member if no member carries it yet."""
        if case not in self.pending:
            return False
        self.pending.remove(case)
        self.panel.edge_cases[case] = [member_id]
        return True

    def envelope(self, rng: Random, member_id: uuid.UUID | None, at: datetime | None = None) -> dict[str, Any]:
        return {
            "id": new_uuid(rng),
            "member_id": member_id,
            "updated_at": at or self.stamp,
            "updated_by": self.coach_id,
        }
