"""Tree of a returned-workbook import preview: files → issues and reports → changed values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from supervisor.reports.fillin_format import CONTACT_FIELDS
from supervisor.services.roundtrip import ReturnPreview
from supervisor.ui.models.table_model import ModelIndex
from supervisor.ui.models.translation import translator
from supervisor.ui.models.tree_model import NodeTreeModel, TreeNode

_CONTACT_LABELS = {key: label for key, label, *_ in CONTACT_FIELDS}
_ERROR = "#C00000"
_WARNING = "#9C6500"


# Columns of the preview.
PreviewColumn = IntEnum("PreviewColumn", "ITEM OLD NEW", start=0)


@dataclass(eq=False)
class ReturnNode(TreeNode):
    """One line of the preview (a file, an issue, a report or a changed value)."""

    texts: tuple[str, str, str]
    colour: str | None = None
    parent: ReturnNode | None = None
    children: list[ReturnNode] = field(default_factory=list)


_tr = translator("ReturnPreviewTreeModel")


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
        if item.contact:
            # Who filled the file in, so the office knows whom to call about it.
            who = "，".join(
                f"{_CONTACT_LABELS.get(key, key)}：{value}"
                for key, value in item.contact.items()
                if value
            )
            file_node.add(ReturnNode((_tr("填报人 — %1").replace("%1", who), "", "")))
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


class ReturnPreviewTreeModel(NodeTreeModel[ReturnNode]):
    """Read-only tree of a ReturnPreview."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            ReturnNode(("", "", "")),
            len(PreviewColumn),
            parent,
            headers=(_tr("文件 / 任务 / 项目"), _tr("原值"), _tr("新值")),
        )

    def set_preview(self, preview: ReturnPreview) -> None:
        """Show one preview."""
        self.set_root(build_nodes(preview))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return node.texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and node.colour:
            return QBrush(QColor(node.colour))
        return None
