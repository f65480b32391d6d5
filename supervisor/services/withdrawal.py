"""撤回: take back a batch of progress reports just recorded together (the undo of one 保存).

Progress history is append-only: a report that others may have read or built on is never
deleted, it is corrected (更正). The one exception is the batch the user saved a moment ago,
with nothing recorded on top of it since: withdrawing it is the undo of that save. Each
withdrawn report and indicator actual stays in the audit log as 撤回, with who and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from supervisor.db.models import ProgressReport, Task
from supervisor.errors import SupervisorError, ValidationError
from supervisor.services import audit
from supervisor.services.progress import add_progress

WITHDRAW = "withdraw"  # the audit action (shown as 撤回)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """One report of a batch, as ``progress.add_progress`` takes it."""

    task_id: int
    percent: float | None = None
    actuals: Mapping[int, float] = field(default_factory=dict)
    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""


class BatchReportError(ValidationError):
    """A report of a batch was refused: which one (its index) and the service's reason."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def record_batch(
    session: Session,
    reports: Sequence[BatchReport],
    *,
    actor: str,
    report_date: dt.date,
    today: dt.date | None = None,
) -> tuple[int, ...]:
    """Record several reports dated ``report_date`` in the caller's transaction.

    Returns:
        The new reports' ids, in the order given (what ``withdraw_batch`` takes).

    Raises:
        BatchReportError: a report was refused (``index`` says which); the caller rolls the
            transaction back, so nothing of the batch is stored.
    """
    ids = []
    for index, report in enumerate(reports):
        try:
            info = add_progress(
                session,
                report.task_id,
                actor=actor,
                report_date=report_date,
                percent=report.percent,
                actuals=dict(report.actuals),
                progress_text=report.progress_text,
                problems=report.problems,
                next_steps=report.next_steps,
                today=today,
            )
        except SupervisorError as err:
            raise BatchReportError(index, str(err)) from err
        ids.append(info.id)
    return tuple(ids)


def withdraw_batch(session: Session, report_ids: Sequence[int], *, actor: str) -> int:
    """Withdraw (撤回) reports recorded together, with their indicator actuals.

    Refused, with nothing changed, when a report is gone already, or when any task of the
    batch got a later report or a correction meanwhile: the batch is then no longer the last
    word on its tasks, and taking it back would rewrite what others have seen.

    Returns:
        How many reports were withdrawn.

    Raises:
        ValidationError: a report no longer exists, or something was recorded on top.
    """
    wanted = sorted(set(report_ids))
    if not wanted:
        return 0
    reports = session.scalars(
        select(ProgressReport)
        .options(selectinload(ProgressReport.actuals))
        .where(ProgressReport.id.in_(wanted))
    ).all()
    if len(reports) != len(wanted):
        raise ValidationError("这批进展报送已不存在（可能已撤回），无法撤销")
    _check_nothing_on_top(session, reports, set(wanted))
    withdrawn = partial(audit.record, session, actor, WITHDRAW)
    for report in sorted(reports, key=lambda r: r.id):
        task = report.task_id
        withdrawn("progress_report", report.id, task_id=task, field="percent", old=report.percent)
        for actual in sorted(report.actuals, key=lambda a: a.indicator_id):
            withdrawn(
                "indicator_actual",
                actual.indicator_id,
                task_id=task,
                field="actual",
                old=actual.value,
            )
        session.delete(report)  # its actuals go with it (delete-orphan)
    session.flush()
    return len(reports)


def _check_nothing_on_top(
    session: Session, reports: Sequence[ProgressReport], batch: set[int]
) -> None:
    """Refuse when a task of the batch has a newer report, or a report corrects the batch."""
    first_of_task: dict[int, int] = {}
    for report in reports:
        first_of_task[report.task_id] = min(first_of_task.get(report.task_id, report.id), report.id)
    newer = or_(
        *(
            (ProgressReport.task_id == task_id) & (ProgressReport.id > first)
            for task_id, first in first_of_task.items()
        ),
        ProgressReport.corrects_id.in_(batch),
    )
    row = session.execute(
        select(Task.code, ProgressReport.corrects_id)
        .join(Task, Task.id == ProgressReport.task_id)
        .where(newer, ProgressReport.id.not_in(batch))
        .order_by(ProgressReport.id)
        .limit(1)
    ).first()
    if row is not None:
        code, corrects = row
        what = "更正" if corrects is not None else "报送"
        raise ValidationError(
            f"任务 {code} 在这批报送之后又有新的{what}，不能撤回这批报送；"
            "如有填错，请在任务详情中“更正”"
        )
