"""Settings: minutes of inactivity before Coach locks itself, and the language of the screens."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ..app.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings
from .i18n import LANGUAGE_NAMES


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.idle = QSpinBox(minimum=MIN_IDLE_MINUTES, maximum=MAX_IDLE_MINUTES, value=settings.idle_minutes)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.idle_label, self.language_label = QLabel(), QLabel()
        self.idle_label.setBuddy(self.idle)
        self.language_label.setBuddy(self.language)
        self.note = QLabel(wordWrap=True, objectName="secondary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.idle_label, self.idle)
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.idle_label.setText(self.tr("&Lock after this many idle minutes"))
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setAccessibleName(self.tr("Idle minutes before Coach locks"))
        self.language_label.setText(self.tr("&Language"))
        self.language.setAccessibleName(self.tr("Language"))
        self.note.setText(self.tr("Coach locks itself after this many minutes without keyboard or mouse use "
                                  "(at most %1); time the computer spent asleep counts too.")
                          .replace("%1", str(MAX_IDLE_MINUTES)))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self) -> Settings:
        """The settings as edited (the caller saves and applies them)."""
        return replace(self._settings, idle_minutes=self.idle.value(), language=str(self.language.currentData()))
