"""Sessions: every note (signed or draft, with addenda), the selected note in full, rulers and stage over time,
and the actions on notes: a new session or a draft opens the note editor in place of the list; sign, add an
addendum, MI fidelity self-check. Unsaved notes of members not on screen wait here until resumed or discarded."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...app.member_chart import BehaviourTrend, NoteView, SessionsData, TrendPoint
from ...app.session_note_form import NoteForm
from ...app.session_note_service import DRAFT_PREFIX, SessionNoteService, draft_key
from ...domain.session_note import NoteStatus
from ..background import Lanes, user_message
from ..fidelity_dialog import FidelityDialog
from ..session_note_editor import Confirm, SessionNoteEditor, confirm
from .chart_rows import session_cells, session_headers
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone, heading
from .labels import DASH, fmt_date, fmt_datetime, label, labels, ruler
from .trend_chart import TrendChart


class SessionsTab(ChartTab):
    changed = Signal(object)  # ChangeSet of a write made here
    status_message = Signal(str)  # PHI-free

    def __init__(self, notes: SessionNoteService | None = None, lanes: Lanes | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        """Without ``notes`` and ``lanes`` the tab only reads (the chart as it was before the editor)."""
        super().__init__(parent)
        self._data: SessionsData | None = None
        self._notes, self._lanes = notes, lanes
        self._member_id: str | None = None
        self._unsaved: dict[str, NoteForm] = {}  # note id -> form typed but not saved, not open in the editor
        self.confirm: Confirm = confirm  # tests answer the prompts through this
        self.fidelity_dialog: FidelityDialog | None = None
        self.notes = TableSection(ChartTableModel(session_headers, _note_cells, _note_tone), stretch=2)
        self.detail_title = heading()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.trend_title = heading()
        self.behaviour = QComboBox()
        self.behaviour_label = QLabel()
        self.behaviour_label.setBuddy(self.behaviour)
        self.chart = TrendChart()
        self.points = TableSection(ChartTableModel(self._point_headers, _point_cells), fit_rows=6)
        self.trend_empty = QLabel()
        self.trend_empty.setWordWrap(True)
        self.trend_empty.setStyleSheet("color: #5f6368;")
        self.editor = SessionNoteEditor(notes, lanes) if notes is not None and lanes is not None else None
        self._build_actions()
        self._layout()
        self.notes.table.selectionModel().selectionChanged.connect(self._note_selected)
        self.behaviour.currentIndexChanged.connect(self._behaviour_chosen)
        if self.editor is not None:
            self.editor.closed.connect(self._editor_closed)
            self.editor.changed.connect(self.changed.emit)
            self.editor.status_message.connect(self.status_message.emit)
        self.retranslate()
        self._update_actions()

    def _build_actions(self) -> None:
        self.new_button, self.open_button, self.sign_button = QPushButton(), QPushButton(), QPushButton()
        self.addendum_button, self.fidelity_button = QPushButton(), QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(lambda: self.new_session(self._member_id) if self._member_id else None)
        self.open_button.clicked.connect(self.open_selected)
        self.sign_button.clicked.connect(self.sign_selected)
        self.addendum_button.clicked.connect(self.addendum_for_selected)
        self.fidelity_button.clicked.connect(self.fidelity_for_selected)
        self.actions_bar = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.sign_button, self.addendum_button,
                       self.fidelity_button):  # fmt: skip
            self.actions_bar.addWidget(button)
            button.setHidden(self.editor is None)
        self.actions_bar.addStretch(1)
        self.unsaved_banner = QFrame()
        self.unsaved_banner.setObjectName("notice")
        self.unsaved_text = QLabel()
        self.unsaved_text.setWordWrap(True)
        self.resume_button, self.discard_button = QPushButton(), QPushButton()
        self.resume_button.clicked.connect(self.resume_unsaved)
        self.discard_button.clicked.connect(self.discard_unsaved)
        banner = QHBoxLayout(self.unsaved_banner)
        banner.addWidget(self.unsaved_text, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.discard_button)
        self.unsaved_banner.setHidden(True)

    def _layout(self) -> None:
        left = QSplitter(Qt.Orientation.Vertical)
        left.setContentsMargins(0, 0, 6, 0)
        left.addWidget(self.notes)
        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail_title)
        box.addWidget(self.detail)
        left.addWidget(details)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(6, 0, 0, 0)
        side.addWidget(self.trend_title)
        pick = QHBoxLayout()
        pick.addWidget(self.behaviour_label)
        pick.addWidget(self.behaviour, 1)
        side.addLayout(pick)
        side.addWidget(self.trend_empty)
        side.addWidget(self.chart, 1)
        side.addWidget(self.points)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        overview = QWidget()
        box = QVBoxLayout(overview)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self.actions_bar)
        box.addWidget(self.unsaved_banner)
        box.addWidget(split, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(overview)
        if self.editor is not None:
            self.pages.addWidget(self.editor)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(self.pages)

    # ---- data ----------------------------------------------------------------------------------

    def set_data(self, data: SessionsData) -> None:
        self._data = data
        self.notes.set_rows(data.notes)
        self.behaviour.blockSignals(True)
        self.behaviour.clear()
        for trend in data.trends:
            self.behaviour.addItem(trend.behaviour)
        self.behaviour.blockSignals(False)
        self.behaviour.setEnabled(bool(data.trends))
        self.trend_empty.setHidden(bool(data.trends))
        self.chart.setHidden(not data.trends)
        self.points.setHidden(not data.trends)
        self._behaviour_chosen(0 if data.trends else -1)
        if data.notes:
            self.notes.table.selectRow(0)
        else:
            self.detail.clear()
        self._update_actions()
        self._update_banner()

    def clear(self) -> None:
        """Another member, or the lock: an open note's unsaved text waits in ``drafts()``; the chart goes."""
        self._park_editor()
        self._data = None
        self._member_id = None
        self.unsaved_banner.setHidden(True)
        self.notes.clear()
        self.detail.clear()
        self.behaviour.blockSignals(True)
        self.behaviour.clear()
        self.behaviour.blockSignals(False)
        self.chart.clear()
        self.points.clear()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New session"))
        self.new_button.setToolTip(self.tr("Write a note for a session with this member (Ctrl+N)"))
        self.open_button.setText(self.tr("Open draft"))
        self.sign_button.setText(self.tr("Sign…"))
        self.sign_button.setAccessibleName(self.tr("Sign the selected draft"))
        self.addendum_button.setText(self.tr("Add addendum"))
        self.fidelity_button.setText(self.tr("Fidelity self-check…"))
        self.fidelity_button.setToolTip(self.tr("MITI tally of the selected session, for coaches and supervisors"))
        self.resume_button.setText(self.tr("Resume"))
        self.discard_button.setText(self.tr("Discard"))
        if self.editor is not None:
            self.editor.retranslate()
        self._update_banner()
        self.notes.set_texts(self.tr("Session notes"), self.tr("No sessions recorded yet."))
        self.notes.model.retranslate()
        self.detail_title.setText(self.tr("Selected note"))
        self.detail.setAccessibleName(self.tr("Selected session note"))
        self.detail.setPlaceholderText(self.tr("Select a session to read its note."))
        self.trend_title.setText(self.tr("Change over time"))
        self.behaviour_label.setText(self.tr("&Behaviour:"))
        self.behaviour.setAccessibleName(self.tr("Behaviour to chart"))
        self.trend_empty.setText(self.tr("No target behaviours recorded in the sessions yet."))
        self.points.set_texts(self.tr("Rulers by session"), self.tr("No rulers recorded."))
        self.points.model.retranslate()
        self.chart.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def current_trend(self) -> BehaviourTrend | None:
        return self.chart.trend()

    def _behaviour_chosen(self, index: int) -> None:
        trends = self._data.trends if self._data else ()
        trend = trends[index] if 0 <= index < len(trends) else None
        self.chart.set_trend(trend)
        self.points.set_rows(tuple(reversed(trend.points)) if trend else ())

    def _note_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        view = self.notes.model.row_object(rows[0].row())
        self.detail.setHtml(self._note_html(view))
        self._update_actions()

    def _point_headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Stage"), self.tr("Importance"), self.tr("Confidence"), self.tr("Readiness")]

    # ---- writing: the editor and the actions on the selected note -------------------------------

    def set_member(self, member_id: str) -> None:
        self._member_id = member_id
        self._update_banner()

    def editing(self) -> bool:
        return self.editor is not None and self.pages.currentWidget() is self.editor and self.editor.is_open()

    def new_session(self, member_id: str) -> None:
        """Start a note for ``member_id``, or go back to the one already begun for them and not saved."""
        if self.editor is None:
            return
        self._member_id = member_id
        waiting = self._unsaved_for(member_id)
        if self.editor.is_open() and self.editor.member_id() == member_id and not self.editor.is_signed():
            pass  # that note is already in the editor
        elif waiting is not None:
            self._park_editor()
            self.editor.resume(self._unsaved.pop(waiting.note_id))
        else:
            self._park_editor()
            self.editor.start_new(member_id)
        self._show_editor()

    def open_note(self, note_id: str) -> None:
        if self.editor is None:
            return
        if self.editor.note_id() != note_id:
            self._park_editor()
            waiting = self._unsaved.pop(note_id, None)
            self.editor.resume(waiting) if waiting is not None else self.editor.open_note(note_id)
        self._show_editor()

    def save(self) -> bool:
        """Ctrl+S: the open note (False when no note is open here)."""
        return self.editing() and self.editor is not None and self.editor.save()

    def selected_note(self) -> NoteView | None:
        rows = self.notes.table.selectionModel().selectedRows() if self._data else []
        return self.notes.model.row_object(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        view = self.selected_note()
        if view is not None and view.note.status is NoteStatus.DRAFT:
            self.open_note(str(view.note.id))

    def addendum_for_selected(self) -> None:
        view = self.selected_note()
        if view is not None and view.note.status is NoteStatus.SIGNED and self.editor is not None:
            self.open_note(str(view.note.id))

    def sign_selected(self) -> None:
        view, notes, lanes = self.selected_note(), self._notes, self._lanes
        if view is None or view.note.status is not NoteStatus.DRAFT or notes is None or lanes is None:
            return
        text = self.tr("Once signed, this note cannot be edited. Corrections can only be added as addenda.\n\n"
                       "Sign it now?")  # fmt: skip
        if not self.confirm(self, self.tr("Sign the note"), text):
            return
        note_id = str(view.note.id)
        lanes.run_db(lambda: notes.sign(note_id), lambda r: self._signed(r[1]), self._failed)

    def _signed(self, change: object) -> None:
        self.status_message.emit(self.tr("Note signed."))
        self.changed.emit(change)

    def fidelity_for_selected(self) -> None:
        view = self.selected_note()
        if view is None or self._notes is None or self._lanes is None:
            return
        dialog = FidelityDialog(self._notes, self._lanes, str(view.note.id), self)
        dialog.saved.connect(self.changed.emit)
        dialog.saved.connect(lambda _c: self.status_message.emit(self.tr("Fidelity self-check saved.")))
        dialog.finished.connect(dialog.deleteLater)
        self.fidelity_dialog = dialog
        dialog.open()

    def _failed(self, exc: BaseException) -> None:
        self.status_message.emit(user_message(exc))

    def _show_editor(self) -> None:
        if self.editor is not None:
            self.pages.setCurrentWidget(self.editor)

    def _editor_closed(self) -> None:
        self._park_editor()
        self.pages.setCurrentIndex(0)
        self._update_banner()

    def _park_editor(self) -> None:
        """The open note leaves the editor; typed text not saved waits (kept in the vault by the editor too)."""
        editor = self.editor
        if editor is None or not editor.is_open():
            return
        editor.keep_now()
        form = editor.unsaved_form()
        if form is not None:
            self._unsaved[form.note_id] = form
        editor.clear()
        self.pages.setCurrentIndex(0)

    def _unsaved_for(self, member_id: str | None) -> NoteForm | None:
        waiting = [f for f in self._unsaved.values() if f.member_id == member_id]
        return max(waiting, key=lambda f: f.edited_at) if waiting else None

    def resume_unsaved(self) -> None:
        form = self._unsaved_for(self._member_id)
        if form is not None:
            self.open_note(form.note_id)

    def discard_unsaved(self) -> None:
        form, notes, lanes = self._unsaved_for(self._member_id), self._notes, self._lanes
        if form is None or notes is None or lanes is None:
            return
        if not self.confirm(self, self.tr("Discard"), self.tr("Discard the unsaved session note? What was typed "
                                                              "and not saved will be lost.")):  # fmt: skip
            return
        self._unsaved.pop(form.note_id, None)
        lanes.run_db(lambda: notes.drop_unsaved(form.note_id), None, self._failed)
        self._update_banner()

    def _update_banner(self) -> None:
        form = self._unsaved_for(self._member_id)
        if form is None:
            self.unsaved_banner.setHidden(True)
            return
        started = fmt_datetime(datetime.fromisoformat(form.started_at))
        self.unsaved_text.setText(self.tr("A session note begun %1 was not saved yet.").replace("%1", started))
        self.unsaved_banner.setHidden(False)

    def _update_actions(self) -> None:
        view = self.selected_note()
        draft = view is not None and view.note.status is NoteStatus.DRAFT
        self.new_button.setEnabled(self._member_id is not None)
        self.open_button.setEnabled(draft)
        self.sign_button.setEnabled(draft)
        self.addendum_button.setEnabled(view is not None and not draft)
        self.fidelity_button.setEnabled(view is not None)

    # ---- drafts across a lock ----------------------------------------------------------------------

    def drafts(self) -> dict[str, str]:
        """Every unsaved note (the open one and those waiting), by draft key, as the form's JSON."""
        forms = dict(self._unsaved)
        if self.editor is not None and (open_form := self.editor.unsaved_form()) is not None:
            forms[open_form.note_id] = open_form
        return {draft_key(note_id): form.to_json() for note_id, form in forms.items()}

    def restore_drafts(self, drafts: dict[str, str]) -> NoteForm | None:
        """Forms kept at the lock (or before a crash) wait again here, and go back into the vault's draft table
        (taken out at unlock) so a crash now loses nothing; returns the newest, for the page to reopen."""
        forms = []
        for key, text in drafts.items():
            if not key.startswith(DRAFT_PREFIX):
                continue
            try:
                forms.append(NoteForm.from_json(text))
            except ValueError:
                continue  # not ours, or damaged: never a reason to fail the unlock
        for form in forms:
            self._unsaved[form.note_id] = form
        notes, lanes = self._notes, self._lanes
        if forms and notes is not None and lanes is not None:
            lanes.run_db(lambda: [notes.keep_unsaved(f) for f in forms], None, self._failed)
        self._update_banner()
        return max(forms, key=lambda f: f.edited_at) if forms else None

    def forget_unsaved(self) -> None:
        """The lock took ``drafts()`` into the vault: nothing of them stays in memory (the vault is closing, so
        the open note is dropped as it is, not kept again)."""
        self._unsaved.clear()
        if self.editor is not None:
            self.editor.clear()
            self.pages.setCurrentIndex(0)
        self.unsaved_banner.setHidden(True)

    # ---- the note in full ----------------------------------------------------------------------

    def _note_html(self, view: NoteView) -> str:
        note = view.note
        status = (self.tr("Signed %1").replace("%1", fmt_datetime(note.signed_at))
                  if note.status is NoteStatus.SIGNED else self.tr("Draft, not signed"))  # fmt: skip
        how = self.tr("%1, %2 minutes").replace("%1", label(note.mode)).replace("%2", str(note.minutes))
        rows = [
            (self.tr("When"), fmt_datetime(note.started_at)),
            (self.tr("How"), how),
            (self.tr("Present"), labels(note.present) or DASH),
            (self.tr("Topics"), ", ".join(note.topics) or DASH),
            (self.tr("Status"), status),
            (self.tr("Next contact"), fmt_date(note.next_contact_date)),
        ]
        parts = ["<table cellspacing='0' cellpadding='2'>"]
        parts += [f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        for focus in note.behaviours:
            rulers = self.tr("importance %1, confidence %2, readiness %3").replace("%1", ruler(focus.importance))
            rulers = rulers.replace("%2", ruler(focus.confidence)).replace("%3", ruler(focus.readiness))
            # A semicolon, not a dash: "readiness —" (not rated) followed by " — “…”" read as a stutter.
            reason = f"; “{escape(focus.member_reason)}”" if focus.member_reason else ""
            parts.append(f"<p><b>{escape(focus.behaviour)}</b>: {escape(label(focus.stage))}; {escape(rulers)}"
                         f"{reason}</p>")  # fmt: skip
        parts += self._section(self.tr("Change talk heard"),
                               [f"{label(t.category)}: “{t.quote}”" if t.quote else label(t.category)
                                for t in note.change_talk])  # fmt: skip
        parts += self._section(self.tr("Sustain talk"), [f"“{s}”" for s in note.sustain_talk])
        parts += self._section(self.tr("OARS used"), [labels(note.oars_used)] if note.oars_used else [])
        parts += self._section(self.tr("Narrative"), [note.narrative] if note.narrative else [])
        parts += self._section(self.tr("Next steps"), [note.next_steps] if note.next_steps else [])
        addenda = [f"{fmt_datetime(a.written_at)} — {a.text}" for a in view.addenda]
        parts += self._section(self.tr("Addenda"), addenda)
        return "".join(parts)

    @staticmethod
    def _section(title: str, lines: list[str]) -> list[str]:
        if not lines:
            return []
        body = "<br>".join(escape(line).replace("\n", "<br>") for line in lines)
        return [f"<p><b>{escape(title)}</b><br>{body}</p>"]


def _note_cells(view: NoteView) -> list[str]:
    return session_cells(view.note, len(view.addenda))


def _note_tone(view: NoteView) -> Tone | None:
    return Tone.WARN if view.note.status is NoteStatus.DRAFT else None


def _point_cells(point: TrendPoint) -> list[str]:
    day = fmt_date(point.on.astimezone().date())
    return [day, label(point.stage), ruler(point.importance), ruler(point.confidence), ruler(point.readiness)]
