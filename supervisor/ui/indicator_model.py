"""Editable table of a task's indicators (指标) in the task form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from supervisor.services.tasks import IndicatorInfo, IndicatorInput
from supervisor.ui.task_model import format_number

_Index = QModelIndex | QPersistentModelIndex
COMPARATORS = ("=", ">=", "<=", "~", "range")


class IndicatorColumn(IntEnum):
    """Columns of the indicator editor."""

    NAME = 0
    COMPARATOR = 1
    VALUE = 2
    VALUE_MAX = 3
    UNIT = 4


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


def _tr(text: str) -> str:
    return QCoreApplication.translate("IndicatorTableModel", text)


class IndicatorTableModel(QAbstractTableModel):
    """Rows of IndicatorDraft; every cell is editable."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.drafts: list[IndicatorDraft] = []
        self._headers = {
            IndicatorColumn.NAME: _tr("指标名称"),
            IndicatorColumn.COMPARATOR: _tr("比较（= ≥ ≤ 约 区间）"),
            IndicatorColumn.VALUE: _tr("目标值"),
            IndicatorColumn.VALUE_MAX: _tr("上限（区间）"),
            IndicatorColumn.UNIT: _tr("单位"),
        }

    def set_drafts(self, drafts: list[IndicatorDraft]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.drafts = list(drafts)
        self.endResetModel()

    def add_draft(self) -> int:
        """Append an empty row and return its number."""
        row = len(self.drafts)
        self.beginInsertRows(QModelIndex(), row, row)
        self.drafts.append(IndicatorDraft(None))
        self.endInsertRows()
        return row

    def remove_draft(self, row: int) -> None:
        """Remove one row."""
        if 0 <= row < len(self.drafts):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.drafts[row]
            self.endRemoveRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.drafts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(IndicatorColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.drafts):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        draft = self.drafts[index.row()]
        return getattr(draft, IndicatorColumn(index.column()).name.lower())

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = IndicatorColumn(index.column())
        text = str(value or "").strip()
        if column == IndicatorColumn.COMPARATOR and text not in COMPARATORS:
            return False
        setattr(self.drafts[index.row()], column.name.lower(), text)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, role])
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(IndicatorColumn)
        ):
            return self._headers[IndicatorColumn(section)]
        return None
