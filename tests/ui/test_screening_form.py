"""The screening form on the member chart, on a real seeded vault with real lanes: keyboard answers, the PHQ-2 →
PHQ-9 gate, the item-9 safety message with its task and header alert, AUDIT-C cut points by sex, social needs
offering directory resources and a referral, and the score chart per instrument."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from coach_desktop.app.member_service import MemberService
from coach_desktop.app.referral_service import FOLLOW_UP_TITLE, ReferralService
from coach_desktop.app.screening_service import GIVE_FULL_TITLE, ScreeningService
from coach_desktop.domain import scoring as sc
from coach_desktop.domain.community import CommunityResource
from coach_desktop.domain.member import Member, Sex
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.work_items import Referral, ReferralCategory, ReferralStatus, Task, TaskStatus, TaskType
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.member.score_chart import bands
from coach_desktop.ui.screening_dialog import ScreeningDialog
from coach_desktop.ui.screening_items import FORMS
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID
from tests.ui.conftest import SEED, TODAY

WAIT_MS = 10_000


@pytest.fixture(scope="module")
def screening_panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture(scope="module")
def screening_vault(tmp_path_factory: pytest.TempPathFactory, screening_panel: SyntheticPanel) -> Iterator[Vault]:
    """One seeded vault for the module (a KDF and 40 members once); each test writes for a member of its own."""
    vault = Vault.create(tmp_path_factory.mktemp("screen") / "vault", PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    records = list(iter_records(screening_panel))
    _seeded.update(str(r.id) for r in records)
    vault.repository().store_server_records(records)
    yield vault
    vault.lock()


@pytest.fixture
def page(screening_vault: Vault, lanes: Lanes, qtbot: Any) -> Iterator[MemberPage]:
    today = lambda: TODAY  # noqa: E731 - the panel's own today
    widget = MemberPage(MemberService(screening_vault, today=today), lanes,
                        screenings=ScreeningService(screening_vault, today=today),
                        referrals=ReferralService(screening_vault, today=today))  # fmt: skip
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    yield widget
    if widget.screenings.dialog is not None:
        widget.screenings.dialog.close()
    lanes.drain()


_used: set[str] = set()


def _member(panel: SyntheticPanel, vault: Vault, test: Callable[[Member], bool] = lambda m: True) -> Member:
    """A member no other test in the module has written for, with no open safety task of its own."""
    for member in panel.members:
        if str(member.id) in _used or not test(member):
            continue
        tasks = [r for r in vault.repository().member_records(str(member.id), [Task.KIND]) if isinstance(r, Task)]
        if any(t.type is TaskType.SAFETY_ASSESSMENT and t.status is TaskStatus.OPEN for t in tasks):
            continue
        _used.add(str(member.id))
        return member
    raise AssertionError("the synthetic panel has no member left for this test")


def _open(page: MemberPage, qtbot: Any, member: Member, instrument: Instrument) -> ScreeningDialog:
    page.show_member(str(member.id))
    qtbot.waitUntil(lambda: page.header.name.text() == member.display_name, timeout=WAIT_MS)
    page.tabs.setCurrentWidget(page.screenings)
    assert page.screenings.new_button.isEnabled()
    dialog = page.screenings.new_screening(instrument)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.rows[0], timeout=WAIT_MS)
    return dialog


def _type(keys: str) -> None:
    """Digits typed wherever the keyboard focus is: each answer moves the focus on by itself."""
    for key in keys:
        QTest.keyClick(QApplication.focusWidget(), key)


_seeded: set[str] = set()  # ids of the records the panel was seeded with


def _screenings(vault: Vault, member: Member, instrument: Instrument, *, seeded: bool = False) -> list[Screening]:
    """The member's screenings of one instrument written by the test (with ``seeded``: all of them)."""
    records = vault.repository().member_records(str(member.id), [Screening.KIND])
    found = [r for r in records if isinstance(r, Screening) and r.instrument is instrument]
    return found if seeded else [r for r in found if str(r.id) not in _seeded]


def _tasks(vault: Vault, member: Member) -> list[Task]:
    """Tasks written by the test, not seeded."""
    records = vault.repository().member_records(str(member.id), [Task.KIND])
    return [r for r in records if isinstance(r, Task) and str(r.id) not in _seeded]


def test_phq2_positive_offers_the_phq9_with_its_items_carried(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(screening_panel, screening_vault)
    dialog = _open(page, qtbot, member, Instrument.PHQ2)
    _type("21")  # item 1: more than half the days; item 2: several days
    assert [row.value() for row in dialog.form.rows] == [2, 1]
    assert dialog.form.live.total.text() == "Total 3 of 6" and dialog.form.live.band.text() == "Positive"
    QTest.keyClick(dialog.form.rows[1], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    view = dialog.result_view
    assert not view.gate.isHidden() and view.continue_button.text().replace("&", "") == "Continue with PHQ-9"
    assert view.safety.isHidden()
    (phq2,) = _screenings(screening_vault, member, Instrument.PHQ2)
    assert phq2.total == 3 and phq2.positive
    prompts = [t for t in _tasks(screening_vault, member) if t.title == GIVE_FULL_TITLE[Instrument.PHQ9]]
    assert [t.status for t in prompts] == [TaskStatus.OPEN]

    view.continue_button.click()  # the gate: the full PHQ-9 with items 1 and 2 already answered
    assert dialog.pages.currentIndex() == 0 and dialog.form.current_instrument() is Instrument.PHQ9
    assert [row.value() for row in dialog.form.rows[:3]] == [2, 1, None]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.rows[2], timeout=WAIT_MS)
    _type("1010000")  # items 3–9; item 10 (difficulty) is optional
    assert dialog.form.live.total.text() == "Total 5 of 27"
    assert dialog.form.live.band.text() == "Mild · negative"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    (phq9,) = _screenings(screening_vault, member, Instrument.PHQ9)
    assert phq9.answers[sc.PHQ9_ITEMS[0]] == 2 and phq9.total == 5 and phq9.band == "mild"
    prompts = [t for t in _tasks(screening_vault, member) if t.title == GIVE_FULL_TITLE[Instrument.PHQ9]]
    assert [t.status for t in prompts] == [TaskStatus.DONE]  # giving the PHQ-9 closed the prompt
    assert dialog.result_view.gate.isHidden()
    dialog.result_view.done_button.click()
    assert not dialog.isVisible()


def test_phq9_item9_creates_the_safety_task_and_the_header_alert(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(screening_panel, screening_vault)
    dialog = _open(page, qtbot, member, Instrument.PHQ9)
    _type("00000000")
    assert "Item 9" not in dialog.form.live.detail.text()
    _type("1")  # item 9: several days — the flag shows before the form is even saved
    assert "Item 9 (self-harm) positive" in dialog.form.live.detail.text()
    assert dialog.form.live.total.text() == "Total 1 of 27"  # a low total: the flag stands whatever the total
    dialog.save()
    dialog.save()  # an impatient second Ctrl+S while the first is on its way: still one screening
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    view = dialog.result_view
    assert not view.safety.isHidden() and "same-day safety-assessment task was created" in view.safety_text.text()
    assert not view.done_button.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # cannot be dismissed before the acknowledgement
    assert dialog.isVisible() and not view.reminder.isHidden()
    (screening,) = _screenings(screening_vault, member, Instrument.PHQ9)
    (task,) = [t for t in _tasks(screening_vault, member) if t.type is TaskType.SAFETY_ASSESSMENT]
    assert screening.safety_assessment_task_id == str(task.id)
    assert task.status is TaskStatus.OPEN and task.due == TODAY and task.source_id == screening.id
    alerts = lambda: [b.text.text() for b in page.header.alerts if "Safety alert" in b.text.text()]  # noqa: E731
    qtbot.waitUntil(lambda: bool(alerts()), timeout=WAIT_MS)  # the chart refreshed behind the dialog
    assert "no safety assessment is documented yet" in alerts()[0]
    qtbot.waitUntil(lambda: page.screenings.history.model.rowCount() == len(page._chart.screenings.history),  # type: ignore[union-attr]
                    timeout=WAIT_MS)  # fmt: skip
    view.acknowledge.setChecked(True)
    assert view.done_button.isEnabled()
    view.done_button.click()
    assert not dialog.isVisible()


@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE])
def test_audit_c_band_depends_on_the_members_sex(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any, sex: Sex
) -> None:
    member = _member(screening_panel, screening_vault, lambda m: m.sex is sex)
    dialog = _open(page, qtbot, member, Instrument.AUDIT_C)
    _type("111")  # monthly or less, 3–4 drinks, less than monthly: 3 points
    live = dialog.form.live
    assert live.total.text() == "Total 3 of 12"
    expected = "Positive" if sex is Sex.FEMALE else "Negative"  # women ≥3, men ≥4 (REFERENCE §1.4)
    assert live.band.text() == expected
    assert ("Positive at 3 or more" if sex is Sex.FEMALE else "Positive at 4 or more") in live.detail.text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    (stored,) = _screenings(screening_vault, member, Instrument.AUDIT_C)
    assert stored.total == 3 and stored.positive is (sex is Sex.FEMALE)
    assert ("audit_c_positive" in stored.flags) is (sex is Sex.FEMALE)
    # The chart shades the same cut point as the scoring, for this member.
    assert [b.low for b in bands(Instrument.AUDIT_C, sex)][1] == (3 if sex is Sex.FEMALE else 4)


def test_a_positive_housing_answer_offers_resources_and_makes_a_referral(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(screening_panel, screening_vault)
    dialog = _open(page, qtbot, member, Instrument.AHC_HRSN)
    _type("2")  # living situation: a place today, but worried about losing it
    assert "Housing: <b>Positive</b>" in dialog.form.live.detail.text()
    assert "Food: <b>Incomplete</b>" in dialog.form.live.detail.text()  # unanswered is never "negative"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1 and bool(dialog.result_view.offers), timeout=WAIT_MS)
    (offer,) = dialog.result_view.offers
    housing = sorted((r for r in screening_panel.resources if r.category is ReferralCategory.HOUSING),
                     key=lambda r: r.name.lower())  # fmt: skip
    assert offer.suggestion.category is ReferralCategory.HOUSING
    assert [offer.list.item(i).text().split(" · ")[0] for i in range(offer.list.count())] == [r.name for r in housing]
    offer.list.setCurrentRow(1)
    offer.refer.click()
    qtbot.waitUntil(lambda: not offer.outcome.isHidden(), timeout=WAIT_MS)
    assert offer.outcome.text().startswith(f"Referral sent to {housing[1].name}.")
    referrals = [r for r in screening_vault.repository().member_records(str(member.id), [Referral.KIND])
                 if isinstance(r, Referral) and r.resource_id == housing[1].id]  # fmt: skip
    assert len(referrals) == 1 and referrals[0].status is ReferralStatus.SENT and referrals[0].sent_on == TODAY
    follow_up = [t for t in _tasks(screening_vault, member) if t.source_id == referrals[0].id]
    assert [(t.title, t.due) for t in follow_up] == [(FOLLOW_UP_TITLE, referrals[0].expected_by)]
    qtbot.waitUntil(lambda: any(v.referral.id == referrals[0].id for v in page.referrals._data.referrals)  # type: ignore[union-attr]
                    if page.referrals._data else False, timeout=WAIT_MS)  # fmt: skip
    assert isinstance(screening_vault.repository().get(CommunityResource.KIND, str(housing[1].id)), CommunityResource)


def test_unanswered_items_are_marked_and_the_answers_stay(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(screening_panel, screening_vault)
    dialog = _open(page, qtbot, member, Instrument.GAD7)
    _type("3")
    dialog.form.rows[2].setFocus()
    _type("2")
    dialog.save()
    assert dialog.pages.currentIndex() == 0 and "Questions still to answer: 5." in dialog.error.text()
    assert [not row.missing.isHidden() for row in dialog.form.rows] == [False, True, False, True, True, True, True]
    assert [row.value() for row in dialog.form.rows][:3] == [3, None, 2]
    assert QApplication.focusWidget() is dialog.form.rows[1]  # straight to the first one missing
    assert dialog.form.live.total.text() == "5 so far"
    assert "At least Mild so far" in dialog.form.live.band.text()  # GAD-7 mild is 5–9, whatever comes next
    assert _screenings(screening_vault, member, Instrument.GAD7) == []
    dialog.confirm_discard = lambda _parent: False  # "keep answering"
    dialog.reject()
    assert dialog.isVisible() and dialog.form.rows[0].value() == 3


def test_score_chart_per_instrument_reads_out_every_point(
    page: MemberPage, screening_vault: Vault, screening_panel: SyntheticPanel, qtbot: Any
) -> None:
    def phq9_count(m: Member) -> int:
        return sum(1 for s in screening_panel.screenings if s.member_id == m.id and s.instrument is Instrument.PHQ9)

    member = _member(screening_panel, screening_vault, lambda m: phq9_count(m) >= 2)
    page.show_member(str(member.id))
    qtbot.waitUntil(lambda: page.header.name.text() == member.display_name, timeout=WAIT_MS)
    page.tabs.setCurrentWidget(page.screenings)
    page.screenings.chart_instrument(Instrument.PHQ9)
    chart = page.screenings.chart
    stored = sorted(_screenings(screening_vault, member, Instrument.PHQ9, seeded=True), key=lambda s: s.administered_at)
    assert [p.total for p in chart.points()] == [s.total for s in stored]
    description = chart.accessibleDescription()
    assert description.startswith("PHQ-9 totals, oldest first:")
    assert description.count(" on ") == len(stored)
    chart.grab()  # paints without error on real data
    assert FORMS[Instrument.PHQ9].max_total == 27
