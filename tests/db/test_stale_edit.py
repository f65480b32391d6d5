"""A stale edit of a task is refused with a clear message, never silently overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from supervisor.db.models import AuditEntry, Plan, Task
from supervisor.errors import ConflictError
from supervisor.services.database import Database
from supervisor.services.tasks import edit_task


@pytest.fixture
def task_id(database: Database) -> int:
    with database.sessions.begin() as session:
        plan = Plan(title="2020年某市政府工作报告", year=2020, source="政府工作报告")
        task = Task(plan=plan, code="1.1", title="城镇新增就业1万人以上", text="")
        session.add(task)
        session.flush()
        return task.id


def test_second_editor_with_old_version_gets_a_conflict(database: Database, task_id: int) -> None:
    with database.sessions.begin() as first:
        new_version = edit_task(first, task_id, expected_version=1, actor="甲", leader="张副市长")
    assert new_version == 2

    with database.sessions() as second, pytest.raises(ConflictError, match="已被他人修改"):
        edit_task(second, task_id, expected_version=1, actor="乙", leader="李副市长")

    with database.sessions() as check:
        task = check.get(Task, task_id)
        assert (task.leader, task.version) == ("张副市长", 2)
        actors = check.scalars(select(AuditEntry.actor).where(AuditEntry.task_id == task_id))
        assert list(actors) == ["甲"]


def test_race_between_read_and_write_is_caught_by_the_version_column(
    database: Database, task_id: int
) -> None:
    # Both sessions read version 1 before either writes: only the database can tell.
    first = database.sessions()
    second = database.sessions()
    try:
        first.get(Task, task_id)
        second.get(Task, task_id)
        edit_task(first, task_id, expected_version=1, actor="甲", title="新增就业1.2万人")
        first.commit()
        with pytest.raises(ConflictError):
            edit_task(second, task_id, expected_version=1, actor="乙", title="新增就业0.8万人")
        second.rollback()
    finally:
        first.close()
        second.close()
    with database.sessions() as check:
        assert check.get(Task, task_id).title == "新增就业1.2万人"


def test_empty_title_is_refused(database: Database, task_id: int) -> None:
    from supervisor.errors import ValidationError

    with database.sessions() as session, pytest.raises(ValidationError, match="不能为空"):
        edit_task(session, task_id, expected_version=1, actor="甲", title="  ")
