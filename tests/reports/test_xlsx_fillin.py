"""Department fill-in workbooks read back: locked and open cells, validation, hidden metadata."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.datetime import to_excel
from xlsx_fixtures import DEPARTMENT, OTHER_DEPARTMENT, make_spec, make_task, task_cell

from supervisor.reports.data import IndicatorRow
from supervisor.reports.errors import ReportCancelled, ReportWriteError
from supervisor.reports.fillin_format import CONTACT_FIELDS as FIELDS
from supervisor.reports.fillin_format import FIRST_DATA_ROW
from supervisor.reports.xlsx_fillin import (
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    META_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    fillin_file_name,
    write_fillin_workbook,
    write_fillin_workbooks,
)


@pytest.fixture
def workbook(tmp_path: Path):
    return load_workbook(write_fillin_workbook(make_spec(), tmp_path / "填报表.xlsx"))


def _validations(sheet) -> dict[str, object]:
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def test_previous_percent_is_only_what_the_unit_reported(tmp_path) -> None:
    # Progress derived from indicator actuals was never typed by the unit: not "上期".
    derived_only = make_task(1, percent_done=0.5, reported_percent=None)
    path = write_fillin_workbook(make_spec((derived_only,)), tmp_path / "f.xlsx")
    sheet = load_workbook(path)[TASK_SHEET]
    assert sheet[task_cell("previous_percent", 0)].value is None


def test_sheets_order_and_the_metadata_sheet_is_very_hidden(workbook) -> None:
    assert workbook.sheetnames == [TASK_SHEET, INDICATOR_SHEET, META_SHEET]
    assert workbook[TASK_SHEET].sheet_state == "visible"
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    assert workbook[META_SHEET].protection.sheet
    assert workbook.security.lockStructure


def test_task_sheet_shows_the_departments_tasks(workbook) -> None:
    sheet = workbook[TASK_SHEET]
    assert "2020年市政府工作报告" in sheet["A1"].value
    assert DEPARTMENT in sheet["A2"].value
    assert "2020年第12周" in sheet["A2"].value
    assert tuple(c.value for c in sheet[3]) == tuple(c.header for c in TASK_COLUMNS)
    assert [sheet[task_cell("code", i)].value for i in range(3)] == ["2.1", "2.2", "2.3"]
    assert [sheet[task_cell("role", i)].value for i in range(3)] == ["牵头", "牵头", "配合"]
    assert sheet[task_cell("deadline", 0)].value == dt.datetime(2020, 12, 31)
    assert sheet[task_cell("time_progress", 0)].number_format == "0.0%"
    assert sheet[task_cell("previous_percent", 0)].value == pytest.approx(0.3)
    # Below the table: the contact cells (two rows down) and nothing else.
    assert sheet.max_row == 8
    assert [sheet.cell(8, c).value for c in (1, 4, 8)] == ["联系人", "联系电话", "单位负责人审核"]
    # Nothing is prefilled: an untouched row must read as "not reported".
    assert sheet[task_cell("percent", 0)].value is None
    assert sheet[task_cell("progress_text", 0)].value is None


def test_description_cells_are_locked_and_input_cells_open(workbook) -> None:
    sheet = workbook[TASK_SHEET]
    assert sheet.protection.sheet
    for column in TASK_COLUMNS:
        cell = sheet[task_cell(column.key, 1)]
        assert cell.protection.locked is not column.is_input, column.header
    assert sheet["A1"].protection.locked
    indicators = workbook[INDICATOR_SHEET]
    assert indicators.protection.sheet
    assert indicators["G4"].protection.locked
    assert not indicators["H4"].protection.locked
    assert indicators["H4"].number_format == "General"


def test_input_columns_carry_validation_and_hints(workbook) -> None:
    validations = _validations(workbook[TASK_SHEET])
    percent = validations["I4:I6"]
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert percent.showErrorMessage
    assert percent.showInputMessage
    assert "0 到 100" in percent.prompt
    assert percent.errorStyle == "stop"
    for sqref in ("J4:J6", "K4:K6", "L4:L6"):
        assert validations[sqref].type == "textLength"
        assert validations[sqref].prompt
    reporter = validations["M4:M6"]
    assert reporter.type == "list"
    assert reporter.formula1 == '"李明,王芳"'
    assert reporter.errorStyle == "warning"
    date = validations["N4:N6"]
    assert date.type == "date"
    assert int(date.formula1) == to_excel(dt.date(2019, 1, 1))
    assert int(date.formula2) == to_excel(dt.date(2021, 12, 31))
    assert workbook[TASK_SHEET][task_cell("report_date", 0)].number_format == "yyyy-mm-dd"


def test_reporter_without_contacts_is_free_text(tmp_path: Path) -> None:
    path = write_fillin_workbook(make_spec(contacts=()), tmp_path / "f.xlsx")
    reporter = _validations(load_workbook(path)[TASK_SHEET])["M4:M6"]
    assert reporter.type == "textLength"


def test_indicator_sheet_lists_every_indicator_with_a_number_validation(workbook) -> None:
    sheet = workbook[INDICATOR_SHEET]
    assert tuple(c.value for c in sheet[3]) == tuple(c.header for c in INDICATOR_COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, values_only=False)]
    assert [(r[1], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("2.1", "重点项目", "102个", "个", 50),
        ("2.1", "完成投资", "128亿元", "亿元", None),
        ("2.2", "重点项目", "102个", "个", 50),
        ("2.3", "重点项目", "102个", "个", 50),
        ("2.3", "完成投资", "128亿元", "亿元", None),
    ]
    actual = _validations(sheet)["H4:H8"]
    assert actual.type == "decimal"
    assert float(actual.formula1) < 0 < float(actual.formula2)


def test_metadata_names_plan_department_period_tasks_versions_indicators(workbook) -> None:
    rows = list(workbook[META_SHEET].iter_rows(values_only=True))
    pairs = {row[0]: row[1] for row in rows if row[0]}
    assert pairs["计划编号"] == 7
    assert pairs["填报单位"] == DEPARTMENT
    assert pairs["报送期"] == "2020年第12周"
    assert pairs["起始日期"] == "2020-03-16"
    assert pairs["截止日期"] == "2020-03-22"
    assert len(pairs["校验值"]) == 64
    tasks = [row[3:6] for row in rows[1:] if row[3] is not None]
    assert tasks == [(4, 1, 1), (5, 2, 1), (6, 3, 1)]
    indicators = [row[10:13] for row in rows[1:] if row[10] is not None]
    assert indicators == [(4, 10, 1), (5, 11, 1), (6, 20, 2), (7, 30, 3), (8, 31, 3)]


def test_print_setup_and_frozen_panes(workbook) -> None:
    sheet = workbook[TASK_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "D4"
    # Rows leave room for typed text and show the whole task description.
    assert sheet.row_dimensions[4].height >= 3 * 13.5


def test_formula_like_task_text_is_written_as_text(tmp_path: Path) -> None:
    task = make_task(1, title="=cmd|' /C calc'!A0", text="")
    path = write_fillin_workbook(make_spec((task,)), tmp_path / "f.xlsx")
    cell = load_workbook(path)[TASK_SHEET][task_cell("task", 0)]
    assert cell.value.startswith("2.1 =cmd|' /C calc'!A0\n目标：")
    code_first = make_task(1, code="", title="=1+1", text="")
    path = write_fillin_workbook(make_spec((code_first,)), tmp_path / "g.xlsx")
    cell = load_workbook(path)[TASK_SHEET][task_cell("task", 0)]
    assert cell.value.startswith("=1+1\n")
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_indicator_without_id_is_refused(tmp_path: Path) -> None:
    bare = IndicatorRow("投资", "1亿元", 1, None, "亿元", "=")
    task = replace(make_task(1, indicators=0), indicators=(bare,))
    with pytest.raises(ValueError, match="indicator_id"):
        write_fillin_workbook(make_spec((task,)), tmp_path / "f.xlsx")


def test_duplicate_task_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate task ids"):
        write_fillin_workbook(make_spec((make_task(1), make_task(1))), tmp_path / "f.xlsx")


def test_one_workbook_per_department_into_a_folder(tmp_path: Path) -> None:
    other = make_spec(department=OTHER_DEPARTMENT, tasks=(make_task(3, lead=OTHER_DEPARTMENT),))
    calls: list[tuple[int, int]] = []
    written = write_fillin_workbooks(
        [make_spec(), other], tmp_path / "填报表", progress=lambda *a: calls.append(a)
    )
    assert [p.name for p in written] == [
        "2020年第12周_市发展改革委_重点任务填报表.xlsx",
        "2020年第12周_市财政局_重点任务填报表.xlsx",
    ]
    assert all(p.parent == tmp_path / "填报表" for p in written)
    assert calls == [(1, 2), (2, 2)]
    assert load_workbook(written[1])[TASK_SHEET][task_cell("code", 0)].value == "2.3"


def test_all_workbooks_into_one_zip(tmp_path: Path) -> None:
    other = make_spec(department=OTHER_DEPARTMENT)
    (archive,) = write_fillin_workbooks([make_spec(), other], tmp_path / "填报表.zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        data = opened.read(names[1])
    assert names == [fillin_file_name(make_spec()), fillin_file_name(other)]
    assert load_workbook(io.BytesIO(data))[META_SHEET]["B5"].value == OTHER_DEPARTMENT


def test_cancelled_zip_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        write_fillin_workbooks([make_spec()], folder / "a.zip", cancel=cancel)
    assert list(folder.iterdir()) == []


def test_unsafe_characters_in_names_are_replaced(tmp_path: Path) -> None:
    spec = make_spec(department='市"发改"/委:*', period_label="第12周?")
    assert fillin_file_name(spec) == "第12周_市_发改_委_重点任务填报表.xlsx"


def test_same_department_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="share a file name"):
        write_fillin_workbooks([make_spec(), make_spec()], tmp_path / "out")


def test_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportWriteError, match="无法创建文件夹"):
        write_fillin_workbooks([make_spec()], blocker / "sub")


# --- what a department clerk needs on the sheet -------------------------------------------------


def test_the_note_says_by_when_how_to_return_and_what_time_progress_means(tmp_path: Path) -> None:
    spec = make_spec(return_by=dt.date(2020, 3, 20), office_name="石嘴山市人民政府督查室")
    sheet = load_workbook(write_fillin_workbook(spec, tmp_path / "f.xlsx"))[TASK_SHEET]

    note = sheet["A2"].value
    assert "报送截止：2020年3月20日" in note
    assert "请于2020年3月20日前将本文件报送石嘴山市人民政府督查室" in note
    assert "序时进度：截至本期末已过去的时间占任务完成时限的比例" in note
    assert "单位负责人审核" in note
    # The note row is tall enough for its lines at the sheet's width.
    assert sheet.row_dimensions[2].height >= 4 * 14


def test_last_periods_progress_is_shown_read_only_beside_this_periods_cells(workbook) -> None:
    sheet = workbook[TASK_SHEET]
    previous = sheet[task_cell("previous_text", 0)]
    assert previous.value == "已完成前期手续办理。"
    assert previous.protection.locked
    assert not sheet[task_cell("progress_text", 0)].protection.locked
    headers = [c.header for c in TASK_COLUMNS]
    assert headers.index("上期进展") + 2 == headers.index("进展情况")


def test_contact_and_reviewer_cells_are_open_and_validated(workbook) -> None:
    sheet = workbook[TASK_SHEET]
    row = FIRST_DATA_ROW + 3 + 1  # three tasks, one blank row
    labels = {sheet.cell(row, label).value: first for _k, _l, label, _ll, first, _f in FIELDS}
    assert set(labels) == {"联系人", "联系电话", "单位负责人审核"}
    for first in labels.values():
        assert not sheet.cell(row, first).protection.locked
    rules = {
        str(rule.sqref): rule
        for rule in sheet.data_validations.dataValidation
        if str(rule.sqref).endswith(str(row))
    }
    phone = rules[f"F{row}"]
    assert (phone.type, phone.operator, phone.formula1, phone.formula2) == (
        "textLength",
        "between",
        "7",
        "25",
    )
    assert rules[f"C{row}"].type == "textLength"
    assert f"F{row}:G{row}" in {str(r) for r in sheet.merged_cells.ranges}
