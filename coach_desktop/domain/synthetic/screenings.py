"""Standard screenings (PHQ-2/9, GAD-2/7, AUDIT-C, AHC HRSN) with answers drawn to REFERENCE §7 rates."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from random import Random
from statistics import NormalDist
from typing import Any

from ..member import Condition
from ..scoring import (
    AHC_FOOD_DID_NOT_LAST,
    AHC_FOOD_WORRY,
    AHC_HITS_ITEMS,
    AHC_HOUSING_PROBLEMS,
    AHC_LIVING_SITUATION,
    AHC_TRANSPORTATION,
    AHC_UTILITIES,
    AUDIT_C_ITEMS,
    GAD2_ITEMS,
    GAD7_ITEMS,
    PHQ2_ITEMS,
    PHQ9_DIFFICULTY,
    PHQ9_ITEMS,
    HousingProblem,
    score_screening,
)
from ..screening import Instrument, Screening
from ..work_items import Task, TaskType
from .calibration import AHC_DOMAIN_RATES, AHC_SOCIAL_LOADING, GAD7_BAND_SHARES, PHQ9_BAND_SHARES, PHQ9_ITEM9_BY_BAND
from .member_state import MemberState, Screen
from .rng import clinic_time, pick

_ND = NormalDist()
_AHC_THRESHOLDS = {domain: _ND.inv_cdf(1 - rate) for domain, rate in AHC_DOMAIN_RATES.items()}


class ScreeningSteps(MemberState):
    """Screenings, mostly given during a session; item 9 or a positive PHQ-2 raises a follow-up task."""

    def _screen_time(self) -> datetime:
        rng = self.rng
        if self.sessions and rng.random() < 0.85:
            note = rng.choice(self.sessions)
            return note.started_at + timedelta(minutes=rng.randint(1, 9))
        return clinic_time(self._day_in_window(self.window_start), rng)

    def _screenings(self) -> None:
        rng = self.rng
        if rng.random() < 0.75:
            for _ in range(1 if rng.random() < 0.7 else 2):
                self._record(Instrument.PHQ9, self._phq9_answers())
        elif rng.random() < 0.8:
            self._record(Instrument.PHQ2, self._low_items(PHQ2_ITEMS))
        if rng.random() < (0.5 if Condition.DEPRESSION in self.conditions else 0.25):
            self._record(Instrument.GAD7, self._gad7_answers())
        elif rng.random() < 0.15:
            self._record(Instrument.GAD2, self._low_items(GAD2_ITEMS))
        if rng.random() < 0.35:
            self._record(Instrument.AUDIT_C, self._audit_c_answers())
        if rng.random() < 0.85:
            for _ in range(1 if rng.random() < 0.85 else 2):
                self._record(Instrument.AHC_HRSN, self._ahc_answers())
        self._plant_screen_edges()

    def _plant_screen_edges(self) -> None:
        if not self.sessions:
            return
        visit = self.sessions[-1].started_at
        for case, days in (("screen_14_days_before_visit", 14), ("screen_15_days_before_visit", 15)):
            if visit.date() - timedelta(days=days) >= self.window_start and self.ctx.claim(case, self.id):
                self._record(Instrument.PHQ9, self._phq9_answers(), at=visit - timedelta(days=days))
                return
        if self.ctx.claim("item9_low_total", self.id):
            self._record(Instrument.PHQ9, {**dict.fromkeys(PHQ9_ITEMS, 0), PHQ9_ITEMS[8]: 1}, at=visit)

    def _record(self, instrument: Instrument, answers: dict[str, Any], at: datetime | None = None) -> None:
        at = at or self._screen_time()
        result = score_screening(instrument, answers, self.sex)
        envelope = self._env(at)  # its id is known first, so the safety task can point back at it
        task_id = None
        if "safety_item9" in result.flags:
            task_id = str(self._safety_task(at, envelope["id"]).id)
        self.ctx.panel.screenings.append(Screening(
            **envelope, instrument=instrument, administered_at=at, answers=answers,
            safety_assessment_task_id=task_id, **result.screening_fields()))  # fmt: skip
        self.screens.setdefault(instrument, []).append(Screen(at.date(), result))
        if "give_phq9" in result.flags:
            due = at.date() + timedelta(days=7)
            self._task(TaskType.SCREENING_DUE, "Give the full PHQ-9", due, (Screening.KIND, envelope["id"]))

    def _safety_task(self, at: datetime, screening_id: uuid.UUID) -> Task:
        done = at.date() < self.yesterday
        return self._task(
            TaskType.SAFETY_ASSESSMENT, "Urgent: same-day follow-up on a screening", at.date(),
            (Screening.KIND, screening_id),
            done_at=at + timedelta(hours=1) if done else None,
            resolution=("Same-day suicide-risk assessment done; warm handoff to PCP; 988 information given."
                        if done else ""),
        )  # fmt: skip

    def _phq9_answers(self) -> dict[str, Any]:
        rng = self.rng
        u = _ND.cdf(0.7 * self.mood_latent + math.sqrt(0.51) * rng.gauss(0, 1))  # uniform, tied to depression
        band = next(i for i, (_, _, upto) in enumerate(_PHQ9_CUMULATIVE) if u < upto)
        low, high, _ = PHQ9_BAND_SHARES[band]
        item9 = pick(rng, ((1, 0.6), (2, 0.25), (3, 0.15))) if rng.random() < PHQ9_ITEM9_BY_BAND[band] else 0
        total = max(rng.randint(low, high), item9, 1 if item9 else 0)
        item9 = max(item9, total - 24)  # items 1–8 hold at most 24
        items = [*_spread(rng, total - item9, 8, (3, 3, 2.5, 3, 2, 2, 2, 1.5)), item9]
        answers: dict[str, Any] = dict(zip(PHQ9_ITEMS, items, strict=True))
        if total >= 5:
            answers[PHQ9_DIFFICULTY] = min(3, total // 7)
        return answers

    def _gad7_answers(self) -> dict[str, Any]:
        u = _ND.cdf(0.6 * self.mood_latent + 0.8 * self.rng.gauss(0, 1))
        low, high = next((lo, hi) for lo, hi, upto in _GAD7_CUMULATIVE if u < upto)
        return dict(zip(GAD7_ITEMS, _spread(self.rng, self.rng.randint(low, high), 7, (1,) * 7), strict=True))

    def _low_items(self, items: tuple[str, ...]) -> dict[str, Any]:
        return {code: pick(self.rng, ((0, 0.55), (1, 0.30), (2, 0.10), (3, 0.05))) for code in items}

    def _audit_c_answers(self) -> dict[str, Any]:
        rng = self.rng
        q1 = pick(rng, ((0, 0.45), (1, 0.25), (2, 0.15), (3, 0.10), (4, 0.05)))
        q2 = pick(rng, ((0, 0.55), (1, 0.25), (2, 0.12), (3, 0.05), (4, 0.03))) if q1 else 0
        q3 = pick(rng, ((0, 0.50), (1, 0.25), (2, 0.15), (3, 0.07), (4, 0.03))) if q1 else 0
        return dict(zip(AUDIT_C_ITEMS, (q1, q2, q3), strict=True))

    def _ahc_answers(self) -> dict[str, Any]:
        rng = self.rng
        social, spread_ = rng.gauss(0, 1), math.sqrt(1 - AHC_SOCIAL_LOADING**2)
        positive = {d: AHC_SOCIAL_LOADING * social + spread_ * rng.gauss(0, 1) > threshold
                    for d, threshold in _AHC_THRESHOLDS.items()}  # fmt: skip
        answers = {**_housing(rng, positive["housing"]), **_food(rng, positive["food"])}
        rides = ("yes", "yes", "yes_medical", "yes_non_medical")
        answers[AHC_TRANSPORTATION] = rng.choice(rides) if positive["transportation"] else "no"
        answers[AHC_UTILITIES] = (
            rng.choice(("yes", "yes", "yes", "already_shut_off")) if positive["utilities"] else "no"
        )
        answers.update(_hits(rng, positive["safety"]))
        if rng.random() < 0.04:  # a skipped question leaves its domain incomplete
            del answers[rng.choice((AHC_LIVING_SITUATION, AHC_FOOD_DID_NOT_LAST, AHC_UTILITIES, AHC_HITS_ITEMS[3]))]
        return answers


def _cumulative(bands: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    out, acc = [], 0.0
    for low, high, share in bands:
        acc += share
        out.append((low, high, acc))
    out[-1] = (out[-1][0], out[-1][1], 1.0 + 1e-9)
    return out


def _spread(rng: Random, total: int, count: int, weights: Sequence[float]) -> list[int]:
    """``count`` items of 0–3 summing to ``total``, favouring the heavier-weighted items."""
    items = [0] * count
    for _ in range(total):
        open_items = [i for i in range(count) if items[i] < 3]
        items[rng.choices(open_items, [weights[i] for i in open_items])[0]] += 1
    return items


_PHQ9_CUMULATIVE = _cumulative(PHQ9_BAND_SHARES)
_GAD7_CUMULATIVE = _cumulative(GAD7_BAND_SHARES)


def _housing(rng: Random, positive: bool) -> dict[str, Any]:
    if not positive:
        return {AHC_LIVING_SITUATION: "steady", AHC_HOUSING_PROBLEMS: ["none"]}
    problems = [p.value for p in HousingProblem if p is not HousingProblem.NONE]
    roll = rng.random()
    living = "worried" if roll < 0.45 else "no_steady_place" if roll < 0.65 else "steady"
    ticked = rng.sample(problems, rng.randint(1, 2)) if living == "steady" or rng.random() < 0.3 else ["none"]
    return {AHC_LIVING_SITUATION: living, AHC_HOUSING_PROBLEMS: ticked}


def _food(rng: Random, positive: bool) -> dict[str, Any]:
    if not positive:
        return {AHC_FOOD_WORRY: "never", AHC_FOOD_DID_NOT_LAST: "never"}
    worry, short = rng.choice(("often", "sometimes", "never")), rng.choice(("often", "sometimes", "never"))
    return {AHC_FOOD_WORRY: "sometimes" if worry == short == "never" else worry, AHC_FOOD_DID_NOT_LAST: short}


def _hits(rng: Random, positive: bool) -> dict[str, int]:
    if positive:
        values = [rng.randint(2, 5) for _ in AHC_HITS_ITEMS]
        while sum(values) <= 10:
            index = rng.randrange(4)
            values[index] = min(5, values[index] + 1)
    else:
        values = [1, 1, 1, 1] if rng.random() < 0.85 else [rng.randint(1, 3) for _ in AHC_HITS_ITEMS]
        while sum(values) > 10:
            values[values.index(max(values))] -= 1
    return dict(zip(AHC_HITS_ITEMS, values, strict=True))
