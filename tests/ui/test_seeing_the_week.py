"""Seeing the week (issue 14, point 4): the 预警 and 责任领导 columns and filters."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt

from supervisor.domain import WARNING_COLOURS, TaskKind
from supervisor.services.tasks import set_task_kind
from supervisor.ui.dialogs.assign_dialog import AssignInput
from supervisor.ui.models.task_model import TaskColumn
from supervisor.ui.workflows.assignment import AssignmentWorkflow

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _assign_leader(window, rows, leader: str) -> None:
    flow: AssignmentWorkflow = window.workflows.assignment
    flow.assign_tasks([r.task_id for r in rows], AssignInput(None, None, leader, None, False))


def test_the_warning_column_and_filter_follow_the_derived_warning(seeded_window) -> None:
    window = seeded_window
    model = window.task_model
    lights = Counter(r.warning for r in model.rows if r.warning is not None)
    assert lights, "the seed plan on 2020-06-30 has graded tasks"
    light, count = lights.most_common(1)[0]
    row = next(i for i, r in enumerate(model.rows) if r.warning == light)
    cell = model.index(row, TaskColumn.WARNING)
    assert cell.data() == light.value
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == (
        WARNING_COLOURS[light].upper()
    )
    combo = window.task_page.warning_combo
    combo.setCurrentIndex(combo.findData(light.value))
    assert window.task_filter.rowCount() == count
    combo.setCurrentIndex(0)
    assert window.task_filter.rowCount() == model.rowCount()


def test_the_leader_column_and_filter(seeded_window) -> None:
    window = seeded_window
    rows = window.task_model.rows[3:7]
    _assign_leader(window, rows, "张副市长")
    window.task_page.recount()
    combo = window.task_page.leader_combo
    index = combo.findData("张副市长")
    assert index > 0
    combo.setCurrentIndex(index)
    assert window.task_filter.rowCount() == len(rows)
    shown = window.task_filter.index(0, TaskColumn.LEADER).data()
    assert shown == "张副市长"


def test_a_routine_task_shows_its_kind_and_no_warning(seeded_window) -> None:
    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code.count(".") >= 3)
    with window.database.sessions.begin() as session:
        set_task_kind(
            session, leaf.task_id, TaskKind.ROUTINE, expected_version=None, actor="测试员"
        )
    window.reload_tasks()
    position = window.task_model.row_of_task(leaf.task_id)
    assert window.task_model.index(position, TaskColumn.STATUS).data() == "常态化"
    assert window.task_model.index(position, TaskColumn.WARNING).data() == ""


def test_the_as_of_date_shows_table_and_dashboard_as_they_were(qtbot, seeded_window) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate

    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code.count(".") >= 3)
    form = window.workflows.progress.open_progress_form(leaf.task_id)
    form.percent_edit.setText("40")
    form.buttons.button(form.buttons.StandardButton.Ok).click()
    position = window.task_model.row_of_task(leaf.task_id)
    assert window.task_model.rows[position].last_report_date == dt.date(2020, 6, 30)

    window.as_of_edit.setDate(QDate(2020, 5, 31))
    row = window.task_model.rows[window.task_model.row_of_task(leaf.task_id)]
    assert row.last_report_date is None  # the report came later
    assert row.percent_done is None
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000) as blocker:
        window.tabs.setCurrentWidget(window.workflows.dashboard.page)
    assert blocker.args[0].header.as_of == dt.date(2020, 5, 31)

    window.as_of_edit.setDate(QDate(2020, 6, 30))  # back to today
    assert window.context.as_of is None
    row = window.task_model.rows[window.task_model.row_of_task(leaf.task_id)]
    assert row.last_report_date == dt.date(2020, 6, 30)


def test_the_deadline_calendar_groups_by_month_and_opens_a_task(
    qtbot, qtmodeltester, seeded_window
) -> None:
    import datetime as dt

    from supervisor.domain import TaskStatus
    from supervisor.ui.models.task_model import TaskIdRole

    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code.count(".") >= 3)
    window.workflows.assignment.assign_tasks(
        [leaf.task_id], AssignInput(None, None, None, dt.date(2020, 7, 5), False)
    )
    # 未报送 wins over 临期 in the status; the calendar marks it by its deadline all the same.
    assert window.task_model.rows[window.task_model.row_of_task(leaf.task_id)].status == (
        TaskStatus.NOT_REPORTED
    )
    deadlines = window.workflows.deadlines
    window.tabs.setCurrentWidget(deadlines.page)
    model = deadlines.model
    qtmodeltester.check(model)
    months = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert months[0].startswith("2020年7月（1 项） 临期/逾期 1")
    july = model.index(0, 0)
    assert deadlines.tree.isExpanded(july)
    task = model.index(0, 0, july)
    assert task.data(TaskIdRole) == leaf.task_id
    assert task.data(Qt.ItemDataRole.BackgroundRole) is not None  # 临期 is marked
    deadlines.tree.doubleClicked.emit(task)
    assert window.tabs.currentIndex() == 0
    assert window.current_task().task_id == leaf.task_id


def test_parent_rows_roll_up_their_leaves(qtbot, seeded_window) -> None:
    from supervisor.services.progress import add_progress
    from tests.ui.conftest import TODAY

    window = seeded_window
    rows = window.task_model.rows
    codes = {r.code for r in rows}
    parent = next(
        r for r in rows if sum(c.startswith(r.code + ".") for c in codes) >= 2 and "." in r.code
    )
    leaves = [
        r
        for r in rows
        if r.code.startswith(parent.code + ".")
        and not any(c.startswith(r.code + ".") for c in codes)
    ]
    with window.database.sessions.begin() as session:
        add_progress(
            session, leaves[0].task_id, actor="测试员", report_date=TODAY, percent=80, today=TODAY
        )
    window.reload_tasks()
    qtbot.waitUntil(lambda: not window.background_work_pending)
    model = window.task_model
    position = model.row_of_task(parent.task_id)
    expected = 80 / len(leaves)  # the other leaves have not reported: they count as 0
    assert model.index(position, TaskColumn.PROGRESS).data() == f"{expected:.0f}%"
    fresh = [model.rows[model.row_of_task(r.task_id)] for r in leaves]
    order = ["绿灯", "黄灯", "红灯"]
    worst = max((r.warning.value for r in fresh if r.warning), key=order.index)
    assert model.index(position, TaskColumn.WARNING).data() == worst
    tip = model.index(position, TaskColumn.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert f"汇总下级 {len(leaves)} 项任务" in tip
    leaf_position = model.row_of_task(leaves[0].task_id)
    assert model.index(leaf_position, TaskColumn.PROGRESS).data() == "80%"  # a leaf is itself
