"""The care-plan editor on the member chart, on a real seeded vault with real lanes: a goal added with Ctrl+S,
progress, discontinued (a status, never a delete) and its revision history old → new; a wrong date kept on screen
with its error; unsaved edits surviving a refresh and a look at another goal; the printed plan in the member's
language, audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QWidget

from coach_desktop.app.care_plan_service import CarePlanService
from coach_desktop.app.member_service import MemberService
from coach_desktop.app.printed_plan import CoachContact
from coach_desktop.app.screening_service import ScreeningService
from coach_desktop.domain.audit import AuditAction
from coach_desktop.domain.care_plan import CarePlan, CarePlanGoal, GoalStatus
from coach_desktop.domain.member import Language, Member
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.care_plan_dialogs import DEFAULT_PDF_NAME, PrintOptions, RevisionHistoryDialog
from coach_desktop.ui.care_plan_editor import CarePlanEditor
from coach_desktop.ui.member.labels import fmt_date
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.vault import audit_log
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.ui.conftest import SEED, TODAY

WAIT_MS = 10_000
COACH = CoachContact("Nurse Ana Reyes, RN", "(405) 555-0142", "Mon–Fri 8:00–4:30")


@pytest.fixture(scope="module")
def plan_panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture(scope="module")
def plan_vault(tmp_path_factory: pytest.TempPathFactory, plan_panel: SyntheticPanel) -> Iterator[Vault]:
    """One seeded vault for the module; each test edits the plan of a member of its own."""
    vault = Vault.create(tmp_path_factory.mktemp("plan") / "vault", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    vault.repository().store_server_records(list(iter_records(plan_panel)))
    yield vault
    vault.lock()


@pytest.fixture
def page(plan_vault: Vault, lanes: Lanes, qtbot: Any) -> Iterator[MemberPage]:
    today = lambda: TODAY  # noqa: E731 - the panel's own today
    widget = MemberPage(MemberService(plan_vault, today=today), lanes,
                        care_plans=CarePlanService(plan_vault, today=today))  # fmt: skip
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    yield widget
    lanes.drain()


_used: set[str] = set()


def _member(panel: SyntheticPanel, test: Callable[[Member], bool] = lambda m: True) -> Member:
    member = next(m for m in panel.members if str(m.id) not in _used and test(m))
    _used.add(str(member.id))
    return member


def _editor(page: MemberPage, qtbot: Any, member: Member) -> CarePlanEditor:
    page.show_member(str(member.id))
    qtbot.waitUntil(lambda: page.header.name.text() == member.display_name, timeout=WAIT_MS)
    page.tabs.setCurrentWidget(page.care_plan)
    editor = page.care_plan.editor
    assert editor is not None and editor.isVisible()
    return editor


def _type(widget: QWidget, text: str) -> None:
    """Replace a field's text by typing, as a coach would (a date field types into its line edit)."""
    target = widget if isinstance(widget, QLineEdit | QPlainTextEdit) else widget.findChild(QLineEdit)
    target.setFocus()
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    QTest.keyClicks(target, text)


def _ctrl_s(widget: QWidget) -> None:
    target = widget if isinstance(widget, QLineEdit | QPlainTextEdit) else widget.findChild(QLineEdit)
    QTest.keyClick(target, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _goals(vault: Vault, member: Member, description: str) -> list[CarePlanGoal]:
    records = vault.repository().member_records(str(member.id), [CarePlanGoal.KIND])
    return [r for r in records if isinstance(r, CarePlanGoal) and r.description == description]


def _fill_goal(editor: CarePlanEditor, description: str, target_date: str) -> None:
    fields = editor.goal_form.fields
    _type(fields["description"], description)
    _type(fields["measure"], "Minutes walked per week")
    _type(fields["baseline"], "30")
    _type(fields["target"], "150")
    _type(fields["target_date"], target_date)


def test_add_goal_progress_then_discontinue_keeps_it_with_its_history(
    page: MemberPage, plan_vault: Vault, plan_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(plan_panel)
    editor = _editor(page, qtbot, member)
    editor.goals.add.click()
    assert editor.goal_form.isVisible() and editor.goal_form.record is None
    text = "Walk to the mailbox and back after lunch"
    _fill_goal(editor, text, (TODAY + timedelta(days=60)).isoformat())
    _ctrl_s(editor.goal_form.fields["target_date"])  # Ctrl+S from inside the editor
    qtbot.waitUntil(lambda: len(_goals(plan_vault, member, text)) == 1, timeout=WAIT_MS)
    (goal,) = _goals(plan_vault, member, text)
    assert (goal.measure, goal.baseline, goal.target, goal.target_date) == (
        "Minutes walked per week", "30", "150", TODAY + timedelta(days=60))  # fmt: skip
    qtbot.waitUntil(lambda: any(g.id == goal.id for g in editor._data.goals), timeout=WAIT_MS)  # type: ignore[union-attr]
    assert editor.goal_form.record is not None and editor.goal_form.record.id == goal.id
    assert editor.progress_box.isEnabled()

    _type(editor.progress_form.fields["value"], "60")
    _type(editor.progress_form.fields["note"], "Walked twice this week")
    editor.progress_add.click()
    qtbot.waitUntil(lambda: len(_goals(plan_vault, member, text)[0].progress) == 1, timeout=WAIT_MS)
    entry = _goals(plan_vault, member, text)[0].progress[0]
    assert (entry.on, entry.value, entry.note) == (TODAY, "60", "Walked twice this week")
    qtbot.waitUntil(lambda: "Walked twice this week" in editor.progress_list.item(0).text(), timeout=WAIT_MS)

    stop = editor._page_widgets["goal"][2]
    stop.click()
    qtbot.waitUntil(lambda: _goals(plan_vault, member, text)[0].status is GoalStatus.DISCONTINUED, timeout=WAIT_MS)
    # Discontinued is a status: the goal is still on the plan, listed (muted) with the others.
    rows = lambda: [editor.goals.model.row_object(r).id for r in range(editor.goals.model.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: goal.id in rows() and editor.goal_form.record.status is GoalStatus.DISCONTINUED,  # type: ignore[union-attr]
                    timeout=WAIT_MS)  # fmt: skip

    editor.show_history(editor._current)
    qtbot.waitUntil(lambda: isinstance(getattr(editor, "history_dialog", None), RevisionHistoryDialog), timeout=WAIT_MS)
    dialog = editor.history_dialog
    changes = [row.change for row in dialog.rows]
    assert changes[0] == "Status: Active → Discontinued"  # newest first
    assert f"Progress: added {fmt_date(TODAY)} — 60 — Walked twice this week" in changes
    assert changes[-1] == "Created"
    assert {row.by for row in dialog.rows} == {USER_ID}
    assert all(row.what == f"Care-plan goal: {text}" for row in dialog.rows)
    dialog.close()


def test_an_invalid_target_date_is_shown_inline_and_the_text_stays(
    page: MemberPage, plan_vault: Vault, plan_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(plan_panel)
    editor = _editor(page, qtbot, member)
    editor.goals.add.click()
    text = "Cook at home four nights a week"
    _fill_goal(editor, text, "31/13/2026")
    editor.save_button.click()
    error = editor.goal_form.errors["target_date"]
    assert not error.isHidden() and error.text().startswith("Not a date.")
    assert editor.goal_form.text("target_date") == "31/13/2026"  # exactly as typed, to be fixed
    assert editor.goal_form.text("description") == text and editor.goal_form.dirty
    assert editor.goal_form.fields["target_date"].findChild(QLineEdit).hasFocus()
    _type(editor.goal_form.fields["target_date"], (TODAY - timedelta(days=1)).isoformat())
    editor.save()
    assert editor.goal_form.errors["target_date"].text() == "That date has passed: choose today or later."
    _type(editor.goal_form.fields["measure"], "")
    editor.save()
    assert editor.goal_form.errors["measure"].text() == "Required."
    page._lanes.drain()
    assert _goals(plan_vault, member, text) == []  # nothing half-saved
    _type(editor.goal_form.fields["measure"], "Nights cooked per week")
    _type(editor.goal_form.fields["target_date"], (TODAY + timedelta(days=30)).isoformat())
    editor.save()
    editor.save()  # twice before the first is written: the goal is still added once
    qtbot.waitUntil(lambda: len(_goals(plan_vault, member, text)) == 1, timeout=WAIT_MS)
    page._lanes.drain()
    assert len(_goals(plan_vault, member, text)) == 1
    assert editor.goal_form.errors["target_date"].isHidden()


def test_unsaved_edits_survive_a_refresh_and_a_look_at_another_goal(
    page: MemberPage, plan_vault: Vault, plan_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(plan_panel, lambda m: sum(1 for g in plan_panel.goals if g.member_id == m.id) >= 2)
    editor = _editor(page, qtbot, member)
    first, second = (editor.goals.model.row_object(r) for r in range(2))
    editor.goals.table.selectRow(0)
    assert editor.goal_form.record is not None and editor.goal_form.record.id == first.id
    _type(editor.goal_form.fields["target"], "draft target")
    # Someone else's write to the plan (a sync, another tab) refreshes the chart: the form keeps what was typed.
    plan = CarePlanService(plan_vault, today=lambda: TODAY).plan_for(str(member.id))
    _, change = plan_vault.repository().update(plan.model_copy(update={"strengths": "Supportive sister"}))
    page.apply_changes(change)
    qtbot.waitUntil(lambda: editor._data is not None and editor._data.plan.strengths == "Supportive sister",  # type: ignore[union-attr]
                    timeout=WAIT_MS)  # fmt: skip
    assert editor.goal_form.text("target") == "draft target" and editor.goal_form.dirty
    assert editor.plan_form.text("strengths") == "Supportive sister"  # not being edited: refreshed
    editor.goals.table.selectRow(1)
    assert editor.goal_form.record.id == second.id and editor.goal_form.text("target") == second.target  # type: ignore[union-attr]
    editor.goals.table.selectRow(0)
    assert editor.goal_form.text("target") == "draft target"
    assert "Unsaved changes kept" in editor.goal_form.form_error.text()
    stored = next(g for g in plan_vault.repository().member_records(str(member.id), [CarePlanGoal.KIND])
                  if g.id == first.id)  # fmt: skip
    assert isinstance(stored, CarePlanGoal) and stored.target == first.target  # not saved behind the coach's back


def test_print_plan_writes_the_pdf_in_the_members_language(
    page: MemberPage, plan_vault: Vault, plan_panel: SyntheticPanel, qtbot: Any, tmp_path: Path
) -> None:
    member = _member(plan_panel, lambda m: m.preferred_language is Language.SPANISH)
    editor = _editor(page, qtbot, member)
    editor.goals.add.click()
    text = "Caminar con mi nieta los domingos"
    _fill_goal(editor, text, (TODAY + timedelta(days=45)).isoformat())
    page.save()  # the window's Edit > Save (Ctrl+S with the focus outside the editor) saves the plan on screen
    qtbot.waitUntil(lambda: len(_goals(plan_vault, member, text)) == 1 and not editor.has_unsaved(), timeout=WAIT_MS)
    asked: dict[str, object] = {}

    def options(_parent: QWidget, language: str, coach: CoachContact | None) -> PrintOptions:
        asked.update(language=language, coach=coach)
        return PrintOptions(language, COACH)

    def path(_parent: QWidget, default_name: str) -> Path:
        asked["name"] = default_name
        return tmp_path / default_name

    editor.ask_print_options, editor.ask_pdf_path = options, path
    editor.print_button.click()
    pdf = tmp_path / DEFAULT_PDF_NAME
    qtbot.waitUntil(lambda: "Printed plan saved" in editor.status.text(), timeout=WAIT_MS)
    assert asked == {"language": "es", "coach": None, "name": "care-plan.pdf"}  # no PHI in the file name
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert text in words and "Mis metas" in words and COACH.name in words
    plan_id = str(CarePlanService(plan_vault, today=lambda: TODAY).plan_for(str(member.id)).id)
    events = [e.event for e in audit_log.entries(plan_vault.database(), object_id=plan_id)]
    assert [e.action for e in events if e.object_type == CarePlan.KIND].count(AuditAction.EXPORT) == 1
    assert editor.coach == COACH  # remembered for the next print


def test_clear_leaves_no_member_text_in_the_editor_or_an_open_screening(
    plan_vault: Vault, plan_panel: SyntheticPanel, lanes: Lanes, qtbot: Any
) -> None:
    today = lambda: TODAY  # noqa: E731
    page = MemberPage(MemberService(plan_vault, today=today), lanes,
                      screenings=ScreeningService(plan_vault, today=today),
                      care_plans=CarePlanService(plan_vault, today=today))  # fmt: skip
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    member = _member(plan_panel, lambda m: any(g.member_id == m.id for g in plan_panel.goals))
    editor = _editor(page, qtbot, member)
    editor.goals.table.selectRow(0)
    goal = editor.goals.model.row_object(0)
    _type(editor.goal_form.fields["target"], "draft-target-x1")
    dialog = page.screenings.new_screening()
    assert dialog is not None
    needles = [member.family_name, goal.description, "draft-target-x1"]
    assert all(any(n in t for t in _texts(page) + _texts(dialog)) for n in needles)
    page.clear()  # the lock: every piece of member text leaves the widgets
    assert [n for n in needles if any(n in t for t in _texts(page))] == []
    assert not dialog.isVisible() and page.screenings.dialog is None
    lanes.drain()


def _texts(root: QWidget) -> list[str]:
    """What the widgets under ``root`` hold: labels, inputs (plain-text boxes too), combo items, table cells."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QLineEdit):
            found.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            found += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [str(model.data(model.index(r, c)) or "") for r in range(model.rowCount())
                      for c in range(model.columnCount())]  # fmt: skip
    return [t for t in found if t]


def test_unsaved_plan_edits_come_back_after_a_lock(
    page: MemberPage, plan_vault: Vault, plan_panel: SyntheticPanel, lanes: Lanes, qtbot: Any
) -> None:
    member = _member(plan_panel, lambda m: any(g.member_id == m.id for g in plan_panel.goals))
    editor = _editor(page, qtbot, member)
    editor.goals.table.selectRow(0)
    goal = editor.goals.model.row_object(0)
    _type(editor.goal_form.fields["target"], "five days a week")
    _type(editor.plan_form.fields["member_words"], "Quiero bailar en la boda de mi hija")
    editor.goals.add.click()  # a new goal half typed: the open one's edits wait as a draft
    _type(editor.goal_form.fields["description"], "Sleep by eleven")
    drafts = page.drafts()  # what the shell keeps encrypted in the vault at the lock
    assert len([k for k in drafts if k.startswith(f"care_plan:{member.id}:")]) == 3
    page.clear()
    assert page.drafts() == {} and editor.goal_form.text("description") == ""

    # After the unlock the shell builds the pages afresh and gives them the drafts back.
    fresh = MemberPage(MemberService(plan_vault, today=lambda: TODAY), lanes,
                       care_plans=CarePlanService(plan_vault, today=lambda: TODAY))  # fmt: skip
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.restore_drafts(drafts)
    restored = fresh.care_plan.editor
    assert restored is not None and fresh.tabs.currentWidget() is fresh.care_plan
    qtbot.waitUntil(lambda: restored.plan_form.text("member_words") == "Quiero bailar en la boda de mi hija",
                    timeout=WAIT_MS)  # fmt: skip
    assert restored.goal_form.text("target") == "five days a week"  # the first draft is open again
    assert restored.goal_form.record is not None and restored.goal_form.record.id == goal.id
    restored.goals.add.click()
    assert restored.goal_form.text("description") == "Sleep by eleven"
    assert restored.has_unsaved() and _goals(plan_vault, member, "Sleep by eleven") == []  # nothing saved unasked
    fresh.clear()
