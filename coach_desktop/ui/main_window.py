"""The main window: navigation (Today, Panel, Member, Sync), the page stack, the status bar and the shortcuts.

It only composes: the pages come from the composition root after each unlock and leave at each lock; the lock
screen shares the window (a page-sized screen, never a dialog). The title never names a member.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from .page import Page
from .style import icon

# (page key, label, icon). The labels are translated where they are shown.
NAVIGATION = (
    ("today", QT_TRANSLATE_NOOP("MainWindow", "Today")),
    ("panel", QT_TRANSLATE_NOOP("MainWindow", "Panel")),
    ("member", QT_TRANSLATE_NOOP("MainWindow", "Member")),
    ("sync", QT_TRANSLATE_NOOP("MainWindow", "Sync")),
)
APP_NAME = "Coach Desktop"
STATUS_MS = 10_000
Drafts = dict[str, dict[str, str]]


def nav_label(key: str) -> str:
    return QCoreApplication.translate("MainWindow", dict(NAVIGATION)[key])


class MainWindow(QMainWindow):
    lock_requested = Signal()
    settings_requested = Signal()
    enrol_requested = Signal()
    quit_requested = Signal()

    def __init__(self, lock_screen: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, Page] = {}
        self._status_widget: QWidget | None = None
        self.lock_screen = lock_screen
        self.nav = QListWidget(objectName="navigation")
        self.nav.setIconSize(QSize(24, 24))
        for key, _label in NAVIGATION:
            item = QListWidgetItem(icon(key), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(lambda row: self.go(NAVIGATION[row][0]) if row >= 0 else None)
        self.stack = QStackedWidget()
        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.screens = QStackedWidget()
        self.screens.addWidget(lock_screen)
        self.screens.addWidget(self.workspace)
        self.setCentralWidget(self.screens)
        self._build_actions()
        self.show_locked()
        self.retranslate()
        self._default_size()

    def _default_size(self) -> None:
        # Roomy on a laptop, never larger than the screen (at 150 % scaling the screen is smaller in these units).
        available = self.screen().availableGeometry()
        self.resize(min(1280, int(available.width() * 0.9)), min(820, int(available.height() * 0.9)))

    # ---- actions -----------------------------------------------------------------------------

    def _action(self, shortcut: QKeySequence | str, slot: Callable[[], object]) -> QAction:
        action = QAction(self, shortcut=QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # triggered(bool) must not reach the slot
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.nav_actions = {key: self._action(f"Ctrl+{i}", lambda key=key: self.go(key))
                            for i, (key, _label) in enumerate(NAVIGATION, start=1)}  # fmt: skip
        self.search_action = self._action(QKeySequence.StandardKey.Find, self.focus_search)
        self.new_session_action = self._action("Ctrl+N", self.new_session)
        self.save_action = self._action(QKeySequence.StandardKey.Save, self.save)
        self.lock_action = self._action("Ctrl+L", self.lock_requested.emit)
        self.lock_action.setIcon(icon("lock"))
        self.settings_action = self._action("Ctrl+,", self.settings_requested.emit)
        self.enrol_action = self._action(QKeySequence(), self.enrol_requested.emit)
        self.quit_action = self._action(QKeySequence.StandardKey.Quit, self.quit_requested.emit)
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.enrol_action, self.settings_action, self.lock_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.go_menu = bar.addMenu("")
        self.go_menu.addActions([*self.nav_actions.values(), self.search_action])
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.new_session_action, self.save_action])
        self.unlocked_actions = [*self.nav_actions.values(), self.search_action, self.new_session_action,
                                 self.save_action, self.lock_action, self.settings_action,
                                 self.enrol_action]  # fmt: skip

    def retranslate(self) -> None:
        for i, (key, _label) in enumerate(NAVIGATION):
            item = self.nav.item(i)
            item.setText(nav_label(key))
            self.nav_actions[key].setText(nav_label(key))
        self.nav.setAccessibleName(self.tr("Navigation"))
        self._fit_navigation()
        self.file_menu.setTitle(self.tr("&File"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.search_action.setText(self.tr("&Find a member"))
        self.new_session_action.setText(self.tr("&New session"))
        self.new_session_action.setToolTip(self.tr("New session note (Ctrl+N) for the member selected or open"))
        self.save_action.setText(self.tr("&Save"))
        self.lock_action.setText(self.tr("&Lock"))
        self.settings_action.setText(self.tr("S&ettings…"))
        self.enrol_action.setText(self.tr("&Enrol this computer…"))
        self.quit_action.setText(self.tr("&Quit"))
        self._update_title()
        for page in self._pages.values():
            page.retranslate()
        retranslate = getattr(self._status_widget, "retranslate", None)
        if callable(retranslate):
            retranslate()

    def _fit_navigation(self) -> None:
        # As wide as the longest label in this language (and font size), plus icon, padding and the selection bar.
        # sizeHintForColumn counts the style sheet's item padding; the rest is the list's own padding and frame.
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth()
                               + self.nav.fontMetrics().height())  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the shell locks (keeping drafts) and then quits
        self.quit_requested.emit()

    # ---- workspace ---------------------------------------------------------------------------

    def set_workspace(self, pages: Mapping[str, Page], status_widget: QWidget | None = None, *,
                      enrolled: bool = True) -> None:  # fmt: skip
        """After unlock: the freshly built pages (by key: today, panel, member, sync) and the sync status widget."""
        self._pages = dict(pages)
        for page in self._pages.values():
            self.stack.addWidget(page)
            page.member_requested.connect(self.open_member)
            page.status_message.connect(self.show_status)
            wants_enrol = getattr(page, "enrol_requested", None)  # e.g. an "Enrol" button on the Sync page
            if wants_enrol is not None:
                wants_enrol.connect(self.enrol_requested)
        self.enrol_action.setVisible(not enrolled)
        for i, (key, _label) in enumerate(NAVIGATION):
            self.nav.item(i).setHidden(key not in self._pages)
            self.nav_actions[key].setEnabled(key in self._pages)
        if status_widget is not None:
            self._status_widget = status_widget
            self.statusBar().addPermanentWidget(status_widget)
            clicked = getattr(status_widget, "conflicts_clicked", None)
            if clicked is not None:
                clicked.connect(lambda: self.go("sync"))
        self.show_unlocked()

    def take_drafts(self) -> Drafts:
        """What each page holds unsaved (an emptied field may be reported as "": its draft is then dropped)."""
        return {key: page.drafts() for key, page in self._pages.items()}

    def restore_drafts(self, drafts: Drafts) -> None:
        for key, fields in drafts.items():
            if key in self._pages and fields:
                self._pages[key].restore_drafts(fields)

    def clear_workspace(self) -> None:
        """Lock: every page forgets its PHI, then the pages and the status widget are destroyed."""
        for page in self._pages.values():
            page.clear()
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages = {}
        if self._status_widget is not None:
            self.statusBar().removeWidget(self._status_widget)
            self._status_widget.deleteLater()
            self._status_widget = None
        self.statusBar().clearMessage()
        self.show_locked()

    def show_locked(self) -> None:
        self.screens.setCurrentWidget(self.lock_screen)
        self.menuBar().setVisible(False)
        self.statusBar().setVisible(False)
        for action in self.unlocked_actions:
            action.setEnabled(False)
        self._update_title()

    def show_unlocked(self) -> None:
        self.screens.setCurrentWidget(self.workspace)
        self.menuBar().setVisible(True)
        self.statusBar().setVisible(True)
        for action in (self.search_action, self.new_session_action, self.save_action, self.lock_action,
                       self.settings_action, self.enrol_action):  # fmt: skip
            action.setEnabled(True)
        self._update_title()

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def page(self, key: str) -> Page | None:
        return self._pages.get(key)

    def current_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((key for key, page in self._pages.items() if page is current), None)

    # ---- navigation and commands -------------------------------------------------------------

    def go(self, key: str) -> None:
        page = self._pages.get(key)
        if page is None or self.locked:
            return
        keys = [k for k, _label in NAVIGATION]
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(keys.index(key) if key in keys else -1)
        self.nav.blockSignals(False)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        page.activate()
        self._update_title()

    def open_member(self, member_id: str) -> None:
        member = self._pages.get("member")
        if member is not None and hasattr(member, "show_member"):
            member.show_member(member_id)
            self.go("member")

    def focus_search(self) -> None:
        panel = self._pages.get("panel")
        if panel is not None:
            self.go("panel")
            if hasattr(panel, "focus_search"):
                panel.focus_search()

    def new_session(self) -> None:
        """Ctrl+N: a session note for the member selected on this page (Today, Panel: ``selected_member_id()``),
        else for the member whose chart is open."""
        member = self._pages.get("member")
        if member is None:
            return
        current = self._pages.get(self.current_key() or "")
        selected = getattr(current, "selected_member_id", None)
        member_id = selected() if callable(selected) and current is not member else None
        self.go("member")
        handler = getattr(member, "new_session", None)
        if callable(handler):
            handler(member_id)
            return
        tabs, sessions = getattr(member, "tabs", None), getattr(member, "sessions", None)
        if tabs is not None and sessions is not None:
            tabs.setCurrentWidget(sessions)

    def save(self) -> None:
        page = self._pages.get(self.current_key() or "")
        handler = getattr(page, "save", None)
        if callable(handler):
            handler()
        else:
            self.show_status(self.tr("Nothing to save on this page."))

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _update_title(self) -> None:
        # Navigation labels only: a page title may name a member (PHI), and window titles reach the task bar.
        key = self.current_key()
        if self.locked:
            locked = self.tr("Locked")
            self.setWindowTitle(f"{APP_NAME} — {locked}")
        elif key in dict(NAVIGATION):
            self.setWindowTitle(f"{APP_NAME} — {nav_label(key)}")
        else:
            self.setWindowTitle(APP_NAME)
