"""A minimal unlock prompt (the full lock screen with back-off countdown comes with the app shell)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from ..vault.errors import VaultError
from ..vault.vault import Vault


def ask_passphrase(directory: Path) -> Vault | None:
    vault = Vault(directory)
    if not vault.exists():
        QMessageBox.information(None, "Coach Desktop",
                                "No vault on this computer yet. Create one with “coachctl init”, "
                                "or start with --demo to try the app on synthetic members.")  # fmt: skip
        return None
    while True:
        text, ok = QInputDialog.getText(None, "Coach Desktop", "Passphrase:", QLineEdit.EchoMode.Password)
        if not ok:
            return None
        try:
            vault.unlock(text)
            return vault
        except VaultError as exc:
            QMessageBox.warning(None, "Coach Desktop", exc.message)
