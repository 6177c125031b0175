"""generate_panel: check the arguments, build the community directory, then one MemberBuilder per member."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import date
from random import Random

from ..community import CommunityResource
from ..member import Address, Language
from .care import CareSteps
from .encounters import EncounterSteps
from .hospital import HospitalSteps
from .names import AREA_CODES, CITIES, RESOURCES, STREETS
from .observations import ObservationSteps
from .panel import BuildContext, SyntheticPanel
from .people import PersonSteps
from .rng import SeededRandom
from .screenings import ScreeningSteps


class MemberBuilder(PersonSteps, HospitalSteps, EncounterSteps, ScreeningSteps, ObservationSteps, CareSteps):
    """Builds one member's records in dependency order; the risk tier is derived last from what was generated."""

    def build(self) -> None:
        self._demographics()
        self._clinical_profile()
        self._enrollment()
        self._utilisation()
        self._transitions()
        if self.engaged:
            self._sessions()
            self._screenings()
        self._observations()
        tier, reason = self._risk()
        if self.engaged:
            self._care_plan(tier)
            self._referrals()
            self._contact_tasks(tier)
        self._member(tier, reason)


def generate_panel(
    n_members: int,
    *,
    seed: int,
    coach_id: str = "coach-demo",
    practice_ids: tuple[str, ...] = ("practice-001", "practice-002"),
    today: date | None = None,
    canary: str | None = None,
) -> SyntheticPanel:
    """A panel of ``n_members`` with all their records; the same arguments always give the same panel."""
    today = today or date.today()
    _check_arguments(n_members, practice_ids, today, canary)
    rng = SeededRandom(seed)
    ctx = BuildContext(SyntheticPanel(seed=seed, today=today), coach_id, practice_ids, canary)
    ctx.panel.resources.extend(_resources(rng, ctx))
    # Medicaid ids: an affine walk over 9 digits (stride coprime with 10) is unique without a lookup set.
    id_start = rng.randrange(10**9)
    # The panel only grows, so cyclic-GC passes over its hundreds of thousands of live objects free nothing
    # (measured ~15% of CPU at 20k members). Pause the collector, and restore it as we found it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for index in range(n_members):
            medicaid_id = f"SC{(id_start + index * 387_420_489) % 10**9:09d}"
            # One generator per member, seeded from the panel's: a member's random draws never depend on
            # another member's (only which planted edge case it carries can).
            MemberBuilder(ctx, SeededRandom(rng.getrandbits(64)), medicaid_id).build()
    finally:
        if collecting:
            gc.enable()
    return ctx.panel


def _check_arguments(n_members: int, practice_ids: Sequence[str], today: date, canary: str | None) -> None:
    if n_members < 0:
        raise ValueError("n_members cannot be negative")
    if not practice_ids:
        raise ValueError("give at least one practice id")
    if today > date.today():
        raise ValueError("today cannot be after the real date: the models reject future dates")
    if canary is not None and not (1 <= len(canary) <= 60 and canary.strip() == canary):
        raise ValueError("canary must be 1–60 characters without surrounding spaces")


def _resources(rng: Random, ctx: BuildContext) -> list[CommunityResource]:
    out = []
    for category, name, hours, eligibility in RESOURCES:
        city, zips = CITIES[rng.randrange(len(CITIES))]
        spanish = "Despensa" in name or rng.random() < 0.5
        resource = CommunityResource(
            **ctx.envelope(rng, None),
            name=name,
            category=category,
            address=Address(line1=f"{rng.randint(100, 4999)} {rng.choice(STREETS)}", city=city, state="OK",
                            postal_code=rng.choice(zips)),
            phone=f"({rng.choice(AREA_CODES)}) 555-01{rng.randint(0, 99):02d}",
            hours=hours,
            languages=[Language.ENGLISH, Language.SPANISH] if spanish else [Language.ENGLISH],
            eligibility=eligibility,
            website=f"https://example.org/{name.lower().replace(' ', '-')}",
        )  # fmt: skip
        ctx.resources.setdefault(category, []).append(resource)
        out.append(resource)
    return out
