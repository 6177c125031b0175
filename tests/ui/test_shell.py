"""The shell on a real vault: lock screen, back-off countdown, auto-lock, drafts across a lock, shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from coach_desktop.app.session import Gate
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui.lock_screen import format_wait
from coach_desktop.ui.shell import Shell
from coach_desktop.vault import drafts
from coach_desktop.vault.errors import Locked, WrongPassphrase
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import PASSPHRASE
from tests.ui.shell_world import (
    WAIT_MS,
    NotePage,
    locked_seeded_vault,
    locked_vault,
    make_shell,
    unlock,
    vault_templates,
    visible_texts,
    wait_locked,
)

__all__ = ["locked_seeded_vault", "locked_vault", "make_shell", "vault_templates"]  # fixtures, for pytest
MakeShell = Callable[..., Shell]
NOTE = "Asked about the food bank on Tuesday; call back after 3 pm"


def test_wrong_then_right_passphrase(make_shell: MakeShell, locked_seeded_vault: Vault, qtbot: Any) -> None:
    shell = make_shell(locked_seeded_vault)
    screen = shell.lock_screen
    assert shell.window.locked and shell.window.windowTitle() == "Coach Desktop — Locked"
    assert not shell.window.menuBar().isVisible() or not shell.window.lock_action.isEnabled()

    screen.passphrase.setText("not the passphrase at all 99")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=WAIT_MS)
    assert "not correct" in screen.message.text()
    qtbot.waitUntil(lambda: "in a row: 1" in screen.failures.text(), timeout=WAIT_MS)
    assert screen.passphrase.text() == ""  # the widget never keeps what was typed
    assert shell.window.locked and locked_seeded_vault.is_locked

    unlock(shell, qtbot)
    assert not locked_seeded_vault.is_locked
    assert shell.window.current_key() == "today"  # her day first
    assert shell.window.windowTitle() == "Coach Desktop — Today"
    shown = [shell.window.nav.item(i).text() for i in range(4) if not shell.window.nav.item(i).isHidden()]
    assert shown == ["Today", "Panel", "Member", "Sync"]


def test_backoff_shows_a_countdown_and_disables_unlock(make_shell: MakeShell, locked_vault: Vault, qtbot: Any) -> None:
    directory = locked_vault.directory
    locked_vault.lock()
    for _ in range(5):  # attempts 1-5 never wait; the 6th must wait 30 s
        with pytest.raises(WrongPassphrase):
            Vault(directory).unlock("wrong passphrase, quite long")
    shell = make_shell(locked_vault)
    screen = shell.lock_screen
    qtbot.waitUntil(lambda: screen.countdown.isVisible(), timeout=WAIT_MS)
    assert not screen.unlock_button.isEnabled()
    assert "0:30" in screen.countdown.text() or "0:29" in screen.countdown.text()
    assert "in a row: 5" in screen.failures.text()
    first = screen.countdown.text()
    qtbot.waitUntil(lambda: screen.countdown.text() != first, timeout=3000)  # it counts down live

    screen.passphrase.setText(PASSPHRASE)
    screen.passphrase.returnPressed.emit()  # Enter does nothing while the wait lasts
    qtbot.wait(300)
    assert locked_vault.is_locked and screen.passphrase.text() == PASSPHRASE

    screen.start_countdown(0.3)  # the end of a wait, shortened
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=WAIT_MS)
    assert not screen.countdown.isVisible()


def test_failure_warnings_grow_towards_the_erase_limit(make_shell: MakeShell, locked_vault: Vault) -> None:
    screen = make_shell(locked_vault, start=False).lock_screen
    screen._on_gate(Gate(failures=2, remaining_before_erase=18))
    assert "After 5" in screen.failures.text()
    screen._on_gate(Gate(failures=16, remaining_before_erase=4))
    assert "4 more wrong tries erase this vault" in screen.failures.text()
    screen._on_gate(Gate(failures=19, remaining_before_erase=1, erases_on_failure=True))
    assert screen.failures.text().startswith("Last try")
    assert format_wait(90) == "1:30" and format_wait(0.2) == "0:01"


def test_forgot_passphrase_explains_recovery(make_shell: MakeShell, locked_vault: Vault) -> None:
    screen = make_shell(locked_vault).lock_screen
    assert not screen.forgot_text.isVisibleTo(screen)
    screen.forgot_button.click()
    assert screen.forgot_text.isVisibleTo(screen)
    assert "coachctl wipe" in screen.forgot_text.text() and "recovery key" in screen.forgot_text.text()


def test_auto_lock_after_idle_clears_phi_and_shows_the_lock_screen(
    make_shell: MakeShell, locked_seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    member = panel.members[0]
    shell = make_shell(locked_seeded_vault)
    unlock(shell, qtbot)
    shell.window.open_member(str(member.id))
    qtbot.waitUntil(lambda: str(member.family_name) in visible_texts(shell.window), timeout=WAIT_MS)
    shell.idle.set_idle_seconds(0.8)  # the setting, shortened for the test

    # Input keeps it open: keys and mouse moves for longer than the idle limit.
    for _ in range(8):
        QTest.keyClick(shell.window.nav, Qt.Key.Key_Shift)
        QTest.mouseMove(shell.window.nav, QPoint(5, 5))
        qtbot.wait(200)
    assert not shell.window.locked

    wait_locked(shell, qtbot)  # then nothing: it locks by itself
    assert str(member.family_name) not in visible_texts(shell.window)
    assert str(member.given_name) not in visible_texts(shell.window)
    assert shell.lock_screen.isVisible() and shell.window.windowTitle() == "Coach Desktop — Locked"
    with pytest.raises(Locked):
        locked_seeded_vault.repository().get("member", str(member.id))


def test_a_draft_survives_ctrl_l_and_unlock(make_shell: MakeShell, locked_vault: Vault, qtbot: Any) -> None:
    shell = make_shell(locked_vault)
    unlock(shell, qtbot)
    page = shell.window.page("notes")
    assert isinstance(page, NotePage)
    shell.window.go("notes")
    QTest.keyClicks(page.note, NOTE)

    QTest.keyClick(shell.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_locked(shell, qtbot)
    assert NOTE not in visible_texts(shell.window)
    reopened = open_vault(locked_vault.directory, PASSPHRASE)  # kept inside the encrypted vault, not in a file
    assert drafts.load_all(reopened.database()) == {"notes": {"note": NOTE}}
    assert reopened.database().scalar("SELECT count(*) FROM outbox") == 0  # never queued for sync
    reopened.lock()

    unlock(shell, qtbot)
    restored = shell.window.page("notes")
    assert isinstance(restored, NotePage) and restored is not page  # a fresh page, the text put back
    qtbot.waitUntil(lambda: restored.note.toPlainText() == NOTE, timeout=WAIT_MS)
    restored.note.clear()  # dealt with on the page (saved or thrown away): the draft must not come back
    shell.lock()
    wait_locked(shell, qtbot)
    assert shell.last_lock is not None and shell.last_lock.drafts_kept == 0
    reopened = open_vault(locked_vault.directory, PASSPHRASE)
    assert drafts.load_all(reopened.database()) == {}
    reopened.lock()


def test_shortcuts_switch_pages_and_member_requests_open_the_chart(
    make_shell: MakeShell, locked_seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    shell = make_shell(locked_seeded_vault)
    unlock(shell, qtbot)
    window = shell.window
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "panel" and window.windowTitle() == "Coach Desktop — Panel"
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "today"
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # find a member: the panel's search
    panel_page = window.page("panel")
    assert window.current_key() == "panel" and QApplication.focusWidget() is panel_page.search  # type: ignore[union-attr]
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "sync" and window.windowTitle() == "Coach Desktop — Sync"
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "member"
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Nothing to save on this page."

    member = panel.members[1]
    window.go("notes")
    window.page("notes").member_requested.emit(str(member.id))  # type: ignore[union-attr]
    assert window.current_key() == "member"
    qtbot.waitUntil(lambda: str(member.family_name) in visible_texts(window), timeout=WAIT_MS)
    assert str(member.family_name) not in window.windowTitle()  # the title never names a member

    window.go("sync")
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new session: the note editor
    member_page = window.page("member")
    assert window.current_key() == "member"
    assert member_page.tabs.currentWidget() is member_page.sessions  # type: ignore[union-attr]
    editor = member_page.sessions.editor  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: editor.member_id() == str(member.id), timeout=WAIT_MS)  # the note editor, for them


def test_quit_keeps_the_draft_and_closes_the_vault_before_returning(make_shell: MakeShell, locked_vault: Vault,
                                                                     qtbot: Any) -> None:  # fmt: skip
    shell = make_shell(locked_vault)
    unlock(shell, qtbot)
    page = shell.window.page("notes")
    assert isinstance(page, NotePage)
    page.note.setPlainText(NOTE)
    quits: list[int] = []
    shell.app = SimpleNamespace(quit=lambda: quits.append(1))  # type: ignore[assignment]  # the loop keeps running
    shell.quit()
    assert locked_vault.is_locked and quits == [1]  # locked synchronously, before the event loop is told to end
    shell.quit()  # aboutToQuit after Ctrl+Q: nothing twice
    assert quits == [1]
    reopened = open_vault(locked_vault.directory, PASSPHRASE)
    assert drafts.load_all(reopened.database()) == {"notes": {"note": NOTE}}
    reopened.lock()
