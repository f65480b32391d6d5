"""Stored task statuses (task_status_day) on past days, and the triggers that drop stale ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 15:10:00

A trend reads each leaf task's status on each past period's last day from
``task_status_day`` instead of working out ~10,000 tasks' statuses again
(``services.status.stored``); it counts them with a GROUP BY and works out only the (task,
day) pairs that are missing. The rows are derived data: triggers on every table the status
rule reads delete the rows a change can make wrong, whatever program writes, and the next
trend works those out again and stores them. Rows are per task so that a change drops only
what it touched:

* A progress report or an indicator actual inserted, changed or deleted, dated d: the
  task's days ≥ d (a report moves the status from its date on, never before).
* A task inserted or deleted, or a change of its plan, parent, start, deadline, deletion,
  kind or lead unit (which reports count): the task's rows and its parent's (old and new: a
  parent that gets or loses its last live child stops or starts being a leaf). So rows are
  only ever those of the plan's current counted leaves (stored for leaves only, dropped
  when a task stops being one), and a plan's counts are a GROUP BY over its rows alone
  (``plan_id`` is kept in the row for that: an index-only scan, no join).
* An indicator of the task inserted, changed or deleted: the task's rows.
* A change or deletion of the plan (its year gives tasks without dates theirs): the plan's
  tasks' rows.
* Any setting but the two lower roles write as a side effect of their work (the bulletin's
  issue number, the sealed fill-in mark): every row. The rule reads thresholds and the
  reporting period from settings; dropping on any other key too keeps a key the rule may
  read later covered.

On PostgreSQL each trigger's DELETE also takes the table's ROW EXCLUSIVE lock, which a trend
that stores statuses waits out with a SHARE ROW EXCLUSIVE lock (see services.status.stored):
nothing can be stored from data that a transaction still in flight is changing.

An existing database starts with the table empty: the first trend works them out and fills it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The settings 督查员 and 领导 write as a side effect (db.server.SETTING_KEYS): not read by
# the status rule, and those roles may not drop stored statuses on their account.
_UNRELATED_KEYS = "('bulletin_last_issue', 'fillin_sealed_since')"
# Task columns a status reads (the tree, the dates, deletion, kind, and the lead unit whose
# reports count).
_TASK_COLUMNS = "plan_id, parent_id, start_date, deadline, deleted_at, kind, lead_department_id"
_TABLES = ("progress_report", "indicator_actual", "task", "indicator", "plan", "setting")


def _sqlite_drops(row: str) -> dict[str, str]:
    """The DELETE each table's trigger runs for ``row`` (OLD or NEW), on SQLite."""
    return {
        "progress_report": (
            f"DELETE FROM task_status_day WHERE task_id = {row}.task_id "
            f"AND day >= {row}.report_date;"
        ),
        "indicator_actual": (
            "DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p "
            f"WHERE p.id = {row}.report_id AND p.task_id = task_status_day.task_id "
            "AND task_status_day.day >= p.report_date);"
        ),
        "task": (
            f"DELETE FROM task_status_day WHERE task_id IN ({row}.id, {row}.parent_id);"
        ),
        "indicator": f"DELETE FROM task_status_day WHERE task_id = {row}.task_id;",
        "plan": f"DELETE FROM task_status_day WHERE plan_id = {row}.id;",
        "setting": "DELETE FROM task_status_day;",
    }


def _sqlite_triggers() -> list[str]:
    # One line each: a new SQLite file runs the offline script statement by statement, and
    # its reader splits statements at a line's final ";".
    old, new = _sqlite_drops("OLD"), _sqlite_drops("NEW")
    statements = []
    for table in _TABLES:
        update = f"UPDATE OF {_TASK_COLUMNS}" if table == "task" else "UPDATE"
        for event, body in (
            ("insert", new[table]),
            ("update", old[table] + " " + new[table]),
            ("delete", old[table]),
        ):
            if table == "plan" and event == "insert":
                continue  # a new plan has no tasks yet
            if table == "setting" and event == "update":
                body = new[table]  # one DELETE of every row is enough
            when = ""
            if table == "setting":
                rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
                when = " WHEN " + " OR ".join(f"{r}.key NOT IN {_UNRELATED_KEYS}" for r in rows)
            kind = update if event == "update" else event.upper()
            statements.append(
                f"CREATE TRIGGER task_status_day_{table}_{event} AFTER {kind} ON {table} "
                f"FOR EACH ROW{when} BEGIN {body} END"
            )
    return statements


_PG_DROP = f"""
CREATE OR REPLACE FUNCTION supervisor_task_status_drop(source text, r jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CASE source
  WHEN 'progress_report' THEN
    DELETE FROM task_status_day WHERE day >= (r->>'report_date')::date
      AND task_id = (r->>'task_id')::bigint;
  WHEN 'indicator_actual' THEN
    DELETE FROM task_status_day s USING progress_report p
      WHERE p.id = (r->>'report_id')::bigint AND s.task_id = p.task_id
      AND s.day >= p.report_date;
  WHEN 'task' THEN
    DELETE FROM task_status_day
      WHERE task_id IN ((r->>'id')::bigint, (r->>'parent_id')::bigint);
  WHEN 'indicator' THEN
    DELETE FROM task_status_day WHERE task_id = (r->>'task_id')::bigint;
  WHEN 'plan' THEN
    DELETE FROM task_status_day
      WHERE task_id IN (SELECT id FROM task WHERE plan_id = (r->>'id')::bigint);
  WHEN 'setting' THEN
    IF r->>'key' NOT IN {_UNRELATED_KEYS} THEN
      DELETE FROM task_status_day;
    END IF;
  END CASE;
END $$
"""
_PG_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION supervisor_task_status_stale() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM supervisor_task_status_drop(TG_TABLE_NAME, to_jsonb(OLD));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM supervisor_task_status_drop(TG_TABLE_NAME, to_jsonb(NEW));
  END IF;
  RETURN NULL;
END $$
"""
_PG_EVENTS = {
    "progress_report": "INSERT OR UPDATE OR DELETE",
    "indicator_actual": "INSERT OR UPDATE OR DELETE",
    "task": f"INSERT OR DELETE OR UPDATE OF {_TASK_COLUMNS}",
    "indicator": "INSERT OR UPDATE OR DELETE",
    "plan": "UPDATE OR DELETE",
    "setting": "INSERT OR UPDATE OR DELETE",
}


def upgrade() -> None:
    op.create_table(
        "task_status_day",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_task_status_day_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
            name=op.f("fk_task_status_day_task_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "day", name=op.f("pk_task_status_day")),
    )
    op.create_index(
        "ix_task_status_day_plan_day", "task_status_day", ["plan_id", "day", "status"]
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(_PG_DROP)
        op.execute(_PG_TRIGGER_FUNCTION)
        for table, events in _PG_EVENTS.items():
            op.execute(
                f"CREATE TRIGGER task_status_stale AFTER {events} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION supervisor_task_status_stale()"
            )
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in _PG_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS task_status_stale ON {table}")
        op.execute("DROP FUNCTION IF EXISTS supervisor_task_status_stale()")
        op.execute("DROP FUNCTION IF EXISTS supervisor_task_status_drop(text, jsonb)")
    else:
        for statement in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    op.drop_index("ix_task_status_day_plan_day", table_name="task_status_day")
    op.drop_table("task_status_day")
