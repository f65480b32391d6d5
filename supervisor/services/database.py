"""Open the office database (upgrading its schema first), check it, back it up and restore it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from supervisor import paths
from supervisor.db import migrate, server
from supervisor.db.session import make_engine, make_session_factory
from supervisor.errors import (
    DamagedDatabaseError,
    DatabaseError,
    MissingDatabaseError,
    SchemaVersionError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_FOLDER = "backups"
# Each `db backup` appends its target here, so a damaged database can name the newest good
# backup even when it was written to a USB stick rather than the backups folder.
BACKUP_LOG = "backup-log.txt"
_BACKUP_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".bak")
QUICK_CHECK_ON_OPEN_BYTES = 32 * 1024 * 1024


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


def database_file(url: str | None = None) -> Path | None:
    """The SQLite file ``url`` (or the default) names; None for a server database."""
    return migrate.sqlite_file(paths.database_url(url))


def open_database(url: str | None = None, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open the database at ``url`` (default: ``SUPERVISOR_DB`` or the user data folder).

    Args:
        url: a SQLAlchemy URL or a path to a SQLite file.
        upgrade: bring an older schema up to date first, copying a SQLite file aside.
        create: create a SQLite file that does not exist yet. The command line passes False
            for every command but ``db init``/``db upgrade`` (a mistyped ``--db`` must not
            silently start an empty database); the GUI passes False, asks the user on
            :class:`MissingDatabaseError`, and opens again with True if the user agrees. The
            default database in the data folder is always created (a first start).

    Raises:
        MissingDatabaseError: the file does not exist and may not be created.
        DamagedDatabaseError: the file is not a healthy SQLite database (nothing is written).
        DatabaseBusyError: another program held the database past the busy timeout.
        DatabaseError: the database cannot be reached or upgraded.
    """
    resolved = paths.database_url(url)
    file = migrate.sqlite_file(resolved)
    if file is not None:
        if not file.parent.is_dir():
            raise DatabaseError(f"数据库所在文件夹不存在：{file.parent}")
        chosen = url or os.environ.get(paths.DB_URL_ENV)
        if not file.exists() and not create and chosen:
            raise MissingDatabaseError(
                f"数据库文件不存在：{file}。请检查 --db 或环境变量 SUPERVISOR_DB 的路径是否写错；"
                "如要新建数据库，请运行：supervisor --db 该路径 db init",
                file,
            )
        if file.exists():
            check_readable(file)
            # Every page is read only for files up to this size (≈0.15 s): a larger database
            # is checked by `db check` and `db backup`, and any damaged page met later still
            # ends its transaction with the damaged-database message, nothing written.
            if file.stat().st_size <= QUICK_CHECK_ON_OPEN_BYTES:
                problems = integrity_problems(file)
                if problems:
                    raise damaged(file, "；".join(problems[:3]))
    engine = make_engine(
        resolved, explain_damage=(lambda detail: damaged(file, detail)) if file else None
    )
    copy = None
    try:
        check_schema_version(engine, upgrade=upgrade)
        if upgrade:
            copy = migrate.upgrade(engine)
        from supervisor.services import identity

        identity.ensure_identity(engine)
    except DamagedDatabaseError as err:
        engine.dispose()
        if file is None or err.final:
            raise
        raise damaged(file, err.detail) from err
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as err:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库：{_first_line(err)}") from err
    except SQLAlchemyError as err:
        engine.dispose()
        raise DatabaseError(f"数据库升级失败：{_first_line(err)}") from err
    return Database(resolved, engine, make_session_factory(engine), copy)


def check_schema_version(engine: Engine, *, upgrade: bool) -> None:
    """Refuse a schema this program cannot use, before anything is changed.

    Newer than the program: it must be upgraded first. Older, when not upgrading or when the
    login may not change a shared server's schema (督查员, 领导): the administrator must run
    ``db upgrade``.

    Raises:
        SchemaVersionError: with what to do.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            if server.set_up(connection):
                # A login without an office role can read nothing: say so, not "no table".
                from supervisor.services.office_roles import connected_role

                connected_role(connection)
    current = migrate.current_revision(engine)
    if current == migrate.HEAD_REVISION:
        return
    if current is not None and current not in migrate.known_revisions():
        raise SchemaVersionError(
            f"数据库结构版本（{current}）比本程序所知的最新版本（{migrate.HEAD_REVISION}）新："
            "数据库已被更新版本的程序使用过，请先升级本程序"
        )
    if not upgrade:
        raise SchemaVersionError("数据库结构不是最新版本，请先运行：supervisor db upgrade")
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            allowed = server.may_migrate(connection)
        if not allowed and current is None:
            raise SchemaVersionError(
                "服务器上的数据库还没有建立本程序的数据结构：请管理员运行 "
                "supervisor db init-server 连接地址"
            )
        if not allowed:
            raise SchemaVersionError(
                f"服务器上的数据库结构是旧版本（{current}），本程序需要 {migrate.HEAD_REVISION}："
                "请管理员先运行 supervisor --db 连接地址 db upgrade"
            )


def check_readable(file: Path) -> None:
    """Cheap checks on opening a SQLite file: its header and its schema can be read.

    A full check reads every page (``check_database``); this one reads the first page and the
    schema, which is where a damaged file most often fails first, in milliseconds.

    Raises:
        DamagedDatabaseError: naming the file and the newest good backup.
    """
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as err:
        raise DatabaseError(f"无法读取数据库文件：{file}（{err.strerror or err}）") from err
    if header and header != SQLITE_HEADER:
        raise damaged(file, "不是 SQLite 数据库文件")
    if not header:
        return  # an empty file is a new database
    try:
        with contextlib.closing(_read_only(file)) as connection:
            connection.execute("SELECT name, sql FROM sqlite_master").fetchall()
            connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            return  # a writer holds it: the engine's busy timeout deals with that
        if "unable to open" in str(err):
            raise DatabaseError(f"无法打开数据库文件（请检查读取权限）：{file}") from err
        raise damaged(file, str(err)) from err
    except (sqlite3.DatabaseError, UnicodeDecodeError) as err:
        raise damaged(file, str(err)) from err


def integrity_problems(file: Path, *, full: bool = False, at_rest: bool = False) -> list[str]:
    """SQLite's own check of every page: an empty list means the file is healthy.

    Args:
        file: The SQLite file (opened read-only).
        full: ``PRAGMA integrity_check`` (also indexes against tables) instead of the faster
            ``PRAGMA quick_check``.
        at_rest: the file is a backup no program writes to: opened as immutable, so that
            checking it leaves no ``-shm`` file beside it.
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        with file.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return ["不是 SQLite 数据库文件"]
        with contextlib.closing(_read_only(file, immutable=at_rest)) as connection:
            rows = connection.execute(f"PRAGMA {pragma}(20)").fetchall()
    except OSError as err:
        return [f"无法读取：{err.strerror or err}"]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as err:
        return [str(err)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def check_database(url: str | None = None) -> Path:
    """Run the full integrity check on the database file on demand (``db check``).

    Returns:
        The file, when it is healthy.

    Raises:
        MissingDatabaseError / DamagedDatabaseError / DatabaseError.
    """
    file = database_file(url)
    if file is None:
        raise DatabaseError("完整性检查只适用于 SQLite 数据库文件；PostgreSQL 请用服务器的工具检查")
    if not file.exists():
        raise MissingDatabaseError(f"数据库文件不存在：{file}", file)
    problems = integrity_problems(file, full=True)
    if problems:
        raise damaged(file, "；".join(problems[:3]))
    return file


def damaged(file: Path, detail: str) -> DamagedDatabaseError:
    """The one message for a damaged database: the file, what to do, the newest good backup."""
    backup = latest_good_backup(file)
    hint = (
        f"最近的完好备份：{backup}。请先关闭所有使用该数据库的程序，再运行："
        f"supervisor --db {file} db restore {backup}"
        if backup is not None
        else "没有找到完好的备份，请勿继续使用该文件，并联系技术人员抢救数据"
    )
    why = f"（{detail.splitlines()[0]}）" if detail else ""
    return DamagedDatabaseError(
        f"数据库文件已损坏：{file}{why}。为免损失扩大，程序不会再写入它。{hint}",
        file,
        detail=detail,
        final=True,
    )


def latest_good_backup(file: Path) -> Path | None:
    """The newest backup of ``file`` that passes the quick check, if any.

    Looks in the ``backups`` folder beside the file (copies taken before upgrades and
    restores) and at every target ``db backup`` wrote to (``backups/backup-log.txt``).
    """
    folder = file.parent / BACKUP_FOLDER
    candidates: set[Path] = set()
    if folder.is_dir():
        candidates.update(p for p in folder.iterdir() if p.suffix.lower() in _BACKUP_SUFFIXES)
    log = folder / BACKUP_LOG
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.strip():
                candidates.add(Path(line.strip()))
    existing = []
    for path in candidates:
        with contextlib.suppress(OSError):
            if path.is_file() and not _same_file(path, file):
                existing.append((path.stat().st_mtime, path))
    for _mtime, path in sorted(existing, reverse=True)[:10]:
        if not integrity_problems(path, at_rest=True):
            return path
    return None


def backup_database(database: Database, target: Path) -> Path:
    """Copy a SQLite database to ``target`` while it may be in use (online backup API).

    Refused: a target that is the database itself under any name (the same path spelt
    otherwise, a symbolic or hard link), its journal files, and a database that fails the
    quick check (a copy of a damaged file is no backup). The copy is checked too.

    Raises:
        DatabaseError: the database is not a SQLite file, is damaged, or the copy failed.
    """
    source = migrate.sqlite_file(database.engine)
    if source is None:
        raise DatabaseError("只能备份 SQLite 数据库文件；PostgreSQL 请使用 pg_dump 备份")
    _refuse_same_file(source, target, "备份")
    problems = integrity_problems(source)
    if problems:
        raise damaged(source, "；".join(problems[:3]))
    copy = migrate.backup_sqlite(source, target)
    problems = integrity_problems(copy)
    if problems:
        copy.unlink(missing_ok=True)
        raise DatabaseError(
            f"备份文件未通过检查，已删除：{copy}（{problems[0]}）。请换一个位置重试"
        )
    _log_backup(source, copy)
    return copy


def restore_database(url: str | None, backup: Path) -> tuple[Path, Path | None]:
    """Replace the database file's contents with a backup, keeping a copy of it first.

    The backup must be a healthy database of this program (quick check, schema version), and
    not the database itself. The current file is copied into the ``backups`` folder beside it
    first (bytes as they are, even when damaged), then the backup's pages are written into it
    with SQLite's backup API, so a program still holding it open sees the restored data.

    Returns:
        The restored file and the copy kept of its former contents (None if it did not exist).

    Raises:
        MissingDatabaseError / DamagedDatabaseError / DatabaseError.
    """
    file = database_file(url)
    if file is None:
        raise DatabaseError("只能恢复 SQLite 数据库文件；PostgreSQL 请使用 pg_restore")
    backup = backup.expanduser()
    if not backup.is_file():
        raise DatabaseError(f"备份文件不存在：{backup}")
    _refuse_same_file(backup, file, "恢复")
    problems = integrity_problems(backup, at_rest=True)
    if problems:
        raise DatabaseError(
            f"备份文件已损坏，不能用于恢复：{backup}（{problems[0]}）。请选择另一个备份"
        )
    _require_our_schema(backup)
    kept = None
    if file.exists():
        folder = file.parent / BACKUP_FOLDER
        try:
            folder.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = folder / f"{file.stem}-before-restore-{stamp}{file.suffix}"
            shutil.copy2(file, kept)
            for suffix in ("-wal", "-shm"):
                side = file.with_name(file.name + suffix)
                if side.exists():
                    shutil.copy2(side, kept.with_name(kept.name + suffix))
        except OSError as err:
            raise DatabaseError(
                f"无法先保存当前数据库的副本（{err.strerror or err}），未做任何恢复"
            ) from err
    try:
        with (
            contextlib.closing(_read_only(backup, immutable=True)) as src,
            contextlib.closing(sqlite3.connect(file, timeout=20)) as dst,
        ):
            src.backup(dst)
    except sqlite3.Error as err:
        if not (file.exists() and integrity_problems(file)):
            raise DatabaseError(f"恢复失败：{err}。当前数据库的副本在：{kept}") from err
        # The current file is too damaged for SQLite to write pages into: replace it whole.
        _replace_file(backup, file)
    return file, kept


def _replace_file(backup: Path, file: Path) -> None:
    partial = file.with_name(f".{file.name}.partial")
    try:
        migrate.backup_sqlite(backup, partial)
        for suffix in ("-wal", "-shm"):
            file.with_name(file.name + suffix).unlink(missing_ok=True)
        os.replace(partial, file)
    except (OSError, DatabaseError) as err:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"恢复失败：{err}") from err


def _require_our_schema(file: Path) -> None:
    try:
        with contextlib.closing(_read_only(file, immutable=True)) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        revision = None
    if revision is None:
        raise DatabaseError(f"“{file}”不是本程序的数据库备份，不能用于恢复")


def _refuse_same_file(source: Path, target: Path, action: str) -> None:
    target = target.expanduser()
    live = source.resolve()
    candidates = {live, *(live.with_name(live.name + s) for s in ("-wal", "-shm", "-journal"))}
    if (
        target.resolve() in candidates
        or _same_file(target, source)
        or os.path.normcase(str(target.resolve())) == os.path.normcase(str(live))
    ):
        raise DatabaseError(
            f"{action}目标就是正在使用的数据库文件本身（{target} → {live}），已拒绝。"
            f"请选择另一个文件名或文件夹"
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _log_backup(source: Path, copy: Path) -> None:
    # Best effort: a backup that succeeded must not fail because its note cannot be written.
    folder = source.parent / BACKUP_FOLDER
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        with (folder / BACKUP_LOG).open("a", encoding="utf-8") as log:
            log.write(f"{copy}\n")


def _read_only(file: Path, *, immutable: bool = False) -> sqlite3.Connection:
    # A URI names the file, so characters that mean something in a URI must be escaped.
    name = urllib.parse.quote(str(file))
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(f"file:{name}?{flags}", uri=True, timeout=5)
    connection.text_factory = str
    return connection


def database_error_message(error: BaseException) -> str | None:
    """One Chinese line for a database failure the user can act on, or None (a bug: log it).

    Busy, damaged and full databases are turned into errors by the engine itself
    (``supervisor.db.session``); these are the ones it leaves, because opening a read-only
    database to look at it is allowed and only writing fails.
    """
    if not isinstance(error, SQLAlchemyError):
        return None
    text = str(getattr(error, "orig", None) or error).lower()
    if "readonly" in text or "read-only" in text:
        return (
            "数据库文件是只读的（或所在文件夹不可写），无法保存修改。请检查文件权限或换一个位置。"
        )
    if "unable to open database file" in text:
        return "无法打开数据库文件：所在文件夹不可写或文件不可访问。请检查路径和权限。"
    if "disk i/o error" in text:
        return "读写数据库文件时发生磁盘错误（磁盘已满、U 盘被拔出或网络盘断开），本次操作未保存。"
    return None


def _first_line(err: Exception) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]
