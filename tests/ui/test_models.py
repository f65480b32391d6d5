"""Item models pass Qt's model tester; the filter and the sort behave on raw values."""

from __future__ import annotations

import datetime as dt
import time

from pytestqt.modeltest import ModelTester

from supervisor.domain import TaskStatus
from supervisor.reports.data import IndicatorRow, TaskRow
from supervisor.services.departments import DepartmentInfo
from supervisor.services.tasks import DeletedTask
from supervisor.ui.models.deleted_task_model import DeletedColumn, DeletedTaskModel
from supervisor.ui.models.table_model import local_time_text
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import SortRole, TaskColumn, TaskIdRole, TaskTableModel


def _rows() -> list[TaskRow]:
    return [
        TaskRow(
            1,
            "2.10",
            "全力推进重点项目建设",
            "全力推进102个重点项目建设，完成投资128亿元",
            "（一）产业",
            indicators=(IndicatorRow("重点项目", "102个", 102, None, "个", "=", 51),),
            lead_department="市发展改革委",
            deadline=dt.date(2020, 12, 31),
            percent_done=0.5,
            status=TaskStatus.ON_TRACK,
            last_report_date=dt.date(2020, 6, 1),
            urging_count=1,
        ),
        TaskRow(
            2,
            "2.9",
            "城镇新增就业",
            "城镇新增就业1万人以上",
            "（二）民生",
            lead_department="市人力资源社会保障局",
            co_departments=("市发展改革委",),
            deadline=dt.date(2020, 7, 10),
            status=TaskStatus.DUE_SOON,
        ),
        TaskRow(
            3,
            "1.1",
            "脱贫攻坚",
            "确保剩余158户735名贫困人口全部脱贫退出",
            "（二）民生",
            lead_department="市扶贫办",
            deadline=dt.date(2020, 5, 31),
            status=TaskStatus.OVERDUE,
        ),
    ]


def test_task_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    qtmodeltester.check(model)


def test_filter_proxy_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_text("就业")
    qtmodeltester.check(proxy)


def test_indicator_column_shows_actual_over_target() -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    assert model.index(0, TaskColumn.INDICATORS).data() == "重点项目 51/102个"
    assert model.index(0, TaskColumn.PROGRESS).data(SortRole) == 0.5
    assert model.index(2, 0).data(TaskIdRole) == 3


def _ids(proxy: TaskFilterProxyModel) -> list[int]:
    return [proxy.index(r, 0).data(TaskIdRole) for r in range(proxy.rowCount())]


def test_filter_by_text_department_status_and_due_days() -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_text("万人")
    assert _ids(proxy) == [2]
    proxy.set_text("")
    proxy.set_department("市发展改革委")  # leads 1, co-operates on 2
    assert _ids(proxy) == [1, 2]
    proxy.set_department(None)
    proxy.set_status(TaskStatus.OVERDUE)
    assert _ids(proxy) == [3]
    proxy.set_status(None)
    proxy.set_due_within(15, dt.date(2020, 6, 30))
    assert _ids(proxy) == [2, 3]  # overdue counts as due (negative days left)
    proxy.set_area("（二）民生")
    proxy.set_due_within(None)
    assert _ids(proxy) == [2, 3]
    proxy.clear_filters()
    assert _ids(proxy) == [1, 2, 3]


def test_sorting_uses_raw_values_not_display_text() -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(TaskColumn.CODE)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["1.1", "2.9", "2.10"]
    proxy.sort(TaskColumn.DEADLINE)
    assert _ids(proxy) == [3, 2, 1]


def test_filter_follows_a_sort_of_the_source() -> None:
    model = TaskTableModel()
    model.set_rows(_rows())
    proxy = TaskFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_text("民生")
    proxy.sort(TaskColumn.CODE)
    assert _ids(proxy) == [3, 2]


def test_navigation_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    from supervisor.services.plans import PlanSummary
    from supervisor.ui.models.navigation import NavigationTreeModel, NavKind, TaskCounts, build_tree

    plan = PlanSummary(7, "2020年报告", 2020, "政府工作报告", None, 3, dt.datetime(2020, 1, 1))
    model = NavigationTreeModel()
    model.set_root(build_tree([plan], 7, TaskCounts.of(_rows())))
    qtmodeltester.check(model)
    overdue = model.find(NavKind.STATUS, TaskStatus.OVERDUE)
    assert overdue.data() == "逾期（1）"
    assert model.find(NavKind.DEPARTMENT, "市发展改革委").data() == "市发展改革委（2）"


def test_extraction_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    from supervisor.extract.pipeline import extract_report
    from supervisor.ui.models.extraction_model import ExtractionTreeModel

    text = (
        "2020年政府工作报告\n二、2020年重点工作\n（一）聚焦产业转型。"
        "全力推进102个重点项目建设，完成投资128亿元。城镇新增就业1万人以上。\n"
    )
    model = ExtractionTreeModel()
    model.set_report(extract_report(text))
    qtmodeltester.check(model)


def test_small_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    from supervisor.reports.data import DepartmentScore
    from supervisor.services.tasks import IndicatorInfo
    from supervisor.ui.models.department_model import DepartmentTableModel
    from supervisor.ui.models.indicator_model import IndicatorDraft, IndicatorTableModel
    from supervisor.ui.models.score_model import DepartmentScoreTableModel

    departments = DepartmentTableModel()
    departments.set_rows([DepartmentInfo(1, "市发展改革委", "发改委", "市直部门", None, 3, 1, ())])
    qtmodeltester.check(departments)
    scores = DepartmentScoreTableModel()
    scores.set_rows([DepartmentScore(1, "市扶贫办", 2, 0, 1, 0, 1, 0, 0, 95.0)])
    qtmodeltester.check(scores)
    indicators = IndicatorTableModel()
    info = IndicatorInfo(5, 1, 0, "重点项目", 102.0, None, "个", "=", "")
    indicators.set_rows([IndicatorDraft.from_info(info)])
    qtmodeltester.check(indicators)
    assert indicators.drafts[0].value == "102"
    deleted = DeletedTaskModel()
    deleted.set_rows([DeletedTask(7, "2.1", "聚焦产业转型", dt.datetime(2020, 6, 30, 1, 5), 3)])
    qtmodeltester.check(deleted)
    assert deleted.index(0, DeletedColumn.COUNT).data() == "3"


def test_stored_times_are_shown_in_the_computers_time_zone(monkeypatch) -> None:
    # Stored in UTC like the audit log: an office in Beijing sees 08:30 for 00:30 UTC.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_time_text(dt.datetime(2020, 6, 30, 0, 30)) == "2020-06-30 08:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_extraction_preview_shows_the_baseline_as_the_plan_will() -> None:
    from supervisor.extract.pipeline import extract_report
    from supervisor.ui.models.extraction_model import ExtractionTreeModel, PreviewColumn

    text = (
        "2023年政府工作报告\n二、2023年重点工作\n（一）改善民生\n"
        "农村集中供水率从88%提高到92%。\n新建乡镇卫生院3所。\n"
    )
    model = ExtractionTreeModel()
    model.set_report(extract_report(text))
    cells = []
    stack = [model.index(row, 0) for row in range(model.rowCount())]
    while stack:
        index = stack.pop()
        cells.append(index.siblingAtColumn(PreviewColumn.INDICATORS).data())
        stack.extend(model.index(row, 0, index) for row in range(model.rowCount(index)))
    assert "农村集中供水率 从88%提高到92%" in cells
    assert "乡镇卫生院 3所" in cells
