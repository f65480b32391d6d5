"""The 时限 tab: tasks by due month, 临期 and 逾期 marked; a double click opens the task."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout, QWidget

from supervisor.services.settings import load_settings
from supervisor.ui.models.deadline_model import DeadlineColumn, DeadlineTreeModel
from supervisor.ui.models.task_model import TaskIdRole
from supervisor.ui.workflows.context import Workflow, WorkflowContext


class DeadlineWorkflow(Workflow):
    """时限: grouped from the rows the task table already holds."""

    task_requested = Signal(int)

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        self.page = QWidget(context.widget)
        self.model = DeadlineTreeModel(self)
        self.tree = QTreeView(self.page)
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeadlineColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.page).addWidget(self.tree)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)

    def load(self) -> None:
        """Group the plan's tasks by due month; months with 临期 or 逾期 tasks open."""
        context = self.context
        with context.database.sessions() as session:
            due_days = load_settings(session).due_soon_days
        self.model.set_rows(context.task_rows(), context.view_date, due_days)
        for row in range(self.model.rowCount()):
            month = self.model.index(row, 0)
            self.tree.setExpanded(month, self.model.node(month).marked > 0)

    @Slot(QModelIndex)
    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        task_id = index.data(TaskIdRole)
        if task_id is not None:
            self.task_requested.emit(int(task_id))
