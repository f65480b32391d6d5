"""Choose what to print (周进度表 or 督查通报), as of which date, before the printer dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from supervisor.ui.dialogs.forms import date_edit, dialog_buttons
from supervisor.ui.dialogs.layouts import column_layout, form_layout
from supervisor.ui.work.jobs import ExportKind
from supervisor.ui.work.print_jobs import PRINTABLE, PrintRequest


class PrintChoiceDialog(QDialog):
    """The user picks the report, the date, the paper or the 期号; ``request()`` gives it."""

    def __init__(
        self,
        plan_id: int,
        as_of: dt.date,
        parent: QWidget | None = None,
        *,
        preview: bool = False,
        kind: ExportKind = ExportKind.PROGRESS,
    ) -> None:
        super().__init__(parent)
        self._plan_id = plan_id
        self.setWindowTitle(self.tr("打印预览") if preview else self.tr("打印"))
        self.kind_combo = QComboBox(self)
        for item in PRINTABLE:
            self.kind_combo.addItem(item, ExportKind(item))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.as_of_edit = date_edit(as_of, self)
        self.as_of_edit.setMaximumDate(self.as_of_edit.date())
        self.paper_combo = QComboBox(self)
        self.paper_combo.addItem(self.tr("A4 横向"), "A4")
        self.paper_combo.addItem(self.tr("A3 横向（文字列更宽）"), "A3")
        self.issue_spin = QSpinBox(self)
        self.issue_spin.setRange(0, 999)
        self.issue_spin.setSpecialValueText(self.tr("自动（本年下一期）"))
        self.note_label = QLabel(
            self.tr(
                "打印的是导出时写出的同一份文件。打印不登记期号；"
                "正式印发请用“导出报表”，导出后可直接打印。"
            ),
            self,
        )
        self.note_label.setWordWrap(True)
        self.buttons = dialog_buttons(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("预览") if preview else self.tr("打印…"))
        form = form_layout(
            (self.tr("报表"), self.kind_combo),
            (self.tr("截至日期"), self.as_of_edit),
            (self.tr("纸张"), self.paper_combo),
            (self.tr("期号"), self.issue_spin),
        )
        column_layout(self, form, self.note_label, self.buttons)
        self._connect_signals()
        self._on_kind_combo_changed()

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)

    def kind(self) -> ExportKind:
        """The chosen report."""
        return ExportKind(self.kind_combo.currentData())

    def request(self) -> PrintRequest:
        """What to print."""
        bulletin = self.kind() == ExportKind.BULLETIN
        return PrintRequest(
            kind=self.kind(),
            plan_id=self._plan_id,
            as_of=self.as_of_edit.date().toPython(),
            paper=str(self.paper_combo.currentData()),
            issue_number=(self.issue_spin.value() or None) if bulletin else None,
        )

    @Slot()
    def _on_kind_combo_changed(self, *args: object) -> None:
        bulletin = self.kind() == ExportKind.BULLETIN
        self.issue_spin.setEnabled(bulletin)
        self.paper_combo.setEnabled(not bulletin)  # the bulletin is an A4 official document
