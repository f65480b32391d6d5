"""The filter proxy maps indexes both ways, keeps selections across a sort and follows its source;
the task model's signals name the cells that changed."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel

from supervisor.domain import TaskKind, TaskStatus, WarningLight
from supervisor.reports.data import IndicatorRow, TaskRow
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import (
    SortRole,
    TaskColumn,
    TaskIdRole,
    TaskTableModel,
    column_titles,
    format_number,
    indicator_ratio,
)
from tests.ui.test_task_model_roles import TODAY, _rows

ToolTip = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def model() -> TaskTableModel:
    m = TaskTableModel()
    m.set_rows(_rows())
    return m


@pytest.fixture
def proxy(model: TaskTableModel) -> TaskFilterProxyModel:
    p = TaskFilterProxyModel()
    p.setSourceModel(model)
    return p


def _ids(proxy: TaskFilterProxyModel) -> list[int]:
    return [proxy.index(r, 0).data(TaskIdRole) for r in range(proxy.rowCount())]


def test_headers_of_every_column(model: TaskTableModel, proxy: TaskFilterProxyModel) -> None:
    titles = ["编号", "重点任务", "指标（实际/目标）", "牵头单位", "责任领导", "完成时限",
              "完成进度", "状态", "预警", "最近报送", "催办次数"]  # fmt: skip
    assert list(column_titles().values()) == titles
    horizontal = Qt.Orientation.Horizontal
    assert [proxy.headerData(c, horizontal) for c in TaskColumn] == titles
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole):
        assert proxy.headerData(1, horizontal, role) == model.headerData(1, horizontal, role)
    vertical = Qt.Orientation.Vertical
    assert [proxy.headerData(r, vertical) for r in range(5)] == ["1", "2", "3", "4", "5"]
    assert proxy.headerData(5, vertical) is None
    assert proxy.headerData(0, vertical, ToolTip) is None


def test_indexes_map_to_the_source_and_back(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    proxy.set_due_within(15, TODAY)  # source rows 1 and 2
    assert _ids(proxy) == [2, 3]
    for proxy_row, source_row in ((0, 1), (1, 2)):
        for column in (0, TaskColumn.PROGRESS, TaskColumn.URGINGS):
            source = proxy.mapToSource(proxy.index(proxy_row, column))
            assert (source.row(), source.column()) == (source_row, column)
            back = proxy.mapFromSource(model.index(source_row, column))
            assert (back.row(), back.column()) == (proxy_row, column)
    assert not proxy.mapFromSource(model.index(0, 0)).isValid()  # filtered out
    assert not proxy.mapFromSource(model.index(3, 2)).isValid()
    assert not proxy.mapFromSource(QModelIndex()).isValid()
    assert not proxy.mapToSource(QModelIndex()).isValid()
    proxy.set_due_within(None)
    first = proxy.mapFromSource(model.index(0, 4))
    assert (first.row(), first.column()) == (0, 4)
    assert proxy.accepts_row(0)
    assert proxy.accepts_row(4)
    assert not proxy.accepts_row(5)
    assert not proxy.accepts_row(-1)


def test_index_flags_and_counts_at_the_edges(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    assert proxy.columnCount() == len(TaskColumn)
    assert not proxy.index(5, 0).isValid()
    assert not proxy.index(0, len(TaskColumn)).isValid()
    assert not proxy.index(-1, 0).isValid()
    valid = proxy.index(0, 0)
    assert not proxy.index(0, 0, valid).isValid()
    assert proxy.rowCount(valid) == 0
    assert proxy.columnCount(valid) == 0
    assert proxy.hasChildren()
    assert not proxy.hasChildren(valid)
    assert proxy.flags(valid) == model.flags(model.index(0, 0))
    assert proxy.flags(valid) & Qt.ItemFlag.ItemIsSelectable
    assert proxy.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    stale = proxy.index(1, 0)
    proxy.set_text("脱贫")
    assert proxy.rowCount() == 1
    assert proxy.data(stale) is None  # an index from before the filter change
    assert not proxy.mapToSource(stale).isValid()
    assert proxy.data(proxy.index(0, TaskColumn.PROGRESS)) == "0%"
    proxy.set_text("没有这样的任务")
    assert not proxy.hasChildren()


def test_a_proxy_without_a_task_model_shows_nothing() -> None:
    proxy = TaskFilterProxyModel()
    assert (proxy.rowCount(), proxy.columnCount()) == (0, 0)
    assert proxy.headerData(0, Qt.Orientation.Horizontal) is None
    proxy.sort(0)
    other = QStandardItemModel(3, 2)
    proxy.setSourceModel(other)
    assert proxy.sourceModel() is other
    assert (proxy.rowCount(), proxy.columnCount()) == (0, 0)
    assert not proxy.mapToSource(proxy.index(0, 0)).isValid()


def test_a_replaced_source_is_no_longer_followed(model: TaskTableModel) -> None:
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    second = TaskTableModel()
    second.set_rows(_rows()[:2])
    proxy.setSourceModel(second)
    assert proxy.sourceModel() is second
    resets: list[int] = []
    proxy.modelReset.connect(lambda: resets.append(1))
    model.set_rows([])
    model.sort(TaskColumn.CODE)
    model.replace_row(_rows()[0])
    assert resets == []
    assert _ids(proxy) == [1, 2]
    second.set_rows(_rows())
    assert resets == [1]
    assert proxy.rowCount() == 5


def test_selection_follows_its_task_through_a_sort(
    model: TaskTableModel, proxy: TaskFilterProxyModel
) -> None:
    proxy.set_text("市")  # every task; a filter is active
    kept = {
        task_id: QPersistentModelIndex(proxy.index(r, TaskColumn.LEAD))
        for r, task_id in enumerate(_ids(proxy))
    }
    in_source = {
        r + 1: QPersistentModelIndex(model.index(r, TaskColumn.DEADLINE)) for r in range(5)
    }
    proxy.sort(TaskColumn.URGINGS, Qt.SortOrder.DescendingOrder)
    assert _ids(proxy) == [2, 4, 1, 3, 5]
    for task_id, index in kept.items():
        assert index.isValid()
        assert index.column() == TaskColumn.LEAD
        assert index.data(TaskIdRole) == task_id
        assert proxy.mapToSource(QModelIndex(index)).data(TaskIdRole) == task_id
    for task_id, index in in_source.items():
        assert (index.column(), index.data(TaskIdRole)) == (TaskColumn.DEADLINE, task_id)
    proxy.sort(-1)  # no column: nothing moves
    model.sort(len(TaskColumn))
    assert _ids(proxy) == [2, 4, 1, 3, 5]


def test_clear_filters_clears_every_criterion(proxy: TaskFilterProxyModel) -> None:
    proxy.set_text("市")
    proxy.set_area("（二）民生")
    proxy.set_department("市扶贫办")
    proxy.set_status(TaskStatus.OVERDUE)
    proxy.set_warning(WarningLight.RED)
    proxy.set_leader("李副市长")
    proxy.set_due_within(1, TODAY)
    assert _ids(proxy) == [2]
    proxy.clear_filters()
    assert proxy.text == ""
    assert _ids(proxy) == [1, 2, 3, 4, 5]
    for criterion, value, expected in (
        ("set_area", "（二）民生", [2, 3]),
        ("set_department", "市扶贫办", [2]),
        ("set_status", TaskStatus.DONE, [1]),
        ("set_warning", WarningLight.GREEN, [1]),
        ("set_leader", "张副市长", [1]),
        ("set_text", "维护", [5]),
    ):
        getattr(proxy, criterion)(value)
        assert _ids(proxy) == expected, criterion
        proxy.clear_filters()
        assert _ids(proxy) == [1, 2, 3, 4, 5], criterion


def test_search_ignores_case_and_does_not_join_fields(model: TaskTableModel) -> None:
    latin = TaskRow(
        6, "6", "5G基站建设", "新建5G基站300个", "（一）产业", lead_department="市工信局"
    )
    model.set_rows([*_rows(), latin])
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_text("5g")
    assert _ids(proxy) == [6]
    proxy.set_text("5G基站")
    assert _ids(proxy) == [6]
    proxy.set_text("xx")
    assert _ids(proxy) == []
    proxy.set_text("建设新建")  # the end of one field and the start of the next
    assert _ids(proxy) == []


def test_two_indicators_are_joined_and_listed() -> None:
    row = TaskRow(
        1, "1", "项目", "", "a",
        indicators=(
            IndicatorRow("甲", "10个", 10, None, "个", "=", 5),
            IndicatorRow("乙", "4亿元", 4, None, "亿元", "=", None),
        ),
    )  # fmt: skip
    model = TaskTableModel()
    model.set_rows([row])
    assert model.index(0, TaskColumn.INDICATORS).data() == "甲 5/10个；乙 —/4亿元"
    assert model.index(0, TaskColumn.INDICATORS).data(ToolTip) == "甲 5/10个\n乙 —/4亿元"
    assert model.index(0, TaskColumn.INDICATORS).data(SortRole) == 0.5


def test_signals_name_the_changed_cells(model: TaskTableModel) -> None:
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, *_: changed.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    model.replace_row(dataclasses.replace(_rows()[3], percent_done=0.9))
    assert changed == [(3, 0, 3, len(TaskColumn) - 1)]
    changed.clear()
    model.replace_row(dataclasses.replace(_rows()[0], task_id=99))  # not loaded: nothing
    assert changed == []
    parent = TaskRow(10, "7", "一级任务", "", "（一）产业")
    leaf = TaskRow(11, "7.1", "甲", "", "（一）产业")  # never reported, no status yet
    routine = TaskRow(12, "8", "常态", "", "（一）产业", kind=TaskKind.ROUTINE)
    model.set_rows([parent, leaf, routine])
    model.prepare_rollups()
    assert changed == [(0, TaskColumn.PROGRESS, 2, TaskColumn.WARNING)]
    assert model.index(0, TaskColumn.PROGRESS).data(ToolTip) == "汇总下级 1 项任务：尚无状态"
    assert model.index(1, TaskColumn.STATUS).data(Qt.ItemDataRole.BackgroundRole) is None
    changed.clear()
    model.set_rows([leaf])
    model.prepare_rollups()  # no parents: no signal
    assert changed == []


def test_search_text_is_made_in_slices_and_kept_on_edit(model: TaskTableModel) -> None:
    assert model.prepare_search(2) is False
    assert model.prepare_search(2) is False
    assert model.prepare_search(2) is True
    edited = dataclasses.replace(_rows()[4], title="全新标题")
    model.replace_row(edited)
    assert "全新标题" in model.search_strings[4]
    fresh = TaskTableModel()
    fresh.set_rows(_rows())
    fresh.prepare_search(1)
    fresh.replace_row(edited)  # a row whose search text is not made yet
    assert "全新标题" in fresh.search_strings[4]
    assert len(fresh.search_strings) == 5


def test_fresh_models_and_a_filter_set_twice(model: TaskTableModel) -> None:
    assert TaskTableModel().search_strings == []
    assert TaskTableModel().rollup(1) is None
    assert QObject.parent(TaskTableModel(model)) is model
    assert QObject.parent(TaskFilterProxyModel(model)) is model
    proxy = TaskFilterProxyModel()
    assert proxy.text == ""
    proxy.setSourceModel(model)
    proxy.set_due_within(100_000)  # from today: every unfinished task with a deadline
    assert _ids(proxy) == [2, 3, 4]
    resets: list[int] = []
    proxy.modelReset.connect(lambda: resets.append(1))
    proxy.set_text("市")
    proxy.set_text("市")  # unchanged: no second reset of the view
    proxy.set_text(" 市 ")
    assert resets == [1]


def test_mean_of_several_indicator_shares_and_big_numbers() -> None:
    row = TaskRow(
        1, "1", "项目", "", "a",
        indicators=(
            IndicatorRow("甲", "10个", 10, None, "个", "=", 5),
            IndicatorRow("乙", "4亿元", 4, None, "亿元", "=", 4),
        ),
    )  # fmt: skip
    assert indicator_ratio(row) == 0.75
    assert format_number(1e15) == "1000000000000000"
    assert format_number(999_999_999_999_999.0) == "1e+15"
