"""导出填报表: the reporting period, the day the files are due back, and the folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QWidget,
)

from supervisor.services.periods import Period
from supervisor.ui.dialogs.forms import date_edit, dialog_buttons
from supervisor.ui.dialogs.layouts import column_layout, form_layout, row_layout


def default_return_by(period: Period) -> dt.date:
    """The Friday of a weekly period, the last day of a monthly one (as the export does)."""
    if period.end - period.start == dt.timedelta(days=6):
        return period.start + dt.timedelta(days=4)
    return period.end


class FillInExportDialog(QDialog):
    """Pick the period, the return date printed on every sheet, and the folder to write to."""

    def __init__(
        self, periods: Sequence[Period], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出填报表"))
        self.period_combo = QComboBox(self)
        for period in periods:
            self.period_combo.addItem(period.label, period)
        self.return_by_edit = date_edit(default_return_by(periods[0]), self)
        self.return_by_edit.setToolTip(self.tr("印在每张填报表上，请各单位在此日期前交回"))
        self.folder_edit = QLineEdit(str(folder), self)
        self.browse_button = QPushButton(self.tr("浏览…"), self)
        folder_row = row_layout(self.folder_edit, self.browse_button)
        form = form_layout(
            (self.tr("报送期"), self.period_combo),
            (self.tr("交回日期"), self.return_by_edit),
            (self.tr("保存到文件夹"), folder_row),
        )
        self.buttons = dialog_buttons(self, accepted=self._on_buttons_accepted)
        column_layout(self, form, self.buttons)
        self.setMinimumWidth(480)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.period_combo.currentIndexChanged.connect(self._on_period_combo_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)

    def period(self) -> Period:
        """The chosen reporting period."""
        return self.period_combo.currentData()

    def return_by(self) -> dt.date:
        """The day the files are due back."""
        return self.return_by_edit.date().toPython()

    def folder(self) -> Path:
        """The folder to write the workbooks into (one per department)."""
        return Path(self.folder_edit.text().strip())

    @Slot(int)
    def _on_period_combo_changed(self, _: int) -> None:
        due = default_return_by(self.period())
        self.return_by_edit.setDate(QDate(due.year, due.month, due.day))

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("选择保存填报表的文件夹（每个单位一个工作簿）"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.folder_edit.text().strip():
            self.accept()
