"""PDF building blocks: CJK text blocks and tables with our own line breaking, GB/T 9704 pages."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from supervisor.reports.errors import ReportCancelled
from supervisor.reports.fonts import FontSet, PdfFont, RenderNotes
from supervisor.reports.linebreak import (
    CLOSING_MARKS,
    OPENING_MARKS,
    Line,
    atoms,
    break_lines,
    break_phrases,
    compressed_positions,
)

# Binary page streams: ASCII85 only serves 7-bit channels, and costs a quarter more bytes plus
# about a tenth of the build time of a long table. The setting is process-wide in reportlab.
rl_config.useA85 = 0

# GB/T 9704-2012: A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 28 * mm
TOP_MARGIN = 37 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT
# Landscape tables (GB/T 9704 chapter 8): an A4 page like the others, the table turned on it so
# its header lies on the binding side of an odd page and the outer side of an even one, and
# the page number where every other page has it. Coordinates of the turned block: 225 × 156 mm
# with these margins (the portrait margins turned; odd and even pages differ by 2 mm, split).
LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT = landscape(A4)
LANDSCAPE_LEFT = 36 * mm
LANDSCAPE_BOTTOM = 27 * mm
LANDSCAPE_TEXT_WIDTH = TEXT_HEIGHT
LANDSCAPE_TEXT_HEIGHT = TEXT_WIDTH
# Page numbers: 4号 (14 pt), a dash each side, 7 mm below the text block.
PAGE_NUMBER_SIZE = 14.0
PAGE_NUMBER_GAP = 7 * mm

# Baseline position inside a CJK em box, as a share of the font size (ideographic ascent).
_EM_ASCENT = 0.88
# A justified line is stretched only this far per gap; beyond it, left alignment reads better.
_MAX_CHAR_SPACE = 0.6
# A Latin word or number inside a line: justification must not spread its letters.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/'&+\-_%‰]")
# Stroke width of fake bold (title, 小标宋-like), as a share of the font size.
_BOLD_STROKE = 0.03


def _spreads(piece: str) -> bool:
    """Whether justification may add space inside an atom: not inside a number or word."""
    return (
        len(piece) == 1
        or piece[0] in OPENING_MARKS
        or piece[0] in CLOSING_MARKS
        or (piece[0] in "？！")
    )


@functools.lru_cache(maxsize=64)
def _hex_colour(value: str) -> Color:
    return HexColor(value)


def colour(value: str | Color) -> Color:
    """Return a reportlab colour for ``#RRGGBB`` or a Color."""
    return _hex_colour(value) if isinstance(value, str) else value


class _WidthTable(dict[str, float]):
    """Advance widths of one face at one size, filled on first use of each character."""

    def __init__(self, font: PdfFont, size: float, tracking: float = 0.0) -> None:
        super().__init__()
        self.font = font
        self.size = size
        self.tracking = tracking

    def __missing__(self, char: str) -> float:
        width = self[char] = self.font.char_width(char, self.size) + self.tracking
        return width


_width_tables: dict[tuple[str, float, float], _WidthTable] = {}


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a block of text looks: face, size, leading, alignment, indent, colour."""

    font: PdfFont
    size: float
    leading: float
    align: str = "justify"  # justify | left | center | right
    first_indent: float = 0.0  # in points; body paragraphs indent two characters
    colour: str = "#000000"
    bold: bool = False  # drawn filled and stroked: a heavier weight from a regular face
    space_before: float = 0.0
    space_after: float = 0.0
    balance: bool = False  # titles: lines of even length rather than a long one and a stub
    tracking: float = 0.0  # points added after every character (negative: 28 a line in 156 mm)
    compress: bool = True  # adjacent full-width marks take half an em less (GB/T 15834)
    phrases: tuple[str, ...] = ()  # a title: break only between these (their text is the text)


@dataclass(slots=True)
class PreparedText:
    """Text laid out for one width: its lines and the faces of characters the style lacks."""

    lines: list[Line]
    overrides: dict[str, PdfFont]


def prepare_text(
    text: str, style: TextStyle, width: float, fonts: FontSet, notes: RenderNotes
) -> PreparedText:
    """Resolve fonts and break ``text`` into lines for ``width`` points."""
    resolved, overrides = fonts.resolve(text, style.font, notes)
    size = style.size
    font = style.font
    tracking = style.tracking
    measure: Callable[[str], float]
    if overrides:

        def measure(char: str) -> float:
            return overrides.get(char, font).char_width(char, size) + tracking

    else:
        key = (font.name, size, tracking)
        table = _width_tables.get(key)
        if table is None:
            table = _width_tables[key] = _WidthTable(font, size, tracking)
        measure = table.__getitem__

    compress = size / 2 if style.compress else 0.0
    if style.phrases and "".join(style.phrases) == text and resolved == text:
        texts = break_phrases(list(style.phrases), width, measure)
        lines = [Line(t, i == len(texts) - 1, sum(map(measure, t))) for i, t in enumerate(texts)]
        return PreparedText(lines, overrides)
    lines = break_lines(resolved, width, measure, style.first_indent, compress)
    if style.balance and len(lines) > 1:
        # The narrowest width that still gives as many lines evens them out.
        low, high = width / 2, width
        while high - low > 1.0:
            middle = (low + high) / 2
            if len(break_lines(resolved, middle, measure, style.first_indent, compress)) > len(
                lines
            ):
                low = middle
            else:
                high = middle
        lines = break_lines(resolved, high, measure, style.first_indent, compress)
    return PreparedText(lines, overrides)


def _runs(text: str, font: PdfFont, overrides: dict[str, PdfFont]) -> list[tuple[str, PdfFont]]:
    if not overrides:
        return [(text, font)]
    runs: list[tuple[str, PdfFont]] = []
    for char in text:
        face = overrides.get(char, font)
        if runs and runs[-1][1] is face:
            runs[-1] = (runs[-1][0] + char, face)
        else:
            runs.append((char, face))
    return runs


def draw_lines(
    canv: Canvas,
    lines: Sequence[Line],
    x: float,
    top: float,
    width: float,
    style: TextStyle,
    overrides: dict[str, PdfFont],
    first_indent: float = 0.0,
) -> None:
    """Draw lines one below the other, the first line box starting at ``top``.

    One PDF text object serves all lines, and the font and character spacing are set only
    when they change: tables of thousands of cells spend most of their time here.

    Args:
        canv: The canvas.
        lines: Lines from :func:`prepare_text` (their widths are known).
        x: Left edge of the text area.
        top: Top of the first line box.
        width: Width of the text area.
        style: The look of the text.
        overrides: Faces of characters the style's face lacks.
        first_indent: Indent of the first line.
    """
    size = style.size
    leading = style.leading
    paint = colour(style.colour)
    text_object = canv.beginText(x, top)
    text_object.setFillColor(paint)
    # Tc and Tr persist in the graphics state beyond this text object: always set both.
    if style.bold:
        canv.setStrokeColor(paint)
        canv.setLineWidth(size * _BOLD_STROKE)
        text_object.setTextRenderMode(2)
    else:
        text_object.setTextRenderMode(0)
    tracking = style.tracking
    half = size / 2 if style.compress else 0.0
    text_object.setCharSpace(0)
    char_space = 0.0
    current_font = ""
    baseline = top - (leading - size) / 2 - size * _EM_ASCENT
    # Relative moves (Td, two numbers) instead of absolute ones (Tm, six): less to format.
    cursor_x, cursor_y = x, top
    indent = first_indent

    def emit(part_text: str) -> None:
        nonlocal current_font
        for part, face in _runs(part_text, style.font, overrides):
            if face.name != current_font:
                text_object.setFont(face.name, size)
                current_font = face.name
            text_object.textOut(part)

    def set_space(value: float) -> None:
        nonlocal char_space
        value += tracking
        if value != char_space:
            text_object.setCharSpace(value)
            char_space = value

    def emit_spaced(part_text: str, spacing: float) -> None:
        """Emit with ``spacing`` after each character, half an em less after compressed marks."""
        squeezed = compressed_positions(part_text) if half else []
        start = 0
        for index in squeezed:
            if index > start:
                set_space(spacing)
                emit(part_text[start:index])
            set_space(spacing - half)
            emit(part_text[index])
            start = index + 1
        if start < len(part_text):
            set_space(spacing)
            emit(part_text[start:])

    for line in lines:
        text = line.text
        if text:
            available = width - indent
            spacing = 0.0
            pieces: list[str] | None = None
            if style.align == "justify" and not line.last and len(text) > 1:
                # Stretch between characters but not inside numbers and Latin words.
                if _LATIN_RUN.search(text):
                    pieces = atoms(text)
                if pieces:
                    gaps = sum(len(p) if _spreads(p) else 1 for p in pieces) - 1
                else:
                    gaps = len(text) - 1
                extra = available - line.width
                if gaps > 0 and 0 < extra <= size * _MAX_CHAR_SPACE * gaps:
                    spacing = extra / gaps
            if style.align == "center":
                start = x + indent + (available - line.width) / 2
            elif style.align == "right":
                start = x + width - line.width
            else:
                start = x + indent
            text_object.moveCursor(start - cursor_x, cursor_y - baseline)
            cursor_x, cursor_y = start, baseline
            if pieces is None or spacing == 0.0:
                emit_spaced(text, spacing)
            else:
                # Single characters go out together; a word's last letter carries the spacing.
                pending = ""
                for piece in pieces:
                    if _spreads(piece):
                        pending += piece
                        continue
                    if pending:
                        emit_spaced(pending, spacing)
                    set_space(0.0)
                    emit(piece[:-1])
                    pending = piece[-1]
                emit_spaced(pending, spacing)
        baseline -= leading
        indent = 0.0
    canv.drawText(text_object)


class TextBlock(Flowable):
    """A paragraph of CJK text with 禁则 line breaking, justification and font fallback."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        fonts: FontSet,
        notes: RenderNotes,
        *,
        keep_with_next: bool = False,
        _prepared: PreparedText | None = None,
        _width: float | None = None,
        _indent_first: bool = True,
    ) -> None:
        """Create a block.

        Args:
            text: The text; ``\\n`` starts a new line.
            style: The look of the text.
            fonts: Faces and fallbacks.
            notes: Collects fallbacks and replaced characters.
            keep_with_next: Keep on the page of the next flowable (headings).
        """
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        self.notes = notes
        self.keepWithNext = keep_with_next
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._prepared = _prepared
        self._width = _width
        self._indent_first = _indent_first

    def _layout(self, width: float) -> PreparedText:
        if self._prepared is None or self._width != width:
            self._prepared = prepare_text(self.text, self.style, width, self.fonts, self.notes)
            self._width = width
        return self._prepared

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lay out for the frame width; return the size needed."""
        prepared = self._layout(availWidth)
        self.width = availWidth
        self.height = len(prepared.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split between lines; keep at least two lines on each side where possible."""
        prepared = self._layout(availWidth)
        total = len(prepared.lines)
        fit = int((availHeight + 0.01) // self.style.leading)
        if fit >= total:
            return [self]
        if total - fit == 1 and fit >= 3:
            fit -= 1  # no single widow line on the next page
        if fit < 2 and total > 2:
            return []  # no single orphan line at the page foot
        if fit < 1:
            return []
        head = PreparedText(prepared.lines[:fit], prepared.overrides)
        tail = PreparedText(prepared.lines[fit:], prepared.overrides)
        first = TextBlock(
            self.text,
            replace(self.style, space_after=0.0),
            self.fonts,
            self.notes,
            _prepared=head,
            _width=availWidth,
            _indent_first=self._indent_first,
        )
        rest = TextBlock(
            self.text,
            replace(self.style, space_before=0.0),
            self.fonts,
            self.notes,
            keep_with_next=bool(self.keepWithNext),
            _prepared=tail,
            _width=availWidth,
            _indent_first=False,
        )
        return [first, rest]

    def draw(self) -> None:
        """Draw the lines laid out by :meth:`wrap`."""
        prepared = self._layout(self.width)
        indent = self.style.first_indent if self._indent_first else 0.0
        draw_lines(
            self.canv,
            prepared.lines,
            0.0,
            self.height,
            self.width,
            self.style,
            prepared.overrides,
            indent,
        )


class CancelCheck:
    """Raises ReportCancelled when the caller's Event is set; reports progress as it goes."""

    def __init__(
        self,
        cancel: threading.Event | None,
        progress: Callable[[int, int], None] | None,
        total: int,
    ) -> None:
        """Track ``total`` steps of work."""
        self.cancel = cancel
        self.progress = progress
        self.total = max(1, total)
        self.done = 0

    def check(self) -> None:
        """Raise ReportCancelled if cancelled."""
        if self.cancel is not None and self.cancel.is_set():
            raise ReportCancelled("已取消生成报告。")

    def advance_to(self, done: int) -> None:
        """Report progress ``done`` of ``total`` (clamped, never backwards) and check cancel."""
        self.check()
        done = min(max(done, self.done), self.total)
        if done != self.done or done == 0:
            self.done = done
            if self.progress is not None:
                self.progress(done, self.total)


def bare_frame(x: float, y: float, width: float, height: float, frame_id: str) -> Frame:
    """A frame without padding: what it holds reaches its edges, the page margins are all."""
    return Frame(
        x,
        y,
        width,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=frame_id,
    )


class AppDocTemplate(BaseDocTemplate):
    """A PDF this program writes: it names the program as creator and starts in a face it
    embeds."""

    def __init__(self, filename: str, font: PdfFont, font_size: float, **options: Any) -> None:
        """Create the template writing to ``filename``; ``options`` (page size, margins, title,
        author, subject) go to reportlab's ``BaseDocTemplate``."""
        super().__init__(
            filename,
            creator="重点任务督查督办",
            # Without this every PDF also references an unembedded Helvetica.
            initialFontName=font.name,
            initialFontSize=font_size,
            **options,
        )


class OfficialDocTemplate(AppDocTemplate):
    """A4 pages after GB/T 9704 with "— N —" page numbers (odd right, even left)."""

    def __init__(
        self,
        filename: str,
        fonts: FontSet,
        *,
        title: str,
        author: str,
        subject: str,
        on_flowable: Callable[[], None] | None = None,
    ) -> None:
        """Create the template writing to ``filename``."""
        super().__init__(
            filename,
            fonts.body,
            16,
            pagesize=A4,
            leftMargin=LEFT_MARGIN,
            rightMargin=PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=title,
            author=author,
            subject=subject,
        )
        self.fonts = fonts
        self._on_flowable = on_flowable
        frame = bare_frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, TEXT_HEIGHT, "body")
        turned = bare_frame(
            LANDSCAPE_LEFT,
            LANDSCAPE_BOTTOM,
            LANDSCAPE_TEXT_WIDTH,
            LANDSCAPE_TEXT_HEIGHT,
            "landscape",
        )
        self.addPageTemplates(
            [
                PageTemplate(id="page", frames=[frame], onPage=self._page_number, pagesize=A4),
                PageTemplate(
                    id="landscape",
                    frames=[turned],
                    onPage=self._turn_page,
                    onPageEnd=self._end_turned_page,
                    # reportlab writes a page rotated 90° with width and height swapped in its
                    # MediaBox: declared landscape, the page itself is portrait A4.
                    pagesize=landscape(A4),
                ),
            ]
        )

    def _page_number(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_page_number(canv, LEFT_MARGIN, TEXT_WIDTH, BOTTOM_MARGIN)

    def _turn_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Number the page upright, then turn what follows a quarter: counter-clockwise on an
        odd page (table header to the binding edge), clockwise on an even one (outer edge).
        /Rotate shows the page landscape on screen; printed, it is an ordinary A4 page."""
        self._page_number(canv, doc)
        canv.saveState()
        if canv.getPageNumber() % 2:
            canv.translate(PAGE_WIDTH, 0)
            canv.rotate(90)
            doc.pageTemplate.rotation = 90  # applied by reportlab as the page ends
        else:
            canv.translate(0, PAGE_HEIGHT)
            canv.rotate(-90)
            doc.pageTemplate.rotation = 270

    def _end_turned_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.restoreState()

    def _draw_page_number(self, canv: Canvas, left: float, width: float, bottom: float) -> None:
        number = canv.getPageNumber()
        text = f"— {number} —"
        font = self.fonts.page_number or self.fonts.body
        text_width = font.text_width(text, PAGE_NUMBER_SIZE)
        baseline = bottom - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * _EM_ASCENT
        # One character in from the edge of the text block, on the outer side of the page.
        x = left + width - PAGE_NUMBER_SIZE - text_width if number % 2 else left + PAGE_NUMBER_SIZE
        canv.saveState()
        canv.setFont(font.name, PAGE_NUMBER_SIZE)
        canv.setFillColor(black)
        canv.drawString(x, baseline, text)
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        """Let the caller check for cancellation after each flowable."""
        if self._on_flowable is not None:
            self._on_flowable()
