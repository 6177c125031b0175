"""The pure merge rules of SYNC_PROTOCOL §6.5–6.6: fields, conflicts, deletes, notes, addenda, resolution."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coach_desktop.sync.protocol import FieldChange, Mutation, MutationOp, ResultStatus
from coach_server.merge import Context, Stored, apply_mutation, decide_fields, new_row, validated
from tests.server.sync_world import care_plan, goal, new_id, note, note_hash

DEV_A, DEV_B = str(uuid.uuid4()), str(uuid.uuid4())
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MEMBER = new_id()


def ctx(device: str = DEV_A, user: str = "coach.a", start: int = 100) -> Context:
    counter = itertools.count(start)
    return Context(device_id=device, user_id=user, mutation_id=str(uuid.uuid4()), now=NOW,
                   next_seq=lambda: next(counter))  # fmt: skip


def stored(body: dict[str, Any], seq: int = 10, device: str = DEV_A, user: str = "coach.a") -> Stored:
    c = ctx(device, user)
    return new_row(body["kind"], validated(body["kind"], body, c), seq, device)


def mutation(kind: str, record_id: str, op: str, fields: dict[str, Any] | None = None, **extra: Any) -> Mutation:
    changes = {k: FieldChange(value=v[0], base_ver=v[1]) if isinstance(v, tuple) else FieldChange(value=v)
               for k, v in (fields or {}).items()}  # fmt: skip
    return Mutation(client_seq=1, mutation_id=uuid.uuid4(), kind=kind, record_id=uuid.UUID(record_id),
                    op=MutationOp(op), fields=changes, **extra)  # fmt: skip


def patch(row: Stored, fields: dict[str, Any], c: Context | None = None, **extra: Any) -> Any:
    return apply_mutation(mutation(row.kind, row.id, "patch", fields, **extra), row, None, c or ctx())


# ---- the field rule ---------------------------------------------------------------------------------------


def test_field_rule_apply_noop_same_device_conflict() -> None:
    body = {"a": 1, "b": 2, "c": 3, "d": 4}
    ver = {"a": 5, "b": 5, "c": 7, "d": 7}
    dev = {"a": DEV_B, "b": DEV_B, "c": DEV_A, "d": DEV_B}
    proposed = {"a": (10, 5), "b": (2, 1), "c": (30, 1), "d": (40, 5), "new": (1, None)}
    decision = decide_fields(body, ver, dev, proposed, DEV_A)
    assert decision.applied == {"a": 10, "c": 30, "new": 1}  # base current; own last write; never versioned
    assert decision.noop == ["b"]  # same value from a stale base: counts as applied
    assert decision.conflicts == {"d": (40, 5)}  # another device wrote it after our base


WORDS = st.text(alphabet="abcdefgh xyz", min_size=1, max_size=20).filter(str.strip)


@given(st.lists(st.tuples(st.sampled_from(["title", "strengths", "member_words"]), WORDS,
                          st.integers(min_value=0, max_value=200)), min_size=1, max_size=12))  # fmt: skip
@settings(max_examples=60, deadline=None)
def test_a_device_never_conflicts_with_itself(edits: list[tuple[str, str, int]]) -> None:
    row = stored(care_plan(MEMBER))
    c = ctx()
    for name, value, stale_base in edits:
        outcome = patch(row, {name: (value, stale_base)}, c)
        assert outcome.status is ResultStatus.APPLIED
        row = outcome.writes[-1] if outcome.writes else row
        assert row.body[name] == value


@given(WORDS, st.text(max_size=20))
@settings(max_examples=40, deadline=None)
def test_disjoint_fields_from_two_devices_both_apply(title: str, strengths: str) -> None:
    row = stored(care_plan(MEMBER))
    first = patch(row, {"title": (title, 10)}, ctx(DEV_A)).writes
    row = first[0] if first else row
    second = patch(row, {"strengths": (strengths, 10)}, ctx(DEV_B, "coach.b", 200))
    assert second.status is ResultStatus.APPLIED
    final = second.writes[0] if second.writes else row
    assert (final.body["title"], final.body["strengths"]) == (title, strengths)


# ---- patch ------------------------------------------------------------------------------------------------


def test_patch_applies_with_new_seq_version_and_writer() -> None:
    row = stored(care_plan(MEMBER))
    outcome = patch(row, {"title": ("Plan B", 10)}, ctx(DEV_B, "coach.b"))
    assert outcome.status is ResultStatus.APPLIED and outcome.applied_seq == 100
    (new,) = outcome.writes
    assert new.body["title"] == "Plan B" and new.row_seq == 100 and new.body["version"] == 100
    assert new.field_ver["title"] == 100 and new.field_dev["title"] == DEV_B
    assert new.field_ver["strengths"] == 10 and new.body["updated_by"] == "coach.b"


def test_conflicting_field_keeps_server_value_and_records_conflict() -> None:
    row = stored(care_plan(MEMBER))
    row = patch(row, {"title": ("First", 10)}, ctx(DEV_A)).writes[0]  # field_ver title = 100
    c = ctx(DEV_B, "coach.b", 200)
    outcome = patch(row, {"title": ("Second", 10), "strengths": ("Family", 10)}, c)
    assert outcome.status is ResultStatus.CONFLICT
    updated, conflict = outcome.writes
    assert updated.body["title"] == "First" and updated.body["strengths"] == "Family"
    assert outcome.conflict_ids == [conflict.id] and conflict.member_id == MEMBER
    body = conflict.body
    assert {k: body[k] for k in ("record_kind", "record_id", "field", "base_ver", "server_ver", "server_value",
                                 "proposed_value", "proposed_by_device", "proposed_by_user", "status", "type")} == {
        "record_kind": "care_plan", "record_id": row.id, "field": "title", "base_ver": 10, "server_ver": 100,
        "server_value": "First", "proposed_value": "Second", "proposed_by_device": DEV_B,
        "proposed_by_user": "coach.b", "status": "open", "type": "field"}  # fmt: skip
    assert body["mutation_id"] == c.mutation_id and outcome.applied_seq == conflict.row_seq == 201


def test_same_value_from_stale_base_is_a_noop() -> None:
    row = patch(stored(care_plan(MEMBER)), {"title": ("Same", 10)}).writes[0]
    outcome = patch(row, {"title": ("Same", 3)}, ctx(DEV_B))
    assert outcome.status is ResultStatus.APPLIED and outcome.writes == [] and outcome.applied_seq == row.row_seq


def test_invalid_result_is_rejected_naming_fields_only() -> None:
    row = stored(note(MEMBER, "coach.a"))
    outcome = patch(row, {"minutes": ("secret-value-999", 10)})
    assert outcome.status is ResultStatus.REJECTED
    assert outcome.reason == "invalid: minutes" and "secret" not in outcome.reason


def test_identity_server_and_signing_fields_are_not_patchable() -> None:
    plan = stored(care_plan(MEMBER))
    assert patch(plan, {"member_id": (new_id(), 10)}).reason == "not editable: member_id"
    assert patch(plan, {"version": (5, 10)}).reason == "not editable: version"
    draft = stored(note(MEMBER, "coach.a"))
    assert patch(draft, {"status": ("signed", 10)}).reason == "notes are signed with the sign op"


def test_patch_on_tombstone_is_edited_after_delete_conflict() -> None:
    row = stored(goal(MEMBER, new_id()))
    gone = apply_mutation(mutation(row.kind, row.id, "delete"), row, None, ctx()).writes[0]
    assert gone.deleted and gone.body["deleted"] is True
    outcome = patch(gone, {"status": ("achieved", 10)}, ctx(DEV_B), base_row_seq=10)
    assert outcome.status is ResultStatus.CONFLICT
    (conflict,) = outcome.writes
    assert conflict.body["type"] == "edited_after_delete" and conflict.body["proposed_value"] == {"status": "achieved"}


def test_discontinue_is_a_status_edit_and_delete_is_a_tombstone() -> None:
    row = stored(goal(MEMBER, new_id()))
    outcome = patch(row, {"status": ("discontinued", 10)})
    assert outcome.status is ResultStatus.APPLIED and outcome.writes[0].body["status"] == "discontinued"
    deleted = apply_mutation(mutation(row.kind, row.id, "delete", base_row_seq=10), row, None, ctx())
    assert deleted.status is ResultStatus.APPLIED and deleted.writes[0].deleted
    again = apply_mutation(mutation(row.kind, row.id, "delete"), deleted.writes[0], None, ctx())
    assert again.status is ResultStatus.APPLIED and again.writes == []


def test_delete_that_missed_another_devices_edit_is_a_conflict() -> None:
    row = patch(stored(goal(MEMBER, new_id())), {"target": ("30", 10)}, ctx(DEV_B)).writes[0]
    outcome = apply_mutation(mutation(row.kind, row.id, "delete", base_row_seq=10), row, None, ctx(DEV_A, start=300))
    assert outcome.status is ResultStatus.CONFLICT and outcome.writes[0].body["type"] == "deleted_after_edit"
    member = stored({"id": MEMBER, "kind": "member", "medicaid_id": "MCD12345", "given_name": "A", "family_name": "B",
                     "date_of_birth": "1970-01-01", "sex": "female", "risk_tier": "low"})  # fmt: skip
    assert apply_mutation(mutation("member", MEMBER, "delete"), member, None, ctx()).status is ResultStatus.REJECTED


# ---- create -----------------------------------------------------------------------------------------------


def test_create_is_idempotent_by_record_id() -> None:
    body = care_plan(MEMBER)
    fields = {k: v for k, v in body.items() if k not in ("id", "kind")}
    first = apply_mutation(mutation("care_plan", body["id"], "create", fields), None, None, ctx())
    assert first.status is ResultStatus.APPLIED
    (row,) = first.writes
    assert set(row.field_ver.values()) == {100} and "version" not in row.field_ver
    again = apply_mutation(mutation("care_plan", body["id"], "create", fields), row, None, ctx(DEV_B))
    assert again.status is ResultStatus.DUPLICATE and again.applied_seq == 100
    other = apply_mutation(mutation("care_plan", body["id"], "create", {**fields, "title": "Else"}), row, None, ctx())
    assert other.status is ResultStatus.REJECTED
    assert other.reason == "a record with this id exists with different content"


# ---- notes and addenda ------------------------------------------------------------------------------------


def _sign(current: Stored | None, body: dict[str, Any], c: Context, content_hash: str | None = None) -> Any:
    fields = {k: v for k, v in body.items() if k not in ("id", "kind")}
    m = mutation("session_note", body["id"], "sign", fields, content_hash=content_hash or note_hash(body))
    return apply_mutation(m, current, None, c)


def test_sign_uses_server_clock_and_makes_the_note_immutable() -> None:
    body = note(MEMBER, "coach.a")
    draft = stored(body)
    signed = _sign(draft, body, ctx())
    assert signed.status is ResultStatus.APPLIED and signed.signed_at == NOW
    row = signed.writes[0]
    assert row.body["status"] == "signed" and row.body["content_hash"] == note_hash(body)
    assert patch(row, {"narrative": ("changed", 100)}).reason == "immutable"
    assert apply_mutation(mutation(row.kind, row.id, "delete"), row, None, ctx()).reason == "immutable"
    replay = _sign(row, body, ctx())
    assert replay.status is ResultStatus.DUPLICATE and replay.signed_at == NOW
    assert _sign(row, {**body, "narrative": "other"}, ctx()).reason == "immutable"


def test_sign_checks_hash_author_and_draft_owner() -> None:
    body = note(MEMBER, "coach.a")
    assert _sign(None, body, ctx(), "sha256:" + "0" * 64).reason == "content_hash: does not match the note"
    assert _sign(None, body, ctx(user="coach.b")).reason == "author_id: must be the signing user"
    draft = stored(body, device=DEV_A)
    assert _sign(draft, body, ctx(DEV_B)).reason == "a draft note is owned by the device that wrote it"
    assert patch(draft, {"narrative": ("x", 10)}, ctx(DEV_B)).status is ResultStatus.REJECTED


def test_addendum_is_append_only_and_must_match_the_signed_note() -> None:
    body = note(MEMBER, "coach.a")
    signed = _sign(None, body, ctx()).writes[0]
    add_id = new_id()
    fields = {"member_id": MEMBER, "note_id": signed.id, "note_content_hash": signed.body["content_hash"],
              "text": "Correction", "author_id": "coach.a", "written_at": "2026-01-06T10:00:00Z"}  # fmt: skip
    created = apply_mutation(mutation("note_addendum", add_id, "create", fields), None, signed, ctx())
    assert created.status is ResultStatus.APPLIED
    row = created.writes[0]
    assert patch(row, {"text": ("edit", 100)}).reason == "append-only"
    assert apply_mutation(mutation(row.kind, row.id, "delete"), row, None, ctx()).reason == "append-only"
    wrong = {**fields, "note_content_hash": "sha256:" + "1" * 64}
    refused = apply_mutation(mutation("note_addendum", new_id(), "create", wrong), None, signed, ctx())
    assert refused.reason == "note_content_hash: does not match the signed note"
    draft = stored(note(MEMBER, "coach.a"))
    unsigned = apply_mutation(mutation("note_addendum", new_id(), "create", {**fields, "note_id": draft.id}), None,
                              draft, ctx())  # fmt: skip
    assert unsigned.reason == "note_id: no signed note"


# ---- resolve ----------------------------------------------------------------------------------------------


def _conflicted() -> tuple[Stored, Stored]:
    row = patch(stored(care_plan(MEMBER)), {"title": ("Theirs", 10)}, ctx(DEV_A)).writes[0]
    updated_and_conflict = patch(row, {"title": ("Mine", 10)}, ctx(DEV_B, "coach.b", 200)).writes
    return row, updated_and_conflict[-1]


def _resolve(conflict: Stored, target: Stored, choice: str, c: Context, fields: dict[str, Any] | None = None) -> Any:
    return apply_mutation(mutation("conflict", conflict.id, "resolve", fields, choice=choice), conflict, target, c)


def test_resolve_mine_applies_the_proposal_and_closes_the_conflict() -> None:
    target, conflict = _conflicted()
    outcome = _resolve(conflict, target, "mine", ctx(DEV_B, "coach.b", 300))
    assert outcome.status is ResultStatus.APPLIED
    new_target, closed = outcome.writes
    assert new_target.body["title"] == "Mine" and closed.body["status"] == "resolved"
    assert closed.body["resolution"] == "mine" and closed.row_seq > new_target.row_seq
    assert _resolve(closed, new_target, "theirs", ctx()).reason == "conflict already resolved"


def test_resolve_theirs_and_edit() -> None:
    target, conflict = _conflicted()
    theirs = _resolve(conflict, target, "theirs", ctx(DEV_B, "coach.b", 300))
    assert [w.kind for w in theirs.writes] == ["conflict"] and theirs.status is ResultStatus.APPLIED
    edit = _resolve(conflict, target, "edit", ctx(DEV_A, start=400), {"value": ("Both", target.field_ver["title"])})
    assert edit.writes[0].body["title"] == "Both"
    assert _resolve(conflict, target, "edit", ctx()).reason == "fields.value: required for edit"


def test_resolution_is_itself_conflict_checked() -> None:
    target, conflict = _conflicted()
    moved_on = patch(target, {"title": ("Third", target.field_ver["title"])}, ctx(DEV_A, start=500)).writes[0]
    outcome = _resolve(conflict, moved_on, "mine", ctx(DEV_B, "coach.b", 600))
    assert outcome.status is ResultStatus.CONFLICT
    new_conflict, closed = outcome.writes
    assert new_conflict.body["server_value"] == "Third" and new_conflict.body["proposed_value"] == "Mine"
    assert closed.body["status"] == "resolved" and outcome.conflict_ids == [new_conflict.id]


def test_record_level_conflicts_resolve_with_mine() -> None:
    row = stored(goal(MEMBER, new_id()))
    gone = apply_mutation(mutation(row.kind, row.id, "delete"), row, None, ctx()).writes[0]
    conflict = patch(gone, {"target": ("45", 10)}, ctx(DEV_B, start=200)).writes[0]
    restored = _resolve(conflict, gone, "mine", ctx(DEV_B, start=300))
    assert restored.status is ResultStatus.APPLIED
    back = restored.writes[0]
    assert not back.deleted and back.body["target"] == "45" and back.body["deleted"] is False


def test_ops_on_the_wrong_kind_are_rejected() -> None:
    row = stored(care_plan(MEMBER))
    assert apply_mutation(mutation("care_plan", row.id, "resolve", choice="mine"), row, None, ctx()).reason == (
        "only conflicts are resolved")  # fmt: skip
    assert apply_mutation(mutation("widget", row.id, "create"), None, None, ctx()).reason == "unknown kind"
    assert apply_mutation(mutation("care_plan", new_id(), "patch", {"title": "x"}), None, None, ctx()).reason == (
        "not found in your scope")  # fmt: skip
