"""Derived task status (预警) from 序时进度, as of any date; never typed in.

The rule, for one task on the day ``as_of`` (the day counts as elapsed):

* Start = the task's start date, else 1 January of the plan's year. Deadline = the task's
  deadline, else 31 December of the plan's year.
* 序时进度 (time progress) = elapsed days / total days, both counted inclusively:
  ``(as_of - start + 1) / (deadline - start + 1)``, clamped to 0..1 (0 before the start,
  1 from the deadline on).
* 完成进度 (percent done) = the percent of the latest progress report dated on or before
  ``as_of``; where that report gives no percent, the mean over the task's indicators of
  ``min(actual / target, 1)``, using each indicator's latest actual value reported on or
  before ``as_of``. Only indicators meant "at least / exactly / about / range" (``>=``, ``=``,
  ``~``, ``range`` with the lower bound) and with a positive target count: for a ceiling
  (``<=``, 控制在…以内) a small actual is good, so actual/target is no measure of progress.
  With neither, percent done is unknown and counts as 0 below.

Then the first rule that applies wins:

1. 已完成 — percent done ≥ 100 %.
2. 逾期 — ``as_of`` is after the deadline (and the task is not done).
3. 未报送 — no report dated within the current reporting period (the week or month that
   contains ``as_of``, per the ``reporting_period`` setting), once the task has begun
   before that period began: a task that starts within the current period, or later, is
   not yet expected to report.
4. 临期 — the deadline is at most ``due_soon_days`` days away (the deadline day included).
5. 欠序时 — percent done < 序时进度 − ``behind_margin`` points.
6. 超序时 — percent done > 序时进度 + ``ahead_margin`` points.
7. 达序时 — otherwise.

Only the lead unit's reports count: a report recorded for a department
(``progress_report.department_id``) that is not the task's lead department is that unit's
contribution (配合情况) and never moves the task's 完成进度, status or 未报送; a report
without a department (recorded by the office) or from the lead department counts.

A 常态化 / 不考核 task (``TaskKind.ROUTINE``) is not assessed: no status (None; lists show
"常态化" through ``domain.status_text``), no warning, never lagging; statistics, counts,
trends and the ranking leave it out, while lists and the 分工方案 still show it.

滞后 (lagging; ``is_lagging``): the task is 欠序时 or 逾期, or it is 临期 while its percent
done is below 序时进度 − ``behind_margin`` points. 临期 alone never hides a task that is
behind: the status stays 临期 (blue, for the 督办单 colour), and ``lagging`` says it is behind.

预警 (``WarningLight``, derived beside the status), with gap = (序时进度 − 完成进度) in
points, an unknown percent counting as 0:

* none — a 常态化 task (not assessed).
* 绿灯 — 已完成; or none of the conditions below (a task not yet started has gap ≤ 0, so it
  is green; so is a 临期 task that is on track).
* 红灯 — 逾期, or gap > ``warning_red_points`` (default 30).
* 黄灯 — gap ≥ ``warning_yellow_points`` (default 10), or the task is lagging (a 欠序时 task
  just past ``behind_margin`` is at least yellow, so a lagging task never shows green), or
  it is 未报送 (the office does not know where it stands; with a gap beyond the red band,
  counted from its last report, it is red).

The rule, the tuned queries that feed it and the per-day counts are one module on purpose:
they must change together, and tests keep the three paths (task_states, leaf_statuses,
status_counts_on) in step.

Statistics count leaf tasks (those without sub-tasks that are not deleted): a task that was
split is measured through its sub-tasks, never twice.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Row,
    Select,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from supervisor.db.models import (
    Department,
    Indicator,
    IndicatorActual,
    ProgressReport,
    Task,
    task_co_department,
)
from supervisor.domain import Comparator, TaskKind, TaskStatus, WarningLight
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings, load_settings
from supervisor.services.tasks import get_plan

# Statuses in the order reports list them.
STATUS_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.DONE,
    TaskStatus.AHEAD,
    TaskStatus.ON_TRACK,
    TaskStatus.BEHIND,
    TaskStatus.DUE_SOON,
    TaskStatus.OVERDUE,
    TaskStatus.NOT_REPORTED,
)

_PROGRESS_COMPARATORS = frozenset(
    {Comparator.EQ, Comparator.GE, Comparator.APPROX, Comparator.RANGE}
)
# SQLite accepts at most 32766 bound parameters per statement; stay well below.
_CHUNK = 5000


# The states are NamedTuples rather than frozen dataclasses (STYLE.md's default): just as
# immutable, but a frozen dataclass's __init__ sets every field through object.__setattr__,
# measured at ≈4.5 µs a TaskState against ≈0.5 µs — 40 ms of the status of 10,000 tasks.
class IndicatorState(NamedTuple):
    """An indicator with its latest actual value as of the date."""

    id: int
    name: str
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    text: str
    actual: float | None


class TaskState(NamedTuple):
    """A task's derived status as of a date, with what the status was derived from."""

    task_id: int
    plan_id: int
    parent_id: int | None
    code: str
    title: str
    text: str
    area: str
    is_leaf: bool
    leader: str | None
    lead_department_id: int | None
    lead_department: str | None
    co_department_ids: tuple[int, ...]
    co_departments: tuple[str, ...]
    start: dt.date
    deadline: dt.date
    has_deadline: bool
    time_progress: float
    percent_done: float | None  # 0..1
    status: TaskStatus | None  # None: a 常态化 task, not assessed
    indicators: tuple[IndicatorState, ...]
    last_report_id: int | None
    last_report_date: dt.date | None
    progress_text: str
    problems: str
    next_steps: str
    version: int
    # The latest report's own percent (0..1), None when it gave none: what the unit typed.
    reported_percent: float | None = None
    kind: TaskKind = TaskKind.ASSESSED
    lagging: bool = False  # 滞后, see is_lagging
    warning: WarningLight | None = None  # 预警; None for a 常态化 task


class LeafStatus(NamedTuple):
    """What statistics count a leaf task by: its status, area and units (see leaf_statuses)."""

    task_id: int
    status: TaskStatus
    area: str
    lead_department: str | None
    co_departments: tuple[str, ...]
    lagging: bool = False
    warning: WarningLight | None = None


def time_progress(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """序时进度: the elapsed share of the days from ``start`` to ``deadline``, 0..1."""
    if as_of < start:
        return 0.0
    if as_of >= deadline:
        return 1.0
    return ((as_of - start).days + 1) / ((deadline - start).days + 1)


def indicator_progress(indicators: Iterable[IndicatorState]) -> float | None:
    """Mean of min(actual / target, 1) over the indicators that measure progress, or None."""
    return _mean_share((item.value, item.comparator, item.actual) for item in indicators)


def _mean_share(items: Iterable[tuple[float | None, str, float | None]]) -> float | None:
    shares = [
        min(actual / value, 1.0)
        for value, comparator, actual in items
        if actual is not None
        and value is not None
        and value > 0
        and comparator in _PROGRESS_COMPARATORS
    ]
    if not shares:
        return None
    return max(sum(shares) / len(shares), 0.0)


def derive_status(
    *,
    as_of: dt.date,
    start: dt.date,
    deadline: dt.date,
    percent_done: float | None,
    last_report_date: dt.date | None,
    settings: Settings,
) -> TaskStatus:
    """The status of one task by the rule in this module's docstring.

    Args:
        percent_done: 0..1, or None when unknown (counts as 0).
        last_report_date: the date of the latest report on or before ``as_of``.
    """
    period_start = period_of(as_of, settings.reporting_period).start
    return _derive(as_of, period_start, start, deadline, percent_done, last_report_date, settings)


def _derive(
    as_of: dt.date,
    period_start: dt.date,
    start: dt.date,
    deadline: dt.date,
    percent_done: float | None,
    last_report_date: dt.date | None,
    settings: Settings,
) -> TaskStatus:
    done = percent_done or 0.0
    if done >= 1.0 - 1e-9:
        return TaskStatus.DONE
    if as_of > deadline:
        return TaskStatus.OVERDUE
    if start < period_start and (last_report_date is None or last_report_date < period_start):
        return TaskStatus.NOT_REPORTED
    if (deadline - as_of).days <= settings.due_soon_days:
        return TaskStatus.DUE_SOON
    expected = time_progress(start, deadline, as_of)
    if done < expected - settings.behind_margin / 100:
        return TaskStatus.BEHIND
    if done > expected + settings.ahead_margin / 100:
        return TaskStatus.AHEAD
    return TaskStatus.ON_TRACK


def derive_lagging(
    status: TaskStatus | None, percent_done: float | None, time_progress: float, settings: Settings
) -> bool:
    """滞后 by the rule in this module's docstring: 欠序时, 逾期, or 临期 while behind 序时."""
    if status is TaskStatus.BEHIND or status is TaskStatus.OVERDUE:
        return True
    if status is TaskStatus.DUE_SOON:
        # The same comparison as 欠序时 in _derive, so the two never disagree at the margin.
        return (percent_done or 0.0) < time_progress - settings.behind_margin / 100
    return False


def derive_warning(
    status: TaskStatus | None,
    percent_done: float | None,
    time_progress: float,
    lagging: bool,
    settings: Settings,
) -> WarningLight | None:
    """预警 (绿灯/黄灯/红灯) by the rule in this module's docstring; None when not assessed.

    Args:
        status: None for a 常态化 task (not assessed).
    """
    if status is None:
        return None
    if status is TaskStatus.DONE:
        return WarningLight.GREEN
    if status is TaskStatus.OVERDUE:
        return WarningLight.RED
    gap = (time_progress - (percent_done or 0.0)) * 100
    # A hair of float noise must not tip a task over a band edge typed as a whole number.
    if gap > settings.warning_red_points + 1e-9:
        return WarningLight.RED
    if lagging or status is TaskStatus.NOT_REPORTED or gap >= settings.warning_yellow_points - 1e-9:
        return WarningLight.YELLOW
    return WarningLight.GREEN


class _Assessed(Protocol):
    @property
    def lagging(self) -> bool: ...


def is_lagging(state: _Assessed) -> bool:
    """Whether a task is 滞后: the one predicate every output lists lagging tasks by.

    Takes a ``TaskState`` or a report row (``reports.data.TaskRow``): both carry the flag
    derived once by ``derive_lagging`` (the rule in this module's docstring), so the
    bulletin, the sheets, the GUI and the command line cannot disagree.
    """
    return state.lagging


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
    query = _task_query(selection, as_of, with_text, connection.dialect.name)
    rows: Sequence[Row] = connection.execute(query).all()
    # Only some tasks selected: the tree (areas, order) still needs the whole plan.
    tree = _plan_tree(connection, plan_id) if filtered else _Tree(rows)
    parents = tree.parents
    if leaves_only:
        rows = [row for row in rows if row[0] not in parents]
    indicators = _load_indicators(connection, selection, rows, as_of)
    names = dict(connection.execute(select(Department.id, Department.name)).all())
    co = _co_departments(connection, selection)
    co_names = {task_id: tuple(map(names.__getitem__, ids)) for task_id, ids in co.items()}
    default_start, default_deadline = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    period_start = period_of(as_of, settings.reporting_period).start
    # Tree order: the tree's dict lists the tasks in that order already, so no sort.
    by_id = {row[0]: row for row in rows}
    rows = [by_id[task_id] for task_id in tree.order if task_id in by_id]
    area = tree.area
    routine = TaskKind.ROUTINE.value
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
        expected = time_progress(start, deadline, as_of)
        task_status: TaskStatus | None
        if kind == routine:
            task_status = None
            lagging = False
        else:
            task_status = _derive(
                as_of, period_start, start, deadline, percent_done, report_date, settings
            )
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
                    TaskKind(kind),
                    lagging,
                    derive_warning(task_status, percent_done, expected, lagging, settings),
                )
            )
        )
    return states


def department_tasks(
    session: Session, plan_id: int, department_id: int, *, as_of: dt.date
) -> list[TaskState]:
    """The tasks a department leads or supports, with their status as of a date."""
    return task_states(session, plan_id, as_of=as_of, department_id=department_id)


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
    tree = _Tree(rows)
    # A 常态化 leaf is in the tree (areas, order) but not in the statistics.
    routine = TaskKind.ROUTINE.value
    skipped = tree.parents | {row[0] for row in rows if row[10] == routine}
    targets = _indicator_targets(connection, selection)
    latest = {
        row[0]: (row[7], row[8], row[9])
        for row in rows
        if row[7] is not None and row[0] not in skipped
    }
    actuals = _actuals_on(connection, targets, latest, as_of)
    names = dict(connection.execute(select(Department.id, Department.name)).all())
    co_names = {
        task_id: tuple(map(names.__getitem__, ids))
        for task_id, ids in _co_departments(connection, selection).items()
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
            done = _percent_done(percent, targets.get(task_id), actuals)
            start = row_start or default_start
            deadline = row_end or default_deadline
            status = _derive(as_of, period_start, start, deadline, done, day, settings)
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
    tree = _plan_tree(connection, plan_id)
    default_start, default_deadline = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    routine = TaskKind.ROUTINE.value
    dates = {
        task_id: (start or default_start, deadline or default_deadline)
        for task_id, start, deadline, kind in connection.execute(
            select(Task.id, Task.start_date, Task.deadline, Task.kind).where(*selection)
        ).all()
        if task_id not in tree.parents and kind != routine
    }
    targets = _indicator_targets(connection, selection)
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
        actuals = _actuals_on(connection, targets, latest, day)
        period_start = period_of(day, settings.reporting_period).start
        counter: Counter[TaskStatus] = Counter()
        for task_id, (start, deadline) in dates.items():
            _report_id, report_date, percent = latest.get(task_id, (None, None, None))
            done = _percent_done(percent, targets.get(task_id), actuals)
            counter[_derive(day, period_start, start, deadline, done, report_date, settings)] += 1
        counts.append(counter)
    return counts


def _indicator_targets(
    connection: Connection, selection: list
) -> dict[int, list[tuple[int, float | None, str]]]:
    """Task id → (indicator id, target value, comparator) of its indicators."""
    targets: dict[int, list[tuple[int, float | None, str]]] = {}
    for indicator_id, task_id, value, comparator in connection.execute(
        select(Indicator.id, Indicator.task_id, Indicator.value, Indicator.comparator)
        .join(Task, Task.id == Indicator.task_id)
        .where(*selection, Indicator.deleted_at.is_(None))
    ).all():
        targets.setdefault(task_id, []).append((indicator_id, value, comparator))
    return targets


def _percent_done(
    percent: float | None,
    targets: list[tuple[int, float | None, str]] | None,
    actuals: dict[int, float],
) -> float | None:
    """完成进度 0..1 from a report's percent, else from its indicators' actuals (see the rule)."""
    if percent is not None:
        return min(max(percent / 100, 0.0), 1.0)
    if targets:
        return _mean_share(
            (value, comparator, actuals.get(indicator_id))
            for indicator_id, value, comparator in targets
        )
    return None


def _actuals_on(
    connection: Connection,
    targets: dict[int, list[tuple[int, float | None, str]]],
    latest: dict[int, tuple[int, dt.date, float | None]],
    day: dt.date,
) -> dict[int, float]:
    """Latest actual value of each indicator whose task's latest report gives no percent."""
    wanted = [t for t in targets if t in latest and latest[t][2] is None]
    actuals = _stated_actuals(connection, [latest[t][0] for t in wanted])
    missing = [i for t in wanted for i, _, _ in targets[t] if i not in actuals]
    for chunk in _chunks(missing):
        actuals.update(_older_actuals(connection, chunk, day))
    return actuals


def _stated_actuals(connection: Connection, report_ids: list[int]) -> dict[int, float]:
    """Indicator id → actual value stated in these reports (each a different task's latest).

    The ids come from the task query, so this is one index range per report rather than a
    second correlated lookup of the latest report per indicator.
    """
    actuals: dict[int, float] = {}
    for chunk in _chunks(report_ids):
        actuals.update(
            connection.execute(
                select(IndicatorActual.indicator_id, IndicatorActual.value).where(
                    IndicatorActual.report_id.in_(chunk)
                )
            ).all()
        )
    return actuals


def tree_order(session: Session, plan_id: int) -> dict[int, int]:
    """Each live task's index in tree order (parent first, siblings by position)."""
    return _plan_tree(session.connection(), plan_id).order


def _plan_tree(connection: Connection, plan_id: int) -> _Tree:
    return _Tree(
        connection.execute(
            select(Task.id, Task.parent_id, Task.position, Task.title).where(
                Task.plan_id == plan_id, Task.deleted_at.is_(None)
            )
        ).all()
    )


class _Tree:
    """The plan's task tree (not deleted): parents, areas (领域) and tree order."""

    def __init__(self, rows: Sequence[Row]) -> None:
        # Rows start with (id, parent_id, position, title ...); unpacked once, for speed.
        parent_of = {row[0]: row[1] for row in rows}
        title_of = {row[0]: row[3] for row in rows}
        self.parents = {parent for parent in parent_of.values() if parent is not None}
        children: dict[int | None, list[int]] = {}
        for _position, task_id, parent_id in sorted((row[2], row[0], row[1]) for row in rows):
            # A child whose parent is deleted is shown at the top level rather than lost.
            key = parent_id if parent_id in parent_of else None
            children.setdefault(key, []).append(task_id)
        self.order: dict[int, int] = {}
        self.area: dict[int, str] = {}
        roots = children.get(None, [])
        # A report's plan section (二、2020年重点工作) groups the areas (（一）…（八）) below
        # it: a top-level task with grandchildren is such a section, and its children are the
        # areas. A top-level task whose children are plain tasks is an area itself.
        sections = {
            root for root in roots if any(kid in children for kid in children.get(root, ()))
        }
        stack = roots[::-1]
        while stack:
            task_id = stack.pop()
            if task_id in self.order:
                continue  # a damaged tree with a cycle must not loop forever
            self.order[task_id] = len(self.order)
            parent_id = parent_of[task_id]
            if parent_id in sections:
                self.area[task_id] = title_of[task_id]
            else:
                # Pre-order: a parent's area is known before its children are reached.
                self.area[task_id] = self.area.get(parent_id) or title_of[task_id]
            kids = children.get(task_id)
            if kids:
                stack.extend(reversed(kids))
        for task_id in parent_of:  # nodes on a cycle without a root
            self.area.setdefault(task_id, title_of[task_id])
            self.order.setdefault(task_id, len(self.order))


def latest_report_id(as_of: dt.date) -> ColumnElement[int]:
    """Correlated subquery: the id of the task's latest report dated on or before ``as_of``.

    Only the lead unit's reports (see the module docstring). Served by the index
    (task_id, report_date, id, department_id), which also holds the unit: one index seek
    per task, without reading report rows.
    """
    newer = aliased(ProgressReport)
    return (
        select(newer.id)
        .where(
            newer.task_id == Task.id,
            newer.report_date <= as_of,
            lead_report_clause(newer.department_id),
        )
        .order_by(newer.report_date.desc(), newer.id.desc())
        .limit(1)
        .correlate(Task)
        .scalar_subquery()
    )


def latest_report(as_of: dt.date, dialect: str) -> tuple[FromClause, ColumnElement[bool]]:
    """What to join Task with for each task's latest report dated on or before ``as_of``.

    Returns the report's columns (read them through ``.c``) and the ON clause of the join.
    SQLite seeks the report by its id from ``latest_report_id``. PostgreSQL plans that same
    join as a hash of every report (≈0.2 s at 500,000 reports, even for one department's 200
    tasks); a LATERAL subquery makes it one probe of (task_id, report_date, id) per task.
    """
    if dialect == "postgresql":
        newer = ProgressReport.__table__.alias("newer")
        found = (
            select(newer)
            .where(
                newer.c.task_id == Task.id,
                newer.c.report_date <= as_of,
                lead_report_clause(newer.c.department_id),
            )
            .order_by(newer.c.report_date.desc(), newer.c.id.desc())
            .limit(1)
            .lateral("latest_report")
        )
        return found, true()
    return ProgressReport.__table__, ProgressReport.id == latest_report_id(as_of)


def lead_report_clause(department_id: ColumnElement[int | None]) -> ColumnElement[bool]:
    """A report of the task's lead unit: recorded by the office (no unit) or by the lead.

    ``department_id`` is the report's column; the clause compares it with ``Task``'s lead,
    so the query must have Task in its FROM (or correlate it).
    """
    return or_(department_id.is_(None), department_id == Task.lead_department_id)


def _task_query(selection: list, as_of: dt.date, with_text: bool, dialect: str) -> Select:
    report, joined = latest_report(as_of, dialect)
    columns = [
        Task.id,
        Task.parent_id,
        Task.position,
        Task.title,  # (id, parent_id, position, title) first: the tree reads these
        Task.code,
        Task.text,
        Task.leader,
        Task.lead_department_id,
        Task.start_date,
        Task.deadline,
        Task.version,
        report.c.id.label("report_id"),
        report.c.report_date,
        report.c.percent,
    ]
    # Always 18 columns, so the caller unpacks a row in one go; NULL where the text is not
    # wanted (it can be long and is only shown for a few tasks).
    texts = (report.c.progress_text, report.c.problems, report.c.next_steps)
    columns += texts if with_text else [null(), null(), null()]
    columns.append(Task.kind)
    return select(*columns).select_from(Task).outerjoin(report, joined).where(*selection)


def _load_indicators(
    connection: Connection, selection: list, tasks: Sequence[Row], as_of: dt.date
) -> dict[int, tuple[IndicatorState, ...]]:
    rows = connection.execute(
        select(
            Indicator.id,
            Indicator.task_id,
            Indicator.name,
            Indicator.value,
            Indicator.value_max,
            Indicator.unit,
            Indicator.comparator,
            Indicator.text,
        )
        .join(Task, Task.id == Indicator.task_id)
        .where(*selection, Indicator.deleted_at.is_(None))
        .order_by(Indicator.task_id, Indicator.position, Indicator.id)
    ).all()
    if not rows:
        return {}
    # Each task's latest report id (column 11 of the task query) as of the date.
    latest = {task[0]: task[11] for task in tasks if task[11] is not None}
    measured = {row[1] for row in rows}
    # Most reports state every indicator, so the actual stated in the task's latest report
    # is usually the one wanted; only for indicators that report left out, look further back.
    actuals = _stated_actuals(connection, [latest[t] for t in measured if t in latest])
    missing = [row[0] for row in rows if row[0] not in actuals and row[1] in latest]
    for chunk in _chunks(missing):
        actuals.update(_older_actuals(connection, chunk, as_of))
    by_task: dict[int, list[IndicatorState]] = {}
    for indicator_id, task_id, name, value, value_max, unit, comparator, text in rows:
        actual = actuals.get(indicator_id) if task_id in latest else None
        by_task.setdefault(task_id, []).append(
            IndicatorState(indicator_id, name, value, value_max, unit, comparator, text, actual)
        )
    return {task_id: tuple(items) for task_id, items in by_task.items()}


def _older_actuals(
    connection: Connection, indicator_ids: list[int], as_of: dt.date
) -> dict[int, float]:
    latest = (
        select(IndicatorActual.value)
        .join(ProgressReport, ProgressReport.id == IndicatorActual.report_id)
        .where(
            IndicatorActual.indicator_id == Indicator.id,
            ProgressReport.report_date <= as_of,
            lead_report_clause(ProgressReport.department_id),
        )
        .order_by(ProgressReport.report_date.desc(), ProgressReport.id.desc())
        .limit(1)
        .correlate(Indicator, Task)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(Indicator.id, latest)
        .join(Task, Task.id == Indicator.task_id)
        .where(Indicator.id.in_(indicator_ids))
    ).all()
    return {indicator_id: value for indicator_id, value in rows if value is not None}


def _co_departments(connection: Connection, selection: list) -> dict[int, tuple[int, ...]]:
    rows = connection.execute(
        select(task_co_department.c.task_id, task_co_department.c.department_id)
        .join(Task, Task.id == task_co_department.c.task_id)
        .where(*selection)
        .order_by(task_co_department.c.task_id, task_co_department.c.department_id)
    ).all()
    co: dict[int, list[int]] = {}
    for task_id, department_id in rows:
        co.setdefault(task_id, []).append(department_id)
    return {task_id: tuple(ids) for task_id, ids in co.items()}


def department_clause(department_id: int) -> ColumnElement[bool]:
    """Where-clause on Task: tasks the department leads or supports."""
    co_tasks = select(task_co_department.c.task_id).where(
        task_co_department.c.department_id == department_id
    )
    return or_(Task.lead_department_id == department_id, Task.id.in_(co_tasks))


def _chunks(items: list[int]) -> Iterable[list[int]]:
    for index in range(0, len(items), _CHUNK):
        yield items[index : index + _CHUNK]
