"""409 in_progress end to end: a push whose first copy the real server is still applying is waited for and sent
again unchanged (same Idempotency-Key, same mutation ids), within a bounded number of waits, and a cancel ends
the wait at once. The server's own batch gate is held, as a slow first copy would hold it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.errors import SyncErrorKind
from coach_desktop.sync.retry import event_sleep
from coach_server import routes_sync
from tests.sync.conftest import Device, World


def _edit_plan(device: Device, plan_id: str, words: str) -> None:
    record = device.repo.get("care_plan", plan_id)
    assert isinstance(record, CarePlan)
    device.repo.update(record.model_copy(update={"member_words": words}))


@contextmanager
def _gate_held(device: Device, batch_id: str, seconds: float | None = None) -> Iterator[threading.Event]:
    """The server's gate for this batch held from another thread (for ``seconds``, or until the block ends)."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with routes_sync._BATCHES.hold((device.device_id, batch_id)):
            held.set()
            release.wait(seconds)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(5)
    try:
        yield release
    finally:
        release.set()
        thread.join(5)


def _recorded_sleeps(device: Device) -> list[float]:
    sleeps: list[float] = []

    def sleep(seconds: float, cancel: threading.Event | None) -> bool:
        sleeps.append(seconds)
        return event_sleep(seconds, cancel)

    device.engine.client._sleep = sleep
    return sleeps


def _prepared(world: World) -> tuple[Device, str, str]:
    """A synced device with one edit marked in flight; returns the device, the plan id and the batch id."""
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    _edit_plan(device, plan_id, "walk to the market")
    batch = device.engine.store.next_batch()  # what a sync cut short after marking it did: the same batch follows
    assert batch is not None
    return device, plan_id, batch.batch_id


def test_a_push_whose_first_copy_is_still_applied_waits_and_is_applied_once(world: World) -> None:
    device, plan_id, batch_id = _prepared(world)
    sleeps = _recorded_sleeps(device)

    with _gate_held(device, batch_id, seconds=0.8):
        report = device.sync()

    assert report.pushed == 1 and sleeps, "the sync waited for the batch in progress, then pushed it"
    assert all(0 < s <= 4.0 for s in sleeps)
    assert world.mutation_results(device) == [(1, "applied")]
    assert device.outbox() == [("patch", "acked", "")]
    assert '"walk to the market"' in world.server_records(device.account)[("care_plan", plan_id)]


def test_waits_for_a_batch_in_progress_are_bounded_and_the_batch_is_kept(world: World) -> None:
    device, _plan_id, batch_id = _prepared(world)
    sleeps = _recorded_sleeps(device)
    device.engine.client.in_progress_waits = 2

    with _gate_held(device, batch_id):
        report = device.sync(ok=False)

    assert report.error is not None and report.error.kind is SyncErrorKind.SERVER and report.error.status == 409
    assert len(sleeps) == 2
    assert device.outbox() == [("patch", "in_flight", "")]  # kept as it was: the same batch goes next time
    assert device.engine.store.next_batch() is not None
    assert device.engine.store.next_batch().batch_id == batch_id  # type: ignore[union-attr]
    assert device.sync().pushed == 1
    assert world.mutation_results(device) == [(1, "applied")]


def test_a_cancel_ends_the_wait_for_a_batch_in_progress(world: World) -> None:
    device, _plan_id, batch_id = _prepared(world)
    cancel = threading.Event()
    waits: list[float] = []

    def sleep(seconds: float, event: threading.Event | None) -> bool:
        waits.append(seconds)
        threading.Timer(0.05, cancel.set).start()  # the user presses stop during the wait
        return event_sleep(60.0, event)  # a long wait: only the cancel can end it in time

    device.engine.client._sleep = sleep
    with _gate_held(device, batch_id):
        started = time.monotonic()
        report = device.sync(ok=False, cancel=cancel)
        took = time.monotonic() - started

    assert report.error is not None and report.error.kind is SyncErrorKind.CANCELLED
    assert len(waits) == 1 and took < 10
    assert device.outbox() == [("patch", "in_flight", "")]
    assert device.sync().pushed == 1
    assert world.mutation_results(device) == [(1, "applied")]
