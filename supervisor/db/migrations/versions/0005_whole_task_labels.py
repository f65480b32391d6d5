"""Repair task titles the importer cut mid-word with "…": a label that ends at a phrase boundary.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 03:00:00

Before this revision the importer cut a long first sentence to 79 characters and "…". The
task's text still holds the whole sentence, so the title is rebuilt from it by the rule of
``supervisor.extract.labels.short_label`` (copied here, so that this step does not change
when that function does later). A title whose stem is not found in the text (edited by
hand) is left alone. Each change is in the audit log, by "数据库升级".
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from alembic import context, op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_LIMIT = 80
_TRAILING = "。；;：:，,！!？? "
_PHRASE_ENDS = "，；。、：,;:！？!?"
_OPENING = "（(《“‘「『【〔["
_CLOSING = "）)》”’」』】〕]"
_LABEL_MIN = 6
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_ACTOR = "数据库升级"


# A frozen copy of extract.labels.short_label on purpose (see the module docstring): a
# migration must rebuild the titles as the rule stood at this revision, whatever it becomes.
def _label(text: str) -> str:
    whole = text.strip().rstrip(_TRAILING)
    if len(whole) <= _LIMIT:
        return whole
    ends: list[int] = []
    depth = 0
    for index, char in enumerate(whole):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in _PHRASE_ENDS and depth == 0:
            ends.append(index)
    # A clause end (，；…) is preferred to an enumeration comma (、), which would split a list
    # (旅游接待人数、收入), as long as it leaves at least half the room used.
    within = [end for end in ends if max(_LABEL_MIN, _LIMIT // 2) <= end <= _LIMIT]
    within = [end for end in within if whole[end] != "、"] or [
        end for end in ends if _LABEL_MIN <= end <= _LIMIT
    ]
    cut = within[-1] if within else next((end for end in ends if end > _LIMIT), len(whole))
    return whole[:cut].rstrip(_TRAILING)


def repaired_title(title: str, text: str) -> str | None:
    """The new label of a title cut with "…", or None when it cannot be rebuilt."""
    if not title.endswith("…"):
        return None
    stem = title[:-1]
    start = text.find(stem) if stem else -1
    if start < 0:
        return None
    rest = text[start:]
    end = _SENTENCE_END.search(rest, len(stem))
    label = _label(rest[: end.start()] if end else rest)
    return label if label and label != title else None


def upgrade() -> None:
    if context.is_offline_mode():
        return  # a new database (the offline script) has no tasks to repair
    connection = op.get_bind()
    task = sa.table(
        "task",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("text", sa.Text),
        sa.column("version", sa.Integer),
    )
    audit = sa.table(
        "audit_entry",
        sa.column("at", sa.DateTime),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("task_id", sa.Integer),
        sa.column("field", sa.String),
        sa.column("old_value", sa.Text),
        sa.column("new_value", sa.Text),
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = connection.execute(
        sa.select(task.c.id, task.c.title, task.c.text).where(task.c.title.like("%…"))
    ).all()
    for task_id, title, text in rows:
        new = repaired_title(title, text or "")
        if new is None:
            continue
        connection.execute(
            sa.update(task)
            .where(task.c.id == task_id)
            .values(title=new, version=task.c.version + 1)
        )
        connection.execute(
            sa.insert(audit).values(
                at=now,
                actor=_ACTOR,
                action="update",
                entity="task",
                entity_id=task_id,
                task_id=task_id,
                field="title",
                old_value=title,
                new_value=new,
            )
        )


def downgrade() -> None:
    # The cut titles are not restored: the labels are what the older version shows as well.
    pass
