"""Task table and its filter proxy: cases mutation runs found unchecked."""

# One file for both, because mutmut's test selection ([tool.mutmut] in pyproject.toml) names it:
# a new file there changes the selection, and mutmut then drops every result it has kept.
# Cases: an edit before the search text is made; the proxy's handling of an edit in the table.

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from supervisor.domain import TaskStatus
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import TaskColumn, TaskIdRole, TaskTableModel
from tests.ui.test_task_model_roles import TODAY, _rows


def test_an_edit_to_a_row_whose_search_text_is_not_made_yet() -> None:
    # The search text is made in idle time, in row order; an edit to a row it has not reached
    # yet leaves the list alone (that row's text is made from the new row later).
    model = TaskTableModel()
    model.set_rows(_rows())
    model.prepare_search(1)
    edited = dataclasses.replace(_rows()[1], title="脱贫攻坚巩固提升")
    model.replace_row(edited)
    assert model.index(1, TaskColumn.TITLE).data(Qt.ItemDataRole.DisplayRole) == "脱贫攻坚巩固提升"
    texts = model.search_strings
    assert len(texts) == len(_rows())
    assert "脱贫攻坚巩固提升" in texts[1]
    assert "建成污水处理厂" in texts[0]


LAST = len(TaskColumn) - 1


@pytest.fixture
def model() -> TaskTableModel:
    m = TaskTableModel()
    m.set_rows(_rows())
    return m


@pytest.fixture
def proxy(model: TaskTableModel) -> TaskFilterProxyModel:
    p = TaskFilterProxyModel()
    p.setSourceModel(model)
    p.set_due_within(15, TODAY)  # tasks 2 and 3 (source rows 1 and 2)
    return p


class Signals:
    """What the proxy told its views: cell changes, and the row count at each reset step."""

    def __init__(self, proxy: TaskFilterProxyModel) -> None:
        self.changed: list[tuple[tuple[int, int], tuple[int, int], list[int]]] = []
        self.resets: list[tuple[str, int]] = []

        def on_changed(top: QModelIndex, bottom: QModelIndex, roles: list[int]) -> None:
            self.changed.append(((top.row(), top.column()), (bottom.row(), bottom.column()), roles))

        proxy.dataChanged.connect(on_changed)
        proxy.modelAboutToBeReset.connect(lambda: self.resets.append(("begin", proxy.rowCount())))
        proxy.modelReset.connect(lambda: self.resets.append(("end", proxy.rowCount())))


def _ids(proxy: TaskFilterProxyModel) -> list[int]:
    return [proxy.index(r, 0).data(TaskIdRole) for r in range(proxy.rowCount())]


def test_an_edit_that_keeps_the_shown_rows_is_passed_on_without_a_reset(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    selected = QPersistentModelIndex(proxy.index(1, TaskColumn.TITLE))  # task 3
    signals = Signals(proxy)
    model.replace_row(dataclasses.replace(_rows()[2], title="城镇新增就业1.2万人"))
    # Every shown row, every column: the view repaints them; a reset would drop the selection.
    assert signals.changed == [((0, 0), (1, LAST), [])]
    assert signals.resets == []
    assert selected.isValid()
    assert selected.row() == 1
    assert proxy.index(1, TaskColumn.TITLE).data() == "城镇新增就业1.2万人"
    assert _ids(proxy) == [2, 3]


def test_the_changed_columns_and_roles_of_the_source_are_kept(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    signals = Signals(proxy)
    display = Qt.ItemDataRole.DisplayRole
    model.dataChanged.emit(
        model.index(1, TaskColumn.PROGRESS), model.index(2, TaskColumn.WARNING), [display]
    )
    assert signals.changed == [((0, TaskColumn.PROGRESS), (1, TaskColumn.WARNING), [display])]
    assert signals.resets == []


def test_an_edit_that_hides_a_row_resets_the_view_from_the_old_rows(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    signals = Signals(proxy)
    # Task 3 finished: a finished task is never "due within".
    model.replace_row(dataclasses.replace(_rows()[2], status=TaskStatus.DONE))
    # Qt wants the old rows in place while the reset begins, the new ones when it ends.
    assert signals.resets == [("begin", 2), ("end", 1)]
    assert signals.changed == []
    assert _ids(proxy) == [2]
    assert not proxy.mapFromSource(model.index(2, 0)).isValid()
    assert proxy.mapToSource(proxy.index(0, 0)).row() == 1


def test_an_edit_that_shows_a_row_adds_it_in_source_order(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    signals = Signals(proxy)
    # Task 4 moved into the window (its deadline a day earlier, on the boundary).
    earlier = dataclasses.replace(_rows()[3], deadline=_rows()[2].deadline)
    model.replace_row(earlier)
    assert signals.resets == [("begin", 2), ("end", 3)]
    assert _ids(proxy) == [2, 3, 4]
    assert proxy.mapFromSource(model.index(3, 0)).row() == 2
    assert proxy.accepts_row(3)


def test_an_edit_in_a_view_without_filters_is_passed_on(model: TaskTableModel) -> None:
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    signals = Signals(proxy)
    model.replace_row(dataclasses.replace(_rows()[4], title="坚决做到“两个维护”"))
    assert signals.changed == [((0, 0), (4, LAST), [])]
    assert signals.resets == []
    assert proxy.index(4, TaskColumn.TITLE).data() == "坚决做到“两个维护”"


def test_a_filter_set_before_a_task_model_is_given() -> None:
    # The search box and the filter bar exist before the table is loaded.
    proxy = TaskFilterProxyModel()
    proxy.set_text("市")
    proxy.set_status(TaskStatus.OVERDUE)
    assert proxy.rowCount() == 0
    model = TaskTableModel()
    model.set_rows(_rows())
    proxy.setSourceModel(model)
    assert _ids(proxy) == [2]
