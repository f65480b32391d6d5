"""Two sessions change the same task: the second gets a clear conflict and nothing is lost.

Each user passes the version it read (``expected_version``): that catches a stale form. A
race between the check and the UPDATE itself is caught by the version counter in the
UPDATE's WHERE clause; the first test holds the row in the second session's identity map,
so the check passes and only the UPDATE can notice.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from supervisor.errors import ConflictError, NotFoundError
from supervisor.services import assignment, tasks
from supervisor.services.database import Database
from tests.services.conftest import ACTOR, Office


@pytest.fixture
def two(database: Database, office: Office) -> tuple[Session, Session]:
    """Two independent sessions on the same database (two users, two PCs)."""
    first, second = database.sessions(), database.sessions()
    yield first, second
    first.close()
    second.close()


def _fresh(database: Database, task_id: int) -> tasks.TaskDetail:
    with database.sessions() as s:
        return tasks.get_task(s, task_id)


def test_a_race_on_the_update_itself_is_caught(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    row = tasks.load_task(second, office.jobs)  # the second user has the task open ...
    seen = row.version
    tasks.edit_task(first, office.jobs, expected_version=seen, title="甲的标题", actor="甲")
    first.commit()  # ... the first user saves in the meantime

    with pytest.raises(ConflictError, match="已被他人修改，请刷新后重新编辑；本次修改未保存"):
        tasks.edit_task(second, office.jobs, expected_version=seen, leader="乙的领导", actor="乙")
    second.rollback()

    saved = _fresh(database, office.jobs)
    assert (saved.title, saved.leader, saved.version) == ("甲的标题", None, seen + 1)


def test_a_stale_version_is_refused_before_writing(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    seen = tasks.get_task(first, office.jobs).version
    tasks.edit_task(first, office.jobs, expected_version=seen, title="甲的标题", actor="甲")
    first.commit()

    with pytest.raises(ConflictError):
        tasks.edit_task(second, office.jobs, expected_version=seen, title="乙的标题", actor="乙")
    second.rollback()
    assert _fresh(database, office.jobs).title == "甲的标题"


def test_co_units_alone_also_conflict(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    seen = tasks.get_task(second, office.jobs)
    assignment.assign(first, [office.jobs], co=["市发展改革委"], actor="甲")
    first.commit()

    with pytest.raises(ConflictError):
        assignment.assign(
            second,
            [office.jobs],
            co=["市工业和信息化局"],
            expected_versions={office.jobs: seen.version},
            actor="乙",
        )
    second.rollback()
    assert _fresh(database, office.jobs).co_departments == ("市发展改革委",)
    assert seen.co_departments == ()


def test_edit_after_a_delete_elsewhere_conflicts(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    seen = tasks.get_task(second, office.jobs)
    tasks.delete_task(first, office.jobs, expected_version=seen.version, actor="甲")
    first.commit()

    with pytest.raises(NotFoundError, match="已被删除"):
        tasks.edit_task(second, office.jobs, expected_version=seen.version, title="乙", actor="乙")
    second.rollback()
    with database.sessions() as s:
        assert tasks.get_task(s, office.jobs, include_deleted=True).deleted_at is not None


def test_a_bulk_assignment_is_all_or_nothing(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    seen = {t: tasks.get_task(second, t).version for t in (office.jobs, office.poverty)}
    tasks.edit_task(first, office.poverty, expected_version=None, leader="甲的领导", actor="甲")
    first.commit()

    with pytest.raises(ConflictError, match="已被他人修改"):
        assignment.assign(
            second,
            [office.jobs, office.poverty],
            leader="乙的领导",
            expected_versions=seen,
            actor=ACTOR,
        )
    second.rollback()
    assert _fresh(database, office.jobs).leader is None
    assert _fresh(database, office.poverty).leader == "甲的领导"


def test_a_race_in_a_bulk_assignment_is_caught_by_the_update(
    two: tuple[Session, Session], database: Database, office: Office
) -> None:
    first, second = two
    rows = [tasks.load_task(second, t) for t in (office.jobs, office.poverty)]
    tasks.edit_task(first, office.poverty, expected_version=None, leader="甲的领导", actor="甲")
    first.commit()

    with pytest.raises(ConflictError, match="所选任务中有任务已被他人修改"):
        assignment.assign(
            second,
            [office.jobs, office.poverty],
            leader="乙的领导",
            expected_versions={r.id: r.version for r in rows},
            actor=ACTOR,
        )
    second.rollback()
    assert _fresh(database, office.jobs).leader is None
    assert _fresh(database, office.poverty).leader == "甲的领导"
