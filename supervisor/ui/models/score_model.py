"""Table model over the department ranking (各单位推进情况), units that lead no task below."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from supervisor.reports.data import DepartmentScore
from supervisor.ui.models.table_model import TextColumn, TextTableModel
from supervisor.ui.models.task_model import format_number
from supervisor.ui.models.translation import translator


class ScoreColumn(IntEnum):
    """Columns of the ranking: the figures the score is computed from, then the score."""

    RANK = 0
    DEPARTMENT = 1
    TASKS = 2
    LEAD = 3
    DONE = 4
    BEHIND = 5
    OVERDUE = 6
    NOT_REPORTED = 7
    BLUE_CARDS = 8
    YELLOW_CARDS = 9
    RED_CARDS = 10
    POINTS = 11
    SCORE = 12


_tr = translator("DepartmentScoreTableModel")


def _count(title: str, field: str) -> TextColumn[DepartmentScore]:
    return TextColumn(title, lambda row: str(getattr(row, field)), right=True)


def _rank(row: DepartmentScore) -> str:
    return str(row.rank) if row.rank is not None else _tr("不排名")


def score_rule(row: DepartmentScore) -> str:
    """How the score was reached, in words, for the score cell's tooltip."""
    if row.rank is None:
        return _tr("不牵头任务的单位单列，不参与排名")
    if row.scoring == "sum":
        return _tr("得分 = 基础分 + 计分 %1（合计）").replace("%1", format_number(row.points))
    return (
        _tr("得分 = 基础分 + 计分 %1 ÷ 折算任务数 %2（按任务平均）")
        .replace("%1", format_number(row.points))
        .replace("%2", format_number(row.weighted_tasks))
    )


class DepartmentScoreTableModel(TextTableModel[DepartmentScore, ScoreColumn]):
    """One row per department, in rank order; units that lead no task follow, unranked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                ScoreColumn.RANK: TextColumn(_tr("名次"), _rank, right=True),
                ScoreColumn.DEPARTMENT: TextColumn(_tr("单位"), lambda r: r.department),
                ScoreColumn.TASKS: _count(_tr("任务"), "tasks"),
                ScoreColumn.LEAD: _count(_tr("牵头"), "lead_tasks"),
                ScoreColumn.DONE: _count(_tr("完成"), "done"),
                ScoreColumn.BEHIND: _count(_tr("欠序时"), "behind"),
                ScoreColumn.OVERDUE: _count(_tr("逾期"), "overdue"),
                ScoreColumn.NOT_REPORTED: _count(_tr("未报送"), "not_reported"),
                ScoreColumn.BLUE_CARDS: _count(_tr("蓝单"), "blue_cards"),
                ScoreColumn.YELLOW_CARDS: _count(_tr("黄单"), "yellow_cards"),
                ScoreColumn.RED_CARDS: _count(_tr("红单"), "red_cards"),
                ScoreColumn.POINTS: TextColumn(
                    _tr("计分"), lambda r: format_number(round(r.points, 2)), right=True
                ),
                ScoreColumn.SCORE: TextColumn(
                    _tr("得分"),
                    lambda r: format_number(round(r.score, 2)) if r.rank is not None else "—",
                    right=True,
                ),
            },
            parent,
        )

    def tooltip(self, row: DepartmentScore, column: ScoreColumn) -> str | None:
        """The rule behind the score; what the 督办单 columns count."""
        if column in (ScoreColumn.SCORE, ScoreColumn.POINTS, ScoreColumn.RANK):
            return score_rule(row)
        if column in (ScoreColumn.BLUE_CARDS, ScoreColumn.YELLOW_CARDS, ScoreColumn.RED_CARDS):
            return _tr("发出的蓝/黄/红色督办单（催办）张数")
        return None
