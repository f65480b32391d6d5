"""Choose what to export, for which period (or "as of" date), and where to save it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from supervisor.services.periods import Period, periods_between
from supervisor.ui.dialogs.forms import date_edit, dialog_buttons
from supervisor.ui.dialogs.layouts import column_layout, form_layout, row_layout
from supervisor.ui.work.jobs import ExportKind, ExportRequest

# A bulletin's file formats: what the combo shows, the value the service takes, the suffix.
FORMATS = (("PDF", "pdf", ".pdf"), ("Word 文档（.docx）", "docx", ".docx"))
AUTO, SHIPPED = "auto", "shipped"  # the face choices every role has (services.settings)

_SUFFIX = {
    ExportKind.ASSIGNMENT: ".xlsx",
    ExportKind.PROGRESS: ".xlsx",
    ExportKind.BULLETIN: ".pdf",
    ExportKind.DEPARTMENT: ".pdf",
}


class ExportDialog(QDialog):
    """The user picks kind, period and file; ``request()`` gives the ExportRequest."""

    def __init__(
        self,
        plan_id: int,
        plan_year: int,
        period_kind: str,
        folder: Path,
        parent: QWidget | None = None,
        *,
        kind: ExportKind = ExportKind.PROGRESS,
        today: dt.date | None = None,
        departments: Sequence[str] = (),
        font_roles: Mapping[str, str] | None = None,
        font_faces: Mapping[str, Sequence[str]] | None = None,
        font_choices: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._plan_id = plan_id
        self._folder = folder
        self.setWindowTitle(self.tr("导出报表"))
        today = today or dt.date.today()
        last = min(today, dt.date(plan_year, 12, 31))
        first = dt.date(plan_year, 1, 1)
        self._periods: list[Period] = (
            periods_between(first, last, period_kind) if first <= last else []
        )
        self.kind_combo = QComboBox(self)
        for item in ExportKind:
            self.kind_combo.addItem(item.value, item)
        self.kind_combo.setCurrentIndex(list(ExportKind).index(kind))
        self.department_combo = QComboBox(self)
        self.department_combo.addItems(list(departments))
        self.period_combo = QComboBox(self)
        for period in reversed(self._periods):
            self.period_combo.addItem(period.label, period)
        self.as_of_edit = date_edit(last, self)
        self.paper_combo = QComboBox(self)
        self.paper_combo.addItem(self.tr("A4 横向"), "A4")
        self.paper_combo.addItem(self.tr("A3 横向（文字列更宽）"), "A3")
        self.format_combo = QComboBox(self)
        for label, value, _suffix in FORMATS:
            self.format_combo.addItem(self.tr(label), value)
        # One face per 公文 role (标题, 正文, 一级/二级标题, 页码): 自动 takes the office's
        # installed face, else the shipped one; 内置 always the shipped one; or a family name.
        self._font_choices = dict(font_choices or {})
        self.font_combos: dict[str, QComboBox] = {}
        self.fonts_box = QGroupBox(self.tr("通报字体（按公文要素）"), self)
        fonts_form = QFormLayout(self.fonts_box)
        for role, label in (font_roles or {}).items():
            combo = QComboBox(self)
            combo.setEditable(True)
            combo.addItem(self.tr("自动（本机有公文字体则用之，否则用内置字体）"), AUTO)
            combo.addItem(self.tr("内置字体（各电脑效果一致）"), SHIPPED)
            for family in (font_faces or {}).get(role, ()):
                combo.addItem(family, family)
            current = self._font_choices.get(role, AUTO)
            index = combo.findData(current)
            if index < 0:
                combo.addItem(current, current)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            self.font_combos[role] = combo
            fonts_form.addRow(label, combo)
        self.fonts_box.setVisible(bool(self.font_combos))
        self.issue_spin = QSpinBox(self)
        self.issue_spin.setRange(0, 999)
        self.issue_spin.setSpecialValueText(self.tr("自动（本年下一期）"))
        self.requirements_edit = QPlainTextEdit(self)
        self.requirements_edit.setPlaceholderText(self.tr("下步工作要求（写入督查通报）"))
        self.requirements_edit.setMaximumHeight(90)
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(self.tr("浏览…"), self)
        self.buttons = dialog_buttons(self, accepted=self._on_buttons_accepted)
        path_row = row_layout(self.path_edit, self.browse_button)
        form = form_layout(
            (self.tr("报表"), self.kind_combo),
            (self.tr("单位"), self.department_combo),
            (self.tr("报送期"), self.period_combo),
            (self.tr("截至日期"), self.as_of_edit),
            (self.tr("纸张"), self.paper_combo),
            (self.tr("格式"), self.format_combo),
            (self.tr("期号"), self.issue_spin),
            (self.tr("工作要求"), self.requirements_edit),
            (self.tr("保存到"), path_row),
        )
        column_layout(
            self,
            form,
            self.fonts_box,
            QLabel(self.tr("选择过去的日期可导出当时的状态。"), self),
            self.buttons,
        )
        self.resize(560, 360)
        self._connect_signals()
        self._on_kind_combo_changed()

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.department_combo.currentIndexChanged.connect(self._on_department_combo_changed)
        self.period_combo.currentIndexChanged.connect(self._on_period_combo_changed)
        self.format_combo.currentIndexChanged.connect(self._on_department_combo_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)

    def kind(self) -> ExportKind:
        """The chosen report."""
        return ExportKind(self.kind_combo.currentData())

    def request(self) -> ExportRequest:
        """What to export."""
        return ExportRequest(
            kind=self.kind(),
            plan_id=self._plan_id,
            as_of=self.as_of_edit.date().toPython(),
            path=Path(self.path_edit.text().strip()),
            issue_number=self.issue_spin.value() or None,
            requirements=self.requirements_edit.toPlainText(),
            department=self.department_combo.currentText()
            if self.kind() == ExportKind.DEPARTMENT
            else "",
            paper=str(self.paper_combo.currentData()),
            file_format=self.file_format() if self._is_document() else "pdf",
            fonts=tuple(self.chosen_fonts().items()) if self._is_document() else (),
        )

    def _is_document(self) -> bool:
        return self.kind() in (ExportKind.BULLETIN, ExportKind.DEPARTMENT)

    def file_format(self) -> str:
        """The format of a bulletin or a unit's report: "pdf" or "docx"."""
        return str(self.format_combo.currentData())

    def chosen_fonts(self) -> dict[str, str]:
        """The faces chosen here that differ from the settings (role → auto/shipped/family)."""
        chosen = {}
        for role, combo in self.font_combos.items():
            text = combo.currentText().strip()
            value = combo.currentData() if combo.itemText(combo.currentIndex()) == text else text
            value = str(value or text)
            if value and value != self._font_choices.get(role, AUTO):
                chosen[role] = value
        return chosen

    def _suffix(self) -> str:
        if self._is_document():
            return next(s for _, value, s in FORMATS if value == self.file_format())
        return _SUFFIX[self.kind()]

    def _default_path(self) -> Path:
        label = self.period_combo.currentText() or self.as_of_edit.date().toString("yyyy-MM-dd")
        name = self.kind().value
        if self.kind() == ExportKind.DEPARTMENT:
            name = f"{self.department_combo.currentText()}{name}"
        return self._folder / f"{name}_{label}{self._suffix()}"

    @Slot()
    def _on_kind_combo_changed(self, *args: object) -> None:
        pdf = self.kind() in (ExportKind.BULLETIN, ExportKind.DEPARTMENT)
        self.issue_spin.setEnabled(pdf)
        self.requirements_edit.setEnabled(pdf)
        self.paper_combo.setEnabled(not pdf)  # the PDFs are A4 official documents
        self.format_combo.setEnabled(pdf)
        # Without a number a 督查通报 takes the next of its year; a unit's report has none.
        self.issue_spin.setSpecialValueText(
            self.tr("自动（本年下一期）")
            if self.kind() == ExportKind.BULLETIN
            else self.tr("不编号")
        )
        self.fonts_box.setEnabled(pdf)
        self.department_combo.setEnabled(self.kind() == ExportKind.DEPARTMENT)
        self.path_edit.setText(str(self._default_path()))

    @Slot()
    def _on_department_combo_changed(self, *args: object) -> None:
        self.path_edit.setText(str(self._default_path()))

    @Slot()
    def _on_period_combo_changed(self, *args: object) -> None:
        period = self.period_combo.currentData()
        if isinstance(period, Period):
            end = min(period.end, dt.date.today())
            self.as_of_edit.setDate(QDate(end.year, end.month, end.day))
        self.path_edit.setText(str(self._default_path()))

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        suffix = self._suffix()
        pattern = {
            ".xlsx": self.tr("Excel 工作簿 (*.xlsx)"),
            ".docx": self.tr("Word 文档 (*.docx)"),
        }.get(suffix, self.tr("PDF 文件 (*.pdf)"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存到"), self.path_edit.text(), pattern
        )
        if path:
            self.path_edit.setText(path)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.kind() == ExportKind.DEPARTMENT and not self.department_combo.currentText():
            return
        if self.path_edit.text().strip():
            self.accept()
