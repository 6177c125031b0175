"""Pulled states stored directly as views: the fast path must leave exactly what a full recompute would."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.domain.session_note import EncounterMode, SessionNote
from coach_desktop.vault import member_index, sync_apply
from coach_desktop.vault.database import Database
from coach_desktop.vault.sync_apply import Touched, finish, overlaid_records
from coach_desktop.vault.vault import Vault
from tests.sync.conftest import Device, World

_COLUMNS = "kind, id, member_id, practice_id, deleted, version, updated_at, updated_by, body, server_body, " \
           "server_field_ver, server_row_seq"  # fmt: skip


def _records(db: Database) -> list[tuple[Any, ...]]:
    """Every record row but those a local edit still overlays (their stamps are the edit's, not a replay's)."""
    overlaid = overlaid_records(db, _cursor_seq(db))
    rows = db.query(f"SELECT {_COLUMNS} FROM record ORDER BY kind, id")
    return [row for row in rows if (row[0], row[1]) not in overlaid]


def _cursor_seq(db: Database) -> int:
    return int(db.scalar("SELECT value FROM sync_state WHERE key = 'cursor_seq'") or 0)


def _panel(db: Database) -> list[tuple[Any, ...]]:
    return db.query("SELECT * FROM member_index ORDER BY member_id")


def _edit(device: Device, plan_id: str, **changes: object) -> None:
    plan = device.repo.get("care_plan", plan_id)
    assert isinstance(plan, CarePlan)
    device.repo.update(plan.model_copy(update=changes))


def _recomputed_from_scratch(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every view replayed and every panel row rebuilt the slow way, then rolled back: what they should be."""
    cursor_seq = _cursor_seq(db)
    keys = {(str(k), str(i)) for k, i in db.query("SELECT kind, id FROM record")}
    db.execute("BEGIN IMMEDIATE")  # one transaction, rolled back: nothing of this stays
    try:
        finish(db, Touched(records=keys), cursor_seq)
        member_index.reindex_all_members(db)
        member_index.refresh_all_contact_columns(db)
        return _records(db), _panel(db)
    finally:
        db.execute("ROLLBACK")


def test_pulled_views_and_panel_rows_match_a_full_recompute(world: World) -> None:
    coach = world.account()
    members = [world.member(coach, family=f"Zqfast{i}") for i in range(3)]
    plans = [world.care_plan(m) for m in members]
    laptop, tablet = world.device(coach), world.device(coach)
    laptop.sync()  # a snapshot into an empty vault: every record stored as its view
    tablet.sync()
    _edit(tablet, plans[0], title="Changed on the tablet")
    tablet.sync()
    body = json.loads(world.server_records(coach)[("member", members[1])])
    world.put({**body, "family_name": "Zqrenamed", "phone": "(405) 555-0199"})  # a panel row that changes
    world.put({**json.loads(world.server_records(coach)[("care_plan", plans[2])]), "strengths": "Server side"})
    _edit(laptop, plans[0], member_words="Typed here, not sent yet")  # this record is overlaid, not direct
    _edit(laptop, plans[1], strengths="Also unsent")

    store = laptop.engine.store
    assert overlaid_records(store.db, 0) == {("care_plan", plans[0]), ("care_plan", plans[1])}

    outcome = store.apply_pull_page(laptop.engine.client.pull(store.cursor()[0], 500))  # a pull, nothing pushed

    assert outcome.applied >= 3 and store.unsent_count() == 2
    db = laptop.vault.database()
    assert (_records(db), _panel(db)) == _recomputed_from_scratch(db)
    assert [r[1] for r in _panel(db) if r[1] == members[1]] == [members[1]]
    assert db.scalar("SELECT family_name FROM member_index WHERE member_id = ?", (members[1],)) == "Zqrenamed"
    laptop.sync()
    tablet.sync()
    for device in (laptop, tablet):
        assert (_records(device.vault.database()), _panel(device.vault.database())) == \
            _recomputed_from_scratch(device.vault.database())  # fmt: skip
        assert device.local_records() == world.server_records(coach)


def test_one_page_may_purge_a_member_grant_it_back_and_carry_a_record_twice(world: World) -> None:
    """Rows read up front for a page must follow the page's own writes and purges."""
    coach, other = world.account(), world.account()
    member_id = world.member(coach, family="Zqtwice")
    plan_id = world.care_plan(member_id)
    device = world.device(coach)
    device.sync()
    world.assign(member_id, other)
    world.assign(member_id, coach)  # away and back before the device pulls: a revoke, then a grant, in one page
    device.sync()
    assert {k for k, _ in device.local_records()} == {"member", "care_plan"}
    world.assign(member_id, other)
    device.sync()  # purged
    world.assign(member_id, coach)
    world.put({**json.loads(world.server_records(coach)[("care_plan", plan_id)]), "title": "Changed after the grant"})

    page = device.engine.client.pull(device.engine.store.cursor()[0], 500)
    assert [c.record.id for c in page.changes if c.record] == [next(s.id for c in page.changes for s in c.records
                                                                    if s.kind == "care_plan")]  # fmt: skip
    device.engine.store.apply_pull_page(page)  # the plan twice: in the grant, then as a change

    db = device.vault.database()
    assert (_records(db), _panel(db)) == _recomputed_from_scratch(db)
    assert device.local_records() == world.server_records(coach)
    assert json.loads(device.local_records()[("care_plan", plan_id)])["title"] == "Changed after the grant"


def test_direct_views_replace_whole_rows_and_know_the_revision_triggers_kinds(vault: Vault) -> None:
    """REPLACE writes every column and fires no trigger: it must know every column of the record table, and the
    kinds whose revisions the page writes itself must be the trigger's."""
    db = vault.database()
    assert {row[1] for row in db.query("PRAGMA table_info(record)")} == set(sync_apply.RECORD_COLUMNS)
    triggers = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'record'")
    assert {name for name, _ in triggers} == {"record_revision_keep", "record_revision_forget"}
    keep = next(sql for name, sql in triggers if name == "record_revision_keep")
    kinds = set(re.findall(r"'([a-z_]+)'", keep.split("IN (", 1)[1].split(")", 1)[0]))
    assert kinds == sync_apply.REVISED_KINDS


def test_a_pulled_session_note_moves_the_panel_contact_facts_and_a_member_change_keeps_them(world: World) -> None:
    """Facts are computed again only for members with a changed record of a kind they are read from."""
    coach = world.account()
    member_id = world.member(coach, family="Zqfacts")
    device = world.device(coach)
    device.sync()
    db = device.vault.database()
    assert db.scalar("SELECT fact_last_contact FROM member_index WHERE member_id = ?", (member_id,)) is None
    started = datetime.now(UTC) - timedelta(days=2)
    world.put(SessionNote(member_id=member_id, started_at=started, mode=EncounterMode.TELEPHONE, minutes=20,
                          narrative="Called", author_id=coach.user_id).body())  # fmt: skip
    device.sync()
    day = started.date().isoformat()
    assert db.scalar("SELECT fact_last_contact FROM member_index WHERE member_id = ?", (member_id,)) == day
    world.put({**json.loads(world.server_records(coach)[("member", member_id)]), "family_name": "Zqfacts Renamed"})
    device.sync()
    assert db.query("SELECT family_name, fact_last_contact FROM member_index WHERE member_id = ?", (member_id,)) \
        == [("Zqfacts Renamed", day)]  # fmt: skip
    assert (_records(db), _panel(db)) == _recomputed_from_scratch(db)


def test_the_revision_rows_a_page_writes_are_the_ones_the_trigger_writes(vault: Vault) -> None:
    """The same (old, new) bodies through the real v6 trigger (an UPDATE) and through revision_row()."""
    db = vault.database()
    base = {"id": "p1", "kind": "care_plan", "member_id": "m1", "title": "Walk", "version": 3,
            "updated_at": "2026-11-01T10:00:00Z", "updated_by": "coach-a"}  # fmt: skip
    cases = [
        {**base, "title": "Walk daily", "version": 4, "updated_at": "2026-11-02T09:00:00Z", "updated_by": "coach-b"},
        {**base, "version": 5, "updated_at": "2026-11-03T09:00:00Z"},  # the envelope alone: no revision
        {**base, "title": "Walk", "goals": [], "updated_by": None},  # a field added; no author
        dict(base),  # nothing changed
    ]
    for kind in ("care_plan", "care_plan_goal", "task"):
        for new in cases:
            old_text, new_text = json.dumps({**base, "kind": kind}), json.dumps({**new, "kind": kind})
            with db.transaction():
                db.execute("DELETE FROM record_revision")
                db.execute("INSERT OR REPLACE INTO record (kind, id, member_id, version, updated_at, updated_by, "
                           "deleted, body) VALUES (?, 'p1', 'm1', 3, '', '', 0, ?)", (kind, old_text))  # fmt: skip
                db.execute("UPDATE record SET body = ? WHERE kind = ? AND id = 'p1'", (new_text, kind))
                by_trigger = db.query("SELECT kind, record_id, member_id, changed_at, changed_by, old_body "
                                      "FROM record_revision")  # fmt: skip
            ours = sync_apply.revision_row(kind, "p1", "m1", old_text, json.loads(new_text))
            assert by_trigger == ([] if ours is None else [ours]), (kind, new)
    assert sync_apply.revision_row("care_plan", "p1", "m1", json.dumps(base), cases[0]) is not None


def test_a_pulled_care_plan_change_keeps_the_earlier_state_in_its_history(world: World) -> None:
    coach = world.account()
    member_id = world.member(coach, family="Zqhistory")
    plan_id = world.care_plan(member_id)
    device = world.device(coach)
    device.sync()
    before = device.local_records()[("care_plan", plan_id)]
    world.put({**json.loads(world.server_records(coach)[("care_plan", plan_id)]), "title": "Changed on the server"})
    device.sync()
    db = device.vault.database()
    rows = db.query("SELECT kind, record_id, member_id, old_body FROM record_revision WHERE record_id = ?", (plan_id,))
    assert rows == [("care_plan", plan_id, member_id, before)]
    assert json.loads(device.local_records()[("care_plan", plan_id)])["title"] == "Changed on the server"
