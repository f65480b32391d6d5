"""Leaf statuses and per-day status counts: the narrow paths statistics and trends read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Sequence

from sqlalchemy import Connection, exists, select
from sqlalchemy.orm import Session, aliased

from supervisor.db.models import Department, IndicatorActual, ProgressReport, Task
from supervisor.domain import TaskKind, TaskStatus
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings, load_settings
from supervisor.services.status.queries import (
    actuals_on,
    chunks,
    co_departments,
    indicator_targets,
    latest_report,
    lead_report_clause,
    older_actuals,
)
from supervisor.services.status.records import LeafStatus
from supervisor.services.status.rule import (
    DatedRules,
    DayRule,
    day_rule,
    derive_lagging,
    derive_warning,
    measured_share,
    measuring,
    percent_done_of,
    status_by,
)
from supervisor.services.status.states import without_gc
from supervisor.services.status.tree import TaskTree
from supervisor.services.tasks import get_plan

# Up to this many tasks are read by id; more, and the whole plan is read (a long IN list
# costs more than the rows it saves).
_FEW = 500


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
    dated_rules = DatedRules(as_of, period_start, settings)
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
            expected, rule = dated_rules(start, deadline)
            status = status_by(rule, done, day)
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

    Gives the same statuses as ``task_states(..., leaves_only=True)`` on each day (tests
    compare the two), but reads the tree, dates and indicators once and builds no per-task
    objects. Each task's latest report as of the earliest day is looked up once; the later
    reports, up to the last day, are read in one pass over that window and walked in date
    order: the latest report as of a day is the last of them dated on or before it.

    The status is split where the work is (a trend is days × ~10,000 tasks): 完成进度
    depends only on the report, so it is worked out once per report; the dates' part of
    the rule (序时进度, 逾期, 临期, whether a report is due) only on the task's (start,
    deadline) pair and the day, so once per pair and day (``day_rule``); per task and day
    only the comparisons of ``status_by`` remain.
    """
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    session.flush()
    if not days:
        return []
    # Some 100,000 rows become tuples: collections would scan them all and free nothing.
    with without_gc():
        return _status_counts_on(session.connection(), plan.year, days, plan_id, settings)


def leaf_statuses_by_day(
    session: Session,
    plan_id: int,
    days: Sequence[dt.date],
    *,
    only: Collection[int] | None,
    settings: Settings,
) -> dict[int, list[TaskStatus]]:
    """Each of the ``only`` tasks (None: every task) that is a counted leaf → its status on
    each of ``days``.

    The statuses ``status_counts_on`` counts; a few tasks' are worked out from their own
    reports alone (the stored statuses of services.status.stored fill their gaps so).
    """
    plan = get_plan(session, plan_id)
    session.flush()
    statuses: dict[int, list[TaskStatus]] = {}
    if days and (only is None or only):
        with without_gc():
            _status_counts_on(
                session.connection(), plan.year, days, plan_id, settings, only, statuses
            )
    return statuses


def _status_counts_on(
    connection: Connection,
    year: int,
    days: Sequence[dt.date],
    plan_id: int,
    settings: Settings,
    only: Collection[int] | None = None,
    statuses: dict[int, list[TaskStatus]] | None = None,
) -> list[Counter[TaskStatus]]:
    """The counts; with ``only``, of those leaves alone, and with ``statuses`` each leaf's
    status on each of ``days`` (in their order) put there too."""
    selection = [Task.plan_id == plan_id, Task.deleted_at.is_(None)]
    default_start, default_deadline = dt.date(year, 1, 1), dt.date(year, 12, 31)
    routine = TaskKind.ROUTINE.value
    if only is not None and len(only) <= _FEW:
        # A few tasks (those a change made stale): read them alone, each with whether a live
        # task of the plan is its child, not the whole plan's tree.
        child = aliased(Task)
        has_child = exists().where(
            child.parent_id == Task.id, child.plan_id == plan_id, child.deleted_at.is_(None)
        )
        selection.append(Task.id.in_(sorted(only)))
        rows = connection.execute(
            select(Task.id, has_child, Task.start_date, Task.deadline, Task.kind).where(*selection)
        ).all()
        parents = {row[0] for row in rows if row[1]}
    else:
        # Only which tasks are parents matters here, not the tree's order or areas.
        rows = connection.execute(
            select(Task.id, Task.parent_id, Task.start_date, Task.deadline, Task.kind).where(
                *selection
            )
        ).all()
        parents = {row[1] for row in rows if row[1] is not None}
    dates = {
        task_id: (start or default_start, deadline or default_deadline)
        for task_id, _parent, start, deadline, kind in rows
        if task_id not in parents and kind != routine and (only is None or task_id in only)
    }
    targets = indicator_targets(connection, selection)
    first, last = min(days), max(days)
    history, stated = _reports_from(connection, selection, first, last, dates)
    measured = {t: targets[t] for t in targets if t in dates and t in history}
    done_by_report = _done_by_report(connection, first, history, stated, measured)
    # Days in date order, each with its reporting period's first day; counts in that order.
    order = sorted(range(len(days)), key=days.__getitem__)
    ordered = [(days[i], period_of(days[i], settings.reporting_period).start) for i in order]
    rules: dict[tuple[dt.date, dt.date], list[DayRule]] = {}
    tallies: list[dict[TaskStatus, int]] = [dict.fromkeys(TaskStatus, 0) for _ in ordered]
    nothing: tuple[dt.date | None, float | None] = (None, None)
    found: list[TaskStatus] = []
    for task_id, pair in dates.items():
        day_rules = rules.get(pair)
        if day_rules is None:
            start, deadline = pair
            day_rules = rules[pair] = [
                day_rule(day, period_start, start, deadline, settings)
                for day, period_start in ordered
            ]
        reports = history.get(task_id, ())
        count, next_index, latest = len(reports), 0, nothing
        for index, (day, _period_start) in enumerate(ordered):
            while next_index < count and reports[next_index][1] <= day:
                report_id, report_date, percent = reports[next_index]
                next_index += 1
                done = (
                    done_by_report.get(report_id)
                    if percent is None
                    else percent_done_of(percent, None, {})
                )
                latest = (report_date, done)
            status = status_by(day_rules[index], latest[1], latest[0])
            tallies[index][status] += 1
            if statuses is not None:
                found.append(status)
        if statuses is not None:
            by_day = statuses[task_id] = [status] * len(days)
            for index, status in zip(order, found, strict=True):
                by_day[index] = status
            found = []
    counts: list[Counter[TaskStatus]] = [Counter() for _ in days]
    for index, tally in zip(order, tallies, strict=True):
        counts[index].update({key: value for key, value in tally.items() if value})
    return counts


# A report as the trend reads it: (id, report date, percent as typed or None).
_Report = tuple[int, dt.date, float | None]


def _reports_from(
    connection: Connection,
    selection: list,
    first: dt.date,
    last: dt.date,
    tasks: dict[int, tuple[dt.date, dt.date]],
) -> tuple[dict[int, list[_Report]], dict[int, dict[int, float]]]:
    """Each task's lead reports from its latest as of ``first`` up to ``last``, with actuals.

    Returns task id → its reports oldest first, and report id → {indicator id → actual}
    stated in it. One lookup of each task's latest report as of the first day, then every
    later lead report up to the last day in one pass over the window (a trend's weeks),
    rather than a lookup of every task's latest report per day: on PostgreSQL each such
    lookup costs as much as the bare latest-report query. The actuals come in the same
    rows (an outer join), not from a second query with thousands of report ids.
    """
    report, joined = latest_report(first, connection.dialect.name)
    history: dict[int, list[_Report]] = {}
    stated: dict[int, dict[int, float]] = {}
    actual = (IndicatorActual.indicator_id, IndicatorActual.value)
    for task_id, report_id, report_date, percent, indicator_id, value in connection.execute(
        select(Task.id, report.c.id, report.c.report_date, report.c.percent, *actual)
        .select_from(Task)
        .join(report, joined)
        .outerjoin(IndicatorActual, IndicatorActual.report_id == report.c.id)
        .where(*selection)
    ).all():
        if task_id in tasks:
            if indicator_id is not None:
                stated.setdefault(report_id, {})[indicator_id] = value
            if task_id not in history:
                history[task_id] = [(report_id, report_date, percent)]
    if last <= first:
        return history, stated
    previous = None
    for task_id, report_id, report_date, percent, indicator_id, value in connection.execute(
        select(
            ProgressReport.task_id,
            ProgressReport.id,
            ProgressReport.report_date,
            ProgressReport.percent,
            *actual,
        )
        .join(Task, Task.id == ProgressReport.task_id)
        .outerjoin(IndicatorActual, IndicatorActual.report_id == ProgressReport.id)
        .where(
            *selection,
            ProgressReport.report_date > first,
            ProgressReport.report_date <= last,
            lead_report_clause(ProgressReport.department_id),
        )
        .order_by(ProgressReport.task_id, ProgressReport.report_date, ProgressReport.id)
    ).all():
        if task_id in tasks:
            if indicator_id is not None:
                stated.setdefault(report_id, {})[indicator_id] = value
            if report_id != previous:  # a report's actuals come in adjacent rows
                previous = report_id
                found = history.get(task_id)
                if found is None:
                    history[task_id] = [(report_id, report_date, percent)]
                else:
                    found.append((report_id, report_date, percent))
    return history, stated


def _done_by_report(
    connection: Connection,
    first: dt.date,
    history: dict[int, list[_Report]],
    stated: dict[int, dict[int, float]],
    measured: dict[int, list[tuple[int, float | None, str]]],
) -> dict[int, float | None]:
    """Report id → 完成进度 (0..1 or None) of the reports that give no percent.

    Such a report is measured by its task's indicators, each at its latest actual as of
    the report: the one the report states, else the one the newest earlier lead report
    states (the rule reads "on or before the day", and the report is the day's latest).
    The task's reports are walked oldest first, so that earlier actual is at hand; only
    an actual stated in none of them is looked up before the window, once for all.
    """
    done: dict[int, float | None] = {}
    # Reports that need an actual older than the window: (report id, measures, actuals).
    pending: list[tuple[int, list[tuple[int, float]], dict[int, float]]] = []
    unstated: set[int] = set()
    for task_id, targets in measured.items():
        reports = history[task_id]
        measures = measuring(targets)
        seen: dict[int, float] = {}
        for report_id, _day, percent in reports:
            in_report = stated.get(report_id)
            if in_report:
                seen.update(in_report)
            if percent is None:
                missing = [i for i, _value in measures if i not in seen]
                if missing:
                    unstated.update(missing)
                    pending.append((report_id, measures, dict(seen)))
                else:
                    done[report_id] = measured_share(measures, seen)
    if pending:
        older: dict[int, float] = {}
        for chunk in chunks(sorted(unstated)):
            # The window's first report is each task's latest as of ``first``: an actual
            # stated before it is the newest on or before ``first``.
            older.update(older_actuals(connection, chunk, first))
        for report_id, measures, seen in pending:
            done[report_id] = measured_share(measures, {**older, **seen})
    return done
