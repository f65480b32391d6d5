"""Table model over the departments (单位) with their task counts."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from supervisor.services.departments import DepartmentInfo

_Index = QModelIndex | QPersistentModelIndex


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


class DepartmentTableModel(QAbstractTableModel):
    """One row per department."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DepartmentInfo] = []
        self._headers = {
            DepartmentColumn.NAME: _tr("单位名称"),
            DepartmentColumn.SHORT_NAME: _tr("简称"),
            DepartmentColumn.KIND: _tr("类别"),
            DepartmentColumn.CONTACT: _tr("联系方式"),
            DepartmentColumn.LEAD_TASKS: _tr("牵头任务"),
            DepartmentColumn.CO_TASKS: _tr("配合任务"),
        }

    def set_departments(self, rows: Sequence[DepartmentInfo]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def department_at(self, row: int) -> DepartmentInfo:
        """The department shown in ``row``."""
        return self._rows[row]

    def names(self) -> list[str]:
        """Every department's name."""
        return [row.name for row in self._rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DepartmentColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = DepartmentColumn(index.column())
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
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(DepartmentColumn)
        ):
            return self._headers[DepartmentColumn(section)]
        return None
