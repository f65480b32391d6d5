"""任务分工方案 / 周进度表 exports read back with openpyxl: values, formats, styles, printing."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from xlsx_fixtures import HEADER, PERIOD_START, make_task

from supervisor.domain import TaskKind, TaskStatus, WarningLight
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.xlsx_export import (
    ASSIGNMENT_HEADERS,
    DATE_FORMAT,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LEGEND_ROW,
    PERCENT_FORMAT,
    PROGRESS_HEADERS,
    SHEET_STATUS_COLOURS,
    SheetOptions,
    write_assignment_sheet,
    write_progress_sheet,
)

STATUSES = list(TaskStatus)
FIRST_TASK_ROW = FIRST_DATA_ROW + 1  # below the area line


LIGHTS = list(WarningLight)


def _tasks(count: int = 7) -> list:
    return [
        make_task(i + 1, status=STATUSES[i % len(STATUSES)], warning=LIGHTS[i % len(LIGHTS)])
        for i in range(count)
    ]


def cells(sheet, row: int) -> dict:
    """Header → cell of one row."""
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    return dict(zip(headers, sheet[row], strict=False))


@pytest.fixture
def progress_sheet(tmp_path: Path):
    path = write_progress_sheet(HEADER, _tasks(), tmp_path / "周进度表.xlsx")
    return load_workbook(path).active


@pytest.fixture
def assignment_sheet(tmp_path: Path):
    path = write_assignment_sheet(HEADER, _tasks(3), tmp_path / "分工.xlsx")
    return load_workbook(path).active


def test_assignment_sheet_has_title_rows_and_the_seven_columns(assignment_sheet) -> None:
    title = assignment_sheet["A1"].value
    assert "2020年市政府工作报告" in title
    assert "任务分工方案" in title
    assert "周" not in title  # a division plan is the year's, never a week's
    assert "石嘴山市人民政府督查室" in assignment_sheet["A2"].value
    assert "2020年3月20日" in assignment_sheet["A2"].value
    header = [cell.value for cell in assignment_sheet[HEADER_ROW]]
    assert tuple(header) == ASSIGNMENT_HEADERS
    assert assignment_sheet[FIRST_DATA_ROW][0].value == "一、聚焦产业转型（共3项）"
    assert assignment_sheet.max_row == FIRST_DATA_ROW + 3
    assert "A1:G1" in {str(r) for r in assignment_sheet.merged_cells.ranges}


def test_assignment_row_values_are_typed(assignment_sheet) -> None:
    row = [cell.value for cell in assignment_sheet[FIRST_TASK_ROW]]
    assert row[0] == 1
    assert row[1].startswith("2.1 全力推进重点项目建设（1）")
    assert "全力推进102个重点项目建设" in row[1]
    assert row[2] == "重点项目：102个\n完成投资：128亿元"
    assert row[3:6] == ["市发展改革委", "市财政局、市自然资源局", "张副市长"]
    assert row[6] == dt.datetime(2020, 12, 31)
    date = assignment_sheet.cell(FIRST_TASK_ROW, 7)
    assert date.number_format == DATE_FORMAT
    assert date.is_date


def test_progress_sheet_columns_and_number_formats(progress_sheet) -> None:
    assert tuple(cell.value for cell in progress_sheet[HEADER_ROW]) == PROGRESS_HEADERS
    row = cells(progress_sheet, FIRST_TASK_ROW)
    assert row["序时进度"].value == pytest.approx(0.25)
    assert row["序时进度"].number_format == PERCENT_FORMAT
    assert row["本期完成进度"].value == pytest.approx(0.3)
    assert row["本期完成进度"].number_format == PERCENT_FORMAT
    assert row["本期完成进度"].data_type == "n"
    assert row["序号"].data_type == "n"
    assert row["本期进展"].value == "已完成前期手续办理。"
    assert row["下步计划"].value == "加快施工进度。"
    # Targets and actual values follow the task's text (the sheet has no 目标指标 column).
    assert row["重点任务"].value.endswith("重点项目：102个（已完成50个）\n完成投资：128亿元")


def test_progress_sheet_has_one_fill_per_status_and_a_legend(progress_sheet) -> None:
    fills = {}
    for row in range(FIRST_TASK_ROW, FIRST_TASK_ROW + len(STATUSES)):
        cell = cells(progress_sheet, row)["预警"]
        light, status = cell.value.split("\n")
        status = TaskStatus(status)
        assert light == LIGHTS[(row - FIRST_TASK_ROW) % len(LIGHTS)].value  # as services graded
        assert cell.fill.fill_type == "solid"
        fills[status] = cell.fill.fgColor.rgb[-6:]
        assert fills[status] == SHEET_STATUS_COLOURS[status].lstrip("#").upper()
    assert len(set(fills.values())) == len(STATUSES)  # no two statuses share a fill
    legend = {
        cell.value: cell.fill.fgColor.rgb[-6:]
        for cell in progress_sheet[LEGEND_ROW]
        if cell.value in {s.value for s in STATUSES}
    }
    assert legend == {status.value: fill for status, fill in fills.items()}
    assert "绿灯" in progress_sheet[LEGEND_ROW][0].value


def test_progress_sheet_styles_wrap_border_and_fonts(progress_sheet) -> None:
    text = progress_sheet.cell(FIRST_TASK_ROW, 2)
    assert text.alignment.wrap_text
    assert text.border.left.style == "thin"
    assert text.font.name == "宋体"
    assert progress_sheet["B4"].font.bold
    assert progress_sheet["A1"].font.size == 16
    # Style objects are shared: one named style per kind of cell, not one per cell.
    assert text.style == progress_sheet.cell(FIRST_TASK_ROW + 1, 2).style == "督查-文本"


def test_progress_sheet_freeze_filter_and_print_setup(progress_sheet) -> None:
    assert progress_sheet.freeze_panes == "C5"
    assert progress_sheet.auto_filter.ref == f"A4:O{FIRST_DATA_ROW + 7}"
    setup = progress_sheet.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9
    assert int(setup.fitToWidth) == 1
    assert int(setup.fitToHeight) == 0
    assert progress_sheet.sheet_properties.pageSetUpPr.fitToPage
    assert progress_sheet.print_title_rows == "$4:$4"
    assert "&P" in progress_sheet.oddFooter.center.text


def test_progress_sheet_row_heights_fit_the_text(progress_sheet) -> None:
    widths = {c: progress_sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"}
    assert widths["A"] < widths["C"] < widths["B"]
    # The task text needs several lines at this width: the row is tall enough to show them.
    assert progress_sheet.row_dimensions[FIRST_TASK_ROW].height >= 4 * 13.5


def test_a_task_silent_this_period_says_so_and_shows_its_last_report_as_previous(
    tmp_path: Path,
) -> None:
    silent = make_task(1, last_report_date=dt.date(2020, 3, 6), percent_done=0.4)
    spoke = make_task(2, last_report_date=dt.date(2020, 3, 17), percent_done=0.5)
    options = SheetOptions(period_start=PERIOD_START, previous_percent={1: 0.1, 2: 0.35})
    path = write_progress_sheet(HEADER, [silent, spoke], tmp_path / "p.xlsx", options=options)
    sheet = load_workbook(path).active

    quiet = cells(sheet, FIRST_TASK_ROW)
    assert quiet["本期进展"].value == "本期未报送（最近报送：2020-03-06）"
    assert quiet["本期完成进度"].value is None
    assert quiet["存在问题"].value is None
    assert quiet["下步计划"].value is None
    assert quiet["上期完成进度"].value == pytest.approx(0.4)
    reported = cells(sheet, FIRST_TASK_ROW + 1)
    assert reported["本期进展"].value == "已完成前期手续办理。"
    assert reported["上期完成进度"].value == pytest.approx(0.35)
    assert reported["本期完成进度"].value == pytest.approx(0.5)


def test_areas_are_numbered_and_parents_are_headings_of_their_children(tmp_path: Path) -> None:
    tasks = [
        make_task(1, code="1", title="聚焦产业转型", area="（一）聚焦产业转型", status=None),
        make_task(2, code="1.1", title="推进重点项目", area="（一）聚焦产业转型", status=None),
        make_task(3, code="1.1.1", area="（一）聚焦产业转型", status=TaskStatus.BEHIND),
        make_task(4, code="1.1.2", area="（一）聚焦产业转型", status=TaskStatus.DONE),
        make_task(5, code="2.1", area="（二）聚焦生态保护", status=TaskStatus.BEHIND),
    ]
    path = write_progress_sheet(HEADER, tasks, tmp_path / "p.xlsx")
    sheet = load_workbook(path).active

    rows = list(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert rows[0][0] == "一、聚焦产业转型（共2项：已完成1项、欠序时1项）"
    assert rows[1][:2] == (None, "1.1 推进重点项目")  # a heading: its code and title only
    assert [row[0] for row in rows[2:4]] == [1, 2]
    assert rows[4][0] == "二、聚焦生态保护（共1项：欠序时1项）"
    assert rows[5][0] == 3
    levels = [sheet.row_dimensions[FIRST_DATA_ROW + i].outlineLevel for i in range(6)]
    assert levels == [0, 1, 2, 2, 0, 1]


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    task = make_task(
        1,
        progress_text='=HYPERLINK("http://x","点我")',
        problems="+1 资金",
        next_steps="-2 项",
        leader="@张",
    )
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    row = cells(load_workbook(path).active, FIRST_TASK_ROW)
    for header, text in (
        ("本期进展", '=HYPERLINK("http://x","点我")'),
        ("存在问题", "+1 资金"),
        ("下步计划", "-2 项"),
        ("责任领导", "@张"),
    ):
        assert row[header].value == text
        assert row[header].data_type == "s"
        assert row[header].quotePrefix


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    task = make_task(1, progress_text="第一\x07行\x00")
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    assert cells(load_workbook(path).active, FIRST_TASK_ROW)["本期进展"].value == "第一行"


def test_empty_task_list_gives_a_sheet_with_header_only(tmp_path: Path) -> None:
    path = write_progress_sheet(HEADER, [], tmp_path / "p.xlsx")
    sheet = load_workbook(path).active
    assert sheet.max_row == HEADER_ROW
    assert "共0项任务" in sheet["A2"].value


def test_a_routine_task_is_listed_as_such_without_a_light(tmp_path: Path) -> None:
    task = make_task(1, status=None, kind=TaskKind.ROUTINE)
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    assert cells(load_workbook(path).active, FIRST_TASK_ROW)["预警"].value == "常态化"


def test_missing_values_give_blank_cells(tmp_path: Path) -> None:
    task = make_task(
        1, deadline=None, time_progress=None, percent_done=None, status=None, indicators=0
    )
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    row = cells(load_workbook(path).active, FIRST_TASK_ROW)
    for header in ("完成时限", "序时进度", "上期完成进度", "本期完成进度", "预警", "督办"):
        assert row[header].value is None, header


def test_progress_is_reported_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    tasks = _tasks(1200)
    folder = tmp_path / "out"
    folder.mkdir()
    write_progress_sheet(HEADER, tasks, folder / "p.xlsx", progress=lambda *a: calls.append(a))
    assert calls[-1] == (1200, 1200)
    assert (600, 1200) in calls
    # About one call per percent, so a progress bar moves smoothly.
    assert 100 <= len(calls) <= 102

    small: list[tuple[int, int]] = []
    write_progress_sheet(
        HEADER, _tasks(120), folder / "s.xlsx", progress=lambda *a: small.append(a)
    )
    assert len(small) > 100
    (folder / "s.xlsx").unlink()

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        write_progress_sheet(HEADER, tasks, folder / "c.xlsx", cancel=cancel)
    assert sorted(p.name for p in folder.iterdir()) == ["p.xlsx"]


def test_locked_target_keeps_the_old_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "周进度表.xlsx"
    target.write_bytes(b"old content")

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportWriteError, match=r"周进度表\.xlsx.*正被其他程序"):
        write_assignment_sheet(HEADER, _tasks(2), target)
    assert target.read_bytes() == b"old content"
    assert [p.name for p in folder.iterdir()] == ["周进度表.xlsx"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError, match="不存在"):
        write_assignment_sheet(HEADER, _tasks(1), tmp_path / "nope" / "a.xlsx")


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    write_assignment_sheet(HEADER, _tasks(2), target)
    assert load_workbook(target).active.max_row == FIRST_DATA_ROW + 2
