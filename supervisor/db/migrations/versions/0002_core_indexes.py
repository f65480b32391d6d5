"""Index co-departments by department, for one department's tasks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 16:45:00
"""

from __future__ import annotations

from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_co_department", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_co_department_department_id"), ["department_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("task_co_department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_co_department_department_id"))
