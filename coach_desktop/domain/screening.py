"""A screening as recorded: instrument, item answers and the scored result."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import PastDatetime, Record, ShortText


class Instrument(StrEnum):
    PHQ2 = "phq2"
    PHQ9 = "phq9"
    GAD2 = "gad2"
    GAD7 = "gad7"
    AUDIT_C = "audit_c"
    AHC_HRSN = "ahc_hrsn"


# Number of scored items per 0–3 PHQ/GAD instrument (REFERENCE §1.1–1.3).
PHQ_GAD_ITEM_COUNT = {Instrument.PHQ2: 2, Instrument.PHQ9: 9, Instrument.GAD2: 2, Instrument.GAD7: 7}

# Behavioral-health screenings a facilitator must never see (minimum necessary, DESIGN §1).
BEHAVIORAL_HEALTH = frozenset({Instrument.PHQ2, Instrument.PHQ9, Instrument.GAD2, Instrument.GAD7, Instrument.AUDIT_C})

AnswerValue = int | str | list[str] | None


class Screening(Record):
    KIND: ClassVar[str] = "screening"

    instrument: Instrument
    administered_at: PastDatetime
    answers: dict[Annotated[str, Field(min_length=1, max_length=40)], AnswerValue] = Field(default_factory=dict)
    total: Annotated[int, Field(ge=0, le=100)] | None = None
    band: ShortText = ""
    positive: bool = False
    flags: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list)
    follow_up: list[ShortText] = Field(default_factory=list)
    safety_assessment_task_id: str | None = None

    @model_validator(mode="after")
    def _phq_gad_answers_in_range(self) -> Screening:
        count = PHQ_GAD_ITEM_COUNT.get(self.instrument)
        if count is None:
            return self
        for key, value in self.answers.items():
            if value is None:
                continue
            if not (isinstance(value, int) and 0 <= value <= 3):
                raise ValueError(f"answer {key!r} must be 0–3")
        if len(self.answers) > count + 1:  # +1: the unscored difficulty question
            raise ValueError(f"{self.instrument.value} has {count} items")
        return self
