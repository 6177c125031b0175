"""The MI session-note editor on a real seeded vault: prefilled by the tier's schedule, filled and saved and
reopened, inline errors that keep the text, unsaved text across a lock and a SIGKILL, sign → read-only and
refused by the repository, addenda, consent for who may be present, and the MITI fidelity tally."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from coach_desktop.app.member_service import MemberService
from coach_desktop.app.session_note_service import DRAFT_PREFIX, MEMBER_PAGE, SessionNoteService
from coach_desktop.domain.fidelity import Measure, MiFidelityReview, MitiCode
from coach_desktop.domain.member import AuthorizedContact, DisclosureTopic, Member, RiskTier
from coach_desktop.domain.session_note import (
    Attendee,
    ChangeTalkCategory,
    EncounterMode,
    NoteAddendum,
    NoteStatus,
    OarsSkill,
    SessionNote,
    StageOfChange,
)
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.member.labels import fmt_date
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.ruler_widget import RulerWidget
from coach_desktop.ui.session_note_editor import SessionNoteEditor
from coach_desktop.ui.shell import Shell
from coach_desktop.vault import drafts
from coach_desktop.vault.errors import RecordInvalid
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import PASSPHRASE
from tests.support import factories
from tests.ui.conftest import TODAY
from tests.ui.shell_world import (
    locked_seeded_vault,
    make_shell,
    unlock,
    vault_templates,
    visible_texts,
    wait_locked,
)

__all__ = ["locked_seeded_vault", "make_shell", "vault_templates"]  # fixtures, for pytest
WAIT_MS = 10_000
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.combine(TODAY, time(15, 0), tzinfo=UTC)
NARRATIVE = "Talked about evening walks; she wants to start with the dog after supper."


def _service(vault: Vault) -> SessionNoteService:
    return SessionNoteService(vault, today=lambda: TODAY, now=lambda: NOW)


def _page(vault: Vault, lanes: Lanes, qtbot: Any) -> MemberPage:
    page = MemberPage(MemberService(vault, today=lambda: TODAY), lanes, notes=_service(vault))
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    _editor(page).autosave.setInterval(50)
    return page


def _editor(page: MemberPage) -> SessionNoteEditor:
    editor = page.sessions.editor
    assert editor is not None
    return editor


@pytest.fixture
def page(seeded_vault: Vault, lanes: Lanes, qtbot: Any) -> Iterator[MemberPage]:
    yield _page(seeded_vault, lanes, qtbot)
    lanes.drain()


def _start(page: MemberPage, member_id: str, qtbot: Any) -> SessionNoteEditor:
    page.new_session(member_id)
    editor = _editor(page)
    qtbot.waitUntil(lambda: editor.member_id() == member_id and page.sessions.editing(), timeout=WAIT_MS)
    assert page.tabs.currentWidget() is page.sessions
    return editor


def _notes(vault: Vault, member_id: str) -> dict[str, SessionNote]:
    records = vault.repository().member_records(member_id, [SessionNote.KIND])
    return {str(r.id): r for r in records if isinstance(r, SessionNote)}


def _member(panel: SyntheticPanel, vault: Vault, tier: RiskTier) -> Member:
    """A member of ``tier`` with no discharge in the last 30 days (so the plain tier schedule applies)."""
    service = _service(vault)
    for member in panel.members:
        last = service.context(str(member.id)).last_discharge
        if member.risk_tier is tier and (last is None or (TODAY - last).days > 30):
            return member
    raise AssertionError(f"no {tier} member without a recent discharge in the panel")


def _fill_valid(editor: SessionNoteEditor, minutes: str = "35") -> None:
    view = editor.view
    view.minutes.setText(minutes)
    for card in view.cards:
        if card.name.text():
            card.stage.setCurrentIndex(card.stage.findData(StageOfChange.PREPARATION.value))
    editor.view.edited.emit()


# ---- new note -----------------------------------------------------------------------------------------------


def test_a_new_note_is_prefilled_by_the_tier_schedule(page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel,
                                                       qtbot: Any) -> None:  # fmt: skip
    # REFERENCE §6.2 defaults: tier 1 every 14 days, tier 2 monthly (30), tier 3 every 2–3 months (90).
    hinted = 0
    for tier, days in ((RiskTier.HIGH, 14), (RiskTier.MEDIUM, 30), (RiskTier.LOW, 90)):
        member = _member(panel, seeded_vault, tier)
        editor = _start(page, str(member.id), qtbot)
        view = editor.view
        assert view.next_contact.date().toPython() == TODAY + timedelta(days=days), tier
        assert f"due by {fmt_date(TODAY + timedelta(days=days))}" in view.schedule_hint.text()
        assert view.modes[EncounterMode.IN_PERSON].isChecked() and view.minutes.text() == ""
        assert [a for a, box in view.present.items() if box.isChecked()] == [Attendee.MEMBER]
        assert view.when.dateTime().toPython().date() == TODAY
        last = max(_notes(seeded_vault, str(member.id)).values(), key=lambda n: n.started_at, default=None)
        if last is not None:  # last session's behaviours come back by name, with last time's ratings as a hint
            assert [c.name.text() for c in view.cards] == [b.behaviour for b in last.behaviours]
            assert all(c.stage.currentData() == "" and c.rulers["importance"].value() is None for c in view.cards)
            assert "Last time" in view.cards[0].hint.text() and not view.cards[0].hint.isHidden()
            hinted += 1
        assert editor.heading.text() == "New session note" and editor.unsaved_form() is None
    assert hinted > 0

    # Tier 1 by telephone: the monthly face-to-face visit may come first (and the date follows the mode).
    member = _member(panel, seeded_vault, RiskTier.HIGH)
    editor = _start(page, str(member.id), qtbot)
    face = [n.started_at.date() for n in _notes(seeded_vault, str(member.id)).values()
            if n.mode is EncounterMode.IN_PERSON and n.started_at.date() <= TODAY]  # fmt: skip
    expected = min(TODAY + timedelta(days=14), max(face) + timedelta(days=30) if face else TODAY)
    editor.view.modes[EncounterMode.TELEPHONE].click()
    assert editor.view.next_contact.date().toPython() == expected


# ---- fill, save, reopen -------------------------------------------------------------------------------------


def test_fill_save_and_reopen(page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any) -> None:
    member = _member(panel, seeded_vault, RiskTier.MEDIUM)
    before = set(_notes(seeded_vault, str(member.id)))
    editor = _start(page, str(member.id), qtbot)
    view = editor.view
    QTest.keyClicks(view.minutes, "35")
    view.modes[EncounterMode.TELEPHONE].click()
    QTest.keyClicks(view.topics, "blood pressure, food")
    card = view.cards[0]
    card.name.setText("Walk after supper")
    card.stage.setCurrentIndex(card.stage.findData(StageOfChange.PREPARATION.value))
    QTest.keyClick(card.rulers["importance"], Qt.Key.Key_7)
    QTest.keyClicks(card.rulers["confidence"], "10")  # "1" then "0" quickly: ten
    QTest.keyClick(card.rulers["readiness"], Qt.Key.Key_End)
    QTest.keyClick(card.rulers["readiness"], Qt.Key.Key_Left)
    QTest.keyClicks(card.reason, "For my grandkids")
    for extra in view.cards[1:]:
        extra.remove.click()
    desire = next(r for r in view.talk_rows if r.category == ChangeTalkCategory.DESIRE.value)
    QTest.keyClicks(desire.quote, "I want to walk more")  # typing a quote ticks the category
    next(r for r in view.talk_rows if r.category == ChangeTalkCategory.COMMITMENT.value).heard.click()
    view.sustain.setPlainText("Too tired after work\n\nIt rains a lot")
    view.oars[OarsSkill.REFLECTIONS].click()
    view.oars[OarsSkill.SUMMARIES].click()
    view.narrative.setPlainText(NARRATIVE)
    view.next_steps.setPlainText("Walk 10 minutes on Monday and Thursday.")

    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.status.text() == "Draft saved", timeout=WAIT_MS)
    added = set(_notes(seeded_vault, str(member.id))) - before
    assert added == {editor.note_id()}
    note = _notes(seeded_vault, str(member.id))[editor.note_id() or ""]
    assert note.status is NoteStatus.DRAFT and note.minutes == 35 and note.mode is EncounterMode.TELEPHONE
    assert note.topics == ["blood pressure", "food"] and note.oars_used == [OarsSkill.REFLECTIONS, OarsSkill.SUMMARIES]
    focus = note.behaviours[0]
    assert (focus.behaviour, focus.stage, focus.importance, focus.confidence, focus.readiness, focus.member_reason) == (
        "Walk after supper", StageOfChange.PREPARATION, 7, 10, 9, "For my grandkids")  # fmt: skip
    assert len(note.behaviours) == 1
    assert [(t.category, t.quote) for t in note.change_talk] == [
        (ChangeTalkCategory.DESIRE, "I want to walk more"), (ChangeTalkCategory.COMMITMENT, "")]  # fmt: skip
    assert note.sustain_talk == ["Too tired after work", "It rains a lot"] and note.narrative == NARRATIVE
    assert note.author_id == seeded_vault.actor.user_id and note.practice_id == member.practice_id
    assert note.next_contact_date == TODAY + timedelta(days=30)
    assert editor.unsaved_form() is None and editor.heading.text() == "Session note — draft"

    # Back to the list: the chart was refreshed from the change set; the draft opens again from there.
    editor.close_button.click()
    tab = page.sessions
    qtbot.waitUntil(lambda: _row_of(page, note.id) is not None, timeout=WAIT_MS)
    tab.notes.table.selectRow(_row_of(page, note.id) or 0)
    assert tab.open_button.isEnabled() and tab.sign_button.isEnabled() and not tab.addendum_button.isEnabled()
    tab.open_button.click()
    qtbot.waitUntil(lambda: editor.note_id() == str(note.id) and editor.view.minutes.text() == "35", timeout=WAIT_MS)
    assert editor.view.narrative.toPlainText() == NARRATIVE and editor.view.modes[EncounterMode.TELEPHONE].isChecked()
    assert editor.view.cards[0].rulers["confidence"].value() == 10
    assert editor.unsaved_form() is None  # opened and untouched: nothing to keep, in any time zone
    reopened_desire = next(r for r in editor.view.talk_rows if r.category == ChangeTalkCategory.DESIRE.value)
    assert reopened_desire.heard.isChecked() and reopened_desire.quote.text() == "I want to walk more"


def test_invalid_minutes_shows_the_message_beside_it_and_keeps_the_text(
    page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(panel, seeded_vault, RiskTier.LOW)
    editor = _start(page, str(member.id), qtbot)
    view = editor.view
    QTest.keyClicks(view.minutes, "forty")
    view.narrative.setPlainText(NARRATIVE)
    editor.save_button.click()
    message = view.errors["minutes"]
    qtbot.waitUntil(lambda: not message.isHidden(), timeout=WAIT_MS)
    assert message.text() == "Enter the minutes as a whole number from 1 to 480."
    assert view.minutes.text() == "forty" and view.narrative.toPlainText() == NARRATIVE  # nothing lost
    assert editor.note_id() not in _notes(seeded_vault, str(member.id))
    assert editor.status.text().startswith("Not saved.")
    named = [c for c in view.cards if c.name.text()]
    if named:  # a behaviour named but without its stage is marked on its own card
        assert named[0].errors["stage"].text() == "Choose the stage of change."

    view.minutes.setText("600")  # a number, but more than the model allows
    editor.save_button.click()
    qtbot.waitUntil(lambda: "from 1 to 480" in message.text() and editor.view.minutes.text() == "600",
                    timeout=WAIT_MS)  # fmt: skip
    _fill_valid(editor, "40")
    qtbot.waitUntil(lambda: message.isHidden(), timeout=WAIT_MS)  # fixed: the message goes by itself
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.status.text() == "Draft saved", timeout=WAIT_MS)
    assert _notes(seeded_vault, str(member.id))[editor.note_id() or ""].minutes == 40


# ---- unsaved text across a lock and a crash -----------------------------------------------------------------


def test_unsaved_note_survives_ctrl_l_and_unlock_and_ctrl_s_saves_it(
    make_shell: Any, locked_seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    shell: Shell = make_shell(locked_seeded_vault)
    unlock(shell, qtbot)
    window = shell.window
    member = panel.members[3]
    listing = window.page("notes")  # stands for Today or the Panel: a page with a member selected
    assert listing is not None
    listing.selected_member_id = lambda: str(member.id)  # type: ignore[attr-defined]
    window.go("notes")
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.page("member")
    assert isinstance(page, MemberPage) and window.current_key() == "member"
    editor = _editor(page)
    qtbot.waitUntil(lambda: editor.member_id() == str(member.id), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.header.name.text() == member.display_name, timeout=WAIT_MS)
    QTest.keyClicks(editor.view.narrative, NARRATIVE)
    note_id = editor.note_id()

    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_locked(shell, qtbot)
    assert NARRATIVE not in visible_texts(window)
    reopened = open_vault(locked_seeded_vault.directory, PASSPHRASE)
    kept = drafts.load_all(reopened.database())[MEMBER_PAGE]
    assert list(kept) == [DRAFT_PREFIX + str(note_id)] and NARRATIVE in kept[DRAFT_PREFIX + str(note_id)]
    assert note_id not in {str(r.id) for r in reopened.repository().member_records(str(member.id))}  # not a record
    reopened.lock()

    unlock(shell, qtbot)
    page = window.page("member")
    assert isinstance(page, MemberPage)
    editor = _editor(page)
    qtbot.waitUntil(lambda: editor.view.narrative.toPlainText() == NARRATIVE, timeout=WAIT_MS)
    assert editor.note_id() == note_id and page.tabs.currentWidget() is page.sessions
    window.go("member")
    _fill_valid(editor)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text() == "Draft saved", timeout=WAIT_MS)
    shell.lock()
    wait_locked(shell, qtbot)
    reopened = open_vault(locked_seeded_vault.directory, PASSPHRASE)
    try:
        assert DRAFT_PREFIX + str(note_id) not in drafts.load_all(reopened.database()).get(MEMBER_PAGE, {})
        stored = reopened.repository().get(SessionNote.KIND, str(note_id))
        assert isinstance(stored, SessionNote) and stored.narrative == NARRATIVE
    finally:
        reopened.lock()


def test_unsaved_note_survives_a_sigkill(seeded_vault: Vault, panel: SyntheticPanel, lanes: Lanes,
                                         qtbot: Any) -> None:  # fmt: skip
    member = panel.members[5]
    directory = seeded_vault.directory
    seeded_vault.lock()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.note_editor_child", str(directory), PASSPHRASE, str(member.id),
         NARRATIVE], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    line = child.stdout.readline()  # the child says so once the autosave committed
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL and line.startswith("kept "), line
    note_id = line.split()[1]

    reopened = open_vault(directory, PASSPHRASE)
    kept = drafts.load_all(reopened.database())[MEMBER_PAGE]
    assert NARRATIVE in kept[DRAFT_PREFIX + note_id]
    page = _page(reopened, lanes, qtbot)
    page.restore_drafts(kept)  # what the shell does after the next unlock
    editor = _editor(page)
    qtbot.waitUntil(lambda: editor.view.narrative.toPlainText() == NARRATIVE, timeout=WAIT_MS)
    assert editor.note_id() == note_id and editor.member_id() == str(member.id)
    lanes.drain()
    reopened.lock()


# ---- sign, addenda ------------------------------------------------------------------------------------------


def test_sign_makes_the_note_read_only_and_the_repository_refuses_changes(
    page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel, qtbot: Any
) -> None:
    member = _member(panel, seeded_vault, RiskTier.MEDIUM)
    editor = _start(page, str(member.id), qtbot)
    _fill_valid(editor)
    editor.view.narrative.setPlainText(NARRATIVE)
    asked: list[str] = []
    editor.confirm = lambda _parent, _title, text: asked.append(text) or False  # type: ignore[func-returns-value]
    editor.sign_button.click()
    assert "cannot be edited" in asked[0] and editor.note_id() not in _notes(seeded_vault, str(member.id))

    editor.confirm = lambda *_args: True
    editor.sign_button.click()
    qtbot.waitUntil(lambda: editor.is_signed() and "signed" in editor.heading.text(), timeout=WAIT_MS)
    note = _notes(seeded_vault, str(member.id))[editor.note_id() or ""]
    assert note.status is NoteStatus.SIGNED and note.content_hash == note.compute_content_hash()
    view = editor.view
    assert view.minutes.isReadOnly() and view.narrative.isReadOnly() and view.topics.isReadOnly()
    assert not view.modes[EncounterMode.VIDEO].isEnabled() and not view.cards[0].stage.isEnabled()
    assert view.cards[0].rulers["importance"].is_read_only() and not view.oars[OarsSkill.SUMMARIES].isEnabled()
    assert editor.save_button.isHidden() and editor.sign_button.isHidden() and editor.addendum_button.isVisible()
    QTest.keyClick(view.cards[0].rulers["importance"], Qt.Key.Key_9)
    assert view.cards[0].rulers["importance"].value() is None  # read-only: keys do nothing

    changed = note.model_copy(update={"narrative": "rewritten"})
    with pytest.raises(RecordInvalid, match="signed note cannot be changed"):
        seeded_vault.repository().update(changed)
    with pytest.raises(RecordInvalid, match="signed note cannot be changed"):
        _service(seeded_vault).save_draft(editor.form())


def test_an_addendum_is_appended_to_the_signed_note(page: MemberPage, seeded_vault: Vault, panel: SyntheticPanel,
                                                    qtbot: Any) -> None:  # fmt: skip
    member = _member(panel, seeded_vault, RiskTier.LOW)
    signed = next((n for n in _notes(seeded_vault, str(member.id)).values() if n.status is NoteStatus.SIGNED), None)
    assert signed is not None
    tab = page.sessions
    page.show_member(str(member.id))
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.notes.model.rowCount() > 0, timeout=WAIT_MS)
    tab.notes.table.selectRow(_row_of(page, signed.id) or 0)
    assert tab.addendum_button.isEnabled() and not tab.sign_button.isEnabled()
    tab.addendum_button.click()
    editor = _editor(page)
    qtbot.waitUntil(lambda: editor.note_id() == str(signed.id) and editor.is_signed(), timeout=WAIT_MS)
    assert editor.view.sections["addenda"].isVisible()
    editor.add_addendum()  # nothing written yet: said beside the box
    assert editor.view.addendum_error.text() == "Write the correction first."
    QTest.keyClicks(editor.view.addendum, "Correction: the walk is on Tuesdays.")
    editor.addendum_button.click()
    qtbot.waitUntil(lambda: editor.view.addendum.toPlainText() == "", timeout=WAIT_MS)
    addenda = [r for r in seeded_vault.repository().member_records(str(member.id), [NoteAddendum.KIND])
               if isinstance(r, NoteAddendum) and r.note_id == signed.id]  # fmt: skip
    assert [a.text for a in addenda][-1] == "Correction: the walk is on Tuesdays."
    assert addenda[-1].note_content_hash == signed.content_hash
    assert seeded_vault.repository().get(SessionNote.KIND, str(signed.id)) == signed  # the note itself unchanged
    assert "Correction: the walk is on Tuesdays." in visible_texts(editor)
    draft = next(n for m in panel.members for n in _notes(seeded_vault, str(m.id)).values()
                 if n.status is NoteStatus.DRAFT)  # fmt: skip
    with pytest.raises(RecordInvalid, match="Addenda are for signed notes"):
        _service(seeded_vault).add_addendum(str(draft.id), "Not allowed on a draft.")


def test_a_kept_form_for_a_note_signed_meanwhile_keeps_only_its_addendum(seeded_vault: Vault,
                                                                          panel: SyntheticPanel) -> None:  # fmt: skip
    service = _service(seeded_vault)
    form = service.new_draft(str(_member(panel, seeded_vault, RiskTier.LOW).id)).form
    form.minutes, form.behaviours = "20", []
    service.save_draft(form)
    service.sign(form.note_id)  # e.g. on the coach's other computer, while this one kept a form
    kept = replace(form, narrative="typed after the other computer signed", addendum="A late correction.")
    resumed = service.resume(kept)
    assert resumed.status is NoteStatus.SIGNED and resumed.edits_dropped
    assert resumed.form.narrative == "" and resumed.form.addendum == "A late correction."
    untouched = service.resume(replace(form, addendum="Only a correction."))
    assert not untouched.edits_dropped and untouched.form.addendum == "Only a correction."


# ---- consent: who may be present ----------------------------------------------------------------------------


def test_a_caregiver_without_consent_to_hear_health_matters_is_not_offered(
    page: MemberPage, seeded_vault: Vault, qtbot: Any
) -> None:
    contacts = [
        AuthorizedContact(name="Rosa Vega", relationship="daughter", may_discuss=[DisclosureTopic.SCHEDULING]),
        AuthorizedContact(name="Luis Vega", relationship="guardian", is_legal_guardian=True,
                          may_discuss=[DisclosureTopic.SCHEDULING, DisclosureTopic.GENERAL_HEALTH]),
    ]  # fmt: skip
    member, _ = seeded_vault.repository().create(factories.member(medicaid_id="SC900000001",
                                                                  authorized_contacts=contacts))  # fmt: skip
    editor = _start(page, str(member.id), qtbot)
    present = editor.view.present
    assert list(present) == [Attendee.MEMBER, Attendee.GUARDIAN, Attendee.INTERPRETER]  # no caregiver box at all
    assert "Luis Vega (guardian)" in present[Attendee.GUARDIAN].text()
    assert "General health" in present[Attendee.GUARDIAN].text()  # what they may hear, beside their name
    note = editor.view.consent_note
    assert not note.isHidden() and "Rosa Vega" in note.text() and "not offered" in note.text()

    bare, _ = seeded_vault.repository().create(factories.member(medicaid_id="SC900000002"))
    editor = _start(page, str(bare.id), qtbot)
    assert list(editor.view.present) == [Attendee.MEMBER, Attendee.INTERPRETER]
    assert editor.view.consent_note.isHidden()


# ---- MI fidelity self-check ---------------------------------------------------------------------------------


def test_fidelity_tally_shows_ratios_and_bands_live_and_saves(page: MemberPage, seeded_vault: Vault,
                                                              panel: SyntheticPanel, qtbot: Any) -> None:  # fmt: skip
    member = _member(panel, seeded_vault, RiskTier.MEDIUM)
    note = max(_notes(seeded_vault, str(member.id)).values(), key=lambda n: n.started_at)
    tab = page.sessions
    page.show_member(str(member.id))
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.notes.model.rowCount() > 0, timeout=WAIT_MS)
    tab.notes.table.selectRow(_row_of(page, note.id) or 0)
    tab.fidelity_button.click()
    dialog = tab.fidelity_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.plus[MitiCode.QUESTION].isEnabled(), timeout=WAIT_MS)
    values, bands = dialog.score_values, dialog.score_bands
    assert values[Measure.REFLECTION_TO_QUESTION].text() == "n/a"  # no questions yet: never infinity
    for code, times in ((MitiCode.QUESTION, 4), (MitiCode.SIMPLE_REFLECTION, 3), (MitiCode.COMPLEX_REFLECTION, 3),
                        (MitiCode.AFFIRM, 2), (MitiCode.CONFRONT, 1)):  # fmt: skip
        for _ in range(times):
            dialog.plus[code].click()
    # %CR = 3/6 = 50% (good ≥ 50%); R:Q = 6/4 = 1.5 (fair ≥ 1:1, good ≥ 2:1) — REFERENCE §2.4.
    assert values[Measure.PERCENT_COMPLEX_REFLECTIONS].text() == "50%"
    assert bands[Measure.PERCENT_COMPLEX_REFLECTIONS].text() == "Good (proficiency)"
    assert values[Measure.REFLECTION_TO_QUESTION].text() == "1.50:1"
    assert bands[Measure.REFLECTION_TO_QUESTION].text() == "Fair (basic competence)"
    assert values[Measure.MI_ADHERENT].text() == "2" and values[Measure.MI_NON_ADHERENT].text() == "1"
    assert bands[Measure.MI_ADHERENT].text() == ""  # the reference sets no threshold there
    dialog.minus[MitiCode.COMPLEX_REFLECTION].click()  # 2/5 = 40%: exactly the fair threshold
    assert values[Measure.PERCENT_COMPLEX_REFLECTIONS].text() == "40%"
    assert bands[Measure.PERCENT_COMPLEX_REFLECTIONS].text() == "Fair (basic competence)"
    assert dialog.threshold_labels[Measure.PERCENT_COMPLEX_REFLECTIONS].text() == "fair ≥ 40% · good ≥ 50%"
    dialog.ratings["cultivating_change_talk"].setCurrentIndex(dialog.ratings["cultivating_change_talk"].findData(3))
    assert values[Measure.TECHNICAL_GLOBAL].text() == "n/a"  # one global still unrated
    dialog.ratings["softening_sustain_talk"].setCurrentIndex(dialog.ratings["softening_sustain_talk"].findData(2))
    assert values[Measure.TECHNICAL_GLOBAL].text() == "2.5" and bands[Measure.TECHNICAL_GLOBAL].text() == "Below fair"

    saved: list[object] = []
    dialog.saved.connect(saved.append)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)  # then the dialog closes and goes
    reviews = [r for r in seeded_vault.repository().member_records(str(member.id), [MiFidelityReview.KIND])
               if isinstance(r, MiFidelityReview)]  # fmt: skip
    assert len(reviews) == 1 and reviews[0].session_note_id == note.id
    assert (reviews[0].counts.question, reviews[0].counts.complex_reflection) == (4, 2)
    assert reviews[0].ratings.cultivating_change_talk == 3 and reviews[0].coder_id == seeded_vault.actor.user_id

    tab.fidelity_button.click()  # opened again: my review of this session comes back to go on with
    again = tab.fidelity_dialog
    assert again is not None and again is not dialog
    qtbot.waitUntil(lambda: again.count_labels[MitiCode.QUESTION].text() == "4", timeout=WAIT_MS)
    assert again.ratings["cultivating_change_talk"].currentData() == 3
    again.reject()


# ---- the ruler on its own -----------------------------------------------------------------------------------


def test_ruler_keyboard_and_mouse(qtbot: Any) -> None:
    ruler = RulerWidget()
    qtbot.addWidget(ruler)
    ruler.show()
    seen: list[object] = []
    ruler.value_changed.connect(seen.append)
    QTest.keyClick(ruler, Qt.Key.Key_Right)  # from "not rated" the first step is 0
    QTest.keyClicks(ruler, "10")
    QTest.keyClick(ruler, Qt.Key.Key_Up)  # never past 10
    QTest.keyClick(ruler, Qt.Key.Key_Down)
    QTest.keyClick(ruler, Qt.Key.Key_Home)
    QTest.keyClick(ruler, Qt.Key.Key_Delete)
    assert seen == [0, 1, 10, 9, 0, None]
    cell = ruler.width() // 11
    QTest.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(cell * 6 + cell // 2, 5))
    assert ruler.value() == 6 and ruler.accessibleDescription() == "6 of 10"


def _row_of(page: MemberPage, note_id: object) -> int | None:
    model = page.sessions.notes.model
    return next((i for i in range(model.rowCount()) if model.row_object(i).note.id == note_id), None)
