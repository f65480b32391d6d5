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
"""

from __future__ import annotations

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


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for name, _table, _column in _KEYS:
            op.drop_constraint(name, "task_status_day", type_="foreignkey")
    else:
        _remake_on_sqlite(with_keys=False)


def downgrade() -> None:
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
