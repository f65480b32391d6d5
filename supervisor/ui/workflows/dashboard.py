"""The dashboard tab (统计看板): its figures are computed in a worker whenever it is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from supervisor.ui.workflows.context import Workflow, WorkflowContext

if TYPE_CHECKING:
    from supervisor.ui.widgets.dashboard import DashboardWidget


class DashboardWorkflow(Workflow):
    """统计看板: built on first show (QtCharts loads then), reloaded while it is visible."""

    dashboard_loaded = Signal(object)
    task_requested = Signal(int)

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        self.page = QWidget(context.widget)
        QVBoxLayout(self.page)
        self.widget: DashboardWidget | None = None

    def load(self) -> None:
        """Build the widget if needed and compute the figures of the plan shown."""
        # QtCharts is loaded only when the dashboard is first shown: it slows the start.
        from supervisor.ui.widgets.dashboard import DashboardWidget
        from supervisor.ui.work.jobs import dashboard_job
        from supervisor.ui.work.workers import Worker

        context = self.context
        if self.widget is None:
            self.widget = DashboardWidget(self.page)
            self.page.layout().addWidget(self.widget)
            self.widget.task_requested.connect(self.task_requested)
        if context.plan_id is None:
            self.widget.clear()
            return
        # The trend recomputes every period's statuses: on a big plan that takes a while.
        worker = Worker(
            context.database, dashboard_job(context.plan_id, context.view_date), "dashboard"
        )
        context.start(worker, self.tr("正在统计……"), self._on_dashboard_data_finished)

    @Slot(object)
    def _on_dashboard_data_finished(self, result: object) -> None:
        data, due_days = result
        if self.widget is not None and data.header.plan_id == self.context.plan_id:
            self.widget.show_data(data, today=self.context.view_date, due_days=due_days)
            self.dashboard_loaded.emit(data)
