"""A grid that edits like a spreadsheet: Enter goes down, Tab right, a pasted block fills cells."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text as Excel and WPS copy it (tabs and new lines)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # Excel ends a copied block with a line break
    return [line.split("\t") for line in lines]


class SpreadsheetView(QTableView):
    """Typing starts editing; Enter commits and moves down; Ctrl+V pastes a block; Del clears."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)

    def _editable(self, index: QModelIndex) -> bool:
        return bool(index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable)

    def move_to(self, row: int, column: int) -> None:
        """Make a cell current (and nothing else selected)."""
        model = self.model()
        if 0 <= row < model.rowCount() and 0 <= column < model.columnCount():
            self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            # While a cell is edited the editor's Enter reaches here too; closeEditor moves.
            if self.state() != QAbstractItemView.State.EditingState:
                self.move_to(current.row() + 1, current.column())
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and current.isValid():
            for index in self.selectedIndexes() or [current]:
                if self._editable(index):
                    self.model().setData(index, "")
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter in a cell editor commits and goes down a row, as in Excel.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            current = self.currentIndex()
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_to(current.row() + 1, current.column())
            return
        super().closeEditor(editor, hint)

    def paste(self, text: str) -> int:
        """Fill cells from the current one with a tab-separated block; returns cells filled."""
        current = self.currentIndex()
        model: QAbstractItemModel = self.model()
        if not current.isValid() or not text:
            return 0
        filled = 0
        for r, cells in enumerate(parse_block(text)):
            for c, value in enumerate(cells):
                index = model.index(current.row() + r, current.column() + c)
                if self._editable(index) and model.setData(index, value.strip()):
                    filled += 1
        return filled
