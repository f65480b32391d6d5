"""Statistics for reports and the dashboard: status shares, areas, departments, trend.

Everything counts leaf tasks (see ``services.status``) on a given date.

Department ranking (考评), with the weights of ``services.settings``. For each unit:

    points = Σ over the unit's tasks of  weight × points(status)
           + score_red_card × red 督办单 + score_yellow_card × yellow 督办单
    weighted_tasks = lead tasks + score_co_weight × co tasks

where weight is 1 for a task the unit leads and ``score_co_weight`` for one it supports,
points(已完成) = ``score_done``, points(逾期) = ``score_overdue``, points(欠序时) =
``score_behind``, points(未报送) = ``score_not_reported`` and 0 otherwise; a 督办单 counts
against the unit it was addressed to (blue ones are counted and shown, and cost nothing).
Then, by the ``ranking_score`` setting (or the ``stats --score`` option):

* ``average`` (default): score = score_base + points / weighted_tasks — the points per
  task, so a unit with many tasks is not punished for their number;
* ``sum``: score = score_base + points — the raw sum.

Defaults: base 100, +2 done, −5 overdue, −2 behind, −1 not reported, −3 per red and −1 per
yellow card, co-units weigh 0.5. Only units that lead at least one task are ranked, by
score (highest first), then by name; equal scores share a rank (1, 1, 3). A unit that leads
no task (it only supports, or was only sent a 督办单) is listed apart, unranked, with the
same figures: with nothing of its own to answer for it must not come first. Every line
carries task counts, 蓝/黄/红 督办单, points and weighted_tasks, so each score can be
checked from the table. The counts of done, behind, overdue and not reported are of the
tasks a unit leads. 常态化 tasks are in no count (``services.status``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, WarningLight
from supervisor.errors import ValidationError
from supervisor.reports.data import (
    AreaSummary,
    DepartmentScore,
    PlanFigures,
    StatusCount,
    TrendPoint,
)
from supervisor.services.periods import period_of, periods_between
from supervisor.services.settings import RANKING_SCORES, Settings, load_settings
from supervisor.services.status import (
    STATUS_ORDER,
    TaskState,
    counts_on_days,
    leaf_statuses,
    without_gc,
)
from supervisor.services.tasks import get_plan
from supervisor.services.urging import DepartmentUrgings, department_urgings


class CountedTask(Protocol):
    """What the counts read of a leaf task: a TaskState or a LeafStatus."""

    @property
    def status(self) -> TaskStatus: ...
    @property
    def area(self) -> str: ...
    @property
    def lead_department(self) -> str | None: ...
    @property
    def co_departments(self) -> tuple[str, ...]: ...
    @property
    def lagging(self) -> bool: ...
    @property
    def warning(self) -> WarningLight | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanStatistics(PlanFigures):
    """The numbers of a plan on one date (what the dashboard and the bulletin show)."""

    as_of: dt.date
    period_label: str
    total: int
    urgings: tuple[DepartmentUrgings, ...]


@dataclass(frozen=True, slots=True)
class DepartmentRanking:
    """The ranked units and, apart, the units that lead no task."""

    ranked: tuple[DepartmentScore, ...]
    unranked: tuple[DepartmentScore, ...]


def plan_statistics(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    states: Sequence[TaskState] | None = None,
    settings: Settings | None = None,
    scoring: str | None = None,
) -> PlanStatistics:
    """Counts and shares by status, by area and by department, and the department ranking.

    Args:
        states: the leaf tasks' states if the caller already has them (saves a query).
        scoring: "average" or "sum", instead of the ``ranking_score`` setting.

    Raises:
        ValidationError: an unknown scoring.
    """
    get_plan(session, plan_id)
    settings = settings or load_settings(session)
    # Not only while the states are built: a collection right after would scan them all.
    with without_gc():
        leaves: Sequence[CountedTask]
        if states is None:
            leaves = leaf_statuses(session, plan_id, as_of=as_of, settings=settings)
        else:
            # A 常态化 task is not assessed: in no count (services.status).
            leaves = [state for state in states if state.is_leaf and state.status is not None]
        urgings = department_urgings(session, plan_id, as_of=as_of)
        ranking = department_ranking(leaves, urgings, settings, scoring=scoring)
        return PlanStatistics(
            as_of=as_of,
            period_label=period_of(as_of, settings.reporting_period).label,
            total=len(leaves),
            status_counts=status_counts(leaves),
            areas=area_summaries(leaves),
            departments=ranking.ranked,
            not_reported_departments=not_reported_departments(leaves),
            urgings=urgings,
            unranked_departments=ranking.unranked,
            lagging=sum(1 for leaf in leaves if leaf.lagging),
            warning_counts=warning_counts(leaves),
        )


def status_counts(states: Sequence[CountedTask]) -> tuple[StatusCount, ...]:
    """How many tasks have each status (every status listed, zeros included), with shares."""
    counter = Counter(state.status for state in states)
    total = len(states)
    return tuple(
        StatusCount(status, counter[status], counter[status] / total if total else 0.0)
        for status in STATUS_ORDER
    )


def warning_counts(states: Sequence[CountedTask]) -> dict[WarningLight, int]:
    """How many tasks show each light (every light listed, zeros included)."""
    counter = Counter(state.warning for state in states)
    return {light: counter[light] for light in WarningLight}


def area_summaries(states: Sequence[CountedTask]) -> tuple[AreaSummary, ...]:
    """Status counts per area (领域), areas in the order of the plan."""
    # One counter over (area, status) pairs: its keys keep the order areas first appear in.
    pairs = Counter((state.area, state.status) for state in states)
    areas: dict[str, Counter[TaskStatus]] = {}
    for (area, status), count in pairs.items():
        areas.setdefault(area, Counter())[status] = count
    return tuple(
        AreaSummary(area, sum(counter.values()), {s: counter[s] for s in STATUS_ORDER})
        for area, counter in areas.items()
    )


# Where department_ranking keeps each figure in a department's line.
_LEAD, _CO, _POINTS, _RED, _YELLOW, _BLUE = 0, 1, 2, 3, 8, 9
_COUNTED = {
    TaskStatus.DONE: 4,
    TaskStatus.BEHIND: 5,
    TaskStatus.OVERDUE: 6,
    TaskStatus.NOT_REPORTED: 7,
}
_FIGURES = 10


def department_ranking(
    states: Sequence[CountedTask],
    urgings: Sequence[DepartmentUrgings],
    settings: Settings,
    *,
    scoring: str | None = None,
) -> DepartmentRanking:
    """Departments ranked by the scoring rule in this module's docstring.

    Args:
        scoring: "average" or "sum"; None takes the ``ranking_score`` setting.

    Raises:
        ValidationError: an unknown scoring.
    """
    scoring = scoring or settings.ranking_score
    if scoring not in RANKING_SCORES:
        raise ValidationError(f"排名计分方式只能是 average（按任务平均）或 sum（合计）：{scoring}")
    points = {
        TaskStatus.DONE: settings.score_done,
        TaskStatus.OVERDUE: settings.score_overdue,
        TaskStatus.BEHIND: settings.score_behind,
        TaskStatus.NOT_REPORTED: settings.score_not_reported,
    }
    co_weight = settings.score_co_weight
    # A list per department rather than a Counter keyed by strings: this loop runs once per
    # task. Points are added in the same order as the rule reads, so the floats are the same.
    lines: dict[str, list[float]] = {}
    for state in states:
        status = state.status
        value = points.get(status, 0.0)
        name = state.lead_department
        if name:
            entry = lines.get(name)
            if entry is None:
                entry = lines[name] = [0] * _FIGURES
            entry[_LEAD] += 1
            entry[_POINTS] += value
            slot = _COUNTED.get(status)
            if slot is not None:
                entry[slot] += 1
        for name in state.co_departments:
            entry = lines.get(name)
            if entry is None:
                entry = lines[name] = [0] * _FIGURES
            entry[_CO] += 1
            entry[_POINTS] += co_weight * value
    for item in urgings:
        entry = lines.setdefault(item.department, [0] * _FIGURES)
        entry[_RED] += item.red
        entry[_YELLOW] += item.yellow
        entry[_BLUE] += item.blue
        entry[_POINTS] += settings.score_red_card * item.red
        entry[_POINTS] += settings.score_yellow_card * item.yellow
    scored = [
        (_score(entry, co_weight, scoring, settings.score_base), name, entry)
        for name, entry in lines.items()
    ]
    ranked: list[DepartmentScore] = []
    unranked: list[DepartmentScore] = []
    for score, name, entry in sorted(scored, key=lambda item: (-item[0], item[1])):
        if entry[_LEAD]:
            index = len(ranked)
            rank = ranked[-1].rank if ranked and ranked[-1].score == score else index + 1
            ranked.append(_line(rank, name, entry, score, co_weight, scoring))
        else:
            unranked.append(_line(None, name, entry, score, co_weight, scoring))
    # Apart from the ranking, in name order: their scores are not comparable with the ranked.
    unranked.sort(key=lambda line: line.department)
    return DepartmentRanking(tuple(ranked), tuple(unranked))


def _score(entry: list[float], co_weight: float, scoring: str, base: float) -> float:
    weighted = entry[_LEAD] + co_weight * entry[_CO]
    if scoring == "sum" or not weighted:
        return round(base + entry[_POINTS], 2)
    return round(base + entry[_POINTS] / weighted, 2)


def _line(
    rank: int | None,
    name: str,
    entry: list[float],
    score: float,
    co_weight: float,
    scoring: str,
) -> DepartmentScore:
    return DepartmentScore(
        rank=rank,
        department=name,
        lead_tasks=int(entry[_LEAD]),
        co_tasks=int(entry[_CO]),
        done=int(entry[_COUNTED[TaskStatus.DONE]]),
        behind=int(entry[_COUNTED[TaskStatus.BEHIND]]),
        overdue=int(entry[_COUNTED[TaskStatus.OVERDUE]]),
        not_reported=int(entry[_COUNTED[TaskStatus.NOT_REPORTED]]),
        red_cards=int(entry[_RED]),
        score=score,
        yellow_cards=int(entry[_YELLOW]),
        blue_cards=int(entry[_BLUE]),
        weighted_tasks=entry[_LEAD] + co_weight * entry[_CO],
        points=round(entry[_POINTS], 2),
        scoring=scoring,
    )


def not_reported_departments(states: Sequence[CountedTask]) -> tuple[str, ...]:
    """Lead units with at least one task 未报送, most such tasks first."""
    counter = Counter(
        state.lead_department
        for state in states
        if state.status is TaskStatus.NOT_REPORTED and state.lead_department
    )
    return tuple(name for name, _ in sorted(counter.items(), key=lambda p: (-p[1], p[0])))


def trend(
    session: Session,
    plan_id: int,
    *,
    as_of: dt.date,
    periods: int = 8,
    settings: Settings | None = None,
    counts_as_of: Sequence[StatusCount] | None = None,
) -> tuple[TrendPoint, ...]:
    """Status counts at the end of each of the last ``periods`` reporting periods.

    The last point is ``as_of`` itself (the current period so far). Periods before the
    plan's year are left out.

    Args:
        counts_as_of: the counts on ``as_of`` if the caller has them already (the
            bulletin's statistics): the last point is then taken from them, and the reports
            of the current period are not read again.
    """
    plan = get_plan(session, plan_id)
    settings = settings or load_settings(session)
    kind = settings.reporting_period
    first = max(dt.date(plan.year, 1, 1), as_of - dt.timedelta(days=400))
    if first > as_of:
        return ()
    chosen = periods_between(first, as_of, kind)[-periods:]
    days = [min(period.end, as_of) for period in chosen]
    # Past periods' counts are stored (and counted and stored where missing or made stale):
    # they hold until data dated on or before them changes. The current period is counted.
    counted_on = partial(counts_on_days, settings=settings, store_before=chosen[-1].start)
    if counts_as_of is None:
        counts = counted_on(session, plan_id, days)
    else:
        # The last period is the one containing as_of, so its point is as_of's counts.
        counts = counted_on(session, plan_id, days[:-1])
        counts.append(Counter({count.status: count.count for count in counts_as_of}))
    return tuple(
        TrendPoint(period.label, {s: counter[s] for s in STATUS_ORDER})
        for period, counter in zip(chosen, counts, strict=True)
    )
