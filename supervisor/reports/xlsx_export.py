"""Excel exports 任务分工方案 and 周进度表: one styled, printable sheet over plain TaskRow data."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import Outline

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.atomic import atomic_write
from supervisor.reports.data import IndicatorRow, ReportHeader, TaskRow
from supervisor.reports.sheet_layout import LineKind, SheetLine, sheet_lines
from supervisor.reports.xlsx_common import (
    BODY_FONT,
    HEADING_FONT,
    PAPER_SIZES,
    SIDE_MARGIN,
    CellStyle,
    ProgressCallback,
    check_cancel,
    column_pixels,
    format_number,
    printable_pixels,
    put_text,
    register_styles,
    row_height,
    setup_print,
    solid_fill,
    text_lines,
)

ASSIGNMENT_TITLE = "任务分工方案"
PROGRESS_TITLE = "周进度表"
ASSIGNMENT_HEADERS = (
    "序号",
    "重点任务",
    "具体目标/量化指标",
    "牵头单位",
    "配合单位",
    "责任领导",
    "完成时限",
)
PROGRESS_HEADERS = (
    "序号",
    "重点任务",
    "牵头单位",
    "配合单位",
    "责任领导",
    "完成时限",
    "序时进度",
    "上期完成进度",
    "本期完成进度",
    "本期进展",
    "存在问题",
    "下步计划",
    "预警",
    "督办",
    "备注",
)
NOT_REPORTED_TEXT = "本期未报送"
TITLE_ROW = 1
SUBTITLE_ROW = 2
LEGEND_ROW = 3  # 周进度表: what each fill means; 任务分工方案: a note on the grouping
HEADER_ROW = 4
FIRST_DATA_ROW = 5
DATE_FORMAT = "yyyy.m.d"  # 2020.12.31: as offices write a deadline, and narrow
PERCENT_FORMAT = "0.0%"
BODY_SIZE = 10
# About a hundred progress callbacks / cancel checks per sheet: a smooth bar, little overhead.
_PROGRESS_STEPS = 100

# Style names as they appear in Excel's style gallery.
STYLE_TITLE = "督查-标题"
STYLE_SUBTITLE = "督查-副标题"
STYLE_HEADER = "督查-表头"
STYLE_AREA = "督查-领域"
STYLE_HEADING = "督查-上级任务"
STYLE_TEXT = "督查-文本"
STYLE_CENTRE = "督查-居中"
STYLE_INDEX = "督查-序号"
STYLE_DATE = "督查-日期"
STYLE_PERCENT = "督查-百分比"
STYLE_MISSING = "督查-未报送"
STYLE_NOTE = "督查-说明"

# One fill per status. The shared palette (domain.STATUS_COLOURS) gives 已完成 and 超序时 the
# same green; on paper they must differ, so 已完成 gets a deeper one here.
SHEET_STATUS_COLOURS: dict[TaskStatus, str] = {**STATUS_COLOURS, TaskStatus.DONE: "#A9D08E"}
URGING_COLOURS = {"红": "#FF7C80", "黄": "#FFD966", "蓝": "#9BC2E6"}


@dataclass(frozen=True, slots=True)
class SheetOptions:
    """What a sheet needs beyond the task rows: paper, the period, earlier and urging data.

    Attributes:
        paper: "A4" (default) or "A3": A3 gives the text columns more room at the same font.
        period_start: First day of the reporting period; a task whose latest report is older
            did not report this period (本期未报送).
        previous_percent: 上期完成进度 per task id (0..1), as of the end of the last period.
        urging_colour: The colour (红/黄/蓝) of each task's latest 督办单.
    """

    paper: str = "A4"
    period_start: dt.date | None = None
    previous_percent: Mapping[int, float | None] = field(default_factory=dict)
    urging_colour: Mapping[int, str] = field(default_factory=dict)


def status_style_name(status: TaskStatus) -> str:
    """Name of the named style that colours a task's 预警 cell by its status."""
    return f"督查-状态-{status.value}"


def urging_style_name(colour: str) -> str:
    """Name of the named style of a 督办 cell."""
    return f"督查-督办-{colour}"


def warning_light(task: TaskRow) -> str:
    """绿灯/黄灯/红灯 of a task, as services.status graded it (the bulletin's rule)."""
    return task.warning.value if task.warning is not None else ""


def _body_font() -> Font:
    return Font(name=BODY_FONT, size=BODY_SIZE)


def report_styles() -> dict[str, CellStyle]:
    """The named styles of both exports (title, header, text, dates, percents, one per status)."""
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles = {
        STYLE_TITLE: CellStyle(
            Font(name=HEADING_FONT, size=16, bold=True),
            Alignment(horizontal="center", vertical="center"),
            border=None,
        ),
        STYLE_SUBTITLE: CellStyle(
            _body_font(), Alignment(horizontal="left", vertical="center"), border=None
        ),
        STYLE_NOTE: CellStyle(_body_font(), wrap_left, border=None),
        STYLE_HEADER: CellStyle(
            Font(name=HEADING_FONT, size=BODY_SIZE, bold=True), centre, fill=solid_fill("#D9E1F2")
        ),
        STYLE_AREA: CellStyle(
            Font(name=HEADING_FONT, size=11, bold=True), wrap_left, fill=solid_fill("#EDEDED")
        ),
        STYLE_HEADING: CellStyle(Font(name=HEADING_FONT, size=BODY_SIZE), wrap_left),
        STYLE_TEXT: CellStyle(_body_font(), wrap_left),
        STYLE_CENTRE: CellStyle(_body_font(), centre),
        STYLE_MISSING: CellStyle(Font(name=BODY_FONT, size=BODY_SIZE, color="C00000"), centre),
        STYLE_INDEX: CellStyle(_body_font(), centre, number_format="0"),
        STYLE_DATE: CellStyle(_body_font(), centre, number_format=DATE_FORMAT),
        STYLE_PERCENT: CellStyle(_body_font(), centre, number_format=PERCENT_FORMAT),
    }
    for status in TaskStatus:
        styles[status_style_name(status)] = CellStyle(
            _body_font(), centre, fill=solid_fill(SHEET_STATUS_COLOURS[status])
        )
    for colour, fill in URGING_COLOURS.items():
        styles[urging_style_name(colour)] = CellStyle(_body_font(), centre, fill=solid_fill(fill))
    return styles


def task_text(task: TaskRow) -> str:
    """The 重点任务 cell: the code, then the task said once (TaskRow.display_text)."""
    return f"{task.code} {task.display_text}" if task.code else task.display_text


def indicator_line(indicator: IndicatorRow, *, with_actual: bool) -> str:
    """One line of the 目标指标 cell, e.g. "完成投资：128亿元（已完成100亿元）"."""
    target = indicator.target_text
    if not target and indicator.value is not None:
        target = f"{format_number(indicator.value)}{indicator.unit}"
    line = f"{indicator.name}：{target}" if indicator.name else target
    if with_actual and indicator.actual is not None:
        line += f"（已完成{format_number(indicator.actual)}{indicator.unit}）"
    return line


def indicators_text(task: TaskRow, *, with_actual: bool) -> str:
    """The 目标指标 cell: one line per indicator."""
    return "\n".join(indicator_line(ind, with_actual=with_actual) for ind in task.indicators)


@dataclass(frozen=True, slots=True)
class _Cell:
    """A value with a style other than its column's."""

    value: Any
    style: str


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    style: str
    value: Callable[[TaskRow, SheetOptions], Any]
    width: float  # on A4; fixed, so the printed size is known (see xlsx_common.printed_scale)
    grow: float = 0.0  # its share of the extra width of an A3 page


def reported_this_period(task: TaskRow, options: SheetOptions) -> bool:
    """Whether the task reported in the period; a finished task has nothing left to report."""
    if task.status is TaskStatus.DONE:
        return True
    if task.status is TaskStatus.NOT_REPORTED:
        return False
    if options.period_start is None:
        return True
    return task.last_report_date is not None and task.last_report_date >= options.period_start


def _when_reported(value: Callable[[TaskRow], Any]) -> Callable[[TaskRow, SheetOptions], Any]:
    """A 本期 cell: empty when the task did not report this period."""
    return lambda task, options: value(task) if reported_this_period(task, options) else None


def _previous(task: TaskRow, options: SheetOptions) -> Any:
    # A task silent this period shows its last report as 上期: that is what it last said.
    if not reported_this_period(task, options):
        return task.percent_done
    return options.previous_percent.get(task.task_id)


def _progress_text(task: TaskRow, options: SheetOptions) -> Any:
    if reported_this_period(task, options):
        return task.progress_text
    last = task.last_report_date
    text = NOT_REPORTED_TEXT + (f"（最近报送：{last:%Y-%m-%d}）" if last else "（从未报送）")
    return _Cell(text, STYLE_MISSING)


def _warning(task: TaskRow, _options: SheetOptions) -> Any:
    if task.status is None:
        return task.status_text or None  # 常态化: listed, not assessed
    light = warning_light(task)
    text = f"{light}\n{task.status.value}" if light else task.status.value
    return _Cell(text, status_style_name(task.status))


def _urging(task: TaskRow, options: SheetOptions) -> Any:
    colour = options.urging_colour.get(task.task_id)
    if colour not in URGING_COLOURS:
        return None
    return _Cell(f"{colour}色", urging_style_name(colour))


def _remark(task: TaskRow, _options: SheetOptions) -> str:
    return f"催办{task.urging_count}次" if task.urging_count else ""


def _task_cell(task: TaskRow, _options: SheetOptions) -> str:
    return task_text(task)


def _progress_task_cell(task: TaskRow, _options: SheetOptions) -> str:
    # The 周进度表 has no 目标指标 column: targets and actuals follow the task's text.
    indicators = indicators_text(task, with_actual=True)
    return f"{task_text(task)}\n{indicators}" if indicators else task_text(task)


def _co_departments(task: TaskRow, _options: SheetOptions) -> str:
    return "、".join(task.co_departments)


def _columns(*, progress: bool) -> list[_Column]:
    if not progress:
        return [
            _Column("序号", STYLE_INDEX, lambda task, _: None, 5),
            _Column("重点任务", STYLE_TEXT, _task_cell, 46, 0.45),
            _Column(
                "具体目标/量化指标",
                STYLE_TEXT,
                lambda task, _: indicators_text(task, with_actual=False),
                30,
                0.35,
            ),
            _Column("牵头单位", STYLE_CENTRE, lambda task, _: task.lead_department, 14, 0.05),
            _Column("配合单位", STYLE_CENTRE, _co_departments, 22, 0.15),
            _Column("责任领导", STYLE_CENTRE, lambda task, _: task.leader, 10),
            _Column("完成时限", STYLE_DATE, lambda task, _: task.deadline, 10),
        ]
    return [
        _Column("序号", STYLE_INDEX, lambda task, _: None, 4),
        _Column("重点任务", STYLE_TEXT, _progress_task_cell, 24, 0.35),
        _Column("牵头单位", STYLE_CENTRE, lambda task, _: task.lead_department, 9, 0.05),
        _Column("配合单位", STYLE_CENTRE, _co_departments, 8.5, 0.1),
        _Column("责任领导", STYLE_CENTRE, lambda task, _: task.leader, 6),
        _Column("完成时限", STYLE_DATE, lambda task, _: task.deadline, 9),
        _Column("序时进度", STYLE_PERCENT, lambda task, _: task.time_progress, 6.5),
        _Column("上期完成进度", STYLE_PERCENT, _previous, 6.5),
        _Column("本期完成进度", STYLE_PERCENT, _when_reported(lambda t: t.percent_done), 6.5),
        _Column("本期进展", STYLE_TEXT, _progress_text, 20, 0.3),
        _Column("存在问题", STYLE_TEXT, _when_reported(lambda t: t.problems), 12, 0.1),
        _Column("下步计划", STYLE_TEXT, _when_reported(lambda t: t.next_steps), 12, 0.1),
        _Column("预警", STYLE_CENTRE, _warning, 6),
        _Column("督办", STYLE_CENTRE, _urging, 5),
        _Column("备注", STYLE_CENTRE, _remark, 6),
    ]


def column_widths(columns: Sequence[_Column], paper: str) -> list[float]:
    """Widths for the paper: A4 as designed; A3 spreads the extra room over the text columns."""
    widths = [column.width for column in columns]
    if paper == "A4":
        return widths
    spare = printable_pixels(PAPER_SIZES[paper], SIDE_MARGIN, SIDE_MARGIN) - sum(
        column_pixels(width) for width in widths
    )
    extra = max(0.0, spare / 7 - 2)  # in width units, a little room left for rounding
    return [round(column.width + extra * column.grow, 1) for column in columns]


def _subtitle(header: ReportHeader, count: int) -> str:
    parts = [header.office_name] if header.office_name else []
    parts.append(f"数据截至：{header.as_of.year}年{header.as_of.month}月{header.as_of.day}日")
    parts.append(f"共{count}项任务")
    return "　　".join(parts)


def _title(header: ReportHeader, kind: str) -> str:
    plan = header.plan_title or f"{header.plan_year}年重点任务"
    # A division plan is the year's: it is never titled by a week.
    period = f"（{header.period_label}）" if header.period_label and kind == PROGRESS_TITLE else ""
    if plan.endswith("任务") and kind.startswith("任务"):
        kind = kind.removeprefix("任务")  # "…重点任务" + "任务分工方案" reads twice
    return f"{plan}{kind}{period}"


LEGEND_TEXT = (
    "图例：“预警”列写明绿灯/黄灯/红灯和状态，按状态着色（右侧各色）：红灯＝逾期或落后序时进度"
    "超过红灯阈值，黄灯＝滞后、未报送或落后超过黄灯阈值，其余绿灯（与督查通报同一规则）。"
    "“督办”列为最近一次督办单的颜色。序时进度＝已过时间占完成时限的比例。"
)
ASSIGNMENT_NOTE = "说明：任务按领域分组（点击左侧“－”可折叠）；有分解任务的，上级任务只列标题。"


def _write_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    *,
    progress_columns: bool,
    options: SheetOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    options = options or SheetOptions()
    if options.paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper {options.paper!r}")
    columns = _columns(progress=progress_columns)
    kind = PROGRESS_TITLE if progress_columns else ASSIGNMENT_TITLE
    title = _title(header, kind)
    lines = sheet_lines(tasks, with_status=progress_columns)
    count = sum(1 for line in lines if line.kind is LineKind.TASK)
    last_column = get_column_letter(len(columns))
    last_row = HEADER_ROW + len(lines)
    widths = column_widths(columns, options.paper)
    total = len(tasks)  # progress counts tasks, whatever lines they become

    def write(temp: Path) -> None:
        workbook = Workbook(write_only=True)
        workbook.properties.title = title
        workbook.properties.creator = header.office_name or "重点任务督查督办"
        register_styles(workbook, report_styles())
        sheet = workbook.create_sheet(kind)

        # Everything about the sheet's layout must be set before the first row is streamed.
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        wrapped = [column.style in (STYLE_TEXT, STYLE_CENTRE) for column in columns]
        sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(last_row, HEADER_ROW + 1)}"
        for row in (TITLE_ROW, SUBTITLE_ROW):
            sheet.merged_cells.add(f"A{row}:{last_column}{row}")
        # Area headings sit above their tasks: the outline's +/- buttons belong on them.
        sheet.sheet_properties.outlinePr = Outline(summaryBelow=False)
        sheet.row_dimensions[TITLE_ROW].height = 32
        setup_print(
            sheet, header_rows=f"{HEADER_ROW}:{HEADER_ROW}", title=title, paper=options.paper
        )

        sheet.append([_styled(sheet, title, STYLE_TITLE)])
        sheet.append([_styled(sheet, _subtitle(header, count), STYLE_SUBTITLE)])
        if progress_columns:
            sheet.merged_cells.add(f"A{LEGEND_ROW}:F{LEGEND_ROW}")
            legend = [_styled(sheet, LEGEND_TEXT, STYLE_NOTE), *[None] * 5]
            legend += [_styled(sheet, s.value, status_style_name(s)) for s in TaskStatus]
            note_lines = text_lines(LEGEND_TEXT, sum(widths[:6]))
        else:
            sheet.merged_cells.add(f"A{LEGEND_ROW}:{last_column}{LEGEND_ROW}")
            legend = [_styled(sheet, ASSIGNMENT_NOTE, STYLE_NOTE)]
            note_lines = text_lines(ASSIGNMENT_NOTE, sum(widths))
        sheet.row_dimensions[LEGEND_ROW].height = row_height(max(note_lines, 2))
        sheet.append(legend)
        header_lines = max(
            text_lines(column.header, width) for column, width in zip(columns, widths, strict=True)
        )
        sheet.row_dimensions[HEADER_ROW].height = row_height(header_lines, minimum=22)
        sheet.append([_styled(sheet, column.header, STYLE_HEADER) for column in columns])

        every = max(1, len(lines) // _PROGRESS_STEPS)
        try:
            for done, line in enumerate(lines, 1):
                if done % every == 0:
                    check_cancel(cancel)
                    if progress is not None:
                        progress(min(done, total), total)
                row_number = HEADER_ROW + done
                dimension = sheet.row_dimensions[row_number]
                if line.level:
                    dimension.outlineLevel = line.level
                if line.kind is LineKind.TASK:
                    cells, height = _task_cells(sheet, line, columns, widths, wrapped, options)
                else:
                    cells, height = _heading_cells(sheet, line, widths, last_column, row_number)
                dimension.height = height
                sheet.append(cells)
            check_cancel(cancel)
        except BaseException:
            # End the streamed XML cleanly (else lxml complains when it is collected);
            # the temporary file is discarded by atomic_write.
            with contextlib.suppress(Exception):
                sheet.close()
            raise
        workbook.save(temp)
        if progress is not None:
            progress(total, total)

    return atomic_write(path, write)


def _task_cells(
    sheet: Any,
    line: SheetLine,
    columns: Sequence[_Column],
    widths: Sequence[float],
    wrapped: Sequence[bool],
    options: SheetOptions,
) -> tuple[list[WriteOnlyCell], float]:
    task = line.task
    assert task is not None
    cells = []
    lines = 1
    for column, width, wraps in zip(columns, widths, wrapped, strict=True):
        value = line.number if column.style == STYLE_INDEX else column.value(task, options)
        style = column.style
        if isinstance(value, _Cell):
            value, style = value.value, value.style
        if (wraps or style == STYLE_MISSING or isinstance(value, str)) and value:
            lines = max(lines, text_lines(str(value), width))
        cells.append(_styled(sheet, value, style))
    return cells, row_height(lines)


def _heading_cells(
    sheet: Any, line: SheetLine, widths: Sequence[float], last_column: str, row: int
) -> tuple[list[WriteOnlyCell | None], float]:
    """An area line across the sheet, or a parent task's title from column B on."""
    if line.kind is LineKind.AREA:
        sheet.merged_cells.add(f"A{row}:{last_column}{row}")
        lines = text_lines(line.text, sum(widths))
        return [_styled(sheet, line.text, STYLE_AREA)], row_height(lines, minimum=22)
    sheet.merged_cells.add(f"B{row}:{last_column}{row}")
    lines = text_lines(line.text, sum(widths[1:]))
    first = _styled(sheet, None, STYLE_HEADING)
    return [first, _styled(sheet, line.text, STYLE_HEADING)], row_height(lines)


def _styled(sheet: Any, value: Any, style: str) -> WriteOnlyCell:
    """A streamed cell with a named style; text is kept as text and empty text as a blank."""
    cell = WriteOnlyCell(sheet)
    cell.style = style
    if isinstance(value, str):
        if not value:
            return cell
        put_text(cell, value)
    elif isinstance(value, dt.datetime):
        cell.value = value.date()
    elif value is not None:
        cell.value = value
    return cell


class WriteOptions(TypedDict, total=False):
    """Keyword options of both writers.

    Attributes:
        options: Paper, period, 上期 values and 督办 colours (default: A4, none of them).
        progress: Called with (tasks done, tasks in all) while writing.
        cancel: When set, writing stops and nothing is written.
    """

    options: SheetOptions | None
    progress: ProgressCallback | None
    cancel: threading.Event | None


def write_assignment_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    **keywords: Unpack[WriteOptions],
) -> Path:
    """Write 任务分工方案: the columns of ASSIGNMENT_HEADERS, grouped by area.

    Titled by the plan, never by a week. Arguments as for ``write_progress_sheet``.
    """
    return _write_sheet(header, tasks, path, progress_columns=False, **keywords)


def write_progress_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    **keywords: Unpack[WriteOptions],
) -> Path:
    """Write 周进度表: the columns of PROGRESS_HEADERS, grouped by area, coloured by status.

    Percentages (TaskRow.time_progress and percent_done, 0..1) are stored as numbers in a
    percent format, deadlines as dates, and each 预警 cell is filled in its status colour.

    Args:
        header: Office, plan and period shown in the title rows ("as of" date included).
        tasks: The tasks in the order they are to appear.
        path: The .xlsx file to create or replace (atomically).
        **keywords: ``options``, ``progress`` and ``cancel`` (see WriteOptions).

    Returns:
        The path written.

    Raises:
        ReportWriteError: The file could not be saved (e.g. open in Excel); the old one is kept.
        ReportCancelled: ``cancel`` was set.
    """
    return _write_sheet(header, tasks, path, progress_columns=True, **keywords)


# The printable 周进度表 (reports.progress_pdf) draws the same columns, titles, legend and
# named styles: one definition for the workbook and for paper.
SheetColumn = _Column
StyledValue = _Cell


def sheet_columns(*, progress: bool) -> list[SheetColumn]:
    """The columns of 周进度表 (``progress``) or 任务分工方案, in order, with A4 widths."""
    return _columns(progress=progress)


def sheet_title(header: ReportHeader, kind: str) -> str:
    """The title row of a sheet of ``kind`` (PROGRESS_TITLE or ASSIGNMENT_TITLE)."""
    return _title(header, kind)


def sheet_subtitle(header: ReportHeader, count: int) -> str:
    """The row under the title: office, 数据截至 date, number of tasks."""
    return _subtitle(header, count)
