"""Round trip, applying a preview: the refusals in full (the files' errors listed, a task
changed or deleted since the preview, a date far from the plan's year) and the version check
of more tasks than one query batch (cases a mutation run found unchecked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from supervisor.db.models import ProgressReport, Task
from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.errors import ConflictError, DuplicateError, ValidationError
from supervisor.reports.fillin_format import LEAD, TASK_SHEET, Severity, file_issue
from supervisor.reports.xlsx_returned import ReturnedTaskRow
from supervisor.services import progress, roundtrip, tasks
from supervisor.services.database import Database
from supervisor.services.periods import period_of
from supervisor.services.roundtrip import apply as apply_module
from supervisor.services.roundtrip.apply import _check_versions
from supervisor.services.roundtrip.changes import (
    latest_reports,
    newest_report_dates,
    report_date,
)
from supervisor.services.roundtrip.preview import FilePreview, PlannedReport, ReturnPreview
from tests.services.conftest import ACTOR, Office
from tests.services.test_roundtrip import (
    DEVELOPMENT,
    INDUSTRY,
    LABOUR,
    export,
    fill,
    preview_of,
    seed_plan,
)

WEEK = period_of(dt.date(2020, 7, 1))  # 29 June – 5 July 2020


def _file(name: str, *errors: str, department: str = DEVELOPMENT) -> FilePreview:
    """A previewed file with these error texts (none: a clean file without reports)."""
    return FilePreview(
        path=Path(name),
        sha256=None,
        department=department,
        department_id=None,
        period_label=WEEK.label,
        exported_at=None,
        reports=(),
        issues=tuple(file_issue(name, text) for text in errors),
    )


def _refused(session: Session, *files: FilePreview, only_clean: bool = False) -> str:
    preview = ReturnPreview(1, "计划", WEEK, files)
    with pytest.raises(ValidationError) as error:
        roundtrip.apply_returned(session, preview, actor=ACTOR, only_clean=only_clean)
    return str(error.value)


def test_a_refused_import_lists_ten_errors_of_its_files_then_counts_the_rest(
    session: Session,
) -> None:
    nine = [f"第{n}处错误" for n in range(1, 10)]
    listed = "；".join(f"文件“a.xlsx”：{text}" for text in nine)
    # Ten errors in two files, and a clean file: all ten listed, nothing counted.
    assert (
        _refused(session, _file("a.xlsx", *nine), _file("b.xlsx", "表头被修改"), _file("c.xlsx"))
        == f"有 2 个文件存在错误，本次未导入任何内容：{listed}；文件“b.xlsx”：表头被修改"
    )
    # Eleven: the first ten listed, then how many in all.
    assert _refused(
        session, _file("a.xlsx", *nine), _file("b.xlsx", "表头被修改", "缺少工作表")
    ) == (
        f"有 2 个文件存在错误，本次未导入任何内容：{listed}；文件“b.xlsx”：表头被修改；……等共 11 条"
    )
    # One file, one error: the error alone.
    assert _refused(session, _file("b.xlsx", "表头被修改"), _file("c.xlsx")) == (
        "有 1 个文件存在错误，本次未导入任何内容：文件“b.xlsx”：表头被修改"
    )
    # Only the clean files asked for, and there are none.
    assert _refused(session, _file("b.xlsx", "表头被修改"), only_clean=True) == (
        "没有可以导入的文件：所有文件都存在错误"
    )


def test_a_report_date_far_from_the_plans_year_is_refused_where_it_was_typed() -> None:
    # The period's last day, 5 July 2020, is outside a 2008 plan's range (2007 to 2018).
    issues: list = []
    row = ReturnedTaskRow(row=7, task_id=3, version=1, code="2.1", percent=10.0)
    day = report_date("a.xlsx", row, WEEK, dt.date(2020, 12, 31), 2008, issues)
    assert day is None
    assert [(i.severity, i.row, i.column, i.message) for i in issues] == [
        (
            Severity.ERROR,
            7,
            "填报日期",
            "文件“a.xlsx” 工作表“任务进展” 第7行“填报日期”列："
            "报送日期 2020-07-05 超出合理范围（2007-01-01 至 2018-12-31）",
        )
    ]


def test_a_task_changed_or_deleted_since_the_preview_is_named_by_code_and_short_title(
    database: Database, session: Session, seed_report: Path, tmp_path: Path
) -> None:
    seeded = seed_plan(session, seed_report)
    titles = {}
    for leaf, word in ((seeded.own, "推进"), (seeded.labour, "落实")):
        titles[leaf.id] = word * 12 + "工程"  # 26 characters: the message keeps 20
        version = tasks.get_task(session, leaf.id).version
        tasks.edit_task(
            session, leaf.id, expected_version=version, actor=ACTOR, title=titles[leaf.id]
        )
    session.commit()
    files = export(session, seeded.plan_id, tmp_path / "out")
    typed = {"percent": 30, "progress_text": "推进中"}
    edited = preview_of(session, seeded, fill(files[DEVELOPMENT], {seeded.own.code: typed}))
    deleted = preview_of(session, seeded, fill(files[LABOUR], {seeded.labour.code: typed}))
    assert not edited.has_errors
    assert not deleted.has_errors
    session.commit()
    with database.sessions.begin() as other:  # another user meanwhile
        own = tasks.get_task(other, seeded.own.id)
        tasks.edit_task(other, own.id, expected_version=own.version, actor="另一用户", code="9.9")
        labour = tasks.get_task(other, seeded.labour.id)
        tasks.delete_task(other, labour.id, expected_version=labour.version, actor="另一用户")

    def conflict(preview: roundtrip.ReturnPreview) -> str:
        with pytest.raises(ConflictError) as error:
            roundtrip.apply_returned(session, preview, actor=ACTOR)
        session.rollback()
        return str(error.value)

    assert conflict(edited) == (
        f"任务“{seeded.own.code} {titles[seeded.own.id][:20]}”在预览后已被他人修改，"
        "请重新预览后导入；本次未导入任何内容"
    )
    assert conflict(deleted) == (
        f"任务“{seeded.labour.code} {titles[seeded.labour.id][:20]}”在预览后已被删除，"
        "请重新预览后导入；本次未导入任何内容"
    )


def test_the_versions_of_more_tasks_than_one_query_batch_are_all_checked(
    session: Session, office: Office
) -> None:
    # Versions are read 5,000 tasks a query: the task after the first batch must be found
    # (else it reads as deleted) and checked. Rows are inserted directly, and the check is
    # called alone: 5,001 reports through add_progress would take minutes.
    many = 5001
    session.execute(
        insert(Task),
        [
            {"plan_id": office.plan_id, "position": 100 + n, "code": f"B{n}", "title": f"批量{n}"}
            for n in range(many)
        ],
    )
    rows = session.execute(
        select(Task.id, Task.version, Task.code).where(Task.code.like("B%")).order_by(Task.id)
    ).all()
    reports = [
        PlannedReport(
            task_id=task_id,
            task_version=version,
            code=code,
            title="批量任务",
            role=LEAD,
            row=7 + n,
            report_date=dt.date(2020, 7, 1),
            percent=10.0,
            indicator_actuals=(),
            changes=(),
        )
        for n, (task_id, version, code) in enumerate(rows)
    ]
    _check_versions(session, reports)  # every task as previewed: no conflict
    last = rows[-1].id
    session.execute(update(Task).where(Task.id == last).values(version=Task.version + 1))
    with pytest.raises(ConflictError) as error:
        _check_versions(session, reports)
    assert str(error.value).startswith(f"任务“B{many - 1} 批量任务”在预览后已被他人修改")


def test_a_file_imported_since_the_preview_names_who_imported_it_and_when(
    session: Session, seed_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed_plan(session, seed_report)
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[LABOUR], {seeded.labour.code: {"percent": 50, "progress_text": "推进"}})
    first = preview_of(session, seeded, returned)
    second = preview_of(session, seeded, returned)
    roundtrip.apply_returned(session, first, actor="王五")
    session.commit()
    stored = session.scalars(select(ReturnedWorkbookRow)).one()
    with pytest.raises(DuplicateError) as error:
        roundtrip.apply_returned(session, second, actor=ACTOR)
    session.rollback()
    assert str(error.value) == (
        f"该文件已于 {stored.imported_at:%Y-%m-%d %H:%M}（UTC）由 王五导入过"
        f"（原文件名“{returned.name}”），同一文件不会导入两次"
    )
    # Imported by someone else after this import looked (the unique hash refuses the row).
    monkeypatch.setattr(apply_module, "imported_files", lambda session, hashes: {})
    with pytest.raises(DuplicateError) as error:
        roundtrip.apply_returned(session, second, actor=ACTOR)
    session.rollback()
    assert str(error.value) == f"文件“{returned.name}”已由他人导入，同一文件不会导入两次"
    assert session.scalars(select(ReturnedWorkbookRow.id)).all() == [stored.id]
    # A row that names no importer (as rows from before it was recorded): "someone else".
    stored.imported_by = ""
    session.commit()
    (item,) = preview_of(session, seeded, returned).files
    assert [i.message for i in item.errors] == [
        f"文件“{returned.name}”：该文件已于 {stored.imported_at:%Y-%m-%d %H:%M}（UTC）由 他人"
        f"导入过（原文件名“{returned.name}”），同一文件不会导入两次"
    ]


def test_on_one_day_the_lead_units_report_is_stored_last_whatever_the_file_order(
    session: Session, seed_report: Path, tmp_path: Path
) -> None:
    # The lead unit answers for the task: its report is the day's latest (newest first).
    seeded = seed_plan(session, seed_report)
    files = export(session, seeded.plan_id, tmp_path / "out")
    day = dt.date(2020, 7, 2)
    lead = fill(
        files[DEVELOPMENT],
        {seeded.shared.code: {"percent": 40, "progress_text": "牵头推进", "report_date": day}},
    )
    co = fill(
        files[INDUSTRY],
        {seeded.shared.code: {"progress_text": "配合完成用地", "report_date": day}},
    )
    preview = preview_of(session, seeded, lead, co)
    assert not preview.has_errors
    row = next(r.row for r in preview.files[1].reports)
    assert (
        f"文件“{co.name}” 工作表“{TASK_SHEET}” 第{row}行：任务“{seeded.shared.code}”也在文件"
        f"“{lead.name}”中填报，两份进展都会记录，同一日期以牵头单位的为最新"
    ) in [i.message for i in preview.files[1].warnings]
    roundtrip.apply_returned(session, preview, actor=ACTOR)
    session.commit()
    history = progress.task_progress(session, seeded.shared.id)
    assert [(r.report_date, r.department, r.progress_text) for r in history] == [
        (day, DEVELOPMENT, "牵头推进"),
        (day, INDUSTRY, "配合完成用地"),
        (dt.date(2020, 6, 22), None, "已启动前期工作"),
    ]


def test_the_reports_a_preview_compares_with_are_read_past_one_query_batch(
    session: Session, office: Office
) -> None:
    # Newest dates and latest reports are read 5,000 tasks (reports) a query: the one after
    # the first batch must be found too. Rows are inserted directly, as above.
    many = 5001
    session.execute(
        insert(Task),
        [
            {"plan_id": office.plan_id, "position": 100 + n, "code": f"B{n}", "title": f"批量{n}"}
            for n in range(many)
        ],
    )
    ids = session.scalars(select(Task.id).where(Task.code.like("B%")).order_by(Task.id)).all()
    session.execute(
        insert(ProgressReport),
        [
            {
                "task_id": task_id,
                "period": "2020-W23",
                "report_date": dt.date(2020, 6, 1) + dt.timedelta(days=n % 7),
                "percent": float(n % 100),
                "reporter": f"填报人{n}",
            }
            for n, task_id in enumerate(ids)
        ],
    )
    session.commit()
    newest = newest_report_dates(session, ids)
    assert newest == {
        task_id: dt.date(2020, 6, 1) + dt.timedelta(days=n % 7) for n, task_id in enumerate(ids)
    }
    latest, titles, _indicators = latest_reports(session, office.plan_id, ids, dt.date(2020, 6, 30))
    assert [(latest[t].percent, latest[t].reporter) for t in ids] == [
        (float(n % 100), f"填报人{n}") for n in range(many)
    ]
    assert titles[ids[-1]] == (f"B{many - 1}", f"批量{many - 1}")
