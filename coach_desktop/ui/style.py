"""The look: the shipped style sheet, the icons drawn for the app, and a legible base font (at least 10 pt)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

# Shipped inside the package (pyproject package-data), found by path so an installed wheel and a checkout agree.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ICONS = RESOURCES / "icons"
STYLE_SHEET = RESOURCES / "style.qss"
MIN_POINT_SIZE = 10.0


@cache
def icon(name: str) -> QIcon:
    """One of resources/icons/<name>.svg (today, panel, member, sync, lock, warning)."""
    path = ICONS / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(f"no icon named {name!r}")
    return QIcon(str(path))


def style_sheet() -> str:
    return STYLE_SHEET.read_text(encoding="utf-8")


def legible_font(font: QFont) -> QFont:
    """The system font, raised to at least 10 pt (some desktops default to 9)."""
    result = QFont(font)
    if result.pointSizeF() > 0 and result.pointSizeF() < MIN_POINT_SIZE:
        result.setPointSizeF(MIN_POINT_SIZE)
    return result


def apply_style(app: QApplication) -> None:
    """Fusion everywhere (the style sheet then looks the same on Windows, macOS and Linux), our sheet, our font."""
    app.setStyle("Fusion")
    app.setFont(legible_font(app.font()))
    app.setStyleSheet(style_sheet())
