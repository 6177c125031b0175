"""Small hand-made synthetic records for tests that need exact values (bulk data comes from domain.synthetic)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from coach_desktop.domain.care_plan import CarePlan, CarePlanGoal
from coach_desktop.domain.member import Member
from coach_desktop.domain.session_note import EncounterMode, SessionNote


def member(family: str = "Testperson", given: str = "Ana", medicaid_id: str = "SC000000001", **extra: object) -> Member:
    data: dict[str, object] = {
        "medicaid_id": medicaid_id, "given_name": given, "family_name": family,
        "date_of_birth": date(1970, 5, 17), "sex": "female", "risk_tier": "high",
        "conditions": ["diabetes", "hypertension"], "preferred_language": "es",
    }  # fmt: skip
    data.update(extra)
    return Member.model_validate(data)


def session_note(member_id: uuid.UUID, *, days_ago: int = 3, narrative: str = "Talked about walking.") -> SessionNote:
    return SessionNote(
        member_id=member_id,
        started_at=datetime.now(UTC) - timedelta(days=days_ago),
        mode=EncounterMode.TELEPHONE,
        minutes=20,
        narrative=narrative,
    )


def care_plan(member_id: uuid.UUID) -> CarePlan:
    return CarePlan(member_id=member_id, member_words="I want to see my grandkids graduate.")


def goal(plan: CarePlan, description: str = "Walk after supper") -> CarePlanGoal:
    return CarePlanGoal(
        member_id=plan.member_id, care_plan_id=plan.id, description=description,
        measure="minutes walked per week", target="150", target_date=date.today() + timedelta(days=90),
    )  # fmt: skip
