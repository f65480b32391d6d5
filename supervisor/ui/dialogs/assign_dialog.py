"""Assign one or many tasks: lead and co-departments, responsible leader, deadline."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QWidget,
)

from supervisor.errors import ValidationError
from supervisor.ui.dialogs.forms import FormDialog, date_edit
from supervisor.ui.dialogs.layouts import column_layout, form_layout

_SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True, slots=True)
class AssignInput:
    """What to change; None leaves a field as it is (as the assign service expects)."""

    lead: str | None
    co: tuple[str, ...] | None
    leader: str | None
    deadline: dt.date | None
    subtree: bool


class AssignDialog(FormDialog):
    """分工 for the selected tasks; only ticked fields are changed."""

    def __init__(
        self,
        task_count: int,
        departments: Sequence[str],
        save: Callable[[AssignInput], None],
        parent: QWidget | None = None,
        *,
        year: int | None = None,
        current_lead: str = "",
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._departments = list(departments)
        # Unknown unit names the user has confirmed once: a second 确定 creates them.
        self._confirmed_new: set[str] = set()
        self.setWindowTitle(self.tr("分工"))
        self.lead_box = QCheckBox(self.tr("牵头单位"), self)
        self.lead_combo = QComboBox(self)
        self.lead_combo.setEditable(True)
        self.lead_combo.addItems(list(departments))
        self.lead_combo.setCurrentText(current_lead)
        self.co_box = QCheckBox(self.tr("配合单位"), self)
        self.co_edit = QLineEdit(self)
        self.co_edit.setPlaceholderText(self.tr("多个单位用顿号分隔"))
        self.co_edit.setCompleter(QCompleter(list(departments), self.co_edit))
        self.leader_box = QCheckBox(self.tr("责任领导"), self)
        self.leader_edit = QLineEdit(self)
        self.deadline_box = QCheckBox(self.tr("完成时限"), self)
        self.deadline_edit = date_edit(dt.date(year or dt.date.today().year, 12, 31), self)
        self.subtree_box = QCheckBox(self.tr("同时应用于下级任务"), self)
        self.lead_box.setChecked(True)
        self._add_error_label_and_buttons()
        form = form_layout(
            (self.lead_box, self.lead_combo),
            (self.co_box, self.co_edit),
            (self.leader_box, self.leader_edit),
            (self.deadline_box, self.deadline_edit),
        )
        column_layout(
            self,
            QLabel(self.tr("已选择 %n 项任务", "", task_count), self),
            form,
            self.subtree_box,
            self.error_label,
            self.buttons,
        )
        # Typing into a field means changing it: its box ticks itself, so nothing typed is
        # silently dropped because the box beside it was left empty.
        self.lead_combo.lineEdit().textEdited.connect(lambda: self.lead_box.setChecked(True))
        self.co_edit.textEdited.connect(lambda: self.co_box.setChecked(True))
        self.leader_edit.textEdited.connect(lambda: self.leader_box.setChecked(True))
        self.deadline_edit.dateChanged.connect(lambda: self.deadline_box.setChecked(True))

    def value(self) -> AssignInput:
        """The ticked fields."""
        co = tuple(p for p in _SEPARATORS.split(self.co_edit.text()) if p)
        deadline = self.deadline_edit.date().toPython()
        return AssignInput(
            lead=self.lead_combo.currentText().strip() if self.lead_box.isChecked() else None,
            co=co if self.co_box.isChecked() else None,
            leader=self.leader_edit.text().strip() if self.leader_box.isChecked() else None,
            deadline=deadline if self.deadline_box.isChecked() else None,
            subtree=self.subtree_box.isChecked(),
        )

    def unknown_departments(self, value: AssignInput) -> list[str]:
        """The unit names of ``value`` that are not (yet) departments."""
        names = ([value.lead] if value.lead else []) + list(value.co or ())
        known = set(self._departments)
        return [name for name in dict.fromkeys(names) if name not in known]

    def _submit(self) -> None:
        value = self.value()
        unknown = [n for n in self.unknown_departments(value) if n not in self._confirmed_new]
        if unknown:
            # A mistyped name would become a new unit with its own fill-in workbook and rank:
            # ask first, offering the closest existing names.
            self._confirmed_new.update(unknown)
            lines = []
            for name in unknown:
                close = difflib.get_close_matches(name, self._departments, n=3, cutoff=0.4)
                line = self.tr("“%1”不是已有单位。").replace("%1", name)
                if close:
                    line += self.tr("最接近的已有单位：%1。").replace("%1", "、".join(close))
                lines.append(line)
            lines.append(self.tr("新建单位？再按“确定”新建，或改正单位名称。"))
            raise ValidationError("\n".join(lines))
        self._save(value)
