"""Schema upgrades through Alembic (a copy of a SQLite file taken before any change); a new
SQLite file starts from the SQL the migrations write offline."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, make_url

from supervisor.db import server
from supervisor.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test keeps the two in step). Knowing it without
# Alembic lets the app start on an up-to-date database without importing Alembic (≈0.3 s).
HEAD_REVISION = "0008"
# What a new SQLite file starts from: the SQL Alembic's offline mode writes for the migrations
# from empty to HEAD_REVISION (``write_sqlite_schema``; a test keeps it in step). Running it
# spares the first launch importing Alembic (≈0.15 s), and the schema is still the
# migrations' own, never create_all()'s (STYLE.md).
SQLITE_SCHEMA = MIGRATIONS_DIR / "schema.sqlite.sql"


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision of the shipped migrations, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def sqlite_file(target: Engine | URL | str) -> Path | None:
    """The file behind a SQLite engine or URL; None for another backend or an in-memory one."""
    url = target.url if isinstance(target, Engine) else make_url(target)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:") and url.query.get("uri") == "true":
        # sqlite:///file:PATH?mode=ro&uri=true — SQLite's URI form (e.g. a read-only open).
        name = url.database.removeprefix("file:").split("?", 1)[0]
        return None if not name or "mode=memory" in url.database else Path(name)
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a SQLite database with SQLite's online backup API (consistent while in use).

    The copy is written beside the target first and renamed, so a failed backup leaves no
    half-written file.
    """
    if not source.exists():
        raise DatabaseError(f"数据库文件不存在：{source}")
    target = target.expanduser().resolve()
    if target.is_dir():
        raise DatabaseError(f"备份目标是一个文件夹，请给出文件名：{target}")
    if not target.parent.is_dir():
        raise DatabaseError(f"备份目标所在文件夹不存在：{target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is one self-contained file: no -wal/-shm beside it when it is read.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as err:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"备份失败：{err}") from err
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to the newest schema.

    A SQLite file that already holds data at an older revision is first copied into
    ``backup_dir`` (default: beside the file). Returns the copy's path, if one was made.
    """
    current = current_revision(engine)
    head = HEAD_REVISION
    if current == head:
        return None
    if current is None and create_schema(engine):
        return None
    copy = None
    path = sqlite_file(engine)
    if current is not None and path is not None and path.exists():
        folder = backup_dir or path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = backup_sqlite(path, folder / f"{path.stem}-before-{head}-{stamp}{path.suffix}")
    upgrade_to(engine, "head")
    return copy


def create_schema(engine: Engine) -> bool:
    """Build the newest schema in an empty SQLite database from ``SQLITE_SCHEMA``.

    Returns False, and changes nothing, for another backend or when the database already
    holds tables (those are Alembic's to upgrade).
    """
    if engine.dialect.name != "sqlite" or not SQLITE_SCHEMA.is_file():
        return False
    statements = sql_statements(SQLITE_SCHEMA.read_text(encoding="utf-8"))
    with engine.begin() as connection:
        # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so each CREATE would
        # commit on its own and a crash could leave half a schema without a version. An
        # explicit BEGIN IMMEDIATE makes the tables and the stamp one transaction, and takes
        # the write lock before the emptiness check: a second process starting at the same
        # moment waits and then finds the tables there.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        if inspect(connection).get_table_names():
            return False
        for statement in statements:
            connection.exec_driver_sql(statement)
    return True


def sql_statements(script: str) -> list[str]:
    """The statements of an Alembic offline script (each ends its last line with ";")."""
    statements: list[str] = []
    lines: list[str] = []
    for line in script.splitlines():
        if not lines and (not line.strip() or line.startswith("--")):
            continue
        lines.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(lines).rstrip().removesuffix(";"))
            lines = []
    if lines:
        raise DatabaseError("数据库结构脚本不完整：最后一条语句没有以分号结束")
    return statements


def sqlite_schema_script() -> str:
    """What ``SQLITE_SCHEMA`` must hold: Alembic's offline SQL from empty to head, for SQLite."""
    from alembic import command

    buffer = io.StringIO()
    config = alembic_config()
    config.output_buffer = buffer
    config.attributes["dialect_name"] = "sqlite"
    command.upgrade(config, "head", sql=True)
    return (
        "-- Written by supervisor.db.migrate.write_sqlite_schema() from the migrations: the\n"
        "-- schema a new SQLite database starts with. Do not edit; write it anew instead.\n\n"
        + buffer.getvalue()
    )


def write_sqlite_schema() -> Path:
    """Write ``SQLITE_SCHEMA`` anew; run after adding a migration (a test says when)."""
    SQLITE_SCHEMA.write_text(sqlite_schema_script(), encoding="utf-8")
    return SQLITE_SCHEMA


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` (tests step through revisions with this).

    On a PostgreSQL server set up by ``db init-server`` the migrations run as the
    administrators' group, which owns the tables, and the group roles' privileges, row rule
    and triggers are applied again afterwards (a new table gets its GRANTs), in the same
    transaction.
    """
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        shared = connection.dialect.name == "postgresql" and server.set_up(connection)
        if shared:
            server.become_owner_role(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if shared:
            server.apply_privileges(connection)


def known_revisions() -> set[str]:
    """The revisions of the shipped migrations, from their file names (no Alembic import)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")}
