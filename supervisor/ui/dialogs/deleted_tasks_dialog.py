"""已删除的任务: the plan's deletions, each restorable (with the sub-tasks deleted with it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from supervisor.services import tasks
from supervisor.services.database import Database
from supervisor.ui.dialogs.forms import dialog_buttons, pick_list_view
from supervisor.ui.dialogs.layouts import column_layout
from supervisor.ui.models.deleted_task_model import DeletedColumn, DeletedTaskModel


class DeletedTasksDialog(QDialog):
    """Lists what was deleted from a plan; 恢复 calls ``restore`` with the chosen task's id.

    ``restore`` belongs to the main window (it records the step for undo and shows errors);
    it returns whether the task came back.
    """

    def __init__(
        self,
        database: Database,
        plan_id: int,
        restore: Callable[[int], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._plan_id = plan_id
        self._restore = restore
        self.setWindowTitle(self.tr("已删除的任务"))
        hint = QLabel(self.tr("恢复一项任务时，与它一同删除的下级任务也一并恢复。"), self)
        hint.setWordWrap(True)
        self.model = DeletedTaskModel(self)
        self.view = pick_list_view(self.model, DeletedColumn.TITLE, self)
        self.empty_label = QLabel(self.tr("没有已删除的任务。"), self)
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(self.tr("恢复"), self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        column_layout(self, hint, self.view, self.empty_label, self.buttons)
        self.resize(760, 420)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.view.doubleClicked.connect(self._on_restore_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        """Read the deletions again."""
        with self._database.sessions() as session:
            self.model.set_rows(tasks.deleted_tasks(session, self._plan_id))
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.restore_button.setEnabled(not empty)
        if not empty:
            self.view.selectRow(0)

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and self._restore(self.model.row_at(index.row()).id):
            self.refresh()
