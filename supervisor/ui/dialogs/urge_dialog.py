"""Urge a department about a task (催办), optionally with a coloured 督办单."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import UrgingColour
from supervisor.ui.dialogs.forms import FormDialog, date_edit
from supervisor.ui.dialogs.layouts import form_layout


@dataclass(frozen=True, slots=True)
class UrgeInput:
    """One urging as entered."""

    date: dt.date
    colour: str | None
    department: str | None
    note: str


class UrgeDialog(FormDialog):
    """Records a dated urging; the department defaults to the task's lead unit."""

    def __init__(
        self,
        heading: str,
        save: Callable[[UrgeInput], None],
        parent: QWidget | None = None,
        *,
        department: str = "",
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("催办"))
        today = today or dt.date.today()
        self.date_edit = date_edit(today, self)
        self.colour_combo = QComboBox(self)
        self.colour_combo.addItem(self.tr("普通催办"), None)
        for colour in UrgingColour:
            self.colour_combo.addItem(
                self.tr("%1色督办单").replace("%1", colour.value), colour.value
            )
        self.department_edit = QLineEdit(department, self)
        self.note_edit = QPlainTextEdit(self)
        self._add_error_label_and_buttons(word_wrap=False)
        form = form_layout(
            (self.tr("催办日期"), self.date_edit),
            (self.tr("方式"), self.colour_combo),
            (self.tr("催办单位"), self.department_edit),
            (self.tr("催办内容"), self.note_edit),
        )
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{heading}</b>", self)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def value(self) -> UrgeInput:
        """The form's content."""
        return UrgeInput(
            date=self.date_edit.date().toPython(),
            colour=self.colour_combo.currentData(),
            department=self.department_edit.text().strip() or None,
            note=self.note_edit.toPlainText(),
        )

    def _submit(self) -> None:
        self._save(self.value())
