"""The counting paths of services.status agree with the full path where a mutation run found
them unchecked: an older lead actual, each task's own deadline, the plan's first day as the
default start, the office's reporting period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, WarningLight
from supervisor.services import assignment, plans, progress, status, tasks
from supervisor.services.settings import set_setting
from supervisor.services.tasks import IndicatorInput
from tests.services.conftest import ACTOR, TODAY, Office


def test_an_older_actual_counts_when_the_latest_report_leaves_it_out(
    session: Session, office: Office
) -> None:
    assignment.assign(session, [office.projects], lead="市发展改革委", actor=ACTOR)
    count, money = (i.id for i in tasks.get_task(session, office.projects).indicators)
    # Both targets met on 10 June; the report of 20 June only says how it goes.
    progress.add_progress(
        session,
        office.projects,
        report_date="2020-06-10",
        actuals={count: 102, money: 128},
        today=TODAY,
        actor=ACTOR,
    )
    progress.add_progress(
        session,
        office.projects,
        report_date="2020-06-24",
        progress_text="收尾中",
        today=TODAY,
        actor=ACTOR,
    )
    session.commit()
    day = dt.date(2020, 6, 24)

    (full,) = [
        s
        for s in status.task_states(session, office.plan_id, as_of=day)
        if s.task_id == office.projects
    ]
    assert full.status is TaskStatus.DONE
    leaves = {s.task_id: s.status for s in status.leaf_statuses(session, office.plan_id, as_of=day)}
    assert leaves[office.projects] is TaskStatus.DONE
    (counted,) = status.status_counts_on(session, office.plan_id, [day])
    assert counted[TaskStatus.DONE] == 1


def test_the_counting_paths_read_each_tasks_own_deadline(session: Session, office: Office) -> None:
    assignment.assign(session, [office.jobs], lead="市人力资源社会保障局", actor=ACTOR)
    tasks.edit_task(session, office.jobs, expected_version=None, actor=ACTOR, deadline="2020-06-30")
    progress.add_progress(
        session, office.jobs, report_date="2020-06-29", percent=90, today=TODAY, actor=ACTOR
    )
    session.commit()
    day = dt.date(2020, 7, 1)  # the day after the deadline, 90 % done

    leaves = {s.task_id: s.status for s in status.leaf_statuses(session, office.plan_id, as_of=day)}
    assert leaves[office.jobs] is TaskStatus.OVERDUE
    (counted,) = status.status_counts_on(session, office.plan_id, [day])
    assert counted[TaskStatus.OVERDUE] == 1


def _three_paths(session: Session, plan_id: int, task_id: int, day: dt.date) -> list[object]:
    """The task's status by the full path and the two counting paths (which count one task)."""
    (full,) = [s for s in status.task_states(session, plan_id, as_of=day) if s.task_id == task_id]
    leaves = {s.task_id: s.status for s in status.leaf_statuses(session, plan_id, as_of=day)}
    (counted,) = status.status_counts_on(session, plan_id, [day])
    assert sum(counted.values()) == 1
    return [full.status, leaves[task_id], *counted]


def test_a_task_without_dates_starts_on_the_plans_first_day(session: Session) -> None:
    # 2 January 2023 is a Monday: a task without a start date began on 1 January, before
    # this week, so with no report this week it is 未报送 (from 2 January it would not be).
    plan = plans.create_plan(
        session, title="2023年重点任务", year=2023, source="政府工作报告", actor=ACTOR
    )
    task = tasks.add_task(session, plan.id, title="建成污水处理厂", actor=ACTOR)
    session.commit()
    day = dt.date(2023, 1, 3)
    assert _three_paths(session, plan.id, task.id, day) == [TaskStatus.NOT_REPORTED] * 3


def test_the_counting_paths_use_the_offices_reporting_period(session: Session) -> None:
    # A report of 3 June is in this month's period but not in this week's (from 8 June).
    plan = plans.create_plan(
        session, title="2020年重点任务", year=2020, source="政府工作报告", actor=ACTOR
    )
    task = tasks.add_task(session, plan.id, title="建成污水处理厂", actor=ACTOR)
    progress.add_progress(
        session, task.id, report_date="2020-06-03", percent=50, today=TODAY, actor=ACTOR
    )
    session.commit()
    day = dt.date(2020, 6, 10)
    assert _three_paths(session, plan.id, task.id, day) == [TaskStatus.NOT_REPORTED] * 3
    set_setting(session, "reporting_period", "month", actor=ACTOR)
    session.commit()
    monthly = _three_paths(session, plan.id, task.id, day)
    assert TaskStatus.NOT_REPORTED not in monthly
    assert monthly == [monthly[0]] * 3


def test_leaf_statuses_keep_the_tree_order_where_positions_differ_from_ids(
    session: Session, office: Office
) -> None:
    # A task put first among its siblings after the others were added: its id is the highest.
    first = tasks.add_task(
        session,
        office.plan_id,
        title="首位任务",
        parent_id=office.area_industry,
        position=0,
        actor=ACTOR,
    )
    session.commit()
    day = dt.date(2020, 6, 30)

    leaves = status.leaf_statuses(session, office.plan_id, as_of=day)
    states = status.task_states(session, office.plan_id, as_of=day, leaves_only=True)

    order = [first.id, office.projects, office.jobs, office.poverty]
    assert [leaf.task_id for leaf in leaves] == order
    assert [state.task_id for state in states] == order


def test_leaf_statuses_give_the_lagging_and_the_light_of_the_full_path(
    session: Session, office: Office
) -> None:
    # 30 June: jobs is due on 10 July (临期) and ahead of 序时; projects is 7.7 points behind
    # (欠序时, 滞后, but short of the yellow band's 10 points: yellow only because it lags).
    assignment.assign(session, [office.jobs], deadline="2020-07-10", actor=ACTOR)
    for task_id, percent in ((office.jobs, 95), (office.projects, 42)):
        progress.add_progress(
            session, task_id, report_date="2020-06-29", percent=percent, today=TODAY, actor=ACTOR
        )
    session.commit()
    day = dt.date(2020, 6, 30)

    leaves = {
        leaf.task_id: leaf for leaf in status.leaf_statuses(session, office.plan_id, as_of=day)
    }
    states = status.task_states(session, office.plan_id, as_of=day, leaves_only=True)

    for state in states:
        leaf = leaves[state.task_id]
        assert (leaf.status, leaf.lagging, leaf.warning) == (
            state.status,
            state.lagging,
            state.warning,
        )
    jobs, projects = leaves[office.jobs], leaves[office.projects]
    assert (jobs.status, jobs.lagging, jobs.warning) == (
        TaskStatus.DUE_SOON,
        False,
        WarningLight.GREEN,
    )
    assert (projects.status, projects.lagging) == (TaskStatus.BEHIND, True)
    assert projects.warning is WarningLight.YELLOW


def test_a_deleted_indicator_no_longer_measures_its_task_in_the_counts(
    session: Session, office: Office
) -> None:
    # projects has two indicators; 完成投资 was reported low, then deleted; 重点项目 is met.
    assignment.assign(session, [office.projects], lead="市发展改革委", actor=ACTOR)
    count, money = (i.id for i in tasks.get_task(session, office.projects).indicators)
    progress.add_progress(
        session,
        office.projects,
        report_date="2020-06-10",
        actuals={count: 50, money: 10},
        today=TODAY,
        actor=ACTOR,
    )
    tasks.delete_indicator(session, money, expected_version=None, actor=ACTOR)
    progress.add_progress(
        session,
        office.projects,
        report_date="2020-06-29",
        actuals={count: 102},
        today=TODAY,
        actor=ACTOR,
    )
    session.commit()
    day = dt.date(2020, 6, 30)

    leaves = {
        leaf.task_id: leaf for leaf in status.leaf_statuses(session, office.plan_id, as_of=day)
    }
    (counts,) = status.status_counts_on(session, office.plan_id, [day])
    (state,) = status.task_states(session, office.plan_id, as_of=day, task_ids=[office.projects])

    assert state.status is TaskStatus.DONE
    assert leaves[office.projects].status is TaskStatus.DONE
    assert counts[TaskStatus.DONE] == 1


def test_a_plan_of_one_task_is_measured_by_its_indicator_in_the_counts(session: Session) -> None:
    # The indicator's own task is the only one: a join on the wrong task finds no target.
    plan = plans.create_plan(
        session, title="专项任务", year=2020, source="政府工作报告", actor=ACTOR
    )
    task = tasks.add_task(
        session,
        plan.id,
        title="新建5G基站",
        actor=ACTOR,
        indicators=[IndicatorInput("5G基站", 500, unit="个")],
    )
    (indicator,) = tasks.get_task(session, task.id).indicators
    progress.add_progress(
        session,
        task.id,
        report_date="2020-06-29",
        actuals={indicator.id: 500},
        today=TODAY,
        actor=ACTOR,
    )
    session.commit()
    day = dt.date(2020, 6, 30)

    (leaf,) = status.leaf_statuses(session, plan.id, as_of=day)
    (counts,) = status.status_counts_on(session, plan.id, [day])

    assert leaf.status is TaskStatus.DONE
    assert counts == {TaskStatus.DONE: 1}
