"""The member: who the coach serves, their conditions, risk tier, consent and who may be told what."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator, model_validator

from .base import DomainModel, Name, PastDate, Record, ShortText, UserId, uuid7


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Language(StrEnum):
    ENGLISH = "en"
    SPANISH = "es"
    VIETNAMESE = "vi"
    OTHER = "other"


class Condition(StrEnum):
    """Chronic conditions the program manages (REFERENCE §7 comorbidity list)."""

    HYPERTENSION = "hypertension"
    DIABETES = "diabetes"
    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    ASTHMA = "asthma"
    COPD = "copd"
    HEART_FAILURE = "heart_failure"
    OBESITY = "obesity"
    CKD = "ckd"


class RiskTier(StrEnum):
    """REFERENCE §6.2: tier 1 high/complex, tier 2 rising, tier 3 stable."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def number(self) -> int:
        return {"high": 1, "medium": 2, "low": 3}[self.value]


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    DECLINED = "declined"
    GRADUATED = "graduated"
    DISENROLLED = "disenrolled"


class DisclosureTopic(StrEnum):
    """What an authorised contact may hear about (minimum necessary)."""

    SCHEDULING = "scheduling"
    GENERAL_HEALTH = "general_health"
    CARE_PLAN = "care_plan"
    MEDICATIONS = "medications"
    BEHAVIORAL_HEALTH = "behavioral_health"


MedicaidId = Annotated[str, Field(min_length=5, max_length=20, pattern=r"^[A-Za-z0-9-]+$")]
Phone = Annotated[str, Field(max_length=32, pattern=r"^[0-9+() .x-]*$")]


class Address(DomainModel):
    line1: ShortText = ""
    line2: ShortText = ""
    city: Annotated[str, Field(max_length=100)] = ""
    state: Annotated[str, Field(max_length=2, pattern=r"^[A-Z]{0,2}$")] = ""
    postal_code: Annotated[str, Field(max_length=10, pattern=r"^[0-9]{0,5}(-[0-9]{4})?$")] = ""


class Consent(DomainModel):
    program_consent: bool = False
    consent_date: PastDate | None = None
    voicemail_ok: bool = False
    text_ok: bool = False

    @model_validator(mode="after")
    def _date_when_consented(self) -> Consent:
        if self.program_consent and self.consent_date is None:
            raise ValueError("a consent date is required when the member consented")
        return self


class AuthorizedContact(DomainModel):
    name: Name
    relationship: Annotated[str, Field(min_length=1, max_length=50)]
    phone: Phone = ""
    is_legal_guardian: bool = False
    may_discuss: list[DisclosureTopic] = Field(default_factory=list)


class Member(Record):
    """A program member (the patient). ``member_id`` is the record's own id."""

    KIND: ClassVar[str] = "member"

    medicaid_id: MedicaidId
    given_name: Name
    family_name: Name
    date_of_birth: PastDate
    sex: Sex
    preferred_language: Language = Language.ENGLISH
    phone: Phone = ""
    address: Address = Field(default_factory=Address)
    pcp_name: Annotated[str, Field(max_length=100)] = ""
    conditions: list[Condition] = Field(default_factory=list)
    risk_tier: RiskTier
    risk_reason: ShortText = ""
    enrollment_status: EnrollmentStatus = EnrollmentStatus.ENROLLED
    enrolled_on: PastDate | None = None
    consent: Consent = Field(default_factory=Consent)
    authorized_contacts: list[AuthorizedContact] = Field(default_factory=list, max_length=10)
    coach_id: UserId | None = None
    ed_visits_12m: Annotated[int, Field(ge=0, le=365)] = 0
    admissions_12m: Annotated[int, Field(ge=0, le=365)] = 0

    @model_validator(mode="before")
    @classmethod
    def _member_id_is_own_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("member_id") is None:
            own_id = data.get("id") or uuid7()
            data = {**data, "id": own_id, "member_id": own_id}
        return data

    @model_validator(mode="after")
    def _own_member_id(self) -> Member:
        if self.member_id != self.id:
            raise ValueError("a member's member_id must equal its id")
        return self

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_age(cls, value: date) -> date:
        if value.year < date.today().year - 120:
            raise ValueError("date of birth is more than 120 years ago")
        return value

    @field_validator("conditions")
    @classmethod
    def _unique_conditions(cls, value: list[Condition]) -> list[Condition]:
        if len(set(value)) != len(value):
            raise ValueError("a condition is listed twice")
        return value

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def may_tell(self, contact_name: str, topic: DisclosureTopic) -> bool:
        """Whether an authorised contact may hear about ``topic`` (consent respected in sessions)."""
        return any(c.name == contact_name and topic in c.may_discuss for c in self.authorized_contacts)

