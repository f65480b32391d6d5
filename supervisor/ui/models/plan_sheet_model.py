"""Table model over the tasks an office's 分工方案 workbook would create (import preview)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from supervisor.services.plan_import import PlannedTask
from supervisor.ui.models.table_model import TextColumn, TextTableModel
from supervisor.ui.models.translation import translator

# Columns of the preview.
PlannedTaskColumn = IntEnum("PlannedTaskColumn", "ROW CODE TITLE LEAD CO LEADER DEADLINE", start=0)


_tr = translator("PlannedTaskTableModel")


def _deadline(task: PlannedTask) -> str:
    if task.deadline is not None:
        return task.deadline.isoformat()
    return _tr("长期") if task.long_term else ""


class PlannedTaskTableModel(TextTableModel[PlannedTask, PlannedTaskColumn]):
    """One row per task or area heading, in sheet order, with the row it came from."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                PlannedTaskColumn.ROW: TextColumn(_tr("行"), lambda t: str(t.row), right=True),
                PlannedTaskColumn.CODE: TextColumn(_tr("编号"), lambda t: t.code),
                PlannedTaskColumn.TITLE: TextColumn(
                    _tr("重点任务"), lambda t: ("【领域】" if t.is_area else "") + t.title
                ),
                PlannedTaskColumn.LEAD: TextColumn(_tr("牵头单位"), lambda t: t.lead or ""),
                PlannedTaskColumn.CO: TextColumn(_tr("配合单位"), lambda t: "、".join(t.co)),
                PlannedTaskColumn.LEADER: TextColumn(_tr("责任领导"), lambda t: t.leader),
                PlannedTaskColumn.DEADLINE: TextColumn(_tr("完成时限"), _deadline),
            },
            parent,
        )

    def tooltip(self, row: PlannedTask, column: PlannedTaskColumn) -> str | None:
        """The whole text of a task cell (the title is its first sentence)."""
        return row.text if column == PlannedTaskColumn.TITLE else None
