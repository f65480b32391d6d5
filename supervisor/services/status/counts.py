"""Leaf statuses and per-day status counts: the narrow paths statistics and trends read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Department, Task
from supervisor.domain import TaskKind, TaskStatus
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings, load_settings
from supervisor.services.status.queries import (
    actuals_on,
    co_departments,
    indicator_targets,
    latest_report,
)
from supervisor.services.status.records import LeafStatus
from supervisor.services.status.rule import (
    derive_at,
    derive_lagging,
    derive_warning,
    percent_done_of,
    time_progress,
)
from supervisor.services.status.states import without_gc
from supervisor.services.status.tree import TaskTree, plan_tree
from supervisor.services.tasks import get_plan


def leaf_statuses(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    settings: Settings | None = None,
) -> list[LeafStatus]:
    """The status of each leaf task as of a date, with its area and units, in tree order.

    The same statuses as ``task_states(..., leaves_only=True)`` (a test keeps the two in
    step) from a narrower query: statistics over 10,000 tasks spend most of their time
    turning columns into Python objects, and they need neither texts nor indicator details.

    Raises:
        NotFoundError: no such plan.
    """
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    session.flush()
    connection = session.connection()
    selection = [Task.plan_id == plan_id, Task.deleted_at.is_(None)]
    report, joined = latest_report(as_of, connection.dialect.name)
    rows = connection.execute(
        select(
            Task.id,
            Task.parent_id,
            Task.position,
            Task.title,  # (id, parent_id, position, title) first: the tree reads these
            Task.lead_department_id,
            Task.start_date,
            Task.deadline,
            report.c.id,
            report.c.report_date,
            report.c.percent,
            Task.kind,
        )
        .select_from(Task)
        .outerjoin(report, joined)
        .where(*selection)
    ).all()
    tree = TaskTree(rows)
    # A 常态化 leaf is in the tree (areas, order) but not in the statistics.
    routine = TaskKind.ROUTINE.value
    skipped = tree.parents | {row[0] for row in rows if row[10] == routine}
    targets = indicator_targets(connection, selection)
    latest = {
        row[0]: (row[7], row[8], row[9])
        for row in rows
        if row[7] is not None and row[0] not in skipped
    }
    actuals = actuals_on(connection, targets, latest, as_of)
    names = dict(connection.execute(select(Department.id, Department.name)).all())
    co_names = {
        task_id: tuple(map(names.__getitem__, ids))
        for task_id, ids in co_departments(connection, selection).items()
    }
    default_start, default_deadline = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    period_start = period_of(as_of, settings.reporting_period).start
    area = tree.area
    by_id = {row[0]: row for row in rows}
    leaves: list[LeafStatus] = []
    with without_gc():
        for task_id in tree.order:  # tree order, which area summaries keep
            if task_id in skipped:
                continue
            _id, _parent, _pos, _title, lead_id, row_start, row_end, _report, day, percent, _k = (
                by_id[task_id]
            )
            done = percent_done_of(percent, targets.get(task_id), actuals)
            start = row_start or default_start
            deadline = row_end or default_deadline
            status = derive_at(as_of, period_start, start, deadline, done, day, settings)
            expected = time_progress(start, deadline, as_of)
            lagging = derive_lagging(status, done, expected, settings)
            leaves.append(
                LeafStatus(
                    task_id,
                    status,
                    area[task_id],
                    names.get(lead_id),
                    co_names.get(task_id, ()),
                    lagging,
                    derive_warning(status, done, expected, lagging, settings),
                )
            )
    return leaves


def status_counts_on(
    session: Session,
    plan_id: int,
    days: Sequence[dt.date],
    *,
    settings: Settings | None = None,
) -> list[Counter[TaskStatus]]:
    """Status counts of the plan's leaf tasks on each of several days (for a trend).

    Gives the same statuses as ``task_states(..., leaves_only=True)`` on each day, but reads
    the tree, dates and indicators once and builds no per-task objects.
    """
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    session.flush()
    connection = session.connection()
    selection = [Task.plan_id == plan_id, Task.deleted_at.is_(None)]
    tree = plan_tree(connection, plan_id)
    default_start, default_deadline = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    routine = TaskKind.ROUTINE.value
    dates = {
        task_id: (start or default_start, deadline or default_deadline)
        for task_id, start, deadline, kind in connection.execute(
            select(Task.id, Task.start_date, Task.deadline, Task.kind).where(*selection)
        ).all()
        if task_id not in tree.parents and kind != routine
    }
    targets = indicator_targets(connection, selection)
    counts: list[Counter[TaskStatus]] = []
    for day in days:
        report, joined = latest_report(day, connection.dialect.name)
        latest = {
            task_id: (report_id, report_date, percent)
            for task_id, report_id, report_date, percent in connection.execute(
                select(Task.id, report.c.id, report.c.report_date, report.c.percent)
                .select_from(Task)
                .join(report, joined)
                .where(*selection)
            ).all()
            if task_id in dates
        }
        actuals = actuals_on(connection, targets, latest, day)
        period_start = period_of(day, settings.reporting_period).start
        counter: Counter[TaskStatus] = Counter()
        for task_id, (start, deadline) in dates.items():
            _report_id, report_date, percent = latest.get(task_id, (None, None, None))
            done = percent_done_of(percent, targets.get(task_id), actuals)
            counter[derive_at(day, period_start, start, deadline, done, report_date, settings)] += 1
        counts.append(counter)
    return counts
