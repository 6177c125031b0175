"""MI-structured session notes (encounters) and their addenda (REFERENCE §2)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import DomainModel, LongText, PastDatetime, Record, RequiredText, Ruler, ShortText, UserId


class EncounterMode(StrEnum):
    IN_PERSON = "in_person"
    TELEPHONE = "telephone"
    VIDEO = "video"


class Attendee(StrEnum):
    MEMBER = "member"
    CAREGIVER = "caregiver"
    GUARDIAN = "guardian"
    INTERPRETER = "interpreter"


class StageOfChange(StrEnum):
    """Transtheoretical model, stored per target behaviour (REFERENCE §2.1)."""

    PRECONTEMPLATION = "precontemplation"
    CONTEMPLATION = "contemplation"
    PREPARATION = "preparation"
    ACTION = "action"
    MAINTENANCE = "maintenance"


class ChangeTalkCategory(StrEnum):
    """DARN-CAT (REFERENCE §2.3)."""

    DESIRE = "desire"
    ABILITY = "ability"
    REASONS = "reasons"
    NEED = "need"
    COMMITMENT = "commitment"
    ACTIVATION = "activation"
    TAKING_STEPS = "taking_steps"


class OarsSkill(StrEnum):
    OPEN_QUESTIONS = "open_questions"
    AFFIRMATIONS = "affirmations"
    REFLECTIONS = "reflections"
    SUMMARIES = "summaries"


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class BehaviourFocus(DomainModel):
    """One target behaviour discussed: stage and readiness rulers (0–10) with the member's reason."""

    behaviour: RequiredText
    stage: StageOfChange
    importance: Ruler | None = None
    confidence: Ruler | None = None
    readiness: Ruler | None = None
    member_reason: ShortText = ""


class TalkHeard(DomainModel):
    category: ChangeTalkCategory
    quote: ShortText = ""


class SessionNote(Record):
    KIND: ClassVar[str] = "session_note"

    started_at: PastDatetime
    mode: EncounterMode
    minutes: Annotated[int, Field(ge=1, le=480)]
    present: list[Attendee] = Field(default_factory=lambda: [Attendee.MEMBER])
    topics: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list)
    behaviours: list[BehaviourFocus] = Field(default_factory=list, max_length=10)
    change_talk: list[TalkHeard] = Field(default_factory=list)
    sustain_talk: list[Annotated[str, Field(max_length=500)]] = Field(default_factory=list)
    oars_used: list[OarsSkill] = Field(default_factory=list)
    narrative: LongText = ""
    next_steps: LongText = ""
    next_contact_date: date | None = None  # a plan: may be in the future
    status: NoteStatus = NoteStatus.DRAFT
    author_id: UserId = "local"
    signed_at: PastDatetime | None = None
    content_hash: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] | None = None

    @model_validator(mode="after")
    def _signed_has_hash(self) -> SessionNote:
        if self.status is NoteStatus.SIGNED and (self.content_hash is None or self.signed_at is None):
            raise ValueError("a signed note needs its content hash and signing time")
        if self.status is NoteStatus.SIGNED and self.content_hash != self.compute_content_hash():
            raise ValueError("the signed note's content does not match its hash")
        return self

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "member_id", "started_at", "mode", "minutes", "present", "topics", "behaviours",
        "change_talk", "sustain_talk", "oars_used", "narrative", "next_steps", "next_contact_date", "author_id",
    )  # fmt: skip

    def compute_content_hash(self) -> str:
        """sha256 over canonical JSON of the clinical content (sorted keys, no spaces): what signing fixes."""
        data = self.model_dump(mode="json", include=set(self.CONTENT_FIELDS))
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class NoteAddendum(Record):
    """A correction to a signed note: append-only, never edited."""

    KIND: ClassVar[str] = "note_addendum"

    note_id: uuid.UUID
    note_content_hash: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
    text: Annotated[str, Field(min_length=1, max_length=20_000)]
    author_id: UserId = "local"
    written_at: PastDatetime
