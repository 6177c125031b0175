"""Screenings for the screens: score through the domain, store, and create the follow-up tasks in the same write.

A positive PHQ-9 item 9 creates a same-day safety task (the Task model refuses to close it without a documented
assessment); a positive pre-screen (PHQ-2, GAD-2) creates a same-day prompt to give the full instrument, which is
closed when that instrument is recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from ..domain.base import Record, utc_now, uuid7
from ..domain.community import CommunityResource
from ..domain.member import Member
from ..domain.scoring import (
    DEFAULT_CONFIG,
    HRSN_REFERRAL_CATEGORY,
    SENSITIVE_FLAGS,
    ScoringConfig,
    ScreeningResult,
    needs_safety_task,
    next_instrument,
    score_screening,
)
from ..domain.screening import Instrument, Screening
from ..domain.work_items import ReferralCategory, Task, TaskStatus, TaskType
from ..vault import directory_queries
from ..vault.errors import RecordInvalid
from ..vault.repository import ChangeSet
from ..vault.vault import Vault

# Deliberately vague: task titles show on the Today list, which a companion might see (REFERENCE §1.2, §1.5).
SAFETY_TASK_TITLE = "Urgent: same-day follow-up on a screening"
GIVE_FULL_TITLE = {Instrument.PHQ9: "Give the full PHQ-9", Instrument.GAD7: "Give the full GAD-7"}
PROMPT_DONE = "Full instrument given."

R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One point of an instrument's score chart."""

    screening_id: str
    administered_at: datetime
    total: int | None
    band: str
    positive: bool
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReferralSuggestion:
    """A referral a positive social-need domain calls for, with matching directory entries (if any)."""

    category: ReferralCategory
    resources: tuple[CommunityResource, ...]
    sensitive: bool  # interpersonal safety: offer only in private


class ScreeningService:
    def __init__(self, vault: Vault, today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = utc_now) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._now = now

    # ---- writes -------------------------------------------------------------------------------------------

    def record(
        self, member_id: str, instrument: Instrument | str, answers: Mapping[str, object], *,
        config: ScoringConfig = DEFAULT_CONFIG,
    ) -> tuple[Screening, list[ChangeSet]]:  # fmt: skip
        """Score and store one screening with its follow-up tasks, all in one transaction.

        Raises ValueError (naming the items) when answers are missing or out of range."""
        repo = self._vault.repository()
        member = self._member(member_id)
        instrument = Instrument(instrument)
        result = score_screening(instrument, answers, member.sex, config=config)
        screening_id = uuid7()
        new_tasks = self._new_tasks(member, screening_id, result)
        safety = next((t for t in new_tasks if t.type is TaskType.SAFETY_ASSESSMENT), None)
        screening = Screening(
            id=screening_id, member_id=member.id, instrument=instrument, administered_at=self._now(),
            answers=dict(answers), safety_assessment_task_id=str(safety.id) if safety else None,
            **result.screening_fields(),
        )  # fmt: skip
        closed = self._prompts_answered(member_id, instrument)
        saved = repo.save_all(creates=[screening, *new_tasks], updates=closed)
        stored = saved[0][0]
        assert isinstance(stored, Screening)
        return stored, [change for _, change in saved]

    def complete_safety_assessment(self, task_id: str, documentation: str) -> tuple[Task, ChangeSet]:
        """Close a safety task: only with the assessment documented (the Task model enforces it too)."""
        task = self._vault.repository().get(Task.KIND, task_id)
        if not isinstance(task, Task) or task.type is not TaskType.SAFETY_ASSESSMENT:
            raise RecordInvalid("This is not a safety-assessment task.")
        if not documentation.strip():
            raise RecordInvalid("Document the safety assessment before closing this task.")
        done = {"status": TaskStatus.DONE, "completed_at": self._now(), "resolution": documentation}
        stored, change = self._vault.repository().update(Task.model_validate({**task.model_dump(), **done}))
        assert isinstance(stored, Task)
        return stored, change

    # ---- reads --------------------------------------------------------------------------------------------

    def history(self, member_id: str, instrument: Instrument | str) -> list[ScorePoint]:
        """Every stored screening of one instrument for the member, oldest first: the score chart."""
        instrument = Instrument(instrument)
        screenings = [s for s in self._records(member_id, Screening) if s.instrument is instrument]
        screenings.sort(key=lambda s: s.administered_at)
        return [ScorePoint(str(s.id), s.administered_at, s.total, s.band, s.positive, tuple(s.flags))
                for s in screenings]  # fmt: skip

    def open_safety_tasks(self, member_id: str) -> list[Task]:
        """Open safety tasks: what the member header's alert shows until each is closed with an assessment."""
        tasks = self._records(member_id, Task)
        return [t for t in tasks if t.type is TaskType.SAFETY_ASSESSMENT and t.status is TaskStatus.OPEN]

    def referral_suggestions(self, screening: Screening, *, limit: int = 5) -> list[ReferralSuggestion]:
        """For each positive social-need domain: the referral kind and directory entries that match it."""
        db = self._vault.database()
        suggestions = []
        for flag in screening.flags:
            category = HRSN_REFERRAL_CATEGORY.get(flag)
            if category is not None:
                resources = tuple(directory_queries.resources_in(db, category, limit=limit))
                suggestions.append(ReferralSuggestion(category, resources, sensitive=flag in SENSITIVE_FLAGS))
        return suggestions

    # ---- internals ----------------------------------------------------------------------------------------

    def _member(self, member_id: str) -> Member:
        member = self._vault.repository().get(Member.KIND, member_id)
        assert isinstance(member, Member)
        return member

    def _records(self, member_id: str, kind: type[R]) -> list[R]:
        return [r for r in self._vault.repository().member_records(member_id, [kind.KIND]) if isinstance(r, kind)]

    def _new_tasks(self, member: Member, screening_id: uuid.UUID, result: ScreeningResult) -> list[Task]:
        today, owner = self._today(), self._vault.actor.user_id
        tasks = []
        if needs_safety_task(result.flags):
            tasks.append(Task(member_id=member.id, type=TaskType.SAFETY_ASSESSMENT, title=SAFETY_TASK_TITLE, due=today,
                              source_kind=Screening.KIND, source_id=screening_id, assigned_to=owner))  # fmt: skip
        full = next_instrument(result.flags)
        if full is not None:
            tasks.append(Task(member_id=member.id, type=TaskType.SCREENING_DUE, title=GIVE_FULL_TITLE[full], due=today,
                              source_kind=Screening.KIND, source_id=screening_id, assigned_to=owner))  # fmt: skip
        return tasks

    def _prompts_answered(self, member_id: str, instrument: Instrument) -> list[Task]:
        """Open "give the full instrument" prompts that this screening answers, closed."""
        sources = {s.id: s for s in self._records(member_id, Screening)}
        closed = []
        for task in self._records(member_id, Task):
            source = sources.get(task.source_id) if task.source_id else None
            if (task.type is TaskType.SCREENING_DUE and task.status is TaskStatus.OPEN and source is not None
                    and next_instrument(source.flags) is instrument):  # fmt: skip
                done = {"status": TaskStatus.DONE, "completed_at": self._now(), "resolution": PROMPT_DONE}
                closed.append(Task.model_validate({**task.model_dump(), **done}))
        return closed
