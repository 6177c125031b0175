"""The fields of a session note, laid out in the order of a visit: the visit, topics and target behaviours, what
the member said, MI skills used, the narrative, the plan, and (on a signed note) its addenda."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from itertools import pairwise

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..app.session_note_form import BehaviourForm, NoteForm, TalkForm, utc_iso
from ..app.session_note_service import ContactOption, NoteContext
from ..domain.member import RiskTier
from ..domain.session_note import Attendee, ChangeTalkCategory, EncounterMode, NoteAddendum, OarsSkill
from ..domain.worklist import ContactReason
from .member.labels import fmt_date, fmt_datetime, label, labels, tier_label
from .note_widgets import BehaviourCard, CollapsibleSection, TalkRow, error_label, show_error

MAX_BEHAVIOURS = 10  # SessionNote.behaviours max_length
PREPARATORY = (ChangeTalkCategory.DESIRE, ChangeTalkCategory.ABILITY, ChangeTalkCategory.REASONS,
               ChangeTalkCategory.NEED)  # fmt: skip


_NO_CONTEXT = NoteContext("", RiskTier.LOW, (), (), None, None)


def _with_error(field: QWidget | QHBoxLayout, error: QLabel) -> QWidget:
    """A field with its inline message under it (a hidden message takes no room)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QHBoxLayout):
        layout.addLayout(field)
    else:
        layout.addWidget(field)
    layout.addWidget(error)
    return box


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on; the note is keyboard-first
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


class NoteFormView(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: NoteContext | None = None
        self._loading = False
        self._next_edited = False
        self._problems: dict[str, str] = {}
        self._tab_before: QWidget | None = None
        self._tab_after: QWidget | None = None
        self.cards: list[BehaviourCard] = []
        self.talk_rows: list[TalkRow] = []
        self.present: dict[Attendee, QCheckBox] = {}
        self.sections = {key: CollapsibleSection() for key in
                         ("visit", "focus", "talk", "skills", "narrative", "plan", "addenda")}  # fmt: skip
        self._build_visit()
        self._build_focus()
        self._build_talk()
        self._build_skills()
        self._build_narrative()
        self._build_plan()
        self._build_addenda()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 8, 2)
        layout.setSpacing(8)
        for section in self.sections.values():
            layout.addWidget(section)
        layout.addStretch(1)
        self.sections["addenda"].setHidden(True)

    # ---- building ---------------------------------------------------------------------------------

    def _build_visit(self) -> None:
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy  HH:mm")
        self.mode_group = QButtonGroup(self)
        self.modes = {mode: QRadioButton() for mode in EncounterMode}
        modes = QHBoxLayout()
        modes.setSpacing(18)
        for index, button in enumerate(self.modes.values()):
            self.mode_group.addButton(button, index)
            modes.addWidget(button)
        modes.addStretch(1)
        self.minutes = QLineEdit()
        self.minutes.setMaximumWidth(self.minutes.fontMetrics().horizontalAdvance("0000") + 30)
        self.minutes_unit = QLabel()
        fields = ("started_at", "mode", "minutes", "present", "topics", "behaviours", "sustain_talk", "oars_used",
                  "narrative", "next_steps", "next_contact_date")  # fmt: skip
        self.errors = {key: error_label() for key in fields}
        minutes = QHBoxLayout()
        for widget in (self.minutes, self.minutes_unit):
            minutes.addWidget(widget)
        minutes.addWidget(self.errors["minutes"], 1)
        when = QHBoxLayout()
        when.addWidget(self.when)
        when.addStretch(1)
        self.present_box = QWidget()
        present = QVBoxLayout(self.present_box)
        present.setContentsMargins(0, 0, 0, 0)
        present.setSpacing(2)
        self.present_layout = QVBoxLayout()  # one check box per role offered, remade for each note
        self.present_layout.setSpacing(2)
        present.addLayout(self.present_layout)
        self.consent_note = QLabel()
        self.consent_note.setObjectName("warning")
        self.consent_note.setWordWrap(True)
        form = QFormLayout()
        self.visit_labels = [QLabel() for _ in range(4)]
        present.addWidget(self.consent_note)
        fields = (_with_error(when, self.errors["started_at"]), _with_error(modes, self.errors["mode"]), minutes,
                  _with_error(self.present_box, self.errors["present"]))  # fmt: skip
        for label_widget, field in zip(self.visit_labels, fields, strict=True):
            form.addRow(label_widget, field)
        self.visit_labels[0].setBuddy(self.when)
        self.visit_labels[2].setBuddy(self.minutes)
        self.sections["visit"].body_layout.addLayout(form)
        self.when.dateTimeChanged.connect(self._schedule_inputs_changed)
        self.mode_group.idToggled.connect(lambda _i, on: self._schedule_inputs_changed() if on else None)
        self.minutes.textEdited.connect(self._edited)

    def _build_focus(self) -> None:
        self.topics = QLineEdit()
        self.topics_label = QLabel()
        self.topics_label.setBuddy(self.topics)
        row = QHBoxLayout()
        row.addWidget(self.topics_label)
        row.addWidget(self.topics, 1)
        self.ruler_legend = QLabel()
        self.ruler_legend.setObjectName("hint")
        self.ruler_legend.setWordWrap(True)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(6)
        self.add_behaviour = QPushButton()
        self.add_behaviour.clicked.connect(lambda: self._add_card(BehaviourForm(), focus=True))
        body = self.sections["focus"].body_layout
        body.addLayout(row)
        body.addWidget(self.errors["topics"])
        body.addWidget(self.ruler_legend)
        body.addLayout(self.cards_box)
        body.addWidget(self.errors["behaviours"])
        body.addWidget(self.add_behaviour, 0, Qt.AlignmentFlag.AlignLeft)
        self.topics.textEdited.connect(self._edited)

    def _build_talk(self) -> None:
        self.talk_heading = QLabel()
        self.talk_grid = QGridLayout()
        self.talk_grid.setVerticalSpacing(2)
        self.talk_grid.setHorizontalSpacing(16)
        self.preparatory, self.mobilizing = QLabel(), QLabel()
        for column, heading in enumerate((self.preparatory, self.mobilizing)):
            heading.setObjectName("hint")
            self.talk_grid.addWidget(heading, 0, column)
        self.talk_grid.setColumnStretch(0, 1)
        self.talk_grid.setColumnStretch(1, 1)
        self.sustain_label = QLabel()
        self.sustain = _text_box(3)
        self.sustain_label.setBuddy(self.sustain)
        body = self.sections["talk"].body_layout
        body.addWidget(self.talk_heading)
        body.addLayout(self.talk_grid)
        body.addWidget(self.sustain_label)
        body.addWidget(self.sustain)
        body.addWidget(self.errors["sustain_talk"])
        self.sustain.textChanged.connect(self._edited)

    def _build_skills(self) -> None:
        self.oars = {skill: QCheckBox() for skill in OarsSkill}
        row = QHBoxLayout()
        for box in self.oars.values():
            row.addWidget(box)
            box.toggled.connect(self._edited)
        row.addStretch(1)
        self.sections["skills"].body_layout.addLayout(row)

    def _build_narrative(self) -> None:
        self.narrative = _text_box(6)
        body = self.sections["narrative"].body_layout
        body.addWidget(self.narrative)
        body.addWidget(self.errors["narrative"])
        self.narrative.textChanged.connect(self._edited)

    def _build_plan(self) -> None:
        self.next_steps = _text_box(3)
        self.next_contact = QDateEdit()
        self.next_contact.setCalendarPopup(True)
        self.next_contact.setDisplayFormat("d MMM yyyy")
        self.schedule_hint = QLabel()
        self.schedule_hint.setObjectName("hint")
        self.schedule_hint.setWordWrap(True)
        self.use_schedule = QPushButton()
        self.use_schedule.setObjectName("link")
        self.use_schedule.clicked.connect(self._reset_next_contact)
        self.plan_labels = [QLabel(), QLabel()]
        self.plan_labels[0].setBuddy(self.next_steps)
        self.plan_labels[1].setBuddy(self.next_contact)
        date_row = QHBoxLayout()
        date_row.addWidget(self.next_contact)
        date_row.addWidget(self.use_schedule)
        date_row.addStretch(1)
        next_contact = QVBoxLayout()
        next_contact.setSpacing(2)
        next_contact.addLayout(date_row)
        next_contact.addWidget(self.schedule_hint)
        next_contact.addWidget(self.errors["next_contact_date"])
        form = QFormLayout()
        form.addRow(self.plan_labels[0], _with_error(self.next_steps, self.errors["next_steps"]))
        form.addRow(self.plan_labels[1], next_contact)
        self.sections["plan"].body_layout.addLayout(form)
        self.next_steps.textChanged.connect(self._edited)
        self.next_contact.dateChanged.connect(self._next_contact_typed)

    def _build_addenda(self) -> None:
        self.addenda_list = QVBoxLayout()
        self.addenda_empty = QLabel()
        self.addendum_label = QLabel()
        self.addendum = _text_box(3)
        self.addendum_label.setBuddy(self.addendum)
        self.addendum_error = error_label()
        body = self.sections["addenda"].body_layout
        body.addWidget(self.addenda_empty)
        body.addLayout(self.addenda_list)
        body.addWidget(self.addendum_label)
        body.addWidget(self.addendum)
        body.addWidget(self.addendum_error)
        self.addendum.textChanged.connect(self._edited)

    def retranslate(self) -> None:
        titles = {"visit": self.tr("1 · The visit"), "focus": self.tr("2 · Topics and target behaviours"),
                  "talk": self.tr("3 · What the member said"), "skills": self.tr("4 · MI skills used (OARS)"),
                  "narrative": self.tr("5 · Narrative"), "plan": self.tr("6 · Plan and next contact"),
                  "addenda": self.tr("Addenda (corrections to the signed note)")}  # fmt: skip
        for key, section in self.sections.items():
            section.set_title(titles[key])
        for widget, text in zip(self.visit_labels, (self.tr("When:"), self.tr("How:"), self.tr("Minutes:"),
                                                    self.tr("Present:")), strict=True):  # fmt: skip
            widget.setText(text)
        self.when.setAccessibleName(self.tr("Date and time of the session"))
        for mode, button in self.modes.items():
            button.setText(label(mode))
            button.setAccessibleName(self.tr("Mode: %1").replace("%1", label(mode)))
        self.minutes.setAccessibleName(self.tr("Minutes"))
        self.minutes.setPlaceholderText(self.tr("e.g. 30"))
        self.minutes_unit.setText(self.tr("minutes"))
        self.topics_label.setText(self.tr("Topics:"))
        self.topics.setAccessibleName(self.tr("Topics"))
        self.topics.setPlaceholderText(self.tr("Separate with commas, e.g. blood pressure, medicines, food"))
        self.ruler_legend.setText(self.tr("Rulers: 0 = not at all, 10 = extremely. Click a number, or use the arrow "
                                          "keys or type the number; Delete clears."))  # fmt: skip
        self.add_behaviour.setText(self.tr("Add a behaviour"))
        self.talk_heading.setText(self.tr("Change talk heard (tick each kind; their words are optional):"))
        self.preparatory.setText(self.tr("Preparatory: desire, ability, reasons, need"))
        self.mobilizing.setText(self.tr("Mobilizing: commitment, activation, taking steps"))
        self.sustain_label.setText(self.tr("Sustain talk (reasons not to change), one per line:"))
        self.sustain.setAccessibleName(self.tr("Sustain talk"))
        for skill, box in self.oars.items():
            box.setText(label(skill))
            box.setAccessibleName(self.tr("Used: %1").replace("%1", label(skill)))
        self.narrative.setAccessibleName(self.tr("Narrative"))
        self.narrative.setPlaceholderText(self.tr("What happened in the session, in a few sentences."))
        self.plan_labels[0].setText(self.tr("Agreed next steps:"))
        self.plan_labels[1].setText(self.tr("Next contact:"))
        self.next_steps.setAccessibleName(self.tr("Agreed next steps"))
        self.next_steps.setPlaceholderText(self.tr("What the member will try, and what the coach will do."))
        self.next_contact.setAccessibleName(self.tr("Next contact date"))
        self.use_schedule.setText(self.tr("Use the schedule"))
        self.addenda_empty.setText(self.tr("No addenda yet."))
        self.addendum_label.setText(self.tr("New addendum:"))
        self.addendum.setAccessibleName(self.tr("New addendum"))
        for card in self.cards:
            card.retranslate()
        for row in self.talk_rows:
            row.retranslate()
        self._update_schedule_hint()

    # ---- loading and reading ----------------------------------------------------------------------

    def load(self, form: NoteForm, context: NoteContext, addenda: tuple[NoteAddendum, ...]) -> None:
        self._loading = True
        try:
            self._context = context
            started = datetime.fromisoformat(form.started_at).astimezone()
            self.when.setDateTime(QDateTime(started.replace(tzinfo=None)))
            mode = EncounterMode(form.mode) if form.mode in set(EncounterMode) else EncounterMode.IN_PERSON
            self.modes[mode].setChecked(True)
            self.minutes.setText(form.minutes)
            self._load_present(form.present, context)
            self.topics.setText(form.topics)
            self._load_cards(form.behaviours, context)
            self._load_talk(form.change_talk)
            self.sustain.setPlainText(form.sustain_talk)
            for skill, box in self.oars.items():
                box.setChecked(skill.value in form.oars_used)
            self.narrative.setPlainText(form.narrative)
            self.next_steps.setPlainText(form.next_steps)
            self._next_edited = form.next_contact_edited
            if form.next_contact_date:
                self.next_contact.setDate(QDate(date.fromisoformat(form.next_contact_date)))
            self._load_addenda(addenda)
            self.addendum.setPlainText(form.addendum)
        finally:
            self._loading = False
        self._update_schedule_hint()
        self._chain_tab_order()

    def _load_present(self, present: list[str], context: NoteContext) -> None:
        while self.present_layout.count():
            item = self.present_layout.takeAt(0)
            if item.widget() is not None:
                _discard(item.widget())
        self.present = {}
        offered = context.attendees()
        roles = [a for a in Attendee if a in offered or a.value in present]
        for attendee in roles:
            box = QCheckBox(self._attendee_text(attendee, context.contacts))
            box.setAccessibleName(self.tr("Present: %1").replace("%1", label(attendee)))
            box.setChecked(attendee.value in present)
            box.toggled.connect(self._edited)
            self.present[attendee] = box
            self.present_layout.addWidget(box)
        refused = [c for c in context.contacts if not c.offered]
        names = "; ".join(f"{c.name} ({c.relationship}: {labels(c.may_discuss) or '—'})" for c in refused)
        self.consent_note.setText(self.tr("Not consented to hear health matters, so not offered: %1").replace(
            "%1", names))  # fmt: skip
        self.consent_note.setHidden(not refused)

    def _attendee_text(self, attendee: Attendee, contacts: tuple[ContactOption, ...]) -> str:
        people = [c for c in contacts if c.offered and c.attendee is attendee]
        if not people:
            return label(attendee)
        who = "; ".join(self.tr("%1 (%2), may hear: %3").replace("%1", c.name).replace("%2", c.relationship)
                        .replace("%3", labels(c.may_discuss)) for c in people)  # fmt: skip
        return f"{label(attendee)} — {who}"

    def _load_cards(self, behaviours: list[BehaviourForm], context: NoteContext) -> None:
        for card in self.cards:
            _discard(card)
        self.cards = []
        previous = {p.behaviour: p for p in context.previous}
        for form in behaviours or [BehaviourForm()]:
            self._add_card(form, previous=previous.get(form.behaviour))

    def _add_card(self, form: BehaviourForm, *, focus: bool = False, previous: object = None) -> None:
        if len(self.cards) >= MAX_BEHAVIOURS:
            return
        card = BehaviourCard(previous)  # type: ignore[arg-type]
        card.set_form(form)
        card.edited.connect(self._edited)
        card.remove_requested.connect(self._remove_card)
        self.cards.append(card)
        self.cards_box.addWidget(card)
        self.add_behaviour.setEnabled(len(self.cards) < MAX_BEHAVIOURS)
        self._chain_tab_order()
        if focus:
            card.name.setFocus()
            self._edited()

    def _remove_card(self, card: BehaviourCard) -> None:
        self.cards.remove(card)
        _discard(card)
        if not self.cards:
            self._add_card(BehaviourForm())
        self.add_behaviour.setEnabled(True)
        self._edited()

    def _load_talk(self, heard: list[TalkForm]) -> None:
        """Preparatory talk (DARN) in the left column, mobilizing talk (CAT) in the right; a category heard more
        than once in a stored note gets one row per quote."""
        for row in self.talk_rows:
            self.talk_grid.removeWidget(row)
            _discard(row)
        self.talk_rows = []
        filled = [1, 1]  # row 0 holds the two headings
        for category in ChangeTalkCategory:
            column = 0 if category in PREPARATORY else 1
            for entry in [t for t in heard if t.category == category.value] or [None]:
                row = TalkRow(category.value)
                if entry is not None:
                    row.heard.setChecked(True)
                    row.quote.setText(entry.quote)
                row.edited.connect(self._edited)
                self.talk_rows.append(row)
                self.talk_grid.addWidget(row, filled[column], column)
                filled[column] += 1
        width = max(row.heard.sizeHint().width() for row in self.talk_rows)
        for row in self.talk_rows:
            row.heard.setMinimumWidth(width)  # the quote boxes line up

    def _load_addenda(self, addenda: tuple[NoteAddendum, ...]) -> None:
        while self.addenda_list.count():
            item = self.addenda_list.takeAt(0)
            if item.widget() is not None:
                _discard(item.widget())
        for addendum in addenda:
            self.append_addendum(addendum)
        self.addenda_empty.setHidden(bool(addenda))

    def append_addendum(self, addendum: NoteAddendum) -> None:
        text = QLabel(f"<b>{fmt_datetime(addendum.written_at)}</b> — {_escape(addendum.text)}")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addenda_list.addWidget(text)
        self.addenda_empty.setHidden(True)

    def form(self, note_id: str, member_id: str) -> NoteForm:
        moment = self.when.dateTime().toPython()
        assert isinstance(moment, datetime)
        mode = next((m for m, b in self.modes.items() if b.isChecked()), EncounterMode.IN_PERSON)
        return NoteForm(
            note_id=note_id, member_id=member_id, started_at=utc_iso(moment.astimezone()), mode=mode.value,
            minutes=self.minutes.text(), present=[a.value for a, b in self.present.items() if b.isChecked()],
            topics=self.topics.text(), behaviours=[card.form() for card in self.cards],
            change_talk=[TalkForm(r.category, r.quote.text()) for r in self.talk_rows if r.heard.isChecked()],
            sustain_talk=self.sustain.toPlainText(), oars_used=[s.value for s, b in self.oars.items() if b.isChecked()],
            narrative=self.narrative.toPlainText(), next_steps=self.next_steps.toPlainText(),
            next_contact_date=self.next_contact.date().toPython().isoformat(),  # type: ignore[union-attr]
            next_contact_edited=self._next_edited, addendum=self.addendum.toPlainText(),
        )  # fmt: skip

    # ---- next contact by the tier's schedule ------------------------------------------------------

    def _schedule_inputs_changed(self) -> None:
        if not self._loading and not self._next_edited:
            self._reset_next_contact(mark=False)
        self._update_schedule_hint()
        self._edited()

    def _scheduled(self) -> tuple[date, ContactReason] | None:
        if self._context is None:
            return None
        on = self.when.date().toPython()
        mode = next((m for m, b in self.modes.items() if b.isChecked()), EncounterMode.IN_PERSON)
        assert isinstance(on, date)
        return self._context.next_contact(on, mode)

    def _reset_next_contact(self, mark: bool = True) -> None:
        scheduled = self._scheduled()
        if scheduled is None:
            return
        self._next_edited = False
        self._loading, was = True, self._loading
        self.next_contact.setDate(QDate(scheduled[0]))
        self._loading = was
        self._update_schedule_hint()
        if mark:
            self._edited()

    def _next_contact_typed(self) -> None:
        if self._loading:
            return
        self._next_edited = True
        self._update_schedule_hint()
        self._edited()

    def _update_schedule_hint(self) -> None:
        scheduled = self._scheduled()
        if scheduled is None or self._context is None:
            self.schedule_hint.clear()
            self.use_schedule.setHidden(True)
            return
        due, reason = scheduled
        reasons = {ContactReason.ROUTINE: self.tr("routine contact"),
                   ContactReason.FACE_TO_FACE: self.tr("face-to-face visit due"),
                   ContactReason.FIRST_AFTER_DISCHARGE: self.tr("first contact after the discharge"),
                   ContactReason.WEEKLY_AFTER_DISCHARGE: self.tr("weekly after the discharge")}  # fmt: skip
        text = self.tr("%1 schedule: due by %2 (%3).").replace("%1", tier_label(self._context.tier))
        self.schedule_hint.setText(text.replace("%2", fmt_date(due)).replace("%3", reasons[reason]))
        self.use_schedule.setHidden(self.next_contact.date().toPython() == due)

    # ---- problems, read-only, focus ---------------------------------------------------------------

    def show_problem(self, field: str, text: str) -> QWidget | None:
        """Put ``text`` beside the field; returns the widget to focus (None: no such field here)."""
        focus: dict[str, QWidget] = {
            "started_at": self.when, "mode": self.modes[EncounterMode.IN_PERSON], "minutes": self.minutes,
            "present": self.present_box, "topics": self.topics, "behaviours": self.add_behaviour,
            "sustain_talk": self.sustain, "oars_used": self.oars[OarsSkill.OPEN_QUESTIONS],
            "narrative": self.narrative, "next_steps": self.next_steps, "next_contact_date": self.next_contact,
        }  # fmt: skip
        widget: QWidget | None = None
        if field in focus:
            show_error(self.errors[field], text)
            widget = focus[field]
        elif field.startswith("behaviours."):
            _name, index, key = field.split(".", 2)
            if int(index) < len(self.cards):
                widget = self.cards[int(index)].show_problem(key, text)
        elif field.startswith("change_talk."):
            heard = [r for r in self.talk_rows if r.heard.isChecked()]
            index = int(field.split(".")[1])
            if index < len(heard):
                show_error(heard[index].error, text)
                widget = heard[index].quote
        if widget is not None:
            self._problems[field] = text
        return widget

    def clear_problems(self) -> None:
        self._problems = {}
        for widget in self.errors.values():
            show_error(widget, None)
        for card in self.cards:
            card.clear_problems()
        for row in self.talk_rows:
            show_error(row.error, None)

    def has_problems(self) -> bool:
        return bool(self._problems)

    def problem_fields(self) -> set[str]:
        return set(self._problems)

    def expand_to(self, widget: QWidget) -> None:
        for section in self.sections.values():
            if section.isAncestorOf(widget):
                section.set_expanded(True)

    def first_field(self) -> QWidget:
        return self.addendum if self.minutes.isReadOnly() else self.minutes

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.minutes, self.topics):
            edit.setReadOnly(read_only)
        for box in (self.sustain, self.narrative, self.next_steps):
            box.setReadOnly(read_only)
        for widget in (self.when, self.next_contact, *self.modes.values(), *self.present.values(),
                       *self.oars.values(), self.add_behaviour):  # fmt: skip
            widget.setEnabled(not read_only)
        self.when.setReadOnly(read_only)
        for card in self.cards:
            card.set_read_only(read_only)
        for row in self.talk_rows:
            row.set_read_only(read_only)
            row.setHidden(read_only and not row.heard.isChecked())  # a signed note lists what was heard
        self.use_schedule.setHidden(read_only or self.use_schedule.isHidden())
        self.add_behaviour.setHidden(read_only)
        self.ruler_legend.setHidden(read_only)
        self.sections["addenda"].setVisible(read_only)

    def set_tab_ends(self, before: QWidget | None, after: QWidget | None) -> None:
        self._tab_before, self._tab_after = before, after
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        """Cards and rows are made as notes open, after the buttons: put Tab back in visit order."""
        before, after = self._tab_before, self._tab_after
        order: list[QWidget] = [self.sections["visit"].toggle, self.when, *self.modes.values(), self.minutes,
                                *self.present.values(), self.sections["focus"].toggle, self.topics]  # fmt: skip
        for card in self.cards:
            order += [card.name, card.stage, card.remove, *card.rulers.values(), card.reason]
        order += [self.add_behaviour, self.sections["talk"].toggle]
        for row in self.talk_rows:
            order += [row.heard, row.quote]
        order += [self.sustain, self.sections["skills"].toggle, *self.oars.values(), self.sections["narrative"].toggle,
                  self.narrative, self.sections["plan"].toggle, self.next_steps, self.next_contact, self.use_schedule,
                  self.sections["addenda"].toggle, self.addendum]  # fmt: skip
        chain = [w for w in (before, *order, after) if w is not None]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def reset(self) -> None:
        """Forget everything shown (lock, another member)."""
        self._loading = True
        self._context = None
        for edit in (self.minutes, self.topics):
            edit.clear()
        for box in (self.sustain, self.narrative, self.next_steps, self.addendum):
            box.clear()
        self._load_present([], _NO_CONTEXT)
        self.consent_note.clear()
        self._load_cards([], _NO_CONTEXT)
        self._load_talk([])
        self._load_addenda(())
        self.clear_problems()
        self._loading = False
        self._update_schedule_hint()

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()


def _discard(widget: QWidget) -> None:
    widget.hide()  # at once: the deletion waits for the event loop, and a stale row must not show meanwhile
    widget.deleteLater()


def _escape(text: str) -> str:
    return escape(text).replace("\n", "<br>")
