"""Create a plan (任务清单) by hand: title, year and source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from supervisor.domain import PlanSource
from supervisor.ui.dialogs.forms import FormDialog
from supervisor.ui.dialogs.layouts import column_layout, form_layout


class PlanDialog(FormDialog):
    """New plan; ``save(title, year, source)`` raises a Chinese error to show."""

    def __init__(
        self, save: Callable[[str, int, str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("新建任务清单"))
        self.title_edit = QLineEdit(self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(dt.date.today().year)
        self.source_combo = QComboBox(self)
        self.source_combo.addItems([s.value for s in PlanSource])
        self._add_error_label_and_buttons(word_wrap=False)
        form = form_layout(
            (self.tr("名称"), self.title_edit),
            (self.tr("年度"), self.year_spin),
            (self.tr("来源"), self.source_combo),
        )
        column_layout(self, form, self.error_label, self.buttons)
        self.resize(460, 180)

    def _submit(self) -> None:
        self._save(self.title_edit.text(), self.year_spin.value(), self.source_combo.currentText())
