"""The plan as the fill-in round trip sees it: who reports on what, the period, past imports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import (
    Department,
    Indicator,
    Task,
    task_co_department,
)
from supervisor.db.models import ReturnedWorkbook as ReturnedWorkbookRow
from supervisor.reports.fillin_format import (
    TASK_SHEET,
    RowIssue,
    Severity,
    cell_issue,
)
from supervisor.services.periods import Period, default_as_of, parse_period, period_of
from supervisor.services.settings import load_settings
from supervisor.services.tasks import get_plan

# --- the plan's current state ------------------------------------------------------------------


@dataclass(slots=True)
class PlanState:
    """Live tasks of a plan: versions, leaves, who reports on them, their indicators."""

    versions: dict[int, int] = field(default_factory=dict)
    leads: dict[int, int | None] = field(default_factory=dict)  # task → lead department
    department_tasks: dict[int, list[int]] = field(default_factory=dict)  # leaf tasks only
    department_names: dict[int, str] = field(default_factory=dict)
    indicator_tasks: dict[int, int] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)  # task → its code (任务编号)
    unassigned_leaves: int = 0

    def tasks_by_name(self) -> dict[str, list[int]]:
        return {self.department_names[d]: ids for d, ids in self.department_tasks.items()}


def plan_state(session: Session, plan_id: int) -> PlanState:
    """Read the plan's assignments as the fill-in workbooks see them: leaf tasks only.

    Leaves, as in the other exports (统计口径): a task that was split reports through its
    sub-tasks, so a heading is never asked for progress of its own.
    """
    session.flush()
    live = (Task.plan_id == plan_id, Task.deleted_at.is_(None))
    state = PlanState()
    parents: set[int] = set()
    for task_id, version, parent_id, lead_id, code in session.execute(
        select(Task.id, Task.version, Task.parent_id, Task.lead_department_id, Task.code).where(
            *live
        )
    ):
        state.versions[task_id] = version
        state.codes[task_id] = code
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


def period_fields(period: Period) -> dict[str, Any]:
    """The period as the fill-in records (workbook scope, expectation) name its parts."""
    return {"period_label": period.label, "period_start": period.start, "period_end": period.end}


def choose_period(period: Period | str | None, plan_year: int, kind: str) -> Period:
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
    return choose_period(None, plan.year, load_settings(session).reporting_period)


def imported_files(session: Session, hashes: list[str]) -> dict[str, str]:
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


def task_issue(
    name: str, row: int, column: str | None, text: str, severity: Severity = Severity.ERROR
) -> RowIssue:
    """An issue of a row (or cell) of a returned file's task sheet."""
    return cell_issue(name, TASK_SHEET, row, column, text, severity)
