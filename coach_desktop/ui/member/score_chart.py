"""A small painted chart of one instrument's totals over time, on shading of its severity bands (REFERENCE §1).

Band edges come from ``domain.scoring`` (PHQ-9 and GAD-7 bands, pre-screen and AUDIT-C cut points), so the chart
never draws a cut-off the scoring does not use. The accessible description reads every point out in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...app.screening_service import ScorePoint
from ...domain import scoring as sc
from ...domain.member import Sex
from ...domain.screening import Instrument
from .labels import fmt_date, label

_LINE = QColor("#1f5fa8")
_AXIS_TEXT = QColor("#3c4043")
_GRID = QColor("#c9cfd6")
_ALERT = QColor("#c62828")
# Light, warmer with severity; the band names are written on the chart, so colour is never the only cue.
_SHADES = (QColor("#e9f3ea"), QColor("#f6f3dc"), QColor("#fbead6"), QColor("#f9dfd6"), QColor("#f5d0d0"))


@dataclass(frozen=True, slots=True)
class Band:
    low: int  # the band's lowest total
    name: str  # a code ``label`` turns into words


def chart_range(instrument: Instrument) -> int | None:
    """The highest possible total, or None for an instrument without one (AHC)."""
    if instrument in (Instrument.PHQ2, Instrument.GAD2):
        return 6
    return {Instrument.PHQ9: 27, Instrument.GAD7: 21, Instrument.AUDIT_C: 12}.get(instrument)


def bands(instrument: Instrument, sex: Sex | None) -> tuple[Band, ...]:
    """Severity bands (or negative/positive zones) of an instrument, from the domain's own cut points."""
    if instrument is Instrument.PHQ9:
        return tuple(Band(low, name) for low, name in sc.PHQ9_BANDS)
    if instrument is Instrument.GAD7:
        return tuple(Band(low, name) for low, name in sc.GAD7_BANDS)
    if instrument is Instrument.PHQ2:
        return Band(0, "negative"), Band(sc.PHQ2_POSITIVE, "positive")
    if instrument is Instrument.GAD2:
        return Band(0, "negative"), Band(sc.GAD2_POSITIVE, "positive")
    if instrument is Instrument.AUDIT_C:
        cutoff, _assumed = sc.audit_c_cutoff(sex or Sex.UNKNOWN)
        return Band(0, "negative"), Band(cutoff, "positive"), Band(sc.AUDIT_C_POSSIBLE_AUD, "possible_aud")
    return ()


class ScoreHistoryChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._instrument: Instrument | None = None
        self._points: tuple[ScorePoint, ...] = ()
        self._sex: Sex | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    def set_history(self, instrument: Instrument | None, points: Sequence[ScorePoint], sex: Sex | None = None) -> None:
        self._instrument = instrument
        self._points = tuple(p for p in points if p.total is not None)
        self._sex = sex
        self.setAccessibleDescription(self.summary())
        self.update()

    def clear(self) -> None:
        self.set_history(None, ())

    def points(self) -> tuple[ScorePoint, ...]:
        return self._points

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Score history"))
        self.setAccessibleDescription(self.summary())

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 16, line * 9)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 26, line * 13)

    def summary(self) -> str:
        """Every point in words, oldest first: what a screen reader says instead of the picture."""
        if self._instrument is None:
            return ""
        name = label(self._instrument)
        if not self._points:
            return self.tr("%1: no scores to chart.").replace("%1", name)
        said = [self._point_words(p) for p in self._points]
        head = self.tr("%1 totals, oldest first").replace("%1", name)
        return f"{head}: " + "; ".join(said) + "."

    def _point_words(self, point: ScorePoint) -> str:
        words = self.tr("%1 (%2) on %3").replace("%1", str(point.total)).replace("%2", label(point.band))
        words = words.replace("%3", fmt_date(point.administered_at.astimezone().date()))
        if not sc.SENSITIVE_FLAGS.isdisjoint(point.flags):
            words += " " + self.tr("(item 9 positive)")
        return words

    # ---- painting ------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._instrument is None:
            return
        top = chart_range(self._instrument)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        if top is None or not self._points:
            painter.setPen(_AXIS_TEXT)
            text = (self.tr("This screening has no total score to chart.") if top is None
                    else self.tr("No scores yet."))  # fmt: skip
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            painter.end()
            return
        # Band names sit in a column right of the plot, so no point ever covers them.
        names = max((fm.horizontalAdvance(label(b.name)) for b in bands(self._instrument, self._sex)), default=0)
        area = QRectF(self.rect()).adjusted(fm.horizontalAdvance("27") + line, line * 0.8, -(names + line), -line * 2)
        self._shade(painter, area, top)
        xs = _xs(len(self._points), area.left() + line * 1.2, area.right() - line * 1.2)
        ys = [_y(area, top, p.total or 0) for p in self._points]
        self._line(painter, xs, ys)
        self._dates(painter, xs, area.bottom() + line * 0.4)
        painter.end()

    def _shade(self, painter: QPainter, area: QRectF, top: int) -> None:
        fm = self.fontMetrics()
        shown = bands(self._instrument, self._sex) if self._instrument else ()
        for index, band in enumerate(shown):
            # Edges half a point below each band's lowest total, so every whole total sits inside its band.
            y_low = _y(area, top, band.low - 0.5)
            y_top = _y(area, top, shown[index + 1].low - 0.5) if index + 1 < len(shown) else area.top()
            rect = QRectF(area.left(), y_top, area.width(), y_low - y_top)
            painter.fillRect(rect, _SHADES[round(index * (len(_SHADES) - 1) / max(1, len(shown) - 1))])
            if rect.height() >= fm.height() * 0.8:
                painter.setPen(_AXIS_TEXT)
                beside = QRectF(area.right() + 6, rect.top(), self.width() - area.right() - 6, rect.height())
                painter.drawText(beside, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label(band.name))
            self._axis_number(painter, area, band.low, _y(area, top, band.low))
        painter.setPen(QPen(_GRID, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area)
        self._axis_number(painter, area, top, area.top() + fm.ascent() / 2)

    def _axis_number(self, painter: QPainter, area: QRectF, value: int, y: float) -> None:
        fm = self.fontMetrics()
        painter.setPen(_AXIS_TEXT)
        text = str(value)
        painter.drawText(QPointF(area.left() - fm.horizontalAdvance(text) - 6, y + fm.ascent() / 2 - 1), text)

    def _line(self, painter: QPainter, xs: list[float], ys: list[float]) -> None:
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(QPointF(x, y))
        painter.setPen(QPen(_LINE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        fm = self.fontMetrics()
        for x, y, point in zip(xs, ys, self._points, strict=True):
            painter.setPen(QPen(_LINE, 2))
            painter.setBrush(_LINE if point.positive else QColor("#ffffff"))  # filled = a positive screen
            painter.drawEllipse(QPointF(x, y), 4.5, 4.5)
            if not sc.SENSITIVE_FLAGS.isdisjoint(point.flags):  # item 9: a red ring whatever the total
                painter.setPen(QPen(_ALERT, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), 8, 8)
            text = str(point.total)
            painter.setPen(_AXIS_TEXT)
            above = y - 11 if y - 11 - fm.ascent() > 0 else y + 11 + fm.ascent()  # clear of the red ring
            painter.drawText(QPointF(x - fm.horizontalAdvance(text) / 2, above), text)

    def _dates(self, painter: QPainter, xs: list[float], y: float) -> None:
        fm = self.fontMetrics()
        painter.setPen(_AXIS_TEXT)
        last = len(self._points) - 1
        placed_right = -1.0
        for index in sorted({0, last}):
            text = fmt_date(self._points[index].administered_at.astimezone().date())
            width = fm.horizontalAdvance(text)
            x = min(max(xs[index] - width / 2, 0), self.width() - width - 2)
            if x < placed_right + 8:
                continue  # one point only, or the two dates would overlap
            painter.drawText(QPointF(x, y + fm.ascent()), text)
            placed_right = x + width


def _y(area: QRectF, top: int, value: float) -> float:
    return area.bottom() - area.height() * max(0.0, min(float(top), value)) / top


def _xs(count: int, left: float, right: float) -> list[float]:
    """Evenly spaced by screening: every point stays readable however close in time."""
    if count == 1:
        return [(left + right) / 2]
    return [left + (right - left) * i / (count - 1) for i in range(count)]
