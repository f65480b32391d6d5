"""List, add and edit tasks, and mark them 考核 or 常态化."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from supervisor.db.models import Indicator, Task
from supervisor.domain import TaskKind
from supervisor.errors import ValidationError
from supervisor.services import audit, validation
from supervisor.services.tasks.indicators import checked_indicator
from supervisor.services.tasks.records import IndicatorInput, TaskDetail, TaskSummary
from supervisor.services.tasks.rows import (
    check_version,
    detail,
    flush_task,
    get_plan,
    indicator_text,
    live_siblings,
    load_task,
    next_code,
    place_among,
    set_field,
)

EDITABLE_FIELDS = frozenset({"title", "text", "code", "leader", "start_date", "deadline"})


def list_tasks(session: Session, plan_id: int) -> list[TaskSummary]:
    """The plan's tasks that are not deleted, in tree order (parent before its children).

    Raises:
        NotFoundError: no plan has this id.
    """
    get_plan(session, plan_id)
    rows = session.scalars(
        select(Task)
        .options(selectinload(Task.lead_department))
        .where(Task.plan_id == plan_id, Task.deleted_at.is_(None))
        .order_by(Task.position, Task.id)
    ).all()
    children: dict[int | None, list[Task]] = {}
    for task in rows:
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[TaskSummary] = []
    # Iterative walk: a deep or damaged tree must not hit the recursion limit.
    stack = [(task, 0) for task in reversed(children.get(None, []))]
    while stack:
        task, depth = stack.pop()
        ordered.append(
            TaskSummary(
                task.id,
                task.plan_id,
                task.parent_id,
                task.code,
                task.title,
                depth,
                task.lead_department.name if task.lead_department else None,
                task.deadline,
                task.version,
                TaskKind(task.kind or TaskKind.ASSESSED),
            )
        )
        stack.extend((child, depth + 1) for child in reversed(children.get(task.id, [])))
    return ordered


def get_task(session: Session, task_id: int, *, include_deleted: bool = False) -> TaskDetail:
    """One task with its assignment and indicators.

    Raises:
        NotFoundError: no such task (or it is deleted and ``include_deleted`` is false).
    """
    return detail(load_task(session, task_id, include_deleted=include_deleted))


def add_task(
    session: Session,
    plan_id: int,
    *,
    title: str,
    actor: str,
    parent_id: int | None = None,
    code: str | None = None,
    text: str = "",
    leader: str | None = None,
    start_date: dt.date | str | None = None,
    deadline: dt.date | str | None = None,
    position: int | None = None,
    indicators: Sequence[IndicatorInput] = (),
) -> TaskDetail:
    """Add a task to a plan, at the top level or under ``parent_id``.

    Args:
        position: 0-based place among the siblings; None appends at the end.
        code: the task's number; None numbers it after its siblings (e.g. 2.3 → 2.3.4).

    Raises:
        NotFoundError: no such plan or parent task.
        ValidationError: empty title, deadline out of range, non-numeric target, ….
    """
    plan = get_plan(session, plan_id)
    parent = None
    if parent_id is not None:
        parent = load_task(session, parent_id)
        if parent.plan_id != plan_id:
            raise ValidationError("上级任务不属于该计划")
    values = _checked_fields(
        plan.year,
        {
            "title": title,
            "text": text,
            "leader": leader,
            "start_date": start_date,
            "deadline": deadline,
        },
    )
    _check_dates(values.get("start_date"), values.get("deadline"))
    checked_indicators = [checked_indicator(item) for item in indicators]
    siblings = live_siblings(session, plan_id, parent_id)
    task = Task(
        plan_id=plan_id,
        parent_id=parent_id,
        code=(
            validation.require_text(code, "任务编号", 40)
            if code is not None
            else next_code(parent, siblings)
        ),
        **values,
    )
    for index, item in enumerate(checked_indicators):
        task.indicators.append(Indicator(position=index, **item))
    session.add(task)
    place_among(task, siblings, position)
    session.flush()
    audit.record(session, actor, "create", "task", task.id, task_id=task.id, new=task.title)
    for indicator in task.indicators:
        audit.record(
            session,
            actor,
            "create",
            "indicator",
            indicator.id,
            task_id=task.id,
            new=indicator_text(indicator),
        )
    return detail(task)


def edit_task(
    session: Session,
    task_id: int,
    *,
    expected_version: int | None,
    actor: str,
    **changes: object,
) -> int:
    """Change fields of a task (title, text, code, leader, start_date, deadline).

    Returns:
        The task's new version.

    Raises:
        ConflictError: someone else changed the task since it was read; nothing is written.
        ValidationError: an unknown field, an empty title, a date out of range.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    task = load_task(session, task_id)
    check_version(task, expected_version)
    values = _checked_fields(task.plan.year, changes)
    if "code" in values:
        values["code"] = validation.require_text(values["code"], "任务编号", 40)
    _check_dates(values.get("start_date", task.start_date), values.get("deadline", task.deadline))
    for field, value in values.items():
        set_field(session, task, field, value, actor)
    flush_task(session, task)
    return task.version


def parse_kind(kind: TaskKind | str) -> TaskKind:
    """A task kind as typed: 考核 or 常态化 (不考核 is accepted for 常态化).

    Raises:
        ValidationError: anything else.
    """
    text = str(kind or "").strip()
    if text == "不考核":
        return TaskKind.ROUTINE
    try:
        return TaskKind(text)
    except ValueError:
        raise ValidationError(
            f"任务类型只能是“{TaskKind.ASSESSED}”或“{TaskKind.ROUTINE}”（不考核）：{text}"
        ) from None


def set_task_kind(
    session: Session,
    task_id: int,
    kind: TaskKind | str,
    *,
    expected_version: int | None,
    actor: str,
) -> TaskDetail:
    """Mark a task 常态化 (a standing principle, not measured) or 考核 (measured) again.

    A 常态化 task stays in the plan and the 分工方案 but is left out of 序时 status, counts,
    statistics and ranking (``services.status``). The change is audited.

    Raises:
        ConflictError: someone else changed the task since it was read; nothing is written.
        ValidationError: an unknown kind.
    """
    clean = parse_kind(kind)
    task = load_task(session, task_id)
    check_version(task, expected_version)
    if set_field(session, task, "kind", clean.value, actor):
        flush_task(session, task)
    return detail(task)


def _checked_fields(year: int, changes: dict[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for field, value in changes.items():
        if field == "title":
            values[field] = validation.require_text(value, "任务名称", 500)
        elif field == "text":
            values[field] = str(value or "").strip()
        elif field == "leader":
            values[field] = validation.optional_text(value, "责任领导", 100)
        elif field == "deadline":
            values[field] = validation.optional_date_near_year(value, "完成时限", year)
        elif field == "start_date":
            values[field] = validation.optional_date_near_year(value, "开始日期", year)
        else:
            values[field] = value
    return values


def _check_dates(start: object, deadline: object) -> None:
    if isinstance(start, dt.date) and isinstance(deadline, dt.date) and start > deadline:
        raise ValidationError(f"开始日期 {start} 晚于完成时限 {deadline}")
