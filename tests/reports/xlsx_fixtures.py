"""Builders for the xlsx tests: tasks with ids and versions, fill-in specs, typing into a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from supervisor.domain import TaskStatus
from supervisor.reports.data import IndicatorRow, ReportHeader, TaskRow
from supervisor.reports.xlsx_fillin import (
    FIRST_DATA_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInSpec,
    column_number,
)

DEPARTMENT = "市发展改革委"
OTHER_DEPARTMENT = "市财政局"
PERIOD_LABEL = "2020年第12周"
PERIOD_START = dt.date(2020, 3, 16)
PERIOD_END = dt.date(2020, 3, 22)
HEADER = ReportHeader(
    office_name="石嘴山市人民政府督查室",
    plan_title="2020年市政府工作报告",
    plan_year=2020,
    period_label=PERIOD_LABEL,
    as_of=dt.date(2020, 3, 20),
    plan_id=7,
)


def make_task(
    task_id: int,
    *,
    lead: str = DEPARTMENT,
    status: TaskStatus | None = TaskStatus.ON_TRACK,
    indicators: int = 2,
    version: int = 1,
    **changes: Any,
) -> TaskRow:
    """A task with ``indicators`` indicators whose ids are task_id * 10 + n."""
    values: dict[str, Any] = {
        "task_id": task_id,
        "code": f"2.{task_id}",
        "title": f"全力推进重点项目建设（{task_id}）",
        "text": "全力推进102个重点项目建设，完成投资128亿元。",
        "area": "（一）聚焦产业转型",
        "indicators": tuple(
            IndicatorRow(
                name=("重点项目", "完成投资", "新增就业")[n % 3],
                target_text=("102个", "128亿元", "≥1万人")[n % 3],
                value=(102.0, 128.0, 1.0)[n % 3],
                value_max=None,
                unit=("个", "亿元", "万人")[n % 3],
                comparator="=",
                actual=(50.0, None, 0.4)[n % 3],
                indicator_id=task_id * 10 + n,
            )
            for n in range(indicators)
        ),
        "leader": "张副市长",
        "lead_department": lead,
        "co_departments": ("市财政局", "市自然资源局"),
        "deadline": dt.date(2020, 12, 31),
        "time_progress": 0.25,
        "percent_done": 0.3,
        "reported_percent": 0.3,
        "status": status,
        "progress_text": "已完成前期手续办理。",
        "problems": "资金缺口较大。",
        "next_steps": "加快施工进度。",
        "version": version,
    }
    values.update(changes)
    return TaskRow(**values)


def make_spec(tasks: tuple[TaskRow, ...] | None = None, **changes: Any) -> FillInSpec:
    """A fill-in spec for DEPARTMENT with three tasks (one of them a co-department task)."""
    if tasks is None:
        tasks = (make_task(1), make_task(2, indicators=1), make_task(3, lead=OTHER_DEPARTMENT))
    values: dict[str, Any] = {
        "plan_id": 7,
        "plan_title": "2020年市政府工作报告",
        "department": DEPARTMENT,
        "period_label": PERIOD_LABEL,
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "tasks": tasks,
        "office_name": "石嘴山市人民政府督查室",
        "contacts": ("李明", "王芳"),
        "exported_at": dt.datetime(2020, 3, 16, 9, 30),
    }
    values.update(changes)
    return FillInSpec(**values)


def task_cell(key: str, index: int) -> str:
    """Coordinate of a task-sheet cell: the column of ``key`` in the index-th task row."""
    return f"{get_column_letter(column_number(TASK_COLUMNS, key))}{FIRST_DATA_ROW + index}"


def indicator_cell(index: int) -> str:
    """Coordinate of the 本期完成值 cell of the index-th indicator row."""
    column = get_column_letter(column_number(INDICATOR_COLUMNS, "actual"))
    return f"{column}{FIRST_DATA_ROW + index}"


def fill_in(
    path: Path,
    tasks: Mapping[int, Mapping[str, Any]],
    indicators: Mapping[int, Any] | None = None,
    *,
    target: Path | None = None,
) -> Path:
    """Type values into a fill-in workbook with openpyxl, as a department would in Excel.

    Args:
        path: The exported workbook.
        tasks: Task row index (0-based) → {column key → value}.
        indicators: Indicator row index (0-based) → value typed in 本期完成值.
        target: Where to save (default: over ``path``).
    """
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    for index, typed in tasks.items():
        for key, value in typed.items():
            sheet[task_cell(key, index)] = value
    for index, value in (indicators or {}).items():
        workbook[INDICATOR_SHEET][indicator_cell(index)] = value
    destination = target or path
    workbook.save(destination)
    return destination
