"""Table model over the tasks of a plan (TaskRow dataclasses), sortable on raw values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import IntEnum
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from supervisor.domain import STATUS_COLOURS, WARNING_COLOURS, TaskStatus, WarningLight
from supervisor.reports.data import IndicatorRow, TaskRow
from supervisor.ui.models.rollup import Rollup, rollups
from supervisor.ui.models.table_model import RIGHT_ALIGNED, ModelIndex, RowTableModel
from supervisor.ui.models.translation import translator

SortRole = Qt.ItemDataRole.UserRole + 1
TaskIdRole = Qt.ItemDataRole.UserRole + 2
_STATUS_ORDER = {status: i for i, status in enumerate(TaskStatus)}
_WARNING_ORDER = {light: i for i, light in enumerate(WarningLight)}  # 绿 < 黄 < 红
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class TaskColumn(IntEnum):
    """Columns of the task table."""

    CODE = 0
    TITLE = 1
    INDICATORS = 2
    LEAD = 3
    LEADER = 4
    DEADLINE = 5
    PROGRESS = 6
    STATUS = 7
    WARNING = 8
    LAST_REPORT = 9
    URGINGS = 10


# A parent's line shows these summed up from its leaves (see rollup.py).
_ROLLED = (TaskColumn.PROGRESS, TaskColumn.STATUS, TaskColumn.WARNING)
# Columns whose text and raw (sort) value are the same text member of the row.
_PLAIN_TEXT: dict[TaskColumn, Callable[[TaskRow], str]] = {
    TaskColumn.CODE: attrgetter("code"),
    TaskColumn.TITLE: attrgetter("title"),
    TaskColumn.LEAD: attrgetter("lead_department"),
    TaskColumn.LEADER: attrgetter("leader"),
}


_tr = translator("TaskTableModel")


def column_titles() -> dict[TaskColumn, str]:
    """The Chinese header of every column."""
    return {
        TaskColumn.CODE: _tr("编号"),
        TaskColumn.TITLE: _tr("重点任务"),
        TaskColumn.INDICATORS: _tr("指标（实际/目标）"),
        TaskColumn.LEAD: _tr("牵头单位"),
        TaskColumn.LEADER: _tr("责任领导"),
        TaskColumn.DEADLINE: _tr("完成时限"),
        TaskColumn.PROGRESS: _tr("完成进度"),
        TaskColumn.STATUS: _tr("状态"),
        TaskColumn.WARNING: _tr("预警"),
        TaskColumn.LAST_REPORT: _tr("最近报送"),
        TaskColumn.URGINGS: _tr("催办次数"),
    }


def format_number(value: float | None) -> str:
    """A number without a needless ``.0`` (128.0 → 128, 6.5 → 6.5); empty for None."""
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def indicator_cell(indicator: IndicatorRow) -> str:
    """``name 实际/目标 unit``: what the table shows for one indicator."""
    actual = format_number(indicator.actual) or "—"
    return f"{indicator.name} {actual}/{indicator.target_text}"


def indicator_ratio(row: TaskRow) -> float | None:
    """Mean share of the indicators' targets reached (sort key of the indicator column)."""
    ratios = [
        ind.actual / ind.value
        for ind in row.indicators
        if ind.actual is not None and ind.value not in (None, 0)
    ]
    return sum(ratios) / len(ratios) if ratios else None


def code_key(code: str) -> tuple[int, ...]:
    """2.10 sorts after 2.9: compare codes part by part as numbers."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def search_text(row: TaskRow) -> str:
    """Everything the live search looks at, lower-cased once when the rows are loaded."""
    parts = [row.code, row.title, row.text, row.area, row.lead_department, row.leader]
    parts.extend(row.co_departments)
    parts.extend(ind.name for ind in row.indicators)
    return "\n".join(parts).lower()


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


_SORT_KEYS: dict[TaskColumn, Callable[[TaskRow], Any]] = {
    TaskColumn.CODE: lambda r: code_key(r.code),
    TaskColumn.TITLE: lambda r: r.title,
    TaskColumn.INDICATORS: lambda r: _none_last(indicator_ratio(r)),
    TaskColumn.LEAD: lambda r: (not r.lead_department, r.lead_department),
    TaskColumn.LEADER: lambda r: (not r.leader, r.leader),
    TaskColumn.DEADLINE: lambda r: _none_last(r.deadline),
    TaskColumn.PROGRESS: lambda r: _none_last(r.percent_done),
    TaskColumn.STATUS: lambda r: _STATUS_ORDER.get(r.status, len(_STATUS_ORDER)),
    TaskColumn.WARNING: lambda r: _WARNING_ORDER.get(r.warning, -1),
    TaskColumn.LAST_REPORT: lambda r: _none_last(r.last_report_date),
    TaskColumn.URGINGS: lambda r: r.urging_count,
}


class TaskTableModel(RowTableModel[TaskRow, TaskColumn]):
    """One row per task; display text is made on demand, search text once per load."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TaskColumn, column_titles(), parent)
        # Lower-cased search text per row, made in slices while the GUI is idle after a load
        # (see prepare_search) so that opening 100,000 tasks does not wait for it.
        self._search: list[str] = []
        # Parent tasks' roll-ups of their leaves, made after the search text (prepare_rollups).
        self._rollups: dict[int, Rollup] = {}
        self._brushes = {s: QBrush(QColor(c)) for s, c in STATUS_COLOURS.items()}
        self._warning_brushes = {w: QBrush(QColor(c)) for w, c in WARNING_COLOURS.items()}
        self._text_brush = QBrush(QColor("#000000"))

    # -- loading ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        """Replace every row (their search text is made later, see prepare_search)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._search = []
        self._rollups = {}
        self.endResetModel()

    def prepare_rollups(self) -> None:
        """Sum up every parent's leaves and show it in its 完成进度 and 预警 cells."""
        self._rollups = rollups(self._rows)
        if self._rollups:
            last = len(self._rows) - 1
            self.dataChanged.emit(
                self.index(0, TaskColumn.PROGRESS), self.index(last, TaskColumn.WARNING)
            )

    def rollup(self, task_id: int) -> Rollup | None:
        """The roll-up of a parent task (None for a leaf, or before prepare_rollups)."""
        return self._rollups.get(task_id)

    def prepare_search(self, budget: int) -> bool:
        """Make the search text of up to ``budget`` more rows; True when all are ready."""
        done = len(self._search)
        self._search.extend(search_text(row) for row in self._rows[done : done + budget])
        return len(self._search) == len(self._rows)

    def replace_row(self, row: TaskRow) -> None:
        """Show a fresh copy of one task (after an edit) without reloading the table."""
        for i, old in enumerate(self._rows):
            if old.task_id == row.task_id:
                self._rows[i] = row
                if i < len(self._search):
                    self._search[i] = search_text(row)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(TaskColumn) - 1))
                return

    @property
    def search_strings(self) -> list[str]:
        """Lower-cased search text per row, in model order (finished now if still pending)."""
        if len(self._search) < len(self._rows):
            self.prepare_search(len(self._rows))
        return self._search

    def row_of_task(self, task_id: int) -> int | None:
        """The row showing task ``task_id``, if it is loaded."""
        for i, row in enumerate(self._rows):
            if row.task_id == task_id:
                return i
        return None

    # -- Qt overrides ----------------------------------------------------------------------
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        return self.data_at(index.row(), index.column(), role)

    def data_at(self, row_number: int, column_number: int, role: int) -> object:
        """``data()`` by row and column number: the filter proxy asks this for every painted
        cell, without making a source index for each."""
        cell = self.cell_at(row_number, column_number)
        if cell is None:
            return None
        row, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._raw(row, column)
        if role == TaskIdRole:
            return row.task_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TaskColumn.TITLE:
                return row.text or row.title
            if column == TaskColumn.INDICATORS:
                return "\n".join(indicator_cell(ind) for ind in row.indicators) or None
            if (rollup := self._rollups.get(row.task_id)) is not None and column in _ROLLED:
                counts = "，".join(f"{s} {n}" for s, n in rollup.statuses.items())
                return (
                    _tr("汇总下级 %1 项任务：%2")
                    .replace("%1", str(rollup.leaves))
                    .replace("%2", counts or _tr("尚无状态"))
                )
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == TaskColumn.STATUS:
            return self._brushes.get(row.status) if row.status else None
        if role == Qt.ItemDataRole.BackgroundRole and column == TaskColumn.WARNING:
            warning = self._warning(row)
            return self._warning_brushes.get(warning) if warning else None
        if role == Qt.ItemDataRole.ForegroundRole and (
            (column == TaskColumn.STATUS and row.status)
            or (column == TaskColumn.WARNING and self._warning(row))
        ):
            # The fills are light: keep the text dark also under a dark desktop theme.
            return self._text_brush
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (TaskColumn.URGINGS, TaskColumn.PROGRESS):
                return RIGHT_ALIGNED
            if column in (
                TaskColumn.STATUS,
                TaskColumn.WARNING,
                TaskColumn.DEADLINE,
                TaskColumn.LAST_REPORT,
            ):
                return _CENTRE
        return None

    def _percent(self, row: TaskRow) -> float | None:
        rollup = self._rollups.get(row.task_id)
        return rollup.percent if rollup is not None else row.percent_done

    def _warning(self, row: TaskRow) -> WarningLight | None:
        rollup = self._rollups.get(row.task_id)
        return rollup.warning if rollup is not None else row.warning

    def _display(self, row: TaskRow, column: TaskColumn) -> str:
        plain = _PLAIN_TEXT.get(column)
        if plain is not None:
            return plain(row)
        if column == TaskColumn.INDICATORS:
            return "；".join(indicator_cell(ind) for ind in row.indicators)
        if column == TaskColumn.DEADLINE:
            return row.deadline.isoformat() if row.deadline else ""
        if column == TaskColumn.PROGRESS:
            percent = self._percent(row)
            return f"{percent * 100:.0f}%" if percent is not None else ""
        if column == TaskColumn.STATUS:
            return row.status_text  # 常态化 for a task that is not assessed
        if column == TaskColumn.WARNING:
            warning = self._warning(row)
            return warning.value if warning else ""
        if column == TaskColumn.LAST_REPORT:
            return row.last_report_date.isoformat() if row.last_report_date else ""
        return str(row.urging_count) if row.urging_count else ""

    def _raw(self, row: TaskRow, column: TaskColumn) -> object:
        plain = _PLAIN_TEXT.get(column)
        if plain is not None:
            return plain(row)
        if column == TaskColumn.INDICATORS:
            return indicator_ratio(row)
        if column == TaskColumn.DEADLINE:
            return row.deadline
        if column == TaskColumn.PROGRESS:
            return self._percent(row)
        if column == TaskColumn.STATUS:
            return _STATUS_ORDER.get(row.status, len(_STATUS_ORDER)) if row.status else None
        if column == TaskColumn.WARNING:
            return _WARNING_ORDER.get(row.warning) if row.warning else None
        if column == TaskColumn.LAST_REPORT:
            return row.last_report_date
        return row.urging_count

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python on the raw values: one key per row, not one call per pair."""
        if not 0 <= column < len(TaskColumn) or not self._rows:
            return
        key = _SORT_KEYS[TaskColumn(column)]
        reverse = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        order_of_rows = sorted(
            range(len(self._rows)), key=lambda i: key(self._rows[i]), reverse=reverse
        )
        new_position = [0] * len(order_of_rows)
        for new, old in enumerate(order_of_rows):
            new_position[old] = new
        self._rows = [self._rows[i] for i in order_of_rows]
        if len(self._search) == len(self._rows):
            self._search = [self._search[i] for i in order_of_rows]
        else:
            # Half-made search text belongs to the old order; making it all now would slow every
            # table open (it sorts), so it is made again in the new order while idle.
            self._search = []
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_position[ix.row()], ix.column()) if ix.isValid() else ix
            for ix in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


def days_until(deadline: dt.date | None, today: dt.date) -> int | None:
    """Whole days from ``today`` to ``deadline`` (negative when past)."""
    return (deadline - today).days if deadline else None
