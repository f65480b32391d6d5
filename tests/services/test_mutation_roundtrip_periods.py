"""Round trip, the period: the one a preview takes from its files (most files, the latest on
a tie, a month's file), the default period of "who has not returned", and returns counted per
plan (cases a mutation run found unchecked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    column_number,
)
from supervisor.services import assignment, plans, progress, roundtrip, tasks
from supervisor.services.settings import set_setting
from tests.services.test_roundtrip import (
    ACTOR,
    DEVELOPMENT,
    EARLIER,
    INDUSTRY,
    LABOUR,
    PERIOD,
    Seeded,
    _task_rows,
    export,
    fill,
    seed_plan,
)


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed plan of the round-trip tests (four assigned tasks)."""
    return seed_plan(session, seed_report)


def _inferred(session: Session, seeded: Seeded, *paths: Path) -> str:
    """The key of the period a preview without a named period takes."""
    return roundtrip.preview_returned(session, seeded.plan_id, list(paths)).period.key


def test_a_preview_takes_the_period_most_files_were_exported_for_the_latest_on_a_tie(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    week_27 = export(session, seeded.plan_id, tmp_path / "27", period=PERIOD)
    week_26 = export(session, seeded.plan_id, tmp_path / "26", period=EARLIER)
    # Two files of week 26 against one of week 27 (listed first): week 26.
    assert _inferred(session, seeded, week_27[LABOUR], week_26[DEVELOPMENT], week_26[INDUSTRY]) == (
        EARLIER
    )
    # One each (week 26 listed first): the later week.
    assert _inferred(session, seeded, week_26[DEVELOPMENT], week_27[LABOUR]) == PERIOD


def test_a_months_file_is_previewed_for_its_month_and_counts_as_returned_for_the_default(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # A monthly office exports for the default period: the current month moved into the
    # plan's year (December 2020 for any day after 2020).
    set_setting(session, "reporting_period", "month", actor=ACTOR)
    session.commit()
    result = roundtrip.export_fillin_workbooks(session, seeded.plan_id, tmp_path / "out")
    month = result.period.key
    assert month == "2020-M12"
    files = {item.department: tmp_path / "out" / item.file_name for item in result.workbooks}
    # Another month's file is previewed for its month, not the default.
    july = export(session, seeded.plan_id, tmp_path / "july", period="2020-M07")
    assert _inferred(session, seeded, july[LABOUR]) == "2020-M07"
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    preview = roundtrip.preview_returned(session, seeded.plan_id, [returned])
    assert preview.period.key == month
    assert not preview.has_errors, [i.message for f in preview.files for i in f.errors]
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    assert roundtrip.missing_returns(session, seeded.plan_id, None) == [DEVELOPMENT, INDUSTRY]
    # Every unit for another month, in the export's order (by name).
    assert roundtrip.missing_returns(session, seeded.plan_id, "2020-M11") == [
        LABOUR,
        DEVELOPMENT,
        INDUSTRY,
    ]


def test_a_return_counts_for_its_own_plan_only(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    preview = roundtrip.preview_returned(session, seeded.plan_id, [returned], period=PERIOD)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    # A second plan of the same year where 人社局 leads a task too.
    other = plans.create_plan(
        session, title="2020年民生实事", year=2020, source="其他", actor=ACTOR
    )
    task = tasks.add_task(session, other.id, title="新增城镇就业", actor=ACTOR)
    assignment.assign(session, [task.id], actor=ACTOR, lead=LABOUR)
    session.commit()
    assert roundtrip.missing_returns(session, seeded.plan_id, PERIOD) == [DEVELOPMENT, INDUSTRY]
    assert roundtrip.missing_returns(session, other.id, PERIOD) == [LABOUR]
    # Its workbook of the other plan is its first return there: no "returned before".
    theirs = export(session, other.id, tmp_path / "other")[LABOUR]
    theirs = fill(theirs, {task.code: {"percent": 20, "progress_text": "开展招聘"}})
    (item,) = roundtrip.preview_returned(session, other.id, [theirs], period=PERIOD).files
    assert item.errors == ()
    assert [i.message for i in item.warnings if "已导入过" in i.message] == []


def test_the_previous_columns_are_blank_for_a_task_unreported_before_the_period(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # 上期 of the shared task: its report of 22 June (10 %, one actual of 12), not the one
    # within the period; of the task never reported before the period: nothing, even after
    # a report within the period.
    progress.add_progress(
        session,
        seeded.own.id,
        actor=ACTOR,
        report_date="2020-06-30",
        percent=40,
        progress_text="本周新进展",
    )
    progress.add_progress(
        session,
        seeded.shared.id,
        actor=ACTOR,
        report_date="2020-07-01",
        actuals={seeded.shared.indicators[0][0]: 15},
        progress_text="本周新进展",
    )
    session.commit()
    workbook = load_workbook(export(session, seeded.plan_id, tmp_path / "out")[DEVELOPMENT])
    sheet = workbook[TASK_SHEET]
    rows = _task_rows(sheet)

    def previous(code: str, key: str) -> object:
        return sheet.cell(rows[code], column_number(TASK_COLUMNS, key)).value

    assert previous(seeded.shared.code, "previous_text") == "已启动前期工作"
    assert previous(seeded.shared.code, "previous_percent") == pytest.approx(0.10)
    assert previous(seeded.own.code, "previous_text") in (None, "")
    assert previous(seeded.own.code, "previous_percent") is None
    indicators = workbook[INDICATOR_SHEET]
    code, name, actual = (
        column_number(INDICATOR_COLUMNS, key) for key in ("code", "name", "previous_actual")
    )
    found = {
        (indicators.cell(r, code).value, indicators.cell(r, name).value): indicators.cell(
            r, actual
        ).value
        for r in range(FIRST_DATA_ROW, indicators.max_row + 1)
        if indicators.cell(r, code).value is not None
    }
    expected = {(seeded.shared.code, n): None for _i, n in seeded.shared.indicators}
    expected |= {(seeded.own.code, n): None for _i, n in seeded.own.indicators}
    expected[(seeded.shared.code, seeded.shared.indicators[0][1])] = 12
    assert found == expected


def test_a_return_of_an_earlier_period_is_not_a_return_of_this_one(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    typed = {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}}
    earlier = fill(export(session, seeded.plan_id, tmp_path / "26", period=EARLIER)[LABOUR], typed)
    preview = roundtrip.preview_returned(session, seeded.plan_id, [earlier], period=EARLIER)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    this = fill(export(session, seeded.plan_id, tmp_path / "27", period=PERIOD)[LABOUR], typed)
    (item,) = roundtrip.preview_returned(session, seeded.plan_id, [this], period=PERIOD).files
    assert item.errors == ()
    assert [i.message for i in item.warnings if "已导入过" in i.message] == []
    assert LABOUR in roundtrip.missing_returns(session, seeded.plan_id, PERIOD)
