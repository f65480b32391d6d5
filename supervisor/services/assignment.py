"""Assignment (分工): lead unit, co-units, responsible leader and deadline, one task or many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from supervisor.db.models import Department, Task
from supervisor.errors import ValidationError
from supervisor.services import audit, validation
from supervisor.services.departments import find_department
from supervisor.services.tasks import check_version, flush_task, load_task, subtree_ids, touch


@dataclass(frozen=True, slots=True)
class AssignResult:
    """How many tasks an assignment reached and how many it changed."""

    task_ids: tuple[int, ...]
    changed: int


def assign(
    session: Session,
    task_ids: Sequence[int],
    *,
    actor: str,
    lead: str | None = None,
    co: Sequence[str] | None = None,
    leader: str | None = None,
    deadline: dt.date | str | None = None,
    subtree: bool = False,
    expected_versions: Mapping[int, int] | None = None,
) -> AssignResult:
    """Assign tasks: every argument left as None stays as it is.

    Args:
        task_ids: the selected tasks.
        lead: the lead unit's name; "" clears it.
        co: the co-units' names, replacing the current ones; an empty list clears them.
            A unit that is the lead is never also a co-unit.
        leader: the responsible leader; "" clears it.
        deadline: the deadline (完成时限).
        subtree: also every sub-task below the selected tasks.
        expected_versions: task id → the version the caller read (stale edits conflict).

    Raises:
        NotFoundError: a task or a unit that does not exist.
        ValidationError: nothing to change, a deadline out of range, a lead also a co-unit.
        ConflictError: a task changed since the caller read it.
    """
    if lead is None and co is None and leader is None and deadline is None:
        raise ValidationError("请至少指定牵头单位、配合单位、责任领导或完成时限之一")
    if not task_ids:
        raise ValidationError("请至少选择一项任务")
    ids: list[int] = []
    for task_id in task_ids:
        for item in subtree_ids(session, task_id) if subtree else [load_task(session, task_id).id]:
            if item not in ids:
                ids.append(item)
    tasks = [load_task(session, task_id) for task_id in ids]
    for task in tasks:
        check_version(task, (expected_versions or {}).get(task.id))
    lead_unit: Department | None = find_department(session, lead) if lead else None
    co_units: list[Department] | None = None
    if co is not None:
        co_units = []
        for name in co:
            unit = find_department(session, name)
            if unit not in co_units:
                co_units.append(unit)
        if lead_unit is not None and lead_unit in co_units:
            raise ValidationError(f"“{lead_unit.name}”不能同时是牵头单位和配合单位")
    clean_leader = validation.optional_text(leader, "责任领导", 100) if leader is not None else None
    changed = 0
    for task in tasks:
        clean_deadline = (
            validation.date_near_year(deadline, "完成时限", task.plan.year)
            if deadline is not None
            else None
        )
        if clean_deadline is not None and task.start_date and task.start_date > clean_deadline:
            raise ValidationError(
                f"任务 {task.code} 的开始日期 {task.start_date} 晚于完成时限 {clean_deadline}"
            )
        if _apply(
            session, task, actor, lead, lead_unit, co_units, leader, clean_leader, clean_deadline
        ):
            changed += 1
    if len(tasks) == 1:
        flush_task(session, tasks[0])
    else:
        flush_task(session, None, "所选任务中有任务已被他人修改，请刷新后重新分工；本次分工未保存")
    return AssignResult(tuple(ids), changed)


def _apply(
    session: Session,
    task: Task,
    actor: str,
    lead: str | None,
    lead_unit: Department | None,
    co_units: list[Department] | None,
    leader: str | None,
    clean_leader: str | None,
    deadline: dt.date | None,
) -> bool:
    changed = False
    if lead is not None and task.lead_department_id != (lead_unit.id if lead_unit else None):
        old = task.lead_department.name if task.lead_department else None
        task.lead_department = lead_unit
        _audit(session, actor, task, "lead_department", old, lead_unit.name if lead_unit else None)
        changed = True
    wanted_co = co_units if co_units is not None else list(task.co_departments)
    if task.lead_department is not None and task.lead_department in wanted_co:
        # The lead unit of a task is never also one of its co-units.
        wanted_co = [unit for unit in wanted_co if unit is not task.lead_department]
    if [unit.id for unit in wanted_co] != [unit.id for unit in task.co_departments]:
        before = "、".join(unit.name for unit in task.co_departments)
        task.co_departments = list(wanted_co)
        touch(task)
        _audit(session, actor, task, "co_departments", before, "、".join(u.name for u in wanted_co))
        changed = True
    if leader is not None and task.leader != clean_leader:
        _audit(session, actor, task, "leader", task.leader, clean_leader)
        task.leader = clean_leader
        changed = True
    if deadline is not None and task.deadline != deadline:
        _audit(session, actor, task, "deadline", task.deadline, deadline)
        task.deadline = deadline
        changed = True
    return changed


def _audit(session: Session, actor: str, task: Task, field: str, old: object, new: object) -> None:
    audit.record(
        session, actor, "assign", "task", task.id, task_id=task.id, field=field, old=old, new=new
    )
