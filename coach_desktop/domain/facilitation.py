"""Practice facilitation: chart abstraction, PCMH-A self-assessment and PDSA cycles (REFERENCE §4)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import DomainModel, LongText, PastDate, Record, RequiredText, Scope, ShortText

MeasureId = Annotated[str, Field(pattern=r"^(CMS[0-9]{1,4}|HEDIS-[A-Z]{2,4})$")]


class AbstractedElement(DomainModel):
    """One data element found in a chart, with where it was found (for audit and inter-rater review)."""

    element: Annotated[str, Field(min_length=1, max_length=60)]
    value: Annotated[str, Field(max_length=200)] = ""
    on: PastDate | None = None
    source_document: Annotated[str, Field(max_length=100)] = ""
    source_page: Annotated[int, Field(ge=1, le=10_000)] | None = None


class ChartAbstraction(Record):
    """A sampled chart abstracted against one measure. ``chart_ref`` is the practice's own sample label."""

    KIND: ClassVar[str] = "chart_abstraction"
    SCOPE: ClassVar[Scope] = "practice"

    measure_id: MeasureId
    measurement_year: Annotated[int, Field(ge=2015, le=2100)]
    chart_ref: Annotated[str, Field(min_length=1, max_length=40)]
    abstracted_on: PastDate
    in_denominator: bool = True
    excluded: bool = False
    exclusion_reason: ShortText = ""
    in_numerator: bool = False
    gaps: list[Annotated[str, Field(pattern=r"^[A-Z_]{3,30}$")]] = Field(default_factory=list)
    elements: list[AbstractedElement] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _exclusion_has_reason(self) -> ChartAbstraction:
        if self.excluded and not self.exclusion_reason.strip():
            raise ValueError("say why the chart is excluded")
        return self


class PcmhConcept(StrEnum):
    ENGAGED_LEADERSHIP = "engaged_leadership"
    QI_STRATEGY = "qi_strategy"
    EMPANELMENT = "empanelment"
    TEAM_BASED_RELATIONSHIPS = "team_based_relationships"
    EVIDENCE_BASED_CARE = "evidence_based_care"
    PATIENT_CENTERED_INTERACTIONS = "patient_centered_interactions"
    ENHANCED_ACCESS = "enhanced_access"
    CARE_COORDINATION = "care_coordination"


class ItemScore(DomainModel):
    item_id: Annotated[str, Field(min_length=1, max_length=20)]
    concept: PcmhConcept
    score: Annotated[int, Field(ge=1, le=12)]
    notes: ShortText = ""

    @property
    def level(self) -> str:
        """D (1–3), C (4–6), B (7–9), A (10–12) — REFERENCE §4.4."""
        return "DCBA"[(self.score - 1) // 3]


class PracticeAssessment(Record):
    KIND: ClassVar[str] = "practice_assessment"
    SCOPE: ClassVar[Scope] = "practice"

    instrument: Annotated[str, Field(max_length=20)] = "PCMH-A"
    version: Annotated[str, Field(max_length=10)] = "4.0"
    assessed_on: PastDate
    items: list[ItemScore] = Field(default_factory=list, max_length=60)

    def concept_means(self) -> dict[PcmhConcept, float]:
        by_concept: dict[PcmhConcept, list[int]] = {}
        for item in self.items:
            by_concept.setdefault(item.concept, []).append(item.score)
        return {c: sum(v) / len(v) for c, v in by_concept.items()}

    def overall(self) -> float | None:
        means = self.concept_means()
        return sum(means.values()) / len(means) if means else None


class PdsaDecision(StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class PdsaCycle(Record):
    """One Plan-Do-Study-Act cycle of a practice's improvement project."""

    KIND: ClassVar[str] = "pdsa_cycle"
    SCOPE: ClassVar[Scope] = "practice"

    aim: RequiredText
    number: Annotated[int, Field(ge=1, le=999)] = 1
    title: RequiredText
    owner: Annotated[str, Field(max_length=100)] = ""
    measure_id: MeasureId | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    plan: LongText = ""
    prediction: LongText = ""
    do_notes: LongText = ""
    study: LongText = ""
    act: PdsaDecision | None = None
    next_steps: LongText = ""
