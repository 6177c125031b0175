"""ScreeningService on a real encrypted vault: scoring through the domain, the same-day safety task, the PHQ-2 → PHQ-9
prompt, AUDIT-C by the member's sex, score history, referral suggestions, and all-or-nothing writes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from coach_desktop.app.screening_service import GIVE_FULL_TITLE, SAFETY_TASK_TITLE, ScreeningService
from coach_desktop.domain.community import CommunityResource
from coach_desktop.domain.member import Member
from coach_desktop.domain.scoring import (
    AHC_FOOD_WORRY,
    AHC_HITS_ITEMS,
    AUDIT_C_ITEMS,
    GAD7_ITEMS,
    PHQ2_ITEMS,
    PHQ9_ITEMS,
)
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.work_items import ReferralCategory, Task, TaskStatus, TaskType
from coach_desktop.domain.worklist import Category, build_worklist
from coach_desktop.vault import panel_queries
from coach_desktop.vault.errors import RecordInvalid, RecordNotFound
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.support import factories

TODAY = date.today()
_ids = itertools.count(1)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One vault for the module (creating one costs a KDF run); every test works on its own new member."""
    vault = Vault.create(tmp_path_factory.mktemp("screen") / "vault", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    yield vault
    vault.lock()


@pytest.fixture
def service(shared_vault: Vault) -> ScreeningService:
    return ScreeningService(shared_vault, today=lambda: TODAY)


def new_member(vault: Vault, **extra: object) -> str:
    member = factories.member(medicaid_id=f"SC{next(_ids):09d}", **extra)
    vault.repository().create(member)
    return str(member.id)


def tasks_of(vault: Vault, member_id: str) -> list[Task]:
    return [r for r in vault.repository().member_records(member_id, ["task"]) if isinstance(r, Task)]


def phq9(item9: int, others: int = 1) -> dict[str, int]:
    return {**dict.fromkeys(PHQ9_ITEMS[:8], others), PHQ9_ITEMS[8]: item9}


def test_item9_positive_creates_a_same_day_safety_task_linked_both_ways(
    service: ScreeningService, shared_vault: Vault
) -> None:
    member_id = new_member(shared_vault)
    screening, changes = service.record(member_id, Instrument.PHQ9, phq9(item9=1, others=0))

    assert (screening.total, screening.band) == (1, "none_minimal")  # the flag fires whatever the total
    assert "safety_item9" in screening.flags
    (task,) = tasks_of(shared_vault, member_id)
    assert (task.type, task.due, task.status, task.title) == (
        TaskType.SAFETY_ASSESSMENT, TODAY, TaskStatus.OPEN, SAFETY_TASK_TITLE)  # fmt: skip
    assert screening.safety_assessment_task_id == str(task.id) and task.source_id == screening.id
    assert [(c.kind, c.op) for c in changes] == [("screening", "create"), ("task", "create")]
    assert service.open_safety_tasks(member_id) == [task]
    assert panel_queries.rows_for(shared_vault.database(), [member_id])[member_id].flags == ("safety",)


def test_safety_task_cannot_close_without_a_documented_assessment(
    service: ScreeningService, shared_vault: Vault
) -> None:
    member_id = new_member(shared_vault)
    service.record(member_id, Instrument.PHQ9, phq9(item9=2))
    (task,) = service.open_safety_tasks(member_id)

    with pytest.raises(RecordInvalid, match="Document the safety assessment"):
        service.complete_safety_assessment(str(task.id), "   ")
    with pytest.raises(ValidationError, match="document the safety assessment"):
        Task.model_validate({**task.model_dump(), "status": "done", "completed_at": datetime.now(UTC)})
    assert service.open_safety_tasks(member_id) == [task]  # still open, alert still up

    done, _ = service.complete_safety_assessment(str(task.id), "C-SSRS screen done, warm handoff to BH, 988 given.")
    assert done.status is TaskStatus.DONE and done.completed_at is not None
    assert service.open_safety_tasks(member_id) == []


def test_safety_alert_is_listed_once_on_today(service: ScreeningService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    service.record(member_id, Instrument.PHQ9, phq9(item9=3))
    records = shared_vault.repository().member_records(member_id)
    items = build_worklist(
        [r for r in records if isinstance(r, Member)], [], tasks_of(shared_vault, member_id), [], [],
        [r for r in records if isinstance(r, Screening)], TODAY,
    )  # fmt: skip
    assert [i.category for i in items].count(Category.SAFETY_ALERT) == 1


def test_positive_phq2_prompts_the_full_phq9_which_closes_the_prompt(
    service: ScreeningService, shared_vault: Vault
) -> None:
    member_id = new_member(shared_vault)
    negative, changes = service.record(member_id, Instrument.PHQ2, dict.fromkeys(PHQ2_ITEMS, 1))
    assert not negative.positive and len(changes) == 1 and tasks_of(shared_vault, member_id) == []

    positive, _ = service.record(member_id, Instrument.PHQ2, {PHQ2_ITEMS[0]: 2, PHQ2_ITEMS[1]: 1})
    assert positive.positive and "give_phq9" in positive.flags
    (prompt,) = tasks_of(shared_vault, member_id)
    assert (prompt.type, prompt.title, prompt.due, prompt.source_id) == (
        TaskType.SCREENING_DUE, GIVE_FULL_TITLE[Instrument.PHQ9], TODAY, positive.id)  # fmt: skip

    service.record(member_id, Instrument.GAD7, dict.fromkeys(GAD7_ITEMS, 0))  # another instrument: stays open
    assert tasks_of(shared_vault, member_id)[0].status is TaskStatus.OPEN
    _, changes = service.record(member_id, Instrument.PHQ9, phq9(item9=0))
    assert ("task", "patch") in [(c.kind, c.op) for c in changes]
    (closed,) = tasks_of(shared_vault, member_id)
    assert closed.status is TaskStatus.DONE and closed.completed_at is not None


@pytest.mark.parametrize(("sex", "positive"), [("female", True), ("male", False)])
def test_audit_c_uses_the_members_recorded_sex(
    service: ScreeningService, shared_vault: Vault, sex: str, positive: bool
) -> None:
    member_id = new_member(shared_vault, sex=sex)
    screening, _ = service.record(member_id, "audit_c", dict(zip(AUDIT_C_ITEMS, (2, 1, 0), strict=True)))
    assert (screening.total, screening.positive) == (3, positive)


def test_history_is_the_score_chart_oldest_first(shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    times = iter([datetime(2025, 3, 1, 15, tzinfo=UTC), datetime(2025, 1, 10, 15, tzinfo=UTC),
                  datetime(2025, 2, 5, 15, tzinfo=UTC), datetime(2025, 4, 1, 15, tzinfo=UTC)])  # fmt: skip
    service = ScreeningService(shared_vault, today=lambda: TODAY, now=lambda: next(times))
    for others in (2, 0, 1):  # recorded out of order on purpose
        service.record(member_id, Instrument.PHQ9, phq9(item9=0, others=others))
    service.record(member_id, Instrument.PHQ2, dict.fromkeys(PHQ2_ITEMS, 0))  # different instrument
    points = ScreeningService(shared_vault).history(member_id, "phq9")
    assert [(p.administered_at.month, p.total, p.band) for p in points] == [
        (1, 0, "none_minimal"), (2, 8, "mild"), (3, 16, "moderately_severe")]  # fmt: skip


def test_invalid_answers_store_nothing(service: ScreeningService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    with pytest.raises(ValueError, match="44260-8"):
        service.record(member_id, Instrument.PHQ9, {code: 1 for code in PHQ9_ITEMS[:8]})
    assert shared_vault.repository().member_records(member_id, ["screening", "task"]) == []


def test_save_all_is_all_or_nothing(shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    repo = shared_vault.repository()
    task = Task(member_id=member_id, type=TaskType.OTHER, title="Call back", due=TODAY)
    repo.create(task)
    outbox_before = repo.pending_mutations()
    fresh = Task(member_id=member_id, type=TaskType.OTHER, title="Second", due=TODAY)
    with pytest.raises(RecordInvalid, match="already exists"):
        repo.save_all(creates=[fresh, task])  # the duplicate fails after the first insert
    assert [t.title for t in tasks_of(shared_vault, member_id)] == ["Call back"]
    assert repo.pending_mutations() == outbox_before


def test_social_needs_suggest_matching_referrals_and_keep_safety_private(
    service: ScreeningService, shared_vault: Vault
) -> None:
    food_bank = CommunityResource(name="Eastside Food Pantry", category=ReferralCategory.FOOD, phone="555-0100")
    shared_vault.repository().store_server_records([food_bank])
    member_id = new_member(shared_vault)
    answers = {AHC_FOOD_WORRY: "often", **dict.fromkeys(AHC_HITS_ITEMS, 3)}  # HITS 12: positive
    screening, changes = service.record(member_id, Instrument.AHC_HRSN, answers)
    assert screening.flags[:2] == ["hrsn_food", "hrsn_safety"] and len(changes) == 1
    suggestions = service.referral_suggestions(screening)
    assert [(s.category, s.sensitive) for s in suggestions] == [
        (ReferralCategory.FOOD, False), (ReferralCategory.INTERPERSONAL_SAFETY, True)]  # fmt: skip
    assert [r.name for r in suggestions[0].resources] == ["Eastside Food Pantry"]
    assert suggestions[1].resources == ()


def test_unknown_member_is_refused(service: ScreeningService) -> None:
    with pytest.raises(RecordNotFound):
        service.record("00000000-0000-7000-8000-000000000000", Instrument.PHQ2, dict.fromkeys(PHQ2_ITEMS, 0))
