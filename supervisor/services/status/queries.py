"""The tuned queries that feed the status rule: latest reports, indicators and actuals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Row,
    Select,
    any_,
    bindparam,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased

from supervisor.db.models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Task,
    task_co_department,
)
from supervisor.services.status.records import IndicatorState

# SQLite accepts at most 32766 bound parameters per statement; stay well below.
_CHUNK = 5000


def latest_report_id(as_of: dt.date) -> ColumnElement[int]:
    """Correlated subquery: the id of the task's latest report dated on or before ``as_of``.

    Only the lead unit's reports (see services.status). Served by the index
    (task_id, report_date, id, department_id), which also holds the unit: one index seek
    per task, without reading report rows.
    """
    newer = aliased(ProgressReport)
    query = select(newer.id).where(newer.task_id == Task.id)
    return _newest_lead_report(query, newer, as_of).correlate(Task).scalar_subquery()


def _newest_lead_report(query: Select, report: Any, as_of: dt.date) -> Select:
    """``query`` narrowed to the newest lead-unit report dated on or before ``as_of``.

    ``report`` is what the query reads reports through: the entity, an alias, or a table's
    ``.c``. Newest is by date, then by id (the later entry of a day wins), as the index
    (task_id, report_date, id) serves it.
    """
    return (
        query.where(report.report_date <= as_of, lead_report_clause(report.department_id))
        .order_by(report.report_date.desc(), report.id.desc())
        .limit(1)
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
        query = select(newer).where(newer.c.task_id == Task.id)
        found = _newest_lead_report(query, newer.c, as_of).lateral("latest_report")
        return found, true()
    return ProgressReport.__table__, ProgressReport.id == latest_report_id(as_of)


def lead_report_clause(department_id: ColumnElement[int | None]) -> ColumnElement[bool]:
    """A report of the task's lead unit: recorded by the office (no unit) or by the lead.

    ``department_id`` is the report's column; the clause compares it with ``Task``'s lead,
    so the query must have Task in its FROM (or correlate it).
    """
    return or_(department_id.is_(None), department_id == Task.lead_department_id)


def task_query(selection: list, as_of: dt.date, with_text: bool, dialect: str) -> Select:
    """One row per selected task with its latest lead report as of the date (18 columns)."""
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


def load_indicators(
    connection: Connection, selection: list, tasks: Sequence[Row], as_of: dt.date
) -> dict[int, tuple[IndicatorState, ...]]:
    """Task id → its indicators (not deleted) with their latest actual value as of the date."""
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
    actuals = stated_actuals(connection, [latest[t] for t in measured if t in latest])
    missing = [row[0] for row in rows if row[0] not in actuals and row[1] in latest]
    for chunk in chunks(missing):
        actuals.update(older_actuals(connection, chunk, as_of))
    by_task: dict[int, list[IndicatorState]] = {}
    for indicator_id, task_id, name, value, value_max, unit, comparator, text in rows:
        actual = actuals.get(indicator_id) if task_id in latest else None
        by_task.setdefault(task_id, []).append(
            IndicatorState(indicator_id, name, value, value_max, unit, comparator, text, actual)
        )
    return {task_id: tuple(items) for task_id, items in by_task.items()}


def older_actuals(
    connection: Connection, indicator_ids: list[int], as_of: dt.date
) -> dict[int, float]:
    """Indicator id → its latest actual from a lead report on or before the date."""
    query = (
        select(IndicatorActual.value)
        .join(ProgressReport, ProgressReport.id == IndicatorActual.report_id)
        .where(IndicatorActual.indicator_id == Indicator.id)
    )
    latest = (
        _newest_lead_report(query, ProgressReport, as_of)
        .correlate(Indicator, Task)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(Indicator.id, latest)
        .join(Task, Task.id == Indicator.task_id)
        .where(id_in(Indicator.id, indicator_ids, connection.dialect.name))
    ).all()
    return {indicator_id: value for indicator_id, value in rows if value is not None}


def co_departments(connection: Connection, selection: list) -> dict[int, tuple[int, ...]]:
    """Task id → ids of its co-operating departments (协办单位)."""
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


def id_in(column: ColumnElement[int], ids: list[int], dialect: str) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL ``column = ANY(array)``, one bound parameter.

    An IN list of thousands of ids is rendered and parsed as thousands of parameters on
    every call (≈0.1 s per 3,000 ids with psycopg); an array is sent as one value.
    """
    if dialect == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer), unique=True))
    return column.in_(ids)


def chunks(items: list[int]) -> Iterable[list[int]]:
    """The ids in slices small enough for one statement's bound parameters."""
    for index in range(0, len(items), _CHUNK):
        yield items[index : index + _CHUNK]


def indicator_targets(
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


def actuals_on(
    connection: Connection,
    targets: dict[int, list[tuple[int, float | None, str]]],
    latest: dict[int, tuple[int, dt.date, float | None]],
    day: dt.date,
) -> dict[int, float]:
    """Latest actual value of each indicator whose task's latest report gives no percent."""
    wanted = [t for t in targets if t in latest and latest[t][2] is None]
    actuals = stated_actuals(connection, [latest[t][0] for t in wanted])
    missing = [i for t in wanted for i, _, _ in targets[t] if i not in actuals]
    for chunk in chunks(missing):
        actuals.update(older_actuals(connection, chunk, day))
    return actuals


def stated_actuals(connection: Connection, report_ids: list[int]) -> dict[int, float]:
    """Indicator id → actual value stated in these reports (each a different task's latest).

    The ids come from the task query, so this is one index range per report rather than a
    second correlated lookup of the latest report per indicator.
    """
    actuals: dict[int, float] = {}
    dialect = connection.dialect.name
    for chunk in [report_ids] if dialect == "postgresql" else chunks(report_ids):
        actuals.update(
            connection.execute(
                select(IndicatorActual.indicator_id, IndicatorActual.value).where(
                    id_in(IndicatorActual.report_id, chunk, dialect)
                )
            ).all()
        )
    return actuals
