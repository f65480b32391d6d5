"""PDF tables: a grid that repeats its header, keeps rows whole, with columns sized to content."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from supervisor.reports.fonts import FontSet, RenderNotes
from supervisor.reports.linebreak import atoms
from supervisor.reports.pdf_layout import (
    TEXT_HEIGHT,
    PreparedText,
    TextStyle,
    colour,
    draw_lines,
    prepare_text,
)


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text, alignment, optional fill and text colours, columns it spans."""

    text: str
    align: str = "left"
    fill: str | None = None
    span: int = 1  # a heading line across the table spans every column
    colour: str | None = None  # the text's, over the style's
    bold: bool = False


@dataclass(slots=True)
class _PreparedCell:
    prepared: PreparedText
    align: str
    fill: str | None
    width: float = 0.0
    colour: str | None = None
    bold: bool = False


@dataclass(slots=True)
class _Row:
    cells: list[_PreparedCell]
    ends: bool  # the last part of a task's row (counts for progress)
    height: float = 0.0
    keep: bool = False  # a heading row: never the last row of a page

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
        page_height: float = TEXT_HEIGHT,
        keep_with_next: Collection[int] = (),
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
            page_height: The frame height: only a row taller than a page (with the header) is
                split, every other row moves whole to the next page.
            keep_with_next: Indexes of body rows (area and group headings) that go to the next
                page with the row after them rather than end a page alone.
        """
        super().__init__()
        self.page_height = page_height
        self.col_widths = list(col_widths)
        self.table_style = style
        self.on_rows_drawn = on_rows_drawn
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._header = self._prepare_row(header, style.header, fonts, notes, ends=False)
        prepared: list[_Row] = []
        keep = frozenset(keep_with_next)
        for index, row in enumerate(rows, start=1):
            prepared.append(self._prepare_row(row, style.body, fonts, notes, ends=True))
            prepared[-1].keep = index - 1 in keep
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
        part.page_height = source.page_height
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
        column = 0
        for raw in cells:
            cell = raw if isinstance(raw, Cell) else Cell(raw)
            width = sum(self.col_widths[column : column + cell.span])
            column += cell.span
            prepared = prepare_text(cell.text, text_style, width - 2 * pad, fonts, notes)
            out.append(
                _PreparedCell(prepared, cell.align, cell.fill, width, cell.colour, cell.bold)
            )
        if column != len(self.col_widths):
            raise ValueError(f"row spans {column} of {len(self.col_widths)} columns")
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
        while count > 0 and self._rows[count - 1].keep:
            if self._rows[count].height + self._header.height > self.page_height:
                break  # the next row is split across pages anyway: its start stays here
            count -= 1  # a heading goes over with its first row
            used -= self._rows[count].height
        row = self._rows[count]
        total = row.lines()
        fit = int((room - used - 2 * style.padding_y + 0.01) // style.body.leading)
        fit = min(fit, total - 2)
        # Split inside a row only when it cannot fit on any page: rows are never split
        # otherwise (GB/T 9704 chapter 8 keeps a table row whole).
        if row.height + self._header.height > self.page_height and fit >= 3:
            head = self._measured(
                _Row(
                    [
                        replace(
                            c, prepared=PreparedText(c.prepared.lines[:fit], c.prepared.overrides)
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
                        replace(
                            c, prepared=PreparedText(c.prepared.lines[fit:], c.prepared.overrides)
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
        # Vertical lines row by row: a cell spanning columns has none inside it.
        edges: list[tuple[float, float, float]] = []
        for row, text_style in [
            (self._header, style.header),
            *((r, style.body) for r in self._rows),
        ]:
            height = row.height
            fill = style.header_fill if row is self._header else None
            self._draw_row(canv, row, top, height, text_style, fill)
            x = 0.0
            edges.append((x, top, top - height))
            for cell in row.cells:
                x += cell.width
                edges.append((x, top, top - height))
            top -= height
            boundaries.append(top)
        canv.setStrokeColor(black)
        canv.setLineWidth(style.grid_width)
        path = canv.beginPath()
        for y in boundaries:
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        for x, upper, lower in edges:
            path.moveTo(x, upper)
            path.lineTo(x, lower)
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
        for cell in row.cells:
            width = cell.width
            fill = cell.fill or row_fill
            if fill:
                canv.setFillColor(colour(fill))
                canv.rect(x, top - height, width, height, stroke=0, fill=1)
            lines = cell.prepared.lines
            if lines:
                key = f"{cell.align}|{cell.colour}|{cell.bold}"
                cell_style = styles.get(key)
                if cell_style is None:
                    cell_style = styles[key] = replace(
                        text_style,
                        align=cell.align,
                        colour=cell.colour or text_style.colour,
                        bold=cell.bold or text_style.bold,
                    )
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


def fit_columns(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    style: TableStyle,
    total: float,
) -> list[float]:
    """Column widths sized to their content, filling ``total`` points.

    A column gets at least its longest unbreakable piece (a number, a word, a header word);
    columns whose text fits on one line get just that; the rest of the width goes to the
    columns of running text in proportion to how much text they hold.
    """
    pad = 2 * style.padding_x + 1.0
    body, head = style.body, style.header
    count = len(header)
    natural = [0.0] * count
    minimum = [0.0] * count
    for col in range(count):
        for line in header[col].split("\n"):
            minimum[col] = max(minimum[col], head.font.text_width(line, head.size))
            natural[col] = max(natural[col], minimum[col])
        for row in rows:
            for line in row[col].text.split("\n"):
                width = body.font.text_width(line, body.size)
                natural[col] = max(natural[col], width)
                for atom in atoms(line):
                    if len(atom) > 1:
                        minimum[col] = max(minimum[col], body.font.text_width(atom, body.size))
                minimum[col] = max(minimum[col], 2 * body.size)
    natural = [n + pad for n in natural]
    minimum = [min(m + pad, total / 3) for m in minimum]
    # A column of short entries (units, figures) gets its full width up to a cap; the columns
    # of running text share what is left in proportion to the text they hold beyond the cap.
    cap = max(total * 0.15, 8 * body.size + pad)
    widths = [max(min(n, cap), m) for n, m in zip(natural, minimum, strict=True)]
    for _round in range(3):
        spare = total - sum(widths)
        hungry = {c: natural[c] - widths[c] for c in range(count) if natural[c] > widths[c]}
        if spare <= 0.01 or not hungry:
            break
        demand = sum(hungry.values())
        for c, want in hungry.items():
            widths[c] += min(want, spare * want / demand)
    spare = total - sum(widths)
    if spare > 0.01:
        widths = [w + spare / count for w in widths]
    elif spare < -0.01:
        # Too wide: shrink each column towards its minimum in proportion to its slack.
        slack = [w - m for w, m in zip(widths, minimum, strict=True)]
        total_slack = sum(slack)
        if total_slack > 0:
            cut = min(1.0, -spare / total_slack)
            widths = [w - s * cut for w, s in zip(widths, slack, strict=True)]
        scale = total / sum(widths)
        widths = [w * scale for w in widths]
    return widths
