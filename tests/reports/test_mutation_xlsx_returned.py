"""Returned fill-in workbooks: cases a mutation run found unchecked (bounds, messages in full)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsx_fixtures import DEPARTMENT, PERIOD_LABEL, fill_in, make_spec, make_task

from supervisor.reports.data import TaskRow
from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    MAX_TEXT_LENGTH,
    TASK_SHEET,
    Severity,
)
from supervisor.reports.xlsx_fillin import write_fillin_workbook
from supervisor.reports.xlsx_returned import FillInExpectation, PlanBounds, read_fillin_workbook


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
