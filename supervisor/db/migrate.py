"""Schema upgrades through Alembic, with a copy of a SQLite file taken before any change."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, make_url

from supervisor.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test keeps the two in step). Knowing it without
# Alembic lets the app start on an up-to-date database without importing Alembic (≈0.3 s).
HEAD_REVISION = "0003"


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
    copy = None
    path = sqlite_file(engine)
    if current is not None and path is not None and path.exists():
        folder = backup_dir or path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = backup_sqlite(path, folder / f"{path.stem}-before-{head}-{stamp}{path.suffix}")
    upgrade_to(engine, "head")
    return copy


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` (tests step through revisions with this)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
