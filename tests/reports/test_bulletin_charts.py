"""The bulletin's charts painted as PNG for the Word document, read back pixel by pixel."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.colors import HexColor

from supervisor.domain import TaskStatus
from supervisor.reports.chart_png import drawing_png
from supervisor.reports.data import AreaSummary, TrendPoint
from supervisor.reports.fonts import RenderNotes, load_font_set
from supervisor.reports.pdf_charts import area_status_chart, status_fill_colours, trend_chart


def _rgb(colour: HexColor) -> tuple[int, int, int]:
    return tuple(round(255 * c) for c in (colour.red, colour.green, colour.blue))  # type: ignore[return-value]


def _pixels(image: Image.Image) -> list[tuple[int, ...]]:
    # get_flattened_data replaces getdata from Pillow 12 on.
    return list(getattr(image, "get_flattened_data", image.getdata)())


def _share(image: Image.Image, colour: tuple[int, int, int], box: tuple[int, ...]) -> float:
    """The share of a box's pixels in a colour (±2 per channel)."""
    region = image.crop(box).convert("RGB")
    pixels = _pixels(region)
    near = sum(1 for p in pixels if all(abs(a - b) <= 2 for a, b in zip(p, colour, strict=True)))
    return near / len(pixels)


def test_a_bar_chart_paints_each_status_in_proportion_where_the_pdf_draws_it() -> None:
    fonts = load_font_set()
    areas = [
        AreaSummary("产业发展", 10, {TaskStatus.DONE: 8, TaskStatus.BEHIND: 2}),
        AreaSummary("民生保障", 10, {TaskStatus.DONE: 2, TaskStatus.BEHIND: 8}),
    ]
    drawing = area_status_chart(areas, 400, fonts, RenderNotes())
    assert drawing is not None
    image = Image.open(io.BytesIO(drawing_png(drawing, [fonts.heading], dpi=144)))
    # The PNG has the drawing's size at 144 dpi (2 pixels a point) and records that dpi.
    assert image.size == (round(drawing.width * 2), round(drawing.height * 2))
    assert round(image.info["dpi"][0]) == 144
    fills = status_fill_colours([TaskStatus.DONE, TaskStatus.BEHIND])
    done, behind = _rgb(fills[TaskStatus.DONE]), _rgb(fills[TaskStatus.BEHIND])
    width, height = image.size
    top, bottom = (0, 20, width, height // 2), (0, height // 2, width, height - 30)
    # The first area (drawn on top) is mostly done, the second mostly behind.
    assert _share(image, done, top) > 3 * _share(image, behind, top) > 0
    assert _share(image, behind, bottom) > 3 * _share(image, done, bottom) > 0
    # Labels are painted in dark ink on the left, where the area names are.
    ink = sum(1 for p in _pixels(image.crop((0, 20, width // 4, height - 30))) if sum(p) < 200)
    assert ink > 50


def test_a_trend_chart_with_turned_labels_paints_inside_its_frame() -> None:
    fonts = load_font_set()
    trend = [
        TrendPoint(f"2020年第{week}周", {TaskStatus.ON_TRACK: 10 + week, TaskStatus.BEHIND: 5})
        for week in range(10, 20)
    ]
    drawing = trend_chart(trend, 440, fonts, RenderNotes())
    assert drawing is not None
    image = Image.open(io.BytesIO(drawing_png(drawing, [fonts.heading]))).convert("RGB")
    width, height = image.size
    # The turned week labels sit under the plot, in its bottom strip.
    strip = image.crop((0, int(height * 0.75), width, height))
    assert sum(1 for p in _pixels(strip) if sum(p) < 200) > 200
    # Not everything is ink: a chart, not a black box.
    dark = sum(1 for p in _pixels(image) if sum(p) < 200)
    assert dark < width * height * 0.2
