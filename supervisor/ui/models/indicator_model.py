"""Editable table of a task's indicators (指标) in the task form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, Qt

from supervisor.services.tasks import IndicatorInfo, IndicatorInput
from supervisor.ui.models.table_model import ModelIndex, RowTableModel
from supervisor.ui.models.task_model import format_number
from supervisor.ui.models.translation import translator

COMPARATORS = ("=", ">=", "<=", "~", "range")


# Columns of the indicator editor.
IndicatorColumn = IntEnum("IndicatorColumn", "NAME COMPARATOR VALUE VALUE_MAX UNIT", start=0)


@dataclass(slots=True)
class IndicatorDraft:
    """An indicator being edited; ``indicator_id`` is None for a new one."""

    indicator_id: int | None
    name: str = ""
    comparator: str = "="
    value: str = ""
    value_max: str = ""
    unit: str = ""

    @classmethod
    def from_info(cls, info: IndicatorInfo) -> IndicatorDraft:
        """A draft of a stored indicator."""
        return cls(
            info.id,
            info.name,
            info.comparator,
            format_number(info.value),
            format_number(info.value_max),
            info.unit,
        )

    def to_input(self) -> IndicatorInput:
        """The service's input (numbers are checked by the service)."""
        return IndicatorInput(
            name=self.name,
            value=self.value or None,
            value_max=self.value_max or None,
            unit=self.unit,
            comparator=self.comparator,
        )

    def changes(self, info: IndicatorInfo) -> dict[str, object]:
        """Fields that differ from the stored indicator."""
        out: dict[str, object] = {}
        if self.name != info.name:
            out["name"] = self.name
        if self.comparator != info.comparator:
            out["comparator"] = self.comparator
        if self.value != format_number(info.value):
            out["value"] = self.value or None
        if self.value_max != format_number(info.value_max):
            out["value_max"] = self.value_max or None
        if self.unit != info.unit:
            out["unit"] = self.unit
        return out


_tr = translator("IndicatorTableModel")


class IndicatorTableModel(RowTableModel[IndicatorDraft, IndicatorColumn]):
    """Rows of IndicatorDraft; every cell is editable."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            IndicatorColumn,
            {
                IndicatorColumn.NAME: _tr("指标名称"),
                IndicatorColumn.COMPARATOR: _tr("比较（= ≥ ≤ 约 区间）"),
                IndicatorColumn.VALUE: _tr("目标值"),
                IndicatorColumn.VALUE_MAX: _tr("上限（区间）"),
                IndicatorColumn.UNIT: _tr("单位"),
            },
            parent,
        )

    @property
    def drafts(self) -> list[IndicatorDraft]:
        """The drafts being edited, in row order."""
        return self._rows

    def add_draft(self) -> int:
        """Append an empty row and return its number."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(IndicatorDraft(None))
        self.endInsertRows()
        return row

    def remove_draft(self, row: int) -> None:
        """Remove one row."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self._cell(index)
        if cell is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        draft, column = cell
        return getattr(draft, column.name.lower())

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = IndicatorColumn(index.column())
        text = str(value or "").strip()
        if column == IndicatorColumn.COMPARATOR and text not in COMPARATORS:
            return False
        setattr(self._rows[index.row()], column.name.lower(), text)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, role])
        return True

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
