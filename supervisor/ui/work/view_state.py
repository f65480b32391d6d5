"""The task table's selection, current task and scroll position, kept over a reload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint
from PySide6.QtWidgets import QAbstractItemView, QTableView

from supervisor.reports.data import TaskRow
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import TaskTableModel


class TaskPage(Protocol):
    """The task tab as far as its view state goes (widgets.task_page.TaskPage)."""

    view: QTableView
    filter: TaskFilterProxyModel
    model: TaskTableModel

    def current_task(self) -> TaskRow | None: ...

    def selected_rows(self) -> list[TaskRow]: ...


@dataclass(frozen=True, slots=True)
class TableViewState:
    """The table's state by task id, so rows that moved or appeared above do not shift it."""

    current: int | None
    selected: tuple[int, ...]
    # The task in the top visible row and its row then: the view scrolls by as many rows as
    # it moved (a task added above), so the same tasks stay in sight.
    top_task: int | None
    top_row: int
    vertical: int
    horizontal: int

    @classmethod
    def capture(cls, page: TaskPage) -> TableViewState:
        """The state of ``page``'s table now."""
        view = page.view
        current = page.current_task()
        top_index = view.indexAt(QPoint(1, 1))
        top_task = None
        if top_index.isValid():
            source = page.filter.mapToSource(top_index)
            top_task = page.model.row_at(source.row()).task_id
        return cls(
            current=current.task_id if current is not None else None,
            selected=tuple(row.task_id for row in page.selected_rows()),
            top_task=top_task,
            top_row=top_index.row(),
            vertical=view.verticalScrollBar().value(),
            horizontal=view.horizontalScrollBar().value(),
        )

    def restore(self, page: TaskPage) -> None:
        """Select the same tasks (those still shown), make the same one current, scroll back."""
        view = page.view
        selection_model = view.selectionModel()
        last_column = page.filter.columnCount() - 1
        selection = QItemSelection()
        for task_id in self.selected:
            index = _view_index(page, task_id)
            if index.isValid():
                selection.select(index, index.siblingAtColumn(last_column))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection_model.select(selection, flags)
        if self.current is not None:
            current = _view_index(page, self.current)
            if current.isValid() and current != view.currentIndex():
                selection_model.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        top = _view_index(page, self.top_task) if self.top_task is not None else QModelIndex()
        moved = top.row() - self.top_row if top.isValid() else 0
        if view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
            moved *= view.verticalHeader().defaultSectionSize()
        view.verticalScrollBar().setValue(self.vertical + moved)
        view.horizontalScrollBar().setValue(self.horizontal)


def _view_index(page: TaskPage, task_id: int) -> QModelIndex:
    row = page.model.row_of_task(task_id)
    if row is None:
        return QModelIndex()
    return page.filter.mapFromSource(page.model.index(row, 0))
