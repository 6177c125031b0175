"""Server state into the vault: record states, the optimistic view, scope purges and derived panel rows.

Every function runs inside the caller's transaction (sync_store.py opens it, together with the cursor).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..domain.member import Member
from ..sync.errors import SyncError, SyncErrorKind
from ..sync.protocol import RecordState
from . import member_index
from .database import Database
from .member_index import _INDEX_COLUMNS
from .sync_overlay import OutboxOp, replay

UNSENT = ("pending", "in_flight")
# Rows that still shape the local view: not yet on the server, or acknowledged but not yet pulled back.
_OVERLAY = (
    "SELECT client_seq, kind, record_id, op, payload, created_at_local FROM outbox "
    "WHERE ((kind = ? AND record_id = ?) OR (op = 'resolve' AND json_extract(payload, '$.target.kind') = ? "
    "AND json_extract(payload, '$.target.id') = ?)) "
    "AND (state IN ('pending', 'in_flight') OR (state = 'acked' AND applied_seq > ?)) ORDER BY client_seq"
)
# Every record some such row changes (its own, or a resolve's target): the only views that need a replay.
_OVERLAID = (
    "SELECT kind, record_id FROM outbox WHERE state IN ('pending', 'in_flight') OR (state = 'acked' AND "
    "applied_seq > ?1) UNION SELECT json_extract(payload, '$.target.kind'), json_extract(payload, '$.target.id') "
    "FROM outbox WHERE op = 'resolve' AND (state IN ('pending', 'in_flight') OR (state = 'acked' AND applied_seq > ?1))"
)
# A page's stored rows, one query per kind: one lookup per record costs several times the write itself (SQLCipher's
# memory security makes every statement dear).
_HELD = (
    "SELECT kind, id, server_row_seq, body, server_body, snapshot_mark FROM record WHERE kind = ? "
    "AND id IN (SELECT value FROM json_each(?))"
)
# Panel rows as member_index.member_row() builds them: a constant column list, the ids bound.
_PANEL_ROWS = (
    "SELECT " + ", ".join(_INDEX_COLUMNS) + " FROM member_index "  # noqa: S608
    "WHERE member_id IN (SELECT value FROM json_each(?))"
)


# The kinds the panel's contact facts are read from (vault/contact_due.py, member_index._CONTACT_FACTS): a member none
# of whose records of these kinds changed keeps its facts; only its day columns are computed again.
FACT_KINDS = frozenset({"session_note", "care_transition", "task"})

HeldRow = tuple[Any, Any, Any, Any]  # server_row_seq, body, server_body, snapshot_mark of a stored record

# Kinds whose earlier states are kept in record_revision (migration v6). Local edits reach it through the
# record_revision_keep trigger; a server state that is its own view is written with REPLACE, which fires no trigger
# (recursive_triggers is off), so the page writes the same revision rows itself, in one executemany
# (revision_row()). Measured: a body trigger makes each UPDATE 4-7x dearer under SQLCipher's memory security, ~0.7 s
# of a 1,000-change pull. tests/sync/test_sync_apply.py checks this list against the trigger, the column list below
# against the table, and that the rows written are the trigger's.
REVISED_KINDS = frozenset({"care_plan", "care_plan_goal", "care_plan_intervention", "care_plan_barrier"})
ENVELOPE_ONLY = ("version", "updated_at", "updated_by")  # a change of these alone is no revision (the trigger's rule)
# A server state that is its own view: one REPLACE row per record (INSERT for a record not held), one executemany
# per page; every column of the row is written, so nothing of the old row is lost. Measured per row on a 10k vault:
# 0.1-0.5 ms instead of 0.4-1.3 ms for an UPDATE.
RECORD_COLUMNS = ("kind", "id", "member_id", "practice_id", "deleted", "version", "updated_at", "updated_by", "body",
                  "server_body", "server_field_ver", "server_row_seq", "snapshot_mark")  # fmt: skip
_INSERT_VIEW = (
    "INSERT INTO record (" + ", ".join(RECORD_COLUMNS) + ") "  # constant column list
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)"
)
_REPLACE_VIEW = "INSERT OR REPLACE" + _INSERT_VIEW[len("INSERT") :]
_INSERT_REVISION = (
    "INSERT INTO record_revision (kind, record_id, member_id, changed_at, changed_by, old_body) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def revision_row(kind: str, record_id: str, member_id: str | None, old_text: str,
                 new: dict[str, Any]) -> tuple[str, str, str | None, str, str, str] | None:  # fmt: skip
    """The record_revision row the v6 trigger would write when ``old_text`` is replaced by ``new`` (None: none).

    As the trigger: only the revisioned kinds, only when more than the envelope changed, the state before the change
    with who made it and when from the new body."""
    if kind not in REVISED_KINDS:
        return None
    old = json.loads(old_text)
    if {k: v for k, v in old.items() if k not in ENVELOPE_ONLY} == {k: v for k, v in new.items()
                                                                    if k not in ENVELOPE_ONLY}:  # fmt: skip
        return None
    return (kind, record_id, member_id, _text_or_empty(new.get("updated_at")), _text_or_empty(new.get("updated_by")),
            old_text)  # fmt: skip


def _text_or_empty(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass
class Touched:
    """What one transaction changed, so the view and the panel rows are recomputed once per record.

    ``overlaid``: the records with outbox rows to replay (``overlaid_records``), when the caller looked them up
    first; a server state for any other record *is* its view, so it is stored as such and not recomputed.
    ``held``: the stored rows of the page's records (``held_rows``), kept current as they are written; None
    makes each store read its row (and must be set once rows are deleted behind its back, as a purge does).
    """

    records: set[tuple[str, str]] = field(default_factory=set)  # views to recompute
    members: set[str] = field(default_factory=set)  # members whose records changed: their contact columns
    member_docs: set[str] = field(default_factory=set)  # members whose own record was stored as its view
    fact_members: set[str] = field(default_factory=set)  # members with a changed record the contact facts read
    overlaid: frozenset[tuple[str, str]] | None = None
    held: dict[tuple[str, str], HeldRow] | None = None
    insert_rows: list[tuple[Any, ...]] = field(default_factory=list)  # direct views not yet written (flush())
    replace_rows: list[tuple[Any, ...]] = field(default_factory=list)
    revision_rows: list[tuple[Any, ...]] = field(default_factory=list)  # record_revision rows of replaced views
    contacts: bool = True  # False: the caller refreshes the contact columns later (a snapshot, on its last page)

    def add(self, kind: str, record_id: str, member_id: str | None) -> None:
        self.records.add((kind, record_id))
        if member_id:
            self.members.add(member_id)
            if kind in FACT_KINDS:
                self.fact_members.add(member_id)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def checked_body(state: RecordState, record_id: str, member_id: str | None) -> dict[str, Any]:
    """The envelope must agree with the body (``record_id``, ``member_id``: the envelope's, as text). Content is not
    re-validated by the domain models here: the server validated it, and rules such as "not in the future" read the
    local clock, which must never wedge a pull."""
    body = state.body
    if not isinstance(body, dict) or str(body.get("id")) != record_id or body.get("kind") != state.kind:
        raise SyncError(SyncErrorKind.PROTOCOL, detail="record envelope does not match its body")
    if member_id is not None and body.get("member_id") not in (None, member_id):
        raise SyncError(SyncErrorKind.PROTOCOL, detail="record member does not match its body")
    return body


def overlaid_records(db: Database, threshold: int) -> frozenset[tuple[str, str]]:
    """The records whose view is not simply the server's state: some outbox row still overlays them."""
    return frozenset((str(k), str(i)) for k, i in db.query(_OVERLAID, (threshold,)))


def held_rows(db: Database, states: Iterable[RecordState]) -> dict[tuple[str, str], HeldRow]:
    """The stored rows of these records (those that exist), read with one query per kind."""
    by_kind: dict[str, list[str]] = {}
    for state in states:
        by_kind.setdefault(state.kind, []).append(str(state.id))
    held: dict[tuple[str, str], HeldRow] = {}
    for kind, ids in by_kind.items():
        for k, i, row_seq, body, server_body, mark in db.query(_HELD, (kind, json.dumps(ids))):
            held[(str(k), str(i))] = (row_seq, body, server_body, mark)
    return held


def _held_row(db: Database, touched: Touched, kind: str, record_id: str) -> HeldRow | None:
    if touched.held is not None:
        return touched.held.get((kind, record_id))
    flush(db, touched)  # read what the page wrote so far
    return db.execute("SELECT server_row_seq, body, server_body, snapshot_mark FROM record WHERE kind = ? AND id = ?",
                      (kind, record_id)).fetchone()  # fmt: skip


def flush(db: Database, touched: Touched) -> None:
    """Write the page's direct views gathered so far: one executemany each. Called before anything else reads or
    writes the record table in this transaction, so the order of writes is the page's order."""
    if touched.insert_rows:  # first: a record new to the page may come again later in it
        db.executemany(_INSERT_VIEW, touched.insert_rows)
        touched.insert_rows = []
    if touched.replace_rows:
        db.executemany(_REPLACE_VIEW, touched.replace_rows)
        touched.replace_rows = []
    if touched.revision_rows:
        db.executemany(_INSERT_REVISION, touched.revision_rows)
        touched.revision_rows = []


def store_state(db: Database, state: RecordState, touched: Touched, *, force: bool = False,
                mark: str | None = None) -> bool:  # fmt: skip
    """Record the server's state of one record, if newer than what is held (or ``force``: a snapshot)."""
    kind, record_id = state.kind, str(state.id)
    row = _held_row(db, touched, kind, record_id)
    if row is not None and row[0] is not None and state.row_seq <= int(row[0]) and not force:
        return False  # already have this or a later state: applying a page twice is harmless
    member_id = str(state.member_id) if state.member_id else None
    if state.deleted:
        if row is None:
            return False
        server = {**json.loads(row[2] or row[1]), "deleted": True}
    else:
        server = checked_body(state, record_id, member_id)
    text = _dumps(server)
    if not state.deleted and touched.overlaid is not None and (kind, record_id) not in touched.overlaid:
        _store_as_view(touched, state, record_id, member_id, server, text, row, mark)
        if kind == "member":
            touched.member_docs.add(record_id)
        elif member_id:
            touched.members.add(member_id)
            if kind in FACT_KINDS:
                touched.fact_members.add(member_id)
        return True
    flush(db, touched)
    _remember(touched, kind, record_id, (state.row_seq, text if row is None else row[1], text,
                                         mark or (row[3] if row is not None else None)))  # fmt: skip
    if row is None:
        db.execute(
            "INSERT INTO record (kind, id, member_id, practice_id, version, updated_at, updated_by, deleted, body, "
            "server_body, server_field_ver, server_row_seq, snapshot_mark) "
            "VALUES (?, ?, ?, ?, 0, '', '', 0, ?, ?, ?, ?, ?)",
            (kind, record_id, member_id, state.practice_id, text, text, _dumps(state.field_ver), state.row_seq, mark),
        )  # fmt: skip
    else:
        db.execute(
            "UPDATE record SET member_id = ?, practice_id = ?, server_body = ?, server_field_ver = ?, "
            "server_row_seq = ?, snapshot_mark = COALESCE(?, snapshot_mark) WHERE kind = ? AND id = ?",
            (member_id, state.practice_id, text, _dumps(state.field_ver), state.row_seq, mark, kind, record_id),
        )  # fmt: skip
    touched.add(kind, record_id, member_id)
    return True


def _remember(touched: Touched, kind: str, record_id: str, row: HeldRow) -> None:
    if touched.held is not None:
        touched.held[(kind, record_id)] = row


def _store_as_view(touched: Touched, state: RecordState, record_id: str, member_id: str | None,
                   server: dict[str, Any], text: str, row: HeldRow | None, mark: str | None) -> None:  # fmt: skip
    """Nothing local overlays this record: its view is the server's state (``server_body`` NULL), one row queued
    for the page's executemany (flush())."""
    kind = state.kind
    view = _view_columns(server, state.row_seq)
    field_ver = _dumps(state.field_ver)
    kept_mark = mark or (row[3] if row is not None else None)
    if row is None:
        touched.insert_rows.append((kind, record_id, member_id, state.practice_id, *view, text, field_ver,
                                    state.row_seq, kept_mark))  # fmt: skip
    else:
        touched.replace_rows.append((kind, record_id, member_id, state.practice_id, *view, text, field_ver,
                                     state.row_seq, kept_mark))  # fmt: skip
        revision = revision_row(kind, record_id, member_id, row[1], server)
        if revision is not None:
            touched.revision_rows.append(revision)
    _remember(touched, kind, record_id, (state.row_seq, text, None, kept_mark))


def _view_columns(view: dict[str, Any], row_seq: Any) -> tuple[int, int, str, str]:
    """The typed columns beside a view's JSON: deleted, version, updated_at, updated_by."""
    return (int(bool(view.get("deleted"))), _version(view, row_seq), str(view.get("updated_at") or ""),
            str(view.get("updated_by") or view.get("resolved_by_user") or "server"))  # fmt: skip


def overlays(db: Database, kind: str, record_id: str, threshold: int) -> list[OutboxOp]:
    rows = db.query(_OVERLAY, (kind, record_id, kind, record_id, threshold))
    return [OutboxOp.from_row(row) for row in rows]


def recompute(db: Database, kind: str, record_id: str, threshold: int) -> None:
    """body = server body ⊕ overlay ops; ``server_body`` kept only while they differ (NULL = body is the server's).

    ``threshold``: acknowledged rows with applied_seq above it are still overlaid (the pull has not caught up).
    """
    row = db.execute("SELECT body, server_body, server_row_seq FROM record WHERE kind = ? AND id = ?",
                     (kind, record_id)).fetchone()  # fmt: skip
    if row is None:
        return
    ops = overlays(db, kind, record_id, threshold)
    if row[2] is None and row[1] is None:  # never on the server: the body is the local history itself
        if not ops:
            db.execute("DELETE FROM record WHERE kind = ? AND id = ?", (kind, record_id))
        return
    server = json.loads(row[1] or row[0])
    if server.get("deleted") and not ops:
        db.execute("DELETE FROM record WHERE kind = ? AND id = ?", (kind, record_id))  # confirmed delete: purge
        return
    view = replay(kind, record_id, server, ops)
    db.execute(
        "UPDATE record SET body = ?, server_body = ?, deleted = ?, version = ?, updated_at = ?, updated_by = ? "
        "WHERE kind = ? AND id = ?",
        (_dumps(view), _dumps(server) if ops else None, *_view_columns(view, row[2]), kind, record_id),
    )  # fmt: skip


def _version(body: dict[str, Any], row_seq: Any) -> int:
    version = body.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else int(row_seq or 0)


def finish(db: Database, touched: Touched, threshold: int) -> None:
    """Recompute every touched record's view, then the panel rows of the members they belong to."""
    flush(db, touched)
    for kind, record_id in sorted(touched.records):
        recompute(db, kind, record_id, threshold)
    docs = {record_id for kind, record_id in touched.records if kind == "member"} | touched.member_docs
    listed = _reindex_members(db, sorted(docs))
    members = sorted(docs | touched.members)
    if members and touched.contacts:  # only members with a panel row get one
        member_index.refresh_contact_columns(db, members, facts_for=touched.fact_members | listed)


def _reindex_members(db: Database, member_ids: list[str]) -> set[str]:
    """Rebuild these members' panel rows from their documents: one read each, rows that did not change left as
    they are (every write to a panel row also rewrites its full-text entries). Returns the members newly listed."""
    if not member_ids:
        return set()
    ids = json.dumps(member_ids)
    bodies = dict(db.query("SELECT id, body FROM record WHERE kind = 'member' AND deleted = 0 "
                           "AND id IN (SELECT value FROM json_each(?))", (ids,)))  # fmt: skip
    held = {row[0]: tuple(row) for row in db.query(_PANEL_ROWS, (ids,))}
    listed: list[Member] = []
    for member_id in member_ids:
        try:
            member = Member.model_validate_json(bodies[member_id]) if member_id in bodies else None
        except ValidationError:
            member = None  # unreadable here (e.g. a newer schema): kept, not listed
        if member is not None and not member.deleted:
            listed.append(member)
    shown = {str(m.id) for m in listed}
    db.executemany("DELETE FROM member_index WHERE member_id = ?", [(m,) for m in held if m not in shown])
    member_index.upsert_members(db, [m for m in listed if held.get(str(m.id)) != member_index.member_row(m)])
    return shown - held.keys()


def unsent_for(db: Database, member_id: str) -> int:
    return int(db.scalar("SELECT count(*) FROM outbox WHERE member_id = ? AND state IN ('pending', 'in_flight')",
                         (member_id,)) or 0)  # fmt: skip


def purge_member(db: Database, member_id: str) -> None:
    """Scope revoke (SECURITY R18): every local row of the member, its panel row (and so its FTS entries), and
    outbox rows already answered. Unsent rows are never here: the caller waits for them to be pushed."""
    db.execute("DELETE FROM record WHERE member_id = ?", (member_id,))
    member_index.remove_member(db, member_id)
    db.execute("DELETE FROM outbox WHERE member_id = ? AND state NOT IN ('pending', 'in_flight')", (member_id,))


def sweep_unmarked(db: Database, mark: str | None, touched: Touched) -> int:
    """After a complete snapshot: records the server no longer holds for us go, unless local intents keep them.
    ``mark`` None: a snapshot into an empty vault, where no record can be stale (only the panel rows are checked)."""
    flush(db, touched)
    rows = [] if mark is None else db.query("SELECT kind, id, member_id FROM record WHERE snapshot_mark IS NULL "
                                            "OR snapshot_mark != ?", (mark,))  # fmt: skip
    for kind, record_id, member_id in rows:
        db.execute("UPDATE record SET server_row_seq = NULL, server_body = NULL, server_field_ver = '{}' "
                   "WHERE kind = ? AND id = ?", (kind, record_id))  # fmt: skip
        touched.add(str(kind), str(record_id), member_id)
    db.execute("DELETE FROM member_index WHERE member_id NOT IN "
               "(SELECT id FROM record WHERE kind = 'member' AND deleted = 0)")  # fmt: skip
    return len(rows)


def member_ids(states: Iterable[RecordState]) -> set[str]:
    return {str(s.member_id) for s in states if s.member_id is not None}
