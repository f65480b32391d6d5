"""Statistics figures a mutation run found unchecked: every field of a ranking line, rounding,
ties, weights from the settings passed in, the trend's window.

Expected figures are worked out by hand from the rule in ``services.statistics``' docstring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, WarningLight
from supervisor.reports.data import DepartmentScore
from supervisor.services import assignment, progress, statistics, status, urging
from supervisor.services.settings import Settings
from supervisor.services.urging import DepartmentUrgings
from tests.services.conftest import ACTOR, TODAY, Office

Leaf = status.LeafStatus
S = TaskStatus

# Seven leaf tasks of four areas; 丙局 only supports, 戊局 was only sent a blue 督办单.
STATES = [
    Leaf(1, S.DONE, "一", "甲局", ("乙局",), warning=WarningLight.GREEN),
    Leaf(2, S.OVERDUE, "二", "甲局", (), lagging=True, warning=WarningLight.RED),
    Leaf(3, S.BEHIND, "一", "乙局", ("甲局", "丙局"), lagging=True, warning=WarningLight.YELLOW),
    Leaf(4, S.NOT_REPORTED, "二", "乙局", ()),
    Leaf(5, S.ON_TRACK, "三", None, ("丙局",), warning=WarningLight.GREEN),
    Leaf(6, S.AHEAD, "三", "丁局", (), warning=WarningLight.GREEN),
    Leaf(7, S.DUE_SOON, "一", "己局", (), warning=WarningLight.GREEN),
]
URGINGS = [
    DepartmentUrgings(1, "乙局", total=4, blue=1, yellow=2, red=1),
    DepartmentUrgings(9, "戊局", total=1, blue=1, yellow=0, red=0),
]
# No default weight, so a weight taken from elsewhere (the defaults) shows; −0.333 and
# −0.125 leave a third decimal for the rounding to two places to cut.
RULES = dataclasses.replace(
    Settings(),
    score_base=90,
    score_done=3,
    score_overdue=-4,
    score_behind=-1.5,
    score_not_reported=-0.333,
    score_red_card=-2,
    score_yellow_card=-0.125,
    score_co_weight=0.4,
)


def _figures(line: DepartmentScore) -> tuple:
    return (
        line.rank,
        line.department,
        line.lead_tasks,
        line.co_tasks,
        line.done,
        line.behind,
        line.overdue,
        line.not_reported,
        line.blue_cards,
        line.yellow_cards,
        line.red_cards,
        line.weighted_tasks,
        line.points,
        line.score,
        line.scoring,
    )


def test_every_figure_of_a_ranking_line_per_task() -> None:
    ranking = statistics.department_ranking(STATES, URGINGS, RULES, scoring="average")

    # 甲局: done +3, overdue −4, supports the behind task 0.4 × −1.5: −1.6 over 2 + 0.4 tasks.
    # 乙局: behind −1.5, silent −0.333, supports the done task 0.4 × 3, red −2, 2 yellow −0.25:
    # −2.883 (shown −2.88) over 2.4 tasks = −1.20125. 丁局 and 己局 lead a task worth 0 and
    # share rank 1; the next rank is 3.
    assert [_figures(line) for line in ranking.ranked] == [
        (1, "丁局", 1, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 0.0, 90.0, "average"),
        (1, "己局", 1, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 0.0, 90.0, "average"),
        (3, "甲局", 2, 1, 1, 0, 1, 0, 0, 0, 0, 2.4, -1.6, 89.33, "average"),
        (4, "乙局", 2, 1, 0, 1, 0, 1, 1, 2, 1, 2.4, -2.88, 88.8, "average"),
    ]
    # Unranked, in name order: 丙局 supports two tasks (−0.6 over 0.8); 戊局 has no task at
    # all, so nothing to divide by: the base plus its points.
    assert [_figures(line) for line in ranking.unranked] == [
        (None, "丙局", 0, 2, 0, 0, 0, 0, 0, 0, 0, 0.8, -0.6, 89.25, "average"),
        (None, "戊局", 0, 0, 0, 0, 0, 0, 1, 0, 0, 0.0, 0.0, 90.0, "average"),
    ]


def test_every_figure_of_a_ranking_line_as_a_sum() -> None:
    ranking = statistics.department_ranking(STATES, URGINGS, RULES, scoring="sum")

    # 90 − 2.883 = 87.117, shown to two places.
    assert [(line.rank, line.department, line.score, line.scoring) for line in ranking.ranked] == [
        (1, "丁局", 90.0, "sum"),
        (1, "己局", 90.0, "sum"),
        (3, "甲局", 88.4, "sum"),
        (4, "乙局", 87.12, "sum"),
    ]
    assert [(line.department, line.score) for line in ranking.unranked] == [
        ("丙局", 89.4),
        ("戊局", 90.0),
    ]


def test_each_task_of_a_status_is_counted_on_the_lead_line() -> None:
    states = [
        Leaf(1, S.DONE, "一", "甲局", ()),
        Leaf(2, S.DONE, "一", "甲局", ()),
        Leaf(3, S.OVERDUE, "一", "甲局", ()),
        Leaf(4, S.OVERDUE, "一", "甲局", ()),
        Leaf(5, S.OVERDUE, "一", "甲局", ()),
        Leaf(6, S.BEHIND, "一", "甲局", ()),
        Leaf(7, S.BEHIND, "一", "甲局", ()),
        Leaf(8, S.NOT_REPORTED, "一", "甲局", ()),
        Leaf(9, S.NOT_REPORTED, "一", "甲局", ()),
    ]
    (line,) = statistics.department_ranking(states, (), Settings()).ranked
    assert (line.lead_tasks, line.done, line.overdue, line.behind, line.not_reported) == (
        9,
        2,
        3,
        2,
        2,
    )
    # 2 × 2 − 3 × 5 − 2 × 2 − 2 × 1 = −17 over 9 tasks.
    assert (line.points, line.score) == (-17.0, round(100 - 17 / 9, 2))


def test_the_scoring_setting_is_read_when_none_is_given() -> None:
    as_sum = dataclasses.replace(RULES, ranking_score="sum")
    ranking = statistics.department_ranking(STATES, URGINGS, as_sum)
    assert {line.scoring for line in ranking.ranked} == {"sum"}
    assert ranking.ranked[3].score == 87.12
    with pytest.raises(statistics.ValidationError, match="排名计分方式只能是"):
        statistics.department_ranking(STATES, URGINGS, RULES, scoring="平均")


def test_counts_shares_areas_lights_and_silent_units() -> None:
    counts = statistics.status_counts(STATES)
    assert [(c.status, c.count, round(c.share, 4)) for c in counts] == [
        (s, n, round(n / 7, 4))
        for s, n in zip(status.STATUS_ORDER, [1, 1, 1, 1, 1, 1, 1], strict=True)
    ]
    assert [(c.count, c.share) for c in statistics.status_counts([])] == [(0, 0.0)] * len(
        status.STATUS_ORDER
    )

    areas = statistics.area_summaries(STATES)
    assert [(a.area, a.total) for a in areas] == [("一", 3), ("二", 2), ("三", 2)]
    assert areas[0].counts == {s: int(s in (S.DONE, S.BEHIND, S.DUE_SOON)) for s in S}
    assert list(areas[0].counts) == list(status.STATUS_ORDER)

    assert statistics.warning_counts(STATES) == {
        WarningLight.GREEN: 4,
        WarningLight.YELLOW: 1,
        WarningLight.RED: 1,
    }
    assert statistics.warning_counts([]) == dict.fromkeys(WarningLight, 0)

    # Most silent tasks first, then by name; a silent task without a lead unit names nobody.
    silent = [
        *STATES,
        Leaf(8, S.NOT_REPORTED, "三", "甲局", ()),
        Leaf(9, S.NOT_REPORTED, "三", "丁局", ()),
        Leaf(10, S.NOT_REPORTED, "三", "甲局", ()),
        Leaf(11, S.NOT_REPORTED, "三", None, ()),
        Leaf(12, S.BEHIND, "三", "己局", ()),
    ]
    # 甲局 two; 乙局 (met first) and 丁局 one each: by name, not by the order met.
    assert statistics.not_reported_departments(silent) == ("甲局", "丁局", "乙局")


DAY = dt.date(2020, 7, 1)


@pytest.fixture
def assigned(session: Session, office: Office) -> Office:
    """Projects done (lead 发改委, co 工信局), jobs behind (lead 人社局), poverty silent."""
    assignment.assign(
        session, [office.projects], lead="市发展改革委", co=["市工业和信息化局"], actor=ACTOR
    )
    assignment.assign(
        session, [office.jobs, office.poverty], lead="市人力资源社会保障局", actor=ACTOR
    )
    for task_id, percent in ((office.projects, 100), (office.jobs, 20)):
        progress.add_progress(
            session, task_id, report_date=DAY, percent=percent, today=TODAY, actor=ACTOR
        )
    session.commit()
    return office


def test_plan_statistics_use_the_settings_passed_in(session: Session, assigned: Office) -> None:
    # Stored settings are the defaults (weekly); the ones passed in rule everything.
    rules = dataclasses.replace(RULES, reporting_period="month", behind_margin=50.0)

    stats = statistics.plan_statistics(session, assigned.plan_id, as_of=DAY, settings=rules)

    assert stats.period_label == "2020年7月"
    # A margin of 50 points: 20 % done at 50 % of the time is not behind but on track.
    counts = {c.status: c.count for c in stats.status_counts}
    assert (counts[S.DONE], counts[S.ON_TRACK], counts[S.NOT_REPORTED]) == (1, 1, 1)
    lines = {line.department: line for line in stats.departments}
    assert (lines["市发展改革委"].points, lines["市发展改革委"].score) == (3.0, 93.0)
    # 人社局: on track 0, silent −0.333 over two tasks.
    assert lines["市人力资源社会保障局"].score == round(90 - 0.333 / 2, 2)
    assert [(u.department, u.points) for u in stats.unranked_departments] == [
        ("市工业和信息化局", 1.2)
    ]


def test_plan_statistics_from_given_states_skip_parents_and_routine_tasks(
    session: Session, assigned: Office
) -> None:
    urging.urge(
        session,
        assigned.jobs,
        note="请加快",
        colour="红",
        date="2020-06-30",
        today=TODAY,
        actor=ACTOR,
    )
    states = status.task_states(session, assigned.plan_id, as_of=DAY)
    from_states = statistics.plan_statistics(session, assigned.plan_id, as_of=DAY, states=states)
    queried = statistics.plan_statistics(session, assigned.plan_id, as_of=DAY)

    assert from_states.total == queried.total == 3
    assert from_states == queried
    assert queried.lagging == 1
    assert sum(queried.warning_counts.values()) == 3
    assert queried.not_reported_departments == ("市人力资源社会保障局",)
    assert queried.as_of == DAY
    assert [(u.department, u.total, u.red) for u in queried.urgings] == [
        ("市人力资源社会保障局", 1, 1)
    ]


def test_the_trend_counts_eight_periods_ending_on_the_day(
    session: Session, assigned: Office
) -> None:
    points = statistics.trend(session, assigned.plan_id, as_of=DAY)
    assert [p.period_label for p in points] == [f"2020年第{w}周" for w in range(20, 28)]
    # Week 27 is counted on 1 July (the reports' day), not on its Sunday.
    assert [p.counts[S.DONE] for p in points] == [0] * 7 + [1]
    assert [p.counts[S.NOT_REPORTED] for p in points] == [3] * 7 + [1]
    assert list(points[-1].counts) == list(status.STATUS_ORDER)


def test_the_trend_starts_in_the_plan_year_and_looks_back_400_days(
    session: Session, assigned: Office
) -> None:
    # Early January: only the first days of the plan's year, nothing of the year before.
    first = statistics.trend(session, assigned.plan_id, as_of=dt.date(2020, 1, 7), periods=5)
    assert [p.period_label for p in first] == ["2020年第1周", "2020年第2周"]
    assert statistics.trend(session, assigned.plan_id, as_of=dt.date(2019, 12, 31)) == ()
    # On 1 January the plan's first week is counted as a point.
    assert len(statistics.trend(session, assigned.plan_id, as_of=dt.date(2020, 1, 1))) == 1
    # Two years on, the window is the last 400 days: months from November 2020.
    monthly = dataclasses.replace(Settings(), reporting_period="month")
    late = statistics.trend(
        session, assigned.plan_id, as_of=dt.date(2021, 12, 31), periods=30, settings=monthly
    )
    assert late[0].period_label == "2020年11月"
    assert len(late) == 14
    # 400 days before 4 January 2022 is Monday 30 November 2020: its week is the first, the
    # week before (it ends one day before the window) is not.
    weekly = statistics.trend(
        session, assigned.plan_id, as_of=dt.date(2022, 1, 4), periods=100, settings=Settings()
    )
    assert weekly[0].period_label == "2020年第49周"


def test_the_trend_counts_with_the_settings_passed_in(session: Session, assigned: Office) -> None:
    # Stored: a 5-point margin (20 % done at 50 % of the time is behind); passed in: 50.
    lenient = dataclasses.replace(Settings(), behind_margin=50.0)
    (point,) = statistics.trend(session, assigned.plan_id, as_of=DAY, periods=1, settings=lenient)
    assert (point.counts[S.BEHIND], point.counts[S.ON_TRACK]) == (0, 1)
    (stored,) = statistics.trend(session, assigned.plan_id, as_of=DAY, periods=1)
    assert (stored.counts[S.BEHIND], stored.counts[S.ON_TRACK]) == (1, 0)
