"""Derived task status (预警) from 序时进度, as of any date; never typed in.

The rule, for one task on the day ``as_of`` (the day counts as elapsed):

* Start = the task's start date, else 1 January of the plan's year. Deadline = the task's
  deadline, else 31 December of the plan's year.
* 序时进度 (time progress) = elapsed days / total days, both counted inclusively:
  ``(as_of - start + 1) / (deadline - start + 1)``, clamped to 0..1 (0 before the start,
  1 from the deadline on).
* 完成进度 (percent done) = the percent of the latest progress report dated on or before
  ``as_of``; where that report gives no percent, the mean over the task's indicators of
  ``min(actual / target, 1)``, using each indicator's latest actual value reported on or
  before ``as_of``. Only indicators meant "at least / exactly / about / range" (``>=``, ``=``,
  ``~``, ``range`` with the lower bound) and with a positive target count: for a ceiling
  (``<=``, 控制在…以内) a small actual is good, so actual/target is no measure of progress.
  With neither, percent done is unknown and counts as 0 below.

Then the first rule that applies wins:

1. 已完成 — percent done ≥ 100 %.
2. 逾期 — ``as_of`` is after the deadline (and the task is not done).
3. 未报送 — no report dated within the current reporting period (the week or month that
   contains ``as_of``, per the ``reporting_period`` setting), once the task has begun
   before that period began: a task that starts within the current period, or later, is
   not yet expected to report.
4. 临期 — the deadline is at most ``due_soon_days`` days away (the deadline day included).
5. 欠序时 — percent done < 序时进度 − ``behind_margin`` points.
6. 超序时 — percent done > 序时进度 + ``ahead_margin`` points.
7. 达序时 — otherwise.

Only the lead unit's reports count: a report recorded for a department
(``progress_report.department_id``) that is not the task's lead department is that unit's
contribution (配合情况) and never moves the task's 完成进度, status or 未报送; a report
without a department (recorded by the office) or from the lead department counts.

A 常态化 / 不考核 task (``TaskKind.ROUTINE``) is not assessed: no status (None; lists show
"常态化" through ``domain.status_text``), no warning, never lagging; statistics, counts,
trends and the ranking leave it out, while lists and the 分工方案 still show it.

滞后 (lagging; ``is_lagging``): the task is 欠序时 or 逾期, or it is 临期 while its percent
done is below 序时进度 − ``behind_margin`` points. 临期 alone never hides a task that is
behind: the status stays 临期 (blue, for the 督办单 colour), and ``lagging`` says it is behind.

预警 (``WarningLight``, derived beside the status), with gap = (序时进度 − 完成进度) in
points, an unknown percent counting as 0:

* none — a 常态化 task (not assessed).
* 绿灯 — 已完成; or none of the conditions below (a task not yet started has gap ≤ 0, so it
  is green; so is a 临期 task that is on track).
* 红灯 — 逾期, or gap > ``warning_red_points`` (default 30).
* 黄灯 — gap ≥ ``warning_yellow_points`` (default 10), or the task is lagging (a 欠序时 task
  just past ``behind_margin`` is at least yellow, so a lagging task never shows green), or
  it is 未报送 (the office does not know where it stands; with a gap beyond the red band,
  counted from its last report, it is red).

The rule (``rule``), the tuned queries that feed it (``queries``, ``tree``) and the three
paths that apply it — ``states`` (task_states) and ``counts`` (leaf_statuses,
status_counts_on) — are one package on purpose: they must change together, and tests keep
the three paths in step. Import from ``supervisor.services.status``; the modules inside
are its parts, not separate services.

A trend's counts on past periods' last days are stored (``stored``: read where stored,
counted and stored where not); the triggers of migration 0007 delete them when data they
were counted from changes, and tests compare them with the full path after each change.

Statistics count leaf tasks (those without sub-tasks that are not deleted): a task that was
split is measured through its sub-tasks, never twice.
"""

from __future__ import annotations

from supervisor.services.status.counts import leaf_statuses, status_counts_on
from supervisor.services.status.queries import (
    department_clause,
    latest_report,
    latest_report_id,
    lead_report_clause,
)
from supervisor.services.status.records import IndicatorState, LeafStatus, TaskState
from supervisor.services.status.rule import (
    STATUS_ORDER,
    derive_lagging,
    derive_status,
    derive_warning,
    indicator_progress,
    is_lagging,
    time_progress,
)
from supervisor.services.status.states import task_states, without_gc
from supervisor.services.status.stored import counts_on_days, forget_counts
from supervisor.services.status.tree import tree_order

__all__ = [
    "STATUS_ORDER",
    "IndicatorState",
    "LeafStatus",
    "TaskState",
    "counts_on_days",
    "department_clause",
    "derive_lagging",
    "derive_status",
    "derive_warning",
    "forget_counts",
    "indicator_progress",
    "is_lagging",
    "latest_report",
    "latest_report_id",
    "lead_report_clause",
    "leaf_statuses",
    "status_counts_on",
    "task_states",
    "time_progress",
    "tree_order",
    "without_gc",
]
