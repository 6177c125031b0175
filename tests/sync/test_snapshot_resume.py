"""A snapshot cut short resumes from the next page: its token and mark are stored with each page (I5a)."""

from __future__ import annotations

import threading

from coach_desktop.sync.errors import SyncErrorKind
from coach_desktop.sync.progress import ProgressSnapshot
from coach_desktop.sync.protocol import SnapshotRequest, SnapshotResponse
from coach_desktop.vault import sync_store
from tests.sync.conftest import Device, World


def _record_snapshots(device: Device) -> list[tuple[str | None, str | None, int]]:
    """Every snapshot request from now on: (token sent, token answered, records)."""
    seen: list[tuple[str | None, str | None, int]] = []
    client = device.engine.client
    original = client.snapshot

    def snapshot(request: SnapshotRequest, cancel: threading.Event | None = None) -> SnapshotResponse:
        seen.append((request.snapshot_token, None, 0))  # a refused request counts too
        page = original(request, cancel)
        seen[-1] = (request.snapshot_token, page.snapshot_token, len(page.records))
        return page

    client.snapshot = snapshot  # type: ignore[method-assign]
    return seen


def _world_with_pages(world: World, members: int) -> tuple[Device, object]:
    coach = world.account()
    for i in range(members):
        world.care_plan(world.member(coach, family=f"Zqresume{i}"))
    return world.device(coach, snapshot_limit=3, pull_limit=3), coach


def test_a_cancelled_snapshot_resumes_from_the_next_page_and_requests_none_twice(world: World) -> None:
    device, coach = _world_with_pages(world, 6)  # 12 records: 4 pages of 3
    seen = _record_snapshots(device)
    cancel = threading.Event()

    def at_half(state: ProgressSnapshot) -> None:
        if state.pulled >= 6:
            cancel.set()

    device.engine.progress.subscribe(at_half)
    first = device.sync(ok=False, cancel=cancel)
    assert first.error is not None and first.error.kind is SyncErrorKind.CANCELLED
    applied = first.pulled
    assert 6 <= applied < 12
    stored = device.engine.store.get(sync_store.SNAPSHOT_TOKEN)
    assert stored is not None and device.engine.store.cursor()[0] is None
    applied_requests = [sent for sent, _, _ in seen][: applied // 3]  # pages are applied in the order requested
    assert stored == seen[applied // 3 - 1][1]  # the token of the last page committed, not of one only fetched
    seen.clear()

    again = device.sync()

    assert again.snapshot and again.pulled == 12 - applied
    resumed = [sent for sent, _, _ in seen]
    assert resumed[0] == stored and not set(resumed) & set(applied_requests)
    assert len(resumed) == len(set(resumed))
    assert device.local_records() == world.server_records(coach)  # type: ignore[arg-type]
    assert device.engine.store.get(sync_store.SNAPSHOT_TOKEN) is None
    assert device.engine.store.get(sync_store.SNAPSHOT_MARK) is None


def test_a_refused_snapshot_token_starts_the_snapshot_over(world: World) -> None:
    device, coach = _world_with_pages(world, 3)
    cancel = threading.Event()
    device.engine.progress.subscribe(lambda state: cancel.set() if state.pulled >= 3 else None)
    device.sync(ok=False, cancel=cancel)
    device.engine.store.put({sync_store.SNAPSHOT_TOKEN: "not-a-token-the-server-signed"})  # answered 400
    seen = _record_snapshots(device)

    report = device.sync()

    assert "snapshot restarted" in report.notes
    assert [sent for sent, _, _ in seen][:2] == ["not-a-token-the-server-signed", None]
    assert device.local_records() == world.server_records(coach)  # type: ignore[arg-type]
