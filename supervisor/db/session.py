"""Engine and session factory; SQLite gets WAL, foreign keys, a busy timeout and plain errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker

from supervisor.db.server_errors import server_error
from supervisor.errors import DamagedDatabaseError, DatabaseBusyError, DiskFullError

# How long a writer waits for another program's write to end before giving up. An import of
# a large report or a fill-in round holds the write lock for a few seconds; 20 s outlasts it
# without leaving the user staring at a frozen window for long.
BUSY_TIMEOUT_MS = 20_000
BUSY_MESSAGE = "数据库正忙，请稍后重试（另一个程序或用户正在写入数据库）"


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # First, so that even the pragmas below wait for a writer rather than fail at once.
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the GUI read while a worker writes and keeps the file consistent on power loss.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 32 MiB of page cache instead of SQLite's 2 MiB: the status of every task seeks the
    # report index once per task, and with the small cache each query reads those pages from
    # the operating system again (≈10 % of the query at 10,000 tasks). Memory is taken only
    # as pages are read.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


def sqlite_error_message(error: BaseException, file: str | None = None) -> Exception | None:
    """The user's error for a SQLite failure the user can act on, or None for any other.

    Busy (another writer held the lock past the busy timeout), damaged file, and disk full
    each become one Chinese message; everything else is left to the caller.
    """
    if not isinstance(error, sqlite3.Error):
        return None
    text = str(error).lower()
    # Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_CORRUPT_INDEX …) carry the primary code in
    # their low byte.
    extended = getattr(error, "sqlite_errorcode", None)
    code = extended & 0xFF if isinstance(extended, int) else None
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusyError(BUSY_MESSAGE)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
        "malformed" in text or "not a database" in text
    ):
        where = f"：{file}" if file else ""
        return DamagedDatabaseError(
            f"数据库文件已损坏{where}（{error}），本次操作未写入任何内容", file, detail=str(error)
        )
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DiskFullError("磁盘已满，数据库无法写入，本次操作未保存。请清理磁盘空间后重试")
    return None


DamageExplainer = Callable[[str], Exception]


def _error_listener(explain_damage: DamageExplainer | None) -> Callable[[ExceptionContext], None]:
    def on_error(context: ExceptionContext) -> None:
        # Raised here, the plain error replaces SQLAlchemy's everywhere: the GUI and the
        # command line show the same message, and no caller has to know SQLite's wording.
        engine = context.engine
        file = engine.url.database if engine is not None else None
        replacement = sqlite_error_message(context.original_exception, file)
        if isinstance(replacement, DamagedDatabaseError) and explain_damage is not None:
            replacement = explain_damage(replacement.detail)
        if replacement is not None:
            raise replacement from context.sqlalchemy_exception

    return on_error


def make_engine(
    url: str, *, explain_damage: DamageExplainer | None = None, **kwargs: object
) -> Engine:
    """Create an engine for ``url``; SQLite connections get the app's pragmas and errors.

    Args:
        url: The database URL.
        explain_damage: Builds the error for a damaged file from SQLite's words (the service
            layer names the newest good backup in it; this layer cannot look for backups).
        **kwargs: Passed to ``create_engine``.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        # A server restarts, a laptop sleeps: a pooled connection is tested before it is
        # handed out, and a dead one replaced, so the next transaction after a restart works.
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "handle_error", _error_listener(explain_damage))
    elif parsed.get_backend_name() == "postgresql":
        event.listen(engine, "handle_error", _server_error_listener(parsed))
    return engine


def _server_error_listener(url: URL) -> Callable[[ExceptionContext], None]:
    def on_error(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return  # the pool replaces the dead connection itself
        replacement = server_error(
            context.original_exception,
            url,
            statement=context.statement,
            disconnect=context.is_disconnect,
        )
        if replacement is not None:
            raise replacement from context.sqlalchemy_exception

    return on_error


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
