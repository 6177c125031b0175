"""Care plans (problems, goals, interventions, barriers), community referrals and routine contact tasks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..care_plan import (
    CarePlan,
    CarePlanBarrier,
    CarePlanGoal,
    CarePlanIntervention,
    CarePlanStatus,
    GoalStatus,
    InterventionStatus,
    Problem,
    Responsible,
)
from ..member import Condition, EnrollmentStatus, Language, RiskTier
from ..screening import Instrument
from ..work_items import Referral, ReferralCategory, ReferralStatus, TaskStatus, TaskType
from .calibration import CONTACT_INTERVAL_DAYS, REVIEW_INTERVAL_DAYS
from .encounters import TOPICS
from .member_state import MemberState
from .rng import clinic_time, new_uuid, pick

MEMBER_WORDS = (
    ("I want to feel good enough to work again.", "Quiero sentirme bien para volver a trabajar."),
    ("I don't want to lose my feet like my dad.", "No quiero perder los pies como mi papá."),
    ("I want to play with my grandkids without getting winded.", "Quiero jugar con mis nietos sin cansarme."),
)
BARRIERS = (
    ("No car; the bus does not go to the clinic", "Set up Medicaid ride booking"),
    ("Works nights", "Offer phone sessions after 3 pm"),
    ("Cost of test strips", "Ask pharmacist about covered meter"),
    ("Small print on pill bottles is hard to read", "Large-print labels and a pill box"),
    ("Cares for grandchildren all day", "Combine walks with school pickup"),
)  # fmt: skip


class CareSteps(MemberState):
    """An engaged member's care plan, the referrals their screenings call for, and their next contact task."""

    def _care_plan(self, tier: RiskTier) -> None:
        rng = self.rng
        ahc = self._latest(Instrument.AHC_HRSN)
        needs = [f[5:] for f in ahc.result.flags if f.startswith("hrsn_") and f != "hrsn_incomplete"] if ahc else []
        problems = [*self.problems]
        problems += [
            Problem(id=new_uuid(rng), condition=c, description=TOPICS.get(c, c.value).capitalize())
            for c in self.conditions
            if not any(p.condition is c for p in self.problems)
        ]
        # Interpersonal safety stays off the care plan: the member's printed copy could be seen at home.
        problems += [
            Problem(id=new_uuid(rng), social_need=n, description=f"Social need: {n}") for n in needs if n != "safety"
        ]
        reviewed = self.sessions[-1].started_at.date() if self.sessions else self.enrolled_on
        status = _PLAN_STATUS.get(self.status, CarePlanStatus.ACTIVE)
        words = rng.choice(MEMBER_WORDS)[self.language is Language.SPANISH]
        plan = CarePlan(
            **self._env(), status=status, problems=problems[:30], member_words=words, last_reviewed=reviewed,
            strengths=rng.choice(("Supportive daughter nearby", "Has quit smoking before", "Keeps a calendar", "")),
            review_due=(reviewed or self.today) + timedelta(days=REVIEW_INTERVAL_DAYS[tier]),
        )  # fmt: skip
        self.ctx.panel.care_plans.append(plan)
        self._goals(plan, problems)
        if rng.random() < 0.6:
            for description, remedy in rng.sample(BARRIERS, rng.randint(1, 2)):
                self.ctx.panel.barriers.append(CarePlanBarrier(
                    **self._env(), care_plan_id=plan.id, description=description, plan=remedy,
                    resolved=rng.random() < 0.2))  # fmt: skip

    def _goals(self, plan: CarePlan, problems: list[Problem]) -> None:
        rng = self.rng
        start = plan.last_reviewed or self.today
        for rank, problem in zip("gmt", problems[: rng.randint(1, 3)], strict=False):
            description, measure, target = GOALS.get(problem.condition or problem.social_need, GOALS[None])
            baseline = f"{self.latest_a1c}%" if problem.condition is Condition.DIABETES and self.latest_a1c else ""
            status = pick(rng, ((GoalStatus.ACTIVE, 0.6), (GoalStatus.ACHIEVED, 0.15), (GoalStatus.PROPOSED, 0.05),
                                 (GoalStatus.ON_HOLD, 0.05), (GoalStatus.NOT_ACHIEVED, 0.05),
                                 (GoalStatus.DISCONTINUED, 0.10)))  # fmt: skip
            progress = [{"on": self._day_in_window(start), "note": "Member reports progress"}
                        for _ in range(rng.randint(0, 2))]  # fmt: skip
            goal = CarePlanGoal(
                **self._env(), care_plan_id=plan.id, problem_id=problem.id, description=description, measure=measure,
                baseline=baseline, target=target, target_date=start + timedelta(days=rng.choice((60, 90, 180))),
                status=status, confidence=rng.randint(3, 10), rank=rank,
                progress=sorted(progress, key=lambda p: p["on"]),
            )  # fmt: skip
            self.ctx.panel.goals.append(goal)
            self._intervention(plan, goal, description, Responsible.MEMBER, start)
            if rng.random() < 0.5:
                self._intervention(plan, goal, "Review progress at next session", Responsible.COACH, start)
        if rng.random() < 0.3:
            self._intervention(plan, None, "Medication review", Responsible.OTHER, start, other="Clinic pharmacist")

    def _intervention(self, plan: CarePlan, goal: CarePlanGoal | None, action: str, who: Responsible, start: date,
                      other: str = "") -> None:  # fmt: skip
        rng = self.rng
        self.ctx.panel.interventions.append(CarePlanIntervention(
            **self._env(), care_plan_id=plan.id, goal_id=goal.id if goal else None, action=action, responsible=who,
            responsible_other=other, due_date=start + timedelta(days=rng.choice((7, 14, 30))),
            status=pick(rng, ((InterventionStatus.IN_PROGRESS, 0.4), (InterventionStatus.PLANNED, 0.3),
                               (InterventionStatus.DONE, 0.25), (InterventionStatus.DISCONTINUED, 0.05))),
        ))  # fmt: skip

    def _referrals(self) -> None:
        ahc = self._latest(Instrument.AHC_HRSN)
        if ahc:
            for flag in ahc.result.flags:
                category = _NEED_CATEGORY.get(flag)
                if category and self.rng.random() < 0.7:
                    self._referral(category, ahc.day, "Positive on social needs screening")
        phq = self._latest(Instrument.PHQ9)
        if phq and (phq.result.total or 0) >= 10 and self.rng.random() < 0.5:
            self._referral(ReferralCategory.BEHAVIORAL_HEALTH, phq.day, "Depression screen 10 or more")
        if self.latest_a1c and self.latest_a1c > 9 and self.rng.random() < 0.3:
            self._referral(ReferralCategory.DIABETES_EDUCATION, self.window_start, "A1c above 9")

    def _referral(self, category: ReferralCategory, since: date, reason: str) -> None:
        rng = self.rng
        resource = rng.choice(self.ctx.resources[category])
        status = pick(rng, _REFERRAL_STATUS)
        sent = self._day_in_window(since) if status is not ReferralStatus.DRAFT else None
        completed = self._day_in_window(sent) if sent and status in _COMPLETED else None
        scheduled = sent + timedelta(days=rng.randint(3, 21)) if sent and status is ReferralStatus.SCHEDULED else None
        referral = Referral(
            **self._env(), category=category, to_name=resource.name, reason=reason, status=status, sent_on=sent,
            expected_by=sent + timedelta(days=14) if sent else None, resource_id=resource.id, scheduled_for=scheduled,
            completed_on=completed, outcome="Member connected with the service" if completed else "",
        )  # fmt: skip
        self.ctx.panel.referrals.append(referral)
        source, title = (referral.kind, referral.id), "Check the referral happened"
        if status in (ReferralStatus.SENT, ReferralStatus.SCHEDULED):
            self._task(TaskType.REFERRAL_FOLLOW_UP, title, referral.expected_by or since, source)
        elif status is ReferralStatus.LOOP_CLOSED and completed:
            self._task(TaskType.REFERRAL_FOLLOW_UP, title, completed, source, done_at=clinic_time(completed, rng))
        elif status is ReferralStatus.CANCELLED:
            self._task(TaskType.REFERRAL_FOLLOW_UP, title, since, source, status=TaskStatus.CANCELLED,
                       resolution="Referral cancelled")  # fmt: skip

    def _contact_tasks(self, tier: RiskTier) -> None:
        if self.status is not EnrollmentStatus.ENROLLED:
            return
        last = self.sessions[-1].started_at.date() if self.sessions else self.enrolled_on or self.today
        self._task(TaskType.CONTACT_DUE, "Contact due", last + timedelta(days=CONTACT_INTERVAL_DAYS[tier]), None)


GOALS: dict[Any, tuple[str, str, str]] = {  # description (member's words), measure, target
    Condition.DIABETES: ("Get my sugar down so I keep my feet healthy", "HbA1c", "below 8%"),
    Condition.HYPERTENSION: ("Take my blood pressure pills every day", "Days per week pills taken", "7"),
    Condition.OBESITY: ("Walk after supper most days", "Minutes walked per week", "150"),
    Condition.DEPRESSION: ("Get out of the house and see people more", "Days per week out of the house", "4"),
    Condition.ASTHMA: ("Use my controller inhaler every day", "Days per week inhaler used", "7"),
    Condition.COPD: ("Use my controller inhaler every day", "Days per week inhaler used", "7"),
    Condition.HEART_FAILURE: ("Weigh myself every morning", "Days per week weighed", "7"),
    "food": ("Have enough food all month", "Weeks with enough food", "4"),
    "housing": ("Keep a safe, steady place to live", "Months housing secure", "3"),
    "transportation": ("Get to every clinic appointment", "Appointments missed for no ride", "0"),
    "utilities": ("Keep the lights and heat on", "Shut-off notices", "0"),
    None: ("Keep my medical appointments", "Appointments kept", "all"),
}
_NEED_CATEGORY = {
    "hrsn_food": ReferralCategory.FOOD, "hrsn_housing": ReferralCategory.HOUSING,
    "hrsn_transportation": ReferralCategory.TRANSPORTATION, "hrsn_utilities": ReferralCategory.UTILITIES,
    "hrsn_safety": ReferralCategory.INTERPERSONAL_SAFETY,
}  # fmt: skip
_REFERRAL_STATUS = (
    (ReferralStatus.DRAFT, 0.05), (ReferralStatus.SENT, 0.25), (ReferralStatus.SCHEDULED, 0.20),
    (ReferralStatus.COMPLETED, 0.15), (ReferralStatus.LOOP_CLOSED, 0.20), (ReferralStatus.DECLINED, 0.08),
    (ReferralStatus.CANCELLED, 0.07),
)  # fmt: skip
_COMPLETED = (ReferralStatus.COMPLETED, ReferralStatus.LOOP_CLOSED)
_PLAN_STATUS = {
    EnrollmentStatus.GRADUATED: CarePlanStatus.COMPLETED,
    EnrollmentStatus.DISENROLLED: CarePlanStatus.ON_HOLD,
}
