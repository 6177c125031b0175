"""The one write path into the vault: every change lands with its outbox mutation and audit event, atomically.

Reads of a member's chart are audited too (``open_member``). Callers pass validated domain models; the
repository never accepts raw dicts for writes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from ..domain.audit import AuditAction, AuditEvent, Outcome
from ..domain.base import Record, utc_now, uuid7
from ..domain.member import Member
from ..domain.registry import APPEND_ONLY_KINDS, RECORD_TYPES, parse_record, record_type
from ..domain.session_note import NoteStatus, SessionNote
from ..sync.protocol import ConflictRecord, ConflictType
from . import audit_log, member_index
from .database import Database
from .errors import RecordInvalid, RecordNotFound
from .sync_overlay import OutboxOp, replay

# Version of the record bodies this client writes (carried on every mutation, SYNC_PROTOCOL §6.8).
SCHEMA_VERSION = 1

# Envelope fields the server owns or the repository stamps: never part of a field patch.
_META_FIELDS = frozenset({"version", "updated_at", "updated_by"})
_IDENTITY_FIELDS = ("id", "kind", "member_id", "practice_id")
# Written only by the sign op (the server sets the authoritative signing time).
_SIGNING_FIELDS = frozenset({"status", "signed_at", "content_hash"})
CONFLICT_KIND = "conflict"
RESOLUTIONS = ("mine", "theirs", "edit")

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Actor:
    """Who is writing, from which device: stamped on records, mutations and audit events."""

    user_id: str
    device_id: str


@dataclass(frozen=True)
class ChangeSet:
    """What a write changed, so screens refresh only what they show (STYLE §4)."""

    kind: str
    record_id: str
    member_id: str | None
    op: str
    fields: tuple[str, ...] = ()


class RecordRepository:
    def __init__(self, db: Database, actor: Actor, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock

    # ---- writes -------------------------------------------------------------------------------

    def create(self, record: R) -> tuple[R, ChangeSet]:
        with self._db.transaction():
            return self._create(record)

    def update(self, record: R) -> tuple[R, ChangeSet]:
        """Store a new state of an existing record as a field patch against what this device last saw."""
        with self._db.transaction():
            return self._update(record)

    def save_all(self, creates: Sequence[Record] = (),
                 updates: Sequence[Record] = ()) -> list[tuple[Record, ChangeSet]]:  # fmt: skip
        """Creates, then updates, in one transaction: all land or none do (a screening and its safety task)."""
        with self._db.transaction():
            return [self._create(r) for r in creates] + [self._update(r) for r in updates]

    def log_event(self, action: AuditAction, object_type: str, object_id: str) -> None:
        """Audit an action that changes no record (print, export) in its own transaction."""
        with self._db.transaction():
            self._audit(action, object_type, object_id)

    def delete(self, kind: str, record_id: str) -> ChangeSet:
        """Tombstone a record (it stays, marked deleted, until the server confirms and purges)."""
        with self._db.transaction():
            current_body, _field_ver, server_row_seq = self._load_for_write(kind, record_id)
            self._refuse_immutable(current_body)
            current = parse_record(current_body)
            stamped = self._stamp(current.model_copy(update={"deleted": True}), version=current.version)
            self._write_body(stamped.body())
            self._enqueue(stamped, "delete", {}, base_row_seq=server_row_seq, base_field_ver={})
            self._audit(AuditAction.DELETE, kind, record_id)
            self._after_write(stamped)
        return ChangeSet(kind, record_id, _opt(stamped.member_id), "delete")

    def sign_note(self, note_id: str) -> tuple[SessionNote, ChangeSet]:
        """Sign a draft note: its content hash is fixed here and checked by the server (SYNC_PROTOCOL §6.6)."""
        with self._db.transaction():
            body, _field_ver, server_row_seq = self._load_for_write(SessionNote.KIND, note_id)
            note = SessionNote.model_validate(body)
            if note.status is NoteStatus.SIGNED:
                raise RecordInvalid("This note is already signed.")
            if note.author_id != self._actor.user_id:
                raise RecordInvalid("Only the note's author can sign it.")
            content_hash = note.compute_content_hash()
            signed = self._stamp(note.model_copy(update={
                "status": NoteStatus.SIGNED, "signed_at": self._clock(), "content_hash": content_hash}))  # fmt: skip
            signed_body = signed.body()
            self._write_body(signed_body)
            fields = {k: v for k, v in signed_body.items()
                      if k not in _META_FIELDS and k not in _SIGNING_FIELDS and k != "deleted"}  # fmt: skip
            self._enqueue(signed, "sign", {"fields": fields, "content_hash": content_hash},
                          base_row_seq=server_row_seq, base_field_ver={})  # fmt: skip
            self._audit(AuditAction.SIGN, signed.kind, note_id)
            self._after_write(signed)
        return signed, ChangeSet(signed.kind, note_id, _opt(signed.member_id), "sign", ("status",))

    def resolve_conflict(self, conflict_id: str, choice: str, value: Any = None) -> ChangeSet:
        """Close a conflict, offline if need be: an ordinary ``resolve`` mutation the server checks again.

        mine: my proposed value; theirs: keep the server's; edit: a new ``value`` (field conflicts only).
        """
        if choice not in RESOLUTIONS:
            raise RecordInvalid("Choose mine, theirs or edit.")
        with self._db.transaction():
            conflict, member_id, conflict_row_seq = self._load_conflict(conflict_id)
            if conflict.type is not ConflictType.FIELD and choice == "edit":
                raise RecordInvalid("This conflict is resolved by keeping one version: mine or theirs.")
            chosen = value if choice == "edit" else conflict.proposed_value
            seen = self._seen_version(conflict)
            field_conflict = conflict.type is ConflictType.FIELD
            fields = {"value": {"value": chosen, "base_ver": seen}} if field_conflict and choice != "theirs" else {}
            target = {"kind": conflict.record_kind, "id": str(conflict.record_id), "field": conflict.field,
                      "type": conflict.type.value, "value": None if choice == "theirs" else chosen,
                      "resolved_by": self._actor.user_id}  # fmt: skip
            payload = {"choice": choice, "fields": fields, "target": target}
            op = OutboxOp(0, CONFLICT_KIND, conflict_id, "resolve", payload, self._clock().isoformat())
            self._resolve_locally(conflict, op)
            self._enqueue_row(CONFLICT_KIND, conflict_id, member_id, "resolve", payload, base_row_seq=conflict_row_seq,
                              base_field_ver={str(conflict.field): seen} if field_conflict else {})  # fmt: skip
            self._audit(AuditAction.UPDATE, CONFLICT_KIND, conflict_id)
        return ChangeSet(CONFLICT_KIND, conflict_id, member_id, "resolve", (conflict.field,) if conflict.field else ())

    def store_server_records(self, records: Sequence[Record]) -> int:
        """Store records as the server's state (first download, demo seed): no outbox, one audit event.

        ``server_body`` stays NULL: it is written only once a local edit makes the body differ from the server's.
        """
        rows = []
        for record in records:
            body = record.body()
            text = _dumps(body)
            rows.append((
                record.kind, str(record.id), _opt(record.member_id), record.practice_id, record.version,
                body["updated_at"], record.updated_by, int(record.deleted), text, None, "{}", record.version or None,
            ))  # fmt: skip
        with self._db.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO record (kind, id, member_id, practice_id, version, updated_at, updated_by, "
                "deleted, body, server_body, server_field_ver, server_row_seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            members = [r for r in records if isinstance(r, Member)]
            member_index.upsert_members(self._db, members)
            touched = {str(r.member_id) for r in records if r.member_id is not None}
            member_index.refresh_contact_columns(self._db, touched)
            self._audit(AuditAction.IMPORT, "batch", str(len(rows)))
        return len(rows)

    # ---- reads --------------------------------------------------------------------------------

    def get(self, kind: str, record_id: str) -> Record:
        body = self._db.scalar("SELECT body FROM record WHERE kind = ? AND id = ?", (kind, record_id))
        if body is None:
            raise RecordNotFound()
        return parse_record(json.loads(body))

    def open_member(self, member_id: str) -> Member:
        """Read a member's record for display: writes a ``view`` audit event (SECURITY R6)."""
        member = self.get("member", member_id)
        assert isinstance(member, Member)
        with self._db.transaction():
            self._audit(AuditAction.VIEW, "member", member_id)
        return member

    def member_records(self, member_id: str, kinds: Iterable[str] | None = None) -> list[Record]:
        # Only kinds this build knows: conflict records (see conflicts.py) and a newer server's kinds live beside
        # the member's records but are not domain records here.
        kinds = [k for k in (kinds or RECORD_TYPES) if k in RECORD_TYPES]
        sql = "SELECT body FROM record WHERE member_id = ? AND deleted = 0"
        sql += " AND kind IN (" + ",".join("?" * len(kinds)) + ")"
        params: list[Any] = [member_id, *kinds]
        return [parse_record(json.loads(body)) for (body,) in self._db.query(sql, params)]

    def count(self, kind: str) -> int:
        return int(self._db.scalar("SELECT count(*) FROM record WHERE kind = ? AND deleted = 0", (kind,)) or 0)

    def pending_mutations(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')") or 0)

    # ---- internals ----------------------------------------------------------------------------

    def _create(self, record: R) -> tuple[R, ChangeSet]:
        stamped = self._stamp(record)
        body = stamped.body()
        if self._db.scalar("SELECT 1 FROM record WHERE kind = ? AND id = ?", (stamped.kind, str(stamped.id))):
            raise RecordInvalid("A record with this id already exists.")
        self._insert(body)
        fields = {k: v for k, v in body.items() if k not in _META_FIELDS}
        self._enqueue(stamped, "create", {"fields": fields}, base_row_seq=None, base_field_ver={})
        self._audit(AuditAction.CREATE, stamped.kind, str(stamped.id))
        self._after_write(stamped)
        return stamped, ChangeSet(stamped.kind, str(stamped.id), _opt(stamped.member_id), "create", tuple(fields))

    def _update(self, record: R) -> tuple[R, ChangeSet]:
        current_body, server_field_ver, server_row_seq = self._load_for_write(record.kind, str(record.id))
        self._refuse_immutable(current_body)
        stamped = self._stamp(record, version=int(current_body.get("version", 0)))
        body = stamped.body()
        changed = _changed_fields(current_body, body)
        if not changed:
            unchanged = ChangeSet(record.kind, str(record.id), _opt(record.member_id), "none")
            return parse_record(current_body), unchanged
        self._write_body(body)
        patch = {f: {"value": body[f], "base_ver": server_field_ver.get(f)} for f in changed}
        self._enqueue(stamped, "patch", {"fields": patch}, base_row_seq=server_row_seq,
                      base_field_ver={f: server_field_ver.get(f) for f in changed})  # fmt: skip
        self._audit(AuditAction.UPDATE, stamped.kind, str(stamped.id))
        self._after_write(stamped)
        return stamped, ChangeSet(stamped.kind, str(stamped.id), _opt(stamped.member_id), "patch", tuple(changed))

    def _stamp(self, record: R, *, version: int | None = None) -> R:
        update: dict[str, Any] = {"updated_at": self._clock(), "updated_by": self._actor.user_id}
        if version is not None:
            update["version"] = version
        # Re-validate the whole record: model_copy alone would skip validation.
        return type(record).model_validate({**record.model_dump(), **update})

    def _insert(self, body: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO record (kind, id, member_id, practice_id, version, updated_at, updated_by, deleted, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (body["kind"], body["id"], body["member_id"], body["practice_id"], body["version"],
             body["updated_at"], body["updated_by"], int(body["deleted"]), _dumps(body)),
        )  # fmt: skip

    def _write_body(self, body: dict[str, Any]) -> None:
        self._write_doc(body["kind"], body["id"], body, body["updated_at"], body["updated_by"], bool(body["deleted"]))

    def _write_doc(self, kind: str, record_id: str, body: dict[str, Any], updated_at: str, updated_by: str,
                   deleted: bool) -> None:  # fmt: skip
        """Overwrite the local body. The first local edit of a server row keeps the server's body in
        ``server_body`` (NULL means "body is the server's"), so a rejected edit can be rolled back."""
        self._db.execute(
            "UPDATE record SET "
            "server_body = COALESCE(server_body, CASE WHEN server_row_seq IS NOT NULL THEN body END), "
            "updated_at = ?, updated_by = ?, deleted = ?, body = ? WHERE kind = ? AND id = ?",
            (updated_at, updated_by, int(deleted), _dumps(body), kind, record_id),
        )

    def _load_conflict(self, conflict_id: str) -> tuple[ConflictRecord, str | None, int | None]:
        row = self._db.execute(
            "SELECT body, member_id, server_row_seq FROM record WHERE kind = ? AND id = ? AND deleted = 0",
            (CONFLICT_KIND, conflict_id),
        ).fetchone()
        if row is None:
            raise RecordNotFound("No such conflict.")
        conflict = ConflictRecord.model_validate_json(row[0])
        if conflict.status != "open":
            raise RecordInvalid("This conflict was already resolved.")
        return conflict, row[1], row[2]

    def _seen_version(self, conflict: ConflictRecord) -> int | None:
        """The field version the user is looking at when choosing: the resolve is conflict-checked against it."""
        field_ver = self._db.scalar("SELECT server_field_ver FROM record WHERE kind = ? AND id = ?",
                                    (conflict.record_kind, str(conflict.record_id)))  # fmt: skip
        seen = json.loads(field_ver or "{}").get(str(conflict.field)) if conflict.field else None
        return seen if isinstance(seen, int) else conflict.server_ver

    def _resolve_locally(self, conflict: ConflictRecord, op: OutboxOp) -> None:
        """The optimistic view of a resolution: the conflict closes and, for mine/edit, the record changes."""
        closed = replay(CONFLICT_KIND, str(conflict.id), conflict.model_dump(mode="json"), [op])
        now = self._clock().isoformat()
        self._write_doc(CONFLICT_KIND, str(conflict.id), closed, now, self._actor.user_id, False)
        kind, record_id = conflict.record_kind, str(conflict.record_id)
        raw = self._db.scalar("SELECT body FROM record WHERE kind = ? AND id = ?", (kind, record_id))
        if raw is None or op.payload["choice"] == "theirs":
            return
        try:
            record = self._stamp(parse_record(replay(kind, record_id, json.loads(raw), [op])))
        except ValueError:  # pydantic's ValidationError is a ValueError
            raise RecordInvalid("The chosen value is not valid for this field.") from None
        self._write_body(record.body())
        self._after_write(record)

    def _load_for_write(self, kind: str, record_id: str) -> tuple[dict[str, Any], dict[str, Any], int | None]:
        record_type(kind)  # unknown kinds fail early and clearly
        row = self._db.execute(
            "SELECT body, server_field_ver, server_row_seq, deleted FROM record WHERE kind = ? AND id = ?",
            (kind, record_id),
        ).fetchone()
        if row is None:
            raise RecordNotFound()
        body, field_ver, row_seq, deleted = row
        if deleted:
            raise RecordInvalid("This record was deleted.")
        return json.loads(body), json.loads(field_ver or "{}"), row_seq

    @staticmethod
    def _refuse_immutable(body: dict[str, Any]) -> None:
        if body["kind"] in APPEND_ONLY_KINDS:
            raise RecordInvalid("This entry cannot be changed once written.")
        if body["kind"] == SessionNote.KIND and body.get("status") == NoteStatus.SIGNED.value:
            raise RecordInvalid("A signed note cannot be changed. Add an addendum instead.")

    def _enqueue(
        self, record: Record, op: str, payload: dict[str, Any], *, base_row_seq: int | None,
        base_field_ver: dict[str, Any],
    ) -> None:  # fmt: skip
        self._enqueue_row(record.kind, str(record.id), _opt(record.member_id), op, payload,
                          base_row_seq=base_row_seq, base_field_ver=base_field_ver)  # fmt: skip

    def _enqueue_row(
        self, kind: str, record_id: str, member_id: str | None, op: str, payload: dict[str, Any], *,
        base_row_seq: int | None, base_field_ver: dict[str, Any],
    ) -> None:  # fmt: skip
        self._db.execute(
            "INSERT INTO outbox (mutation_id, kind, record_id, member_id, op, payload, base_row_seq, base_field_ver, "
            "schema_ver, created_at_local) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid7()), kind, record_id, member_id, op, _dumps(payload), base_row_seq,
             _dumps(base_field_ver), SCHEMA_VERSION, self._clock().isoformat()),
        )  # fmt: skip

    def _audit(self, action: AuditAction, object_type: str, object_id: str) -> None:
        audit_log.append(self._db, AuditEvent(
            at=self._clock(), user_id=self._actor.user_id, device_id=self._actor.device_id,
            action=action, object_type=object_type, object_id=object_id, outcome=Outcome.OK,
        ))  # fmt: skip

    def _after_write(self, record: Record) -> None:
        if isinstance(record, Member):
            member_index.upsert_member(self._db, record)
        if record.member_id is not None:
            member_index.refresh_contact_columns(self._db, [str(record.member_id)])


def _changed_fields(current: dict[str, Any], new: dict[str, Any]) -> list[str]:
    for field in _IDENTITY_FIELDS:
        if current.get(field) != new.get(field):
            raise RecordInvalid(f"The record's {field} cannot change.")
    return sorted(k for k in new if k not in _META_FIELDS and k != "deleted" and current.get(k) != new[k])


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _opt(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None
