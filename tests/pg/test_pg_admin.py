"""The administrator's side on a real server: init-server, grant and revoke from the command
line, and a schema upgrade run by an administrator who is not the server's superuser."""

from __future__ import annotations

import io

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from supervisor.cli import main
from supervisor.db import migrate
from supervisor.services import office_server, plans
from supervisor.services.database import open_database
from supervisor.services.office_roles import OfficeRole, connected_role

pytestmark = pytest.mark.postgres


def test_cli_init_server_twice_then_grant_and_revoke(office, capsys, monkeypatch) -> None:
    assert main(["db", "init-server", office.superuser]) == 0
    assert "角色组已存在" in capsys.readouterr().out
    with psycopg.connect(_plain(office.superuser), autocommit=True) as connection:
        connection.execute("DROP ROLE IF EXISTS sv_test_cli")
    monkeypatch.setattr("sys.stdin", io.StringIO("口令-Secret1\n"))
    assert main(["--db", office.superuser, "db", "grant", "sv_test_cli", "领导"]) == 0
    out = capsys.readouterr().out
    assert "已授予 sv_test_cli 角色：领导" in out
    assert main(["--db", office.superuser, "db", "grant", "sv_test_cli", "督查员"]) == 0
    assert "已撤销原角色：领导" in capsys.readouterr().out
    assert main(["--db", office.superuser, "db", "users"]) == 0
    listing = capsys.readouterr().out
    assert any(line.split()[:2] == ["sv_test_cli", "督查员"] for line in listing.splitlines())
    assert main(["--db", office.superuser, "db", "revoke", "sv_test_cli", "督查员"]) == 0
    assert "已撤销 sv_test_cli 的角色" in capsys.readouterr().out
    members = {m.user: m.role for m in office_server.members(office.superuser)}
    assert "sv_test_cli" not in members


def test_new_login_gets_the_password_typed(office, monkeypatch) -> None:
    """A login created by grant logs in with the password read from stdin, not another."""
    with psycopg.connect(_plain(office.superuser), autocommit=True) as connection:
        connection.execute("DROP ROLE IF EXISTS sv_test_new")
    office_server.grant(office.superuser, "sv_test_new", "领导", lambda: "Open-Sesame-9")
    url = _with_login(office.superuser, "sv_test_new", "Open-Sesame-9")
    database = open_database(url, create=False)
    try:
        with database.sessions() as session:
            assert connected_role(session) is OfficeRole.LEADER
    finally:
        database.close()


def test_grant_refused_to_a_login_without_createrole(office, capsys) -> None:
    code = main(["--db", office.url(OfficeRole.ADMIN), "db", "grant", "sv_test_leader", "督查员"])
    assert code == 1
    assert "无权创建或管理角色" in capsys.readouterr().err


def test_administrator_upgrades_the_schema(office) -> None:
    """Not the superuser: a member of the administrators' group, which owns the tables."""
    engine = create_engine(office.superuser)
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    engine.dispose()
    database = open_database(office.url(OfficeRole.ADMIN), create=False)
    try:
        with database.engine.connect() as connection:
            assert migrate.current_revision(database.engine) == migrate.HEAD_REVISION
            assert "baseline" in {c["name"] for c in inspect(connection).get_columns("indicator")}
    finally:
        database.close()
    # The upgraded tables still belong to the group, and the others' privileges still hold.
    with psycopg.connect(_plain(office.superuser)) as connection:
        owners = {
            r[0]
            for r in connection.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'"
            )
        }
    assert owners == {"supervisor_admin"}
    database = open_database(office.url(OfficeRole.LEADER), create=False)
    try:
        with database.sessions() as session:
            assert plans.list_plans(session) == []
    finally:
        database.close()


def test_init_server_refuses_sqlite(tmp_path, capsys) -> None:
    assert main(["db", "init-server", f"sqlite:///{tmp_path / 'a.sqlite'}"]) == 1
    assert "只适用于 PostgreSQL" in capsys.readouterr().err


def _plain(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _with_login(url: str, user: str, password: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user, password=password).render_as_string(hide_password=False)
