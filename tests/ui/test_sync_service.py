"""SyncService without an event loop: real vaults, the real server on loopback, a real scheduler thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from coach_desktop.app.sync_service import NOT_ENROLLED, Choice, SyncService
from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.errors import SyncError, SyncErrorKind
from coach_desktop.sync.progress import SyncStatus
from coach_desktop.sync.scheduler import Trigger
from coach_desktop.vault.conflicts import list_open_conflicts
from coach_desktop.vault.errors import RecordNotFound
from coach_desktop.vault.vault import Vault
from tests.sync.conftest import World
from tests.ui import sync_world
from tests.ui.sync_world import Synced, converged, plan, same_field_conflict

# The loopback fixtures (tests/sync/conftest.py, SQLite-only server from sync_world) made visible here.
fast_hashing, world, live, synced = sync_world.fast_hashing, sync_world.world, sync_world.live, sync_world.synced


def test_each_device_sees_its_own_side_and_keep_mine_on_the_winner_keeps_its_value(
        world: World, synced: Callable[..., Synced]) -> None:  # fmt: skip
    laptop, tablet, plan_id = same_field_conflict(world, "title")
    tablet.sync()
    laptop.sync()
    service = synced(laptop).service

    lost, won = synced(tablet).service.conflicts(), service.conflicts()

    assert len(lost) == len(won) == 1
    assert (lost[0].record_kind, lost[0].record_id, lost[0].member_name) == ("care_plan", plan_id, "Zqconflict, Rosa")
    mine_lost, mine_won = lost[0].fields[0], won[0].fields[0]
    assert mine_lost.conflict_id == mine_won.conflict_id and mine_lost.field == "title"
    assert (mine_lost.mine, mine_lost.theirs, mine_lost.proposed_here) == ("Blood sugar plan", "Walking plan", True)
    assert (mine_won.mine, mine_won.theirs, mine_won.proposed_here) == ("Walking plan", "Blood sugar plan", False)
    for item in (mine_lost, mine_won):  # one coach on two laptops: "theirs" is hers, from the other device
        assert item.theirs_by == laptop.account.user_id and item.theirs_by_me and item.editable
        assert item.theirs_at is not None

    change = service.resolve(mine_won.conflict_id, Choice.KEEP_MINE)  # offline: an ordinary local write

    assert (change.kind, change.record_id, change.op) == ("conflict", mine_won.conflict_id, "resolve")
    assert service.conflicts() == [] and service.status().pending == 1
    laptop.sync()
    tablet.sync()
    for device in (laptop, tablet):
        assert plan(device, plan_id).title == "Walking plan"
        assert list_open_conflicts(device.vault.database()) == []
    converged(world, laptop, tablet)
    with pytest.raises(RecordNotFound):
        service.resolve(mine_won.conflict_id, Choice.KEEP_THEIRS)


def test_edit_and_keep_all_resolve_every_field_and_converge(world: World, synced: Callable[..., Synced]) -> None:
    laptop, tablet, plan_id = same_field_conflict(world, "title", "member_words")
    tablet.sync()
    service = synced(tablet).service
    [group] = service.conflicts()
    assert [f.field for f in group.fields] == ["member_words", "title"]

    service.resolve(group.fields[1].conflict_id, Choice.EDIT, "Walking and blood sugar plan")
    [rest] = service.conflicts()
    service.resolve_all(rest.conflict_ids, Choice.KEEP_THEIRS)

    assert service.conflicts() == []
    tablet.sync()
    laptop.sync()
    for device in (laptop, tablet):
        assert (plan(device, plan_id).title, plan(device, plan_id).member_words) == (
            "Walking and blood sugar plan", "Walk daily")  # fmt: skip
    converged(world, laptop, tablet)
    with pytest.raises(ValueError, match="field by field"):
        service.resolve_all(rest.conflict_ids, Choice.EDIT)


def test_sync_now_runs_on_the_scheduler_and_a_resolution_is_sent_after_the_save(
        world: World, synced: Callable[..., Synced]) -> None:  # fmt: skip
    laptop, tablet, plan_id = same_field_conflict(world, "title")
    app = synced(tablet, debounce=timedelta(milliseconds=200))
    seen: list[SyncStatus] = []
    stop = app.service.subscribe(status=seen.append)
    app.scheduler.start()
    app.wait(lambda s: s.runs >= 1 and not s.running)
    app.service.sync_now()
    state = app.wait(lambda s: s.runs >= 2 and not s.running)
    assert state.trigger is Trigger.ON_DEMAND and state.last_error is None
    assert state.status is not None and state.status.open_conflicts == 1 and state.status.pending == 0

    [group] = app.service.conflicts()
    app.service.resolve(group.conflict_ids[0], Choice.KEEP_MINE)
    assert seen[-1].pending == 1 and seen[-1].open_conflicts == 0  # the status bar hears it at once
    state = app.wait(lambda s: s.runs >= 3 and not s.running)  # notify_saved: a debounced SAVED run

    assert state.trigger is Trigger.SAVED and state.last_error is None
    assert state.status is not None and (state.status.pending, state.status.open_conflicts) == (0, 0)
    laptop.sync()
    assert plan(laptop, plan_id).title == "Blood sugar plan"
    stop()
    app.service.status()
    assert len(seen) == 1  # unsubscribed


def test_a_device_that_is_not_enrolled_says_so_and_counts_its_pending_work(vault: Vault) -> None:
    service = SyncService(vault, None)
    vault.repository().create(CarePlan.model_validate({"member_id": "0190a1b2-0000-7000-8000-000000000001",
                                                       "title": "Care plan"}))  # fmt: skip

    status = service.status()

    assert not service.enrolled and not status.enrolled and status.pending == 1 and status.last_sync_at is None
    assert service.state() is None and service.progress() is None and service.last_status == status
    with pytest.raises(SyncError) as raised:
        service.sync_now()
    assert raised.value.kind is SyncErrorKind.AUTH and raised.value.message == NOT_ENROLLED
    service.cancel()  # harmless without a scheduler
    assert service.conflicts() == []
