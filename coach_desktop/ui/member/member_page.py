"""The Member page: the chart of one member (header with alerts, then one tab per part of their record)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from ...app.care_plan_service import CarePlanService
from ...app.member_chart import MemberChart
from ...app.member_service import MemberService
from ...app.referral_service import ReferralService
from ...app.screening_service import ScreeningService
from ...app.session_note_service import SessionNoteService
from ...domain.work_items import TaskStatus
from ...vault.repository import ChangeSet
from ..background import Lanes, user_message
from ..page import Page
from .audit_tab import AuditTab
from .care_plan_tab import CarePlanTab
from .chart_widgets import ChartTab
from .contacts_tab import ContactsTab
from .member_header import MemberHeaderWidget
from .overview_tab import OverviewTab
from .referrals_tab import ReferralsTab
from .screenings_tab import ScreeningsTab
from .sessions_tab import SessionsTab
from .tasks_tab import TasksTab

# The tabs a write of each record kind can change; the header is always read again (alerts come from many kinds)
# and so is the audit log (every write is logged). Kinds not listed (the member record, conflicts…) refresh all.
_TABS_BY_KIND = {
    "screening": ("screenings",), "task": ("tasks", "overview"), "referral": ("referrals",),
    "care_plan": ("care_plan", "overview"), "care_plan_goal": ("care_plan", "overview"),
    "care_plan_intervention": ("care_plan", "overview"), "care_plan_barrier": ("care_plan", "overview"),
    "session_note": ("sessions", "overview"), "note_addendum": ("sessions", "overview"),
    "care_transition": ("referrals", "overview"), "observation": ("overview",),
}  # fmt: skip
_ALL_TABS = ("overview", "sessions", "care_plan", "screenings", "referrals", "tasks", "contacts", "audit")


class MemberPage(Page):
    def __init__(self, service: MemberService, lanes: Lanes, parent: QWidget | None = None, *,
                 notes: SessionNoteService | None = None, screenings: ScreeningService | None = None,
                 care_plans: CarePlanService | None = None,
                 referrals: ReferralService | None = None) -> None:  # fmt: skip
        """``notes``: session notes can be written (the Sessions tab's editor); without it the chart only reads."""
        super().__init__(parent)
        self._service, self._lanes = service, lanes
        self._member_id: str | None = None
        self._chart: MemberChart | None = None
        self._pending: set[str] = set()  # tabs to refresh at the next reload (changes arrive in bursts)
        self.message = QLabel()
        self.message.setObjectName("memberMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.header = MemberHeaderWidget()
        self.overview, self.sessions, self.care_plan = OverviewTab(), SessionsTab(notes, lanes), CarePlanTab()
        self.screenings, self.referrals, self.tasks = ScreeningsTab(), ReferralsTab(), TasksTab()
        self.contacts, self.audit = ContactsTab(), AuditTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for tab in self.chart_tabs():
            self.tabs.addTab(tab, "")
        chart = QWidget()
        box = QVBoxLayout(chart)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.header)
        box.addWidget(self.tabs, 1)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.message)
        self._stack.addWidget(chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self._stack)
        self.sessions.changed.connect(lambda change: self._saved([change]))
        self.sessions.status_message.connect(self.status_message.emit)
        if screenings is not None:
            self.screenings.bind(screenings, referrals, lanes)
        if care_plans is not None:
            self.care_plan.bind(care_plans, lanes)
        self.screenings.saved.connect(self._saved)
        self.care_plan.saved.connect(self._saved)
        self.care_plan.status_message.connect(self.status_message.emit)
        self.retranslate()

    def chart_tabs(self) -> tuple[ChartTab, ...]:
        return (self.overview, self.sessions, self.care_plan, self.screenings, self.referrals, self.tasks,
                self.contacts, self.audit)  # fmt: skip

    def title(self) -> str:
        return self.tr("Member")

    def current_member_id(self) -> str | None:
        return self._member_id

    # ---- loading -------------------------------------------------------------------------------

    def show_member(self, member_id: str) -> None:
        """Open a member's chart (an audited view); the previous member's data leaves the screen at once."""
        if member_id != self._member_id:
            self._forget()
            self.tabs.setCurrentIndex(0)
        self._member_id = member_id
        self.sessions.set_member(member_id)
        self._say(self.tr("Opening the chart…"))
        self._lanes.run_db(lambda: self._service.chart(member_id), self._show,
                           lambda exc: self._failed(member_id, exc))  # fmt: skip

    def apply_changes(self, changes: ChangeSet) -> None:
        """Read the chart again once for a burst of changes; only the tabs they touch are filled again."""
        member_id = self._member_id
        if member_id is None or changes.member_id != member_id:
            return
        if not self._pending:
            QTimer.singleShot(0, self._reload)
        self._pending.update(_TABS_BY_KIND.get(changes.kind, _ALL_TABS))
        self._pending.add("audit")

    def remote_changes(self) -> None:
        """A sync pulled records: the open chart is read again whole (any of its records may have changed)."""
        if self._member_id is None:
            return
        if not self._pending:
            QTimer.singleShot(0, self._reload)
        self._pending.update(_ALL_TABS)
        self._pending.add("audit")

    def _saved(self, changes: list[ChangeSet]) -> None:
        for change in changes:
            self.apply_changes(change)
        self.changes_saved.emit(list(changes))  # Today, Panel and the sync scheduler hear of it (ChangeRouter)

    def _reload(self) -> None:
        member_id, parts = self._member_id, frozenset(self._pending)
        self._pending.clear()
        if member_id is None or not parts:
            return
        self._lanes.run_db(lambda: self._service.reload(member_id), lambda chart: self._show(chart, parts),
                           lambda exc: self._failed(member_id, exc))  # fmt: skip

    def _show(self, chart: MemberChart, parts: frozenset[str] = frozenset(_ALL_TABS)) -> None:
        if chart.header.member_id != self._member_id:
            return  # the nurse has opened someone else meanwhile
        self._chart = chart
        self.header.set_header(chart.header)
        self.screenings.set_member(chart.header)
        self.care_plan.set_member(chart.header, chart.overview.conditions)
        tabs = {"overview": (self.overview, chart.overview), "sessions": (self.sessions, chart.sessions),
                "care_plan": (self.care_plan, chart.care_plan), "screenings": (self.screenings, chart.screenings),
                "referrals": (self.referrals, chart.referrals), "tasks": (self.tasks, chart.tasks),
                "contacts": (self.contacts, chart.contacts), "audit": (self.audit, chart.audit)}  # fmt: skip
        for name, (tab, data) in tabs.items():
            if name in parts:
                tab.set_data(data)
        self._set_tab_titles()
        self._stack.setCurrentIndex(1)

    def _failed(self, member_id: str, exc: BaseException) -> None:
        if member_id != self._member_id:
            return
        self._forget()
        self._member_id = None
        text = user_message(exc)
        self._say(self.tr("This chart could not be opened.") + "\n" + text)
        self.status_message.emit(text)

    # ---- session notes (the editor lives in the Sessions tab) -----------------------------------

    def new_session(self, member_id: str | None = None) -> None:
        """Ctrl+N: a new session note for ``member_id`` (default: the member on screen)."""
        member_id = member_id or self._member_id
        if member_id is None:
            self.status_message.emit(self.tr("Open a member first, then start a session."))
            return
        if member_id != self._member_id:
            self.show_member(member_id)
        self.tabs.setCurrentWidget(self.sessions)
        self.sessions.new_session(member_id)

    def save(self) -> None:
        """Ctrl+S (the window's Edit menu): the care plan when it is on screen, else the session note."""
        if self.tabs.currentWidget() is self.care_plan and self.care_plan.editor is not None:
            self.care_plan.save()
            return
        if not self.sessions.save():
            self.status_message.emit(self.tr("Nothing to save on this page."))

    def drafts(self) -> dict[str, str]:
        return {**self.sessions.drafts(), **self.care_plan.drafts()}  # the two use their own key prefixes

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        newest = self.sessions.restore_drafts(drafts)
        plan_member = self.care_plan.restore_drafts(drafts)
        if newest is not None:
            self.new_session(newest.member_id)  # the note being written before the lock, back on screen
        elif plan_member is not None:
            self.show_member(plan_member)  # the care plan being edited, its forms filled again once it is read
            self.tabs.setCurrentWidget(self.care_plan)

    # ---- lock and language ---------------------------------------------------------------------

    def clear(self) -> None:
        self.sessions.forget_unsaved()  # the shell took drafts() first
        self._forget()
        self._member_id = None
        self._say(self._idle_text())

    def retranslate(self) -> None:
        self._set_tab_titles()
        self.tabs.setAccessibleName(self.tr("Chart sections"))
        self.header.retranslate()
        for tab in self.chart_tabs():
            tab.retranslate()
        if self._member_id is None:
            self._say(self._idle_text())

    def _forget(self) -> None:
        self._chart = None
        self._pending.clear()
        self.header.clear()
        for tab in self.chart_tabs():
            tab.clear()
        self._set_tab_titles()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentIndex(0)

    def _idle_text(self) -> str:
        return self.tr("Open a member from Today or the Panel to see their chart.")

    def _set_tab_titles(self) -> None:
        chart = self._chart
        sessions = len(chart.sessions.notes) if chart else 0
        screenings = len(chart.screenings.history) if chart else 0
        open_tasks = sum(1 for t in chart.tasks.tasks if t.status is TaskStatus.OPEN) if chart else 0
        titles = [
            self.tr("&Overview"),
            self.tr("&Sessions (%1)").replace("%1", str(sessions)) if chart else self.tr("&Sessions"),
            self.tr("Care &plan"),
            self.tr("Scree&nings (%1)").replace("%1", str(screenings)) if chart else self.tr("Scree&nings"),
            self.tr("&Referrals && transitions"),
            self.tr("&Tasks (%1 open)").replace("%1", str(open_tasks)) if chart else self.tr("&Tasks"),
            self.tr("&Contacts && consent"),
            self.tr("A&udit"),
        ]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
