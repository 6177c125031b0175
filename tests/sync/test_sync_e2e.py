"""CoachSync end to end: real encrypted vaults, the real server on loopback (SQLite and PostgreSQL), real HTTP."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update

from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.domain.session_note import NoteAddendum, NoteStatus, SessionNote
from coach_desktop.sync.engine import client_for, sync_status
from coach_desktop.sync.errors import SyncError, SyncErrorKind
from coach_desktop.sync.progress import Phase
from coach_desktop.sync.protocol import Change, PullResponse, RecordState
from coach_desktop.vault import panel_queries, sync_state
from coach_desktop.vault.conflicts import list_open_conflicts, resolve_conflict
from coach_server import devices, sync_service, tables
from tests.server.live import LiveServer
from tests.sync.conftest import TENANT, Device, World


def _plan(device: Device, plan_id: str) -> CarePlan:
    record = device.repo.get("care_plan", plan_id)
    assert isinstance(record, CarePlan)
    return record


def _edit_plan(device: Device, plan_id: str, **changes: object) -> None:
    device.repo.update(_plan(device, plan_id).model_copy(update=changes))


def _converged(world: World, *devices: Device) -> None:
    """I4: every device's live records are byte-equal (canonical JSON) to the server's for that account."""
    for device in devices:
        assert device.engine.store.unsent_count() == 0
        assert device.local_records() == world.server_records(device.account)
        assert device.vault.verify().ok  # pages, audit chain and outbox consistency after all of it


def test_first_sync_downloads_exactly_the_coachs_panel(world: World) -> None:
    coach, other = world.account(), world.account()
    mine = [world.member(coach, family=f"Zqpanel{i}") for i in range(3)]
    for member_id in mine:
        world.care_plan(member_id)
    foreign = world.member(other, family="Zqforeign")
    device = world.device(coach)

    report = device.sync()

    assert report.snapshot and report.pulled == 6 and report.pushed == 0
    _converged(world, device)
    db = device.vault.database()
    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (foreign,)) == 0
    assert sorted(r.member_id for r in panel_queries.search_members(db, "zqpanel")) == sorted(mine)
    status = sync_status(db)
    assert status.enrolled and status.pending == 0 and status.cursor_seq and status.lease_ok
    again = device.sync()
    assert not again.snapshot and again.pulled == 0  # the cursor continues where the snapshot ended


def test_an_offline_edit_is_applied_exactly_once_even_when_the_answer_is_lost(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, member_words="I want to walk to church")
    real_push = device.engine.client.push
    batches: list[uuid.UUID] = []

    def answer_lost_once(request, cancel=None):  # type: ignore[no-untyped-def]
        batches.append(request.batch_id)
        response = real_push(request, cancel)
        if len(batches) == 1:
            raise SyncError(SyncErrorKind.NETWORK)  # the server committed; the answer never arrived
        return response

    device.engine.client.push = answer_lost_once  # type: ignore[method-assign]
    first = device.sync(ok=False)
    assert first.error is not None and first.error.kind is SyncErrorKind.NETWORK
    assert device.outbox() == [("patch", "in_flight", "")]
    device.sync()

    assert batches[0] == batches[1]  # the retry is the same batch (Idempotency-Key), same mutation ids
    assert world.mutation_results(device) == [(1, "applied")]
    assert device.outbox() == [("patch", "acked", "")]
    assert json.loads(world.server_records(coach)[("care_plan", plan_id)])["member_words"] == "I want to walk to church"
    _converged(world, device)
    assert device.sync().pushed == 0


def test_re_enrolling_keeps_unsent_edits_and_applies_none_twice(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, title="Sent, answer lost")
    _edit_plan(device, plan_id, member_words="Also sent, answer lost")
    real_push = device.engine.client.push

    def answer_lost(request, cancel=None):  # type: ignore[no-untyped-def]
        real_push(request, cancel)
        raise SyncError(SyncErrorKind.NETWORK)

    device.engine.client.push = answer_lost  # type: ignore[method-assign]
    device.sync(ok=False)
    del device.engine.client.push  # back to the real method
    old_results = world.mutation_results(device)
    new_id = world.reenroll(device)  # the in-flight batch is still unanswered locally
    _edit_plan(device, plan_id, strengths="Made after the new enrolment")

    report = device.sync()

    assert new_id == device.device_id and old_results == [(1, "applied"), (2, "applied")]
    assert world.mutation_results(device) == [(1, "applied")]  # only the new edit: nothing applied twice
    assert [state for _, state, _ in device.outbox()] == ["acked", "acked", "acked"] and report.snapshot
    assert all(reason.startswith("already received") for _, _, reason in device.outbox()[:2])
    plan = json.loads(world.server_records(coach)[("care_plan", plan_id)])
    assert (plan["title"], plan["member_words"], plan["strengths"]) == (
        "Sent, answer lost", "Also sent, answer lost", "Made after the new enrolment")
    _converged(world, device)


def test_two_devices_editing_different_fields_both_win(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    laptop, tablet = world.device(coach, acked_retention=timedelta(0)), world.device(coach)
    laptop.sync()
    tablet.sync()
    _edit_plan(laptop, plan_id, title="Diabetes plan")
    _edit_plan(tablet, plan_id, member_words="See my grandkids graduate")

    laptop.sync()
    tablet.sync()
    laptop.sync()

    for device in (laptop, tablet):
        plan = _plan(device, plan_id)
        assert (plan.title, plan.member_words) == ("Diabetes plan", "See my grandkids graduate")
        assert list_open_conflicts(device.vault.database()) == []
    _converged(world, laptop, tablet)
    assert laptop.outbox() == []  # answered and pulled back: dropped (no epoch grace period configured)
    assert tablet.outbox() == [("patch", "acked", "")]  # kept for the grace period, for a server restore


def test_same_field_conflict_shows_on_both_devices_and_one_resolution_converges(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    laptop, tablet = world.device(coach), world.device(coach)
    laptop.sync()
    tablet.sync()
    _edit_plan(laptop, plan_id, title="Walking plan")
    _edit_plan(tablet, plan_id, title="Blood sugar plan")

    laptop.sync()
    report = tablet.sync()
    laptop.sync()

    assert report.conflicts == 1 and tablet.outbox() == [("patch", "conflict", "")]
    assert _plan(tablet, plan_id).title == "Walking plan"  # the first writer keeps the field; nothing silent
    on_tablet, on_laptop = list_open_conflicts(tablet.vault.database()), list_open_conflicts(laptop.vault.database())
    assert len(on_tablet) == len(on_laptop) == 1 and on_tablet[0].id == on_laptop[0].id
    assert on_tablet[0].proposed_here and not on_laptop[0].proposed_here
    assert (on_tablet[0].field, on_tablet[0].proposed_value) == ("title", "Blood sugar plan")

    resolve_conflict(tablet.repo, on_tablet[0].id, "mine")  # offline: the view changes at once
    assert _plan(tablet, plan_id).title == "Blood sugar plan" and list_open_conflicts(tablet.vault.database()) == []
    tablet.sync()
    laptop.sync()

    for device in (laptop, tablet):
        assert _plan(device, plan_id).title == "Blood sugar plan"
        assert list_open_conflicts(device.vault.database()) == []
    _converged(world, laptop, tablet)


def test_editing_a_note_signed_elsewhere_is_rejected_and_an_addendum_is_accepted(world: World) -> None:
    coach = world.account()
    member_id = world.member(coach)
    laptop, tablet = world.device(coach), world.device(coach)
    note, _ = laptop.repo.create(SessionNote(
        member_id=uuid.UUID(member_id), started_at=datetime.now(UTC) - timedelta(hours=1), mode="in_person",
        minutes=30, narrative="Talked about walking.", author_id=coach.user_id))  # fmt: skip
    laptop.sync()
    tablet.sync()
    signed, _ = laptop.repo.sign_note(str(note.id))
    laptop.sync()
    draft = tablet.repo.get("session_note", str(note.id))
    tablet.repo.update(draft.model_copy(update={"narrative": "Changed after signing"}))

    report = tablet.sync()

    assert report.rejected == 1
    assert [(r.op, r.reason) for r in tablet.engine.store.list_rejected()] == [("patch", "immutable")]
    seen = tablet.repo.get("session_note", str(note.id))
    assert isinstance(seen, SessionNote) and seen.status is NoteStatus.SIGNED
    assert seen.narrative == "Talked about walking." and seen.content_hash == signed.content_hash
    addendum, _ = tablet.repo.create(NoteAddendum(
        member_id=uuid.UUID(member_id), note_id=note.id, note_content_hash=str(signed.content_hash),
        text="Correction: 20 minutes, not 30.", author_id=coach.user_id, written_at=datetime.now(UTC)))  # fmt: skip
    assert tablet.sync().pushed == 1
    laptop.sync()
    assert laptop.repo.get("note_addendum", str(addendum.id)).text == "Correction: 20 minutes, not 30."
    _converged(world, laptop, tablet)


def test_panel_reassignment_purges_the_member_and_its_search_rows(world: World) -> None:
    coach, other = world.account(), world.account()
    leaving = world.member(coach, family="Zqleaving")
    staying = world.member(coach, family="Zqstaying")
    plan_id = world.care_plan(leaving)
    device, receiving = world.device(coach), world.device(other)
    device.sync()
    receiving.sync()
    db = device.vault.database()
    assert [r.member_id for r in panel_queries.search_members(db, "zqleaving")] == [leaving]
    assert receiving.local_records() == {}
    _edit_plan(device, plan_id, title="Edited just before the move")  # made while still authorised
    world.assign(leaving, other)

    report = device.sync()

    assert report.quarantined == 1  # kept for supervisor review on the server, never silently dropped
    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (leaving,)) == 0
    assert db.scalar("SELECT count(*) FROM outbox WHERE member_id = ?", (leaving,)) == 0
    assert db.scalar("SELECT count(*) FROM member_index WHERE member_id = ?", (leaving,)) == 0
    assert db.scalar("SELECT count(*) FROM member_fts WHERE member_fts MATCH ?", ('"zqleaving"',)) == 0
    assert [r.member_id for r in panel_queries.search_members(db, "zq")] == [staying]
    with world.engine.connect() as conn:
        held = conn.execute(select(tables.quarantine.c.member_id)).scalars().all()
    assert leaving in held
    _converged(world, device)
    receiving.sync()  # the grant carries the member's records inline, before the cursor passes it (I6)
    assert {kind for kind, _ in receiving.local_records()} == {"member", "care_plan"}
    assert [r.member_id for r in panel_queries.search_members(receiving.vault.database(), "zqleaving")] == [leaving]
    _converged(world, receiving)


def test_a_revoke_waits_for_edits_made_during_the_sync(world: World) -> None:
    coach, other = world.account(), world.account()
    leaving = world.member(coach, family="Zqlate")
    plan_id = world.care_plan(leaving)
    device = world.device(coach)
    device.sync()
    world.assign(leaving, other)
    edited: list[bool] = []

    def edit_when_pulling(progress):  # type: ignore[no-untyped-def]
        if progress.phase is Phase.PULLING and not edited:  # the push loop is over; this edit is unsent
            edited.append(True)
            _edit_plan(device, plan_id, title="Typed while the sync was pulling")

    device.engine.progress.subscribe(edit_when_pulling)
    report = device.sync()

    assert edited and report.quarantined == 1  # pushed before the purge (SYNC_PROTOCOL §6.7), not lost
    db = device.vault.database()
    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (leaving,)) == 0
    assert db.scalar("SELECT count(*) FROM outbox") == 0
    _converged(world, device)


def test_a_revoked_member_with_unsendable_edits_is_kept_until_they_are_sent(world: World) -> None:
    coach = world.account()
    member_id = world.member(coach)
    plan_id = world.care_plan(member_id)
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, title="Not sent yet")
    store, db = device.engine.store, device.vault.database()
    cursor, seq = store.cursor()
    revoke = PullResponse(changes=[Change(seq=seq + 1, scope="revoke", member_id=uuid.UUID(member_id))],
                          next_cursor=str(cursor), has_more=False, server_seq=seq, last_client_seq=0)  # fmt: skip

    assert store.apply_pull_page(revoke).blocked == (member_id,)  # nothing applied: push first
    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (member_id,)) == 2
    assert store.apply_pull_page(revoke, force_revoke=True).kept == 1
    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (member_id,)) == 2
    batch = store.next_batch()
    assert batch is not None
    store.apply_push_results(batch, device.engine.client.push(batch.request))

    assert db.scalar("SELECT count(*) FROM record WHERE member_id = ?", (member_id,)) == 0
    assert store.get(sync_state.PENDING_PURGE) is None and device.outbox() == []


def test_a_retiring_device_pushes_everything_then_erases_itself(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, title="Last change before the laptop is replaced")
    device_id = device.device_id
    with world.engine.begin() as conn:
        devices.revoke_device(conn, device_id, actor_user_id="admin-test", retire=True, reason="replaced")

    report = device.sync()

    assert report.pushed == 1 and report.wiped
    assert json.loads(world.server_records(coach)[("care_plan", plan_id)])["title"].startswith("Last change")
    assert sorted(os.listdir(device.vault.directory)) == ["wipe-receipt.json"]
    with world.engine.connect() as conn:
        status = conn.execute(select(tables.device.c.status).where(tables.device.c.device_id == device_id)).scalar()
    assert status == "revoked"  # the wipe-ack of a retiring device completes the retirement


def test_a_revoked_device_erases_itself_and_acknowledges(world: World) -> None:
    coach = world.account()
    world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    device_id = device.device_id
    with world.engine.begin() as conn:
        devices.revoke_device(conn, device_id, actor_user_id="admin-test", reason="lost")

    report = device.sync(ok=False)

    assert report.wiped and report.error is not None and report.error.kind is SyncErrorKind.DEVICE_REVOKED
    assert sorted(os.listdir(device.vault.directory)) == ["wipe-receipt.json"]
    receipt = json.loads((device.vault.directory / "wipe-receipt.json").read_text())
    assert receipt["reason"] == "device_revoked" and "vault.key" in receipt["deleted"]
    with world.engine.connect() as conn:
        wiped_at = conn.execute(select(tables.device.c.wiped_at).where(tables.device.c.device_id == device_id)).scalar()
    assert wiped_at is not None  # the ack reached the server with the access token still in memory


def test_a_generic_401_never_erases(world: World) -> None:
    coach = world.account()
    world.member(coach)
    device = world.device(coach)
    device.sync()
    device.engine.store.put({sync_state.REFRESH_TOKEN: "not-the-refresh-token-at-all-000000000000"})
    device.engine.client.forget_access_token()

    report = device.sync(ok=False)

    assert report.error is not None and report.error.kind is SyncErrorKind.AUTH and not report.wiped
    assert (device.vault.directory / "vault.key").exists() and not device.vault.is_locked
    assert sync_status(device.vault.database()).last_error_kind == "auth"


def test_upgrade_required_keeps_the_outbox_and_pushes_nothing(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, title="Made on an old app")
    meta = tables.server_meta
    with world.engine.begin() as conn:
        conn.execute(update(meta).where(meta.c.id == 1).values(min_schema=2, max_schema=2))
    try:
        report = device.sync(ok=False)
        assert report.error is not None and report.error.kind is SyncErrorKind.CLIENT_TOO_OLD
        assert device.outbox() == [("patch", "pending", "")] and world.mutation_results(device) == []
    finally:
        with world.engine.begin() as conn:
            conn.execute(update(meta).where(meta.c.id == 1).values(min_schema=1, max_schema=1))
    assert device.sync().pushed == 1
    _converged(world, device)


def test_resync_required_redownloads_and_keeps_every_local_intent(world: World) -> None:
    coach = world.account()
    member_id = world.member(coach)
    plan_id, gone_id = world.care_plan(member_id), world.care_plan(member_id)
    device = world.device(coach)
    device.sync()
    gone = json.loads(world.server_records(coach)[("care_plan", gone_id)])
    world.put({**gone, "title": "Renamed while the laptop slept"})
    with world.engine.begin() as conn:  # a tombstone, then purged below the device's cursor: pulls get 410
        conn.execute(update(tables.record).where(tables.record.c.id == gone_id).values(deleted=True))
    seq = world.put({**json.loads(world.server_records(coach)[("care_plan", plan_id)]), "title": "Server edit"})
    sync_service.purge_tombstones(world.engine, TENANT, seq)

    def edit_during_snapshot(progress):  # type: ignore[no-untyped-def]
        if progress.phase is Phase.SNAPSHOT and not edited:
            edited.append(True)
            _edit_plan(device, plan_id, member_words="typed while re-downloading")

    edited: list[bool] = []
    device.engine.progress.subscribe(edit_during_snapshot)
    report = device.sync()

    assert report.snapshot and "resync" in report.notes and edited
    assert device.outbox() == [("patch", "pending", "")]  # the intent survived the resync
    plan = _plan(device, plan_id)
    assert (plan.title, plan.member_words) == ("Server edit", "typed while re-downloading")
    assert ("care_plan", gone_id) not in device.local_records()
    device.sync()
    _converged(world, device)


def test_a_delete_reaches_the_other_device_as_a_tombstone(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    laptop, tablet = world.device(coach), world.device(coach)
    laptop.sync()
    tablet.sync()

    laptop.repo.delete("care_plan", plan_id)
    laptop.sync()
    tablet.sync()

    for device in (laptop, tablet):
        assert device.vault.database().scalar("SELECT count(*) FROM record WHERE id = ?", (plan_id,)) == 0
    with world.engine.connect() as conn:
        assert conn.execute(select(tables.record.c.deleted).where(tables.record.c.id == plan_id)).scalar() is True
    _converged(world, laptop, tablet)


def test_applying_a_pull_page_twice_or_a_stale_state_changes_nothing(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    body = json.loads(world.server_records(coach)[("care_plan", plan_id)])
    world.put({**body, "title": "Newer on the server"})
    store, db = device.engine.store, device.vault.database()
    page = device.engine.client.pull(store.cursor()[0], 500)

    def snapshot_of_vault() -> tuple[object, ...]:
        return (db.query("SELECT kind, id, body, server_body, server_row_seq, server_field_ver, deleted FROM record "
                         "ORDER BY kind, id"), store.cursor(), db.query("SELECT * FROM outbox"))  # fmt: skip

    store.apply_pull_page(page)
    once = snapshot_of_vault()
    store.apply_pull_page(page)
    assert snapshot_of_vault() == once
    current = next(c.record for c in page.changes if c.record and str(c.record.id) == plan_id)
    stale = RecordState.model_validate({**current.model_dump(mode="json"), "row_seq": current.row_seq - 1,
                                        "body": {**current.body, "title": "Stale"}})  # fmt: skip
    store.apply_pull_page(PullResponse(changes=[Change(seq=current.row_seq - 1, record=stale)],
                                       next_cursor=page.next_cursor, has_more=False, server_seq=page.server_seq,
                                       last_client_seq=page.last_client_seq))  # fmt: skip
    assert snapshot_of_vault() == once and _plan(device, plan_id).title == "Newer on the server"
    _converged(world, device)


@contextmanager
def restored_server(world: World, device: Device) -> Iterator[None]:
    """The server restored from a backup taken before this device's pushes: a new epoch, its results gone."""
    meta, dev = tables.server_meta, tables.device
    with world.engine.begin() as conn:
        old_epoch = conn.execute(select(meta.c.server_epoch)).scalar_one()
        conn.execute(update(meta).where(meta.c.id == 1).values(server_epoch=str(uuid.uuid4())))
        conn.execute(delete(tables.mutation_result).where(tables.mutation_result.c.device_id == device.device_id))
        conn.execute(update(dev).where(dev.c.device_id == device.device_id).values(last_client_seq=0))
    try:
        with LiveServer(world.server.settings.db_url) as restored_url:
            device.engine.store.put({sync_state.SERVER_URL: restored_url})
            device.engine.client = client_for(device.engine.store.db)
            yield
    finally:
        with world.engine.begin() as conn:
            conn.execute(update(meta).where(meta.c.id == 1).values(server_epoch=old_epoch))


def test_a_restored_server_gets_every_retained_intent_again_then_a_fresh_snapshot(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, title="Acknowledged before the restore")
    device.sync()
    _edit_plan(device, plan_id, member_words="Still unsent at the restore")
    with restored_server(world, device):
        report = device.sync()
        assert report.epoch_recovered and report.snapshot and report.pushed == 2
        assert world.mutation_results(device) == [(1, "applied"), (2, "applied")]
        assert device.engine.store.get(sync_state.RECOVERY) is None
        plan = _plan(device, plan_id)
        assert (plan.title, plan.member_words) == ("Acknowledged before the restore", "Still unsent at the restore")
        _converged(world, device)


def test_a_restore_older_than_the_retained_rows_renumbers_instead_of_wedging(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    now = [datetime.now(UTC)]
    device = world.device(coach, clock=lambda: now[0])
    device.sync()
    _edit_plan(device, plan_id, title="Acknowledged long ago")
    device.sync()
    now[0] += timedelta(days=8)  # past the epoch grace period: that row is dropped at the next pull
    _edit_plan(device, plan_id, member_words="Acknowledged yesterday")
    device.sync()
    assert device.outbox() == [("patch", "acked", "")]
    with restored_server(world, device):
        report = device.sync()
        assert report.epoch_recovered and report.pushed == 1
        assert world.mutation_results(device) == [(1, "applied")]  # sent again as the server's next number
        assert json.loads(str(device.engine.store.get(sync_state.LAST_REBASE)))["shift"] == 1
        _converged(world, device)
