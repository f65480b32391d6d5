"""Apply a previewed import of returned workbooks, and list who has not returned one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.db.models import Task
from supervisor.errors import (
    ConflictError,
    DuplicateError,
    ValidationError,
)
from supervisor.reports.fillin_format import (
    LEAD,
    RowIssue,
)
from supervisor.services import audit
from supervisor.services.periods import Period
from supervisor.services.progress import add_progress
from supervisor.services.roundtrip.preview import PlannedReport, ReturnPreview
from supervisor.services.roundtrip.state import (
    choose_period,
    imported_files,
    plan_state,
)
from supervisor.services.settings import load_settings
from supervisor.services.tasks import get_plan

MAX_LISTED_ERRORS = 10  # an error message names this many problems, then counts the rest


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
    already = imported_files(session, hashes)
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
            actuals=dict(report.indicator_actuals),
            today=today,
            # The unit that returned the file: a co-unit's report is its contribution (配合情况)
            # and never moves the task's 完成进度 or status (services.status).
            department=item.department_id,
            **report.report_fields(),
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
    chosen = choose_period(period, plan.year, load_settings(session).reporting_period)
    state = plan_state(session, plan_id)
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
