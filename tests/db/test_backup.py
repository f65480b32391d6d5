"""Online backup of the SQLite file and restoring from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from supervisor.db.migrate import sqlite_file
from supervisor.db.models import Plan
from supervisor.errors import DatabaseError
from supervisor.services.database import Database, backup_database, open_database


def _add_plan(db: Database, title: str) -> None:
    with db.sessions.begin() as session:
        session.add(Plan(title=title, year=2020, source="其他"))


def test_backup_while_open_then_restore(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'office.sqlite'}")
    _add_plan(db, "备份前的计划")
    # A reader holds the database open, as the GUI would, while the backup runs.
    with db.sessions() as reader:
        reader.scalar(select(Plan.id))
        target = backup_database(db, tmp_path / "backup.sqlite")
    _add_plan(db, "备份后的计划")
    db.close()

    restored = open_database(f"sqlite:///{target}")
    try:
        with restored.sessions() as session:
            assert session.scalars(select(Plan.title)).all() == ["备份前的计划"]
    finally:
        restored.close()
    assert not list(tmp_path.glob(".*.partial"))


def test_backup_into_missing_folder_is_refused_without_leftovers(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'office.sqlite'}")
    try:
        with pytest.raises(DatabaseError, match="文件夹不存在"):
            backup_database(db, tmp_path / "nowhere" / "b.sqlite")
        with pytest.raises(DatabaseError, match="是一个文件夹"):
            backup_database(db, tmp_path)
    finally:
        db.close()
    assert not (tmp_path / "nowhere").exists()
    assert not list(tmp_path.glob("*partial"))


def test_backup_of_a_server_database_is_refused_with_a_hint(
    database: Database, tmp_path: Path
) -> None:
    if sqlite_file(database.engine) is not None:
        pytest.skip("only a server database has no file to copy")
    with pytest.raises(DatabaseError, match="pg_dump"):
        backup_database(database, tmp_path / "b.sqlite")
    assert not (tmp_path / "b.sqlite").exists()
