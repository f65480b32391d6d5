"""The audit log: every change is recorded as who, when, what, old → new."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry

# How the CLI and the GUI name what the log records (the log itself keeps the identifiers).
ACTION_LABELS = {
    "create": "新建",
    "update": "修改",
    "assign": "分工",
    "split": "拆分",
    "move": "移动",
    "delete": "删除",
    "restore": "恢复",
    "progress": "报送进展",
    "correct": "更正进展",
    "urge": "催办",
    "merge": "合并",
    "import": "导入",
}
FIELD_LABELS = {
    "title": "任务名称",
    "text": "原文",
    "code": "编号",
    "leader": "责任领导",
    "start_date": "开始日期",
    "deadline": "完成时限",
    "lead_department": "牵头单位",
    "co_departments": "配合单位",
    "children": "子任务",
    "parent_id": "上级任务",
    "position": "位置",
    "percent": "完成进度",
    "actual": "实际值",
    "name": "名称",
    "value": "目标值",
    "value_max": "目标上限",
    "unit": "单位",
    "comparator": "比较方式",
    "file": "文件",
    "merged_into": "并入",
    "department": "报送单位",
    "kind": "任务类型",
}
ENTITY_LABELS = {
    "task": "任务",
    "indicator": "指标",
    "progress_report": "进展",
    "indicator_actual": "指标",
    "urging": "催办",
}


def default_actor() -> str:
    """The name recorded for changes when none is given: the OS user."""
    try:
        return os.environ.get("SUPERVISOR_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def server_records_actor(url: str | None) -> bool:
    """Whether the database at ``url`` records the actor itself (PostgreSQL: its login).

    The triggers of ``db init-server`` overwrite whatever name a client sends with the
    login's, so on a server the name given to ``record`` is only a placeholder.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from supervisor import paths

    try:
        return make_url(paths.database_url(url)).get_backend_name() == "postgresql"
    except ArgumentError:
        return False  # not a URL: opening it fails with its own message


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    task_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> None:
    """Add one audit entry to the session (written with the caller's transaction)."""
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            task_id=task_id,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
        )
    )


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit entry as shown to a user."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    field: str | None
    old_value: str | None
    new_value: str | None


def task_history(session: Session, task_id: int) -> list[AuditLine]:
    """Every recorded change of a task and of what belongs to it, oldest first."""
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.task_id == task_id).order_by(AuditEntry.id)
    )
    return [
        AuditLine(r.at, r.actor, r.action, r.entity, r.entity_id, r.field, r.old_value, r.new_value)
        for r in rows
    ]
