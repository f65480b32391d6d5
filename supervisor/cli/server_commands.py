"""``db init-server``, ``db grant``, ``db revoke``, ``db users`` and ``db whoami``: a shared
PostgreSQL server, its roles and their members."""

from __future__ import annotations

import argparse
import getpass
import sys

from supervisor.cli.common import add_command, done, print_table
from supervisor.errors import ValidationError
from supervisor.services import office_server
from supervisor.services.office_roles import OfficeRole

ROLE_CHOICES = "、".join(role.value for role in OfficeRole)
PASSWORD_NOTE = (
    "用户不存在时新建登录用户：口令在终端提示输入两次（标准输入不是终端时读其第一行），"
    "从不写在命令行上；服务器只收到口令的 SCRAM 校验值"
)


def register(actions: argparse._SubParsersAction) -> None:
    """Add the server commands to the ``db`` group."""
    init = add_command(
        actions,
        _init_server,
        "init-server",
        help="在 PostgreSQL 服务器上建立数据结构和三个角色（管理员、督查员、领导）及其权限；"
        "可重复运行",
        description="在 PostgreSQL 服务器上建立本程序的数据结构、三个角色组及其权限、审计和通知"
        "触发器。可重复运行（程序升级后再运行一次即可补齐）。需用服务器超级用户（如 postgres）"
        "或有 CREATEROLE 权限的用户连接。加密连接：在地址后加 ?sslmode=require。",
    )
    init.add_argument(
        "url",
        nargs="?",
        metavar="URL",
        help="服务器地址，如 postgresql+psycopg://postgres@服务器:5432/supervisor"
        "（默认：--db 或 SUPERVISOR_DB）",
    )
    grant = add_command(
        actions,
        _grant,
        "grant",
        help=f"授予用户角色（{ROLE_CHOICES}）；用户不存在时新建",
        description=PASSWORD_NOTE,
    )
    grant.add_argument("user", metavar="用户", help="服务器上的登录名")
    grant.add_argument("role", metavar="角色", help=f"{ROLE_CHOICES}之一")
    revoke = add_command(
        actions, _revoke, "revoke", help="撤销用户的角色（登录名保留，审计日志中的名字不变）"
    )
    revoke.add_argument("user", metavar="用户", help="服务器上的登录名")
    revoke.add_argument("role", metavar="角色", help=f"{ROLE_CHOICES}之一")
    add_command(actions, _users, "users", help="列出服务器上有角色的用户")


def _init_server(args: argparse.Namespace) -> int:
    report = office_server.init_server(args.url or args.db)
    before = report.revision_before or "空库"
    print(f"数据结构：{before} → {report.revision_after}")
    if report.roles_created:
        print(f"已新建角色组：{'、'.join(report.roles_created)}")
    else:
        print("角色组已存在，权限和触发器已重新设置")
    return done("下一步：supervisor --db 地址 db grant 用户名 督查员（或 管理员、领导）")


def _grant(args: argparse.Namespace) -> int:
    result = office_server.grant(args.db, args.user, args.role, lambda: read_password(args.user))
    if result.login_created:
        print(f"已新建登录用户：{result.user}")
    for old in result.roles_revoked:
        print(f"已撤销原角色：{old.value}")
    return done(f"已授予 {result.user} 角色：{result.role.value}")


def _revoke(args: argparse.Namespace) -> int:
    held = office_server.revoke(args.db, args.user, args.role)
    role = args.role.strip()
    return done(
        f"已撤销 {args.user} 的角色：{role}" if held else f"{args.user} 本来就没有角色：{role}"
    )


def _users(args: argparse.Namespace) -> int:
    rows = [
        (m.user, m.role.value, "" if m.can_login else "不能登录")
        for m in office_server.members(args.db)
    ]
    return print_table(["用户", "角色", "备注"], rows, empty="还没有用户被授予角色")


def read_password(user: str) -> str:
    """The new login's password: asked twice on a terminal, else the first line of stdin.

    Raises:
        ValidationError: the two entries differ, or nothing was given.
    """
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ValidationError("标准输入中没有口令（第一行为空），未创建用户")
        return line
    first = getpass.getpass(f"为新用户 {user} 设置口令：")
    second = getpass.getpass("再输入一次：")
    if first != second:
        raise ValidationError("两次输入的口令不一致，未创建用户")
    return first
