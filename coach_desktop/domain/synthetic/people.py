"""Who a member is: demographics, names, conditions, enrollment, risk tier and the member record itself."""

from __future__ import annotations

import math
from datetime import date, timedelta
from random import Random
from statistics import NormalDist
from typing import Any

from ..member import Condition, DisclosureTopic, EnrollmentStatus, Language, Member, RiskTier, Sex
from ..screening import Instrument
from .calibration import BMI_MEDIAN, BMI_SIGMA, COMORBIDITY, CONDITION_LOADINGS, ENROLLMENT, LANGUAGES
from .member_state import MemberState
from .names import AREA_CODES, CITIES, NAMES, PCPS, STREETS
from .rng import pick

_ND = NormalDist()
_THRESHOLDS = {c: _ND.inv_cdf(1 - p) for c, p in COMORBIDITY.items()}


class PersonSteps(MemberState):
    """Demographics, conditions and enrollment first; the risk tier and the member record last."""

    # ---- who they are

    def _demographics(self) -> None:
        rng = self.rng
        self.sex = pick(rng, ((Sex.FEMALE, 0.59), (Sex.MALE, 0.40), (Sex.UNKNOWN, 0.01)))
        age = rng.randint(40, 63) if rng.random() < 0.7 else rng.randint(18, 39)  # weighted toward 40–63
        self.dob = _birth_date(rng, self.today, age)
        self.language = pick(rng, LANGUAGES)
        self.given, self.family = self._name(self.language, self.sex)
        self.phone = "" if rng.random() < 0.03 else f"({rng.choice(AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"
        self.practice_id = self.ctx.practice_ids[rng.randrange(len(self.ctx.practice_ids))]
        self.pcp = PCPS[(self.ctx.practice_ids.index(self.practice_id) * 3 + rng.randrange(3)) % len(PCPS)]

    def _name(self, language: Language, sex: Sex) -> tuple[str, str]:
        rng = self.rng
        pool = {Language.SPANISH: "es", Language.VIETNAMESE: "vi"}.get(language, "en")
        if pool == "es" and rng.random() < 0.15:
            pool = "en"  # not every Spanish speaker has a Spanish name
        female, male, families = NAMES[pool]
        given = rng.choice(female if sex is Sex.FEMALE or (sex is not Sex.MALE and rng.random() < 0.5) else male)
        family = rng.choice(families)
        if pool == "en" and rng.random() < 0.12:
            family = rng.choice(NAMES["es"][2])  # Hispanic English speakers
        if pool == "es" and rng.random() < 0.2:
            family = f"{family} {rng.choice(families)}"  # two surnames
        if self.ctx.canary:
            family = f"{self.ctx.canary}-{family}"
        return given, family

    def _address(self) -> dict[str, str]:
        rng = self.rng
        city, zips = CITIES[rng.randrange(len(CITIES))]
        roll = rng.random()
        line2 = f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}" if roll < 0.25 else (
            f"Lot {rng.randint(1, 80)}" if roll < 0.30 else "")  # fmt: skip
        return {"line1": f"{rng.randint(100, 9999)} {rng.choice(STREETS)}", "line2": line2, "city": city,
                "state": "OK", "postal_code": rng.choice(zips)}  # fmt: skip

    # ---- conditions and enrollment

    def _clinical_profile(self) -> None:
        rng = self.rng
        self.factors = [rng.gauss(0, 1) for _ in range(4)]
        latents = {}
        for condition, loadings in CONDITION_LOADINGS.items():
            shared = sum(w * f for w, f in zip(loadings, self.factors, strict=True))
            latents[condition] = shared + math.sqrt(1 - sum(w * w for w in loadings)) * rng.gauss(0, 1)
        self.bmi = round(BMI_MEDIAN * math.exp(BMI_SIGMA * latents[Condition.OBESITY]), 1)
        present = {c for c, z in latents.items() if z > _THRESHOLDS[c] and c is not Condition.OBESITY}
        if self.bmi >= 30:
            present.add(Condition.OBESITY)
        self.conditions = [c for c in Condition if c in present]
        self.mood_latent = latents[Condition.DEPRESSION]

    def _enrollment(self) -> None:
        rng = self.rng
        self.status = pick(rng, ENROLLMENT)
        self.engaged = self.status is not EnrollmentStatus.DECLINED
        self.enrolled_on = self.today - timedelta(days=rng.randint(30, 900)) if self.engaged else None
        self.window_start = max(self.enrolled_on or self.today, self.today - timedelta(days=364))

    # ---- risk tier (REFERENCE §6.2 proposed default rules)

    def _risk(self) -> tuple[RiskTier, str]:
        high, medium = self._tier1_reasons(), self._tier2_reasons()
        if high:
            return RiskTier.HIGH, "; ".join(high)
        if medium:
            return RiskTier.MEDIUM, "; ".join(medium)
        if not self.conditions:
            return RiskTier.LOW, "No chronic conditions on file and no recent hospital use"
        return RiskTier.LOW, "Conditions under control; no recent hospital use"

    def _uncontrolled(self) -> list[str]:
        markers = []
        if self.latest_a1c is not None and self.latest_a1c > 9:
            markers.append(f"A1c {self.latest_a1c} (above 9)")
        if self.latest_bp and (self.latest_bp[0] >= 160 or self.latest_bp[1] >= 100):
            markers.append(f"blood pressure {self.latest_bp[0]:.0f}/{self.latest_bp[1]:.0f} (160/100 or higher)")
        latest_phq = self._latest(Instrument.PHQ9)
        if latest_phq and ((latest_phq.result.total or 0) >= 15 or "safety_item9" in latest_phq.result.flags):
            markers.append("depression screen needs follow-up")  # item 9 is never named outside the screening
        return markers

    def _tier1_reasons(self) -> list[str]:
        reasons, month_ago = [], self.today - timedelta(days=30)
        admissions = self._admissions_12m()
        if admissions >= 2:
            reasons.append(f"{admissions} hospital admissions in 12 months")
        if len(self.ed_days) >= 3:
            reasons.append(f"{len(self.ed_days)} ED visits in 12 months")
        uncontrolled = self._uncontrolled()
        if len(self.conditions) >= 3 and uncontrolled:
            reasons.append(f"{len(self.conditions)} chronic conditions with {uncontrolled[0]}")
        recent_phq = [s for s in self.screens.get(Instrument.PHQ9, []) if s.day >= month_ago]
        if any((s.result.total or 0) >= 20 or "safety_item9" in s.result.flags for s in recent_phq):
            reasons.append("recent depression screen needs close follow-up")
        if any(s.discharged and s.discharged >= month_ago for s in self.stays):
            reasons.append("hospital discharge in the last 30 days")
        return reasons

    def _tier2_reasons(self) -> list[str]:
        reasons = []
        if len(self.conditions) >= 2:
            reasons.append(f"{len(self.conditions)} chronic conditions")
        if uncontrolled := self._uncontrolled():
            reasons.append(uncontrolled[0])
        if self._admissions_12m() == 1:
            reasons.append("1 hospital admission in 12 months")
        if 1 <= len(self.ed_days) <= 2:
            reasons.append(f"{len(self.ed_days)} ED visit{'s' if len(self.ed_days) == 2 else ''} in 12 months")
        ahc = self._latest(Instrument.AHC_HRSN)
        needs = [f for f in ahc.result.flags if f.startswith("hrsn_") and f != "hrsn_incomplete"] if ahc else []
        if len(needs) >= 2:
            reasons.append(f"{len(needs)} social needs on screening")  # domains unnamed: safety is private
        return reasons

    def _admissions_12m(self) -> int:
        return sum(1 for s in self.stays if s.admitted >= self.today - timedelta(days=364))

    # ---- the member record itself

    def _member(self, tier: RiskTier, reason: str) -> None:
        rng = self.rng
        consented = self.engaged
        envelope = {**self._env(), "id": self.id}  # a member's id is its own member_id
        member = Member(
            **envelope, practice_id=self.practice_id, medicaid_id=self.medicaid_id, given_name=self.given,
            family_name=self.family, date_of_birth=self.dob, sex=self.sex, preferred_language=self.language,
            phone=self.phone, address=self._address(), pcp_name=self.pcp, conditions=self.conditions,
            risk_tier=tier, risk_reason=reason[:500], enrollment_status=self.status, enrolled_on=self.enrolled_on,
            consent={"program_consent": consented, "consent_date": self.enrolled_on if consented else None,
                     "voicemail_ok": consented and rng.random() < 0.7, "text_ok": consented and rng.random() < 0.5},
            authorized_contacts=self._contacts(), coach_id=self.ctx.coach_id, ed_visits_12m=len(self.ed_days),
            admissions_12m=self._admissions_12m(),
        )  # fmt: skip
        self.ctx.panel.members.append(member)

    def _contacts(self) -> list[dict[str, Any]]:
        rng = self.rng
        if rng.random() >= 0.2:
            return []
        contacts = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            relationship = rng.choice(
                ("spouse", "daughter", "son", "sister", "brother", "mother", "friend", "guardian")
            )
            given, family = self._name(self.language, rng.choice((Sex.FEMALE, Sex.MALE)))
            if relationship != "friend":
                family = self.family  # family members share the surname (and so the canary)
            topics = [DisclosureTopic.SCHEDULING] + [
                t for t, p in ((DisclosureTopic.GENERAL_HEALTH, 0.7), (DisclosureTopic.CARE_PLAN, 0.5),
                               (DisclosureTopic.MEDICATIONS, 0.4), (DisclosureTopic.BEHAVIORAL_HEALTH, 0.1))
                if rng.random() < p
            ]  # fmt: skip
            phone = f"({rng.choice(AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"
            contacts.append({"name": f"{given} {family}", "relationship": relationship, "phone": phone,
                             "is_legal_guardian": relationship == "guardian", "may_discuss": topics})  # fmt: skip
        return contacts


def _birth_date(rng: Random, today: date, age: int) -> date:
    """A birth date giving exactly ``age`` on ``today``."""
    latest = _same_day(today, today.year - age)
    earliest = _same_day(today, today.year - age - 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _same_day(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)
