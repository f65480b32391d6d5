"""The database as the plain data of ``supervisor.reports.data``, for the xlsx and PDF writers."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import fields
from itertools import repeat
from operator import call
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Indicator, Task
from supervisor.domain import Comparator
from supervisor.reports.data import BulletinData, IndicatorRow, ReportHeader, TaskRow
from supervisor.services.departments import find_department
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings, load_settings
from supervisor.services.statistics import plan_statistics, trend
from supervisor.services.status import IndicatorState, TaskState, task_states, without_gc
from supervisor.services.tasks import get_plan
from supervisor.services.urging import task_urgings


def task_rows(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    leaves_only: bool = False,
    department: str | None = None,
    settings: Settings | None = None,
) -> list[TaskRow]:
    """The plan's tasks as report lines, as of a date, in tree order.

    Each row carries the task's indicators with their actual values as of the date, its
    latest progress report on or before the date, its derived status (see
    ``services.status``), how often it was urged up to the date, and its area: the
    top-level task (heading) it belongs to.

    Args:
        leaves_only: only tasks without sub-tasks (what the statistics count).
        department: only the tasks this unit leads or supports.

    Raises:
        NotFoundError: no such plan or department.
    """
    settings = settings or load_settings(session)
    department_id = find_department(session, department).id if department else None
    states = task_states(
        session,
        plan_id,
        as_of=as_of,
        leaves_only=leaves_only,
        department_id=department_id,
        with_text=True,
        settings=settings,
    )
    urged = task_urgings(session, plan_id, as_of=as_of)
    baselines = _baselines(session, plan_id)
    return [_row(state, urged.get(state.task_id, 0), baselines) for state in states]


def report_header(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    office_name: str | None = None,
    issue_number: int | None = None,
    settings: Settings | None = None,
) -> ReportHeader:
    """What an export states about itself; the office name defaults to the setting."""
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    return ReportHeader(
        office_name=office_name or settings.office_name,
        plan_title=plan.title,
        plan_year=plan.year,
        period_label=period_of(as_of, settings.reporting_period).label,
        as_of=as_of,
        issue_number=issue_number,
        plan_id=plan.id,
    )


def bulletin_data(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    office_name: str | None = None,
    requirements: str = "",
    issue_number: int | None = None,
    trend_periods: int = 8,
    scoring: str | None = None,
) -> BulletinData:
    """Everything a 督查通报 shows, computed as the dashboard computes it.

    Tasks, counts, areas and the ranking are over assessed leaf tasks (``services.status``:
    常态化 tasks are left out);
    the trend covers the last ``trend_periods`` reporting periods up to ``as_of``;
    ``scoring`` ("average" / "sum") overrides the ``ranking_score`` setting.
    """
    # 10,000 rows of records: collections would scan them all and free nothing.
    with without_gc():
        return _bulletin_data(
            session, plan_id, as_of, office_name, requirements, issue_number, trend_periods, scoring
        )


def _bulletin_data(
    session: Session,
    plan_id: int,
    as_of: dt.date,
    office_name: str | None,
    requirements: str,
    issue_number: int | None,
    trend_periods: int,
    scoring: str | None,
) -> BulletinData:
    settings = load_settings(session)
    header = report_header(
        session,
        plan_id,
        as_of=as_of,
        office_name=office_name,
        issue_number=issue_number,
        settings=settings,
    )
    states = task_states(
        session, plan_id, as_of=as_of, leaves_only=True, with_text=True, settings=settings
    )
    stats = plan_statistics(
        session, plan_id, as_of=as_of, states=states, settings=settings, scoring=scoring
    )
    urged = task_urgings(session, plan_id, as_of=as_of)
    baselines = _baselines(session, plan_id)
    return BulletinData(
        header=header,
        # A 常态化 task is not assessed: the bulletin reports on 序时 progress, as the counts do.
        tasks=tuple(
            _row(state, urged.get(state.task_id, 0), baselines)
            for state in states
            if state.status is not None
        ),
        trend=trend(
            session,
            plan_id,
            as_of=as_of,
            periods=trend_periods,
            settings=settings,
            counts_as_of=stats.status_counts,
        ),
        requirements=requirements.strip(),
        **stats.figures(),
    )


def target_text(
    value: float | None,
    value_max: float | None,
    unit: str,
    comparator: str,
    baseline: float | None = None,
) -> str:
    """An indicator's target as a reader writes it: ≥1万人, 6.5—7%, ≤3%, 约5亿元, 128亿元.

    With a baseline (基数) the text says where from: 从85%提高到90%, 从0.9吨降低到0.85吨.
    """
    if value is None:
        return ""
    if baseline is not None and comparator != _RANGE:
        verb = "降低到" if value < baseline else "提高到"
        after = _AFTER.get(comparator, "")
        before = "约" if comparator == _APPROX else ""
        return f"从{format_number(baseline)}{unit}{verb}{before}{format_number(value)}{unit}{after}"
    if comparator == _RANGE and value_max is not None:
        return f"{format_number(value)}—{format_number(value_max)}{unit}"
    return f"{_PREFIX.get(comparator, '')}{format_number(value)}{unit}"


# target_text's words, built once: it runs for each of a bulletin's thousands of indicators,
# and an enum member's .value is a property call each time.
_RANGE, _APPROX = Comparator.RANGE.value, Comparator.APPROX.value
_AFTER = {Comparator.GE.value: "以上", Comparator.LE.value: "以内"}
_PREFIX = {Comparator.GE.value: "≥", Comparator.LE.value: "≤", Comparator.APPROX.value: "约"}


def format_number(value: float) -> str:
    """A number without a needless ".0" and never in scientific notation (1e6)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _baselines(session: Session, plan_id: int) -> dict[int, float]:
    """Baselines (从X提高到Y's X) of the plan's indicators that have one, by indicator id."""
    rows = session.execute(
        select(Indicator.id, Indicator.baseline)
        .join(Task, Task.id == Indicator.task_id)
        .where(Task.plan_id == plan_id, Indicator.baseline.is_not(None))
    )
    return {indicator_id: baseline for indicator_id, baseline in rows}


_T = TypeVar("_T")


def _slot_builder(cls: type[_T], names: tuple[str, ...]) -> Callable[[tuple], _T]:
    """A constructor of the frozen slots dataclass ``cls`` from values in ``names``' order.

    The bulletin builds ~10,000 rows, and a frozen dataclass's __init__ sets each field
    through object.__setattr__ with keyword matching (≈6 µs a row, as much as the rest of a
    row); setting the slots directly, in C through map, takes a fifth of that. By name, so
    the order is the caller's; a field of ``cls`` not named stops the import.
    """
    if sorted(names) != sorted(f.name for f in fields(cls)):
        raise ImportError(f"reporting: {names} are not the fields of {cls.__name__}")
    setters = tuple(getattr(cls, name).__set__ for name in names)
    new = object.__new__

    def build(values: tuple) -> _T:
        obj = new(cls)
        deque(map(call, setters, repeat(obj), values), maxlen=0)
        return obj

    return build


_task_row = _slot_builder(
    TaskRow,
    (
        "task_id", "code", "title", "text", "area", "indicators", "leader", "lead_department",
        "co_departments", "deadline", "time_progress", "percent_done", "status",
        "progress_text", "problems", "next_steps", "last_report_date", "urging_count",
        "version", "reported_percent", "lagging", "warning", "kind",
    ),
)  # fmt: skip
_indicator_row = _slot_builder(
    IndicatorRow,
    ("name", "target_text", "value", "value_max", "unit", "comparator", "actual", "indicator_id"),
)


def _row(state: TaskState, urging_count: int, baselines: dict[int, float]) -> TaskRow:
    return _task_row(
        (
            state.task_id,
            state.code,
            state.title,
            state.text,
            state.area,
            _indicators(state.indicators, baselines) if state.indicators else (),
            state.leader or "",
            state.lead_department or "",
            state.co_departments,
            state.deadline if state.has_deadline else None,
            state.time_progress,
            state.percent_done,
            state.status,
            state.progress_text,
            state.problems,
            state.next_steps,
            state.last_report_date,
            urging_count,
            state.version,
            state.reported_percent,
            state.lagging,
            state.warning,
            state.kind,
        )
    )


def _indicators(
    items: Sequence[IndicatorState], baselines: dict[int, float]
) -> tuple[IndicatorRow, ...]:
    return tuple(
        _indicator_row(
            (
                item.name,
                target_text(
                    item.value, item.value_max, item.unit, item.comparator, baselines.get(item.id)
                ),
                item.value,
                item.value_max,
                item.unit,
                item.comparator,
                item.actual,
                item.id,
            )
        )
        for item in items
    )
