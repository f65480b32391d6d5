"""周进度表 on paper: a landscape PDF of the workbook's rows, columns, fills and legend.

An office prints the week's progress sheet; printing the .xlsx needs Excel or WPS and their
page setup. This draws the same sheet for the printer: the columns, titles, legend and named
styles are those of ``xlsx_export`` (one definition), the rows those of ``sheet_layout``. The
header row repeats on every page, each page says 第 N 页，共 M 页, text is at least 9 pt.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageTemplate

from supervisor.domain import TaskStatus
from supervisor.reports.atomic import atomic_output
from supervisor.reports.data import ReportHeader, TaskRow
from supervisor.reports.fonts import FontSet, RenderNotes, load_font_set
from supervisor.reports.pdf_layout import (
    AppDocTemplate,
    CancelCheck,
    TextBlock,
    TextStyle,
    bare_frame,
)
from supervisor.reports.pdf_table import Cell, GridTable, TableStyle
from supervisor.reports.sheet_layout import LineKind, SheetLine, sheet_lines
from supervisor.reports.xlsx_common import (
    HEADING_FONT,
    MIN_PRINTED_POINTS,
    SIDE_MARGIN,
    CellStyle,
    format_number,
)
from supervisor.reports.xlsx_export import (
    LEGEND_TEXT,
    PROGRESS_TITLE,
    STYLE_AREA,
    STYLE_HEADER,
    STYLE_HEADING,
    STYLE_INDEX,
    STYLE_NOTE,
    STYLE_PERCENT,
    SheetColumn,
    SheetOptions,
    StyledValue,
    column_widths,
    report_styles,
    sheet_columns,
    sheet_subtitle,
    sheet_title,
    status_style_name,
)

ProgressCallback = Callable[[int, int], None]

PAGES = {"A4": landscape(A4), "A3": landscape(A3)}
BODY_SIZE = MIN_PRINTED_POINTS  # 9 pt: the smallest an office reads on paper
BODY_LEADING = 11.5
AREA_SIZE = 10.0
TITLE_SIZE = 16.0
MARGIN_X = SIDE_MARGIN * inch  # as the workbook's page setup
MARGIN_Y = 0.6 * inch
MARK_Y = 0.3 * inch  # the running title above, the page number below
LEGEND_COLUMNS = 6  # the legend text spans A:F, as in the workbook; the status fills follow


@dataclass(frozen=True, slots=True)
class SheetPdfResult:
    """What the printable sheet holds."""

    path: Path
    page_count: int
    rows: int  # task rows
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Look:
    """A workbook named style as a PDF cell draws it."""

    align: str
    fill: str | None
    colour: str | None
    bold: bool


def _hex(rgb: Any) -> str | None:
    text = str(rgb or "")
    return f"#{text[-6:]}" if len(text) >= 6 and text[-6:].isalnum() else None


def _look(style: CellStyle) -> _Look:
    horizontal = style.alignment.horizontal or "left"
    fill = None
    if style.fill is not None and style.fill.fill_type == "solid":
        fill = _hex(style.fill.start_color.rgb)
    colour = _hex(style.font.color.rgb) if style.font.color is not None else None
    bold = bool(style.font.b) or style.font.name == HEADING_FONT
    return _Look("center" if horizontal == "center" else "left", fill, colour, bold)


def _cell(text: str, look: _Look, *, span: int = 1) -> Cell:
    return Cell(text, look.align, look.fill, span=span, colour=look.colour, bold=look.bold)


def _text(value: Any, style: str) -> str:
    """A value as the workbook's number format shows it."""
    if value is None or value == "":
        return ""
    if style == STYLE_PERCENT and isinstance(value, int | float):
        return f"{value:.1%}"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}.{value.month}.{value.day}"  # the workbook's yyyy.m.d
    if isinstance(value, float):
        return format_number(value)
    return str(value)


class _Sheet:
    """The flowables of one sheet."""

    def __init__(
        self,
        columns: Sequence[SheetColumn],
        widths: Sequence[float],
        options: SheetOptions,
        fonts: FontSet,
        notes: RenderNotes,
    ) -> None:
        self.columns = columns
        self.widths = list(widths)
        self.options = options
        self.fonts = fonts
        self.notes = notes
        self.looks = {name: _look(style) for name, style in report_styles().items()}
        body = TextStyle(fonts.table, BODY_SIZE, BODY_LEADING, align="left")
        header = TextStyle(fonts.table_header, BODY_SIZE, BODY_LEADING, align="center")
        self.table_style = TableStyle(
            body=body,
            header=header,
            padding_x=2.0,
            padding_y=2.0,
            header_fill=self.looks[STYLE_HEADER].fill or "#D9E1F2",
            space_before=0.0,
            space_after=0.0,
        )

    def legend(self) -> GridTable:
        """The legend row: what the 预警 colours mean, then one cell in each status's fill."""
        cells = [_cell(LEGEND_TEXT, self.looks[STYLE_NOTE], span=LEGEND_COLUMNS)]
        for status in TaskStatus:
            cells.append(_cell(status.value, self.looks[status_style_name(status)]))
        rest = len(self.columns) - len(cells) - LEGEND_COLUMNS + 1
        if rest > 0:
            cells.append(Cell("", span=rest))
        style = TableStyle(
            body=self.table_style.body,
            header=self.table_style.body,
            padding_x=2.0,
            padding_y=2.0,
            header_fill="#FFFFFF",
            space_before=2.0,
            space_after=4.0,
        )
        return GridTable(self.widths, cells, [], style, self.fonts, self.notes)

    def table(
        self,
        lines: Sequence[SheetLine],
        on_rows_prepared: Callable[[int], None],
        on_rows_drawn: Callable[[int], None],
        page_height: float,
    ) -> GridTable:
        """The task table; its header row repeats on every page."""
        header = [Cell(column.header, "center") for column in self.columns]
        rows = [self._row(line) for line in lines]
        return GridTable(
            self.widths,
            header,
            rows,
            self.table_style,
            self.fonts,
            self.notes,
            on_rows_prepared=on_rows_prepared,
            on_rows_drawn=on_rows_drawn,
            page_height=page_height,
            keep_with_next=[
                index
                for index, line in enumerate(lines)
                if line.kind in (LineKind.AREA, LineKind.HEADING)
            ],
        )

    def _row(self, line: SheetLine) -> list[Cell]:
        count = len(self.columns)
        if line.kind is LineKind.AREA:
            return [_cell(line.text, self.looks[STYLE_AREA], span=count)]
        if line.kind is LineKind.HEADING:
            look = self.looks[STYLE_HEADING]
            return [_cell("", look), _cell(line.text, look, span=count - 1)]
        task = line.task
        assert task is not None
        cells = []
        for column in self.columns:
            if column.style == STYLE_INDEX:
                value: Any = line.number
            else:
                value = column.value(task, self.options)
            style = column.style
            if isinstance(value, StyledValue):
                value, style = value.value, value.style
            cells.append(_cell(_text(value, style), self.looks[style]))
        return cells


def _numbered_canvas(title: str, fonts: FontSet, page_size: tuple[float, float]) -> type[Canvas]:
    """A canvas that writes the running title and 第 N 页，共 M 页 once the count is known."""
    width, _height = page_size

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._marks(number, total)
                super().showPage()
            super().save()

        def _marks(self, number: int, total: int) -> None:
            face = fonts.table
            self.saveState()
            self.setFont(face.name, BODY_SIZE)
            self.drawRightString(width - MARGIN_X, self._pagesize[1] - MARK_Y, title)
            self.drawCentredString(width / 2, MARK_Y, f"第 {number} 页，共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def write_progress_pdf(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | Path,
    *,
    options: SheetOptions | None = None,
    fonts: FontSet | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> SheetPdfResult:
    """Write 周进度表 as a landscape PDF for printing: the workbook's sheet, on paper.

    Args:
        header: Office, plan and period shown in the title rows ("as of" date included).
        tasks: The tasks in the order they are to appear (as ``write_progress_sheet`` takes).
        path: The PDF to create or replace (atomically).
        options: Paper ("A4" or "A3", landscape), the period, 上期 values and 督办 colours.
        fonts: The faces; the shipped Song (body) and Hei (header) when None.
        progress: Called with (tasks done, tasks in all).
        cancel: When set, writing stops with ReportCancelled and nothing is written.

    Returns:
        The path, page count, task rows and warnings about characters drawn by fallbacks.

    Raises:
        ReportWriteError: The file cannot be written (message in Chinese).
        ReportCancelled: ``cancel`` was set.
    """
    options = options or SheetOptions()
    if options.paper not in PAGES:
        raise ValueError(f"unknown paper {options.paper!r}")
    fonts = fonts or load_font_set()
    notes = RenderNotes()
    page_size = PAGES[options.paper]
    frame_width = page_size[0] - 2 * MARGIN_X
    frame_height = page_size[1] - 2 * MARGIN_Y
    columns = sheet_columns(progress=True)
    designed = column_widths(columns, options.paper)
    widths = [w * frame_width / sum(designed) for w in designed]
    lines = sheet_lines(tasks, with_status=True)
    count = sum(1 for line in lines if line.kind is LineKind.TASK)
    title = sheet_title(header, PROGRESS_TITLE)
    total_rows = max(1, len(lines))
    tracker = CancelCheck(cancel, progress, 2 * total_rows)
    tracker.advance_to(0)
    drawn = [0]

    def prepared(rows: int) -> None:
        tracker.advance_to(rows)

    def on_drawn(rows: int) -> None:
        drawn[0] += rows
        tracker.advance_to(total_rows + drawn[0])

    sheet = _Sheet(columns, widths, options, fonts, notes)
    story = [
        TextBlock(title, TextStyle(fonts.table_header, TITLE_SIZE, 22.0, "center"), fonts, notes),
        TextBlock(
            sheet_subtitle(header, count),
            TextStyle(fonts.table, BODY_SIZE, 14.0, "left", space_before=4.0),
            fonts,
            notes,
        ),
        sheet.legend(),
        sheet.table(lines, prepared, on_drawn, frame_height),
    ]
    with atomic_output(path) as temp:
        doc = AppDocTemplate(
            str(temp),
            fonts.table,
            BODY_SIZE,
            pagesize=page_size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_Y,
            bottomMargin=MARGIN_Y,
            title=title,
            author=header.office_name or "重点任务督查督办",
        )
        frame = bare_frame(MARGIN_X, MARGIN_Y, frame_width, frame_height, "sheet")
        doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], pagesize=page_size)])
        doc.afterFlowable = lambda _flowable: tracker.check()  # type: ignore[method-assign]
        doc.build(story, canvasmaker=_numbered_canvas(title, fonts, page_size))
        page_count = doc.page
    tracker.advance_to(tracker.total)
    return SheetPdfResult(Path(path), page_count, count, tuple(notes.warnings()))
