"""Chart observations: A1c, blood pressure (office and ED) and BMI series over the last year."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from ..care_plan import Problem
from ..member import Condition
from ..observation import Observation, ObservationType, Setting
from .calibration import A1C_MIXTURE
from .member_state import MemberState
from .rng import new_uuid, pick, poisson


class ObservationSteps(MemberState):
    """Observation series per condition, with the planted duplicate-reading and ED-reading edge cases."""

    def _observations(self) -> None:
        year_ago = self.today - timedelta(days=364)
        if Condition.DIABETES in self.conditions and self.rng.random() < 0.85:
            self._a1c_series(year_ago)
        if Condition.HYPERTENSION in self.conditions:
            if self.rng.random() < 0.92:
                self._bp_series(year_ago, hypertensive=True)
        elif self.rng.random() < 0.5:
            self._bp_series(year_ago, hypertensive=False)
        self._bmi_series(year_ago)
        self._ed_readings()

    def _obs(self, kind: ObservationType, value: float, day: date, diastolic: float | None = None,
             setting: Setting = Setting.OFFICE) -> None:  # fmt: skip
        self.ctx.panel.observations.append(Observation(
            **self._env(), type=kind, value=value, diastolic=diastolic, effective_on=day, setting=setting))  # fmt: skip

    def _a1c_series(self, year_ago: date) -> None:
        rng = self.rng
        _, mu, sd = pick(rng, tuple(((w, m, s), w) for w, m, s in A1C_MIXTURE))
        latest = round(min(max(rng.gauss(mu, sd), 4.8), 15.5), 1)
        days = sorted({self._day_in_window(year_ago) for _ in range(max(1, poisson(rng, 2)))}, reverse=True)
        value = latest
        for index, day in enumerate(days):
            if index:  # walk back in time with about ±0.3 drift per month
                months = (days[index - 1] - day).days / 30
                value = round(min(max(value + rng.uniform(-0.3, 0.3) * months, 4.8), 15.5), 1)
            self._obs(ObservationType.A1C, value, day)
        self.latest_a1c = latest
        if self.ctx.claim("same_day_duplicate_a1c", self.id):
            self._obs(ObservationType.A1C, round(latest + 0.2, 1), days[0])
            self.latest_a1c = max(latest, round(latest + 0.2, 1))

    def _bp_series(self, year_ago: date, *, hypertensive: bool) -> None:
        rng = self.rng
        visits = 1 + poisson(rng, 1.5 if hypertensive else 0.3)
        days = sorted({self._day_in_window(year_ago) for _ in range(visits)})
        # Only an engaged member gets a care plan, where the "first recorded July" problem is written.
        july = hypertensive and self.engaged and self.ctx.claim("hypertension_first_recorded_july", self.id)
        if july:
            july_day = _last_july_day(self.today)
            days = [july_day] + [d for d in days if d > july_day]
        member_z = rng.gauss(0, 1)
        lowest = (0.0, 0.0)
        for day in days:
            z1 = 0.8 * member_z + 0.6 * rng.gauss(0, 1)  # visits vary around the member's own level
            readings = [_bp_reading(rng, z1, rng.gauss(0, 1), hypertensive)]
            repeat = rng.random() < 0.25 or (day == days[-1] and self.ctx.claim("same_day_duplicate_bp", self.id))
            if repeat:
                first = readings[0]
                # REFERENCE §7: a 2nd reading ≈ first −4 ± 6 systolic (diastolic −2 ± 4 is our assumption).
                second = (first[0] - 4 + 6 * rng.gauss(0, 1), first[1] - 2 + 4 * rng.gauss(0, 1))
                readings.append((_terminal(rng, second[0]), _terminal(rng, second[1])))
            for systolic, diastolic in readings:
                self._obs(ObservationType.BLOOD_PRESSURE, systolic, day, diastolic)
            lowest = (min(s for s, _ in readings), min(d for _, d in readings))
        if hypertensive:
            self.latest_bp = lowest  # CBP: lowest systolic and diastolic on the latest day
        if july:
            self.problems.append(Problem(id=new_uuid(rng), condition=Condition.HYPERTENSION,
                                         description=f"Hypertension, first recorded July {days[0].year}"))  # fmt: skip

    def _bmi_series(self, year_ago: date) -> None:
        rng = self.rng
        if rng.random() < 0.1:
            return
        latest = self._day_in_window(year_ago + timedelta(days=120))
        if rng.random() < 0.3:
            earlier = latest - timedelta(days=rng.randint(60, 119))
            self._obs(ObservationType.BMI, round(self.bmi * rng.uniform(0.97, 1.04), 1), earlier)
        self._obs(ObservationType.BMI, self.bmi, latest)

    def _ed_readings(self) -> None:
        for day in self.ed_days:
            if self.ctx.claim("ed_bp_reading", self.id) or self.rng.random() < 0.15:
                # Pain and stress: ED readings run high (and CBP must ignore them).
                systolic, diastolic = _bp_reading(self.rng, self.rng.gauss(0.8, 1), self.rng.gauss(0, 1), True)
                self._obs(ObservationType.BLOOD_PRESSURE, systolic, day, diastolic, Setting.ED)


def _terminal(rng: Random, value: float) -> float:
    """Round a reading; ~10% of the time to the nearest 0 (terminal-digit preference, REFERENCE §7)."""
    return float(round(value / 10) * 10 if rng.random() < 0.10 else round(value))


def _bp_reading(rng: Random, z1: float, z2: float, hypertensive: bool) -> tuple[float, float]:
    if hypertensive:  # REFERENCE §7 formula
        systolic, diastolic = 132 + 16 * z1, 81 + 10.5 * (0.6 * z1 + 0.8 * z2)
    else:  # assumption: a normotensive adult spread
        systolic, diastolic = 118 + 11 * z1, 74 + 8 * (0.6 * z1 + 0.8 * z2)
    return _terminal(rng, min(max(systolic, 70), 260)), _terminal(rng, min(max(diastolic, 40), 150))


def _last_july_day(today: date) -> date:
    year = today.year if today >= date(today.year, 8, 1) else today.year - 1
    return date(year, 7, 15)
