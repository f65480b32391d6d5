"""A task's indicators (指标): add, edit and delete them softly."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supervisor.db.models import Indicator, utcnow
from supervisor.domain import Comparator
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import audit, validation
from supervisor.services.tasks.records import IndicatorInfo, IndicatorInput
from supervisor.services.tasks.rows import (
    check_version,
    flush_task,
    indicator_info,
    indicator_text,
    load_task,
    touch,
)


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
    values = checked_indicator(indicator)
    positions = [i.position for i in task.indicators]
    row = Indicator(position=max(positions, default=-1) + 1, **values)
    task.indicators.append(row)
    touch(task)
    flush_task(session, task)
    audit.record(
        session, actor, "create", "indicator", row.id, task_id=task.id, new=indicator_text(row)
    )
    return indicator_info(row)


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
    values = checked_indicator(IndicatorInput(**{**current, **changes}))
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
    return indicator_info(row)


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
        session, actor, "delete", "indicator", row.id, task_id=task.id, old=indicator_text(row)
    )


def checked_indicator(item: IndicatorInput) -> dict[str, object]:
    """An indicator's columns as typed, checked (number, comparator, range)."""
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
