"""Care plans across devices, on the real server over loopback: goals added offline on two devices both survive
sync, and each device's revision history names who changed what, including changes that arrived by pull."""

from __future__ import annotations

from datetime import date, timedelta

from coach_desktop.app.care_plan_service import CarePlanService
from coach_desktop.domain.care_plan import GoalStatus, Responsible
from coach_server import scope
from tests.sync.conftest import TENANT, World

TARGET = date.today() + timedelta(days=60)


def test_two_devices_add_goals_offline_both_survive_and_history_names_the_author(world: World) -> None:
    supervisor, coach = world.account("supervisor"), world.account()
    with world.engine.begin() as conn:
        scope.set_supervisor(conn, TENANT, coach.user_id, supervisor.user_id)
    member_id = world.member(coach)
    plan_id = world.care_plan(member_id)
    laptop, office = world.device(coach), world.device(supervisor)
    laptop.sync()
    office.sync()
    on_laptop, in_office = CarePlanService(laptop.vault), CarePlanService(office.vault)

    # Both offline: each adds a goal (and the laptop a step) to the same plan.
    walk, _ = on_laptop.add_goal(member_id, description="Walk after supper", measure="Minutes per week",
                                 target="150", target_date=TARGET)  # fmt: skip
    on_laptop.add_intervention(member_id, action="Walk 15 minutes", responsible=Responsible.MEMBER, goal_id=walk.id)
    pills, _ = in_office.add_goal(member_id, description="Take my pills every day", measure="Days per week",
                                  target="7", target_date=TARGET)  # fmt: skip
    laptop.sync()
    office.sync()
    laptop.sync()

    for service in (on_laptop, in_office):
        view = service.view(member_id)
        assert str(view.plan.id) == plan_id
        assert {g.description for g in view.goals} == {"Walk after supper", "Take my pills every day"}
        assert len(view.interventions) == 1
    assert laptop.local_records() == world.server_records(coach)

    # The supervisor puts the coach's goal on hold; the coach's laptop learns who did it, from what to what.
    in_office.set_goal_status(str(walk.id), GoalStatus.ON_HOLD)
    office.sync()
    laptop.sync()
    history = on_laptop.revisions("care_plan_goal", str(walk.id))
    assert [(r.by, r.initial) for r in history] == [(coach.user_id, True), (supervisor.user_id, False)]
    assert [(c.field, c.old, c.new) for c in history[-1].changes] == [("status", "active", "on-hold")]
    pulled_goal = on_laptop.revisions("care_plan_goal", str(pills.id))
    assert pulled_goal[0].by == supervisor.user_id and len(pulled_goal) == 1  # a version bump alone is no revision
