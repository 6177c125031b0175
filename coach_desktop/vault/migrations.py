"""Numbered schema migrations (``PRAGMA user_version``), with an encrypted backup taken before any upgrade.

Each step runs in its own transaction and bumps user_version inside it, so a crash leaves the vault at
exactly one version. Never edit a released step: add a new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .database import Database
from .errors import VaultError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Database], None]


def _v1_core(db: Database) -> None:
    """Records as JSON documents, the sync outbox, sync state and the hash-chained audit log."""
    db.execute(
        """CREATE TABLE record (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            member_id TEXT,
            practice_id TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL,
            server_body TEXT,
            server_field_ver TEXT,
            server_row_seq INTEGER,
            UNIQUE (kind, id)
        )"""  # a rowid table: bodies are ~1 KB, far past the size where WITHOUT ROWID pays off
    )
    db.execute("CREATE INDEX record_by_member ON record (member_id, kind)")
    db.execute(
        """CREATE TABLE outbox (
            client_seq INTEGER PRIMARY KEY AUTOINCREMENT,
            mutation_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            member_id TEXT,
            op TEXT NOT NULL CHECK (op IN ('create', 'patch', 'delete', 'sign', 'resolve')),
            payload TEXT NOT NULL,
            base_row_seq INTEGER,
            base_field_ver TEXT,
            schema_ver INTEGER NOT NULL,
            created_at_local TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'in_flight', 'acked', 'rejected', 'conflict')),
            batch_id TEXT,
            applied_seq INTEGER,
            result TEXT
        )"""
    )
    db.execute("CREATE INDEX outbox_by_state ON outbox (state, client_seq)")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    db.execute(
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )


def _v2_member_search(db: Database) -> None:
    """Typed member columns for the panel, and FTS5 over names and Medicaid ids (diacritics folded)."""
    db.execute(
        """CREATE TABLE member_index (
            rowid INTEGER PRIMARY KEY,
            member_id TEXT NOT NULL UNIQUE,
            family_name TEXT NOT NULL,
            given_name TEXT NOT NULL,
            search_name TEXT NOT NULL,
            medicaid_id TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            language TEXT NOT NULL,
            risk_tier INTEGER NOT NULL,
            enrollment_status TEXT NOT NULL,
            conditions TEXT NOT NULL,
            practice_id TEXT,
            coach_id TEXT
        )"""
    )
    db.execute("CREATE INDEX member_by_name ON member_index (family_name COLLATE NOCASE, given_name COLLATE NOCASE)")
    db.execute("CREATE INDEX member_by_tier ON member_index (risk_tier, family_name COLLATE NOCASE)")
    db.execute(
        "CREATE VIRTUAL TABLE member_fts USING fts5(search_name, medicaid_id, content='member_index', "
        "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    db.execute(
        "CREATE TRIGGER member_index_ai AFTER INSERT ON member_index BEGIN "
        "INSERT INTO member_fts (rowid, search_name, medicaid_id) "
        "VALUES (new.rowid, new.search_name, new.medicaid_id); "
        "END"
    )
    db.execute(
        "CREATE TRIGGER member_index_ad AFTER DELETE ON member_index BEGIN "
        "INSERT INTO member_fts (member_fts, rowid, search_name, medicaid_id) "
        "VALUES ('delete', old.rowid, old.search_name, old.medicaid_id); END"
    )
    db.execute(
        "CREATE TRIGGER member_index_au AFTER UPDATE ON member_index BEGIN "
        "INSERT INTO member_fts (member_fts, rowid, search_name, medicaid_id) "
        "VALUES ('delete', old.rowid, old.search_name, old.medicaid_id); "
        "INSERT INTO member_fts (rowid, search_name, medicaid_id) "
        "VALUES (new.rowid, new.search_name, new.medicaid_id); "
        "END"
    )
    # Backfill from members already stored by v1 (the index is derived data, rebuilt from the documents).
    from .member_index import reindex_all_members

    reindex_all_members(db)


def _v3_panel_columns(db: Database) -> None:
    """Last contact and next due date on the panel row, kept current when sessions are written."""
    db.execute("ALTER TABLE member_index ADD COLUMN last_contact TEXT")
    db.execute("ALTER TABLE member_index ADD COLUMN next_due TEXT")
    db.execute("ALTER TABLE member_index ADD COLUMN flags TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX member_by_next_due ON member_index (next_due)")
    # The backfill moved to v8: today's refresh writes the v8 columns (and reads the v7 indexes).


def _v4_sync_bookkeeping(db: Database) -> None:
    """What the sync engine needs beyond v1: a snapshot mark per record (so a re-download can drop records the
    server no longer has), the client_seq a mutation was sent under (``wire_seq``: a new device or a restored
    server numbers from its own last one), and outbox lookups by record and by member."""
    db.execute("ALTER TABLE record ADD COLUMN snapshot_mark TEXT")
    db.execute("ALTER TABLE outbox ADD COLUMN wire_seq INTEGER")
    db.execute("CREATE INDEX outbox_by_record ON outbox (kind, record_id, client_seq)")
    db.execute("CREATE INDEX outbox_by_member ON outbox (member_id, state)")
    db.execute("CREATE INDEX record_by_kind ON record (kind)")


def _v5_drafts(db: Database) -> None:
    """Unsaved form text kept across a lock (the shell writes it here, inside the encrypted file, never to the
    outbox): one row per field, keyed ``<page>/<field>``, the text in a JSON body."""
    db.execute(
        """CREATE TABLE draft (
            key TEXT PRIMARY KEY,
            page TEXT NOT NULL,
            body TEXT NOT NULL,
            saved_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


def _v6_record_revisions(db: Database) -> None:
    """Every earlier state of a care plan and its goals, interventions and barriers (who changed what, when).

    Triggers keep it, so local edits, server states applied by a pull and conflict resolutions are all caught in
    the same transaction as the change. A row holds the state *before* a change and who made the change and when
    (from the new body's envelope); changes of the envelope alone (a version bump on pull) are not revisions. When
    a record row goes (confirmed delete, refused create, scope revoke) its history goes with it."""
    db.execute(
        """CREATE TABLE record_revision (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            member_id TEXT,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            old_body TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX record_revision_by_record ON record_revision (kind, record_id, seq)")
    db.execute("CREATE INDEX record_revision_by_member ON record_revision (member_id)")
    db.execute(
        "CREATE TRIGGER record_revision_keep AFTER UPDATE OF body ON record "
        "WHEN new.kind IN ('care_plan', 'care_plan_goal', 'care_plan_intervention', 'care_plan_barrier') "
        "AND json_remove(old.body, '$.version', '$.updated_at', '$.updated_by') "
        "IS NOT json_remove(new.body, '$.version', '$.updated_at', '$.updated_by') BEGIN "
        "INSERT INTO record_revision (kind, record_id, member_id, changed_at, changed_by, old_body) VALUES "
        "(new.kind, new.id, new.member_id, COALESCE(json_extract(new.body, '$.updated_at'), ''), "
        "COALESCE(json_extract(new.body, '$.updated_by'), ''), old.body); END"
    )
    db.execute(
        "CREATE TRIGGER record_revision_forget AFTER DELETE ON record "
        "WHEN old.kind IN ('care_plan', 'care_plan_goal', 'care_plan_intervention', 'care_plan_barrier') BEGIN "
        "DELETE FROM record_revision WHERE kind = old.kind AND record_id = old.id; END"
    )


def _v7_worklist_and_sort_indexes(db: Database) -> None:
    """Indexes that let Today and the panel skip the JSON bodies (measured at 20,000 members: the worklist's
    per-member maxima read from bodies take ~20 s with cipher_memory_security on; from these covering expression
    indexes ~0.1 s), and one index per panel sort so a window of the sorted list is read without sorting it all.
    The expressions are repeated verbatim by vault/worklist_queries.py (a query uses an expression index only
    when it spells the expression the same way; tests/ui/test_today_service.py compares them)."""
    for statement in (
        "CREATE INDEX record_session_facts ON record (member_id, substr(json_extract(body, '$.started_at'), 1, 10), "
        "json_extract(body, '$.mode')) WHERE kind = 'session_note' AND deleted = 0",
        "CREATE INDEX record_transition_facts ON record (member_id, json_extract(body, '$.event'), "
        "json_extract(body, '$.discharged_on'), json_extract(body, '$.ed_visit_on'), "
        "substr(json_extract(body, '$.interactive_contact_at'), 1, 10), json_extract(body, '$.follow_up_deadline'), "
        "id) WHERE kind = 'care_transition' AND deleted = 0",
        "CREATE INDEX record_screening_facts ON record (member_id, json_extract(body, '$.instrument'), "
        "substr(json_extract(body, '$.administered_at'), 1, 10), json_extract(body, '$.safety_assessment_task_id'), "
        "json_extract(body, '$.flags'), json_extract(body, '$.answers.\"44260-8\"'), id) "
        "WHERE kind = 'screening' AND deleted = 0",
        "CREATE INDEX record_task_facts ON record (json_extract(body, '$.status'), json_extract(body, '$.type'), "
        "member_id, json_extract(body, '$.due'), json_extract(body, '$.source_kind'), "
        "json_extract(body, '$.source_id'), substr(json_extract(body, '$.completed_at'), 1, 10), id) "
        "WHERE kind = 'task' AND deleted = 0",
        "CREATE INDEX record_referral_facts ON record (json_extract(body, '$.status'), "
        "json_extract(body, '$.expected_by'), member_id, id) WHERE kind = 'referral' AND deleted = 0",
        "CREATE INDEX record_care_plan_facts ON record (json_extract(body, '$.status'), member_id, "
        "json_extract(body, '$.review_due'), json_extract(body, '$.last_reviewed'), id) "
        "WHERE kind = 'care_plan' AND deleted = 0",
    ):
        db.execute(statement)
    # Panel sorts: the sort key, then the name, then (implicitly) rowid, so every window has one fixed order.
    db.execute("DROP INDEX member_by_tier")
    db.execute("DROP INDEX member_by_next_due")
    for name, column in (("birth", "birth_date DESC"), ("tier", "risk_tier"), ("language", "language"),
                         ("conditions", "conditions"), ("last_contact", "last_contact"), ("next_due", "next_due"),
                         ("flags", "flags")):  # fmt: skip
        db.execute(f"CREATE INDEX member_by_{name} ON member_index "  # sql-reviewed: names from the tuple above
                   f"({column}, family_name COLLATE NOCASE, given_name COLLATE NOCASE)")  # fmt: skip
    db.execute("CREATE INDEX member_by_medicaid_id ON member_index (medicaid_id)")


def _v8_panel_contact_facts(db: Database) -> None:
    """The panel's next due date went stale (computed at write time while "due" depends on the day) and its last
    contact counted session notes only. Store the date-independent facts the Today worklist uses (last contact also
    from transition first contacts and done contact tasks, last face-to-face visit, last discharge and its
    first-contact deadline, every discharge with its deadline); vault/contact_due.py turns them into last contact
    and next due for the day the panel is shown on, and recomputes those two indexed columns when that day (or a
    worklist setting) changes."""
    for column in ("fact_last_contact", "fact_last_face_to_face", "fact_last_discharge", "fact_first_contact_due",
                   "fact_discharges"):  # fmt: skip
        db.execute(f"ALTER TABLE member_index ADD COLUMN {column} TEXT")  # sql-reviewed: names from the tuple above
    db.execute("CREATE TABLE panel_due_state (id INTEGER PRIMARY KEY CHECK (id = 1), params TEXT NOT NULL)")
    # Only a name or Medicaid id change touches the full-text index: the daily due-date update rewrites no tokens.
    db.execute("DROP TRIGGER member_index_au")
    db.execute(
        "CREATE TRIGGER member_index_au AFTER UPDATE OF search_name, medicaid_id ON member_index BEGIN "
        "INSERT INTO member_fts (member_fts, rowid, search_name, medicaid_id) "
        "VALUES ('delete', old.rowid, old.search_name, old.medicaid_id); "
        "INSERT INTO member_fts (rowid, search_name, medicaid_id) "
        "VALUES (new.rowid, new.search_name, new.medicaid_id); "
        "END"
    )
    from .member_index import refresh_all_contact_columns

    refresh_all_contact_columns(db)


def _v9_worklist_cache(db: Database) -> None:
    """Today's worklist as last built, so an unlock paints it at once (building it takes ~2 s at 20,000 members).

    ``worklist_state.generation`` moves in every transaction that writes records or panel rows (Database bumps it
    before COMMIT); the cache is used only for the day, the settings and the generation it was built at, so it is
    never stale, only missing. It holds names like every other table here: inside the encrypted vault."""
    db.execute("CREATE TABLE worklist_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)")
    db.execute("INSERT INTO worklist_state (id, generation) VALUES (1, 0)")
    db.execute(
        """CREATE TABLE worklist_cache (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            day TEXT NOT NULL,
            settings TEXT NOT NULL,
            generation INTEGER NOT NULL,
            rows TEXT NOT NULL
        )"""
    )
    # The member chart's Audit tab looks events up by object: without this it read the whole log, which grows by
    # an event at every chart opened.
    db.execute("CREATE INDEX audit_log_by_object ON audit_log (object_id, seq)")


_OUTBOX_V10 = """CREATE TABLE outbox_v10 (
    client_seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    member_id TEXT,
    op TEXT NOT NULL
        CHECK (op = 'create' OR op = 'patch' OR op = 'delete' OR op = 'sign' OR op = 'resolve'),
    payload TEXT NOT NULL,
    base_row_seq INTEGER,
    base_field_ver TEXT,
    schema_ver INTEGER NOT NULL,
    created_at_local TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state = 'pending' OR state = 'in_flight' OR state = 'acked' OR state = 'rejected'
               OR state = 'conflict'),
    batch_id TEXT,
    applied_seq INTEGER,
    result TEXT,
    wire_seq INTEGER
)"""


_OUTBOX_COLUMNS = (  # v1's columns and v4's wire_seq: a constant list, checked against the table by a test
    "client_seq, mutation_id, kind, record_id, member_id, op, payload, base_row_seq, base_field_ver, schema_ver, "
    "created_at_local, state, batch_id, applied_seq, result, wire_seq"
)

_COPY_OUTBOX = f"INSERT INTO outbox_v10 ({_OUTBOX_COLUMNS}) SELECT {_OUTBOX_COLUMNS} FROM outbox"  # noqa: S608


def _v10_outbox_checks(db: Database) -> None:
    """The outbox's CHECK (x IN (...)) constraints cost ~0.12 ms each time a row is written under SQLCipher's memory
    security (the IN list is built and wiped per row), the same checks spelled with OR ~0.001 ms: two state changes
    per pushed row made them most of the client's push work. SQLite cannot alter a CHECK, so the table is rebuilt
    (same columns, same meaning) keeping its rows, its indexes and its AUTOINCREMENT high-water mark: a client_seq
    is never handed out twice, even when the rows that used the highest ones are gone."""
    high = int(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") or 0)
    indexes = [sql for (sql,) in db.query("SELECT sql FROM sqlite_master WHERE type = 'index' "
                                          "AND tbl_name = 'outbox' AND sql IS NOT NULL")]  # fmt: skip
    db.execute(_OUTBOX_V10)
    db.execute(_COPY_OUTBOX)
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_v10 RENAME TO outbox")
    for sql in indexes:
        db.execute(sql)
    top = int(db.scalar("SELECT max(client_seq) FROM outbox") or 0)
    db.execute("DELETE FROM sqlite_sequence WHERE name IN ('outbox', 'outbox_v10')")
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)", (max(high, top),))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "records, outbox, sync state, audit log", _v1_core),
    Migration(2, "member index and full-text search", _v2_member_search),
    Migration(3, "panel contact columns", _v3_panel_columns),
    Migration(4, "sync bookkeeping: snapshot mark, outbox indexes", _v4_sync_bookkeeping),
    Migration(5, "drafts kept across a lock", _v5_drafts),
    Migration(6, "care-plan revision history", _v6_record_revisions),
    Migration(7, "indexes for the Today worklist and the panel sorts", _v7_worklist_and_sort_indexes),
    Migration(8, "panel contact facts as Today counts them; next due computed when read", _v8_panel_contact_facts),
    Migration(9, "Today's worklist kept for the day it was built; audit events by object", _v9_worklist_cache),
    Migration(10, "outbox checks that cost nothing per row", _v10_outbox_checks),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version") or 0)


def backup_before_migrating(db: Database, db_path: Path, from_version: int) -> Path:
    """Copy the (still encrypted) file aside before an upgrade; the copy opens with the same key."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    backup = db_path.with_name(f"{db_path.name}.bak-v{from_version}")
    tmp = backup.with_suffix(backup.suffix + ".tmp")
    shutil.copyfile(db_path, tmp)
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, backup)
    return backup


def migrate(db: Database, db_path: Path, *, target: int = LATEST_VERSION) -> list[int]:
    """Bring the schema up to ``target``; returns the versions applied. Refuses to downgrade (fail closed)."""
    version = current_version(db)
    if version > LATEST_VERSION:
        raise VaultError("This vault was written by a newer Coach Desktop. Update the app to open it.")
    applied: list[int] = []
    pending = [m for m in MIGRATIONS if version < m.version <= target]
    if pending and version > 0:
        backup_before_migrating(db, db_path, version)
    for step in pending:
        with db.transaction():
            step.apply(db)
            db.execute(f"PRAGMA user_version = {int(step.version)}")  # sql-reviewed: an int from our table
        applied.append(step.version)
    return applied
