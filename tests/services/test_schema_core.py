"""The migrated schema (revisions 0001, 0002 …) matches the models exactly, on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from supervisor.db.models import Base
from supervisor.services.database import Database


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_co_departments_are_indexed_by_department(database: Database) -> None:
    indexes = inspect(database.engine).get_indexes("task_co_department")
    assert {"name": "ix_task_co_department_department_id", "column_names": ["department_id"]} in [
        {"name": i["name"], "column_names": i["column_names"]} for i in indexes
    ]
