"""The member chart on a real seeded vault: header facts, every tab against the vault, audited views, the safety
alert, and a lock that leaves no member text in any widget."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QTabWidget, QTextEdit, QWidget

from coach_desktop.app.member_service import MemberService
from coach_desktop.domain.audit import AuditAction
from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.domain.member import Member
from coach_desktop.domain.scoring import PHQ9_ITEMS, score_phq9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.session_note import SessionNote
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.work_items import Task, TaskStatus, TaskType, TransitionEvent
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.member.chart_widgets import TableSection
from coach_desktop.ui.member.labels import fmt_datetime, tier_label
from coach_desktop.ui.member.member_header import AlertBanner
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.vault import audit_log
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.ui.conftest import SEED, TODAY

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def chart_panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture(scope="module")
def chart_vault(tmp_path_factory: pytest.TempPathFactory, chart_panel: SyntheticPanel) -> Iterator[Vault]:
    """One seeded vault for the tests that only read (opening a chart adds view events, which they allow for)."""
    vault = Vault.create(tmp_path_factory.mktemp("chart") / "vault", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    vault.repository().store_server_records(list(iter_records(chart_panel)))
    yield vault
    vault.lock()


def _page(vault: Vault, lanes: Lanes, qtbot: Any) -> MemberPage:
    widget = MemberPage(MemberService(vault, today=lambda: TODAY), lanes)
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    return widget


@pytest.fixture
def page(chart_vault: Vault, lanes: Lanes, qtbot: Any) -> Iterator[MemberPage]:
    yield _page(chart_vault, lanes, qtbot)
    lanes.drain()


@pytest.fixture
def fresh_page(seeded_vault: Vault, lanes: Lanes, qtbot: Any) -> Iterator[MemberPage]:
    """On a vault of its own: for the tests that count audit events or write records."""
    yield _page(seeded_vault, lanes, qtbot)
    lanes.drain()


def _records(vault: Vault, member_id: str) -> dict[str, list[Any]]:
    by_kind: dict[str, list[Any]] = {}
    for record in vault.repository().member_records(member_id):
        by_kind.setdefault(record.kind, []).append(record)
    return by_kind


def _richest(panel: SyntheticPanel) -> Member:
    """The member with the most kinds of data, so every tab has rows to count."""
    kinds = Counter[tuple[uuid.UUID, str]]()
    groups = (panel.session_notes, panel.screenings, panel.goals, panel.barriers, panel.referrals,
              panel.transitions, panel.tasks, panel.observations)  # fmt: skip
    for group in groups:
        for record in group:
            kinds[(record.member_id, record.kind)] += 1  # type: ignore[arg-type]

    def score(m: Member) -> tuple[int, int]:
        present = sum(1 for (mid, _kind) in kinds if mid == m.id)
        return present + bool(m.authorized_contacts), sum(n for (mid, _k), n in kinds.items() if mid == m.id)

    return max(panel.members, key=score)


def _open(page: MemberPage, qtbot: Any, member: Member) -> None:
    page.show_member(str(member.id))
    qtbot.waitUntil(lambda: page.header.name.text() == member.display_name, timeout=WAIT_MS)


def _rows(section: TableSection) -> int:
    return section.model.rowCount()


def _view_events(vault: Vault, member_id: str) -> int:
    entries = audit_log.entries(vault.database(), object_id=member_id)
    return sum(1 for e in entries if e.event.action is AuditAction.VIEW)


def test_the_header_shows_the_members_facts(page: MemberPage, chart_panel: SyntheticPanel, qtbot: Any) -> None:
    member = _richest(chart_panel)
    _open(page, qtbot, member)
    header = page.header
    text = " ".join((header.facts.text(), header.care.text(), header.risk.text()))
    assert header.name.text() == f"{member.family_name}, {member.given_name}"
    assert f"Age {member.age_on(TODAY)}" in text
    assert f"Medicaid ID {member.medicaid_id}" in text
    assert f"PCP: {member.pcp_name}" in text and f"Practice: {member.practice_id}" in text
    assert {"en": "English", "es": "Spanish", "vi": "Vietnamese"}.get(member.preferred_language.value, "Other") in text
    assert member.risk_reason and member.risk_reason in header.risk.text()
    assert header.tier.text() in {tier_label(t) for t in ("high", "medium", "low")}
    assert page.tabs.tabText(1).endswith(f"({sum(1 for n in chart_panel.session_notes if n.member_id == member.id)})")


def test_every_tab_shows_what_the_vault_holds(page: MemberPage, chart_vault: Vault, chart_panel: SyntheticPanel,
                                              qtbot: Any) -> None:  # fmt: skip
    member = _richest(chart_panel)
    _open(page, qtbot, member)
    held = _records(chart_vault, str(member.id))
    notes: list[SessionNote] = held["session_note"]
    tasks: list[Task] = held["task"]
    plans: list[CarePlan] = held["care_plan"]
    assert len(plans) == 1  # the synthetic chart_panel gives each engaged member one plan; all children are its own
    assert _rows(page.sessions.notes) == len(notes) > 0
    assert page.sessions.notes.model.data(page.sessions.notes.model.index(0, 0)) == fmt_datetime(
        max(n.started_at for n in notes)
    )
    assert page.sessions.behaviour.count() == len({b.behaviour for n in notes for b in n.behaviours}) > 0
    assert _rows(page.sessions.points) == len(page.sessions.current_trend().points)  # type: ignore[union-attr]
    assert _rows(page.overview.sessions) == min(3, len(notes))
    assert _rows(page.overview.observations) == len({o.type for o in held["observation"]}) > 0
    assert _rows(page.overview.tasks) == min(5, sum(1 for t in tasks if t.status is TaskStatus.OPEN))
    assert _rows(page.care_plan.problems) == len(plans[0].problems)
    assert _rows(page.care_plan.goals) == len(held["care_plan_goal"]) > 0
    assert _rows(page.care_plan.interventions) == len(held.get("care_plan_intervention", []))
    assert _rows(page.care_plan.barriers) == len(held.get("care_plan_barrier", []))
    assert _rows(page.screenings.history) == len(held["screening"]) > 0
    assert _rows(page.screenings.latest) == len({s.instrument for s in held["screening"]})
    assert _rows(page.referrals.referrals) == len(held["referral"]) > 0
    assert _rows(page.referrals.transitions) == len(held["care_transition"]) > 0
    assert _rows(page.tasks.tasks) == len(tasks) > 0
    assert _rows(page.contacts.contacts) == len(member.authorized_contacts)
    assert page.contacts.facts.values["phone"].text() == (member.phone or "No phone number")
    assert _rows(page.audit.entries) == len(audit_log.entries_for_member(chart_vault.database(), str(member.id)))


def test_a_member_without_sessions_sees_empty_states(page: MemberPage, chart_panel: SyntheticPanel, qtbot: Any) -> None:
    with_notes = {n.member_id for n in chart_panel.session_notes}
    quiet = next(m for m in chart_panel.members if m.id not in with_notes)
    _open(page, qtbot, quiet)
    assert page.sessions.notes.showing_empty() and not page.sessions.notes.empty.isHidden()
    assert page.sessions.notes.empty.text() == "No sessions recorded yet."
    assert page.overview.sessions.showing_empty()
    assert not page.sessions.behaviour.isEnabled() and page.sessions.behaviour.count() == 0


def test_opening_writes_one_view_event_the_audit_tab_lists(fresh_page: MemberPage, seeded_vault: Vault,
                                                           panel: SyntheticPanel, qtbot: Any) -> None:  # fmt: skip
    member = _richest(panel)
    member_id = str(member.id)
    assert _view_events(seeded_vault, member_id) == 0
    _open(fresh_page, qtbot, member)
    fresh_page._lanes.drain()
    assert _view_events(seeded_vault, member_id) == 1
    model = fresh_page.audit.entries.model
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first[1:5] == ["nurse.ana", "Viewed", "Member record", member_id[:8]]

    # A save on this member refreshes the open chart: the change is listed, and it is not another view.
    task = next(t for t in _records(seeded_vault, member_id)["task"] if t.status is TaskStatus.OPEN)
    _, changes = seeded_vault.repository().update(task.model_copy(update={"title": "Call back after lunch"}))
    fresh_page.apply_changes(changes)
    qtbot.waitUntil(lambda: model.data(model.index(0, 2)) == "Changed", timeout=WAIT_MS)
    assert model.data(model.index(0, 3)) == "Task" and model.data(model.index(1, 2)) == "Viewed"
    assert _view_events(seeded_vault, member_id) == 1
    assert _rows(fresh_page.audit.entries) == 2


def test_a_positive_item9_without_an_assessment_shows_the_safety_alert(
    fresh_page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _richest(panel)
    _open(fresh_page, qtbot, member)
    assert not _safety_banners(fresh_page)
    answers = {**dict.fromkeys(PHQ9_ITEMS, 1), PHQ9_ITEMS[8]: 2}
    given = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    screening = Screening(member_id=member.id, instrument=Instrument.PHQ9, administered_at=given, answers=answers,
                          **score_phq9(answers).screening_fields())  # fmt: skip
    repo = seeded_vault.repository()
    _, changes = repo.create(screening)
    fresh_page.apply_changes(changes)
    qtbot.waitUntil(lambda: bool(_safety_banners(fresh_page)), timeout=WAIT_MS)
    banner = _safety_banners(fresh_page)[0]
    assert "PHQ-9 item 9" in banner.text.text() and "22 Nov 2026" in banner.text.text()
    assert not banner.icon.pixmap().isNull() and "#c62828" in banner.styleSheet()  # icon and colour, not colour alone
    assert banner.accessibleName() == banner.text.text()

    # Documenting the assessment (a done, linked safety task) settles the alert.
    done = Task(member_id=member.id, type=TaskType.SAFETY_ASSESSMENT, title="Safety assessment", due=TODAY,
                status=TaskStatus.DONE, source_kind="screening", source_id=screening.id,
                completed_at=given + timedelta(hours=1), resolution="Assessed; low risk; 988 given.")  # fmt: skip
    _, changes = repo.create(done)
    fresh_page.apply_changes(changes)
    qtbot.waitUntil(lambda: not _safety_banners(fresh_page), timeout=WAIT_MS)


def _safety_banners(page: MemberPage) -> list[AlertBanner]:
    return [b for b in page.header.alerts if b.text.text().startswith("Safety alert")]


def test_a_recent_discharge_shows_its_follow_up_deadline(
    page: MemberPage, chart_panel: SyntheticPanel, qtbot: Any
) -> None:
    recent = [t for t in chart_panel.transitions if t.event is TransitionEvent.DISCHARGE and t.discharged_on
              and 0 <= (TODAY - t.discharged_on).days <= 30]  # fmt: skip
    latest = max(recent, key=lambda t: t.discharged_on)  # type: ignore[arg-type, return-value]
    member = next(m for m in chart_panel.members if m.id == latest.member_id)
    _open(page, qtbot, member)
    own = max((t for t in recent if t.member_id == member.id), key=lambda t: t.discharged_on)  # type: ignore
    texts = [b.text.text() for b in page.header.alerts]
    assert any(t.startswith(f"Discharged from {own.facility}") and "Tier 1 until" in t for t in texts), texts
    assert page.header.tier.text() == tier_label("high")


def test_clear_leaves_no_member_text_in_any_widget(page: MemberPage, chart_vault: Vault, chart_panel: SyntheticPanel,
                                                   qtbot: Any) -> None:  # fmt: skip
    member = _richest(chart_panel)
    _open(page, qtbot, member)
    for index in range(page.tabs.count()):  # every tab laid out and painted once
        page.tabs.setCurrentIndex(index)
        qtbot.wait(1)
    needles = _member_text(chart_vault, member)
    before = _visible_text(page)
    assert all(any(n in t for t in before) for n in needles), [n for n in needles if not any(n in t for t in before)]
    page.clear()
    after = _visible_text(page)
    assert [n for n in needles if any(n in t for t in after)] == []
    assert all(v.model().rowCount() == 0 for v in page.findChildren(QAbstractItemView))
    assert page.sessions.chart.trend() is None and page.header.alerts == []
    assert page.message.text() == "Open a member from Today or the Panel to see their chart."


def _member_text(vault: Vault, member: Member) -> list[str]:
    """Distinctive strings of this member's record that the chart shows somewhere."""
    held = _records(vault, str(member.id))
    needles = [member.family_name, member.given_name, member.medicaid_id]
    needles += [c.name for c in member.authorized_contacts]
    needles += [r.to_name for r in held.get("referral", [])[:2]]
    needles += [t.facility for t in held.get("care_transition", [])[:2]]
    needles += [g.description for g in held.get("care_plan_goal", [])[:2]]
    note = max(held["session_note"], key=lambda n: n.started_at)
    needles.append(note.narrative[:40])
    return [n for n in needles if n]


def _visible_text(root: QWidget) -> list[str]:
    """Every string a widget in the tree holds: labels, inputs, documents, combo items, tabs, models, a11y names."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, (QLabel, QLineEdit)):
            found.append(widget.text())
        elif isinstance(widget, QTextEdit):
            found.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += _model_text(widget.model())
    return [t for t in found if t]


def _model_text(model: Any) -> list[str]:
    cells = []
    for row in range(model.rowCount(QModelIndex())):
        for column in range(model.columnCount(QModelIndex())):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(row, column), role)
                if value:
                    cells.append(str(value))
    return cells


def test_answers_for_an_earlier_member_are_not_shown(page: MemberPage, chart_panel: SyntheticPanel, qtbot: Any) -> None:
    first, second = chart_panel.members[0], chart_panel.members[1]
    page.show_member(str(first.id))
    page.show_member(str(second.id))
    qtbot.waitUntil(lambda: page.header.name.text() == second.display_name, timeout=WAIT_MS)
    page._lanes.drain()
    qtbot.wait(20)
    assert page.header.name.text() == second.display_name and page.current_member_id() == str(second.id)


def test_a_chart_that_cannot_open_says_so(page: MemberPage, qtbot: Any) -> None:
    with qtbot.waitSignal(page.status_message, timeout=WAIT_MS) as signal:
        page.show_member(str(uuid.uuid4()))
    assert signal.args == ["No such record."]
    assert page.message.text().startswith("This chart could not be opened.") and page.header.name.text() == ""


def test_the_trend_chart_paints_and_describes_itself(page: MemberPage, chart_panel: SyntheticPanel, qtbot: Any) -> None:
    member = _richest(chart_panel)
    _open(page, qtbot, member)
    page.tabs.setCurrentWidget(page.sessions)
    trend = page.sessions.current_trend()
    assert trend is not None
    image = page.sessions.chart.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert not image.isNull() and len(colours) > 8  # background, grid, text, three rulers and the stage line
    assert page.sessions.chart.accessibleDescription().startswith(f"{len(trend.points)} session")
    page.retranslate()  # words are set again; the member stays on screen
    assert page.header.name.text() == member.display_name and _rows(page.sessions.notes) > 0
