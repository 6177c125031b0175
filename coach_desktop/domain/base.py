"""The envelope every syncable record carries, and the small validated types the records share.

No I/O here: the client and the server import these models so a record means the same on both sides.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# Devices in other time zones, and clocks a little ahead, must not make today's work invalid.
DATE_TOLERANCE = timedelta(days=1)
DATETIME_TOLERANCE = timedelta(hours=14)

Scope = Literal["member", "practice", "directory"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 v7): ids made on a device sort by creation and index well."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def _not_future_date(value: date) -> date:
    if value > date.today() + DATE_TOLERANCE:
        raise ValueError("date cannot be in the future")
    return value


def _not_future_datetime(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("time must include a time zone")
    if value > utc_now() + DATETIME_TOLERANCE:
        raise ValueError("time cannot be in the future")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("time must include a time zone")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


PastDate = Annotated[date, AfterValidator(_not_future_date)]
PastDatetime = Annotated[datetime, AfterValidator(_not_future_datetime)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_not_blank)]
ShortText = Annotated[str, Field(max_length=500)]
RequiredText = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_not_blank)]
LongText = Annotated[str, Field(max_length=20_000)]
Ruler = Annotated[int, Field(ge=0, le=10, description="0 = not at all, 10 = extremely (REFERENCE §2.2)")]
PracticeId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
UserId = Annotated[str, Field(min_length=1, max_length=64)]


class DomainModel(BaseModel):
    """Strict base: unknown fields are errors, values are validated on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Record(DomainModel):
    """The common envelope of every syncable record (DESIGN §3)."""

    KIND: ClassVar[str] = ""
    SCOPE: ClassVar[Scope] = "member"

    id: uuid.UUID = Field(default_factory=uuid7)
    kind: str = ""
    member_id: uuid.UUID | None = None
    practice_id: PracticeId | None = None
    version: int = Field(default=0, ge=0, description="server-assigned; 0 until first acknowledged")
    updated_at: AwareDatetime = Field(default_factory=utc_now)
    updated_by: UserId = "local"
    deleted: bool = False

    @model_validator(mode="before")
    @classmethod
    def _fill_kind(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.KIND:
            kind = data.get("kind") or cls.KIND
            if kind != cls.KIND:
                raise ValueError(f"kind must be {cls.KIND!r}")
            data = {**data, "kind": kind}
        return data

    @model_validator(mode="after")
    def _check_scope(self) -> Record:
        if self.SCOPE == "member" and self.member_id is None:
            raise ValueError(f"{self.KIND} records need a member_id")
        if self.SCOPE == "practice" and self.practice_id is None:
            raise ValueError(f"{self.KIND} records need a practice_id")
        return self

    def body(self) -> dict[str, Any]:
        """The record as JSON-ready data (what the vault stores and sync sends)."""
        return self.model_dump(mode="json")
