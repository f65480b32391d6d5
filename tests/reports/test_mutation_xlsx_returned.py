"""Returned fill-in workbooks: what mutation runs found unchecked (bounds, messages, bad XML)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from xlsx_fixtures import DEPARTMENT, PERIOD_LABEL, fill_in, make_spec, make_task

from supervisor.reports.data import TaskRow
from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    MAX_TEXT_LENGTH,
    META_KEYS,
    META_SHEET,
    TASK_COLUMNS,
    TASK_COLUMNS_V2,
    TASK_SHEET,
    Severity,
    column_number,
    meta_digest,
)
from supervisor.reports.xlsx_fillin import write_fillin_workbook
from supervisor.reports.xlsx_returned import FillInExpectation, PlanBounds, read_fillin_workbook
from supervisor.reports.xlsx_returned_meta import read_meta


def _expectation(**changes: object) -> FillInExpectation:
    values: dict[str, object] = {
        "plan_id": 7,
        "period_label": PERIOD_LABEL,
        "department_tasks": {DEPARTMENT: {1, 2, 3}},
        "task_versions": {1: 1, 2: 1, 3: 1, 4: 2},
        "period_start": dt.date(2020, 3, 16),
        "period_end": dt.date(2020, 3, 22),
    }
    values.update(changes)
    return FillInExpectation(**values)  # type: ignore[arg-type]


def test_plan_bounds_count_tasks_and_indicators_of_the_expectation() -> None:
    # The indicator count given wins over the indicators listed; with neither, unbounded.
    counted = PlanBounds.of(_expectation(indicator_tasks={10: 1, 11: 1}, indicator_count=5))
    assert (counted.plan_id, counted.tasks, counted.indicators) == (7, 4, 5)
    listed = PlanBounds.of(_expectation(indicator_tasks={10: 1, 11: 1, 20: 2}))
    assert listed.indicators == 3
    assert PlanBounds.of(_expectation()).indicators >= 1 << 62


def _export(tmp_path: Path, *tasks: TaskRow) -> Path:
    return write_fillin_workbook(make_spec(tasks or None), tmp_path / "填报表.xlsx")


def test_a_row_newer_than_the_database_is_refused_in_full(tmp_path: Path) -> None:
    path = _export(tmp_path, make_task(1, version=3), make_task(2, indicators=1))
    fill_in(path, {0: {"percent": 40}})
    expected = _expectation(department_tasks={DEPARTMENT: {1, 2}}, task_versions={1: 2, 2: 1})

    book = read_fillin_workbook(path, expected=expected)

    assert [issue.message for issue in book.errors] == [
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{FIRST_DATA_ROW}行："
        "任务“2.1”的版本（第3版）比系统中（第2版）还新，文件可能来自其他数据库"
    ]


def test_a_long_text_is_kept_whole_with_a_warning(tmp_path: Path) -> None:
    path = _export(tmp_path)
    fill_in(path, {0: {"percent": 40, "progress_text": "进" * (MAX_TEXT_LENGTH + 1)}})

    book = read_fillin_workbook(path)

    assert len(book.rows[0].progress_text) == MAX_TEXT_LENGTH + 1
    assert [(i.severity, i.message) for i in book.warnings] == [
        (
            Severity.WARNING,
            f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{FIRST_DATA_ROW}行“进展情况”列："
            f"内容有 {MAX_TEXT_LENGTH + 1} 字，超过 {MAX_TEXT_LENGTH} 字，已全部导入，请确认",
        )
    ]


def test_a_version_2_file_with_an_edited_header_is_checked_by_its_version(
    tmp_path: Path,
) -> None:
    """No header row of any layout: the columns expected are those of the file's version."""
    exported = _export(tmp_path)
    workbook = load_workbook(exported)
    meta = read_meta(workbook[META_SHEET])
    sheet = workbook[TASK_SHEET]
    contact_row = meta.contact_row
    assert contact_row is not None
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row == contact_row:  # version 2 had no contact cells
            sheet.unmerge_cells(str(merged))
    # The version 2 layout, as test_xlsx_returned builds it.
    for row in sheet.iter_rows(min_row=HEADER_ROW):
        old = {column.key: cell.value for column, cell in zip(TASK_COLUMNS, row, strict=False)}
        old["indicators"] = "目标" if row[0].row > HEADER_ROW else "目标指标"
        for number, column in enumerate(TASK_COLUMNS_V2, 1):
            value = old.get(column.key) if row[0].row != contact_row else None
            sheet.cell(row[0].row, number).value = (
                column.header if row[0].row == HEADER_ROW else value
            )
    sheet.cell(FIRST_DATA_ROW, column_number(TASK_COLUMNS_V2, "percent")).value = 35
    # A department retitled the fourth column: the header row is no layout's any more.
    sheet.cell(HEADER_ROW, 4).value = "指标"
    legacy = replace(meta, format_version=2, return_by=None, contact_row=None)
    info = workbook[META_SHEET]
    for row in range(1, len(META_KEYS) + 1):
        if META_KEYS[row - 1][0] in ("return_by", "contact_row"):
            info.cell(row, 1).value = info.cell(row, 2).value = None
    info["B2"] = 2
    info.cell([k for k, _ in META_KEYS].index("digest") + 1, 2).value = meta_digest(legacy)
    workbook.save(exported)

    book = read_fillin_workbook(exported)

    # Version 2's fourth column is 目标指标 (version 3's is 责任分工).
    assert [issue.message for issue in book.errors] == [
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}”：第{HEADER_ROW}行表头与导出时不同"
        "（第4列应为“目标指标”，实为“指标”），可能插入、删除或移动了列，请使用下发的原表填写"
    ]


def test_moved_rows_are_found_and_named_with_their_sheet(tmp_path: Path) -> None:
    path = _export(tmp_path)
    fill_in(path, {0: {"percent": 40}, 1: {"percent": 50}})
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    first, second = FIRST_DATA_ROW, FIRST_DATA_ROW + 1
    for column in range(1, len(TASK_COLUMNS) + 1):
        upper, lower = sheet.cell(first, column), sheet.cell(second, column)
        upper.value, lower.value = lower.value, upper.value
    workbook.save(path)

    book = read_fillin_workbook(path)

    assert book.errors == ()
    assert [(row.task_id, row.row, row.percent) for row in book.rows[:2]] == [
        (1, second, 40),
        (2, first, 50),
    ]
    moved = [i.message for i in book.warnings if "行被移动" in i.message]
    assert moved == [
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{second}行："
        f"任务“2.1”导出时在第{first}行，现在第{second}行（行被移动），已按任务编号和内容识别",
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{first}行："
        f"任务“2.2”导出时在第{second}行，现在第{first}行（行被移动），已按任务编号和内容识别",
    ]


def test_a_long_contact_and_a_row_below_the_table_are_named_in_full(tmp_path: Path) -> None:
    path = _export(tmp_path)
    fill_in(path, {0: {"percent": 40}})
    workbook = load_workbook(path)
    contact_row = read_meta(workbook[META_SHEET]).contact_row
    assert contact_row is not None
    sheet = workbook[TASK_SHEET]
    sheet.cell(contact_row, 3).value = "李" * 31  # 联系人: one over the limit
    added = contact_row + 2
    sheet.cell(added, column_number(TASK_COLUMNS, "progress_text")).value = "新增一行"
    workbook.save(path)

    book = read_fillin_workbook(path)

    assert [i.message for i in book.errors] == [
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{contact_row}行“联系人”列："
        "内容过长（31 字，最多 30 字）"
    ]
    assert book.contact["contact"] == "李" * 30
    assert (
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{added}行："
        "不是导出的任务行（可能是新增的行），其中填写的内容不会导入"
    ) in [i.message for i in book.warnings]


def test_a_cleared_row_is_named_with_its_sheet(tmp_path: Path) -> None:
    path = _export(tmp_path)
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    row = FIRST_DATA_ROW + 1
    for column in range(1, len(TASK_COLUMNS) + 1):
        sheet.cell(row, column).value = None
    workbook.save(path)

    book = read_fillin_workbook(path)

    assert [i.message for i in book.errors] == [
        f"文件“填报表.xlsx” 工作表“{TASK_SHEET}” 第{row}行："
        "找不到任务“2.2”（该行现为空行），行可能被删除、移动或改动，请使用下发的原表重新填写"
    ]


def test_a_workbook_that_breaks_while_its_rows_are_read_is_named(tmp_path: Path) -> None:
    # The workbook opens (its directory and workbook.xml are fine); the task sheet's XML is cut
    # off, which openpyxl only meets while streaming that sheet's rows.
    path = _export(tmp_path, make_task(1), make_task(2))
    broken = tmp_path / "损坏.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        sheet = _sheet_part(source, TASK_SHEET)
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet:
                data = data[: len(data) // 2]
            target.writestr(item, data)

    book = read_fillin_workbook(broken)

    assert book.meta is None
    assert book.rows == ()
    [issue] = book.errors
    assert (issue.file, issue.sheet, issue.row) == ("损坏.xlsx", None, None)
    assert re.fullmatch(r"文件“损坏\.xlsx”：文件已损坏，无法读取表格内容（\w+）", issue.message)


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet called ``title``."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rel_id = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="(\w+)"', workbook)
    assert rel_id is not None
    target = re.search(rf'<Relationship [^>]*Id="{rel_id[1]}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rel_id[1]}"', rels)
    assert target is not None
    return target[1].lstrip("/") if target[1].startswith("/xl/") else f"xl/{target[1]}"
