"""Editable tree over an extracted report: the import preview before anything is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import QObject, Qt

from supervisor.domain import TaskKind
from supervisor.extract.model import ExtractedIndicator, ExtractedReport, ExtractedTask
from supervisor.services.reporting import target_text
from supervisor.ui.models.table_model import ModelIndex
from supervisor.ui.models.translation import translator
from supervisor.ui.models.tree_model import NodeTreeModel, TreeNode


class PreviewColumn(IntEnum):
    """Columns of the import preview."""

    CODE = 0
    TITLE = 1
    INDICATORS = 2
    LEAD = 3
    CO = 4
    DEADLINE = 5
    KIND = 6  # ticked: 常态化 (not assessed against 序时进度), as the extractor proposes


def indicator_text(indicator: ExtractedIndicator) -> str:
    """``name ≥1万人`` as shown in the preview; with a baseline ``name 从88%提高到92%``.

    The same words as the 分工方案's 目标 column, so the clerk sees in the preview what the
    exported plan will say.
    """
    target = target_text(
        indicator.value,
        indicator.value_max,
        indicator.unit,
        str(indicator.comparator),
        indicator.baseline,
    )
    return f"{indicator.name} {target}"


@dataclass(eq=False)
class ExtractionNode(TreeNode):
    """One extracted task and what the user made of it in the preview."""

    task: ExtractedTask | None
    title: str = ""
    lead: str = ""
    deadline: dt.date | None = None
    included: bool = True
    kind: TaskKind = TaskKind.ASSESSED
    parent: ExtractionNode | None = None
    children: list[ExtractionNode] = field(default_factory=list)

    @property
    def suggested_lead(self) -> str:
        """The lead department the extraction suggested."""
        if self.task is None:
            return ""
        return next((d.name for d in self.task.departments if d.role == "lead"), "")

    @property
    def suggested_co(self) -> str:
        """The co-departments the extraction suggested."""
        if self.task is None:
            return ""
        return "、".join(d.name for d in self.task.departments if d.role != "lead")

    def effectively_included(self) -> bool:
        """Kept when it and every ancestor are ticked."""
        node: ExtractionNode | None = self
        while node is not None and node.task is not None:
            if not node.included:
                return False
            node = node.parent
        return True


@dataclass(frozen=True, slots=True)
class PreviewEdit:
    """A change the user made to one extracted task, by its code."""

    code: str
    included: bool
    title: str | None  # None: unchanged
    deadline: dt.date | None  # None: unchanged
    lead: str | None  # None: unchanged; "" clears the suggestion
    kind: TaskKind | None = None  # None: as the extractor proposed


def build_nodes(report: ExtractedReport) -> ExtractionNode:
    """The tree of nodes for a report (tasks come in pre-order)."""
    root = ExtractionNode(None)
    by_code: dict[str, ExtractionNode] = {}
    for task in report.tasks:
        node = ExtractionNode(task, task.title, "", task.deadline, kind=TaskKind(task.task_kind))
        node.lead = node.suggested_lead
        parent = by_code.get(task.parent, root) if task.parent else root
        node.parent = parent
        parent.children.append(node)
        by_code[task.code] = node
    return root


_tr = translator("ExtractionTreeModel")


class ExtractionTreeModel(NodeTreeModel[ExtractionNode]):
    """Tree of extracted tasks; title, lead department and deadline are editable."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            ExtractionNode(None),
            len(PreviewColumn),
            parent,
            headers=(
                _tr("编号"),
                _tr("任务"),
                _tr("指标"),
                _tr("牵头单位（建议）"),
                _tr("配合单位（建议）"),
                _tr("完成时限"),
                _tr("常态化"),
            ),
        )

    def set_report(self, report: ExtractedReport) -> None:
        """Show a freshly extracted report."""
        self.set_root(build_nodes(report))

    def edits(self) -> list[PreviewEdit]:
        """Every node that differs from the extraction, in tree order."""
        out: list[PreviewEdit] = []
        stack = list(reversed(self._root.children))
        while stack:
            node = stack.pop()
            task = node.task
            assert task is not None  # only the root has no task
            changed = PreviewEdit(
                task.code,
                node.included,
                node.title if node.title != task.title else None,
                node.deadline if node.deadline != task.deadline else None,
                node.lead if node.lead != node.suggested_lead else None,
                node.kind if node.kind != task.task_kind else None,
            )
            if (
                not changed.included
                or changed.title is not None
                or changed.deadline is not None
                or changed.lead is not None
                or changed.kind is not None
            ):
                out.append(changed)
            stack.extend(reversed(node.children))
        return out

    def count(self) -> tuple[int, int]:
        """(tasks kept, tasks extracted)."""
        kept = total = 0
        stack = list(self._root.children)
        while stack:
            node = stack.pop()
            total += 1
            kept += node.effectively_included()
            stack.extend(node.children)
        return kept, total

    def routine_count(self) -> int:
        """Kept tasks marked 常态化 (as proposed or changed in the preview)."""
        count = 0
        stack = list(self._root.children)
        while stack:
            node = stack.pop()
            count += node.kind == TaskKind.ROUTINE and node.effectively_included()
            stack.extend(node.children)
        return count

    # -- Qt overrides ----------------------------------------------------------------------
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        task = node.task
        if task is None:
            return None
        column = PreviewColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == PreviewColumn.CODE:
                return task.code
            if column == PreviewColumn.TITLE:
                return node.title
            if column == PreviewColumn.INDICATORS:
                return "；".join(indicator_text(i) for i in task.indicators)
            if column == PreviewColumn.LEAD:
                return node.lead
            if column == PreviewColumn.CO:
                return node.suggested_co
            if column == PreviewColumn.KIND:
                return _tr("常态化") if node.kind == TaskKind.ROUTINE else _tr("考核")
            return node.deadline.isoformat() if node.deadline else ""
        if role == Qt.ItemDataRole.CheckStateRole and column == PreviewColumn.CODE:
            return Qt.CheckState.Checked if node.included else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.CheckStateRole and column == PreviewColumn.KIND:
            routine = node.kind == TaskKind.ROUTINE
            return Qt.CheckState.Checked if routine else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == PreviewColumn.KIND:
            return _tr("勾选：常态化（不考核），不计序时进度、统计和排名")
        if role == Qt.ItemDataRole.ToolTipRole and column in (
            PreviewColumn.TITLE,
            PreviewColumn.INDICATORS,
        ):
            return task.text
        return None

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid():
            return False
        node = self.node(index)
        column = PreviewColumn(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and column == PreviewColumn.CODE:
            node.included = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index, [role])
            return True
        if role == Qt.ItemDataRole.CheckStateRole and column == PreviewColumn.KIND:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            node.kind = TaskKind.ROUTINE if checked else TaskKind.ASSESSED
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, role])
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip()
        if column == PreviewColumn.TITLE:
            if not text:
                return False
            node.title = text
        elif column == PreviewColumn.LEAD:
            node.lead = text
        elif column == PreviewColumn.DEADLINE:
            try:
                node.deadline = dt.date.fromisoformat(text) if text else None
            except ValueError:
                return False
        else:
            return False
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, role])
        return True

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = PreviewColumn(index.column())
        if column in (PreviewColumn.CODE, PreviewColumn.KIND):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if column in (PreviewColumn.TITLE, PreviewColumn.LEAD, PreviewColumn.DEADLINE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
