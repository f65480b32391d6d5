"""Departments (单位): add, rename, merge two names of one unit; accept suggested departments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from supervisor.db.models import (
    Department,
    DepartmentSuggestion,
    ReturnedWorkbook,
    Task,
    Urging,
    task_co_department,
    utcnow,
)
from supervisor.domain import DepartmentKind
from supervisor.errors import DuplicateError, NotFoundError, ValidationError
from supervisor.services import audit, validation
from supervisor.services.tasks import flush_task, get_plan, touch


@dataclass(frozen=True, slots=True)
class DepartmentInfo:
    """A department with how many tasks (not deleted) it leads and supports."""

    id: int
    name: str
    short_name: str | None
    kind: str
    contact: str | None
    lead_tasks: int
    co_tasks: int
    aliases: tuple[str, ...]  # names of units merged into this one


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge moved from the absorbed name to the remaining one."""

    source: str
    target: str
    lead_tasks: int
    co_tasks: int
    urgings: int


@dataclass(frozen=True, slots=True)
class SuggestionInfo:
    """A department the extraction proposed for a task."""

    id: int
    task_id: int
    task_code: str
    task_title: str
    department_name: str
    role: str  # "lead" or "co"
    keyword: str
    accepted_at: dt.datetime | None


def list_departments(session: Session) -> list[DepartmentInfo]:
    """Every active department (merged names are listed as aliases of their unit)."""
    live = Task.deleted_at.is_(None)
    lead = dict(
        session.execute(
            select(Task.lead_department_id, func.count())
            .where(live, Task.lead_department_id.is_not(None))
            .group_by(Task.lead_department_id)
        ).all()
    )
    co = dict(
        session.execute(
            select(task_co_department.c.department_id, func.count())
            .join(Task, Task.id == task_co_department.c.task_id)
            .where(live)
            .group_by(task_co_department.c.department_id)
        ).all()
    )
    rows = session.scalars(select(Department).order_by(Department.name)).all()
    aliases: dict[int, list[str]] = {}
    for row in rows:
        if row.merged_into_id is not None:
            aliases.setdefault(_final(session, row).id, []).append(row.name)
    return [
        DepartmentInfo(
            row.id,
            row.name,
            row.short_name,
            row.kind,
            row.contact,
            lead.get(row.id, 0),
            co.get(row.id, 0),
            tuple(aliases.get(row.id, ())),
        )
        for row in rows
        if row.merged_into_id is None and row.deleted_at is None
    ]


def find_department(session: Session, name: str) -> Department:
    """The active department called ``name`` (full or short name, or a merged old name).

    Raises:
        NotFoundError: no unit has this name.
    """
    clean = str(name or "").strip()
    if not clean:
        raise ValidationError("单位名称不能为空")
    row = session.scalar(select(Department).where(Department.name == clean))
    if row is None:
        row = session.scalar(
            select(Department)
            .where(Department.short_name == clean, Department.merged_into_id.is_(None))
            .order_by(Department.id)
        )
    if row is None or (row.deleted_at is not None and row.merged_into_id is None):
        raise NotFoundError(f"没有名为“{clean}”的单位，可先用 departments add 添加")
    return _final(session, row)


def add_department(
    session: Session,
    name: str,
    *,
    actor: str,
    short_name: str | None = None,
    kind: str = DepartmentKind.MUNICIPAL,
    contact: str | None = None,
) -> DepartmentInfo:
    """Add a department.

    Raises:
        DuplicateError: the name is taken (also by a merged unit).
        ValidationError: empty or too long name, unknown kind.
    """
    clean = validation.require_text(name, "单位名称", 100)
    _check_free(session, clean)
    row = Department(
        name=clean,
        short_name=validation.optional_text(short_name, "简称", 50),
        kind=_kind(kind),
        contact=validation.optional_text(contact, "联系方式", 200),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "department", row.id, new=clean)
    return _info(session, row)


def rename_department(session: Session, name: str, new_name: str, *, actor: str) -> DepartmentInfo:
    """Rename a department; its tasks follow since they refer to it by id.

    The old name stays as an alias of the unit (as after a merge), so fill-in workbooks
    exported before the rename, and people who still use the old name, find the unit.

    Raises:
        NotFoundError: no such department.
        DuplicateError: the new name is taken.
    """
    row = find_department(session, name)
    clean = validation.require_text(new_name, "新名称", 100)
    if clean == row.name:
        raise ValidationError(f"新名称与原名称相同：{clean}")
    _check_free(session, clean)
    old = row.name
    row.name = clean
    session.flush()
    session.add(Department(name=old, kind=row.kind, merged_into_id=row.id, deleted_at=utcnow()))
    session.flush()
    audit.record(session, actor, "update", "department", row.id, field="name", old=old, new=clean)
    return _info(session, row)


def merge_departments(session: Session, source: str, target: str, *, actor: str) -> MergeResult:
    """Merge ``source`` into ``target``: two names of one unit become one.

    Every task led or supported by ``source`` is moved to ``target`` (a task that ``target``
    already leads drops ``source`` as a co-unit), urgings and returned workbooks follow, and
    ``source`` stays as an alias so its name still finds ``target``.

    Raises:
        ValidationError: both names are the same unit.
    """
    old = find_department(session, source)
    new = find_department(session, target)
    if old.id == new.id:
        raise ValidationError(f"“{source}”与“{target}”已是同一个单位")
    lead_count = 0
    for task in session.scalars(select(Task).where(Task.lead_department_id == old.id)).all():
        task.lead_department = new
        if new in task.co_departments:
            task.co_departments.remove(new)
        _audit_task(session, actor, task, "lead_department", old.name, new.name)
        flush_task(session, task)
        lead_count += 1
    co_count = 0
    co_tasks = select(task_co_department.c.task_id).where(
        task_co_department.c.department_id == old.id
    )
    for task in session.scalars(select(Task).where(Task.id.in_(co_tasks))).all():
        before = "、".join(d.name for d in task.co_departments)
        task.co_departments.remove(old)
        if new not in task.co_departments and task.lead_department_id != new.id:
            task.co_departments.append(new)
        touch(task)
        flush_task(session, task)
        after = "、".join(d.name for d in task.co_departments)
        _audit_task(session, actor, task, "co_departments", before, after)
        co_count += 1
    urgings = 0
    for urging in session.scalars(select(Urging).where(Urging.department_id == old.id)):
        urging.department_id = new.id
        urgings += 1
    for workbook in session.scalars(
        select(ReturnedWorkbook).where(ReturnedWorkbook.department_id == old.id)
    ):
        workbook.department_id = new.id
    for alias in session.scalars(select(Department).where(Department.merged_into_id == old.id)):
        alias.merged_into_id = new.id
    old.merged_into_id = new.id
    old.deleted_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "merge",
        "department",
        old.id,
        field="merged_into",
        old=old.name,
        new=new.name,
    )
    return MergeResult(old.name, new.name, lead_count, co_count, urgings)


def list_suggestions(
    session: Session, plan_id: int, *, pending_only: bool = True
) -> list[SuggestionInfo]:
    """The departments suggested for the plan's tasks (not deleted), in task order."""
    get_plan(session, plan_id)
    query = (
        select(DepartmentSuggestion, Task.code, Task.title)
        .join(Task, Task.id == DepartmentSuggestion.task_id)
        .where(Task.plan_id == plan_id, Task.deleted_at.is_(None))
        .order_by(Task.id, DepartmentSuggestion.id)
    )
    if pending_only:
        query = query.where(DepartmentSuggestion.accepted_at.is_(None))
    return [_suggestion(row, code, title) for row, code, title in session.execute(query)]


def accept_suggestions(
    session: Session,
    plan_id: int,
    suggestion_ids: Sequence[int] | None,
    *,
    actor: str,
) -> list[SuggestionInfo]:
    """Accept suggested departments: given ones, or (``None``) every pending one of the plan.

    A "lead" suggestion makes the department the task's lead unit, a "co" one adds it as a
    co-unit. When several lead suggestions of one task are accepted together, the first
    becomes the lead and the others co-units, so none is silently dropped. A suggested name
    that is not yet a department is added as one (so the table fills itself from reports).

    Raises:
        NotFoundError: an id that is not a suggestion of this plan.
        ValidationError: a suggestion that was accepted before.
    """
    get_plan(session, plan_id)
    query = (
        select(DepartmentSuggestion)
        .join(Task, Task.id == DepartmentSuggestion.task_id)
        .where(Task.plan_id == plan_id, Task.deleted_at.is_(None))
        .order_by(DepartmentSuggestion.task_id, DepartmentSuggestion.id)
    )
    if suggestion_ids is None:
        rows = list(session.scalars(query.where(DepartmentSuggestion.accepted_at.is_(None))))
    else:
        found = {
            row.id: row
            for row in session.scalars(query.where(DepartmentSuggestion.id.in_(suggestion_ids)))
        }
        for suggestion_id in suggestion_ids:
            if suggestion_id not in found:
                raise NotFoundError(f"该计划中没有编号为 {suggestion_id} 的单位建议")
            if found[suggestion_id].accepted_at is not None:
                raise ValidationError(f"单位建议 {suggestion_id} 已经采纳过")
        rows = sorted(found.values(), key=lambda row: (row.task_id, row.id))
    now = utcnow()
    led_now: set[int] = set()
    accepted: list[SuggestionInfo] = []
    for row in rows:
        task = row.task
        department = _find_or_create(session, row.department_name, actor)
        if row.role == "lead" and task.id not in led_now:
            led_now.add(task.id)
            old = task.lead_department.name if task.lead_department else None
            if task.lead_department_id != department.id:
                task.lead_department = department
                if department in task.co_departments:
                    task.co_departments.remove(department)
                _audit_task(session, actor, task, "lead_department", old, department.name)
        elif department.id != task.lead_department_id and department not in task.co_departments:
            before = "、".join(d.name for d in task.co_departments)
            task.co_departments.append(department)
            touch(task)
            _audit_task(
                session,
                actor,
                task,
                "co_departments",
                before,
                "、".join(d.name for d in task.co_departments),
            )
        row.accepted_at = now
        flush_task(session, task)
        accepted.append(_suggestion(row, task.code, task.title))
    return accepted


def _find_or_create(session: Session, name: str, actor: str) -> Department:
    try:
        return find_department(session, name)
    except NotFoundError:
        add_department(session, name, actor=actor, kind=_guess_kind(name))
        return find_department(session, name)


def _guess_kind(name: str) -> DepartmentKind:
    if "园区" in name or name.endswith(("开发区", "高新区")):
        return DepartmentKind.PARK
    if name.endswith(("县", "区", "旗")) or (name.endswith("市") and len(name) <= 5):
        return DepartmentKind.COUNTY
    return DepartmentKind.MUNICIPAL


def _final(session: Session, row: Department) -> Department:
    seen = {row.id}
    while row.merged_into_id is not None:
        nxt = session.get(Department, row.merged_into_id)
        if nxt is None or nxt.id in seen:
            break
        seen.add(nxt.id)
        row = nxt
    return row


def _check_free(session: Session, name: str) -> None:
    clash = session.scalar(
        select(Department).where(or_(Department.name == name, Department.short_name == name))
    )
    if clash is None:
        return
    if clash.merged_into_id is not None:
        raise DuplicateError(f"“{name}”已并入“{_final(session, clash).name}”")
    raise DuplicateError(f"单位“{name}”已存在")


def _kind(kind: str) -> str:
    try:
        return DepartmentKind(str(kind).strip()).value
    except ValueError as err:
        allowed = "、".join(k.value for k in DepartmentKind)
        raise ValidationError(f"单位类别只能是 {allowed}：{kind}") from err


def _info(session: Session, row: Department) -> DepartmentInfo:
    for info in list_departments(session):
        if info.id == row.id:
            return info
    raise NotFoundError(f"没有名为“{row.name}”的单位")


def _audit_task(
    session: Session, actor: str, task: Task, field: str, old: object, new: object
) -> None:
    audit.record(
        session, actor, "assign", "task", task.id, task_id=task.id, field=field, old=old, new=new
    )


def _suggestion(row: DepartmentSuggestion, code: str, title: str) -> SuggestionInfo:
    return SuggestionInfo(
        row.id,
        row.task_id,
        code,
        title,
        row.department_name,
        row.role,
        row.keyword,
        row.accepted_at,
    )
