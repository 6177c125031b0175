"""The session-note form as typed (text kept as typed) and its checking by the SessionNote model: field problems.

The editor fills a ``NoteForm``; ``build_note`` turns it into a validated ``SessionNote`` or raises
``NoteFormInvalid`` with one ``FieldProblem`` per field, keyed the way the editor names its fields. A form
serialises to JSON for the encrypted draft table (unsaved text kept across a lock or a crash).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from ..domain.session_note import Attendee, EncounterMode, SessionNote
from ..vault.errors import RecordInvalid

FORM_VERSION = 1


def field_bounds(name: str) -> tuple[int, int]:
    """A SessionNote number field's allowed range, read from the model so the words never drift from the rule."""
    low = high = None
    for rule in SessionNote.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    assert low is not None and high is not None
    return int(low), int(high)


MINUTES_RANGE = field_bounds("minutes")


class ProblemCode(StrEnum):
    REQUIRED = "required"
    NOT_A_NUMBER = "not_a_number"
    TOO_SMALL = "too_small"  # limit = the smallest allowed value
    TOO_BIG = "too_big"  # limit = the largest allowed value
    TOO_LONG = "too_long"  # limit = the most characters allowed
    TOO_MANY = "too_many"  # limit = the most entries allowed
    IN_FUTURE = "in_future"
    INVALID = "invalid"


@dataclass(frozen=True)
class FieldProblem:
    """``field`` as the editor names it: "minutes", "topics", "behaviours.2.stage", "change_talk.0", "" (the note)."""

    field: str
    code: ProblemCode
    limit: int | None = None


class NoteFormInvalid(RecordInvalid):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("Some fields need attention: see the messages beside them.")
        self.problems = problems


@dataclass
class BehaviourForm:
    behaviour: str = ""
    stage: str = ""  # a StageOfChange value, "" when not chosen yet
    importance: int | None = None
    confidence: int | None = None
    readiness: int | None = None
    member_reason: str = ""

    def is_empty(self) -> bool:
        return not (self.behaviour.strip() or self.stage or self.member_reason.strip()) and all(
            v is None for v in (self.importance, self.confidence, self.readiness)
        )


@dataclass
class TalkForm:
    category: str  # a ChangeTalkCategory value
    quote: str = ""


@dataclass
class NoteForm:
    """Everything the editor holds for one note. Free text is kept exactly as typed (minutes too)."""

    note_id: str
    member_id: str
    started_at: str  # ISO 8601 in UTC (``utc_iso``), so equal moments compare equal as text
    mode: str = EncounterMode.IN_PERSON.value
    minutes: str = ""
    present: list[str] = field(default_factory=lambda: [Attendee.MEMBER.value])
    topics: str = ""  # comma-separated
    behaviours: list[BehaviourForm] = field(default_factory=list)
    change_talk: list[TalkForm] = field(default_factory=list)  # only the categories heard
    sustain_talk: str = ""  # one per line
    oars_used: list[str] = field(default_factory=list)
    narrative: str = ""
    next_steps: str = ""
    next_contact_date: str = ""  # ISO date, "" for none
    next_contact_edited: bool = False  # typed by the nurse: no longer follows the mode and date
    addendum: str = ""  # unsaved addendum text (signed notes only)
    edited_at: str = ""  # when the form was last kept as a draft (ISO), to reopen the newest first

    def to_json(self) -> str:
        return json.dumps({"v": FORM_VERSION, **asdict(self)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> NoteForm:
        """A kept draft back as a form; raises ValueError when the text is not one (a damaged or foreign draft)."""
        try:
            data: dict[str, Any] = json.loads(text)
            data.pop("v", None)
            data["behaviours"] = [BehaviourForm(**b) for b in data.get("behaviours", [])]
            data["change_talk"] = [TalkForm(**t) for t in data.get("change_talk", [])]
            return cls(**data)
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError("not a session-note draft") from exc

    def same_content(self, other: NoteForm | None) -> bool:
        """Equal in what the note says (bookkeeping left aside): nothing new to keep."""
        ignore = {"edited_at": "", "next_contact_edited": False}
        return other is not None and asdict(self) | ignore == asdict(other) | ignore


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def split_topics(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def form_from_note(note: SessionNote) -> NoteForm:
    return NoteForm(
        note_id=str(note.id), member_id=str(note.member_id), started_at=utc_iso(note.started_at),
        mode=note.mode.value, minutes=str(note.minutes), present=[a.value for a in note.present],
        topics=", ".join(note.topics),
        behaviours=[BehaviourForm(b.behaviour, b.stage.value, b.importance, b.confidence, b.readiness,
                                  b.member_reason) for b in note.behaviours],
        change_talk=[TalkForm(t.category.value, t.quote) for t in note.change_talk],
        sustain_talk="\n".join(note.sustain_talk), oars_used=[o.value for o in note.oars_used],
        narrative=note.narrative, next_steps=note.next_steps,
        next_contact_date=note.next_contact_date.isoformat() if note.next_contact_date else "",
        next_contact_edited=True,  # a saved date is the nurse's choice, never recomputed behind her back
    )  # fmt: skip


def build_note(form: NoteForm, envelope: dict[str, Any]) -> SessionNote:
    """The form as a draft ``SessionNote`` (``envelope``: practice, author, version), checked by the model."""
    problems: list[FieldProblem] = []
    started = _parse(datetime.fromisoformat, form.started_at, "started_at", problems)
    next_contact = _parse(date.fromisoformat, form.next_contact_date, "next_contact_date", problems)
    rows = [i for i, b in enumerate(form.behaviours) if not b.is_empty()]
    data: dict[str, Any] = {
        **envelope, "id": form.note_id, "member_id": form.member_id, "started_at": started, "mode": form.mode,
        "present": form.present, "topics": split_topics(form.topics),
        "behaviours": [_behaviour(form.behaviours[i]) for i in rows],
        "change_talk": [{"category": t.category, "quote": t.quote.strip()} for t in form.change_talk],
        "sustain_talk": split_lines(form.sustain_talk), "oars_used": form.oars_used,
        "narrative": form.narrative, "next_steps": form.next_steps, "next_contact_date": next_contact,
    }  # fmt: skip
    if form.minutes.strip():
        data["minutes"] = form.minutes.strip()  # the model parses the number: "abc" and "600" fail there
    try:
        note = SessionNote.model_validate({k: v for k, v in data.items() if v is not None or k in envelope})
    except ValidationError as exc:
        problems += [_problem(error, rows) for error in exc.errors()]
        raise NoteFormInvalid(_unique(problems)) from None
    if problems:
        raise NoteFormInvalid(problems)
    return note


def check_form(form: NoteForm) -> list[FieldProblem]:
    """The model's problems with the form as it stands, without storing anything (for live inline messages)."""
    try:
        build_note(form, {"author_id": "local"})
    except NoteFormInvalid as exc:
        return exc.problems
    return []


def _parse(parse: Any, text: str, name: str, problems: list[FieldProblem]) -> Any:
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        problems.append(FieldProblem(name, ProblemCode.INVALID))
        return None


def _behaviour(row: BehaviourForm) -> dict[str, Any]:
    data: dict[str, Any] = {
        "behaviour": row.behaviour.strip(),
        "member_reason": row.member_reason.strip(),
        "importance": row.importance,
        "confidence": row.confidence,
        "readiness": row.readiness,
    }
    if row.stage:
        data["stage"] = row.stage  # left out when not chosen: the model reports it as required
    return data


_CODES = {
    "missing": ProblemCode.REQUIRED, "string_too_short": ProblemCode.REQUIRED,
    "int_parsing": ProblemCode.NOT_A_NUMBER, "int_type": ProblemCode.NOT_A_NUMBER,
    "int_from_float": ProblemCode.NOT_A_NUMBER,
    "greater_than_equal": ProblemCode.TOO_SMALL, "less_than_equal": ProblemCode.TOO_BIG,
    "string_too_long": ProblemCode.TOO_LONG, "too_long": ProblemCode.TOO_MANY,
}  # fmt: skip
_LIMITS = {ProblemCode.TOO_SMALL: "ge", ProblemCode.TOO_BIG: "le", ProblemCode.TOO_LONG: "max_length",
           ProblemCode.TOO_MANY: "max_length"}  # fmt: skip


def _problem(error: Any, rows: list[int]) -> FieldProblem:
    code = _CODES.get(error["type"], ProblemCode.INVALID)
    if error["type"] == "value_error":
        message = str(error.get("msg", ""))
        code = ProblemCode.IN_FUTURE if "future" in message else ProblemCode.REQUIRED if "blank" in message else code
    limit = error.get("ctx", {}).get(_LIMITS.get(code, ""))
    return FieldProblem(_field_key(tuple(error["loc"]), rows), code, int(limit) if limit is not None else None)


def _field_key(loc: tuple[Any, ...], rows: list[int]) -> str:
    """The pydantic location as the editor's field name (behaviour indexes mapped back to the form's rows)."""
    if not loc:
        return ""
    name = str(loc[0])
    if name == "behaviours" and len(loc) >= 3:
        return f"behaviours.{rows[int(loc[1])]}.{loc[2]}"
    if name == "change_talk" and len(loc) >= 2:
        return f"change_talk.{loc[1]}"
    return name  # topics and sustain talk are one field each on screen


def _unique(problems: list[FieldProblem]) -> list[FieldProblem]:
    seen: dict[str, FieldProblem] = {}
    for problem in problems:
        seen.setdefault(problem.field, problem)  # one message per field: the first is enough to act on
    return list(seen.values())
