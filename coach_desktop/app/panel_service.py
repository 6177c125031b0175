"""Panel queries for the screens: a window of light rows of the filtered, sorted panel (and its size)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..domain.worklist import DEFAULT_SETTINGS, WorklistSettings
from ..vault import panel_queries
from ..vault.contact_due import DueRule
from ..vault.panel_queries import MemberRow, PanelFilter, PanelSort
from ..vault.vault import Vault


@dataclass(frozen=True)
class PanelSlice:
    """Rows ``offset`` … ``offset + len(rows)`` of a query; ``total`` is its row count (-1 when not asked for)."""

    total: int
    offset: int
    rows: list[MemberRow]


class PanelService:
    """Last contact, next due and the overdue filter follow the Today worklist's rule for the day of each read
    (``today``, as TodayService is given), so the two screens agree even as days pass."""

    def __init__(self, vault: Vault, today: Callable[[], date] = date.today,
                 settings: WorklistSettings = DEFAULT_SETTINGS) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._settings = settings

    def _rule(self) -> DueRule:
        return DueRule(self._today(), self._settings)

    def window(self, flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False, offset: int = 0,
               limit: int = 100, *, with_count: bool = False) -> PanelSlice:  # fmt: skip
        db = self._vault.database()
        rule = self._rule()
        rows = panel_queries.member_window(db, flt, sort, descending, offset, limit, rule)
        total = panel_queries.count_members(db, flt, rule) if with_count else -1
        return PanelSlice(total, offset, rows)

    def member_ids(self, flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False) -> list[str]:
        return panel_queries.member_ids(self._vault.database(), flt, sort, descending, self._rule())

    def rows(self, ids: list[str]) -> dict[str, MemberRow]:
        return panel_queries.rows_for(self._vault.database(), ids, self._rule())
