"""Child process for the SIGKILL test of the note editor: types a narrative, waits for the autosave, says so."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach_desktop.app.member_service import MemberService
from coach_desktop.app.session_note_service import SessionNoteService
from coach_desktop.ui.background import Lanes
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.vault.vault import open_vault

DEADLINE_S = 20


def _wait(app: QApplication, done: object) -> None:
    end = time.monotonic() + DEADLINE_S
    while not done():  # type: ignore[operator]
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.01)


def main(directory: str, passphrase: str, member_id: str, narrative: str) -> None:
    app = QApplication(sys.argv[:1])
    vault = open_vault(Path(directory), passphrase)
    lanes = Lanes()
    page = MemberPage(MemberService(vault), lanes, notes=SessionNoteService(vault))
    page.show()
    editor = page.sessions.editor
    assert editor is not None
    editor.autosave.setInterval(50)
    page.new_session(member_id)
    _wait(app, editor.is_open)
    editor.view.narrative.setPlainText(narrative)
    _wait(app, lambda: editor._kept is not None)  # the draft row is committed in the vault
    print("kept", editor.note_id(), flush=True)
    while True:  # until killed: nothing is locked or closed cleanly
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:5])
