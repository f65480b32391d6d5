"""The change notifications of a PostgreSQL database: channel, payload, and how to read one.

The database sends them itself (triggers installed by ``db init-server``, see
``supervisor.db.server``), so a change made by any program reaches every listening window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# The channel every trigger notifies on: ``LISTEN supervisor_changes``.
CHANNEL = "supervisor_changes"
# The tables whose changes are announced: what another clerk's window shows.
NOTIFIED_TABLES = (
    "task",
    "task_co_department",
    "indicator",
    "progress_report",
    "indicator_actual",
    "urging",
)
# Keys of the JSON payload: {"table": "progress_report", "id": 17, "task": 4, "op": "INSERT",
# "actor": "zhang"}. "task" is the task the row belongs to (the task's own id for a task row;
# null when the row belongs to none), "id" the row's id (the task id for task_co_department,
# which has no id of its own), "actor" the database login that made the change.
KEY_TABLE = "table"
KEY_ID = "id"
KEY_TASK = "task"
KEY_OP = "op"
KEY_ACTOR = "actor"


@dataclass(frozen=True, slots=True)
class Change:
    """One change another connection made, as announced by the database."""

    table: str
    row_id: int | None
    task_id: int | None
    op: str
    actor: str


def parse_payload(payload: str) -> Change | None:
    """The change a notification's payload announces, or None for a payload not of ours.

    A listener on the channel must survive anything: another program may notify on the
    same channel, so a malformed payload is ignored rather than raised.
    """
    try:
        data = json.loads(payload)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    table, actor, op = data.get(KEY_TABLE), data.get(KEY_ACTOR), data.get(KEY_OP, "")
    if not isinstance(table, str) or not isinstance(actor, str) or not isinstance(op, str):
        return None
    return Change(
        table, _int_or_none(data.get(KEY_ID)), _int_or_none(data.get(KEY_TASK)), op, actor
    )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
