"""Helpers for the shell tests: a page with a text field (for drafts) and the real shell on a real vault."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from coach_desktop.app.main import build_workspace
from coach_desktop.app.session import Session, SessionState, UnlockInfo
from coach_desktop.app.settings import Settings
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.page import Page
from coach_desktop.ui.shell import Shell, Workspace
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.support.memory_keyring import MemoryKeyring
from tests.ui.conftest import SEED, TODAY

WAIT_MS = 10_000


class NotePage(Page):
    """The smallest real form: one text field whose unsaved text must survive a lock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.cleared = 0
        self.retranslated = 0
        QVBoxLayout(self).addWidget(self.note)

    def title(self) -> str:
        return "Notes"

    def drafts(self) -> dict[str, str]:
        text = self.note.toPlainText()
        return {"note": text} if text else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        self.note.setPlainText(drafts.get("note", ""))

    def clear(self) -> None:
        self.cleared += 1
        self.note.clear()

    def retranslate(self) -> None:
        self.retranslated += 1


def with_notes(vault: Vault, lanes: Lanes, info: UnlockInfo) -> Workspace:
    """The real composition root's workspace, plus the note page under its own key."""
    workspace = build_workspace(vault, lanes, info)
    workspace.pages["notes"] = NotePage()
    return workspace


def visible_texts(root: QWidget) -> str:
    """Every piece of text the widgets under ``root`` show (labels, fields, editors)."""
    parts = [w.text() for w in root.findChildren(QLabel)] + [w.text() for w in root.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in root.findChildren(QPlainTextEdit)]
    return "\n".join(parts)


def unlock(shell: Shell, qtbot: Any, passphrase: str = PASSPHRASE) -> None:
    shell.lock_screen.passphrase.setText(passphrase)
    shell.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not shell.window.locked, timeout=WAIT_MS)
    shell.window.activateWindow()  # shortcuts go to the active window, as they do for the nurse's keyboard
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell.window, timeout=WAIT_MS)


def wait_locked(shell: Shell, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: shell.window.locked and shell.session.state is SessionState.LOCKED, timeout=WAIT_MS)
    assert shell.session.vault.is_locked


@pytest.fixture(scope="session")
def vault_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two locked vaults made once per run (the KDF is the slow part of a vault): empty, and the 40-member panel
    of tests/ui/conftest.py. Each test gets its own copy, which opens with the same passphrase."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        root = tmp_path_factory.mktemp("templates")
        empty = Vault.create(root / "empty", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
        empty.lock()
        seeded = Vault.create(root / "seeded", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
        seeded.repository().store_server_records(list(iter_records(generate_panel(40, seed=SEED, coach_id=USER_ID,
                                                                                  today=TODAY))))  # fmt: skip
        seeded.lock()
    finally:
        keyring.set_keyring(previous)
    return {"empty": root / "empty", "seeded": root / "seeded"}


def _copy(template: Path, target: Path) -> Vault:
    shutil.copytree(template, target)
    return Vault(target)


@pytest.fixture
def locked_vault(vault_templates: dict[str, Path], tmp_path: Path) -> Vault:
    """A fresh, empty, locked vault (a copy of the run's template)."""
    return _copy(vault_templates["empty"], tmp_path / "vault")


@pytest.fixture
def locked_seeded_vault(vault_templates: dict[str, Path], tmp_path: Path) -> Vault:
    """A fresh locked vault holding the ``panel`` fixture's 40 synthetic members."""
    return _copy(vault_templates["seeded"], tmp_path / "vault")


@pytest.fixture
def make_shell(qtbot: Any, lanes: Lanes, tmp_path: Path) -> Iterator[Callable[..., Shell]]:
    """``make_shell(vault, idle_seconds=..., factory=...)``: the real shell over ``vault`` (locked first)."""
    made: list[Shell] = []

    def make(vault: Vault, *, idle_seconds: float = 600, factory: Callable[..., Workspace] = with_notes,
             settings: Settings | None = None, start: bool = True) -> Shell:  # fmt: skip
        vault.lock()
        shell = Shell(QApplication.instance(), Session(vault, lanes), lanes, factory,  # type: ignore[arg-type]
                      settings=settings or Settings(), settings_path=tmp_path / "settings.json",
                      idle_seconds=idle_seconds)  # fmt: skip
        made.append(shell)
        if start:
            shell.start()
        return shell

    yield make
    for shell in made:
        shell.idle.stop()
        if not shell.window.locked:
            shell.lock()
        qtbot.waitUntil(lambda shell=shell: shell.session.state is SessionState.LOCKED, timeout=WAIT_MS)
        shell.window.hide()
        shell.window.deleteLater()
