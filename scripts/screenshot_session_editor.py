"""Screenshots of the MI session-note editor and the fidelity self-check on the demo vault (docs/screenshots/):
session_editor_<lang>.png (a note being written, at the top of the form), session_editor_plan_<lang>.png (the
same note scrolled to what the member said and the plan), session_signed_<lang>.png (a signed note, read-only,
with an addendum), session_list_<lang>.png (the Sessions tab with its actions) and fidelity_<lang>.png (a MITI
tally with its summary scores).

Run under a real X server, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_session_editor.py``.
The demo vault is created in a temporary directory, so the user's own demo vault is never touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from coach_desktop.app.demo import open_demo_vault
from coach_desktop.app.member_service import MemberService
from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.session_note_service import SessionNoteService
from coach_desktop.domain.fidelity import MitiCode
from coach_desktop.domain.session_note import ChangeTalkCategory, EncounterMode, OarsSkill, StageOfChange
from coach_desktop.ui.background import InlineLanes
from coach_desktop.ui.i18n import Translator
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.session_note_editor import SessionNoteEditor
from coach_desktop.ui.style import apply_style
from coach_desktop.vault.panel_queries import PanelFilter

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TALLY = {MitiCode.QUESTION: 9, MitiCode.SIMPLE_REFLECTION: 7, MitiCode.COMPLEX_REFLECTION: 5, MitiCode.AFFIRM: 3,
         MitiCode.SEEKING_COLLABORATION: 2, MitiCode.EMPHASIZING_AUTONOMY: 1, MitiCode.GIVING_INFORMATION: 4,
         MitiCode.PERSUADE: 1}  # fmt: skip


def _settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def _grab(widget: QWidget, path: Path, app: QApplication) -> None:
    _settle(app)
    widget.grab().save(str(path))


def _member(notes: SessionNoteService, ids: list[str]) -> str:
    """A member whose note shows the most: consented contacts, and behaviours from the last session."""
    return max(ids, key=lambda m: (bool(notes.context(m).contacts), len(notes.context(m).previous)))


def _write(editor: SessionNoteEditor) -> None:
    view = editor.view
    QTest.keyClicks(view.minutes, "35")
    view.modes[EncounterMode.IN_PERSON].setChecked(True)
    QTest.keyClicks(view.topics, "blood pressure, walking, food budget")
    card = view.cards[0]
    card.stage.setCurrentIndex(card.stage.findData(StageOfChange.PREPARATION.value))
    card.rulers["importance"].set_value(8)
    card.rulers["confidence"].set_value(5)
    QTest.keyClicks(card.reason, "I want to keep up with my grandkids at the park")
    for extra in view.cards[1:]:
        extra.stage.setCurrentIndex(extra.stage.findData(StageOfChange.CONTEMPLATION.value))
        extra.rulers["importance"].set_value(6)
        extra.rulers["confidence"].set_value(3)
    talk = {r.category: r for r in view.talk_rows}
    QTest.keyClicks(talk[ChangeTalkCategory.DESIRE.value].quote, "I'd like to get off one of these pills")
    QTest.keyClicks(talk[ChangeTalkCategory.COMMITMENT.value].quote, "I'll walk after supper on Monday")
    talk[ChangeTalkCategory.REASONS.value].heard.setChecked(True)
    view.sustain.setPlainText("Too tired after the night shift\nThe sidewalk by my house is dark")
    for skill in (OarsSkill.OPEN_QUESTIONS, OarsSkill.REFLECTIONS, OarsSkill.SUMMARIES):
        view.oars[skill].setChecked(True)
    view.narrative.setPlainText("In-person visit at the clinic. Reviewed home BP log (mostly 130s/80s). "
                                "Explored what gets in the way of walking; she linked walking to energy for "
                                "her grandchildren.")  # fmt: skip
    view.next_steps.setPlainText("Member: walk 10 minutes after supper Monday and Thursday.\n"
                                 "Coach: send the food-bank hours; call in two weeks.")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", default="1400x900", help="window size in logical pixels")
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    apply_style(app)
    Translator(app).set_language(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        vault = open_demo_vault(Path(tmp) / "demo")
        try:
            notes = SessionNoteService(vault)
            member_id = _member(notes, PanelService(vault).member_ids(PanelFilter())[:40])
            lanes = InlineLanes()
            page = MemberPage(MemberService(vault), lanes, notes=notes)
            page.resize(width, height)
            page.show()
            page.new_session(member_id)
            editor = page.sessions.editor
            assert editor is not None
            _write(editor)
            editor.view.minutes.setFocus()
            _grab(page, args.out / f"session_editor_{args.lang}.png", app)
            editor.scroll.ensureWidgetVisible(editor.view.next_contact, 0, 0)
            _grab(page, args.out / f"session_editor_plan_{args.lang}.png", app)

            editor.confirm = lambda *_args: True
            editor.sign()
            _settle(app)
            QTest.keyClicks(editor.view.addendum, "Correction: the walk is on Tuesday, not Monday.")
            editor.add_addendum()
            editor.scroll.ensureWidgetVisible(editor.view.addendum, 0, 0)
            _grab(page, args.out / f"session_signed_{args.lang}.png", app)

            editor.close_button.click()
            _settle(app)
            page.sessions.notes.table.selectRow(0)
            _grab(page, args.out / f"session_list_{args.lang}.png", app)
            page.sessions.fidelity_for_selected()
            dialog = page.sessions.fidelity_dialog
            assert dialog is not None
            for code, times in TALLY.items():
                for _ in range(times):
                    dialog.tally(code, 1)
            for key, value in (("cultivating_change_talk", 4), ("softening_sustain_talk", 3), ("partnership", 4),
                               ("empathy", 5)):  # fmt: skip
                dialog.ratings[key].setCurrentIndex(dialog.ratings[key].findData(value))
            dialog.segment.setText("20")
            dialog.plus[MitiCode.QUESTION].setFocus(Qt.FocusReason.TabFocusReason)
            dialog.adjustSize()
            _grab(dialog, args.out / f"fidelity_{args.lang}.png", app)
            dialog.reject()
            page.clear()
            lanes.shutdown()
        finally:
            vault.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
