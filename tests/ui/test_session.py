"""Session and lock screen on the hard cases: expired lease, vault in use elsewhere, damaged key file, erased vault,
and the OS suspending the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coach_desktop.app.session import ProblemKind, Session, SessionState, UnlockInfo, UnlockProblem
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.shell import Shell
from coach_desktop.vault import sync_state
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import PASSPHRASE
from tests.ui.shell_world import WAIT_MS, locked_vault, make_shell, unlock, vault_templates, wait_locked

__all__ = ["locked_vault", "make_shell", "vault_templates"]  # fixtures, for pytest
MakeShell = Callable[..., Shell]


def _unlock(session: Session, qtbot: Any, passphrase: str = PASSPHRASE) -> UnlockInfo | UnlockProblem:
    outcome: list[UnlockInfo | UnlockProblem] = []
    session.unlock(passphrase, outcome.append, outcome.append)
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    return outcome[0]


def test_expired_lease_tries_one_check_in_then_stays_locked(vault: Vault, lanes: Lanes, qtbot: Any) -> None:
    past = datetime.now(UTC) - timedelta(days=1)
    with vault.database().transaction():
        sync_state.put(vault.database(), {sync_state.DEVICE_ID: "dev-0001", sync_state.LEASE_EXPIRES_AT: past,
                                          sync_state.SERVER_URL: "http://127.0.0.1:9"})  # fmt: skip
    vault.lock()
    tried: list[str] = []

    def offline(v: Vault) -> None:
        tried.append(v.actor.user_id)
        raise OSError("no network")  # what the real check-in meets offline, without waiting for retries

    session = Session(vault, lanes, check_in=offline)
    problem = _unlock(session, qtbot)
    assert isinstance(problem, UnlockProblem) and problem.kind is ProblemKind.LEASE_EXPIRED
    assert tried == ["nurse.ana"]  # the check-in ran with the vault open, on the net lane
    assert vault.is_locked and session.state is SessionState.LOCKED


def test_a_successful_check_in_renews_the_lease_and_unlocks(vault: Vault, lanes: Lanes, qtbot: Any) -> None:
    db = vault.database()
    with db.transaction():
        sync_state.put(db, {sync_state.DEVICE_ID: "dev-0001",
                            sync_state.LEASE_EXPIRES_AT: datetime.now(UTC) - timedelta(hours=1)})  # fmt: skip
    vault.lock()

    def renew(v: Vault) -> None:  # what a successful hello records
        with v.database().transaction():
            sync_state.put(v.database(), {sync_state.LEASE_EXPIRES_AT: datetime.now(UTC) + timedelta(days=7),
                                          sync_state.LEASE_SERVER_TIME: datetime.now(UTC),
                                          sync_state.LEASE_LOCAL_TIME: datetime.now(UTC)})  # fmt: skip

    session = Session(vault, lanes, check_in=renew)
    info = _unlock(session, qtbot)
    assert isinstance(info, UnlockInfo) and info.enrolled and info.lease.applies
    assert session.state is SessionState.UNLOCKED and not vault.is_locked


def test_in_use_elsewhere_and_damaged_key_file_are_told_apart(make_shell: MakeShell, locked_vault: Vault,
                                                               qtbot: Any) -> None:  # fmt: skip
    vault = locked_vault
    shell = make_shell(vault)
    screen = shell.lock_screen
    other = open_vault(vault.directory, PASSPHRASE)  # coachctl, or a second window, holds the vault
    try:
        screen.passphrase.setText(PASSPHRASE)
        screen.unlock_button.click()
        qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=WAIT_MS)
        assert "open in another Coach Desktop window" in screen.message.text()
    finally:
        other.lock()

    vault.key_path.write_bytes(b'{"not": "an envelope"}')
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: "damaged" in screen.message.text(), timeout=WAIT_MS)
    assert screen.detail.isVisible() and screen.detail.text()  # the vault's own precise line, for IT
    assert not screen.setup_button.isVisible() and vault.is_locked


def test_an_erased_vault_offers_to_set_up_again(make_shell: MakeShell, locked_vault: Vault, qtbot: Any) -> None:
    vault = locked_vault
    vault.wipe("test")
    setups: list[bool] = []
    shell = make_shell(vault, start=False)
    shell._setup = lambda: setups.append(True) or False
    shell.start()
    screen = shell.lock_screen
    qtbot.waitUntil(lambda: screen.setup_button.isVisible(), timeout=WAIT_MS)
    assert "erased" in screen.message.text() or "no vault" in screen.message.text()
    screen.setup_button.click()
    assert setups == [True]


def test_os_suspend_locks_at_once(make_shell: MakeShell, locked_vault: Vault, qtbot: Any) -> None:
    shell = make_shell(locked_vault)
    unlock(shell, qtbot)
    app = QApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)  # another window: not a reason
    qtbot.wait(50)
    assert not shell.window.locked
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    wait_locked(shell, qtbot)
