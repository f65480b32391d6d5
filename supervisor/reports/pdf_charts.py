"""Vector charts for the bulletin (reportlab.graphics): status by area, trend over periods."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Sequence

from reportlab.graphics.charts.axes import ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, HexColor, black

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.data import AreaSummary, TrendPoint
from supervisor.reports.fonts import REPLACEMENT_CHAR, FontSet, PdfFont, RenderNotes

LABEL_SIZE = 9.0
# Beyond these, a chart would not fit on a page or its labels would collide.
MAX_CHART_AREAS = 30
MAX_TREND_POINTS = 12
_MARKERS = ("FilledCircle", "FilledSquare", "FilledDiamond", "FilledTriangle", "Circle", "Square")
_DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1, 2), (6, 2, 1, 2))


def _darken(colour: Color, factor: float) -> Color:
    hue, light, sat = colorsys.rgb_to_hls(colour.red, colour.green, colour.blue)
    return Color(*colorsys.hls_to_rgb(hue, light * factor, sat))


def status_fill_colours(statuses: Sequence[TaskStatus]) -> dict[TaskStatus, Color]:
    """Return bar fills from STATUS_COLOURS; a colour already taken is darkened so that two
    statuses sharing one palette entry (已完成, 超序时) stay apart in a stacked bar."""
    used: list[tuple[float, float, float]] = []
    out = {}
    for status in statuses:
        base = HexColor(STATUS_COLOURS[status])
        while base.rgb() in used:
            base = _darken(base, 0.8)
        used.append(base.rgb())
        out[status] = base
    return out


def status_line_colours(statuses: Sequence[TaskStatus]) -> dict[TaskStatus, Color]:
    """Return strong colours of the same hues for lines (the palette's pastels vanish as lines)."""
    out = {}
    for status, fill in status_fill_colours(statuses).items():
        hue, light, sat = colorsys.rgb_to_hls(fill.red, fill.green, fill.blue)
        out[status] = Color(*colorsys.hls_to_rgb(hue, min(light, 0.92) * 0.45, max(sat, 0.55)))
    return out


def _label(text: str, font: PdfFont, notes: RenderNotes, max_width: float | None = None) -> str:
    """Return a chart label drawable in ``font`` alone (one face per axis), trimmed to width."""
    chars = []
    for char in text:
        if char in font.chars:
            chars.append(char)
        else:
            notes.replaced[char] = notes.replaced.get(char, 0) + 1
            chars.append(REPLACEMENT_CHAR)
    label = "".join(chars)
    if max_width is not None and font.text_width(label, LABEL_SIZE) > max_width:
        while label and font.text_width(label + "…", LABEL_SIZE) > max_width:
            label = label[:-1]
        label += "…"
    return label


def _short_period(label: str) -> str:
    """第19周 rather than 2020年第19周 under a trend point: the year is in the title."""
    return re.sub(r"^\d{4}年(?=第|\d)", "", label) or label


def _drawing(width: float, height: float, font: PdfFont) -> Drawing:
    drawing = Drawing(width, height)
    # Otherwise the renderer starts with Helvetica, which would be referenced but not embedded.
    drawing.initialFontName = font.name
    drawing.initialFontSize = LABEL_SIZE
    return drawing


def _nice_step(maximum: int, ticks: int = 8) -> int:
    """A round axis step giving at most ``ticks`` steps up to ``maximum``."""
    ticks = max(2, ticks)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if maximum / step <= ticks:
            return step
    return max(1, maximum // ticks)


def _count_axis(axis: ValueAxis, maximum: int, font: PdfFont, *, ticks: int = 8) -> None:
    """A value axis of whole counts from 0 in round steps, with a light grid (both charts)."""
    axis.valueMin = 0
    axis.valueStep = _nice_step(maximum, ticks)
    axis.valueMax = max(axis.valueStep, maximum)
    axis.labels.fontName = font.name
    axis.labels.fontSize = LABEL_SIZE
    axis.labelTextFormat = "%d"
    axis.strokeWidth = 0.5
    axis.visibleGrid = 1
    axis.gridStrokeWidth = 0.25
    axis.gridStrokeColor = HexColor("#BFBFBF")


def _legend(
    drawing: Drawing,
    items: Sequence[tuple[str, Color]],
    font: PdfFont,
    y: float,
    *,
    as_lines: bool = False,
) -> None:
    x = 0.0
    for index, (name, paint) in enumerate(items):
        if as_lines:
            mark = Line(x, y + 3.5, x + 16, y + 3.5, strokeColor=paint, strokeWidth=1.8)
            mark.strokeDashArray = _DASHES[index % len(_DASHES)]
            drawing.add(mark)
            x += 19
        else:
            drawing.add(Rect(x, y, 10, 8, fillColor=paint, strokeColor=black, strokeWidth=0.3))
            x += 13
        drawing.add(String(x, y + 0.5, name, fontName=font.name, fontSize=LABEL_SIZE))
        x += font.text_width(name, LABEL_SIZE) + 12


def area_status_chart(
    areas: Sequence[AreaSummary], width: float, fonts: FontSet, notes: RenderNotes
) -> Drawing | None:
    """Stacked horizontal bars: each area's tasks by status.

    Args:
        areas: The same per-area counts the dashboard shows.
        width: Width of the drawing in points.
        fonts: Faces; labels use the Hei face.
        notes: Collects characters replaced in labels.

    Returns:
        The drawing, or None when there is nothing to chart.
    """
    shown = [a for a in areas if a.total > 0]
    if not shown:
        return None
    if len(shown) > MAX_CHART_AREAS:
        shown = sorted(shown, key=lambda a: -a.total)[:MAX_CHART_AREAS]
    statuses = [s for s in TaskStatus if any(a.counts.get(s, 0) for a in shown)]
    if not statuses:
        return None
    font = fonts.heading
    fills = status_fill_colours(statuses)
    longest = max(font.text_width(a.area, LABEL_SIZE) for a in shown)
    label_width = min(150.0, width * 0.34, longest + 4)
    slot = max(8.0, min(14.0, 112.0 / len(shown)))
    plot_height = slot * len(shown)
    legend_height = 18.0
    axis_height = 18.0
    drawing = _drawing(width, plot_height + legend_height + axis_height, font)

    chart = HorizontalBarChart()
    chart.x = label_width + 6
    chart.y = axis_height
    chart.width = width - chart.x - 10
    chart.height = plot_height
    chart.data = [[a.counts.get(status, 0) for a in shown] for status in statuses]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_label(a.area, font, notes, label_width) for a in shown]
    # The first area on top, as in the table below the chart.
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = font.name
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeWidth = 0.5
    _count_axis(chart.valueAxis, max(a.total for a in shown), font)
    chart.barWidth = slot * 0.6
    chart.groupSpacing = slot * 0.4
    chart.bars.strokeWidth = 0.3
    chart.bars.strokeColor = black
    for index, status in enumerate(statuses):
        chart.bars[index].fillColor = fills[status]
    chart.barLabelFormat = lambda value: f"{int(value)}" if value else ""
    chart.barLabels.fontName = font.name
    chart.barLabels.fontSize = LABEL_SIZE - 1
    chart.barLabels.boxTarget = "mid"
    drawing.add(chart)
    _legend(
        drawing,
        [(status.value, fills[status]) for status in statuses],
        font,
        plot_height + axis_height + 8,
    )
    return drawing


def trend_chart(
    trend: Sequence[TrendPoint], width: float, fonts: FontSet, notes: RenderNotes
) -> Drawing | None:
    """Lines of the status counts over the last periods.

    Args:
        trend: Status counts at the end of each period, oldest first.
        width: Width of the drawing in points.
        fonts: Faces; labels use the Hei face.
        notes: Collects characters replaced in labels.

    Returns:
        The drawing, or None when there are no periods.
    """
    points = list(trend)[-MAX_TREND_POINTS:]
    if not points:
        return None
    statuses = [s for s in TaskStatus if any(p.counts.get(s, 0) for p in points)]
    if not statuses:
        return None
    font = fonts.heading
    strokes = status_line_colours(statuses)
    height = 120.0
    drawing = _drawing(width, height, font)
    chart = HorizontalLineChart()
    chart.x = 34
    chart.y = 36
    chart.width = width - chart.x - 12
    chart.height = height - chart.y - 36
    chart.data = [[p.counts.get(status, 0) for p in points] for status in statuses]
    slot_width = chart.width / len(points)
    chart.categoryAxis.categoryNames = [
        _label(_short_period(p.period_label), font, notes, max(slot_width - 4, 40)) for p in points
    ]
    chart.categoryAxis.labels.fontName = font.name
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    if len(points) > 6:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.strokeWidth = 0.5
    # Value labels at least 12 pt apart, so the 9 pt numbers never overlap.
    maximum = max(max(series) for series in chart.data)
    _count_axis(chart.valueAxis, maximum, font, ticks=int(chart.height // 12))
    chart.joinedLines = 1
    for index, status in enumerate(statuses):
        chart.lines[index].strokeColor = strokes[status]
        chart.lines[index].strokeWidth = 1.8
        chart.lines[index].strokeDashArray = _DASHES[index % len(_DASHES)]
        marker = makeMarker(_MARKERS[index % len(_MARKERS)])
        marker.fillColor = strokes[status]
        marker.strokeColor = strokes[status]
        marker.size = 5
        chart.lines[index].symbol = marker
    drawing.add(chart)
    _legend(
        drawing,
        [(status.value, strokes[status]) for status in statuses],
        font,
        height - 18,
        as_lines=True,
    )
    return drawing
