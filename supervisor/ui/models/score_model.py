"""Table model over the department ranking (各单位推进情况)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject

from supervisor.reports.data import DepartmentScore
from supervisor.ui.models.table_model import TextColumn, TextTableModel
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


def _count(title: str, field: str) -> TextColumn[DepartmentScore]:
    return TextColumn(title, lambda row: str(getattr(row, field)), right=True)


class DepartmentScoreTableModel(TextTableModel[DepartmentScore, ScoreColumn]):
    """One row per department, in rank order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            ScoreColumn,
            {
                ScoreColumn.RANK: _count(_tr("名次"), "rank"),
                ScoreColumn.DEPARTMENT: TextColumn(_tr("单位"), lambda r: r.department),
                ScoreColumn.LEAD: _count(_tr("牵头"), "lead_tasks"),
                ScoreColumn.DONE: _count(_tr("完成"), "done"),
                ScoreColumn.BEHIND: _count(_tr("欠序时"), "behind"),
                ScoreColumn.OVERDUE: _count(_tr("逾期"), "overdue"),
                ScoreColumn.NOT_REPORTED: _count(_tr("未报送"), "not_reported"),
                ScoreColumn.SCORE: TextColumn(
                    _tr("得分"), lambda r: format_number(r.score), right=True
                ),
            },
            parent,
        )
