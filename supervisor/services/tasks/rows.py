"""Loading, guarding (versions, conflicts) and placing task rows; shared by the services."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from supervisor.db.models import Indicator, Plan, Task
from supervisor.domain import TaskKind
from supervisor.errors import ConflictError, NotFoundError, ValidationError
from supervisor.services import audit
from supervisor.services.tasks.records import IndicatorInfo, TaskDetail


def get_plan(session: Session, plan_id: int) -> Plan:
    """The plan with this id that is not deleted.

    Raises:
        NotFoundError: there is none.
    """
    plan = session.get(Plan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFoundError(f"没有编号为 {plan_id} 的计划")
    return plan


def load_task(session: Session, task_id: int, *, include_deleted: bool = False) -> Task:
    """The task row with this id (not deleted, unless asked).

    Raises:
        NotFoundError: there is none.
    """
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"没有编号为 {task_id} 的任务")
    if task.deleted_at is not None and not include_deleted:
        raise NotFoundError(
            f"任务“{task.code} {task.title[:20]}”已被删除（可用 task restore #{task.id} 恢复）"
        )
    return task


def check_version(task: Task, expected_version: int | None) -> None:
    """Raise ConflictError when the task changed since the caller read ``expected_version``."""
    if expected_version is not None and task.version != expected_version:
        raise conflict(task)


def touch(task: Task) -> None:
    """Make the next flush UPDATE the task, so its version moves on and races are caught.

    Changes of co-departments or indicators do not update the task row by themselves.
    """
    flag_modified(task, "title")


def flush_task(session: Session, task: Task | None, message: str | None = None) -> None:
    """Flush, turning a lost race on a task's version into a ConflictError.

    Args:
        task: the task named in the error; None with ``message`` for several tasks.
    """
    # Built before flushing: after a failed flush the task's attributes cannot be read.
    error = ConflictError(message) if message or task is None else conflict(task)
    try:
        session.flush()
    except StaleDataError as err:
        # The row changed between our read and our UPDATE ... WHERE version = n.
        raise error from err


def set_field(session: Session, task: Task, field: str, value: object, actor: str) -> bool:
    """Set one column of a task and audit it if the value changed; True if it did."""
    old = getattr(task, field)
    if old == value:
        return False
    setattr(task, field, value)
    audit.record(
        session, actor, "update", "task", task.id, task_id=task.id, field=field, old=old, new=value
    )
    return True


def conflict(task: Task) -> ConflictError:
    """The error shown when someone else changed the task first."""
    return ConflictError(
        f"任务“{task.code} {task.title[:20]}”已被他人修改，请刷新后重新编辑；本次修改未保存"
    )


# The fields of a TaskDetail that are the task row's columns of the same name.
_STORED = (
    "id",
    "plan_id",
    "parent_id",
    "position",
    "code",
    "title",
    "text",
    "leader",
    "start_date",
    "deadline",
    "version",
    "deleted_at",
)


def detail(task: Task) -> TaskDetail:
    """A frozen copy of a task row."""
    return TaskDetail(
        **{name: getattr(task, name) for name in _STORED},
        lead_department=task.lead_department.name if task.lead_department else None,
        co_departments=tuple(d.name for d in task.co_departments),
        indicators=tuple(indicator_info(i) for i in task.indicators if i.deleted_at is None),
        kind=TaskKind(task.kind or TaskKind.ASSESSED),
    )


def indicator_info(row: Indicator) -> IndicatorInfo:
    """A frozen copy of an indicator row."""
    return IndicatorInfo(
        row.id,
        row.task_id,
        row.position,
        row.name,
        row.value,
        row.value_max,
        row.unit,
        row.comparator,
        row.text,
    )


def indicator_text(row: Indicator) -> str:
    """An indicator as the audit log shows it: name, comparator and target."""
    target = f"{row.value:g}" if row.value is not None else ""
    if row.value_max is not None:
        target += f"—{row.value_max:g}"
    return f"{row.name} {row.comparator} {target}{row.unit}"


def subtree_ids(session: Session, task_id: int) -> list[int]:
    """The task and every sub-task below it that is not deleted, parent first."""
    task = load_task(session, task_id)
    return [task.id, *(d.id for d in descendants(session, task, deleted=False))]


def descendants(session: Session, task: Task, *, deleted: bool | None = None) -> list[Task]:
    """Every task below ``task``; ``deleted=False`` skips sub-trees deleted earlier."""
    rows = session.scalars(select(Task).where(Task.plan_id == task.plan_id)).all()
    children: dict[int | None, list[Task]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    found: list[Task] = []
    stack = list(children.get(task.id, []))
    while stack:
        row = stack.pop()
        if deleted is False and row.deleted_at is not None:
            continue  # a sub-tree deleted earlier keeps its own deletion
        found.append(row)
        stack.extend(children.get(row.id, []))
    return found


def live_siblings(session: Session, plan_id: int, parent_id: int | None) -> list[Task]:
    """The live tasks under ``parent_id`` (top level when None), in their order."""
    parent_clause = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id, parent_clause, Task.deleted_at.is_(None))
            .order_by(Task.position, Task.id)
        )
    )


def place_among(task: Task, siblings: list[Task], position: int | None) -> None:
    """Put ``task`` at ``position`` among ``siblings``, renumbering only those that move."""
    if position is None or position >= len(siblings):
        task.position = max((s.position for s in siblings), default=-1) + 1
        return
    if position < 0:
        raise ValidationError(f"位置不能为负数：{position}")
    ordered = [*siblings[:position], task, *siblings[position:]]
    for index, item in enumerate(ordered):
        if item.position != index or item is task:
            item.position = index


def next_code(parent: Task | None, siblings: Sequence[Task]) -> str:
    """The code after the siblings' highest number under the parent's (2.3 → 2.3.4)."""
    prefix = f"{parent.code}." if parent is not None else ""
    numbers = [
        int(s.code[len(prefix) :])
        for s in siblings
        if s.code.startswith(prefix) and s.code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=len(siblings)) + 1}"


def resolve_task(
    session: Session, plan_id: int | None, ref: str, *, include_deleted: bool = False
) -> int:
    """The id of the task a user named: ``#12`` is an id, anything else a code such as 2.3.1.

    A code is looked up in ``plan_id`` (the newest plan when None) among live tasks, then,
    with ``include_deleted``, among deleted ones.

    Raises:
        NotFoundError: no task has this id or code.
        ValidationError: several tasks share the code.
    """
    text = str(ref or "").strip()
    if not text:
        raise ValidationError("请给出任务编号")
    if text.startswith("#"):
        try:
            task_id = int(text[1:])
        except ValueError as err:
            raise ValidationError(f"任务 ID 必须是整数：{text}") from err
        return load_task(session, task_id, include_deleted=include_deleted).id
    if plan_id is None:
        plan_id = session.scalar(
            select(Plan.id)
            .where(Plan.deleted_at.is_(None))
            .order_by(Plan.year.desc(), Plan.id.desc())
        )
        if plan_id is None:
            raise NotFoundError("还没有任务清单，请先导入报告或新建计划")
    get_plan(session, plan_id)
    states = [Task.deleted_at.is_(None)]
    if include_deleted:
        states.append(Task.deleted_at.is_not(None))
    for state in states:
        ids = session.scalars(
            select(Task.id).where(Task.plan_id == plan_id, Task.code == text, state)
        ).all()
        if len(ids) > 1:
            raise ValidationError(
                f"编号 {text} 对应多项任务（ID {'、'.join(map(str, ids))}），请用 #ID 指定"
            )
        if ids:
            return ids[0]
    raise NotFoundError(f"计划 {plan_id} 中没有编号为 {text} 的任务")
