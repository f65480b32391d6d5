"""Table model over the departments (单位) with their task counts."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt

from supervisor.services.departments import DepartmentInfo
from supervisor.ui.models.table_model import RIGHT_ALIGNED, ModelIndex, RowTableModel


class DepartmentColumn(IntEnum):
    """Columns of the department table."""

    NAME = 0
    SHORT_NAME = 1
    KIND = 2
    CONTACT = 3
    LEAD_TASKS = 4
    CO_TASKS = 5


def _tr(text: str) -> str:
    return QCoreApplication.translate("DepartmentTableModel", text)


class DepartmentTableModel(RowTableModel[DepartmentInfo, DepartmentColumn]):
    """One row per department."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            DepartmentColumn,
            {
                DepartmentColumn.NAME: _tr("单位名称"),
                DepartmentColumn.SHORT_NAME: _tr("简称"),
                DepartmentColumn.KIND: _tr("类别"),
                DepartmentColumn.CONTACT: _tr("联系方式"),
                DepartmentColumn.LEAD_TASKS: _tr("牵头任务"),
                DepartmentColumn.CO_TASKS: _tr("配合任务"),
            },
            parent,
        )

    def names(self) -> list[str]:
        """Every department's name."""
        return [row.name for row in self._rows]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self._cell(index)
        if cell is None:
            return None
        row, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                DepartmentColumn.NAME: row.name,
                DepartmentColumn.SHORT_NAME: row.short_name or "",
                DepartmentColumn.KIND: row.kind,
                DepartmentColumn.CONTACT: row.contact or "",
                DepartmentColumn.LEAD_TASKS: str(row.lead_tasks),
                DepartmentColumn.CO_TASKS: str(row.co_tasks),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and row.aliases:
            return _tr("曾用名：") + "、".join(row.aliases)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            DepartmentColumn.LEAD_TASKS,
            DepartmentColumn.CO_TASKS,
        ):
            return RIGHT_ALIGNED
        return None
