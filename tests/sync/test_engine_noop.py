"""A sync with nothing to do: one request (hello), no pull, one local commit; and what must still reach the vault
(the server's changes and scope events, a moved clock's lease anchors). Real vaults, the real server on loopback."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from coach_desktop.domain.base import utc_now
from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.lease import check_lease
from coach_desktop.vault import sync_state
from tests.sync.conftest import Device, World


class _Paths(HTTPAdapter):
    """Records the path of every request the device's own session sends."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        self.paths.append(str(request.path_url).split("?", 1)[0])
        return super().send(request, *args, **kwargs)


def _watched(device: Device) -> _Paths:
    adapter = _Paths()
    device.engine.client._session.mount("http://", adapter)
    return adapter


def _changes(device: Device) -> int:
    """Rows changed on the sync lane's connection so far (sqlite3 total_changes)."""
    return int(device.engine.store.db._live().total_changes)


def test_a_sync_with_nothing_to_do_says_hello_only_and_commits_once(world: World) -> None:
    coach = world.account()
    world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    device.sync()  # the first hello after the snapshot may anchor the lease; from here nothing changes
    before = sync_state.read_all(device.vault.database())
    wire = _watched(device)
    changed = _changes(device)

    report = device.sync()

    after = sync_state.read_all(device.vault.database())
    assert wire.paths == ["/v1/sync/hello"]
    assert report.pulled == report.pushed == 0
    assert after[sync_state.CURSOR] == before[sync_state.CURSOR]
    for key in (sync_state.LEASE_EXPIRES_AT, sync_state.LEASE_SERVER_TIME, sync_state.LEASE_LOCAL_TIME):
        assert after[key] == before[key], key  # unchanged lease: not written again
    assert after[sync_state.LAST_SYNC_AT] > before[sync_state.LAST_SYNC_AT]
    assert after[sync_state.LAST_LOCAL_TIME] > before[sync_state.LAST_LOCAL_TIME]
    assert _changes(device) - changed <= 3  # last sync, last local and server time: one transaction


def test_a_change_or_a_scope_event_on_the_server_is_still_pulled(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    device.sync()
    plan = device.repo.get("care_plan", plan_id)
    assert isinstance(plan, CarePlan)
    world.put(plan.model_copy(update={"member_words": "changed at the office"}).body())
    wire = _watched(device)

    assert device.sync().pulled == 1
    assert wire.paths == ["/v1/sync/hello", "/v1/sync/pull"]
    new_member = world.member(coach, family="Zqgranted")  # a grant: a scope event with the same seq
    assert device.sync().pulled >= 1
    assert device.vault.database().scalar("SELECT count(*) FROM record WHERE id = ?", (new_member,)) == 1
    assert device.local_records() == world.server_records(coach)


def test_a_local_edit_is_pushed_and_pulled_back(world: World) -> None:
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    plan = device.repo.get("care_plan", plan_id)
    assert isinstance(plan, CarePlan)
    device.repo.update(plan.model_copy(update={"member_words": "walk every day"}))
    wire = _watched(device)

    report = device.sync()

    assert report.pushed == 1
    assert wire.paths == ["/v1/sync/hello", "/v1/sync/push", "/v1/sync/pull"]
    assert device.local_records() == world.server_records(coach)
    assert device.engine.store.unsent_count() == 0


def test_a_clock_moved_on_this_computer_anchors_the_lease_again(world: World) -> None:
    shift = [timedelta(0)]

    def clock() -> datetime:
        return utc_now() + shift[0]

    coach = world.account()
    world.member(coach)
    device = world.device(coach, clock=clock)
    device.sync()
    device.sync()
    anchored = sync_state.read_all(device.vault.database())[sync_state.LEASE_LOCAL_TIME]

    shift[0] = timedelta(hours=3)  # the local clock jumped: the old anchors would misjudge the server's time
    device.sync()

    state = sync_state.read_all(device.vault.database())
    assert state[sync_state.LEASE_LOCAL_TIME] != anchored
    status = check_lease(state, clock())
    assert status.server_now is not None and abs(status.server_now - utc_now()) < timedelta(minutes=1)
