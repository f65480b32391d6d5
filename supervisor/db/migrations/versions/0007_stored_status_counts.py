"""Stored status counts (status_count) of past periods, and the triggers that drop stale ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 15:10:00

A trend reads a plan's counts on each past period's last day from ``status_count`` instead of
counting ~10,000 tasks' reports again (``services.status.stored``). The counts are derived
data: triggers on every table the status rule reads delete the rows a change can make wrong,
whatever program writes, and the next trend counts those days again and stores them.

* A progress report or an indicator actual inserted, changed or deleted, dated d: the plan's
  days ≥ d (a report moves the counts from its date on, never before).
* A task inserted or deleted, or a change of its plan, parent, start, deadline, deletion or
  kind; an indicator inserted, changed or deleted; a change or deletion of the plan: all of
  the plan's days.
* Any setting but the two lower roles write as a side effect of their work (the bulletin's
  issue number, the sealed fill-in mark): every plan's days. The rule reads thresholds and
  the reporting period from settings; dropping on any other key too keeps a key the rule may
  read later covered.

On PostgreSQL each trigger's DELETE also takes the table's ROW EXCLUSIVE lock, which a trend
that stores counts waits out with a SHARE lock (see services.status.stored): no count can be
stored from data that a transaction still in flight is changing.

An existing database starts with the table empty: the first trend counts and fills it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The settings 督查员 and 领导 write as a side effect (db.server.SETTING_KEYS): not read by
# the status rule, and those roles may not drop stored counts on their account.
_UNRELATED_KEYS = "('bulletin_last_issue', 'fillin_sealed_since')"
# Task columns the counts read (the tree, the dates, deletion and kind).
_TASK_COLUMNS = "plan_id, parent_id, start_date, deadline, deleted_at, kind"


def _sqlite_drops(row: str) -> dict[str, str]:
    """The DELETE each table's trigger runs for ``row`` (OLD or NEW), on SQLite."""
    plan_of_task = f"(SELECT plan_id FROM task WHERE id = {row}.task_id)"
    return {
        "progress_report": (
            f"DELETE FROM status_count WHERE plan_id = {plan_of_task} "
            f"AND day >= {row}.report_date;"
        ),
        "indicator_actual": (
            "DELETE FROM status_count WHERE EXISTS (SELECT 1 FROM progress_report p "
            f"JOIN task t ON t.id = p.task_id WHERE p.id = {row}.report_id "
            "AND t.plan_id = status_count.plan_id AND status_count.day >= p.report_date);"
        ),
        "task": f"DELETE FROM status_count WHERE plan_id = {row}.plan_id;",
        "indicator": f"DELETE FROM status_count WHERE plan_id = {plan_of_task};",
        "plan": f"DELETE FROM status_count WHERE plan_id = {row}.id;",
        "setting": "DELETE FROM status_count;",
    }


def _sqlite_triggers() -> list[str]:
    # One line each: a new SQLite file runs the offline script statement by statement, and
    # its reader splits statements at a line's final ";".
    old, new = _sqlite_drops("OLD"), _sqlite_drops("NEW")
    statements = []
    for table in ("progress_report", "indicator_actual", "task", "indicator", "plan", "setting"):
        update = f"UPDATE OF {_TASK_COLUMNS}" if table == "task" else "UPDATE"
        for event, body in (
            ("insert", new[table]),
            ("update", old[table] + " " + new[table]),
            ("delete", old[table]),
        ):
            if table == "plan" and event == "insert":
                continue  # a new plan has no counts yet
            when = ""
            if table == "setting":
                rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[event]
                when = " WHEN " + " OR ".join(f"{r}.key NOT IN {_UNRELATED_KEYS}" for r in rows)
            kind = update if event == "update" else event.upper()
            statements.append(
                f"CREATE TRIGGER status_count_{table}_{event} AFTER {kind} ON {table} "
                f"FOR EACH ROW{when} BEGIN {body} END"
            )
    return statements


_PG_DROP = f"""
CREATE OR REPLACE FUNCTION supervisor_status_count_drop(source text, r jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CASE source
  WHEN 'progress_report' THEN
    DELETE FROM status_count WHERE day >= (r->>'report_date')::date
      AND plan_id = (SELECT plan_id FROM task WHERE id = (r->>'task_id')::bigint);
  WHEN 'indicator_actual' THEN
    DELETE FROM status_count s USING progress_report p, task t
      WHERE p.id = (r->>'report_id')::bigint AND t.id = p.task_id
      AND s.plan_id = t.plan_id AND s.day >= p.report_date;
  WHEN 'task' THEN
    DELETE FROM status_count WHERE plan_id = (r->>'plan_id')::bigint;
  WHEN 'indicator' THEN
    DELETE FROM status_count
      WHERE plan_id = (SELECT plan_id FROM task WHERE id = (r->>'task_id')::bigint);
  WHEN 'plan' THEN
    DELETE FROM status_count WHERE plan_id = (r->>'id')::bigint;
  WHEN 'setting' THEN
    IF r->>'key' NOT IN {_UNRELATED_KEYS} THEN
      DELETE FROM status_count;
    END IF;
  END CASE;
END $$
"""
_PG_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION supervisor_status_count_stale() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM supervisor_status_count_drop(TG_TABLE_NAME, to_jsonb(OLD));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM supervisor_status_count_drop(TG_TABLE_NAME, to_jsonb(NEW));
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
        "status_count",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_status_count_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "day", "status", name=op.f("pk_status_count")),
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(_PG_DROP)
        op.execute(_PG_TRIGGER_FUNCTION)
        for table, events in _PG_EVENTS.items():
            op.execute(
                f"CREATE TRIGGER status_count_stale AFTER {events} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION supervisor_status_count_stale()"
            )
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in _PG_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS status_count_stale ON {table}")
        op.execute("DROP FUNCTION IF EXISTS supervisor_status_count_stale()")
        op.execute("DROP FUNCTION IF EXISTS supervisor_status_count_drop(text, jsonb)")
    else:
        for statement in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    op.drop_table("status_count")
