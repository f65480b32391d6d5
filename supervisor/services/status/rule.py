"""The status rule of ``services.status`` (see its docstring): 序时进度, status, 滞后, 预警."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from supervisor.domain import Comparator, TaskStatus, WarningLight
from supervisor.services.periods import period_of
from supervisor.services.settings import Settings
from supervisor.services.status.records import IndicatorState

# Statuses in the order reports list them.
STATUS_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.DONE,
    TaskStatus.AHEAD,
    TaskStatus.ON_TRACK,
    TaskStatus.BEHIND,
    TaskStatus.DUE_SOON,
    TaskStatus.OVERDUE,
    TaskStatus.NOT_REPORTED,
)

_PROGRESS_COMPARATORS = frozenset(
    {Comparator.EQ, Comparator.GE, Comparator.APPROX, Comparator.RANGE}
)


def time_progress(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """序时进度: the elapsed share of the days from ``start`` to ``deadline``, 0..1."""
    if as_of < start:
        return 0.0
    if as_of >= deadline:
        return 1.0
    return ((as_of - start).days + 1) / ((deadline - start).days + 1)


def indicator_progress(indicators: Iterable[IndicatorState]) -> float | None:
    """Mean of min(actual / target, 1) over the indicators that measure progress, or None."""
    return mean_share((item.value, item.comparator, item.actual) for item in indicators)


def mean_share(items: Iterable[tuple[float | None, str, float | None]]) -> float | None:
    """Mean of min(actual / target, 1) over (target, comparator, actual) that measure progress."""
    shares = [
        min(actual / value, 1.0)
        for value, comparator, actual in items
        if actual is not None and _measures_progress(value, comparator)
    ]
    return _mean(shares)


def _measures_progress(value: float | None, comparator: str) -> bool:
    """A target measures progress: a positive target of a rising kind (not a ceiling)."""
    return value is not None and value > 0 and comparator in _PROGRESS_COMPARATORS


def measuring(targets: Iterable[tuple[int, float | None, str]]) -> list[tuple[int, float]]:
    """(indicator id, target) of those (id, target, comparator) that measure progress.

    ``mean_share``'s filter on the targets alone, for a caller that measures many reports
    of one task (a trend): it filters once, then ``measured_share`` per report.
    """
    return [
        (indicator_id, value)
        for indicator_id, value, comparator in targets
        if _measures_progress(value, comparator)
    ]


def measured_share(measures: list[tuple[int, float]], actuals: dict[int, float]) -> float | None:
    """``mean_share`` over ``measuring``'s targets, each at its actual in ``actuals``."""
    shares = []
    for indicator_id, value in measures:
        actual = actuals.get(indicator_id)
        if actual is not None:
            shares.append(min(actual / value, 1.0))
    return _mean(shares)


def _mean(shares: list[float]) -> float | None:
    if not shares:
        return None
    return max(sum(shares) / len(shares), 0.0)


def derive_status(
    *,
    as_of: dt.date,
    start: dt.date,
    deadline: dt.date,
    percent_done: float | None,
    last_report_date: dt.date | None,
    settings: Settings,
) -> TaskStatus:
    """The status of one task by the rule in services.status's docstring.

    Args:
        percent_done: 0..1, or None when unknown (counts as 0).
        last_report_date: the date of the latest report on or before ``as_of``.
    """
    period_start = period_of(as_of, settings.reporting_period).start
    return status_by(
        day_rule(as_of, period_start, start, deadline, settings), percent_done, last_report_date
    )


# What the rule reads of a task's dates on one day, apart from its progress (see day_rule).
DayRule = tuple[bool, bool, dt.date, bool, float, float]


def day_rule(
    as_of: dt.date, period_start: dt.date, start: dt.date, deadline: dt.date, settings: Settings
) -> DayRule:
    """The part of the rule that depends only on the day and the task's dates.

    Tasks share a few (start, deadline) pairs, so a trend works this out once per pair and
    day and gives each task only its progress (``status_by``), not the date arithmetic.
    Returns (逾期 by date, a report is expected this period, the period's first day, 临期 by
    date, below this 完成进度 is 欠序时, above this 超序时).
    """
    expected = time_progress(start, deadline, as_of)
    return (
        as_of > deadline,
        start < period_start,
        period_start,
        (deadline - as_of).days <= settings.due_soon_days,
        expected - settings.behind_margin / 100,
        expected + settings.ahead_margin / 100,
    )


class DatedRules:
    """序时进度 and ``day_rule`` on one day, worked out once per (start, deadline) pair.

    A plan's tasks share a few pairs, so the status of every task and a trend's days do the
    date arithmetic per pair, not per task.
    """

    __slots__ = ("_as_of", "_known", "_period_start", "_settings")

    def __init__(self, as_of: dt.date, period_start: dt.date, settings: Settings) -> None:
        self._as_of = as_of
        self._period_start = period_start
        self._settings = settings
        self._known: dict[tuple[dt.date, dt.date], tuple[float, DayRule]] = {}

    def __call__(self, start: dt.date, deadline: dt.date) -> tuple[float, DayRule]:
        """(序时进度, the day's rule) of a task running from ``start`` to ``deadline``."""
        dated = self._known.get((start, deadline))
        if dated is None:
            as_of = self._as_of
            dated = self._known[start, deadline] = (
                time_progress(start, deadline, as_of),
                day_rule(as_of, self._period_start, start, deadline, self._settings),
            )
        return dated


def status_by(
    rule: DayRule, percent_done: float | None, last_report_date: dt.date | None
) -> TaskStatus:
    """The status of a task on the day of ``rule`` (``day_rule``), by the rule's order."""
    overdue, expects_report, period_start, due_soon, behind_below, ahead_above = rule
    done = percent_done or 0.0
    if done >= 1.0 - 1e-9:
        return TaskStatus.DONE
    if overdue:
        return TaskStatus.OVERDUE
    if expects_report and (last_report_date is None or last_report_date < period_start):
        return TaskStatus.NOT_REPORTED
    if due_soon:
        return TaskStatus.DUE_SOON
    if done < behind_below:
        return TaskStatus.BEHIND
    if done > ahead_above:
        return TaskStatus.AHEAD
    return TaskStatus.ON_TRACK


def derive_lagging(
    status: TaskStatus | None, percent_done: float | None, time_progress: float, settings: Settings
) -> bool:
    """滞后 by the rule in services.status's docstring: 欠序时, 逾期, or 临期 while behind 序时."""
    if status is TaskStatus.BEHIND or status is TaskStatus.OVERDUE:
        return True
    if status is TaskStatus.DUE_SOON:
        # The same comparison as 欠序时 in status_by, so the two never disagree at the margin.
        return (percent_done or 0.0) < time_progress - settings.behind_margin / 100
    return False


def derive_warning(
    status: TaskStatus | None,
    percent_done: float | None,
    time_progress: float,
    lagging: bool,
    settings: Settings,
) -> WarningLight | None:
    """预警 (绿灯/黄灯/红灯) by the rule in services.status's docstring; None when not assessed.

    Args:
        status: None for a 常态化 task (not assessed).
    """
    if status is None:
        return None
    if status is TaskStatus.DONE:
        return WarningLight.GREEN
    if status is TaskStatus.OVERDUE:
        return WarningLight.RED
    gap = (time_progress - (percent_done or 0.0)) * 100
    # A hair of float noise must not tip a task over a band edge typed as a whole number.
    if gap > settings.warning_red_points + 1e-9:
        return WarningLight.RED
    if lagging or status is TaskStatus.NOT_REPORTED or gap >= settings.warning_yellow_points - 1e-9:
        return WarningLight.YELLOW
    return WarningLight.GREEN


class _Assessed(Protocol):
    @property
    def lagging(self) -> bool: ...


def is_lagging(state: _Assessed) -> bool:
    """Whether a task is 滞后: the one predicate every output lists lagging tasks by.

    Takes a ``TaskState`` or a report row (``reports.data.TaskRow``): both carry the flag
    derived once by ``derive_lagging`` (the rule in services.status's docstring), so the
    bulletin, the sheets, the GUI and the command line cannot disagree.
    """
    return state.lagging


def percent_done_of(
    percent: float | None,
    targets: list[tuple[int, float | None, str]] | None,
    actuals: dict[int, float],
) -> float | None:
    """完成进度 0..1 from a report's percent, else from its indicators' actuals (see the rule)."""
    if percent is not None:
        return min(max(percent / 100, 0.0), 1.0)
    if targets:
        return mean_share(
            (value, comparator, actuals.get(indicator_id))
            for indicator_id, value, comparator in targets
        )
    return None
