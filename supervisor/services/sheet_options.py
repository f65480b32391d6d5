"""What the 周进度表 shows beyond each task's row: 上期 progress, 督办单 colours, the period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Task, Urging
from supervisor.reports.xlsx_export import SheetOptions
from supervisor.services.periods import Period, period_of
from supervisor.services.reporting import task_rows
from supervisor.services.settings import Settings

PAPERS = ("A4", "A3")


def latest_urging_colours(session: Session, plan_id: int, *, as_of: dt.date) -> dict[int, str]:
    """Task id → the colour (红/黄/蓝) of its latest 督办单 dated on or before ``as_of``."""
    rows = session.execute(
        select(Urging.task_id, Urging.colour)
        .join(Task, Task.id == Urging.task_id)
        .where(Task.plan_id == plan_id, Urging.colour.is_not(None), Urging.date <= as_of)
        .order_by(Urging.date, Urging.id)
    )
    # Ordered oldest first: the last colour written per task is its latest.
    return {task_id: colour for task_id, colour in rows}


def progress_sheet_options(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    period: Period | None,
    settings: Settings,
    leaves_only: bool,
    department: str | None,
    paper: str = "A4",
) -> SheetOptions:
    """The period the sheet reports on, each task's 上期完成进度 and its latest 督办单 colour.

    上期 is the task's completion as of the day before the period began (the same rule as
    the sheet itself, one period earlier).
    """
    chosen = period or period_of(as_of, settings.reporting_period)
    before = chosen.start - dt.timedelta(days=1)
    earlier = task_rows(
        session,
        plan_id,
        as_of=before,
        leaves_only=leaves_only,
        department=department,
        settings=settings,
    )
    return SheetOptions(
        paper=paper,
        period_start=chosen.start,
        previous_percent={row.task_id: row.percent_done for row in earlier},
        urging_colour=latest_urging_colours(session, plan_id, as_of=as_of),
    )
