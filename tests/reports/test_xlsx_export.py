"""任务分工方案 / 周进度表 exports read back with openpyxl: values, formats, styles, printing."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from xlsx_fixtures import HEADER, make_task

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.xlsx_export import (
    ASSIGNMENT_HEADERS,
    DATE_FORMAT,
    PERCENT_FORMAT,
    PROGRESS_HEADERS,
    write_assignment_sheet,
    write_progress_sheet,
)

STATUSES = list(TaskStatus)


def _tasks(count: int = 7) -> list:
    return [make_task(i + 1, status=STATUSES[i % len(STATUSES)]) for i in range(count)]


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
    assert "2020年第12周" in title
    assert "石嘴山市人民政府督查室" in assignment_sheet["A2"].value
    assert "2020年3月20日" in assignment_sheet["A2"].value
    header = [cell.value for cell in assignment_sheet[3]]
    assert tuple(header) == ASSIGNMENT_HEADERS
    assert assignment_sheet.max_row == 3 + 3
    assert "A1:G1" in {str(r) for r in assignment_sheet.merged_cells.ranges}


def test_assignment_row_values_are_typed(assignment_sheet) -> None:
    row = [cell.value for cell in assignment_sheet[4]]
    assert row[0] == 1
    assert row[1].startswith("2.1 全力推进重点项目建设（1）")
    assert "全力推进102个重点项目建设" in row[1]
    assert row[2] == "重点项目：102个\n完成投资：128亿元"
    assert row[3:6] == ["张副市长", "市发展改革委", "市财政局、市自然资源局"]
    assert row[6] == dt.datetime(2020, 12, 31)
    assert assignment_sheet["G4"].number_format == DATE_FORMAT
    assert assignment_sheet["G4"].is_date


def test_progress_sheet_columns_and_number_formats(progress_sheet) -> None:
    assert tuple(cell.value for cell in progress_sheet[3]) == PROGRESS_HEADERS
    assert progress_sheet["H4"].value == pytest.approx(0.25)
    assert progress_sheet["H4"].number_format == PERCENT_FORMAT
    assert progress_sheet["J4"].value == pytest.approx(0.3)
    assert progress_sheet["J4"].number_format == PERCENT_FORMAT
    assert progress_sheet["J4"].data_type == "n"
    assert progress_sheet["A4"].data_type == "n"
    assert progress_sheet["I4"].value == "已完成前期手续办理。"
    # Actual values of indicators are shown beside their targets in the progress sheet.
    assert progress_sheet["C4"].value == "重点项目：102个（已完成50个）\n完成投资：128亿元"


def test_progress_sheet_colours_each_status(progress_sheet) -> None:
    for row in range(4, 4 + len(STATUSES)):
        cell = progress_sheet.cell(row, PROGRESS_HEADERS.index("状态") + 1)
        status = TaskStatus(cell.value)
        expected = STATUS_COLOURS[status].lstrip("#").upper()
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith(expected)
    assert {progress_sheet.cell(r, 11).value for r in range(4, 11)} == {s.value for s in STATUSES}


def test_progress_sheet_styles_wrap_border_and_fonts(progress_sheet) -> None:
    text = progress_sheet["B4"]
    assert text.alignment.wrap_text
    assert text.border.left.style == "thin"
    assert text.font.name == "宋体"
    assert progress_sheet["B3"].font.bold
    assert progress_sheet["A1"].font.size == 16
    # Style objects are shared: one named style per kind of cell, not one per cell.
    assert text.style == progress_sheet["B5"].style == "督查-文本"


def test_progress_sheet_freeze_filter_and_print_setup(progress_sheet) -> None:
    assert progress_sheet.freeze_panes == "C4"
    assert progress_sheet.auto_filter.ref == "A3:M10"
    setup = progress_sheet.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9
    assert int(setup.fitToWidth) == 1
    assert int(setup.fitToHeight) == 0
    assert progress_sheet.sheet_properties.pageSetUpPr.fitToPage
    assert progress_sheet.print_title_rows == "$3:$3"
    assert "&P" in progress_sheet.oddFooter.center.text


def test_progress_sheet_widths_and_row_heights_fit_the_text(progress_sheet) -> None:
    widths = {c: progress_sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLM"}
    assert widths["A"] < widths["D"] < widths["B"]
    assert widths["B"] >= 30
    # 牵头单位 is fitted to its longest name (6 CJK characters = 12 units, plus padding).
    assert 12 <= widths["E"] <= 18
    # The task text needs three lines at this width: the row is tall enough to show them.
    assert progress_sheet.row_dimensions[4].height >= 3 * 13.5


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    task = make_task(
        1,
        progress_text='=HYPERLINK("http://x","点我")',
        problems="+1 资金",
        next_steps="-2 项",
        leader="@张",
    )
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    sheet = load_workbook(path).active
    for coordinate, text in (
        ("I4", '=HYPERLINK("http://x","点我")'),
        ("L4", "+1 资金"),
        ("M4", "-2 项"),
        ("D4", "@张"),
    ):
        assert sheet[coordinate].value == text
        assert sheet[coordinate].data_type == "s"
        assert sheet[coordinate].quotePrefix


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    task = make_task(1, progress_text="第一\x07行\x00")
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    assert load_workbook(path).active["I4"].value == "第一行"


def test_empty_task_list_gives_a_sheet_with_header_only(tmp_path: Path) -> None:
    path = write_progress_sheet(HEADER, [], tmp_path / "p.xlsx")
    sheet = load_workbook(path).active
    assert sheet.max_row == 3
    assert "共0项任务" in sheet["A2"].value


def test_missing_values_give_blank_cells(tmp_path: Path) -> None:
    task = make_task(
        1, deadline=None, time_progress=None, percent_done=None, status=None, indicators=0
    )
    path = write_progress_sheet(HEADER, [task], tmp_path / "p.xlsx")
    row = [cell.value for cell in load_workbook(path).active[4]]
    assert [row[i] for i in (2, 6, 7, 9, 10)] == [None] * 5


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
    assert load_workbook(target).active.max_row == 5
