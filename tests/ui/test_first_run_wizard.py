"""First run on real widgets: a weak passphrase refused with reasons, a vault created on the db lane, enrolment
against the real server on loopback (and an unreachable one), demo members seeded."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from coach_desktop.app.setup_service import SetupService
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.enrol_form import EnrolDialog
from coach_desktop.ui.first_run_wizard import FirstRunWizard
from coach_desktop.ui.shell import Shell
from coach_desktop.vault import sync_state
from coach_desktop.vault.vault import Vault, open_vault
from coach_server import identity, passwords
from tests.conftest import PASSPHRASE
from tests.server.live import LiveServer
from tests.ui.shell_world import NotePage, locked_vault, make_shell, unlock, vault_templates

__all__ = ["locked_vault", "make_shell", "vault_templates"]  # fixtures, for pytest

WAIT_MS = 20_000
DEMO_MEMBERS = 20  # the app offers 150; fewer keep the test quick
SERVER_PASSWORD = "loopback wizard password 3"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends: nothing listens there


@pytest.fixture
def wizard(qtbot: Any, lanes: Lanes, tmp_path: Path) -> Iterator[FirstRunWizard]:
    made = FirstRunWizard(SetupService(tmp_path / "vault", demo_members=DEMO_MEMBERS), lanes)
    qtbot.addWidget(made)
    made.show()
    yield made
    if made.vault is not None:
        made.vault.lock()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The real sync server on loopback (SQLite) with one coach and a fresh enrolment code: (url, code)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        live = LiveServer(f"sqlite:///{tmp_path / 'server.db'}")
        with live as url:
            with live.engine.begin() as conn:
                identity.ensure_tenant(conn, "default")
                identity.create_user(conn, tenant_id="default", username="nurse.ana", role="coach",
                                     password=SERVER_PASSWORD)  # fmt: skip
                code = identity.issue_enrolment_code(conn, "nurse.ana").code
            yield url, code


def _create_vault(wizard: FirstRunWizard, qtbot: Any, user: str = "nurse.ana") -> None:
    page = wizard.passphrase_page
    page.user.setText(user)
    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE)
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    commit.click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.enrol_page, timeout=WAIT_MS)


def test_weak_passphrase_refused_then_vault_created_offline_with_demo_members(
    wizard: FirstRunWizard, qtbot: Any, tmp_path: Path
) -> None:
    wizard.next()
    page = wizard.passphrase_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    page.user.setText("nurse.ana")
    page.passphrase.setText("password123")
    page.confirm.setText("password123")
    qtbot.waitUntil(lambda: page.reasons.isVisible(), timeout=WAIT_MS)
    assert "at least 12 characters" in page.reasons.text() and "most common passwords" in page.reasons.text()
    assert page.meter.value() <= 2 and page.strength.text() in ("Very weak", "Weak", "Fair")
    assert not commit.isEnabled()
    assert not page.validatePage() and wizard.vault is None  # Enter cannot get round the button either
    page.user.clear()
    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE)
    qtbot.waitUntil(lambda: not page.reasons.isVisible(), timeout=WAIT_MS)
    assert not commit.isEnabled()  # a vault belongs to one user: the user name is required
    page.user.setText("nurse.ana")

    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE + " typo")
    qtbot.waitUntil(lambda: page.mismatch.isVisible() and not page.reasons.isVisible(), timeout=WAIT_MS)
    assert not commit.isEnabled()
    assert page.meter.value() >= 3

    _create_vault(wizard, qtbot)
    assert wizard.vault is not None and not wizard.vault.is_locked
    assert page.passphrase.text() == "" and page.confirm.text() == ""  # not kept once the vault exists

    form = wizard.enrol_page.form
    assert form.user.text() == "nurse.ana"  # carried over from the passphrase page
    form.server.setText(f"http://127.0.0.1:{_closed_port()}")
    form.password.setText(SERVER_PASSWORD)
    form.code.setText("ABCD-EFGH-JKLM")
    form.enrol_button.click()
    qtbot.waitUntil(lambda: not form.running and form.outcome.isVisible(), timeout=WAIT_MS)
    assert "work offline and enrol later" in form.outcome.text()

    wizard.next()
    demo = wizard.demo_page
    assert wizard.currentPage() is demo and demo.offer.isEnabled()
    demo.offer.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT_MS)

    vault = wizard.vault
    assert vault.repository().count("member") == DEMO_MEMBERS
    assert vault.actor.user_id == "nurse.ana"
    vault.lock()
    reopened = open_vault(tmp_path / "vault", PASSPHRASE)  # a working vault: it opens with the passphrase
    assert reopened.repository().count("member") == DEMO_MEMBERS
    reopened.lock()


def test_enrolment_with_the_real_server_and_no_demo_for_an_enrolled_vault(
    wizard: FirstRunWizard, server: tuple[str, str], qtbot: Any
) -> None:
    url, code = server
    wizard.next()
    _create_vault(wizard, qtbot, user="nurse.ana")
    form = wizard.enrol_page.form
    form.server.setText(url)
    form.user.setText("Nurse.Ana")
    form.password.setText(SERVER_PASSWORD)
    form.code.setText(code)
    form.enrol_button.click()
    qtbot.waitUntil(lambda: not form.running, timeout=WAIT_MS)
    assert form.result is not None, form.outcome.text()
    assert "is enrolled" in form.outcome.text() and form.password.text() == ""
    assert sync_state.get(wizard.vault.database(), sync_state.DEVICE_ID) == str(form.result.device_id)

    wizard.next()
    assert not wizard.demo_page.offer.isEnabled()  # real members come from the server; demo ones never mix in
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.vault.repository().count("member") == 0


def test_enrol_later_from_the_file_menu_starts_sync_and_keeps_typed_text(
    make_shell: Callable[..., Shell], locked_vault: Vault, server: tuple[str, str], qtbot: Any
) -> None:
    url, code = server
    shell = make_shell(locked_vault)
    unlock(shell, qtbot)
    assert shell.window.enrol_action.isVisible() and shell.session.scheduler is None
    notes = shell.window.page("notes")
    assert isinstance(notes, NotePage)
    notes.note.setPlainText("half-typed note")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EnrolDialog)
        assert dialog.form.user.text() == "nurse.ana"  # the vault's owner
        dialog.form.server.setText(url)
        dialog.form.password.setText(SERVER_PASSWORD)
        dialog.form.code.setText(code)
        dialog.form.submit()

    QTimer.singleShot(0, answer)
    shell.window.enrol_action.trigger()  # returns once the dialog closed itself on success

    scheduler = shell.session.scheduler
    assert scheduler is not None and not shell.window.enrol_action.isVisible()
    rebuilt = shell.window.page("notes")
    assert isinstance(rebuilt, NotePage) and rebuilt is not notes
    assert rebuilt.note.toPlainText() == "half-typed note"
    qtbot.waitUntil(lambda: scheduler.state.runs >= 1 and not scheduler.state.running, timeout=WAIT_MS)
    assert scheduler.state.last_error is None  # the first sync with the real server went through
