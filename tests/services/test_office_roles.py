"""The office roles: what each may do, the refusal reasons, SQLite's role, the NOTIFY payload."""

from __future__ import annotations

import pytest

from supervisor.db.notify import Change, parse_payload
from supervisor.errors import ValidationError
from supervisor.services.office_roles import (
    Action,
    OfficeRole,
    connected_role,
    parse_role,
    refusal,
    required_role,
)


def test_admin_may_do_everything() -> None:
    assert all(refusal(OfficeRole.ADMIN, action) is None for action in Action)


def test_inspector_does_the_weeks_work_but_no_settings_departments_plans_or_hard_deletion() -> None:
    allowed = {a for a in Action if refusal(OfficeRole.INSPECTOR, a) is None}
    assert allowed == {
        Action.EDIT_TASKS,
        Action.ASSIGN,
        Action.RECORD_PROGRESS,
        Action.URGE,
        Action.EXPORT,
        Action.FILLIN_ROUNDTRIP,
    }


def test_leader_only_exports() -> None:
    assert {a for a in Action if refusal(OfficeRole.LEADER, a) is None} == {Action.EXPORT}


def test_refusal_names_the_role_and_what_is_needed() -> None:
    reason = refusal(OfficeRole.LEADER, Action.RECORD_PROGRESS)
    assert reason is not None
    assert "“领导”" in reason
    assert "报送或更正进展" in reason
    assert "需要“督查员”或“管理员”" in reason
    settings = refusal(OfficeRole.INSPECTOR, Action.EDIT_SETTINGS)
    assert settings is not None
    assert "需要“管理员”角色" in settings


def test_required_role_is_the_lowest_allowed() -> None:
    assert required_role(Action.EXPORT) is OfficeRole.LEADER
    assert required_role(Action.URGE) is OfficeRole.INSPECTOR
    assert required_role(Action.DELETE_HARD) is OfficeRole.ADMIN


def test_parse_role_accepts_chinese_and_server_names() -> None:
    assert parse_role("督查员") is OfficeRole.INSPECTOR
    assert parse_role(" supervisor_leader ") is OfficeRole.LEADER
    with pytest.raises(ValidationError, match="没有这个角色"):
        parse_role("秘书")


def test_parse_role_takes_a_role_as_it_is() -> None:
    # grant and revoke pass a role given as OfficeRole or as the name typed on the command line.
    assert all(parse_role(role) is role for role in OfficeRole)


def test_sqlite_connection_is_admin(tmp_path) -> None:
    from supervisor.services.database import open_database

    database = open_database(f"sqlite:///{tmp_path / 'a.sqlite'}")
    try:
        with database.sessions() as session:
            assert connected_role(session) is OfficeRole.ADMIN
    finally:
        database.close()


def test_payload_parsed() -> None:
    change = parse_payload(
        '{"table": "progress_report", "id": 17, "task": 4, "op": "INSERT", "actor": "张三"}'
    )
    assert change == Change("progress_report", 17, 4, "INSERT", "张三")


@pytest.mark.parametrize(
    "payload", ["", "not json", "[1, 2]", '{"id": 3}', '{"table": "task", "actor": 5}']
)
def test_foreign_payload_ignored(payload: str) -> None:
    assert parse_payload(payload) is None
