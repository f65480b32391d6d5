"""Indicator baseline (基数): the X of 从X提高到Y, whose target is Y.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 03:20:00

Every existing indicator has no baseline (NULL), as before: its target is unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy: on SQLite, copying the indicator table would drop
    # the table indicator_actual rows refer to.
    op.add_column("indicator", sa.Column("baseline", sa.Float(), nullable=True))


def downgrade() -> None:
    # SQLite ≥ 3.35 drops a column in place (the table is not copied).
    op.drop_column("indicator", "baseline")
