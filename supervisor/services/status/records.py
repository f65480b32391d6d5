"""The status records: a task's derived state, its indicators, a leaf's counted status."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from supervisor.domain import TaskKind, TaskStatus, WarningLight


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
