"""Preview of returned fill-in files: each file checked against the database, nothing stored."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.errors import (
    NotFoundError,
    ValidationError,
)
from supervisor.reports.fillin_format import (
    CO,
    LEAD,
    MAX_REPORTER_LENGTH,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInMeta,
    HasIssues,
    ReportValues,
    RowIssue,
    Severity,
    file_issue,
    header_of,
)
from supervisor.reports.xlsx_common import ProgressCallback
from supervisor.reports.xlsx_returned import (
    FillInExpectation,
    PlanBounds,
    ReturnedWorkbook,
    collect_returned_files,
    read_fillin_folder,
    speaks_for,
    validate_returned,
)
from supervisor.services.departments import find_department
from supervisor.services.identity import accepts_unsealed, stored_identity, stored_seal_key
from supervisor.services.periods import Period, period_of
from supervisor.services.roundtrip.changes import (
    FieldChange,
    Latest,
    changes,
    has_content,
    latest_reports,
    newest_report_dates,
    report_date,
    reporter_of,
)
from supervisor.services.roundtrip.state import (
    PlanState,
    choose_period,
    imported_files,
    period_fields,
    plan_state,
    task_issue,
)
from supervisor.services.settings import load_settings
from supervisor.services.tasks import get_plan


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedReport(ReportValues):
    """A progress report a returned row will add (append-only), with what it changes.

    Its ReportValues are what the report stores: the row's, with the date and reporter the
    preview settled on.
    """

    task_id: int
    task_version: int  # the version the file answers; checked again at apply time
    code: str
    title: str
    role: str  # 牵头 or 配合
    row: int
    report_date: dt.date
    indicator_actuals: tuple[tuple[int, float], ...]
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class FilePreview(HasIssues):
    """One returned file: who sent it, the reports it would add, and every issue found."""

    path: Path
    sha256: str | None
    department: str | None  # as written in the file
    department_id: int | None  # the unit it resolves to now (a merged name finds its new unit)
    period_label: str | None
    exported_at: dt.datetime | None
    reports: tuple[PlannedReport, ...]
    issues: tuple[RowIssue, ...]
    contact: Mapping[str, str] = field(default_factory=dict)  # 联系人, 联系电话, 审核 as typed

    @property
    def file_name(self) -> str:
        """The file's name, as issues name it."""
        return self.path.name


@dataclass(frozen=True, slots=True)
class ReturnPreview:
    """Every returned file of one import, checked against the database; nothing written."""

    plan_id: int
    plan_title: str
    period: Period
    files: tuple[FilePreview, ...]

    @property
    def clean_files(self) -> tuple[FilePreview, ...]:
        """Files without errors: those ``apply_returned(only_clean=True)`` applies."""
        return tuple(item for item in self.files if not item.errors)

    @property
    def error_files(self) -> tuple[FilePreview, ...]:
        """Files with at least one error."""
        return tuple(item for item in self.files if item.errors)

    @property
    def has_errors(self) -> bool:
        """True when any file has an error."""
        return any(item.errors for item in self.files)


# --- preview -----------------------------------------------------------------------------------


def _period_of_file(meta: FillInMeta) -> Period | None:
    """The period a file was exported for, if its metadata names a week or month."""
    for kind in ("week", "month"):
        found = period_of(meta.period_start, kind)
        if (found.label, found.start, found.end) == (
            meta.period_label,
            meta.period_start,
            meta.period_end,
        ):
            return found
    return None


def _infer_period(books: Sequence[ReturnedWorkbook], default: Period) -> Period:
    """The period most of the files were exported for (the latest on a tie), else ``default``."""
    found = [p for p in (_period_of_file(b.meta) for b in books if b.meta) if p is not None]
    if not found:
        return default
    counts = Counter(found)
    return max(counts, key=lambda p: (counts[p], p.start))


def preview_returned(
    session: Session,
    plan_id: int,
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    period: Period | str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    today: dt.date | None = None,
) -> ReturnPreview:
    """Read returned fill-in workbooks and check them against the database; nothing is written.

    Every file gets the reader's row-level checks (sheets, rows, numbers, percent range),
    the checks against the current plan (plan, period, department, task assignments and
    versions, indicators) and these: the file (its exact content) was imported before or
    appears twice; the department no longer exists; the period has not begun; a row holds
    only 存在问题/下步打算; a date after today; a task already has a later report (warning).

    Args:
        session: An open session.
        plan_id: The plan to import into.
        paths: A file or folder, or several (folders contribute their .xlsx files).
        period: The reporting period; default: the one most files were exported for.
        progress: Called with (files read, files in all).
        cancel: When set, reading stops with ReportCancelled.
        today: The current date (for tests).

    Returns:
        Per file: the progress reports it would add, with old → new values, and its issues.

    Raises:
        NotFoundError: No such plan.
        ValidationError: No file given, or a folder without .xlsx files; a malformed period.
        ReportCancelled: ``cancel`` was set.
    """
    plan = get_plan(session, plan_id)
    settings = load_settings(session)
    today = today or dt.date.today()
    files = collect_returned_files(paths)
    if not files:
        raise ValidationError("没有找到要导入的填报表（.xlsx 文件）")
    state = plan_state(session, plan_id)
    # A database without a seal key sealed no workbook: a sealed file is then foreign.
    key = stored_seal_key(session) or b""
    unsealed_ok = accepts_unsealed(session)
    bounds = PlanBounds(
        plan.id,
        len(state.versions),
        len(state.indicator_tasks),
        {task_id: (version, state.codes[task_id]) for task_id, version in state.versions.items()},
    )
    books = read_fillin_folder(files, seal_key=key, bounds=bounds, progress=progress, cancel=cancel)
    chosen = (
        choose_period(period, plan.year, settings.reporting_period)
        if period is not None
        else _infer_period(books, choose_period(None, plan.year, settings.reporting_period))
    )
    by_name = state.tasks_by_name()
    imported = imported_files(session, [b.sha256 for b in books if b.sha256])
    returned_before = _returned_before(session, plan.id, chosen)
    filled_ids = [r.task_id for b in books for r in b.filled_rows if r.task_id in state.versions]
    as_of = max(min(chosen.end, today), chosen.start)
    latest, titles, indicator_names = latest_reports(session, plan_id, filled_ids, as_of)
    newest = newest_report_dates(session, filled_ids)
    # A database without an identity has exported no workbook: any that names one is foreign.
    database_id = stored_identity(session) or ""

    previews: list[FilePreview] = []
    seen: dict[str, str] = {}
    for book in books:
        name = book.path.name
        issues: list[RowIssue] = []
        department_id: int | None = None
        meta = book.meta
        if meta is not None:
            tasks_by_name = by_name
            try:
                unit = find_department(session, meta.department)
            except (NotFoundError, ValidationError):
                issues.append(
                    file_issue(
                        name,
                        f"填报单位“{meta.department}”在系统中不存在（可能已改名或删除），"
                        "请重新导出该单位的填报表",
                    )
                )
            else:
                department_id = unit.id
                if unit.name != meta.department:
                    # A merged unit's old name stands for the unit that absorbed it.
                    tasks_by_name = {
                        **by_name,
                        meta.department: state.department_tasks.get(unit.id, []),
                    }
            expectation = FillInExpectation(
                plan_id=plan.id,
                department_tasks=tasks_by_name,
                task_versions=state.versions,
                indicator_tasks=state.indicator_tasks,
                **period_fields(chosen),
                database_id=database_id,
                seal_key=key,
                accept_unsealed=unsealed_ok,
            )
            book = validate_returned(book, expectation)
        earlier = returned_before.get(department_id) if department_id is not None else None
        if earlier is not None and book.sha256 not in imported:
            issues.append(
                file_issue(
                    name,
                    f"本单位本期已导入过填报表“{earlier}”，本次导入将另行记录进展，"
                    "同一日期以本次为最新",
                    Severity.WARNING,
                )
            )
        if book.sha256 is not None:
            if book.sha256 in imported:
                issues.append(file_issue(name, imported[book.sha256]))
            elif book.sha256 in seen:
                issues.append(
                    file_issue(
                        name, f"与文件“{seen[book.sha256]}”内容完全相同，同一文件不会导入两次"
                    )
                )
            else:
                seen[book.sha256] = name
        reports: list[PlannedReport] = []
        if meta is not None and speaks_for(meta, expectation):
            # Rows of another database, plan or period are not previewed: they are refused.
            if chosen.start > today:
                issues.append(file_issue(name, f"报送期{chosen.label}尚未开始，不能导入"))
            reports = _planned_reports(
                book,
                meta,
                chosen,
                today,
                plan.year,
                state,
                department_id,
                latest,
                titles,
                indicator_names,
                newest,
                issues,
            )
            if not book.filled_rows:
                issues.append(file_issue(name, "没有填写任何任务的进展，请填写后再报送"))
        previews.append(
            FilePreview(
                path=book.path,
                sha256=book.sha256,
                department=meta.department if meta else None,
                department_id=department_id,
                period_label=meta.period_label if meta else None,
                exported_at=meta.exported_at if meta else None,
                reports=tuple(reports),
                issues=book.issues + tuple(issues),
                contact=book.contact,
            )
        )
    return ReturnPreview(plan.id, plan.title, chosen, _flag_shared_tasks(previews))


def _returned_before(session: Session, plan_id: int, period: Period) -> dict[int, str]:
    """Department id → the name of a file it already returned for the plan and period."""
    rows = session.execute(
        select(ReturnedWorkbookRow.department_id, ReturnedWorkbookRow.file_name)
        .where(ReturnedWorkbookRow.plan_id == plan_id, ReturnedWorkbookRow.period == period.key)
        .order_by(ReturnedWorkbookRow.id)
    )
    return {department_id: file_name for department_id, file_name in rows if department_id}


def _planned_reports(
    book: ReturnedWorkbook,
    meta: FillInMeta,
    period: Period,
    today: dt.date,
    plan_year: int,
    state: PlanState,
    department_id: int | None,
    latest: dict[int, Latest],
    titles: dict[int, tuple[str, str]],
    indicator_names: dict[int, tuple[str, str]],
    newest: dict[int, dt.date],
    issues: list[RowIssue],
) -> list[PlannedReport]:
    name = book.path.name
    department = (
        state.department_names.get(department_id, meta.department)
        if department_id is not None
        else meta.department
    )
    # Rows the reader or validate_returned already refused get no further (misleading) hints.
    refused = {
        issue.row for issue in book.errors if issue.sheet == TASK_SHEET and issue.row is not None
    }
    reports = []
    for row in book.filled_rows:
        if row.task_id not in state.versions or row.row in refused:
            continue
        if not has_content(row):
            if row.problems or row.next_steps:
                issues.append(
                    task_issue(
                        name,
                        row.row,
                        None,
                        f"任务“{row.code}”只填写了存在问题或下步打算，"
                        "请同时填写完成进度、指标完成值或进展情况",
                    )
                )
            else:
                issues.append(
                    task_issue(
                        name,
                        row.row,
                        None,
                        f"任务“{row.code}”只填写了填报人或日期，没有进展内容，该行不导入",
                        Severity.WARNING,
                    )
                )
            continue
        if len(row.reporter) > MAX_REPORTER_LENGTH:
            issues.append(
                task_issue(
                    name,
                    row.row,
                    header_of(TASK_COLUMNS, "reporter"),
                    f"填报人过长（{len(row.reporter)} 字，最多 {MAX_REPORTER_LENGTH} 字）",
                )
            )
        day = report_date(name, row, period, today, plan_year, issues)
        if day is None:
            continue
        later = newest.get(row.task_id)
        if later is not None and later > day:
            issues.append(
                task_issue(
                    name,
                    row.row,
                    None,
                    f"任务“{row.code}”在系统中已有 {later} 的进展报送，"
                    f"本次按 {day} 记录，不会成为最新进展",
                    Severity.WARNING,
                )
            )
        role = LEAD if state.leads.get(row.task_id) == department_id else CO
        if role == CO and row.percent is not None:
            # A co-unit's report is its contribution (配合情况): the lead's 完成进度 alone counts.
            row = replace(row, percent=None)
            keeps = has_content(row)
            issues.append(
                task_issue(
                    name,
                    row.row,
                    header_of(TASK_COLUMNS, "percent"),
                    f"“{department}”是任务“{row.code}”的配合单位，完成进度由牵头单位填报，"
                    + (
                        "本单位填写的完成进度不导入，进展情况作为配合情况记录"
                        if keeps
                        else "该行只填写了完成进度，不导入"
                    ),
                    Severity.WARNING,
                )
            )
            if not keeps:
                continue
        # A row without a 填报人 was reported by the file's 联系人.
        reporter = reporter_of(row.reporter or book.contact.get("contact", ""), department)
        code, title = titles.get(row.task_id, (row.code, ""))
        reports.append(
            PlannedReport(
                task_id=row.task_id,
                task_version=row.version,
                code=code,
                title=title,
                role=role,
                row=row.row,
                report_date=day,
                percent=row.percent,
                indicator_actuals=tuple(sorted(row.indicator_actuals.items())),
                progress_text=row.progress_text,
                problems=row.problems,
                next_steps=row.next_steps,
                reporter=reporter,
                changes=changes(row, latest.get(row.task_id), indicator_names, day, reporter),
            )
        )
    return reports


def _flag_shared_tasks(previews: list[FilePreview]) -> tuple[FilePreview, ...]:
    """Warn when two files of one import report on the same task (a lead and a co-unit)."""
    first: dict[int, str] = {}
    result = []
    for item in previews:
        extra = []
        for report in item.reports:
            other = first.setdefault(report.task_id, item.file_name)
            if other != item.file_name:
                extra.append(
                    task_issue(
                        item.file_name,
                        report.row,
                        None,
                        f"任务“{report.code}”也在文件“{other}”中填报，两份进展都会记录，"
                        "同一日期以牵头单位的为最新",
                        Severity.WARNING,
                    )
                )
        result.append(replace(item, issues=item.issues + tuple(extra)) if extra else item)
    return tuple(result)
