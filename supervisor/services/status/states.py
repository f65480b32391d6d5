"""task_states: every task's derived state as of a date, with what it was derived from."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from supervisor.db.models import Department, Task
from supervisor.domain import TaskKind, TaskStatus
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings, load_settings
from supervisor.services.status.queries import (
    co_departments,
    department_clause,
    load_indicators,
    task_query,
)
from supervisor.services.status.records import TaskState
from supervisor.services.status.rule import (
    DatedRules,
    derive_lagging,
    derive_warning,
    indicator_progress,
    status_by,
)
from supervisor.services.status.tree import TaskTree, plan_tree
from supervisor.services.tasks import get_plan


def task_states(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    leaves_only: bool = False,
    department_id: int | None = None,
    task_ids: Sequence[int] | None = None,
    with_text: bool = False,
    settings: Settings | None = None,
) -> list[TaskState]:
    """The status of the plan's tasks (not deleted) as of a date, in tree order.

    Args:
        leaves_only: only tasks without sub-tasks (what statistics count).
        department_id: only tasks this department leads or supports.
        task_ids: only these tasks.
        with_text: also load 进展情况 / 存在问题 / 下步打算 of the latest report.

    Raises:
        NotFoundError: no such plan.
    """
    with without_gc():
        return _task_states(
            session, plan_id, as_of, leaves_only, department_id, task_ids, with_text, settings
        )


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are built.

    10,000 task states allocate some 100,000 containers; the collections those trigger
    scan the whole heap and cost a quarter of the time, yet free nothing (no cycles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _task_states(
    session: Session,
    plan_id: int,
    as_of: dt.date,
    leaves_only: bool,
    department_id: int | None,
    task_ids: Sequence[int] | None,
    with_text: bool,
    settings: Settings | None,
) -> list[TaskState]:
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    # Plain Core queries on the session's connection: 10,000 rows are read as tuples,
    # without building ORM objects. Pending ORM changes are written first.
    session.flush()
    connection = session.connection()
    selection = [Task.plan_id == plan_id, Task.deleted_at.is_(None)]
    filtered = department_id is not None or task_ids is not None
    if department_id is not None:
        selection.append(department_clause(department_id))
    if task_ids is not None:
        selection.append(Task.id.in_(list(task_ids)))
    query = task_query(selection, as_of, with_text, connection.dialect.name)
    rows: Sequence[Row] = connection.execute(query).all()
    # Only some tasks selected: the tree (areas, order) still needs the whole plan.
    tree = plan_tree(connection, plan_id) if filtered else TaskTree(rows)
    parents = tree.parents
    if leaves_only:
        rows = [row for row in rows if row[0] not in parents]
    indicators = load_indicators(connection, selection, rows, as_of)
    names = dict(connection.execute(select(Department.id, Department.name)).all())
    co = co_departments(connection, selection)
    co_names = {task_id: tuple(map(names.__getitem__, ids)) for task_id, ids in co.items()}
    default_start, default_deadline = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    period_start = period_of(as_of, settings.reporting_period).start
    # Tree order: the tree's dict lists the tasks in that order already, so no sort.
    by_id = {row[0]: row for row in rows}
    rows = [by_id[task_id] for task_id in tree.order if task_id in by_id]
    area = tree.area
    routine = TaskKind.ROUTINE.value
    kinds = {kind.value: kind for kind in TaskKind}
    dated_rules = DatedRules(as_of, period_start, settings)
    states: list[TaskState] = []
    append = states.append
    for (
        task_id,
        parent_id,
        _position,
        title,
        code,
        text,
        leader,
        lead_id,
        start_date,
        row_deadline,
        version,
        report_id,
        report_date,
        percent,
        progress_text,
        problems,
        next_steps,
        kind,
    ) in rows:
        start = start_date or default_start
        deadline = row_deadline or default_deadline
        task_indicators = indicators.get(task_id, ())
        if percent is not None:
            percent_done: float | None = min(max(percent / 100, 0.0), 1.0)
        elif task_indicators:
            percent_done = indicator_progress(task_indicators)
        else:
            percent_done = None
        expected, rule = dated_rules(start, deadline)
        task_status: TaskStatus | None
        if kind == routine:
            task_status = None
            lagging = False
        else:
            task_status = status_by(rule, percent_done, report_date)
            lagging = derive_lagging(task_status, percent_done, expected, settings)
        # Positional, in field order: keyword arguments cost a measurable share at 10,000 rows.
        append(
            TaskState(
                *(
                    task_id,
                    plan_id,
                    parent_id,
                    code,
                    title,
                    text,
                    area[task_id],
                    task_id not in parents,  # is_leaf
                    leader,
                    lead_id,
                    names.get(lead_id),
                    co.get(task_id, ()),
                    co_names.get(task_id, ()),
                    start,
                    deadline,
                    row_deadline is not None,  # has_deadline
                    expected,
                    percent_done,
                    task_status,
                    task_indicators,
                    report_id,
                    report_date,
                    # An outer join without a report gives None: a row shows no text, not "None".
                    progress_text or "",
                    problems or "",
                    next_steps or "",
                    version,
                    None if percent is None else percent / 100,  # reported_percent
                    kinds[kind],
                    lagging,
                    derive_warning(task_status, percent_done, expected, lagging, settings),
                )
            )
        )
    return states
