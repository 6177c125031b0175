"""The app shell: lock screen ⇄ workspace, auto-lock, settings and language, and an orderly quit.

After every unlock the composition root's factory builds the services, pages and sync scheduler afresh (a
page never outlives the vault connection it read from); at every lock the pages give up their unsaved text
(kept encrypted in the vault as drafts), forget their PHI and are destroyed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from ..app.session import LockOutcome, ProblemKind, Session, SessionState, Stoppable, UnlockInfo, UnlockProblem
from ..app.settings import Settings
from ..app.setup_service import SetupService
from ..vault.vault import Vault
from .auto_lock import IdleWatcher
from .background import Lanes
from .enrol_form import EnrolDialog
from .i18n import Translator
from .lock_screen import LockScreen
from .main_window import NAVIGATION, MainWindow
from .page import Page
from .settings_dialog import SettingsDialog

_log = logging.getLogger(__name__)
QUIT_LOCK_TIMEOUT_S = 30.0


@dataclass
class Workspace:
    """What the composition root builds after an unlock."""

    pages: dict[str, Page]
    status_widget: QWidget | None = None
    scheduler: Stoppable | None = None  # already started; the session stops it at lock
    extras: list[object] = field(default_factory=list)  # services etc. kept alive with the pages


WorkspaceFactory = Callable[[Vault, Lanes, UnlockInfo], Workspace]
SetupFn = Callable[[], bool]  # runs the first-run wizard again; True once a new vault is unlocked


class Shell(QObject):
    unlocked = Signal()
    locked = Signal()

    def __init__(
        self, app: QApplication, session: Session, lanes: Lanes, factory: WorkspaceFactory, *, settings: Settings,
        settings_path: Path | None = None, translator: Translator | None = None, setup: SetupFn | None = None,
        idle_seconds: float | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.app = app
        self.session = session
        self.lanes = lanes
        self.settings = settings
        self._factory = factory
        self._settings_path = settings_path
        self._translator = translator
        self._setup = setup
        self._workspace: Workspace | None = None
        self._info: UnlockInfo | None = None
        self._quitting = False
        self.last_lock: LockOutcome | None = None
        self.lock_screen = LockScreen(session)
        self.window = MainWindow(self.lock_screen)
        self.idle = IdleWatcher(app, idle_seconds or settings.idle_minutes * 60, parent=self)
        self.lock_screen.unlocked.connect(self._on_unlocked)
        self.lock_screen.setup_requested.connect(self._run_setup)
        self.window.lock_requested.connect(self.lock)
        self.window.settings_requested.connect(self.open_settings)
        self.window.enrol_requested.connect(self.enrol)
        self.window.quit_requested.connect(self.quit)
        self.idle.idle_timeout.connect(self.lock)
        self.idle.suspended.connect(self.lock)
        lanes.task_failed.connect(self.window.show_status)
        app.aboutToQuit.connect(self.quit)  # the OS session ends: lock like any other quit

    # ---- start -------------------------------------------------------------------------------

    def start(self, *, demo_passphrase: str | None = None) -> None:
        """Show the window: straight into the app for a vault the wizard just made, else the lock screen."""
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()  # typing goes to the passphrase field at once
        if demo_passphrase is not None:
            self.lock_screen.show_demo_hint(demo_passphrase)
        if not self.session.vault.is_locked:
            self.session.resume(self._on_unlocked, self.lock_screen.prepare)
            return
        self.lock_screen.prepare()
        if demo_passphrase is not None:
            self.lock_screen.unlock_with(demo_passphrase)

    def _on_unlocked(self, info: UnlockInfo) -> None:
        if not self._install(info):
            return
        self.session.load_drafts(self.window.restore_drafts)
        self.idle.start()
        self.unlocked.emit()

    def _install(self, info: UnlockInfo) -> bool:
        try:
            workspace = self._factory(self.session.vault, self.lanes, info)
        except Exception as exc:  # a screen that cannot be built must not leave the vault open behind the lock screen
            _log.error("workspace could not be built: %s", type(exc).__name__)
            self.session.lock({})
            self.lock_screen.prepare(UnlockProblem(ProblemKind.OTHER, "Coach could not open its screens. "
                                                   "Your saved work is safe; tell IT."))  # fmt: skip
            return False
        self._workspace = workspace
        self._info = info
        self.session.scheduler = workspace.scheduler
        self.window.set_workspace(workspace.pages, workspace.status_widget, enrolled=info.enrolled)
        first = next((key for key, _label in NAVIGATION if key in workspace.pages), None)
        if first is not None:
            self.window.go(first)
        return True

    # ---- enrol later -------------------------------------------------------------------------

    def enrol(self) -> None:
        """File ▸ Enrol this computer: on success the screens are rebuilt with sync running (typed text kept)."""
        if self._workspace is None or self._info is None or self._info.enrolled:
            return
        dialog = EnrolDialog(SetupService.for_vault(self.session.vault).enroll, self.lanes, self.window)
        dialog.form.user.setText(self.session.vault.actor.user_id)
        dialog.exec()
        enrolled = dialog.form.result is not None
        dialog.deleteLater()
        if enrolled and self._workspace is not None:
            self._rebuild(replace(self._info, enrolled=True))

    def _rebuild(self, info: UnlockInfo) -> None:
        drafts = self.window.take_drafts()
        self.lanes.invalidate()  # answers for the pages about to go must not reach them
        scheduler, self.session.scheduler = self.session.scheduler, None
        if scheduler is not None:
            scheduler.stop()
        self.window.clear_workspace()
        if self._install(info):
            self.window.restore_drafts(drafts)

    def _run_setup(self) -> None:
        if self._setup is not None and self._setup():
            self.session.resume(self._on_unlocked, self.lock_screen.prepare)

    # ---- lock --------------------------------------------------------------------------------

    @property
    def is_unlocked(self) -> bool:
        return self.session.state in (SessionState.UNLOCKED, SessionState.UNLOCKING) or self._workspace is not None

    def lock(self) -> None:
        """Ctrl+L, idle, suspend: PHI off the screen at once; drafts written and the vault closed on the db lane."""
        if self._workspace is None and self.session.state is not SessionState.UNLOCKED:
            return
        self.idle.stop()
        self._close_dialogs()
        drafts = self.window.take_drafts()
        self.session.lock(drafts, self._on_locked)
        self.window.clear_workspace()
        self._workspace = None
        self.lock_screen.prepare()
        self.locked.emit()

    def _on_locked(self, outcome: LockOutcome) -> None:
        self.last_lock = outcome
        if outcome.warning:
            _log.warning("drafts not kept at lock")

    def _close_dialogs(self) -> None:
        # A dialog left open over the lock screen could show member data: close every modal one.
        while (dialog := QApplication.activeModalWidget()) is not None:
            dialog.close()
            if QApplication.activeModalWidget() is dialog:
                dialog.hide()
                break

    # ---- settings ----------------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.window)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.values())
        dialog.deleteLater()

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings.normalised()
        self.settings.save(self._settings_path)
        self.idle.set_idle_seconds(self.settings.idle_minutes * 60)
        if self._translator is not None and self._translator.language != self.settings.language:
            self._translator.set_language(self.settings.language)

    # ---- quit --------------------------------------------------------------------------------

    def quit(self) -> None:
        """Keep the drafts and close the vault before the event loop ends (close button, Ctrl+Q, SIGTERM, logout)."""
        if self._quitting:
            return
        self._quitting = True
        self.idle.stop()
        future = self.session.lock(self.window.take_drafts())
        self.window.clear_workspace()
        self._workspace = None
        if future is not None:
            try:
                future.result(timeout=QUIT_LOCK_TIMEOUT_S)
            except Exception as exc:  # quitting anyway: Vault.lock ran in the task's finally
                _log.error("lock at quit failed: %s", type(exc).__name__)
        self.window.hide()
        self.app.quit()
