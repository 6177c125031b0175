"""Reference model of the server's merge rules (SYNC_PROTOCOL §6.5–6.7) for the stateful sync test. Pure Python.

The model replays every mutation the server received, in the order the server took them, and predicts each
outcome from the spec alone: per field, an unchanged base version (or the same device writing again) applies,
the same value is a no-op, anything else is a conflict record and the first writer keeps the field. Signed
notes are immutable, addenda append only and must name a signed note by its hash, child records (goals) are
separate creates so concurrent adds both survive, and while the member is off the coach's panel every
mutation is quarantined. Versions are the server's own seqs: a mutation's writes take consecutive seqs
ending at its ``applied_seq``, so the model learns the numbers (never the outcomes) from the real answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

SERVER_WRITER = "server"  # field_dev of the administrator's own writes: never equal to a device id
CONFLICT = "conflict"
NOTE = "session_note"
ADDENDUM = "note_addendum"


class ModelMismatch(AssertionError):
    """The server (or a device) did something the reference model says it must not."""


@dataclass
class Rec:
    """A record as the model holds it: content fields, who wrote each field at which seq, the row's seq."""

    kind: str
    id: str
    fields: dict[str, Any]
    ver: dict[str, int]
    dev: dict[str, str]
    row_seq: int
    owner: str | None = None  # a draft note belongs to the device that created it

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.id


@dataclass(frozen=True)
class Intent:
    """One outbox row as the device wrote it (op, payload, the base it claims to have seen)."""

    device: str
    mutation_id: str
    kind: str
    record_id: str
    op: str
    payload: dict[str, Any]
    base_row_seq: int | None

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.record_id


Write = Callable[[int, Iterator[str]], None]  # (its seq, the conflict ids the server reported, in order)


@dataclass
class Plan:
    status: str
    writes: list[Write] = field(default_factory=list)
    reason: str = ""  # a word the server's reason must contain
    unchanged_seq: int | None = None  # applied/duplicate without writes: applied_seq is the row's seq


class Model:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], Rec] = {}
        self.away = False  # the member is on another coach's panel

    # ---- what the devices may see -------------------------------------------------------------------

    def visible(self) -> dict[tuple[str, str], Rec]:
        """Records in the coach's scope (all of them are the one member's, so none while the member is away)."""
        return {} if self.away else self.records

    def seen_view(self) -> dict[tuple[str, str], tuple[int, dict[str, int]]]:
        """What a device that pulled to the server's seq holds: row seq and field versions per record."""
        return {key: (rec.row_seq, dict(rec.ver)) for key, rec in self.visible().items()}

    def seed(self, kind: str, record_id: str, content: dict[str, Any], ver: dict[str, int], row_seq: int) -> None:
        """A record the administrator wrote (not a device), as the server stored it before any device synced."""
        self.records[(kind, record_id)] = Rec(kind, record_id, dict(content), dict(ver),
                                              dict.fromkeys(ver, SERVER_WRITER), row_seq)  # fmt: skip

    # ---- one mutation -------------------------------------------------------------------------------

    def apply(self, intent: Intent, status: str, applied_seq: int | None, conflict_ids: list[str],
              reason: str | None) -> None:  # fmt: skip
        """Check the server's answer against the model's prediction, then commit the predicted writes."""
        plan = self.plan(intent)
        where = f"{intent.op} {intent.kind} by {intent.device[:8]}"
        if plan.status != status:
            raise ModelMismatch(f"{where}: server said {status} ({reason}), the model says {plan.status} "
                                f"({plan.reason})")  # fmt: skip
        if plan.reason and plan.reason not in (reason or ""):
            raise ModelMismatch(f"{where}: refused for {reason!r}, the model expects a reason about {plan.reason!r}")
        if not plan.writes:
            if plan.unchanged_seq is not None and applied_seq != plan.unchanged_seq:
                raise ModelMismatch(f"{where}: applied_seq {applied_seq}, the record is at {plan.unchanged_seq}")
            return
        if applied_seq is None:
            raise ModelMismatch(f"{where}: {status} with writes but no applied_seq")
        ids = iter(conflict_ids)
        first = applied_seq - len(plan.writes) + 1
        for offset, write in enumerate(plan.writes):
            write(first + offset, ids)
        if next(ids, None) is not None:
            raise ModelMismatch(f"{where}: the server reported more conflicts than the model made")

    def plan(self, intent: Intent) -> Plan:
        if intent.op == "create":
            return self._create(intent)
        if intent.op == "patch":
            return self._patch_op(intent)
        if intent.op == "sign":
            return self._sign(intent)
        if intent.op == "resolve":
            return self._resolve(intent)
        raise ModelMismatch(f"the model does not know the op {intent.op}")

    def _create(self, intent: Intent) -> Plan:
        fields = dict(intent.payload.get("fields") or {})
        if self.away:
            return Plan("quarantined", reason="review")
        current = self.records.get(intent.key)
        if current is not None:  # idempotent by record id (§6.5 "Creates")
            same = all(current.fields.get(k) == v for k, v in fields.items())
            return Plan("duplicate", unchanged_seq=current.row_seq) if same else Plan("rejected", reason="exists")
        if intent.kind == ADDENDUM:
            note = self.records.get((NOTE, str(fields.get("note_id"))))
            if note is None or note.fields.get("status") != "signed":
                return Plan("rejected", reason="no signed note")
            if note.fields.get("content_hash") != fields.get("note_content_hash"):
                return Plan("rejected", reason="does not match")

        def write(seq: int, _ids: Iterator[str]) -> None:
            owner = intent.device if intent.kind == NOTE else None
            self.records[intent.key] = Rec(intent.kind, intent.record_id, fields, dict.fromkeys(fields, seq),
                                           dict.fromkeys(fields, intent.device), seq, owner)  # fmt: skip

        return Plan("applied", [write])

    def _patch_op(self, intent: Intent) -> Plan:
        current = self.records.get(intent.key)
        if current is None:
            return Plan("rejected", reason="not found")
        if self.away:
            return Plan("quarantined", reason="review")
        fields = intent.payload.get("fields") or {}
        changes = {name: (c.get("value"), c.get("base_ver")) for name, c in fields.items()}
        return self._patch(current, changes, intent)

    def _refusal(self, current: Rec, device: str) -> str | None:
        if current.kind == ADDENDUM:
            return "append-only"
        if current.kind == NOTE and current.fields.get("status") == "signed":
            return "immutable"
        if current.kind == NOTE and current.owner not in (None, device):
            return "owned"
        return None

    def _patch(self, current: Rec, changes: dict[str, tuple[Any, int | None]], intent: Intent) -> Plan:
        """§6.5 per field: same value → no-op; base current (or this device wrote it last) → apply; else conflict."""
        refusal = self._refusal(current, intent.device)
        if refusal:
            return Plan("rejected", reason=refusal)
        applied: dict[str, Any] = {}
        conflicts: dict[str, tuple[Any, int | None]] = {}
        for name, (value, base) in changes.items():
            if name in current.fields and current.fields[name] == value:
                continue
            if current.ver.get(name) == base or current.dev.get(name) == intent.device:
                applied[name] = value
            else:
                conflicts[name] = (value, base)
        writes: list[Write] = []
        if applied:
            writes.append(lambda seq, _ids: self._rewrite(current, applied, seq, intent.device))
        for name, (value, base) in conflicts.items():
            writes.append(self._conflict_write(current, name, value, base, intent))
        return Plan("conflict" if conflicts else "applied", writes, unchanged_seq=current.row_seq)

    @staticmethod
    def _rewrite(current: Rec, values: dict[str, Any], seq: int, device: str) -> None:
        current.fields.update(values)
        current.ver.update(dict.fromkeys(values, seq))
        current.dev.update(dict.fromkeys(values, device))
        current.row_seq = seq

    def _conflict_write(self, target: Rec, name: str, value: Any, base: int | None, intent: Intent) -> Write:
        server_value, server_ver = target.fields.get(name), target.ver.get(name)  # as they are now, before writes

        def write(seq: int, ids: Iterator[str]) -> None:
            conflict_id = next(ids, None)
            if conflict_id is None:
                raise ModelMismatch(f"the model made a conflict on {name} that the server did not report")
            body = {"status": "open", "type": "field", "record_kind": target.kind, "record_id": target.id,
                    "field": name, "base_ver": base, "server_ver": server_ver, "server_value": server_value,
                    "proposed_value": value, "proposed_by_device": intent.device, "mutation_id": intent.mutation_id,
                    "resolution": None}  # fmt: skip
            self.records[(CONFLICT, conflict_id)] = Rec(CONFLICT, conflict_id, body, {"status": seq},
                                                        {"status": intent.device}, seq)  # fmt: skip

        return write

    def _sign(self, intent: Intent) -> Plan:
        current = self.records.get(intent.key)
        content_hash = intent.payload.get("content_hash")
        if self.away:
            return Plan("quarantined", reason="review")
        if current is not None:
            if current.fields.get("status") == "signed":
                if current.fields.get("content_hash") == content_hash:
                    return Plan("duplicate", unchanged_seq=current.row_seq)
                return Plan("rejected", reason="immutable")
            refusal = self._refusal(current, intent.device)
            if refusal:
                return Plan("rejected", reason=refusal)
        fields = {**(current.fields if current else {}), **(intent.payload.get("fields") or {}),
                  "status": "signed", "content_hash": content_hash}  # fmt: skip
        owner = current.owner if current is not None else intent.device

        def write(seq: int, _ids: Iterator[str]) -> None:
            self.records[intent.key] = Rec(NOTE, intent.record_id, fields, dict.fromkeys(fields, seq),
                                           dict.fromkeys(fields, intent.device), seq, owner)  # fmt: skip

        return Plan("applied", [write])

    def _resolve(self, intent: Intent) -> Plan:
        conflict = self.records.get(intent.key)
        if conflict is None:
            return Plan("rejected", reason="not found")
        if self.away:
            return Plan("quarantined", reason="review")
        if conflict.fields["status"] != "open":
            return Plan("rejected", reason="already resolved")
        choice = intent.payload.get("choice")
        close = self._close_write(conflict, str(choice))
        if choice == "theirs":
            return Plan("applied", [close])
        target = self.records.get((conflict.fields["record_kind"], conflict.fields["record_id"]))
        if target is None:
            return Plan("rejected", reason="no longer exists")
        given = (intent.payload.get("fields") or {}).get("value") or {}
        base = given.get("base_ver") if given.get("base_ver") is not None else conflict.fields["server_ver"]
        value = given["value"] if choice == "edit" else conflict.fields["proposed_value"]
        sub = self._patch(target, {conflict.fields["field"]: (value, base)}, intent)
        if sub.status == "rejected":
            return sub
        return Plan(sub.status, [*sub.writes, close])

    @staticmethod
    def _close_write(conflict: Rec, choice: str) -> Write:
        def write(seq: int, _ids: Iterator[str]) -> None:
            conflict.fields.update(status="resolved", resolution=choice)
            conflict.ver["status"] = seq
            conflict.row_seq = seq

        return write
