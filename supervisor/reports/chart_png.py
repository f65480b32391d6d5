"""The bulletin's charts as PNG for Word: the PDF's reportlab drawings painted with Pillow.

reportlab 4 renders bitmaps only through rlPyCairo (pycairo and the cairo library); Pillow
is already installed with reportlab, so this small painter walks the same drawing the PDF
embeds (rectangles, lines, polylines, polygons, circles and strings in the drawing's
TrueType face) and the Word document shows the same chart as the PDF.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Sequence
from types import SimpleNamespace

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, StateTracker, getStateDelta
from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Ellipse,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from supervisor.reports.fonts import PdfFont

DPI = 200  # sharp in print at the chart's size, about 60 kB a chart

Point = tuple[float, float]


def _rgb(colour: Color | None) -> tuple[int, int, int] | None:
    if colour is None:
        return None
    return tuple(round(255 * c) for c in (colour.red, colour.green, colour.blue))  # type: ignore[return-value]


def _dashed(points: Sequence[Point], pattern: Sequence[float]) -> list[list[Point]]:
    """Cut a polyline into the visible pieces of a dash pattern (lengths in pixels)."""
    pieces: list[list[Point]] = []
    index, left, drawing = 0, pattern[0], True
    current: list[Point] = [points[0]]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            point = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
            if drawing:
                current.append(point)
                pieces.append(current)
            current = [point]
            drawing = not drawing
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        if drawing:
            current.append((x2, y2))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces


class _PillowRenderer(Renderer):
    """Paints a drawing's shapes onto a Pillow image, following reportlab's state tracking."""

    def __init__(self, drawing: Drawing, fonts: Sequence[PdfFont], scale: float) -> None:
        self.scale = scale
        self.height = drawing.height
        size = (math.ceil(drawing.width * scale), math.ceil(drawing.height * scale))
        self.image = Image.new("RGB", size, "white")
        self.pen = ImageDraw.Draw(self.image)
        self.fonts = {f.name: f for f in fonts}
        self._faces: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}

    def paint(self, drawing: Drawing) -> Image.Image:
        self._tracker = StateTracker(defaultObj=drawing)
        self._canvas = SimpleNamespace()  # shapes ask for one; nothing is drawn through it
        drawing._parent = None
        self.initState(0, 0)
        self.drawNode(drawing)
        self.pop()
        return self.image

    # --- state --------------------------------------------------------------------------
    def drawNode(self, node: object) -> None:  # noqa: N802 (reportlab's name)
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def applyStateChanges(self, delta: dict, new_state: dict) -> None:  # noqa: N802
        """Nothing to apply: every shape reads the tracked state when it is painted."""

    def _state(self) -> dict:
        return self._tracker.getState()

    def _xy(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self._state()["ctm"]
        return ((a * x + c * y + e) * self.scale, (self.height - (b * x + d * y + f)) * self.scale)

    def _width(self) -> int:
        return max(1, round((self._state()["strokeWidth"] or 0) * self.scale))

    def _stroke(self, points: Sequence[Point], closed: bool = False) -> None:
        state = self._state()
        colour = _rgb(state["strokeColor"])
        if colour is None or not state["strokeWidth"]:
            return
        path = [*points, points[0]] if closed else list(points)
        dash = state["strokeDashArray"]
        pieces = _dashed(path, [v * self.scale for v in dash]) if dash else [path]
        for piece in pieces:
            self.pen.line(piece, fill=colour, width=self._width())

    def _shape(self, points: Sequence[Point]) -> None:
        fill = _rgb(self._state()["fillColor"])
        if fill is not None:
            self.pen.polygon(list(points), fill=fill)
        self._stroke(points, closed=True)

    # --- shapes ---------------------------------------------------------------------------
    def drawRect(self, rect: Rect) -> None:  # noqa: N802
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        self._shape(
            [self._xy(x, y), self._xy(x + w, y), self._xy(x + w, y + h), self._xy(x, y + h)]
        )

    def drawLine(self, line: Line) -> None:  # noqa: N802
        self._stroke([self._xy(line.x1, line.y1), self._xy(line.x2, line.y2)])

    def drawPolyLine(self, polyline: PolyLine) -> None:  # noqa: N802
        p = polyline.points
        self._stroke([self._xy(p[i], p[i + 1]) for i in range(0, len(p) - 1, 2)])

    def drawPolygon(self, polygon: Polygon) -> None:  # noqa: N802
        p = polygon.points
        self._shape([self._xy(p[i], p[i + 1]) for i in range(0, len(p) - 1, 2)])

    def drawCircle(self, circle: Circle) -> None:  # noqa: N802
        x, y = self._xy(circle.cx, circle.cy)
        r = circle.r * self.scale
        state = self._state()
        outline = _rgb(state["strokeColor"]) if state["strokeWidth"] else None
        self.pen.ellipse(
            (x - r, y - r, x + r, y + r),
            fill=_rgb(state["fillColor"]),
            outline=outline,
            width=self._width(),
        )

    def drawEllipse(self, ellipse: Ellipse) -> None:  # noqa: N802
        x, y = self._xy(ellipse.cx, ellipse.cy)
        rx, ry = ellipse.rx * self.scale, ellipse.ry * self.scale
        self.pen.ellipse((x - rx, y - ry, x + rx, y + ry), fill=_rgb(self._state()["fillColor"]))

    def drawPath(self, path: Path) -> None:  # noqa: N802
        # Markers and chart shapes here are straight segments: moveTo, lineTo, closePath.
        points = path.points
        shape = [self._xy(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        if len(shape) > 2:
            self._shape(shape)
        elif len(shape) == 2:
            self._stroke(shape)

    def drawString(self, string: String) -> None:  # noqa: N802
        state = self._state()
        fill = _rgb(state["fillColor"])
        font = self.fonts.get(state["fontName"])
        if fill is None or font is None or not string.text:
            return
        size = state["fontSize"]
        x = string.x
        anchor = state["textAnchor"]
        if anchor in ("middle", "end"):
            width = stringWidth(string.text, font.name, size)
            x -= width / 2 if anchor == "middle" else width
        face = self._face(font, size * self.scale)
        a, b = self._state()["ctm"][:2]
        angle = math.degrees(math.atan2(b, a))
        left, baseline = self._xy(x, string.y)
        if abs(angle) < 0.5:
            self.pen.text((left, baseline), string.text, font=face, fill=fill, anchor="ls")
            return
        # Turned labels: set upright on a transparent tile, turned about the baseline start.
        ascent, descent = face.getmetrics()
        width = math.ceil(face.getlength(string.text))
        tile = Image.new("RGBA", (width, ascent + descent), (255, 255, 255, 0))
        ImageDraw.Draw(tile).text((0, ascent), string.text, font=face, fill=fill, anchor="ls")
        turned = tile.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        # Where the baseline's start lands inside the turned tile.
        rad = math.radians(angle)
        cx, cy = width / 2, (ascent + descent) / 2
        dx, dy = 0 - cx, ascent - cy
        px = dx * math.cos(rad) + dy * math.sin(rad) + turned.width / 2
        py = -dx * math.sin(rad) + dy * math.cos(rad) + turned.height / 2
        self.image.paste(turned, (round(left - px), round(baseline - py)), turned)

    def _face(self, font: PdfFont, pixels: float) -> ImageFont.FreeTypeFont:
        key = (font.name, round(pixels, 1))
        if key not in self._faces:
            self._faces[key] = ImageFont.truetype(
                str(font.path), size=max(1, round(pixels)), index=font.subfont_index
            )
        return self._faces[key]


def drawing_png(drawing: Drawing, fonts: Sequence[PdfFont], *, dpi: int = DPI) -> bytes:
    """Paint a chart drawing as PNG.

    Args:
        drawing: A drawing from ``pdf_charts`` (its labels in one of ``fonts``).
        fonts: The faces the drawing's strings name.
        dpi: Pixels per inch of the drawing's size in points.

    Returns:
        The PNG file's bytes, with the DPI recorded so Word sizes it like the PDF's chart.
    """
    image = _PillowRenderer(drawing, fonts, dpi / 72).paint(drawing)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
