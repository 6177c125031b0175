"""Panel queries for the screens: a window of light rows of the filtered, sorted panel (and its size)."""

from __future__ import annotations

from dataclasses import dataclass

from ..vault import panel_queries
from ..vault.panel_queries import MemberRow, PanelFilter, PanelSort
from ..vault.vault import Vault


@dataclass(frozen=True)
class PanelSlice:
    """Rows ``offset`` … ``offset + len(rows)`` of a query; ``total`` is its row count (-1 when not asked for)."""

    total: int
    offset: int
    rows: list[MemberRow]


class PanelService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def window(self, flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False, offset: int = 0,
               limit: int = 100, *, with_count: bool = False) -> PanelSlice:  # fmt: skip
        db = self._vault.database()
        rows = panel_queries.member_window(db, flt, sort, descending, offset, limit)
        total = panel_queries.count_members(db, flt) if with_count else -1
        return PanelSlice(total, offset, rows)

    def member_ids(self, flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False) -> list[str]:
        return panel_queries.member_ids(self._vault.database(), flt, sort, descending)

    def rows(self, ids: list[str]) -> dict[str, MemberRow]:
        return panel_queries.rows_for(self._vault.database(), ids)
