"""时限: the tasks by the month they are due, 临期 and 逾期 ones marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.data import TaskRow
from supervisor.ui.models.table_model import ModelIndex
from supervisor.ui.models.task_model import TaskIdRole
from supervisor.ui.models.translation import translator
from supervisor.ui.models.tree_model import NodeTreeModel, TreeNode

_MARKED = (TaskStatus.DUE_SOON, TaskStatus.OVERDUE)


def urgency(row: TaskRow, today: dt.date, due_days: int) -> TaskStatus | None:
    """逾期 or 临期 by the deadline alone (a task 未报送 can be due soon too), else None."""
    if row.deadline is None or row.status == TaskStatus.DONE:
        return None
    days = (row.deadline - today).days
    if days < 0:
        return TaskStatus.OVERDUE
    return TaskStatus.DUE_SOON if days <= due_days else None


# Columns of the deadline tree.
DeadlineColumn = IntEnum("DeadlineColumn", "ITEM LEAD DEADLINE STATUS", start=0)


_tr = translator("DeadlineTreeModel")


@dataclass(eq=False)
class DeadlineNode(TreeNode):
    """A month (its tasks below it) or one task."""

    label: str
    task: TaskRow | None = None
    urgency: TaskStatus | None = None  # of a task: 逾期 or 临期 by its deadline
    marked: int = 0  # in a month: how many of its tasks are 临期 or 逾期
    parent: DeadlineNode | None = None
    children: list[DeadlineNode] = field(default_factory=list)


def build_months(rows: Sequence[TaskRow], today: dt.date, due_days: int) -> DeadlineNode:
    """Months in order, each with its unfinished tasks by deadline; undated tasks last."""
    root = DeadlineNode("")
    months: dict[tuple[int, int] | None, list[TaskRow]] = {}
    for row in rows:
        if row.status == TaskStatus.DONE:
            continue
        key = (row.deadline.year, row.deadline.month) if row.deadline else None
        months.setdefault(key, []).append(row)
    ordered = sorted(k for k in months if k is not None) + ([None] if None in months else [])
    for key in ordered:
        tasks = sorted(months[key], key=lambda r: (r.deadline or dt.date.max, r.code))
        label = (
            _tr("未定时限")
            if key is None
            else _tr("%1年%2月").replace("%1", str(key[0])).replace("%2", str(key[1]))
        )
        month = root.add(DeadlineNode(label))
        for task in tasks:
            month.add(
                DeadlineNode(f"{task.code} {task.title}", task, urgency(task, today, due_days))
            )
        month.marked = sum(node.urgency is not None for node in month.children)
    return root


class DeadlineTreeModel(NodeTreeModel[DeadlineNode]):
    """Month → tasks; a month's line counts its tasks and its 临期/逾期 ones."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            DeadlineNode(""),
            len(DeadlineColumn),
            parent,
            headers=(_tr("月份 / 任务"), _tr("牵头单位"), _tr("完成时限"), _tr("状态")),
        )
        self._brushes = {s: QBrush(QColor(STATUS_COLOURS[s])) for s in _MARKED}

    def set_rows(self, rows: Sequence[TaskRow], today: dt.date, due_days: int) -> None:
        """Group these tasks by due month, marking those due within ``due_days`` or late."""
        self.set_root(build_months(rows, today, due_days))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        column = DeadlineColumn(index.column())
        task = node.task
        if role == Qt.ItemDataRole.DisplayRole:
            if task is None:
                if column != DeadlineColumn.ITEM:
                    return ""
                text = node.label + _tr("（%1 项）").replace("%1", str(len(node.children)))
                if node.marked:
                    text += _tr(" 临期/逾期 %1").replace("%1", str(node.marked))
                return text
            return {
                DeadlineColumn.ITEM: node.label,
                DeadlineColumn.LEAD: task.lead_department,
                DeadlineColumn.DEADLINE: task.deadline.isoformat() if task.deadline else "",
                DeadlineColumn.STATUS: task.status_text,
            }[column]
        if role == Qt.ItemDataRole.BackgroundRole and node.urgency is not None:
            return self._brushes[node.urgency]
        if role == Qt.ItemDataRole.ForegroundRole and node.urgency is not None:
            return QBrush(QColor("#000000"))
        if role == TaskIdRole and task is not None:
            return task.task_id
        if role == Qt.ItemDataRole.ToolTipRole and task is not None:
            return task.text or task.title
        return None
