"""Progress reports: what a mutation run found unchecked (the audit trail, the unit filters of
the latest reports, tree order, the correction's date, boundaries of the report date)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, Department, IndicatorActual, ProgressReport, Task
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import assignment, departments, progress, tasks
from tests.services.conftest import ACTOR, TODAY, Office

LEAD, CO, OTHER = "市人力资源社会保障局", "市发展改革委", "市工业和信息化局"


def _add(session: Session, task_id: int, day: str | None, **kwargs) -> progress.ProgressInfo:
    return progress.add_progress(
        session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs
    )


def _unit_id(session: Session, name: str) -> int:
    return session.scalar(select(Department.id).where(Department.name == name))


@pytest.fixture
def shared(session: Session, office: Office) -> Office:
    """Jobs led by 人社局 with 发改委 as co-unit; projects led by 工信局."""
    assignment.assign(session, [office.jobs], lead=LEAD, co=[CO], actor=ACTOR)
    assignment.assign(session, [office.projects], lead=OTHER, actor=ACTOR)
    session.commit()
    return office


def _audit(session: Session) -> list[tuple]:
    return [
        (e.actor, e.action, e.entity, e.entity_id, e.task_id, e.field, e.old_value, e.new_value)
        for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        if e.entity in ("progress_report", "indicator_actual")
    ]


def test_a_report_and_its_correction_are_audited(session: Session, shared: Office) -> None:
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    first = _add(
        session, shared.jobs, "2020-06-03", percent=40, actuals={indicator.id: 0.4}, department=CO
    )
    fixed = progress.add_progress(
        session,
        shared.jobs,
        corrects_id=first.id,
        percent=45,
        actuals={indicator.id: 0.45},
        today=TODAY,
        actor="王五",
    )
    session.commit()

    assert _audit(session) == [
        (ACTOR, "progress", "progress_report", first.id, shared.jobs, "percent", None, "40.0"),
        (ACTOR, "progress", "progress_report", first.id, shared.jobs, "department", None, CO),
        (ACTOR, "progress", "indicator_actual", indicator.id, shared.jobs, "actual", None, "0.4"),
        ("王五", "correct", "progress_report", fixed.id, shared.jobs, "percent", "40.0", "45.0"),
        (
            "王五",
            "correct",
            "indicator_actual",
            indicator.id,
            shared.jobs,
            "actual",
            "0.4",
            "0.45",
        ),
    ]
    assert (fixed.corrects_id, fixed.department, fixed.created_by) == (first.id, CO, "王五")


def test_an_office_report_names_no_unit(session: Session, shared: Office) -> None:
    info = _add(session, shared.jobs, "2020-06-03", percent=10, department="  ")
    assert (info.department_id, info.department, info.counts_for_status) == (None, None, True)
    assert [row[5] for row in _audit(session)] == ["percent"]


def test_texts_are_stripped_and_any_one_of_them_is_a_report(
    session: Session, shared: Office
) -> None:
    info = _add(
        session,
        shared.jobs,
        "2020-06-03",
        progress_text="  推进中 ",
        problems=" 缺资金 ",
        next_steps=" 加快 ",
        reporter=" 张三 ",
    )
    assert (info.percent, info.progress_text, info.problems, info.next_steps) == (
        None,
        "推进中",
        "缺资金",
        "加快",
    )
    assert info.reporter == "张三"
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    only_actual = _add(session, shared.jobs, "2020-06-04", actuals={indicator.id: 2})
    assert [(a.name, a.value, a.unit) for a in only_actual.actuals] == [
        ("城镇新增就业", 2.0, "万人")
    ]
    with pytest.raises(ValidationError, match="请填写报送日期"):
        _add(session, shared.jobs, "  ", percent=1)


def test_a_report_may_be_dated_today_but_not_tomorrow(session: Session, shared: Office) -> None:
    today = dt.date(2020, 6, 3)
    info = progress.add_progress(
        session, shared.jobs, report_date=today, percent=1, today=today, actor=ACTOR
    )
    assert info.report_date == today
    with pytest.raises(ValidationError, match="晚于今天"):
        progress.add_progress(
            session, shared.jobs, report_date="2020-06-04", percent=1, today=today, actor=ACTOR
        )


def test_a_correction_keeps_its_date_and_may_repeat_it(session: Session, shared: Office) -> None:
    first = _add(session, shared.jobs, "2020-06-03", percent=40, department=CO)
    same_day = progress.add_progress(
        session,
        shared.jobs,
        corrects_id=first.id,
        report_date="2020-06-03",
        department=CO,
        percent=41,
        today=TODAY,
        actor=ACTOR,
    )
    assert (same_day.report_date, same_day.period, same_day.department) == (
        first.report_date,
        first.period,
        CO,
    )
    with pytest.raises(ValidationError, match=r"^报送日期格式应为"):
        progress.add_progress(
            session,
            shared.jobs,
            corrects_id=same_day.id,
            report_date="2020-02-30",
            percent=42,
            today=TODAY,
            actor=ACTOR,
        )
    with pytest.raises(ValidationError) as refused:
        progress.add_progress(
            session,
            shared.jobs,
            corrects_id=same_day.id,
            report_date="2020-06-10",
            percent=42,
            today=TODAY,
            actor=ACTOR,
        )
    assert str(refused.value) == (
        "更正沿用原报送的日期 2020-06-03，不能改为 2020-06-10；如需新的报送请不要指定被更正的报送"
    )
    # A blank date (an empty form field) is no date: the correction keeps the corrected one.
    blank = progress.add_progress(
        session,
        shared.jobs,
        corrects_id=same_day.id,
        report_date="  ",
        percent=43,
        today=TODAY,
        actor=ACTOR,
    )
    assert (blank.report_date, blank.corrects_id, blank.percent) == (
        first.report_date,
        same_day.id,
        43.0,
    )


def test_a_unit_is_named_by_id_and_a_removed_one_is_refused(
    session: Session, shared: Office
) -> None:
    co_id = _unit_id(session, CO)
    info = _add(session, shared.jobs, "2020-06-03", percent=5, department=co_id)
    assert (info.department_id, info.department, info.counts_for_status) == (co_id, CO, False)
    lead = _add(session, shared.jobs, "2020-06-03", percent=6, department=_unit_id(session, LEAD))
    assert (lead.department, lead.counts_for_status) == (LEAD, True)
    with pytest.raises(NotFoundError, match="没有编号为 99999 的单位"):
        _add(session, shared.jobs, "2020-06-03", percent=5, department=99999)
    departments.merge_departments(session, CO, OTHER, actor=ACTOR)
    with pytest.raises(NotFoundError, match=f"没有编号为 {co_id} 的单位"):
        _add(session, shared.jobs, "2020-06-03", percent=5, department=co_id)


def test_latest_reports_by_unit_in_tree_order(session: Session, shared: Office) -> None:
    # A task added last but under the first area comes before poverty (second area).
    late = tasks.add_task(
        session, shared.plan_id, title="新增任务", parent_id=shared.area_industry, actor=ACTOR
    )
    assignment.assign(session, [late.id], lead=CO, actor=ACTOR)
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    _add(session, shared.poverty, "2020-06-01", percent=70)
    _add(session, shared.jobs, "2020-06-02", percent=10, department=LEAD)
    co_report = _add(
        session,
        shared.jobs,
        "2020-06-03",
        percent=90,
        actuals={indicator.id: 3},
        department=CO,
        progress_text="配合完成招聘会",
        problems="场地不足",
        next_steps="再办两场",
        reporter="李四",
    )
    _add(session, late.id, "2020-06-04", percent=25, department=CO)
    _add(session, late.id, "2020-06-04", percent=30, department=CO)  # same day, later: stands
    count, money = (i.id for i in tasks.get_task(session, shared.projects).indicators)
    # Actuals typed in the other order than the indicators': listed by indicator.
    _add(
        session,
        shared.projects,
        "2020-06-05",
        percent=50,
        actuals={money: 20, count: 5},
        department=OTHER,
    )
    session.commit()
    day = dt.date(2020, 6, 30)

    every = progress.latest_progress(session, shared.plan_id, as_of=day)
    assert [(p.task_id, p.percent, p.department) for p in every] == [
        (shared.projects, 50.0, OTHER),
        (shared.jobs, 10.0, LEAD),
        (late.id, 30.0, CO),
        (shared.poverty, 70.0, None),
    ]
    assert [(a.indicator_id, a.name, a.value) for a in every[0].actuals] == [
        (count, "重点项目", 5.0),
        (money, "完成投资", 20.0),
    ]
    # 发改委 leads the late task: its own report there drives the status.
    assert [p.counts_for_status for p in every] == [True, True, True, True]

    co_id = _unit_id(session, CO)
    mine = progress.latest_progress(session, shared.plan_id, as_of=day, department_id=co_id)
    assert [(p.task_id, p.percent) for p in mine] == [(shared.jobs, 10.0), (late.id, 30.0)]

    own = progress.latest_progress(session, shared.plan_id, as_of=day, reported_by=co_id)
    assert [(p.task_id, p.id, p.percent) for p in own] == [
        (shared.jobs, co_report.id, 90.0),
        (late.id, own[1].id, 30.0),
    ]
    assert [(a.indicator_id, a.name, a.value, a.unit) for a in own[0].actuals] == [
        (indicator.id, "城镇新增就业", 3.0, "万人")
    ]
    assert (own[0].department_id, own[0].department, own[0].counts_for_status) == (
        co_id,
        CO,
        False,
    )
    # Every field as the task's own history has it (the latest is never corrected).
    (stored,) = [h for h in progress.task_progress(session, shared.jobs) if h.id == co_report.id]
    assert own[0] == stored
    assert (stored.task_title, stored.progress_text, stored.reporter) == (
        "城镇新增就业",
        "配合完成招聘会",
        "李四",
    )
    assert stored.created_at is not None
    # Before the co-unit's report, it has recorded nothing of its own.
    early = dt.date(2020, 6, 2)
    assert progress.latest_progress(session, shared.plan_id, as_of=early, reported_by=co_id) == []


def test_the_history_is_newest_first_and_includes_the_day(session: Session, shared: Office) -> None:
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    a = _add(session, shared.jobs, "2020-06-03", percent=10)
    b = _add(session, shared.jobs, "2020-06-03", percent=20, actuals={indicator.id: 0.3})
    c = _add(session, shared.jobs, "2020-06-10", percent=30)
    d = _add(session, shared.jobs, "2020-06-01", percent=5)  # recorded last, dated first
    history = progress.task_progress(session, shared.jobs, as_of=dt.date(2020, 6, 10))
    assert [h.id for h in history] == [c.id, b.id, a.id, d.id]
    before = progress.task_progress(session, shared.jobs, as_of=dt.date(2020, 6, 9))
    assert [h.id for h in before] == [b.id, a.id, d.id]
    assert [(x.name, x.value, x.unit) for x in history[1].actuals] == [
        ("城镇新增就业", 0.3, "万人")
    ]
    assert (history[0].task_code, history[0].task_title) == (
        tasks.get_task(session, shared.jobs).code,
        "城镇新增就业",
    )
    # A deleted task's history stays readable (the recycle bin shows it).
    tasks.delete_task(session, shared.jobs, expected_version=None, actor=ACTOR)
    assert [h.id for h in progress.task_progress(session, shared.jobs)] == [c.id, b.id, a.id, d.id]


def test_a_report_of_a_percent_only_leaves_its_texts_empty(
    session: Session, office: Office
) -> None:
    info = _add(session, office.jobs, "2020-06-10", percent=30)
    assert (info.progress_text, info.problems, info.next_steps, info.reporter) == ("", "", "", "")


def test_a_units_latest_report_is_its_newest_by_date_and_a_correction_names_what_it_corrects(
    session: Session, shared: Office
) -> None:
    co_id = _unit_id(session, CO)
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    count, money = (i.id for i in tasks.get_task(session, shared.projects).indicators)
    dated_later = _add(session, shared.jobs, "2020-06-10", percent=60, department=CO)
    _add(
        session, shared.jobs, "2020-06-05", percent=20, department=CO
    )  # recorded after, dated before
    day = dt.date(2020, 6, 30)
    own = progress.latest_progress(session, shared.plan_id, as_of=day, reported_by=co_id)
    assert [(p.id, p.percent, p.corrects_id) for p in own] == [(dated_later.id, 60.0, None)]

    # The latest of each task with its own actuals, each listed once.
    first = _add(session, shared.jobs, "2020-06-03", percent=40, actuals={indicator.id: 0.4})
    fixed = progress.add_progress(
        session,
        shared.jobs,
        corrects_id=first.id,
        percent=45,
        actuals={indicator.id: 0.45},
        today=TODAY,
        actor=ACTOR,
    )
    _add(session, shared.projects, "2020-06-04", percent=50, actuals={money: 20, count: 5})
    every = progress.latest_progress(session, shared.plan_id, as_of=day)
    assert [(p.task_id, p.id, p.corrects_id) for p in every] == [
        (shared.projects, every[0].id, None),
        (shared.jobs, fixed.id, first.id),
    ]
    assert [[(a.indicator_id, a.value) for a in p.actuals] for p in every] == [
        [(count, 5.0), (money, 20.0)],
        [(indicator.id, 0.45)],
    ]


def test_the_latest_reports_of_more_tasks_than_one_query_batch_keep_their_actuals(
    session: Session, shared: Office
) -> None:
    # The actuals are read 5,000 reports a query: the report after the first batch must get
    # its actual, once. Rows are inserted directly: 5,001 reports through the service would
    # take minutes.
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    many = 5001
    session.execute(
        insert(Task),
        [
            {"plan_id": shared.plan_id, "position": 100 + n, "code": f"B{n}", "title": f"批量{n}"}
            for n in range(many)
        ],
    )
    ids = session.scalars(select(Task.id).where(Task.code.like("B%")).order_by(Task.id)).all()
    session.execute(
        insert(ProgressReport),
        [
            {"task_id": task_id, "period": "2020-W23", "report_date": dt.date(2020, 6, 1)}
            for task_id in ids
        ],
    )
    reports = dict(
        session.execute(
            select(ProgressReport.task_id, ProgressReport.id).where(ProgressReport.task_id.in_(ids))
        ).all()
    )
    session.execute(
        insert(IndicatorActual),
        [
            {"report_id": reports[task_id], "indicator_id": indicator.id, "value": float(n)}
            for n, task_id in enumerate(ids)
        ],
    )
    session.commit()
    latest = progress.latest_progress(session, shared.plan_id, as_of=dt.date(2020, 6, 30))
    values = {p.task_id: [a.value for a in p.actuals] for p in latest}
    assert len(latest) == many
    assert [values[task_id] for task_id in ids] == [[float(n)] for n in range(many)]


def test_a_reports_actuals_are_listed_by_indicator_not_as_typed(
    session: Session, shared: Office
) -> None:
    count, money = (i.id for i in tasks.get_task(session, shared.projects).indicators)
    info = _add(session, shared.projects, "2020-06-04", actuals={money: 20, count: 5})
    listed = [(a.indicator_id, a.name, a.value, a.unit) for a in info.actuals]
    assert listed == [(count, "重点项目", 5.0, "个"), (money, "完成投资", 20.0, "亿元")]
    session.commit()
    session.expire_all()
    (history,) = progress.task_progress(session, shared.projects)
    assert [(a.indicator_id, a.name, a.value, a.unit) for a in history.actuals] == listed


def test_refused_reports_say_exactly_why(session: Session, shared: Office) -> None:
    def refused(**kwargs) -> str:
        with pytest.raises(ValidationError) as error:
            progress.add_progress(session, shared.jobs, today=TODAY, actor=ACTOR, **kwargs)
        return str(error.value)

    assert refused(report_date="  ", percent=1) == "请填写报送日期"
    assert refused(report_date="2020-06-03", progress_text="  ") == (
        "进展报送不能为空：请至少填写完成进度、指标实际值或进展情况"
    )
    assert refused(report_date="2031-01-01", percent=1) == (
        "报送日期 2031-01-01 超出合理范围（2019-01-01 至 2030-12-31）"
    )
    assert refused(report_date="2020-06-03", percent=1, reporter="张" * 101) == (
        "报送人过长（最多 100 个字）"
    )
    longest = _add(session, shared.jobs, "2020-06-03", percent=1, reporter="张" * 100)
    assert longest.reporter == "张" * 100
    first = _add(session, shared.jobs, "2020-06-03", percent=40, department=CO)
    assert refused(corrects_id=first.id, percent=41, department=LEAD) == (
        "更正沿用原报送的报送单位，不能改为其他单位"
    )


def test_a_correction_may_state_an_actual_the_corrected_report_left_out(
    session: Session, shared: Office
) -> None:
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    first = _add(session, shared.jobs, "2020-06-03", percent=40)
    fixed = progress.add_progress(
        session,
        shared.jobs,
        corrects_id=first.id,
        actuals={indicator.id: 0.5},
        today=TODAY,
        actor=ACTOR,
    )
    assert [(a.indicator_id, a.value) for a in fixed.actuals] == [(indicator.id, 0.5)]
    assert _audit(session)[-1] == (
        ACTOR,
        "correct",
        "indicator_actual",
        indicator.id,
        shared.jobs,
        "actual",
        None,
        "0.5",
    )
