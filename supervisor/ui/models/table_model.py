"""Base of the table models over a list of dataclasses, one column per member of an IntEnum."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

RowT = TypeVar("RowT")
ColumnT = TypeVar("ColumnT", bound=IntEnum)


def local_time_text(moment: dt.datetime) -> str:
    """A stored time (UTC, as the audit log keeps them) in the computer's own time zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def horizontal_header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The title of column ``section`` for ``headerData``; None for every other question.

    Args:
        headers: The translated titles in column order.
        section: The column asked about.
        orientation: Only horizontal headers have titles.
        role: Only the display role has one.
    """
    if (
        role == Qt.ItemDataRole.DisplayRole
        and orientation == Qt.Orientation.Horizontal
        and 0 <= section < len(headers)
    ):
        return headers[section]
    return None


class RowTableModel(QAbstractTableModel, Generic[RowT, ColumnT]):
    """One row per item of a list, one column per member of ``columns``; subclasses add data()."""

    def __init__(
        self,
        columns: type[ColumnT],
        headers: Mapping[ColumnT, str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = columns
        # Looked up on every data() call: a tuple index is far cheaper than the enum's call.
        self._column_members: tuple[ColumnT, ...] = tuple(columns)
        self._headers = tuple(headers[column] for column in columns)
        self._rows: list[RowT] = []

    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[RowT]:
        """The rows in model order (read only by convention)."""
        return self._rows

    def row_at(self, row: int) -> RowT:
        """The item shown in ``row``."""
        return self._rows[row]

    def _cell(self, index: ModelIndex) -> tuple[RowT, ColumnT] | None:
        """The item and column of ``index``, or None when it points at no row."""
        if not index.isValid():
            return None
        return self.cell_at(index.row(), index.column())

    def cell_at(self, row: int, column: int) -> tuple[RowT, ColumnT] | None:
        """The item of ``row`` and the column ``column``, or None outside the table."""
        if not 0 <= row < len(self._rows) or not 0 <= column < len(self._column_members):
            return None
        return self._rows[row], self._column_members[column]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._column_members)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return horizontal_header(self._headers, section, orientation, role)


@dataclass(frozen=True, slots=True)
class TextColumn(Generic[RowT]):
    """A column of plain text: its title, its text for a row, and whether it is right-aligned."""

    title: str
    text: Callable[[RowT], str]
    right: bool = False


class TextTableModel(RowTableModel[RowT, ColumnT]):
    """A read-only table whose every cell is text worked out from its row by its column.

    Subclasses name their columns once, title and text together, and may add tooltips.
    """

    def __init__(
        self, cells: Mapping[ColumnT, TextColumn[RowT]], parent: QObject | None = None
    ) -> None:
        # The columns are the enum of the table's keys: naming it beside them could disagree.
        columns: type[ColumnT] = type(next(iter(cells)))
        super().__init__(columns, {column: cells[column].title for column in columns}, parent)
        self._cells = tuple(cells[column] for column in columns)

    def tooltip(self, row: RowT, column: ColumnT) -> str | None:
        """The tooltip of a cell; none unless a subclass says so."""
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self._cell(index)
        if cell is None:
            return None
        row, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[column].text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and self._cells[column].right:
            return RIGHT_ALIGNED
        return None
