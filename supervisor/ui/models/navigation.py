"""Navigation tree: plans with their areas, departments and statuses, each with a task count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from operator import attrgetter

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.data import TaskRow
from supervisor.services.plans import PlanSummary
from supervisor.ui.models.table_model import ModelIndex
from supervisor.ui.models.translation import translator
from supervisor.ui.models.tree_model import NodeTreeModel, TreeNode

NavKindRole = Qt.ItemDataRole.UserRole + 1
NavKeyRole = Qt.ItemDataRole.UserRole + 2


class NavKind(StrEnum):
    """What selecting a node does."""

    GROUP = "group"  # a heading: 任务清单 / 责任单位 / 状态
    PLAN = "plan"  # show this plan, unfiltered
    AREA = "area"  # filter on an area (领域) of the current plan
    DEPARTMENT = "department"
    STATUS = "status"


@dataclass(eq=False)
class NavNode(TreeNode):
    """One node of the navigation tree (kept apart from the model, as in editabletreemodel)."""

    kind: NavKind
    label: str
    key: object = None
    count: int | None = None
    colour: str | None = None
    parent: NavNode | None = None
    children: list[NavNode] = field(default_factory=list)

    def text(self) -> str:
        """Label with its count, e.g. 逾期（3）."""
        return self.label if self.count is None else f"{self.label}（{self.count}）"


_tr = translator("NavigationTreeModel")


@dataclass(frozen=True, slots=True)
class TaskCounts:
    """How many tasks each area, department and status has (one pass of C-level counting)."""

    total: int
    areas: Counter[str]
    departments: Counter[str]  # lead or co-operating
    leads: Counter[str]
    statuses: Counter[TaskStatus | None]

    @classmethod
    def of(cls, rows: Sequence[TaskRow]) -> TaskCounts:
        """Count ``rows``; the counting runs in C (map/attrgetter), 100,000 rows in a blink."""
        leads = Counter(map(attrgetter("lead_department"), rows))
        leads.pop("", None)
        leads.pop(None, None)
        departments = leads + Counter(chain.from_iterable(map(attrgetter("co_departments"), rows)))
        areas = Counter(map(attrgetter("area"), rows))
        areas.pop("", None)
        return cls(len(rows), areas, departments, leads, Counter(map(attrgetter("status"), rows)))

    def __add__(self, other: TaskCounts) -> TaskCounts:
        """The counts of two slices of rows together."""
        return TaskCounts(
            self.total + other.total,
            self.areas + other.areas,
            self.departments + other.departments,
            self.leads + other.leads,
            self.statuses + other.statuses,
        )


def build_tree(
    plans: Sequence[PlanSummary], current_plan_id: int | None, counts: TaskCounts
) -> NavNode:
    """The whole tree: every plan (areas under the current one), departments and statuses."""
    root = NavNode(NavKind.GROUP, "")
    plan_group = root.add(NavNode(NavKind.GROUP, _tr("任务清单"), key="plans"))
    for plan in plans:
        node = plan_group.add(NavNode(NavKind.PLAN, plan.title, plan.id, plan.task_count))
        if plan.id == current_plan_id:
            for area, count in counts.areas.items():
                node.add(NavNode(NavKind.AREA, area, area, count))
    dept_group = root.add(NavNode(NavKind.GROUP, _tr("责任单位"), key="departments"))
    for name, count in sorted(counts.departments.items(), key=lambda item: (-item[1], item[0])):
        dept_group.add(NavNode(NavKind.DEPARTMENT, name, name, count))
    status_group = root.add(NavNode(NavKind.GROUP, _tr("状态"), key="statuses"))
    for status in TaskStatus:
        status_group.add(
            NavNode(
                NavKind.STATUS,
                str(status),
                status,
                counts.statuses.get(status, 0),
                STATUS_COLOURS[status],
            )
        )
    return root


class NavigationTreeModel(NodeTreeModel[NavNode]):
    """Read-only tree over NavNode."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(NavNode(NavKind.GROUP, ""), 1, parent)

    def find(self, kind: NavKind, key: object) -> QModelIndex:
        """The index of the first node of ``kind`` with ``key``, or an invalid index."""
        stack = [(self._root, QModelIndex())]
        while stack:
            node, index = stack.pop()
            for row, child in enumerate(node.children):
                child_index = self.index(row, 0, index)
                if child.kind == kind and child.key == key:
                    return child_index
                stack.append((child, child_index))
        return QModelIndex()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text()
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.label
        if role == Qt.ItemDataRole.DecorationRole and node.colour:
            return QColor(node.colour)
        if role == NavKindRole:
            return str(node.kind)
        if role == NavKeyRole:
            return node.key
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
