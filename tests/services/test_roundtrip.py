"""Department fill-in round trip on the seed plan: export, fill in, preview, apply; bad returns."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from supervisor.db.models import (
    AuditEntry,
    Department,
    IndicatorActual,
    ProgressReport,
    ReturnedWorkbook,
)
from supervisor.errors import ConflictError, DuplicateError, ValidationError
from supervisor.reports.errors import ReportCancelled
from supervisor.reports.fillin_format import (
    FIRST_DATA_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    META_KEYS,
    META_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    column_number,
    meta_digest,
)
from supervisor.reports.xlsx_returned import read_fillin_workbook
from supervisor.services import (
    assignment,
    audit,
    departments,
    plans,
    progress,
    roundtrip,
    tasks,
)
from supervisor.services.database import Database, open_database
from supervisor.services.identity import set_accepts_unsealed, stored_identity, stored_seal_key
from supervisor.services.status import task_states

ACTOR = "测试员"
PERIOD = "2020-W27"  # 29 June – 5 July 2020
EARLIER = "2020-W26"
DEVELOPMENT, INDUSTRY, LABOUR = "市发展改革委", "市工业和信息化局", "市人力资源社会保障局"


@dataclass(frozen=True)
class Leaf:
    """A leaf task of the seed plan as a department sees it in its workbook."""

    id: int
    code: str
    indicators: tuple[tuple[int, str], ...]  # (id, name)


@dataclass(frozen=True)
class Seeded:
    """The seed plan: four leaf tasks assigned to three departments, one reported earlier.

    shared: led by 发展改革委, supported by 工业和信息化局; reported 10 % on 22 June.
    own: led by 发展改革委. industry: led by 工业和信息化局. labour: led by 人社局.
    """

    plan_id: int
    shared: Leaf
    own: Leaf
    industry: Leaf
    labour: Leaf


def seed_plan(session: Session, report: Path) -> Seeded:
    """Import the seed report, assign four leaf tasks, report on one of them in week 26."""
    plan = plans.import_report(session, report, actor=ACTOR)
    for name in (DEVELOPMENT, INDUSTRY, LABOUR):
        departments.add_department(session, name, actor=ACTOR)
    leaves = task_states(session, plan.id, as_of=dt.date(2020, 6, 30), leaves_only=True)
    shared = next(s for s in leaves if len(s.indicators) >= 2)
    own, industry, labour = [s for s in leaves if s.task_id != shared.task_id][:3]
    assignment.assign(
        session, [shared.task_id], actor=ACTOR, lead=DEVELOPMENT, co=[INDUSTRY], leader="张副市长"
    )
    assignment.assign(session, [own.task_id], actor=ACTOR, lead=DEVELOPMENT)
    assignment.assign(session, [industry.task_id], actor=ACTOR, lead=INDUSTRY)
    assignment.assign(session, [labour.task_id], actor=ACTOR, lead=LABOUR)
    progress.add_progress(
        session,
        shared.task_id,
        actor=ACTOR,
        report_date="2020-06-22",
        percent=10,
        actuals={shared.indicators[0].id: 12},
        progress_text="已启动前期工作",
        problems="资金到位慢",
        reporter="王芳",
    )
    session.commit()

    def leaf(state: Any) -> Leaf:
        return Leaf(state.task_id, state.code, tuple((i.id, i.name) for i in state.indicators))

    return Seeded(plan.id, leaf(shared), leaf(own), leaf(industry), leaf(labour))


@pytest.fixture
def seeded(session: Session, seed_report: Path) -> Seeded:
    """The seed plan with four assigned tasks (see Seeded)."""
    return seed_plan(session, seed_report)


def export(session: Session, plan_id: int, folder: Path, period: str = PERIOD) -> dict[str, Path]:
    """Export the fill-in workbooks into ``folder``; department → its workbook."""
    result = roundtrip.export_fillin_workbooks(session, plan_id, folder, period=period)
    return {item.department: folder / item.file_name for item in result.workbooks}


def _task_rows(sheet: Any) -> dict[str, int]:
    code = column_number(TASK_COLUMNS, "code")
    return {
        str(sheet.cell(row, code).value): row
        for row in range(FIRST_DATA_ROW, sheet.max_row + 1)
        if sheet.cell(row, code).value is not None
    }


def fill(
    path: Path,
    rows: Mapping[str, Mapping[str, Any]],
    actuals: Mapping[tuple[str, str], Any] | None = None,
    *,
    target: Path | None = None,
) -> Path:
    """Type into the input cells with openpyxl, as a department does in Excel.

    Args:
        path: The exported workbook.
        rows: Task code → {column key → value typed}.
        actuals: (task code, indicator name) → value typed in 本期完成值.
        target: Where to save (default: over ``path``).
    """
    workbook = load_workbook(path)
    sheet = workbook[TASK_SHEET]
    found = _task_rows(sheet)
    for code, typed in rows.items():
        for key, value in typed.items():
            column = TASK_COLUMNS[column_number(TASK_COLUMNS, key) - 1]
            assert column.is_input, key
            sheet.cell(found[code], column_number(TASK_COLUMNS, key)).value = value
    indicators = workbook[INDICATOR_SHEET]
    code_col = column_number(INDICATOR_COLUMNS, "code")
    name_col = column_number(INDICATOR_COLUMNS, "name")
    actual_col = column_number(INDICATOR_COLUMNS, "actual")
    for (code, name), value in (actuals or {}).items():
        row = next(
            r
            for r in range(FIRST_DATA_ROW, indicators.max_row + 1)
            if indicators.cell(r, code_col).value == code
            and indicators.cell(r, name_col).value == name
        )
        indicators.cell(row, actual_col).value = value
    destination = target or path
    workbook.save(destination)
    return destination


def counts(session: Session) -> tuple[int, int, int]:
    """Rows of progress reports, indicator actuals and imported workbooks."""
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model))
        for model in (ProgressReport, IndicatorActual, ReturnedWorkbook)
    )


def messages(preview: roundtrip.ReturnPreview) -> str:
    """Every error message of a preview, one per line."""
    return "\n".join(issue.message for item in preview.files for issue in item.errors)


def assert_refused(session: Session, preview: roundtrip.ReturnPreview, expected: str) -> None:
    """The preview names the error; applying it fails and leaves the database as it was."""
    assert expected in messages(preview), messages(preview)
    before = counts(session)
    with pytest.raises(ValidationError, match="存在错误，本次未导入任何内容"):
        roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.rollback()
    assert counts(session) == before


def typical(seeded: Seeded) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], Any]]:
    """What 发展改革委 types: both its tasks, two indicator actuals of the shared one."""
    first, second = seeded.shared.indicators[:2]
    rows = {
        seeded.shared.code: {
            "percent": 45,
            "progress_text": "已完成立项审批，开工建设3个项目",
            "problems": "征地进度偏慢",
            "next_steps": "协调自然资源部门加快征地",
            "reporter": "李明",
            "report_date": dt.date(2020, 7, 1),
        },
        seeded.own.code: {"percent": 30, "progress_text": "方案已起草"},
    }
    actuals = {(seeded.shared.code, first[1]): 60, (seeded.shared.code, second[1]): 7.5}
    return rows, actuals


@pytest.fixture
def typical_return(session: Session, seeded: Seeded, tmp_path: Path) -> Path:
    """发展改革委's workbook for PERIOD, exported into tmp_path/out and filled in as ``typical``."""
    files = export(session, seeded.plan_id, tmp_path / "out")
    return fill(files[DEVELOPMENT], *typical(seeded))


def preview_of(session: Session, seeded: Seeded, *paths: Path) -> roundtrip.ReturnPreview:
    """Preview returned files against the seed plan as returns of PERIOD."""
    return roundtrip.preview_returned(session, seeded.plan_id, list(paths), period=PERIOD)


# --- export -----------------------------------------------------------------------------------


def test_export_writes_one_workbook_per_department_with_its_tasks(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    result = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, tmp_path / "out", period=PERIOD
    )
    assert result.period.key == PERIOD
    assert result.as_of == dt.date(2020, 7, 5)
    assert sorted(item.department for item in result.workbooks) == sorted(
        [DEVELOPMENT, INDUSTRY, LABOUR]
    )
    assert sorted(p.name for p in result.paths) == sorted(i.file_name for i in result.workbooks)
    expected = {
        DEVELOPMENT: {seeded.shared.code, seeded.own.code},
        INDUSTRY: {seeded.shared.code, seeded.industry.code},
        LABOUR: {seeded.labour.code},
    }
    for item in result.workbooks:
        workbook = load_workbook(tmp_path / "out" / item.file_name)
        assert set(_task_rows(workbook[TASK_SHEET])) == expected[item.department]
        assert workbook[META_SHEET].sheet_state == "veryHidden"
        assert workbook[TASK_SHEET].protection.sheet
    assert any("尚未分工到单位" in warning for warning in result.warnings)


def test_export_into_a_zip_and_for_chosen_departments(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    target = tmp_path / "填报表.zip"
    result = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, target, period=PERIOD, departments=[LABOUR]
    )
    assert result.paths == (target,)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [result.workbooks[0].file_name]
    assert LABOUR in result.workbooks[0].file_name


def test_export_refuses_a_department_without_tasks_and_an_xlsx_target(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    departments.add_department(session, "市审计局", actor=ACTOR)
    with pytest.raises(ValidationError, match="没有牵头或配合的任务"):
        roundtrip.export_fillin_workbooks(
            session, seeded.plan_id, tmp_path / "out", period=PERIOD, departments=["市审计局"]
        )
    with pytest.raises(ValidationError, match=r"文件夹或 \.zip"):
        roundtrip.export_fillin_workbooks(session, seeded.plan_id, tmp_path / "a.xlsx")
    assert not (tmp_path / "out").exists()


def test_cancelled_export_writes_no_zip(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        roundtrip.export_fillin_workbooks(
            session, seeded.plan_id, tmp_path / "x.zip", period=PERIOD, cancel=cancel
        )
    assert not (tmp_path / "x.zip").exists()


# --- the round trip -----------------------------------------------------------------------------


def test_round_trip_stores_what_the_department_typed(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    rows, actuals = typical(seeded)
    returned = fill(files[DEVELOPMENT], rows, actuals)
    before = counts(session)

    preview = roundtrip.preview_returned(session, seeded.plan_id, [returned])
    assert counts(session) == before
    assert preview.period.key == PERIOD  # taken from the file
    (item,) = preview.files
    assert not item.errors, messages(preview)
    assert item.department == DEVELOPMENT
    by_task = {report.task_id: report for report in item.reports}
    assert set(by_task) == {seeded.shared.id, seeded.own.id}
    changes = {change.field: change for change in by_task[seeded.shared.id].changes}
    assert (changes["percent"].old, changes["percent"].new) == ("10", "45")
    first_id = seeded.shared.indicators[0][0]
    assert (changes[f"indicator:{first_id}"].old, changes[f"indicator:{first_id}"].new) == (
        "12",
        "60",
    )
    assert changes["problems"].old == "资金到位慢"
    assert changes["reporter"].new == f"李明（{DEVELOPMENT}）"
    assert by_task[seeded.shared.id].role == "牵头"

    result = roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    assert result.reports == 2
    assert result.files[0].department == DEVELOPMENT

    latest = {
        info.task_id: info
        for info in progress.latest_progress(session, seeded.plan_id, as_of=dt.date(2020, 7, 5))
    }
    shared = latest[seeded.shared.id]
    assert shared.percent == 45
    assert shared.report_date == dt.date(2020, 7, 1)
    assert shared.period == PERIOD
    assert shared.progress_text == "已完成立项审批，开工建设3个项目"
    assert shared.problems == "征地进度偏慢"
    assert shared.next_steps == "协调自然资源部门加快征地"
    assert shared.reporter == f"李明（{DEVELOPMENT}）"
    assert shared.created_by == ACTOR
    assert {a.indicator_id: a.value for a in shared.actuals} == {
        seeded.shared.indicators[0][0]: 60,
        seeded.shared.indicators[1][0]: 7.5,
    }
    own = latest[seeded.own.id]
    # No date typed: the report is dated on the period's last day (the state 截至本期末).
    assert (own.percent, own.report_date, own.reporter) == (30, dt.date(2020, 7, 5), DEVELOPMENT)

    stored = session.scalars(select(ReturnedWorkbook)).one()
    assert (stored.file_hash, stored.period, stored.imported_by) == (item.sha256, PERIOD, ACTOR)
    assert stored.department_id == departments.find_department(session, DEVELOPMENT).id
    history = audit.task_history(session, seeded.shared.id)
    entries = [(h.action, h.field, h.new_value) for h in history[-4:]]
    # The report names the unit that returned the file (the lead unit here).
    assert ("progress", "department", DEVELOPMENT) in entries
    assert [e for e in entries if e[1] != "department"] == [
        ("progress", "percent", "45.0"),
        ("progress", "actual", "60.0"),
        ("progress", "actual", "7.5"),
    ]
    assert (
        session.scalar(
            select(func.count()).where(
                AuditEntry.entity == "returned_workbook", AuditEntry.actor == ACTOR
            )
        )
        == 1
    )
    assert set(roundtrip.missing_returns(session, seeded.plan_id, PERIOD)) == {INDUSTRY, LABOUR}


def test_export_prints_the_return_deadline_and_the_preview_names_the_contact(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    default = export(session, seeded.plan_id, tmp_path / "out")
    chosen = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, tmp_path / "later", period=PERIOD, return_by="2020-07-06"
    )
    # A week's files are due on its Friday unless the office names another day.
    assert "报送截止：2020年7月3日" in load_workbook(default[LABOUR])[TASK_SHEET]["A2"].value
    later = load_workbook(tmp_path / "later" / chosen.workbooks[0].file_name)[TASK_SHEET]
    assert "报送截止：2020年7月6日" in later["A2"].value
    with pytest.raises(ValidationError, match="早于报送期"):
        roundtrip.export_fillin_workbooks(
            session, seeded.plan_id, tmp_path / "x", period=PERIOD, return_by="2020-06-01"
        )

    rows = {seeded.labour.code: {"percent": 30, "progress_text": "已开工"}}  # no 填报人 typed
    returned = fill(default[LABOUR], rows)
    workbook = load_workbook(returned)
    sheet = workbook[TASK_SHEET]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "联系人")
    sheet.cell(row, 3).value = "赵强"
    sheet.cell(row, 6).value = "13900000000"
    sheet.cell(row, 9).value = "孙局长"
    workbook.save(returned)

    preview = preview_of(session, seeded, returned)

    (item,) = preview.files
    assert not item.errors, messages(preview)
    assert dict(item.contact) == {"contact": "赵强", "phone": "13900000000", "reviewer": "孙局长"}
    (report,) = item.reports
    assert report.reporter == f"赵强（{LABOUR}）"  # the contact reported the row


def test_previous_columns_show_the_state_when_the_period_began(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # A report inside week 27 is this period's news, not 上期, even when exported afterwards.
    progress.add_progress(
        session,
        seeded.shared.id,
        actor=ACTOR,
        report_date="2020-06-30",
        percent=40,
        progress_text="本周新进展",
    )
    session.commit()

    files = export(session, seeded.plan_id, tmp_path / "out")

    sheet = load_workbook(files[DEVELOPMENT])[TASK_SHEET]
    row = _task_rows(sheet)[seeded.shared.code]
    previous_text = sheet.cell(row, column_number(TASK_COLUMNS, "previous_text")).value
    previous_percent = sheet.cell(row, column_number(TASK_COLUMNS, "previous_percent")).value
    assert previous_text == "已启动前期工作"  # reported on 22 June, in week 26
    assert previous_percent == pytest.approx(0.10)


def test_missing_returns_lists_departments_until_they_return(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    assert set(roundtrip.missing_returns(session, seeded.plan_id, PERIOD)) == {
        DEVELOPMENT,
        INDUSTRY,
        LABOUR,
    }
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    preview = roundtrip.preview_returned(session, seeded.plan_id, tmp_path / "out", period=PERIOD)
    roundtrip.apply_returned(session, preview, actor=ACTOR, only_clean=True)
    session.commit()
    assert returned.name in {item.file_name for item in preview.clean_files}
    assert set(roundtrip.missing_returns(session, seeded.plan_id, PERIOD)) == {
        DEVELOPMENT,
        INDUSTRY,
    }
    # Another period is still missing for everyone.
    assert len(roundtrip.missing_returns(session, seeded.plan_id, "2020-W28")) == 3


def test_a_co_unit_reports_its_contribution_and_never_the_leads_percent(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    sheet = load_workbook(files[INDUSTRY])[TASK_SHEET]
    row = _task_rows(sheet)[seeded.shared.code]
    # In the co-unit's workbook the 完成进度 cell of a task it supports is locked.
    assert sheet.cell(row, column_number(TASK_COLUMNS, "percent")).protection.locked
    lead_day, co_day = dt.date(2020, 7, 2), dt.date(2020, 7, 3)
    lead = fill(files[DEVELOPMENT], {seeded.shared.code: {"percent": 40, "report_date": lead_day}})
    # A workbook edited around its protection: the co-unit's percent is not taken.
    co = fill(
        files[INDUSTRY],
        {seeded.shared.code: {"percent": 95, "progress_text": "配合完成", "report_date": co_day}},
    )
    preview = preview_of(session, seeded, lead, co)
    assert not preview.has_errors, messages(preview)
    warnings = [i.message for item in preview.files for i in item.warnings]
    assert any("是任务" in m and "的配合单位，完成进度由牵头单位填报" in m for m in warnings)
    (co_report,) = next(item for item in preview.files if item.department == INDUSTRY).reports
    assert (co_report.role, co_report.percent) == ("配合", None)

    result = roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()

    assert result.reports == 2
    stored = session.scalars(
        select(ProgressReport).where(ProgressReport.task_id == seeded.shared.id)
    ).all()
    units = {r.report_date: r.department_id for r in stored}
    assert units[co_day] == departments.find_department(session, INDUSTRY).id
    # The co-unit's later report is its contribution: 完成进度 stays the lead's 40 %.
    (state,) = task_states(session, seeded.plan_id, as_of=co_day, task_ids=[seeded.shared.id])
    assert state.percent_done == pytest.approx(0.40)


def test_only_clean_applies_the_good_files_and_skips_the_bad(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    good = fill(files[LABOUR], {seeded.labour.code: {"percent": 20, "progress_text": "推进中"}})
    bad = fill(files[INDUSTRY], {seeded.industry.code: {"percent": 120}})
    preview = preview_of(session, seeded, good, bad)
    assert [item.file_name for item in preview.error_files] == [bad.name]
    result = roundtrip.apply_returned(session, preview, actor=ACTOR, only_clean=True)
    session.commit()
    assert [item.file_name for item in result.files] == [good.name]
    assert result.skipped == (bad.name,)
    assert counts(session) == (2, 1, 1)


def test_a_row_with_only_reporter_and_date_is_skipped_with_a_warning(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(
        files[DEVELOPMENT],
        {
            seeded.shared.code: {"percent": 50},
            seeded.own.code: {"reporter": "李明", "report_date": dt.date(2020, 7, 1)},
        },
    )
    preview = preview_of(session, seeded, returned)
    (item,) = preview.files
    assert not item.errors
    assert [report.task_id for report in item.reports] == [seeded.shared.id]
    assert any("没有进展内容" in issue.message for issue in item.warnings)


# --- bad returns: each is refused and leaves the database as it was ----------------------------


def test_the_same_file_is_not_applied_twice(
    session: Session, seeded: Seeded, typical_return: Path, tmp_path: Path
) -> None:
    first = preview_of(session, seeded, typical_return)
    roundtrip.apply_returned(session, first, actor=ACTOR)
    session.commit()
    copy = shutil.copy(typical_return, tmp_path / "再次报送.xlsx")

    again = preview_of(session, seeded, copy)
    assert_refused(session, again, "导入过")


def test_the_same_file_twice_in_one_import_is_refused(
    session: Session, seeded: Seeded, typical_return: Path, tmp_path: Path
) -> None:
    copy = shutil.copy(typical_return, tmp_path / "副本.xlsx")
    preview = preview_of(session, seeded, typical_return, copy)
    assert not preview.files[0].errors
    assert_refused(session, preview, "内容完全相同")


def test_a_renamed_sheet_is_refused(session: Session, seeded: Seeded, typical_return: Path) -> None:
    workbook = load_workbook(typical_return)
    workbook[TASK_SHEET].title = "进展"
    workbook.save(typical_return)
    preview = preview_of(session, seeded, typical_return)
    assert_refused(session, preview, f"找不到工作表“{TASK_SHEET}”")


def test_a_deleted_row_is_refused(session: Session, seeded: Seeded, typical_return: Path) -> None:
    workbook = load_workbook(typical_return)
    sheet = workbook[TASK_SHEET]
    sheet.delete_rows(_task_rows(sheet)[seeded.shared.code])
    workbook.save(typical_return)
    preview = preview_of(session, seeded, typical_return)
    assert_refused(session, preview, f"找不到任务“{seeded.shared.code}”")


def test_text_in_a_number_cell_is_refused(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    rows, actuals = typical(seeded)
    rows[seeded.shared.code]["percent"] = "大约一半"
    returned = fill(files[DEVELOPMENT], rows, actuals)
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, "应填写数字，实为“大约一半”")


def test_a_percent_over_100_is_refused(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    rows, actuals = typical(seeded)
    rows[seeded.own.code]["percent"] = 120
    returned = fill(files[DEVELOPMENT], rows, actuals)
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, "完成进度须在 0 到 100 之间，实为 120")


def test_a_task_reassigned_to_another_department_is_refused(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    assignment.assign(session, [seeded.own.id], actor=ACTOR, lead=LABOUR)
    session.commit()
    preview = preview_of(session, seeded, typical_return)
    assert_refused(session, preview, f"不属于“{DEVELOPMENT}”（现由“{LABOUR}”负责）")


def test_a_file_of_another_plan_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    other = plans.create_plan(
        session, title="2020年领导批示事项", year=2020, source="领导批示", actor=ACTOR
    )
    task = tasks.add_task(session, other.id, title="推进老旧小区改造", actor=ACTOR)
    assignment.assign(session, [task.id], actor=ACTOR, lead=DEVELOPMENT)
    session.commit()
    files = export(session, other.id, tmp_path / "other")
    returned = fill(files[DEVELOPMENT], {task.code: {"percent": 50, "progress_text": "已开工"}})
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, "属于另一个计划（“2020年领导批示事项”")


def test_exported_workbooks_name_this_database(
    session: Session, database: Database, seeded: Seeded, tmp_path: Path
) -> None:
    identity = stored_identity(session)
    assert identity
    assert len(identity) == 32
    files = export(session, seeded.plan_id, tmp_path / "out")
    for path in files.values():
        meta = read_fillin_workbook(path, seal_key=stored_seal_key(session)).meta
        assert meta is not None
        assert meta.database_id == identity
    again = open_database(database.url)  # opening again keeps the identity
    try:
        with again.sessions() as other:
            assert stored_identity(other) == identity
    finally:
        again.close()


def test_a_file_of_another_database_is_refused(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    # A second installation that imported the same report numbers its plan and tasks alike.
    ours = seed_plan(session, seed_report)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        with other.sessions() as other_session:
            theirs = seed_plan(other_session, seed_report)
            assert (theirs.plan_id, theirs.shared, theirs.own) == (
                ours.plan_id,
                ours.shared,
                ours.own,
            )
            files = export(other_session, theirs.plan_id, tmp_path / "other")
    finally:
        other.close()
    returned = fill(files[DEVELOPMENT], *typical(ours))
    preview = preview_of(session, ours, returned)
    assert preview.files[0].reports == ()
    assert_refused(session, preview, "不是从本数据库导出的")


def _as_version_1(path: Path, key: bytes | None) -> Path:
    """Rewrite a workbook's metadata as version 1 wrote it: no identity, no seal."""
    meta = read_fillin_workbook(path, seal_key=key).meta
    assert meta is not None
    workbook = load_workbook(path)
    sheet = workbook[META_SHEET]
    rows = {key: row for row, (key, _label) in enumerate(META_KEYS, 1)}
    sheet.cell(rows["format_version"], 2).value = 1
    sheet.cell(rows["database_id"], 1).value = None
    sheet.cell(rows["database_id"], 2).value = None
    old = replace(meta, format_version=1, database_id="")
    sheet.cell(rows["digest"], 2).value = meta_digest(old)
    workbook.save(path)
    return path


def test_a_version_1_file_applies_with_a_warning_while_the_office_allows(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    set_accepts_unsealed(session, True)
    preview = preview_of(session, seeded, _as_version_1(typical_return, stored_seal_key(session)))
    assert messages(preview) == ""
    warnings = [issue.message for issue in preview.files[0].warnings]
    assert any("旧版本程序导出，无法核对是否出自本数据库" in w for w in warnings), warnings
    before = counts(session)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    assert counts(session)[0] == before[0] + 2


def test_a_file_of_another_period_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out", period=EARLIER)
    returned = fill(files[DEVELOPMENT], *typical(seeded))
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, "当前导入的报送期为“2020年第27周”")


def test_a_file_older_than_the_task_is_refused(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    task = tasks.get_task(session, seeded.shared.id)
    tasks.edit_task(session, task.id, expected_version=task.version, actor=ACTOR, leader="李副市长")
    session.commit()
    preview = preview_of(session, seeded, typical_return)
    assert_refused(session, preview, "在导出填报表后已被修改")


def test_a_file_that_is_not_xlsx_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    text = tmp_path / "进展.xlsx"
    text.write_text("这不是表格", encoding="utf-8")
    preview = preview_of(session, seeded, text)
    assert_refused(session, preview, "不是 Excel .xlsx 文件")


def test_an_empty_return_is_refused(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    preview = roundtrip.preview_returned(session, seeded.plan_id, [files[LABOUR]], period=PERIOD)
    assert_refused(session, preview, "没有填写任何任务的进展")


def test_a_row_with_only_problems_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"problems": "人手不足"}})
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, "只填写了存在问题或下步打算")


def test_a_task_changed_between_preview_and_apply_is_a_conflict(
    database: Database, session: Session, seeded: Seeded, typical_return: Path
) -> None:
    preview = preview_of(session, seeded, typical_return)
    assert not preview.has_errors, messages(preview)
    before = counts(session)
    session.commit()
    # Another user edits the task in the meantime.
    with database.sessions.begin() as other:
        task = tasks.get_task(other, seeded.own.id)
        tasks.edit_task(other, task.id, expected_version=task.version, actor="另一用户", code="9.9")
    with pytest.raises(ConflictError, match="在预览后已被他人修改"):
        roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.rollback()
    assert counts(session) == before


def test_preview_without_files_and_a_cancelled_read(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValidationError, match="没有找到要导入的填报表"):
        roundtrip.preview_returned(session, seeded.plan_id, empty)
    files = export(session, seeded.plan_id, tmp_path / "out")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelled):
        roundtrip.preview_returned(session, seeded.plan_id, list(files.values()), cancel=cancel)


def test_a_file_of_a_department_renamed_since_export_still_applies(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    departments.rename_department(session, LABOUR, "市人力资源和社会保障局", actor=ACTOR)
    session.commit()
    preview = preview_of(session, seeded, returned)
    assert not preview.has_errors
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    latest = {
        info.task_id: info
        for info in progress.latest_progress(session, seeded.plan_id, as_of=dt.date(2020, 7, 5))
    }
    assert latest[seeded.labour.id].percent == 50
    assert (
        roundtrip.missing_returns(session, seeded.plan_id, PERIOD).count("市人力资源和社会保障局")
        == 0
    )


def test_a_file_of_an_unknown_department_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进中"}})
    # Changed behind the services' back (no alias kept), as another tool might do.
    session.execute(update(Department).where(Department.name == LABOUR).values(name="已撤销的单位"))
    session.commit()
    preview = preview_of(session, seeded, returned)
    assert_refused(session, preview, f"填报单位“{LABOUR}”在系统中不存在")


def test_a_date_after_today_is_refused(session: Session, seeded: Seeded, tmp_path: Path) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    typed = {"percent": 50, "progress_text": "推进中", "report_date": dt.date(2020, 7, 3)}
    returned = fill(files[LABOUR], {seeded.labour.code: typed})
    preview = roundtrip.preview_returned(
        session, seeded.plan_id, [returned], period=PERIOD, today=dt.date(2020, 7, 1)
    )
    assert_refused(session, preview, "填报日期 2020-07-03 晚于今天")


def test_a_date_outside_the_period_is_recorded_on_its_last_day(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    typed = {"percent": 50, "progress_text": "推进中", "report_date": dt.date(2020, 7, 6)}
    returned = fill(files[LABOUR], {seeded.labour.code: typed})
    preview = preview_of(session, seeded, returned)
    (item,) = preview.files
    assert not item.errors, messages(preview)
    assert any("不在报送期2020年第27周" in issue.message for issue in item.warnings)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    (report,) = progress.task_progress(session, seeded.labour.id)
    assert (report.report_date, report.period) == (dt.date(2020, 7, 5), PERIOD)


def test_a_file_imported_between_preview_and_apply_is_a_duplicate(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    first = preview_of(session, seeded, typical_return)
    second = preview_of(session, seeded, typical_return)
    roundtrip.apply_returned(session, first, actor=ACTOR)
    session.commit()
    before = counts(session)
    with pytest.raises(DuplicateError, match="同一文件不会导入两次"):
        roundtrip.apply_returned(session, second, actor=ACTOR)
    session.rollback()
    assert counts(session) == before


def test_preview_reports_progress_per_file(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    export(session, seeded.plan_id, tmp_path / "out")
    seen: list[tuple[int, int]] = []
    preview = roundtrip.preview_returned(
        session, seeded.plan_id, tmp_path / "out", period=PERIOD, progress=lambda *a: seen.append(a)
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(preview.files) == 3


def test_a_corrected_file_of_the_same_period_is_applied_with_a_warning(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    typed = {"percent": 50, "progress_text": "推进中", "report_date": dt.date(2020, 7, 2)}
    first = fill(files[LABOUR], {seeded.labour.code: typed})
    preview = preview_of(session, seeded, first)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    corrected = fill(
        first, {seeded.labour.code: {**typed, "percent": 55}}, target=tmp_path / "更正.xlsx"
    )
    preview = preview_of(session, seeded, corrected)
    (item,) = preview.files
    assert not item.errors, messages(preview)
    assert any(f"已导入过填报表“{first.name}”" in issue.message for issue in item.warnings)
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    reports = progress.task_progress(session, seeded.labour.id)
    assert [report.percent for report in reports] == [55, 50]
    assert counts(session)[2] == 2
