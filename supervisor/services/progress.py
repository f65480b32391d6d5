"""Progress reports (进展): append-only, per task and reporting period; corrections point back.

A report can be recorded on behalf of a unit (``department``): the task's lead unit, or one
of its co-units. A co-unit's report is its contribution (配合情况): it is stored and listed,
but the task's 完成进度 and status come from the lead unit's reports only (a report without
a unit, recorded by the office, counts as the lead's; see ``services.status``).

A report is never changed. A correction is a new report with ``corrects_id`` set; it takes
the corrected report's period and date, so wherever "the latest report on or before a date"
is asked for, the correction (a higher id on the same date) stands in for the original,
also when the question is about a past date. The original stays in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, FromClause, select
from sqlalchemy.orm import Session, aliased, selectinload

from supervisor.db.models import Department, Indicator, IndicatorActual, ProgressReport, Task
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import audit, validation
from supervisor.services.departments import find_department
from supervisor.services.periods import period_of
from supervisor.services.settings import load_settings
from supervisor.services.status import department_clause, latest_report, tree_order
from supervisor.services.tasks import get_plan, load_task


@dataclass(frozen=True, slots=True)
class ActualValue:
    """The actual value of one indicator stated in a report."""

    indicator_id: int
    name: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class ProgressInfo:
    """One progress report as stored."""

    id: int
    task_id: int
    task_code: str
    task_title: str
    period: str
    report_date: dt.date
    percent: float | None  # 0..100 as reported
    actuals: tuple[ActualValue, ...]
    progress_text: str
    problems: str
    next_steps: str
    reporter: str
    corrects_id: int | None
    corrected_by_id: int | None
    created_at: dt.datetime
    created_by: str
    department_id: int | None = None  # the reporting unit; None = the office / lead unit
    department: str | None = None
    # Whether this report can drive the task's status (the lead unit's or the office's).
    counts_for_status: bool = True


def add_progress(
    session: Session,
    task_id: int,
    *,
    actor: str,
    report_date: dt.date | str | None = None,
    percent: float | str | None = None,
    actuals: Mapping[int, object] | None = None,
    progress_text: str = "",
    problems: str = "",
    next_steps: str = "",
    reporter: str = "",
    corrects_id: int | None = None,
    today: dt.date | None = None,
    department: int | str | None = None,
) -> ProgressInfo:
    """Record a progress report of a task (or a correction of an earlier one).

    Args:
        report_date: the day of the report; required unless correcting (a correction keeps
            the corrected report's date and period).
        percent: percent done, 0..100.
        actuals: indicator id → actual value.
        corrects_id: the report this one corrects.
        today: the current date (for tests); reports dated after it are refused.
        department: the unit reporting (id or name): the task's lead unit or a co-unit.
            None records the report for the office (counted as the lead's). A correction
            keeps the unit of the report it corrects.

    Raises:
        ValidationError: nothing reported, a percent outside 0..100, a non-numeric actual,
            an indicator of another task, a date in the future, a correction of a report
            that was already corrected, a unit that neither leads nor supports the task.
        NotFoundError: no such task, report or unit.
    """
    task = load_task(session, task_id)
    unit_id = _reporting_unit(session, task, department)
    plan = get_plan(session, task.plan_id)
    today = today or dt.date.today()
    clean_percent = validation.percent(percent)
    clean_actuals = _checked_actuals(task, actuals or {})
    texts = {
        "progress_text": str(progress_text or "").strip(),
        "problems": str(problems or "").strip(),
        "next_steps": str(next_steps or "").strip(),
    }
    clean_reporter = validation.optional_text(reporter, "报送人", 100) or ""
    if clean_percent is None and not clean_actuals and not texts["progress_text"]:
        raise ValidationError("进展报送不能为空：请至少填写完成进度、指标实际值或进展情况")
    corrected = None
    if corrects_id is not None:
        corrected = _checked_correction(session, task, corrects_id, report_date)
        day, period = corrected.report_date, corrected.period
        if department is not None and unit_id != corrected.department_id:
            raise ValidationError("更正沿用原报送的报送单位，不能改为其他单位")
        unit_id = corrected.department_id
    else:
        if report_date is None or (isinstance(report_date, str) and not report_date.strip()):
            raise ValidationError("请填写报送日期")
        day = validation.date_near_year(report_date, "报送日期", plan.year)
        if day > today:
            raise ValidationError(f"报送日期 {day} 晚于今天，不能预先报送")
        period = period_of(day, load_settings(session).reporting_period).key
    report = ProgressReport(
        task_id=task.id,
        period=period,
        report_date=day,
        percent=clean_percent,
        reporter=clean_reporter,
        corrects_id=corrects_id,
        created_by=actor,
        department_id=unit_id,
        actuals=[IndicatorActual(indicator_id=i, value=v) for i, v in clean_actuals.items()],
        **texts,
    )
    session.add(report)
    session.flush()
    audit.record(
        session,
        actor,
        "correct" if corrected is not None else "progress",
        "progress_report",
        report.id,
        task_id=task.id,
        field="percent",
        old=corrected.percent if corrected is not None else None,
        new=clean_percent,
    )
    if unit_id is not None and corrected is None:
        audit.record(
            session,
            actor,
            "progress",
            "progress_report",
            report.id,
            task_id=task.id,
            field="department",
            new=_unit_name(session, unit_id),
        )
    for indicator_id, value in clean_actuals.items():
        old_value = None
        if corrected is not None:
            old_value = next(
                (a.value for a in corrected.actuals if a.indicator_id == indicator_id), None
            )
        audit.record(
            session,
            actor,
            "correct" if corrected is not None else "progress",
            "indicator_actual",
            indicator_id,
            task_id=task.id,
            field="actual",
            old=old_value,
            new=value,
        )
    return _info(session, report, task)


def task_progress(
    session: Session, task_id: int, *, as_of: dt.date | None = None
) -> list[ProgressInfo]:
    """Every report of one task (corrected ones included), newest first."""
    task = load_task(session, task_id, include_deleted=True)
    query = (
        select(ProgressReport)
        .options(selectinload(ProgressReport.actuals))
        .where(ProgressReport.task_id == task.id)
        .order_by(ProgressReport.report_date.desc(), ProgressReport.id.desc())
    )
    if as_of is not None:
        query = query.where(ProgressReport.report_date <= as_of)
    reports = session.scalars(query).all()
    corrected_by = {r.corrects_id: r.id for r in reports if r.corrects_id is not None}
    names = _indicator_names(session, [task.id])
    return [_info(session, r, task, corrected_by.get(r.id), names) for r in reports]


def latest_progress(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    department_id: int | None = None,
    reported_by: int | None = None,
) -> list[ProgressInfo]:
    """The latest report of each task of a plan on or before ``as_of``, in tree order.

    By default the latest report that drives the status (the lead unit's or the office's).
    Tasks without a report by then are left out.

    Args:
        department_id: only tasks this unit leads or supports.
        reported_by: instead, the latest report this unit recorded itself (a co-unit's own
            配合情况, for its fill-in sheet), of the tasks it leads or supports.
    """
    get_plan(session, plan_id)
    session.flush()
    # Plain rows, not ORM objects: a province-sized plan has 10,000 of them.
    connection = session.connection()
    selection = [Task.plan_id == plan_id, Task.deleted_at.is_(None)]
    if department_id is not None:
        selection.append(department_clause(department_id))
    if reported_by is not None:
        selection.append(department_clause(reported_by))
        report, joined = _unit_report(as_of, reported_by)
    else:
        report, joined = latest_report(as_of, connection.dialect.name)
    rows = [
        tuple(row)
        for row in connection.execute(
            select(
                report.c.id,
                Task.id,
                Task.code,
                Task.title,
                report.c.period,
                report.c.report_date,
                report.c.percent,
                report.c.progress_text,
                report.c.problems,
                report.c.next_steps,
                report.c.reporter,
                report.c.corrects_id,
                report.c.created_at,
                report.c.created_by,
                report.c.department_id,
                Task.lead_department_id,
            )
            .select_from(Task)
            .join(report, joined)
            .where(*selection)
        ).all()
    ]
    actuals: dict[int, list[ActualValue]] = {}
    report_ids = [row[0] for row in rows]
    for start in range(0, len(report_ids), 5000):
        for report_id, indicator_id, name, value, unit in connection.execute(
            select(
                IndicatorActual.report_id,
                IndicatorActual.indicator_id,
                Indicator.name,
                IndicatorActual.value,
                Indicator.unit,
            )
            .join(Indicator, Indicator.id == IndicatorActual.indicator_id)
            .where(IndicatorActual.report_id.in_(report_ids[start : start + 5000]))
            .order_by(IndicatorActual.report_id, IndicatorActual.indicator_id)
        ).all():
            actuals.setdefault(report_id, []).append(ActualValue(indicator_id, name, value, unit))
    order = tree_order(session, plan_id)
    rows.sort(key=lambda row: order.get(row[1], len(order)))
    units = dict(connection.execute(select(Department.id, Department.name)).all())
    return [
        ProgressInfo(
            id=report_id,
            task_id=task_id,
            task_code=code,
            task_title=title,
            period=period,
            report_date=report_date,
            percent=percent,
            actuals=tuple(actuals.get(report_id, ())),
            progress_text=progress_text,
            problems=problems,
            next_steps=next_steps,
            reporter=reporter,
            corrects_id=corrects_id,
            corrected_by_id=None,  # the latest report is never itself corrected
            created_at=created_at,
            created_by=created_by,
            department_id=unit_id,
            department=units.get(unit_id) if unit_id is not None else None,
            counts_for_status=unit_id is None or unit_id == lead_id,
        )
        for (
            report_id,
            task_id,
            code,
            title,
            period,
            report_date,
            percent,
            progress_text,
            problems,
            next_steps,
            reporter,
            corrects_id,
            created_at,
            created_by,
            unit_id,
            lead_id,
        ) in rows
    ]


def _unit_report(as_of: dt.date, department_id: int) -> tuple[FromClause, ColumnElement[bool]]:
    """Join for each task's latest report recorded by one unit on or before ``as_of``.

    One unit's tasks are a few hundred at most, so the plain correlated form serves both
    backends.
    """
    newer = aliased(ProgressReport)
    latest_id = (
        select(newer.id)
        .where(
            newer.task_id == Task.id,
            newer.report_date <= as_of,
            newer.department_id == department_id,
        )
        .order_by(newer.report_date.desc(), newer.id.desc())
        .limit(1)
        .correlate(Task)
        .scalar_subquery()
    )
    return ProgressReport.__table__, ProgressReport.id == latest_id


def _reporting_unit(session: Session, task: Task, department: int | str | None) -> int | None:
    """The id of the unit a report is recorded for, checked against the task's units."""
    if department is None or (isinstance(department, str) and not department.strip()):
        return None
    if isinstance(department, int):
        row = session.get(Department, department)
        if row is None or row.deleted_at is not None:
            raise NotFoundError(f"没有编号为 {department} 的单位")
    else:
        row = find_department(session, department)
    if row.id != task.lead_department_id and row.id not in {d.id for d in task.co_departments}:
        raise ValidationError(
            f"“{row.name}”不是任务 {task.code} 的牵头单位或配合单位，不能代其报送进展"
        )
    return row.id


def _checked_actuals(task: Task, actuals: Mapping[int, object]) -> dict[int, float]:
    own = {i.id: i for i in task.indicators if i.deleted_at is None}
    clean: dict[int, float] = {}
    for indicator_id, value in actuals.items():
        indicator = own.get(indicator_id)
        if indicator is None:
            raise ValidationError(f"指标 {indicator_id} 不属于任务 {task.code}")
        clean[indicator_id] = validation.number(value, f"指标“{indicator.name}”的实际值")
    return clean


def _checked_correction(
    session: Session, task: Task, corrects_id: int, report_date: object
) -> ProgressReport:
    corrected = session.get(ProgressReport, corrects_id)
    if corrected is None or corrected.task_id != task.id:
        raise NotFoundError(f"任务 {task.code} 没有编号为 {corrects_id} 的进展报送")
    newer = session.scalar(
        select(ProgressReport.id).where(ProgressReport.corrects_id == corrects_id).limit(1)
    )
    if newer is not None:
        raise ValidationError(f"进展报送 {corrects_id} 已被 {newer} 更正，请更正最新的一条")
    if report_date is not None and str(report_date).strip():
        day = validation.parse_date(report_date, "报送日期")
        if day != corrected.report_date:
            raise ValidationError(
                f"更正沿用原报送的日期 {corrected.report_date}，不能改为 {day}；"
                "如需新的报送请不要指定被更正的报送"
            )
    return corrected


def _indicator_names(session: Session, task_ids: list[int]) -> dict[int, tuple[str, str]]:
    if not task_ids:
        return {}
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(task_ids), 5000):
        rows = session.execute(
            select(Indicator.id, Indicator.name, Indicator.unit).where(
                Indicator.task_id.in_(task_ids[start : start + 5000])
            )
        )
        found.update({i: (name, unit) for i, name, unit in rows})
    return found


# The fields of a ProgressInfo that are the stored report's columns of the same name.
_STORED = (
    "id",
    "task_id",
    "period",
    "report_date",
    "percent",
    "progress_text",
    "problems",
    "next_steps",
    "reporter",
    "corrects_id",
    "created_at",
    "created_by",
    "department_id",
)


def _info(
    session: Session,
    report: ProgressReport,
    task: Task,
    corrected_by_id: int | None = None,
    names: dict[int, tuple[str, str]] | None = None,
) -> ProgressInfo:
    names = names if names is not None else _indicator_names(session, [task.id])
    actuals = []
    for actual in sorted(report.actuals, key=lambda a: a.indicator_id):
        name, unit = names.get(actual.indicator_id, ("", ""))
        actuals.append(ActualValue(actual.indicator_id, name, actual.value, unit))
    return ProgressInfo(
        **{name: getattr(report, name) for name in _STORED},
        task_code=task.code,
        task_title=task.title,
        actuals=tuple(actuals),
        corrected_by_id=corrected_by_id,
        department=_unit_name(session, report.department_id),
        counts_for_status=report.department_id in (None, task.lead_department_id),
    )


def _unit_name(session: Session, department_id: int | None) -> str | None:
    if department_id is None:
        return None
    row = session.get(Department, department_id)
    return row.name if row is not None else None
