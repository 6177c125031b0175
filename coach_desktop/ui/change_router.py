"""Tells every screen what a save or a sync changed, and wakes the sync scheduler after each local save.

STYLE §4: writes return typed change sets and each screen decides what to refresh. A page announces its own
saves (``Page.changes_saved``); the router hands them to the other pages, asks the scheduler for a (debounced)
sync and re-reads the sync status so the pending count moves at once, online or not. When a sync run that
pulled records ends, every page hears ``remote_changes()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import QObject

from ..app.sync_service import SyncService
from ..sync.scheduler import SchedulerState
from ..vault.repository import ChangeSet
from .background import Lanes
from .page import Page
from .sync_bridge import SyncBridge


class ChangeRouter(QObject):
    def __init__(self, pages: Mapping[str, Page], sync: SyncService, lanes: Lanes,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._pages = dict(pages)
        self._sync = sync
        self._lanes = lanes
        self._last_report: object = None
        for page in self._pages.values():
            page.changes_saved.connect(partial(self._saved, page))
        self._bridge = SyncBridge(sync, self)
        self._bridge.state_changed.connect(self._sync_state)

    def close(self) -> None:
        self._bridge.close()

    def _saved(self, source: Page, changes: list[ChangeSet]) -> None:
        for page in self._pages.values():
            if page is not source:
                for change in changes:
                    page.apply_changes(change)
        self._sync.notify_saved()
        self._lanes.run_db(self._sync.status)  # listeners (status bar, Sync page) get the new pending count

    def _sync_state(self, state: SchedulerState) -> None:
        report = state.last_report
        if state.running or report is None or report is self._last_report:
            return
        self._last_report = report
        if report.pulled:
            for page in self._pages.values():
                page.remote_changes()
