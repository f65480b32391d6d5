"""Round trip, the preview of returned files: what each planned report records (cases a
mutation run found unchecked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.orm import Session

from supervisor.db.models import Department
from supervisor.errors import ValidationError
from supervisor.reports.fillin_format import (
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    MAX_REPORTER_LENGTH,
    META_KEYS,
    META_SHEET,
    TASK_SHEET,
    Severity,
    column_number,
    meta_digest,
)
from supervisor.reports.xlsx_returned import read_fillin_workbook
from supervisor.services import departments, progress, roundtrip
from supervisor.services.identity import set_accepts_unsealed, stored_seal_key
from supervisor.services.roundtrip.changes import EMPTY
from tests.services.test_roundtrip import (
    ACTOR,
    DEVELOPMENT,
    INDUSTRY,
    LABOUR,
    PERIOD,
    Seeded,
    _task_rows,
    export,
    fill,
    preview_of,
    seed_plan,
)


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed plan of the round-trip tests (four assigned tasks)."""
    return seed_plan(session, seed_report)


def test_a_unit_renamed_since_the_export_reports_under_its_new_name(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(
        files[LABOUR],
        {seeded.labour.code: {"percent": 50, "progress_text": "推进中", "reporter": "李明"}},
    )
    departments.rename_department(session, LABOUR, "市人力资源和社会保障局", actor=ACTOR)
    session.commit()
    (item,) = preview_of(session, seeded, returned).files
    assert item.errors == ()
    assert item.department == LABOUR  # as written in the file
    (report,) = item.reports
    assert report.reporter == "李明（市人力资源和社会保障局）"


def test_only_rows_refused_on_the_task_sheet_are_left_out_of_the_preview(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, own = seeded.shared.code, seeded.own.code
    path = fill(
        files[DEVELOPMENT],
        {
            # Refused by the reader: no further hint (such as "only 存在问题") for this row.
            shared: {"percent": "大约一半", "problems": "缺资金"},
            own: {"percent": 30, "progress_text": "方案已起草"},
        },
    )
    rows = _task_rows(load_workbook(path)[TASK_SHEET])
    # A refused cell of the indicator sheet on the row number of the good task row.
    workbook = load_workbook(path)
    workbook[INDICATOR_SHEET].cell(
        rows[own], column_number(INDICATOR_COLUMNS, "actual")
    ).value = "很多"
    workbook.save(path)
    (item,) = preview_of(session, seeded, path).files
    errors = [(i.sheet, i.row) for i in item.errors]
    assert errors == [(TASK_SHEET, rows[shared]), (INDICATOR_SHEET, rows[own])], item.errors
    assert [(r.code, r.row, r.percent) for r in item.reports] == [(own, rows[own], 30.0)]


def test_a_row_without_progress_is_skipped_and_the_rows_after_it_are_still_read(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, own = seeded.shared.code, seeded.own.code
    path = fill(
        files[DEVELOPMENT],
        {shared: {"reporter": "李明"}, own: {"percent": 30, "progress_text": "方案已起草"}},
    )
    rows = _task_rows(load_workbook(path)[TASK_SHEET])
    assert rows[shared] < rows[own]
    (item,) = preview_of(session, seeded, path).files
    skipped = [i.row for i in item.warnings if "没有进展内容，该行不导入" in i.message]
    assert skipped == [rows[shared]]
    assert [(r.code, r.row) for r in item.reports] == [(own, rows[own])]


def test_a_row_dated_after_today_does_not_stop_the_rows_after_it(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, own = seeded.shared.code, seeded.own.code
    path = fill(
        files[DEVELOPMENT],
        {
            shared: {"percent": 40, "progress_text": "推进", "report_date": dt.date(2020, 7, 4)},
            own: {"percent": 30, "progress_text": "起草", "report_date": dt.date(2020, 7, 2)},
        },
    )
    rows = _task_rows(load_workbook(path)[TASK_SHEET])
    assert rows[shared] < rows[own]
    preview = roundtrip.preview_returned(
        session, seeded.plan_id, [path], period=PERIOD, today=dt.date(2020, 7, 3)
    )
    (item,) = preview.files
    assert [i.message for i in item.errors] == [
        f"文件“{path.name}” 工作表“{TASK_SHEET}” 第{rows[shared]}行“填报日期”列："
        "填报日期 2020-07-04 晚于今天"
    ]
    assert [(r.code, r.report_date) for r in item.reports] == [(own, dt.date(2020, 7, 2))]


def test_a_stored_report_of_the_same_day_is_not_flagged_as_newer(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # The returned row is added after it, so it becomes the day's latest report.
    progress.add_progress(session, seeded.own.id, report_date="2020-07-02", percent=20, actor=ACTOR)
    session.commit()
    files = export(session, seeded.plan_id, tmp_path / "out")
    path = fill(
        files[DEVELOPMENT],
        {
            seeded.own.code: {
                "percent": 30,
                "progress_text": "起草",
                "report_date": dt.date(2020, 7, 2),
            }
        },
    )
    (item,) = preview_of(session, seeded, path).files
    assert item.issues == ()
    assert [r.code for r in item.reports] == [seeded.own.code]


def test_a_co_units_row_of_only_a_percent_is_skipped_and_the_rows_after_it_are_read(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, led = seeded.shared.code, seeded.industry.code
    path = fill(
        files[INDUSTRY],
        {shared: {"percent": 50}, led: {"percent": 30, "progress_text": "推进"}},
    )
    rows = _task_rows(load_workbook(path)[TASK_SHEET])
    assert rows[shared] < rows[led]
    (item,) = preview_of(session, seeded, path).files
    assert [i.message for i in item.warnings if i.column == "完成进度（%）"] == [
        f"文件“{path.name}” 工作表“{TASK_SHEET}” 第{rows[shared]}行“完成进度（%）”列："
        f"“{INDUSTRY}”是任务“{shared}”的配合单位，完成进度由牵头单位填报，"
        "该行只填写了完成进度，不导入"
    ]
    assert [(r.code, r.role) for r in item.reports] == [(led, "牵头")]


def test_a_row_without_a_reporter_in_a_file_without_contact_cells_names_the_unit(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # Files of versions 1 and 2 have no 联系人 cell to stand in for a missing 填报人.
    set_accepts_unsealed(session, True)
    session.commit()
    files = export(session, seeded.plan_id, tmp_path / "out")
    path = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    meta = read_fillin_workbook(path, seal_key=stored_seal_key(session)).meta
    assert meta is not None
    workbook = load_workbook(path)
    sheet = workbook[META_SHEET]
    rows = {key: row for row, (key, _label) in enumerate(META_KEYS, 1)}
    sheet.cell(rows["format_version"], 2).value = 1
    for key in ("database_id", "return_by", "contact_row"):
        sheet.cell(rows[key], 1).value = None
        sheet.cell(rows[key], 2).value = None
    old = replace(meta, format_version=1, database_id="", return_by=None, contact_row=None)
    sheet.cell(rows["digest"], 2).value = meta_digest(old)
    workbook.save(path)
    (item,) = preview_of(session, seeded, path).files
    assert item.errors == ()
    assert item.contact == {}
    (report,) = item.reports
    assert report.reporter == LABOUR


def test_a_reporter_of_the_longest_length_allowed_is_accepted(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    longest = "张" * MAX_REPORTER_LENGTH
    typed = {"percent": 50, "progress_text": "推进中", "reporter": longest}
    (item,) = preview_of(session, seeded, fill(files[LABOUR], {seeded.labour.code: typed})).files
    assert item.errors == ()
    (report,) = item.reports
    assert report.reporter == f"{longest}（{LABOUR}）"


def test_a_preview_names_its_plan_and_each_files_period_and_export_time(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    path = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    meta = read_fillin_workbook(path, seal_key=stored_seal_key(session)).meta
    assert meta is not None
    preview = preview_of(session, seeded, path)
    assert (preview.plan_id, preview.plan_title) == (seeded.plan_id, "2020年石嘴山市政府工作报告")
    (item,) = preview.files
    assert (item.department, item.period_label, item.exported_at) == (
        LABOUR,
        "2020年第27周",
        meta.exported_at,
    )


def test_the_files_refusals_and_warnings_are_given_in_full(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValidationError) as error:
        roundtrip.preview_returned(session, seeded.plan_id, empty)
    assert str(error.value) == "没有找到要导入的填报表（.xlsx 文件）"
    files = export(session, seeded.plan_id, tmp_path / "out")

    def issues(path: Path, today: dt.date | None = None) -> list[tuple[Severity, str]]:
        preview = roundtrip.preview_returned(
            session, seeded.plan_id, [path], period=PERIOD, today=today
        )
        return [(i.severity, i.message) for i in preview.files[0].issues]

    # Nothing filled in.
    assert issues(files[INDUSTRY]) == [
        (Severity.ERROR, f"文件“{files[INDUSTRY].name}”：没有填写任何任务的进展，请填写后再报送")
    ]
    # The period has not begun (on its first day it has).
    typed = {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}}
    path = fill(files[LABOUR], typed)
    assert (
        Severity.ERROR,
        f"文件“{path.name}”：报送期2020年第27周尚未开始，不能导入",
    ) in issues(path, dt.date(2020, 6, 28))
    assert [m for _s, m in issues(path, dt.date(2020, 6, 29)) if "尚未开始" in m] == []
    # A second file of a unit for the period.
    preview = roundtrip.preview_returned(session, seeded.plan_id, [path], period=PERIOD)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    again = fill(path, {seeded.labour.code: {"percent": 55}}, target=tmp_path / "更正.xlsx")
    assert (
        Severity.WARNING,
        f"文件“更正.xlsx”：本单位本期已导入过填报表“{path.name}”，本次导入将另行记录进展，"
        "同一日期以本次为最新",
    ) in issues(again)
    # A unit no longer in the database.
    session.execute(update(Department).where(Department.name == LABOUR).values(name="已撤销"))
    session.commit()
    assert (
        Severity.ERROR,
        f"文件“更正.xlsx”：填报单位“{LABOUR}”在系统中不存在（可能已改名或删除），"
        "请重新导出该单位的填报表",
    ) in issues(again)


def test_files_of_one_import_reporting_on_different_tasks_are_not_flagged(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    typed = {"percent": 50, "progress_text": "推进中"}
    development = fill(files[DEVELOPMENT], {seeded.own.code: typed, seeded.shared.code: typed})
    labour = fill(files[LABOUR], {seeded.labour.code: typed})
    preview = preview_of(session, seeded, development, labour)
    assert [(len(item.reports), item.issues) for item in preview.files] == [(2, ()), (1, ())]
    # Neither task was reported before: every value changes from empty (the shared task's
    # report, the plan's only one, is not theirs).
    unreported = [
        (r, f.department) for f in preview.files for r in f.reports if r.code != seeded.shared.code
    ]
    assert [(r.code, unit) for r, unit in unreported] == [
        (seeded.own.code, DEVELOPMENT),
        (seeded.labour.code, LABOUR),
    ]
    for report, unit in unreported:
        assert [(c.field, c.old, c.new) for c in report.changes] == [
            ("report_date", EMPTY, "2020-07-05"),
            ("percent", EMPTY, "50"),
            ("progress_text", EMPTY, "推进中"),
            ("reporter", EMPTY, unit),
        ]
    # The shared task's changes start from its report of 22 June.
    (shared,) = [r for r in preview.files[0].reports if r.code == seeded.shared.code]
    assert [(c.field, c.old, c.new) for c in shared.changes] == [
        ("report_date", "2020-06-22", "2020-07-05"),
        ("percent", "10", "50"),
        ("progress_text", "已启动前期工作", "推进中"),
        ("problems", "资金到位慢", EMPTY),
        ("reporter", "王芳", DEVELOPMENT),
    ]
