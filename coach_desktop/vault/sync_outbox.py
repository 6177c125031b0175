"""The outbox side of sync: push batches (marked in flight before sending), their answers, renumbering.

Base of SyncStore (sync_store.py), which adds pages, cursor and status; both run on the sync lane's connection.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError

from ..domain.audit import AuditAction, AuditEvent, Outcome
from ..domain.base import utc_now, uuid7
from ..sync.crashpoints import crashpoint
from ..sync.errors import SyncError, SyncErrorKind
from ..sync.protocol import (
    MAX_PUSH_BYTES,
    MAX_PUSH_MUTATIONS,
    FieldChange,
    Mutation,
    MutationOp,
    PushRequest,
    PushResponse,
    ResultStatus,
)
from . import audit_log, sync_state
from .database import Database
from .repository import Actor
from .sync_apply import Touched, finish, purge_member, unsent_for
from .sync_state import CURSOR_SEQ, NEXT_WIRE_SEQ, PENDING_PURGE

# The server's cap: it applies a push in one transaction, so fewer, larger batches cost fewer round trips and
# commits on both sides; a batch over 5 MB is halved (_fit), and a retry after a slow answer waits (409 in_progress).
PUSH_BATCH_LIMIT = MAX_PUSH_MUTATIONS
# Acknowledged rows stay this long after the pull has passed them, so a server restored from a backup can be
# given them again (SYNC_PROTOCOL §6.8, "epoch grace period").
ACKED_RETENTION = timedelta(days=7)
_STATES = {
    ResultStatus.APPLIED: "acked", ResultStatus.DUPLICATE: "acked", ResultStatus.QUARANTINED: "acked",
    ResultStatus.CONFLICT: "conflict", ResultStatus.REJECTED: "rejected",
}  # fmt: skip
_SELECT_ROWS = (
    "SELECT client_seq, mutation_id, kind, record_id, member_id, op, payload, base_row_seq, schema_ver, "
    "created_at_local, wire_seq, batch_id FROM outbox WHERE state = ? ORDER BY client_seq LIMIT ?"
)


@dataclass(frozen=True)
class OutboxRow:
    client_seq: int
    mutation_id: str
    kind: str
    record_id: str
    member_id: str | None
    op: str
    payload: str
    base_row_seq: int | None
    schema_ver: int
    created_at_local: str
    wire_seq: int | None
    batch_id: str | None

    def mutation(self) -> Mutation:
        """The wire form (SYNC_PROTOCOL §6.4); ``wire_seq`` is the client_seq this device uses on the wire."""
        payload = json.loads(self.payload or "{}")
        raw = payload.get("fields") or {}
        if self.op in ("create", "sign"):
            fields = {k: FieldChange(value=v) for k, v in raw.items()}
        else:
            fields = {k: FieldChange(value=c.get("value"), base_ver=c.get("base_ver")) for k, c in raw.items()}
        return Mutation(
            client_seq=int(self.wire_seq or 0), mutation_id=uuid.UUID(self.mutation_id),
            schema_version=self.schema_ver, kind=self.kind, record_id=uuid.UUID(self.record_id),
            op=MutationOp(self.op), base_row_seq=self.base_row_seq, fields=fields,
            content_hash=payload.get("content_hash") if self.op == "sign" else None,
            choice=payload.get("choice") if self.op == "resolve" else None,
            created_at_local=datetime.fromisoformat(self.created_at_local),
        )  # fmt: skip

    def resolve_target(self) -> tuple[str, str] | None:
        target = json.loads(self.payload or "{}").get("target") or {}
        return (str(target["kind"]), str(target["id"])) if self.op == "resolve" and "id" in target else None


@dataclass(frozen=True)
class PushBatch:
    batch_id: str
    rows: tuple[OutboxRow, ...]
    request: PushRequest


@dataclass(frozen=True)
class PushOutcome:
    answered: int = 0
    acked: int = 0
    conflicts: int = 0
    rejected: int = 0
    quarantined: int = 0


@dataclass(frozen=True)
class RejectedChange:
    """A local change the server refused, with its reason (shown to the user; the reason names no data)."""

    client_seq: int
    kind: str
    record_id: str
    member_id: str | None
    op: str
    reason: str
    created_at_local: str


class OutboxLane:
    """Outbox → push batches → answers, on one vault connection; SyncStore builds on it."""

    def __init__(self, db: Database, actor: Actor, clock: Callable[[], datetime] = utc_now, *,
                 acked_retention: timedelta = ACKED_RETENTION) -> None:  # fmt: skip
        self.db = db
        self._actor = actor
        self._clock = clock
        self._retention = acked_retention
        self._deferred: dict[str, object] = {}  # sync_state values of this sync's hello, written with its outcome

    # ---- push -------------------------------------------------------------------------------------------

    def next_batch(self, limit: int = PUSH_BATCH_LIMIT, max_bytes: int = MAX_PUSH_BYTES) -> PushBatch | None:
        """The batch in flight (sent again unchanged: same batch_id, same mutation ids), else up to ``limit``
        pending rows marked in flight in a committed transaction before anything is sent."""
        if self.unsent_count() == 0:
            return None  # nothing to send: no write lock taken (a row written after this goes with the next sync)
        device_id = self._device_id()
        with self.db.transaction():
            in_flight = self._rows("in_flight", None)
            if in_flight:
                batch_id = str(in_flight[0].batch_id)
                rows = [r for r in in_flight if r.batch_id == batch_id]
                return self._batch(device_id, batch_id, rows, [r.mutation() for r in rows])
            sendable = self._sendable(self._rows("pending", limit))
            while not sendable and self.db.scalar("SELECT 1 FROM outbox WHERE state = 'pending' LIMIT 1"):
                sendable = self._sendable(self._rows("pending", limit))  # a window answered locally: the next one
            if not sendable:
                return None
            batch = self._mark_in_flight(device_id, sendable, max_bytes)
        crashpoint("after_mark_in_flight")
        return batch

    def _mark_in_flight(self, device_id: str, sendable: list[tuple[OutboxRow, Mutation]], max_bytes: int) -> PushBatch:
        batch_id = str(uuid7())
        batch = self._fit(device_id, batch_id, [r for r, _ in sendable], [m for _, m in sendable], max_bytes)
        self.db.executemany("UPDATE outbox SET state = 'in_flight', batch_id = ?, wire_seq = ? WHERE client_seq = ?",
                            [(batch_id, row.wire_seq, row.client_seq) for row in batch.rows])  # fmt: skip
        last_wire = max(int(r.wire_seq or 0) for r in batch.rows)
        sync_state.put(self.db, {NEXT_WIRE_SEQ: max(sync_state.get_int(self.db, NEXT_WIRE_SEQ, 1), last_wire + 1)})
        return batch

    def _fit(self, device_id: str, batch_id: str, rows: list[OutboxRow], mutations: list[Mutation],
             max_bytes: int) -> PushBatch:  # fmt: skip
        """Halve the batch until its JSON fits the request cap (SECURITY R14: ≤ 5 MB)."""
        while True:
            batch = self._batch(device_id, batch_id, rows, mutations)
            if len(rows) == 1 or _surely_fits(rows, max_bytes) \
                    or len(batch.request.model_dump_json(by_alias=True)) <= max_bytes:  # fmt: skip
                return batch
            rows, mutations = rows[: len(rows) // 2], mutations[: len(mutations) // 2]

    def _batch(self, device_id: str, batch_id: str, rows: Sequence[OutboxRow],
               mutations: list[Mutation]) -> PushBatch:  # fmt: skip
        request = PushRequest(device_id=uuid.UUID(device_id), batch_id=uuid.UUID(batch_id), mutations=mutations)
        return PushBatch(batch_id, tuple(rows), request)

    def _sendable(self, rows: list[OutboxRow]) -> list[tuple[OutboxRow, Mutation]]:
        """Rows numbered for the wire (a row keeps a number it was given), with their wire form, validated once.
        Rows that cannot even be expressed on the wire are answered locally (never sent, never wedging)."""
        next_wire = sync_state.get_int(self.db, NEXT_WIRE_SEQ, 1)
        good = []
        for row in rows:
            numbered = replace(row, wire_seq=row.wire_seq if row.wire_seq is not None else next_wire)
            try:
                mutation = numbered.mutation()
            except (ValidationError, ValueError):
                self._answer_locally(row, "this change could not be sent (it is not valid); re-enter it")
                continue
            next_wire = max(next_wire, int(numbered.wire_seq or 0) + 1)
            good.append((numbered, mutation))
        return good

    def _answer_locally(self, row: OutboxRow, reason: str) -> None:
        result = {"status": "rejected", "reason": reason, "local": True, "acked_at": self._now_iso()}
        self.db.execute("UPDATE outbox SET state = 'rejected', result = ? WHERE client_seq = ?",
                        (json.dumps(result), row.client_seq))  # fmt: skip

    def renumber(self, batch: PushBatch, expected: int) -> None:
        """409 expected_client_seq: the server's numbering for this device stops below ours (a server restored
        from a backup older than what this vault still retains). Rows up to the gap were taken (they replay);
        the unsent rows from the gap on are numbered from ``expected``. Dropped rows in the gap were lost by the
        restore itself, outside the retention period."""
        gap_end = self.db.scalar("SELECT min(wire_seq) FROM outbox WHERE wire_seq >= ? "
                                 "AND state IN ('pending', 'in_flight')", (expected,))  # fmt: skip
        if gap_end is None or int(gap_end) <= expected:
            raise SyncError(SyncErrorKind.PROTOCOL, detail="server expects a client_seq this device has")
        shift = int(gap_end) - expected
        with self.db.transaction():
            self.db.execute("UPDATE outbox SET wire_seq = wire_seq - ? WHERE wire_seq >= ? "
                            "AND state IN ('pending', 'in_flight')", (shift, int(gap_end)))  # fmt: skip
            self.db.execute("UPDATE outbox SET state = 'pending', batch_id = NULL WHERE batch_id = ? "
                            "AND state = 'in_flight'", (batch.batch_id,))  # fmt: skip
            next_wire = sync_state.get_int(self.db, NEXT_WIRE_SEQ, 1)
            sync_state.put(self.db, {NEXT_WIRE_SEQ: max(expected, next_wire - shift),
                                     sync_state.LAST_REBASE: json.dumps({"at": self._now_iso(), "shift": shift})})

    def settle_reused(self, batch: PushBatch, wire_seq: int) -> None:
        """422 key_reuse: the server already holds this mutation id from this vault's previous device (an
        answer lost, then a re-enrolment). Its effect is on the server: count it as answered, send the rest."""
        row = next((r for r in batch.rows if r.wire_seq == wire_seq), None)
        if row is None:
            raise SyncError(SyncErrorKind.PROTOCOL, detail="the server refused a mutation id")
        result = {"status": "duplicate", "reason": "already received before this computer was enrolled again",
                  "local": True, "acked_at": self._now_iso()}  # fmt: skip
        with self.db.transaction():
            self.db.execute("UPDATE outbox SET state = 'acked', result = ? WHERE client_seq = ?",
                            (json.dumps(result), row.client_seq))  # fmt: skip
            self.db.execute("UPDATE outbox SET state = 'pending', batch_id = NULL WHERE batch_id = ? "
                            "AND state = 'in_flight'", (batch.batch_id,))  # fmt: skip

    def release(self, batch: PushBatch) -> None:
        """Put an unsent batch back (e.g. 413: it is re-formed smaller); wire numbers are kept."""
        with self.db.transaction():
            self.db.executemany("UPDATE outbox SET state = 'pending', batch_id = NULL "
                                "WHERE client_seq = ? AND state = 'in_flight'",
                                [(r.client_seq,) for r in batch.rows])  # fmt: skip

    def apply_push_results(self, batch: PushBatch, response: PushResponse) -> PushOutcome:
        """One transaction: every answer stored, views of refused changes rolled back to the server's."""
        counts = {"answered": 0, "acked": 0, "conflicts": 0, "rejected": 0, "quarantined": 0}
        by_id = {r.mutation_id: r for r in batch.rows}
        acked_at = self._now_iso()
        answers: list[tuple[str, int | None, str, int]] = []
        with self.db.transaction():
            touched = Touched()
            half = len(response.results) // 2
            for index, result in enumerate(response.results):
                if index == half:
                    self._store_answers(answers)  # half written when a kill lands here: all of it rolls back
                    answers = []
                    crashpoint("mid_result_apply")
                row = by_id.get(str(result.mutation_id))
                if row is None or result.client_seq != row.wire_seq:
                    continue  # not ours: ignored, the row stays in flight and is sent again
                data = result.model_dump(mode="json") | {"acked_at": acked_at}
                answers.append((_STATES[result.status], result.applied_seq, json.dumps(data), row.client_seq))
                counts["answered"] += 1
                counts[_COUNTER[result.status]] += 1
                if result.status not in (ResultStatus.APPLIED, ResultStatus.DUPLICATE):
                    _touch_row(touched, row)
            self._store_answers(answers)
            finish(self.db, touched, self._cursor_seq())
            sync_state.put(self.db, {sync_state.SERVER_LAST_CLIENT_SEQ: response.last_client_seq})
            self._purge_ready()
            self._audit(AuditAction.SYNC_PUSH, "batch", batch.batch_id)
        return PushOutcome(**counts)

    def _store_answers(self, answers: list[tuple[str, int | None, str, int]]) -> None:
        self.db.executemany("UPDATE outbox SET state = ?, applied_seq = ?, result = ? "
                            "WHERE client_seq = ? AND state = 'in_flight'", answers)  # fmt: skip

    # ---- refused changes and counts ----------------------------------------------------------------------

    def unsent_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')") or 0)

    def rejected_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM outbox WHERE state = 'rejected'") or 0)

    def list_rejected(self) -> list[RejectedChange]:
        rows = self.db.query("SELECT client_seq, kind, record_id, member_id, op, result, created_at_local "
                             "FROM outbox WHERE state = 'rejected' ORDER BY client_seq")  # fmt: skip
        return [RejectedChange(int(r[0]), r[1], r[2], r[3], r[4], str(json.loads(r[5] or "{}").get("reason") or ""),
                               r[6]) for r in rows]  # fmt: skip

    def dismiss_rejected(self, client_seq: int) -> bool:
        """The user has seen a refused change: forget it."""
        with self.db.transaction():
            gone = self.db.execute("DELETE FROM outbox WHERE client_seq = ? AND state = 'rejected'", (client_seq,))
        return bool(gone.rowcount)

    # ---- shared internals ---------------------------------------------------------------------------------

    def _rows(self, state: str, limit: int | None) -> list[OutboxRow]:
        return [OutboxRow(*row) for row in self.db.query(_SELECT_ROWS, (state, limit if limit is not None else -1))]

    def _device_id(self) -> str:
        device_id = sync_state.get(self.db, sync_state.DEVICE_ID)
        if not device_id:
            raise SyncError(SyncErrorKind.AUTH, "This computer is not enrolled with a Coach server yet.")
        return device_id

    def _cursor_seq(self) -> int:
        return sync_state.get_int(self.db, CURSOR_SEQ)

    def _pending_purge(self) -> list[str]:
        raw = sync_state.get(self.db, PENDING_PURGE)
        return [str(m) for m in json.loads(raw)] if raw else []

    def _purge_ready(self) -> None:
        """Revoked members kept for their unsent rows are purged as soon as those rows have been answered."""
        waiting = self._pending_purge()
        if not waiting:
            return
        still = []
        for member in waiting:
            if unsent_for(self.db, member):
                still.append(member)
            else:
                purge_member(self.db, member)
                self._audit(AuditAction.REVOCATION, "member", member)
        sync_state.put(self.db, {PENDING_PURGE: json.dumps(still) if still else None})

    def _now_iso(self) -> str:
        return self._clock().astimezone(UTC).isoformat()

    def _audit(self, action: AuditAction, object_type: str, object_id: str) -> None:
        audit_log.append(self.db, AuditEvent(at=self._clock(), user_id=self._actor.user_id,
                                             device_id=self._actor.device_id, action=action, object_type=object_type,
                                             object_id=object_id, outcome=Outcome.OK))  # fmt: skip


_COUNTER = {
    ResultStatus.APPLIED: "acked", ResultStatus.DUPLICATE: "acked", ResultStatus.QUARANTINED: "quarantined",
    ResultStatus.CONFLICT: "conflicts", ResultStatus.REJECTED: "rejected",
}  # fmt: skip


def _surely_fits(rows: Sequence[OutboxRow], max_bytes: int) -> bool:
    """Without serialising: a mutation's JSON is its stored payload plus well under 1 KB of ids and numbers;
    twice the payload covers escaping. Only a batch near the cap is serialised to measure it."""
    return sum(2 * len(r.payload.encode("utf-8")) + 1024 for r in rows) <= max_bytes


def _touch_row(touched: Touched, row: OutboxRow) -> None:
    touched.add(row.kind, row.record_id, row.member_id)
    target = row.resolve_target()
    if target is not None:
        touched.add(target[0], target[1], row.member_id)
