"""Panel queries for the screens: ids in display order, then light rows for the visible window."""

from __future__ import annotations

from ..vault import panel_queries
from ..vault.panel_queries import MemberRow, PanelFilter, PanelSort
from ..vault.vault import Vault


class PanelService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def member_ids(self, flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False) -> list[str]:
        return panel_queries.member_ids(self._vault.database(), flt, sort, descending)

    def rows(self, ids: list[str]) -> dict[str, MemberRow]:
        return panel_queries.rows_for(self._vault.database(), ids)
