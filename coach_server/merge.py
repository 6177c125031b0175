"""Field-level three-way merge and the per-op record rules of SYNC_PROTOCOL §6.5–6.6 (pure: no database)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from coach_desktop.domain.base import uuid7
from coach_desktop.domain.registry import parse_record
from coach_desktop.domain.session_note import NoteStatus, SessionNote
from coach_desktop.sync.protocol import ConflictRecord, ConflictType, FieldChange, Mutation, MutationOp, ResultStatus

from .kinds import (
    ADDENDUM_KIND,
    CONFLICT_KIND,
    IDENTITY_FIELDS,
    IMMUTABLE_AFTER_CREATE,
    NOTE_KIND,
    SIGNING_FIELDS,
    is_record_kind,
    record_columns,
    server_fields,
)

_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Stored:
    """A record row as the merge sees it: current body plus who wrote each field at which seq."""

    kind: str
    id: str
    body: dict[str, Any]
    field_ver: dict[str, int]
    field_dev: dict[str, str]
    row_seq: int
    deleted: bool = False
    member_id: str | None = None
    practice_id: str | None = None


@dataclass(frozen=True)
class Context:
    """Who proposes, when (server clock) and where new seqs and ids come from (injected: keeps this pure)."""

    device_id: str
    user_id: str
    mutation_id: str
    now: datetime
    next_seq: Callable[[], int]
    new_id: Callable[[], uuid.UUID] = uuid7


@dataclass
class Outcome:
    status: ResultStatus
    reason: str | None = None
    writes: list[Stored] = field(default_factory=list)  # rows to upsert, each at its own new row_seq
    conflict_ids: list[str] = field(default_factory=list)
    applied_seq: int | None = None
    signed_at: datetime | None = None


class Rejected(Exception):
    """A business-rule refusal; ``reason`` names fields and rules only, never values (no PHI)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---- the field rule ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDecision:
    applied: dict[str, Any]
    noop: list[str]
    conflicts: dict[str, tuple[Any, int | None]]  # field → (proposed value, the proposer's base_ver)


def decide_fields(body: Mapping[str, Any], field_ver: Mapping[str, int], field_dev: Mapping[str, str],
                  proposed: Mapping[str, tuple[Any, int | None]], device_id: str) -> FieldDecision:  # fmt: skip
    """§6.5 per field: same value → no-op; base is current, or the last writer is this very device → apply;
    otherwise conflict (the first writer at the server keeps the field)."""
    applied: dict[str, Any] = {}
    noop: list[str] = []
    conflicts: dict[str, tuple[Any, int | None]] = {}
    for name, (value, base) in proposed.items():
        if name in body and body[name] == value:
            noop.append(name)  # no version bump: a concurrent edit from the same base still applies
        elif field_ver.get(name) == base or field_dev.get(name) == device_id:
            applied[name] = value  # a device's own edits are ordered by client_seq: never a self-conflict
        else:
            conflicts[name] = (value, base)
    return FieldDecision(applied, noop, conflicts)


# ---- validation and stamping ------------------------------------------------------------------------------


def invalid_reason(exc: ValidationError) -> str:
    # Field names only, and only ones that look like field names (an unknown key is the client's own text).
    names = sorted({_field_name(err["loc"][0]) if err.get("loc") else "record" for err in exc.errors()})
    return "invalid: " + ", ".join(names[:10])


def _field_name(part: object) -> str:
    text = str(part)
    return text if _FIELD_NAME.match(text) else "?"


def validated(kind: str, body: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """The body through its domain model (normalised JSON), server envelope fields set. Raises Rejected."""
    data = dict(body)
    managed = server_fields(kind)
    if "updated_at" in managed:
        data["updated_at"] = ctx.now
    if "updated_by" in managed:
        data["updated_by"] = ctx.user_id
    if "version" in managed:
        data["version"] = 0  # the real seq is set by stamp() once validation has passed
    data["deleted"] = False  # tombstones are never validated: they only flip this flag
    try:
        record = parse_record({**data, "kind": kind})
    except ValidationError as exc:
        raise Rejected(invalid_reason(exc)) from None
    except ValueError:
        raise Rejected("invalid record") from None
    return record.body()


def stamp(kind: str, body: Mapping[str, Any], seq: int) -> dict[str, Any]:
    out = dict(body)
    if "version" in server_fields(kind):
        out["version"] = seq
    return out


def content(kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
    managed = server_fields(kind)
    return {k: v for k, v in body.items() if k not in managed}


def new_row(kind: str, body: dict[str, Any], seq: int, device_id: str) -> Stored:
    member_id, practice_id = record_columns(kind, body)
    names = [name for name in body if name not in server_fields(kind)]
    return Stored(kind=kind, id=str(body["id"]), body=stamp(kind, body, seq), field_ver=dict.fromkeys(names, seq),
                  field_dev=dict.fromkeys(names, device_id), row_seq=seq, member_id=member_id,
                  practice_id=practice_id)  # fmt: skip


def _rewrite(current: Stored, body: dict[str, Any], changed: list[str], ctx: Context) -> Stored:
    """The row with a new (validated) body at a new seq; the changed fields carry that seq and this device."""
    seq = ctx.next_seq()
    return replace(current, body=stamp(current.kind, body, seq), row_seq=seq, deleted=False,
                   field_ver={**current.field_ver, **dict.fromkeys(changed, seq)},
                   field_dev={**current.field_dev, **dict.fromkeys(changed, ctx.device_id)})  # fmt: skip


def _done(status: ResultStatus, writes: list[Stored], fallback_seq: int | None = None, **extra: Any) -> Outcome:
    conflict_ids = [w.id for w in writes if w.kind == CONFLICT_KIND and w.body.get("status") == "open"]
    applied_seq = max((w.row_seq for w in writes), default=fallback_seq)
    return Outcome(status, writes=writes, conflict_ids=conflict_ids, applied_seq=applied_seq, **extra)


# ---- conflicts --------------------------------------------------------------------------------------------


def conflict_row(target: Stored, ctx: Context, ctype: ConflictType, *, field_name: str | None = None,
                 base_ver: int | None = None, server_ver: int | None = None, server_value: Any = None,
                 proposed_value: Any = None) -> Stored:  # fmt: skip
    seq = ctx.next_seq()
    body = ConflictRecord(
        id=ctx.new_id(), type=ctype, record_kind=target.kind, record_id=uuid.UUID(target.id),
        member_id=target.member_id, practice_id=target.practice_id, field=field_name, base_ver=base_ver,
        server_ver=server_ver, server_value=server_value, proposed_value=proposed_value,
        proposed_by_device=uuid.UUID(ctx.device_id), proposed_by_user=ctx.user_id,
        mutation_id=uuid.UUID(ctx.mutation_id),
    ).model_dump(mode="json")  # fmt: skip
    return Stored(kind=CONFLICT_KIND, id=body["id"], body=body, field_ver={"status": seq},
                  field_dev={"status": ctx.device_id}, row_seq=seq, member_id=target.member_id,
                  practice_id=target.practice_id)  # fmt: skip


def close_conflict(conflict: Stored, choice: str, ctx: Context) -> Stored:
    seq = ctx.next_seq()
    body = {**conflict.body, "status": "resolved", "resolution": choice, "resolved_by_user": ctx.user_id}
    return replace(conflict, body=body, row_seq=seq, field_ver={**conflict.field_ver, "status": seq},
                   field_dev={**conflict.field_dev, "status": ctx.device_id})  # fmt: skip


# ---- per-op rules -----------------------------------------------------------------------------------------


def _check_writable(current: Stored, ctx: Context) -> None:
    """Append-only kinds, signed notes and other devices' drafts cannot be changed."""
    if current.kind in IMMUTABLE_AFTER_CREATE:
        raise Rejected("append-only")
    if current.kind == NOTE_KIND:
        if current.body.get("status") == NoteStatus.SIGNED:
            raise Rejected("immutable")
        if current.field_dev.get("id") not in (None, ctx.device_id):
            raise Rejected("a draft note is owned by the device that wrote it")


def _check_patch_fields(kind: str, names: set[str]) -> None:
    if not names:
        raise Rejected("no fields")
    blocked = sorted(names & (IDENTITY_FIELDS | server_fields(kind)))
    if blocked:
        raise Rejected("not editable: " + ", ".join(blocked))
    if kind == NOTE_KIND and names & SIGNING_FIELDS:
        raise Rejected("notes are signed with the sign op")


def merge_patch(current: Stored, changes: Mapping[str, FieldChange], ctx: Context,
                base_row_seq: int | None = None) -> Outcome:  # fmt: skip
    """Patch a record field by field; conflicts become conflict records, the server's value stays."""
    _check_writable(current, ctx)
    _check_patch_fields(current.kind, set(changes))
    values = {k: c.value for k, c in changes.items()}
    candidate = validated(current.kind, {**current.body, **values}, ctx)
    if current.deleted:
        # The proposal is kept in a conflict record that syncs to every device in scope: only values that pass
        # the model, normalised like any other write (raw values once let one client poison a whole scope).
        row = conflict_row(current, ctx, ConflictType.EDITED_AFTER_DELETE, base_ver=base_row_seq,
                           server_ver=current.row_seq, proposed_value={k: candidate[k] for k in values})  # fmt: skip
        return _done(ResultStatus.CONFLICT, [row])
    proposed = {k: (candidate[k], c.base_ver) for k, c in changes.items()}  # values normalised by the model
    decision = decide_fields(current.body, current.field_ver, current.field_dev, proposed, ctx.device_id)
    writes: list[Stored] = []
    if decision.applied:
        body = validated(current.kind, {**current.body, **decision.applied}, ctx)
        writes.append(_rewrite(current, body, list(decision.applied), ctx))
    for name, (value, base) in decision.conflicts.items():
        writes.append(conflict_row(current, ctx, ConflictType.FIELD, field_name=name, base_ver=base,
                                   server_ver=current.field_ver.get(name), server_value=current.body.get(name),
                                   proposed_value=value))  # fmt: skip
    status = ResultStatus.CONFLICT if decision.conflicts else ResultStatus.APPLIED
    return _done(status, writes, fallback_seq=current.row_seq)


def merge_create(current: Stored | None, m: Mutation, ctx: Context, note: Stored | None = None) -> Outcome:
    """Create, idempotent by record_id: the same content again is a duplicate, other content is refused."""
    values = {k: c.value for k, c in m.fields.items()}
    for name, expected in (("id", str(m.record_id)), ("kind", m.kind)):
        if name in values and str(values[name]) != expected:
            raise Rejected(f"{name} must match the mutation")
    if m.kind == NOTE_KIND and values.get("status", NoteStatus.DRAFT) != NoteStatus.DRAFT:
        raise Rejected("notes are signed with the sign op")
    body = validated(m.kind, {**values, "id": str(m.record_id)}, ctx)
    if m.kind == ADDENDUM_KIND:
        _check_addendum(body, note, ctx)
    if current is not None:
        if current.deleted:
            raise Rejected("a record with this id was deleted")
        if content(m.kind, current.body) != content(m.kind, body):
            raise Rejected("a record with this id exists with different content")
        return Outcome(ResultStatus.DUPLICATE, applied_seq=current.row_seq)
    seq = ctx.next_seq()
    return _done(ResultStatus.APPLIED, [new_row(m.kind, body, seq, ctx.device_id)])


def _check_addendum(body: Mapping[str, Any], note: Stored | None, ctx: Context) -> None:
    """An addendum refers to a signed note of the same member, by that note's hash, written by the caller."""
    if note is None or note.deleted or note.body.get("status") != NoteStatus.SIGNED:
        raise Rejected("note_id: no signed note")
    if note.member_id != str(body["member_id"]):
        raise Rejected("member_id: not the note's member")
    if note.body.get("content_hash") != body["note_content_hash"]:
        raise Rejected("note_content_hash: does not match the signed note")
    if body["author_id"] != ctx.user_id:
        raise Rejected("author_id: must be the signing user")


def merge_delete(current: Stored, ctx: Context, base_row_seq: int | None) -> Outcome:
    """Tombstone (never a hard delete). A delete that did not see another device's later edit is a conflict."""
    if current.kind == "member":
        raise Rejected("members are disenrolled (a status), not deleted")
    _check_writable(current, ctx)
    if current.deleted:
        return Outcome(ResultStatus.APPLIED, applied_seq=current.row_seq)
    if base_row_seq is not None and any(
        ver > base_row_seq and current.field_dev.get(name) != ctx.device_id for name, ver in current.field_ver.items()
    ):
        row = conflict_row(current, ctx, ConflictType.DELETED_AFTER_EDIT, base_ver=base_row_seq,
                           server_ver=current.row_seq, proposed_value="delete")  # fmt: skip
        return _done(ResultStatus.CONFLICT, [row])
    return _done(ResultStatus.APPLIED, [_tombstone(current, ctx)])


def _tombstone(current: Stored, ctx: Context) -> Stored:
    seq = ctx.next_seq()
    body = {**current.body, "deleted": True}
    managed = server_fields(current.kind)
    body.update({k: v for k, v in (("updated_at", to_jsonable_python(ctx.now)), ("updated_by", ctx.user_id))
                 if k in managed})  # fmt: skip
    return replace(current, body=stamp(current.kind, body, seq), row_seq=seq, deleted=True)


def merge_sign(current: Stored | None, m: Mutation, ctx: Context) -> Outcome:
    """Sign a session note: the hash must match the content; the server's clock gives ``signed_at``."""
    if m.kind != NOTE_KIND:
        raise Rejected("only session notes are signed")
    if m.content_hash is None:
        raise Rejected("content_hash: required")
    if current is not None:
        if current.deleted:
            raise Rejected("the note was deleted")
        if current.body.get("status") == NoteStatus.SIGNED:
            if current.body.get("content_hash") != m.content_hash:
                raise Rejected("immutable")
            signed_at = datetime.fromisoformat(str(current.body["signed_at"]))
            return Outcome(ResultStatus.DUPLICATE, applied_seq=current.row_seq, signed_at=signed_at)
        _check_writable(current, ctx)
    values = {k: c.value for k, c in m.fields.items() if k not in SIGNING_FIELDS}
    unsigned = {"id": str(m.record_id), "status": NoteStatus.DRAFT, "signed_at": None, "content_hash": None}
    draft = validated(NOTE_KIND, {**(current.body if current else {}), **values, **unsigned}, ctx)
    if draft["author_id"] != ctx.user_id:
        raise Rejected("author_id: must be the signing user")
    if SessionNote.model_validate(draft).compute_content_hash() != m.content_hash:
        raise Rejected("content_hash: does not match the note")
    body = validated(NOTE_KIND, {**draft, "status": NoteStatus.SIGNED, "signed_at": ctx.now,
                                 "content_hash": m.content_hash}, ctx)  # fmt: skip
    row = new_row(NOTE_KIND, body, ctx.next_seq(), ctx.device_id)
    if current is not None:  # keep who created the draft
        row = replace(row, field_dev={**row.field_dev, "id": current.field_dev.get("id", ctx.device_id)})
    return _done(ResultStatus.APPLIED, [row], signed_at=ctx.now)


def merge_resolve(conflict: Stored | None, target: Stored | None, m: Mutation, ctx: Context) -> Outcome:
    """Close a conflict: theirs keeps the server's state; mine/edit re-apply as an ordinary, checked write."""
    if conflict is None:
        raise Rejected("not found in your scope")
    record = ConflictRecord.model_validate(conflict.body)
    if record.status != "open":
        raise Rejected("conflict already resolved")
    if m.choice is None or set(m.fields) - {"value"}:
        raise Rejected("resolve takes a choice and at most fields.value")
    if m.choice == "theirs":
        return _done(ResultStatus.APPLIED, [close_conflict(conflict, m.choice, ctx)])
    if target is None:
        raise Rejected("the record no longer exists")
    outcome = _resolution_write(record, target, m, ctx)
    outcome.writes.append(close_conflict(conflict, m.choice, ctx))
    return _done(outcome.status, outcome.writes)


def _resolution_write(record: ConflictRecord, target: Stored, m: Mutation, ctx: Context) -> Outcome:
    given = m.fields.get("value")
    if record.type is ConflictType.FIELD:
        if m.choice == "edit" and given is None:
            raise Rejected("fields.value: required for edit")
        value = given.value if m.choice == "edit" and given is not None else record.proposed_value
        base = given.base_ver if given is not None and given.base_ver is not None else record.server_ver
        return merge_patch(target, {str(record.field): FieldChange(value=value, base_ver=base)}, ctx, base)
    if m.choice == "edit":
        raise Rejected("a record-level conflict is resolved with mine or theirs")
    if record.type is ConflictType.DELETED_AFTER_EDIT:
        return merge_delete(target, ctx, None)
    return _restore(target, dict(record.proposed_value or {}), ctx)


def _restore(target: Stored, values: dict[str, Any], ctx: Context) -> Outcome:
    """Edited after delete, keep mine: bring the record back with the edit applied."""
    _check_writable(target, ctx)
    if not target.deleted:
        return merge_patch(target, {k: FieldChange(value=v, base_ver=target.field_ver.get(k))
                                    for k, v in values.items()}, ctx)  # fmt: skip
    _check_patch_fields(target.kind, set(values))
    body = validated(target.kind, {**target.body, **values}, ctx)
    return _done(ResultStatus.APPLIED, [_rewrite(target, body, list(values), ctx)])


def apply_mutation(m: Mutation, current: Stored | None, related: Stored | None, ctx: Context) -> Outcome:
    """One mutation against the current row (and, for resolve/addendum, the related row). Never raises Rejected."""
    try:
        return _dispatch(m, current, related, ctx)
    except Rejected as exc:
        return Outcome(ResultStatus.REJECTED, reason=exc.reason)


def _dispatch(m: Mutation, current: Stored | None, related: Stored | None, ctx: Context) -> Outcome:
    if m.kind == CONFLICT_KIND:
        if m.op is not MutationOp.RESOLVE:
            raise Rejected("conflicts are created by the server and closed with resolve")
        return merge_resolve(current, related, m, ctx)
    if not is_record_kind(m.kind):
        raise Rejected("unknown kind")
    if m.op is MutationOp.CREATE:
        return merge_create(current, m, ctx, related)
    if m.op is MutationOp.SIGN:
        return merge_sign(current, m, ctx)
    if m.op is MutationOp.RESOLVE:
        raise Rejected("only conflicts are resolved")
    if current is None:
        raise Rejected("not found in your scope")
    if m.op is MutationOp.PATCH:
        return merge_patch(current, m.fields, ctx, m.base_row_seq)
    return merge_delete(current, ctx, m.base_row_seq)
