"""Enrol this computer with the Coach server: address, user name, password, enrolment code (and authenticator code).

Used by the first-run wizard; the request runs on the net lane. An unreachable server is not a failure of the
setup: the nurse works offline and enrols later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..sync.enrolment import Enrolment
from ..sync.errors import SyncError, SyncErrorKind
from .background import Lanes, user_message

EnrolFn = Callable[[str, str, str, str, str], Enrolment]  # server, user, password, code, authenticator code


class EnrolForm(QWidget):
    enrolled = Signal(object)  # Enrolment
    busy_changed = Signal(bool)

    def __init__(self, enroll: EnrolFn, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._enroll = enroll
        self._lanes = lanes
        self._running = False
        self.result: Enrolment | None = None
        self._error: BaseException | None = None
        self.server = QLineEdit(placeholderText="https://coach.example.org")
        self.user = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.totp = QLineEdit(maxLength=8)
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.server, self.user, self.password, self.code, self.totp),
                                strict=True):  # fmt: skip
            label.setBuddy(field)
            form.addRow(label, field)
        self.enrol_button = QPushButton(objectName="primary")
        self.busy = QProgressBar(visible=False, textVisible=False)
        self.busy.setRange(0, 0)
        self.outcome = QLabel(wordWrap=True, visible=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.busy)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.enrol_button.clicked.connect(self.submit)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (self.tr("Server &address"), self.tr("&User name"), self.tr("&Password"), self.tr("&Enrolment code"),
                 self.tr("Au&thenticator code"))  # fmt: skip
        names = (self.tr("Server address"), self.tr("User name"), self.tr("Server password"),
                 self.tr("Enrolment code"), self.tr("Authenticator code"))  # fmt: skip
        for label, field, text, name in zip(self.labels, (self.server, self.user, self.password, self.code, self.totp),
                                            texts, names, strict=True):  # fmt: skip
            label.setText(text)
            field.setAccessibleName(name)
        self.totp.setPlaceholderText(self.tr("if your organisation uses one"))
        self.enrol_button.setText(self.tr("Enrol this &computer"))
        self.enrol_button.setAccessibleName(self.tr("Enrol this computer"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def running(self) -> bool:
        return self._running

    def filled(self) -> bool:
        return all(f.text().strip() for f in (self.server, self.user, self.password, self.code))

    def submit(self) -> None:
        if self._running or self.result is not None:
            return
        if not self.filled():
            self._error = ValueError("missing")
            self._render()
            return
        values = (self.server.text().strip(), self.user.text().strip(), self.password.text(), self.code.text().strip(),
                  self.totp.text().strip())  # fmt: skip
        self.password.clear()  # not kept in the widget once handed over
        self._set_running(True)
        self._lanes.run_net(lambda: self._enroll(*values), self._done, self._failed)

    def _done(self, enrolment: Enrolment) -> None:
        self.result, self._error = enrolment, None
        self._set_running(False)
        for field in (self.server, self.user, self.password, self.code, self.totp):
            field.setEnabled(False)
        self.enrolled.emit(enrolment)

    def _failed(self, exc: BaseException) -> None:
        self._error = exc
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.busy.setVisible(running)
        self.enrol_button.setEnabled(not running and self.result is None)
        self._render()
        self.busy_changed.emit(running)

    def _render(self) -> None:
        text, name = "", "secondary"
        if self.result is not None:
            text, name = self.tr("This computer is enrolled. Your panel downloads at the first sync."), "success"
        elif self._running:
            text = self.tr("Contacting the server…")
        elif isinstance(self._error, ValueError):
            text, name = self.tr("Fill in the server address, user name, password and enrolment code."), "error"
        elif isinstance(self._error, SyncError) and self._error.kind is SyncErrorKind.NETWORK:
            text, name = self.tr("Can't reach the Coach server. You can work offline and enrol later: File ▸ Enrol "
                                 "this computer."), "warning"  # fmt: skip
        elif self._error is not None:
            text, name = user_message(self._error) + " " + self.tr("You can also skip this and enrol later."), "error"
        self.outcome.setObjectName(name)
        self.outcome.style().unpolish(self.outcome)  # the style sheet colours the label by its object name
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))


class EnrolDialog(QDialog):
    """Enrol later, from the main window; closes by itself once enrolled."""

    def __init__(self, enroll: EnrolFn, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = EnrolForm(enroll, lanes, self)
        self.intro = QLabel(wordWrap=True, objectName="secondary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.form.enrolled.connect(lambda _enrolment: self.accept())
        self.form.busy_changed.connect(lambda busy: self.buttons.setEnabled(not busy))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enrol this computer"))
        self.intro.setText(self.tr("With an enrolment code from IT, this computer syncs with your organisation's "
                                   "Coach server. Your work so far is kept and sent at the first sync."))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        if not self.form.running:  # the answer is on its way: wait for it rather than drop it
            super().reject()
