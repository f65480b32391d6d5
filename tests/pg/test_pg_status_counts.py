"""Stored task statuses on a server set up by init-server: each role's writes drop what they
make stale (the triggers run as the writer), 领导 reads without storing, and a status is
never stored from data a transaction in flight is changing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from supervisor.db.models import StoredTaskStatus, Task
from supervisor.domain import TaskStatus
from supervisor.services import departments, office_server, plans, progress, statistics, tasks
from supervisor.services.database import Database, open_database
from supervisor.services.office_roles import OfficeRole
from supervisor.services.periods import periods_between
from supervisor.services.settings import load_settings
from tests.services.test_status_trend_paths import _full_counts

pytestmark = pytest.mark.postgres

AS_OF = dt.date(2020, 11, 18)
TODAY = dt.date(2020, 12, 31)


@pytest.fixture
def plan_id(office) -> int:
    """A plan of six tasks reported weekly by the administrator, one never."""
    database = open_database(office.url(OfficeRole.ADMIN))
    try:
        with database.sessions.begin() as session:
            plan = plans.create_plan(
                session, title="2020年工作要点", year=2020, source="其他", actor="x"
            )
            departments.add_department(session, "市财政局", actor="x")
            for number in range(6):
                task = tasks.add_task(
                    session, plan.id, title=f"任务{number}", actor="x", deadline="2020-12-31"
                )
                day = dt.date(2020, 9, 2) + dt.timedelta(days=number)
                while number and day <= AS_OF:
                    percent = min(100, (day.timetuple().tm_yday / 366) * 100 * number / 3)
                    progress.add_progress(
                        session, task.id, report_date=day, percent=round(percent, 1),
                        today=TODAY, actor="x",
                    )  # fmt: skip
                    day += dt.timedelta(days=7)
            return plan.id
    finally:
        database.close()


def _trend(database: Database, plan_id: int) -> list[dict[TaskStatus, int]]:
    with database.sessions() as session:
        points = statistics.trend(session, plan_id, as_of=AS_OF)
        return [{s: p.counts[s] for s in TaskStatus} for p in points]


def _oracle(database: Database, plan_id: int) -> list[dict[TaskStatus, int]]:
    with database.sessions() as session:
        kind = load_settings(session).reporting_period
        chosen = periods_between(dt.date(2020, 1, 1), AS_OF, kind)[-8:]
        days = [min(period.end, AS_OF) for period in chosen]
        return [{s: _full_counts(session, plan_id, d)[s] for s in TaskStatus} for d in days]


def _stored_days(database: Database, plan_id: int, title: str | None = None) -> set[dt.date]:
    """The days with stored statuses of the plan's tasks (of the task ``title``)."""
    with database.sessions() as session:
        query = (
            select(StoredTaskStatus.day)
            .join(Task, Task.id == StoredTaskStatus.task_id)
            .where(Task.plan_id == plan_id)
        )
        if title is not None:
            query = query.where(Task.title == title)
        return set(session.scalars(query.distinct()))


def test_inspector_stores_and_its_back_dated_report_drops(as_role, plan_id: int) -> None:
    inspector = as_role(OfficeRole.INSPECTOR)
    before = _oracle(inspector, plan_id)
    assert _trend(inspector, plan_id) == before
    assert len(_stored_days(inspector, plan_id)) == 7
    with inspector.sessions.begin() as session:
        task_id = session.scalar(select(Task.id).where(Task.title == "任务0"))
        progress.add_progress(
            session, task_id, report_date="2020-10-14", percent=100, today=TODAY, actor="x"
        )
    after = _oracle(inspector, plan_id)
    assert after[:-1] != before[:-1]
    assert max(_stored_days(inspector, plan_id, "任务0")) < dt.date(2020, 10, 14)
    assert len(_stored_days(inspector, plan_id, "任务1")) == 7  # other tasks' rows stay
    assert _trend(inspector, plan_id) == after


def test_inspector_raw_sql_report_drops_stored_statuses(office, as_role, plan_id: int) -> None:
    admin = as_role(OfficeRole.ADMIN)
    _trend(admin, plan_id)
    assert len(_stored_days(admin, plan_id)) == 7
    with office.raw(OfficeRole.INSPECTOR) as raw:
        raw.execute(
            "INSERT INTO progress_report (task_id, period, report_date, percent, progress_text, "
            "problems, next_steps, reporter, created_at, created_by) SELECT id, '2020-W43', "
            "'2020-10-21', 100, '', '', '', '', now(), '' FROM task WHERE title = '任务0'"
        )
    assert max(_stored_days(admin, plan_id, "任务0")) < dt.date(2020, 10, 21)
    assert len(_stored_days(admin, plan_id, "任务2")) == 7
    assert _trend(admin, plan_id) == _oracle(admin, plan_id)


def test_leader_reads_stored_statuses_and_stores_none(as_role, plan_id: int) -> None:
    leader = as_role(OfficeRole.LEADER)
    expected = _oracle(leader, plan_id)
    assert _trend(leader, plan_id) == expected  # counted: 领导 may not lock the table
    assert _stored_days(leader, plan_id) == set()
    _trend(as_role(OfficeRole.ADMIN), plan_id)
    assert _trend(leader, plan_id) == expected
    assert len(_stored_days(leader, plan_id)) == 7


def test_no_count_is_stored_while_a_change_is_in_flight(office, as_role, plan_id: int) -> None:
    inspector = as_role(OfficeRole.INSPECTOR)
    committed = _oracle(inspector, plan_id)
    with office.raw(OfficeRole.INSPECTOR) as writer:
        writer.autocommit = False
        writer.execute(
            "INSERT INTO progress_report (task_id, period, report_date, percent, progress_text, "
            "problems, next_steps, reporter, created_at, created_by) SELECT id, '2020-W43', "
            "'2020-10-21', 100, '', '', '', '', now(), '' FROM task WHERE title = '任务0'"
        )
        # The writer's trigger holds the table: the trend counts without storing.
        assert _trend(inspector, plan_id) == committed
        assert _stored_days(inspector, plan_id) == set()
        writer.commit()
    assert _trend(inspector, plan_id) == _oracle(inspector, plan_id) != committed


def test_a_writer_waits_for_stored_statuses_then_drops_them(office, as_role, plan_id: int) -> None:
    admin = as_role(OfficeRole.ADMIN)
    with office.raw(OfficeRole.INSPECTOR) as store, office.raw(OfficeRole.INSPECTOR) as writer:
        store.autocommit = False
        store.execute("LOCK TABLE task_status_day IN SHARE ROW EXCLUSIVE MODE NOWAIT")
        store.execute(
            "INSERT INTO task_status_day (task_id, day, plan_id, status) SELECT id, "
            "'2020-10-18', plan_id, '已完成' FROM task WHERE plan_id = %s AND title = '任务0'",
            (plan_id,),
        )
        done = threading.Event()

        def write() -> None:
            writer.execute(
                "INSERT INTO progress_report (task_id, period, report_date, percent, "
                "progress_text, problems, next_steps, reporter, created_at, created_by) "
                "SELECT id, '2020-W41', '2020-10-07', 100, '', '', '', '', now(), '' "
                "FROM task WHERE title = '任务0'"
            )
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        assert not done.wait(1.0)  # the writer waits for the statuses being stored
        store.commit()
        thread.join(10)
        assert done.is_set()
    # Its trigger ran after the statuses were committed, and saw and dropped them.
    assert _stored_days(admin, plan_id) == set()


def test_init_server_again_keeps_the_triggers_and_grants(office, as_role, plan_id: int) -> None:
    office_server.init_server(office.superuser)
    test_inspector_raw_sql_report_drops_stored_statuses(office, as_role, plan_id)
