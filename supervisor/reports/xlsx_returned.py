"""Reading returned department fill-in workbooks into plain data, with row-level messages."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from supervisor.reports.errors import WorkbookReadError
from supervisor.reports.fillin_format import (
    META_SHEET,
    TASK_SHEET,
    FillInMeta,
    HasIssues,
    ReportValues,
    RowIssue,
    Severity,
    cell_issue,
    file_issue,
    is_sealed,
)
from supervisor.reports.xlsx_common import (
    DEFAULT_MAX_FILE_BYTES,
    ProgressCallback,
    check_cancel,
    load_xlsx,
)
from supervisor.reports.xlsx_returned_meta import FileProblemError, read_meta
from supervisor.reports.xlsx_returned_sheets import read_contact, read_indicators, read_tasks

__all__ = [
    "FillInExpectation",
    "PlanBounds",
    "ReturnedTaskRow",
    "ReturnedWorkbook",
    "RowIssue",
    "Severity",
    "collect_returned_files",
    "read_fillin_folder",
    "read_fillin_workbook",
    "speaks_for",
    "validate_returned",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnedTaskRow(ReportValues):
    """What a department typed for one task: the report's values and where they stand.

    ``percent`` is on the 0–100 scale as typed (60 means 60 %), unlike TaskRow.percent_done.
    ``indicator_actuals`` maps indicator ids to the values typed in 本期完成值.
    ``filled`` is False when nothing was typed for the task (task row and its indicators).
    """

    row: int
    task_id: int
    version: int
    code: str
    indicator_actuals: dict[int, float] = field(default_factory=dict)
    filled: bool = False


@dataclass(frozen=True, slots=True)
class ReturnedWorkbook(HasIssues):
    """A returned file as read: its hash, its metadata, the rows typed in it, and the issues.

    ``sha256`` (of the file's bytes) and ``meta`` are None when the file could not be read
    as a fill-in workbook; ``issues`` then says why.
    """

    path: Path
    sha256: str | None
    size: int
    meta: FillInMeta | None
    rows: tuple[ReturnedTaskRow, ...]
    issues: tuple[RowIssue, ...]
    # 联系人 / 联系电话 / 单位负责人审核 as typed below the table (version 3 workbooks).
    contact: Mapping[str, str] = field(default_factory=dict)

    @property
    def filled_rows(self) -> tuple[ReturnedTaskRow, ...]:
        """Rows in which the department typed something."""
        return tuple(row for row in self.rows if row.filled)


@dataclass(frozen=True, slots=True)
class FillInExpectation:
    """The current state a returned file is checked against (plain data from services).

    Attributes:
        plan_id: The plan being imported into.
        period_label: The reporting period being imported.
        department_tasks: Each department → the ids of the tasks it reports on now.
        task_versions: Each task id of the plan → its current version.
        indicator_tasks: Each indicator id → its task id (optional; checked when given).
        period_start: Checked against the file when given.
        period_end: Checked against the file when given.
        database_id: The identity of the database importing (services.identity); checked
            when given.
        seal_key: The database's seal key (services.identity), to check sealed workbooks.
        accept_unsealed: Whether unsealed workbooks (format versions 1–3) may be imported;
            the office turns this off once every department has a sealed one.
        indicator_count: How many indicators the plan has, bounding a file's claims.
    """

    plan_id: int
    period_label: str
    department_tasks: Mapping[str, Collection[int]]
    task_versions: Mapping[int, int]
    indicator_tasks: Mapping[int, int] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    database_id: str | None = None
    seal_key: bytes | None = None
    accept_unsealed: bool = True
    indicator_count: int | None = None


@dataclass(frozen=True, slots=True)
class PlanBounds:
    """How much a plan holds: a returned file's metadata may not claim far more."""

    plan_id: int
    tasks: int
    indicators: int
    # Task id → (version, code) now: a row of the same version must carry the same code.
    codes: Mapping[int, tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, expected: FillInExpectation) -> PlanBounds:
        """The bounds an expectation implies (indicators unbounded when it has none)."""
        indicators = (
            expected.indicator_count
            if expected.indicator_count is not None
            else len(expected.indicator_tasks)
            if expected.indicator_tasks is not None
            else _UNBOUNDED
        )
        return cls(expected.plan_id, len(expected.task_versions), indicators)


_UNBOUNDED = 1 << 62


def _allowed(count: int) -> int:
    # Room for tasks deleted from the plan after the export (their rows get row errors).
    return 2 * count + 100


def _check_against_plan(meta: FillInMeta, bounds: PlanBounds) -> None:
    """Refuse metadata claiming far more than the plan holds, before any sheet is read."""
    if meta.plan_id != bounds.plan_id:
        return  # a file of another plan is refused as such, rows unread
    if len(meta.tasks) > _allowed(bounds.tasks):
        raise FileProblemError(
            f"隐藏的“系统数据”工作表列出 {len(meta.tasks):,} 项任务，"
            f"远多于本计划的任务（{bounds.tasks:,} 项），文件已被改动，请使用下发的原表填写"
        )
    if len(meta.indicators) > _allowed(bounds.indicators):
        raise FileProblemError(
            f"隐藏的“系统数据”工作表列出 {len(meta.indicators):,} 个指标，"
            f"远多于本计划的指标（{bounds.indicators:,} 个），文件已被改动，请使用下发的原表填写"
        )
    for task in meta.tasks:
        version, code = bounds.codes.get(task.task_id, (None, None))
        if version == task.version and code is not None and task.code.strip() != code.strip():
            raise FileProblemError(
                f"隐藏的“系统数据”工作表中任务（编号 {task.task_id}）的任务编号为"
                f"“{task.code[:20]}”，本计划中为“{code}”，文件已被改动，请使用下发的原表填写"
            )


def _read_book(
    path: Path, max_bytes: int, bounds: PlanBounds | None, seal_key: bytes | None
) -> ReturnedWorkbook:
    name = path.name
    try:
        loaded = load_xlsx(path, max_bytes=max_bytes)
    except WorkbookReadError as exc:
        return ReturnedWorkbook(
            path, None, 0, None, (), (RowIssue(name, None, None, None, str(exc)),)
        )
    workbook = loaded.workbook
    issues: list[RowIssue] = []
    try:
        if META_SHEET not in workbook.sheetnames:
            raise FileProblemError(
                f"不是本系统导出的填报表（缺少隐藏的“{META_SHEET}”工作表，可能被另存为新文件或"
                "复制到了新工作簿），请使用下发的原表填写"
            )
        meta = read_meta(workbook[META_SHEET], seal_key)
        if bounds is not None:
            _check_against_plan(meta, bounds)
        tasks = read_tasks(name, workbook, meta, issues)
        actuals = read_indicators(name, workbook, meta, issues)
        contact = read_contact(name, workbook, meta, issues)
    except FileProblemError as exc:
        issue = file_issue(name, str(exc))
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    except DefusedXmlException as exc:  # sheets are parsed lazily, while rows are read
        issue = file_issue(name, f"含有不安全的 XML 内容（{type(exc).__name__}），已拒绝读取")
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    except Exception as exc:  # a file that opened but breaks openpyxl while streaming rows
        issue = file_issue(name, f"文件已损坏，无法读取表格内容（{type(exc).__name__}）")
        return ReturnedWorkbook(path, loaded.sha256, loaded.size, None, (), (issue,))
    finally:
        workbook.close()

    rows = []
    for task in meta.tasks:
        if task.task_id not in tasks:
            continue
        row, values = tasks[task.task_id]
        typed = actuals.get(task.task_id, {})
        rows.append(
            ReturnedTaskRow(
                row=row,
                task_id=task.task_id,
                version=task.version,
                code=task.code,
                **values.report_fields(),
                indicator_actuals=dict(typed),
                filled=values.filled or bool(typed),
            )
        )
    return ReturnedWorkbook(
        path, loaded.sha256, loaded.size, meta, tuple(rows), tuple(issues), contact
    )


# --- validation against the current state ------------------------------------------------------


def _foreign_file_issues(
    name: str, meta: FillInMeta, expected: FillInExpectation
) -> list[RowIssue]:
    """Errors for a file of another database, plan or period than the one expected."""
    issues: list[RowIssue] = []
    from_elsewhere = (
        expected.database_id is not None
        and meta.format_version >= 2  # version 1 files do not say (a warning, not an error)
        and meta.database_id != expected.database_id
    )
    if from_elsewhere:
        issues.append(
            file_issue(
                name,
                "该填报表不是从本数据库导出的（可能来自另一台电脑上的系统或另一个数据库），"
                "不能导入；请使用从本系统导出的填报表",
            )
        )
    if meta.plan_id != expected.plan_id:
        issues.append(
            file_issue(
                name,
                f"属于另一个计划（“{meta.plan_title}”，编号 {meta.plan_id}），"
                f"当前导入的计划编号为 {expected.plan_id}",
            )
        )
    period_differs = meta.period_label != expected.period_label or any(
        wanted is not None and wanted != found
        for wanted, found in (
            (expected.period_start, meta.period_start),
            (expected.period_end, meta.period_end),
        )
    )
    if period_differs:
        issues.append(
            file_issue(
                name,
                f"是“{meta.period_label}”（{meta.period_start}至{meta.period_end}）的填报表，"
                f"当前导入的报送期为“{expected.period_label}”",
            )
        )
    return issues


def speaks_for(meta: FillInMeta, expected: FillInExpectation) -> bool:
    """Whether a file's rows answer the expected database, plan and period (else none is read)."""
    return not _foreign_file_issues("", meta, expected)


def validate_returned(book: ReturnedWorkbook, expected: FillInExpectation) -> ReturnedWorkbook:
    """Check a read file against the current plan, period, assignments and task versions.

    Adds errors for a file of another database, plan or period, a department that is not
    expected, a filled row whose task belongs to another department or no longer exists, a
    filled row whose task changed after the export (older version), and indicators of other
    tasks; and warnings for tasks of the department missing from the file and for a version 1
    file, whose database cannot be checked.

    Args:
        book: A file as returned by read_fillin_workbook.
        expected: The current state, from services.

    Returns:
        The same file with the new issues appended (unchanged if it has no metadata).
    """
    meta = book.meta
    if meta is None:
        return book
    name = book.path.name
    issues = _foreign_file_issues(name, meta, expected)
    if issues:
        # Rows of another database, plan or period say nothing about this one; stop here.
        return replace(book, issues=book.issues + tuple(issues))
    if not is_sealed(meta) and not expected.accept_unsealed:
        issues.append(
            file_issue(
                name,
                f"该填报表为旧版格式（版本 {meta.format_version}，无密封），无法核验是否被改动或"
                "出自本数据库；本单位已设置不再接受旧版填报表，请重新导出填报表后填写",
            )
        )
        return replace(book, issues=book.issues + tuple(issues))
    if not is_sealed(meta) and expected.seal_key is not None:
        issues.append(
            file_issue(
                name,
                f"该填报表为旧版格式（版本 {meta.format_version}，无密封），无法核验是否被改动，"
                "请确认是本系统下发的填报表",
                Severity.WARNING,
            )
        )
    if expected.database_id is not None and meta.format_version < 2:
        issues.append(
            file_issue(
                name,
                "该填报表由旧版本程序导出，无法核对是否出自本数据库，请确认是本系统下发的填报表",
                Severity.WARNING,
            )
        )

    owners: dict[int, list[str]] = defaultdict(list)
    for department, task_ids in expected.department_tasks.items():
        for task_id in task_ids:
            owners[task_id].append(department)
    own = set(expected.department_tasks.get(meta.department, ()))
    if meta.department not in expected.department_tasks:
        issues.append(file_issue(name, f"填报单位“{meta.department}”不在本期应报送的单位中"))
    for row in book.filled_rows:
        label = f"任务“{row.code}”" if row.code else f"任务（编号 {row.task_id}）"

        def row_error(text: str, row: ReturnedTaskRow = row) -> None:
            issues.append(cell_issue(name, TASK_SHEET, row.row, None, text))

        current = expected.task_versions.get(row.task_id)
        if current is None:
            row_error(f"{label}已不在本计划中（可能已被删除），该行不能导入")
            continue
        if row.task_id not in own:
            others = "、".join(owners.get(row.task_id, [])) or "其他单位"
            row_error(f"{label}不属于“{meta.department}”（现由“{others}”负责），该行不能导入")
        if row.version < current:
            row_error(
                f"{label}在导出填报表后已被修改（填报表为第{row.version}版，系统中为第{current}版），"
                "请重新导出填报表后填写"
            )
        elif row.version > current:
            row_error(
                f"{label}的版本（第{row.version}版）比系统中（第{current}版）还新，"
                "文件可能来自其他数据库"
            )
        if expected.indicator_tasks is not None:
            for indicator_id in row.indicator_actuals:
                if expected.indicator_tasks.get(indicator_id) != row.task_id:
                    row_error(f"{label}的指标（编号 {indicator_id}）已不属于该任务或已被删除")
    listed = {task.task_id for task in meta.tasks}
    missing = sorted(own - listed)
    if missing:
        issues.append(
            file_issue(
                name,
                f"本单位有 {len(missing)} 项任务不在该填报表中（导出后新增或调整），"
                "请重新导出填报表补报",
                Severity.WARNING,
            )
        )
    return replace(book, issues=book.issues + tuple(issues))


# --- public reading API -----------------------------------------------------------------------


def read_fillin_workbook(
    path: str | os.PathLike[str],
    *,
    expected: FillInExpectation | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    seal_key: bytes | None = None,
    bounds: PlanBounds | None = None,
) -> ReturnedWorkbook:
    """Read one returned fill-in workbook; never raises for a bad file.

    Every problem, from "not an xlsx" to "percent over 100", becomes a ``RowIssue`` of the
    result; a file may be applied when ``not book.errors``. Checks against the current data
    (plan, period, department, task versions) need the caller's data: pass ``expected``.

    Formulas are never evaluated: the workbook is opened with ``data_only=False``, so a cell a
    department filled with a formula (``=1+1``, ``=A1``) is reported as an error on its row and
    column ("含有公式……不接受公式") and its value is not imported. Text that merely begins with
    "=" but is stored as text (typed with a leading apostrophe) is ordinary text.

    Args:
        path: The returned .xlsx.
        expected: When given, the file is also checked with validate_returned.
        max_bytes: Files larger than this are refused unread.
        seal_key: The key to check a sealed workbook with; ``expected.seal_key`` by default.
        bounds: What the plan holds, checked before the sheets are read; by default what
            ``expected`` implies.

    Returns:
        The file's sha256, size, metadata, typed rows and issues.
    """
    key = seal_key if seal_key is not None else expected.seal_key if expected else None
    if bounds is None and expected is not None:
        bounds = PlanBounds.of(expected)
    book = _read_book(Path(path), max_bytes, bounds, key)
    return book if expected is None else validate_returned(book, expected)


def _is_candidate(path: Path) -> bool:
    # "~$x.xlsx" is Excel's lock file, ".~lock.x.xlsx#" LibreOffice's: never returned workbooks.
    return (
        path.is_file()
        and path.suffix.lower() in (".xlsx", ".xlsm")
        and not path.name.startswith(("~$", ".~lock", "~"))
    )


def collect_returned_files(paths: str | os.PathLike[str] | Iterable[Any]) -> list[Path]:
    """Expand files and folders (their .xlsx files, sorted, subfolders included) into a list."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_candidate(p)))
        else:
            files.append(path)
    return files


def read_fillin_folder(
    paths: str | os.PathLike[str] | Iterable[Any],
    *,
    expected: FillInExpectation | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    seal_key: bytes | None = None,
    bounds: PlanBounds | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> list[ReturnedWorkbook]:
    """Read several returned workbooks: a file, a folder, or any mix of them.

    Args:
        paths: A file or folder, or an iterable of files and folders. Folders contribute
            their .xlsx files (Excel/WPS lock files skipped); files are read as given.
        expected: When given, every file is also checked with validate_returned.
        max_bytes: Files larger than this are refused unread.
        seal_key: As for read_fillin_workbook.
        bounds: As for read_fillin_workbook.
        progress: Called with (files done, files in all).
        cancel: When set, reading stops with ReportCancelled.

    Returns:
        One ReturnedWorkbook per file, in order; bad files carry their issues.
    """
    files = collect_returned_files(paths)
    books = []
    for done, path in enumerate(files):
        check_cancel(cancel, "导入已取消，未读取其余文件")
        books.append(
            read_fillin_workbook(
                path, expected=expected, max_bytes=max_bytes, seal_key=seal_key, bounds=bounds
            )
        )
        if progress is not None:
            progress(done + 1, len(files))
    return books
