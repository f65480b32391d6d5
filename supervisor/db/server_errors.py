"""PostgreSQL failures a user can act on, in Chinese: login, reachability, lost connections,
and a write the connected role may not make (naming the role it needs)."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from supervisor.db.server import ADMIN_ROLE, INSPECTOR_ROLE, LEADER_ROLE, TABLE_PRIVILEGES
from supervisor.errors import (
    ConnectionLostError,
    DatabaseError,
    PermissionDeniedError,
    ServerLoginError,
    ServerUnreachableError,
)

# How the user knows the tables (the messages name what was refused).
TABLE_LABELS = {
    "plan": "计划",
    "department": "单位",
    "task": "任务",
    "task_co_department": "配合单位",
    "indicator": "指标",
    "department_suggestion": "单位建议",
    "progress_report": "进展",
    "indicator_actual": "指标实际值",
    "urging": "催办",
    "audit_entry": "审计日志",
    "returned_workbook": "填报表导入记录",
    "setting": "设置",
    "alembic_version": "数据库结构版本",
}
VERB_LABELS = {"SELECT": "读取", "INSERT": "新增", "UPDATE": "修改", "DELETE": "删除"}
ROLE_LABELS = {ADMIN_ROLE: "管理员", INSPECTOR_ROLE: "督查员", LEADER_ROLE: "领导"}
LOST_MESSAGE = (
    "与数据库服务器的连接中断（服务器可能正在重启或网络断开），本次操作未保存。连接恢复后请重试"
)
_TABLE_IN_MESSAGE = re.compile(r'(?:for|on) (?:table|relation) "?([A-Za-z_][\w]*)"?')
_USER_IN_MESSAGE = re.compile(r'for user "([^"]+)"')


def server_error(
    error: BaseException, url: URL, *, statement: str | None = None, disconnect: bool = False
) -> DatabaseError | None:
    """The user's error for a psycopg failure, or None for one that is no user's to fix."""
    sqlstate = getattr(error, "sqlstate", None)
    message = str(error).strip()
    lower = message.lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if sqlstate == "42501":
        return permission_error(message, url.username, statement)
    if (
        disconnect
        or sqlstate in ("57P01", "57P02", "57P03")
        or "server closed the connection" in lower
    ):
        if "starting up" in lower or "shutting down" in lower or sqlstate == "57P03":
            return ConnectionLostError(f"数据库服务器（{where}）正在启动或关闭，请稍后重试")
        return ConnectionLostError(LOST_MESSAGE)
    if "no password supplied" in lower:
        return ServerLoginError(
            f"数据库服务器（{where}）要求口令，但没有提供：请在登录对话框中输入，或写入口令文件"
            "（~/.pgpass，Windows 为 %APPDATA%\\postgresql\\pgpass.conf）"
        )
    if "password authentication failed" in lower:
        found = _USER_IN_MESSAGE.search(message)
        user = found.group(1) if found else (url.username or "")
        return ServerLoginError(
            f"登录数据库服务器失败：用户名“{user}”或口令不正确（{where}）。请检查后重新输入"
        )
    if "role" in lower and "does not exist" in lower:
        return ServerLoginError(
            f"数据库服务器（{where}）上没有用户“{url.username}”：请管理员用 db grant 创建"
        )
    if "database" in lower and "does not exist" in lower:
        return ServerUnreachableError(
            f"数据库服务器（{where}）上没有数据库“{url.database}”：请检查连接地址，"
            "或由服务器管理员先建库（createdb）"
        )
    if "no pg_hba.conf entry" in lower:
        tls = "（未加密的连接；可在地址后加 ?sslmode=require）" if "no encryption" in lower else ""
        return ServerUnreachableError(
            f"数据库服务器（{where}）不允许从本机登录{tls}：请服务器管理员在 pg_hba.conf 中放行"
        )
    if "ssl" in lower and ("not support" in lower or "required" in lower or "certificate" in lower):
        return ServerUnreachableError(
            f"与数据库服务器（{where}）的加密连接（TLS）未能建立：{_first_line(message)}。"
            "请检查连接地址中的 sslmode 等选项与服务器的设置"
        )
    if any(
        words in lower
        for words in (
            "connection refused",
            "could not connect",
            "failed to resolve host",
            "could not translate host",
            "name or service not known",
            "timeout expired",
            "network is unreachable",
            "no route to host",
            "connection to server",
        )
    ):
        return ServerUnreachableError(
            f"无法连接数据库服务器 {where}：请检查服务器地址和端口、网络，以及服务器是否在运行"
            f"（{_first_line(message)}）"
        )
    return None


def permission_error(message: str, login: str | None, statement: str | None) -> DatabaseError:
    """A refused statement: what was refused, and which role may do it."""
    if "审计日志" in message:
        return PermissionDeniedError(_first_line(message).removeprefix("ERROR:").strip())
    found = _TABLE_IN_MESSAGE.search(message)
    table = found.group(1) if found else None
    verb = (statement or "").lstrip().split(None, 1)[0].upper() if statement else ""
    if "row-level security" in message and table == "setting":
        return PermissionDeniedError(
            f"数据库用户“{login}”无权修改这项设置：设置由“管理员”修改。本次操作未保存"
        )
    if table is None:
        return PermissionDeniedError(
            f"数据库用户“{login}”无权执行这项操作（{_first_line(message)}）。本次操作未保存，"
            "请由管理员或服务器的超级用户执行"
        )
    what = f"{VERB_LABELS.get(verb, '修改')}“{TABLE_LABELS.get(table, table)}”"
    needed = required_roles(table, verb)
    need = "或".join(f"“{ROLE_LABELS[r]}”" for r in needed)
    return PermissionDeniedError(
        f"数据库用户“{login}”的角色无权{what}：需要{need}角色。本次操作未保存，请联系管理员"
    )


def required_roles(table: str, verb: str) -> list[str]:
    """The group roles that may run ``verb`` on ``table``, lowest first (管理员 always)."""
    granted = TABLE_PRIVILEGES.get(table, {})
    roles = [r for r in (LEADER_ROLE, INSPECTOR_ROLE) if verb in granted.get(r, ())]
    return [*roles, ADMIN_ROLE]


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
