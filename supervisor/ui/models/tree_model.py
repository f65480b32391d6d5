"""Base of the tree models over node objects kept apart from the model (as in editabletreemodel)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Self, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from supervisor.ui.models.table_model import ModelIndex, horizontal_header


class TreeNode:
    """Links of a tree node; the dataclass nodes declare ``parent`` and ``children`` as fields."""

    parent: Self | None
    children: list[Self]

    def add(self, child: Self) -> Self:
        """Append ``child`` and return it."""
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        """Position among its siblings."""
        return self.parent.children.index(self) if self.parent else 0


NodeT = TypeVar("NodeT", bound=TreeNode)


class NodeTreeModel(QAbstractItemModel, Generic[NodeT]):
    """Tree over ``root``'s descendants (the root itself is not shown); subclasses add data()."""

    def __init__(
        self,
        root: NodeT,
        column_count: int,
        parent: QObject | None = None,
        *,
        headers: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._root = root
        self._column_count = column_count
        self._headers = tuple(headers)

    def set_root(self, root: NodeT) -> None:
        """Replace the whole tree."""
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    def node(self, index: ModelIndex) -> NodeT:
        """The node of ``index`` (the root for an invalid index)."""
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, type(self._root)):
                return node
        return self._root

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < self._column_count or row < 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return self._column_count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not self._headers:
            # A tree without titles (its header is hidden) keeps Qt's default numbering.
            return super().headerData(section, orientation, role)
        return horizontal_header(self._headers, section, orientation, role)
