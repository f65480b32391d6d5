"""Tasks of a plan: list the tree, edit a task with a guard against stale edits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from supervisor.db.models import Plan, Task
from supervisor.errors import ConflictError, NotFoundError, ValidationError
from supervisor.services import audit


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


def list_tasks(session: Session, plan_id: int) -> list[TaskSummary]:
    """The plan's tasks that are not deleted, in tree order (parent before its children).

    Raises:
        NotFoundError: no plan has this id.
    """
    if session.get(Plan, plan_id) is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的计划")
    rows = session.scalars(
        select(Task)
        .options(joinedload(Task.lead_department))
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
            )
        )
        stack.extend((child, depth + 1) for child in reversed(children.get(task.id, [])))
    return ordered


EDITABLE_FIELDS = frozenset({"title", "text", "leader", "deadline"})


def edit_task(
    session: Session, task_id: int, *, expected_version: int, actor: str, **changes: object
) -> int:
    """Change fields of a task that the caller read at ``expected_version``.

    Returns:
        The task's new version.

    Raises:
        ConflictError: someone else changed the task since it was read; nothing is written.
        ValidationError: an unknown field or an empty title.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    if "title" in changes and not str(changes["title"] or "").strip():
        raise ValidationError("任务名称不能为空")
    task = session.get(Task, task_id)
    if task is None or task.deleted_at is not None:
        raise NotFoundError(f"没有编号为 {task_id} 的任务")
    if task.version != expected_version:
        raise _conflict(task)
    for field, value in changes.items():
        old = getattr(task, field)
        if old != value:
            setattr(task, field, value)
            audit.record(
                session,
                actor,
                "update",
                "task",
                task.id,
                task_id=task.id,
                field=field,
                old=old,
                new=value,
            )
    try:
        session.flush()
    except StaleDataError as err:
        # The row changed between our read and our UPDATE ... WHERE version = n.
        raise _conflict(task) from err
    return task.version


def _conflict(task: Task) -> ConflictError:
    return ConflictError(
        f"任务“{task.code} {task.title[:20]}”已被他人修改，请刷新后重新编辑；本次修改未保存"
    )
