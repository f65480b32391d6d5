"""PDF building blocks: CJK text blocks and tables with our own line breaking, GB/T 9704 pages."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from supervisor.reports.errors import ReportCancelled
from supervisor.reports.fonts import FontSet, PdfFont, RenderNotes
from supervisor.reports.linebreak import Line, atoms, break_lines

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


@functools.lru_cache(maxsize=64)
def _hex_colour(value: str) -> Color:
    return HexColor(value)


def colour(value: str | Color) -> Color:
    """Return a reportlab colour for ``#RRGGBB`` or a Color."""
    return _hex_colour(value) if isinstance(value, str) else value


class _WidthTable(dict[str, float]):
    """Advance widths of one face at one size, filled on first use of each character."""

    def __init__(self, font: PdfFont, size: float) -> None:
        super().__init__()
        self.font = font
        self.size = size

    def __missing__(self, char: str) -> float:
        width = self[char] = self.font.char_width(char, self.size)
        return width


_width_tables: dict[tuple[str, float], _WidthTable] = {}


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
    measure: Callable[[str], float]
    if overrides:

        def measure(char: str) -> float:
            return overrides.get(char, font).char_width(char, size)

    else:
        key = (font.name, size)
        table = _width_tables.get(key)
        if table is None:
            table = _width_tables[key] = _WidthTable(font, size)
        measure = table.__getitem__

    lines = break_lines(resolved, width, measure, style.first_indent)
    if style.balance and len(lines) > 1:
        # The narrowest width that still gives as many lines evens them out.
        low, high = width / 2, width
        while high - low > 1.0:
            middle = (low + high) / 2
            if len(break_lines(resolved, middle, measure, style.first_indent)) > len(lines):
                low = middle
            else:
                high = middle
        lines = break_lines(resolved, high, measure, style.first_indent)
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
        if value != char_space:
            text_object.setCharSpace(value)
            char_space = value

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
                gaps = len(pieces) - 1 if pieces else len(text) - 1
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
                set_space(spacing)
                emit(text)
            else:
                # Single characters go out together; a word's last letter carries the spacing.
                pending = ""
                for piece in pieces:
                    if len(piece) == 1:
                        pending += piece
                        continue
                    if pending:
                        set_space(spacing)
                        emit(pending)
                    set_space(0.0)
                    emit(piece[:-1])
                    pending = piece[-1]
                set_space(spacing)
                emit(pending)
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


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text, alignment, optional fill colour, optional bold face."""

    text: str
    align: str = "left"
    fill: str | None = None


@dataclass(slots=True)
class _PreparedCell:
    prepared: PreparedText
    align: str
    fill: str | None


@dataclass(slots=True)
class _Row:
    cells: list[_PreparedCell]
    ends: bool  # the last part of a task's row (counts for progress)
    height: float = 0.0

    def lines(self) -> int:
        return max(1, *(len(c.prepared.lines) for c in self.cells))


@dataclass(frozen=True, slots=True)
class TableStyle:
    """How a table looks: faces, size, leading, padding, grid."""

    body: TextStyle
    header: TextStyle
    padding_x: float = 2.5
    padding_y: float = 3.0
    grid_width: float = 0.5
    header_fill: str = "#F2F2F2"
    space_before: float = 4.0
    space_after: float = 8.0


class GridTable(Flowable):
    """A table that splits between and inside rows, repeats its header, never overflows a cell.

    Cells are laid out once, when the table is made, at fixed column widths; a row taller than
    the space left is split between lines of text when it is long, so a 2,000-character task
    flows over pages instead of failing the layout.
    """

    def __init__(
        self,
        col_widths: Sequence[float],
        header: Sequence[Cell | str],
        rows: Sequence[Sequence[Cell | str]],
        style: TableStyle,
        fonts: FontSet,
        notes: RenderNotes,
        *,
        on_rows_prepared: Callable[[int], None] | None = None,
        on_rows_drawn: Callable[[int], None] | None = None,
    ) -> None:
        """Lay out every cell.

        Args:
            col_widths: Column widths in points.
            header: Header cells, repeated at the top of every page the table spans.
            rows: Body rows.
            style: Faces, sizes and padding.
            fonts: Faces and fallbacks.
            notes: Collects fallbacks and replaced characters.
            on_rows_prepared: Called with the number of rows laid out so far (every 50 rows).
            on_rows_drawn: Called with the number of complete rows drawn by each page's part.
        """
        super().__init__()
        self.col_widths = list(col_widths)
        self.table_style = style
        self.on_rows_drawn = on_rows_drawn
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._header = self._prepare_row(header, style.header, fonts, notes, ends=False)
        prepared: list[_Row] = []
        for index, row in enumerate(rows, start=1):
            prepared.append(self._prepare_row(row, style.body, fonts, notes, ends=True))
            if on_rows_prepared is not None and index % 50 == 0:
                on_rows_prepared(index)
        if on_rows_prepared is not None:
            on_rows_prepared(len(prepared))
        self._rows = prepared
        self._body_height = sum(row.height for row in prepared)

    @classmethod
    def _from_parts(cls, source: GridTable, rows: list[_Row], body_height: float) -> GridTable:
        part = cls.__new__(cls)
        Flowable.__init__(part)
        part.col_widths = source.col_widths
        part.table_style = source.table_style
        part.on_rows_drawn = source.on_rows_drawn
        part.spaceBefore = source.spaceBefore
        part.spaceAfter = source.spaceAfter
        part._header = source._header
        part._rows = rows
        part._body_height = body_height
        return part

    def _prepare_row(
        self,
        cells: Sequence[Cell | str],
        text_style: TextStyle,
        fonts: FontSet,
        notes: RenderNotes,
        *,
        ends: bool,
    ) -> _Row:
        pad = self.table_style.padding_x
        out = []
        for width, raw in zip(self.col_widths, cells, strict=True):
            cell = raw if isinstance(raw, Cell) else Cell(raw)
            prepared = prepare_text(cell.text, text_style, width - 2 * pad, fonts, notes)
            out.append(_PreparedCell(prepared, cell.align, cell.fill))
        return self._measured(_Row(out, ends), text_style)

    def _measured(self, row: _Row, style: TextStyle) -> _Row:
        row.height = row.lines() * style.leading + 2 * self.table_style.padding_y
        return row

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Return the size of the whole table (header plus rows)."""
        self.width = sum(self.col_widths)
        self.height = self._header.height + self._body_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split after the last row that fits, or inside a long row between its lines."""
        style = self.table_style
        room = availHeight - self._header.height
        used = 0.0
        count = 0
        for row in self._rows:
            height = row.height
            if used + height > room + 0.01:
                break
            used += height
            count += 1
        if count == len(self._rows):
            return [self]
        if count >= 3 and count == len(self._rows) - 1 and self._rows[-1].lines() < 8:
            count -= 1  # not a lone last row (合计) under a repeated header
            used -= self._rows[count].height
        row = self._rows[count]
        total = row.lines()
        fit = int((room - used - 2 * style.padding_y + 0.01) // style.body.leading)
        fit = min(fit, total - 2)
        # Split inside a row only when it is long: short rows move whole to the next page.
        if total >= 8 and fit >= 3:
            head = self._measured(
                _Row(
                    [
                        _PreparedCell(
                            PreparedText(c.prepared.lines[:fit], c.prepared.overrides),
                            c.align,
                            c.fill,
                        )
                        for c in row.cells
                    ],
                    ends=False,
                ),
                style.body,
            )
            tail = self._measured(
                _Row(
                    [
                        _PreparedCell(
                            PreparedText(c.prepared.lines[fit:], c.prepared.overrides),
                            c.align,
                            c.fill,
                        )
                        for c in row.cells
                    ],
                    ends=row.ends,
                ),
                style.body,
            )
            first_rows = [*self._rows[:count], head]
            rest_rows = [tail, *self._rows[count + 1 :]]
        elif count == 0:
            return []
        else:
            first_rows = self._rows[:count]
            rest_rows = self._rows[count:]
        # Heights by difference: summing every remaining row on each page would be quadratic.
        first_height = sum(r.height for r in first_rows)
        rest_height = self._body_height - used
        if rest_rows[0] is not row:  # split inside the row: its tail stays, not all of it
            rest_height += rest_rows[0].height - row.height
        return [
            self._from_parts(self, first_rows, first_height),
            self._from_parts(self, rest_rows, rest_height),
        ]

    def draw(self) -> None:
        """Draw fills, text and grid of this part."""
        canv = self.canv
        style = self.table_style
        top = self.height
        boundaries = [top]
        for row, text_style in [
            (self._header, style.header),
            *((r, style.body) for r in self._rows),
        ]:
            height = row.height
            fill = style.header_fill if row is self._header else None
            self._draw_row(canv, row, top, height, text_style, fill)
            top -= height
            boundaries.append(top)
        canv.setStrokeColor(black)
        canv.setLineWidth(style.grid_width)
        path = canv.beginPath()
        for y in boundaries:
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        x = 0.0
        for width in [0.0, *self.col_widths]:
            x += width
            path.moveTo(x, boundaries[0])
            path.lineTo(x, boundaries[-1])
        canv.drawPath(path, stroke=1, fill=0)
        if self.on_rows_drawn is not None:
            self.on_rows_drawn(sum(1 for row in self._rows if row.ends))

    def _draw_row(
        self,
        canv: Canvas,
        row: _Row,
        top: float,
        height: float,
        text_style: TextStyle,
        row_fill: str | None,
    ) -> None:
        style = self.table_style
        styles: dict[str, TextStyle] = {}
        x = 0.0
        for width, cell in zip(self.col_widths, row.cells, strict=True):
            fill = cell.fill or row_fill
            if fill:
                canv.setFillColor(colour(fill))
                canv.rect(x, top - height, width, height, stroke=0, fill=1)
            lines = cell.prepared.lines
            if lines:
                cell_style = styles.get(cell.align)
                if cell_style is None:
                    cell_style = styles[cell.align] = replace(text_style, align=cell.align)
                # Centre the text block vertically in the row.
                draw_lines(
                    canv,
                    lines,
                    x + style.padding_x,
                    top - (height - len(lines) * text_style.leading) / 2,
                    width - 2 * style.padding_x,
                    cell_style,
                    cell.prepared.overrides,
                )
            x += width


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


class OfficialDocTemplate(BaseDocTemplate):
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
            pagesize=A4,
            leftMargin=LEFT_MARGIN,
            rightMargin=PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=title,
            author=author,
            subject=subject,
            creator="重点任务督查督办",
            # Without this every PDF also references an unembedded Helvetica.
            initialFontName=fonts.body.name,
            initialFontSize=16,
        )
        self.fonts = fonts
        self._on_flowable = on_flowable
        frame = Frame(
            LEFT_MARGIN,
            BOTTOM_MARGIN,
            TEXT_WIDTH,
            TEXT_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_number)])

    def _page_number(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        number = canv.getPageNumber()
        text = f"— {number} —"
        font = self.fonts.body
        width = font.text_width(text, PAGE_NUMBER_SIZE)
        baseline = BOTTOM_MARGIN - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * _EM_ASCENT
        # One character in from the edge of the text block, on the outer side of the page.
        if number % 2:
            x = LEFT_MARGIN + TEXT_WIDTH - PAGE_NUMBER_SIZE - width
        else:
            x = LEFT_MARGIN + PAGE_NUMBER_SIZE
        canv.saveState()
        canv.setFont(font.name, PAGE_NUMBER_SIZE)
        canv.setFillColor(black)
        canv.drawString(x, baseline, text)
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        """Let the caller check for cancellation after each flowable."""
        if self._on_flowable is not None:
            self._on_flowable()
