"""First run: create the vault (passphrase twice, strength meter, reasons a weak one is refused), optionally enrol
this computer with the server, and offer synthetic demo members. Slow steps run on the lanes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..app.setup_service import Assessment, SetupService
from ..vault.vault import Vault
from .background import Lanes, user_message
from .enrol_form import EnrolForm

ASSESS_DELAY_MS = 150  # judge the passphrase once typing pauses, not on every key


def _label(name: str = "secondary") -> QLabel:
    return QLabel(wordWrap=True, objectName=name)


class WelcomePage(QWizardPage):
    def __init__(self, service: SetupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.body = _label("")
        self.where = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(self.where)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to Coach Desktop"))
        self.body.setText(self.tr(
            "Everything you record about your members is kept in an encrypted vault on this computer. Only your "
            "passphrase opens it, so choose one you will remember: nobody can read it back for you.\n\n"
            "Next you can enrol this computer with your organisation's Coach server, so your work is backed up and "
            "shared with your team. You can also do that later."))  # fmt: skip
        self.where.setText(self.tr("The vault will be created in: %1").replace("%1", str(self._service.directory)))


class PassphrasePage(QWizardPage):
    """Passphrase twice, a meter, the reasons; Next ("Create vault") creates the vault on the db lane."""

    def __init__(self, service: SetupService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lanes = lanes
        self._assessment = Assessment(0, ())
        self._running = False
        self._error: str | None = None
        self.user = QLineEdit()
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.meter = QProgressBar(minimum=0, maximum=4, textVisible=False)
        self.strength = QLabel()  # the word beside the bar: text over the coloured bar would be hard to read
        meter_row = QWidget()
        row = QHBoxLayout(meter_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.meter, 1)
        row.addWidget(self.strength)
        self.reasons = _label("error")
        self.mismatch = _label("error")
        self.busy = QProgressBar(visible=False, textVisible=False)
        self.busy.setRange(0, 0)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.user, self.passphrase, self.confirm, meter_row), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.advice = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.advice)
        layout.addLayout(form)
        for widget in (self.reasons, self.mismatch, self.busy):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._timer = QTimer(self, singleShot=True, interval=ASSESS_DELAY_MS)
        self._timer.timeout.connect(self._assess)
        for field in (self.user, self.passphrase):
            field.textChanged.connect(self._typed)
        self.confirm.textChanged.connect(self._render)
        self.setCommitPage(True)  # once the vault exists there is no going back to this page
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose your passphrase"))
        self.advice.setText(self.tr("The vault is yours alone: enter the user name IT gave you for Coach. For the "
                                    "passphrase use at least 12 characters; a short sentence of four or five "
                                    "unrelated words is strong and easy to remember."))  # fmt: skip
        texts = (self.tr("Your Coach &user name"), self.tr("&Passphrase"), self.tr("&Repeat it"),
                 self.tr("Strength"))  # fmt: skip
        names = (self.tr("User name"), self.tr("Passphrase"), self.tr("Repeat the passphrase"),
                 self.tr("Passphrase strength"))  # fmt: skip
        for label, field, text, name in zip(self.labels, (self.user, self.passphrase, self.confirm, self.meter),
                                            texts, names, strict=True):  # fmt: skip
            label.setText(text)
            field.setAccessibleName(name)
        self.user.setPlaceholderText(self.tr("as IT gave it to you, e.g. ana.lopez"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create vault"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    def strength_text(self) -> str:
        names = (self.tr("Very weak"), self.tr("Weak"), self.tr("Fair"), self.tr("Strong"), self.tr("Very strong"))
        return names[max(0, min(4, self._assessment.score))]

    def _typed(self) -> None:
        self._timer.start()
        self.completeChanged.emit()  # Next waits for the new judgement

    def _assess(self) -> None:
        self._assessment = self._service.assess(self.passphrase.text(), self.user.text().strip())
        self._render()

    def _render(self) -> None:
        self.meter.setValue(self._assessment.score)
        self.strength.setText(self.strength_text() if self.passphrase.text() else "")
        self.meter.setAccessibleDescription(self.strength.text())
        typed = bool(self.passphrase.text())
        reasons = list(self._assessment.reasons) if typed else []
        if self._error:
            reasons.append(self._error)
        self.reasons.setText("\n".join(f"• {reason}" for reason in reasons))
        self.reasons.setVisible(bool(reasons))
        differs = bool(self.confirm.text()) and self.confirm.text() != self.passphrase.text()
        self.mismatch.setText(self.tr("The two passphrases are not the same.") if differs else "")
        self.mismatch.setVisible(differs)
        self.busy.setVisible(self._running)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self._running or self._timer.isActive():
            return False
        return (self._service.vault is not None or (bool(self.user.text().strip()) and bool(self.passphrase.text())
                and self._assessment.acceptable and self.confirm.text() == self.passphrase.text()))  # fmt: skip

    def validatePage(self) -> bool:
        if self._service.vault is not None:
            return True
        if self._running or not self.isComplete():
            return False
        passphrase, user = self.passphrase.text(), self.user.text().strip()
        self._running, self._error = True, None
        self._render()
        self._lanes.run_db(lambda: self._service.create_vault(passphrase, user), self._created, self._failed)
        return False  # the wizard moves on when the vault exists (``_created``)

    def _created(self, _vault: Vault) -> None:
        self._running = False
        for field in (self.passphrase, self.confirm):
            field.clear()
        self._render()
        self.wizard().next()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self._error = user_message(exc)
        self._render()


class EnrolPage(QWizardPage):
    def __init__(self, service: SetupService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.form = EnrolForm(service.enroll, lanes, self)
        self.intro = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form, 1)
        self.form.busy_changed.connect(lambda _busy: self.completeChanged.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Enrol this computer (optional)"))
        self.intro.setText(self.tr(
            "With an enrolment code from IT, this computer syncs with your organisation's Coach server. No code "
            "yet? Press Next: you can work offline and enrol later."))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard) and not self.form.user.text():
            self.form.user.setText(wizard.passphrase_page.user.text().strip())

    def isComplete(self) -> bool:
        return not self.form.running


class DemoPage(QWizardPage):
    def __init__(self, service: SetupService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lanes = lanes
        self._running = False
        self._done = False
        self._error: str | None = None
        self.offer = QCheckBox()
        self.explain = _label()
        self.outcome = _label("error")
        self.busy = QProgressBar(visible=False, textVisible=False)
        self.busy.setRange(0, 0)
        layout = QVBoxLayout(self)
        for widget in (self.explain, self.offer, self.busy, self.outcome):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFinalPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Practise with demo members?"))
        self.offer.setText(self.tr("&Add %1 demo members to this vault").replace("%1", str(self._service.demo_members)))
        self.offer.setAccessibleName(self.tr("Add demo members"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def initializePage(self) -> None:
        enrolled = self._enrolled()
        self.offer.setEnabled(not enrolled)
        if enrolled:
            self.offer.setChecked(False)
        self._render()

    def _enrolled(self) -> bool:
        wizard = self.wizard()
        return isinstance(wizard, FirstRunWizard) and wizard.enrol_page.form.result is not None

    def _render(self) -> None:
        if self._enrolled():
            text = self.tr("This computer is enrolled, so your real panel comes from the server. Demo members are only "
                           "offered to a vault that is not enrolled, so they never mix with real ones.")  # fmt: skip
        else:
            text = self.tr("Demo members are generated people (never real data) with conditions, sessions and "
                           "screenings, so you can try every screen before your panel arrives.")  # fmt: skip
        self.explain.setText(text)
        self.busy.setVisible(self._running)
        self.outcome.setText(self._error or "")
        self.outcome.setVisible(bool(self._error))

    def isComplete(self) -> bool:
        return not self._running

    def validatePage(self) -> bool:
        if self._done or not self.offer.isChecked():
            return True
        if self._running:
            return False
        self._running, self._error = True, None
        self._render()
        self.completeChanged.emit()
        self._lanes.run_db(self._service.seed_demo, self._seeded, self._failed)
        return False

    def _seeded(self, _records: int) -> None:
        self._running, self._done = False, True
        self._render()
        self.completeChanged.emit()
        self.wizard().accept()

    def _failed(self, exc: BaseException) -> None:
        self._running, self._error = False, user_message(exc)
        self._render()
        self.completeChanged.emit()


class FirstRunWizard(QWizard):
    """``vault`` is the new, unlocked vault once the passphrase page has run (even if the wizard is then closed)."""

    def __init__(self, service: SetupService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same look on every OS, styled by our sheet
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.welcome_page = WelcomePage(service)
        self.passphrase_page = PassphrasePage(service, lanes)
        self.enrol_page = EnrolPage(service, lanes)
        self.demo_page = DemoPage(service, lanes)
        for page in (self.welcome_page, self.passphrase_page, self.enrol_page, self.demo_page):
            self.addPage(page)
        metrics = self.fontMetrics()  # in text units, so it grows with the font and the scaling
        self.setMinimumSize(metrics.averageCharWidth() * 100, metrics.lineSpacing() * 30)
        self.retranslate()

    @property
    def vault(self) -> Vault | None:
        return self._service.vault

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up Coach Desktop"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
