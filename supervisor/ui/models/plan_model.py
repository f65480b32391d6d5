"""Item model over the list of plans."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt

from supervisor.services.plans import PlanSummary
from supervisor.ui.models.table_model import RIGHT_ALIGNED, ModelIndex, RowTableModel

PlanIdRole = Qt.ItemDataRole.UserRole + 1


class PlanColumn(IntEnum):
    """Columns of the plan table."""

    YEAR = 0
    TITLE = 1
    SOURCE = 2
    TASKS = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTableModel", text)


class PlanTableModel(RowTableModel[PlanSummary, PlanColumn]):
    """Plans as rows: year, title, source, number of tasks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            PlanColumn,
            {
                PlanColumn.YEAR: _tr("年度"),
                PlanColumn.TITLE: _tr("任务清单"),
                PlanColumn.SOURCE: _tr("来源"),
                PlanColumn.TASKS: _tr("任务数"),
            },
            parent,
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self._cell(index)
        if cell is None:
            return None
        plan, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                PlanColumn.YEAR: str(plan.year),
                PlanColumn.TITLE: plan.title,
                PlanColumn.SOURCE: plan.source,
                PlanColumn.TASKS: str(plan.task_count),
            }[column]
        if role == PlanIdRole:
            return plan.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            PlanColumn.YEAR,
            PlanColumn.TASKS,
        ):
            return RIGHT_ALIGNED
        return None
