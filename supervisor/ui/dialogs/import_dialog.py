"""Import a report: choose a file, preview the extracted tree, edit it, then save it as a plan."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QWidget

from supervisor.ui.dialogs.forms import dialog_buttons, review_tree
from supervisor.ui.dialogs.layouts import column_layout
from supervisor.ui.models.extraction_model import ExtractionTreeModel, PreviewColumn, PreviewEdit
from supervisor.ui.work.jobs import ExtractionPreview


class ImportDialog(QDialog):
    """Shows what extraction found; the user unticks, renames, reassigns, then saves."""

    save_requested = Signal(object, list, bool)  # file or pasted text, edits, accept suggestions

    def __init__(self, preview: ExtractionPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        report = preview.report
        self.setWindowTitle(
            self.tr("导入报告 — 提取预览（%1）").replace("%1", Path(preview.path).name)
        )
        self.summary_label = QLabel(self)
        self.model = ExtractionTreeModel(self)
        self.model.set_report(report)
        self.tree = review_tree(self.model, 1, self, uniform_rows=True)
        header = self.tree.header()
        header.setSectionResizeMode(PreviewColumn.TITLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PreviewColumn.CODE, 170)
        header.resizeSection(PreviewColumn.TITLE, 380)
        header.resizeSection(PreviewColumn.INDICATORS, 220)
        header.resizeSection(PreviewColumn.LEAD, 150)
        header.resizeSection(PreviewColumn.CO, 150)
        self.accept_box = QCheckBox(self.tr("采纳建议的牵头单位和配合单位"), self)
        self.accept_box.setChecked(True)
        self.buttons = dialog_buttons(
            self,
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            self._on_buttons_accepted,
        )
        hint = QLabel(
            self.tr(
                "取消勾选可去掉不需要督办的条目；双击任务、牵头单位或完成时限可修改；"
                "“常态化”列为程序建议（不计序时进度和排名），可勾选或取消。"
            ),
            self,
        )
        column_layout(self, self.summary_label, hint, self.tree, self.accept_box, self.buttons)
        self.resize(1150, 720)
        self._connect_signals()
        self._update_summary()

    def _connect_signals(self) -> None:
        self.model.dataChanged.connect(self._on_model_data_changed)

    def edits(self) -> list[PreviewEdit]:
        """What the user changed."""
        return self.model.edits()

    @Slot()
    def _on_model_data_changed(self, *args: object) -> None:
        self._update_summary()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.save_requested.emit(self.preview.origin, self.edits(), self.accept_box.isChecked())
        self.accept()

    def _update_summary(self) -> None:
        report = self.preview.report
        kept, total = self.model.count()
        indicators = sum(len(t.indicators) for t in report.tasks)
        self.summary_label.setText(
            self.tr("《%1》 %2年：提取任务 %3 项（保留 %4 项，其中常态化 %6 项），量化指标 %5 个")
            .replace("%1", report.title)
            .replace("%2", str(report.year))
            .replace("%3", str(total))
            .replace("%4", str(kept))
            .replace("%5", str(indicators))
            .replace("%6", str(self.model.routine_count()))
        )
