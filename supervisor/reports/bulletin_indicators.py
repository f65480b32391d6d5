"""主要指标 of a bulletin: each quantitative target beside its latest actual and the value 序时
expects by now, flagged when behind."""

from __future__ import annotations

from collections.abc import Sequence

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.bulletin_model import Table, TableCell
from supervisor.reports.data import IndicatorRow, TaskRow


def pct(value: float | None) -> str:
    """A share as 28.0%, or — when unknown."""
    return "—" if value is None else f"{value * 100:.1f}%"


def expected_value(indicator: IndicatorRow, time_progress: float | None) -> float | None:
    """The value 序时 expects by now: target × 序时进度 for an amount or count to reach.

    Rates (%), ceilings (≤, 控制在…以内) and approximations are not prorated: None.
    """
    if indicator.value is None or time_progress is None:
        return None
    if indicator.unit in ("%", "‰", "个百分点") or indicator.comparator not in ("=", ">="):
        return None
    return indicator.value * max(0.0, min(1.0, time_progress))


def indicator_behind(
    indicator: IndicatorRow, time_progress: float | None, margin: float = 0.05
) -> bool:
    """Whether the latest actual is behind what 序时 expects by more than ``margin`` of the
    target (the 欠序时 threshold, 5 points by default), or above a ceiling (≤)."""
    if indicator.actual is None or indicator.value is None:
        return False
    if indicator.comparator == "<=":
        return indicator.actual > indicator.value + 1e-9
    expected = expected_value(indicator, time_progress)
    if expected is None:
        return False
    return indicator.actual < expected - margin * abs(indicator.value) - 1e-9


def number(value: float | None, unit: str = "") -> str:
    """A number without a needless .0, with its unit; — when unknown."""
    if value is None:
        return "—"
    text = str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def indicator_items(tasks: Sequence[TaskRow]) -> list[tuple[TaskRow, IndicatorRow]]:
    """Every indicator with a target, beside its task."""
    return [(t, i) for t in tasks for i in t.indicators if i.value is not None]


def indicator_table(items: Sequence[tuple[TaskRow, IndicatorRow]]) -> Table:
    """主要指标: target, latest actual, the value 序时 expects, and a flag when behind."""
    rows = []
    for index, (task, ind) in enumerate(items, start=1):
        expected = expected_value(ind, task.time_progress)
        behind = indicator_behind(ind, task.time_progress)
        state = "未填报" if ind.actual is None else ("滞后" if behind else "正常")
        fill = STATUS_COLOURS[TaskStatus.BEHIND] if behind else None
        rows.append(
            (
                TableCell(str(index), "center"),
                TableCell(ind.name, "left"),
                TableCell(task.lead_department or "—", "left"),
                TableCell(ind.target_text or number(ind.value, ind.unit), "center"),
                TableCell(number(ind.actual, ind.unit), "center"),
                TableCell(number(expected, ind.unit), "center"),
                TableCell(pct(task.time_progress), "center"),
                TableCell(state, "center", fill),
            )
        )
    header = ("序号", "指标", "牵头单位", "目标", "最新实际", "序时应达", "序时进度", "状态")
    return Table(header, tuple(rows), compact=True)
