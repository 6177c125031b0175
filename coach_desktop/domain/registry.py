"""Every record kind by name, so the vault, sync and server can parse a stored body without a switch."""

from __future__ import annotations

from typing import Any

from .base import Record
from .care_plan import CarePlan, CarePlanBarrier, CarePlanGoal, CarePlanIntervention
from .community import CommunityResource
from .facilitation import ChartAbstraction, PdsaCycle, PracticeAssessment
from .fidelity import MiFidelityReview
from .member import Member
from .observation import Observation
from .screening import Screening
from .session_note import NoteAddendum, SessionNote
from .work_items import CareTransition, Referral, Task

RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        Member, SessionNote, NoteAddendum, Screening, CarePlan, CarePlanGoal, CarePlanIntervention,
        CarePlanBarrier, Task, Referral, CareTransition, CommunityResource, Observation,
        ChartAbstraction, PracticeAssessment, PdsaCycle, MiFidelityReview,
    )
}  # fmt: skip

# Records that cannot change after creation (corrections are new records).
APPEND_ONLY_KINDS = frozenset({NoteAddendum.KIND})


def record_type(kind: str) -> type[Record]:
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}") from None


def parse_record(data: dict[str, Any]) -> Record:
    """Validate a stored or received body into its model (raises pydantic.ValidationError)."""
    return record_type(str(data.get("kind", ""))).model_validate(data)
