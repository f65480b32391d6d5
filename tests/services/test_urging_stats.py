"""Urging, statistics, the department ranking, the trend and the data for reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy.orm import Session

from supervisor.domain import TaskStatus, UrgingColour
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import (
    assignment,
    progress,
    reporting,
    settings,
    statistics,
    status,
    tasks,
    urging,
)
from tests.services.conftest import ACTOR, TODAY, Office

DAY = dt.date(2020, 7, 1)  # 序时进度 50 %


def _report(session: Session, task_id: int, day: dt.date, **kwargs) -> None:
    progress.add_progress(session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs)


@pytest.fixture
def busy(session: Session, office: Office) -> Office:
    """The sample plan assigned and reported on: projects done, jobs behind, poverty silent."""
    assignment.assign(
        session, [office.projects], lead="市发展改革委", co=["市工业和信息化局"], actor=ACTOR
    )
    assignment.assign(
        session, [office.jobs], lead="市人力资源社会保障局", co=["市发展改革委"], actor=ACTOR
    )
    assignment.assign(session, [office.poverty], lead="市人力资源社会保障局", actor=ACTOR)
    _report(session, office.projects, DAY, percent=100, progress_text="全部开工")
    _report(session, office.jobs, DAY, percent=20, problems="企业用工减少")
    urging.urge(
        session,
        office.jobs,
        note="请加快进度",
        colour="黄",
        date="2020-06-20",
        today=TODAY,
        actor=ACTOR,
    )
    urging.urge(
        session,
        office.poverty,
        note="请报送进展",
        colour="红",
        date="2020-06-29",
        today=TODAY,
        actor=ACTOR,
    )
    urging.urge(
        session, office.poverty, note="再次催报", date="2020-07-10", today=TODAY, actor=ACTOR
    )
    session.commit()
    return office


def test_urging_is_addressed_to_the_lead_unit_by_default(session: Session, busy: Office) -> None:
    rows = urging.list_urgings(session, busy.plan_id, task_id=busy.poverty)
    assert [(u.department, u.colour, str(u.date)) for u in rows] == [
        ("市人力资源社会保障局", None, "2020-07-10"),
        ("市人力资源社会保障局", UrgingColour.RED, "2020-06-29"),
    ]


def test_urging_counts_per_task_and_department_as_of_a_date(session: Session, busy: Office) -> None:
    counts = urging.urging_counts(session, busy.plan_id, as_of=DAY)
    assert counts.per_task == {busy.jobs: 1, busy.poverty: 1}
    [line] = counts.per_department
    assert (line.department, line.total, line.yellow, line.red) == ("市人力资源社会保障局", 2, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"note": " "}, ValidationError, "催办内容不能为空"),
        ({"note": "x", "colour": "紫"}, ValidationError, "督办单颜色只能是 蓝、黄 或 红"),
        ({"note": "x", "date": "2021-02-01"}, ValidationError, "晚于今天"),
        ({"note": "x", "department": "市无此局"}, NotFoundError, "没有名为“市无此局”的单位"),
    ],
)
def test_bad_urgings_are_refused(
    unchanged, session: Session, busy: Office, kwargs, error, message
) -> None:
    unchanged(
        lambda: urging.urge(session, busy.jobs, today=TODAY, actor=ACTOR, **kwargs), error, message
    )


def test_urging_a_task_without_a_lead_unit_needs_a_unit(
    unchanged, session: Session, office: Office
) -> None:
    unchanged(
        lambda: urging.urge(session, office.jobs, note="x", today=TODAY, actor=ACTOR),
        ValidationError,
        "尚未确定牵头单位",
    )


def test_status_counts_and_shares(session: Session, busy: Office) -> None:
    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY)

    counts = {c.status: (c.count, c.share) for c in stats.status_counts}
    assert stats.total == 3
    assert counts[TaskStatus.DONE] == (1, pytest.approx(1 / 3))
    assert counts[TaskStatus.BEHIND] == (1, pytest.approx(1 / 3))
    assert counts[TaskStatus.NOT_REPORTED] == (1, pytest.approx(1 / 3))
    assert sum(c.count for c in stats.status_counts) == 3
    assert [(a.area, a.total) for a in stats.areas] == [
        ("（一）聚焦产业转型", 2),
        ("（二）保障改善民生", 1),
    ]
    assert stats.not_reported_departments == ("市人力资源社会保障局",)
    assert stats.period_label == "2020年第27周"


def test_department_ranking_follows_the_documented_rule(session: Session, busy: Office) -> None:
    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY)
    ranking = {d.department: d for d in stats.departments}

    # Per task (the default): points ÷ (lead tasks + 0.5 × co tasks).
    # 发改委: leads the done task (+2), supports the behind one (0.5 × −2): 1 ÷ 1.5.
    ndrc = ranking["市发展改革委"]
    assert (ndrc.points, ndrc.weighted_tasks, ndrc.score) == (1.0, 1.5, 100.67)
    # 人社局: leads a behind (−2) and a silent task (−1), one yellow (−1), one red card (−3).
    hr = ranking["市人力资源社会保障局"]
    assert (hr.score, hr.points, hr.lead_tasks, hr.behind, hr.not_reported) == (
        96.5,
        -7.0,
        2,
        1,
        1,
    )
    assert (hr.blue_cards, hr.yellow_cards, hr.red_cards) == (0, 1, 1)
    assert [(d.rank, d.department) for d in stats.departments] == [
        (1, "市发展改革委"),
        (2, "市人力资源社会保障局"),
    ]
    # 工信局 only supports the done task (0.5 × +2): it leads nothing, so it is listed apart.
    (apart,) = stats.unranked_departments
    assert (apart.department, apart.rank, apart.co_tasks, apart.score) == (
        "市工业和信息化局",
        None,
        1,
        102.0,
    )
    for line in (*stats.departments, *stats.unranked_departments):
        assert line.score == round(100 + line.points / line.weighted_tasks, 2)


def test_the_raw_sum_stays_selectable(session: Session, busy: Office) -> None:
    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY, scoring="sum")
    ranking = {d.department: d for d in stats.departments}
    assert ranking["市发展改革委"].score == 101.0
    assert ranking["市人力资源社会保障局"].score == 93.0
    assert stats.unranked_departments[0].score == 101.0
    settings.set_setting(session, "ranking_score", "sum", actor=ACTOR)
    again = statistics.plan_statistics(session, busy.plan_id, as_of=DAY)
    assert again.departments == stats.departments
    with pytest.raises(ValidationError, match="只能是 average"):
        statistics.plan_statistics(session, busy.plan_id, as_of=DAY, scoring="max")


def test_many_tasks_are_no_handicap_per_task(session: Session, busy: Office) -> None:
    # Two units with the same record per task: one leads a task, the other three such tasks.
    states = [
        status.LeafStatus(1, TaskStatus.BEHIND, "一", "甲局", ()),
        *(status.LeafStatus(2 + i, TaskStatus.BEHIND, "一", "乙局", ()) for i in range(3)),
    ]
    rules = settings.load_settings(session)
    ranking = statistics.department_ranking(states, (), rules)
    assert [(d.rank, d.department, d.score) for d in ranking.ranked] == [
        (1, "乙局", 98.0),
        (1, "甲局", 98.0),
    ]
    raw = statistics.department_ranking(states, (), rules, scoring="sum")
    assert [(d.rank, d.department, d.score) for d in raw.ranked] == [
        (1, "甲局", 98.0),
        (2, "乙局", 94.0),
    ]


def test_scoring_weights_are_settings(session: Session, busy: Office) -> None:
    settings.set_setting(session, "score_red_card", "-10", actor=ACTOR)
    settings.set_setting(session, "score_co_weight", "0", actor=ACTOR)
    session.commit()

    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY, scoring="sum")
    ranking = {d.department: d.score for d in stats.departments}
    assert ranking["市人力资源社会保障局"] == 86.0
    assert stats.unranked_departments[0].score == 100.0


def test_trend_counts_each_period(session: Session, busy: Office) -> None:
    points = statistics.trend(session, busy.plan_id, as_of=DAY, periods=2)
    assert [p.period_label for p in points] == ["2020年第26周", "2020年第27周"]
    assert points[0].counts[TaskStatus.NOT_REPORTED] == 3
    assert points[1].counts[TaskStatus.DONE] == 1


def test_task_rows_carry_what_the_reports_print(session: Session, busy: Office) -> None:
    rows = {r.task_id: r for r in reporting.task_rows(session, busy.plan_id, as_of=DAY)}

    jobs = rows[busy.jobs]
    assert (jobs.area, jobs.lead_department, jobs.co_departments) == (
        "（一）聚焦产业转型",
        "市人力资源社会保障局",
        ("市发展改革委",),
    )
    assert (jobs.status, jobs.percent_done, jobs.problems, jobs.urging_count) == (
        TaskStatus.BEHIND,
        pytest.approx(0.2),
        "企业用工减少",
        1,
    )
    assert jobs.time_progress == pytest.approx(0.5)
    assert [(i.name, i.target_text) for i in jobs.indicators] == [("城镇新增就业", "≥1万人")]
    assert rows[busy.area_industry].progress_text == ""
    leaves = reporting.task_rows(session, busy.plan_id, as_of=DAY, leaves_only=True)
    assert [r.task_id for r in leaves] == [busy.projects, busy.jobs, busy.poverty]
    mine = reporting.task_rows(session, busy.plan_id, as_of=DAY, department="市工业和信息化局")
    assert [r.task_id for r in mine] == [busy.projects]


def test_task_rows_as_of_an_earlier_date(session: Session, busy: Office) -> None:
    rows = {
        r.task_id: r for r in reporting.task_rows(session, busy.plan_id, as_of=dt.date(2020, 6, 30))
    }
    assert rows[busy.projects].status is TaskStatus.NOT_REPORTED
    assert rows[busy.projects].last_report_date is None


def test_bulletin_data_matches_the_statistics(session: Session, busy: Office) -> None:
    data = reporting.bulletin_data(
        session, busy.plan_id, as_of=DAY, requirements="  各单位按时报送。 ", issue_number=12
    )
    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY)

    assert data.header.office_name == "市人民政府督查室"
    assert (data.header.issue_number, data.header.period_label) == (12, "2020年第27周")
    assert data.status_counts == stats.status_counts
    assert data.departments == stats.departments
    assert data.unranked_departments == stats.unranked_departments
    assert [t.task_id for t in data.tasks] == [busy.projects, busy.jobs, busy.poverty]
    assert data.requirements == "各单位按时报送。"
    assert len(data.trend) == 8
    assert data.trend[-1].counts[TaskStatus.DONE] == 1


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "comparator", "text"),
    [
        (128, None, "亿元", "=", "128亿元"),
        (1, None, "万人", ">=", "≥1万人"),
        (6.5, 7, "%", "range", "6.5—7%"),
        (3, None, "%", "<=", "≤3%"),
        (5, None, "亿元", "~", "约5亿元"),
        (1e6, None, "元", "=", "1000000元"),
    ],
)
def test_target_text(value, value_max, unit, comparator, text) -> None:
    assert reporting.target_text(value, value_max, unit, comparator) == text


def test_reporting_on_a_missing_plan_is_refused(session: Session) -> None:
    with pytest.raises(NotFoundError, match="没有编号为 5 的计划"):
        reporting.task_rows(session, 5, as_of=DAY)


def test_settings_have_typed_defaults_and_refuse_bad_values(unchanged, session: Session) -> None:
    assert settings.load_settings(session).due_soon_days == 15
    assert settings.set_setting(session, "due_soon_days", "10", actor=ACTOR).due_soon_days == 10
    for key, value, message in [
        ("due_soon_days", "十", "临期天数必须是整数"),
        ("behind_margin", "120", "应在 0 到 100 之间"),
        ("reporting_period", "day", "只能是 week 或 month"),
        ("score_base", "inf", "必须是有限的数字"),
        ("colour", "red", "没有名为 colour 的设置项"),
    ]:
        unchanged(
            lambda k=key, v=value: settings.set_setting(session, k, v, actor=ACTOR),
            ValidationError,
            message,
        )


def test_a_deleted_task_leaves_the_statistics(session: Session, busy: Office) -> None:
    tasks.delete_task(session, busy.jobs, expected_version=None, actor=ACTOR)
    session.commit()
    stats = statistics.plan_statistics(session, busy.plan_id, as_of=DAY)
    assert stats.total == 2
    assert {c.status: c.count for c in stats.status_counts}[TaskStatus.BEHIND] == 0
    hr = {d.department: d for d in stats.departments}["市人力资源社会保障局"]
    assert hr.lead_tasks == 1


def test_trend_counts_agree_with_the_full_status(session: Session, busy: Office) -> None:
    count = tasks.get_task(session, busy.projects).indicators[0].id
    _report(session, busy.projects, dt.date(2020, 6, 10), actuals={count: 30})
    _report(session, busy.poverty, dt.date(2020, 6, 17), percent=40)
    session.commit()
    days = [dt.date(2020, 6, d) for d in (1, 10, 14, 21, 28)] + [DAY, dt.date(2021, 1, 2)]

    counts = status.status_counts_on(session, busy.plan_id, days)

    for day, counter in zip(days, counts, strict=True):
        states = status.task_states(session, busy.plan_id, as_of=day, leaves_only=True)
        assert counter == Counter(s.status for s in states), day


def test_leaf_statuses_agree_with_the_full_status(session: Session, busy: Office) -> None:
    count, money = (i.id for i in tasks.get_task(session, busy.projects).indicators)
    # Both targets met by the indicators alone: done without a percent.
    _report(session, busy.projects, dt.date(2020, 6, 10), actuals={count: 102, money: 128})
    _report(session, busy.poverty, dt.date(2020, 6, 17), percent=40)
    session.commit()

    for day in [dt.date(2020, 6, 1), dt.date(2020, 6, 14), DAY, dt.date(2021, 1, 2)]:
        leaves = status.leaf_statuses(session, busy.plan_id, as_of=day)
        if day == dt.date(2020, 6, 14):
            assert leaves[0].status is TaskStatus.DONE
        states = status.task_states(session, busy.plan_id, as_of=day, leaves_only=True)
        assert [
            (
                s.task_id,
                s.status,
                s.area,
                s.lead_department,
                s.co_departments,
                s.lagging,
                s.warning,
            )
            for s in states
        ] == list(leaves), day
        # The statistics read either; the dashboard and the bulletin must show one set of numbers.
        assert statistics.plan_statistics(
            session, busy.plan_id, as_of=day
        ) == statistics.plan_statistics(session, busy.plan_id, as_of=day, states=states)
