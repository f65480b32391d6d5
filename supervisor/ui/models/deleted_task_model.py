"""Table model over the deletions of a plan that can be undone (已删除的任务)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt

from supervisor.services.tasks import DeletedTask
from supervisor.ui.models.table_model import (
    RIGHT_ALIGNED,
    ModelIndex,
    RowTableModel,
    local_time_text,
)


class DeletedColumn(IntEnum):
    """Columns of the deleted-task table."""

    CODE = 0
    TITLE = 1
    DELETED_AT = 2
    COUNT = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeletedTaskModel", text)


class DeletedTaskModel(RowTableModel[DeletedTask, DeletedColumn]):
    """One row per deletion: the task deleted, when, and how many tasks went with it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            DeletedColumn,
            {
                DeletedColumn.CODE: _tr("编号"),
                DeletedColumn.TITLE: _tr("任务"),
                DeletedColumn.DELETED_AT: _tr("删除时间"),
                DeletedColumn.COUNT: _tr("任务数"),
            },
            parent,
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self._cell(index)
        if cell is None:
            return None
        row, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                DeletedColumn.CODE: row.code,
                DeletedColumn.TITLE: row.title,
                DeletedColumn.DELETED_AT: local_time_text(row.deleted_at),
                DeletedColumn.COUNT: str(row.count),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == DeletedColumn.TITLE:
            return row.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DeletedColumn.COUNT:
            return RIGHT_ALIGNED
        return None
