"""Table model over the department ranking (各单位推进情况)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt

from supervisor.reports.data import DepartmentScore
from supervisor.ui.models.table_model import RIGHT_ALIGNED, ModelIndex, RowTableModel
from supervisor.ui.models.task_model import format_number


class ScoreColumn(IntEnum):
    """Columns of the ranking."""

    RANK = 0
    DEPARTMENT = 1
    LEAD = 2
    DONE = 3
    BEHIND = 4
    OVERDUE = 5
    NOT_REPORTED = 6
    SCORE = 7


def _tr(text: str) -> str:
    return QCoreApplication.translate("DepartmentScoreTableModel", text)


class DepartmentScoreTableModel(RowTableModel[DepartmentScore, ScoreColumn]):
    """One row per department, in rank order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            ScoreColumn,
            {
                ScoreColumn.RANK: _tr("名次"),
                ScoreColumn.DEPARTMENT: _tr("单位"),
                ScoreColumn.LEAD: _tr("牵头"),
                ScoreColumn.DONE: _tr("完成"),
                ScoreColumn.BEHIND: _tr("欠序时"),
                ScoreColumn.OVERDUE: _tr("逾期"),
                ScoreColumn.NOT_REPORTED: _tr("未报送"),
                ScoreColumn.SCORE: _tr("得分"),
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
                ScoreColumn.RANK: str(row.rank),
                ScoreColumn.DEPARTMENT: row.department,
                ScoreColumn.LEAD: str(row.lead_tasks),
                ScoreColumn.DONE: str(row.done),
                ScoreColumn.BEHIND: str(row.behind),
                ScoreColumn.OVERDUE: str(row.overdue),
                ScoreColumn.NOT_REPORTED: str(row.not_reported),
                ScoreColumn.SCORE: format_number(row.score),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != ScoreColumn.DEPARTMENT:
            return RIGHT_ALIGNED
        return None
