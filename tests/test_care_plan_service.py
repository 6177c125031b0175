"""CarePlanService on a real encrypted vault: one plan per member, child goals/interventions/barriers, statuses not
deletes, the review date in step with its worklist task, revision history (who, when, old → new), printed content."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from coach_desktop.app.care_plan_service import REVIEW_TASK_TITLE, CarePlanService, rank_after
from coach_desktop.app.printed_plan import CoachContact
from coach_desktop.domain.audit import AuditAction
from coach_desktop.domain.care_plan import CarePlan, GoalStatus, InterventionStatus, Responsible
from coach_desktop.domain.member import Condition
from coach_desktop.domain.session_note import SessionNote
from coach_desktop.domain.work_items import Task, TaskStatus, TaskType
from coach_desktop.domain.worklist import Category, build_worklist
from coach_desktop.vault import audit_log
from coach_desktop.vault.errors import RecordInvalid
from coach_desktop.vault.revisions import FieldChange
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.support import factories

TODAY = date.today()
COACH = CoachContact("Nurse Ana Reyes, RN", "(405) 555-0142", "Mon–Fri 8–4:30")
_ids = itertools.count(500)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = Vault.create(tmp_path_factory.mktemp("plan") / "vault", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    yield vault
    vault.lock()


@pytest.fixture
def service(shared_vault: Vault) -> CarePlanService:
    return CarePlanService(shared_vault, today=lambda: TODAY)


def new_member(vault: Vault, **extra: object) -> str:
    member = factories.member(medicaid_id=f"SC{next(_ids):09d}", **extra)
    vault.repository().create(member)
    return str(member.id)


def walk_goal(service: CarePlanService, member_id: str, description: str = "Walk after supper") -> str:
    goal, _ = service.add_goal(member_id, description=description, measure="Minutes walked per week", baseline="40",
                               target="150", target_date=TODAY + timedelta(days=90), confidence=6)  # fmt: skip
    return str(goal.id)


def test_one_plan_per_member_created_on_first_use(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    first = service.plan_for(member_id)
    assert service.plan_for(member_id).id == first.id
    assert len(shared_vault.repository().member_records(member_id, [CarePlan.KIND])) == 1
    assert first.status.value == "active"


def test_goals_interventions_barriers_are_children_in_order(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    plan, problem, _ = service.add_problem(member_id, "Type 2 diabetes", condition=Condition.DIABETES)
    first = walk_goal(service, member_id)
    second, _ = service.add_goal(member_id, description="Check my sugar every morning", measure="Days per week",
                                 target="7", target_date=TODAY + timedelta(days=30), problem_id=problem.id)  # fmt: skip
    step, _ = service.add_intervention(member_id, action="Walk 15 minutes after supper", responsible=Responsible.MEMBER,
                                       due_date=TODAY + timedelta(days=14), goal_id=second.id)  # fmt: skip
    with pytest.raises(ValueError, match="who is responsible"):
        service.add_intervention(member_id, action="Drive to clinic", responsible=Responsible.OTHER)
    barrier, _ = service.add_barrier(member_id, "No car on weekdays", plan="Bus pass from the clinic")
    view = service.view(member_id)
    assert [str(g.id) for g in view.goals] == [first, str(second.id)]
    assert view.goals[0].rank < view.goals[1].rank and view.goals[0].low_confidence
    assert [i.id for i in view.interventions] == [step.id] and view.barriers == (barrier,)
    assert {g.care_plan_id for g in view.goals} == {plan.id}


def test_discontinue_is_a_status_never_a_delete(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    goal_id = walk_goal(service, member_id)
    goal, change = service.discontinue_goal(goal_id)
    assert (goal.status, goal.deleted, change.op, change.fields) == (GoalStatus.DISCONTINUED, False, "patch",
                                                                    ("status",))  # fmt: skip
    assert [g.id for g in service.view(member_id).goals] == [goal.id]
    step, _ = service.add_intervention(member_id, action="Call the food bank", responsible=Responsible.COACH)
    stopped, _ = service.discontinue_intervention(str(step.id))
    assert stopped.status is InterventionStatus.DISCONTINUED
    ops = shared_vault.database().query("SELECT DISTINCT op FROM outbox WHERE member_id = ?", (member_id,))
    assert "delete" not in {op for (op,) in ops}


def test_progress_entries_append(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)
    goal_id = walk_goal(service, member_id)
    service.add_progress(goal_id, value="60", note="Walked with her sister")
    goal, _ = service.add_progress(goal_id, value="90", on=TODAY - timedelta(days=1))
    assert [(p.value, p.on) for p in goal.progress] == [("60", TODAY), ("90", TODAY - timedelta(days=1))]
    with pytest.raises(RecordInvalid):
        service.update_goal(goal_id, progress=[])


def test_revision_history_shows_who_changed_what_from_what_to_what(
    service: CarePlanService, shared_vault: Vault
) -> None:
    member_id = new_member(shared_vault)
    plan = service.plan_for(member_id)
    goal_id = walk_goal(service, member_id)
    service.update_goal(goal_id, target="120", confidence=8)
    service.set_goal_status(goal_id, GoalStatus.ON_HOLD)
    service.update_plan(member_id, member_words="I want to dance at my granddaughter's quinceañera")

    history = service.revisions("care_plan_goal", goal_id)
    assert [r.number for r in history] == [1, 2, 3] and history[0].initial
    assert {c.field for c in history[0].changes} >= {"description", "target", "status"}
    assert history[1].changes == (FieldChange("confidence", 6, 8), FieldChange("target", "150", "120"))
    assert history[2].changes == (FieldChange("status", "active", "on-hold"),)
    assert {r.by for r in history} == {USER_ID}
    assert all(r.at is not None and r.at.tzinfo is not None for r in history)
    plan_history = service.revisions("care_plan", str(plan.id))
    assert plan_history[-1].changes == (FieldChange("member_words", plan.member_words,
                                                    "I want to dance at my granddaughter's quinceañera"),)  # fmt: skip
    everything = service.history(member_id)
    assert everything[0].at is not None and everything[0].at >= everything[-1].at  # type: ignore[operator]
    assert {(r.kind, r.number) for r in everything} >= {("care_plan_goal", 3), ("care_plan", 2)}
    with pytest.raises(RecordInvalid):
        service.revisions("session_note", goal_id)


def test_review_date_keeps_one_open_task_in_step(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault)  # tier "high": reviews every 30 days
    service.set_review_date(member_id, TODAY + timedelta(days=10))
    task = service.open_review_task(member_id)
    assert task is not None and (task.due, task.title, task.type) == (
        TODAY + timedelta(days=10), REVIEW_TASK_TITLE, TaskType.CARE_PLAN_REVIEW)  # fmt: skip

    service.set_review_date(member_id, TODAY + timedelta(days=3))  # moved: the same task moves with it
    moved = service.open_review_task(member_id)
    assert moved is not None and (moved.id, moved.due) == (task.id, TODAY + timedelta(days=3))
    assert service.plan_for(member_id).review_due == TODAY + timedelta(days=3)

    service.mark_reviewed(member_id, on=TODAY)
    tasks = [r for r in shared_vault.repository().member_records(member_id, ["task"]) if isinstance(r, Task)]
    assert sorted((t.status, t.due) for t in tasks) == [
        (TaskStatus.DONE, TODAY + timedelta(days=3)), (TaskStatus.OPEN, TODAY + timedelta(days=30))]  # fmt: skip
    plan = service.plan_for(member_id)
    assert (plan.last_reviewed, plan.review_due) == (TODAY, TODAY + timedelta(days=30))

    records = shared_vault.repository().member_records(member_id)
    members = [r for r in records if r.kind == "member"]
    later = TODAY + timedelta(days=30)
    items = build_worklist(members, [], tasks, [], [], [], later, care_plans=[plan])  # type: ignore[arg-type]
    assert [i.category for i in items].count(Category.CARE_PLAN_REVIEW) == 1  # the task stands in for the rule


def test_printed_plan_content_and_audited_print(service: CarePlanService, shared_vault: Vault) -> None:
    member_id = new_member(shared_vault, preferred_language="es")
    walk_goal(service, member_id, "Caminar después de la cena")
    service.add_intervention(member_id, action="Llamar al banco de comida", responsible=Responsible.COACH)
    note = factories.session_note(factories.member().id)
    note = SessionNote.model_validate({**note.model_dump(), "member_id": member_id,
                                       "next_contact_date": TODAY + timedelta(days=9)})  # fmt: skip
    shared_vault.repository().create(note)

    printed = service.printed_plan(member_id, COACH)
    assert printed.language == "es" and printed.title == "Mi plan de salud"
    assert printed.goals[0].text == "Caminar después de la cena"
    assert printed.team_steps == ("Mi coach de salud: Llamar al banco de comida",)
    assert printed.appointment_heading == "Mi próxima cita" and str((TODAY + timedelta(days=9)).year) in (
        printed.appointment_text)  # fmt: skip
    assert service.printed_plan(member_id, COACH, language="en").title == "My Health Plan"

    plan_id = str(service.plan_for(member_id).id)
    service.record_printed(member_id)
    service.record_printed(member_id, AuditAction.EXPORT)
    events = [e.event for e in audit_log.entries(shared_vault.database(), object_id=plan_id)]
    assert [e.action for e in events][-2:] == [AuditAction.PRINT, AuditAction.EXPORT]
    assert {e.object_type for e in events[-2:]} == {"care_plan"}
    assert audit_log.verify_chain(shared_vault.database()) is None
    with pytest.raises(ValueError, match="print or export"):
        service.record_printed(member_id, AuditAction.VIEW)


def test_rank_after_always_sorts_last() -> None:
    ranks: list[str] = []
    for _ in range(40):
        ranks.append(rank_after(ranks))
    assert ranks == sorted(ranks) and len(set(ranks)) == 40 and max(len(r) for r in ranks) <= 5
