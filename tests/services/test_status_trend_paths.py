"""The trend's fast counting path gives, day by day, the statuses of the full path.

``status_counts_on`` works the rule out per report and per (start, deadline, day) instead
of per task and day; on a varied plan it must count exactly what
``task_states(..., leaves_only=True)`` and ``leaf_statuses`` derive on each day.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus
from supervisor.services import (
    assignment,
    departments,
    plans,
    progress,
    reporting,
    settings,
    statistics,
    status,
    tasks,
)
from supervisor.services.tasks import IndicatorInput
from tests.services.conftest import ACTOR, TODAY

UNITS = ("市发展改革委", "市财政局", "市住房城乡建设局")


def _varied_plan(session: Session) -> int:
    """A plan whose leaves cover the rule's cases, with a seeded mix of reports.

    Finished, overdue, 0 %, never reported, a start or deadline on a period's edge, 常态化
    leaves, indicators above target and ceilings, reports that leave an indicator out,
    reports that give a percent and actuals, two reports on one day, a co-unit's reports
    (which must not count), a split task (a parent) and a deleted leaf.
    """
    rng = random.Random(17)
    plan = plans.create_plan(session, title="2020年重点任务", year=2020, source="其他", actor=ACTOR)
    for name in UNITS:
        departments.add_department(session, name, actor=ACTOR)
    areas = [
        tasks.add_task(session, plan.id, title=f"（{n}）领域{n}", actor=ACTOR).id
        for n in ("一", "二", "三")
    ]
    starts = [None, None, dt.date(2020, 3, 2), dt.date(2020, 6, 29), dt.date(2020, 9, 1)]
    deadlines = [
        None,
        dt.date(2020, 6, 30),
        dt.date(2020, 7, 5),  # a Sunday: the last day of a week
        dt.date(2020, 9, 30),
        dt.date(2020, 11, 16),  # a Monday: the first day of a week
    ]
    leaves: list[int] = []
    for number in range(30):
        start = starts[number % len(starts)]
        deadline = deadlines[(number // len(starts)) % len(deadlines)]
        if start is not None and deadline is not None and start > deadline:
            start = None
        indicators: list[IndicatorInput] = []
        if number % 3 == 0:
            indicators = [
                IndicatorInput("项目", rng.choice([10, 40, 102]), unit="个", comparator=">="),
                IndicatorInput("投资", rng.choice([5, 128]), unit="亿元"),
            ]
        elif number % 7 == 1:
            indicators = [IndicatorInput("能耗", 3, unit="%", comparator="<=")]  # a ceiling
        leaves.append(
            tasks.add_task(
                session,
                plan.id,
                title=f"任务{number}",
                parent_id=areas[number % len(areas)],
                start_date=start,
                deadline=deadline,
                indicators=indicators,
                actor=ACTOR,
            ).id
        )
    # A split task: its parent is not counted, its two parts are.
    parts = [
        tasks.add_task(session, plan.id, title=f"分解{n}", parent_id=leaves[4], actor=ACTOR).id
        for n in (1, 2)
    ]
    for number, task_id in enumerate(leaves + parts):
        assignment.assign(
            session,
            [task_id],
            lead=UNITS[number % 3],
            co=[UNITS[(number + 1) % 3]],
            actor=ACTOR,
        )
    for task_id in (leaves[5], leaves[11]):
        tasks.set_task_kind(session, task_id, "常态化", expected_version=None, actor=ACTOR)
    tasks.delete_task(session, leaves[13], expected_version=None, actor=ACTOR)

    for number, task_id in enumerate([t for t in leaves if t not in (leaves[4], leaves[13])]):
        if number % 9 == 8:
            continue  # never reported
        detail = tasks.get_task(session, task_id)
        indicator_ids = [i.id for i in detail.indicators]
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 40))
        while day <= dt.date(2020, 12, 20):
            actuals: dict[int, float] | None = None
            percent: float | None = rng.choice([None, 0, 10, 33.3, 50, 66.7, 99.9, 100, 100])
            if indicator_ids and rng.random() < 0.8:
                # Some reports state only one indicator, some beyond the target.
                chosen = rng.sample(indicator_ids, rng.randint(1, len(indicator_ids)))
                actuals = {i: rng.choice([0, 1, 2.5, 20, 64, 130, 300]) for i in chosen}
                if rng.random() < 0.7:
                    percent = None
            if number % 10 == 3 and day.month >= 6:
                percent = 0.0  # started, then nothing done
            progress.add_progress(
                session,
                task_id,
                report_date=day,
                percent=percent,
                actuals=actuals,
                progress_text="推进中",  # a report may give neither percent nor actuals
                today=TODAY,
                actor=ACTOR,
            )
            if rng.random() < 0.15:
                # Two reports on one day: the later entry wins.
                progress.add_progress(
                    session, task_id, report_date=day, percent=rng.choice([5, 95]),
                    today=TODAY, actor=ACTOR,
                )  # fmt: skip
            if rng.random() < 0.2:
                # A co-unit's contribution: never the task's own progress.
                co = UNITS[(leaves.index(task_id) + 1) % 3]
                progress.add_progress(
                    session, task_id, report_date=day, percent=100, department=co,
                    today=TODAY, actor=ACTOR,
                )  # fmt: skip
            day += dt.timedelta(days=rng.choice([6, 7, 7, 7, 14, 30]))
    for part in parts:
        progress.add_progress(
            session, part, report_date="2020-05-06", percent=60, today=TODAY, actor=ACTOR
        )
    session.commit()
    return plan.id


def _days() -> list[dt.date]:
    """Period ends, period starts, deadlines and the days around them, out of order."""
    days = {dt.date(2020, 1, 1) + dt.timedelta(days=n) for n in range(0, 366, 17)}
    for edge in (
        dt.date(2020, 6, 29),
        dt.date(2020, 6, 30),
        dt.date(2020, 7, 1),
        dt.date(2020, 7, 5),
        dt.date(2020, 7, 6),
        dt.date(2020, 9, 30),
        dt.date(2020, 10, 1),
        dt.date(2020, 11, 15),
        dt.date(2020, 11, 16),
        dt.date(2020, 11, 17),
        dt.date(2020, 12, 31),
        dt.date(2021, 1, 4),
    ):
        days.add(edge)
    return sorted(days, key=lambda day: (day.day, day.month))


def _full_counts(session: Session, plan_id: int, day: dt.date) -> Counter[TaskStatus]:
    states = status.task_states(session, plan_id, as_of=day, leaves_only=True)
    return Counter(s.status for s in states if s.status is not None)


@pytest.mark.parametrize("period", ["week", "month"])
def test_trend_counts_match_the_full_path_on_each_day(session: Session, period: str) -> None:
    plan_id = _varied_plan(session)
    settings.set_setting(session, "reporting_period", period, actor=ACTOR)
    session.commit()
    days = _days()

    counted = status.status_counts_on(session, plan_id, days)

    seen: set[TaskStatus] = set()
    for day, counter in zip(days, counted, strict=True):
        full = _full_counts(session, plan_id, day)
        assert counter == full, day
        leaves = status.leaf_statuses(session, plan_id, as_of=day)
        assert Counter(leaf.status for leaf in leaves) == full, day
        seen.update(full)
    # The plan is varied enough to reach every status somewhere in the year.
    assert seen == set(TaskStatus)


def test_a_window_that_starts_late_reads_actuals_stated_before_it(session: Session) -> None:
    plan_id = _varied_plan(session)
    # Both stated before the window; in it only the first, anew: the first counts at its
    # new value (60), the second at its old one (100), never the first at its old one.
    task = tasks.add_task(
        session,
        plan_id,
        title="新建项目",
        indicators=[IndicatorInput("项目", 100, unit="个"), IndicatorInput("投资", 100)],
        actor=ACTOR,
    )
    built, money = (i.id for i in task.indicators)
    for day, actuals in (("2020-06-03", {built: 10, money: 100}), ("2020-07-15", {built: 60})):
        progress.add_progress(
            session, task.id, report_date=day, actuals=actuals, today=TODAY, actor=ACTOR
        )
    progress.add_progress(
        session, task.id, report_date="2020-06-10", progress_text="推进中", today=TODAY, actor=ACTOR
    )
    session.commit()
    # From mid-year: reports before the window state actuals that later reports leave out.
    days = [dt.date(2020, 12, 2), dt.date(2020, 7, 8), dt.date(2020, 7, 15), dt.date(2020, 7, 8)]

    counted = status.status_counts_on(session, plan_id, days)

    for day, counter in zip(days, counted, strict=True):
        assert counter == _full_counts(session, plan_id, day), day
    assert counted[1] == counted[3]
    (late,) = status.task_states(session, plan_id, as_of=dt.date(2020, 7, 15), task_ids=[task.id])
    assert late.percent_done == pytest.approx(0.8)  # (60 % + 100 %) / 2


def test_the_bulletins_trend_takes_its_last_point_from_its_own_counts(session: Session) -> None:
    plan_id = _varied_plan(session)
    day = dt.date(2020, 9, 30)  # a deadline: the last point differs from the one before

    bulletin = reporting.bulletin_data(session, plan_id, as_of=day)

    assert bulletin.trend == statistics.trend(session, plan_id, as_of=day)
    assert len(bulletin.trend) == 8
    counts = {count.status: count.count for count in bulletin.status_counts}
    assert bulletin.trend[-1].counts == counts
