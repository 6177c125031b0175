"""The MI session-note editor, top to bottom in the order of a visit; shown inside the member's Sessions tab.

Unsaved text is kept encrypted in the vault a few seconds after the typing stops and whenever the editor is
hidden (another tab, another page, a lock), so it survives a lock or a crash. Save writes the draft note; Sign
fixes it for good (a confirmation says so); a signed note is read-only and takes addenda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..app.session_note_form import FieldProblem, NoteForm, NoteFormInvalid, check_form
from ..app.session_note_service import EditorSession, SessionNoteService
from ..domain.base import utc_now
from ..domain.session_note import NoteAddendum, NoteStatus, SessionNote
from ..vault.repository import ChangeSet
from .background import Lanes, user_message
from .member.labels import fmt_datetime
from .note_form_view import NoteFormView
from .note_widgets import error_label, problem_text, show_error

AUTOSAVE_MS = 2500  # after this long without typing, the unsaved text is kept in the vault
Confirm = Callable[[QWidget, str, str], bool]


def confirm(parent: QWidget, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


class SessionNoteEditor(QWidget):
    changed = Signal(object)  # ChangeSet of each write
    closed = Signal()
    status_message = Signal(str)  # PHI-free

    def __init__(self, service: SessionNoteService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._lanes = service, lanes
        self._session: EditorSession | None = None
        self._baseline: NoteForm | None = None  # as opened
        self._kept: NoteForm | None = None  # as last kept in the draft table
        self._resumed = False
        self.confirm: Confirm = confirm  # tests answer the sign confirmation through this
        self.view = NoteFormView()
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.keep_now)
        self._build()
        self.view.edited.connect(self._touched)
        self.retranslate()
        self._set_mode(None)

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 2)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.general_error = error_label()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.view)
        self.save_button, self.sign_button = QPushButton(), QPushButton()
        self.addendum_button, self.close_button = QPushButton(), QPushButton()
        self.sign_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.addendum_button.clicked.connect(self.add_addendum)
        self.close_button.clicked.connect(self.close_editor)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.status)
        bar = QHBoxLayout()
        for button in (self.save_button, self.sign_button, self.addendum_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.general_error)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self.view.set_tab_ends(before=None, after=self.save_button)

    def retranslate(self) -> None:
        self.save_button.setText(self.tr("Save draft (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save draft"))
        self.sign_button.setText(self.tr("Sign…"))
        self.sign_button.setAccessibleName(self.tr("Sign the note"))
        self.addendum_button.setText(self.tr("Add addendum"))
        self.close_button.setText(self.tr("Back to sessions"))
        self.view.retranslate()
        self._set_heading()

    # ---- opening ----------------------------------------------------------------------------------

    def start_new(self, member_id: str) -> None:
        self._open(lambda: self._service.new_draft(member_id))

    def open_note(self, note_id: str) -> None:
        self._open(lambda: self._service.open_note(note_id))

    def resume(self, form: NoteForm) -> None:
        """A form kept before a lock or a crash: back on screen as it was typed."""
        self._open(lambda: self._service.resume(form), resumed=True)

    def _open(self, load: Callable[[], EditorSession], resumed: bool = False) -> None:
        self.autosave.stop()
        self.status.setText(self.tr("Opening…"))
        self._lanes.run_db(load, lambda session: self._load(session, resumed), self._failed)

    def _load(self, session: EditorSession, resumed: bool) -> None:
        self._session, self._resumed = session, resumed
        self._baseline, self._kept = session.form, (session.form if resumed else None)
        self.view.load(session.form, session.context, session.addenda)
        self._set_mode(session.status)
        self._show_problems([])
        self.status.setText(self._saved_text())
        if session.edits_dropped:
            self.status_message.emit(self.tr("This note was signed meanwhile; your unsaved changes to it were not "
                                             "applied."))  # fmt: skip
        self.scroll.verticalScrollBar().setValue(0)
        self.view.first_field().setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(user_message(exc))
        self.status_message.emit(user_message(exc))

    # ---- state ------------------------------------------------------------------------------------

    def is_open(self) -> bool:
        return self._session is not None

    def member_id(self) -> str | None:
        return self._session.form.member_id if self._session else None

    def note_id(self) -> str | None:
        return self._session.form.note_id if self._session else None

    def is_signed(self) -> bool:
        return self._session is not None and self._session.status is NoteStatus.SIGNED

    def form(self) -> NoteForm:
        assert self._session is not None
        return replace(self._shown_form(), edited_at=utc_now().isoformat())

    def _shown_form(self) -> NoteForm:
        assert self._session is not None
        return self.view.form(self._session.form.note_id, self._session.form.member_id)

    def unsaved_form(self) -> NoteForm | None:
        """The form when it holds text the vault's note does not (what a lock must keep), else None."""
        if self._session is None:
            return None
        current = self.form()
        if current.same_content(self._session.saved_form):
            return None
        if not self._resumed and current.same_content(self._baseline):
            return None  # opened and untouched: nothing typed to keep
        return current

    def _touched(self) -> None:
        if self._session is None:
            return
        self.autosave.start()
        if self.unsaved_form() is not None:
            self.status.setText(self.tr("Unsaved changes"))

    def keep_now(self) -> None:
        """Keep the unsaved text encrypted in the vault now (idle typing, hidden, closing)."""
        self.autosave.stop()
        form = self.unsaved_form()
        self._recheck()
        if form is None and self._kept is not None and self._session is not None:
            note_id, self._kept = self._session.form.note_id, None  # typed back to as it was: nothing to keep
            self._lanes.run_db(lambda: self._service.drop_unsaved(note_id), None, self._failed)
        if form is None or form.same_content(self._kept):
            return
        self._lanes.run_db(lambda: self._service.keep_unsaved(form), lambda _r: self._was_kept(form), self._failed)

    def _was_kept(self, form: NoteForm) -> None:
        self._kept = form
        if self._session is not None and self._session.form.note_id == form.note_id:
            when = fmt_datetime(datetime.fromisoformat(form.edited_at))
            self.status.setText(self.tr("Unsaved changes kept on this computer (%1)").replace("%1", when))

    def hideEvent(self, event: QHideEvent) -> None:
        self.keep_now()  # another tab, another page, or the lock: the text goes into the vault first
        super().hideEvent(event)

    # ---- writing ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Ctrl+S: save the draft note (or, on a signed note, the addendum being written)."""
        if self._session is None:
            return False
        if self.is_signed():
            if self.view.addendum.toPlainText().strip():
                self.add_addendum()
                return True
            self.status_message.emit(self.tr("A signed note cannot be changed. Write an addendum instead."))
            return True
        form = self.form()
        self.autosave.stop()
        self._lanes.run_db(lambda: self._service.save_draft(form), lambda r: self._saved(form, *r), self._refused)
        return True

    def _saved(self, form: NoteForm, note: SessionNote, change: ChangeSet) -> None:
        if self._session is None or self._session.form.note_id != form.note_id:
            return
        self._session = replace(self._session, stored=True, saved_form=replace(form, edited_at=""))
        self._resumed, self._kept = False, None
        self._show_problems([])
        self._set_mode(note.status)
        self.status.setText(self._saved_text())
        self.status_message.emit(self.tr("Draft saved."))
        self.changed.emit(change)

    def sign(self) -> None:
        if self._session is None or self.is_signed():
            return
        title = self.tr("Sign the note")
        text = self.tr("Once signed, this note cannot be edited. Corrections can only be added as addenda.\n\n"
                       "Sign it now?")  # fmt: skip
        if not self.confirm(self, title, text):
            return
        form = self.form()
        self.autosave.stop()
        self._lanes.run_db(lambda: self._service.save_and_sign(form), lambda r: self._signed(*r), self._refused)

    def _signed(self, note: SessionNote, changes: list[ChangeSet]) -> None:
        for change in changes:
            self.changed.emit(change)
        self.status_message.emit(self.tr("Note signed."))
        self._resumed, self._kept = False, None
        self.open_note(str(note.id))

    def add_addendum(self) -> None:
        if not self.is_signed():
            return
        note_id, text = self.note_id(), self.view.addendum.toPlainText()
        assert note_id is not None
        if not text.strip():
            show_error(self.view.addendum_error, self.tr("Write the correction first."))
            self.view.addendum.setFocus()
            return
        self._lanes.run_db(lambda: self._service.add_addendum(note_id, text), lambda r: self._added(note_id, *r),
                           self._refused)  # fmt: skip

    def _added(self, note_id: str, addendum: NoteAddendum, change: ChangeSet) -> None:
        if self.note_id() != note_id:
            return
        self.view.append_addendum(addendum)
        self.view.addendum.clear()
        show_error(self.view.addendum_error, None)
        self._kept = None
        self._baseline = self.form()
        assert self._session is not None
        self._session = replace(self._session, saved_form=replace(self.form(), edited_at=""))
        self.status.setText(self._saved_text())
        self.status_message.emit(self.tr("Addendum added."))
        self.changed.emit(change)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, NoteFormInvalid):
            self._show_problems(exc.problems)
            count = len(exc.problems)
            self.status.setText(self.tr("Not saved. Fields to fix: %1.").replace("%1", str(count)))
            return
        self._failed(exc)

    # ---- problems ---------------------------------------------------------------------------------

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self.view.clear_problems()
        show_error(self.general_error, None)
        first: QWidget | None = None
        for problem in problems:
            widget = self.view.show_problem(problem.field, problem_text(problem))
            if widget is None:
                show_error(self.general_error, problem_text(problem))
            first = first or widget
        if first is not None:
            self.view.expand_to(first)
            self.scroll.ensureWidgetVisible(first, 40, 80)
            first.setFocus()

    def _recheck(self) -> None:
        """Messages already shown go away once their field is right (no new ones while the nurse types)."""
        if self._session is None or not self.view.has_problems():
            return
        shown = self.view.problem_fields()
        self.view.clear_problems()
        for problem in check_form(self._shown_form()):
            if problem.field in shown:
                self.view.show_problem(problem.field, problem_text(problem))

    # ---- closing ----------------------------------------------------------------------------------

    def close_editor(self) -> None:
        self.keep_now()
        self.closed.emit()

    def clear(self) -> None:
        """Lock or another member: forget the note (the caller took the unsaved form first)."""
        self.autosave.stop()
        self._session = self._baseline = self._kept = None
        self._resumed = False
        self.view.reset()
        self.status.clear()
        show_error(self.general_error, None)
        self._set_mode(None)

    # ---- look -------------------------------------------------------------------------------------

    def _set_mode(self, status: NoteStatus | None) -> None:
        signed = status is NoteStatus.SIGNED
        self.view.set_read_only(signed)
        self.save_button.setHidden(signed)
        self.sign_button.setHidden(signed)
        self.addendum_button.setVisible(signed)
        for button in (self.save_button, self.sign_button, self.addendum_button):
            button.setEnabled(status is not None)
        self._set_heading()

    def _set_heading(self) -> None:
        session = self._session
        if session is None:
            self.heading.setText(self.tr("Session note"))
        elif session.status is NoteStatus.SIGNED:
            signed = fmt_datetime(session.signed_at)
            self.heading.setText(self.tr("Session note — signed %1 (read-only)").replace("%1", signed))
        elif session.stored:
            self.heading.setText(self.tr("Session note — draft"))
        else:
            self.heading.setText(self.tr("New session note"))

    def _saved_text(self) -> str:
        session = self._session
        if session is None or not session.stored:
            return self.tr("Not saved yet")
        if session.status is NoteStatus.SIGNED:
            return self.tr("Signed · %1").replace("%1", session.content_hash[:15] if session.content_hash else "")
        return self.tr("Draft saved")
