"""The counting paths of services.status use an older lead actual when the latest report
leaves it out, as the full path does (a case a mutation run found unchecked)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus
from supervisor.services import assignment, progress, status, tasks
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
