"""services.status, cases a mutation run found unchecked: a trend takes each day's own latest
report, texts are read only when asked, some tasks' states keep their areas, the settings given
win over the stored ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus
from supervisor.services import assignment, departments, plans, progress, status, tasks
from supervisor.services.settings import load_settings
from tests.services.conftest import ACTOR, TODAY, Office


def _plan_with_one_task(session: Session) -> tuple[int, int]:
    plan = plans.create_plan(
        session, title="2020年重点任务", year=2020, source="政府工作报告", actor=ACTOR
    )
    task = tasks.add_task(session, plan.id, title="建成污水处理厂", actor=ACTOR)
    return plan.id, task.id


def test_a_trend_day_takes_the_newest_of_several_later_reports(session: Session) -> None:
    plan_id, task_id = _plan_with_one_task(session)
    for day, percent in (("2020-06-01", 10), ("2020-06-10", 40), ("2020-06-20", 100)):
        progress.add_progress(
            session, task_id, report_date=day, percent=percent, today=TODAY, actor=ACTOR
        )
    session.commit()
    days = [dt.date(2020, 6, 1), dt.date(2020, 6, 30)]

    counts = status.status_counts_on(session, plan_id, days)

    # On 30 June the report of 20 June (100 %) is the latest, not the one of 10 June.
    assert counts[1] == {TaskStatus.DONE: 1}
    (state,) = status.task_states(session, plan_id, as_of=days[1], leaves_only=True)
    assert state.status is TaskStatus.DONE
    assert counts[0] == {status.task_states(session, plan_id, as_of=days[0])[0].status: 1}


def test_the_latest_reports_texts_are_read_only_when_asked(session: Session) -> None:
    plan_id, task_id = _plan_with_one_task(session)
    progress.add_progress(
        session,
        task_id,
        report_date="2020-06-10",
        percent=40,
        progress_text="主体完工",
        today=TODAY,
        actor=ACTOR,
    )
    session.commit()
    day = dt.date(2020, 6, 30)

    (plain,) = status.task_states(session, plan_id, as_of=day)
    (full,) = status.task_states(session, plan_id, as_of=day, with_text=True)

    assert plain.progress_text == ""
    assert full.progress_text == "主体完工"
    assert (plain.percent_done, plain.last_report_date) == (0.4, dt.date(2020, 6, 10))


def test_states_of_some_tasks_keep_their_areas(session: Session, office: Office) -> None:
    # Only one task asked for: its area still comes from the whole plan's tree.
    day = dt.date(2020, 6, 30)
    everything = {s.task_id: s for s in status.task_states(session, office.plan_id, as_of=day)}
    (one,) = status.task_states(session, office.plan_id, as_of=day, task_ids=[office.projects])
    assert one.area == everything[office.projects].area == "（一）聚焦产业转型"
    # A task without co-operating units has empty tuples, not None.
    assert (one.co_department_ids, one.co_departments) == ((), ())


def test_the_settings_given_win_over_the_stored_ones(session: Session) -> None:
    # A report of 3 June: in the month's period (the settings given), not in the week's (stored).
    plan_id, task_id = _plan_with_one_task(session)
    progress.add_progress(
        session, task_id, report_date="2020-06-03", percent=50, today=TODAY, actor=ACTOR
    )
    session.commit()
    day = dt.date(2020, 6, 10)
    monthly = replace(load_settings(session), reporting_period="month")

    (weekly_state,) = status.task_states(session, plan_id, as_of=day)
    (monthly_state,) = status.task_states(session, plan_id, as_of=day, settings=monthly)

    assert weekly_state.status is TaskStatus.NOT_REPORTED
    assert monthly_state.status is not TaskStatus.NOT_REPORTED


def test_the_tree_order_of_a_second_plan_holds_its_own_tasks_only(
    session: Session, office: Office
) -> None:
    # The second plan's task ids do not start at 1: the order must not gain other keys.
    plan_id, task_id = _plan_with_one_task(session)
    session.commit()
    assert status.tree_order(session, plan_id) == {task_id: 0}
    day = dt.date(2020, 6, 30)
    assert [s.task_id for s in status.leaf_statuses(session, plan_id, as_of=day)] == [task_id]


def test_a_departments_tasks_are_those_it_leads_or_supports_as_of_the_day(
    session: Session, office: Office
) -> None:
    # task_states(department_id=...): a unit's tasks, as a unit's bulletin page reads them.
    assignment.assign(session, [office.projects], lead="市发展改革委", actor=ACTOR)
    assignment.assign(
        session,
        [office.jobs],
        lead="市人力资源社会保障局",
        co=["市发展改革委"],
        deadline="2020-06-15",
        actor=ACTOR,
    )
    assignment.assign(session, [office.poverty], lead="市工业和信息化局", actor=ACTOR)
    session.commit()
    unit = departments.find_department(session, "市发展改革委").id

    before = status.task_states(
        session, office.plan_id, as_of=dt.date(2020, 6, 10), department_id=unit
    )
    after = status.task_states(
        session, office.plan_id, as_of=dt.date(2020, 6, 30), department_id=unit
    )

    assert [s.task_id for s in before] == [office.projects, office.jobs]
    assert [s.task_id for s in after] == [office.projects, office.jobs]
    assert before[1].co_departments == ("市发展改革委",)
    # The day given decides: the jobs task is overdue after its deadline of 15 June only.
    assert before[1].status is not TaskStatus.OVERDUE
    assert after[1].status is TaskStatus.OVERDUE


def test_some_tasks_states_keep_the_tree_order_and_leaves_of_the_live_plan(
    session: Session, office: Office
) -> None:
    # A task put first among its siblings after they were added (its id is the highest), and
    # an area whose only sub-task is deleted: a leaf again. Only some tasks asked for, so the
    # tree is read from the whole plan apart from the selected rows.
    first = tasks.add_task(
        session,
        office.plan_id,
        title="首位任务",
        parent_id=office.area_industry,
        position=0,
        actor=ACTOR,
    )
    tasks.delete_task(session, office.poverty, expected_version=None, actor=ACTOR)
    session.commit()
    day = dt.date(2020, 6, 30)
    asked = [office.jobs, office.projects, first.id, office.area_people]

    states = status.task_states(session, office.plan_id, as_of=day, task_ids=asked)
    leaves = status.task_states(
        session, office.plan_id, as_of=day, task_ids=asked, leaves_only=True
    )

    order = [first.id, office.projects, office.jobs, office.area_people]
    assert [s.task_id for s in states] == order
    assert [s.task_id for s in leaves] == order
    assert [s.is_leaf for s in states] == [True, True, True, True]
