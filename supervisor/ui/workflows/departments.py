"""Managing departments (单位管理): the list, add, rename and merge."""

from __future__ import annotations

from PySide6.QtCore import Slot

from supervisor.ui import dialogs
from supervisor.ui.workflows.context import Workflow, closing_deletes


class DepartmentsWorkflow(Workflow):
    """单位管理."""

    @Slot()
    def on_departments_action_triggered(self) -> None:
        """Open the departments dialog."""
        self.open_departments_dialog().open()

    def open_departments_dialog(self) -> dialogs.DepartmentsDialog:
        """The departments dialog; the task table follows its changes."""
        dialog = closing_deletes(
            dialogs.DepartmentsDialog(self.context.database, self.context.widget)
        )
        dialog.departments_changed.connect(self.context.reload_tasks)
        return dialog
