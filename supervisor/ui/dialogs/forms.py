"""Shared parts of forms and dialogs: the red error line, OK/Cancel, saving on OK, pick lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QDate, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTreeView,
    QWidget,
)

from supervisor.errors import SupervisorError

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(
    dialog: QDialog,
    buttons: QDialogButtonBox.StandardButton = OK_CANCEL,
    accepted: Callable[[], object] | None = None,
) -> QDialogButtonBox:
    """The dialog's button box, wired: a rejecting button closes it, an accepting one runs
    ``accepted`` (by default the dialog's own ``accept``)."""
    box = QDialogButtonBox(buttons, dialog)
    box.accepted.connect(dialog.accept if accepted is None else accepted)
    box.rejected.connect(dialog.reject)
    return box


def date_edit(date: dt.date, parent: QWidget) -> QDateEdit:
    """A ``yyyy-MM-dd`` date field with a calendar pop-up, showing ``date``."""
    edit = QDateEdit(QDate(date.year, date.month, date.day), parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def pick_list_view(model: QAbstractItemModel, stretch: int, parent: QWidget) -> QTableView:
    """A table to pick one row from: whole rows, one at a time, no row numbers.

    Column ``stretch`` takes the spare width; the others fit their contents.
    """
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def review_tree(
    model: QAbstractItemModel, depth: int, parent: QWidget, *, uniform_rows: bool = False
) -> QTreeView:
    """A tree to review before saving (an import's preview): striped rows, open to ``depth``.

    ``uniform_rows`` (every row one line high, fast for thousands) is set before the tree is
    opened: set after ``expandToDepth``, Qt lays the expanded rows out at height -1 and the
    tree shows no row at all.
    """
    tree = QTreeView(parent)
    tree.setModel(model)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(uniform_rows)
    tree.expandToDepth(depth)
    return tree


class FormDialog(QDialog):
    """A form whose OK runs ``_submit``; a Chinese error is shown in the form, which stays open.

    A subclass builds its fields, then calls ``_add_error_label_and_buttons`` (widgets take the
    keyboard focus in the order they are made, so the buttons come after the fields) and lays out
    ``error_label`` and ``buttons``, which come wired.
    """

    error_label: QLabel
    buttons: QDialogButtonBox
    # Each form defines it: save the content, or raise a SupervisorError (Chinese) to refuse.
    _submit: Callable[[], None]

    def _add_error_label_and_buttons(self, *, word_wrap: bool = True) -> None:
        """Make the hidden error line and the OK/Cancel buttons."""
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #C00000")
        self.error_label.setWordWrap(word_wrap)
        self.error_label.hide()
        self.buttons = dialog_buttons(self, accepted=self._on_buttons_accepted)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self._submit()
        except SupervisorError as err:
            self.error_label.setText(str(err))
            self.error_label.show()
            return
        self.accept()
