"""滞后 and 预警 (绿/黄/红灯): one rule, pinned on the issue's case and at every band edge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, WarningLight
from supervisor.errors import ValidationError
from supervisor.services import (
    assignment,
    progress,
    reporting,
    settings,
    statistics,
    status,
    tasks,
)
from supervisor.services.settings import Settings
from tests.services.conftest import ACTOR, TODAY, Office

RULES = Settings()  # 欠序时 5 points, 临期 15 days, 黄灯 from 10 points, 红灯 beyond 30

# The issue's case: 28 % done, 序时 97 %, due in 7 days (233 days from 1 January, 226 gone).
CASE_DAY = dt.date(2020, 8, 13)
CASE_DEADLINE = dt.date(2020, 8, 20)


def test_time_progress_of_the_issue_case_is_97_percent() -> None:
    assert status.time_progress(dt.date(2020, 1, 1), CASE_DEADLINE, CASE_DAY) == pytest.approx(
        226 / 233
    )
    assert round(226 / 233 * 100) == 97


def test_the_issue_case_is_due_soon_lagging_and_red_in_every_output(
    session: Session, office: Office
) -> None:
    assignment.assign(
        session, [office.poverty], lead="市发展改革委", deadline=CASE_DEADLINE, actor=ACTOR
    )
    progress.add_progress(
        session, office.poverty, report_date=CASE_DAY, percent=28, today=TODAY, actor=ACTOR
    )
    state = next(
        s
        for s in status.task_states(session, office.plan_id, as_of=CASE_DAY)
        if s.task_id == office.poverty
    )
    # 临期 stays the status (it decides the 督办单 colour), but it no longer hides the lag.
    assert state.status is TaskStatus.DUE_SOON
    assert status.is_lagging(state)
    assert state.warning is WarningLight.RED  # 69 points behind 序时
    row = next(
        r
        for r in reporting.task_rows(session, office.plan_id, as_of=CASE_DAY)
        if r.task_id == office.poverty
    )
    assert (row.status, row.lagging, row.warning) == (
        TaskStatus.DUE_SOON,
        True,
        WarningLight.RED,
    )
    assert status.is_lagging(row)
    bulletin = reporting.bulletin_data(session, office.plan_id, as_of=CASE_DAY)
    listed = [t for t in bulletin.tasks if status.is_lagging(t)]
    assert [t.task_id for t in listed] == [office.poverty]
    assert bulletin.lagging == 1
    # The two other leaves never reported: 未报送 with nothing done is red as well.
    assert bulletin.warning_counts == {
        WarningLight.GREEN: 0,
        WarningLight.YELLOW: 0,
        WarningLight.RED: 3,
    }
    stats = statistics.plan_statistics(session, office.plan_id, as_of=CASE_DAY)
    assert (stats.lagging, stats.warning_counts) == (1, bulletin.warning_counts)


@pytest.mark.parametrize(
    ("task_status", "done", "expected", "lagging", "light"),
    [
        (TaskStatus.DONE, 1.0, 1.0, False, WarningLight.GREEN),
        (TaskStatus.OVERDUE, 0.95, 1.0, True, WarningLight.RED),  # overdue: red, however close
        (None, None, 0.5, False, None),  # 常态化: not assessed
        (TaskStatus.ON_TRACK, 0.47, 0.5, False, WarningLight.GREEN),
        (TaskStatus.AHEAD, 0.9, 0.5, False, WarningLight.GREEN),
        (TaskStatus.ON_TRACK, 0.0, 0.0, False, WarningLight.GREEN),  # not yet started
        (TaskStatus.BEHIND, 0.43, 0.5, True, WarningLight.YELLOW),  # 7 points: lagging → yellow
        (TaskStatus.BEHIND, 0.20, 0.5, True, WarningLight.YELLOW),  # 30 points: still yellow
        (TaskStatus.BEHIND, 0.19, 0.5, True, WarningLight.RED),  # 31 points: red
        (TaskStatus.DUE_SOON, 0.95, 0.96, False, WarningLight.GREEN),  # due soon, on track
        (TaskStatus.DUE_SOON, 0.91, 0.96, False, WarningLight.GREEN),  # exactly the margin
        (TaskStatus.DUE_SOON, 0.90, 0.96, True, WarningLight.YELLOW),  # 6 points behind
        (TaskStatus.DUE_SOON, 0.28, 0.97, True, WarningLight.RED),  # the issue's case
        (TaskStatus.NOT_REPORTED, 0.5, 0.5, False, WarningLight.YELLOW),  # unknown: yellow
        (TaskStatus.NOT_REPORTED, None, 0.5, False, WarningLight.RED),  # nothing ever: red
    ],
)
def test_warning_and_lagging_rule(
    task_status: TaskStatus | None,
    done: float | None,
    expected: float,
    lagging: bool,
    light: WarningLight | None,
) -> None:
    assert status.derive_lagging(task_status, done, expected, RULES) is lagging
    assert status.derive_warning(task_status, done, expected, lagging, RULES) is light


def test_a_task_behind_by_the_yellow_band_is_yellow_even_when_the_margin_is_wider() -> None:
    wide = Settings(behind_margin=15.0)
    # 12 points behind: 达序时 with a 15-point margin, but the yellow band starts at 10.
    lagging = status.derive_lagging(TaskStatus.ON_TRACK, 0.38, 0.5, wide)
    assert lagging is False
    assert status.derive_warning(TaskStatus.ON_TRACK, 0.38, 0.5, lagging, wide) is (
        WarningLight.YELLOW
    )
    assert status.derive_warning(TaskStatus.ON_TRACK, 0.41, 0.5, lagging, wide) is (
        WarningLight.GREEN
    )


def test_the_bands_are_settings(session: Session, office: Office) -> None:
    settings.set_setting(session, "warning_yellow_points", "5", actor=ACTOR)
    rules = settings.set_setting(session, "warning_red_points", "15", actor=ACTOR)
    assert (rules.warning_yellow_points, rules.warning_red_points) == (5.0, 15.0)
    assert status.derive_warning(TaskStatus.BEHIND, 0.3, 0.5, True, rules) is WarningLight.RED
    assert status.derive_warning(TaskStatus.ON_TRACK, 0.46, 0.5, False, rules) is (
        WarningLight.GREEN
    )
    day = dt.date(2020, 7, 1)  # 序时 50 %
    progress.add_progress(
        session, office.poverty, report_date=day, percent=30, today=TODAY, actor=ACTOR
    )
    state = next(
        s
        for s in status.task_states(session, office.plan_id, as_of=day)
        if s.task_id == office.poverty
    )
    assert (state.status, state.warning) == (TaskStatus.BEHIND, WarningLight.RED)


def test_a_yellow_band_above_the_red_one_is_refused(
    session: Session,
    office: Office,
    unchanged: Callable[[Callable[[], object], type[Exception], str], str],
) -> None:
    unchanged(
        lambda: settings.set_setting(session, "warning_yellow_points", "40", actor=ACTOR),
        ValidationError,
        "黄灯.*不能大于.*红灯",
    )
    unchanged(
        lambda: settings.set_setting(session, "warning_red_points", "120", actor=ACTOR),
        ValidationError,
        "应在 0 到 100 之间",
    )


def test_every_state_and_row_carries_the_same_warning(session: Session, office: Office) -> None:
    day = dt.date(2020, 7, 1)
    progress.add_progress(
        session, office.jobs, report_date=day, percent=45, today=TODAY, actor=ACTOR
    )
    states = {s.task_id: s for s in status.task_states(session, office.plan_id, as_of=day)}
    rows = {r.task_id: r for r in reporting.task_rows(session, office.plan_id, as_of=day)}
    assert states.keys() == rows.keys()
    for task_id, state in states.items():
        assert (rows[task_id].warning, rows[task_id].lagging) == (state.warning, state.lagging)
    assert states[office.jobs].warning is WarningLight.GREEN  # 5 points: 达序时
    assert states[office.projects].warning is WarningLight.RED  # 未报送, nothing ever reported
    assert tasks.get_task(session, office.jobs).kind == "考核"


def test_a_form_may_raise_both_bands_at_once(session: Session, office: Office) -> None:
    # One at a time, yellow 40 would be refused (red is still 30); together they are fine.
    rules = settings.set_settings(
        session, {"warning_yellow_points": "40", "warning_red_points": "50"}, actor=ACTOR
    )
    assert (rules.warning_yellow_points, rules.warning_red_points) == (40.0, 50.0)
    with pytest.raises(ValidationError, match="不能大于"):
        settings.set_settings(
            session, {"warning_yellow_points": "60", "ranking_score": "sum"}, actor=ACTOR
        )
    assert settings.load_settings(session).ranking_score == "average"  # nothing written
