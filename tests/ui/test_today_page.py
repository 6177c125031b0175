"""The Today page on real widgets, a real seeded vault and the real db lane: grouping, order, opening, empty state."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from coach_desktop.app.today_service import TodayGroup, TodayService
from coach_desktop.domain.scoring import PHQ9_ITEM9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.worklist import Category, build_worklist
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.today_page import TodayPage
from coach_desktop.ui.today_table_model import COL_REASON, COL_WHEN, MEMBER_ID_ROLE
from coach_desktop.vault.repository import ChangeSet
from coach_desktop.vault.vault import Vault
from tests.ui.conftest import TODAY


def _page(qtbot: QtBot, vault: Vault, lanes: Lanes) -> TodayPage:
    page = TodayPage(TodayService(vault, today=lambda: TODAY), lanes, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def _loaded(qtbot: QtBot, page: TodayPage) -> None:
    page.activate()
    qtbot.waitUntil(lambda: page._loaded and not page._loading, timeout=10_000)


def _flagged_screening(member_id: object, practice_id: str | None) -> Screening:
    return Screening(member_id=member_id, practice_id=practice_id, instrument=Instrument.PHQ9,
                     administered_at=datetime(2026, 11, 22, 15, 0, tzinfo=UTC), answers={PHQ9_ITEM9: 1},
                     flags=["safety_item9"])  # fmt: skip


def _expected_groups(panel: SyntheticPanel, extra: list[Screening]) -> Counter[TodayGroup]:
    """The same domain rules over the generated records themselves (not the vault): what each section must hold."""
    items = build_worklist(panel.members, panel.session_notes, panel.tasks, panel.transitions, panel.referrals,
                           [*panel.screenings, *extra], TODAY, care_plans=panel.care_plans)  # fmt: skip
    groups: Counter[TodayGroup] = Counter()
    for item in items:
        if item.category is Category.SAFETY_ALERT:
            groups[TodayGroup.SAFETY] += 1
        elif item.due < TODAY:
            groups[TodayGroup.OVERDUE] += 1
        else:
            groups[TodayGroup.DUE_TODAY if item.due == TODAY else TodayGroup.UPCOMING] += 1
    return groups


def test_sections_come_safety_first_then_overdue_due_today_upcoming(
    qtbot: QtBot, seeded_vault: Vault, panel: SyntheticPanel, lanes: Lanes
) -> None:
    member = panel.members[7]
    flagged = _flagged_screening(member.id, member.practice_id)
    seeded_vault.repository().create(flagged)
    page = _page(qtbot, seeded_vault, lanes)
    _loaded(qtbot, page)

    model, expected = page.model, _expected_groups(panel, [flagged])
    sections = [model.index(r, 0).data() for r in model.section_rows()]
    titles = {TodayGroup.SAFETY: "Safety alerts", TodayGroup.OVERDUE: "Overdue", TodayGroup.DUE_TODAY: "Due today",
              TodayGroup.UPCOMING: "Coming up"}  # fmt: skip
    assert sections == [f"▾ {titles[group]} ({expected[group]})" for group in TodayGroup]
    assert expected[TodayGroup.SAFETY] == 1 and min(expected.values()) > 0
    assert model.rowCount() == 4 + sum(expected.values())
    assert all(page.table.columnSpan(r, 0) == model.columnCount() for r in model.section_rows())
    safety = model.index(1, 0)
    assert safety.data(MEMBER_ID_ROLE) == str(member.id)
    assert safety.data() == f"{member.family_name}, {member.given_name}"
    assert safety.siblingAtColumn(COL_REASON).data() == "Safety assessment: PHQ-9 item 9 positive"
    # Overdue rows say by how much, in the domain's order; the first line of work is current, ready for Enter.
    overdue, due_today = model.section_rows()[1:3]
    whens = [model.index(r, COL_WHEN).data() for r in range(overdue + 1, due_today)]
    assert len(whens) == expected[TodayGroup.OVERDUE] and all(w.endswith("overdue") for w in whens)
    assert page.table.currentIndex() == safety
    assert re.match(r"1 safety alert(\(s\))? · \d+ overdue · ", page.summary.text())  # plurals need coach_en.qm
    assert page.stack.currentWidget() is page.table


def test_enter_double_click_and_arrows_open_members(qtbot: QtBot, seeded_vault: Vault, lanes: Lanes) -> None:
    page = _page(qtbot, seeded_vault, lanes)
    _loaded(qtbot, page)
    tree, model = page.table, page.model
    first = tree.currentIndex()
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    second = tree.currentIndex()
    assert first.row() == 1 and second.row() == 2  # row 0 is the first section's header
    assert page.selected_member_id() == second.data(MEMBER_ID_ROLE)  # Ctrl+N writes a note for this member
    with qtbot.waitSignal(page.member_requested, timeout=2000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [second.data(MEMBER_ID_ROLE)]

    target = model.index(3, 0)
    center = tree.visualRect(target).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)  # a real double-click starts so
    with qtbot.waitSignal(page.member_requested, timeout=2000) as opened:
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened.args == [target.data(MEMBER_ID_ROLE)]

    # Enter on a section header folds it (and opens nobody); Enter again unfolds it.
    rows = model.rowCount()
    tree.setCurrentIndex(model.index(0, 0))
    with qtbot.assertNotEmitted(page.member_requested):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert model.is_folded(TodayGroup.OVERDUE) and model.rowCount() < rows
    assert model.index(0, 0).data().startswith("▸ Overdue")
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert model.rowCount() == rows


def test_nothing_due_shows_the_empty_state(qtbot: QtBot, vault: Vault, lanes: Lanes) -> None:
    page = _page(qtbot, vault, lanes)
    _loaded(qtbot, page)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.text().startswith("Nothing due today.")
    assert page.summary.text() == "Nothing due today."


def test_an_answer_from_before_a_lock_is_never_shown(qtbot: QtBot, seeded_vault: Vault, lanes: Lanes) -> None:
    gate = threading.Event()
    lanes.run_db(gate.wait)  # the db lane is busy: the load below waits behind it
    page = _page(qtbot, seeded_vault, lanes)
    page.activate()
    assert page._loading
    page.clear()  # the lock came first
    gate.set()
    lanes.drain()
    qtbot.wait(50)  # let the queued answer reach the GUI thread: it must be dropped there
    assert page.model.rowCount() == 0 and not page._loaded


def test_a_write_while_loading_loads_again_and_keeps_the_current_line(
    qtbot: QtBot, seeded_vault: Vault, panel: SyntheticPanel, lanes: Lanes
) -> None:
    page = _page(qtbot, seeded_vault, lanes)
    _loaded(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    kept = page.current_row()
    member = panel.members[3]
    gate = threading.Event()
    lanes.run_db(gate.wait)
    page.reload()
    lanes.run_db(lambda: seeded_vault.repository().create(_flagged_screening(member.id, member.practice_id)))
    page.apply_changes(ChangeSet("screening", "x", str(member.id), "create"))
    assert page._again
    gate.set()
    qtbot.waitUntil(lambda: page.model.counts().get(TodayGroup.SAFETY) == 1 and not page._loading, timeout=10_000)
    assert page.current_row() == kept
    assert page.model.index(1, 0).data(MEMBER_ID_ROLE) == str(member.id)


def test_clear_forgets_every_row(qtbot: QtBot, seeded_vault: Vault, lanes: Lanes) -> None:
    page = _page(qtbot, seeded_vault, lanes)
    _loaded(qtbot, page)
    assert page.model.rowCount() > 0
    page.clear()
    assert page.model.rowCount() == 0 and page.summary.text() == ""
    assert page.model.row(QModelIndex()) is None and page.current_row() is None
