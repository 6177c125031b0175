"""Hospital use: ED visits, admissions and readmissions, their care transitions and transition-of-care tasks."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from ..calendar_rules import add_business_days, federal_holidays, is_business_day
from ..transitions import tcm_contact_deadline
from ..work_items import CareTransition, Disposition, TaskType, TransitionEvent
from .member_state import MemberState, Stay
from .names import BH_FACILITY, FACILITIES
from .panel import EDGE_CASES
from .rng import clinic_time, pick, poisson

_DISCHARGE_EDGES = EDGE_CASES[7:]


class HospitalSteps(MemberState):
    """A year of ED visits and stays (some planted as discharge edge cases), then each one's follow-up."""

    def _utilisation(self) -> None:
        rng, g = self.rng, self.factors[0]
        # ED: negative binomial (mean 1.6, dispersion 0.8) as a gamma–Poisson mixture, tilted by general illness.
        ed_rate = rng.gammavariate(0.8, 1.6 / 0.8) * math.exp(0.3 * g - 0.045)
        year_ago = self.today - timedelta(days=364)
        self.ed_days = sorted(self._day_in_window(year_ago) for _ in range(min(40, poisson(rng, ed_rate))))
        admissions = poisson(rng, 0.35 * math.exp(0.4 * g - 0.08))
        for _ in range(admissions):
            self._add_stay(self._day_in_window(year_ago))
        if self.engaged:
            self._plant_discharge_edge()
        if rng.random() < 0.01 and self.engaged:  # in hospital right now
            self.stays.append(Stay(self.yesterday - timedelta(days=rng.randint(0, 3)), None))

    def _add_stay(self, discharged: date, edge: str | None = None) -> Stay:
        rng = self.rng
        stay = Stay(discharged - timedelta(days=min(14, 1 + poisson(rng, 2.5))), discharged, edge)
        self.stays.append(stay)
        if edge is None and rng.random() < 0.15 and discharged < self.today - timedelta(days=10):
            # 30-day readmission (≈15% of admissions, REFERENCE §7)
            readmit = min(discharged + timedelta(days=rng.randint(2, 29)), self.today - timedelta(days=4))
            self.stays.append(Stay(readmit, min(readmit + timedelta(days=rng.randint(1, 4)), self.yesterday)))
        return stay

    def _plant_discharge_edge(self) -> None:
        for case in _DISCHARGE_EDGES:
            if case in self.ctx.pending and self.ctx.claim(case, self.id):
                day = _edge_discharge_day(case, self.today)
                self._add_stay(day, case)
                if case == "readmission_within_30_days":
                    back = day + timedelta(days=self.rng.randint(3, 25))
                    self.stays.append(Stay(back, back + timedelta(days=2), case))
                return

    def _transitions(self) -> None:
        for stay in self.stays:
            self._discharge(stay)
        for day in self.ed_days:
            self._ed_visit(day)

    def _discharge(self, stay: Stay) -> None:
        rng = self.rng
        mental = rng.random() < 0.12
        if stay.discharged is None:
            self.ctx.panel.transitions.append(CareTransition(
                **self._env(), event=TransitionEvent.ADMISSION, facility=rng.choice(FACILITIES),
                admitted_on=stay.admitted, summary="Admitted; coach notified by ADT feed"))  # fmt: skip
            return
        deadline = tcm_contact_deadline(stay.discharged)
        contact = self._contact_time(stay, deadline)
        transition = CareTransition(
            **self._env(), event=TransitionEvent.DISCHARGE, facility=BH_FACILITY if mental else rng.choice(FACILITIES),
            admitted_on=stay.admitted, discharged_on=stay.discharged,
            disposition=pick(rng, ((Disposition.HOME, 0.7), (Disposition.HOME_HEALTH, 0.12), (Disposition.SNF, 0.08),
                                    (Disposition.ASSISTED_LIVING, 0.04), (Disposition.OTHER, 0.06))),
            mental_health_diagnosis=mental, summary="Discharge notice received",
            interactive_contact_at=contact, follow_up_deadline=deadline,
        )  # fmt: skip
        self.ctx.panel.transitions.append(transition)
        if (self.today - stay.discharged).days <= 30:
            self._toc_tasks(transition, contact)

    def _contact_time(self, stay: Stay, deadline: date) -> datetime | None:
        rng, discharged = self.rng, stay.discharged
        assert discharged is not None
        if stay.edge in ("follow_up_day_2", "follow_up_day_3"):
            return clinic_time(discharged + timedelta(days=2 if stay.edge == "follow_up_day_2" else 3), rng)
        roll = rng.random()
        if roll < 0.1:
            return None  # never reached
        day = discharged + timedelta(
            days=rng.randint(0, (deadline - discharged).days) if roll < 0.85 else rng.randint(3, 6)
        )
        return clinic_time(day, rng) if day <= self.yesterday else None

    def _ed_visit(self, day: date) -> None:
        reached = self.rng.random() < 0.6
        contact = clinic_time(min(day + timedelta(days=1), self.yesterday), self.rng) if reached else None
        self.ctx.panel.transitions.append(CareTransition(
            **self._env(), event=TransitionEvent.ED_VISIT, facility=self.rng.choice(FACILITIES), ed_visit_on=day,
            disposition=Disposition.HOME, follow_up_deadline=add_business_days(day, 2), interactive_contact_at=contact,
        ))  # fmt: skip

    def _toc_tasks(self, transition: CareTransition, contact: datetime | None) -> None:
        discharged = transition.discharged_on
        assert discharged is not None
        pcp_days = 7 if len(self.conditions) >= 3 else 14  # REFERENCE §5.3: day 7 when high-risk, else day 14
        steps = [
            (TaskType.INTERACTIVE_CONTACT, "Post-discharge call", transition.follow_up_deadline, contact),
            (TaskType.MED_RECONCILIATION, "Medication reconciliation", discharged + timedelta(days=30), None),
            (TaskType.PCP_VISIT, "PCP visit after discharge", discharged + timedelta(days=pcp_days), None),
            (TaskType.CARE_PLAN_REVIEW, "Care-plan review after discharge", discharged + timedelta(days=30), None),
        ]  # fmt: skip
        if transition.mental_health_diagnosis:
            steps.append((TaskType.BH_FOLLOW_UP, "Behavioral-health follow-up", discharged + timedelta(days=7), None))
        for kind, title, due, done_at in steps:
            # The call is done exactly when the transition records it; other steps are done at random.
            can_finish = kind is not TaskType.INTERACTIVE_CONTACT and discharged + timedelta(days=3) <= self.yesterday
            if done_at is None and can_finish and self.rng.random() < 0.4:
                done_at = clinic_time(
                    self._day_in_window(discharged + timedelta(days=1), min(due, self.yesterday)), self.rng
                )
            self._task(kind, title, due or discharged, (transition.kind, transition.id), done_at)


def _edge_discharge_day(case: str, today: date) -> date:
    """The most recent past date fitting a planted discharge edge case."""
    yesterday = today - timedelta(days=1)
    if case == "friday_discharge":
        day = yesterday - timedelta(days=(yesterday.weekday() - 4) % 7)
        while not is_business_day(day):
            day -= timedelta(days=7)
        return day
    if case == "december_2_discharge":
        return date(today.year, 12, 2) if date(today.year, 12, 2) <= yesterday else date(today.year - 1, 12, 2)
    if case == "discharge_day_before_holiday":
        days = sorted(h - timedelta(days=1) for y in (today.year - 1, today.year) for h in federal_holidays(y))
        return max(d for d in days if d <= yesterday and is_business_day(d))
    if case in ("follow_up_day_2", "follow_up_day_3"):
        day = today - timedelta(days=8)
        # A Monday with Mon–Thu all business days: day 2 is then business day 2 and day 3 is late.
        while not (day.weekday() == 0 and all(is_business_day(day + timedelta(days=k)) for k in range(4))):
            day -= timedelta(days=1)
        return day
    return today - timedelta(days=60)  # readmission_within_30_days
