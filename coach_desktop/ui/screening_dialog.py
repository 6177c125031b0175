"""Giving a screening: the form, then what the stored result calls for — the item-9 safety message (acknowledged
before the dialog can be dismissed), the PHQ-2 → PHQ-9 (GAD-2 → GAD-7) gate, and community resources with a
referral for each positive social-need domain."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..app.member_chart import MemberHeader
from ..app.referral_service import ReferralService
from ..app.screening_service import ReferralSuggestion, ScreeningService
from ..domain.community import CommunityResource
from ..domain.scoring import FOLLOW_UP, needs_safety_task, next_instrument
from ..domain.screening import Instrument, Screening
from ..domain.work_items import Referral
from ..vault.repository import ChangeSet
from .background import Lanes, user_message
from .member.labels import fmt_date, label
from .rule_text import rule_text
from .screening_form import ScreeningForm
from .screening_items import FORMS, tr_item

Confirm = Callable[[QWidget], bool]
_SAFETY_STYLE = (
    "QFrame#safetyMessage { background: #fdecea; border: 2px solid #c62828; border-left: 8px solid #c62828;"
    " border-radius: 6px; } QFrame#safetyMessage QLabel { color: #6d1010; background: transparent; }"
)


def ask_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("ScreeningDialog", "Discard answers?"),
        QCoreApplication.translate("ScreeningDialog", "The answers given so far are not saved. Discard them?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Discard


class ScreeningDialog(QDialog):
    saved = Signal(object)  # list[ChangeSet]: the chart refreshes what they touch

    def __init__(self, service: ScreeningService, referrals: ReferralService | None, lanes: Lanes,
                 member: MemberHeader, instrument: Instrument = Instrument.PHQ2,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._service, self._referrals, self._lanes, self._member = service, referrals, lanes, member
        self.confirm_discard: Confirm = ask_discard  # tests answer the prompt through this
        self.screening: Screening | None = None
        self.setWindowTitle(self.tr("New screening"))  # never the member's name: window titles reach the task bar
        self.setSizeGripEnabled(True)
        self.form = ScreeningForm(member.sex)
        self.form.set_instrument(instrument)
        self.for_line = QLabel()
        self.for_line.setObjectName("secondary")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.result_view = ScreeningResultView()
        self.result_view.continue_requested.connect(self._continue_with)
        self.result_view.refer_requested.connect(self._refer)
        self.result_view.done.connect(self.accept)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self.result_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._save_shortcut)
        self.retranslate()
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 44)

    def _form_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.for_line)
        box.addWidget(self.form, 1)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        return page

    def retranslate(self) -> None:
        self.for_line.setText(self.tr("For %1").replace("%1", self._member.display_name))
        self.save_button.setText(self.tr("&Save screening"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save screening"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.form.retranslate()
        self.result_view.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.focus_first()

    # ---- saving -------------------------------------------------------------------------------------

    def _save_shortcut(self) -> None:
        if self.pages.currentIndex() == 0:
            self.save()

    def save(self) -> None:
        if self.form.show_missing():
            left = len(self.form.missing_rows())
            self._say(self.tr("Questions still to answer: %1. They are marked in red.").replace("%1", str(left)))
            return
        if not self.form.has_answers():
            self._say(self.tr("Answer at least one question before saving."))
            return
        if not self.save_button.isEnabled():
            return  # already on its way: Ctrl+S twice must not store the screening twice
        self.error.hide()
        self.save_button.setEnabled(False)
        member_id, instrument, answers = self._member.member_id, self.form.current_instrument(), self.form.answers()
        self._lanes.run_db(lambda: self._service.record(member_id, instrument, answers), self._recorded, self._failed)

    def _recorded(self, saved: tuple[Screening, list[ChangeSet]]) -> None:
        screening, changes = saved
        self.screening = screening
        self.save_button.setEnabled(True)
        self.saved.emit(changes)
        if any(flag.startswith("hrsn_") for flag in screening.flags):
            self._lanes.run_db(lambda: self._service.referral_suggestions(screening),
                               lambda offers: self._show_result(screening, offers), self._failed)  # fmt: skip
        else:
            self._show_result(screening, [])

    def _show_result(self, screening: Screening, offers: list[ReferralSuggestion]) -> None:
        self.form.clear_answers()
        self.result_view.show_screening(screening, offers, can_refer=self._referrals is not None)
        self.pages.setCurrentIndex(1)
        self.result_view.focus_first()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._say(self.tr("The screening was not saved.") + " " + user_message(exc))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # ---- after the result ---------------------------------------------------------------------------

    def _continue_with(self, instrument: Instrument) -> None:
        """The gate: the full instrument, with the pre-screen's items already answered."""
        carry = dict(self.screening.answers) if self.screening else {}
        self.form.set_instrument(instrument, carry=carry)  # type: ignore[arg-type]
        self.pages.setCurrentIndex(0)
        self.form.focus_first()

    def _refer(self, offer: ReferralSuggestion, resource: CommunityResource) -> None:
        if self._referrals is None:
            return
        referrals, member_id = self._referrals, self._member.member_id
        reason = self.tr("Positive social-needs screening: %1").replace("%1", label(offer.category))
        self._lanes.run_db(lambda: referrals.refer(member_id, offer.category, str(resource.id), reason),
                           lambda saved: self._referred(offer, saved),
                           lambda exc: self.result_view.referral_failed(offer, user_message(exc)))  # fmt: skip

    def _referred(self, offer: ReferralSuggestion, saved: tuple[Referral, list[ChangeSet]]) -> None:
        referral, changes = saved
        self.saved.emit(changes)
        self.result_view.referral_made(offer, referral)

    # ---- leaving ------------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.pages.currentIndex() == 1 and not self.result_view.may_close():
            self.result_view.insist()
            return
        if self.pages.currentIndex() == 0 and self.form.has_answers() and not self.confirm_discard(self):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():  # the window's own close button: as Cancel (may ask, or insist on the safety note)
            self.reject()
            if self.isVisible():
                event.ignore()
                return
            event.accept()
            return
        # The app closing it (a lock, another member): always, without a question. The safety task is stored and
        # the member header shows its alert.
        QDialog.reject(self)
        event.accept()


class ScreeningResultView(QWidget):
    """What the stored screening calls for. ``done`` is refused until a safety message is acknowledged."""

    continue_requested = Signal(object)  # Instrument
    refer_requested = Signal(object, object)  # ReferralSuggestion, CommunityResource
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_SAFETY_STYLE)
        self._screening: Screening | None = None
        self._next: Instrument | None = None
        self._needs_ack = False  # an item-9 safety message waits for its acknowledgement
        self.offers: list[ResourceOffer] = []
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.safety = QFrame()
        self.safety.setObjectName("safetyMessage")
        self.safety_title = QLabel()
        title_font = self.safety_title.font()
        title_font.setBold(True)
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.safety_title.setFont(title_font)
        self.safety_text = QLabel()
        self.safety_text.setWordWrap(True)
        self.acknowledge = QCheckBox()
        self.acknowledge.toggled.connect(self._update_done)
        safety_box = QVBoxLayout(self.safety)
        safety_box.setContentsMargins(14, 10, 14, 10)
        for widget in (self.safety_title, self.safety_text, self.acknowledge):
            safety_box.addWidget(widget)
        self.gate = QFrame()
        self.gate.setObjectName("notice")
        self.gate_text = QLabel()
        self.gate_text.setWordWrap(True)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("primary")
        self.continue_button.clicked.connect(lambda: self.continue_requested.emit(self._next))
        gate_box = QHBoxLayout(self.gate)
        gate_box.setContentsMargins(12, 8, 12, 8)
        gate_box.addWidget(self.gate_text, 1)
        gate_box.addWidget(self.continue_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.resources_title = QLabel()
        self.resources_title.setFont(font)
        self._offers_box = QVBoxLayout()
        self.reminder = QLabel()
        self.reminder.setObjectName("error")
        self.reminder.setWordWrap(True)
        self.reminder.hide()
        self.done_button = QPushButton()
        self.done_button.setObjectName("primary")
        self.done_button.clicked.connect(self._done_clicked)
        content = QWidget()
        box = QVBoxLayout(content)
        box.addWidget(self.heading)
        box.addWidget(self.safety)
        box.addWidget(self.gate)
        box.addWidget(self.summary)
        box.addWidget(self.resources_title)
        box.addLayout(self._offers_box)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reminder, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.safety_title.setText(self.tr("Safety alert: item 9 was answered above “Not at all”"))
        self.safety_text.setText(self.tr(
            "A same-day safety-assessment task was created for this member. Do a suicide-risk assessment today (for "
            "example C-SSRS or ASQ), make a warm handoff to the PCP or behavioral health, and give crisis resources "
            "(call or text 988). Document the assessment on the task: it cannot be closed until you do. The alert "
            "stays on the member's chart until then."))  # fmt: skip
        self.acknowledge.setText(self.tr("&I have read this and will do the safety assessment today."))
        self.acknowledge.setAccessibleName(self.tr("Acknowledge the safety alert"))
        self.done_button.setText(self.tr("&Done"))
        self.done_button.setAccessibleName(self.tr("Done"))
        self.resources_title.setText(self.tr("Community resources"))
        self.reminder.setText(self.tr("Acknowledge the safety alert first."))
        for offer in self.offers:
            offer.retranslate()
        if self._screening is not None:
            self._fill(self._screening)

    def show_screening(self, screening: Screening, offers: list[ReferralSuggestion], *, can_refer: bool) -> None:
        self._screening = screening
        self._next = next_instrument(screening.flags)
        for offer in self.offers:
            offer.deleteLater()
        self.offers = [ResourceOffer(o, can_refer) for o in offers]
        for offer in self.offers:
            offer.refer_requested.connect(self.refer_requested.emit)
            self._offers_box.addWidget(offer)
        self.resources_title.setVisible(bool(offers))
        self._needs_ack = needs_safety_task(screening.flags)
        self.safety.setVisible(self._needs_ack)
        self.acknowledge.setChecked(False)
        self.gate.setVisible(self._next is not None)
        self.reminder.hide()
        self._fill(screening)
        self._update_done()

    def _fill(self, screening: Screening) -> None:
        form = FORMS[screening.instrument]
        name = tr_item(form.name)
        if screening.total is not None and form.max_total is not None:
            score = self.tr("%1 of %2").replace("%1", str(screening.total)).replace("%2", str(form.max_total))
            self.heading.setText(self.tr("Saved: %1, total %2 · %3").replace("%1", name).replace("%2", score)
                                 .replace("%3", label(screening.band)))  # fmt: skip
        else:
            self.heading.setText(self.tr("Saved: %1 · %2").replace("%1", name).replace("%2", label(screening.band)))
        if self._next is not None:
            full = label(self._next)
            self.gate_text.setText(self.tr("Positive pre-screen: give the full %1 now. Items already answered are "
                                           "carried over.").replace("%1", full))  # fmt: skip
            self.continue_button.setText(self.tr("&Continue with %1").replace("%1", full))
        parts = []
        if screening.flags:
            flags = "".join(f"<li>{escape(label(f))}</li>" for f in screening.flags)
            parts.append("<p><b>" + escape(self.tr("Flags")) + f"</b></p><ul>{flags}</ul>")
        advice = [t for t in screening.follow_up if t != FOLLOW_UP["safety_item9"]]  # said above, in full
        if advice:
            items = "".join(f"<li>{escape(rule_text(t))}</li>" for t in advice)
            parts.append("<p><b>" + escape(self.tr("What to do")) + f"</b></p><ul>{items}</ul>")
        self.summary.setText("".join(parts))
        self.summary.setVisible(bool(parts))

    def focus_first(self) -> None:
        if self._needs_ack:
            self.acknowledge.setFocus()
        elif self._next is not None:
            self.continue_button.setFocus()
        else:
            self.done_button.setFocus()

    def may_close(self) -> bool:
        return not self._needs_ack or self.acknowledge.isChecked()

    def insist(self) -> None:
        self.reminder.show()
        self.acknowledge.setFocus()

    def referral_made(self, suggestion: ReferralSuggestion, referral: Referral) -> None:
        for offer in self.offers:
            if offer.suggestion is suggestion:
                offer.show_referred(referral)

    def referral_failed(self, suggestion: ReferralSuggestion, message: str) -> None:
        for offer in self.offers:
            if offer.suggestion is suggestion:
                offer.show_error(message)

    def _update_done(self) -> None:
        self.done_button.setEnabled(self.may_close())
        if self.may_close():
            self.reminder.hide()

    def _done_clicked(self) -> None:
        if self.may_close():
            self.done.emit()
        else:
            self.insist()


class ResourceOffer(QGroupBox):
    """One positive social-need domain: matching directory entries and a referral to the one chosen."""

    refer_requested = Signal(object, object)  # ReferralSuggestion, CommunityResource

    def __init__(self, suggestion: ReferralSuggestion, can_refer: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.private = QLabel()
        self.private.setObjectName("warning")
        self.private.setWordWrap(True)
        self.private.setVisible(suggestion.sensitive)
        self.list = QListWidget()
        for resource in suggestion.resources:
            item = QListWidgetItem(_resource_line(resource))
            item.setData(Qt.ItemDataRole.UserRole, resource)
            self.list.addItem(item)
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * 4 + 8 if suggestion.resources else 0)
        self.list.setVisible(bool(suggestion.resources))
        if suggestion.resources:
            self.list.setCurrentRow(0)
        self.none = QLabel()
        self.none.setWordWrap(True)
        self.none.setVisible(not suggestion.resources)
        self.refer = QPushButton()
        self.refer.setVisible(can_refer and bool(suggestion.resources))
        self.refer.clicked.connect(self._refer)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        layout = QVBoxLayout(self)
        for widget in (self.private, self.list, self.none):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.outcome, 1)
        row.addWidget(self.refer, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        name = label(self.suggestion.category)
        self.setTitle(self.tr("%1: matching resources").replace("%1", name))
        self.list.setAccessibleName(self.tr("Resources for %1").replace("%1", name))
        self.private.setText(self.tr("Offer this only in private, when the member is alone and it is safe to talk."))
        self.none.setText(self.tr("No %1 resources in the directory yet. Ask your supervisor where to refer.")
                          .replace("%1", name.lower()))  # fmt: skip
        self.refer.setText(self.tr("&Refer to the selected resource"))
        self.refer.setAccessibleName(self.tr("Refer to the selected resource for %1").replace("%1", name))

    def _refer(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.refer.setEnabled(False)
            self.refer_requested.emit(self.suggestion, item.data(Qt.ItemDataRole.UserRole))

    def show_referred(self, referral: Referral) -> None:
        self.outcome.setObjectName("success")
        self.outcome.setStyleSheet("color: #1d6b3a;")
        self.outcome.setText(self.tr("Referral sent to %1. A follow-up task is due %2.").replace("%1", referral.to_name)
                             .replace("%2", fmt_date(referral.expected_by)))  # fmt: skip
        self.outcome.show()
        self.refer.hide()

    def show_error(self, message: str) -> None:
        self.outcome.setStyleSheet("color: #9b1c1c;")
        self.outcome.setText(message)
        self.outcome.show()
        self.refer.setEnabled(True)


def _resource_line(resource: CommunityResource) -> str:
    parts = [resource.name, resource.phone, resource.hours]
    return " · ".join(p for p in parts if p)
