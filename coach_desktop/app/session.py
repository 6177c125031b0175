"""The shell's unlock and lock logic, without widgets: KDF on a lane, offline lease, drafts kept across a lock.

Unlock runs on the db lane (the KDF takes about a second; the GUI thread never waits for it), then checks the
offline lease (SECURITY R17). An expired lease on an enrolled vault gets one check-in sync on the net lane
before giving up, because a successful sync is the only thing that renews it. Lock drops every answer still
in flight, stops the sync scheduler, writes the pages' unsaved text into the vault's ``draft`` table and only
then closes the vault (SECURITY R2: connection closed, key zeroized).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from ..domain.base import utc_now
from ..sync.errors import LeaseExpired, SyncError, SyncErrorKind
from ..sync.lease import LeaseStatus, require_lease
from ..vault import drafts as draft_store
from ..vault import sync_state
from ..vault.backoff import MAX_FAILURES
from ..vault.errors import (
    BackoffActive,
    KeyFileDamaged,
    NoVault,
    VaultBusy,
    VaultCorrupt,
    VaultError,
    VaultWiped,
    WrongPassphrase,
)
from ..vault.keyslots import KeyEnvelope
from ..vault.vault import Vault

_log = logging.getLogger(__name__)
Drafts = dict[str, dict[str, str]]
GENERIC_FAILURE = "Something went wrong. Your saved work is safe; try again, and tell IT if it keeps happening."


class Runner(Protocol):
    """The background lanes (``ui.background.Lanes``), seen from here without importing Qt."""

    def run_db(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Future[Any]: ...  # fmt: skip

    def run_net(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None) -> Future[Any]: ...  # fmt: skip

    def invalidate(self) -> None: ...


class Stoppable(Protocol):
    def stop(self) -> None: ...


class SessionState(StrEnum):
    LOCKED = "locked"
    UNLOCKING = "unlocking"
    UNLOCKED = "unlocked"
    LOCKING = "locking"


class ProblemKind(StrEnum):
    WRONG_PASSPHRASE = "wrong_passphrase"  # noqa: S105 - a kind of problem, not a secret
    BACKOFF = "backoff"  # too many wrong tries: wait
    DAMAGED = "damaged"  # key file or database damaged: IT
    IN_USE = "in_use"  # another window or coachctl holds the vault
    ERASED = "erased"  # wiped (lockout limit, revocation): enrol again
    NO_VAULT = "no_vault"
    LEASE_EXPIRED = "lease_expired"
    OTHER = "other"


@dataclass(frozen=True)
class UnlockProblem:
    kind: ProblemKind
    message: str  # PHI-free, English (the lock screen shows its own translated line for the common kinds)
    wait_seconds: float = 0.0
    failures: int = 0
    remaining_before_erase: int = MAX_FAILURES


@dataclass(frozen=True)
class Gate:
    """The back-off as it stands before the next try (for the lock screen's countdown and warnings)."""

    failures: int = 0
    wait_seconds: float = 0.0
    remaining_before_erase: int = MAX_FAILURES
    needs_online_reauth: bool = False
    erases_on_failure: bool = False


@dataclass(frozen=True)
class UnlockInfo:
    user_id: str
    enrolled: bool
    lease: LeaseStatus


@dataclass(frozen=True)
class LockOutcome:
    drafts_kept: int
    warning: str | None = None  # the drafts could not be written (the vault is locked all the same)


def problem_for(exc: BaseException) -> UnlockProblem:
    """Sort an unlock failure into what the nurse must do next; messages carry no PHI."""
    if isinstance(exc, WrongPassphrase):
        return UnlockProblem(ProblemKind.WRONG_PASSPHRASE, exc.message, failures=exc.failures,
                             remaining_before_erase=exc.remaining_before_erase)  # fmt: skip
    if isinstance(exc, BackoffActive):
        return UnlockProblem(ProblemKind.BACKOFF, exc.message, wait_seconds=exc.wait_seconds, failures=exc.failures,
                             remaining_before_erase=max(0, MAX_FAILURES - exc.failures))  # fmt: skip
    kinds: tuple[tuple[type[BaseException], ProblemKind], ...] = (
        (VaultWiped, ProblemKind.ERASED), (NoVault, ProblemKind.NO_VAULT), (VaultBusy, ProblemKind.IN_USE),
        (KeyFileDamaged, ProblemKind.DAMAGED), (VaultCorrupt, ProblemKind.DAMAGED),
        (LeaseExpired, ProblemKind.LEASE_EXPIRED),
    )  # fmt: skip
    for exc_type, kind in kinds:
        if isinstance(exc, exc_type):
            return UnlockProblem(kind, str(getattr(exc, "message", GENERIC_FAILURE)))
    if isinstance(exc, SyncError) and exc.kind is SyncErrorKind.DEVICE_REVOKED:
        return UnlockProblem(ProblemKind.ERASED, exc.message)
    if isinstance(exc, (VaultError, SyncError)):
        return UnlockProblem(ProblemKind.OTHER, exc.message)
    _log.error("unlock failed: %s", type(exc).__name__)  # the type only: a message could hold anything
    return UnlockProblem(ProblemKind.OTHER, GENERIC_FAILURE)


def read_gate(vault: Vault, now: datetime | None = None) -> Gate:
    """Back-off state from the key envelope (and its keyring mirror): a file read, no KDF. Run it on a lane."""
    decision = KeyEnvelope.load(vault.key_path).backoff_status(now=now)
    return Gate(decision.failures, decision.wait_seconds, decision.remaining_before_erase,
                decision.needs_online_reauth, decision.erases_on_failure)  # fmt: skip


def check_in(vault: Vault) -> None:
    """One sync to renew an expired lease (the sync engine on its own connection); raises its error."""
    from ..sync.engine import SyncEngine  # imported here: a vault that is never enrolled never loads the client

    report = SyncEngine.for_vault(vault).sync_once()
    if report.error is not None:
        raise report.error


class Session:
    """One vault's unlock/lock life cycle. Call from the GUI thread; callbacks come back on it (through the lanes)."""

    def __init__(
        self, vault: Vault, runner: Runner, *, lease_check: Callable[[Vault], LeaseStatus] = require_lease,
        check_in: Callable[[Vault], None] = check_in, clock: Callable[[], datetime] = utc_now,
    ) -> None:  # fmt: skip
        self.vault = vault
        self._runner = runner
        self._lease_check = lease_check
        self._check_in = check_in
        self._clock = clock
        self._state = SessionState.UNLOCKED if not vault.is_locked else SessionState.LOCKED
        self.scheduler: Stoppable | None = None  # set by the composition root once sync runs
        self._restored: dict[str, set[str]] = {}  # draft fields handed back to each page at the last unlock

    @property
    def state(self) -> SessionState:
        return self._state

    # ---- unlock ------------------------------------------------------------------------------

    def gate(self, on_done: Callable[[Gate], None], on_problem: Callable[[UnlockProblem], None]) -> None:
        self._runner.run_db(lambda: read_gate(self.vault), on_done, lambda exc: on_problem(problem_for(exc)))

    def unlock(self, passphrase: str, on_unlocked: Callable[[UnlockInfo], None],
               on_problem: Callable[[UnlockProblem], None]) -> None:  # fmt: skip
        """KDF, open and migrate on the db lane; then the lease. ``on_problem`` leaves the vault locked."""
        if self._state is not SessionState.LOCKED:
            return
        self._state = SessionState.UNLOCKING

        def failed(exc: BaseException) -> None:
            self._state = SessionState.LOCKED  # _open never leaves the vault open on a failure
            on_problem(problem_for(exc))

        def opened(info: UnlockInfo | LeaseExpired) -> None:
            if isinstance(info, LeaseExpired):
                self._renew_lease(info, on_unlocked, on_problem)
            else:
                self._state = SessionState.UNLOCKED
                on_unlocked(info)

        self._runner.run_db(lambda: self._open(passphrase), opened, failed)

    def resume(self, on_unlocked: Callable[[UnlockInfo], None], on_problem: Callable[[UnlockProblem], None]) -> None:
        """The vault was unlocked outside the session (just created by the first-run wizard): finish as an unlock."""
        self._state = SessionState.UNLOCKING

        def opened(info: UnlockInfo) -> None:
            self._state = SessionState.UNLOCKED
            on_unlocked(info)

        def failed(exc: BaseException) -> None:
            problem = problem_for(exc)
            self._runner.run_db(self._close_quietly, lambda _: self._report_locked(problem, on_problem))

        self._runner.run_db(self._info, opened, failed)

    def _open(self, passphrase: str) -> UnlockInfo | LeaseExpired:
        self.vault.unlock(passphrase)
        try:
            return self._info()
        except LeaseExpired as exc:
            return exc  # the vault stays open for the check-in sync only; nothing is shown meanwhile
        except BaseException:
            self.vault.lock()
            raise

    def _info(self) -> UnlockInfo:
        lease = self._lease_check(self.vault)
        enrolled = sync_state.get(self.vault.database(), sync_state.DEVICE_ID) is not None
        return UnlockInfo(self.vault.actor.user_id, enrolled, lease)

    def _renew_lease(self, expired: LeaseExpired, on_unlocked: Callable[[UnlockInfo], None],
                     on_problem: Callable[[UnlockProblem], None]) -> None:  # fmt: skip
        def renewed(info: UnlockInfo) -> None:
            self._state = SessionState.UNLOCKED
            on_unlocked(info)

        def still_expired(exc: BaseException) -> None:
            _log.info("check-in after an expired lease failed: %s", type(exc).__name__)
            problem = UnlockProblem(ProblemKind.LEASE_EXPIRED, expired.message)
            if problem_for(exc).kind is ProblemKind.ERASED:
                problem = problem_for(exc)
            self._runner.run_db(self._close_quietly, lambda _: self._report_locked(problem, on_problem))

        def sync_then_check() -> UnlockInfo:
            self._check_in(self.vault)
            return self._info()

        self._runner.run_net(sync_then_check, renewed, still_expired)

    def _close_quietly(self) -> None:
        if not self.vault.is_locked:
            self.vault.lock()

    def _report_locked(self, problem: UnlockProblem, on_problem: Callable[[UnlockProblem], None]) -> None:
        self._state = SessionState.LOCKED
        on_problem(problem)

    # ---- drafts ------------------------------------------------------------------------------

    def load_drafts(self, on_done: Callable[[Drafts], None]) -> None:
        """After unlock: every kept draft, for the pages to put back (they stay in the vault until saved)."""

        def given(drafts: Drafts) -> None:
            self._restored = {page: set(fields) for page, fields in drafts.items()}
            on_done(drafts)

        self._runner.run_db(lambda: draft_store.load_all(self.vault.database()), given)

    # ---- lock --------------------------------------------------------------------------------

    def lock(self, drafts: Mapping[str, Mapping[str, str]],
             on_locked: Callable[[LockOutcome], None] | None = None) -> Future[Any] | None:  # fmt: skip
        """Drop answers in flight, stop sync, keep ``drafts`` encrypted, close the vault. Returns the lane's future
        (the app waits on it when quitting), or None when there was nothing to lock."""
        if self._state in (SessionState.LOCKED, SessionState.LOCKING):
            return None
        self._state = SessionState.LOCKING
        self._runner.invalidate()  # a page can never paint an answer read before the lock
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            scheduler.stop()
        kept = {page: dict(fields) for page, fields in drafts.items()}
        restored, self._restored = self._restored, {}

        def done(outcome: LockOutcome) -> None:
            self._state = SessionState.LOCKED
            if on_locked is not None:
                on_locked(outcome)

        def failed(exc: BaseException) -> None:
            done(LockOutcome(0, GENERIC_FAILURE))  # _save_and_close locks in any case; only the drafts are lost

        return self._runner.run_db(lambda: self._save_and_close(kept, restored), done, failed)

    def _save_and_close(self, drafts: Drafts, restored: dict[str, set[str]]) -> LockOutcome:
        outcome = LockOutcome(0)
        try:
            if not self.vault.is_locked:
                db = self.vault.database()
                with db.transaction():
                    outcome = LockOutcome(draft_store.merge_at_lock(db, drafts, restored, self._clock()))
        except VaultError as exc:
            _log.error("drafts not kept at lock: %s", exc.code)
            outcome = LockOutcome(0, "Your unsaved text could not be kept: " + exc.message)
        finally:
            self.vault.lock()  # always: a failed draft write must never keep the vault open
        return outcome
