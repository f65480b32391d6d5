"""The sheets of a returned fill-in workbook: metadata, located rows and the values typed."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from supervisor.reports.fillin_format import (
    CONTACT_FIELDS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    MAX_CONTACT_LENGTH,
    MAX_TEXT_LENGTH,
    META_SHEET,
    PHONE_PATTERN,
    TASK_COLUMNS,
    TASK_COLUMNS_V2,
    TASK_LAYOUTS,
    TASK_SHEET,
    FillInColumn,
    FillInMeta,
    MetaTask,
    ReportValues,
    RowIssue,
    Severity,
    cell_issue,
    column_number,
    file_issue,
    header_of,
    row_key,
    sheet_issue,
)
from supervisor.reports.xlsx_common import (
    MAX_CELL_TEXT,
    clean_text,
    format_number,
    parse_date,
    parse_number,
)

EXTRA_ROWS_SCANNED = 200  # rows below the last task row searched for moved or added rows


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
            return sheet_issue(
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
                cell_issue(
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
                cell_issue(
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


@dataclass(frozen=True, slots=True)
class TaskValues(ReportValues):
    """The values typed in one task row; ``filled`` when anything was typed in it."""

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

    def filled(self, key: str) -> tuple[Any, str] | None:
        """Like ``cell``, and None too when the cell is blank (nothing typed: no value)."""
        found = self.cell(key)
        if found is None:
            return None
        value = found[0].value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return found

    def error(self, header: str, text: str, severity: Severity = Severity.ERROR) -> None:
        self.issues.append(cell_issue(self.name, self.sheet, self.row, header, text, severity))

    def number(self, key: str) -> float | None:
        found = self.filled(key)
        if found is None:
            return None
        cell, header = found
        percent_format = "%" in (cell.number_format or "")
        number = parse_number(cell.value, percent_format=percent_format)
        if number is None:
            self.error(header, f"应填写数字，实为“{_shown(_text(cell.value))}”")
        return number

    def text(self, key: str, *, limit: int | None = MAX_TEXT_LENGTH) -> str:
        """A text cell; over ``limit`` is a warning (None: the caller checks the length)."""
        found = self.cell(key)
        if found is None:
            return ""
        cell, header = found
        text = _text(cell.value)
        if limit is None:
            return text
        typed = len(cell.value.strip()) if isinstance(cell.value, str) else len(text)
        if typed > MAX_CELL_TEXT:
            # A cell cannot hold more in Excel; only an edited file can: say what was kept.
            self.error(
                header,
                f"内容有 {typed:,} 字，超过单元格上限 {MAX_CELL_TEXT:,} 字，"
                f"只导入了前 {len(text):,} 字，请核对",
                Severity.WARNING,
            )
        elif len(text) > limit:
            self.error(
                header,
                f"内容有 {len(text)} 字，超过 {limit} 字，已全部导入，请确认",
                Severity.WARNING,
            )
        return text

    def date(self, key: str) -> dt.date | None:
        found = self.filled(key)
        if found is None:
            return None
        cell, header = found
        date = parse_date(cell.value)
        if date is None:
            self.error(header, f"应填写日期（如 2020-03-20），实为“{_shown(_text(cell.value))}”")
        return date


def _read_task_row(
    name: str,
    row: int,
    cells: tuple[Any, ...],
    task: MetaTask,
    columns: Sequence[FillInColumn],
    issues: list[RowIssue],
) -> TaskValues:
    reader = _RowReader(name, TASK_SHEET, row, cells, columns, issues)
    percent_header = header_of(columns, "percent")
    percent = reader.number("percent")
    if percent is not None and not 0 <= percent <= 100:
        reader.error(percent_header, f"完成进度须在 0 到 100 之间，实为 {format_number(percent)}")
        percent = None
    elif (
        percent is not None
        and task.previous_percent is not None
        and percent < task.previous_percent
    ):
        reader.error(
            percent_header,
            f"完成进度 {format_number(percent)} 低于上期的 "
            f"{format_number(task.previous_percent)}，请确认",
            Severity.WARNING,
        )
    values = TaskValues(
        percent=percent,
        progress_text=reader.text("progress_text"),
        problems=reader.text("problems"),
        next_steps=reader.text("next_steps"),
        # The import refuses a reporter over MAX_REPORTER_LENGTH: no "已全部导入" for it.
        reporter=reader.text("reporter", limit=None),
        report_date=reader.date("report_date"),
        filled=not _is_blank_row(cells, columns),
    )
    if values.filled:
        # A half-filled row is worth a hint, unless the cell already has an error.
        text_header = header_of(columns, "progress_text")
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
            cell_issue(
                name,
                sheet,
                row,
                None,
                f"不是导出的{what}行（可能是新增的行），其中填写的内容不会导入",
                Severity.WARNING,
            )
        )


def read_tasks(
    name: str, workbook: Any, meta: FillInMeta, issues: list[RowIssue]
) -> dict[int, tuple[int, TaskValues]]:
    """Task id → (row found, values typed)."""
    if TASK_SHEET not in workbook.sheetnames:
        visible = _shown("、".join(s for s in workbook.sheetnames if s != META_SHEET) or "无")
        issues.append(
            file_issue(
                name,
                f"找不到工作表“{TASK_SHEET}”（现有工作表：{visible}），工作表可能被改名或删除，"
                "请使用下发的原表填写",
            )
        )
        return {}
    sheet = workbook[TASK_SHEET]
    last = max((task.row for task in meta.tasks), default=FIRST_DATA_ROW - 1)
    cells = _read_sheet(sheet, TASK_COLUMNS, last)
    columns = _task_layout(cells, meta)
    header_issue = _check_header(name, cells, TASK_SHEET, columns)
    if header_issue is not None:
        issues.append(header_issue)
        return {}
    if meta.contact_row is not None:
        # The contact cells and the line on sending the file back are not task rows.
        cells.pop(meta.contact_row, None)
        cells.pop(meta.contact_row + 1, None)
    expected = [
        (task.row, row_key(task.code, task.text), f"任务“{task.code or task.text[:20]}”")
        for task in meta.tasks
    ]
    code_col = column_number(columns, "code")
    text_col = column_number(columns, "task")
    located = _locate(name, TASK_SHEET, cells, expected, (code_col, text_col), columns, issues)
    _report_unmatched(name, TASK_SHEET, located, issues, "任务")
    result = {}
    for task in meta.tasks:
        row = located.rows.get(task.row)
        if row is not None:
            values = _read_task_row(name, row, cells[row], task, columns, issues)
            result[task.task_id] = (row, values)
    return result


def _task_layout(cells: dict[int, tuple[Any, ...]], meta: FillInMeta) -> Sequence[FillInColumn]:
    """The task sheet's columns: those its header row shows, else those of its version."""
    found = tuple(_text(cell.value) for cell in cells.get(HEADER_ROW, ()))
    for columns in TASK_LAYOUTS:
        if found[: len(columns)] == tuple(column.header for column in columns):
            return columns
    return TASK_COLUMNS if meta.format_version >= 3 else TASK_COLUMNS_V2


def read_contact(
    name: str, workbook: Any, meta: FillInMeta, issues: list[RowIssue]
) -> dict[str, str]:
    """The 联系人, 联系电话 and 单位负责人审核 cells below the task table (version 3)."""
    if meta.contact_row is None or TASK_SHEET not in workbook.sheetnames:
        return {}
    width = max(last for *_, last in CONTACT_FIELDS)
    row = next(
        workbook[TASK_SHEET].iter_rows(
            min_row=meta.contact_row, max_row=meta.contact_row, max_col=width
        ),
        (),
    )
    values: dict[str, str] = {}
    for key, label, _first_label, _last_label, first, _last in CONTACT_FIELDS:
        cell = row[first - 1] if first <= len(row) else None
        if cell is not None and _is_formula(cell):
            issues.append(
                cell_issue(name, TASK_SHEET, meta.contact_row, label, "含有公式，不接受公式")
            )
            continue
        text = _text(cell.value if cell is not None else None)
        if len(text) > MAX_CONTACT_LENGTH:
            issues.append(
                cell_issue(
                    name,
                    TASK_SHEET,
                    meta.contact_row,
                    label,
                    f"内容过长（{len(text)} 字，最多 {MAX_CONTACT_LENGTH} 字）",
                )
            )
            text = text[:MAX_CONTACT_LENGTH]
        values[key] = text
    phone = values.get("phone", "")
    if phone and not re.fullmatch(PHONE_PATTERN, phone):
        issues.append(
            cell_issue(
                name,
                TASK_SHEET,
                meta.contact_row,
                "联系电话",
                f"“{_shown(phone)}”不像电话号码（应为数字，如 0952-2011234 或 13900000000）",
                Severity.WARNING,
            )
        )
    return values


def read_indicators(
    name: str, workbook: Any, meta: FillInMeta, issues: list[RowIssue]
) -> dict[int, dict[int, float]]:
    """Task id → {indicator id → actual typed}."""
    actuals: dict[int, dict[int, float]] = defaultdict(dict)
    if INDICATOR_SHEET not in workbook.sheetnames:
        if meta.indicators:
            issues.append(
                file_issue(
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
        (item.row, row_key(item.code, item.name), f"任务“{item.code}”的指标“{item.name}”")
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
