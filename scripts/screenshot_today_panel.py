"""Screenshots of the Today and Panel screens in the real main window on the demo vault:
docs/screenshots/today_<lang>.png, panel_<lang>.png and panel_search_<lang>.png.

Run under a real X server, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_today_panel.py``.
The demo vault is made in a temporary directory (the user's own vaults are never touched); the .qm files are
compiled there from the committed .ts files, as ``tasks.py translations`` does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

os.environ.setdefault("COACH_KDF_PROFILE", "floor")  # screenshots need no calibration

from coach_desktop.app.demo import DEMO_PASSPHRASE, open_demo_vault
from coach_desktop.app.main import build_workspace
from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.session import Session, UnlockInfo
from coach_desktop.app.settings import Settings
from coach_desktop.app.today_service import TodayService
from coach_desktop.domain.member import RiskTier
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.i18n import TRANSLATIONS, Translator
from coach_desktop.ui.panel_page import PanelPage
from coach_desktop.ui.shell import Shell, Workspace
from coach_desktop.ui.style import apply_style
from coach_desktop.ui.today_page import TodayPage
from coach_desktop.vault.vault import Vault

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    # QEventLoop.processEvents, not QApplication's: in PySide6 6.12 the latter drops a reference to None per call.
    loop, waker = QEventLoop(), QTimer(interval=20)
    waker.start()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    for _ in range(5):
        loop.processEvents()
    waker.stop()


def workspace(vault: Vault, lanes: Lanes, info: UnlockInfo) -> Workspace:
    """The shell's workspace with the Today and Panel pages in front (as app/main.py composes them)."""
    built = build_workspace(vault, lanes, info)
    pages = {"today": TodayPage(TodayService(vault), lanes), "panel": PanelPage(PanelService(vault), lanes)}
    pages.update({key: page for key, page in built.pages.items() if key not in pages})
    return Workspace(pages, built.status_widget, built.scheduler, built.extras)


def save(widget: QWidget, name: str, lang: str, out: Path) -> None:
    widget.grab().save(str(out / f"{name}_{lang}.png"))


def compile_translations(target: Path) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in TRANSLATIONS.glob("*.ts"):
        qm = target / source.with_suffix(".qm").name
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(qm)], check=True)  # noqa: S603 - our files


def shoot(lanes: Lanes, directory: Path, lang: str, out: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shell = Shell(app, Session(Vault(directory), lanes), lanes, workspace, settings=Settings(),
                  settings_path=directory.parent / "settings.json")  # fmt: skip
    shell.window.resize(1320, 840)
    shell.start()
    wait_for(lambda: shell.lock_screen.unlock_button.isEnabled())
    shell.lock_screen.unlock_with(DEMO_PASSPHRASE)
    wait_for(lambda: not shell.window.locked)
    shell.window.go("today")
    today = shell.window.page("today")
    assert isinstance(today, TodayPage)
    wait_for(lambda: today._loaded and not today._loading)
    save(shell.window, "today", lang, out)

    shell.window.go("panel")
    panel = shell.window.page("panel")
    assert isinstance(panel, PanelPage)
    wait_for(lambda: panel.model.total > 0 and not panel.model._in_flight)
    save(shell.window, "panel", lang, out)
    panel.tier.setCurrentIndex(panel.tier.findData(RiskTier.HIGH.number))
    panel.focus_search()
    panel.search.setText("ma")
    wait_for(lambda: not panel.model._in_flight and panel.model.query[0].text == "ma")
    save(shell.window, "panel_search", lang, out)
    shell.lock()
    wait_for(lambda: shell.session.vault.is_locked)
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
            shoot(lanes, directory, lang, args.out)
        translator.set_language("en")
    lanes.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
