"""The navigation tree on the left: plans with their areas, units and statuses, each counted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QTreeView, QWidget

from supervisor.services.plans import PlanSummary
from supervisor.ui.models.navigation import (
    NavigationTreeModel,
    NavKeyRole,
    NavKind,
    NavKindRole,
    TaskCounts,
    build_tree,
)
from supervisor.ui.widgets.task_page import ALL, TaskPage


class NavigationPane(QTreeView):
    """Clicking a node filters the task page, or asks for another plan."""

    plan_requested = Signal(int)

    def __init__(self, task_page: TaskPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task_page = task_page
        self._plan_id: int | None = None
        self.nav_model = NavigationTreeModel(self)
        self.setObjectName("navigation")
        self.setModel(self.nav_model)
        self.setHeaderHidden(True)
        self.setMinimumWidth(200)
        self.clicked.connect(self._on_clicked)

    def show_counts(
        self, plans: Sequence[PlanSummary], plan_id: int | None, counts: TaskCounts
    ) -> None:
        """Rebuild the tree for the plan shown and its task counts."""
        self._plan_id = plan_id
        self.nav_model.set_root(build_tree(plans, plan_id, counts))
        self.expandAll()

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        page = self._task_page
        kind = NavKind(index.data(NavKindRole))
        key = index.data(NavKeyRole)
        if kind == NavKind.PLAN:
            page.refilter(lambda: page.filter.set_area(None))
            if key != self._plan_id:
                self.plan_requested.emit(int(key))
        elif kind == NavKind.AREA:
            page.refilter(lambda: page.filter.set_area(str(key)))
        elif kind == NavKind.DEPARTMENT:
            page.filter_department(key)
        elif kind == NavKind.STATUS:
            page.filter_status(str(key))
        elif key == "departments":
            page.filter_department(ALL)
        elif key == "statuses":
            page.filter_status(ALL)
        page.update_counts()
