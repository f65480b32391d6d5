"""Each office role's allowed and refused actions on a real server: through the services
(a Chinese message naming the role needed, nothing written) and through raw SQL (the server
refuses, whatever program connects)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import func, select

from supervisor.db.models import AuditEntry, ProgressReport, Setting, Task, Urging
from supervisor.errors import PermissionDeniedError
from supervisor.services import (
    assignment,
    departments,
    plans,
    progress,
    settings,
    tasks,
    urging,
    withdrawal,
)
from supervisor.services.database import open_database
from supervisor.services.office_roles import OfficeRole, connected_role

pytestmark = pytest.mark.postgres


@pytest.fixture
def task_id(office) -> int:
    """A plan with one task, made by the administrator."""
    database = open_database(office.url(OfficeRole.ADMIN))
    try:
        with database.sessions.begin() as session:
            plan = plans.create_plan(
                session, title="2020年工作要点", year=2020, source="其他", actor="x"
            )
            departments.add_department(session, "市文化旅游体育局", actor="x")
            departments.add_department(session, "市财政局", actor="x")
            task = tasks.add_task(
                session, plan.id, title="建设城市书房", actor="x", deadline="2020-12-31"
            )
            return task.id
    finally:
        database.close()


@pytest.mark.parametrize("role", list(OfficeRole))
def test_connected_role_is_the_servers(office, as_role, role: OfficeRole) -> None:
    with as_role(role).sessions() as session:
        assert connected_role(session) is role


def test_superuser_is_admin(office) -> None:
    database = open_database(office.superuser)
    try:
        with database.sessions() as session:
            assert connected_role(session) is OfficeRole.ADMIN
    finally:
        database.close()


def test_inspector_records_progress_urges_and_edits_tasks(as_role, task_id: int) -> None:
    database = as_role(OfficeRole.INSPECTOR)
    with database.sessions.begin() as session:
        assignment.assign(session, [task_id], actor="x", lead="市文化旅游体育局", co=["市财政局"])
        progress.add_progress(session, task_id, actor="x", report_date="2020-03-02", percent=30)
        urging.urge(session, task_id, actor="x", note="请加快进度", date="2020-03-09")
        tasks.edit_task(
            session, task_id, expected_version=None, actor="x", title="建设城市书房10个"
        )
        tasks.delete_task(session, task_id, expected_version=None, actor="x")
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProgressReport)) == 1
        assert session.scalar(select(func.count()).select_from(Urging)) == 1
        task = session.get(Task, task_id)
        assert task.title == "建设城市书房10个"
        assert task.deleted_at is not None  # soft deletion is the inspector's
        assert [d.name for d in task.co_departments] == ["市财政局"]


def test_inspector_may_not_change_settings_or_departments(as_role, task_id: int) -> None:
    database = as_role(OfficeRole.INSPECTOR)
    with (
        pytest.raises(PermissionDeniedError, match="设置由“管理员”修改"),
        database.sessions.begin() as session,
    ):
        settings.set_setting(session, "office_name", "某市督查室", actor="x")
    with (
        pytest.raises(PermissionDeniedError, match=r"新增“单位”：需要“管理员”角色"),
        database.sessions.begin() as session,
    ):
        departments.add_department(session, "市教育局", actor="x")
    with database.sessions() as session:
        assert session.get(Setting, "office_name") is None


def test_leader_reads_but_may_not_record_progress(as_role, task_id: int) -> None:
    database = as_role(OfficeRole.LEADER)
    with database.sessions() as session:
        assert tasks.get_task(session, task_id).title == "建设城市书房"
    with (
        pytest.raises(PermissionDeniedError, match=r"新增“进展”：需要“督查员”或“管理员”角色"),
        database.sessions.begin() as session,
    ):
        progress.add_progress(session, task_id, actor="x", report_date="2020-03-02", percent=30)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProgressReport)) == 0


def test_leader_export_remembers_the_issue_number_only(as_role, task_id: int) -> None:
    database = as_role(OfficeRole.LEADER)
    with database.sessions.begin() as session:
        settings.set_setting(session, "bulletin_last_issue", "2020-3", actor="x")
    with database.sessions() as session:
        assert session.get(Setting, "bulletin_last_issue").value == "2020-3"


def test_admin_changes_settings_and_departments(as_role) -> None:
    database = as_role(OfficeRole.ADMIN)
    with database.sessions.begin() as session:
        settings.set_setting(session, "office_name", "某市督查室", actor="x")
        departments.add_department(session, "市教育局", actor="x")
    with database.sessions() as session:
        assert session.get(Setting, "office_name").value == "某市督查室"


@pytest.mark.parametrize(
    ("role", "statement"),
    [
        (OfficeRole.LEADER, "UPDATE task SET title = 'x'"),
        (
            OfficeRole.LEADER,
            "INSERT INTO urging (task_id, date, note, created_at, created_by) "
            "SELECT id, DATE '2020-01-01', '', now(), '' FROM task",
        ),
        (OfficeRole.INSPECTOR, "DELETE FROM task"),
        (OfficeRole.INSPECTOR, "UPDATE progress_report SET percent = 100"),
        (OfficeRole.INSPECTOR, "INSERT INTO plan (title, year, source) VALUES ('x', 2020, 'x')"),
        (OfficeRole.INSPECTOR, "UPDATE setting SET value = 'x' WHERE key = 'database_id'"),
        (OfficeRole.INSPECTOR, "ALTER TABLE task ADD COLUMN x int"),
        (OfficeRole.INSPECTOR, "DROP TABLE audit_entry"),
    ],
)
def test_raw_sql_refused(office, task_id: int, role: OfficeRole, statement: str) -> None:
    with office.raw(role) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(statement)
    with office.raw(OfficeRole.ADMIN) as connection:
        assert connection.execute("SELECT title FROM task").fetchone() == ("建设城市书房",)


@pytest.mark.parametrize("role", [OfficeRole.INSPECTOR, OfficeRole.LEADER, OfficeRole.ADMIN])
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entry SET actor = 'someone'", "DELETE FROM audit_entry", "TRUNCATE audit_entry"],
)
def test_audit_trail_cannot_be_changed(
    office, task_id: int, role: OfficeRole, statement: str
) -> None:
    with office.raw(role) as connection:
        before = connection.execute("SELECT count(*), min(actor) FROM audit_entry").fetchone()
        assert before[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)
        assert (
            connection.execute("SELECT count(*), min(actor) FROM audit_entry").fetchone() == before
        )


def test_audit_change_through_the_services_is_refused_in_chinese(as_role, task_id: int) -> None:
    database = as_role(OfficeRole.ADMIN)
    with (
        pytest.raises(PermissionDeniedError, match="审计日志只能追加"),
        database.sessions.begin() as session,
    ):
        session.get(AuditEntry, session.scalar(select(func.min(AuditEntry.id)))).actor = "x"


def test_raw_sql_allowed_for_inspector(office, task_id: int) -> None:
    with office.raw(OfficeRole.INSPECTOR) as connection:
        connection.execute(
            "INSERT INTO urging (task_id, date, note, created_at, created_by) "
            "VALUES (%s, DATE '2020-01-01', '', now(), 'forged')",
            (task_id,),
        )
        assert connection.execute("SELECT created_by FROM urging").fetchone() == (
            "sv_test_inspector",
        )


def test_inspector_withdraws_its_own_batch_only(office, as_role, task_id: int) -> None:
    """撤回 (the undo of 本周报送's 保存) deletes the inspector's own reports; a colleague's
    report stays, whatever SQL the inspector sends."""
    admin = as_role(OfficeRole.ADMIN)
    with admin.sessions.begin() as session:
        progress.add_progress(session, task_id, actor="x", report_date="2020-03-02", percent=10)
    inspector = as_role(OfficeRole.INSPECTOR)
    with inspector.sessions.begin() as session:
        ids = withdrawal.record_batch(
            session,
            [withdrawal.BatchReport(task_id=task_id, percent=40)],
            actor="x",
            report_date=dt.date(2020, 3, 9),
        )
    with inspector.sessions.begin() as session:
        assert withdrawal.withdraw_batch(session, ids, actor="x") == 1
    with office.raw(OfficeRole.INSPECTOR) as connection:
        assert connection.execute("DELETE FROM progress_report").rowcount == 0
        assert connection.execute("DELETE FROM indicator_actual").rowcount == 0
    with office.raw(OfficeRole.ADMIN) as connection:
        rows = connection.execute("SELECT percent, created_by FROM progress_report").fetchall()
        assert rows == [(10, "sv_test_admin")]
        withdrawn = connection.execute(
            "SELECT actor FROM audit_entry WHERE action = 'withdraw'"
        ).fetchall()
        assert withdrawn == [("sv_test_inspector",)]
