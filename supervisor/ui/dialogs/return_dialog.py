"""Preview of returned department workbooks (部门填报) before they are applied."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QWidget

from supervisor.services.roundtrip import ReturnPreview
from supervisor.ui.dialogs.forms import dialog_buttons, review_tree
from supervisor.ui.dialogs.layouts import column_layout
from supervisor.ui.models.return_preview_model import PreviewColumn, ReturnPreviewTreeModel


class ReturnPreviewDialog(QDialog):
    """Shows every file's changes (old → new) and issues; applying is one transaction."""

    apply_requested = Signal(object, bool)  # the preview, only files without errors

    def __init__(self, preview: ReturnPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("导入填报表 — 核对变更"))
        reports = sum(len(f.reports) for f in preview.clean_files)
        summary = (
            self.tr("《%1》%2：共 %3 个文件，其中 %4 个有错误；可导入 %5 条进展。")
            .replace("%1", preview.plan_title)
            .replace("%2", preview.period.label)
            .replace("%3", str(len(preview.files)))
            .replace("%4", str(len(preview.error_files)))
            .replace("%5", str(reports))
        )
        self.summary_label = QLabel(summary, self)
        self.summary_label.setWordWrap(True)
        self.model = ReturnPreviewTreeModel(self)
        self.model.set_preview(preview)
        self.tree = review_tree(self.model, 0, self)
        self.tree.header().setSectionResizeMode(PreviewColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        # A long error is cut in its cell: the line under the tree shows the selected one whole.
        self.detail_label = QLabel(self.tr("选择一行可在此查看其全文。"), self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_clean_box = QCheckBox(self.tr("跳过有错误的文件，只导入无错误的文件"), self)
        self.only_clean_box.setVisible(preview.has_errors)
        self.buttons = dialog_buttons(
            self, QDialogButtonBox.StandardButton.Cancel, self._on_buttons_accepted
        )
        self.apply_button = self.buttons.addButton(
            self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        column_layout(
            self,
            self.summary_label,
            self.tree,
            self.detail_label,
            self.only_clean_box,
            self.buttons,
        )
        self.resize(1000, 640)
        self._connect_signals()
        self._on_only_clean_box_toggled(False)

    def _connect_signals(self) -> None:
        self.only_clean_box.toggled.connect(self._on_only_clean_box_toggled)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        texts = [
            str(current.siblingAtColumn(column).data() or "")
            for column in PreviewColumn
            if current.isValid()
        ]
        self.detail_label.setText("  →  ".join(t for t in texts if t))

    @Slot(bool)
    def _on_only_clean_box_toggled(self, checked: bool) -> None:
        # All or nothing by default: a file with errors blocks the import unless skipped.
        usable = self.preview.clean_files if checked else self.preview.files
        self.apply_button.setEnabled(bool(usable) and (checked or not self.preview.has_errors))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.apply_requested.emit(self.preview, self.only_clean_box.isChecked())
        self.accept()
