"""The scaling plot of docs/BENCHMARKS.md, drawn with Qt's QPainter offscreen (no plotting dependency)."""

from __future__ import annotations

import itertools
import math
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

Series = dict[str, list[tuple[float, float]]]
WIDTH, HEIGHT = 1100, 460
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 70, 20, 40, 80
STYLE = {  # series → (label, colour, dashed)
    "ours": ("our initial sync", "#1f77b4", False),
    "floor": ("SQLCipher floor", "#2ca02c", False),
    "pouchdb": ("PouchDB initial sync", "#d62728", False),
    "panel": ("panel open", "#9467bd", False),
}


class LogAxes:
    """A log–log plot area inside ``rect`` covering the data's decades."""

    def __init__(self, rect: QRectF, xs: list[float], ys: list[float]) -> None:
        self.rect = rect
        self.x0, self.x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
        self.y0, self.y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
        self.x1 = max(self.x1, self.x0 + 1)
        self.y1 = max(self.y1, self.y0 + 1)

    def point(self, x: float, y: float) -> QPointF:
        fx = (math.log10(x) - self.x0) / (self.x1 - self.x0)
        fy = (math.log10(y) - self.y0) / (self.y1 - self.y0)
        return QPointF(self.rect.left() + fx * self.rect.width(), self.rect.bottom() - fy * self.rect.height())


def _label(value: float, unit: str) -> str:
    if unit == "records":
        return f"{value / 1000:g}k" if value >= 1000 else f"{value:g}"
    if unit == "s" and value < 1:
        return f"{value * 1000:g} ms"
    return f"{value:g} {unit}"


def _frame(painter: QPainter, axes: LogAxes, title: str, unit: str) -> None:
    grid, text = QPen(QColor("#dddddd")), QPen(QColor("#333333"))
    for decade in range(axes.x0, axes.x1 + 1):
        p = axes.point(10**decade, 10**axes.y0)
        painter.setPen(grid)
        painter.drawLine(QPointF(p.x(), axes.rect.top()), QPointF(p.x(), axes.rect.bottom()))
        painter.setPen(text)
        painter.drawText(QRectF(p.x() - 40, axes.rect.bottom() + 4, 80, 18), Qt.AlignmentFlag.AlignHCenter,
                         _label(10**decade, "records"))  # fmt: skip
    for decade in range(axes.y0, axes.y1 + 1):
        p = axes.point(10**axes.x0, 10**decade)
        painter.setPen(grid)
        painter.drawLine(QPointF(axes.rect.left(), p.y()), QPointF(axes.rect.right(), p.y()))
        painter.setPen(text)
        painter.drawText(QRectF(axes.rect.left() - 68, p.y() - 9, 62, 18), Qt.AlignmentFlag.AlignRight,
                         _label(10**decade, unit))  # fmt: skip
    painter.setPen(QPen(QColor("#888888")))
    painter.drawRect(axes.rect)
    painter.setPen(text)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.save()
    painter.setFont(bold)
    painter.drawText(QRectF(axes.rect.left(), axes.rect.top() - 30, axes.rect.width(), 22),
                     Qt.AlignmentFlag.AlignHCenter, title)  # fmt: skip
    painter.restore()
    painter.drawText(QRectF(axes.rect.left(), axes.rect.bottom() + 22, axes.rect.width(), 18),
                     Qt.AlignmentFlag.AlignHCenter, "records (log scale)")  # fmt: skip


def _series(painter: QPainter, axes: LogAxes, points: list[tuple[float, float]], colour: str, dashed: bool) -> None:
    pen = QPen(QColor(colour), 2.5, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    mapped = [axes.point(x, y) for x, y in points]
    for a, b in itertools.pairwise(mapped):
        painter.drawLine(a, b)
    painter.setBrush(QColor(colour))
    for p in mapped:
        painter.drawEllipse(p, 4, 4)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _linear(painter: QPainter, axes: LogAxes, points: list[tuple[float, float]]) -> None:
    """A dotted line through the first point with slope 1: what linear growth would look like."""
    (x0, y0), x1 = points[0], points[-1][0]
    painter.setPen(QPen(QColor("#999999"), 1.5, Qt.PenStyle.DotLine))
    painter.drawLine(axes.point(x0, y0), axes.point(x1, y0 * x1 / x0))


def _legend(painter: QPainter, names: list[str], top_left: QPointF) -> None:
    x = top_left.x()
    for name in names:
        label, colour, dashed = STYLE[name]
        painter.setPen(QPen(QColor(colour), 2.5, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
        painter.drawLine(QPointF(x, top_left.y()), QPointF(x + 26, top_left.y()))
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(QPointF(x + 32, top_left.y() + 5), label)
        x += 44 + painter.fontMetrics().horizontalAdvance(label)
    painter.setPen(QPen(QColor("#999999"), 1.5, Qt.PenStyle.DotLine))
    painter.drawLine(QPointF(x, top_left.y()), QPointF(x + 26, top_left.y()))
    painter.setPen(QPen(QColor("#333333")))
    painter.drawText(QPointF(x + 32, top_left.y() + 5), "linear growth from the first point")


def _panel(painter: QPainter, rect: QRectF, series: Series, names: list[str], title: str, unit: str) -> None:
    present = [n for n in names if series.get(n)]
    if not present:
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{title}: no figures")
        return
    xs = [x for n in present for x, _ in series[n]]
    ys = [y for n in present for _, y in series[n] if y > 0]
    axes = LogAxes(rect, xs, ys)
    _frame(painter, axes, title, unit)
    painter.setClipRect(rect.adjusted(-6, -6, 6, 6))  # the linear guide may leave the area; the dots may not
    for name in present:
        if len(series[name]) > 1 and name in ("ours", "panel"):
            _linear(painter, axes, series[name])
        _, colour, dashed = STYLE[name]
        _series(painter, axes, series[name], colour, dashed)
    painter.setClipping(False)


def draw(series: Series, path: Path) -> None:
    """Left: initial sync (ours, the floor, PouchDB) in seconds; right: panel open in milliseconds."""
    app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(13)
    painter.setFont(font)
    half = (WIDTH - MARGIN_L * 2 - MARGIN_R * 2) / 2
    left = QRectF(MARGIN_L, MARGIN_T, half, HEIGHT - MARGIN_T - MARGIN_B)
    right = QRectF(MARGIN_L * 2 + MARGIN_R + half, MARGIN_T, half, HEIGHT - MARGIN_T - MARGIN_B)
    _panel(painter, left, series, ["ours", "floor", "pouchdb"], "Initial sync (median)", "s")
    _panel(painter, right, series, ["panel"], "Panel open, first rows painted (median)", "ms")
    _legend(painter, [n for n in STYLE if series.get(n)], QPointF(MARGIN_L, HEIGHT - 18))
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    del app
