"""The lock screen: passphrase, Unlock, the back-off as a live countdown, failure warnings and how to recover.

A page of the main window (never a dialog), shown at start and after every lock. It talks to the ``Session``
only; the KDF runs on a lane while a busy bar moves.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from ..app.session import Gate, ProblemKind, Session, UnlockInfo, UnlockProblem
from ..vault.backoff import FREE_ATTEMPTS
from .style import icon

TICK_MS = 500
CARD_WIDTH_EM = 34  # wide enough for the messages, narrow enough to read; scales with the font
WARN_WHEN_REMAINING = 5


def format_wait(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class LockScreen(QWidget):
    unlocked = Signal(object)  # UnlockInfo
    setup_requested = Signal()  # the vault is gone: run the first-run wizard again

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._busy = False
        self._deadline: float | None = None
        self._problem: UnlockProblem | None = None
        self._gate = Gate()
        self._demo_passphrase: str | None = None
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._build()
        self.retranslate()

    # ---- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.emblem = QLabel()
        self.emblem.setPixmap(icon("lock").pixmap(QSize(48, 48)))
        self.emblem.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.heading = QLabel(objectName="lockHeading", alignment=Qt.AlignmentFlag.AlignHCenter)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(wordWrap=True, objectName="secondary", alignment=Qt.AlignmentFlag.AlignHCenter)
        self.demo_hint = QLabel(wordWrap=True, objectName="hint", visible=False)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.field_label = QLabel()
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.field_label.setBuddy(self.passphrase)
        self.unlock_button = QPushButton(objectName="primary", default=True)
        self.busy = QProgressBar(visible=False, textVisible=False)
        self.busy.setRange(0, 0)
        self.message = QLabel(wordWrap=True, objectName="error", visible=False)
        self.detail = QLabel(wordWrap=True, objectName="secondary", visible=False)
        self.countdown = QLabel(wordWrap=True, objectName="warning", visible=False)
        self.failures = QLabel(wordWrap=True, objectName="warning", visible=False)
        self.notice_icon = QLabel(visible=False, alignment=Qt.AlignmentFlag.AlignTop)
        self.notice_icon.setPixmap(icon("warning").pixmap(QSize(20, 20)))
        self.setup_button = QPushButton(visible=False)
        self.forgot_button = QPushButton(objectName="link", checkable=True)
        self.forgot_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.forgot_text = QLabel(wordWrap=True, objectName="secondary", visible=False)
        self.forgot_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        card = QFrame(objectName="card")
        card.setMaximumWidth(self.fontMetrics().averageCharWidth() * CARD_WIDTH_EM * 2)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        for widget in (self.emblem, self.heading, self.intro, self.demo_hint, self.field_label):
            inner.addWidget(widget)
        inner.addLayout(row)
        inner.addWidget(self.busy)
        notes = QVBoxLayout()
        for widget in (self.message, self.detail, self.countdown, self.failures):
            notes.addWidget(widget)
        notice = QHBoxLayout()
        notice.addWidget(self.notice_icon)
        notice.addLayout(notes, 1)
        inner.addLayout(notice)
        for widget in (self.setup_button, self.forgot_button, self.forgot_text):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

        self.passphrase.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)
        self.setup_button.clicked.connect(self.setup_requested)
        self.forgot_button.toggled.connect(self.forgot_text.setVisible)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.forgot_button)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Coach Desktop is locked"))
        self.intro.setText(self.tr("Enter your passphrase to open your vault."))
        self.field_label.setText(self.tr("&Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.unlock_button.setText(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.busy.setAccessibleName(self.tr("Unlocking"))
        self.setup_button.setText(self.tr("Set Coach up again…"))
        self.setup_button.setAccessibleName(self.tr("Set Coach up again"))
        self.forgot_button.setText(self.tr("Forgot your passphrase?"))
        self.forgot_button.setAccessibleName(self.tr("Forgot your passphrase?"))
        self.forgot_text.setText(self.tr(
            "Nobody can read your passphrase back: not IT, not the Coach team. Ask IT to erase this computer's "
            "vault (coachctl wipe) and enrol the computer again; everything already synced comes back from the "
            "server. If your organisation turned on the recovery key, IT can also recover changes that were not "
            "synced yet."))  # fmt: skip
        if self._demo_passphrase is not None:
            self.demo_hint.setText(self.tr("This is the demo vault of synthetic members. Its passphrase is: %1")
                                   .replace("%1", self._demo_passphrase))  # fmt: skip
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- public ------------------------------------------------------------------------------

    def show_demo_hint(self, passphrase: str) -> None:
        """The demo vault's passphrase is public (synthetic members only): say it on the screen."""
        self._demo_passphrase = passphrase
        self.demo_hint.setVisible(True)
        self.retranslate()

    def prepare(self, problem: UnlockProblem | None = None) -> None:
        """Shown again (start, after a lock): empty field, fresh back-off state, focus in the field."""
        self.passphrase.clear()
        self._problem = problem
        self._set_busy(False)
        self._session.gate(self._on_gate, self._on_problem)
        self._render()
        self.passphrase.setFocus()

    def start_countdown(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self._ticker.start()
        self._render()

    @property
    def waiting(self) -> bool:
        return self._deadline is not None

    def unlock_with(self, passphrase: str) -> None:
        """Unlock without typing (the demo vault at start)."""
        self.passphrase.setText(passphrase)
        self._submit()

    # ---- behaviour ---------------------------------------------------------------------------

    def _submit(self) -> None:
        if self._busy or self.waiting:
            return
        text = self.passphrase.text()
        self.passphrase.clear()  # the widget never keeps the passphrase once it is handed over
        if not text:
            self.passphrase.setFocus()
            return
        self._problem = None
        self._set_busy(True)
        self._session.unlock(text, self._on_unlocked, self._on_problem)

    def _on_unlocked(self, info: UnlockInfo) -> None:
        self._set_busy(False)
        self._problem = None
        self._gate = Gate()
        self._render()
        self.unlocked.emit(info)

    def _on_problem(self, problem: UnlockProblem) -> None:
        self._set_busy(False)
        self._problem = problem
        if problem.kind is ProblemKind.BACKOFF:
            self.start_countdown(problem.wait_seconds)
        if problem.kind in (ProblemKind.WRONG_PASSPHRASE, ProblemKind.BACKOFF):
            self._session.gate(self._on_gate, lambda _problem: None)
        self._render()
        self.passphrase.setFocus()

    def _on_gate(self, gate: Gate) -> None:
        self._gate = gate
        if gate.wait_seconds > 0:
            self.start_countdown(gate.wait_seconds)
        self._render()

    def _tick(self) -> None:
        if self._deadline is not None and time.monotonic() < self._deadline:
            text = self._countdown_text()
            if text != self.countdown.text():  # a wait can last 15 minutes: touch only the label, and only on change
                self.countdown.setText(text)
            return
        self._deadline = None
        self._ticker.stop()
        if self._problem is not None and self._problem.kind is ProblemKind.BACKOFF:
            self._problem = None
        self.passphrase.setFocus()
        self._render()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self._render()

    # ---- rendering ---------------------------------------------------------------------------

    def _render(self) -> None:
        self.unlock_button.setEnabled(not self._busy and not self.waiting)
        self.passphrase.setEnabled(not self._busy)
        self._show(self.message, self._problem_text())
        self._show(self.detail, self._problem.message if self._problem and self._problem.kind is ProblemKind.DAMAGED
                   else "")  # fmt: skip
        self._show(self.countdown, self._countdown_text())
        self._show(self.failures, self._failures_text())
        self.notice_icon.setVisible(any(w.text() for w in (self.message, self.countdown, self.failures)))
        self.setup_button.setVisible(
            self._problem is not None and self._problem.kind in (ProblemKind.ERASED, ProblemKind.NO_VAULT)
        )

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _countdown_text(self) -> str:
        if self._deadline is None:
            return ""
        left = format_wait(self._deadline - time.monotonic())
        return self.tr("Too many wrong passphrases. You can try again in %1.").replace("%1", left)

    def _failures_text(self) -> str:
        gate = self._gate
        if gate.failures <= 0:
            return ""
        if gate.erases_on_failure:
            return self.tr("Last try: one more wrong passphrase erases this vault. Work already synced is safe on "
                           "the server.")  # fmt: skip
        if gate.remaining_before_erase <= WARN_WHEN_REMAINING:
            return self.tr("Careful: %n more wrong tries erase this vault. Work already synced is safe on the server.",
                           "", gate.remaining_before_erase)  # fmt: skip
        if gate.failures < FREE_ATTEMPTS:
            return self.tr("Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.", "",
                           gate.failures)  # fmt: skip
        return self.tr("Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.", "",
                       gate.failures)  # fmt: skip

    def _problem_text(self) -> str:
        problem = self._problem
        if problem is None or problem.kind is ProblemKind.BACKOFF:
            return ""  # the countdown says it
        texts = {
            ProblemKind.WRONG_PASSPHRASE: self.tr("That passphrase is not correct. Check Caps Lock and try again."),
            ProblemKind.DAMAGED: self.tr("The vault on this computer is damaged, so it was not opened. Nothing was "
                                         "overwritten. Ask IT for help."),
            ProblemKind.IN_USE: self.tr("This vault is open in another Coach Desktop window or in coachctl. Close "
                                        "it, then try again."),
            ProblemKind.ERASED: self.tr("This vault was erased (too many wrong passphrases, or your organisation "
                                        "removed this computer). Set Coach up again and enrol: your synced work "
                                        "comes back from the server."),
            ProblemKind.NO_VAULT: self.tr("There is no vault in this folder yet."),
            ProblemKind.LEASE_EXPIRED: self.tr("Coach has not checked in with the server for too long and could "
                                               "not reach it just now. Connect to the network, then unlock again: "
                                               "Coach checks in first."),
        }  # fmt: skip
        return texts.get(problem.kind, problem.message)
