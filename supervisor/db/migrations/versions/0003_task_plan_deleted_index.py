"""Index tasks by (plan, deleted), so a plan's live tasks are found without reading rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 18:20:00
"""

from __future__ import annotations

from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_plan_deleted", ["plan_id", "deleted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_plan_deleted")
