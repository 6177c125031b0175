"""Panel windows: every sort is total, descending is its exact reverse, and each window is read along an index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.vault import panel_queries
from coach_desktop.vault.panel_queries import PanelFilter, PanelSort
from coach_desktop.vault.vault import Vault

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def panel_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = Vault.create(tmp_path_factory.mktemp("panel") / "vault", "correct horse battery staple 42",
                         user_id="nurse.ana", device_id="dev-0001")  # fmt: skip
    vault.repository().store_server_records(list(iter_records(generate_panel(60, seed=5, today=TODAY))))
    yield vault
    vault.lock()


FILTERS = [PanelFilter(), PanelFilter(text="a"), PanelFilter(risk_tiers=frozenset({1, 3})),
           PanelFilter(condition="diabetes", enrollment_status="enrolled"), PanelFilter(overdue_on=TODAY)]  # fmt: skip


@pytest.mark.parametrize("sort", list(PanelSort))
def test_windows_tile_the_sorted_list_and_descending_reverses_it(panel_vault: Vault, sort: PanelSort) -> None:
    db = panel_vault.database()
    for flt in FILTERS:
        ids = panel_queries.member_ids(db, flt, sort)
        assert panel_queries.count_members(db, flt) == len(ids) > 0
        windows = [r.member_id for offset in range(0, len(ids), 7)
                   for r in panel_queries.member_window(db, flt, sort, False, offset, 7)]  # fmt: skip
        assert windows == ids
        assert panel_queries.member_ids(db, flt, sort, descending=True) == ids[::-1]


def test_sorts_order_by_what_the_column_shows(panel_vault: Vault) -> None:
    db = panel_vault.database()
    rows = lambda sort: panel_queries.member_window(db, PanelFilter(), sort, False, 0, 100)  # noqa: E731
    assert [r.birth_date for r in rows(PanelSort.AGE)] == sorted((r.birth_date for r in rows(PanelSort.AGE)),
                                                                  reverse=True)  # youngest first  # fmt: skip
    assert [r.risk_tier for r in rows(PanelSort.RISK)] == sorted(r.risk_tier for r in rows(PanelSort.RISK))
    assert [r.language for r in rows(PanelSort.LANGUAGE)] == sorted(r.language for r in rows(PanelSort.LANGUAGE))
    names = [(r.family_name.lower(), r.given_name.lower()) for r in rows(PanelSort.NAME)]
    assert names == sorted(names)
    due = [r.next_due or "" for r in rows(PanelSort.NEXT_DUE)]
    assert due == sorted(due)  # never contacted (no date) first: due now


@pytest.mark.parametrize("sort", list(PanelSort))
def test_a_window_walks_an_index_without_sorting(panel_vault: Vault, sort: PanelSort) -> None:
    for descending in (False, True):
        for flt in (PanelFilter(), PanelFilter(text="ma")):
            where, params = panel_queries._where(flt)
            sql = (f"SELECT m.member_id FROM member_index m{where} ORDER BY {panel_queries.order_by(sort, descending)}"
                   " LIMIT 100")  # fmt: skip
            plan = " / ".join(r[3] for r in panel_vault.database().query("EXPLAIN QUERY PLAN " + sql, params))
            assert "TEMP B-TREE" not in plan and "USING INDEX member_by_" in plan, plan


def test_text_search_counts_from_the_full_text_index(panel_vault: Vault) -> None:
    db = panel_vault.database()
    member = panel_queries.member_window(db, PanelFilter(), PanelSort.NAME, False, 3, 1)[0]
    for text in (member.family_name[:3], member.medicaid_id, f"{member.given_name} {member.family_name[:2]}"):
        ids = panel_queries.member_ids(db, PanelFilter(text=text))
        assert member.member_id in ids
        assert panel_queries.count_members(db, PanelFilter(text=text)) == len(ids)
    assert panel_queries.count_members(db, PanelFilter(text="zzzq")) == 0
