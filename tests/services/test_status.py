"""The status rule pinned at the start, the middle, the deadline and after, with and without
indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus
from supervisor.services import assignment, progress, settings, status, tasks
from supervisor.services.settings import Settings
from tests.services.conftest import ACTOR, TODAY, Office

RULES = Settings()  # behind/ahead margin 5 points, 临期 15 days, weekly periods
START, DEADLINE = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
MIDDLE = dt.date(2020, 7, 1)  # a Wednesday: 183 of 366 days elapsed = 50 %


def _status(as_of: dt.date, percent: float | None, last: dt.date | None) -> TaskStatus:
    return status.derive_status(
        as_of=as_of,
        start=START,
        deadline=DEADLINE,
        percent_done=percent,
        last_report_date=last,
        settings=RULES,
    )


def test_time_progress_at_start_middle_deadline_and_after() -> None:
    assert status.time_progress(START, DEADLINE, dt.date(2019, 12, 31)) == 0.0
    assert status.time_progress(START, DEADLINE, START) == pytest.approx(1 / 366)
    assert status.time_progress(START, DEADLINE, MIDDLE) == pytest.approx(0.5)
    assert status.time_progress(START, DEADLINE, dt.date(2020, 11, 30)) == pytest.approx(335 / 366)
    assert status.time_progress(START, DEADLINE, DEADLINE) == 1.0
    assert status.time_progress(START, DEADLINE, dt.date(2021, 3, 1)) == 1.0


@pytest.mark.parametrize(
    ("as_of", "percent", "last", "expected"),
    [
        # At the start: nothing expected yet, no report needed in the first period.
        (START, None, None, TaskStatus.ON_TRACK),
        (START, 0.0, START, TaskStatus.ON_TRACK),
        (START, 0.2, START, TaskStatus.AHEAD),
        # In the middle (序时 50 %): the margins decide.
        (MIDDLE, 0.50, MIDDLE, TaskStatus.ON_TRACK),
        (MIDDLE, 0.46, MIDDLE, TaskStatus.ON_TRACK),
        (MIDDLE, 0.44, MIDDLE, TaskStatus.BEHIND),
        (MIDDLE, 0.56, MIDDLE, TaskStatus.AHEAD),
        (MIDDLE, 0.50, dt.date(2020, 6, 28), TaskStatus.NOT_REPORTED),  # last week's report
        (MIDDLE, None, None, TaskStatus.NOT_REPORTED),
        (MIDDLE, 1.0, None, TaskStatus.DONE),  # done beats not reported
        # Near and at the deadline: 临期 beats 欠序时, but a missing report comes first.
        (dt.date(2020, 12, 16), 0.2, dt.date(2020, 12, 16), TaskStatus.DUE_SOON),
        (dt.date(2020, 12, 15), 0.99, dt.date(2020, 12, 15), TaskStatus.ON_TRACK),
        (DEADLINE, 0.9, DEADLINE, TaskStatus.DUE_SOON),
        (DEADLINE, 0.9, dt.date(2020, 12, 20), TaskStatus.NOT_REPORTED),
        (DEADLINE, 1.0, DEADLINE, TaskStatus.DONE),
        # After the deadline: overdue unless done, reported or not.
        (dt.date(2021, 1, 1), 0.9, DEADLINE, TaskStatus.OVERDUE),
        (dt.date(2021, 1, 1), None, None, TaskStatus.OVERDUE),
        (dt.date(2021, 1, 1), 1.0, DEADLINE, TaskStatus.DONE),
    ],
)
def test_status_rule(as_of: dt.date, percent: float | None, last: dt.date | None, expected) -> None:
    assert _status(as_of, percent, last) is expected


def test_thresholds_are_settings() -> None:
    strict = Settings(behind_margin=0.0, due_soon_days=0)
    assert (
        status.derive_status(
            as_of=MIDDLE,
            start=START,
            deadline=DEADLINE,
            percent_done=0.49,
            last_report_date=MIDDLE,
            settings=strict,
        )
        is TaskStatus.BEHIND
    )
    assert (
        status.derive_status(
            as_of=dt.date(2020, 12, 30),
            start=START,
            deadline=DEADLINE,
            percent_done=0.999,
            last_report_date=dt.date(2020, 12, 30),
            settings=strict,
        )
        is TaskStatus.ON_TRACK
    )


def _states(session: Session, office: Office, day: dt.date) -> dict[int, status.TaskState]:
    return {s.task_id: s for s in status.task_states(session, office.plan_id, as_of=day)}


def _report(session: Session, task_id: int, day: dt.date, **kwargs) -> None:
    progress.add_progress(session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs)


def test_task_with_indicators_uses_actual_over_target_when_percent_is_missing(
    session: Session, office: Office
) -> None:
    projects = tasks.get_task(session, office.projects)
    count, invest = (i.id for i in projects.indicators)
    # 51 of 102 projects (50 %) and 128 of 128 亿元 (100 %) → 75 % done.
    _report(session, office.projects, MIDDLE, actuals={count: 51, invest: 128})
    session.commit()

    state = _states(session, office, MIDDLE)[office.projects]
    assert state.percent_done == pytest.approx(0.75)
    assert state.status is TaskStatus.AHEAD
    assert [i.actual for i in state.indicators] == [51.0, 128.0]


def test_an_indicator_left_out_keeps_its_earlier_actual(session: Session, office: Office) -> None:
    projects = tasks.get_task(session, office.projects)
    count, invest = (i.id for i in projects.indicators)
    _report(session, office.projects, dt.date(2020, 6, 24), actuals={count: 40, invest: 64})
    _report(session, office.projects, MIDDLE, actuals={count: 51})
    session.commit()

    state = _states(session, office, MIDDLE)[office.projects]
    assert [i.actual for i in state.indicators] == [51.0, 64.0]
    assert state.percent_done == pytest.approx(0.5)
    assert state.status is TaskStatus.ON_TRACK


def test_a_reported_percent_beats_the_indicators(session: Session, office: Office) -> None:
    indicator = tasks.get_task(session, office.jobs).indicators[0]
    _report(session, office.jobs, MIDDLE, percent=30, actuals={indicator.id: 1})
    session.commit()

    state = _states(session, office, MIDDLE)[office.jobs]
    assert state.percent_done == pytest.approx(0.3)
    assert state.status is TaskStatus.BEHIND


def test_a_ceiling_indicator_is_no_measure_of_progress(session: Session, office: Office) -> None:
    from supervisor.services.tasks import IndicatorInput

    tasks.add_indicator(
        session,
        office.poverty,
        IndicatorInput("返贫人口", 10, unit="人", comparator="<="),
        expected_version=None,
        actor=ACTOR,
    )
    indicator = tasks.get_task(session, office.poverty).indicators[0]
    _report(session, office.poverty, MIDDLE, actuals={indicator.id: 2}, progress_text="无返贫")
    session.commit()

    state = _states(session, office, MIDDLE)[office.poverty]
    assert state.percent_done is None
    assert state.status is TaskStatus.BEHIND


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START, TaskStatus.ON_TRACK),
        (MIDDLE, TaskStatus.ON_TRACK),
        (DEADLINE, TaskStatus.DUE_SOON),
        (dt.date(2021, 1, 4), TaskStatus.OVERDUE),
    ],
)
def test_task_without_indicators_over_the_year(
    session: Session, office: Office, day: dt.date, expected: TaskStatus
) -> None:
    # Weekly reports that keep exactly to 序时进度 until the end of December.
    week = START
    while week <= min(day, DEADLINE):
        share = status.time_progress(START, DEADLINE, week)
        _report(session, office.poverty, week, percent=round(share * 100, 3))
        week += dt.timedelta(days=7)
    if day >= DEADLINE:
        _report(session, office.poverty, DEADLINE, percent=99)
    session.commit()

    assert _states(session, office, day)[office.poverty].status is expected


def test_a_deadline_of_the_task_overrides_the_plan_year(session: Session, office: Office) -> None:
    assignment.assign(session, [office.jobs], deadline="2020-06-30", actor=ACTOR)
    _report(session, office.jobs, dt.date(2020, 6, 29), percent=80)
    session.commit()

    states = _states(session, office, dt.date(2020, 7, 1))
    assert states[office.jobs].status is TaskStatus.OVERDUE
    assert states[office.jobs].time_progress == 1.0


def test_monthly_period_changes_what_counts_as_reported(session: Session, office: Office) -> None:
    _report(session, office.poverty, dt.date(2020, 7, 1), percent=50)
    session.commit()
    later = dt.date(2020, 7, 20)
    assert _states(session, office, later)[office.poverty].status is TaskStatus.NOT_REPORTED

    settings.set_setting(session, "reporting_period", "month", actor=ACTOR)
    session.commit()
    assert _states(session, office, later)[office.poverty].status is TaskStatus.BEHIND


def test_deleted_tasks_are_left_out_and_leaves_only(session: Session, office: Office) -> None:
    tasks.delete_task(session, office.jobs, expected_version=None, actor=ACTOR)
    session.commit()

    every = status.task_states(session, office.plan_id, as_of=MIDDLE)
    leaves = status.task_states(session, office.plan_id, as_of=MIDDLE, leaves_only=True)
    assert office.jobs not in {s.task_id for s in every}
    assert [s.task_id for s in leaves] == [office.projects, office.poverty]
    assert {s.area for s in leaves} == {"（一）聚焦产业转型", "（二）保障改善民生"}


def test_areas_of_a_report_are_the_headings_below_its_plan_section(
    session: Session, seed_report
) -> None:
    from supervisor.services.plans import import_report

    plan = import_report(session, seed_report, actor=ACTOR)
    session.commit()
    states = status.task_states(session, plan.id, as_of=MIDDLE, leaves_only=True)
    areas = list(dict.fromkeys(s.area for s in states))
    # 二、2020年重点工作 is the section; its （一）…（八） are the areas, plus the main targets.
    assert "聚焦产业转型，厚植高质量发展根基" in areas
    assert "聚焦社会治理，增强高质量发展保障" in areas
    assert "2020年重点工作" not in areas
    assert len(areas) >= 9
