"""Round trip, the preview of returned files: what each planned report records (cases a
mutation run found unchecked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from supervisor.reports.fillin_format import (
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    TASK_SHEET,
    column_number,
)
from supervisor.services import departments
from tests.services.test_roundtrip import (
    ACTOR,
    DEVELOPMENT,
    LABOUR,
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
