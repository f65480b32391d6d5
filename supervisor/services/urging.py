"""Urging (催办): dated records with a note and an optional 蓝/黄/红 督办单 colour."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from supervisor.db.models import Department, Task, Urging
from supervisor.domain import UrgingColour
from supervisor.errors import ValidationError
from supervisor.services import audit, validation
from supervisor.services.departments import find_department
from supervisor.services.tasks import get_plan, load_task

_COLOUR_ALIASES = {
    "蓝": UrgingColour.BLUE,
    "blue": UrgingColour.BLUE,
    "黄": UrgingColour.YELLOW,
    "yellow": UrgingColour.YELLOW,
    "红": UrgingColour.RED,
    "red": UrgingColour.RED,
}


@dataclass(frozen=True, slots=True)
class UrgingInfo:
    """One urging as stored."""

    id: int
    task_id: int
    task_code: str
    task_title: str
    department: str | None
    date: dt.date
    colour: UrgingColour | None
    note: str
    created_by: str


@dataclass(frozen=True, slots=True)
class DepartmentUrgings:
    """How often a department was urged, by colour."""

    department_id: int
    department: str
    total: int
    blue: int
    yellow: int
    red: int


@dataclass(frozen=True, slots=True)
class UrgingCounts:
    """Urgings up to a date, counted per task and per department."""

    per_task: dict[int, int]
    per_department: tuple[DepartmentUrgings, ...]


def parse_colour(value: str | None) -> UrgingColour | None:
    """A colour given as 蓝/黄/红 (or blue/yellow/red); None or "" for a plain urging."""
    if value is None or not str(value).strip():
        return None
    colour = _COLOUR_ALIASES.get(str(value).strip().lower().removesuffix("色"))
    if colour is None:
        raise ValidationError(f"督办单颜色只能是 蓝、黄 或 红：{value}")
    return colour


def urge(
    session: Session,
    task_id: int,
    *,
    actor: str,
    note: str,
    date: dt.date | str | None = None,
    colour: str | None = None,
    department: str | None = None,
    today: dt.date | None = None,
) -> UrgingInfo:
    """Record an urging of a task, addressed to ``department`` (default: the lead unit).

    Raises:
        ValidationError: empty note, unknown colour, a date in the future, no unit to urge.
    """
    task = load_task(session, task_id)
    today = today or dt.date.today()
    clean_note = validation.require_text(note, "催办内容", 2000)
    clean_colour = parse_colour(colour)
    day = validation.date_near_year(date or today, "催办日期", task.plan.year)
    if day > today:
        raise ValidationError(f"催办日期 {day} 晚于今天")
    unit: Department | None = find_department(session, department) if department else None
    if unit is None:
        unit = task.lead_department
    if unit is None:
        raise ValidationError(f"任务 {task.code} 尚未确定牵头单位，请指定催办单位")
    row = Urging(
        task_id=task.id,
        department_id=unit.id,
        date=day,
        colour=clean_colour.value if clean_colour else None,
        note=clean_note,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    label = f"{clean_colour.value}色督办单" if clean_colour else "催办"
    audit.record(
        session,
        actor,
        "urge",
        "urging",
        row.id,
        task_id=task.id,
        field=label,
        new=f"{unit.name}：{clean_note}",
    )
    return _info(row, task, unit.name)


def list_urgings(
    session: Session,
    plan_id: int,
    *,
    task_id: int | None = None,
    as_of: dt.date | None = None,
) -> list[UrgingInfo]:
    """Urgings of a plan (or of one task), newest first."""
    get_plan(session, plan_id)
    query = (
        select(Urging, Task, Department.name)
        .join(Task, Task.id == Urging.task_id)
        .outerjoin(Department, Department.id == Urging.department_id)
        .where(Task.plan_id == plan_id, Task.deleted_at.is_(None))
        .order_by(Urging.date.desc(), Urging.id.desc())
    )
    if task_id is not None:
        query = query.where(Urging.task_id == task_id)
    if as_of is not None:
        query = query.where(Urging.date <= as_of)
    return [_info(row, task, name) for row, task, name in session.execute(query)]


def urging_counts(session: Session, plan_id: int, *, as_of: dt.date) -> UrgingCounts:
    """Urgings dated on or before ``as_of`` of the plan's tasks, per task and per department."""
    return UrgingCounts(
        task_urgings(session, plan_id, as_of=as_of),
        department_urgings(session, plan_id, as_of=as_of),
    )


def task_urgings(session: Session, plan_id: int, *, as_of: dt.date) -> dict[int, int]:
    """How often each of the plan's tasks was urged up to ``as_of`` (task id → count)."""
    get_plan(session, plan_id)
    return dict(
        session.execute(
            select(Urging.task_id, func.count())
            .where(*_live(plan_id, as_of))
            .group_by(Urging.task_id)
        ).all()
    )


def department_urgings(
    session: Session, plan_id: int, *, as_of: dt.date
) -> tuple[DepartmentUrgings, ...]:
    """Urgings of the plan's tasks up to ``as_of`` per addressed department, by colour.

    Most urged first, then by name.
    """
    get_plan(session, plan_id)
    counts: dict[int, Counter[str | None]] = {}
    for department_id, colour, count in session.execute(
        select(Urging.department_id, Urging.colour, func.count())
        .where(Urging.department_id.is_not(None), *_live(plan_id, as_of))
        .group_by(Urging.department_id, Urging.colour)
    ):
        counts.setdefault(department_id, Counter())[colour] += count
    if not counts:
        return ()
    # Names separately: a join would look a department up once per urging, not once per unit.
    names = dict(
        session.execute(
            select(Department.id, Department.name).where(Department.id.in_(list(counts)))
        ).all()
    )
    return tuple(
        sorted(
            (
                DepartmentUrgings(
                    department_id,
                    names[department_id],
                    sum(counter.values()),
                    counter[UrgingColour.BLUE.value],
                    counter[UrgingColour.YELLOW.value],
                    counter[UrgingColour.RED.value],
                )
                for department_id, counter in counts.items()
            ),
            key=lambda item: (-item.total, item.department),
        )
    )


def _live(plan_id: int, as_of: dt.date) -> tuple[ColumnElement[bool], ...]:
    """Urgings up to ``as_of`` of the plan's tasks that are not deleted."""
    # IN rather than a join: SQLite then reads each urging once through its task index.
    live_tasks = select(Task.id).where(Task.plan_id == plan_id, Task.deleted_at.is_(None))
    return (Urging.task_id.in_(live_tasks), Urging.date <= as_of)


def _info(row: Urging, task: Task, department: str | None) -> UrgingInfo:
    return UrgingInfo(
        row.id,
        task.id,
        task.code,
        task.title,
        department,
        row.date,
        UrgingColour(row.colour) if row.colour else None,
        row.note,
        row.created_by,
    )
