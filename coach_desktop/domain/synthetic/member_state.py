"""One member's running state, and the helpers every build step shares (envelopes, date windows, tasks)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from ..care_plan import Problem
from ..member import Condition, EnrollmentStatus, Language, Sex
from ..scoring import ScreeningResult
from ..screening import Instrument
from ..session_note import SessionNote
from ..work_items import Task, TaskStatus, TaskType
from .panel import BuildContext
from .rng import new_uuid


@dataclass
class Screen:
    day: date
    result: ScreeningResult


@dataclass
class Stay:
    admitted: date
    discharged: date | None
    edge: str | None = None


class MemberState:
    """What the build steps share about one member; ``MemberBuilder`` mixes the steps in and runs them in order."""

    # Set by the steps as they run (MemberBuilder.build gives the order).
    sex: Sex
    dob: date
    language: Language
    given: str
    family: str
    phone: str
    practice_id: str
    pcp: str
    factors: list[float]
    bmi: float
    conditions: list[Condition]
    mood_latent: float
    status: EnrollmentStatus
    engaged: bool
    enrolled_on: date | None
    window_start: date

    def __init__(self, ctx: BuildContext, rng: Random, medicaid_id: str):
        self.ctx, self.rng, self.medicaid_id = ctx, rng, medicaid_id
        self.today, self.yesterday = ctx.today, ctx.yesterday
        self.id = new_uuid(rng)
        self.sessions: list[SessionNote] = []
        self.screens: dict[Instrument, list[Screen]] = {}
        self.latest_a1c: float | None = None
        self.latest_bp: tuple[float, float] | None = None
        self.stays: list[Stay] = []
        self.ed_days: list[date] = []
        self.problems: list[Problem] = []

    def _env(self, at: datetime | None = None) -> dict[str, Any]:
        return self.ctx.envelope(self.rng, self.id, at)

    def _day_in_window(self, start: date, end: date | None = None) -> date:
        end = end or self.yesterday
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _task(
        self,
        kind: TaskType,
        title: str,
        due: date,
        source: tuple[str, uuid.UUID] | None,
        done_at: datetime | None = None,
        resolution: str = "",
        status: TaskStatus | None = None,
    ) -> Task:
        """A worklist task; ``source`` is the (kind, id) of the record it follows up."""
        task = Task(
            **self._env(done_at), type=kind, title=title, due=due,
            status=status or (TaskStatus.DONE if done_at else TaskStatus.OPEN),
            source_kind=source[0] if source else "", source_id=source[1] if source else None,
            assigned_to=self.ctx.coach_id, completed_at=done_at, resolution=resolution or ("Done" if done_at else ""),
        )  # fmt: skip
        self.ctx.panel.tasks.append(task)
        return task

    def _latest(self, instrument: Instrument) -> Screen | None:
        screens = self.screens.get(instrument)
        return max(screens, key=lambda s: s.day) if screens else None
