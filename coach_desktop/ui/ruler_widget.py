"""A 0–10 readiness ruler (REFERENCE §2.2): one tab stop, arrows/digits/Home/End/Delete, or a click on a number."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LOWEST, HIGHEST = 0, 10  # 0 = not at all, 10 = extremely
TWO_DIGIT_MS = 900  # "1" then "0" within this time means 10
_ACCENT = QColor("#1f6f8b")
_BORDER = QColor("#7d8893")
_FOCUS = QColor("#1f6f8b")


class RulerWidget(QWidget):
    """A rating 0–10 or not rated (None). ``value_changed`` carries the new value (int or None)."""

    value_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: int | None = None
        self._read_only = False
        self._typed = QElapsedTimer()
        self._last_digit: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_texts("", "")

    # ---- value -------------------------------------------------------------------------------------

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None:
            value = max(LOWEST, min(HIGHEST, int(value)))
        if value == self._value:
            return
        self._value = value
        self._describe()
        self.update()
        self.value_changed.emit(value)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.PointingHandCursor)
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    def set_texts(self, not_rated: str, of_ten: str) -> None:
        """Words for the accessible description: "not rated" and "%1 of 10" (translated by the owner)."""
        self._not_rated, self._of_ten = not_rated or "not rated", of_ten or "%1 of 10"
        self._describe()

    def _describe(self) -> None:
        text = self._not_rated if self._value is None else self._of_ten.replace("%1", str(self._value))
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # ---- input -------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._read_only:
            super().keyPressEvent(event)
            return
        key, current = event.key(), self._value
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1}
        if key in steps:
            self.set_value(LOWEST if current is None else current + steps[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            self.set_value(LOWEST)
        elif key == Qt.Key.Key_End:
            self.set_value(HIGHEST)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._digit(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)  # Tab, Escape… keep their meaning
            return
        event.accept()

    def _digit(self, digit: int) -> None:
        quick = self._typed.isValid() and self._typed.elapsed() < TWO_DIGIT_MS
        if quick and self._last_digit == 1 and digit == 0:
            self.set_value(10)
            self._last_digit = None
            return
        self.set_value(digit)
        self._last_digit = digit
        self._typed.restart()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._read_only or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        cell = self._cell_at(int(event.position().x()))
        if cell is not None:
            self.set_value(cell)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # ---- painting ----------------------------------------------------------------------------------

    def _cell_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("10") + 14

    def _cells(self) -> list[QRect]:
        width = max(self._cell_width(), (self.width() - 4) // (HIGHEST + 1))
        height = self.height() - 4
        return [QRect(2 + i * width, 2, width, height) for i in range(HIGHEST + 1)]

    def _cell_at(self, x: int) -> int | None:
        for value, rect in enumerate(self._cells()):
            if rect.left() <= x <= rect.right():
                return value
        return None

    def sizeHint(self) -> QSize:
        return QSize(4 + (HIGHEST + 1) * self._cell_width(), self.fontMetrics().height() + 14)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.Text)
        for value, rect in enumerate(self._cells()):
            chosen = value == self._value
            painter.setPen(QPen(_BORDER, 1))
            painter.setBrush(_ACCENT if chosen else QColor("#ffffff"))
            if self._read_only and not chosen:
                painter.setBrush(QColor("#eceff2"))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
            painter.setPen(QColor("#ffffff") if chosen else text)
            font = painter.font()
            font.setBold(chosen)
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(_FOCUS, 2))
            cells = self._cells()
            painter.drawRoundedRect(cells[0].united(cells[-1]).adjusted(0, 0, 0, 0), 4, 4)
        painter.end()
