"""The task table through its roles: text, colours, alignment and sort keys of every column.

Rows cover a finished, an overdue, a 0 %, a never-reported, a boundary-date and a 常态化 task,
so a blank 0 %, a colour on the wrong column or an off-by-one in "due within" shows up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester

from supervisor.domain import (
    STATUS_COLOURS,
    WARNING_COLOURS,
    TaskKind,
    TaskStatus,
    WarningLight,
)
from supervisor.reports.data import IndicatorRow, TaskRow
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import (
    SortRole,
    TaskColumn,
    TaskIdRole,
    TaskTableModel,
    code_key,
    days_until,
    format_number,
    indicator_ratio,
)

TODAY = dt.date(2020, 6, 30)
Display = Qt.ItemDataRole.DisplayRole
Background = Qt.ItemDataRole.BackgroundRole
Foreground = Qt.ItemDataRole.ForegroundRole
Alignment = Qt.ItemDataRole.TextAlignmentRole
ToolTip = Qt.ItemDataRole.ToolTipRole


def _rows() -> list[TaskRow]:
    return [
        TaskRow(  # finished, due within the window: never "due soon"
            1,
            "1",
            "建成污水处理厂",
            "建成第二污水处理厂并投入运行",
            "（一）生态",
            indicators=(IndicatorRow("日处理能力", "5万吨", 5, None, "万吨", "=", 5),),
            leader="张副市长",
            lead_department="市住房城乡建设局",
            deadline=dt.date(2020, 7, 5),
            percent_done=1.0,
            status=TaskStatus.DONE,
            warning=WarningLight.GREEN,
            last_report_date=dt.date(2020, 6, 28),
            urging_count=0,
        ),
        TaskRow(  # overdue, reported 0 %
            2,
            "2",
            "脱贫攻坚",
            "确保剩余贫困人口全部脱贫退出",
            "（二）民生",
            indicators=(IndicatorRow("脱贫人口", "735人", 735, None, "人", "=", 0),),
            leader="李副市长",
            lead_department="市扶贫办",
            deadline=dt.date(2020, 5, 31),
            percent_done=0.0,
            status=TaskStatus.OVERDUE,
            warning=WarningLight.RED,
            last_report_date=dt.date(2020, 6, 1),
            urging_count=3,
        ),
        TaskRow(  # never reported, due exactly 15 days from TODAY (the boundary)
            3,
            "3",
            "城镇新增就业",
            "城镇新增就业1万人以上",
            "（二）民生",
            lead_department="市人力资源社会保障局",
            co_departments=("市发展改革委",),
            deadline=TODAY + dt.timedelta(days=15),
            status=TaskStatus.NOT_REPORTED,
            warning=WarningLight.YELLOW,
        ),
        TaskRow(  # due one day after the boundary, behind
            4,
            "4",
            "重点项目建设",
            "推进102个重点项目建设",
            "（一）产业",
            indicators=(IndicatorRow("重点项目", "102个", 102, None, "个", "=", 51),),
            lead_department="市发展改革委",
            deadline=TODAY + dt.timedelta(days=16),
            percent_done=0.255,
            status=TaskStatus.BEHIND,
            warning=WarningLight.YELLOW,
            last_report_date=dt.date(2020, 6, 29),
            urging_count=1,
        ),
        TaskRow(  # 常态化: no status, no warning, no deadline
            5,
            "5",
            "坚决做到两个维护",
            "坚决做到两个维护",
            "（三）党建",
            lead_department="市委办公室",
            kind=TaskKind.ROUTINE,
        ),
    ]


@pytest.fixture
def model() -> TaskTableModel:
    m = TaskTableModel()
    m.set_rows(_rows())
    return m


def _cell(model: TaskTableModel, row: int, column: TaskColumn, role: int = Display) -> object:
    return model.index(row, column).data(role)


def _colour(brush: object) -> str | None:
    if brush is None:
        return None
    assert isinstance(brush, QBrush)
    assert brush.color().isValid()
    return brush.color().name().upper()


def test_display_text_of_every_column(model: TaskTableModel) -> None:
    expected = [
        ["1", "建成污水处理厂", "日处理能力 5/5万吨", "市住房城乡建设局", "张副市长",
         "2020-07-05", "100%", "已完成", "绿灯", "2020-06-28", ""],
        ["2", "脱贫攻坚", "脱贫人口 0/735人", "市扶贫办", "李副市长",
         "2020-05-31", "0%", "逾期", "红灯", "2020-06-01", "3"],
        ["3", "城镇新增就业", "", "市人力资源社会保障局", "",
         "2020-07-15", "", "未报送", "黄灯", "", ""],
        ["4", "重点项目建设", "重点项目 51/102个", "市发展改革委", "",
         "2020-07-16", "26%", "欠序时", "黄灯", "2020-06-29", "1"],
        ["5", "坚决做到两个维护", "", "市委办公室", "",
         "", "", "常态化", "", "", ""],
    ]  # fmt: skip
    shown = [[_cell(model, r, c) for c in TaskColumn] for r in range(model.rowCount())]
    assert shown == expected


def test_zero_percent_is_shown_not_blank(model: TaskTableModel) -> None:
    assert _cell(model, 1, TaskColumn.PROGRESS) == "0%"
    assert _cell(model, 1, TaskColumn.PROGRESS, SortRole) == 0.0
    assert _cell(model, 2, TaskColumn.PROGRESS) == ""  # never reported: blank
    assert _cell(model, 2, TaskColumn.PROGRESS, SortRole) is None


def test_colours_only_on_status_and_warning_columns(model: TaskTableModel) -> None:
    for r, row in enumerate(_rows()):
        for column in TaskColumn:
            background = _colour(_cell(model, r, column, Background))
            foreground = _colour(_cell(model, r, column, Foreground))
            if column == TaskColumn.STATUS and row.status is not None:
                assert background == STATUS_COLOURS[row.status].upper()
                assert foreground == "#000000"
            elif column == TaskColumn.WARNING and row.warning is not None:
                assert background == WARNING_COLOURS[row.warning].upper()
                assert foreground == "#000000"
            else:
                assert (background, foreground) == (None, None), (r, column)


def test_alignment_per_column(model: TaskTableModel) -> None:
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    centre = int(Qt.AlignmentFlag.AlignCenter)
    for column in TaskColumn:
        value = _cell(model, 0, column, Alignment)
        value = None if value is None else int(value)
        if column in (TaskColumn.URGINGS, TaskColumn.PROGRESS):
            assert value == right
        elif column in (
            TaskColumn.STATUS,
            TaskColumn.WARNING,
            TaskColumn.DEADLINE,
            TaskColumn.LAST_REPORT,
        ):
            assert value == centre
        else:
            assert value is None, column


def test_sort_role_gives_raw_values(model: TaskTableModel) -> None:
    row = 3
    assert _cell(model, row, TaskColumn.CODE, SortRole) == "4"
    assert _cell(model, row, TaskColumn.TITLE, SortRole) == "重点项目建设"
    assert _cell(model, row, TaskColumn.INDICATORS, SortRole) == pytest.approx(0.5)
    assert _cell(model, row, TaskColumn.LEAD, SortRole) == "市发展改革委"
    assert _cell(model, row, TaskColumn.LEADER, SortRole) == ""
    assert _cell(model, row, TaskColumn.DEADLINE, SortRole) == dt.date(2020, 7, 16)
    assert _cell(model, row, TaskColumn.PROGRESS, SortRole) == 0.255
    assert _cell(model, row, TaskColumn.STATUS, SortRole) == list(TaskStatus).index(
        TaskStatus.BEHIND
    )
    assert _cell(model, row, TaskColumn.WARNING, SortRole) == 1  # 绿 0 < 黄 1 < 红 2
    assert _cell(model, 1, TaskColumn.WARNING, SortRole) == 2
    assert _cell(model, row, TaskColumn.LAST_REPORT, SortRole) == dt.date(2020, 6, 29)
    assert _cell(model, row, TaskColumn.URGINGS, SortRole) == 1
    # 常态化: no status or warning to sort on
    assert _cell(model, 4, TaskColumn.STATUS, SortRole) is None
    assert _cell(model, 4, TaskColumn.WARNING, SortRole) is None
    assert _cell(model, 4, TaskColumn.DEADLINE, SortRole) is None
    assert _cell(model, 0, TaskColumn.STATUS, SortRole) == 0  # 已完成 first
    assert _cell(model, 4, 0, TaskIdRole) == 5


def test_tooltips(model: TaskTableModel) -> None:
    assert _cell(model, 0, TaskColumn.TITLE, ToolTip) == "建成第二污水处理厂并投入运行"
    assert _cell(model, 0, TaskColumn.INDICATORS, ToolTip) == "日处理能力 5/5万吨"
    assert _cell(model, 2, TaskColumn.INDICATORS, ToolTip) is None
    assert _cell(model, 0, TaskColumn.PROGRESS, ToolTip) is None  # a leaf: no roll-up


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        # 0 % before 25.5 %; unreported last either way round (equal keys keep their order)
        (TaskColumn.PROGRESS, [2, 4, 1, 3, 5], [3, 5, 1, 4, 2]),
        (TaskColumn.DEADLINE, [2, 1, 3, 4, 5], [5, 4, 3, 1, 2]),
        (TaskColumn.LAST_REPORT, [2, 1, 4, 3, 5], [3, 5, 4, 1, 2]),
        (TaskColumn.URGINGS, [1, 3, 5, 4, 2], [2, 4, 1, 3, 5]),
        (TaskColumn.WARNING, [5, 1, 3, 4, 2], [2, 3, 4, 1, 5]),  # none, 绿, 黄, 黄, 红
        (TaskColumn.STATUS, [1, 4, 2, 3, 5], [5, 3, 2, 4, 1]),  # enum order; 常态化 last
        (TaskColumn.INDICATORS, [2, 4, 1, 3, 5], [3, 5, 1, 4, 2]),  # 0, 0.5, 1; none last
        (TaskColumn.LEADER, [1, 2, 3, 4, 5], [3, 4, 5, 2, 1]),  # named leaders, then blanks
        (TaskColumn.LEAD, [3, 1, 4, 5, 2], [2, 5, 4, 1, 3]),  # code points: 人 住 发 委 扶
        (TaskColumn.TITLE, [5, 3, 1, 2, 4], [4, 2, 1, 3, 5]),  # code points: 坚 城 建 脱 重
        (TaskColumn.CODE, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    ],
)
def test_sorting_each_column(
    column: TaskColumn, ascending: list[int], descending: list[int]
) -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    model.sort(column)
    assert [_cell(model, r, 0, TaskIdRole) for r in range(5)] == ascending
    model.set_rows(_rows())
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [_cell(model, r, 0, TaskIdRole) for r in range(5)] == descending


def test_sort_keeps_the_search_text_with_its_row() -> None:
    # Sorting before the idle-time search text is ready (right after a load) must still
    # leave each row with its own search text.
    model = TaskTableModel()
    model.set_rows(_rows())
    model.prepare_search(2)
    model.sort(TaskColumn.DEADLINE, Qt.SortOrder.DescendingOrder)
    for r, text in enumerate(model.search_strings):
        assert _cell(model, r, TaskColumn.TITLE).lower() in text


def _ids(proxy: TaskFilterProxyModel) -> list[int]:
    return [proxy.index(r, 0).data(TaskIdRole) for r in range(proxy.rowCount())]


def test_due_within_includes_the_boundary_day_and_leaves_out_finished(
    model: TaskTableModel,
) -> None:
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_due_within(15, TODAY)
    # 1 is due in 5 days but finished; 3 is due in exactly 15 days; 4 in 16; 5 has no deadline.
    assert _ids(proxy) == [2, 3]
    proxy.set_due_within(16, TODAY)
    assert _ids(proxy) == [2, 3, 4]
    proxy.set_due_within(14, TODAY)
    assert _ids(proxy) == [2]
    proxy.set_due_within(None)
    assert _ids(proxy) == [1, 2, 3, 4, 5]


def test_filter_by_warning_leader_and_area(model: TaskTableModel) -> None:
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_warning(WarningLight.YELLOW)
    assert _ids(proxy) == [3, 4]
    proxy.set_warning(None)
    proxy.set_leader("李副市长")
    assert _ids(proxy) == [2]
    proxy.set_leader(None)
    proxy.set_area("（一）产业")
    assert _ids(proxy) == [4]
    proxy.set_area(None)
    proxy.set_department("市发展改革委")  # leads 4, co-operates on 3
    assert _ids(proxy) == [3, 4]
    proxy.set_text("两个维护")
    assert _ids(proxy) == []
    proxy.set_department(None)
    assert _ids(proxy) == [5]
    assert proxy.text == "两个维护"
    assert proxy.accepts_row(4)
    assert not proxy.accepts_row(0)
    assert not proxy.accepts_row(99)


def test_proxy_passes_the_model_tester_with_every_kind_of_row(
    model: TaskTableModel, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(model)
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_due_within(15, TODAY)
    qtmodeltester.check(proxy)
    assert [proxy.index(r, TaskColumn.PROGRESS).data() for r in range(2)] == ["0%", ""]
    assert _colour(proxy.index(0, TaskColumn.STATUS).data(Background)) == "#FFC7CE"
    assert proxy.headerData(0, Qt.Orientation.Vertical) == "1"
    assert proxy.headerData(TaskColumn.PROGRESS, Qt.Orientation.Horizontal) == "完成进度"


def test_an_edit_refilters_and_updates_one_row(model: TaskTableModel) -> None:
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_status(TaskStatus.BEHIND)
    assert _ids(proxy) == [4]
    edited = dataclasses.replace(_rows()[2], status=TaskStatus.BEHIND, percent_done=0.1)
    model.replace_row(edited)
    assert _ids(proxy) == [3, 4]
    assert _cell(model, 2, TaskColumn.PROGRESS) == "10%"
    assert model.row_of_task(3) == 2
    assert model.row_of_task(42) is None


def test_parent_rows_show_the_rollup_of_their_leaves() -> None:
    parent = TaskRow(10, "7", "一级任务", "", "（一）产业")
    leaves = [
        TaskRow(11, "7.1", "甲", "", "（一）产业", percent_done=0.0, status=TaskStatus.OVERDUE,
                warning=WarningLight.RED),
        TaskRow(12, "7.2", "乙", "", "（一）产业", percent_done=0.5, status=TaskStatus.ON_TRACK,
                warning=WarningLight.GREEN),
        TaskRow(13, "7.3", "丙", "", "（一）产业", kind=TaskKind.ROUTINE),
    ]  # fmt: skip
    model = TaskTableModel()
    model.set_rows([parent, *leaves])
    assert _cell(model, 0, TaskColumn.PROGRESS) == ""
    model.prepare_rollups()
    assert model.rollup(10) is not None
    assert model.rollup(11) is None
    assert _cell(model, 0, TaskColumn.PROGRESS) == "25%"
    assert _cell(model, 0, TaskColumn.PROGRESS, SortRole) == 0.25
    assert _cell(model, 0, TaskColumn.WARNING) == "红灯"
    assert _colour(_cell(model, 0, TaskColumn.WARNING, Background)) == "#FFC7CE"
    assert _cell(model, 0, TaskColumn.PROGRESS, ToolTip) == "汇总下级 2 项任务：逾期 1，达序时 1"


def test_helpers() -> None:
    assert format_number(None) == ""
    assert format_number(128.0) == "128"
    assert format_number(6.5) == "6.5"
    assert format_number(2e15) == "2000000000000000"
    assert code_key("2.10") > code_key("2.9")
    assert code_key("2.x") == (2, 0)
    assert days_until(dt.date(2020, 7, 1), TODAY) == 1
    assert days_until(dt.date(2020, 6, 29), TODAY) == -1
    assert days_until(None, TODAY) is None
    zero_target = TaskRow(
        1, "1", "t", "", "a", indicators=(IndicatorRow("x", "0", 0, None, "", "=", 3),)
    )
    assert indicator_ratio(zero_target) is None
