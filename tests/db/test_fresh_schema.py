"""A new SQLite file starts from the migrations' offline SQL and equals one migrated online."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from supervisor.db import migrate
from supervisor.db.models import Base
from supervisor.db.session import make_engine
from supervisor.errors import DatabaseError
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parents[2]


def _empty(url: str) -> None:
    """Delete the SQLite file, so the same URL can be built a second way."""
    path = migrate.sqlite_file(url)
    assert path is not None
    for leftover in path.parent.glob(f"{path.name}*"):  # the file, -wal and -shm
        leftover.unlink()


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything the inspector reports about every table, in a comparable form."""
    inspector = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        schema[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(table)
            ],
            "primary_key": inspector.get_pk_constraint(table),
            "foreign_keys": sorted(
                (
                    # SQLite names no foreign key added by ALTER TABLE ... ADD COLUMN (0004).
                    fk["name"] or "",
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    tuple(sorted(fk["options"].items())),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), ix["unique"])
                for ix in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (uq["name"], tuple(uq["column_names"]))
                for uq in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(
                (ck["name"], ck["sqltext"]) for ck in inspector.get_check_constraints(table)
            ),
        }
    return schema


def _sqlite_ddl(url: str) -> list[tuple[str, str, list[str], list[str]]]:
    """SQLite's stored CREATE statements: columns in order, constraints in any order."""
    connection = sqlite3.connect(migrate.sqlite_file(url))
    try:
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        connection.close()
    statements = []
    for kind, name, sql in rows:
        # One clause a line; the offline script indents with spaces, the online DDL with tabs.
        body = re.sub(r"\s*\)$", "", sql or "")
        clauses = [" ".join(c.split()) for c in re.split(r",\s*\n", body)]
        columns = [c for c in clauses if not c.startswith("CONSTRAINT ")]
        constraints = sorted(c for c in clauses if c.startswith("CONSTRAINT "))
        statements.append((kind, name, columns, constraints))
    return sorted(statements)


def _build(url: str, *, migrations: bool) -> tuple[dict[str, Any], str | None]:
    engine = make_engine(url)
    try:
        if migrations:
            migrate.upgrade_to(engine, "head")
        else:
            assert migrate.create_schema(engine)
            # Through the app's own path too: an up-to-date database runs no migration.
            assert migrate.upgrade(engine) is None
        return _schema(engine), migrate.current_revision(engine)
    finally:
        engine.dispose()


def test_the_shipped_sqlite_schema_is_what_the_migrations_write() -> None:
    assert migrate.SQLITE_SCHEMA.read_text(encoding="utf-8") == migrate.sqlite_schema_script(), (
        "schema.sqlite.sql is out of step with the migrations; write it anew with "
        "python -c 'from supervisor.db import migrate; migrate.write_sqlite_schema()'"
    )


def test_fresh_schema_equals_the_migrated_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    migrated, migrated_revision = _build(url, migrations=True)
    migrated_ddl = _sqlite_ddl(url)
    _empty(url)
    fresh, fresh_revision = _build(url, migrations=False)

    assert fresh_revision == migrated_revision == migrate.head_revision()
    assert set(fresh) == set(Base.metadata.tables) | {"alembic_version"}
    assert fresh == migrated
    # The same columns in the same order and the same constraints, clause by clause.
    assert _sqlite_ddl(url) == migrated_ddl


def test_postgresql_is_left_to_alembic(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            pytest.skip("SQLite is built from the script")
        assert not migrate.create_schema(engine)
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_fresh_database_matches_the_models(database_url: str) -> None:
    db = open_database(database_url)
    try:
        assert db.pre_upgrade_copy is None
        with db.engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                Base.metadata,
            )
            assert diff == []
            # Alembic reads the stamp back as the current head, so later upgrades start there.
            assert MigrationContext.configure(connection).get_current_revision() == (
                migrate.head_revision()
            )
    finally:
        db.close()


def test_schema_and_stamp_are_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "schema.sql"
    # The real script with a failing statement before the last one (the version stamp).
    script = migrate.SQLITE_SCHEMA.read_text(encoding="utf-8")
    last = script.rstrip().rfind("\nUPDATE alembic_version")
    broken.write_text(script[:last] + "\nCREATE TABLE task (id INTEGER);\n" + script[last:])
    monkeypatch.setattr(migrate, "SQLITE_SCHEMA", broken)
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite'}")
    with pytest.raises(OperationalError, match="already exists"):
        migrate.create_schema(engine)
    # A crash before the stamp leaves an empty database, which the next start builds again.
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_a_script_without_its_last_semicolon_is_refused() -> None:
    assert migrate.sql_statements("-- note\n\nCREATE TABLE a (\n  id INTEGER\n);\n") == [
        "CREATE TABLE a (\n  id INTEGER\n)"
    ]
    with pytest.raises(DatabaseError, match="分号"):
        migrate.sql_statements("CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER)")


def test_a_database_with_tables_is_left_to_alembic(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    assert not migrate.create_schema(engine)
    assert inspect(engine).get_table_names() == ["notes"]
    engine.dispose()


def test_opening_a_fresh_sqlite_database_does_not_import_alembic(tmp_path: Path) -> None:
    url = make_url(f"sqlite:///{tmp_path / 'office.sqlite'}")
    code = (
        "import sys\n"
        "from supervisor.services.database import open_database\n"
        f"open_database({str(url)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"
