"""The Panel page on real widgets, a real seeded vault and the real db lane: search, filters, sorts, opening, races."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coach_desktop.app.panel_service import PanelService
from coach_desktop.domain.member import Member, RiskTier
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui import panel_table_model
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.panel_page import PanelPage
from coach_desktop.ui.panel_table_model import COL_AGE, COL_NAME, MEMBER_ID_ROLE, SORT_BY_COLUMN
from coach_desktop.vault import panel_queries
from coach_desktop.vault.contact_due import DueRule
from coach_desktop.vault.panel_queries import MemberRow, PanelFilter, PanelSort
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.ui.conftest import SEED, TODAY

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def shared_panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory, shared_panel: SyntheticPanel) -> Iterator[Vault]:
    """One seeded vault for the read-only tests of this file (the panel page never writes)."""
    directory: Path = tmp_path_factory.mktemp("panel-page") / "vault"
    vault = Vault.create(directory, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    vault.repository().store_server_records(list(iter_records(shared_panel)))
    yield vault
    vault.lock()


def _page(qtbot: QtBot, vault: Vault, lanes: Lanes) -> PanelPage:
    page = PanelPage(PanelService(vault, today=lambda: TODAY), lanes, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activate()
    _settled(qtbot, page)
    return page


def _settled(qtbot: QtBot, page: PanelPage) -> None:
    qtbot.waitUntil(lambda: not page.model._in_flight and not page.model._fetching, timeout=WAIT_MS)


def _ids(page: PanelPage) -> list[str]:
    return [page.model.index(i, 0).data(MEMBER_ID_ROLE) for i in range(page.model.rowCount())]


def _type(qtbot: QtBot, page: PanelPage, text: str) -> None:
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    _settled(qtbot, page)


def _count(page: PanelPage) -> int:
    match = re.match(r"(\d+) member", page.count.text())
    return int(match.group(1)) if match else 0


def test_the_whole_panel_by_name_with_its_count(qtbot: QtBot, shared_vault: Vault, shared_panel: SyntheticPanel,
                                                 lanes: Lanes) -> None:  # fmt: skip
    page = _page(qtbot, shared_vault, lanes)
    by_name = sorted(shared_panel.members, key=lambda m: (m.family_name.lower(), m.given_name.lower()))
    assert _count(page) == page.model.rowCount() == 40
    assert [page.model.index(i, COL_NAME).data() for i in range(40)] == [
        f"{m.family_name}, {m.given_name}" for m in by_name]  # fmt: skip
    assert page.table.currentIndex().row() == 0


def test_search_by_name_and_by_medicaid_id(qtbot: QtBot, shared_vault: Vault, shared_panel: SyntheticPanel,
                                           lanes: Lanes) -> None:  # fmt: skip
    page = _page(qtbot, shared_vault, lanes)
    member = shared_panel.members[5]
    prefix = member.family_name[:3]
    _type(qtbot, page, prefix.lower())
    expected = {
        str(m.id)
        for m in shared_panel.members
        if any(w.lower().startswith(prefix.lower()) for w in f"{m.given_name} {m.family_name}".split())
    }
    assert set(_ids(page)) == expected and str(member.id) in expected  # fmt: skip
    assert _count(page) == len(expected)

    _type(qtbot, page, member.medicaid_id)
    assert _ids(page) == [str(member.id)]
    assert page.count.text() in ("1 member", "1 member(s)")

    _type(qtbot, page, f"{member.given_name} {member.family_name}")
    assert str(member.id) in _ids(page)

    _type(qtbot, page, "zzzz no such member")
    assert _ids(page) == [] and page.count.text() == "No member matches"


def _choose(combo: object, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]


def test_filters_by_tier_condition_status_and_overdue(qtbot: QtBot, shared_vault: Vault,
                                                      shared_panel: SyntheticPanel, lanes: Lanes) -> None:  # fmt: skip
    page = _page(qtbot, shared_vault, lanes)
    members = shared_panel.members

    def expect(predicate: object) -> set[str]:
        return {str(m.id) for m in members if predicate(m)}  # type: ignore[operator]

    _choose(page.tier, 1)
    _settled(qtbot, page)
    assert set(_ids(page)) == expect(lambda m: m.risk_tier is RiskTier.HIGH) != set()
    _choose(page.tier, None)
    condition = members[0].conditions[0]
    _choose(page.condition, condition.value)
    _settled(qtbot, page)
    assert set(_ids(page)) == expect(lambda m: condition in m.conditions) != set()
    _choose(page.condition, None)
    status = next(m.enrollment_status for m in members if m.enrollment_status.value != "enrolled")
    _choose(page.status, status.value)
    _settled(qtbot, page)
    assert set(_ids(page)) == expect(lambda m: m.enrollment_status is status) != set()
    assert _count(page) == len(_ids(page))

    page.reset_filters()
    _settled(qtbot, page)
    page.overdue.setChecked(True)
    _settled(qtbot, page)
    rows = panel_queries.rows_for(shared_vault.database(), [str(m.id) for m in members], DueRule(TODAY))
    due = {i for i, r in rows.items() if date.fromisoformat(str(r.next_due)) < TODAY}
    assert set(_ids(page)) == due and 0 < len(due) < 40
    assert all(page.model.index(i, panel_table_model.COL_NEXT).data(Qt.ItemDataRole.ForegroundRole) is not None
               for i in range(page.model.rowCount()))  # fmt: skip
    page.reset_filters()
    _settled(qtbot, page)
    assert _count(page) == 40


def _sort_key(sort: PanelSort, member: Member, row: MemberRow) -> tuple[object, ...]:
    """What each column sorts by, from the generated member (and, for the derived columns, its panel row)."""
    name = (member.family_name.lower(), member.given_name.lower())
    conditions = f",{','.join(row.conditions)}," if row.conditions else ""
    keys: dict[PanelSort, tuple[object, ...]] = {
        PanelSort.NAME: name,
        PanelSort.AGE: (-member.date_of_birth.toordinal(), *name),
        PanelSort.RISK: (member.risk_tier.number, *name),
        PanelSort.CONDITIONS: (conditions, *name),
        PanelSort.LANGUAGE: (member.preferred_language.value, *name),
        PanelSort.LAST_CONTACT: (row.last_contact or "", *name),
        PanelSort.NEXT_DUE: (row.next_due or "", *name),
        PanelSort.FLAGS: (",".join(row.flags), *name),
        PanelSort.MEDICAID_ID: (member.medicaid_id,),
    }
    return keys[sort]


def test_a_click_on_any_column_sorts_by_it_and_a_second_reverses(
    qtbot: QtBot, shared_vault: Vault, shared_panel: SyntheticPanel, lanes: Lanes
) -> None:
    page = _page(qtbot, shared_vault, lanes)
    rows = panel_queries.rows_for(shared_vault.database(), [str(m.id) for m in shared_panel.members], DueRule(TODAY))
    header = page.table.horizontalHeader()
    for column, sort in enumerate(SORT_BY_COLUMN):
        expected = [str(m.id) for m in sorted(shared_panel.members,
                                              key=lambda m, s=sort: _sort_key(s, m, rows[str(m.id)]))]  # fmt: skip
        if column != COL_NAME:  # the name column starts sorted: its first click reverses
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                             pos=header.rect().topLeft() + _section_center(header, column))  # fmt: skip
            _settled(qtbot, page)
            assert page.model.query[1:] == (sort, False)
            assert _ids(page) == expected, sort
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.rect().topLeft() + _section_center(header, column))  # fmt: skip
        _settled(qtbot, page)
        assert page.model.query[1:] == (sort, True)
        assert _ids(page) == expected[::-1], sort
        if sort is PanelSort.AGE:  # descending: oldest first, and the ages are the members' own
            ages = [int(page.model.index(i, COL_AGE).data()) for i in range(40)]
            assert ages == sorted((m.age_on(TODAY) for m in shared_panel.members), reverse=True)


def _section_center(header: object, column: int) -> object:
    from PySide6.QtCore import QPoint

    left = header.sectionViewportPosition(column)  # type: ignore[attr-defined]
    return QPoint(left + header.sectionSize(column) // 2, header.height() // 2)  # type: ignore[attr-defined]


def test_enter_opens_the_member_from_the_list_and_from_the_search(
    qtbot: QtBot, shared_vault: Vault, shared_panel: SyntheticPanel, lanes: Lanes
) -> None:
    page = _page(qtbot, shared_vault, lanes)
    page.activateWindow()
    page.table.setFocus()
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus, timeout=2000)
    member = shared_panel.members[9]
    qtbot.keyClicks(page.search, member.medicaid_id)
    _settled(qtbot, page)
    with qtbot.waitSignal(page.member_requested, timeout=2000) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [str(member.id)]

    _type(qtbot, page, "")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    second = page.model.index(1, 0).data(MEMBER_ID_ROLE)
    assert page.selected_member_id() == second  # Ctrl+N writes a note for this member
    with qtbot.waitSignal(page.member_requested, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [second]


def test_an_answer_overtaken_by_a_newer_keystroke_is_dropped(
    qtbot: QtBot, shared_vault: Vault, shared_panel: SyntheticPanel, lanes: Lanes
) -> None:
    page = _page(qtbot, shared_vault, lanes)
    member = shared_panel.members[2]
    resets: list[int] = []
    page.model.query_finished.connect(resets.append)
    gate = threading.Event()
    lanes.run_db(gate.wait)  # hold the db lane: every keystroke below is typed before any answer
    qtbot.keyClicks(page.search, member.medicaid_id)
    assert page.model._in_flight and page.model._queued
    gate.set()
    _settled(qtbot, page)
    # The first keystroke's answer came back after eleven newer ones: dropped; only the newest query was shown.
    assert resets == [1]
    assert _ids(page) == [str(member.id)]
    assert page.model.query[0] == PanelFilter(text=member.medicaid_id)


def test_rows_are_fetched_a_window_at_a_time(qtbot: QtBot, shared_vault: Vault, lanes: Lanes,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(panel_table_model, "WINDOW", 8)
    monkeypatch.setattr(panel_table_model, "MAX_WINDOWS", 2)
    calls: list[tuple[int, int]] = []
    service = PanelService(shared_vault)
    real = service.window

    def spy(flt: PanelFilter, sort: PanelSort = PanelSort.NAME, descending: bool = False, offset: int = 0,
            limit: int = 100, *, with_count: bool = False) -> object:  # fmt: skip
        calls.append((offset, limit))
        return real(flt, sort, descending, offset, limit, with_count=with_count)

    monkeypatch.setattr(service, "window", spy)
    page = PanelPage(service, lanes, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(900, 300)
    page.show()
    page.activate()
    _settled(qtbot, page)
    assert page.model.total == 40 and calls[0] == (0, 8)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.index(39, COL_NAME).data() not in (None, "…"), timeout=WAIT_MS)
    _settled(qtbot, page)
    assert (32, 8) in calls and all(limit == 8 for _offset, limit in calls)
    assert len(page.model._windows) <= 2  # what scrolled away was let go


def test_lock_clears_rows_and_what_was_typed(qtbot: QtBot, shared_vault: Vault, lanes: Lanes) -> None:
    page = _page(qtbot, shared_vault, lanes)
    _type(qtbot, page, "a")
    gate = threading.Event()
    lanes.run_db(gate.wait)
    qtbot.keyClicks(page.search, "b")  # in flight at the lock
    page.clear()
    gate.set()
    lanes.drain()
    qtbot.wait(50)
    assert page.model.rowCount() == 0 and page.search.text() == "" and page.count.text() == ""


def test_a_keystroke_moves_nothing_but_the_rows(qtbot: QtBot, shared_vault: Vault, lanes: Lanes) -> None:
    """A new count or a list shorter than the view must not lay out the page again: at 20,000 members that
    repainted the whole page and the rows two or three times per key, the largest cost of a keystroke."""
    page = _page(qtbot, shared_vault, lanes)
    assert page.table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    metrics = page.count.fontMetrics()
    for text in ("No member matches", "88,888 member(s)"):
        assert page.count.minimumWidth() >= metrics.horizontalAdvance(text)
    search, viewport = page.search.geometry(), page.table.viewport().geometry()
    for text in ("z", "", "m"):  # no member; all of them (more than the view shows); a few
        _type(qtbot, page, text)
        qtbot.wait(30)  # any delayed layout
        assert page.search.geometry() == search
        assert page.table.viewport().geometry() == viewport
