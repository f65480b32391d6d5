"""Task kind (考核 / 常态化) and the unit a progress report came from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 02:50:00

``task.kind``: every existing task is 考核 (measured), as it was. ``progress_report.
department_id``: every existing report stays without a unit (the office / the lead unit),
so each task's status is the same after the upgrade. The latest-report index gains the unit,
so skipping a co-unit's report needs no row read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="考核", nullable=False)
        )
    if op.get_context().dialect.name == "sqlite":
        # SQLite adds a foreign key only by copying the table, and with foreign keys on,
        # dropping the old table would cascade-delete every indicator_actual row. A column
        # that references another table may be added in place while its default is NULL.
        op.execute(
            "ALTER TABLE progress_report ADD COLUMN department_id INTEGER "
            "CONSTRAINT fk_progress_report_department_id_department "
            "REFERENCES department (id)"
        )
    else:
        op.add_column("progress_report", sa.Column("department_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_progress_report_department_id_department",
            "progress_report",
            "department",
            ["department_id"],
            ["id"],
        )
    op.drop_index("ix_progress_report_task_date", table_name="progress_report")
    op.create_index(
        "ix_progress_report_task_date",
        "progress_report",
        ["task_id", "report_date", "id", "department_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_progress_report_task_date", table_name="progress_report")
    op.create_index(
        "ix_progress_report_task_date",
        "progress_report",
        ["task_id", "report_date", "id"],
        unique=False,
    )
    if op.get_context().dialect.name != "sqlite":
        op.drop_constraint(
            "fk_progress_report_department_id_department", "progress_report", type_="foreignkey"
        )
    # SQLite ≥ 3.35 drops a column in place (the table is not copied, nothing cascades).
    op.drop_column("progress_report", "department_id")
    op.drop_column("task", "kind")
