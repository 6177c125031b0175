"""CoachSync v1 server operations (SYNC_PROTOCOL §6.4): hello, push, pull, snapshot, wipe-ack, tombstone purge."""

from __future__ import annotations

import heapq
import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, insert, or_, select, update

from coach_desktop.sync.protocol import (
    MAX_PAGE_LIMIT,
    MAX_RESPONSE_BYTES,
    PROTOCOL_VERSION,
    Change,
    DeviceStatus,
    ErrorCode,
    HelloDevice,
    HelloResponse,
    Mutation,
    MutationOp,
    MutationResult,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordState,
    ResultStatus,
    ScopeOp,
    SnapshotRequest,
    SnapshotResponse,
    VersionRange,
    WipeAck,
)

from . import records, tables
from .api_errors import ApiError
from .batching import chunks
from .cursors import (
    Binding,
    SnapshotPosition,
    decode_cursor,
    decode_snapshot_token,
    encode_cursor,
    encode_snapshot_token,
)
from .deps import LAST_SEEN_EVERY, Caller, ServerState
from .kinds import ADDENDUM_KIND, CONFLICT_KIND, is_record_kind, proposed_columns
from .merge import Context, Outcome, Stored, apply_mutation
from .scope import AccessCache, can_access, prefetch_members, record_filter, revoked_after
from .sequence import SeqBlock, current_seq, read_one_statement, read_snapshot, write_transaction

DEFAULT_LEASE = timedelta(days=7)  # SECURITY R17
# Leave room under the 20 MB response cap (SECURITY R14) for the JSON around the bodies.
PAGE_BYTE_BUDGET = MAX_RESPONSE_BYTES * 3 // 4
NOT_IN_SCOPE = "not found in your scope"  # one reason for "missing" and "not yours": nothing is leaked


@dataclass(frozen=True)
class Meta:
    horizon: int
    min_schema: int
    max_schema: int


def _meta(conn: Connection) -> Meta:
    m = tables.server_meta
    row = conn.execute(select(m.c.tombstone_horizon_seq, m.c.min_schema, m.c.max_schema).where(m.c.id == 1)).one()
    return Meta(int(row.tombstone_horizon_seq), int(row.min_schema), int(row.max_schema))


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _binding(server: ServerState, caller: Caller) -> Binding:
    return Binding(server.server_epoch, caller.tenant_id, caller.user_id)


def _device(conn: Connection, caller: Caller, *, lock: bool = False) -> Any:
    """The caller's device row, re-read inside the transaction: a revocation applies to the next statement.

    ``lock`` (a push, which updates the row anyway): a revocation committing meanwhile waits for this transaction,
    so no push commits after its device was revoked."""
    d = tables.device
    query = select(d).where(d.c.device_id == caller.device_id, d.c.user_id == caller.user_id)
    return _check_device(conn.execute(query.with_for_update() if lock and conn.dialect.name == "postgresql" else query)
                         .first())  # fmt: skip


def _check_device(row: Any) -> Any:
    if row is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again")
    if row.status == DeviceStatus.REVOKED:
        raise ApiError(401, ErrorCode.DEVICE_REVOKED, "this device was revoked", wipe=bool(row.wipe_requested))
    return row


def _check_body_device(caller: Caller, device_id: uuid.UUID) -> None:
    if str(device_id) != caller.device_id:
        raise ApiError(403, ErrorCode.FORBIDDEN, "device_id is not this device")


def _may_read(device: Any) -> None:
    if device.status != DeviceStatus.ACTIVE:
        raise ApiError(403, ErrorCode.FORBIDDEN, "a retiring device may push but not pull")


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# ---- hello ------------------------------------------------------------------------------------------------


def hello(engine: Engine, server: ServerState, caller: Caller, client_schema: int | None = None, *,
          lease: timedelta = DEFAULT_LEASE, now: datetime | None = None) -> HelloResponse:  # fmt: skip
    """Versions, device status and a renewed offline lease; 426 when the client's schema is too old.

    Read-only while the stored lease is fresh (renewed within the last hour: ``LEASE_SLACK``) and last_seen_at
    was written within a minute: a no-op sync then takes no write lock and commits nothing. The lease returned
    is always the one stored.
    """
    now = _now(now)
    with read_one_statement(engine) as conn:
        meta, device, server_seq = _session_reads(conn, caller, client_schema)
    stored_lease = _aware(device.lease_expires_at)
    if _lease_due(stored_lease, now, lease) or _seen_due(device.last_seen_at, now):
        with engine.begin() as conn:
            meta, device, server_seq = _session_reads(conn, caller, client_schema)
            values: dict[str, Any] = {"last_seen_at": now}
            stored_lease = _aware(device.lease_expires_at)
            if _lease_due(stored_lease, now, lease):
                values["lease_expires_at"] = stored_lease = now + lease
            conn.execute(update(tables.device).where(tables.device.c.device_id == caller.device_id).values(**values))
    retiring = device.status == DeviceStatus.RETIRING
    return HelloResponse(
        server_epoch=uuid.UUID(server.server_epoch), protocol=VersionRange(min=PROTOCOL_VERSION, max=PROTOCOL_VERSION),
        schema=VersionRange(min=meta.min_schema, max=meta.max_schema),
        device=HelloDevice(status=DeviceStatus(device.status), lease_expires_at=stored_lease,
                           wipe=bool(device.wipe_requested), retire=retiring),
        server_time=now, server_seq=server_seq, tombstone_horizon_seq=meta.horizon,
        last_client_seq=int(device.last_client_seq),
    )  # fmt: skip


LEASE_SLACK = timedelta(hours=1)  # hello renews the stored lease only once it is this much older than a new one


def _session_reads(conn: Connection, caller: Caller, client_schema: int | None) -> tuple[Meta, Any, int]:
    """server_meta, the device row and the tenant's seq in ONE statement (one snapshot, one round trip)."""
    m, d, ts = tables.server_meta, tables.device, tables.tenant_seq
    seq = select(ts.c.last_seq).where(ts.c.tenant_id == caller.tenant_id).scalar_subquery()
    row = conn.execute(
        select(m.c.tombstone_horizon_seq, m.c.min_schema, m.c.max_schema, d.c.device_id, d.c.status,
               d.c.wipe_requested, d.c.last_client_seq, d.c.lease_expires_at, d.c.last_seen_at, seq.label("seq"))
        .select_from(m.outerjoin(d, and_(d.c.device_id == caller.device_id, d.c.user_id == caller.user_id)))
        .where(m.c.id == 1)
    ).one()  # fmt: skip
    meta = Meta(int(row.tombstone_horizon_seq), int(row.min_schema), int(row.max_schema))
    if client_schema is not None and client_schema < meta.min_schema:
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, "update the app", min_schema=meta.min_schema)
    return meta, _check_device(row if row.device_id is not None else None), int(row.seq or 0)


def _lease_due(stored: datetime, now: datetime, lease: timedelta) -> bool:
    """Renew when the stored lease ends more than LEASE_SLACK before a fresh one would, or after it (a lease
    setting made shorter takes effect at the next hello)."""
    return not now + lease - LEASE_SLACK <= stored <= now + lease


def _seen_due(last_seen: datetime | None, now: datetime) -> bool:
    return last_seen is None or _aware(last_seen) <= now - LAST_SEEN_EVERY


# ---- push -------------------------------------------------------------------------------------------------


def push(engine: Engine, server: ServerState, caller: Caller, request: PushRequest, *,
         now: datetime | None = None) -> PushResponse:  # fmt: skip
    """Apply mutations in client_seq order, all in ONE write transaction; replays answer the stored result.

    A gap (409 expected_client_seq) or a reused key (422 key_reuse) stops the push at that mutation: the ones
    before it are committed (their results stored, last_client_seq moved past them), then the error is raised,
    so the client's retry gets them back as replays. Any other exception rolls back the whole push.
    """
    _check_body_device(caller, request.device_id)
    with engine.begin() as conn:
        block = SeqBlock.open(conn, caller.tenant_id)  # first: serialises this tenant's writers until COMMIT
        _check_versions(request, _meta(conn))
        batch = _Batch(conn, block, caller, _device(conn, caller, lock=True), _now(now))
        failure = batch.run(sorted(request.mutations, key=_client_seq))
        batch.flush()
        server_seq = block.close()  # the seq counter moves last; the lock makes this the latest committed seq
    if failure is not None:
        raise failure
    return PushResponse(last_client_seq=batch.last, results=batch.results, server_seq=server_seq)


def _client_seq(m: Mutation) -> int:
    return m.client_seq


def _check_versions(request: PushRequest, meta: Meta) -> None:
    """Too old → 426 (the client keeps its outbox); newer than this server → 400, nothing applied or lost."""
    schemas = [m.schema_version for m in request.mutations]
    if request.protocol < PROTOCOL_VERSION or min(schemas) < meta.min_schema:
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, "update the app", min_schema=meta.min_schema)
    if request.protocol > PROTOCOL_VERSION or max(schemas) > meta.max_schema:
        raise ApiError(400, ErrorCode.INVALID, "protocol or schema_version newer than this server")


class _Rows:
    """The push's view of ``record`` rows: read once (in chunks, up front), then the push's own writes."""

    def __init__(self, conn: Connection, tenant_id: str, keys: list[tuple[str, str]]) -> None:
        self.conn, self.tenant_id = conn, tenant_id
        self.stored = records.load_many(conn, tenant_id, keys)  # rows that exist in the database
        self.state: dict[tuple[str, str], Stored | None] = {k: self.stored.get(k) for k in keys}
        self.written: dict[tuple[str, str], Stored] = {}

    def get(self, kind: str, record_id: str) -> Stored | None:
        key = (kind, record_id)
        if key not in self.state:
            self.state[key] = row = records.load(self.conn, self.tenant_id, kind, record_id)
            if row is not None:
                self.stored[key] = row
        return self.state[key]

    def put(self, row: Stored) -> None:
        self.state[(row.kind, row.id)] = self.written[(row.kind, row.id)] = row

    def flush(self) -> None:
        """Each row's last state: one INSERT and one UPDATE executemany (a row rewritten twice leaves a seq hole,
        which readers never need: SYNC_PROTOCOL §6.2)."""
        rows = self.written.items()
        records.save_many(self.conn, self.tenant_id, (r for k, r in rows if k not in self.stored),
                          (r for k, r in rows if k in self.stored))  # fmt: skip
        self.written = {}


class _Batch:
    """One push inside its write transaction: replays, checks, decisions; written by ``flush``."""

    def __init__(self, conn: Connection, block: SeqBlock, caller: Caller, device: Any, now: datetime) -> None:
        self.conn, self.block, self.caller, self.now = conn, block, caller, now
        self.stored_last = self.last = int(device.last_client_seq)
        self.results: list[MutationResult] = []
        self.pending: list[dict[str, Any]] = []  # mutation_result rows of this push
        self.scope_cache: AccessCache = {}

    def run(self, mutations: list[Mutation]) -> ApiError | None:
        """Decide each mutation in order; the first gap or key reuse stops here and is returned (not raised)."""
        fresh = [m for m in mutations if m.client_seq > self.last]
        self.rows = _Rows(self.conn, self.caller.tenant_id, [(m.kind, str(m.record_id)) for m in fresh])
        members = (row.member_id for row in self.rows.state.values() if row is not None and row.member_id)
        prefetch_members(self.conn, self.caller, members, self.scope_cache)
        replays = self._stored_results([m.client_seq for m in mutations if m.client_seq <= self.last])
        used = self._used_ids([str(m.mutation_id) for m in fresh])
        for m in mutations:
            try:
                self.results.append(self._one(m, replays, used))
            except ApiError as exc:
                return exc
        return None

    def _one(self, m: Mutation, replays: dict[int, Any], used: set[str]) -> MutationResult:
        if m.client_seq <= self.last:
            return _replay(m, replays.get(m.client_seq))
        if m.client_seq > self.last + 1:
            raise ApiError(409, ErrorCode.EXPECTED_CLIENT_SEQ, "client_seq gap", expected_client_seq=self.last + 1)
        if str(m.mutation_id) in used:
            raise ApiError(422, ErrorCode.KEY_REUSE, "mutation_id already used for another client_seq")
        result = _decide(self.conn, self.block, self.caller, m, self.now, self.rows, self.scope_cache)
        stored = result.model_dump(mode="json")
        self.pending.append({"device_id": self.caller.device_id, "client_seq": m.client_seq,
                             "mutation_id": str(m.mutation_id), "status": stored["status"],
                             "applied_seq": stored["applied_seq"], "result": stored})  # fmt: skip
        replays[m.client_seq] = (str(m.mutation_id), stored)  # the same seq again later in this body: a replay
        used.add(str(m.mutation_id))
        self.last = m.client_seq
        # Built from the stored JSON, exactly as a replay will be: the answers are byte-identical.
        return MutationResult.model_validate(stored)

    def _stored_results(self, seqs: list[int]) -> dict[int, Any]:
        mr, found = tables.mutation_result, {}
        for chunk in chunks(set(seqs)):
            query = select(mr.c.client_seq, mr.c.mutation_id, mr.c.result)
            rows = self.conn.execute(query.where(mr.c.device_id == self.caller.device_id, mr.c.client_seq.in_(chunk)))
            found.update({int(row.client_seq): (row.mutation_id, row.result) for row in rows})
        return found

    def _used_ids(self, mutation_ids: list[str]) -> set[str]:
        mr, found = tables.mutation_result, set()
        for chunk in chunks(set(mutation_ids)):
            found.update(self.conn.execute(select(mr.c.mutation_id).where(mr.c.mutation_id.in_(chunk))).scalars())
        return found

    def flush(self) -> None:
        """Records, mutation results and the device's last_client_seq: a few statements for the whole push."""
        self.rows.flush()
        if self.pending:
            self.conn.execute(insert(tables.mutation_result), self.pending)
        if self.last != self.stored_last:
            self.conn.execute(update(tables.device).where(tables.device.c.device_id == self.caller.device_id)
                              .values(last_client_seq=self.last))  # fmt: skip


def _replay(m: Mutation, stored: tuple[str, Any] | None) -> MutationResult:
    if stored is None or stored[0] != str(m.mutation_id):
        raise ApiError(422, ErrorCode.KEY_REUSE, "client_seq already used by another mutation_id")
    return MutationResult.model_validate(stored[1])


@dataclass(frozen=True)
class Target:
    """What a mutation touches, as the server knows it: rows loaded and the scope columns to authorise."""

    current: Stored | None
    related: Stored | None
    kind: str
    member_id: str | None
    practice_id: str | None
    body: dict[str, Any] | None


def _decide(conn: Connection, block: SeqBlock, caller: Caller, m: Mutation, now: datetime, rows: _Rows,
            cache: AccessCache) -> MutationResult:  # fmt: skip
    def result(status: ResultStatus, **extra: Any) -> MutationResult:
        return MutationResult(client_seq=m.client_seq, mutation_id=m.mutation_id, status=status, **extra)

    if m.kind != CONFLICT_KIND and not is_record_kind(m.kind):
        return result(ResultStatus.REJECTED, reason="unknown kind")
    target = _target(rows, m)
    if target is None:
        return result(ResultStatus.REJECTED, reason=NOT_IN_SCOPE)
    if not can_access(conn, caller, target.kind, target.member_id, target.practice_id, target.body, cache):
        if target.member_id is not None and revoked_after(conn, caller, target.member_id, m.base_row_seq or 0):
            _quarantine(conn, caller, m, target.member_id, now)
            return result(ResultStatus.QUARANTINED, reason="member left your panel; kept for supervisor review")
        return result(ResultStatus.REJECTED, reason=NOT_IN_SCOPE)
    related = target.related
    if related is not None and not can_access(conn, caller, related.kind, related.member_id, related.practice_id,
                                              related.body, cache):  # fmt: skip
        # An addendum naming another member's note: answered exactly like a note that does not exist, so the
        # reason cannot tell anyone whether (or that a signed) note with that id is there (R25).
        target = replace(target, related=None)
    ctx = Context(device_id=caller.device_id, user_id=caller.user_id, mutation_id=str(m.mutation_id), now=now,
                  next_seq=block.take)  # fmt: skip
    outcome = apply_mutation(m, target.current, target.related, ctx)
    if outcome.writes and not _stays_in_scope(outcome, m, target):
        return result(ResultStatus.REJECTED, reason="member_id/practice_id cannot change")
    for row in outcome.writes:
        rows.put(row)
    return result(outcome.status, applied_seq=outcome.applied_seq, reason=outcome.reason,
                  conflict_ids=[uuid.UUID(c) for c in outcome.conflict_ids], signed_at=outcome.signed_at)  # fmt: skip


def _target(rows: _Rows, m: Mutation) -> Target | None:
    """Rows and scope columns; the stored row's columns win over anything in the payload. None: refuse."""
    current = rows.get(m.kind, str(m.record_id))
    related = None
    if m.kind == CONFLICT_KIND and current is not None:
        related = rows.get(str(current.body["record_kind"]), str(current.body["record_id"]))
    elif m.kind == ADDENDUM_KIND and m.op is MutationOp.CREATE and "note_id" in m.fields:
        related = rows.get("session_note", str(m.fields["note_id"].value))
    if current is not None:
        return Target(current, related, current.kind, current.member_id, current.practice_id, current.body)
    if m.op not in (MutationOp.CREATE, MutationOp.SIGN):
        return None
    values = {k: c.value for k, c in m.fields.items()}
    try:
        member_id, practice_id = proposed_columns(m.kind, str(m.record_id), values)
    except ValueError:
        return None
    return Target(None, related, m.kind, member_id, practice_id, values)


def _stays_in_scope(outcome: Outcome, m: Mutation, target: Target) -> bool:
    """A write may never move a record to another member or practice than the one authorised."""
    return all((w.member_id, w.practice_id) == (target.member_id, target.practice_id)
               for w in outcome.writes if w.kind == m.kind and w.id == str(m.record_id))  # fmt: skip


def _quarantine(conn: Connection, caller: Caller, m: Mutation, member_id: str, now: datetime) -> None:
    conn.execute(insert(tables.quarantine).values(
        mutation_id=str(m.mutation_id), tenant_id=caller.tenant_id, device_id=caller.device_id,
        member_id=member_id, mutation=m.model_dump(mode="json"), received_at=now, reviewed=False))  # fmt: skip


# ---- pull -------------------------------------------------------------------------------------------------


def pull(engine: Engine, server: ServerState, caller: Caller, cursor: str | None = None,
         limit: int = 500) -> PullResponse:  # fmt: skip
    """Changes after the cursor in the caller's scope, in seq order, latest state per record; one snapshot."""
    if not 1 <= limit <= MAX_PAGE_LIMIT:
        raise ApiError(400, ErrorCode.INVALID, f"limit must be 1..{MAX_PAGE_LIMIT}")
    binding = _binding(server, caller)
    with read_snapshot(engine) as conn:
        meta, device, server_seq = _session_reads(conn, caller, None)
        _may_read(device)
        since = decode_cursor(server.cursor_secret, cursor, binding, meta.horizon) if cursor else _fresh(meta)
        _not_ahead(since, server_seq)
        changes, has_more = _page(conn, caller, since, limit)
    # Nothing else visible up to server_seq in this snapshot, and later commits get higher seqs: skip ahead.
    next_seq = changes[-1].seq if has_more else max(since, server_seq)
    return PullResponse(changes=changes, next_cursor=encode_cursor(server.cursor_secret, binding, next_seq),
                        has_more=has_more, server_seq=server_seq,
                        last_client_seq=int(device.last_client_seq))  # fmt: skip


def _not_ahead(seq: int, server_seq: int) -> None:
    """A cursor past this server's last seq (a database restored under the same epoch, or a token minted with a
    leaked secret) cannot be continued: resync. Also keeps out-of-range integers away from the SQL (a 500)."""
    if seq > server_seq:
        raise ApiError(410, ErrorCode.RESYNC_REQUIRED, "this cursor is ahead of the server; resync")


def _fresh(meta: Meta) -> int:
    if meta.horizon > 0:  # deletions were purged: only a snapshot gives a complete start
        raise ApiError(410, ErrorCode.RESYNC_REQUIRED, "start with a snapshot")
    return 0


def _page(conn: Connection, caller: Caller, since: int, limit: int) -> tuple[list[Change], bool]:
    recs = _changed_records(conn, caller, since, limit + 1)
    events = _scope_events(conn, caller, since, limit + 1)
    granted = _member_records(conn, caller, {str(e.member_id) for e in events if e.scope is ScopeOp.GRANT})
    merged = heapq.merge(recs, events, key=lambda change: change.seq)
    changes: list[Change] = []
    budget = PAGE_BYTE_BUDGET
    for change in merged:
        if len(changes) == limit:
            return changes, True
        if change.scope is ScopeOp.GRANT:
            change = change.model_copy(update={"records": granted.get(str(change.member_id), [])})
        budget -= _size(change)
        if budget < 0 and changes:
            return changes, True
        changes.append(change)
    return changes, False


def _size(change: Change) -> int:
    states = ([change.record] if change.record else []) + change.records
    return 200 + sum(len(json.dumps(s.body, separators=(",", ":"))) + 300 for s in states)


def _changed_records(conn: Connection, caller: Caller, since: int, limit: int) -> list[Change]:
    r = tables.record
    rows = conn.execute(select(r).where(r.c.tenant_id == caller.tenant_id, r.c.row_seq > since, record_filter(caller))
                        .order_by(r.c.row_seq).limit(limit)).all()  # fmt: skip
    return [Change(seq=int(row.row_seq), record=records.to_state(row)) for row in rows]


def _scope_events(conn: Connection, caller: Caller, since: int, limit: int) -> list[Change]:
    ev = tables.scope_event
    rows = conn.execute(select(ev.c.seq, ev.c.op, ev.c.member_id)
                        .where(ev.c.tenant_id == caller.tenant_id, ev.c.user_id == caller.user_id, ev.c.seq > since)
                        .order_by(ev.c.seq).limit(limit)).all()  # fmt: skip
    return [Change(seq=int(row.seq), scope=ScopeOp(row.op), member_id=uuid.UUID(row.member_id)) for row in rows]


def _member_records(conn: Connection, caller: Caller, member_ids: set[str]) -> dict[str, list[RecordState]]:
    """A grant carries the member's current records (if still visible), so no second call is needed.

    All the page's granted members at once: one query per chunk of members, not one per grant.
    """
    r, found = tables.record, {}
    for chunk in chunks(member_ids):
        rows = conn.execute(select(r).where(r.c.tenant_id == caller.tenant_id, r.c.member_id.in_(chunk),
                                            r.c.deleted.is_(False), record_filter(caller))
                            .order_by(r.c.row_seq, r.c.kind, r.c.id)).all()  # fmt: skip
        for row in rows:
            found.setdefault(str(row.member_id), []).append(records.to_state(row))
    return found


# ---- snapshot ---------------------------------------------------------------------------------------------


def snapshot(engine: Engine, server: ServerState, caller: Caller, request: SnapshotRequest) -> SnapshotResponse:
    """Every live record in scope as of one seq, keyset-paged; the last page hands over a pull cursor."""
    _check_body_device(caller, request.device_id)
    binding = _binding(server, caller)
    with read_snapshot(engine) as conn:
        _may_read(_device(conn, caller))
        meta = _meta(conn)
        if request.snapshot_token:
            position = decode_snapshot_token(server.cursor_secret, request.snapshot_token, binding, meta.horizon)
            _not_ahead(position.snapshot_seq, current_seq(conn, caller.tenant_id))
            if position.after_key[0] > position.snapshot_seq:
                raise ApiError(400, ErrorCode.INVALID, "cursor or token not valid")
        else:
            position = SnapshotPosition(current_seq(conn, caller.tenant_id), (0, "", ""))
        states, has_more = _snapshot_page(conn, caller, position, request.limit)
    if has_more:
        last = states[-1]
        after = SnapshotPosition(position.snapshot_seq, (last.row_seq, last.kind, str(last.id)))
        token = encode_snapshot_token(server.cursor_secret, binding, after)
        return SnapshotResponse(snapshot_seq=position.snapshot_seq, records=states, snapshot_token=token,
                                has_more=True)  # fmt: skip
    cursor = encode_cursor(server.cursor_secret, binding, position.snapshot_seq)
    return SnapshotResponse(snapshot_seq=position.snapshot_seq, records=states, snapshot_token=None,
                            has_more=False, cursor=cursor)  # fmt: skip


def _snapshot_page(conn: Connection, caller: Caller, position: SnapshotPosition,
                   limit: int) -> tuple[list[RecordState], bool]:  # fmt: skip
    r = tables.record
    seq, kind, record_id = position.after_key
    same_seq_after = or_(r.c.kind > kind, and_(r.c.kind == kind, r.c.id > record_id))
    after = or_(r.c.row_seq > seq, and_(r.c.row_seq == seq, same_seq_after))  # keyset: (row_seq, kind, id)
    rows = conn.execute(select(r).where(r.c.tenant_id == caller.tenant_id, r.c.row_seq <= position.snapshot_seq,
                                        r.c.deleted.is_(False), after, record_filter(caller))
                        .order_by(r.c.row_seq, r.c.kind, r.c.id).limit(limit + 1)).all()  # fmt: skip
    states = [records.to_state(row) for row in rows[:limit]]
    return _within_budget(states, len(rows) > limit)


def _within_budget(states: list[RecordState], has_more: bool) -> tuple[list[RecordState], bool]:
    budget = PAGE_BYTE_BUDGET
    for index, state in enumerate(states):
        budget -= len(json.dumps(state.body, separators=(",", ":"))) + 300
        if budget < 0 and index > 0:
            return states[:index], True
    return states, has_more


# ---- devices and maintenance ------------------------------------------------------------------------------


def wipe_ack(engine: Engine, caller: Caller, ack: WipeAck, *, now: datetime | None = None) -> None:
    """Record that the device crypto-erased itself; a retiring device is revoked at that point (§6.9)."""
    from .audit import record_event

    _check_body_device(caller, ack.device_id)
    now = _now(now)
    d = tables.device
    with engine.begin() as conn:
        row = conn.execute(select(d.c.status).where(d.c.device_id == caller.device_id)).one()
        values: dict[str, Any] = {"wiped_at": _aware(ack.wiped_at)}
        if row.status == DeviceStatus.RETIRING:
            values.update(status="revoked", revoked_at=now, refresh_token_hash=None, refresh_prev_hash=None,
                          refresh_expires_at=None)  # fmt: skip
        conn.execute(update(d).where(d.c.device_id == caller.device_id).values(**values))
        record_event(conn, tenant_id=caller.tenant_id, user_id=caller.user_id, device_id=caller.device_id,
                     action="device_wipe_ack", outcome="ok", object_type="device", object_id=caller.device_id,
                     at=now)  # fmt: skip


def purge_tombstones(engine: Engine, tenant_id: str, older_than_seq: int) -> int:
    """Delete tombstones with row_seq ≤ ``older_than_seq`` and raise the horizon to it; returns rows deleted.

    Cursors below the horizon then get 410 resync_required instead of silently missing a delete (I9).
    """
    r, m = tables.record, tables.server_meta
    with write_transaction(engine, tenant_id) as block:
        conn = block.conn
        older_than_seq = min(older_than_seq, block.base)
        gone = conn.execute(delete(r).where(r.c.tenant_id == tenant_id, r.c.deleted.is_(True),
                                            r.c.row_seq <= older_than_seq)).rowcount  # fmt: skip
        horizon = int(conn.execute(select(m.c.tombstone_horizon_seq).where(m.c.id == 1)).scalar_one())
        conn.execute(update(m).where(m.c.id == 1).values(tombstone_horizon_seq=max(horizon, older_than_seq)))
    return int(gone)
