"""Urging (催办) a department about one task: a dated record, not undoable."""

from __future__ import annotations

from PySide6.QtCore import Slot

from supervisor.reports.data import TaskRow
from supervisor.services import urging
from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class UrgingWorkflow(Workflow):
    """催办."""

    @Slot()
    def on_urge_action_triggered(self) -> None:
        """Open the urging form of the current task."""
        task = self.context.require_task()
        if task is not None:
            self.open_urge_dialog(task).open()

    def open_urge_dialog(self, task: TaskRow) -> dialogs.UrgeDialog:
        """The urging form of one task."""

        def save(value: dialogs.UrgeInput) -> None:
            self.urge_task(task.task_id, value)

        return closing_deletes(
            dialogs.UrgeDialog(
                f"{task.code} {task.title}",
                save,
                self.context.widget,
                department=task.lead_department,
                today=self.context.today,
            )
        )

    def urge_task(self, task_id: int, value: dialogs.UrgeInput) -> None:
        """Record an urging (a dated record; not undoable)."""
        self.context.record_for_task(
            urging.urge,
            task_id,
            note=value.note,
            date=value.date,
            colour=value.colour,
            department=value.department,
        )
