"""Shared by the Sync screen tests: the real server on loopback (SQLite), schedulers on real devices, waits."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from coach_desktop.app.sync_service import SyncService
from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.retry import RetryPolicy
from coach_desktop.sync.scheduler import SchedulerState, SyncScheduler
from coach_server import identity
from tests.server.live import LiveServer
from tests.sync.conftest import TENANT, Device, World, fast_hashing, world

__all__ = ["fast_hashing", "world"]  # re-exported: test modules outside tests/sync bind them as fixtures

LONG = timedelta(hours=1)  # "never" within a test: only the action under test starts a run
WAIT = 20.0  # upper bound of a wait-for-condition on 2 busy cores
FAST_CLIENT = {"retry": RetryPolicy(attempts=1), "timeouts": (2.0, 10.0)}  # the scheduler retries, not the client


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[LiveServer]:
    """SQLite only: these tests are about the screens; both backends are covered by tests/sync."""
    server = LiveServer(f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}")
    with server:
        with server.engine.begin() as conn:
            identity.ensure_tenant(conn, TENANT)
        yield server


@dataclass
class Synced:
    """A device with the app's sync wiring: its scheduler (own thread and connection) and the SyncService."""

    device: Device
    scheduler: SyncScheduler
    service: SyncService

    def wait(self, predicate: Callable[[SchedulerState], bool], timeout: float = WAIT) -> SchedulerState:
        """Block (no event loop) until the scheduler's state satisfies ``predicate``."""
        met = threading.Event()
        unsubscribe = self.scheduler.subscribe(lambda state: met.set() if predicate(state) else None)
        try:
            if not predicate(self.scheduler.state):
                assert met.wait(timeout), f"condition not met; last state: {self.scheduler.state}"
        finally:
            unsubscribe()
        return self.scheduler.state


@pytest.fixture
def synced(world: World) -> Iterator[Callable[..., Synced]]:
    """Make a scheduler + service for a device; every scheduler is stopped before the world locks the vaults."""
    made: list[SyncScheduler] = []

    def make(device: Device, **options: Any) -> Synced:
        options = {"interval": LONG, "debounce": LONG, **options}
        scheduler = SyncScheduler.for_vault(device.vault, client_options=FAST_CLIENT, **options)
        made.append(scheduler)
        return Synced(device, scheduler, SyncService(device.vault, scheduler))

    yield make
    for scheduler in made:
        scheduler.stop()


def plan(device: Device, plan_id: str) -> CarePlan:
    record = device.repo.get("care_plan", plan_id)
    assert isinstance(record, CarePlan)
    return record


def edit_plan(device: Device, plan_id: str, **changes: object) -> None:
    device.repo.update(plan(device, plan_id).model_copy(update=changes))


def same_field_conflict(world: World, *fields: str) -> tuple[Device, Device, str]:
    """Laptop and tablet edit the same care-plan field(s) offline; the laptop syncs first and wins.

    Returns (laptop, tablet, plan id); the tablet has not sent its edit yet.
    """
    coach = world.account()
    plan_id = world.care_plan(world.member(coach, family="Zqconflict", given="Rosa"))
    laptop, tablet = world.device(coach), world.device(coach)
    laptop.sync()
    tablet.sync()
    values = {"title": ("Walking plan", "Blood sugar plan"), "member_words": ("Walk daily", "Check sugar daily")}
    edit_plan(laptop, plan_id, **{f: values[f][0] for f in fields})
    edit_plan(tablet, plan_id, **{f: values[f][1] for f in fields})
    laptop.sync()
    return laptop, tablet, plan_id


def converged(world: World, *devices: Device) -> None:
    """Every device's live records equal the server's, nothing unsent, vault checks pass (I4)."""
    for device in devices:
        assert device.engine.store.unsent_count() == 0
        assert device.local_records() == world.server_records(device.account)
        assert device.vault.verify().ok
