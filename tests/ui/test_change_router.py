"""The change router: a page's save reaches the other pages and the sync status; a sync that pulled refreshes all."""

from __future__ import annotations

from typing import Any

from coach_desktop.app.sync_service import SyncService
from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.progress import SyncReport
from coach_desktop.sync.scheduler import SchedulerState
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.change_router import ChangeRouter
from coach_desktop.ui.page import Page
from coach_desktop.vault.repository import ChangeSet
from coach_desktop.vault.vault import Vault


class RecordingPage(Page):
    """A real page widget that notes what the router tells it."""

    def __init__(self) -> None:
        super().__init__()
        self.applied: list[ChangeSet] = []
        self.remote = 0

    def apply_changes(self, changes: ChangeSet) -> None:
        self.applied.append(changes)

    def remote_changes(self) -> None:
        self.remote += 1


def _router(vault: Vault, lanes: Lanes, qtbot: Any) -> tuple[ChangeRouter, RecordingPage, RecordingPage, list[int]]:
    source, other = RecordingPage(), RecordingPage()
    for page in (source, other):
        qtbot.addWidget(page)
    sync = SyncService(vault, None)
    pending: list[int] = []
    sync.subscribe(status=lambda status: pending.append(status.pending))
    return ChangeRouter({"member": source, "today": other}, sync, lanes), source, other, pending


def test_a_save_reaches_the_other_pages_and_the_pending_count(seeded_vault: Vault, lanes: Lanes, qtbot: Any) -> None:
    router, source, other, pending = _router(seeded_vault, lanes, qtbot)
    plan_id = seeded_vault.database().scalar("SELECT id FROM record WHERE kind = 'care_plan' LIMIT 1")
    plan = seeded_vault.repository().get("care_plan", plan_id)
    assert isinstance(plan, CarePlan)
    _, change = seeded_vault.repository().update(plan.model_copy(update={"member_words": "walk after lunch"}))

    source.changes_saved.emit([change])

    assert other.applied == [change] and source.applied == []  # the page that saved already knows
    qtbot.waitUntil(lambda: pending == [1], timeout=5000)  # the unsent edit is counted without a sync
    router.close()


def test_a_sync_that_pulled_refreshes_every_page_once(seeded_vault: Vault, lanes: Lanes, qtbot: Any) -> None:
    router, source, other, _ = _router(seeded_vault, lanes, qtbot)
    quiet, pulled = SyncReport(pushed=2), SyncReport(pulled=5)
    router._bridge.state_changed.emit(SchedulerState(running=False, last_report=quiet))
    assert (source.remote, other.remote) == (0, 0)  # nothing came from the server
    router._bridge.state_changed.emit(SchedulerState(running=True, last_report=quiet))
    router._bridge.state_changed.emit(SchedulerState(running=False, last_report=pulled))
    router._bridge.state_changed.emit(SchedulerState(running=False, last_report=pulled, online=True))
    assert (source.remote, other.remote) == (1, 1)  # once per run, not once per state change
    router.close()
