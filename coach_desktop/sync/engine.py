"""The sync loop (SYNC_PROTOCOL §6.10): hello, push until drained, pull until caught up. Resumable and cancellable.

Plain Python on its own vault connection; a UI runs ``sync_once`` on its network lane and watches ``progress``.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ..domain.base import utc_now
from ..vault import sync_state
from ..vault.database import Database
from ..vault.errors import VaultError
from ..vault.repository import Actor
from ..vault.sync_state import VaultCredentials, parse_time
from ..vault.sync_store import ACKED_RETENTION, PUSH_BATCH_LIMIT, SnapshotStart, SyncStore
from ..vault.vault import Vault
from .crashpoints import crashpoint
from .errors import LeaseExpired, SyncError, SyncErrorKind
from .http_client import SyncClient
from .lease import check_lease
from .progress import Phase, SyncProgress, SyncReport, SyncStatus
from .protocol import DeviceStatus, ErrorCode, HelloResponse, PullResponse, SnapshotRequest, SnapshotResponse, WipeAck

PULL_LIMIT = 500
SNAPSHOT_LIMIT = 1000
MAX_ROUNDS = 4  # a resync or an epoch recovery restarts the round; never loop forever
MAX_RENUMBERS = 3
REVOKE_PUSH_ROUNDS = 2  # a revoke waits for this many extra pushes before its member is kept-then-purged
Wiper = Callable[[str], object]
VAULT_CLOSED = "Sync stopped because the vault was locked or could not be written. Your changes are saved."


class SyncEngine:
    def __init__(
        self, vault_db: Database, client: SyncClient, clock: Callable[[], datetime] = utc_now, *,
        actor: Actor | None = None, wipe: Wiper | None = None, progress: SyncProgress | None = None,
        acked_retention: timedelta = ACKED_RETENTION, push_limit: int = PUSH_BATCH_LIMIT,
        pull_limit: int = PULL_LIMIT, snapshot_limit: int = SNAPSHOT_LIMIT,
    ) -> None:  # fmt: skip
        actor = actor or Actor(sync_state.get(vault_db, sync_state.USER_ID) or "sync",
                               sync_state.get(vault_db, sync_state.DEVICE_ID) or "")  # fmt: skip
        self.store = SyncStore(vault_db, actor, clock, acked_retention=acked_retention)
        self.client = client
        self.progress = progress or SyncProgress()
        self._clock = clock
        self._wipe = wipe
        self._limits = (push_limit, pull_limit, snapshot_limit)
        self._lock = threading.Lock()  # one sync at a time per engine

    @classmethod
    def for_vault(cls, vault: Vault, client: SyncClient | None = None, **options: object) -> SyncEngine:
        """The usual wiring: the sync lane's own connection, the vault's actor, and its crypto-erase."""
        db = vault.connect()
        return cls(db, client or client_for(db), actor=vault.actor, wipe=vault.wipe, **options)  # type: ignore[arg-type]

    # ---- one sync -------------------------------------------------------------------------------------

    def sync_once(self, cancel: threading.Event | None = None) -> SyncReport:
        """Run the loop once. Never raises SyncError: the report carries it (and sync_state records it)."""
        report = SyncReport()
        with self._lock:
            self.progress.reset()
            try:
                self._run(report, cancel)
            except SyncError as exc:
                report.error = exc
            except VaultError:  # locked (idle logoff) or unwritable mid-sync: whatever committed stays committed
                report.error = SyncError(SyncErrorKind.CANCELLED, VAULT_CLOSED)
            self._finish(report)
        return report

    def _run(self, report: SyncReport, cancel: threading.Event | None) -> None:
        for _ in range(MAX_ROUNDS):
            try:
                self._round(report, cancel)
                return
            except SyncError as exc:
                if exc.kind is SyncErrorKind.RESYNC:
                    self.store.start_resync()  # the outbox is untouched (rule 7)
                    report.notes.append("resync")
                    continue
                if exc.kind is SyncErrorKind.EPOCH_CHANGED:
                    self._recover_epoch(self.store.get(sync_state.SERVER_EPOCH) or "", report)
                    continue
                if exc.kind is SyncErrorKind.DEVICE_REVOKED:
                    self._revoked(exc, report)
                raise
        raise SyncError(SyncErrorKind.PROTOCOL, detail="sync did not settle")

    def _round(self, report: SyncReport, cancel: threading.Event | None) -> None:
        hello = self._hello(report, cancel)
        sent = self._push(report, cancel)
        if hello.device.retire or hello.device.status is DeviceStatus.RETIRING:
            self._retire(report)
            return
        cursor, cursor_seq = self.store.cursor()
        if cursor is None:
            self._snapshot(report, cancel)
        elif sent == 0 and cursor_seq >= hello.server_seq and self.store.unsent_count() == 0:
            return  # nothing committed since our cursor and nothing of ours to bring back: the pull would be empty
        self._pull(report, cancel)

    def _hello(self, report: SyncReport, cancel: threading.Event | None) -> HelloResponse:
        self._phase(Phase.HELLO)
        hello = self.client.hello(cancel)
        if hello.device.wipe or hello.device.status is DeviceStatus.REVOKED:
            raise SyncError(SyncErrorKind.DEVICE_REVOKED, wipe=hello.device.wipe)
        self.store.record_hello(hello)
        epoch = str(hello.server_epoch)
        known = self.store.get(sync_state.SERVER_EPOCH)
        if known is None:
            self.store.put({sync_state.SERVER_EPOCH: epoch})
        elif known != epoch:
            self._recover_epoch(epoch, report)
        return hello

    def _recover_epoch(self, epoch: str, report: SyncReport) -> None:
        """Re-push every retained intent with its mutation id, then re-snapshot (the round does both)."""
        self._phase(Phase.RECOVERING)
        queued = self.store.begin_epoch_recovery(epoch)
        report.epoch_recovered = True
        report.notes.append(f"epoch recovery: {queued} change(s) sent again")

    # ---- push -----------------------------------------------------------------------------------------

    def _push(self, report: SyncReport, cancel: threading.Event | None) -> int:
        """Push until nothing sendable is left; returns the mutations the server answered."""
        self._phase(Phase.PUSHING)
        limit = self._limits[0]
        renumbered = settled = sent = 0
        while True:
            _check(cancel)
            batch = self.store.next_batch(limit)
            if batch is None:
                return sent
            try:
                response = self.client.push(batch.request, cancel)
            except SyncError as exc:
                if exc.code == ErrorCode.EXPECTED_CLIENT_SEQ and exc.expected_client_seq \
                        and renumbered < MAX_RENUMBERS + settled:  # fmt: skip
                    self.store.renumber(batch, exc.expected_client_seq)
                    renumbered += 1
                    continue
                if exc.code == ErrorCode.KEY_REUSE and settled < PUSH_BATCH_LIMIT:
                    # The first mutation the server has not taken under this device is the one it refused.
                    self.store.settle_reused(batch, self.client.hello(cancel).last_client_seq + 1)
                    settled += 1
                    continue
                if exc.code == ErrorCode.TOO_LARGE and len(batch.rows) > 1:
                    self.store.release(batch)
                    limit = max(1, len(batch.rows) // 2)
                    continue
                raise
            crashpoint("after_response_received_before_local_commit")
            outcome = self.store.apply_push_results(batch, response)
            if outcome.answered == 0:
                raise SyncError(SyncErrorKind.PROTOCOL, detail="the server answered none of the batch")
            report.pushed += outcome.answered
            sent += outcome.answered
            report.conflicts += outcome.conflicts
            report.rejected += outcome.rejected
            report.quarantined += outcome.quarantined
            self.progress.add(pushed=outcome.answered)
            self._counts()

    # ---- pull -----------------------------------------------------------------------------------------

    def _snapshot(self, report: SyncReport, cancel: threading.Event | None) -> None:
        """Snapshot pages until the last (SYNC_PROTOCOL §6.4). Each page commits with the next page's token, so a
        sync cut short resumes from the next page; a stored token the server refuses (410 past the purge horizon,
        400) starts the snapshot over."""
        self._phase(Phase.SNAPSHOT)
        report.snapshot = True
        start = self.store.begin_snapshot()
        pulled = report.pulled
        try:
            self._snapshot_pages(report, cancel, start)
        except SyncError as exc:
            refused = exc.kind is SyncErrorKind.RESYNC or (exc.kind is SyncErrorKind.PROTOCOL and exc.status == 400)
            if start.token is None or report.pulled != pulled or not refused:
                raise
            self.store.forget_snapshot()
            report.notes.append("snapshot restarted")
            self._snapshot_pages(report, cancel, self.store.begin_snapshot())

    def _snapshot_pages(self, report: SyncReport, cancel: threading.Event | None, start: SnapshotStart) -> None:
        device_id = uuid.UUID(self.store.get(sync_state.DEVICE_ID) or "")
        limit = self._limits[2]

        def fetch(token: str | None, halt: threading.Event) -> SnapshotResponse:
            return self.client.snapshot(SnapshotRequest(device_id=device_id, snapshot_token=token, limit=limit), halt)

        token = start.token
        with _Feed(self.client, fetch, _next_token, token, cancel) as feed:
            while True:
                _check(cancel)
                page: SnapshotResponse = feed.next()
                crashpoint("after_response_received_before_local_commit")
                applied = self.store.apply_snapshot_page(page, start.mark, fresh=start.fresh)
                report.pulled += applied
                self.progress.add(pulled=applied)
                if not page.has_more:
                    return
                if not page.snapshot_token or page.snapshot_token == token:
                    raise SyncError(SyncErrorKind.PROTOCOL, detail="snapshot did not advance")
                token = page.snapshot_token

    def _pull(self, report: SyncReport, cancel: threading.Event | None) -> None:
        self._phase(Phase.PULLING)
        waited = 0
        while not self._pull_pages(report, cancel, waited >= REVOKE_PUSH_ROUNDS):
            # a revoked member still has unsent rows: push them first (§6.7), then pull again
            waited += 1
            self._push(report, cancel)
            self._phase(Phase.PULLING)

    def _pull_pages(self, report: SyncReport, cancel: threading.Event | None, force_revoke: bool) -> bool:
        """Pull pages until caught up (True), or until a page is blocked by a revoke (False: nothing applied)."""
        cursor = self.store.cursor()[0]
        limit = self._limits[1]

        def fetch(at: str | None, halt: threading.Event) -> PullResponse:
            return self.client.pull(at, limit, halt)

        with _Feed(self.client, fetch, _next_cursor, cursor, cancel) as feed:
            while True:
                _check(cancel)
                page: PullResponse = feed.next()
                crashpoint("after_response_received_before_local_commit")
                outcome = self.store.apply_pull_page(page, force_revoke=force_revoke)
                if outcome.blocked:
                    return False
                if outcome.kept:
                    report.notes.append(f"{outcome.kept} revoked member(s) kept until their changes are sent")
                report.pulled += outcome.applied
                self.progress.add(pulled=outcome.applied)
                if not page.has_more:
                    return True
                if page.next_cursor == cursor:
                    raise SyncError(SyncErrorKind.PROTOCOL, detail="pull did not advance")
                cursor = page.next_cursor

    # ---- device lifecycle -----------------------------------------------------------------------------

    def _revoked(self, exc: SyncError, report: SyncReport) -> None:
        """Revoked (401/403 device_revoked, never a generic 401): crypto-erase, then a best-effort wipe-ack.

        The erase comes first: it is local and quick (SECURITY R16: ≤ 10 s), and the access token the ack needs
        is in memory, so it survives the erase. A kill between the two leaves an erased device, never the reverse.
        """
        if exc.wipe is False:
            return  # revoked without a wipe request: stop syncing, keep the data (the organisation's choice)
        self._erase("device_revoked", report)

    def _retire(self, report: SyncReport) -> None:
        """Retiring (SYNC_PROTOCOL §6.9): push everything, never pull; once nothing is unsent, erase and ack."""
        if self.store.unsent_count() == 0:
            self._erase("device_retired", report)

    def _erase(self, reason: str, report: SyncReport) -> None:
        if self._wipe is None:
            raise SyncError(SyncErrorKind.DEVICE_REVOKED, "This computer must be erased, but no erase was set up.")
        self._phase(Phase.WIPING)
        device_id = self.store.get(sync_state.DEVICE_ID)
        self._wipe(reason)
        report.wiped = True
        if device_id:
            self.client.wipe_ack(WipeAck(device_id=uuid.UUID(device_id), wiped_at=self._clock()))
        self.client.close()

    # ---- bookkeeping ----------------------------------------------------------------------------------

    def _finish(self, report: SyncReport) -> None:
        if report.wiped:
            self.progress.update(phase=Phase.DONE, pending=0, conflicts=0)
            return
        try:
            self.store.record_outcome(report.error)
            report.pending = self.store.unsent_count()
            report.open_conflicts = self.store.open_conflict_count()
        except VaultError:
            pass  # locked meanwhile: the report still says what happened
        error = report.error
        self.progress.update(phase=Phase.DONE if error is None else Phase.FAILED, pending=report.pending,
                             conflicts=report.open_conflicts, last_error=error.message if error else None,
                             last_error_kind=error.kind.value if error else None)  # fmt: skip

    def _phase(self, phase: Phase) -> None:
        self.progress.update(phase=phase)

    def _counts(self) -> None:
        self.progress.update(pending=self.store.unsent_count(), conflicts=self.store.open_conflict_count())


def _next_token(page: SnapshotResponse, token: str | None) -> str | None:
    return page.snapshot_token if page.has_more and page.snapshot_token and page.snapshot_token != token else None


def _next_cursor(page: PullResponse, cursor: str | None) -> str | None:
    return page.next_cursor if page.has_more and page.next_cursor != cursor else None


class _Feed:
    """Fetches page n+1 on a thread of its own while the caller applies page n, so a sync takes about
    max(network + server, apply) instead of their sum. One page waits at most (a bounded queue); pages and errors
    come out in the order fetched. Leaving the ``with`` stops the thread: the request in flight is abandoned at its
    next cancel check (or its timeout), and a page fetched but not applied is simply fetched again next time.

    ``fetch(arg, halt)`` gets one page; ``follow(page, arg)`` is the next page's arg, or None after the last.
    The client's device is pinned meanwhile, so the thread never waits for the vault the applying thread holds.
    """

    _POLL = 0.05  # seconds between cancel checks while waiting

    def __init__(self, client: SyncClient, fetch: Callable[[Any, threading.Event], Any],
                 follow: Callable[[Any, Any], Any], first: Any, cancel: threading.Event | None) -> None:  # fmt: skip
        self._client = client
        self._cancel = cancel
        self._halt = threading.Event()
        self._pages: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._run, args=(fetch, follow, first), name="sync-feed", daemon=True)

    def __enter__(self) -> _Feed:
        self._client.pin_device()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._halt.set()
        self._thread.join()
        self._client.unpin_device()

    def _run(self, fetch: Callable[[Any, threading.Event], Any], follow: Callable[[Any, Any], Any], arg: Any) -> None:
        while True:
            try:
                page = fetch(arg, self._halt)
            except BaseException as exc:  # handed to the applying thread, raised there in order
                self._put((None, exc))
                return
            arg = follow(page, arg)
            if not self._put((page, None)) or arg is None:
                return

    def _put(self, item: tuple[Any, BaseException | None]) -> bool:
        while not self._halt.is_set():
            try:
                self._pages.put(item, timeout=self._POLL)
                return True
            except queue.Full:
                continue
        return False

    def next(self) -> Any:
        while True:
            if self._cancel is not None and self._cancel.is_set():
                raise SyncError(SyncErrorKind.CANCELLED)
            try:
                page, error = self._pages.get(timeout=self._POLL)
            except queue.Empty:
                if not self._thread.is_alive() and self._pages.empty():
                    raise SyncError(SyncErrorKind.PROTOCOL, detail="no further page") from None
                continue
            if error is not None:
                raise error
            return page


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise SyncError(SyncErrorKind.CANCELLED)


def client_for(db: Database, **options: object) -> SyncClient:
    """A client for the server this vault is enrolled with, its credentials read from (and saved to) the vault."""
    url = sync_state.get(db, sync_state.SERVER_URL)
    if not url:
        raise SyncError(SyncErrorKind.AUTH, "This computer is not enrolled with a Coach server yet.")
    return SyncClient(url, VaultCredentials(db), ca_bundle=sync_state.get(db, sync_state.CA_BUNDLE),
                      **options)  # type: ignore[arg-type]


def sync_status(db: Database, now: datetime | None = None) -> SyncStatus:
    """The standing picture, from the vault only (no network)."""
    values = sync_state.read_all(db)
    store = SyncStore(db, Actor("status", ""))
    try:
        check_lease(values, now or utc_now())
        lease_ok = True
    except LeaseExpired:
        lease_ok = False
    cursor_seq = values.get(sync_state.CURSOR_SEQ)
    return SyncStatus(
        enrolled=sync_state.DEVICE_ID in values, server_url=values.get(sync_state.SERVER_URL),
        device_id=values.get(sync_state.DEVICE_ID), pending=store.unsent_count(), rejected=store.rejected_count(),
        open_conflicts=store.open_conflict_count(), last_sync_at=parse_time(values.get(sync_state.LAST_SYNC_AT)),
        cursor_seq=int(cursor_seq) if cursor_seq and sync_state.CURSOR in values else None,
        last_error_kind=values.get(sync_state.LAST_ERROR_KIND),
        last_error_message=values.get(sync_state.LAST_ERROR_MESSAGE),
        lease_expires_at=parse_time(values.get(sync_state.LEASE_EXPIRES_AT)), lease_ok=lease_ok,
    )  # fmt: skip
