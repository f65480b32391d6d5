"""Schema migrations: from empty, from every older revision with data in it, models in sync."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from supervisor.db import migrate
from supervisor.db.models import Base, Plan, Task
from supervisor.db.session import make_engine
from supervisor.services.database import open_database


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_the_pinned_head_is_the_newest_migration() -> None:
    # The app checks the schema against HEAD_REVISION without importing Alembic.
    assert migrate.HEAD_REVISION == migrate.head_revision() == _revisions()[-1]


def test_migrations_from_empty_create_every_table(database_url: str) -> None:
    # Run the migrations themselves: open_database builds an empty database from the models.
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "head")
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_migrated_schema_matches_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "head")
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                Base.metadata,
            )
        assert diff == []
    finally:
        engine.dispose()


def test_upgrade_keeps_data_written_at_every_older_revision(tmp_path: Path) -> None:
    for older in _revisions():
        path = tmp_path / f"at-{older}.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        migrate.upgrade_to(engine, older)
        with engine.begin() as connection:
            # Plain SQL: the ORM classes describe the newest schema, not the older one.
            connection.execute(
                text(
                    "INSERT INTO plan (id, title, year, source, created_at) "
                    "VALUES (1, '2021年某市政府工作报告', 2021, '政府工作报告', :now)"
                ),
                {"now": dt.datetime(2021, 1, 5)},
            )
            connection.execute(
                text(
                    "INSERT INTO task (id, plan_id, position, code, title, text, created_at, "
                    "version) VALUES (1, 1, 0, '1', '稳定经济增长', '', :now, 1)"
                ),
                {"now": dt.datetime(2021, 1, 5)},
            )
        engine.dispose()

        db = open_database(f"sqlite:///{path}")
        try:
            with db.sessions() as session:
                assert session.scalar(select(Plan.title)) == "2021年某市政府工作报告"
                assert session.scalar(select(Task.title)) == "稳定经济增长"
            if older != migrate.head_revision():
                assert db.pre_upgrade_copy is not None
                assert db.pre_upgrade_copy.exists()
        finally:
            db.close()


def test_older_database_is_copied_aside_before_upgrade(tmp_path: Path) -> None:
    revisions = _revisions()
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade_to(engine, revisions[0])
    engine.dispose()
    db = open_database(f"sqlite:///{path}")
    try:
        if len(revisions) == 1:
            assert db.pre_upgrade_copy is None  # already at head: nothing to copy
        else:
            assert db.pre_upgrade_copy is not None
            copy = make_engine(f"sqlite:///{db.pre_upgrade_copy}")
            assert migrate.current_revision(copy) == revisions[0]
            copy.dispose()
    finally:
        db.close()


def test_sqlite_runs_with_wal_foreign_keys_and_a_large_page_cache(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA cache_size")).scalar() == -32768  # KiB
    finally:
        db.close()
