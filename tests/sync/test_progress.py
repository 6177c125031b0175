"""SyncProgress: safe to update from the sync thread and read or watch from any other."""

from __future__ import annotations

import threading

from coach_desktop.sync.progress import Phase, ProgressSnapshot, SyncProgress


def test_listeners_get_every_change_until_they_unsubscribe_and_a_broken_one_is_ignored() -> None:
    progress = SyncProgress()
    seen: list[ProgressSnapshot] = []

    def broken(_state: ProgressSnapshot) -> None:
        raise RuntimeError("a UI adapter bug")

    progress.subscribe(broken)
    unsubscribe = progress.subscribe(seen.append)
    progress.update(phase=Phase.PUSHING)
    progress.add(pushed=3)
    unsubscribe()
    progress.add(pulled=5)
    assert [(s.phase, s.pushed) for s in seen] == [(Phase.PUSHING, 0), (Phase.PUSHING, 3)]
    assert progress.snapshot().pulled == 5


def test_concurrent_counts_are_not_lost() -> None:
    progress = SyncProgress()
    workers = [threading.Thread(target=lambda: [progress.add(pushed=1) for _ in range(500)]) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert progress.snapshot().pushed == 2000
