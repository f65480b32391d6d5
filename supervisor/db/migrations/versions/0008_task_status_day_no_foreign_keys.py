"""task_status_day without foreign keys: storing a cold trend's ~70,000 rows checked each twice.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 17:50:00

Each row inserted into ``task_status_day`` ran two foreign-key checks (its task and its
plan), each a look-up with a row lock on PostgreSQL: at 10,000 tasks a cold trend (every
status recounted after a status-rule setting or a plan change) spent ≈0.7–0.9 s of its
≈2 s on them. The keys only ever guarded deletion (ON DELETE CASCADE), which the triggers
of 0007 already do: a task deleted drops its rows and its parent's, a plan deleted its
tasks' rows (and each of its tasks, deleted with it, its own). Rows are only ever written
by ``services.status.stored`` for the plan's current leaves, read under its lock.

On PostgreSQL the two constraints are dropped and the rows kept. On SQLite a constraint
cannot be dropped in place; the table holds derived data only, so it is made anew, empty:
the next trend works its rows out again.

Second, ``task_status_redo``: the tasks whose stored rows a trigger dropped (and, on any
change of a task's own row, that task and its parent, which may have just become a leaf).
After one edit a trend looked for the leaves lacking a row by probing every leaf's rows
(≈27 ms at 10,000 tasks); it now works out the marked tasks first and looks further only
if the counts still do not add up, so a mark is a hint and never needed for a right
answer. The triggers of 0007 are replaced by the same ones that also mark; a report of
the current week drops no row and marks nothing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_KEYS = (
    ("fk_task_status_day_plan_id_plan", "plan", "plan_id"),
    ("fk_task_status_day_task_id_task", "task", "task_id"),
)


def _make_table(with_keys: bool) -> None:
    """Create task_status_day (SQLite: after dropping the old one), its keys or not."""
    keys = [
        sa.ForeignKeyConstraint([column], [f"{table}.id"], name=name, ondelete="CASCADE")
        for name, table, column in _KEYS
    ]
    op.create_table(
        "task_status_day",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        *(keys if with_keys else []),
        sa.PrimaryKeyConstraint("task_id", "day", name=op.f("pk_task_status_day")),
    )
    op.create_index(
        "ix_task_status_day_plan_day", "task_status_day", ["plan_id", "day", "status"]
    )


def _remake_on_sqlite(with_keys: bool) -> None:
    # The triggers of 0007 are on the other tables and name this one only in their bodies:
    # they stay, and act on the new table.
    op.drop_index("ix_task_status_day_plan_day", table_name="task_status_day")
    op.drop_table("task_status_day")
    _make_table(with_keys)


def _revision_0007() -> ModuleType:
    """Migration 0007's module: its triggers are what these extend (and what a downgrade
    puts back), so they are written in one place."""
    path = Path(__file__).with_name("0007_stored_status_counts.py")
    spec = importlib.util.spec_from_file_location("supervisor_migration_0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Mark before the DELETE (SQLite) the tasks whose rows it drops; a task's own change marks
# the task and its parent whether or not they had rows (a new leaf has none yet).
_SQLITE_MARKS = {
    "progress_report": (
        "INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id "
        "FROM task_status_day WHERE task_id = {r}.task_id AND day >= {r}.report_date;"
    ),
    "indicator_actual": (
        "INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT s.task_id "
        "FROM task_status_day s JOIN progress_report p ON p.id = {r}.report_id "
        "AND p.task_id = s.task_id AND s.day >= p.report_date;"
    ),
    "task": (
        "INSERT OR IGNORE INTO task_status_redo (task_id) SELECT {r}.id UNION "
        "SELECT {r}.parent_id WHERE {r}.parent_id IS NOT NULL;"
    ),
    "indicator": (
        "INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id "
        "FROM task_status_day WHERE task_id = {r}.task_id;"
    ),
}


def _sqlite_triggers(old: ModuleType, marking: bool) -> list[str]:
    """0007's SQLite triggers; with ``marking``, those of the marked tables mark first."""
    statements = old._sqlite_triggers()
    if not marking:
        return statements
    marked = []
    for statement in statements:
        table = statement.split(" ON ", 1)[1].split()[0]
        mark = _SQLITE_MARKS.get(table)
        if mark is not None:
            head, body = statement.split(" BEGIN ", 1)
            rows = [r for r in ("OLD", "NEW") if f"{r}." in body]
            marks = " ".join(mark.format(r=r) for r in rows)
            statement = f"{head} BEGIN {marks} {body}"
        marked.append(statement)
    return marked


_PG_DROP = """
CREATE OR REPLACE FUNCTION supervisor_task_status_drop(source text, r jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CASE source
  WHEN 'progress_report' THEN
    WITH gone AS (
      DELETE FROM task_status_day WHERE day >= (r->>'report_date')::date
        AND task_id = (r->>'task_id')::bigint RETURNING task_id)
    INSERT INTO task_status_redo SELECT DISTINCT task_id FROM gone ON CONFLICT DO NOTHING;
  WHEN 'indicator_actual' THEN
    WITH gone AS (
      DELETE FROM task_status_day s USING progress_report p
        WHERE p.id = (r->>'report_id')::bigint AND s.task_id = p.task_id
        AND s.day >= p.report_date RETURNING s.task_id)
    INSERT INTO task_status_redo SELECT DISTINCT task_id FROM gone ON CONFLICT DO NOTHING;
  WHEN 'task' THEN
    DELETE FROM task_status_day
      WHERE task_id IN ((r->>'id')::bigint, (r->>'parent_id')::bigint);
    INSERT INTO task_status_redo
      SELECT DISTINCT x FROM unnest(ARRAY[(r->>'id')::int, (r->>'parent_id')::int]) x
      WHERE x IS NOT NULL ON CONFLICT DO NOTHING;
  WHEN 'indicator' THEN
    WITH gone AS (
      DELETE FROM task_status_day WHERE task_id = (r->>'task_id')::bigint RETURNING task_id)
    INSERT INTO task_status_redo SELECT DISTINCT task_id FROM gone ON CONFLICT DO NOTHING;
  WHEN 'plan' THEN
    DELETE FROM task_status_day
      WHERE task_id IN (SELECT id FROM task WHERE plan_id = (r->>'id')::bigint);
  WHEN 'setting' THEN
    IF r->>'key' NOT IN {unrelated} THEN
      DELETE FROM task_status_day;
    END IF;
  END CASE;
END $$
"""


def upgrade() -> None:
    old = _revision_0007()
    if op.get_context().dialect.name == "postgresql":
        for name, _table, _column in _KEYS:
            op.drop_constraint(name, "task_status_day", type_="foreignkey")
    else:
        _remake_on_sqlite(with_keys=False)
    op.create_table(
        "task_status_redo",
        sa.Column("task_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_task_status_redo")),
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(_PG_DROP.replace("{unrelated}", old._UNRELATED_KEYS))
    else:
        for before, after in zip(
            _sqlite_triggers(old, False), _sqlite_triggers(old, True), strict=True
        ):
            if before != after:
                op.execute(f"DROP TRIGGER {before.split()[2]}")
                op.execute(after)


def downgrade() -> None:
    old = _revision_0007()
    if op.get_context().dialect.name == "postgresql":
        op.execute(old._PG_DROP)
    else:
        for before, after in zip(
            _sqlite_triggers(old, False), _sqlite_triggers(old, True), strict=True
        ):
            if before != after:
                op.execute(f"DROP TRIGGER {after.split()[2]}")
                op.execute(before)
    op.drop_table("task_status_redo")
    if op.get_context().dialect.name == "postgresql":
        # Rows left by a task or plan gone would fail the keys: they are derived, drop them.
        op.execute(
            "DELETE FROM task_status_day s WHERE NOT EXISTS "
            "(SELECT 1 FROM task t WHERE t.id = s.task_id AND t.plan_id = s.plan_id)"
        )
        for name, table, column in _KEYS:
            op.create_foreign_key(
                name, "task_status_day", table, [column], ["id"], ondelete="CASCADE"
            )
    else:
        _remake_on_sqlite(with_keys=True)
