"""Item model over the list of plans."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject, Qt

from supervisor.services.plans import PlanSummary
from supervisor.ui.models.table_model import ModelIndex, TextColumn, TextTableModel
from supervisor.ui.models.translation import translator

PlanIdRole = Qt.ItemDataRole.UserRole + 1


# Columns of the plan table.
PlanColumn = IntEnum("PlanColumn", "YEAR TITLE SOURCE TASKS", start=0)


_tr = translator("PlanTableModel")


class PlanTableModel(TextTableModel[PlanSummary, PlanColumn]):
    """Plans as rows: year, title, source, number of tasks; ``PlanIdRole`` gives the id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                PlanColumn.YEAR: TextColumn(_tr("年度"), lambda p: str(p.year), right=True),
                PlanColumn.TITLE: TextColumn(_tr("任务清单"), lambda p: p.title),
                PlanColumn.SOURCE: TextColumn(_tr("来源"), lambda p: p.source),
                PlanColumn.TASKS: TextColumn(
                    _tr("任务数"), lambda p: str(p.task_count), right=True
                ),
            },
            parent,
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == PlanIdRole:
            cell = self._cell(index)
            return None if cell is None else cell[0].id
        return super().data(index, role)
