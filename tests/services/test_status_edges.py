"""Edges of the status rule a planted bug slipped past: the 100 % cap of an indicator, a task
starting on the first day of a reporting period, and the 预警 bands at their edges."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, WarningLight
from supervisor.services import progress, status, tasks
from supervisor.services.settings import Settings
from supervisor.services.status import IndicatorState
from tests.services.conftest import ACTOR, TODAY, Office

RULES = Settings()
DEADLINE = dt.date(2020, 12, 31)
WEDNESDAY = dt.date(2020, 7, 1)
MONDAY = dt.date(2020, 6, 29)  # first day of WEDNESDAY's reporting week


def _indicator(value: float | None, actual: float | None, comparator: str = ">=") -> IndicatorState:
    return IndicatorState(1, "指标", value, None, "个", comparator, "", actual)


def test_an_indicator_above_its_target_counts_as_100_percent() -> None:
    assert status.indicator_progress([_indicator(100, 250)]) == 1.0
    # 250 % and 50 % → (100 % + 50 %) / 2, not (250 % + 50 %) / 2
    assert status.indicator_progress([_indicator(100, 250), _indicator(10, 5)]) == 0.75
    assert status.indicator_progress([_indicator(100, 40), _indicator(10, 5, "=")]) == 0.45


def test_indicators_that_are_no_measure_are_left_out() -> None:
    assert status.indicator_progress([]) is None
    assert status.indicator_progress([_indicator(100, None)]) is None
    assert status.indicator_progress([_indicator(None, 5)]) is None
    assert status.indicator_progress([_indicator(0, 5)]) is None
    assert status.indicator_progress([_indicator(10, 2, "<=")]) is None
    assert status.indicator_progress([_indicator(10, 2, "<="), _indicator(10, 4)]) == 0.4
    assert status.indicator_progress([_indicator(10, -4)]) == 0.0  # never below 0


def _report(session: Session, task_id: int, day: dt.date, **kwargs: object) -> None:
    progress.add_progress(session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs)


def test_an_indicator_beyond_target_does_not_finish_the_task_in_every_path(
    session: Session, office: Office
) -> None:
    count, invest = (i.id for i in tasks.get_task(session, office.projects).indicators)
    # 204 of 102 projects (capped at 100 %) and 32 of 128 亿元 (25 %) → 62.5 %, not done.
    _report(session, office.projects, WEDNESDAY, actuals={count: 204, invest: 32})
    session.commit()
    state = {s.task_id: s for s in status.task_states(session, office.plan_id, as_of=WEDNESDAY)}
    assert state[office.projects].percent_done == pytest.approx(0.625)
    assert state[office.projects].status is TaskStatus.AHEAD
    leaves = {
        s.task_id: s.status for s in status.leaf_statuses(session, office.plan_id, as_of=WEDNESDAY)
    }
    assert leaves[office.projects] is TaskStatus.AHEAD
    (counts,) = status.status_counts_on(session, office.plan_id, [WEDNESDAY])
    assert counts[TaskStatus.AHEAD] == 1
    assert counts[TaskStatus.DONE] == 0


def _status(start: dt.date, last: dt.date | None, as_of: dt.date = WEDNESDAY) -> TaskStatus:
    return status.derive_status(
        as_of=as_of,
        start=start,
        deadline=DEADLINE,
        percent_done=None,
        last_report_date=last,
        settings=RULES,
    )


def test_a_task_starting_on_the_first_day_of_the_period_is_not_yet_unreported() -> None:
    assert _status(MONDAY, None) is TaskStatus.ON_TRACK
    assert _status(WEDNESDAY, None) is TaskStatus.ON_TRACK
    assert _status(MONDAY - dt.timedelta(days=1), None) is TaskStatus.NOT_REPORTED
    # a report on the period's first day counts; one the day before does not
    early = dt.date(2020, 1, 1)
    assert _status(early, MONDAY) is not TaskStatus.NOT_REPORTED
    assert _status(early, MONDAY - dt.timedelta(days=1)) is TaskStatus.NOT_REPORTED


def test_a_task_starting_on_the_first_day_of_the_period_in_every_path(
    session: Session, office: Office
) -> None:
    tasks.edit_task(session, office.poverty, expected_version=None, actor=ACTOR, start_date=MONDAY)
    tasks.edit_task(
        session,
        office.jobs,
        expected_version=None,
        actor=ACTOR,
        start_date=MONDAY - dt.timedelta(days=1),
    )
    session.commit()
    state = {s.task_id: s for s in status.task_states(session, office.plan_id, as_of=WEDNESDAY)}
    assert state[office.poverty].status is TaskStatus.ON_TRACK
    assert state[office.jobs].status is TaskStatus.NOT_REPORTED
    leaves = {
        s.task_id: s.status for s in status.leaf_statuses(session, office.plan_id, as_of=WEDNESDAY)
    }
    assert leaves[office.poverty] is TaskStatus.ON_TRACK
    assert leaves[office.jobs] is TaskStatus.NOT_REPORTED
    (counts,) = status.status_counts_on(session, office.plan_id, [WEDNESDAY])
    assert counts == Counter(
        {TaskStatus.ON_TRACK: 1, TaskStatus.NOT_REPORTED: 2}  # projects started 1 January
    )


@pytest.mark.parametrize(
    ("task_status", "percent", "time_progress", "lagging", "expected"),
    [
        (None, 0.0, 0.5, False, None),
        (TaskStatus.DONE, 0.0, 1.0, False, WarningLight.GREEN),
        (TaskStatus.OVERDUE, 0.99, 1.0, True, WarningLight.RED),
        (TaskStatus.ON_TRACK, 0.5, 0.5, False, WarningLight.GREEN),
        (TaskStatus.ON_TRACK, 0.41, 0.5, False, WarningLight.GREEN),  # 9 points behind
        (TaskStatus.BEHIND, 0.40, 0.5, False, WarningLight.YELLOW),  # exactly 10: yellow
        (TaskStatus.BEHIND, 0.20, 0.5, True, WarningLight.YELLOW),  # exactly 30: still yellow
        (TaskStatus.BEHIND, 0.19, 0.5, True, WarningLight.RED),  # 31: red
        (TaskStatus.BEHIND, None, 0.305, True, WarningLight.RED),  # unknown counts as 0
        (TaskStatus.BEHIND, 0.44, 0.5, True, WarningLight.YELLOW),  # lagging is never green
        (TaskStatus.NOT_REPORTED, 0.5, 0.5, False, WarningLight.YELLOW),
        (TaskStatus.DUE_SOON, 0.95, 0.96, False, WarningLight.GREEN),
    ],
)
def test_warning_bands(
    task_status: TaskStatus | None,
    percent: float | None,
    time_progress: float,
    lagging: bool,
    expected: WarningLight | None,
) -> None:
    assert status.derive_warning(task_status, percent, time_progress, lagging, RULES) is expected


@pytest.mark.parametrize(
    ("task_status", "percent", "time_progress", "expected"),
    [
        (TaskStatus.BEHIND, 0.9, 0.5, True),
        (TaskStatus.OVERDUE, 0.9, 1.0, True),
        (TaskStatus.DUE_SOON, 0.90, 0.96, True),  # 6 points behind
        (TaskStatus.DUE_SOON, 0.91, 0.96, False),  # exactly 5: not behind
        (TaskStatus.DUE_SOON, None, 0.04, False),
        (TaskStatus.DUE_SOON, None, 0.06, True),
        (TaskStatus.ON_TRACK, 0.0, 0.5, False),
        (TaskStatus.NOT_REPORTED, 0.0, 0.5, False),
        (None, 0.0, 0.5, False),
    ],
)
def test_lagging(
    task_status: TaskStatus | None, percent: float | None, time_progress: float, expected: bool
) -> None:
    assert status.derive_lagging(task_status, percent, time_progress, RULES) is expected
