"""Screenshots of the shell: lock screen (plain and in back-off), the first-run wizard's pages, and the main window
on the demo vault, in English and Spanish: docs/screenshots/shell_<screen>_<lang>.png.

Run under a real X server, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_shell.py``.
Every vault is made in a temporary directory (the user's own vaults are never touched); the Spanish .qm is
compiled there from the committed .ts, as ``tasks.py translations`` does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

os.environ.setdefault("COACH_KDF_PROFILE", "floor")  # screenshots need no calibration

from coach_desktop.app.demo import DEMO_PASSPHRASE, open_demo_vault
from coach_desktop.app.main import build_workspace
from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.session import Session
from coach_desktop.app.settings import Settings
from coach_desktop.app.setup_service import SetupService
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.first_run_wizard import FirstRunWizard
from coach_desktop.ui.i18n import TRANSLATIONS, Translator
from coach_desktop.ui.shell import Shell
from coach_desktop.ui.style import apply_style
from coach_desktop.vault.errors import WrongPassphrase
from coach_desktop.vault.panel_queries import PanelFilter
from coach_desktop.vault.vault import Vault

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PASSPHRASE = "paper lantern rowing quietly 7"  # noqa: S105 - a throw-away vault for the pictures


def wait_for(app: QApplication, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str, lang: str, out: Path) -> None:
    widget.grab().save(str(out / f"shell_{name}_{lang}.png"))


def compile_translations(target: Path) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in TRANSLATIONS.glob("*.ts"):
        qm = target / source.with_suffix(".qm").name
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(qm)], check=True)  # noqa: S603 - our files


def shoot_wizard(app: QApplication, lanes: Lanes, tmp: Path, lang: str, out: Path) -> None:
    wizard = FirstRunWizard(SetupService(tmp / f"wizard-{lang}"), lanes)
    wizard.show()
    wait_for(app, wizard.isVisible)
    save(wizard, "wizard_welcome", lang, out)
    wizard.next()
    page = wizard.passphrase_page
    page.user.setText("ana.lopez")
    page.passphrase.setText("sunshine2024")
    page.confirm.setText("sunshine2024")
    wait_for(app, page.reasons.isVisible)
    save(wizard, "wizard_weak_passphrase", lang, out)
    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE)
    wait_for(app, page.isComplete)
    save(wizard, "wizard_strong_passphrase", lang, out)
    page.validatePage()
    wait_for(app, lambda: wizard.currentPage() is wizard.enrol_page)
    form = wizard.enrol_page.form
    form.server.setText("http://127.0.0.1:9")  # nothing listens there: the offline answer
    form.password.setText("a password")
    form.code.setText("ABCD-EFGH-JKLM")
    form.submit()
    wait_for(app, lambda: not form.running and form.outcome.isVisible())
    save(wizard, "wizard_enrol_offline", lang, out)
    wizard.next()
    wizard.demo_page.offer.setChecked(True)
    wait_for(app, lambda: wizard.currentPage() is wizard.demo_page)
    save(wizard, "wizard_demo", lang, out)
    wizard.reject()
    if wizard.vault is not None:
        wizard.vault.lock()


def make_shell(app: QApplication, lanes: Lanes, directory: Path) -> Shell:
    shell = Shell(app, Session(Vault(directory), lanes), lanes, build_workspace, settings=Settings(),
                  settings_path=directory.parent / "settings.json")  # fmt: skip
    shell.window.resize(1280, 820)
    return shell


def shoot_backoff(app: QApplication, lanes: Lanes, tmp: Path, lang: str, out: Path) -> None:
    """A vault after five wrong passphrases: the sixth try waits, and the screen counts down."""
    directory = tmp / f"backoff-{lang}"
    Vault.create(directory, PASSPHRASE, user_id="ana.lopez", device_id="screenshot").lock()
    for _ in range(5):
        with contextlib.suppress(WrongPassphrase):
            Vault(directory).unlock("not my passphrase at all")
    shell = make_shell(app, lanes, directory)
    shell.start()
    wait_for(app, shell.lock_screen.countdown.isVisible)
    shell.lock_screen.forgot_button.setChecked(True)
    wait_for(app, shell.lock_screen.forgot_text.isVisible)
    save(shell.window, "lock_backoff", lang, out)
    shell.window.hide()


def shoot_shell(app: QApplication, lanes: Lanes, directory: Path, lang: str, out: Path) -> None:
    shell = make_shell(app, lanes, directory)
    shell.start()
    wait_for(app, lambda: shell.lock_screen.unlock_button.isEnabled())
    save(shell.window, "lock_screen", lang, out)
    shell.lock_screen.unlock_with(DEMO_PASSPHRASE)
    wait_for(app, lambda: not shell.window.locked)
    member_id = PanelService(shell.session.vault).member_ids(PanelFilter())[3]
    shell.window.open_member(member_id)
    member = shell.window.page("member")
    wait_for(app, lambda: member is not None and member.current_member_id() == member_id
             and member.header.isVisible())  # fmt: skip
    time.sleep(0.5)  # let the status bar read the sync status
    wait_for(app, lambda: True)
    save(shell.window, "main_window", lang, out)
    shell.window.go("sync")
    time.sleep(0.3)
    wait_for(app, lambda: True)
    save(shell.window, "main_window_sync", lang, out)
    shell.lock()
    wait_for(app, lambda: shell.session.vault.is_locked)
    shell.window.hide()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--langs", nargs="*", default=["en", "es"])
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    apply_style(app)
    lanes = Lanes()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        compile_translations(tmp)
        translator = Translator(app, tmp)
        for lang in args.langs:
            translator.set_language(lang)
            directory = tmp / f"demo-{lang}"
            open_demo_vault(directory).lock()
            shoot_shell(app, lanes, directory, lang, args.out)
            shoot_backoff(app, lanes, tmp, lang, args.out)
            shoot_wizard(app, lanes, tmp, lang, args.out)
        translator.set_language("en")
    lanes.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
