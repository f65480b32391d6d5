"""Change a plan's tree: split, move, delete softly, restore, and list the deletions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Task, utcnow
from supervisor.errors import ValidationError
from supervisor.services import audit, validation
from supervisor.services.tasks.records import DeletedTask, TaskDetail
from supervisor.services.tasks.rows import (
    check_version,
    descendants,
    detail,
    flush_task,
    get_plan,
    live_siblings,
    load_task,
    next_code,
    place_among,
    touch,
)


def split_task(
    session: Session,
    task_id: int,
    titles: Sequence[str],
    *,
    expected_version: int | None,
    actor: str,
) -> list[TaskDetail]:
    """Refine a task into sub-tasks, one per title, appended under it.

    The sub-tasks inherit the task's leader, lead and co-departments, start date and deadline,
    so a split does not undo an assignment.

    Raises:
        ValidationError: no titles, or an empty one.
    """
    task = load_task(session, task_id)
    check_version(task, expected_version)
    clean = [validation.require_text(title, "子任务名称", 500) for title in titles]
    if not clean:
        raise ValidationError("请至少给出一个子任务名称")
    siblings = live_siblings(session, task.plan_id, task.id)
    created: list[Task] = []
    for title in clean:
        child = Task(
            plan_id=task.plan_id,
            parent_id=task.id,
            code=next_code(task, siblings),
            title=title,
            text="",
            leader=task.leader,
            lead_department_id=task.lead_department_id,
            start_date=task.start_date,
            deadline=task.deadline,
        )
        child.co_departments = list(task.co_departments)
        session.add(child)
        place_among(child, siblings, None)
        siblings.append(child)
        created.append(child)
    # The parent changes too (it gained children): a concurrent split must conflict.
    touch(task)
    flush_task(session, task)
    for child in created:
        audit.record(
            session,
            actor,
            "split",
            "task",
            child.id,
            task_id=child.id,
            old=task.code,
            new=child.title,
        )
    audit.record(
        session,
        actor,
        "split",
        "task",
        task.id,
        task_id=task.id,
        field="children",
        new="、".join(child.code for child in created),
    )
    return [detail(child) for child in created]


def move_task(
    session: Session,
    task_id: int,
    *,
    parent_id: int | None,
    position: int | None = None,
    expected_version: int | None,
    actor: str,
) -> TaskDetail:
    """Move a task (with its sub-tasks) under another parent or to another place.

    The task keeps its code (the numbering of the source document); edit it if wanted.

    Args:
        parent_id: the new parent; None makes it a top-level task.
        position: 0-based place among its new siblings; None appends at the end.

    Raises:
        ValidationError: the new parent is the task itself, one of its sub-tasks, or in
            another plan.
    """
    task = load_task(session, task_id)
    check_version(task, expected_version)
    if parent_id is not None:
        parent = load_task(session, parent_id)
        if parent.plan_id != task.plan_id:
            raise ValidationError("不能把任务移到另一个计划中")
        ancestor: Task | None = parent
        while ancestor is not None:
            if ancestor.id == task.id:
                raise ValidationError("不能把任务移到它自己或它的下级任务之下")
            ancestor = ancestor.parent
    old_parent, old_position = task.parent_id, task.position
    siblings = [s for s in live_siblings(session, task.plan_id, parent_id) if s.id != task.id]
    task.parent_id = parent_id
    place_among(task, siblings, position)
    touch(task)
    flush_task(session, task)
    moves = [("parent_id", old_parent, parent_id)] if old_parent != parent_id else []
    moves.append(("position", old_position, task.position))
    for field, old, new in moves:
        audit.record(
            session, actor, "move", "task", task.id, task_id=task.id, field=field, old=old, new=new
        )
    return detail(task)


def delete_task(session: Session, task_id: int, *, expected_version: int | None, actor: str) -> int:
    """Delete a task and its sub-tasks softly: they vanish everywhere but can be restored.

    Returns:
        How many tasks were deleted (the task and its sub-tasks).
    """
    task = load_task(session, task_id)
    check_version(task, expected_version)
    now = utcnow()
    subtree = [task, *descendants(session, task, deleted=False)]
    for item in subtree:
        item.deleted_at = now
        audit.record(session, actor, "delete", "task", item.id, task_id=item.id, old=item.title)
    flush_task(session, task)
    return len(subtree)


def restore_task(session: Session, task_id: int, *, actor: str) -> int:
    """Undo a deletion: the task and the sub-tasks deleted with it come back.

    Returns:
        How many tasks were restored.

    Raises:
        ValidationError: the task is not deleted, or its parent still is.
    """
    task = load_task(session, task_id, include_deleted=True)
    if task.deleted_at is None:
        raise ValidationError(f"任务“{task.code} {task.title[:20]}”未被删除，无需恢复")
    if task.parent is not None and task.parent.deleted_at is not None:
        raise ValidationError(f"请先恢复上级任务“{task.parent.code} {task.parent.title[:20]}”")
    stamp = task.deleted_at
    # Only what went with this deletion comes back; sub-tasks deleted earlier stay deleted.
    subtree = [task, *(d for d in descendants(session, task) if d.deleted_at == stamp)]
    for item in subtree:
        item.deleted_at = None
        audit.record(session, actor, "restore", "task", item.id, task_id=item.id, new=item.title)
    flush_task(session, task)
    return len(subtree)


def deleted_tasks(session: Session, plan_id: int) -> list[DeletedTask]:
    """The plan's deletions, newest first: each task deleted on its own or with its sub-tasks.

    A sub-task deleted together with its parent is not listed on its own: restoring the
    parent brings it back.

    Raises:
        NotFoundError: no such plan.
    """
    get_plan(session, plan_id)
    rows = session.execute(
        select(Task.id, Task.parent_id, Task.code, Task.title, Task.deleted_at).where(
            Task.plan_id == plan_id
        )
    ).all()
    stamp = {row.id: row.deleted_at for row in rows}
    children: dict[int | None, list[int]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row.id)
    found: list[DeletedTask] = []
    for row in rows:
        if row.deleted_at is None or stamp.get(row.parent_id) == row.deleted_at:
            continue  # live, or gone with its parent
        went: set[int] = set()  # a set, so a damaged tree with a cycle cannot loop forever
        stack = [row.id]
        while stack:
            task_id = stack.pop()
            if task_id not in went:
                went.add(task_id)
                stack.extend(k for k in children.get(task_id, ()) if stamp[k] == row.deleted_at)
        found.append(DeletedTask(row.id, row.code, row.title, row.deleted_at, len(went)))
    return sorted(found, key=lambda item: (item.deleted_at, item.id), reverse=True)
