"""Item model over the list of plans."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from supervisor.services.plans import PlanSummary

PlanIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class PlanColumn(IntEnum):
    """Columns of the plan table."""

    YEAR = 0
    TITLE = 1
    SOURCE = 2
    TASKS = 3


class PlanTableModel(QAbstractTableModel):
    """Plans as rows: year, title, source, number of tasks."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._plans: list[PlanSummary] = []
        self._headers = {
            PlanColumn.YEAR: self.tr("年度"),
            PlanColumn.TITLE: self.tr("任务清单"),
            PlanColumn.SOURCE: self.tr("来源"),
            PlanColumn.TASKS: self.tr("任务数"),
        }

    def set_plans(self, plans: list[PlanSummary]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._plans = list(plans)
        self.endResetModel()

    @property
    def plans(self) -> list[PlanSummary]:
        """Every plan shown, in order."""
        return list(self._plans)

    def plan_at(self, row: int) -> PlanSummary:
        """The plan shown in ``row``."""
        return self._plans[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PlanColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._plans):
            return None
        plan = self._plans[index.row()]
        column = PlanColumn(index.column())
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
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(PlanColumn)
        ):
            return self._headers[PlanColumn(section)]
        return None
