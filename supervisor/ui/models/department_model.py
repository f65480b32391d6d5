"""Table model over the departments (单位) with their task counts."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from supervisor.services.departments import DepartmentInfo
from supervisor.ui.models.table_model import TextColumn, TextTableModel
from supervisor.ui.models.translation import translator

# Columns of the department table.
DepartmentColumn = IntEnum(
    "DepartmentColumn", "NAME SHORT_NAME KIND CONTACT LEAD_TASKS CO_TASKS", start=0
)


_tr = translator("DepartmentTableModel")


class DepartmentTableModel(TextTableModel[DepartmentInfo, DepartmentColumn]):
    """One row per department."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                DepartmentColumn.NAME: TextColumn(_tr("单位名称"), lambda r: r.name),
                DepartmentColumn.SHORT_NAME: TextColumn(_tr("简称"), lambda r: r.short_name or ""),
                DepartmentColumn.KIND: TextColumn(_tr("类别"), lambda r: r.kind),
                DepartmentColumn.CONTACT: TextColumn(_tr("联系方式"), lambda r: r.contact or ""),
                DepartmentColumn.LEAD_TASKS: TextColumn(
                    _tr("牵头任务"), lambda r: str(r.lead_tasks), right=True
                ),
                DepartmentColumn.CO_TASKS: TextColumn(
                    _tr("配合任务"), lambda r: str(r.co_tasks), right=True
                ),
            },
            parent,
        )

    def names(self) -> list[str]:
        """Every department's name."""
        return [row.name for row in self._rows]

    def tooltip(self, row: DepartmentInfo, column: DepartmentColumn) -> str | None:
        """The names a merged department had before."""
        return _tr("曾用名：") + "、".join(row.aliases) if row.aliases else None
