"""The Sync page, conflicts inbox and sync status bar on real widgets, real vaults and the real server on loopback."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from coach_desktop import ui
from coach_desktop.app.sync_service import FieldConflict, SyncService
from coach_desktop.domain.base import utc_now
from coach_desktop.sync.errors import SyncError, SyncErrorKind
from coach_desktop.sync.scheduler import SchedulerState
from coach_desktop.ui.background import InlineLanes, Lanes
from coach_desktop.ui.conflicts_inbox import MergedValueDialog
from coach_desktop.ui.sync_page import SyncPage, message_text, needs_enrolment
from coach_desktop.ui.sync_status_bar import SyncStatusBar
from coach_desktop.vault import sync_state
from coach_desktop.vault.conflicts import list_open_conflicts
from coach_desktop.vault.repository import ChangeSet
from coach_desktop.vault.vault import Vault
from tests.sync.conftest import Device, World
from tests.ui import sync_world
from tests.ui.sync_world import WAIT, Synced, converged, edit_plan, plan, same_field_conflict

fast_hashing, world, live, synced = sync_world.fast_hashing, sync_world.world, sync_world.live, sync_world.synced
WAIT_MS = int(WAIT * 1000)
SYNC_UI_FILES = ("sync_page.py", "sync_status_bar.py", "conflicts_inbox.py", "conflict_models.py", "sync_text.py")


def _screens(qtbot: QtBot, app: Synced, lanes: Lanes) -> tuple[SyncPage, SyncStatusBar]:
    page, bar = SyncPage(app.service, lanes), SyncStatusBar(app.service, lanes=lanes)
    for widget in (page, bar):
        qtbot.addWidget(widget)
        widget.show()
    page.activate()
    return page, bar


def _wait_run(qtbot: QtBot, app: Synced, runs: int) -> SchedulerState:
    qtbot.waitUntil(lambda: app.scheduler.state.runs >= runs and not app.scheduler.state.running, timeout=WAIT_MS)
    return app.scheduler.state


def _on_db(qtbot: QtBot, lanes: Lanes, work: Callable[[], Any]) -> Any:
    """Run on the db lane (the main connection's only user while screens are up) and wait for the answer."""
    answers: list[Any] = []
    lanes.run_db(work, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    return answers[0]


def test_a_conflict_is_resolved_through_the_inbox_and_both_devices_converge(
        qtbot: QtBot, world: World, synced: Callable[..., Synced], lanes: Lanes) -> None:  # fmt: skip
    laptop, tablet, plan_id = same_field_conflict(world, "title", "member_words")
    app = synced(tablet)
    page, bar = _screens(qtbot, app, lanes)
    inbox = page.inbox

    app.scheduler.start()  # the start-up sync sends the tablet's edits: both fields conflict
    qtbot.waitUntil(lambda: inbox.list_model.rowCount() == 1 and inbox.fields_model.rowCount() == 2
                    and bar.conflicts.text() == "Conflicts: 2", timeout=WAIT_MS)  # fmt: skip

    assert inbox.list_model.index(0).data() == "Care plan — Zqconflict, Rosa · 2 fields"
    rows = [[inbox.fields_model.index(r, c).data() for c in range(5)] for r in range(2)]
    assert [r[:4] for r in rows] == [
        ["In the member's words", "Check sugar daily", "Walk daily", "You, on another device"],
        ["Title", "Blood sugar plan", "Walking plan", "You, on another device"]]  # fmt: skip
    assert all(r[4] for r in rows) and "Your change reached the server after" in inbox.detail.text()
    assert page.conflicts.text() == "2 — choose what to keep below" and bar.conflicts.isVisible()
    assert "some changes clashed" in page.message.text()
    assert bar.conflicts.isVisible() and bar.pending.text() == "Nothing to send"
    with qtbot.waitSignal(bar.conflicts_clicked, timeout=WAIT_MS):
        qtbot.mouseClick(bar.conflicts, Qt.MouseButton.LeftButton)

    page.clear()  # a lock drops every value and name from the screen; activation brings them back
    assert inbox.list_model.rowCount() == 0 and inbox.fields_model.rowCount() == 0 and not inbox.detail.text()
    page.activate()
    qtbot.waitUntil(lambda: inbox.fields_model.rowCount() == 2, timeout=WAIT_MS)

    inbox.select_field(1)  # Title: keep mine, with the button
    assert inbox.edit.isEnabled()
    qtbot.mouseClick(inbox.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.fields_model.rowCount() == 1, timeout=WAIT_MS)
    inbox.select_field(0)
    QTimer.singleShot(0, page.clear)  # a lock while the edit dialog is open cancels the edit: nothing resolved
    qtbot.mouseClick(inbox.edit, Qt.MouseButton.LeftButton)
    assert inbox.list_model.rowCount() == 0
    qtbot.waitUntil(lambda: not inbox.findChildren(MergedValueDialog), timeout=WAIT_MS)
    page.activate()
    qtbot.waitUntil(lambda: inbox.fields_model.rowCount() == 1, timeout=WAIT_MS)
    inbox.select_field(0)  # In the member's words: type a merged value in the edit dialog
    asked: list[FieldConflict] = []
    inbox.ask_value = lambda item, parent: asked.append(item) or "Walk daily and check sugar"  # type: ignore[func-returns-value]
    qtbot.mouseClick(inbox.edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.list_model.rowCount() == 0, timeout=WAIT_MS)

    assert [a.field for a in asked] == ["member_words"] and inbox.empty.isVisible()
    qtbot.waitUntil(lambda: page.pending.text() == "2" and page.conflicts.text() == "None"
                    and bar.pending.text() == "To send: 2", timeout=WAIT_MS)  # fmt: skip
    assert not bar.conflicts.isVisible()

    qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
    state = _wait_run(qtbot, app, 2)
    assert state.last_error is None
    qtbot.waitUntil(lambda: page.pending.text() == "Nothing", timeout=WAIT_MS)
    laptop.sync()
    lanes.drain()
    for device in (laptop, tablet):
        assert (plan(device, plan_id).title, plan(device, plan_id).member_words) == (
            "Blood sugar plan", "Walk daily and check sugar")  # fmt: skip
        assert list_open_conflicts(device.vault.database()) == []
    converged(world, laptop, tablet)


def test_sync_now_updates_last_sync_and_pending_and_shows_progress_while_it_runs(
        qtbot: QtBot, world: World, synced: Callable[..., Synced], lanes: Lanes) -> None:  # fmt: skip
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    app = synced(device)
    page, bar = _screens(qtbot, app, lanes)
    app.scheduler.start()
    _wait_run(qtbot, app, 1)
    qtbot.waitUntil(lambda: page.last_sync.text().startswith("just now"), timeout=WAIT_MS)

    _age_last_sync(qtbot, lanes, device, hours=2)  # as if the last sync were two hours ago
    change = _on_db(qtbot, lanes, lambda: _edit(device, plan_id, "Walk to the park"))
    page.apply_changes(change)  # the shell forwards every local write
    qtbot.waitUntil(lambda: page.pending.text() == "1" and bar.pending.text() == "To send: 1",
                    timeout=WAIT_MS)  # fmt: skip
    assert page.last_sync.text().startswith("2 h ago") and bar.last_sync.text() == "Synced 2 h ago"
    while_running: list[tuple[bool, ...]] = []  # each widget has its own bridge: look after each one updated
    page.bridge.state_changed.connect(lambda s: s.running and while_running.append(
        (page.sync_now.isEnabled(), page.cancel.isVisible(), page.progress_bar.isVisible())))  # fmt: skip
    bar.bridge.state_changed.connect(lambda s: s.running and while_running.append((bar.progress_bar.isVisible(),)))

    qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
    _wait_run(qtbot, app, 2)
    qtbot.waitUntil(lambda: page.pending.text() == "Nothing" and bar.pending.text() == "Nothing to send",
                    timeout=WAIT_MS)  # fmt: skip

    assert set(while_running) == {(True,), (False, True, True)}
    assert page.last_sync.text().startswith("just now") and bar.last_sync.text() == "Synced just now"
    assert page.sync_now.isEnabled() and not page.cancel.isVisible() and not bar.progress_bar.isVisible()
    assert page.message.text() == "Everything is synced." and page.connection.text() == "Online"
    assert bar.connection.text() == "Online"
    assert world.server_records(coach)[("care_plan", plan_id)].count("Walk to the park") == 1


def test_an_unreachable_server_shows_the_offline_message_and_keeps_the_changes(
        qtbot: QtBot, world: World, synced: Callable[..., Synced], lanes: Lanes) -> None:  # fmt: skip
    coach = world.account()
    plan_id = world.care_plan(world.member(coach))
    device = world.device(coach)
    device.sync()
    edit_plan(device, plan_id, title="Made offline")
    with device.vault.database().transaction():  # the server moved away: nothing listens on this port
        sync_state.put(device.vault.database(), {sync_state.SERVER_URL: f"http://127.0.0.1:{_closed_port()}"})
    app = synced(device)
    page, bar = _screens(qtbot, app, lanes)

    app.scheduler.start()
    state = _wait_run(qtbot, app, 1)

    assert state.last_error is not None and state.last_error.kind.value == "network"
    qtbot.waitUntil(lambda: "will sync when the connection returns" in page.message.text()
                    and bar.connection.text() == "Offline", timeout=WAIT_MS)  # fmt: skip
    assert page.connection.text() == "Offline" and bar.connection.text() == "Offline"
    assert page.message_icon.accessibleName() == "Needs your attention"
    assert page.pending.text() == "1" and bar.pending.text() == "To send: 1"
    assert page.sync_now.isEnabled()  # she can try again at once
    assert not page.reenrol.isVisible()  # offline is not a sign-in problem
    assert device.engine.store.unsent_count() == 1


def test_a_device_that_is_not_enrolled_explains_how_to_enrol(qtbot: QtBot, vault: Vault,
                                                            inline_lanes: InlineLanes) -> None:  # fmt: skip
    service = SyncService(vault, None)
    page, bar = SyncPage(service, inline_lanes), SyncStatusBar(service, lanes=inline_lanes)
    for widget in (page, bar):
        qtbot.addWidget(widget)
        widget.show()

    page.activate()

    assert page.not_enrolled.isVisible() and not page.status_box.isVisible()
    assert "coachctl enroll" in page.not_enrolled.text() and "saved on this computer" in page.not_enrolled.text()
    assert bar.connection.text() == "Not enrolled: working on this computer" and not bar.last_sync.isVisible()
    assert page.inbox.empty.isVisible() and page.title() == "Sync"
    with qtbot.waitSignal(page.enrol_requested, timeout=WAIT_MS):  # the shell opens its enrolment form
        qtbot.mouseClick(page.enrol, Qt.MouseButton.LeftButton)


def test_a_refused_sign_in_offers_to_enrol_again_and_other_errors_do_not() -> None:
    refused, offline = SyncError(SyncErrorKind.AUTH), SyncError(SyncErrorKind.NETWORK)
    assert needs_enrolment(SchedulerState(last_error=refused), None)
    assert not needs_enrolment(SchedulerState(last_error=offline), None)
    assert not needs_enrolment(SchedulerState(), None) and not needs_enrolment(None, None)
    text, problem = message_text(SchedulerState(last_error=refused), None)
    assert problem and "Sign in again by enrolling this computer" in text
    text, problem = message_text(SchedulerState(last_error=SyncError(SyncErrorKind.CLIENT_TOO_OLD)), None)
    assert problem and "Update the app" in text


def test_the_edit_dialog_starts_from_mine_and_returns_what_was_typed(qtbot: QtBot) -> None:
    item = FieldConflict(conflict_id="c1", type="field", field="title", mine="Walking plan", theirs="Sugar plan",
                         theirs_by="u1", theirs_by_me=False, theirs_at=utc_now() - timedelta(minutes=3),
                         proposed_here=True)  # fmt: skip
    dialog = MergedValueDialog(item)
    qtbot.addWidget(dialog)

    assert dialog.editor.toPlainText() == "Walking plan" and dialog.editor.accessibleName() == "Value to keep"
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "Walking and sugar plan")

    assert dialog.value() == "Walking and sugar plan"


def _edit(device: Device, plan_id: str, words: str) -> ChangeSet:
    _, change = device.repo.update(plan(device, plan_id).model_copy(update={"member_words": words}))
    return change


def _age_last_sync(qtbot: QtBot, lanes: Lanes, device: Device, *, hours: int) -> None:
    def write() -> None:
        db = device.vault.database()
        with db.transaction():
            sync_state.put(db, {sync_state.LAST_SYNC_AT: utc_now() - timedelta(hours=hours, minutes=1)})

    _on_db(qtbot, lanes, lambda: write() or True)


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_every_visible_string_goes_through_the_translator(qtbot: QtBot, vault: Vault, inline_lanes: InlineLanes,
                                                          tmp_path: Path) -> None:  # fmt: skip
    """Pseudo-translate what pyside6-lupdate extracts from the sync screens ("ES:" + source), install it and look:
    a string missing from the extraction, or filed under the wrong context, stays in plain English."""
    translator = _pseudo_translator(tmp_path)
    service = SyncService(vault, None)
    page, bar = SyncPage(service, inline_lanes), SyncStatusBar(service, lanes=inline_lanes)
    for widget in (page, bar):
        qtbot.addWidget(widget)
    QApplication.installTranslator(translator)
    try:
        page.activate()
        page.retranslate()
        bar.retranslate()
        texts = [t for w in (page, bar) for t in _texts(w) if t.strip(" ·…")]
    finally:
        QApplication.removeTranslator(translator)

    assert len(texts) > 15
    assert [t for t in texts if not t.startswith("ES:")] == []


def _pseudo_translator(tmp_path: Path) -> QTranslator:
    tools = Path(sys.executable).parent
    sources = [str(Path(ui.__file__).with_name(name)) for name in SYNC_UI_FILES]
    ts, qm = tmp_path / "pseudo.ts", tmp_path / "pseudo.qm"
    subprocess.run([str(tools / "pyside6-lupdate"), "-silent", "-target-language", "es", *sources, "-ts", str(ts)],
                   check=True)  # fmt: skip
    tree = ElementTree.parse(ts)
    for message in tree.iter("message"):
        source, translation = message.findtext("source") or "", message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        for element in forms or [translation]:
            element.text = "ES:" + source
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(tools / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator


def _texts(root: QWidget) -> list[str]:
    """Every string the widgets hold for people (shown now or when their state changes): labels, buttons, group
    titles, table headers."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append(re.sub(r"<[^>]+>", "", widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QTableView):
            model = widget.model()
            found += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return found
