"""Settings persist (and are clamped), the settings dialog applies them, and switching to Spanish retranslates
the window, the lock screen and every page from a .qm compiled from the committed .ts."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coach_desktop.app.settings import Settings
from coach_desktop.ui.i18n import TRANSLATIONS, Translator
from coach_desktop.ui.settings_dialog import SettingsDialog
from coach_desktop.ui.shell import Shell
from coach_desktop.vault.vault import Vault
from tests.ui.shell_world import NotePage, locked_vault, make_shell, unlock, vault_templates

__all__ = ["locked_vault", "make_shell", "vault_templates"]  # fixtures, for pytest
MakeShell = Callable[..., Shell]


def test_settings_round_trip_clamped_and_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    assert Settings.load(path) == Settings(idle_minutes=10, language="en", last_vault_dir=None)  # the defaults
    Settings(idle_minutes=7, language="es", last_vault_dir="/srv/vault").save(path)
    assert Settings.load(path) == Settings(7, "es", "/srv/vault")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text(json.dumps({"idle_minutes": 99, "language": "fr"}))
    assert Settings.load(path) == Settings(15, "en", None)  # never more than 15 minutes (SECURITY R2)
    path.write_text(json.dumps({"idle_minutes": 0}))
    assert Settings.load(path).idle_minutes == 5  # SECURITY R2: never below 5
    path.write_text("{not json")
    assert Settings.load(path) == Settings()  # a damaged file never stops the app


def test_settings_dialog_changes_are_saved_and_applied(make_shell: MakeShell, locked_vault: Vault, qtbot: Any,
                                                        tmp_path: Path) -> None:  # fmt: skip
    shell = make_shell(locked_vault)
    unlock(shell, qtbot)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        assert dialog.idle.maximum() == 15 and dialog.idle.minimum() == 5
        dialog.idle.setValue(7)
        dialog.accept()

    QTimer.singleShot(0, answer)
    shell.open_settings()
    assert Settings.load(tmp_path / "settings.json").idle_minutes == 7
    assert shell.idle.idle_seconds == 420 and shell.idle.active


@pytest.fixture
def translator(tmp_path: Path) -> Iterator[Translator]:
    """Our .ts compiled with pyside6-lrelease, as ``tasks.py translations`` does; English again afterwards."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in TRANSLATIONS.glob("*.ts"):
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(tmp_path / source.with_suffix(".qm").name)],
                       check=True)  # fmt: skip
    made = Translator(QApplication.instance(), tmp_path)  # type: ignore[arg-type]
    yield made
    made.set_language("en")


def test_switching_language_retranslates_navigation_lock_screen_and_pages(
    make_shell: MakeShell, locked_vault: Vault, translator: Translator, qtbot: Any
) -> None:
    shell = make_shell(locked_vault)
    shell._translator = translator
    unlock(shell, qtbot)
    window = shell.window
    page = window.page("notes")
    assert isinstance(page, NotePage)
    shown = lambda: [window.nav.item(i).text() for i in range(window.nav.count()) if not window.nav.item(i).isHidden()]  # noqa: E731
    assert shown() == ["Today", "Panel", "Member", "Sync"]
    before = page.retranslated

    shell.apply_settings(Settings(language="es"))
    qtbot.waitUntil(lambda: shown() == ["Hoy", "Panel", "Miembro", "Sincronizar"], timeout=5000)
    assert window.windowTitle() == "Coach Desktop — Hoy"
    assert window.file_menu.title() == "&Archivo"
    assert page.retranslated > before  # every page is told
    assert shell.lock_screen.heading.text() == "Coach Desktop está bloqueado"
    assert translator.language == "es"

    assert translator.set_language("en")
    qtbot.waitUntil(lambda: shown() == ["Today", "Panel", "Member", "Sync"], timeout=5000)
    assert shell.lock_screen.heading.text() == "Coach Desktop is locked"


def test_a_missing_translation_keeps_english(tmp_path: Path) -> None:
    translator = Translator(QApplication.instance(), tmp_path)  # type: ignore[arg-type]
    assert not translator.set_language("es") and translator.language == "en"
