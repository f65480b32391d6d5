"""The audit log: who, when, what, old → new for every kind of change of a task."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supervisor.services import assignment, audit, progress, tasks, urging
from tests.services.conftest import ACTOR, TODAY, Office


def test_the_history_of_a_task_lists_every_change(session: Session, office: Office) -> None:
    tasks.edit_task(session, office.jobs, expected_version=None, title="新增就业", actor="甲")
    assignment.assign(session, [office.jobs], lead="市发展改革委", actor="乙")
    report = progress.add_progress(
        session, office.jobs, report_date="2020-06-30", percent=40, today=TODAY, actor="丙"
    )
    progress.add_progress(
        session, office.jobs, corrects_id=report.id, percent=45, today=TODAY, actor="丙"
    )
    urging.urge(
        session, office.jobs, note="请加快", colour="黄", date="2020-07-01", today=TODAY, actor="丁"
    )
    tasks.delete_task(session, office.jobs, expected_version=None, actor="戊")
    tasks.restore_task(session, office.jobs, actor="戊")
    session.commit()

    lines = audit.task_history(session, office.jobs)
    changes = [(x.actor, x.action, x.field, x.old_value, x.new_value) for x in lines]
    assert changes[0][:2] == (ACTOR, "create")
    assert ("甲", "update", "title", "城镇新增就业", "新增就业") in changes
    assert ("乙", "assign", "lead_department", None, "市发展改革委") in changes
    assert ("丙", "progress", "percent", None, "40.0") in changes
    assert ("丙", "correct", "percent", "40.0", "45.0") in changes
    assert ("丁", "urge", "黄色督办单", None, "市发展改革委：请加快") in changes
    assert [c[1] for c in changes[-2:]] == ["delete", "restore"]
    assert all(x.at is not None for x in lines)
