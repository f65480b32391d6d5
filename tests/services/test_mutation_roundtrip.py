"""Round trip: what a returned row changes, its date and reporter, and the row hints of a
preview in full (cases a mutation run found unchecked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, Department, ProgressReport
from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.errors import NotFoundError, ValidationError
from supervisor.reports.fillin_format import TASK_SHEET, Severity
from supervisor.reports.xlsx_returned import ReturnedTaskRow, read_fillin_workbook
from supervisor.services import progress, roundtrip
from supervisor.services.identity import stored_seal_key
from supervisor.services.periods import default_as_of, period_of
from supervisor.services.roundtrip.changes import (
    EMPTY,
    Latest,
    changes,
    has_content,
    report_date,
    reporter_of,
)
from supervisor.services.roundtrip.export import _return_by
from supervisor.services.settings import set_setting
from supervisor.services.status import task_states
from tests.services.conftest import ACTOR, Office
from tests.services.test_roundtrip import (
    DEVELOPMENT,
    INDUSTRY,
    LABOUR,
    _task_rows,
    export,
    fill,
    preview_of,
    seed_plan,
)

WEEK = period_of(dt.date(2020, 7, 1))  # 29 June – 5 July 2020
INDICATORS = {10: ("重点项目", "个"), 11: ("完成率", "")}


def _row(**values: object) -> ReturnedTaskRow:
    return ReturnedTaskRow(row=7, task_id=3, version=1, code="2.1", **values)  # type: ignore[arg-type]


def test_changes_list_each_value_that_differs_from_the_latest_report() -> None:
    latest = Latest(
        percent=40.0,
        progress_text="开工",
        problems="缺资金",
        next_steps="",
        reporter="王芳（市发展改革委）",
        report_date=dt.date(2020, 6, 22),
        actuals={10: 12.0, 11: 0.5},
    )
    row = _row(
        percent=45.5,
        progress_text="开工",
        problems="",
        next_steps="加快",
        indicator_actuals={11: 0.5, 10: 20.0, 12: 3.0},
    )
    found = changes(row, latest, INDICATORS, dt.date(2020, 7, 3), "王芳（市发展改革委）")
    assert [(c.field, c.label, c.old, c.new) for c in found] == [
        ("report_date", "报送日期", "2020-06-22", "2020-07-03"),
        ("percent", "完成进度（%）", "40", "45.5"),
        ("indicator:10", "指标“重点项目”（个）", "12", "20"),
        ("indicator:12", "指标“编号 12”", EMPTY, "3"),
        ("problems", "存在问题", "缺资金", EMPTY),
        ("next_steps", "下步打算", EMPTY, "加快"),
    ]


def test_changes_against_no_report_start_from_empty() -> None:
    found = changes(
        _row(percent=0.0, progress_text="启动"), None, INDICATORS, dt.date(2020, 7, 1), "李明"
    )
    assert [(c.field, c.old, c.new) for c in found] == [
        ("report_date", EMPTY, "2020-07-01"),
        ("percent", EMPTY, "0"),
        ("progress_text", EMPTY, "启动"),
        ("reporter", EMPTY, "李明"),
    ]
    # The same percent and nothing else new: only the date.
    same = changes(_row(percent=40.0), Latest(percent=40.0), {}, dt.date(2020, 7, 1), "")
    assert [c.field for c in same] == ["report_date"]


def test_the_reporter_names_the_unit_within_100_characters() -> None:
    assert reporter_of("王芳", "市发展改革委") == "王芳（市发展改革委）"
    assert reporter_of("", "市发展改革委") == "市发展改革委"
    unit = "局" * 90
    assert reporter_of("王" * 8, unit) == "王" * 8 + f"（{unit}）"  # exactly 100
    assert reporter_of("王" * 9, unit) == "王" * 9  # 101: the name alone
    assert reporter_of("王" * 120, "局") == "王" * 100


def test_a_report_is_dated_within_its_period() -> None:
    today = dt.date(2020, 12, 31)

    def dated(typed: dt.date | None, when: dt.date = today) -> tuple:
        issues: list = []
        day = report_date("a.xlsx", _row(report_date=typed), WEEK, when, 2020, issues)
        return day, [(i.severity, i.message) for i in issues]

    # Typed within the period (either end included): as typed, no message.
    assert dated(dt.date(2020, 6, 29)) == (dt.date(2020, 6, 29), [])
    assert dated(dt.date(2020, 7, 5)) == (dt.date(2020, 7, 5), [])
    # Nothing typed: the period's last day, or today while the period runs.
    assert dated(None) == (dt.date(2020, 7, 5), [])
    assert dated(None, dt.date(2020, 7, 2)) == (dt.date(2020, 7, 2), [])
    # Typed outside the period: its last day, with a warning.
    day, issues = dated(dt.date(2020, 7, 6))
    assert day == dt.date(2020, 7, 5)
    assert issues == [
        (
            Severity.WARNING,
            "文件“a.xlsx” 工作表“任务进展” 第7行“填报日期”列："
            "填报日期 2020-07-06 不在报送期2020年第27周（2020-06-29至2020-07-05）内，"
            "按 2020-07-05 记录",
        )
    ]
    assert dated(dt.date(2020, 6, 28))[0] == dt.date(2020, 7, 5)
    # After today: refused; today itself is fine.
    day, issues = dated(dt.date(2020, 7, 3), dt.date(2020, 7, 2))
    assert day is None
    assert issues == [
        (
            Severity.ERROR,
            "文件“a.xlsx” 工作表“任务进展” 第7行“填报日期”列：填报日期 2020-07-03 晚于今天",
        )
    ]
    assert dated(dt.date(2020, 7, 2), dt.date(2020, 7, 2))[0] == dt.date(2020, 7, 2)


def test_a_row_has_content_with_a_percent_an_actual_or_a_text() -> None:
    assert has_content(_row(percent=0.0))
    assert has_content(_row(indicator_actuals={10: 0.0}))
    assert has_content(_row(progress_text="推进中"))
    assert not has_content(_row(problems="缺资金", next_steps="加快", reporter="李明"))


# --- a whole preview: each row hint in full, where it stands ---------------------------------


def _rows_of(path: Path) -> dict[str, int]:
    """Task code → its row in the exported task sheet."""
    return _task_rows(load_workbook(path, read_only=False)[TASK_SHEET])


def _located(path: Path, row: int, text: str, column: str | None = None) -> str:
    where = f"第{row}行" + (f"“{column}”列" if column else "")
    return f"文件“{path.name}” 工作表“{TASK_SHEET}” {where}：{text}"


def test_row_hints_name_the_file_the_row_and_the_task(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, own = seeded.shared.code, seeded.own.code
    development = fill(
        files[DEVELOPMENT], {own: {"problems": "缺资金"}, shared: {"reporter": "李明"}}
    )
    rows = _rows_of(development)
    (item,) = preview_of(session, seeded, development).files

    assert [i.message for i in item.errors] == [
        _located(
            development,
            rows[own],
            f"任务“{own}”只填写了存在问题或下步打算，请同时填写完成进度、指标完成值或进展情况",
        )
    ]
    assert _located(
        development, rows[shared], f"任务“{shared}”只填写了填报人或日期，没有进展内容，该行不导入"
    ) in [i.message for i in item.warnings]
    assert item.reports == ()


def test_a_co_units_percent_is_dropped_and_its_text_kept(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared = seeded.shared.code
    industry = fill(files[INDUSTRY], {shared: {"percent": 50, "progress_text": "配合完成用地"}})
    row = _rows_of(industry)[shared]
    (item,) = preview_of(session, seeded, industry).files

    assert item.errors == ()
    assert _located(
        industry,
        row,
        f"“{INDUSTRY}”是任务“{shared}”的配合单位，完成进度由牵头单位填报，"
        "本单位填写的完成进度不导入，进展情况作为配合情况记录",
        "完成进度（%）",
    ) in [i.message for i in item.warnings]
    (report,) = item.reports
    title = next(
        s.title
        for s in task_states(session, seeded.plan_id, as_of=dt.date(2020, 7, 5))
        if s.task_id == seeded.shared.id
    )
    assert (report.task_id, report.code, report.title, report.role, report.row) == (
        seeded.shared.id,
        shared,
        title,
        "配合",
        row,
    )
    assert (report.percent, report.progress_text, report.reporter) == (
        None,
        "配合完成用地",
        INDUSTRY,
    )


def test_a_report_older_than_the_stored_one_is_flagged(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    progress.add_progress(
        session, seeded.own.id, report_date="2020-07-04", percent=20, actor="测试员"
    )
    session.commit()
    files = export(session, seeded.plan_id, tmp_path / "out")
    own = seeded.own.code
    development = fill(
        files[DEVELOPMENT],
        {own: {"percent": 25, "report_date": dt.date(2020, 7, 1), "reporter": "张" * 51}},
    )
    row = _rows_of(development)[own]
    (item,) = preview_of(session, seeded, development).files

    assert [i.message for i in item.errors] == [
        _located(development, row, "填报人过长（51 字，最多 50 字）", "填报人")
    ]
    assert _located(
        development,
        row,
        f"任务“{own}”在系统中已有 2020-07-04 的进展报送，本次按 2020-07-01 记录，不会成为最新进展",
    ) in [i.message for i in item.warnings]


def test_an_applied_file_is_recorded_and_audited(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    files = export(session, seeded.plan_id, tmp_path / "out")
    shared, own = seeded.shared.code, seeded.own.code
    development = fill(
        files[DEVELOPMENT],
        {own: {"percent": 30, "progress_text": "方案已起草"}, shared: {"percent": 45}},
    )
    preview = preview_of(session, seeded, development)

    result = roundtrip.apply_returned(session, preview, actor="王五")
    session.commit()

    (applied,) = result.files
    assert (applied.file_name, applied.department, result.reports) == (
        development.name,
        DEVELOPMENT,
        2,
    )
    assert (result.plan_id, result.period.key, result.skipped) == (seeded.plan_id, "2020-W27", ())
    (stored,) = session.scalars(select(ReturnedWorkbookRow)).all()
    development_id = session.scalar(select(Department.id).where(Department.name == DEVELOPMENT))
    assert (stored.file_name, stored.plan_id, stored.department_id, stored.period) == (
        development.name,
        seeded.plan_id,
        development_id,
        "2020-W27",
    )
    assert stored.imported_by == "王五"
    (entry,) = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "returned_workbook")
    ).all()
    assert (entry.actor, entry.action, entry.entity_id, entry.field, entry.new_value) == (
        "王五",
        "import",
        stored.id,
        "file",
        f"{DEVELOPMENT} 2020年第27周 {development.name}",
    )
    added = session.scalars(
        select(ProgressReport).where(ProgressReport.id.in_(applied.report_ids))
    ).all()
    assert sorted((r.task_id, r.percent, r.created_by) for r in added) == sorted(
        [(seeded.own.id, 30.0, "王五"), (seeded.shared.id, 45.0, "王五")]
    )


def test_the_return_deadline_defaults_to_friday_or_the_months_end() -> None:
    assert _return_by(None, WEEK) == dt.date(2020, 7, 3)  # the week's Friday
    assert _return_by(None, period_of(dt.date(2020, 2, 10), "month")) == dt.date(2020, 2, 29)
    assert _return_by("2020-06-29", WEEK) == dt.date(2020, 6, 29)  # its first day is fine
    assert _return_by(dt.date(2020, 7, 20), WEEK) == dt.date(2020, 7, 20)
    with pytest.raises(ValidationError, match=r"^报送截止日期格式应为"):
        _return_by("2020-02-30", WEEK)
    with pytest.raises(
        ValidationError,
        match="报送截止日期 2020-06-28 早于报送期2020年第27周的开始日期 2020-06-29",
    ):
        _return_by("2020-06-28", WEEK)


def test_the_export_names_each_workbook_with_its_counts_and_plan(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    result = roundtrip.export_fillin_workbooks(
        session, seeded.plan_id, tmp_path / "out", period="2020-W27"
    )

    assert (result.plan_id, result.period.key, result.as_of) == (
        seeded.plan_id,
        "2020-W27",
        dt.date(2020, 7, 5),
    )
    shared, own = len(seeded.shared.indicators), len(seeded.own.indicators)
    counts = {(w.department, w.tasks, w.indicators) for w in result.workbooks}
    assert counts == {
        (DEVELOPMENT, 2, shared + own),
        (INDUSTRY, 2, shared + len(seeded.industry.indicators)),
        (LABOUR, 1, len(seeded.labour.indicators)),
    }
    for workbook in result.workbooks:
        book = read_fillin_workbook(
            tmp_path / "out" / workbook.file_name, seal_key=stored_seal_key(session)
        )
        assert book.meta is not None
        assert (book.meta.plan_id, book.meta.department) == (seeded.plan_id, workbook.department)
        assert len(book.meta.tasks) == workbook.tasks


def test_the_default_period_is_the_offices_kind_within_the_plans_year(
    session: Session, office: Office
) -> None:
    # Only the command line calls default_period (its tests are outside mutmut's selection).
    weekly = roundtrip.default_period(session, office.plan_id)
    assert weekly == period_of(default_as_of(2020), "week")
    assert weekly.start.year == 2020 or weekly.end.year == 2020
    set_setting(session, "reporting_period", "month", actor=ACTOR)
    monthly = roundtrip.default_period(session, office.plan_id)
    assert monthly == period_of(default_as_of(2020), "month")
    assert monthly.label != weekly.label
    with pytest.raises(NotFoundError, match="9999"):
        roundtrip.default_period(session, 9999)
