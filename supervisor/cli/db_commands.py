"""``db upgrade`` and ``db backup``."""

from __future__ import annotations

import argparse
from pathlib import Path

from supervisor.services.database import backup_database, open_database


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``db`` command group."""
    db = commands.add_parser("db", help="数据库：升级结构、备份")
    actions = db.add_subparsers(dest="db_command", metavar="操作", required=True)
    upgrade = actions.add_parser("upgrade", help="把数据库结构升级到最新版本（升级前自动备份）")
    upgrade.set_defaults(handler=_upgrade)
    backup = actions.add_parser("backup", help="备份 SQLite 数据库（程序运行中也可备份）")
    backup.add_argument("path", type=Path, help="备份文件路径")
    backup.set_defaults(handler=_backup)


def _upgrade(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    try:
        if database.pre_upgrade_copy is not None:
            print(f"升级前的数据库已备份到：{database.pre_upgrade_copy}")
        print(f"数据库结构已是最新：{database.url}")
    finally:
        database.close()
    return 0


def _backup(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    try:
        target = backup_database(database, args.path)
    finally:
        database.close()
    print(f"已备份到：{target}")
    return 0
