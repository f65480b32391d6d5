"""A hand-made 任务分工方案 read into plain rows: header found, columns by their Chinese names.

Offices keep their division plan as a sheet made by hand: a title or two above the table, the
header on one row or two (责任分工 over 牵头单位 | 配合单位), columns in any order, area rows
(一、…) between the tasks, numbering such as 1、 （1） 1.1, merged cells and blank spacer rows.
This module finds the table and its columns and returns the rows as text; what the texts mean
(dates, departments) is decided by ``services.plan_import``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from openpyxl.utils import get_column_letter

from supervisor.reports.fillin_format import RowIssue, Severity
from supervisor.reports.sheet_grid import EMPTY as EMPTY_CELL
from supervisor.reports.sheet_grid import GridCell, SheetGrid, read_grid

HEADER_SEARCH_ROWS = 30  # the header is among the first rows, under the titles
MAX_TITLE_LENGTH = 60


class Field(StrEnum):
    """What a column of a division sheet holds (its value is how a preview names it)."""

    INDEX = "序号"
    TASK = "重点任务"
    TARGET = "具体目标"
    LEAD = "牵头单位"
    CO = "配合单位"
    LEADER = "责任领导"
    DEADLINE = "完成时限"


# Checked in this order: 牵头领导 is a leader, 任务目标 a target, 责任单位 a lead unit.
_KEYWORDS: tuple[tuple[Field, tuple[str, ...]], ...] = (
    (Field.INDEX, ("序号", "编号", "序")),
    (Field.LEADER, ("领导", "分管", "包抓")),
    (Field.CO, ("配合", "协办", "参与", "协助")),
    (Field.LEAD, ("牵头", "责任单位", "责任部门", "主责", "承办", "主办", "负责单位")),
    (Field.DEADLINE, ("时限", "时间", "期限", "节点", "完成时")),
    (Field.TARGET, ("目标", "指标", "量化", "标准")),
    (Field.TASK, ("任务", "工作内容", "事项", "内容", "工作", "措施")),
)
_AREA_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*")
_NUMBERING = (
    # (pattern, level): 1.1.1 deeper by its dots; （1） and ① below a 1、 task.
    (re.compile(r"^\s*(\d+(?:[.．]\d+)+)[.．、]?\s*"), None),
    (re.compile(r"^\s*[（(]\s*(\d+)\s*[）)]\s*"), 2),
    (re.compile(r"^\s*([①-⑳])\s*"), 2),
    (re.compile(r"^\s*(\d+)\s*[、.．]\s*"), 1),
    (re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]\s*"), 1),
)
_SUB_AREA = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]\s*")
_RELATIVE = re.compile(r"^([（(]\s*\d+\s*[）)]|[①-⑳])$")  # numbered under the task above
_NOTE = re.compile(r"^\s*(注|备注|说明|填表说明)\s*[:：]")


def classify(header: str) -> Field | None:
    """The field a header names, or None (备注 and the like are not read)."""
    text = re.sub(r"\s+", "", header)
    if not text or "备注" in text:
        return None
    for kind, words in _KEYWORDS:
        if kind is Field.INDEX:
            if text in words or text.startswith("序号"):
                return kind
            continue
        if any(word in text for word in words):
            return kind
    return None


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds which field, and the header row(s) they were found on."""

    columns: Mapping[Field, int]
    header_rows: tuple[int, ...]
    headers: Mapping[int, str] = field(default_factory=dict)  # column → header as written

    @property
    def first_data_row(self) -> int:
        """The row below the header."""
        return self.header_rows[-1] + 1

    def describe(self) -> str:
        """重点任务=B列（工作任务）、牵头单位=D列 … for the preview."""
        return "、".join(
            f"{kind.value}={get_column_letter(column)}列（{self.headers.get(column, '')}）"
            for kind, column in sorted(self.columns.items(), key=lambda item: item[1])
        )


@dataclass(frozen=True, slots=True)
class PlanSheetRow:
    """One row of the table: an area heading or a task, its cells as text."""

    row: int
    is_area: bool
    number: str  # numbering as written: 一, 1, 1.1, （1）
    level: int  # 0 area, 1 task, 2 sub-task, …
    text: str
    target: str = ""
    lead: str = ""
    co: str = ""
    leader: str = ""
    deadline: GridCell = EMPTY_CELL
    formulas: tuple[str, ...] = ()  # headers of cells that held a formula (read as text)


@dataclass(frozen=True, slots=True)
class PlanSheet:
    """A division sheet as read: title, where the table is, its rows and what was odd."""

    file_name: str
    sheet_name: str
    title: str
    mapping: ColumnMapping
    rows: tuple[PlanSheetRow, ...]
    issues: tuple[RowIssue, ...] = ()


class NotADivisionSheetError(ValueError):
    """The sheet has no table with a task column and a unit or deadline column."""


def _label(grid: SheetGrid, row: int, column: int) -> str:
    return re.sub(r"\s+", "", grid.cell(row, column).text)


def _width(grid: SheetGrid) -> int:
    return max((len(row) for row in grid.rows), default=0)


def _mapping_of(grid: SheetGrid, rows: tuple[int, ...]) -> ColumnMapping:
    columns: dict[Field, int] = {}
    headers: dict[int, str] = {}
    for column in range(1, _width(grid) + 1):
        labels = [_label(grid, row, column) for row in rows]
        # The lower row names the column (牵头单位 under 责任分工); the upper one if it is blank.
        for label in reversed(labels):
            kind = classify(label)
            if kind is not None and kind not in columns:
                columns[kind] = column
                headers[column] = label
                break
    return ColumnMapping(columns, rows, headers)


def _usable(mapping: ColumnMapping) -> bool:
    found = mapping.columns
    return Field.TASK in found and bool({Field.LEAD, Field.CO, Field.DEADLINE} & set(found))


def find_header(grid: SheetGrid) -> ColumnMapping:
    """The header among the first rows: the row (or two) naming the most known columns.

    Raises:
        NotADivisionSheetError: No row names a task column and a unit or deadline column.
    """
    best: ColumnMapping | None = None
    last = min(len(grid.rows), HEADER_SEARCH_ROWS)
    for row in range(1, last + 1):
        for rows in ((row,), (row, row + 1)):
            if rows[-1] > len(grid.rows) or not all(_filled(grid, r) for r in rows):
                continue
            mapping = _mapping_of(grid, rows)
            if not _usable(mapping):
                continue
            if best is None or len(mapping.columns) > len(best.columns):
                best = mapping
        if best is not None and best.header_rows[-1] < row:
            break  # the header is found; rows below it are data
    if best is None:
        raise NotADivisionSheetError(
            "找不到任务分工方案的表头：前30行中没有同时含有“重点任务/工作任务”和"
            "“牵头单位/责任单位”（或“完成时限”）的一行"
        )
    return best


def _filled(grid: SheetGrid, row: int) -> bool:
    return any(cell.text for cell in grid.rows[row - 1])


def _numbering(text: str) -> tuple[str, int | None, str]:
    """(numbering, level, text without it) of a task cell that starts with a number."""
    for pattern, level in _NUMBERING:
        found = pattern.match(text)
        if found:
            number = found.group(1)
            if level == 2:
                number = found.group(0).strip()  # keep （1） and ① recognisable
            depth = level if level is not None else number.count(".") + number.count("．") + 1
            return number, depth, text[found.end() :].strip()
    return "", None, text.strip()


def _is_area(cells: list[str], text: str, index: str, mapping: ColumnMapping) -> bool:
    """A heading row: one text across the row, or an area number with no unit and no date."""
    distinct = {cell for cell in cells if cell}
    if len(distinct) == 1 and sum(1 for cell in cells if cell) >= 2:
        return True  # merged across the row
    units = [cells[mapping.columns[k] - 1] for k in (Field.LEAD, Field.CO) if k in mapping.columns]
    if any(units):
        return False
    return bool(
        _AREA_NUMBER.match(text)
        or _SUB_AREA.match(text)
        or re.fullmatch(r"[一二三四五六七八九十]+、?", index)
    )


def read_rows(grid: SheetGrid, mapping: ColumnMapping) -> tuple[list[PlanSheetRow], list[RowIssue]]:
    """The area and task rows below the header; blank rows and notes skipped."""
    rows: list[PlanSheetRow] = []
    issues: list[RowIssue] = []
    width = max(_width(grid), max(mapping.columns.values()))
    previous_text = ""
    plain_level = 0

    def value(cells: list[GridCell], kind: Field) -> GridCell:
        column = mapping.columns.get(kind)
        return cells[column - 1] if column is not None else GridCell("")

    for row in range(mapping.first_data_row, len(grid.rows) + 1):
        cells = [grid.cell(row, column) for column in range(1, width + 1)]
        texts = [cell.text for cell in cells]
        if not any(texts):
            continue
        task = value(cells, Field.TASK).text
        index = value(cells, Field.INDEX).text
        first = next(text for text in texts if text)
        if _NOTE.match(first):
            continue
        if _is_area(texts, task or first, index, mapping):
            heading = task or first
            number, _, name = _numbering(heading)
            area = _AREA_NUMBER.match(heading) or _SUB_AREA.match(heading)
            if area:
                number, name = area.group(1), heading[area.end() :].strip()
            elif re.fullmatch(r"[一二三四五六七八九十]+、?", index):
                number = index.rstrip("、")
            rows.append(PlanSheetRow(row, True, number, 0, name))
            previous_text = ""
            continue
        if not task:
            issues.append(
                RowIssue(
                    grid.file_name,
                    grid.sheet_name,
                    row,
                    Field.TASK.value,
                    f"工作表“{grid.sheet_name}”第{row}行没有任务内容，该行已跳过",
                    Severity.WARNING,
                )
            )
            continue
        formulas = tuple(
            mapping.headers.get(column, "") for column, cell in enumerate(cells, 1) if cell.formula
        )
        if task == previous_text and rows and not rows[-1].is_area:
            # A task cell merged down over several rows: one task, its units listed row by row.
            last = rows[-1]
            rows[-1] = PlanSheetRow(
                last.row,
                False,
                last.number,
                last.level,
                last.text,
                last.target,
                _join(last.lead, value(cells, Field.LEAD).text),
                _join(last.co, value(cells, Field.CO).text),
                last.leader or value(cells, Field.LEADER).text,
                last.deadline if last.deadline.text else value(cells, Field.DEADLINE),
                last.formulas + formulas,
            )
            continue
        previous_text = task
        number, level, text = _numbering(index) if index else ("", None, "")
        if not number:
            number, level, text = _numbering(task)
        else:
            text = _numbering(task)[2]
        if _RELATIVE.match(number or "-"):
            level = plain_level + 1  # （1） and ① sit under the task numbered just above
        elif level is not None:
            plain_level = level
        rows.append(
            PlanSheetRow(
                row,
                False,
                number,
                level or 1,
                text or task,
                value(cells, Field.TARGET).text,
                value(cells, Field.LEAD).text,
                value(cells, Field.CO).text,
                value(cells, Field.LEADER).text,
                value(cells, Field.DEADLINE),
                formulas,
            )
        )
    return rows, issues


def _join(first: str, second: str) -> str:
    if not second or second in first:
        return first
    return f"{first}、{second}" if first else second


_TITLE_WORDS = ("方案", "任务", "分工", "清单", "计划", "台账", "分解")


def _title(grid: SheetGrid, mapping: ColumnMapping) -> str:
    """The title above the table: the row naming a plan (附件1 and dates are skipped)."""
    found = []
    for row in range(1, mapping.header_rows[0]):
        texts = [cell.text for cell in grid.rows[row - 1] if cell.text]
        if texts:
            found.append(re.sub(r"\s+", "", texts[0])[: MAX_TITLE_LENGTH * 2])
    named = [text for text in found if any(word in text for word in _TITLE_WORDS)]
    return (named or found or [""])[0]


def read_plan_sheet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[Field, int] | None = None,
) -> PlanSheet:
    """Read a division sheet (.xlsx or .xls): its title, column mapping and rows.

    Args:
        path: The file.
        columns: A mapping chosen by the user (field → 1-based column) instead of the one
            found from the headers; the header row is still found as usual.

    Raises:
        InputFileError: The file cannot be read safely (encrypted, hostile, too large, …).
        WorkbookReadError: The workbook cannot be read as a sheet (damaged).
        NotADivisionSheetError: No header row of a division sheet was found.
    """
    grid = read_grid(path)
    mapping = find_header(grid)
    if columns is not None:
        if Field.TASK not in columns:
            raise NotADivisionSheetError("列对应关系中必须指定“重点任务”所在的列")
        mapping = ColumnMapping(
            dict(columns),
            mapping.header_rows,
            {c: _label(grid, mapping.header_rows[-1], c) for c in columns.values()},
        )
    rows, issues = read_rows(grid, mapping)
    return PlanSheet(
        grid.file_name, grid.sheet_name, _title(grid, mapping), mapping, tuple(rows), tuple(issues)
    )
