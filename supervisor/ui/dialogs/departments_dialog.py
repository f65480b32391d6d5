"""Manage departments: list, add, rename and merge (duplicates from different reports)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import DepartmentKind
from supervisor.errors import SupervisorError
from supervisor.services import departments
from supervisor.services.audit import default_actor
from supervisor.services.database import Database
from supervisor.ui.dialogs.forms import pick_list_view
from supervisor.ui.models.department_model import DepartmentColumn, DepartmentTableModel


class DepartmentsDialog(QDialog):
    """单位管理; every change is one service call in its own transaction."""

    departments_changed = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(self.tr("单位管理"))
        self.model = DepartmentTableModel(self)
        self.view = pick_list_view(self.model, DepartmentColumn.NAME, self)
        self.add_button = QPushButton(self.tr("添加单位"), self)
        self.rename_button = QPushButton(self.tr("改名"), self)
        self.merge_button = QPushButton(self.tr("合并到…"), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        row = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button):
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.buttons.rejected.connect(self.reject)

    def refresh(self) -> None:
        """Reload the list."""
        with self._database.sessions() as session:
            self.model.set_rows(departments.list_departments(session))

    def add(self, name: str, kind: str = DepartmentKind.MUNICIPAL) -> None:
        """Add a department (raises a Chinese SupervisorError)."""
        with self._database.sessions.begin() as session:
            departments.add_department(session, name, actor=default_actor(), kind=kind)
        self._changed()

    def rename(self, name: str, new_name: str) -> None:
        """Rename a department."""
        with self._database.sessions.begin() as session:
            departments.rename_department(session, name, new_name, actor=default_actor())
        self._changed()

    def merge(self, source: str, target: str) -> None:
        """Merge ``source`` into ``target``: its tasks and urgings move over."""
        with self._database.sessions.begin() as session:
            departments.merge_departments(session, source, target, actor=default_actor())
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.departments_changed.emit()

    def _selected(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()).name if index.isValid() else None

    def _attempt(self, action, *args: str) -> None:
        try:
            action(*args)
        except SupervisorError as err:
            QMessageBox.warning(self, self.windowTitle(), str(err))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("添加单位"), self.tr("单位名称："))
        if not ok:
            return
        kinds = [k.value for k in DepartmentKind]
        kind, ok = QInputDialog.getItem(
            self, self.tr("添加单位"), self.tr("类别："), kinds, 0, False
        )
        if ok:
            self._attempt(self.add, name, kind)

    @Slot()
    def _on_rename_button_clicked(self) -> None:
        name = self._selected()
        if name is None:
            return
        new_name, ok = QInputDialog.getText(self, self.tr("改名"), self.tr("新名称："), text=name)
        if ok:
            self._attempt(self.rename, name, new_name)

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        name = self._selected()
        if name is None:
            return
        others = [n for n in self.model.names() if n != name]
        if not others:
            return
        combo_hint = self.tr("将“%1”的任务和催办记录并入：").replace("%1", name)
        target, ok = QInputDialog.getItem(self, self.tr("合并单位"), combo_hint, others, 0, False)
        if ok:
            self._attempt(self.merge, name, target)
