"""Composition root of the desktop app: builds the vault, services and window, and passes them down."""

from __future__ import annotations

import argparse
import faulthandler
import sys
from collections.abc import Sequence
from pathlib import Path

from ..vault.errors import VaultError
from ..vault.paths import default_vault_dir


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="coach-desktop", description="Coach Desktop")
    parser.add_argument("--demo", action="store_true", help="open the demo vault of synthetic members")
    parser.add_argument("--vault", type=Path, default=None, help="vault directory (default: per-user data dir)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    faulthandler.enable(all_threads=True)  # file/function/line only: no PHI (SECURITY §7.6)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..sync.errors import LeaseExpired
    from ..sync.lease import require_lease
    from ..ui.panel_window import PanelWindow
    from ..ui.unlock_dialog import ask_passphrase
    from .demo import open_demo_vault
    from .panel_service import PanelService

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Coach Desktop")
    try:
        if args.demo:
            vault = open_demo_vault()
        else:
            vault = ask_passphrase(args.vault or default_vault_dir())
            if vault is None:
                return 1
    except VaultError as exc:
        QMessageBox.critical(None, "Coach Desktop", exc.message)
        return 1
    try:
        require_lease(vault)  # SECURITY R17: no patient data after too long without a check-in
    except LeaseExpired as exc:
        vault.lock()
        QMessageBox.critical(None, "Coach Desktop", exc.message)
        return 1
    window = PanelWindow(PanelService(vault))
    window.show()
    try:
        return app.exec()
    finally:
        vault.lock()


if __name__ == "__main__":
    raise SystemExit(main())
