"""Managing departments (单位管理): the list, add, rename and merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot

from supervisor.ui.workflows.context import Workflow

if TYPE_CHECKING:
    from supervisor.ui.dialogs.departments_dialog import DepartmentsDialog


class DepartmentsWorkflow(Workflow):
    """单位管理."""

    @Slot()
    def on_departments_action_triggered(self) -> None:
        """Open the departments dialog."""
        self.open_departments_dialog().open()

    def open_departments_dialog(self) -> DepartmentsDialog:
        """The departments dialog; the task table follows its changes."""
        from supervisor.ui.dialogs.departments_dialog import DepartmentsDialog

        dialog = DepartmentsDialog(self.context.database, self.context.widget)
        dialog.departments_changed.connect(self.context.reload_tasks)
        return dialog
