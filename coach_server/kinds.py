"""Per-kind facts the sync server needs: scope class, stored scope columns, server-managed envelope fields."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from coach_desktop.domain.base import Record
from coach_desktop.domain.registry import APPEND_ONLY_KINDS, RECORD_TYPES
from coach_desktop.domain.screening import BEHAVIORAL_HEALTH

ScopeClass = Literal["member", "practice", "directory"]
CONFLICT_KIND = "conflict"
NOTE_KIND = "session_note"
ADDENDUM_KIND = "note_addendum"
IMMUTABLE_AFTER_CREATE = APPEND_ONLY_KINDS
# Never writable through a patch: they say which record this is and whose scope it is in.
IDENTITY_FIELDS = frozenset({"id", "kind", "member_id", "practice_id"})
# Written only by the sign op, with the server's clock.
SIGNING_FIELDS = frozenset({"status", "signed_at", "content_hash"})
_ENVELOPE_SERVER_FIELDS = ("version", "updated_at", "updated_by")
_BH_INSTRUMENTS = frozenset(str(i) for i in BEHAVIORAL_HEALTH)


def is_record_kind(kind: str) -> bool:
    return kind in RECORD_TYPES


def scope_class(kind: str) -> ScopeClass | None:
    cls = RECORD_TYPES.get(kind)
    return cls.SCOPE if cls is not None else None


@cache
def server_fields(kind: str) -> frozenset[str]:
    """Envelope fields the server sets on every write (and never versions or merges).

    Only where the kind keeps the envelope's meaning: PracticeAssessment has its own ``version`` (the
    instrument's version), which is ordinary content.
    """
    cls = RECORD_TYPES[kind]
    names = {name for name in _ENVELOPE_SERVER_FIELDS
             if cls.model_fields[name].annotation == Record.model_fields[name].annotation}  # fmt: skip
    return frozenset(names | {"deleted"})


def record_columns(kind: str, body: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(member_id, practice_id) stored with a record: only the one its kind is scoped by, so filters are exact."""
    klass = scope_class(kind)
    if klass == "member":
        return str(body["member_id"]), None
    if klass == "practice":
        return None, str(body["practice_id"])
    return None, None


def proposed_columns(kind: str, record_id: str, values: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The scope columns a create or sign asks for, canonicalised like the stored ones (ValueError if garbled)."""
    klass = scope_class(kind)
    if klass == "member":
        raw = record_id if kind == "member" else values.get("member_id")
        if raw is None:
            raise ValueError("member_id")
        return str(uuid.UUID(str(raw))), None
    if klass == "practice":
        raw = values.get("practice_id")
        if not isinstance(raw, str) or not raw:
            raise ValueError("practice_id")
        return None, raw
    return None, None


def is_behavioral_health(kind: str, body: Mapping[str, Any] | None) -> bool:
    return kind == "screening" and body is not None and str(body.get("instrument")) in _BH_INSTRUMENTS
