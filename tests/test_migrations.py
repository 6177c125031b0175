"""Schema migrations: from every earlier version to the latest, data kept, a backup taken, downgrades refused."""

from __future__ import annotations

import inspect
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach_desktop.domain.registry import RECORD_TYPES
from coach_desktop.domain.work_items import Task, TaskStatus, TaskType
from coach_desktop.domain.worklist import DEFAULT_SETTINGS
from coach_desktop.vault import audit_log, member_index, migrations, panel_queries, revisions
from coach_desktop.vault.contact_due import DueRule
from coach_desktop.vault.database import Database, open_keyed
from coach_desktop.vault.errors import VaultError
from coach_desktop.vault.keyslots import new_data_key
from coach_desktop.vault.repository import _dumps
from tests.support import factories


def _vault_at(path: Path, version: int) -> tuple[Database, bytearray]:
    dek = new_data_key()
    db = Database(open_keyed(path, dek))
    migrations.migrate(db, path, target=version)
    return db, dek


def _insert_raw_member(db: Database, family: str, medicaid_id: str, version: int = 1) -> str:
    """Write as an app at ``version`` would: the record table, plus the member index from v2 on."""
    m = factories.member(family=family, medicaid_id=medicaid_id)
    body = m.body()
    db.execute(
        "INSERT INTO record (kind, id, member_id, version, updated_at, updated_by, deleted, body) "
        "VALUES ('member', ?, ?, 0, ?, 'old-app', 0, ?)",
        (str(m.id), str(m.id), body["updated_at"], _dumps(body)),
    )
    note = factories.session_note(m.id, days_ago=5)
    nbody = note.body()
    db.execute(
        "INSERT INTO record (kind, id, member_id, version, updated_at, updated_by, deleted, body) "
        "VALUES ('session_note', ?, ?, 0, ?, 'old-app', 0, ?)",
        (str(note.id), str(m.id), nbody["updated_at"], _dumps(nbody)),
    )
    if version >= 2:
        member_index.upsert_member(db, m)
    if version >= 8:  # from v8 the app keeps the contact facts current on every write (v3–v7 columns: recomputed)
        member_index.refresh_contact_columns(db, [str(m.id)])
    return str(m.id)


@pytest.mark.parametrize("start", [v for v in range(1, migrations.LATEST_VERSION)])
def test_upgrade_from_every_earlier_version_keeps_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "vault.db"
    db, dek = _vault_at(path, start)
    member_id = _insert_raw_member(db, "Peña", "SC555000111", version=start)
    db.close()

    db = Database(open_keyed(path, dek))
    applied = migrations.migrate(db, path)
    assert applied == list(range(start + 1, migrations.LATEST_VERSION + 1))
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert (tmp_path / f"vault.db.bak-v{start}").exists()
    rows = panel_queries.search_members(db, "pena")
    assert [r.member_id for r in rows] == [member_id]
    assert rows[0].last_contact is not None  # v3 backfilled the panel columns from the old session note
    assert db.scalar("SELECT count(*) FROM draft") == 0  # v5: the drafts table exists, empty
    db.close()


def test_backup_opens_with_the_same_key_and_holds_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, dek = _vault_at(path, 1)
    _insert_raw_member(db, "Old", "SC555000222")
    migrations.migrate(db, path)
    db.close()
    backup = Database(open_keyed(tmp_path / "vault.db.bak-v1", dek))
    assert migrations.current_version(backup) == 1
    assert backup.scalar("SELECT count(*) FROM record WHERE kind = 'member'") == 1
    backup.close()


def test_fresh_vault_takes_no_backup_and_a_newer_vault_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, _ = _vault_at(path, migrations.LATEST_VERSION)
    assert not list(tmp_path.glob("*.bak-*"))
    db.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    with pytest.raises(VaultError, match="newer"):
        migrations.migrate(db, path)
    db.close()


def test_migration_steps_are_numbered_consecutively() -> None:
    assert [m.version for m in migrations.MIGRATIONS] == list(range(1, migrations.LATEST_VERSION + 1))


def test_v6_keeps_care_plan_revisions_from_the_upgrade_on(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, _ = _vault_at(path, 5)
    member_id = _insert_raw_member(db, "Plan", "SC555000333", version=5)
    plan = factories.care_plan(uuid.UUID(member_id)).body()
    db.execute(
        "INSERT INTO record (kind, id, member_id, version, updated_at, updated_by, deleted, body) "
        "VALUES ('care_plan', ?, ?, 0, ?, 'old-app', 0, ?)",
        (plan["id"], member_id, plan["updated_at"], _dumps(plan)),
    )
    assert migrations.migrate(db, path) == list(range(6, migrations.LATEST_VERSION + 1))

    edited = {**plan, "member_words": "Walk to church", "updated_by": "nurse.b", "updated_at": "2026-01-02T10:00:00Z"}
    db.execute("UPDATE record SET body = ? WHERE kind = 'care_plan' AND id = ?", (_dumps(edited), plan["id"]))
    stamp_only = {**edited, "version": 7, "updated_at": "2026-01-03T10:00:00Z"}  # a pull's version bump
    db.execute("UPDATE record SET body = ? WHERE kind = 'care_plan' AND id = ?", (_dumps(stamp_only), plan["id"]))
    history = revisions.revisions(db, "care_plan", plan["id"])
    assert [(r.number, r.by, r.initial) for r in history] == [(1, plan["updated_by"], True), (2, "nurse.b", False)]
    assert history[1].changes == (revisions.FieldChange("member_words", plan["member_words"], "Walk to church"),)

    db.execute("UPDATE record SET body = json_set(body, '$.narrative', 'x') WHERE kind = 'session_note'")
    assert db.scalar("SELECT count(*) FROM record_revision WHERE kind != 'care_plan'") == 0  # notes: not kept here
    db.execute("DELETE FROM record WHERE kind = 'care_plan'")  # a revoke purge takes the history with it
    assert db.scalar("SELECT count(*) FROM record_revision") == 0
    db.close()


def test_v6_triggers_name_exactly_the_revisioned_kinds() -> None:
    care_plan_kinds = {k for k in RECORD_TYPES if k.startswith("care_plan")}
    assert set(revisions.REVISIONED_KINDS) == care_plan_kinds
    source = inspect.getsource(migrations._v6_record_revisions)
    assert all(source.count(f"'{kind}'") == 2 for kind in revisions.REVISIONED_KINDS)


def test_v8_counts_contacts_as_today_does_and_keeps_search_current(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, _ = _vault_at(path, 7)
    member_id = _insert_raw_member(db, "Facts", "SC555000444", version=7)  # a note 5 days ago
    done = datetime.now(UTC) - timedelta(days=1)
    task = Task(member_id=uuid.UUID(member_id), type=TaskType.INTERACTIVE_CONTACT, title="Call", due=done.date(),
                status=TaskStatus.DONE, completed_at=done).body()  # fmt: skip
    db.execute(
        "INSERT INTO record (kind, id, member_id, version, updated_at, updated_by, deleted, body) "
        "VALUES ('task', ?, ?, 0, ?, 'old-app', 0, ?)",
        (task["id"], member_id, task["updated_at"], _dumps(task)),
    )
    assert migrations.migrate(db, path, target=8) == [8]
    assert db.scalar("SELECT count(*) FROM panel_due_state") == 1  # the backfill's day: today, default settings
    day = done.date()
    row = panel_queries.rows_for(db, [member_id], DueRule(day))[member_id]
    assert row.last_contact == day.isoformat()  # the done contact task, not only the older note
    assert row.next_due == day.isoformat()  # tier 1 (factory) and no face-to-face visit on record: due that day
    later = day + timedelta(days=3)  # still no visit: due on the day shown, until the call's 14 days run out
    assert panel_queries.rows_for(db, [member_id], DueRule(later))[member_id].next_due == later.isoformat()
    past = day + timedelta(days=20)
    expected = day + timedelta(days=DEFAULT_SETTINGS.tier1_contact_days)
    assert panel_queries.rows_for(db, [member_id], DueRule(past))[member_id].next_due == expected.isoformat()
    assert json.loads(db.scalar("SELECT params FROM panel_due_state"))["due_today"] == past.isoformat()  # last shown
    db.execute("UPDATE member_index SET search_name = 'Ana Renamed' WHERE member_id = ?", (member_id,))
    assert [r.member_id for r in panel_queries.search_members(db, "renamed", rule=DueRule(day))] == [member_id]
    db.close()


def test_v9_starts_with_nothing_kept_and_counts_writes_from_then_on(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, _ = _vault_at(path, 8)
    db.execute("DELETE FROM record WHERE 0")  # before v9 there is nothing to count, and nothing fails
    assert migrations.migrate(db, path, target=9) == [9]
    assert db.query("SELECT id, generation FROM worklist_state") == [(1, 0)]
    assert db.scalar("SELECT count(*) FROM worklist_cache") == 0
    db.execute("DELETE FROM record WHERE 0")
    assert db.scalar("SELECT generation FROM worklist_state") == 1


def test_v9_the_member_audit_tab_reads_events_by_object_not_the_whole_log(tmp_path: Path) -> None:
    db, _ = _vault_at(tmp_path / "vault.db", migrations.LATEST_VERSION)
    sql = audit_log.MEMBER_EVENTS_SQL
    plan = " | ".join(str(row[3]) for row in db.query("EXPLAIN QUERY PLAN " + sql, ("m", "m", 10)))
    assert "USING INDEX audit_log_by_object" in plan or "USING COVERING INDEX audit_log_by_object" in plan, plan
    assert "SCAN audit_log" not in plan


def _outbox_row(db: Database, n: int, state: str = "pending") -> None:
    db.execute(
        "INSERT INTO outbox (mutation_id, kind, record_id, member_id, op, payload, schema_ver, created_at_local, "
        "state, wire_seq) VALUES (?, 'task', ?, 'm1', 'patch', '{}', 1, '2026-11-23T10:00:00Z', ?, ?)",
        (f"mut-{n}", f"rec-{n}", state, n),
    )


def test_v10_rebuilds_the_outbox_keeping_rows_indexes_and_the_client_seq_high_water(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    db, _ = _vault_at(path, 9)
    for n in range(1, 6):
        _outbox_row(db, n, "acked" if n > 3 else "pending")
    db.execute("DELETE FROM outbox WHERE client_seq > 3")  # the highest numbers were used, then dropped
    before = db.query("SELECT * FROM outbox ORDER BY client_seq")
    indexes = set(db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'"))

    assert migrations.migrate(db, path) == [10]
    assert db.query("SELECT * FROM outbox ORDER BY client_seq") == before
    assert set(db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'")) == indexes
    assert [row[1] for row in db.query("PRAGMA table_info(outbox)")] == migrations._OUTBOX_COLUMNS.split(", ")
    _outbox_row(db, 6)
    assert db.scalar("SELECT client_seq FROM outbox WHERE mutation_id = 'mut-6'") == 6  # never 4 or 5 again
    assert db.scalar("SELECT count(*) FROM sqlite_sequence WHERE name LIKE 'outbox%'") == 1
    with pytest.raises(VaultError):
        db.execute("UPDATE outbox SET state = 'lost' WHERE client_seq = 1")
    with pytest.raises(VaultError):
        _outbox_row(db, 7, "sent")
    assert "IN (" not in db.scalar("SELECT sql FROM sqlite_master WHERE name = 'outbox'")
