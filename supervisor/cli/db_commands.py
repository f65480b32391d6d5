"""``db init``, ``db upgrade``, ``db check``, ``db backup`` and ``db restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from supervisor.cli import server_commands
from supervisor.cli.common import add_command, add_group, done, opened_database
from supervisor.services.database import (
    backup_database,
    check_database,
    database_file,
    restore_database,
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``db`` command group."""
    actions = add_group(
        commands, "db", "数据库：新建、升级结构、检查、备份、恢复；PostgreSQL 服务器的角色和用户"
    )
    add_command(actions, _init, "init", help="新建数据库（--db 指定的文件不存在时）")
    add_command(
        actions,
        _upgrade,
        "upgrade",
        help="把数据库结构升级到最新版本（SQLite 升级前自动备份，文件不存在时新建；"
        "PostgreSQL 由管理员运行，并补齐各角色的权限）",
    )
    add_command(actions, _check, "check", help="完整性检查：数据库文件是否损坏")
    backup = add_command(
        actions, _backup, "backup", help="备份 SQLite 数据库（程序运行中也可备份）"
    )
    backup.add_argument("path", type=Path, help="备份文件路径")
    restore = add_command(
        actions, _restore, "restore", help="用备份恢复 SQLite 数据库（先自动保存当前文件的副本）"
    )
    restore.add_argument("path", type=Path, help="备份文件路径")
    server_commands.register(actions)


def _init(args: argparse.Namespace) -> int:
    file = database_file(args.db)
    existed = file is not None and file.exists()
    with opened_database(args, create=True) as database:
        database.integrity.run()  # "结构已是最新" must not be said of a damaged large file
    if existed:
        print(f"数据库已存在，未新建（结构已是最新）：{file}")
    else:
        print(f"已新建数据库：{file or database.url}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    with opened_database(args, create=True) as database:
        database.integrity.run()  # a large file is read page by page only now
        if database.pre_upgrade_copy is not None:
            print(f"升级前的数据库已备份到：{database.pre_upgrade_copy}")
        print(f"数据库结构已是最新：{database.url}")
    return 0


def _check(args: argparse.Namespace) -> int:
    file = check_database(args.db)
    return done(f"数据库完好（完整性检查通过）：{file}")


def _backup(args: argparse.Namespace) -> int:
    with opened_database(args) as database:
        target = backup_database(database, args.path)
    return done(f"已备份到：{target}")


def _restore(args: argparse.Namespace) -> int:
    file, kept = restore_database(args.db, args.path)
    if kept is not None:
        print(f"恢复前的数据库已另存为：{kept}")
    return done(f"已用备份 {args.path} 恢复数据库：{file}")
