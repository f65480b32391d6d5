"""Import an office's own 任务分工方案: the column mapping, the tasks, the units, every problem.

The user may change which column holds which field and preview again; units not yet in the
system must be confirmed before 导入 stores the whole plan (or nothing).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supervisor.reports.fillin_format import Severity
from supervisor.services.plan_import import Field, PlanImportPreview
from supervisor.services.plans import PLAN_YEARS
from supervisor.ui.dialogs.forms import dialog_buttons
from supervisor.ui.dialogs.layouts import form_layout
from supervisor.ui.models.plan_sheet_model import PlannedTaskColumn, PlannedTaskTableModel

# Columns offered beyond the last one the header names (a field may sit right of them).
_EXTRA_COLUMNS = 4


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (as Excel names columns)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class PlanImportDialog(QDialog):
    """The preview of a 分工方案 workbook; 重新预览 with a changed mapping, then 导入."""

    preview_requested = Signal(object, object, object)  # year | None, title, {Field: column}
    import_requested = Signal(object, bool)  # the preview as named here, add the new units

    def __init__(self, preview: PlanImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("导入分工方案 — 预览"))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.mapping_label = QLabel(self)
        self.mapping_label.setWordWrap(True)
        self.title_edit = QLineEdit(self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(PLAN_YEARS.start, PLAN_YEARS.stop - 1)
        self.column_boxes: dict[Field, QComboBox] = {field: QComboBox(self) for field in Field}
        self.repreview_button = QPushButton(self.tr("按此对应重新预览"), self)
        self.model = PlannedTaskTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PlannedTaskColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.unknown_label = QLabel(self)
        self.unknown_label.setWordWrap(True)
        self.add_units_box = QCheckBox(self)
        self.issue_list = QListWidget(self)
        self.buttons = dialog_buttons(
            self, QDialogButtonBox.StandardButton.Cancel, self._on_buttons_accepted
        )
        self.import_button = self.buttons.addButton(
            self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._build_layout()
        self._connect_signals()
        self.set_preview(preview)
        self.resize(1150, 760)

    def _build_layout(self) -> None:
        plan_form = form_layout(
            (self.tr("清单名称"), self.title_edit), (self.tr("年度"), self.year_spin)
        )
        columns = QGroupBox(self.tr("列的对应（识别有误时可改）"), self)
        grid = QFormLayout(columns)
        for field, box in self.column_boxes.items():
            grid.addRow(field.value, box)
        grid.addRow(self.repreview_button)
        top = QHBoxLayout()
        top.addLayout(plan_form, 1)
        top.addWidget(columns, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(top)
        layout.addWidget(self.mapping_label)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.unknown_label)
        layout.addWidget(self.add_units_box)
        layout.addWidget(QLabel(self.tr("问题（含所在单元格）："), self))
        layout.addWidget(self.issue_list, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.repreview_button.clicked.connect(self._on_repreview_button_clicked)
        self.add_units_box.toggled.connect(self._on_add_units_box_toggled)

    def set_preview(self, preview: PlanImportPreview) -> None:
        """Show a (new) preview: mapping, tasks, unknown units and problems."""
        self.preview = preview
        self.title_edit.setText(preview.title)
        if preview.year is not None:
            self.year_spin.setValue(preview.year)
        self._fill_column_boxes(preview)
        self.mapping_label.setText(
            self.tr("识别的列：%1").replace("%1", preview.mapping.describe())
        )
        self.model.set_rows(preview.tasks)
        self.table.resizeColumnToContents(PlannedTaskColumn.ROW)
        self.table.resizeColumnToContents(PlannedTaskColumn.CODE)
        unknown = preview.unknown_departments
        self.unknown_label.setVisible(bool(unknown))
        self.add_units_box.setVisible(bool(unknown))
        self.add_units_box.setChecked(False)
        self.unknown_label.setText(
            self.tr("以下 %1 个单位在系统中还没有：%2")
            .replace("%1", str(len(unknown)))
            .replace("%2", "、".join(unknown))
        )
        self.add_units_box.setText(
            self.tr("导入时新建这 %1 个单位").replace("%1", str(len(unknown)))
        )
        self.issue_list.clear()
        for issue in preview.issues:
            prefix = self.tr("错误") if issue.severity is Severity.ERROR else self.tr("提示")
            self.issue_list.addItem(f"{prefix}：{issue.message}")
        tasks = sum(not t.is_area for t in preview.tasks)
        self.summary_label.setText(
            self.tr("“%1”：任务 %2 项，错误 %3 处，提示 %4 处")
            .replace("%1", preview.path.name)
            .replace("%2", str(tasks))
            .replace("%3", str(len(preview.errors)))
            .replace("%4", str(len(preview.warnings)))
        )
        self._update_import_button()

    def _fill_column_boxes(self, preview: PlanImportPreview) -> None:
        mapping = preview.mapping
        last = max([*mapping.columns.values(), *mapping.headers.keys(), 1]) + _EXTRA_COLUMNS
        for field, box in self.column_boxes.items():
            box.clear()
            box.addItem(self.tr("（无）"), 0)
            for column in range(1, last + 1):
                header = mapping.headers.get(column, "")
                label = column_letter(column) + self.tr("列") + (f"（{header}）" if header else "")
                box.addItem(label, column)
            box.setCurrentIndex(max(0, box.findData(mapping.columns.get(field, 0))))

    def chosen_columns(self) -> dict[Field, int]:
        """The mapping as set in the combo boxes (fields left at （无） are left out)."""
        chosen = {field: int(box.currentData() or 0) for field, box in self.column_boxes.items()}
        return {field: column for field, column in chosen.items() if column > 0}

    def _update_import_button(self) -> None:
        blocked = bool(self.preview.errors) or (
            bool(self.preview.unknown_departments) and not self.add_units_box.isChecked()
        )
        self.import_button.setEnabled(not blocked and bool(self.preview.tasks))

    @Slot(bool)
    def _on_add_units_box_toggled(self, checked: bool) -> None:
        self._update_import_button()

    @Slot()
    def _on_repreview_button_clicked(self) -> None:
        self.preview_requested.emit(
            self.year_spin.value(), self.title_edit.text().strip(), self.chosen_columns()
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.import_button.isEnabled():
            return
        if self.year_spin.value() != self.preview.year:
            # Deadlines such as 年底前 are read in the plan year: check them again first.
            self._on_repreview_button_clicked()
            return
        title = self.title_edit.text().strip() or self.preview.title
        self.import_requested.emit(
            dataclasses.replace(self.preview, title=title), self.add_units_box.isChecked()
        )
