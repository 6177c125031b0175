"""Composition root of the desktop app: settings, style, language, vault, session, and the screens after each unlock.

    coach-desktop [--demo] [--vault DIR]

No vault in the folder → the first-run wizard; otherwise the lock screen. After every unlock ``build_workspace``
makes the services, pages and (for an enrolled computer) the sync scheduler, and passes them down.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..vault.paths import default_vault_dir

if TYPE_CHECKING:
    from ..ui.background import Lanes
    from ..ui.shell import Workspace
    from ..vault.vault import Vault
    from .session import UnlockInfo


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="coach-desktop", description="Coach Desktop")
    parser.add_argument("--demo", action="store_true", help="open the demo vault of synthetic members")
    parser.add_argument("--vault", type=Path, default=None, help="vault directory (default: per-user data dir)")
    return parser.parse_args(argv)


def build_workspace(vault: Vault, lanes: Lanes, info: UnlockInfo) -> Workspace:
    """Services, pages and the sync scheduler for one unlocked session (rebuilt at every unlock)."""
    from ..sync.scheduler import SyncScheduler
    from ..ui.change_router import ChangeRouter
    from ..ui.member.member_page import MemberPage
    from ..ui.panel_page import PanelPage
    from ..ui.shell import Workspace
    from ..ui.sync_page import SyncPage
    from ..ui.sync_status_bar import SyncStatusBar
    from ..ui.today_page import TodayPage
    from .care_plan_service import CarePlanService
    from .member_service import MemberService
    from .panel_service import PanelService
    from .referral_service import ReferralService
    from .screening_service import ScreeningService
    from .session_note_service import SessionNoteService
    from .sync_service import SyncService
    from .today_service import TodayService

    scheduler = SyncScheduler.for_vault(vault) if info.enrolled else None
    sync = SyncService(vault, scheduler)
    member = MemberService(vault)
    pages = {
        "today": TodayPage(TodayService(vault), lanes),
        "panel": PanelPage(PanelService(vault), lanes),
        "member": MemberPage(
            member,
            lanes,
            notes=SessionNoteService(vault),
            screenings=ScreeningService(vault),
            care_plans=CarePlanService(vault),
            referrals=ReferralService(vault),
        ),
        "sync": SyncPage(sync, lanes),
    }
    status = SyncStatusBar(sync, lanes=lanes)
    router = ChangeRouter(pages, sync, lanes)  # saves reach the other pages and wake the scheduler
    if scheduler is not None:
        scheduler.start()
    return Workspace(pages, status, scheduler, extras=[sync, member, router])


def choose_vault_dir(args: argparse.Namespace, last: str | None) -> Path:
    if args.vault is not None:
        return args.vault
    if os.environ.get("COACH_VAULT_DIR"):
        return default_vault_dir()  # reads COACH_VAULT_DIR itself
    return Path(last) if last else default_vault_dir()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    faulthandler.enable(all_threads=True)  # file/function/line only: no PHI (SECURITY §7.6)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ..ui.background import Lanes
    from ..ui.first_run_wizard import FirstRunWizard
    from ..ui.i18n import Translator
    from ..ui.shell import Shell
    from ..ui.style import apply_style
    from ..vault.vault import Vault
    from .demo import DEMO_PASSPHRASE, demo_vault_dir, open_demo_vault
    from .session import Session
    from .settings import Settings
    from .setup_service import SetupService

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Coach Desktop")
    app.setOrganizationName("CoachDesktop")
    apply_style(app)
    settings = Settings.load()
    translator = Translator(app)
    translator.set_language(settings.language)
    lanes = Lanes()
    directory = demo_vault_dir() if args.demo else choose_vault_dir(args, settings.last_vault_dir)
    session = Session(Vault(directory), lanes)

    def run_wizard() -> bool:
        setup = SetupService(directory)
        FirstRunWizard(setup, lanes).exec()
        if setup.vault is not None:
            session.vault = setup.vault  # created and unlocked: the shell goes straight in
        return setup.vault is not None

    if not args.demo and not session.vault.exists() and not run_wizard():
        lanes.shutdown()
        return 1
    if not args.demo:
        settings = replace(settings, last_vault_dir=str(directory))
        settings.save()
    shell = Shell(app, session, lanes, build_workspace, settings=settings, translator=translator, setup=run_wizard)
    if args.demo and not session.vault.exists():
        # First demo run: create and seed on the db lane (KDF + 150 members), then unlock it like any vault.
        lanes.run_db(lambda: open_demo_vault(directory).lock(), lambda _: shell.start(demo_passphrase=DEMO_PASSPHRASE))
        shell.window.show()
    else:
        shell.start(demo_passphrase=DEMO_PASSPHRASE if args.demo else None)
    # SIGTERM (logout, shutdown, kill) locks like Quit: drafts kept, vault closed. Python only sees a signal when it
    # runs, so a cheap timer wakes it while Qt waits for events.
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, shell.quit))
    wake = QTimer(interval=500)
    wake.timeout.connect(lambda: None)
    wake.start()
    try:
        return app.exec()
    finally:
        lanes.shutdown()
        if not session.vault.is_locked:
            session.vault.lock()


if __name__ == "__main__":
    raise SystemExit(main())
