"""Department fill-in workbooks (部门填报表): locked task columns, validated inputs, metadata."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from supervisor.reports.atomic import atomic_folder, atomic_write
from supervisor.reports.data import TaskRow
from supervisor.reports.fillin_format import (
    CONTACT_FIELDS,
    FIRST_DATA_ROW,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_LIMIT,
    INDICATOR_SHEET,
    INPUT_LINES,
    LEAD,
    MAX_CONTACT_LENGTH,
    META_INDICATOR_FIRST_COLUMN,
    META_INDICATOR_HEADERS,
    META_KEYS,
    META_SHEET,
    META_TASK_FIRST_COLUMN,
    META_TASK_HEADERS,
    SEALED_SINCE_VERSION,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInColumn,
    FillInMeta,
    FillInScope,
    MetaIndicator,
    MetaTask,
    column_number,
    meta_digest,
    period_text,
    role_of,
)
from supervisor.reports.xlsx_common import (
    BODY_FONT,
    HEADING_FONT,
    CellStyle,
    ProgressCallback,
    check_cancel,
    clean_text,
    put_text,
    register_styles,
    row_height,
    save_workbook,
    setup_print,
    solid_fill,
    text_lines,
    workbook_bytes,
)
from supervisor.reports.xlsx_export import indicators_text, task_text
from supervisor.reports.xlsx_fillin_rules import add_task_validations, at_most, between


@dataclass(frozen=True, slots=True)
class FillInSpec(FillInScope):
    """What one department's fill-in workbook holds.

    The tasks are report rows (``TaskRow``): their ``task_id`` and ``version`` go into the
    hidden metadata so the import knows which task and which state of it a row answers, and
    each indicator must carry its ``indicator_id``. ``percent_done`` and indicator ``actual``
    are shown as last period's values; ``time_progress`` as 序时进度.
    """

    tasks: tuple[TaskRow, ...]
    office_name: str = ""
    contacts: tuple[str, ...] = ()  # names offered in the 填报人 drop-down (others allowed)
    exported_at: dt.datetime | None = None  # default: now
    database_id: str = ""  # services.identity: which database the workbook belongs to
    return_by: dt.date | None = None  # 报送截止: the day the office wants the file back
    # services.identity.seal_key: the key that seals the metadata (never written into the
    # workbook). Without one the workbook is written unsealed, as format version 3.
    seal_key: bytes = b""


# --- styles -----------------------------------------------------------------------------------

STYLE_TITLE = "填报-标题"
STYLE_NOTE = "填报-说明"
STYLE_HEADER = "填报-表头"
STYLE_INPUT_HEADER = "填报-填写列表头"
STYLE_LOCKED_TEXT = "填报-任务文本"
STYLE_LOCKED_CENTRE = "填报-任务居中"
STYLE_LOCKED_DATE = "填报-任务日期"
STYLE_LOCKED_PERCENT = "填报-任务百分比"
STYLE_LOCKED_NUMBER = "填报-任务数值"
STYLE_INPUT_NUMBER = "填报-填写数值"
STYLE_INPUT_TEXT = "填报-填写文本"
STYLE_INPUT_CENTRE = "填报-填写居中"
STYLE_INPUT_DATE = "填报-填写日期"
STYLE_META = "填报-系统数据"

_DATE_FORMAT = "yyyy-mm-dd"


def _fillin_styles() -> dict[str, CellStyle]:
    body = Font(name=BODY_FONT, size=10)
    wrap = Alignment(horizontal="left", vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    grey = solid_fill("#F2F2F2")
    return {
        STYLE_TITLE: CellStyle(
            Font(name=HEADING_FONT, size=15, bold=True),
            Alignment(horizontal="center", vertical="center"),
            border=None,
        ),
        STYLE_NOTE: CellStyle(Font(name=BODY_FONT, size=10, color="C00000"), wrap, border=None),
        STYLE_HEADER: CellStyle(
            Font(name=HEADING_FONT, size=10, bold=True), centre, fill=solid_fill("#D9D9D9")
        ),
        STYLE_INPUT_HEADER: CellStyle(
            Font(name=HEADING_FONT, size=10, bold=True), centre, fill=solid_fill("#FFE699")
        ),
        STYLE_LOCKED_TEXT: CellStyle(body, wrap, fill=grey),
        STYLE_LOCKED_CENTRE: CellStyle(body, centre, fill=grey),
        STYLE_LOCKED_DATE: CellStyle(body, centre, fill=grey, number_format=_DATE_FORMAT),
        STYLE_LOCKED_PERCENT: CellStyle(body, centre, fill=grey, number_format="0.0%"),
        STYLE_LOCKED_NUMBER: CellStyle(body, centre, fill=grey, number_format="General"),
        STYLE_INPUT_NUMBER: CellStyle(body, centre, locked=False),
        STYLE_INPUT_TEXT: CellStyle(body, wrap, locked=False),
        STYLE_INPUT_CENTRE: CellStyle(body, centre, locked=False),
        STYLE_INPUT_DATE: CellStyle(body, centre, number_format=_DATE_FORMAT, locked=False),
        STYLE_META: CellStyle(body, Alignment(), border=None),
    }


# --- writing ----------------------------------------------------------------------------------


def _put(sheet: Worksheet, row: int, column: int, value: Any, style: str) -> None:
    cell = sheet.cell(row, column)
    cell.style = style
    if isinstance(value, str):
        if value:
            put_text(cell, value)
    elif value is not None:
        cell.value = value


def _put_row(
    sheet: Worksheet,
    row: int,
    columns: Sequence[FillInColumn],
    values: Sequence[tuple[Any, str]],
    *,
    minimum_lines: int,
) -> None:
    """Write a row of (value, style) cells and give it the height its wrapped text needs.

    The height is set here because files do not carry automatic heights.
    """
    for number, (value, style) in enumerate(values, 1):
        _put(sheet, row, number, value, style)
    lines = minimum_lines
    for column, (value, _) in zip(columns, values, strict=True):
        if isinstance(value, str) and value:
            lines = max(lines, text_lines(value, column.width))
    sheet.row_dimensions[row].height = row_height(lines)


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet against edits of locked cells; users may still resize rows and columns."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _start_sheet(sheet: Worksheet, title: str, note: str, columns: Sequence[FillInColumn]) -> None:
    """The title, the note under it and the header row, with the columns' widths."""
    last = get_column_letter(len(columns))
    _put(sheet, 1, 1, title, STYLE_TITLE)
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 28
    _put(sheet, 2, 1, note, STYLE_NOTE)
    sheet.merge_cells(f"A2:{last}2")
    total = sum(column.width for column in columns)
    sheet.row_dimensions[2].height = row_height(text_lines(note, total) + 1)
    for number, column in enumerate(columns, 1):
        style = STYLE_INPUT_HEADER if column.is_input else STYLE_HEADER
        _put(sheet, HEADER_ROW, number, column.header, style)
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    lines = max(text_lines(column.header, column.width) for column in columns)
    sheet.row_dimensions[HEADER_ROW].height = row_height(lines, minimum=22)


def _finish_sheet(sheet: Worksheet, spec: FillInSpec) -> None:
    """Freeze the task columns, set up printing and lock the sheet."""
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"
    setup_print(sheet, header_rows=f"{HEADER_ROW}:{HEADER_ROW}", title=f"{spec.department}")
    _protect(sheet)


def _period_text(spec: FillInSpec) -> str:
    return period_text(spec.period_label, spec.period_start, spec.period_end)


def _role(task: TaskRow, department: str) -> str:
    return role_of(task.lead_department, department)


TIME_PROGRESS_NOTE = (
    "序时进度：截至本期末已过去的时间占任务完成时限的比例（如全年任务到6月底约为50%），"
    "完成进度低于序时进度即为滞后。"
)


def task_sheet_note(spec: FillInSpec) -> str:
    """What the clerk reads above the table: who, which period, by when, how, and what to fill."""
    office = spec.office_name or "督查室"
    due_day = spec.return_by
    deadline = f"{due_day.year}年{due_day.month}月{due_day.day}日" if due_day else ""
    due = f"请于{deadline}前" if due_day else "请按时"
    return (
        f"填报单位：{spec.department}　　报送期：{_period_text(spec)}"
        + (f"　　报送截止：{deadline}" if spec.return_by else "")
        + "\n说明：灰色列为任务信息和上期情况，请勿改动；请在白色列填写截至本期末的情况。"
        "完成进度填 0–100 的数字（如 60 表示 60%），由牵头单位填写；配合单位在“进展情况”"
        "填写本单位承担部分的配合情况。指标完成值在“指标完成值”工作表填写。"
        + TIME_PROGRESS_NOTE
        + f"\n报送：{due}将本文件报送{office}（保持 .xlsx 格式和原文件，勿另存为其他格式、"
        "勿复制到新表、勿增删行列或改工作表名）；表格下方请填写联系人、联系电话，"
        "并经单位负责人审核。"
    )


def _task_cell_text(task: TaskRow) -> str:
    # The sheet has no 目标指标 column (room for 上期进展): targets follow the task's text.
    indicators = indicators_text(task, with_actual=False)
    text = task_text(task) + (f"\n目标：{indicators}" if indicators else "")
    return clean_text(text, f"任务 {task.code} 的重点任务")


def _write_task_sheet(sheet: Worksheet, spec: FillInSpec) -> tuple[list[MetaTask], int]:
    """The task rows and, below them, the contact cells; returns the meta and the contact row."""
    title = f"{spec.plan_title}重点任务进展填报表"
    _start_sheet(sheet, title, task_sheet_note(spec), TASK_COLUMNS)
    meta = []
    for offset, task in enumerate(spec.tasks):
        row = FIRST_DATA_ROW + offset
        text = _task_cell_text(task)
        role = _role(task, spec.department)
        # Only what the unit reported itself: a percent derived from indicators was never typed,
        # so warning that a new figure is "below last period" would be wrong.
        previous = None if task.reported_percent is None else round(task.reported_percent * 100, 4)
        values = (
            (offset + 1, STYLE_LOCKED_CENTRE),
            (task.code, STYLE_LOCKED_CENTRE),
            (text, STYLE_LOCKED_TEXT),
            (role, STYLE_LOCKED_CENTRE),
            (task.deadline, STYLE_LOCKED_DATE),
            (task.time_progress, STYLE_LOCKED_PERCENT),
            (task.reported_percent, STYLE_LOCKED_PERCENT),
            (clean_text(task.progress_text, f"任务 {task.code} 的上期进展"), STYLE_LOCKED_TEXT),
            # 完成进度 is the lead unit's to give; a co-unit reports its part in 进展情况.
            (None, STYLE_INPUT_NUMBER if role == LEAD else STYLE_LOCKED_NUMBER),
            (None, STYLE_INPUT_TEXT),
            (None, STYLE_INPUT_TEXT),
            (None, STYLE_INPUT_TEXT),
            (None, STYLE_INPUT_CENTRE),
            (None, STYLE_INPUT_DATE),
        )
        _put_row(sheet, row, TASK_COLUMNS, values, minimum_lines=INPUT_LINES)
        code = clean_text(task.code)
        meta.append(MetaTask(row, task.task_id, task.version, code, text, previous))

    last_row = FIRST_DATA_ROW + len(spec.tasks) - 1
    if spec.tasks:
        add_task_validations(sheet, spec, last_row)
    contact_row = max(last_row, HEADER_ROW) + 2
    _write_contact_cells(sheet, contact_row)
    _finish_sheet(sheet, spec)
    return meta, contact_row


def _write_contact_cells(sheet: Worksheet, row: int) -> None:
    """联系人 / 联系电话 / 单位负责人审核 with their input cells, validated."""
    for key, label, label_first, label_last, first, last in CONTACT_FIELDS:
        _put(sheet, row, label_first, label, STYLE_HEADER)
        for column in range(label_first + 1, label_last + 1):
            _put(sheet, row, column, None, STYLE_HEADER)
        for column in range(first, last + 1):
            _put(sheet, row, column, None, STYLE_INPUT_CENTRE)
        if last > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        if label_last > label_first:
            sheet.merge_cells(
                start_row=row, start_column=label_first, end_row=row, end_column=label_last
            )
        cell = f"{get_column_letter(first)}{row}"
        if key == "phone":
            rule = between(
                "textLength",
                7,
                25,
                title="联系电话",
                prompt="填写办公电话或手机号码，如 0952-2011234 或 13900000000。",
                error="请填写 7 到 25 位的电话号码。",
            )
        else:
            rule = at_most(
                MAX_CONTACT_LENGTH,
                title=label,
                prompt="填写姓名。" if key == "contact" else "单位负责人审核后填写姓名（或签字）。",
                error=f"请控制在 {MAX_CONTACT_LENGTH} 字以内。",
            )
        rule.add(cell)
        sheet.add_data_validation(rule)
    sheet.row_dimensions[row].height = row_height(2)


def _write_indicator_sheet(sheet: Worksheet, spec: FillInSpec) -> list[MetaIndicator]:
    title = f"{spec.plan_title}目标指标完成值填报表"
    note = (
        f"填报单位：{spec.department}　　报送期：{_period_text(spec)}\n"
        "说明：请在“本期完成值”列填写截至本期末的累计完成数（只填数字，单位见“单位”列）；"
        "灰色列请勿改动，请勿增删或移动行。"
    )
    _start_sheet(sheet, title, note, INDICATOR_COLUMNS)
    meta = []
    row = FIRST_DATA_ROW
    for task in spec.tasks:
        for indicator in task.indicators:
            if indicator.indicator_id is None:
                raise ValueError(
                    f"task {task.task_id}: indicator {indicator.name!r} has no indicator_id"
                )
            target = indicator.target_text or (
                "" if indicator.value is None else f"{indicator.value:g}"
            )
            values = (
                (row - FIRST_DATA_ROW + 1, STYLE_LOCKED_CENTRE),
                (task.code, STYLE_LOCKED_CENTRE),
                (task.title, STYLE_LOCKED_TEXT),
                (indicator.name, STYLE_LOCKED_TEXT),
                (target, STYLE_LOCKED_CENTRE),
                (indicator.unit, STYLE_LOCKED_CENTRE),
                (indicator.actual, STYLE_LOCKED_NUMBER),
                (None, STYLE_INPUT_NUMBER),
            )
            _put_row(sheet, row, INDICATOR_COLUMNS, values, minimum_lines=1)
            meta.append(
                MetaIndicator(
                    row,
                    indicator.indicator_id,
                    task.task_id,
                    clean_text(task.code),
                    clean_text(indicator.name),
                )
            )
            row += 1
    if meta:
        letter = get_column_letter(column_number(INDICATOR_COLUMNS, "actual"))
        actual = between(
            "decimal",
            f"{-INDICATOR_LIMIT:.0f}",
            f"{INDICATOR_LIMIT:.0f}",
            title="本期完成值",
            prompt="填写截至本期末的累计完成数，只填数字（单位见“单位”列），如 85 或 6.5。",
            error="本期完成值只能填写数字。",
        )
        actual.add(f"{letter}{FIRST_DATA_ROW}:{letter}{row - 1}")
        sheet.add_data_validation(actual)
    _finish_sheet(sheet, spec)
    return meta


def _write_meta_sheet(sheet: Worksheet, meta: FillInMeta, seal_key: bytes) -> None:
    values: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": meta.format_version,
        "plan_id": meta.plan_id,
        "plan_title": meta.plan_title,
        "department": meta.department,
        "period_label": meta.period_label,
        "period_start": meta.period_start.isoformat(),
        "period_end": meta.period_end.isoformat(),
        "exported_at": meta.exported_at.isoformat(timespec="seconds"),
        "digest": meta_digest(meta, seal_key),
        "database_id": meta.database_id,
        "return_by": meta.return_by.isoformat() if meta.return_by else "",
        "contact_row": meta.contact_row,
    }
    for row, (key, label) in enumerate(META_KEYS, 1):
        _put(sheet, row, 1, label, STYLE_META)
        _put(sheet, row, 2, values[key], STYLE_META)
    _meta_table(
        sheet,
        META_TASK_FIRST_COLUMN,
        META_TASK_HEADERS,
        [(t.row, t.task_id, t.version, t.code, t.text, t.previous_percent) for t in meta.tasks],
    )
    _meta_table(
        sheet,
        META_INDICATOR_FIRST_COLUMN,
        META_INDICATOR_HEADERS,
        [(i.row, i.indicator_id, i.task_id, i.code, i.name) for i in meta.indicators],
    )
    # veryHidden: not even listed under "unhide" in Excel/WPS; protected against edits as well.
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def _meta_table(
    sheet: Worksheet, first_column: int, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """A table of the metadata sheet: headers in row 1, one row per record below."""
    for row, fields in enumerate([headers, *rows], 1):
        for offset, value in enumerate(fields):
            _put(sheet, row, first_column + offset, value, STYLE_META)


def build_fillin_workbook(spec: FillInSpec) -> Workbook:
    """Build (not save) the fill-in workbook of one department.

    Args:
        spec: The department, plan, period and tasks.

    Returns:
        The workbook: sheets 任务进展, 指标完成值 and the very hidden 系统数据.

    Raises:
        ValueError: An indicator has no indicator_id, or two tasks share a task id.
    """
    ids = [task.task_id for task in spec.tasks]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate task ids in the fill-in spec of {spec.department!r}")
    workbook = Workbook()
    workbook.properties.title = f"{spec.department} {spec.period_label} 重点任务进展填报表"
    workbook.properties.creator = spec.office_name or "重点任务督查督办"
    register_styles(workbook, _fillin_styles())
    tasks_sheet = workbook.active
    tasks_sheet.title = TASK_SHEET
    task_meta, contact_row = _write_task_sheet(tasks_sheet, spec)
    indicator_meta = _write_indicator_sheet(workbook.create_sheet(INDICATOR_SHEET), spec)
    exported_at = (spec.exported_at or dt.datetime.now()).replace(microsecond=0)
    meta = FillInMeta(
        plan_id=spec.plan_id,
        plan_title=clean_text(spec.plan_title),
        department=clean_text(spec.department),
        period_label=clean_text(spec.period_label),
        period_start=spec.period_start,
        period_end=spec.period_end,
        exported_at=exported_at,
        tasks=tuple(task_meta),
        indicators=tuple(indicator_meta),
        database_id=spec.database_id,
        return_by=spec.return_by,
        contact_row=contact_row,
        # Unsealed (version 3) only for a caller without the database's key.
        format_version=FORMAT_VERSION if spec.seal_key else SEALED_SINCE_VERSION - 1,
    )
    _write_meta_sheet(workbook.create_sheet(META_SHEET), meta, spec.seal_key)
    workbook.active = 0
    # Locked structure: sheets cannot be renamed, moved, deleted or unhidden by accident.
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook


def write_fillin_workbook(spec: FillInSpec, path: str | os.PathLike[str]) -> Path:
    """Write one department's fill-in workbook (atomically).

    Args:
        spec: The department, plan, period and tasks.
        path: The .xlsx file to create or replace.

    Returns:
        The path written.

    Raises:
        ReportWriteError: The file could not be saved (e.g. open in Excel); the old one is kept.
        ValueError: An indicator has no indicator_id, or two tasks share a task id.
    """
    return save_workbook(build_fillin_workbook(spec), path)


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def fillin_file_name(spec: FillInSpec) -> str:
    """File name of a department's workbook, safe on Windows: 报送期_单位_重点任务填报表.xlsx."""
    parts = [spec.period_label, spec.department, "重点任务填报表"]
    name = "_".join(_UNSAFE_NAME.sub("_", part).strip(" ._") for part in parts if part.strip())
    return f"{name[:150]}.xlsx"


def write_fillin_workbooks(
    specs: Iterable[FillInSpec],
    target: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> list[Path]:
    """Write one fill-in workbook per department into a folder, or all of them into one zip.

    Args:
        specs: One spec per department.
        target: A folder (created if missing), or a path ending in ``.zip``.
        progress: Called with (workbooks done, workbooks in all).
        cancel: When set, stops before the next workbook; nothing is written.

    Returns:
        The files written: the workbooks in the folder, or the single zip.

    Raises:
        ReportWriteError: A file could not be saved; none was written (all or nothing).
        ReportCancelled: ``cancel`` was set.
        ValueError: Two specs would produce the same file name (same department and period).
    """
    specs = list(specs)
    names = [fillin_file_name(spec) for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"two fill-in specs share a file name: {duplicates}")
    destination = Path(target)
    total = len(specs)

    if destination.suffix.lower() == ".zip":

        def write_zip(temp: Path) -> None:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for done, (spec, name) in enumerate(zip(specs, names, strict=True)):
                    check_cancel(cancel)
                    archive.writestr(name, workbook_bytes(build_fillin_workbook(spec)))
                    if progress is not None:
                        progress(done + 1, total)

        return [atomic_write(destination, write_zip)]

    # All or nothing: the workbooks are written to a staging folder beside the target and
    # moved in only when every one was saved (a full disk leaves no partial set behind).
    with atomic_folder(destination) as staging:
        for done, (spec, name) in enumerate(zip(specs, names, strict=True)):
            check_cancel(cancel)
            write_fillin_workbook(spec, staging / name)
            if progress is not None:
                progress(done + 1, total)
    return [destination / name for name in names]
