"""Table model over the deletions of a plan that can be undone (已删除的任务)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from supervisor.services.tasks import DeletedTask
from supervisor.ui.models.table_model import TextColumn, TextTableModel, local_time_text
from supervisor.ui.models.translation import translator

# Columns of the deleted-task table.
DeletedColumn = IntEnum("DeletedColumn", "CODE TITLE DELETED_AT COUNT", start=0)


_tr = translator("DeletedTaskModel")


class DeletedTaskModel(TextTableModel[DeletedTask, DeletedColumn]):
    """One row per deletion: the task deleted, when, and how many tasks went with it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                DeletedColumn.CODE: TextColumn(_tr("编号"), lambda r: r.code),
                DeletedColumn.TITLE: TextColumn(_tr("任务"), lambda r: r.title),
                DeletedColumn.DELETED_AT: TextColumn(
                    _tr("删除时间"), lambda r: local_time_text(r.deleted_at)
                ),
                DeletedColumn.COUNT: TextColumn(_tr("任务数"), lambda r: str(r.count), right=True),
            },
            parent,
        )

    def tooltip(self, row: DeletedTask, column: DeletedColumn) -> str | None:
        """The whole title, which the column may cut."""
        return row.title if column == DeletedColumn.TITLE else None
