"""Who may do what: the three office roles, the connected login's role, and refusal reasons.

On PostgreSQL the role is the server's (membership of the group roles ``db init-server``
creates), and the server enforces it with GRANTs; the GUI and the command line only read it
here to hide or disable what would be refused anyway, with the reason as a tooltip. On SQLite
whoever can open the file can do everything.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from supervisor.db import server
from supervisor.errors import DatabaseError


class OfficeRole(StrEnum):
    """An office role, by its Chinese name."""

    ADMIN = "管理员"
    INSPECTOR = "督查员"
    LEADER = "领导"


class Action(StrEnum):
    """What a user may be refused; ``ACTION_LABELS`` names each in Chinese."""

    EDIT_SETTINGS = "edit_settings"
    MANAGE_DEPARTMENTS = "manage_departments"
    MANAGE_PLANS = "manage_plans"
    IMPORT_PLAN = "import_plan"
    DELETE_HARD = "delete_hard"
    EDIT_TASKS = "edit_tasks"
    ASSIGN = "assign"
    RECORD_PROGRESS = "record_progress"
    URGE = "urge"
    EXPORT = "export"
    FILLIN_ROUNDTRIP = "fillin_roundtrip"


ACTION_LABELS: dict[Action, str] = {
    Action.EDIT_SETTINGS: "修改设置",
    Action.MANAGE_DEPARTMENTS: "管理单位（新增、改名、合并）",
    Action.MANAGE_PLANS: "新建或删除计划",
    Action.IMPORT_PLAN: "导入报告或分工方案",
    Action.DELETE_HARD: "彻底删除数据",
    Action.EDIT_TASKS: "新建、修改、删除任务和指标",
    Action.ASSIGN: "分工（牵头、配合单位）",
    Action.RECORD_PROGRESS: "报送或更正进展",
    Action.URGE: "催办",
    Action.EXPORT: "导出报表",
    Action.FILLIN_ROUNDTRIP: "导出和导入填报表",
}

# The division of work: 管理员 everything; 督查员 the week's work, no settings, no
# departments or plans, no hard deletion; 领导 reads and exports.
ALLOWED: dict[OfficeRole, frozenset[Action]] = {
    OfficeRole.ADMIN: frozenset(Action),
    OfficeRole.INSPECTOR: frozenset(
        {
            Action.EDIT_TASKS,
            Action.ASSIGN,
            Action.RECORD_PROGRESS,
            Action.URGE,
            Action.EXPORT,
            Action.FILLIN_ROUNDTRIP,
        }
    ),
    OfficeRole.LEADER: frozenset({Action.EXPORT}),
}

# The server's group role of each office role (``db grant USER 督查员`` makes USER a member).
SERVER_ROLE: dict[OfficeRole, str] = {
    OfficeRole.ADMIN: server.ADMIN_ROLE,
    OfficeRole.INSPECTOR: server.INSPECTOR_ROLE,
    OfficeRole.LEADER: server.LEADER_ROLE,
}


def parse_role(name: str | OfficeRole) -> OfficeRole:
    """The office role named in Chinese (管理员/督查员/领导) or by its server role's name.

    Raises:
        ValidationError: no such role.
    """
    from supervisor.errors import ValidationError

    if isinstance(name, OfficeRole):
        return name
    cleaned = name.strip()
    for role in OfficeRole:
        if cleaned in (role.value, SERVER_ROLE[role]):
            return role
    names = "、".join(role.value for role in OfficeRole)
    raise ValidationError(f"没有这个角色：{name}（可选：{names}）")


def required_role(action: Action) -> OfficeRole:
    """The lowest role allowed ``action`` (what a refusal tells the user to ask for)."""
    for role in (OfficeRole.LEADER, OfficeRole.INSPECTOR, OfficeRole.ADMIN):
        if action in ALLOWED[role]:
            return role
    return OfficeRole.ADMIN


def refusal(role: OfficeRole, action: Action) -> str | None:
    """None when ``role`` may do ``action``; otherwise why not, in Chinese (a tooltip)."""
    if action in ALLOWED[role]:
        return None
    needed = required_role(action)
    higher = "或“管理员”" if needed is not OfficeRole.ADMIN else ""
    return (
        f"当前角色为“{role.value}”，不能{ACTION_LABELS[action]}："
        f"需要“{needed.value}”{higher}角色，请联系管理员"
    )


def connected_role(session: Session | Connection) -> OfficeRole:
    """The role of the connected user.

    SQLite: 管理员 (the file is the whole permission). PostgreSQL: a superuser or a member of
    the administrators' group is 管理员, else a member of the inspectors' group 督查员, else
    a member of the leaders' group 领导 (the highest role held counts).

    Raises:
        DatabaseError: the login holds none of the three roles (it could read nothing).
    """
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name != "postgresql":
        return OfficeRole.ADMIN
    row = session.execute(
        text(
            "SELECT rolsuper, session_user::text, "
            "(SELECT array_agg(r.rolname::text) FROM pg_roles r "
            " WHERE r.rolname = ANY(:names) AND pg_has_role(session_user, r.oid, 'MEMBER')) "
            "FROM pg_roles WHERE rolname = session_user"
        ),
        {"names": list(SERVER_ROLE.values())},
    ).one()
    superuser, login, held = bool(row[0]), row[1], set(row[2] or ())
    if superuser:
        return OfficeRole.ADMIN
    for role in (OfficeRole.ADMIN, OfficeRole.INSPECTOR, OfficeRole.LEADER):
        if SERVER_ROLE[role] in held:
            return role
    raise DatabaseError(
        f"数据库用户“{login}”不属于任何督查室角色（管理员、督查员、领导），无权使用本数据库。"
        f"请管理员运行：supervisor --db 服务器地址 db grant {login} 督查员"
    )
