"""Progress reports: append-only, corrections point back, latest per task as of any date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import ProgressReport
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import progress, settings, tasks
from tests.services.conftest import ACTOR, TODAY, Office


def _add(session: Session, task_id: int, day: str, **kwargs) -> progress.ProgressInfo:
    return progress.add_progress(
        session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs
    )


def test_a_report_stores_percent_actuals_texts_and_its_week(
    session: Session, office: Office
) -> None:
    projects = tasks.get_task(session, office.projects)
    info = _add(
        session,
        office.projects,
        "2020-06-03",
        percent="40",
        actuals={projects.indicators[0].id: "60", projects.indicators[1].id: 50.5},
        progress_text="已开工60个",
        problems="资金到位慢",
        next_steps="加快审批",
        reporter="市发改委 王某",
    )
    session.commit()

    assert (info.period, info.percent, info.reporter) == ("2020-W23", 40.0, "市发改委 王某")
    assert [(a.name, a.value, a.unit) for a in info.actuals] == [
        ("重点项目", 60.0, "个"),
        ("完成投资", 50.5, "亿元"),
    ]
    assert (info.progress_text, info.problems, info.next_steps) == (
        "已开工60个",
        "资金到位慢",
        "加快审批",
    )


def test_the_period_follows_the_setting(session: Session, office: Office) -> None:
    settings.set_setting(session, "reporting_period", "month", actor=ACTOR)
    info = _add(session, office.jobs, "2020-06-03", percent=10)
    assert info.period == "2020-M06"


def test_a_correction_is_a_new_report_and_the_original_stays(
    session: Session, office: Office
) -> None:
    original = _add(session, office.jobs, "2020-06-03", percent=40, progress_text="新增就业4000人")
    correction = progress.add_progress(
        session,
        office.jobs,
        corrects_id=original.id,
        percent=45,
        progress_text="新增就业4500人",
        actor=ACTOR,
        today=TODAY,
    )
    session.commit()

    assert (correction.report_date, correction.period) == (original.report_date, original.period)
    history = progress.task_progress(session, office.jobs)
    assert [(h.id, h.percent, h.corrected_by_id) for h in history] == [
        (correction.id, 45.0, None),
        (original.id, 40.0, correction.id),
    ]
    latest = progress.latest_progress(session, office.plan_id, as_of=dt.date(2020, 6, 30))
    assert [(p.task_id, p.percent) for p in latest] == [(office.jobs, 45.0)]


def test_latest_progress_as_of_a_past_date(session: Session, office: Office) -> None:
    _add(session, office.jobs, "2020-03-04", percent=10)
    _add(session, office.jobs, "2020-06-30", percent=50)
    _add(session, office.jobs, "2020-09-02", percent=80)
    _add(session, office.poverty, "2020-07-01", percent=60)
    session.commit()

    as_of_june = progress.latest_progress(session, office.plan_id, as_of=dt.date(2020, 6, 30))
    assert [(p.task_id, p.percent) for p in as_of_june] == [(office.jobs, 50.0)]
    as_of_march = progress.latest_progress(session, office.plan_id, as_of=dt.date(2020, 3, 31))
    assert [(p.task_id, p.percent) for p in as_of_march] == [(office.jobs, 10.0)]
    assert [
        h.percent for h in progress.task_progress(session, office.jobs, as_of=dt.date(2020, 7, 1))
    ] == [50.0, 10.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"report_date": "2020-06-03"}, ValidationError, "进展报送不能为空"),
        (
            {"report_date": "2020-06-03", "percent": "120"},
            ValidationError,
            "完成进度应在 0 到 100 之间",
        ),
        (
            {"report_date": "2020-06-03", "percent": "-1"},
            ValidationError,
            "完成进度应在 0 到 100 之间",
        ),
        ({"report_date": "2020-06-03", "percent": "一半"}, ValidationError, "完成进度必须是数字"),
        ({"report_date": "2021-01-01", "percent": 10}, ValidationError, "晚于今天"),
        ({"report_date": "2020-02-30", "percent": 10}, ValidationError, "报送日期格式应为"),
        ({"report_date": None, "percent": 10}, ValidationError, "请填写报送日期"),
        (
            {"report_date": "2020-06-03", "actuals": {99999: 1}},
            ValidationError,
            "指标 99999 不属于任务",
        ),
        (
            {"report_date": "2020-06-03", "corrects_id": 99999, "percent": 1},
            NotFoundError,
            "没有编号为 99999 的进展报送",
        ),
    ],
)
def test_bad_reports_are_refused(
    unchanged, session: Session, office: Office, kwargs, error, message
) -> None:
    unchanged(
        lambda: progress.add_progress(session, office.jobs, today=TODAY, actor=ACTOR, **kwargs),
        error,
        message,
    )


def test_a_non_numeric_actual_is_refused(unchanged, session: Session, office: Office) -> None:
    indicator = tasks.get_task(session, office.jobs).indicators[0]
    unchanged(
        lambda: _add(session, office.jobs, "2020-06-03", actuals={indicator.id: "很多"}),
        ValidationError,
        "指标“城镇新增就业”的实际值必须是数字：很多",
    )


def test_only_the_latest_of_a_chain_can_be_corrected(
    unchanged, session: Session, office: Office
) -> None:
    original = _add(session, office.jobs, "2020-06-03", percent=40)
    progress.add_progress(
        session, office.jobs, corrects_id=original.id, percent=45, actor=ACTOR, today=TODAY
    )
    unchanged(
        lambda: progress.add_progress(
            session, office.jobs, corrects_id=original.id, percent=50, actor=ACTOR, today=TODAY
        ),
        ValidationError,
        "已被 .* 更正，请更正最新的一条",
    )
    unchanged(
        lambda: progress.add_progress(
            session, office.poverty, corrects_id=original.id, percent=50, actor=ACTOR, today=TODAY
        ),
        NotFoundError,
        "没有编号为",
    )


def test_reports_are_never_updated(session: Session, office: Office) -> None:
    original = _add(session, office.jobs, "2020-06-03", percent=40)
    progress.add_progress(
        session, office.jobs, corrects_id=original.id, percent=45, actor=ACTOR, today=TODAY
    )
    session.commit()

    assert session.get(ProgressReport, original.id).percent == 40.0
    assert session.scalar(select(func.count()).select_from(ProgressReport)) == 2


def test_reporting_on_a_deleted_task_is_refused(
    unchanged, session: Session, office: Office
) -> None:
    tasks.delete_task(session, office.jobs, expected_version=None, actor=ACTOR)
    unchanged(
        lambda: _add(session, office.jobs, "2020-06-03", percent=1), NotFoundError, "已被删除"
    )
