"""The status rule's edges, as plain functions (cases a mutation run found unchecked)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from supervisor.domain import Comparator, TaskStatus, WarningLight
from supervisor.services.settings import Settings
from supervisor.services.status.rule import (
    day_rule,
    derive_lagging,
    derive_status,
    derive_warning,
    mean_share,
    percent_done_of,
    status_by,
    time_progress,
)


def derive_at(
    as_of: dt.date,
    period_start: dt.date,
    start: dt.date,
    deadline: dt.date,
    done: float | None,
    last: dt.date | None,
    rules: Settings,
) -> TaskStatus:
    """The status on a day of a period starting ``period_start``, as the hot loops derive it."""
    return status_by(day_rule(as_of, period_start, start, deadline, rules), done, last)


RULES = Settings()  # margins 5/5 points, due soon 15 days, yellow 10, red 30 points
JAN1, DEC31 = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
S = TaskStatus


def test_time_progress_counts_both_end_days() -> None:
    assert time_progress(JAN1, DEC31, dt.date(2019, 12, 31)) == 0.0
    assert time_progress(JAN1, DEC31, JAN1) == pytest.approx(1 / 366)
    assert time_progress(JAN1, DEC31, dt.date(2020, 12, 30)) == pytest.approx(365 / 366)
    assert time_progress(JAN1, DEC31, DEC31) == 1.0


def test_mean_share_caps_each_share_and_skips_what_measures_no_progress() -> None:
    items = [
        (100.0, Comparator.GE, 150.0),  # over the target: 1, not 1.5
        (10.0, Comparator.EQ, 2.5),  # 0.25
        (5.0, Comparator.LE, 1.0),  # an upper limit: no progress measure
        (0.0, Comparator.EQ, 3.0),  # no target to divide by
        (8.0, Comparator.APPROX, None),  # nothing reported
    ]
    assert mean_share(items) == pytest.approx((1.0 + 0.25) / 2)
    assert mean_share([(4.0, Comparator.RANGE, 1.0)]) == pytest.approx(0.25)
    assert mean_share([(4.0, Comparator.GE, -2.0)]) == 0.0  # a negative actual floors at 0
    assert mean_share([(5.0, Comparator.LE, 1.0)]) is None


def _status(as_of: dt.date, done: float | None, last: dt.date | None = None, **changes) -> S:
    """The status on ``as_of`` of a task for 2020, reported on ``last`` (default: that day)."""
    rules = dataclasses.replace(RULES, **changes)
    monday = as_of - dt.timedelta(days=as_of.weekday())
    return derive_at(as_of, monday, JAN1, DEC31, done, last or as_of, rules)


def test_derive_at_edges() -> None:
    july1 = dt.date(2020, 7, 1)  # 序时 183/366 = 0.5
    assert _status(july1, 1.0 - 1e-10) is S.DONE
    assert _status(july1, 0.999) is not S.DONE
    assert _status(dt.date(2021, 1, 1), 0.5) is S.OVERDUE
    assert _status(DEC31, 0.5) is S.DUE_SOON  # on the deadline day: not yet overdue
    # 临期 when at most 15 days are left: 16 December yes, 15 December no.
    assert _status(dt.date(2020, 12, 16), 0.96) is S.DUE_SOON
    assert _status(dt.date(2020, 12, 15), 0.96) is S.ON_TRACK
    # 欠序时 / 超序时 only beyond the margin of 5 points.
    expected = time_progress(JAN1, DEC31, july1)
    assert _status(july1, expected - 0.0499) is S.ON_TRACK
    assert _status(july1, expected - 0.0501) is S.BEHIND
    assert _status(july1, expected + 0.0499) is S.ON_TRACK
    assert _status(july1, expected + 0.0501) is S.AHEAD
    assert _status(july1, None) is S.BEHIND  # unknown counts as 0
    # The margins are settings.
    assert _status(july1, expected - 0.2, behind_margin=25.0) is S.ON_TRACK
    assert _status(july1, expected + 0.2, ahead_margin=25.0) is S.ON_TRACK


def test_not_reported_needs_a_report_in_this_period() -> None:
    wednesday = dt.date(2020, 7, 1)
    monday = dt.date(2020, 6, 29)
    quiet = derive_at(wednesday, monday, JAN1, DEC31, 0.5, dt.date(2020, 6, 28), RULES)
    assert quiet is S.NOT_REPORTED
    on_monday = derive_at(wednesday, monday, JAN1, DEC31, 0.5, monday, RULES)
    assert on_monday is S.ON_TRACK
    # A task starting on the period's first day owes no report yet.
    fresh = derive_at(wednesday, monday, monday, DEC31, 0.0, None, RULES)
    assert fresh is not S.NOT_REPORTED


def test_lagging_and_the_warning_lights_at_their_edges() -> None:
    assert derive_lagging(S.BEHIND, 0.9, 0.1, RULES)
    assert derive_lagging(S.OVERDUE, 0.9, 0.1, RULES)
    assert derive_lagging(S.DUE_SOON, 0.90, 0.9501, RULES)
    assert not derive_lagging(S.DUE_SOON, 0.90, 0.9499, RULES)
    assert not derive_lagging(S.ON_TRACK, 0.0, 1.0, RULES)
    assert not derive_lagging(S.DUE_SOON, None, 0.04, RULES)

    assert derive_warning(None, 0.0, 1.0, True, RULES) is None
    assert derive_warning(S.DONE, 1.0, 1.0, False, RULES) is WarningLight.GREEN
    assert derive_warning(S.OVERDUE, 0.9, 1.0, True, RULES) is WarningLight.RED
    # 30 points behind is still yellow; beyond is red. 10 points behind is yellow.
    assert derive_warning(S.BEHIND, 0.2, 0.5, True, RULES) is WarningLight.YELLOW
    assert derive_warning(S.BEHIND, 0.19, 0.5, True, RULES) is WarningLight.RED
    assert derive_warning(S.ON_TRACK, 0.4, 0.5, False, RULES) is WarningLight.YELLOW
    assert derive_warning(S.ON_TRACK, 0.41, 0.5, False, RULES) is WarningLight.GREEN
    assert derive_warning(S.NOT_REPORTED, 0.5, 0.5, False, RULES) is WarningLight.YELLOW
    assert derive_warning(S.ON_TRACK, None, 0.05, False, RULES) is WarningLight.GREEN


def test_percent_done_from_the_percent_else_the_indicators() -> None:
    assert percent_done_of(120.0, None, {}) == 1.0
    assert percent_done_of(-5.0, None, {}) == 0.0
    assert percent_done_of(40.0, [(1, 10.0, Comparator.EQ)], {1: 10.0}) == pytest.approx(0.4)
    targets = [(1, 10.0, Comparator.EQ), (2, 4.0, Comparator.GE)]
    assert percent_done_of(None, targets, {1: 5.0}) == pytest.approx(0.5)
    assert percent_done_of(None, [], {1: 5.0}) is None
    assert percent_done_of(None, None, {}) is None


def test_derive_status_takes_the_reporting_period_of_the_settings() -> None:
    # Wednesday 10 June 2020: a report of 3 June is last week's, but this month's.
    monthly = dataclasses.replace(RULES, reporting_period="month")
    day, reported = dt.date(2020, 6, 10), dt.date(2020, 6, 3)
    common = {"as_of": day, "start": JAN1, "deadline": DEC31, "percent_done": 0.5}
    weekly_status = derive_status(**common, last_report_date=reported, settings=RULES)
    monthly_status = derive_status(**common, last_report_date=reported, settings=monthly)
    assert weekly_status is S.NOT_REPORTED
    assert monthly_status is not S.NOT_REPORTED
