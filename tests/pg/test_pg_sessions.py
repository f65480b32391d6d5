"""Who did it, and connections, on a real server: the actor is the database login whatever the
client says; wrong passwords, unreachable servers, missing roles and old schemas are told in
Chinese; a session survives a server restart; two clients see each other's changes."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from supervisor.cli import main
from supervisor.db.models import AuditEntry, ProgressReport
from supervisor.db.notify import CHANNEL, Change, parse_payload
from supervisor.errors import (
    ConnectionLostError,
    DatabaseError,
    SchemaVersionError,
    ServerLoginError,
    ServerUnreachableError,
)
from supervisor.services import assignment, departments, office_server, plans, progress, tasks
from supervisor.services.change_feed import ChangeFeed, PostgresChangeFeed, open_change_feed
from supervisor.services.database import open_database
from supervisor.services.office_roles import OfficeRole
from tests.pg_office import restart_server

pytestmark = pytest.mark.postgres


@pytest.fixture
def task_id(office) -> int:
    database = open_database(office.url(OfficeRole.ADMIN))
    try:
        with database.sessions.begin() as session:
            plan = plans.create_plan(session, title="工作要点", year=2020, source="其他", actor="x")
            return tasks.add_task(session, plan.id, title="修缮老旧小区", actor="x").id
    finally:
        database.close()


def test_actor_is_the_login_not_what_the_client_says(office, task_id: int) -> None:
    database = open_database(office.url(OfficeRole.INSPECTOR), create=False)
    try:
        with database.sessions.begin() as session:
            progress.add_progress(
                session, task_id, actor="王局长", report_date="2020-03-02", percent=10
            )
        with database.sessions() as session:
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            report = session.scalars(select(ProgressReport)).one()
    finally:
        database.close()
    assert (entry.action, entry.actor) == ("progress", "sv_test_inspector")
    assert report.created_by == "sv_test_inspector"


def test_cli_refuses_user_option_on_a_server(office, task_id: int, capsys) -> None:
    url = office.url(OfficeRole.INSPECTOR)
    code = main(
        ["--db", url, "progress", "add", f"#{task_id}", "--percent", "20", "--user", "王五"]
    )
    assert code == 1
    assert "不能用 --user 指定" in capsys.readouterr().err
    code = main(
        ["--db", url, "progress", "add", f"#{task_id}", "--percent", "20", "--date", "2020-03-02"]
    )
    assert code == 0
    database = open_database(url, create=False)
    try:
        with database.sessions() as session:
            assert session.scalar(select(ProgressReport.created_by)) == "sv_test_inspector"
    finally:
        database.close()


def test_wrong_password(office) -> None:
    url = make_url(office.url(OfficeRole.INSPECTOR)).set(password="not-the-password")
    with pytest.raises(ServerLoginError, match="“sv_test_inspector”或口令不正确"):
        open_database(url.render_as_string(hide_password=False), create=False)


def test_wrong_password_in_the_cli(office, capsys) -> None:
    url = make_url(office.url(OfficeRole.LEADER)).set(password="wrong")
    assert main(["--db", url.render_as_string(hide_password=False), "plans"]) == 1
    err = capsys.readouterr().err
    assert "口令不正确" in err
    assert "Traceback" not in err


def test_unreachable_server(office) -> None:
    url = make_url(office.url(OfficeRole.LEADER)).set(host="127.0.0.1", port=1)
    with pytest.raises(ServerUnreachableError, match=r"无法连接数据库服务器 127\.0\.0\.1:1"):
        open_database(url.render_as_string(hide_password=False), create=False)


def test_login_without_a_role(office) -> None:
    office_server.revoke(office.superuser, "sv_test_leader", "领导")
    with pytest.raises(DatabaseError, match="“sv_test_leader”不属于任何督查室角色"):
        open_database(office.url(OfficeRole.LEADER), create=False)


def test_old_schema_needs_the_administrator(office) -> None:
    _set_revision(office.superuser, "0005")
    with pytest.raises(SchemaVersionError, match=r"旧版本（0005）.*请管理员先运行"):
        open_database(office.url(OfficeRole.INSPECTOR), create=False)


def test_newer_schema_needs_a_newer_program(office) -> None:
    _set_revision(office.superuser, "0099")
    with pytest.raises(SchemaVersionError, match="请先升级本程序"):
        open_database(office.url(OfficeRole.ADMIN), create=False)


def test_init_server_is_idempotent_and_keeps_data(office, task_id: int) -> None:
    report = office_server.init_server(office.superuser)
    assert report.roles_created == ()
    assert report.revision_before == report.revision_after
    database = open_database(office.url(OfficeRole.LEADER), create=False)
    try:
        with database.sessions() as session:
            assert tasks.get_task(session, task_id).title == "修缮老旧小区"
    finally:
        database.close()


def test_session_survives_a_server_restart(office, task_id: int) -> None:
    database = open_database(office.url(OfficeRole.INSPECTOR), create=False)
    try:
        with database.sessions() as session:
            assert tasks.get_task(session, task_id).title == "修缮老旧小区"
        # A transaction open while the server goes away fails with the Chinese message.
        with (  # noqa: PT012
            pytest.raises(ConnectionLostError, match="连接中断"),
            database.sessions.begin() as session,
        ):
            session.execute(text("SELECT 1"))
            restart_server(office.superuser)
            progress.add_progress(session, task_id, actor="x", report_date="2020-03-02", percent=5)
        # The next one gets a fresh connection from the pool: nothing to do for the user.
        with database.sessions.begin() as session:
            progress.add_progress(session, task_id, actor="x", report_date="2020-03-02", percent=5)
        with database.sessions() as session:
            assert len(progress.task_progress(session, task_id)) == 1
    finally:
        database.close()


def test_two_clients_see_each_others_changes(office, task_id: int) -> None:
    """A clerk's report reaches a leader's listening connection with the task and the login."""
    leader_url = make_url(office.url(OfficeRole.LEADER)).set(drivername="postgresql")
    with psycopg.connect(leader_url.render_as_string(hide_password=False), autocommit=True) as raw:
        raw.execute(f"LISTEN {CHANNEL}")
        database = open_database(office.url(OfficeRole.INSPECTOR), create=False)
        try:
            with database.sessions.begin() as session:
                progress.add_progress(
                    session, task_id, actor="x", report_date="2020-03-02", percent=5
                )
        finally:
            database.close()
        changes = [parse_payload(n.payload) for n in raw.notifies(timeout=5, stop_after=1)]
    assert changes
    assert changes[0].table == "progress_report"
    assert changes[0].task_id == task_id
    assert changes[0].actor == "sv_test_inspector"
    assert changes[0].op == "INSERT"


def test_change_feed_reports_tasks_changed_elsewhere(office, task_id: int) -> None:
    watcher = open_database(office.url(OfficeRole.LEADER), create=False)
    feed = open_change_feed(watcher)
    try:
        assert isinstance(feed, PostgresChangeFeed)
        assert not feed.poll().changed
        database = open_database(office.url(OfficeRole.INSPECTOR), create=False)
        try:
            with database.sessions.begin() as session:
                tasks.edit_task(
                    session, task_id, expected_version=None, actor="x", title="修缮小区"
                )
        finally:
            database.close()
        states = _poll_until(
            feed, lambda found: any(c.table == "task" for s in found for c in s.changes)
        )
        task_changes = [c for s in states for c in s.changes if c.table == "task"]
        assert task_changes[0].task_id == task_id
        assert task_changes[0].op == "UPDATE"
        assert task_changes[0].actor == "sv_test_inspector"
        assert task_id in {t for s in states for t in s.task_ids}
        # After the server dropped it, the feed says so, listens again and reports a change:
        # what changed meanwhile is unknown.
        restart_server(office.superuser)
        states = _poll_until(feed, lambda found: any(not s.connected for s in found))
        states = _poll_until(feed, lambda found: any(s.changed and s.connected for s in found))
        assert any(s.changed and s.connected and not s.changes for s in states)
    finally:
        feed.close()
        watcher.close()


def _poll_until(feed: ChangeFeed, done, seconds: float = 10.0) -> list:
    """The feed's states, polled as a window's timer does, until ``done`` or ``seconds``."""
    found: list = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done(found):
        found.append(feed.poll())
        time.sleep(0.1)
    return found


def _set_revision(url: str, revision: str) -> None:
    with psycopg.connect(_plain(url), autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = %s", (revision,))


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_every_announced_row_names_its_task(office, task_id: int) -> None:
    """Assignment rows and indicator actuals carry no task id of their own: the trigger finds it."""
    admin = open_database(office.url(OfficeRole.ADMIN), create=False)
    try:
        with admin.sessions.begin() as session:
            departments.add_department(session, "市住房城乡建设局", actor="x")
            departments.add_department(session, "市财政局", actor="x")
            indicator = tasks.add_indicator(
                session,
                task_id,
                tasks.IndicatorInput("改造小区", 40, unit="个", comparator=">="),
                expected_version=None,
                actor="x",
            )
    finally:
        admin.close()
    watcher = open_database(office.url(OfficeRole.LEADER), create=False)
    feed = open_change_feed(watcher)
    try:
        inspector = open_database(office.url(OfficeRole.INSPECTOR), create=False)
        try:
            with inspector.sessions.begin() as session:
                assignment.assign(
                    session, [task_id], actor="x", lead="市住房城乡建设局", co=["市财政局"]
                )
                progress.add_progress(
                    session,
                    task_id,
                    actor="x",
                    report_date="2020-03-02",
                    actuals={indicator.id: 12},
                )
        finally:
            inspector.close()
        states = _poll_until(
            feed,
            lambda seen: (
                {"task_co_department", "indicator_actual"}
                <= {c.table for s in seen for c in s.changes}
            ),
        )
    finally:
        feed.close()
        watcher.close()
    found: list[Change] = [c for s in states for c in s.changes]
    by_table = {c.table: c for c in found}
    assert by_table["task_co_department"].task_id == task_id
    assert by_table["indicator_actual"].task_id == task_id
    assert by_table["progress_report"].task_id == task_id
    assert {c.actor for c in found} == {"sv_test_inspector"}
