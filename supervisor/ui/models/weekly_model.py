"""本周报送: one editable row per task of the period, checked cell by cell before saving."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from supervisor.errors import ValidationError
from supervisor.reports.data import TaskRow
from supervisor.services import validation
from supervisor.services.withdrawal import BatchReport
from supervisor.ui.models.table_model import ModelIndex, RowTableModel
from supervisor.ui.models.task_model import format_number, indicator_cell
from supervisor.ui.models.translation import translator

_SEPARATORS = re.compile(r"[；;，,、\s]+")
_PENDING = QColor("#FFE699")  # amber: typed, not saved yet
_INVALID = QColor("#FF9C9C")  # red: refused, the reason is the cell's tooltip


class WeeklyColumn(IntEnum):
    """Columns of the weekly grid; the last five are typed in."""

    CODE = 0
    TITLE = 1
    LEAD = 2
    LAST = 3
    PERCENT = 4
    ACTUALS = 5
    PROGRESS = 6
    PROBLEMS = 7
    NEXT = 8


EDITABLE = frozenset(
    {
        WeeklyColumn.PERCENT,
        WeeklyColumn.ACTUALS,
        WeeklyColumn.PROGRESS,
        WeeklyColumn.PROBLEMS,
        WeeklyColumn.NEXT,
    }
)


_tr = translator("WeeklyEntryModel")


@dataclass
class WeeklyEntry:
    """What was typed into one row, and why a cell was refused."""

    texts: dict[WeeklyColumn, str] = field(default_factory=dict)
    errors: dict[WeeklyColumn, str] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        """Whether anything was typed into the row."""
        return any(text.strip() for text in self.texts.values())


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    """One row's report, checked: the grid row it was typed in and the report to store."""

    row: int
    report: BatchReport


class WeeklyEntryModel(RowTableModel[TaskRow, WeeklyColumn]):
    """The period's tasks with their last percent and the cells typed for this period."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            WeeklyColumn,
            {
                WeeklyColumn.CODE: _tr("编号"),
                WeeklyColumn.TITLE: _tr("任务"),
                WeeklyColumn.LEAD: _tr("牵头单位"),
                WeeklyColumn.LAST: _tr("上次进度"),
                WeeklyColumn.PERCENT: _tr("完成进度（%）"),
                WeeklyColumn.ACTUALS: _tr("指标实际值"),
                WeeklyColumn.PROGRESS: _tr("本期进展"),
                WeeklyColumn.PROBLEMS: _tr("存在问题"),
                WeeklyColumn.NEXT: _tr("下步计划"),
            },
            parent,
        )
        self._entries: list[WeeklyEntry] = []

    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        """Show these tasks with nothing typed."""
        self.beginResetModel()
        self._rows = list(rows)
        self._entries = [WeeklyEntry() for _ in self._rows]
        self.endResetModel()

    def entry(self, row: int) -> WeeklyEntry:
        """What was typed into ``row``."""
        return self._entries[row]

    def pending_rows(self) -> list[int]:
        """The rows with something typed (amber until saved)."""
        return [i for i, entry in enumerate(self._entries) if entry.typed]

    def invalid_rows(self) -> list[int]:
        """The rows with a refused cell (red)."""
        return [i for i, entry in enumerate(self._entries) if entry.errors]

    # -- checking --------------------------------------------------------------------------
    def _check(self, row: int, column: WeeklyColumn, text: str) -> None:
        entry = self._entries[row]
        entry.errors.pop(column, None)
        try:
            if column == WeeklyColumn.PERCENT:
                validation.percent(text.strip() or None)
            elif column == WeeklyColumn.ACTUALS:
                self._actuals(self._rows[row], text)
        except ValidationError as err:
            entry.errors[column] = str(err)

    @staticmethod
    def _actuals(task: TaskRow, text: str) -> dict[int, float]:
        """The typed actuals, in the order of the task's indicators (；between them)."""
        values = [v for v in _SEPARATORS.split(text.strip()) if v]
        indicators = [i for i in task.indicators if i.indicator_id is not None]
        if len(values) > len(indicators):
            raise ValidationError(
                _tr("该任务只有 %1 个指标，填了 %2 个实际值")
                .replace("%1", str(len(indicators)))
                .replace("%2", str(len(values)))
            )
        return {
            indicator.indicator_id: validation.number(value, indicator.name)
            for indicator, value in zip(indicators, values, strict=False)
        }

    def reports(self) -> list[WeeklyReport]:
        """The typed rows as reports (call when ``invalid_rows`` is empty)."""
        reports = []
        for i in self.pending_rows():
            texts = self._entries[i].texts
            task = self._rows[i]
            reports.append(
                WeeklyReport(
                    i,
                    BatchReport(
                        task_id=task.task_id,
                        percent=validation.percent(
                            texts.get(WeeklyColumn.PERCENT, "").strip() or None
                        ),
                        actuals=self._actuals(task, texts.get(WeeklyColumn.ACTUALS, "")),
                        progress_text=texts.get(WeeklyColumn.PROGRESS, "").strip(),
                        problems=texts.get(WeeklyColumn.PROBLEMS, "").strip(),
                        next_steps=texts.get(WeeklyColumn.NEXT, "").strip(),
                    ),
                )
            )
        return reports

    def refuse_row(self, row: int, message: str) -> None:
        """Mark a whole row red with the reason the service gave when saving."""
        for column in EDITABLE:
            self._entries[row].errors[column] = message
        self._changed(row)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(WeeklyColumn) - 1))

    # -- Qt overrides ----------------------------------------------------------------------
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and WeeklyColumn(index.column()) in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        task, entry = self._rows[index.row()], self._entries[index.row()]
        column = WeeklyColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column in EDITABLE:
                return entry.texts.get(column, "")
            return self._fixed(task, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column in entry.errors:
                return QBrush(_INVALID)
            if entry.typed and column in EDITABLE:
                return QBrush(_PENDING)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in entry.errors:
                return entry.errors[column]
            if column == WeeklyColumn.ACTUALS and task.indicators:
                return _tr("按顺序填写，用“；”分隔：") + "；".join(
                    indicator_cell(i) for i in task.indicators
                )
            if column == WeeklyColumn.TITLE:
                return task.text or task.title
        return None

    @staticmethod
    def _fixed(task: TaskRow, column: WeeklyColumn) -> str:
        if column == WeeklyColumn.CODE:
            return task.code
        if column == WeeklyColumn.TITLE:
            return task.title
        if column == WeeklyColumn.LEAD:
            return task.lead_department
        if task.percent_done is None:
            return ""
        return format_number(round(task.percent_done * 100, 1)) + "%"

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = WeeklyColumn(index.column())
        if column not in EDITABLE:
            return False
        text = "" if value is None else str(value)
        self._entries[index.row()].texts[column] = text
        self._check(index.row(), column, text)
        self._changed(index.row())
        return True

    def clear_entries(self) -> None:
        """Forget what was typed (it has been saved)."""
        self.beginResetModel()
        self._entries = [WeeklyEntry() for _ in self._rows]
        self.endResetModel()
