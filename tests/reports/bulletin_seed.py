"""A realistic office week on the seed report: units assigned, nine weeks of reports, urgings.

Used by the bulletin tests and by ``make_bulletin_screenshots.py``. The mix is drawn from a
fixed random seed, so every run writes the same bulletin; nothing here knows the seed's tasks.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from supervisor.services.database import Database

AS_OF = dt.date(2020, 7, 5)  # a Sunday: the end of 2020-W27
PERIOD = "2020-W27"
REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "resources" / "reports" / "2020-shizuishan.txt"


def populate(database: Database, *, seed: int = 21) -> int:
    """Import the seed report, accept the suggested units and record nine weeks of work.

    Returns:
        The plan id.
    """
    from supervisor.services import departments, progress, reporting, urging
    from supervisor.services.plans import import_report

    with database.sessions.begin() as session:
        plan_id = import_report(session, SEED, actor="督查室").id
    with database.sessions.begin() as session:
        departments.accept_suggestions(session, plan_id, None, actor="督查室")
    with database.sessions.begin() as session:
        rows = [
            r
            for r in reporting.task_rows(session, plan_id, as_of=AS_OF, leaves_only=True)
            if r.lead_department
        ]
    rng = random.Random(seed)
    texts = (
        "项目前期手续已办结，已开工建设。",
        "已完成年度计划的大部分工作，进度快于序时。",
        "受资金和用地制约，部分子项尚未启动。",
        "按计划推进，各项工作有序开展。",
    )
    with database.sessions.begin() as session:
        for index, row in enumerate(rows):
            kind = rng.random()
            if kind < 0.06:
                continue  # never reported
            # Pace relative to 序时: most on track, some ahead, a fifth far behind.
            pace = 1.15 if kind < 0.25 else (0.35 if kind < 0.45 else 1.0)
            weeks = 9 if kind > 0.12 else 6  # a few stopped reporting weeks ago
            for week in range(weeks):
                day = AS_OF - dt.timedelta(days=7 * (8 - week) + rng.randint(0, 2))
                share = min(1.0, pace * (day.timetuple().tm_yday / 366))
                actuals = {
                    i.indicator_id: round(i.value * share, 1)
                    for i in row.indicators
                    if i.value and i.indicator_id and i.unit not in ("%",)
                }
                progress.add_progress(
                    session,
                    row.task_id,
                    actor="督查室",
                    report_date=day,
                    percent=round(share * 100, 1),
                    actuals=actuals,
                    progress_text=texts[index % len(texts)],
                    problems="资金缺口较大，进度滞后。" if pace < 1 else "",
                    next_steps="加快推进，确保按期完成。",
                    today=AS_OF,
                )
        for row in rows[3::11]:
            urging.urge(
                session,
                row.task_id,
                actor="督查室",
                note="请加快推进",
                colour="黄",
                date=AS_OF - dt.timedelta(days=3),
                today=AS_OF,
            )
    return plan_id
