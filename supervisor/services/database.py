"""Open the office database (upgrading its schema first) and back it up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from supervisor import paths
from supervisor.db import migrate
from supervisor.db.session import make_engine, make_session_factory
from supervisor.errors import DatabaseError
from supervisor.services import identity


@dataclass(frozen=True, slots=True)
class Database:
    """An open database: its URL, engine and session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    pre_upgrade_copy: Path | None = None

    def close(self) -> None:
        """Release every pooled connection (and so the SQLite file)."""
        self.engine.dispose()


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the database at ``url`` (default: ``SUPERVISOR_DB`` or the user data folder).

    Args:
        url: a SQLAlchemy URL or a path to a SQLite file.
        upgrade: bring an older schema up to date first, copying a SQLite file aside.

    Raises:
        DatabaseError: the database cannot be reached or upgraded.
    """
    resolved = paths.database_url(url)
    file = migrate.sqlite_file(resolved)
    if file is not None and not file.parent.is_dir():
        raise DatabaseError(f"数据库所在文件夹不存在：{file.parent}")
    engine = make_engine(resolved)
    copy = None
    try:
        if upgrade:
            copy = migrate.upgrade(engine)
        elif migrate.current_revision(engine) != migrate.HEAD_REVISION:
            raise DatabaseError("数据库结构不是最新版本，请先运行：supervisor db upgrade")
        identity.ensure_identity(engine)
    except OperationalError as err:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库：{_first_line(err)}") from err
    except SQLAlchemyError as err:
        engine.dispose()
        raise DatabaseError(f"数据库升级失败：{_first_line(err)}") from err
    return Database(resolved, engine, make_session_factory(engine), copy)


def backup_database(database: Database, target: Path) -> Path:
    """Copy a SQLite database to ``target`` while it may be in use (online backup API).

    Raises:
        DatabaseError: the database is not a SQLite file, or the copy failed.
    """
    source = migrate.sqlite_file(database.engine)
    if source is None:
        raise DatabaseError("只能备份 SQLite 数据库文件；PostgreSQL 请使用 pg_dump 备份")
    return migrate.backup_sqlite(source, target)


def _first_line(err: Exception) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]
