"""Department fill-in round trip (部门填报): export workbooks, preview and apply returned files."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supervisor.db.models import (
    Department,
    Indicator,
    ProgressReport,
    Task,
    task_co_department,
)
from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.errors import (
    ConflictError,
    DuplicateError,
    NotFoundError,
    ValidationError,
)
from supervisor.reports.xlsx_common import ProgressCallback, check_cancel
from supervisor.reports.xlsx_fillin import (
    MAX_REPORTER_LENGTH,
    TASK_COLUMNS,
    TASK_SHEET,
    FillInMeta,
    FillInSpec,
    column_number,
    fillin_file_name,
    write_fillin_workbooks,
)
from supervisor.reports.xlsx_returned import (
    FillInExpectation,
    ReturnedTaskRow,
    ReturnedWorkbook,
    RowIssue,
    Severity,
    collect_returned_files,
    read_fillin_folder,
    speaks_for,
    validate_returned,
)
from supervisor.services import audit, validation
from supervisor.services.departments import find_department
from supervisor.services.exports import default_as_of, parse_period
from supervisor.services.identity import database_identity, stored_identity
from supervisor.services.periods import Period, period_of
from supervisor.services.progress import add_progress
from supervisor.services.reporting import format_number, task_rows
from supervisor.services.settings import load_settings
from supervisor.services.status import task_states
from supervisor.services.tasks import get_plan

LEAD, CO = "牵头", "配合"
EMPTY = "（空）"
MAX_LISTED_ERRORS = 10  # an error message names this many problems, then counts the rest

_LABELS = {
    "percent": "完成进度（%）",
    "progress_text": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "reporter": "填报人",
    "report_date": "报送日期",
}


# --- plain results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportedWorkbook:
    """One department's fill-in workbook as exported."""

    department: str
    file_name: str
    tasks: int
    indicators: int


@dataclass(frozen=True, slots=True)
class FillInExportResult:
    """What an export of fill-in workbooks wrote.

    ``paths`` are the workbooks written into the folder, or the single zip.
    """

    plan_id: int
    period: Period
    as_of: dt.date
    target: Path
    paths: tuple[Path, ...]
    workbooks: tuple[ExportedWorkbook, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value a returned row changes: the latest value in the database → the new one."""

    field: str  # "percent", "indicator:<id>", "progress_text", "problems", ...
    label: str  # as shown to the user, e.g. 完成进度（%）, 指标“重点项目”（个）
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class PlannedReport:
    """A progress report a returned row will add (append-only), with what it changes."""

    task_id: int
    task_version: int  # the version the file answers; checked again at apply time
    code: str
    title: str
    role: str  # 牵头 or 配合
    row: int
    report_date: dt.date
    percent: float | None  # 0–100
    indicator_actuals: tuple[tuple[int, float], ...]
    progress_text: str
    problems: str
    next_steps: str
    reporter: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class FilePreview:
    """One returned file: who sent it, the reports it would add, and every issue found."""

    path: Path
    sha256: str | None
    department: str | None  # as written in the file
    department_id: int | None  # the unit it resolves to now (a merged name finds its new unit)
    period_label: str | None
    exported_at: dt.datetime | None
    reports: tuple[PlannedReport, ...]
    issues: tuple[RowIssue, ...]

    @property
    def file_name(self) -> str:
        """The file's name, as issues name it."""
        return self.path.name

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        """Issues that keep the file from being applied."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[RowIssue, ...]:
        """Issues shown to the user that do not block the file."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)


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


@dataclass(frozen=True, slots=True)
class AppliedFile:
    """A returned file that was applied: the reports it added."""

    file_name: str
    department: str
    report_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What an import wrote; ``skipped`` names files left out because of errors."""

    plan_id: int
    period: Period
    files: tuple[AppliedFile, ...]
    skipped: tuple[str, ...] = ()

    @property
    def reports(self) -> int:
        """How many progress reports were added."""
        return sum(len(item.report_ids) for item in self.files)


# --- the plan's current state ------------------------------------------------------------------


@dataclass(slots=True)
class _PlanState:
    """Live tasks of a plan: versions, leaves, who reports on them, their indicators."""

    versions: dict[int, int] = field(default_factory=dict)
    leads: dict[int, int | None] = field(default_factory=dict)  # task → lead department
    department_tasks: dict[int, list[int]] = field(default_factory=dict)  # leaf tasks only
    department_names: dict[int, str] = field(default_factory=dict)
    indicator_tasks: dict[int, int] = field(default_factory=dict)
    unassigned_leaves: int = 0

    def tasks_by_name(self) -> dict[str, list[int]]:
        return {self.department_names[d]: ids for d, ids in self.department_tasks.items()}


def _plan_state(session: Session, plan_id: int) -> _PlanState:
    """Read the plan's assignments as the fill-in workbooks see them: leaf tasks only.

    Leaves, as in the other exports (统计口径): a task that was split reports through its
    sub-tasks, so a heading is never asked for progress of its own.
    """
    session.flush()
    live = (Task.plan_id == plan_id, Task.deleted_at.is_(None))
    state = _PlanState()
    parents: set[int] = set()
    for task_id, version, parent_id, lead_id in session.execute(
        select(Task.id, Task.version, Task.parent_id, Task.lead_department_id).where(*live)
    ):
        state.versions[task_id] = version
        state.leads[task_id] = lead_id
        if parent_id is not None:
            parents.add(parent_id)
    leaves = [task_id for task_id in state.versions if task_id not in parents]
    leaf_set = set(leaves)
    reporting: dict[int, set[int]] = defaultdict(set)
    for task_id in leaves:
        if state.leads[task_id] is not None:
            reporting[state.leads[task_id]].add(task_id)
    co_rows = session.execute(
        select(task_co_department.c.task_id, task_co_department.c.department_id)
        .join(Task, Task.id == task_co_department.c.task_id)
        .where(*live)
    )
    for task_id, department_id in co_rows:
        if task_id in leaf_set:
            reporting[department_id].add(task_id)
    reported = {task_id for ids in reporting.values() for task_id in ids}
    state.unassigned_leaves = len(leaf_set - reported)
    names = dict(session.execute(select(Department.id, Department.name)).all())
    for department_id in sorted(reporting, key=lambda d: names[d]):
        state.department_tasks[department_id] = sorted(reporting[department_id])
        state.department_names[department_id] = names[department_id]
    state.indicator_tasks = dict(
        session.execute(
            select(Indicator.id, Indicator.task_id)
            .join(Task, Task.id == Indicator.task_id)
            .where(*live, Indicator.deleted_at.is_(None))
        ).all()
    )
    return state


def _period(period: Period | str | None, plan_year: int, kind: str) -> Period:
    if isinstance(period, Period):
        return period
    if period is not None:
        return parse_period(period)
    return period_of(default_as_of(plan_year), kind)


def default_period(session: Session, plan_id: int) -> Period:
    """The period the round trip uses when none is named: today's, moved into the plan's year.

    Raises:
        NotFoundError: No such plan.
    """
    plan = get_plan(session, plan_id)
    return _period(None, plan.year, load_settings(session).reporting_period)


# --- export ------------------------------------------------------------------------------------


def export_fillin_workbooks(
    session: Session,
    plan_id: int,
    target: str | os.PathLike[str],
    *,
    period: Period | str | None = None,
    departments: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> FillInExportResult:
    """Write one fill-in workbook per department that leads or supports tasks of the plan.

    Each workbook lists the department's leaf tasks (lead and co), with the last reported
    percent and indicator actuals as of the period, and hidden metadata (plan, department,
    period, task ids and versions) that the import checks.

    Args:
        session: An open session; nothing is written to the database (its identity, which
            the workbooks carry, was given when it was opened).
        plan_id: The plan.
        target: A folder (created if missing) or a ``.zip`` file.
        period: The reporting period (a Period or a key like "2020-W12"); default: the
            current one, moved into the plan's year.
        departments: Only these units (full or short names); default: every unit with tasks.
        progress: Called with (workbooks done, workbooks in all).
        cancel: When set, stops before the next workbook; a zip is then not written.

    Returns:
        The files written, one line per workbook and warnings for the user.

    Raises:
        NotFoundError: No such plan or department.
        ValidationError: A malformed period, an .xlsx target, a unit without tasks, or no
            task of the plan is assigned yet.
        ReportWriteError: A file could not be written.
        ReportCancelled: ``cancel`` was set.
    """
    destination = Path(target)
    if destination.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raise ValidationError(
            f"填报表按单位分别导出，请指定一个文件夹或 .zip 文件，而不是“{destination.name}”"
        )
    check_cancel(cancel, "已取消导出，未写入任何文件")
    plan = get_plan(session, plan_id)
    database_id = database_identity(session)
    settings = load_settings(session)
    chosen = _period(period, plan.year, settings.reporting_period)
    as_of = default_as_of(plan.year, period=chosen)
    state = _plan_state(session, plan_id)
    if not state.department_tasks:
        raise ValidationError("该计划还没有分工到单位的任务，请先指定牵头单位或配合单位")
    names = list(state.department_names.values())
    if departments is not None:
        wanted: list[str] = []
        for name in departments:
            unit = find_department(session, name)
            if unit.id not in state.department_tasks:
                raise ValidationError(f"“{unit.name}”在该计划中没有牵头或配合的任务")
            if unit.name not in wanted:
                wanted.append(unit.name)
        names = wanted
    specs = []
    for name in names:
        check_cancel(cancel, "已取消导出，未写入任何文件")
        rows = task_rows(
            session, plan_id, as_of=as_of, leaves_only=True, department=name, settings=settings
        )
        specs.append(
            FillInSpec(
                plan_id=plan.id,
                plan_title=plan.title,
                department=name,
                period_label=chosen.label,
                period_start=chosen.start,
                period_end=chosen.end,
                tasks=tuple(rows),
                office_name=settings.office_name,
                database_id=database_id,
            )
        )
    paths = write_fillin_workbooks(specs, destination, progress=progress, cancel=cancel)
    warnings = []
    if state.unassigned_leaves:
        warnings.append(f"有{state.unassigned_leaves}项任务尚未分工到单位，未列入任何填报表")
    if as_of.year != plan.year:
        warnings.append(f"报送期{chosen.label}不在计划年度 {plan.year} 年内")
    return FillInExportResult(
        plan_id=plan.id,
        period=chosen,
        as_of=as_of,
        target=destination,
        paths=tuple(paths),
        workbooks=tuple(
            ExportedWorkbook(
                spec.department,
                fillin_file_name(spec),
                len(spec.tasks),
                sum(len(task.indicators) for task in spec.tasks),
            )
            for spec in specs
        ),
        warnings=tuple(warnings),
    )


# --- preview -----------------------------------------------------------------------------------


def _file_issue(name: str, text: str, severity: Severity = Severity.ERROR) -> RowIssue:
    return RowIssue(name, None, None, None, f"文件“{name}”：{text}", severity)


def _row_issue(
    name: str, row: int, column: str | None, text: str, severity: Severity = Severity.ERROR
) -> RowIssue:
    where = f"第{row}行" + (f"“{column}”列" if column else "")
    message = f"文件“{name}” 工作表“{TASK_SHEET}” {where}：{text}"
    return RowIssue(name, TASK_SHEET, row, column, message, severity)


def _header(key: str) -> str:
    return TASK_COLUMNS[column_number(TASK_COLUMNS, key) - 1].header


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


@dataclass(frozen=True, slots=True)
class _Latest:
    """A task's latest progress report as the preview compares against."""

    percent: float | None
    progress_text: str
    problems: str
    next_steps: str
    reporter: str
    report_date: dt.date | None
    actuals: dict[int, float]


def _latest_reports(
    session: Session, plan_id: int, task_ids: Iterable[int], as_of: dt.date
) -> tuple[dict[int, _Latest], dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """Latest state per task as of a date, task (code, title), indicator (name, unit)."""
    ids = sorted(set(task_ids))
    if not ids:
        return {}, {}, {}
    states = task_states(session, plan_id, as_of=as_of, task_ids=ids, with_text=True)
    report_ids = [s.last_report_id for s in states if s.last_report_id is not None]
    reports: dict[int, tuple[float | None, str]] = {}
    for start in range(0, len(report_ids), 5000):
        chunk = report_ids[start : start + 5000]
        for report_id, percent, reporter in session.execute(
            select(ProgressReport.id, ProgressReport.percent, ProgressReport.reporter).where(
                ProgressReport.id.in_(chunk)
            )
        ):
            reports[report_id] = (percent, reporter)
    latest: dict[int, _Latest] = {}
    titles: dict[int, tuple[str, str]] = {}
    indicators: dict[int, tuple[str, str]] = {}
    for s in states:
        percent, reporter = reports.get(s.last_report_id or -1, (None, ""))
        latest[s.task_id] = _Latest(
            percent,
            s.progress_text,
            s.problems,
            s.next_steps,
            reporter,
            s.last_report_date,
            {i.id: i.actual for i in s.indicators if i.actual is not None},
        )
        titles[s.task_id] = (s.code, s.title)
        for item in s.indicators:
            indicators[item.id] = (item.name, item.unit)
    return latest, titles, indicators


def _newest_report_dates(session: Session, task_ids: Iterable[int]) -> dict[int, dt.date]:
    ids = sorted(set(task_ids))
    found: dict[int, dt.date] = {}
    for start in range(0, len(ids), 5000):
        found.update(
            session.execute(
                select(ProgressReport.task_id, func.max(ProgressReport.report_date))
                .where(ProgressReport.task_id.in_(ids[start : start + 5000]))
                .group_by(ProgressReport.task_id)
            ).all()
        )
    return found


def _number(value: float | None) -> str:
    return EMPTY if value is None else format_number(value)


def _changes(
    row: ReturnedTaskRow,
    latest: _Latest | None,
    indicators: dict[int, tuple[str, str]],
    report_date: dt.date,
    reporter: str,
) -> tuple[FieldChange, ...]:
    old = latest or _Latest(None, "", "", "", "", None, {})
    changes = [
        FieldChange(
            "report_date",
            _LABELS["report_date"],
            EMPTY if old.report_date is None else old.report_date.isoformat(),
            report_date.isoformat(),
        )
    ]
    if row.percent != old.percent:
        changes.append(
            FieldChange("percent", _LABELS["percent"], _number(old.percent), _number(row.percent))
        )
    for indicator_id, value in sorted(row.indicator_actuals.items()):
        previous = old.actuals.get(indicator_id)
        if previous != value:
            name, unit = indicators.get(indicator_id, (f"编号 {indicator_id}", ""))
            label = f"指标“{name}”" + (f"（{unit}）" if unit else "")
            changes.append(
                FieldChange(f"indicator:{indicator_id}", label, _number(previous), _number(value))
            )
    for key, new in (
        ("progress_text", row.progress_text),
        ("problems", row.problems),
        ("next_steps", row.next_steps),
        ("reporter", reporter),
    ):
        previous = getattr(old, key)
        if previous != new:
            changes.append(FieldChange(key, _LABELS[key], previous or EMPTY, new or EMPTY))
    return tuple(changes)


def _reporter(name: str, department: str) -> str:
    """Who reported: the name typed and the unit, so co-units' reports stay distinguishable."""
    combined = f"{name}（{department}）" if name else department
    return combined if len(combined) <= 100 else name[:100]


def _report_date(
    name: str,
    row: ReturnedTaskRow,
    period: Period,
    today: dt.date,
    plan_year: int,
    issues: list[RowIssue],
) -> dt.date | None:
    """The date the report is recorded on: the date typed within the period, else its end.

    The sheet asks for the state "截至本期末", so a form filled in a day after the period
    still reports on that period, and is dated on its last day (or today while it runs).
    """
    header = _header("report_date")
    last = min(period.end, today)
    typed = row.report_date
    if typed is not None and typed > today:
        issues.append(_row_issue(name, row.row, header, f"填报日期 {typed} 晚于今天"))
        return None
    if typed is not None and period.start <= typed <= period.end:
        day = typed
    else:
        day = last
        if typed is not None:
            issues.append(
                _row_issue(
                    name,
                    row.row,
                    header,
                    f"填报日期 {typed} 不在报送期{period.label}（{period.start}至{period.end}）内，"
                    f"按 {day} 记录",
                    Severity.WARNING,
                )
            )
    try:
        validation.date_near_year(day, "报送日期", plan_year)
    except ValidationError as err:
        issues.append(_row_issue(name, row.row, header, str(err)))
        return None
    return day


def _has_content(row: ReturnedTaskRow) -> bool:
    return row.percent is not None or bool(row.indicator_actuals) or bool(row.progress_text)


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
    books = read_fillin_folder(files, progress=progress, cancel=cancel)
    chosen = (
        _period(period, plan.year, settings.reporting_period)
        if period is not None
        else _infer_period(books, _period(None, plan.year, settings.reporting_period))
    )
    state = _plan_state(session, plan_id)
    by_name = state.tasks_by_name()
    imported = _imported(session, [b.sha256 for b in books if b.sha256])
    returned_before = _returned_before(session, plan.id, chosen)
    filled_ids = [r.task_id for b in books for r in b.filled_rows if r.task_id in state.versions]
    as_of = max(min(chosen.end, today), chosen.start)
    latest, titles, indicator_names = _latest_reports(session, plan_id, filled_ids, as_of)
    newest = _newest_report_dates(session, filled_ids)
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
                    _file_issue(
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
                period_label=chosen.label,
                department_tasks=tasks_by_name,
                task_versions=state.versions,
                indicator_tasks=state.indicator_tasks,
                period_start=chosen.start,
                period_end=chosen.end,
                database_id=database_id,
            )
            book = validate_returned(book, expectation)
        earlier = returned_before.get(department_id) if department_id is not None else None
        if earlier is not None and book.sha256 not in imported:
            issues.append(
                _file_issue(
                    name,
                    f"本单位本期已导入过填报表“{earlier}”，本次导入将另行记录进展，"
                    "同一日期以本次为最新",
                    Severity.WARNING,
                )
            )
        if book.sha256 is not None:
            if book.sha256 in imported:
                issues.append(_file_issue(name, imported[book.sha256]))
            elif book.sha256 in seen:
                issues.append(
                    _file_issue(
                        name, f"与文件“{seen[book.sha256]}”内容完全相同，同一文件不会导入两次"
                    )
                )
            else:
                seen[book.sha256] = name
        reports: list[PlannedReport] = []
        if meta is not None and speaks_for(meta, expectation):
            # Rows of another database, plan or period are not previewed: they are refused.
            if chosen.start > today:
                issues.append(_file_issue(name, f"报送期{chosen.label}尚未开始，不能导入"))
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
                issues.append(_file_issue(name, "没有填写任何任务的进展，请填写后再报送"))
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
            )
        )
    return ReturnPreview(plan.id, plan.title, chosen, _flag_shared_tasks(previews))


def _imported(session: Session, hashes: list[str]) -> dict[str, str]:
    """Hash → why the file is refused, for files imported before."""
    if not hashes:
        return {}
    found = {}
    for row in session.scalars(
        select(ReturnedWorkbookRow).where(ReturnedWorkbookRow.file_hash.in_(hashes))
    ):
        found[row.file_hash] = (
            f"该文件已于 {row.imported_at:%Y-%m-%d %H:%M}（UTC）由 {row.imported_by or '他人'}"
            f"导入过（原文件名“{row.file_name}”），同一文件不会导入两次"
        )
    return found


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
    state: _PlanState,
    department_id: int | None,
    latest: dict[int, _Latest],
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
        if not _has_content(row):
            if row.problems or row.next_steps:
                issues.append(
                    _row_issue(
                        name,
                        row.row,
                        None,
                        f"任务“{row.code}”只填写了存在问题或下步打算，"
                        "请同时填写完成进度、指标完成值或进展情况",
                    )
                )
            else:
                issues.append(
                    _row_issue(
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
                _row_issue(
                    name,
                    row.row,
                    _header("reporter"),
                    f"填报人过长（{len(row.reporter)} 字，最多 {MAX_REPORTER_LENGTH} 字）",
                )
            )
        day = _report_date(name, row, period, today, plan_year, issues)
        if day is None:
            continue
        later = newest.get(row.task_id)
        if later is not None and later > day:
            issues.append(
                _row_issue(
                    name,
                    row.row,
                    None,
                    f"任务“{row.code}”在系统中已有 {later} 的进展报送，"
                    f"本次按 {day} 记录，不会成为最新进展",
                    Severity.WARNING,
                )
            )
        reporter = _reporter(row.reporter, department)
        code, title = titles.get(row.task_id, (row.code, ""))
        reports.append(
            PlannedReport(
                task_id=row.task_id,
                task_version=row.version,
                code=code,
                title=title,
                role=LEAD if state.leads.get(row.task_id) == department_id else CO,
                row=row.row,
                report_date=day,
                percent=row.percent,
                indicator_actuals=tuple(sorted(row.indicator_actuals.items())),
                progress_text=row.progress_text,
                problems=row.problems,
                next_steps=row.next_steps,
                reporter=reporter,
                changes=_changes(row, latest.get(row.task_id), indicator_names, day, reporter),
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
                    _row_issue(
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


# --- apply -------------------------------------------------------------------------------------


def _listed(issues: Sequence[RowIssue]) -> str:
    shown = "；".join(issue.message for issue in issues[:MAX_LISTED_ERRORS])
    if len(issues) > MAX_LISTED_ERRORS:
        shown += f"；……等共 {len(issues)} 条"
    return shown


def apply_returned(
    session: Session,
    preview: ReturnPreview,
    *,
    actor: str,
    only_clean: bool = False,
    today: dt.date | None = None,
) -> ApplyResult:
    """Apply a preview: add the progress reports of its files, in the caller's transaction.

    Every report goes through ``progress.add_progress`` (append-only, audited), and each
    file is recorded in ``returned_workbook`` so it is never applied twice. The caller
    commits; on any error the caller rolls back, so a batch is applied whole or not at all.

    Args:
        session: The caller's session (its transaction).
        preview: As returned by ``preview_returned``.
        actor: Who imports (recorded in the audit log and as the reports' creator).
        only_clean: Apply the files without errors and skip the others; by default any
            file with errors stops the whole import.
        today: The current date (for tests).

    Returns:
        The files applied with the ids of the reports added, and the files skipped.

    Raises:
        ValidationError: A file has errors (and ``only_clean`` is false), or no file is
            left to apply.
        ConflictError: A task changed (or was deleted) since the preview.
        DuplicateError: A file was imported meanwhile (by someone else).
        NotFoundError: The plan was deleted.
    """
    blocked = preview.error_files
    if blocked and not only_clean:
        errors = [issue for item in blocked for issue in item.errors]
        raise ValidationError(
            f"有 {len(blocked)} 个文件存在错误，本次未导入任何内容：{_listed(errors)}"
        )
    chosen = preview.clean_files
    if not chosen:
        raise ValidationError("没有可以导入的文件：所有文件都存在错误")
    get_plan(session, preview.plan_id)
    hashes = [item.sha256 for item in chosen if item.sha256]
    already = _imported(session, hashes)
    if already:
        raise DuplicateError(next(iter(already.values())))
    _check_versions(session, [r for item in chosen for r in item.reports])

    planned = [
        (report.role == LEAD, index, report.row, report, item)
        for index, item in enumerate(chosen)
        for report in item.reports
    ]
    # A co-unit's report first, the lead unit's last: on the same date the later one is
    # the task's latest, and the lead unit answers for the task.
    planned.sort(key=lambda entry: entry[:3])
    added: dict[str, list[int]] = defaultdict(list)
    for _lead, _index, _row, report, item in planned:
        info = add_progress(
            session,
            report.task_id,
            actor=actor,
            report_date=report.report_date,
            percent=report.percent,
            actuals=dict(report.indicator_actuals),
            progress_text=report.progress_text,
            problems=report.problems,
            next_steps=report.next_steps,
            reporter=report.reporter,
            today=today,
        )
        added[item.file_name].append(info.id)
    applied = []
    for item in chosen:
        row = ReturnedWorkbookRow(
            file_hash=item.sha256,
            file_name=item.file_name[:260],
            plan_id=preview.plan_id,
            department_id=item.department_id,
            period=preview.period.key,
            imported_by=actor,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError as err:
            raise DuplicateError(
                f"文件“{item.file_name}”已由他人导入，同一文件不会导入两次"
            ) from err
        audit.record(
            session,
            actor,
            "import",
            "returned_workbook",
            row.id,
            field="file",
            new=f"{item.department} {preview.period.label} {item.file_name}",
        )
        applied.append(
            AppliedFile(item.file_name, item.department or "", tuple(added[item.file_name]))
        )
    session.flush()
    return ApplyResult(
        preview.plan_id,
        preview.period,
        tuple(applied),
        tuple(item.file_name for item in blocked),
    )


def _check_versions(session: Session, reports: Sequence[PlannedReport]) -> None:
    """Fail if a task changed since the preview; lock the rows until the caller commits.

    FOR UPDATE (on PostgreSQL) keeps a concurrent edit of these tasks waiting until this
    import is committed or rolled back; SQLite serialises writers anyway.
    """
    wanted = {report.task_id: report for report in reports}
    if not wanted:
        return
    found = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 5000):
        rows = session.execute(
            select(Task.id, Task.version, Task.deleted_at)
            .where(Task.id.in_(ids[start : start + 5000]))
            .with_for_update()
        )
        found.update({task_id: (version, deleted) for task_id, version, deleted in rows})
    for task_id, report in wanted.items():
        version, deleted = found.get(task_id, (None, None))
        if version is None or deleted is not None:
            raise ConflictError(
                f"任务“{report.code} {report.title[:20]}”在预览后已被删除，"
                "请重新预览后导入；本次未导入任何内容"
            )
        if version != report.task_version:
            raise ConflictError(
                f"任务“{report.code} {report.title[:20]}”在预览后已被他人修改，"
                "请重新预览后导入；本次未导入任何内容"
            )


# --- who has not returned ----------------------------------------------------------------------


def missing_returns(session: Session, plan_id: int, period: Period | str | None) -> list[str]:
    """Departments with tasks in the plan that have not returned a file for the period.

    A department counts as having returned once one of its files was applied for the plan
    and period (files of a merged unit count for the unit that absorbed it).

    Args:
        session: An open session.
        plan_id: The plan.
        period: The reporting period (a Period or a key like "2020-W12"); None: the
            current one, moved into the plan's year (as the export's default).

    Returns:
        Their names, in the order of the fill-in export.

    Raises:
        NotFoundError: No such plan.
        ValidationError: A malformed period.
    """
    plan = get_plan(session, plan_id)
    chosen = _period(period, plan.year, load_settings(session).reporting_period)
    state = _plan_state(session, plan_id)
    returned = set(
        session.scalars(
            select(ReturnedWorkbookRow.department_id).where(
                ReturnedWorkbookRow.plan_id == plan_id,
                ReturnedWorkbookRow.period == chosen.key,
            )
        )
    )
    return [
        name
        for department_id, name in state.department_names.items()
        if department_id not in returned
    ]
