"""Form to add or edit a task: code, title, text, leader, dates and indicators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supervisor.services.tasks import TaskDetail
from supervisor.ui.dialogs.forms import FormDialog, date_edit
from supervisor.ui.models.indicator_model import (
    IndicatorColumn,
    IndicatorDraft,
    IndicatorTableModel,
)


@dataclass(frozen=True, slots=True)
class TaskInput:
    """What the task form holds."""

    code: str
    title: str
    text: str
    leader: str
    deadline: dt.date | None
    indicators: tuple[IndicatorDraft, ...]


class TaskDialog(FormDialog):
    """Adds a task (``task`` None) or edits one; ``save`` raises a Chinese error to show."""

    def __init__(
        self,
        save: Callable[[TaskInput], None],
        parent: QWidget | None = None,
        *,
        task: TaskDetail | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("编辑任务") if task else self.tr("新增任务"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(self.tr("留空则自动编号"))
        self.title_edit = QLineEdit(self)
        self.text_edit = QPlainTextEdit(self)
        self.leader_edit = QLineEdit(self)
        self.deadline_box = QCheckBox(self.tr("设定完成时限"), self)
        self.deadline_edit = date_edit(dt.date(year or dt.date.today().year, 12, 31), self)
        self.indicator_model = IndicatorTableModel(self)
        self.indicator_view = QTableView(self)
        self.indicator_view.setModel(self.indicator_model)
        header = self.indicator_view.horizontalHeader()
        # Every column as wide as its title and values (比较 was clipped); 名称 takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(IndicatorColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.add_indicator_button = QPushButton(self.tr("添加指标"), self)
        self.remove_indicator_button = QPushButton(self.tr("删除指标"), self)
        self._add_error_label_and_buttons()
        if task is not None:
            self.code_edit.setText(task.code)
            self.title_edit.setText(task.title)
            self.text_edit.setPlainText(task.text)
            self.leader_edit.setText(task.leader or "")
            if task.deadline:
                self.deadline_box.setChecked(True)
                d = task.deadline
                self.deadline_edit.setDate(QDate(d.year, d.month, d.day))
            self.indicator_model.set_rows([IndicatorDraft.from_info(i) for i in task.indicators])
        else:
            self.deadline_box.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("编号"), self.code_edit)
        form.addRow(self.tr("任务名称"), self.title_edit)
        form.addRow(self.tr("任务内容"), self.text_edit)
        form.addRow(self.tr("责任领导"), self.leader_edit)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_box)
        deadline_row.addWidget(self.deadline_edit)
        form.addRow(self.tr("完成时限"), deadline_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_indicator_button)
        buttons_row.addWidget(self.remove_indicator_button)
        buttons_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("量化指标"), self))
        layout.addWidget(self.indicator_view)
        layout.addLayout(buttons_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(720, 600)
        self._connect_signals()

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.add_indicator_button.clicked.connect(self._on_add_indicator_button_clicked)
        self.remove_indicator_button.clicked.connect(self._on_remove_indicator_button_clicked)
        self.deadline_box.toggled.connect(self.deadline_edit.setEnabled)

    def value(self) -> TaskInput:
        """The form's content."""
        has_deadline = self.deadline_box.isChecked()
        return TaskInput(
            code=self.code_edit.text().strip(),
            title=self.title_edit.text(),
            text=self.text_edit.toPlainText(),
            leader=self.leader_edit.text().strip(),
            deadline=self.deadline_edit.date().toPython() if has_deadline else None,
            indicators=tuple(self.indicator_model.drafts),
        )

    @Slot()
    def _on_add_indicator_button_clicked(self) -> None:
        row = self.indicator_model.add_draft()
        index = self.indicator_model.index(row, IndicatorColumn.NAME)
        self.indicator_view.setCurrentIndex(index)
        self.indicator_view.edit(index)

    @Slot()
    def _on_remove_indicator_button_clicked(self) -> None:
        index = self.indicator_view.currentIndex()
        if index.isValid():
            self.indicator_model.remove_draft(index.row())

    def _submit(self) -> None:
        self._save(self.value())
