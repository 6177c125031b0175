"""Latest labs and vitals abstracted from the chart (A1c, blood pressure, BMI…), with their LOINC codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import PastDate, Record


class ObservationType(StrEnum):
    A1C = "a1c"
    BLOOD_PRESSURE = "blood_pressure"
    BMI = "bmi"
    WEIGHT = "weight"
    LDL = "ldl"
    EGFR = "egfr"


# REFERENCE §1.7 "common clinical codes".
LOINC = {
    ObservationType.A1C: "4548-4",
    ObservationType.BLOOD_PRESSURE: "85354-9",
    ObservationType.BMI: "39156-5",
    ObservationType.LDL: "13457-7",
    ObservationType.EGFR: "98979-8",
    ObservationType.WEIGHT: "29463-7",
}

# Plausible physiological ranges: outside them the entry is a typo, not a reading.
RANGES = {
    ObservationType.A1C: (3.0, 20.0),
    ObservationType.BLOOD_PRESSURE: (50.0, 300.0),
    ObservationType.BMI: (10.0, 100.0),
    ObservationType.WEIGHT: (1.0, 700.0),
    ObservationType.LDL: (5.0, 600.0),
    ObservationType.EGFR: (1.0, 200.0),
}


class Setting(StrEnum):
    OFFICE = "office"
    ED = "ed"
    INPATIENT = "inpatient"
    HOME = "home"


class Observation(Record):
    KIND: ClassVar[str] = "observation"

    type: ObservationType
    value: float
    diastolic: Annotated[float, Field(ge=20, le=200)] | None = None
    effective_on: PastDate
    setting: Setting = Setting.OFFICE

    @model_validator(mode="after")
    def _plausible(self) -> Observation:
        low, high = RANGES[self.type]
        if not low <= self.value <= high:
            raise ValueError(f"{self.type.value} {self.value} is outside {low}–{high}")
        if (self.type is ObservationType.BLOOD_PRESSURE) != (self.diastolic is not None):
            raise ValueError("blood pressure needs a diastolic value (and only blood pressure has one)")
        return self

    @property
    def loinc(self) -> str:
        return LOINC[self.type]
