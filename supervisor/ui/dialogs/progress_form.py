"""Form to record a progress report (进展): date, percent, indicator actuals and three texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from html import escape
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from supervisor.services import validation
from supervisor.services.progress import ProgressInfo
from supervisor.services.tasks import TaskDetail
from supervisor.ui.dialogs.forms import FormDialog, date_edit
from supervisor.ui.dialogs.layouts import column_layout, form_layout
from supervisor.ui.models.task_model import format_number
from supervisor.ui.widgets.detail_pane import target_text


@dataclass(frozen=True, slots=True)
class ProgressInput:
    """What the user entered; the service validates it again."""

    task_id: int
    report_date: dt.date
    percent: float | None
    actuals: dict[int, str]
    progress_text: str
    problems: str
    next_steps: str
    reporter: str
    corrects_id: int | None = None  # the report this one corrects
    department: str | None = None  # the unit reporting; None: the office, counted as the lead's

    def report_fields(self) -> dict[str, object]:
        """All but the task, by field name: ``progress.add_progress`` takes the same keywords."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "task_id"}


class ProgressReportDialog(FormDialog):
    """Records one report; ``save`` is called on OK and its Chinese error shown in the form.

    With ``correcting`` it records a correction of that report instead: filled in with what it
    said, on its date (a correction keeps it); the original stays in the history, struck out.
    """

    def __init__(
        self,
        task: TaskDetail,
        save: Callable[[ProgressInput], None],
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
        last_percent: float | None = None,
        correcting: ProgressInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.task = task
        self._save = save
        self._corrects_id = correcting.id if correcting is not None else None
        self.setWindowTitle(self.tr("更正进展") if correcting else self.tr("报送进展"))
        heading_html = f"<b>{escape(task.code)} {escape(task.title)}</b>"
        if correcting is not None:
            note = self.tr("更正 %1 的报送；原报送保留在进展记录中，标为“已更正”。").replace(
                "%1", correcting.report_date.isoformat()
            )
            heading_html += f"<br>{escape(note)}"
        heading = QLabel(heading_html, self)
        heading.setWordWrap(True)
        today = today or dt.date.today()
        self.date_edit = date_edit(today, self)
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        # A text field, not a spin box: a spin box silently turns 150 into 15.0 and drops −5;
        # the form says why a value is refused instead (the service's own check).
        self.percent_edit = QLineEdit(self)
        self.percent_edit.setClearButtonEnabled(True)
        # The last report's percent is a hint, not a value: Enter on an untouched form must not
        # store the same report again.
        hint = self.tr("不填")
        if last_percent is not None:
            hint = self.tr("上次 %1 %").replace("%1", format_number(last_percent))
        self.percent_edit.setPlaceholderText(hint)
        self.actual_edits: dict[int, QLineEdit] = {}
        indicators_box = QGroupBox(self.tr("指标实际值"), self)
        indicators_form = QFormLayout(indicators_box)
        for indicator in task.indicators:
            edit = QLineEdit(self)
            edit.setValidator(QDoubleValidator(edit))
            target = target_text(
                indicator.value, indicator.value_max, indicator.unit, indicator.comparator
            )
            edit.setPlaceholderText(self.tr("目标 %1").replace("%1", target))
            self.actual_edits[indicator.id] = edit
            indicators_form.addRow(f"{indicator.name}（{indicator.unit}）", edit)
        indicators_box.setVisible(bool(task.indicators))
        self.progress_edit = QPlainTextEdit(self)
        self.problems_edit = QPlainTextEdit(self)
        self.next_edit = QPlainTextEdit(self)
        for edit in (self.progress_edit, self.problems_edit, self.next_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
        self.reporter_edit = QLineEdit(self)
        # Recording on behalf of a unit: a co-unit's report is its contribution (配合情况),
        # listed with the task but not the task's 完成进度.
        self.unit_combo = QComboBox(self)
        self.unit_combo.addItem(self.tr("督查室录入（计为牵头单位）"), None)
        if task.lead_department:
            self.unit_combo.addItem(
                self.tr("%1（牵头）").replace("%1", task.lead_department), task.lead_department
            )
        for name in task.co_departments:
            self.unit_combo.addItem(self.tr("%1（配合情况）").replace("%1", name), name)
        self.unit_combo.setEnabled(correcting is None)  # a correction keeps the report's unit
        self._add_error_label_and_buttons()
        form = form_layout(
            (self.tr("报送单位"), self.unit_combo),
            (self.tr("报送日期"), self.date_edit),
            (self.tr("完成进度（%）"), self.percent_edit),
            (self.tr("进展情况"), self.progress_edit),
            (self.tr("存在问题"), self.problems_edit),
            (self.tr("下步打算"), self.next_edit),
            (self.tr("报送人"), self.reporter_edit),
        )
        column_layout(self, heading, form, indicators_box, self.error_label, self.buttons)
        self.resize(620, 640)
        if correcting is not None:
            self._fill_from(correcting)
        # Tab goes down the form as it is laid out: the indicator fields, made before the text
        # fields, otherwise came right after the percent and the texts were skipped.
        fields = (
            form.itemAt(row, QFormLayout.ItemRole.FieldRole) for row in range(form.rowCount())
        )
        chain = [item.widget() for item in fields if item is not None and item.widget()]
        for first, second in pairwise([*chain, *self.actual_edits.values()]):
            QWidget.setTabOrder(first, second)
        # The form opens ready for the percent: focus in the date field put typed digits into
        # its year (Tab there moves between year, month and day).
        self.percent_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_from(self, report: ProgressInfo) -> None:
        day = report.report_date
        self.date_edit.setMinimumDate(QDate(day.year, day.month, day.day))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setEnabled(False)
        if report.percent is not None:
            self.percent_edit.setText(format_number(report.percent))
        for actual in report.actuals:
            edit = self.actual_edits.get(actual.indicator_id)
            if edit is not None:
                edit.setText(format_number(actual.value))
        self.progress_edit.setPlainText(report.progress_text)
        self.problems_edit.setPlainText(report.problems)
        self.next_edit.setPlainText(report.next_steps)
        self.reporter_edit.setText(report.reporter)

    def value(self) -> ProgressInput:
        """The form's content."""
        return ProgressInput(
            task_id=self.task.id,
            report_date=self.date_edit.date().toPython(),
            percent=validation.percent(self.percent_edit.text().strip() or None),
            actuals={
                indicator_id: edit.text().strip()
                for indicator_id, edit in self.actual_edits.items()
                if edit.text().strip()
            },
            progress_text=self.progress_edit.toPlainText(),
            problems=self.problems_edit.toPlainText(),
            next_steps=self.next_edit.toPlainText(),
            reporter=self.reporter_edit.text(),
            corrects_id=self._corrects_id,
            department=self.unit_combo.currentData() if self._corrects_id is None else None,
        )

    def _submit(self) -> None:
        self._save(self.value())
