"""Sync for the screens: standing status, sync now / cancel, live state, and the conflicts inbox (read and resolve).

Plain Python, no Qt. ``status``, ``conflicts`` and ``resolve*`` read or write the vault and run on the db lane;
``sync_now`` and ``cancel`` only poke the scheduler (it syncs on its own thread and connection). Listeners added
with ``subscribe`` are called on whatever thread produced the news: a Qt adapter (``ui/sync_bridge.py``) re-emits
them on the GUI thread.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..domain.base import utc_now
from ..sync.engine import sync_status
from ..sync.errors import SyncError, SyncErrorKind
from ..sync.progress import ProgressSnapshot, SyncStatus
from ..sync.protocol import ConflictType
from ..vault import panel_queries
from ..vault.conflicts import OpenConflict, list_open_conflicts, resolve_conflict
from ..vault.database import Database
from ..vault.errors import RecordNotFound
from ..vault.repository import ChangeSet
from ..vault.sync_state import parse_time
from ..vault.vault import Vault

if TYPE_CHECKING:
    from ..sync.scheduler import SchedulerState, SyncScheduler

NOT_ENROLLED = "This computer is not enrolled with a Coach server yet. Your work stays on this computer."
StatusListener = Callable[[SyncStatus], None]


class Choice(StrEnum):
    """What the nurse picks, from her point of view; mapped to the repository's proposer-relative choice."""

    KEEP_MINE = "keep_mine"
    KEEP_THEIRS = "keep_theirs"
    EDIT = "edit"


@dataclass(frozen=True)
class FieldConflict:
    """One conflicting field (or, for a record-level conflict, the whole record) as this device sees it.

    ``mine`` is this device's side: its own proposal when it lost, else the value now saved (which it kept).
    ``theirs`` is the other side, with who wrote it and when (``None`` when the vault cannot tell).
    """

    conflict_id: str
    type: str  # ConflictType value: field | edited_after_delete | deleted_after_edit
    field: str | None  # None for the record-level types
    mine: Any
    theirs: Any
    theirs_by: str  # a user id ("" when unknown)
    theirs_by_me: bool  # the same user, on another device
    theirs_at: datetime | None
    proposed_here: bool  # this device's change is the one that lost

    @property
    def editable(self) -> bool:
        """A merged value can be typed: field conflicts whose two sides are plain text."""
        text = (str, type(None))
        return self.type == ConflictType.FIELD and isinstance(self.mine, text) and isinstance(self.theirs, text)


@dataclass(frozen=True)
class ConflictGroup:
    """The open conflicts of one record: one row of the inbox."""

    record_kind: str
    record_id: str
    member_id: str | None
    member_name: str | None  # "Family, Given" from the panel index; None for records without a member
    fields: tuple[FieldConflict, ...]

    @property
    def key(self) -> str:
        return f"{self.record_kind}:{self.record_id}"

    @property
    def conflict_ids(self) -> tuple[str, ...]:
        return tuple(f.conflict_id for f in self.fields)


class SyncService:
    def __init__(self, vault: Vault, scheduler: SyncScheduler | None,
                 clock: Callable[[], datetime] = utc_now) -> None:  # fmt: skip
        self._vault = vault
        self._scheduler = scheduler
        self._clock = clock
        self._status_listeners: list[StatusListener] = []
        self._lock = threading.Lock()
        self._last_status: SyncStatus | None = None

    # ---- standing picture -------------------------------------------------------------------------------

    @property
    def enrolled(self) -> bool:
        """A scheduler exists only for an enrolled device (None = not enrolled: work stays local)."""
        return self._scheduler is not None

    def now(self) -> datetime:
        return self._clock()

    def status(self) -> SyncStatus:
        """From the vault only (db lane): last sync, pending, open conflicts, lease, cursor. Tells listeners too."""
        current = sync_status(self._vault.database(), self._clock())
        self._publish(current)
        return current

    @property
    def last_status(self) -> SyncStatus | None:
        """The latest status any caller read (no vault access: safe on the GUI thread)."""
        with self._lock:
            return self._last_status

    def state(self) -> SchedulerState | None:
        return None if self._scheduler is None else self._scheduler.state

    def progress(self) -> ProgressSnapshot | None:
        return None if self._scheduler is None else self._scheduler.progress.snapshot()

    # ---- actions ----------------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Ask for a sync now (returns at once; the scheduler's state says when it runs and how it ended)."""
        from ..sync.scheduler import Trigger

        self._require_scheduler().request(Trigger.ON_DEMAND)

    def cancel(self) -> None:
        """Stop the running sync between batches; what was committed stays committed."""
        if self._scheduler is not None:
            self._scheduler.cancel()

    def notify_saved(self) -> None:
        """A local write happened: the scheduler syncs soon (debounced)."""
        if self._scheduler is not None:
            self._scheduler.notify_saved()

    # ---- listeners --------------------------------------------------------------------------------------

    def subscribe(self, *, state: Callable[[SchedulerState], None] | None = None,
                  progress: Callable[[ProgressSnapshot], None] | None = None,
                  status: StatusListener | None = None) -> Callable[[], None]:  # fmt: skip
        """Listen to scheduler state, live progress and status reads; returns the function that stops it."""
        undo: list[Callable[[], None]] = []
        if state is not None and self._scheduler is not None:
            undo.append(self._scheduler.subscribe(state))
        if progress is not None and self._scheduler is not None:
            undo.append(self._scheduler.progress.subscribe(progress))
        if status is not None:
            with self._lock:
                self._status_listeners.append(status)
            undo.append(lambda: self._drop_status_listener(status))

        def unsubscribe() -> None:
            for step in undo:
                step()
            undo.clear()

        return unsubscribe

    # ---- conflicts inbox --------------------------------------------------------------------------------

    def conflicts(self) -> list[ConflictGroup]:
        """Open conflicts grouped by record, oldest record first, each field with both sides (db lane)."""
        db = self._vault.database()
        me = self._vault.actor.user_id
        groups: dict[tuple[str, str], list[OpenConflict]] = {}
        for conflict in list_open_conflicts(db):
            groups.setdefault((conflict.record_kind, conflict.record_id), []).append(conflict)
        members = {c.member_id for found in groups.values() for c in found if c.member_id}
        names = {i: f"{r.family_name}, {r.given_name}" for i, r in panel_queries.rows_for(db, sorted(members)).items()}
        result = []
        for (kind, record_id), found in groups.items():
            written = _server_stamp(db, kind, record_id)
            member_id = found[0].member_id
            fields = tuple(sorted((_field_conflict(c, written, me) for c in found), key=lambda f: f.field or ""))
            result.append(ConflictGroup(kind, record_id, member_id, names.get(member_id or ""), fields))
        return result

    def resolve(self, conflict_id: str, choice: Choice | str, value: Any = None) -> ChangeSet:
        """Close one conflict with an ordinary mutation (works offline); the scheduler sends it soon after."""
        change = self._resolve_one(conflict_id, Choice(choice), value)
        self._after_resolve()
        return change

    def resolve_all(self, conflict_ids: Sequence[str], choice: Choice | str) -> list[ChangeSet]:
        """The same choice for every field of a record (keep mine or keep theirs; edit is per field)."""
        picked = Choice(choice)
        if picked is Choice.EDIT:
            raise ValueError("edit is chosen field by field")
        changes = [self._resolve_one(conflict_id, picked, None) for conflict_id in conflict_ids]
        self._after_resolve()
        return changes

    # ---- internals --------------------------------------------------------------------------------------

    def _resolve_one(self, conflict_id: str, choice: Choice, value: Any) -> ChangeSet:
        db = self._vault.database()
        found = next((c for c in list_open_conflicts(db) if c.id == conflict_id), None)
        if found is None:
            raise RecordNotFound("This conflict was already resolved.")
        return resolve_conflict(self._vault.repository(), conflict_id, _repository_choice(choice, found), value)

    def _after_resolve(self) -> None:
        self.notify_saved()
        self.status()  # the counts changed: tell the status bar

    def _require_scheduler(self) -> SyncScheduler:
        if self._scheduler is None:
            raise SyncError(SyncErrorKind.AUTH, NOT_ENROLLED)
        return self._scheduler

    def _publish(self, current: SyncStatus) -> None:
        with self._lock:
            self._last_status = current
            listeners = list(self._status_listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a broken screen must not break a read
                listener(current)

    def _drop_status_listener(self, listener: StatusListener) -> None:
        with self._lock:
            if listener in self._status_listeners:
                self._status_listeners.remove(listener)


def _repository_choice(choice: Choice, conflict: OpenConflict) -> str:
    """The repository's "mine" is the proposed value. On the device that did not propose it, "keep mine" is the
    value already saved, i.e. the repository's "theirs"."""
    if choice is Choice.EDIT:
        return "edit"
    keep_proposal = (choice is Choice.KEEP_MINE) == conflict.proposed_here
    return "mine" if keep_proposal else "theirs"


def _field_conflict(c: OpenConflict, written: tuple[str, datetime | None], me: str) -> FieldConflict:
    if c.proposed_here:  # my change lost: theirs is what the server kept, stamped by whoever last wrote the record
        mine, theirs, (by, at) = c.proposed_value, c.server_value, written
    else:  # someone else's change lost against what this device holds
        mine, theirs, by, at = c.server_value, c.proposed_value, c.proposed_by_user, _uuid7_time(c.id)
    return FieldConflict(
        conflict_id=c.id, type=c.type, field=c.field, mine=mine, theirs=theirs, theirs_by=by,
        theirs_by_me=bool(by) and by == me, theirs_at=at, proposed_here=c.proposed_here,
    )  # fmt: skip


def _server_stamp(db: Database, kind: str, record_id: str) -> tuple[str, datetime | None]:
    """Who last wrote the server's copy of a record, and when (the winning side of a fresh conflict)."""
    raw = db.scalar("SELECT COALESCE(server_body, body) FROM record WHERE kind = ? AND id = ?", (kind, record_id))
    if raw is None:
        return "", None
    body = json.loads(raw)
    return str(body.get("updated_by") or ""), parse_time(body.get("updated_at"))


def _uuid7_time(value: str) -> datetime | None:
    """Server conflict ids are UUIDv7: their first 48 bits are the creation time in ms."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    if parsed.version != 7:
        return None
    return datetime.fromtimestamp((parsed.int >> 80) / 1000, tz=UTC)
