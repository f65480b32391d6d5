"""Manage departments: list, add, rename and merge; the office's own keyword table."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from supervisor.domain import DepartmentKind
from supervisor.errors import SupervisorError
from supervisor.services import departments, keyword_table
from supervisor.services.audit import default_actor
from supervisor.services.database import Database
from supervisor.ui.dialogs.forms import dialog_buttons, pick_list_view
from supervisor.ui.dialogs.layouts import column_layout
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
        # The keyword table that suggests lead units on import (单位名称, 别名, 关键词).
        self.table_label = QLabel(self)
        self.table_label.setWordWrap(True)
        self.load_table_button = QPushButton(self.tr("导入本单位关键词表…"), self)
        self.load_table_button.setToolTip(
            self.tr(
                "CSV 或 Excel 表，列为 单位名称、别名、关键词（关键词用 、 或 | 分隔）；"
                "以后导入报告时按此表建议牵头单位"
            )
        )
        self.clear_table_button = QPushButton(self.tr("改用软件自带的关键词表"), self)
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button):
            row.addWidget(button)
        row.addStretch()
        table_row = QHBoxLayout()
        table_row.addWidget(self.table_label, 1)
        table_row.addWidget(self.load_table_button)
        table_row.addWidget(self.clear_table_button)
        column_layout(self, self.view, row, table_row, self.buttons)
        self.resize(760, 520)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.load_table_button.clicked.connect(self._on_load_table_button_clicked)
        self.clear_table_button.clicked.connect(self._on_clear_table_button_clicked)

    def refresh(self) -> None:
        """Reload the list."""
        with self._database.sessions() as session:
            self.model.set_rows(departments.list_departments(session))
            table = keyword_table.office_table(session)
        if table is None:
            self.table_label.setText(
                self.tr("建议牵头单位所用的关键词表：软件自带的通用表（按报告的市、省、国家级别）")
            )
        else:
            self.table_label.setText(
                self.tr("建议牵头单位所用的关键词表：本单位的“%1”（%2 个单位，%3 导入）")
                .replace("%1", table.file_name)
                .replace("%2", str(table.size))
                .replace("%3", table.loaded_at.strftime("%Y-%m-%d %H:%M"))
            )
        self.clear_table_button.setEnabled(table is not None)

    def load_table(self, path: Path) -> keyword_table.OfficeTable:
        """Keep a keyword table for the office (a Chinese SupervisorError leaves it unchanged)."""
        with self._database.sessions.begin() as session:
            table = keyword_table.load_office_table(session, path, actor=default_actor())
        self.refresh()
        return table

    def clear_table(self) -> None:
        """Go back to the shipped keyword tables."""
        with self._database.sessions.begin() as session:
            keyword_table.clear_office_table(session, actor=default_actor())
        self.refresh()

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
    def _on_load_table_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入本单位关键词表"),
            "",
            self.tr("单位关键词表 (*.csv *.xlsx);;所有文件 (*)"),
        )
        if not path:
            return
        try:
            table = self.load_table(Path(path))
        except SupervisorError as err:
            QMessageBox.warning(self, self.windowTitle(), str(err))
            return
        QMessageBox.information(
            self,
            self.windowTitle(),
            self.tr("已导入“%1”（%2 个单位）。以后导入报告时，按此表建议牵头单位和配合单位。")
            .replace("%1", table.file_name)
            .replace("%2", str(table.size)),
        )

    @Slot()
    def _on_clear_table_button_clicked(self) -> None:
        self._attempt(self.clear_table)

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
