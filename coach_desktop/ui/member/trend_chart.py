"""A small painted chart of one behaviour over sessions: the 0–10 rulers above, the stage of change below."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...app.member_chart import BehaviourTrend, TrendPoint
from ...domain.session_note import StageOfChange
from .labels import fmt_date, label

_STAGES = tuple(StageOfChange)
_GRID = QColor("#d5d9de")
_AXIS_TEXT = QColor("#3c4043")
_STAGE_COLOUR = QColor("#6a1b9a")
# (field, colour, line style, marker): each series differs in shape and dash, not only in colour.
_SERIES = (
    ("importance", QColor("#1f5fa8"), Qt.PenStyle.SolidLine, "circle"),
    ("confidence", QColor("#a34f00"), Qt.PenStyle.DashLine, "square"),
    ("readiness", QColor("#2e7d32"), Qt.PenStyle.DotLine, "triangle"),
)


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trend: BehaviourTrend | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Rulers and stage over time"))

    def set_trend(self, trend: BehaviourTrend | None) -> None:
        self._trend = trend
        self.setAccessibleDescription(self._summary() if trend else "")
        self.update()

    def clear(self) -> None:
        self.set_trend(None)

    def trend(self) -> BehaviourTrend | None:
        return self._trend

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Rulers and stage over time"))
        self.set_trend(self._trend)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 18, line * 13)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 16)

    def series_names(self) -> dict[str, str]:
        return {"importance": self.tr("Importance"), "confidence": self.tr("Confidence"),
                "readiness": self.tr("Readiness")}  # fmt: skip

    # ---- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._trend is None or not self._trend.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        left = max(fm.horizontalAdvance(label(s)) for s in _STAGES) + line
        area = QRectF(self.rect()).adjusted(left, line * 2.2, -line, -line * 2.4)
        rulers = QRectF(area.left(), area.top(), area.width(), area.height() * 0.58)
        stages = QRectF(
            area.left(), rulers.bottom() + line * 1.8, area.width(), area.bottom() - rulers.bottom() - line * 1.8
        )
        points = self._trend.points
        xs = _xs(len(points), area.left() + line / 2, area.right() - line / 2)
        self._legend(painter, area.left(), line)
        self._ruler_grid(painter, rulers)
        for field, colour, style, marker in _SERIES:
            values = [(x, getattr(p, field)) for x, p in zip(xs, points, strict=True)]
            self._series(painter, rulers, values, colour, style, marker)
        self._stage_plot(painter, stages, xs, points)
        self._dates(painter, xs, points, area.bottom() + line * 0.9)
        painter.end()

    def _legend(self, painter: QPainter, x: float, line: float) -> None:
        names = self.series_names()
        for field, colour, style, marker in _SERIES:
            y = line * 0.8
            painter.setPen(QPen(colour, 2, style))
            painter.drawLine(QPointF(x, y), QPointF(x + line * 1.6, y))
            _marker(painter, QPointF(x + line * 0.8, y), marker, colour, line * 0.3)
            painter.setPen(_AXIS_TEXT)
            text_x = x + line * 2
            painter.drawText(QPointF(text_x, y + line * 0.35), names[field])
            x = text_x + self.fontMetrics().horizontalAdvance(names[field]) + line * 1.2
        painter.drawText(QPointF(x, line * 0.8 + line * 0.35), self.tr("(0–10)"))

    def _ruler_grid(self, painter: QPainter, rect: QRectF) -> None:
        fm = self.fontMetrics()
        for value in (0, 5, 10):
            y = rect.bottom() - rect.height() * value / 10
            painter.setPen(QPen(_GRID, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(_AXIS_TEXT)
            text = str(value)
            painter.drawText(QPointF(rect.left() - fm.horizontalAdvance(text) - 6, y + fm.ascent() / 2 - 1), text)

    def _series(self, painter: QPainter, rect: QRectF, values: list[tuple[float, int | None]], colour: QColor,
                style: Qt.PenStyle, marker: str) -> None:  # fmt: skip
        path, started = QPainterPath(), False
        for x, value in values:
            if value is None:
                started = False  # a gap where the ruler was not asked
                continue
            point = QPointF(x, rect.bottom() - rect.height() * value / 10)
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
            started = True
        painter.setPen(QPen(colour, 2, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for x, value in values:
            if value is not None:
                _marker(painter, QPointF(x, rect.bottom() - rect.height() * value / 10), marker, colour, 3.5)

    def _stage_plot(self, painter: QPainter, rect: QRectF, xs: list[float], points: tuple[TrendPoint, ...]) -> None:
        fm = self.fontMetrics()
        step = rect.height() / max(1, len(_STAGES) - 1)
        for index, stage in enumerate(_STAGES):
            y = rect.bottom() - step * index
            painter.setPen(QPen(_GRID, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(_AXIS_TEXT)
            text = label(stage)
            painter.drawText(QPointF(rect.left() - fm.horizontalAdvance(text) - 6, y + fm.ascent() / 2 - 1), text)
        ys = [rect.bottom() - step * _STAGES.index(p.stage) for p in points]
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y, previous in zip(xs[1:], ys[1:], ys, strict=False):
            path.lineTo(QPointF(x, previous))  # a step: the stage holds until the next session
            path.lineTo(QPointF(x, y))
        painter.setPen(QPen(_STAGE_COLOUR, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)  # the markers leave a brush set: a path would be filled
        painter.drawPath(path)
        for x, y in zip(xs, ys, strict=True):
            _marker(painter, QPointF(x, y), "diamond", _STAGE_COLOUR, 4)

    def _dates(self, painter: QPainter, xs: list[float], points: tuple[TrendPoint, ...], y: float) -> None:
        fm = self.fontMetrics()
        painter.setPen(_AXIS_TEXT)
        shown = {0, len(points) - 1}
        for index in sorted(shown):
            text = fmt_date(points[index].on.astimezone().date())
            width = fm.horizontalAdvance(text)
            x = min(max(xs[index] - width / 2, 0), self.width() - width - 2)
            painter.drawText(QPointF(x, y + fm.ascent()), text)

    def _summary(self) -> str:
        assert self._trend is not None
        first, last = self._trend.points[0], self._trend.points[-1]
        stage = self.tr("stage %1 to %2").replace("%1", label(first.stage)).replace("%2", label(last.stage))
        parts = [self.tr("%n session(s)", "", len(self._trend.points)), stage]
        for field, name in self.series_names().items():
            a, b = getattr(first, field), getattr(last, field)
            if a is not None and b is not None:
                parts.append(self.tr("%1 %2 to %3").replace("%1", name).replace("%2", str(a)).replace("%3", str(b)))
        return "; ".join(parts)


def _xs(count: int, left: float, right: float) -> list[float]:
    """Evenly spaced by session (not by date): every session stays readable however close in time."""
    if count == 1:
        return [(left + right) / 2]
    return [left + (right - left) * i / (count - 1) for i in range(count)]


def _marker(painter: QPainter, at: QPointF, shape: str, colour: QColor, radius: float) -> None:
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(colour)
    if shape == "circle":
        painter.drawEllipse(at, radius, radius)
    elif shape == "square":
        painter.drawRect(QRectF(at.x() - radius, at.y() - radius, radius * 2, radius * 2))
    else:
        r = radius * 1.25
        corners = ([(0, -r), (r, r * 0.8), (-r, r * 0.8)] if shape == "triangle"
                   else [(0, -r), (r, 0), (0, r), (-r, 0)])  # fmt: skip
        painter.drawPolygon(QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in corners]))
