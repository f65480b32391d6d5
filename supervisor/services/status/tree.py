"""The plan's task tree as the status paths read it: parents, areas (领域), tree order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from supervisor.db.models import Task


def tree_order(session: Session, plan_id: int) -> dict[int, int]:
    """Each live task's index in tree order (parent first, siblings by position)."""
    return plan_tree(session.connection(), plan_id).order


def plan_tree(connection: Connection, plan_id: int) -> TaskTree:
    """The tree of the plan's live tasks, read in one query."""
    return TaskTree(
        connection.execute(
            select(Task.id, Task.parent_id, Task.position, Task.title).where(
                Task.plan_id == plan_id, Task.deleted_at.is_(None)
            )
        ).all()
    )


class TaskTree:
    """The plan's task tree (not deleted): parents, areas (领域) and tree order."""

    def __init__(self, rows: Sequence[Row]) -> None:
        # Rows start with (id, parent_id, position, title ...); unpacked once, for speed.
        parent_of = {row[0]: row[1] for row in rows}
        title_of = {row[0]: row[3] for row in rows}
        self.parents = {parent for parent in parent_of.values() if parent is not None}
        children: dict[int | None, list[int]] = {}
        for _position, task_id, parent_id in sorted((row[2], row[0], row[1]) for row in rows):
            # A child whose parent is deleted is shown at the top level rather than lost.
            key = parent_id if parent_id in parent_of else None
            children.setdefault(key, []).append(task_id)
        self.order: dict[int, int] = {}
        self.area: dict[int, str] = {}
        roots = children.get(None, [])
        # A report's plan section (二、2020年重点工作) groups the areas (（一）…（八）) below
        # it: a top-level task with grandchildren is such a section, and its children are the
        # areas. A top-level task whose children are plain tasks is an area itself.
        sections = {
            root for root in roots if any(kid in children for kid in children.get(root, ()))
        }
        stack = roots[::-1]
        while stack:
            task_id = stack.pop()
            if task_id in self.order:
                continue  # a damaged tree with a cycle must not loop forever
            self.order[task_id] = len(self.order)
            parent_id = parent_of[task_id]
            if parent_id in sections:
                self.area[task_id] = title_of[task_id]
            else:
                # Pre-order: a parent's area is known before its children are reached.
                self.area[task_id] = self.area.get(parent_id) or title_of[task_id]
            kids = children.get(task_id)
            if kids:
                stack.extend(reversed(kids))
        for task_id in parent_of:  # nodes on a cycle without a root
            self.area.setdefault(task_id, title_of[task_id])
            self.order.setdefault(task_id, len(self.order))
