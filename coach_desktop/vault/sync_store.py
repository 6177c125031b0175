"""The sync lane's side of the vault: push batches, push results, pull and snapshot pages, epoch recovery.

Runs on the sync lane's own connection (``Vault.connect()``). Each step is one transaction; a pull page and
its cursor commit together (SYNC_PROTOCOL rule 1), and nothing here ever drops an unsent intent (rule 7).
The outbox half lives in sync_outbox.py (``OutboxLane``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.base import uuid7
from ..sync.crashpoints import crashpoint
from ..sync.errors import SyncError, SyncErrorKind
from ..sync.protocol import Change, HelloResponse, PullResponse, ScopeOp, SnapshotResponse
from . import member_index, sync_state
from .sync_apply import (
    Touched,
    finish,
    flush,
    held_rows,
    overlaid_records,
    purge_member,
    store_state,
    sweep_unmarked,
    unsent_for,
)
from .sync_outbox import (
    ACKED_RETENTION,
    PUSH_BATCH_LIMIT,
    OutboxLane,
    OutboxRow,
    PushBatch,
    PushOutcome,
    RejectedChange,
)
from .sync_state import CURSOR, CURSOR_SEQ, PENDING_PURGE, RECOVERY, SERVER_EPOCH, parse_time

__all__ = ["ACKED_RETENTION", "PUSH_BATCH_LIMIT", "OutboxRow", "PageOutcome", "PushBatch", "PushOutcome",
           "RejectedChange", "SnapshotStart", "SyncStore"]  # fmt: skip


# A snapshot under way (SYNC_PROTOCOL §6.4), written with each page in that page's transaction: a restarted sync
# resumes from the next page with the same mark. The server epoch is kept with them: a token of another epoch is
# never sent (after a restore the snapshot starts over).
SNAPSHOT_TOKEN = "snapshot_token"  # noqa: S105 - a key name, not a secret
SNAPSHOT_MARK = "snapshot_mark"
SNAPSHOT_EPOCH = "snapshot_epoch"
SNAPSHOT_FRESH = "snapshot_fresh"  # "1": the vault held no record when the snapshot began
_SNAPSHOT_KEYS = {SNAPSHOT_TOKEN: None, SNAPSHOT_MARK: None, SNAPSHOT_EPOCH: None, SNAPSHOT_FRESH: None}


@dataclass(frozen=True)
class SnapshotStart:
    mark: str
    token: str | None = None  # None: from the first page
    # The vault held no record when it began: every record at its end is either one of its own (marked) or made
    # here meanwhile (unsent, so kept), and the sweep's scan of every row is skipped.
    fresh: bool = False


@dataclass(frozen=True)
class PageOutcome:
    applied: int = 0
    blocked: tuple[str, ...] = ()  # revoked members with unsent rows: the page was NOT applied
    purged: int = 0
    kept: int = 0  # revoked members kept (their rows could not be sent yet); purged once they are


class SyncStore(OutboxLane):
    # ---- sync_state -------------------------------------------------------------------------------------

    def state(self) -> dict[str, str]:
        return sync_state.read_all(self.db)

    def get(self, key: str) -> str | None:
        return sync_state.get(self.db, key)

    def put(self, values: dict[str, Any]) -> None:
        with self.db.transaction():
            sync_state.put(self.db, values)

    def cursor(self) -> tuple[str | None, int]:
        return sync_state.get(self.db, CURSOR), sync_state.get_int(self.db, CURSOR_SEQ)

    # ---- pull and snapshot --------------------------------------------------------------------------------

    def apply_pull_page(self, page: PullResponse, *, force_revoke: bool = False) -> PageOutcome:
        """One transaction: the page's records, scope events, views, panel rows and the cursor, or nothing.

        A revoke for a member with unsent rows is not applied (``blocked``): push first, then pull again. With
        ``force_revoke`` the member's rows are kept until those rows are sent, and then purged.
        """
        with self.db.transaction():
            revoked = [str(c.member_id) for c in page.changes if c.scope is ScopeOp.REVOKE and c.member_id]
            blocked = tuple(m for m in revoked if unsent_for(self.db, m))
            if blocked and not force_revoke:
                return PageOutcome(blocked=blocked)
            new_seq = self._page_seq(page)
            states = [s for c in page.changes for s in ([c.record] if c.record else c.records)]
            touched = Touched(overlaid=overlaid_records(self.db, new_seq), held=held_rows(self.db, states))
            keep = set(self._pending_purge())
            purged = 0
            half = len(page.changes) // 2
            for index, change in enumerate(page.changes):
                if index == half:
                    crashpoint("mid_page_apply")
                purged += self._apply_change(change, touched, keep)
            crashpoint("after_page_apply_before_cursor_commit")
            finish(self.db, touched, new_seq)
            sync_state.put(self.db, {CURSOR: page.next_cursor, CURSOR_SEQ: new_seq,
                                     PENDING_PURGE: json.dumps(sorted(keep)) if keep else None})  # fmt: skip
            self._drop_acked(new_seq)
            self._purge_ready()
            if page.changes:  # an empty poll carries nothing worth an audit row
                self._audit(AuditAction.SYNC_PULL, "page", str(len(page.changes)))
        return PageOutcome(applied=len(page.changes), purged=purged, kept=len(set(blocked)))

    def _page_seq(self, page: PullResponse) -> int:
        """The seq the page's cursor stands for: its last change while more follow, else the server's seq."""
        current = self._cursor_seq()
        if page.has_more and page.changes:
            return max(current, page.changes[-1].seq)
        return max(current, page.server_seq, page.changes[-1].seq if page.changes else 0)

    def _apply_change(self, change: Change, touched: Touched, keep: set[str]) -> int:
        if change.record is not None:
            store_state(self.db, change.record, touched)
            return 0
        member = str(change.member_id) if change.member_id else None
        if member is None:
            return 0
        if change.scope is ScopeOp.GRANT:
            keep.discard(member)
            for state in change.records:
                store_state(self.db, state, touched)
            touched.members.add(member)
            touched.fact_members.add(member)  # its facts may be computed from nothing so far
            return 0
        if change.scope is ScopeOp.REVOKE:
            if unsent_for(self.db, member):
                keep.add(member)
                return 0
            flush(self.db, touched)  # the page's queued rows first: the purge must see them
            purge_member(self.db, member)
            touched.held = None  # rows were deleted behind it: later records of this page read their own
            keep.discard(member)
            self._audit(AuditAction.REVOCATION, "member", member)
            return 1
        return 0

    def begin_snapshot(self) -> SnapshotStart:
        """The snapshot to run: the one under way if its pages were stored under the current server epoch (resume
        from the next page, same mark), else a new one. The mark tags the records of one complete snapshot; those
        not marked by its last page are dropped."""
        values = sync_state.read_all(self.db)
        mark, token = values.get(SNAPSHOT_MARK), values.get(SNAPSHOT_TOKEN)
        if mark and token and values.get(SNAPSHOT_EPOCH) == values.get(SERVER_EPOCH):
            return SnapshotStart(mark, token, values.get(SNAPSHOT_FRESH) == "1")
        return SnapshotStart(str(uuid7()), fresh=self.db.scalar("SELECT 1 FROM record LIMIT 1") is None)

    def forget_snapshot(self) -> None:
        """The stored token was refused (stale, or past the purge horizon): the next snapshot starts over."""
        self.put(_SNAPSHOT_KEYS)

    def apply_snapshot_page(self, page: SnapshotResponse, mark: str, *, fresh: bool = False) -> int:
        """One transaction per page; the last page also sweeps, and sets the cursor (SYNC_PROTOCOL §6.4).

        Snapshot states replace what is held even if older-numbered: after a server restore the new epoch's
        numbers may be lower, and within an epoch the snapshot is at least as new as anything pulled.
        Each page stores the token of the next one with it (resume after a crash); the panel's contact columns are
        computed once, on the last page, for every member (a member's records span many pages).
        """
        with self.db.transaction():
            touched = Touched(overlaid=overlaid_records(self.db, page.snapshot_seq),
                              held=held_rows(self.db, page.records), contacts=False)  # fmt: skip
            half = len(page.records) // 2
            for index, state in enumerate(page.records):
                if index == half:
                    crashpoint("mid_snapshot_page")
                store_state(self.db, state, touched, force=True, mark=mark)
            if page.has_more:
                finish(self.db, touched, page.snapshot_seq)
                if page.snapshot_token:
                    sync_state.put(self.db, {SNAPSHOT_TOKEN: page.snapshot_token, SNAPSHOT_MARK: mark,
                                             SNAPSHOT_EPOCH: sync_state.get(self.db, SERVER_EPOCH),
                                             SNAPSHOT_FRESH: "1" if fresh else None})  # fmt: skip
                return len(page.records)
            if page.cursor is None:
                raise SyncError(SyncErrorKind.PROTOCOL, detail="last snapshot page without a cursor")
            sweep_unmarked(self.db, None if fresh else mark, touched)
            finish(self.db, touched, page.snapshot_seq)
            member_index.refresh_contact_columns(self.db, None)
            sync_state.put(self.db, {CURSOR: page.cursor, CURSOR_SEQ: page.snapshot_seq, RECOVERY: None,
                                     **_SNAPSHOT_KEYS})  # fmt: skip
            self._drop_acked(page.snapshot_seq)
            self._purge_ready()
            self._audit(AuditAction.SYNC_PULL, "snapshot", str(len(page.records)))
        return len(page.records)

    def start_resync(self) -> None:
        """410 resync_required: forget the cursor (the next pull is a snapshot). The outbox is untouched."""
        self.put({CURSOR: None})

    def begin_epoch_recovery(self, epoch: str) -> int:
        """The server was restored (SYNC_PROTOCOL §6.8): every retained row goes out again with its mutation id,
        then a fresh snapshot. Returns the rows queued. Recorded first, so a crash resumes the recovery."""
        with self.db.transaction():
            queued = self.db.execute(
                "UPDATE outbox SET state = 'pending', batch_id = NULL WHERE state IN ('pending', 'in_flight') "
                "OR (wire_seq IS NOT NULL AND state IN ('acked', 'conflict', 'rejected'))").rowcount  # fmt: skip
            sync_state.put(self.db, {SERVER_EPOCH: epoch, CURSOR: None, CURSOR_SEQ: 0, RECOVERY: "epoch"})
        return int(queued or 0)

    # ---- hello, outcome, status -------------------------------------------------------------------------

    def record_hello(self, hello: HelloResponse) -> None:
        """The lease is anchored on the server's clock and measured with the local one (SYNC_PROTOCOL §6.9).

        Written at once only when something the lease check reads changed: a new expiry, or stored anchors that
        no longer give the server's time within LEASE_ANCHOR_TOLERANCE. The readings every hello takes (last
        local/server time) go with the outcome's one transaction (``record_outcome``): a no-op sync commits once.
        """
        now = self._clock()
        state = self.state()
        self._deferred = {sync_state.LAST_LOCAL_TIME: now, sync_state.LAST_SERVER_TIME: hello.server_time}
        values: dict[str, Any] = {}
        if _changed(state.get(sync_state.LEASE_EXPIRES_AT), hello.device.lease_expires_at) \
                or _anchor_off(state, now, hello.server_time):  # fmt: skip
            values |= {sync_state.LEASE_EXPIRES_AT: hello.device.lease_expires_at,
                       sync_state.LEASE_SERVER_TIME: hello.server_time, sync_state.LEASE_LOCAL_TIME: now}  # fmt: skip
        if _changed(state.get(sync_state.SERVER_LAST_CLIENT_SEQ), hello.last_client_seq):
            values[sync_state.SERVER_LAST_CLIENT_SEQ] = hello.last_client_seq
        if values:
            self.put(values | self._deferred)
            self._deferred = {}

    def record_outcome(self, error: SyncError | None) -> None:
        """One transaction with the hello's readings; keys already absent are not deleted again."""
        now = self._clock()
        if error is None:
            values: dict[str, Any] = {sync_state.LAST_SYNC_AT: now, sync_state.LAST_ERROR_KIND: None,
                                      sync_state.LAST_ERROR_MESSAGE: None, sync_state.LAST_ERROR_AT: None}  # fmt: skip
        else:
            values = {sync_state.LAST_ERROR_KIND: error.kind.value, sync_state.LAST_ERROR_MESSAGE: error.message,
                      sync_state.LAST_ERROR_AT: now}  # fmt: skip
        state = self.state()
        values = {k: v for k, v in (self._deferred | values).items() if v is not None or k in state}
        self._deferred = {}
        self.put(values)

    def open_conflict_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM record WHERE kind = 'conflict' AND deleted = 0 "
                                  "AND json_extract(body, '$.status') = 'open'") or 0)  # fmt: skip

    def _drop_acked(self, cursor_seq: int) -> None:
        """Answered rows the pull has passed, once the epoch grace period is over (SYNC_PROTOCOL §6.8)."""
        cutoff = (self._clock() - self._retention).astimezone(UTC).isoformat()
        self.db.execute("DELETE FROM outbox WHERE state IN ('acked', 'conflict') AND COALESCE(applied_seq, 0) <= ? "
                        "AND COALESCE(json_extract(result, '$.acked_at'), '') <= ?", (cursor_seq, cutoff))  # fmt: skip


LEASE_ANCHOR_TOLERANCE = timedelta(seconds=60)  # against a lease of days; a clock moved by a person is hours


def _changed(stored: str | None, value: str | int | datetime) -> bool:
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return stored != text


def _anchor_off(state: dict[str, str], now: datetime, server_time: datetime) -> bool:
    """Whether the stored anchors misjudge the server's time now (a clock moved, drift): anchor again."""
    server_anchor = parse_time(state.get(sync_state.LEASE_SERVER_TIME))
    local_anchor = parse_time(state.get(sync_state.LEASE_LOCAL_TIME))
    if server_anchor is None or local_anchor is None:
        return True
    return abs(server_anchor + (now - local_anchor) - server_time) > LEASE_ANCHOR_TOLERANCE
