"""Excel exports 任务分工方案 and 周进度表: one styled, printable sheet over plain TaskRow data."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.atomic import atomic_write
from supervisor.reports.data import IndicatorRow, ReportHeader, TaskRow
from supervisor.reports.xlsx_common import (
    BODY_FONT,
    HEADING_FONT,
    CellStyle,
    ProgressCallback,
    check_cancel,
    clean_text,
    fit_width,
    format_number,
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
    "目标指标",
    "责任领导",
    "牵头单位",
    "配合单位",
    "完成时限",
)
PROGRESS_HEADERS = (
    *ASSIGNMENT_HEADERS,
    "序时进度",
    "本期进展",
    "完成进度",
    "状态",
    "存在问题",
    "下步打算",
)
TITLE_ROW = 1
SUBTITLE_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
PERCENT_FORMAT = "0.0%"
# About a hundred progress callbacks / cancel checks per sheet: a smooth bar, little overhead.
_PROGRESS_STEPS = 100

# Style names as they appear in Excel's style gallery.
STYLE_TITLE = "督查-标题"
STYLE_SUBTITLE = "督查-副标题"
STYLE_HEADER = "督查-表头"
STYLE_TEXT = "督查-文本"
STYLE_CENTRE = "督查-居中"
STYLE_INDEX = "督查-序号"
STYLE_DATE = "督查-日期"
STYLE_PERCENT = "督查-百分比"


def status_style_name(status: TaskStatus) -> str:
    """Name of the named style that colours a 状态 cell."""
    return f"督查-状态-{status.value}"


def _body_font() -> Font:
    return Font(name=BODY_FONT, size=10)


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
        STYLE_HEADER: CellStyle(
            Font(name=HEADING_FONT, size=11, bold=True), centre, fill=solid_fill("#D9E1F2")
        ),
        STYLE_TEXT: CellStyle(_body_font(), wrap_left),
        STYLE_CENTRE: CellStyle(_body_font(), centre),
        STYLE_INDEX: CellStyle(_body_font(), centre, number_format="0"),
        STYLE_DATE: CellStyle(
            _body_font(),
            Alignment(horizontal="center", vertical="center"),
            number_format=DATE_FORMAT,
        ),
        STYLE_PERCENT: CellStyle(_body_font(), centre, number_format=PERCENT_FORMAT),
    }
    for status in TaskStatus:
        styles[status_style_name(status)] = CellStyle(
            _body_font(), centre, fill=solid_fill(STATUS_COLOURS[status])
        )
    return styles


def task_text(task: TaskRow) -> str:
    """The 重点任务 cell: code, title and the original text when it says more than the title."""
    title = f"{task.code} {task.title}" if task.code else task.title
    text = task.text.strip()
    if not text or text == task.title:
        return title
    if text.startswith(task.title):
        return f"{task.code} {text}" if task.code else text
    return f"{title}\n{text}"


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
class _Column:
    header: str
    style: str
    value: Callable[[TaskRow], Any]
    width: float | None = None  # fixed width; None: fit to the content
    fit: tuple[float, float] = (8.0, 20.0)


def _columns(*, progress: bool) -> list[_Column]:
    columns = [
        _Column("序号", STYLE_INDEX, lambda task: None, width=6),
        _Column("重点任务", STYLE_TEXT, task_text, width=34 if progress else 48),
        _Column(
            "目标指标",
            STYLE_TEXT,
            lambda task: indicators_text(task, with_actual=progress),
            width=22 if progress else 30,
        ),
        _Column("责任领导", STYLE_CENTRE, lambda task: task.leader, fit=(9, 14)),
        _Column("牵头单位", STYLE_CENTRE, lambda task: task.lead_department, fit=(10, 18)),
        _Column(
            "配合单位",
            STYLE_CENTRE,
            lambda task: "、".join(task.co_departments),
            fit=(10, 22 if progress else 30),
        ),
        _Column("完成时限", STYLE_DATE, lambda task: task.deadline, width=15),
    ]
    if progress:
        columns += [
            _Column("序时进度", STYLE_PERCENT, lambda task: task.time_progress, width=9),
            _Column("本期进展", STYLE_TEXT, lambda task: task.progress_text, width=34),
            _Column("完成进度", STYLE_PERCENT, lambda task: task.percent_done, width=9),
            _Column("状态", STYLE_CENTRE, lambda task: task.status, width=8),
            _Column("存在问题", STYLE_TEXT, lambda task: task.problems, width=22),
            _Column("下步打算", STYLE_TEXT, lambda task: task.next_steps, width=22),
        ]
    return columns


def _subtitle(header: ReportHeader, count: int) -> str:
    parts = [header.office_name] if header.office_name else []
    parts.append(f"数据截至：{header.as_of.year}年{header.as_of.month}月{header.as_of.day}日")
    parts.append(f"共{count}项任务")
    return "　　".join(parts)


def _title(header: ReportHeader, kind: str) -> str:
    plan = header.plan_title or f"{header.plan_year}年重点任务"
    period = f"（{header.period_label}）" if header.period_label else ""
    if plan.endswith("任务") and kind.startswith("任务"):
        kind = kind.removeprefix("任务")  # "…重点任务" + "任务分工方案" reads twice
    return f"{plan}{kind}{period}"


def _write_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    *,
    progress_columns: bool,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> Path:
    columns = _columns(progress=progress_columns)
    kind = PROGRESS_TITLE if progress_columns else ASSIGNMENT_TITLE
    title = _title(header, kind)
    total = len(tasks)
    last_column = get_column_letter(len(columns))
    last_row = HEADER_ROW + total

    def write(temp: Path) -> None:
        workbook = Workbook(write_only=True)
        workbook.properties.title = title
        workbook.properties.creator = header.office_name or "重点任务督查督办"
        register_styles(workbook, report_styles())
        sheet = workbook.create_sheet(kind)

        # Everything about the sheet's layout must be set before the first row is streamed.
        widths = []
        for index, column in enumerate(columns, 1):
            if column.width is not None:
                width = column.width
            else:
                texts = {clean_text(str(column.value(task) or "")) for task in tasks}
                width = fit_width([column.header, *texts], *column.fit)
            widths.append(width)
            sheet.column_dimensions[get_column_letter(index)].width = width
        wrapped = [column.style in (STYLE_TEXT, STYLE_CENTRE) for column in columns]
        sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
        sheet.merged_cells.add(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
        sheet.merged_cells.add(f"A{SUBTITLE_ROW}:{last_column}{SUBTITLE_ROW}")
        sheet.row_dimensions[TITLE_ROW].height = 32
        setup_print(sheet, header_rows=f"{HEADER_ROW}:{HEADER_ROW}", title=title)

        sheet.append([_styled(sheet, title, STYLE_TITLE)])
        sheet.append([_styled(sheet, _subtitle(header, total), STYLE_SUBTITLE)])
        header_lines = max(
            text_lines(column.header, width) for column, width in zip(columns, widths, strict=True)
        )
        sheet.row_dimensions[HEADER_ROW].height = row_height(header_lines, minimum=22)
        sheet.append([_styled(sheet, column.header, STYLE_HEADER) for column in columns])

        status_styles = {status: status_style_name(status) for status in TaskStatus}
        every = max(1, total // _PROGRESS_STEPS)
        try:
            for number, task in enumerate(tasks, 1):
                if number % every == 0:
                    check_cancel(cancel)
                    if progress is not None:
                        progress(number, total)
                row = []
                lines = 1
                for column, width, wraps in zip(columns, widths, wrapped, strict=True):
                    value = number if column.style == STYLE_INDEX else column.value(task)
                    style = column.style
                    if isinstance(value, TaskStatus):
                        style = status_styles[value]
                        value = value.value
                    elif wraps and value:
                        lines = max(lines, text_lines(value, width))
                    row.append(_styled(sheet, value, style))
                sheet.row_dimensions[HEADER_ROW + number].height = row_height(lines)
                sheet.append(row)
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


def write_assignment_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write 任务分工方案: 序号 | 重点任务 | 目标指标 | 责任领导 | 牵头单位 | 配合单位 | 完成时限.

    Args:
        header: Office, plan and period shown in the title rows.
        tasks: The tasks in the order they are to appear.
        path: The .xlsx file to create or replace (atomically).
        progress: Called with (rows done, rows in all) while writing.
        cancel: When set, writing stops and nothing is written.

    Returns:
        The path written.

    Raises:
        ReportWriteError: The file could not be saved (e.g. open in Excel); the old one is kept.
        ReportCancelled: ``cancel`` was set.
    """
    return _write_sheet(
        header, tasks, path, progress_columns=False, progress=progress, cancel=cancel
    )


def write_progress_sheet(
    header: ReportHeader,
    tasks: Sequence[TaskRow],
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write 周进度表: the 任务分工方案 columns plus 序时进度 … 下步打算 (six progress columns).

    Percentages (TaskRow.time_progress and percent_done, 0..1) are stored as numbers in a
    percent format, deadlines as dates, and each 状态 cell is filled in its status colour.

    Args:
        header: Office, plan and period shown in the title rows ("as of" date included).
        tasks: The tasks in the order they are to appear.
        path: The .xlsx file to create or replace (atomically).
        progress: Called with (rows done, rows in all) while writing.
        cancel: When set, writing stops and nothing is written.

    Returns:
        The path written.

    Raises:
        ReportWriteError: The file could not be saved (e.g. open in Excel); the old one is kept.
        ReportCancelled: ``cancel`` was set.
    """
    return _write_sheet(
        header, tasks, path, progress_columns=True, progress=progress, cancel=cancel
    )
