"""A parent task's line sums up its sub-tasks: mean progress, worst warning, status counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from supervisor.domain import TaskKind, TaskStatus, WarningLight
from supervisor.reports.data import TaskRow

_SEVERITY = {light: i for i, light in enumerate(WarningLight)}  # 绿 < 黄 < 红


@dataclass
class Rollup:
    """What a parent's assessed leaf tasks add up to."""

    leaves: int = 0
    reported: int = 0
    percent_sum: float = 0.0
    warning: WarningLight | None = None
    statuses: Counter[TaskStatus] = field(default_factory=Counter)

    @property
    def percent(self) -> float | None:
        """Mean 完成进度 (0..1) of the leaves; a leaf without a report counts as 0."""
        return self.percent_sum / self.leaves if self.leaves and self.reported else None

    def add(self, leaf: TaskRow) -> None:
        """Count one leaf task in."""
        self.leaves += 1
        if leaf.percent_done is not None:
            self.reported += 1
            self.percent_sum += leaf.percent_done
        if leaf.status is not None:
            self.statuses[leaf.status] += 1
        if leaf.warning is not None and (
            self.warning is None or _SEVERITY[leaf.warning] > _SEVERITY[self.warning]
        ):
            self.warning = leaf.warning


def rollups(rows: Sequence[TaskRow]) -> dict[int, Rollup]:
    """The roll-up of every parent task among ``rows``, by task id (codes give the tree)."""
    by_code = {row.code: row for row in rows}
    parents = {code.rsplit(".", 1)[0] for code in by_code if "." in code}
    result: dict[int, Rollup] = {}
    for row in rows:
        if row.code in parents or row.kind == TaskKind.ROUTINE:
            continue  # only assessed leaves count, as in the bulletin's figures
        code = row.code
        while "." in code:
            code = code.rsplit(".", 1)[0]
            parent = by_code.get(code)
            if parent is not None:
                result.setdefault(parent.task_id, Rollup()).add(row)
    return result
