"""Tasks of a plan: list, add, edit, split, move, delete softly and restore; their indicators.

Every change of a task is guarded twice against lost updates: the caller passes the version
it read (``expected_version``; None skips this check when the read happens in the same
transaction, as on the command line), and ``Task.version`` is SQLAlchemy's version counter,
so the UPDATE itself carries ``WHERE version = n`` and fails if another session got there
first. Either way the caller gets a ConflictError and nothing is written.

The package's parts: ``records`` (the frozen dataclasses), ``rows`` (loading, guarding and
placing task rows; shared with assignment, departments, progress and urging), ``editing``
(list, add, edit, kind), ``structure`` (split, move, delete, restore) and ``indicators``.
Import from ``supervisor.services.tasks``.
"""

from __future__ import annotations

from supervisor.services.tasks.editing import (
    EDITABLE_FIELDS,
    add_task,
    edit_task,
    get_task,
    list_tasks,
    parse_kind,
    set_task_kind,
)
from supervisor.services.tasks.indicators import add_indicator, delete_indicator, edit_indicator
from supervisor.services.tasks.records import (
    DeletedTask,
    IndicatorInfo,
    IndicatorInput,
    TaskDetail,
    TaskSummary,
)
from supervisor.services.tasks.rows import (
    check_version,
    conflict,
    detail,
    flush_task,
    get_plan,
    load_task,
    resolve_task,
    set_field,
    subtree_ids,
    touch,
)
from supervisor.services.tasks.structure import (
    delete_task,
    deleted_tasks,
    move_task,
    restore_task,
    split_task,
)

__all__ = [
    "EDITABLE_FIELDS",
    "DeletedTask",
    "IndicatorInfo",
    "IndicatorInput",
    "TaskDetail",
    "TaskSummary",
    "add_indicator",
    "add_task",
    "check_version",
    "conflict",
    "delete_indicator",
    "delete_task",
    "deleted_tasks",
    "detail",
    "edit_indicator",
    "edit_task",
    "flush_task",
    "get_plan",
    "get_task",
    "list_tasks",
    "load_task",
    "move_task",
    "parse_kind",
    "resolve_task",
    "restore_task",
    "set_field",
    "set_task_kind",
    "split_task",
    "subtree_ids",
    "touch",
]
