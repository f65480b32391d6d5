"""Tasks of a plan: list, add, edit, split, move, delete softly and restore; their indicators.

Every change of a task is guarded twice against lost updates: the caller passes the version
it read (``expected_version``; None skips this check when the read happens in the same
transaction, as on the command line), and ``Task.version`` is SQLAlchemy's version counter,
so the UPDATE itself carries ``WHERE version = n`` and fails if another session got there
first. Either way the caller gets a ConflictError and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from supervisor.db.models import Indicator, Plan, Task, utcnow
from supervisor.domain import Comparator, TaskKind
from supervisor.errors import ConflictError, NotFoundError, ValidationError
from supervisor.services import audit, validation


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
    checked_indicators = [_checked_indicator(item) for item in indicators]
    siblings = _siblings(session, plan_id, parent_id)
    task = Task(
        plan_id=plan_id,
        parent_id=parent_id,
        code=(
            validation.require_text(code, "任务编号", 40)
            if code is not None
            else _next_code(parent, siblings)
        ),
        **values,
    )
    for index, item in enumerate(checked_indicators):
        task.indicators.append(Indicator(position=index, **item))
    session.add(task)
    _place(task, siblings, position)
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
            new=_indicator_text(indicator),
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
    siblings = _siblings(session, task.plan_id, task.id)
    created: list[Task] = []
    for title in clean:
        child = Task(
            plan_id=task.plan_id,
            parent_id=task.id,
            code=_next_code(task, siblings),
            title=title,
            text="",
            leader=task.leader,
            lead_department_id=task.lead_department_id,
            start_date=task.start_date,
            deadline=task.deadline,
        )
        child.co_departments = list(task.co_departments)
        session.add(child)
        _place(child, siblings, None)
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
    siblings = [s for s in _siblings(session, task.plan_id, parent_id) if s.id != task.id]
    task.parent_id = parent_id
    _place(task, siblings, position)
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
    subtree = [task, *_descendants(session, task, deleted=False)]
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
    subtree = [task, *(d for d in _descendants(session, task) if d.deleted_at == stamp)]
    for item in subtree:
        item.deleted_at = None
        audit.record(session, actor, "restore", "task", item.id, task_id=item.id, new=item.title)
    flush_task(session, task)
    return len(subtree)


def add_indicator(
    session: Session,
    task_id: int,
    indicator: IndicatorInput,
    *,
    expected_version: int | None,
    actor: str,
) -> IndicatorInfo:
    """Add an indicator (指标) to a task.

    Raises:
        ValidationError: empty name, non-numeric target, max below min, unknown comparator.
    """
    task = load_task(session, task_id)
    check_version(task, expected_version)
    values = _checked_indicator(indicator)
    positions = [i.position for i in task.indicators]
    row = Indicator(position=max(positions, default=-1) + 1, **values)
    task.indicators.append(row)
    touch(task)
    flush_task(session, task)
    audit.record(
        session, actor, "create", "indicator", row.id, task_id=task.id, new=_indicator_text(row)
    )
    return _indicator_info(row)


def edit_indicator(
    session: Session,
    indicator_id: int,
    *,
    expected_version: int | None,
    actor: str,
    **changes: object,
) -> IndicatorInfo:
    """Change an indicator's name, target (value, value_max), unit, comparator or text.

    ``expected_version`` is the version of the indicator's task: indicators are part of it.
    """
    allowed = {"name", "value", "value_max", "unit", "comparator", "text"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    row = _load_indicator(session, indicator_id)
    task = load_task(session, row.task_id)
    check_version(task, expected_version)
    current = {field: getattr(row, field) for field in allowed}
    values = _checked_indicator(IndicatorInput(**{**current, **changes}))
    for field, value in values.items():
        old = getattr(row, field)
        if old != value:
            setattr(row, field, value)
            audit.record(
                session,
                actor,
                "update",
                "indicator",
                row.id,
                task_id=task.id,
                field=field,
                old=old,
                new=value,
            )
    touch(task)
    flush_task(session, task)
    return _indicator_info(row)


def delete_indicator(
    session: Session, indicator_id: int, *, expected_version: int | None, actor: str
) -> None:
    """Delete an indicator softly (its reported actual values stay in the history)."""
    row = _load_indicator(session, indicator_id)
    task = load_task(session, row.task_id)
    check_version(task, expected_version)
    row.deleted_at = utcnow()
    touch(task)
    flush_task(session, task)
    audit.record(
        session, actor, "delete", "indicator", row.id, task_id=task.id, old=_indicator_text(row)
    )


# Helpers shared with the other services (assignment, departments, progress).


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


def detail(task: Task) -> TaskDetail:
    """A frozen copy of a task row."""
    return TaskDetail(
        id=task.id,
        plan_id=task.plan_id,
        parent_id=task.parent_id,
        position=task.position,
        code=task.code,
        title=task.title,
        text=task.text,
        leader=task.leader,
        lead_department=task.lead_department.name if task.lead_department else None,
        co_departments=tuple(d.name for d in task.co_departments),
        start_date=task.start_date,
        deadline=task.deadline,
        version=task.version,
        deleted_at=task.deleted_at,
        indicators=tuple(_indicator_info(i) for i in task.indicators if i.deleted_at is None),
        kind=TaskKind(task.kind or TaskKind.ASSESSED),
    )


@dataclass(frozen=True, slots=True)
class DeletedTask:
    """One deletion that ``restore_task`` can undo: the task deleted and what went with it."""

    id: int
    code: str
    title: str
    deleted_at: dt.datetime
    count: int  # the task and the sub-tasks deleted with it


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


def subtree_ids(session: Session, task_id: int) -> list[int]:
    """The task and every sub-task below it that is not deleted, parent first."""
    task = load_task(session, task_id)
    return [task.id, *(d.id for d in _descendants(session, task, deleted=False))]


def _descendants(session: Session, task: Task, *, deleted: bool | None = None) -> list[Task]:
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


def _siblings(session: Session, plan_id: int, parent_id: int | None) -> list[Task]:
    parent_clause = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id, parent_clause, Task.deleted_at.is_(None))
            .order_by(Task.position, Task.id)
        )
    )


def _place(task: Task, siblings: list[Task], position: int | None) -> None:
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


def _next_code(parent: Task | None, siblings: Sequence[Task]) -> str:
    prefix = f"{parent.code}." if parent is not None else ""
    numbers = [
        int(s.code[len(prefix) :])
        for s in siblings
        if s.code.startswith(prefix) and s.code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=len(siblings)) + 1}"


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


def _checked_indicator(item: IndicatorInput) -> dict[str, object]:
    name = validation.require_text(item.name, "指标名称", 200)
    value = validation.number(item.value, f"指标“{name}”的目标值")
    value_max = validation.optional_number(item.value_max, f"指标“{name}”的目标上限")
    comparator = str(item.comparator or "=").strip()
    if comparator not in {c.value for c in Comparator}:
        allowed = " ".join(c.value for c in Comparator)
        raise ValidationError(f"指标“{name}”的比较方式只能是 {allowed}：{comparator}")
    if value_max is not None and value_max < value:
        raise ValidationError(f"指标“{name}”的目标上限 {value_max:g} 小于目标值 {value:g}")
    if comparator == Comparator.RANGE and value_max is None:
        raise ValidationError(f"指标“{name}”是区间目标，请给出上限")
    unit = validation.optional_text(item.unit, "单位", 20) or ""
    return {
        "name": name,
        "value": value,
        "value_max": value_max,
        "unit": unit,
        "comparator": comparator,
        "text": str(item.text or "").strip(),
    }


def _load_indicator(session: Session, indicator_id: int) -> Indicator:
    row = session.get(Indicator, indicator_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(f"没有编号为 {indicator_id} 的指标")
    return row


def _indicator_info(row: Indicator) -> IndicatorInfo:
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


def _indicator_text(row: Indicator) -> str:
    target = f"{row.value:g}" if row.value is not None else ""
    if row.value_max is not None:
        target += f"—{row.value_max:g}"
    return f"{row.name} {row.comparator} {target}{row.unit}"


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
