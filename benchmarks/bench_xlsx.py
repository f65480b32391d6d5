"""Benchmark: 周进度表 for 10,000 tasks against a bare openpyxl write, and reading 300 returns."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

from supervisor.domain import TaskStatus
from supervisor.reports.data import IndicatorRow, ReportHeader, TaskRow
from supervisor.reports.xlsx_common import register_styles
from supervisor.reports.xlsx_export import (
    PROGRESS_HEADERS,
    STYLE_CENTRE,
    STYLE_DATE,
    STYLE_HEADER,
    STYLE_INDEX,
    STYLE_PERCENT,
    STYLE_TEXT,
    indicators_text,
    report_styles,
    status_style_name,
    task_text,
    write_progress_sheet,
)
from supervisor.reports.xlsx_fillin import (
    FIRST_DATA_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInSpec,
    column_number,
    write_fillin_workbooks,
)
from supervisor.reports.xlsx_returned import read_fillin_folder

DEPARTMENTS = [f"市第{i}局" for i in range(1, 61)]
STATUSES = list(TaskStatus)


def make_tasks(count: int) -> list[TaskRow]:
    """Tasks shaped like a real plan: long text, two indicators, co-departments, all columns."""
    tasks = []
    for i in range(1, count + 1):
        indicators = (
            IndicatorRow("重点项目", "102个", 102, None, "个", "=", float(i % 102), i * 2),
            IndicatorRow("完成投资", "≥128亿元", 128, None, "亿元", ">=", None, i * 2 + 1),
        )
        tasks.append(
            TaskRow(
                task_id=i,
                code=f"{i // 100 + 1}.{i % 100 + 1}",
                title=f"大力推动工业提质增效第{i}项",
                text=f"实施40个两化融合项目，全力推进102个重点项目建设，完成投资128亿元（{i}）",
                area="（一）聚焦产业转型",
                indicators=indicators,
                leader="张副市长",
                lead_department=DEPARTMENTS[i % len(DEPARTMENTS)],
                co_departments=(DEPARTMENTS[(i + 1) % 60], DEPARTMENTS[(i + 7) % 60]),
                deadline=dt.date(2020, 12, 31),
                time_progress=0.25,
                percent_done=(i % 100) / 100,
                status=STATUSES[i % len(STATUSES)],
                progress_text="已完成项目前期手续办理，正在开展施工招标，预计下月开工建设。",
                problems="项目资金缺口较大，土地指标紧张。",
                next_steps="加快推进项目建设，积极争取上级资金支持。",
                version=1,
            )
        )
    return tasks


def bare_write(tasks: list[TaskRow], path: Path) -> float:
    """Seconds to write the same cells with the same named styles straight with openpyxl.

    Cell values are computed before the clock starts, so the comparison charges the export
    with everything it does beyond openpyxl: values, widths, heights, layout, printing.
    """
    rows = [
        [
            (number, STYLE_INDEX),
            (task_text(task), STYLE_TEXT),
            (indicators_text(task, with_actual=True), STYLE_TEXT),
            (task.leader, STYLE_CENTRE),
            (task.lead_department, STYLE_CENTRE),
            ("、".join(task.co_departments), STYLE_CENTRE),
            (task.deadline, STYLE_DATE),
            (task.time_progress, STYLE_PERCENT),
            (task.progress_text, STYLE_TEXT),
            (task.percent_done, STYLE_PERCENT),
            (task.status.value, status_style_name(task.status)),
            (task.problems, STYLE_TEXT),
            (task.next_steps, STYLE_TEXT),
        ]
        for number, task in enumerate(tasks, 1)
    ]
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    register_styles(workbook, report_styles())
    sheet = workbook.create_sheet("周进度表")
    header = []
    for text in PROGRESS_HEADERS:
        cell = WriteOnlyCell(sheet, text)
        cell.style = STYLE_HEADER
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value, style in row:
            cell = WriteOnlyCell(sheet, value)
            cell.style = style
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
    return time.perf_counter() - start


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def fill_returned(path: Path) -> None:
    """Type values into a fill-in workbook with openpyxl, as a department would in Excel."""
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    typed = {
        "percent": 55,
        "progress_text": "已完成项目前期手续办理，正在开展施工招标。",
        "problems": "资金缺口较大。",
        "next_steps": "加快推进。",
        "reporter": "李四",
        "report_date": dt.date(2020, 3, 19),
    }
    for row in _data_rows(sheet, column_number(TASK_COLUMNS, "code")):
        for key, value in typed.items():
            sheet.cell(row, column_number(TASK_COLUMNS, key), value)
    indicators = workbook[INDICATOR_SHEET]
    actual = column_number(INDICATOR_COLUMNS, "actual")
    for row in _data_rows(indicators, column_number(INDICATOR_COLUMNS, "code")):
        indicators.cell(row, actual, 12.5)
    workbook.save(path)


def _data_rows(sheet: Worksheet, code_column: int) -> range:
    """The rows of tasks or indicators: those with a 任务编号, down to the notes under them."""
    row = FIRST_DATA_ROW
    while sheet.cell(row, code_column).value:
        row += 1
    return range(FIRST_DATA_ROW, row)


def bench_read(tasks: list[TaskRow], files: int, folder: Path) -> None:
    """Export one workbook per department, fill each in, and time reading them all back."""
    per_file = max(1, len(tasks) // files)
    specs = [
        FillInSpec(
            plan_id=1,
            plan_title="2020年政府工作报告",
            department=f"单位{n:03d}",
            period_label="2020年第12周",
            period_start=dt.date(2020, 3, 16),
            period_end=dt.date(2020, 3, 22),
            tasks=tuple(tasks[n * per_file : (n + 1) * per_file]),
        )
        for n in range(files)
    ]
    returned = folder / "returned"
    start = time.perf_counter()
    paths = write_fillin_workbooks(specs, returned)
    export_seconds = time.perf_counter() - start
    for path in paths:
        fill_returned(path)
    start = time.perf_counter()
    books = read_fillin_folder(returned)
    read_seconds = time.perf_counter() - start
    rows = sum(len(book.filled_rows) for book in books)
    errors = sum(len(book.errors) for book in books)
    print(
        f"填报表 {files} 个（每个 {per_file} 项任务）: 导出 {export_seconds:.2f} s; "
        f"读回 {read_seconds:.2f} s（{rows} 行已填, {errors} 个错误；目标 < 60 s）"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    tasks = make_tasks(args.tasks)
    header = ReportHeader(
        "某市人民政府督查室",
        "2020年政府工作报告重点任务",
        2020,
        "2020年第12周",
        dt.date(2020, 3, 20),
        plan_id=1,
    )
    folder = Path(tempfile.mkdtemp(prefix="bench_xlsx_"))
    try:
        ours, bare = [], []
        for _ in range(args.repeat):
            ours.append(timed(lambda: write_progress_sheet(header, tasks, folder / "ours.xlsx")))
            bare.append(bare_write(tasks, folder / "bare.xlsx"))
        ours_s, bare_s = statistics.median(ours), statistics.median(bare)
        print(
            f"周进度表 {args.tasks} 行（中位数，{args.repeat} 次）: write_progress_sheet "
            f"{ours_s:.2f} s; 裸 openpyxl 写同样的单元格和样式 {bare_s:.2f} s; "
            f"比值 {ours_s / bare_s:.2f}（目标 ≤ 1.3）"
        )
        bench_read(tasks, args.files, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
