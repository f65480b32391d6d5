"""Reading returned department fill-in workbooks into plain data, with row-level messages."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from supervisor.reports.errors import WorkbookReadError
from supervisor.reports.xlsx_common import (
    DEFAULT_MAX_FILE_BYTES,
    ProgressCallback,
    check_cancel,
    clean_text,
    format_number,
    load_xlsx,
    parse_date,
    parse_number,
)
from supervisor.reports.xlsx_fillin import (
    FIRST_DATA_ROW,
    FORMAT_NAME,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    MAX_TEXT_LENGTH,
    META_INDICATOR_FIRST_COLUMN,
    META_INDICATOR_HEADERS,
    META_KEYS,
    META_SHEET,
    META_TASK_FIRST_COLUMN,
    META_TASK_HEADERS,
    READABLE_FORMAT_VERSIONS,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInColumn,
    FillInMeta,
    MetaIndicator,
    MetaTask,
    column_number,
    meta_digest,
)

EXTRA_ROWS_SCANNED = 200  # rows below the last task row searched for moved or added rows
MAX_META_ROWS = 20_000


class Severity(StrEnum):
    """An error keeps the file from being applied; a warning is shown but does not."""

    ERROR = "错误"
    WARNING = "提示"


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One problem found in a returned file.

    ``message`` is the complete one-line Chinese text to show (it names the file and, when
    known, the sheet, row and column); the other fields let a preview place it.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True, slots=True)
class ReturnedTaskRow:
    """What a department typed for one task.

    ``percent`` is on the 0–100 scale as typed (60 means 60 %), unlike TaskRow.percent_done.
    ``indicator_actuals`` maps indicator ids to the values typed in 本期完成值.
    ``filled`` is False when nothing was typed for the task (task row and its indicators).
    """

    row: int
    task_id: int
    version: int
    code: str
    percent: float | None
    progress_text: str
    problems: str
    next_steps: str
    reporter: str
    report_date: dt.date | None
    indicator_actuals: dict[int, float] = field(default_factory=dict)
    filled: bool = False


@dataclass(frozen=True, slots=True)
class ReturnedWorkbook:
    """A returned file as read: its hash, its metadata, the rows typed in it, and the issues.

    ``sha256`` (of the file's bytes) and ``meta`` are None when the file could not be read
    as a fill-in workbook; ``issues`` then says why.
    """

    path: Path
    sha256: str | None
    size: int
    meta: FillInMeta | None
    rows: tuple[ReturnedTaskRow, ...]
    issues: tuple[RowIssue, ...]

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        """Issues that keep the file from being applied."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[RowIssue, ...]:
        """Issues shown to the user that do not block the file."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def filled_rows(self) -> tuple[ReturnedTaskRow, ...]:
        """Rows in which the department typed something."""
        return tuple(row for row in self.rows if row.filled)


@dataclass(frozen=True, slots=True)
class FillInExpectation:
    """The current state a returned file is checked against (plain data from services).

    Attributes:
        plan_id: The plan being imported into.
        period_label: The reporting period being imported.
        department_tasks: Each department → the ids of the tasks it reports on now.
        task_versions: Each task id of the plan → its current version.
        indicator_tasks: Each indicator id → its task id (optional; checked when given).
        period_start: Checked against the file when given.
        period_end: Checked against the file when given.
        database_id: The identity of the database importing (services.identity); checked
            when given.
    """

    plan_id: int
    period_label: str
    department_tasks: Mapping[str, Collection[int]]
    task_versions: Mapping[int, int]
    indicator_tasks: Mapping[int, int] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    database_id: str | None = None


class _FileProblemError(Exception):
    """A problem that stops reading a file; its message is the user-facing text."""


# --- messages ---------------------------------------------------------------------------------


def _file_issue(name: str, text: str, severity: Severity = Severity.ERROR) -> RowIssue:
    return RowIssue(name, None, None, None, f"文件“{name}”：{text}", severity)


def _sheet_issue(name: str, sheet: str, text: str, severity: Severity = Severity.ERROR) -> RowIssue:
    return RowIssue(name, sheet, None, None, f"文件“{name}” 工作表“{sheet}”：{text}", severity)


def _cell_issue(
    name: str,
    sheet: str,
    row: int,
    column: str | None,
    text: str,
    severity: Severity = Severity.ERROR,
) -> RowIssue:
    where = f"第{row}行" + (f"“{column}”列" if column else "")
    message = f"文件“{name}” 工作表“{sheet}” {where}：{text}"
    return RowIssue(name, sheet, row, column, message, severity)


def _shown(value: Any) -> str:
    text = format_number(value) if isinstance(value, float) else str(value)
    return text if len(text) <= 30 else text[:30] + "…"


# --- cells ------------------------------------------------------------------------------------


def _is_formula(cell: Any) -> bool:
    value = cell.value
    if cell.data_type == "f":
        return True
    # Array and data-table formulas come back as objects, not strings.
    return value is not None and not isinstance(
        value, str | int | float | bool | dt.date | dt.datetime | dt.time
    )


def _text(value: Any) -> str:
    """A cell's content as text: numbers as written, dates as ISO, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_text(str(value)).strip()


def _rows(sheet: Any, first: int, last: int, width: int) -> dict[int, tuple[Any, ...]]:
    """Cells of rows first..last (only rows present in the file), each padded to width."""
    found: dict[int, tuple[Any, ...]] = {}
    for offset, cells in enumerate(
        sheet.iter_rows(min_row=first, max_row=last, min_col=1, max_col=width)
    ):
        found[first + offset] = tuple(cells)
    return found


def _is_blank_row(cells: Sequence[Any], columns: Sequence[FillInColumn]) -> bool:
    return all(
        cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
        for cell, column in zip(cells, columns, strict=False)
        if column.is_input
    )


# --- metadata ---------------------------------------------------------------------------------


def _raw(value: Any) -> str:
    # Metadata text exactly as written: its checksum covers every character.
    return "" if value is None else str(value)


def _read_meta(sheet: Any) -> FillInMeta:
    width = META_INDICATOR_FIRST_COLUMN + len(META_INDICATOR_HEADERS) - 1
    rows = list(sheet.iter_rows(min_row=1, max_row=MAX_META_ROWS, max_col=width, values_only=True))
    if not rows:
        raise _FileProblemError("隐藏的“系统数据”工作表是空的，文件不是本系统导出的填报表")
    pairs = {}
    for index, (key, label) in enumerate(META_KEYS):
        row = rows[index] if index < len(rows) else ()
        if len(row) >= 2 and row[0] == label:
            pairs[key] = row[1]
        elif key != "database_id":  # absent from version 1 workbooks; checked below
            raise _FileProblemError(f"隐藏的“系统数据”工作表被改动（缺少“{label}”）")
    if pairs["format"] != FORMAT_NAME:
        raise _FileProblemError("不是本系统导出的填报表（系统数据格式不符）")
    if pairs["format_version"] not in READABLE_FORMAT_VERSIONS:
        readable = "、".join(str(version) for version in READABLE_FORMAT_VERSIONS)
        raise _FileProblemError(
            f"填报表格式版本为 {pairs['format_version']}，本程序只能读取版本 {readable}，"
            "请重新导出填报表"
        )
    if pairs["format_version"] >= 2 and "database_id" not in pairs:
        raise _FileProblemError("隐藏的“系统数据”工作表被改动（缺少“数据库标识”）")
    header_task = rows[0][META_TASK_FIRST_COLUMN - 1 : META_TASK_FIRST_COLUMN - 1 + 6]
    header_indicator = rows[0][META_INDICATOR_FIRST_COLUMN - 1 : width]
    if tuple(header_task) != META_TASK_HEADERS or tuple(header_indicator) != (
        META_INDICATOR_HEADERS
    ):
        raise _FileProblemError("隐藏的“系统数据”工作表被改动（表头不符）")
    try:
        tasks = []
        indicators = []
        for row in rows[1:]:
            task = row[META_TASK_FIRST_COLUMN - 1 : META_TASK_FIRST_COLUMN - 1 + 6]
            if task[0] is not None:
                previous = None if task[5] is None else float(task[5])
                tasks.append(
                    MetaTask(
                        int(task[0]),
                        int(task[1]),
                        int(task[2]),
                        _raw(task[3]),
                        _raw(task[4]),
                        previous,
                    )
                )
            indicator = row[META_INDICATOR_FIRST_COLUMN - 1 : width]
            if indicator[0] is not None:
                indicators.append(
                    MetaIndicator(
                        int(indicator[0]),
                        int(indicator[1]),
                        int(indicator[2]),
                        _raw(indicator[3]),
                        _raw(indicator[4]),
                    )
                )
        meta = FillInMeta(
            plan_id=int(pairs["plan_id"]),
            plan_title=_raw(pairs["plan_title"]),
            department=_raw(pairs["department"]),
            period_label=_raw(pairs["period_label"]),
            period_start=dt.date.fromisoformat(str(pairs["period_start"])),
            period_end=dt.date.fromisoformat(str(pairs["period_end"])),
            exported_at=dt.datetime.fromisoformat(str(pairs["exported_at"])),
            tasks=tuple(tasks),
            indicators=tuple(indicators),
            format_version=int(pairs["format_version"]),
            database_id=_raw(pairs.get("database_id")),
        )
    except (TypeError, ValueError, IndexError) as exc:
        raise _FileProblemError("隐藏的“系统数据”工作表被改动（内容无法识别）") from exc
    if meta_digest(meta) != pairs["digest"]:
        raise _FileProblemError("隐藏的“系统数据”工作表被改动（校验值不符），请使用下发的原表填写")
    return meta


# --- sheets -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Located:
    """Where each exported row was found in the returned sheet."""

    rows: dict[int, int]  # exported row → row found
    unmatched: list[int]  # rows with typed content that answer no exported row


def _read_sheet(
    sheet: Any, columns: Sequence[FillInColumn], last_row: int
) -> dict[int, tuple[Any, ...]]:
    """Header and data rows in one pass: a read-only sheet is parsed anew by each iteration."""
    return _rows(sheet, HEADER_ROW, last_row + EXTRA_ROWS_SCANNED, len(columns))


def _check_header(
    name: str,
    cells: dict[int, tuple[Any, ...]],
    sheet_name: str,
    columns: Sequence[FillInColumn],
) -> RowIssue | None:
    found = cells.pop(HEADER_ROW, ())
    for number, column in enumerate(columns, 1):
        value = found[number - 1].value if number <= len(found) else None
        if _text(value) != column.header:
            return _sheet_issue(
                name,
                sheet_name,
                f"第{HEADER_ROW}行表头与导出时不同（第{number}列应为“{column.header}”，"
                f"实为“{_shown(_text(value))}”），可能插入、删除或移动了列，请使用下发的原表填写",
            )
    return None


def _locate(
    name: str,
    sheet_name: str,
    cells: dict[int, tuple[Any, ...]],
    expected: Sequence[tuple[int, tuple[str, str], str]],
    key_columns: tuple[int, int],
    columns: Sequence[FillInColumn],
    issues: list[RowIssue],
) -> _Located:
    """Find each exported row by its locked cells (position first, then anywhere in the sheet).

    ``expected`` holds (exported row, identity (code, text), label for messages).
    """
    first, second = key_columns

    def identity(row: int) -> tuple[str, str] | None:
        found = cells.get(row)
        if found is None:
            return None
        return (_text(found[first - 1].value), _text(found[second - 1].value))

    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in cells:
        key = identity(row)
        if key is not None and key != ("", ""):
            where[key].append(row)
    located: dict[int, int] = {}
    used: set[int] = set()
    for row, key, _ in expected:
        if identity(row) == key:
            located[row] = row
            used.add(row)
    for row, key, label in expected:
        if row in located:
            continue
        elsewhere = [found for found in where.get(key, []) if found not in used]
        if elsewhere:
            located[row] = elsewhere[0]
            used.add(elsewhere[0])
            issues.append(
                _cell_issue(
                    name,
                    sheet_name,
                    elsewhere[0],
                    None,
                    f"{label}导出时在第{row}行，现在第{elsewhere[0]}行（行被移动），"
                    "已按任务编号和内容识别",
                    Severity.WARNING,
                )
            )
        else:
            found = identity(row)
            shown = "空行" if found in (None, ("", "")) else f"“{_shown(' '.join(found or ()))}”"
            issues.append(
                _cell_issue(
                    name,
                    sheet_name,
                    row,
                    None,
                    f"找不到{label}（该行现为{shown}），行可能被删除、移动或改动，"
                    "请使用下发的原表重新填写",
                )
            )
    unmatched = [
        row for row in sorted(cells) if row not in used and not _is_blank_row(cells[row], columns)
    ]
    return _Located(located, unmatched)


@dataclass(slots=True)
class _TaskValues:
    percent: float | None = None
    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""
    reporter: str = ""
    report_date: dt.date | None = None
    filled: bool = False


class _RowReader:
    """Parses the input cells of one row, collecting issues."""

    def __init__(
        self,
        name: str,
        sheet: str,
        row: int,
        cells: tuple[Any, ...],
        columns: Sequence[FillInColumn],
        issues: list[RowIssue],
    ) -> None:
        self.name, self.sheet, self.row, self.cells = name, sheet, row, cells
        self.columns = columns
        self.issues = issues

    def cell(self, key: str) -> tuple[Any, str] | None:
        """The cell of a key and its header, or None if it holds a formula (reported)."""
        number = column_number(self.columns, key)
        header = self.columns[number - 1].header
        cell = self.cells[number - 1]
        if _is_formula(cell):
            self.error(
                header, f"含有公式（{_shown(cell.value)}），请直接填写数值或文字，不接受公式"
            )
            return None
        return cell, header

    def error(self, header: str, text: str, severity: Severity = Severity.ERROR) -> None:
        self.issues.append(_cell_issue(self.name, self.sheet, self.row, header, text, severity))

    def number(self, key: str) -> float | None:
        found = self.cell(key)
        if found is None:
            return None
        cell, header = found
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            return None
        percent_format = "%" in (cell.number_format or "")
        number = parse_number(cell.value, percent_format=percent_format)
        if number is None:
            self.error(header, f"应填写数字，实为“{_shown(_text(cell.value))}”")
        return number

    def text(self, key: str) -> str:
        found = self.cell(key)
        if found is None:
            return ""
        cell, header = found
        text = _text(cell.value)
        if len(text) > MAX_TEXT_LENGTH:
            self.error(
                header,
                f"内容有 {len(text)} 字，超过 {MAX_TEXT_LENGTH} 字，已全部导入，请确认",
                Severity.WARNING,
            )
        return text

    def date(self, key: str) -> dt.date | None:
        found = self.cell(key)
        if found is None:
            return None
        cell, header = found
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            return None
        date = parse_date(cell.value)
        if date is None:
            self.error(header, f"应填写日期（如 2020-03-20），实为“{_shown(_text(cell.value))}”")
        return date


def _read_task_row(
    name: str, row: int, cells: tuple[Any, ...], task: MetaTask, issues: list[RowIssue]
) -> _TaskValues:
    reader = _RowReader(name, TASK_SHEET, row, cells, TASK_COLUMNS, issues)
    values = _TaskValues()
    percent_header = TASK_COLUMNS[column_number(TASK_COLUMNS, "percent") - 1].header
    values.percent = reader.number("percent")
    if values.percent is not None and not 0 <= values.percent <= 100:
        reader.error(
            percent_header, f"完成进度须在 0 到 100 之间，实为 {format_number(values.percent)}"
        )
        values.percent = None
    elif (
        values.percent is not None
        and task.previous_percent is not None
        and values.percent < task.previous_percent
    ):
        reader.error(
            percent_header,
            f"完成进度 {format_number(values.percent)} 低于上期的 "
            f"{format_number(task.previous_percent)}，请确认",
            Severity.WARNING,
        )
    values.progress_text = reader.text("progress_text")
    values.problems = reader.text("problems")
    values.next_steps = reader.text("next_steps")
    values.reporter = reader.text("reporter")
    values.report_date = reader.date("report_date")
    values.filled = not _is_blank_row(cells, TASK_COLUMNS)
    if values.filled:
        # A half-filled row is worth a hint, unless the cell already has an error.
        text_header = TASK_COLUMNS[column_number(TASK_COLUMNS, "progress_text") - 1].header
        if values.percent is None and not _issues_on(issues, row, percent_header):
            reader.error(percent_header, "未填写完成进度", Severity.WARNING)
        if not values.progress_text and not _issues_on(issues, row, text_header):
            reader.error(text_header, "未填写进展情况", Severity.WARNING)
    return values


def _issues_on(issues: Iterable[RowIssue], row: int, column: str) -> bool:
    return any(
        issue.sheet == TASK_SHEET and issue.row == row and issue.column == column
        for issue in issues
    )


def _report_unmatched(
    name: str, sheet: str, located: _Located, issues: list[RowIssue], what: str
) -> None:
    for row in located.unmatched:
        issues.append(
            _cell_issue(
                name,
                sheet,
                row,
                None,
                f"不是导出的{what}行（可能是新增的行），其中填写的内容不会导入",
                Severity.WARNING,
            )
        )


def _read_tasks(
    name: str, workbook: Any, meta: FillInMeta, issues: list[RowIssue]
) -> dict[int, tuple[int, _TaskValues]]:
    """Task id → (row found, values typed)."""
    if TASK_SHEET not in workbook.sheetnames:
        visible = _shown("、".join(s for s in workbook.sheetnames if s != META_SHEET) or "无")
        issues.append(
            _file_issue(
                name,
                f"找不到工作表“{TASK_SHEET}”（现有工作表：{visible}），工作表可能被改名或删除，"
                "请使用下发的原表填写",
            )
        )
        return {}
    sheet = workbook[TASK_SHEET]
    last = max((task.row for task in meta.tasks), default=FIRST_DATA_ROW - 1)
    cells = _read_sheet(sheet, TASK_COLUMNS, last)
    header_issue = _check_header(name, cells, TASK_SHEET, TASK_COLUMNS)
    if header_issue is not None:
        issues.append(header_issue)
        return {}
    expected = [
        (task.row, (task.code.strip(), task.text.strip()), f"任务“{task.code or task.text[:20]}”")
        for task in meta.tasks
    ]
    code_col = column_number(TASK_COLUMNS, "code")
    text_col = column_number(TASK_COLUMNS, "task")
    located = _locate(name, TASK_SHEET, cells, expected, (code_col, text_col), TASK_COLUMNS, issues)
    _report_unmatched(name, TASK_SHEET, located, issues, "任务")
    result = {}
    for task in meta.tasks:
        row = located.rows.get(task.row)
        if row is not None:
            result[task.task_id] = (row, _read_task_row(name, row, cells[row], task, issues))
    return result


def _read_indicators(
    name: str, workbook: Any, meta: FillInMeta, issues: list[RowIssue]
) -> dict[int, dict[int, float]]:
    """Task id → {indicator id → actual typed}."""
    actuals: dict[int, dict[int, float]] = defaultdict(dict)
    if INDICATOR_SHEET not in workbook.sheetnames:
        if meta.indicators:
            issues.append(
                _file_issue(
                    name,
                    f"找不到工作表“{INDICATOR_SHEET}”，工作表可能被改名或删除，请使用下发的原表填写",
                )
            )
        return actuals
    sheet = workbook[INDICATOR_SHEET]
    last = max((item.row for item in meta.indicators), default=FIRST_DATA_ROW - 1)
    cells = _read_sheet(sheet, INDICATOR_COLUMNS, last)
    header_issue = _check_header(name, cells, INDICATOR_SHEET, INDICATOR_COLUMNS)
    if header_issue is not None:
        issues.append(header_issue)
        return actuals
    expected = [
        (item.row, (item.code.strip(), item.name.strip()), f"任务“{item.code}”的指标“{item.name}”")
        for item in meta.indicators
    ]
    code_col = column_number(INDICATOR_COLUMNS, "code")
    name_col = column_number(INDICATOR_COLUMNS, "name")
    located = _locate(
        name, INDICATOR_SHEET, cells, expected, (code_col, name_col), INDICATOR_COLUMNS, issues
    )
    _report_unmatched(name, INDICATOR_SHEET, located, issues, "指标")
    for item in meta.indicators:
        row = located.rows.get(item.row)
        if row is None:
            continue
        reader = _RowReader(name, INDICATOR_SHEET, row, cells[row], INDICATOR_COLUMNS, issues)
        value = reader.number("actual")
        if value is not None:
            actuals[item.task_id][item.indicator_id] = value
    return actuals


def _read_book(path: Path, max_bytes: int) -> ReturnedWorkbook:
    name = path.name
    try:
        loaded = load_xlsx(path, max_bytes=max_bytes)
    except WorkbookReadError as exc:
        return ReturnedWorkbook(
            path, None, 0, None, (), (RowIssue(name, None, None, None, str(exc)),)
        )
    workbook = loaded.workbook
    issues: list[RowIssue] = []
    try:
        if META_SHEET not in workbook.sheetnames:
            raise _FileProblemError(
                f"不是本系统导出的填报表（缺少隐藏的“{META_SHEET}”工作表，可能被另存为新文件或"
                "复制到了新工作簿），请使用下发的原表填写"
            )
        meta = _read_meta(workbook[META_SHEET])
        tasks = _read_tasks(name, workbook, meta, issues)
        actuals = _read_indicators(name, workbook, meta, issues)
    except _FileProblemError as exc:
        issue = _file_issue(name, str(exc))
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    except DefusedXmlException as exc:  # sheets are parsed lazily, while rows are read
        issue = _file_issue(name, f"含有不安全的 XML 内容（{type(exc).__name__}），已拒绝读取")
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    except Exception as exc:  # a file that opened but breaks openpyxl while streaming rows
        issue = _file_issue(name, f"文件已损坏，无法读取表格内容（{type(exc).__name__}）")
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    finally:
        workbook.close()

    rows = []
    for task in meta.tasks:
        if task.task_id not in tasks:
            continue
        row, values = tasks[task.task_id]
        typed = actuals.get(task.task_id, {})
        rows.append(
            ReturnedTaskRow(
                row=row,
                task_id=task.task_id,
                version=task.version,
                code=task.code,
                percent=values.percent,
                progress_text=values.progress_text,
                problems=values.problems,
                next_steps=values.next_steps,
                reporter=values.reporter,
                report_date=values.report_date,
                indicator_actuals=dict(typed),
                filled=values.filled or bool(typed),
            )
        )
    return ReturnedWorkbook(path, loaded.sha256, loaded.size, meta, tuple(rows), tuple(issues))


# --- validation against the current state ------------------------------------------------------


def _foreign_file_issues(
    name: str, meta: FillInMeta, expected: FillInExpectation
) -> list[RowIssue]:
    """Errors for a file of another database, plan or period than the one expected."""
    issues: list[RowIssue] = []
    from_elsewhere = (
        expected.database_id is not None
        and meta.format_version >= 2  # version 1 files do not say (a warning, not an error)
        and meta.database_id != expected.database_id
    )
    if from_elsewhere:
        issues.append(
            _file_issue(
                name,
                "该填报表不是从本数据库导出的（可能来自另一台电脑上的系统或另一个数据库），"
                "不能导入；请使用从本系统导出的填报表",
            )
        )
    if meta.plan_id != expected.plan_id:
        issues.append(
            _file_issue(
                name,
                f"属于另一个计划（“{meta.plan_title}”，编号 {meta.plan_id}），"
                f"当前导入的计划编号为 {expected.plan_id}",
            )
        )
    period_differs = meta.period_label != expected.period_label or any(
        wanted is not None and wanted != found
        for wanted, found in (
            (expected.period_start, meta.period_start),
            (expected.period_end, meta.period_end),
        )
    )
    if period_differs:
        issues.append(
            _file_issue(
                name,
                f"是“{meta.period_label}”（{meta.period_start}至{meta.period_end}）的填报表，"
                f"当前导入的报送期为“{expected.period_label}”",
            )
        )
    return issues


def speaks_for(meta: FillInMeta, expected: FillInExpectation) -> bool:
    """Whether a file's rows answer the expected database, plan and period (else none is read)."""
    return not _foreign_file_issues("", meta, expected)


def validate_returned(book: ReturnedWorkbook, expected: FillInExpectation) -> ReturnedWorkbook:
    """Check a read file against the current plan, period, assignments and task versions.

    Adds errors for a file of another database, plan or period, a department that is not
    expected, a filled row whose task belongs to another department or no longer exists, a
    filled row whose task changed after the export (older version), and indicators of other
    tasks; and warnings for tasks of the department missing from the file and for a version 1
    file, whose database cannot be checked.

    Args:
        book: A file as returned by read_fillin_workbook.
        expected: The current state, from services.

    Returns:
        The same file with the new issues appended (unchanged if it has no metadata).
    """
    meta = book.meta
    if meta is None:
        return book
    name = book.path.name
    issues = _foreign_file_issues(name, meta, expected)
    if issues:
        # Rows of another database, plan or period say nothing about this one; stop here.
        return replace(book, issues=book.issues + tuple(issues))
    if expected.database_id is not None and meta.format_version < 2:
        issues.append(
            _file_issue(
                name,
                "该填报表由旧版本程序导出，无法核对是否出自本数据库，请确认是本系统下发的填报表",
                Severity.WARNING,
            )
        )

    owners: dict[int, list[str]] = defaultdict(list)
    for department, task_ids in expected.department_tasks.items():
        for task_id in task_ids:
            owners[task_id].append(department)
    own = set(expected.department_tasks.get(meta.department, ()))
    if meta.department not in expected.department_tasks:
        issues.append(_file_issue(name, f"填报单位“{meta.department}”不在本期应报送的单位中"))
    for row in book.filled_rows:
        label = f"任务“{row.code}”" if row.code else f"任务（编号 {row.task_id}）"

        def row_error(text: str, row: ReturnedTaskRow = row) -> None:
            issues.append(_cell_issue(name, TASK_SHEET, row.row, None, text))

        current = expected.task_versions.get(row.task_id)
        if current is None:
            row_error(f"{label}已不在本计划中（可能已被删除），该行不能导入")
            continue
        if row.task_id not in own:
            others = "、".join(owners.get(row.task_id, [])) or "其他单位"
            row_error(f"{label}不属于“{meta.department}”（现由“{others}”负责），该行不能导入")
        if row.version < current:
            row_error(
                f"{label}在导出填报表后已被修改（填报表为第{row.version}版，系统中为第{current}版），"
                "请重新导出填报表后填写"
            )
        elif row.version > current:
            row_error(
                f"{label}的版本（第{row.version}版）比系统中（第{current}版）还新，"
                "文件可能来自其他数据库"
            )
        if expected.indicator_tasks is not None:
            for indicator_id in row.indicator_actuals:
                if expected.indicator_tasks.get(indicator_id) != row.task_id:
                    row_error(f"{label}的指标（编号 {indicator_id}）已不属于该任务或已被删除")
    listed = {task.task_id for task in meta.tasks}
    missing = sorted(own - listed)
    if missing:
        issues.append(
            _file_issue(
                name,
                f"本单位有 {len(missing)} 项任务不在该填报表中（导出后新增或调整），"
                "请重新导出填报表补报",
                Severity.WARNING,
            )
        )
    return replace(book, issues=book.issues + tuple(issues))


# --- public reading API -----------------------------------------------------------------------


def read_fillin_workbook(
    path: str | os.PathLike[str],
    *,
    expected: FillInExpectation | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> ReturnedWorkbook:
    """Read one returned fill-in workbook; never raises for a bad file.

    Every problem, from "not an xlsx" to "percent over 100", becomes a ``RowIssue`` of the
    result; a file may be applied when ``not book.errors``. Checks against the current data
    (plan, period, department, task versions) need the caller's data: pass ``expected``.

    Formulas are never evaluated: the workbook is opened with ``data_only=False``, so a cell a
    department filled with a formula (``=1+1``, ``=A1``) is reported as an error on its row and
    column ("含有公式……不接受公式") and its value is not imported. Text that merely begins with
    "=" but is stored as text (typed with a leading apostrophe) is ordinary text.

    Args:
        path: The returned .xlsx.
        expected: When given, the file is also checked with validate_returned.
        max_bytes: Files larger than this are refused unread.

    Returns:
        The file's sha256, size, metadata, typed rows and issues.
    """
    book = _read_book(Path(path), max_bytes)
    return book if expected is None else validate_returned(book, expected)


def _is_candidate(path: Path) -> bool:
    # "~$x.xlsx" is Excel's lock file, ".~lock.x.xlsx#" LibreOffice's: never returned workbooks.
    return (
        path.is_file()
        and path.suffix.lower() in (".xlsx", ".xlsm")
        and not path.name.startswith(("~$", ".~lock", "~"))
    )


def collect_returned_files(paths: str | os.PathLike[str] | Iterable[Any]) -> list[Path]:
    """Expand files and folders (their .xlsx files, sorted, subfolders included) into a list."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_candidate(p)))
        else:
            files.append(path)
    return files


def read_fillin_folder(
    paths: str | os.PathLike[str] | Iterable[Any],
    *,
    expected: FillInExpectation | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> list[ReturnedWorkbook]:
    """Read several returned workbooks: a file, a folder, or any mix of them.

    Args:
        paths: A file or folder, or an iterable of files and folders. Folders contribute
            their .xlsx files (Excel/WPS lock files skipped); files are read as given.
        expected: When given, every file is also checked with validate_returned.
        max_bytes: Files larger than this are refused unread.
        progress: Called with (files done, files in all).
        cancel: When set, reading stops with ReportCancelled.

    Returns:
        One ReturnedWorkbook per file, in order; bad files carry their issues.
    """
    files = collect_returned_files(paths)
    books = []
    for done, path in enumerate(files):
        check_cancel(cancel, "导入已取消，未读取其余文件")
        books.append(read_fillin_workbook(path, expected=expected, max_bytes=max_bytes))
        if progress is not None:
            progress(done + 1, len(files))
    return books
