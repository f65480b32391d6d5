"""Tree of a returned-workbook import preview: files → issues and reports → changed values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from supervisor.services.roundtrip import ReturnPreview

_Index = QModelIndex | QPersistentModelIndex
_ERROR = "#C00000"
_WARNING = "#9C6500"


class PreviewColumn(IntEnum):
    """Columns of the preview."""

    ITEM = 0
    OLD = 1
    NEW = 2


@dataclass(eq=False)
class ReturnNode:
    """One line of the preview (a file, an issue, a report or a changed value)."""

    texts: tuple[str, str, str]
    colour: str | None = None
    parent: ReturnNode | None = None
    children: list[ReturnNode] = field(default_factory=list)

    def add(self, child: ReturnNode) -> ReturnNode:
        """Append ``child`` and return it."""
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        """Position among its siblings."""
        return self.parent.children.index(self) if self.parent else 0


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReturnPreviewTreeModel", text)


def build_nodes(preview: ReturnPreview) -> ReturnNode:
    """The tree of one preview."""
    root = ReturnNode(("", "", ""))
    for item in preview.files:
        state = (
            _tr("有错误，不能导入")
            if item.errors
            else _tr("可导入 %1 条进展").replace("%1", str(len(item.reports)))
        )
        file_node = root.add(
            ReturnNode(
                (f"{item.file_name}（{item.department or _tr('未知单位')}）", "", state),
                _ERROR if item.errors else None,
            )
        )
        errors = set(item.errors)
        for issue in item.issues:
            colour = _ERROR if issue in errors else _WARNING
            file_node.add(ReturnNode((f"{issue.severity}：{issue.message}", "", ""), colour))
        for report in item.reports:
            report_node = file_node.add(
                ReturnNode(
                    (
                        f"{report.code} {report.title}",
                        report.role,
                        report.report_date.isoformat(),
                    )
                )
            )
            for change in report.changes:
                report_node.add(ReturnNode((change.label, change.old, change.new)))
    return root


class ReturnPreviewTreeModel(QAbstractItemModel):
    """Read-only tree of a ReturnPreview."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = ReturnNode(("", "", ""))
        self._headers = (_tr("文件 / 任务 / 项目"), _tr("原值"), _tr("新值"))

    def set_preview(self, preview: ReturnPreview) -> None:
        """Show one preview."""
        self.beginResetModel()
        self._root = build_nodes(preview)
        self.endResetModel()

    def node(self, index: _Index) -> ReturnNode:
        """The node of ``index`` (the root for an invalid index)."""
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, ReturnNode):
                return node
        return self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(PreviewColumn) or row < 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(PreviewColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return node.texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and node.colour:
            return QBrush(QColor(node.colour))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
