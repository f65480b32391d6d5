"""Returned workbooks whose hidden metadata claims too much, or whose seal does not match."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from xlsx_fixtures import DEPARTMENT, PERIOD_LABEL, make_spec, make_task

from supervisor.reports.fillin_format import (
    META_KEYS,
    META_SHEET,
    META_TASK_FIRST_COLUMN,
    meta_digest,
)
from supervisor.reports.xlsx_fillin import write_fillin_workbook
from supervisor.reports.xlsx_returned import (
    FillInExpectation,
    ReturnedWorkbook,
    read_fillin_workbook,
)

KEY = bytes(range(32))
DIGEST_ROW = [key for key, _label in META_KEYS].index("digest") + 1


def _errors(book: ReturnedWorkbook) -> str:
    return "\n".join(issue.message for issue in book.errors)


def _claim_row(path: Path, row: int) -> Path:
    """Edit the first task's row number in the metadata and recompute the plain checksum."""
    meta = read_fillin_workbook(path).meta
    assert meta is not None
    first = replace(meta.tasks[0], row=row)
    edited = replace(meta, tasks=(first, *meta.tasks[1:]))
    workbook = load_workbook(path)
    sheet = workbook[META_SHEET]
    sheet.cell(2, META_TASK_FIRST_COLUMN).value = row
    sheet.cell(DIGEST_ROW, 2).value = meta_digest(edited)
    workbook.save(path)
    return path


@pytest.mark.parametrize("row", [2_000_000_000, 400_000])
def test_a_row_number_far_beyond_the_export_is_refused_with_bounded_memory(
    tmp_path: Path, row: int
) -> None:
    path = _claim_row(write_fillin_workbook(make_spec(), tmp_path / "填报表.xlsx"), row)
    tracemalloc.start()
    try:
        book = read_fillin_workbook(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "任务行号超出导出时的范围" in _errors(book)
    assert book.rows == ()
    # Reading the file itself takes a few MB; walking 400,000 padded rows took far more.
    assert peak < 30 * 1024 * 1024, peak


def test_more_tasks_than_the_plan_holds_are_refused_before_the_sheets_are_read(
    tmp_path: Path,
) -> None:
    tasks = tuple(make_task(n, indicators=0) for n in range(1, 121))
    path = write_fillin_workbook(make_spec(tasks), tmp_path / "填报表.xlsx")
    expected = FillInExpectation(
        plan_id=7,
        period_label=PERIOD_LABEL,
        department_tasks={DEPARTMENT: {1, 2}},
        task_versions={1: 1, 2: 1},
    )
    book = read_fillin_workbook(path, expected=expected)
    assert "列出 120 项任务，远多于本计划的任务（2 项）" in _errors(book)
    assert book.rows == ()


def test_a_sealed_workbook_reads_back_with_its_key_only(tmp_path: Path) -> None:
    path = write_fillin_workbook(make_spec(seal_key=KEY), tmp_path / "填报表.xlsx")
    book = read_fillin_workbook(path, seal_key=KEY)
    assert book.errors == ()
    assert book.meta is not None
    assert book.meta.format_version == 4
    assert "密封校验不符" in _errors(read_fillin_workbook(path, seal_key=b"y" * 32))
    assert "没有导出过带密封的填报表" in _errors(read_fillin_workbook(path))


def test_a_sealed_workbook_with_an_edited_department_is_refused(tmp_path: Path) -> None:
    path = write_fillin_workbook(make_spec(seal_key=KEY), tmp_path / "填报表.xlsx")
    workbook = load_workbook(path)
    row = [key for key, _label in META_KEYS].index("department") + 1
    workbook[META_SHEET].cell(row, 2).value = "市财政局"
    workbook.save(path)
    assert "密封校验不符" in _errors(read_fillin_workbook(path, seal_key=KEY))
