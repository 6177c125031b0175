"""MI fidelity reviews on the server: the coach and her supervisor get them; a facilitator can neither see nor write."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from coach_desktop.domain.fidelity import MiFidelityReview, MitiCounts, MitiGlobals
from coach_desktop.sync.protocol import ResultStatus
from coach_server import scope
from tests.server.sync_world import World, care_plan, member, new_id


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine)


def review(member_id: str, coder: str) -> dict[str, Any]:
    return MiFidelityReview.model_validate({
        "member_id": member_id, "session_note_id": new_id(), "coder_id": coder, "coded_on": date.today(),
        "counts": MitiCounts(question=8, simple_reflection=5, complex_reflection=4),
        "ratings": MitiGlobals(partnership=4, empathy=4),
    }).body()  # fmt: skip


def test_fidelity_review_reaches_coach_and_supervisor_never_a_facilitator(world: World) -> None:
    world.user("sup", "supervisor")
    world.user("coach.a", supervisor="sup")
    coach = world.device("coach.a")
    member_id = new_id()
    world.assign(member_id, "coach.a")
    assert coach.create(member(member_id)).status is ResultStatus.APPLIED
    assert coach.create(care_plan(member_id)).status is ResultStatus.APPLIED
    mine = review(member_id, "coach.a")
    assert coach.create(mine).status is ResultStatus.APPLIED

    supervisor = world.device("sup")
    assert supervisor.create(review(member_id, "sup")).status is ResultStatus.APPLIED
    seen = {c.record.kind for c in supervisor.pull_all() if c.record}
    assert "mi_fidelity_review" in seen

    world.user("fac", "facilitator")
    world.practice("P1", facilitator="fac")
    fac = world.device("fac")
    pulled = [c for c in fac.pull_all() if c.record]
    assert all(c.record.kind != "mi_fidelity_review" and c.record.member_id is None for c in pulled)
    assert fac.create(review(member_id, "fac")).reason == "not found in your scope"
    patch = fac.one("mi_fidelity_review", mine["id"], "patch", {"reflection": ("x", 1)})
    assert patch.status is ResultStatus.REJECTED
    assert "mi_fidelity_review" in scope.FACILITATOR_NEVER  # named, not only excluded by its scope class
