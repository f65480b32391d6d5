"""Table model over the department ranking (各单位推进情况)."""

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

from supervisor.reports.data import DepartmentScore
from supervisor.ui.task_model import format_number

_Index = QModelIndex | QPersistentModelIndex


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


class DepartmentScoreTableModel(QAbstractTableModel):
    """One row per department, in rank order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DepartmentScore] = []
        self._headers = {
            ScoreColumn.RANK: _tr("名次"),
            ScoreColumn.DEPARTMENT: _tr("单位"),
            ScoreColumn.LEAD: _tr("牵头"),
            ScoreColumn.DONE: _tr("完成"),
            ScoreColumn.BEHIND: _tr("欠序时"),
            ScoreColumn.OVERDUE: _tr("逾期"),
            ScoreColumn.NOT_REPORTED: _tr("未报送"),
            ScoreColumn.SCORE: _tr("得分"),
        }

    def set_scores(self, rows: Sequence[DepartmentScore]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ScoreColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = ScoreColumn(index.column())
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
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(ScoreColumn)
        ):
            return self._headers[ScoreColumn(section)]
        return None
