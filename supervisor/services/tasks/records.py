"""What the task services return and take: frozen copies of tasks and indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from supervisor.domain import TaskKind


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """A task as listed in the tree, with its depth for indentation."""

    id: int
    plan_id: int
    parent_id: int | None
    code: str
    title: str
    depth: int
    lead_department: str | None
    deadline: dt.date | None
    version: int
    kind: TaskKind = TaskKind.ASSESSED


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """An indicator as a user enters it; ``value`` may be text and is checked to be numeric."""

    name: str
    value: object
    value_max: object = None
    unit: str = ""
    comparator: str = "="
    text: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    """An indicator of a task as stored."""

    id: int
    task_id: int
    position: int
    name: str
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    text: str


@dataclass(frozen=True, slots=True)
class TaskDetail:
    """Everything about one task that a form or a command shows."""

    id: int
    plan_id: int
    parent_id: int | None
    position: int
    code: str
    title: str
    text: str
    leader: str | None
    lead_department: str | None
    co_departments: tuple[str, ...]
    start_date: dt.date | None
    deadline: dt.date | None
    version: int
    deleted_at: dt.datetime | None
    indicators: tuple[IndicatorInfo, ...]
    kind: TaskKind = TaskKind.ASSESSED  # 考核, or 常态化 (not measured against 序时进度)


@dataclass(frozen=True, slots=True)
class DeletedTask:
    """One deletion that ``restore_task`` can undo: the task deleted and what went with it."""

    id: int
    code: str
    title: str
    deleted_at: dt.datetime
    count: int  # the task and the sub-tasks deleted with it
