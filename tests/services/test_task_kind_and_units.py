"""常态化 tasks stay listed but out of the statistics; a co-unit's report is its contribution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, ProgressReport
from supervisor.domain import TaskKind, TaskStatus
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import (
    assignment,
    progress,
    reporting,
    statistics,
    status,
    tasks,
)
from tests.services.conftest import ACTOR, TODAY, Office

DAY = dt.date(2020, 7, 1)  # a Wednesday, 序时 50 %


def _state(session: Session, office: Office, task_id: int, day: dt.date = DAY):
    return next(
        s for s in status.task_states(session, office.plan_id, as_of=day) if s.task_id == task_id
    )


def test_a_routine_task_is_listed_with_its_own_state_but_counted_nowhere(
    session: Session, office: Office
) -> None:
    assignment.assign(session, [office.poverty], lead="市发展改革委", actor=ACTOR)
    before = statistics.plan_statistics(session, office.plan_id, as_of=DAY)
    assert before.total == 3
    detail = tasks.set_task_kind(
        session, office.poverty, "常态化", expected_version=None, actor=ACTOR
    )
    assert detail.kind is TaskKind.ROUTINE
    state = _state(session, office, office.poverty)
    assert (state.status, state.warning, state.lagging, state.kind) == (
        None,
        None,
        False,
        TaskKind.ROUTINE,
    )
    rows = reporting.task_rows(session, office.plan_id, as_of=DAY)
    row = next(r for r in rows if r.task_id == office.poverty)  # still in the 分工方案
    assert (row.status, row.status_text, row.warning) == (None, "常态化", None)
    after = statistics.plan_statistics(session, office.plan_id, as_of=DAY)
    assert after.total == 2
    assert sum(c.count for c in after.status_counts) == 2
    assert all(d.department != "市发展改革委" for d in after.departments)  # led nothing else
    leaves = status.leaf_statuses(session, office.plan_id, as_of=DAY)
    assert office.poverty not in {leaf.task_id for leaf in leaves}
    assert sum(status.status_counts_on(session, office.plan_id, [DAY])[0].values()) == 2
    from_states = statistics.plan_statistics(
        session,
        office.plan_id,
        as_of=DAY,
        states=status.task_states(session, office.plan_id, as_of=DAY, leaves_only=True),
    )
    assert from_states.status_counts == after.status_counts


def test_kind_changes_are_audited_and_reversible(session: Session, office: Office) -> None:
    tasks.set_task_kind(session, office.jobs, "不考核", expected_version=None, actor=ACTOR)
    tasks.set_task_kind(session, office.jobs, "考核", expected_version=None, actor=ACTOR)
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.task_id == office.jobs, AuditEntry.field == "kind")
    ).all()
    assert [(e.old_value, e.new_value) for e in entries] == [
        ("考核", "常态化"),
        ("常态化", "考核"),
    ]
    assert _state(session, office, office.jobs).status is not None


def test_an_unknown_kind_is_refused_and_nothing_changes(
    session: Session,
    office: Office,
    unchanged: Callable[[Callable[[], object], type[Exception], str], str],
) -> None:
    unchanged(
        lambda: tasks.set_task_kind(
            session, office.jobs, "临时", expected_version=None, actor=ACTOR
        ),
        ValidationError,
        "任务类型只能是",
    )


@pytest.fixture
def shared(session: Session, office: Office) -> Office:
    """The jobs task led by 市人力资源社会保障局 with 市发展改革委 as co-unit."""
    assignment.assign(
        session,
        [office.jobs],
        lead="市人力资源社会保障局",
        co=["市发展改革委"],
        actor=ACTOR,
    )
    session.commit()
    return office


def _add(session: Session, task_id: int, day: dt.date, **kwargs) -> progress.ProgressInfo:
    return progress.add_progress(
        session, task_id, report_date=day, today=TODAY, actor=ACTOR, **kwargs
    )


def test_a_co_units_report_never_drives_the_status(session: Session, shared: Office) -> None:
    _add(session, shared.jobs, dt.date(2020, 6, 24), percent=40, department="市人力资源社会保障局")
    co = _add(session, shared.jobs, DAY, percent=95, department="市发展改革委")
    assert (co.department, co.counts_for_status) == ("市发展改革委", False)
    state = _state(session, shared, shared.jobs)
    # Only last week's lead report counts: 40 % and nothing from the lead this week.
    assert state.reported_percent == pytest.approx(0.40)
    assert state.status is TaskStatus.NOT_REPORTED
    lead = _add(session, shared.jobs, DAY, percent=50, department="市人力资源社会保障局")
    assert lead.counts_for_status
    state = _state(session, shared, shared.jobs)
    assert (state.reported_percent, state.status) == (pytest.approx(0.5), TaskStatus.ON_TRACK)
    # The three tuned paths agree.
    leaves = {s.task_id: s.status for s in status.leaf_statuses(session, shared.plan_id, as_of=DAY)}
    assert leaves[shared.jobs] is TaskStatus.ON_TRACK
    latest = {p.task_id: p for p in progress.latest_progress(session, shared.plan_id, as_of=DAY)}
    assert latest[shared.jobs].id == lead.id
    own = progress.latest_progress(session, shared.plan_id, as_of=DAY, reported_by=co.department_id)
    assert [(p.task_id, p.id, p.percent) for p in own] == [(shared.jobs, co.id, 95)]


def test_an_office_report_counts_as_the_leads(session: Session, shared: Office) -> None:
    _add(session, shared.jobs, DAY, percent=95, department="市发展改革委")
    office_report = _add(session, shared.jobs, DAY, percent=20)
    assert office_report.department is None
    assert office_report.counts_for_status
    assert _state(session, shared, shared.jobs).reported_percent == pytest.approx(0.2)


def test_a_co_units_indicator_actuals_do_not_count(session: Session, shared: Office) -> None:
    (indicator,) = tasks.get_task(session, shared.jobs).indicators
    _add(session, shared.jobs, DAY, actuals={indicator.id: 0.5})
    _add(session, shared.jobs, DAY, actuals={indicator.id: 1}, department="市发展改革委")
    state = _state(session, shared, shared.jobs)
    assert state.indicators[0].actual == 0.5
    assert state.percent_done == pytest.approx(0.5)
    # An older lead actual still stands when the lead's latest report leaves it out.
    _add(session, shared.jobs, dt.date(2020, 7, 2), progress_text="推进中")
    later = _state(session, shared, shared.jobs, dt.date(2020, 7, 2))
    assert later.indicators[0].actual == 0.5


def test_a_correction_keeps_the_reporting_unit(session: Session, shared: Office) -> None:
    co = _add(session, shared.jobs, DAY, percent=30, department="市发展改革委")
    fixed = progress.add_progress(
        session, shared.jobs, corrects_id=co.id, percent=35, today=TODAY, actor=ACTOR
    )
    assert fixed.department_id == co.department_id
    assert not fixed.counts_for_status
    with pytest.raises(ValidationError, match="沿用原报送的报送单位"):
        progress.add_progress(
            session,
            shared.jobs,
            corrects_id=fixed.id,
            percent=36,
            department="市人力资源社会保障局",
            today=TODAY,
            actor=ACTOR,
        )


def test_a_unit_not_on_the_task_cannot_report_for_it(
    session: Session,
    shared: Office,
    unchanged: Callable[[Callable[[], object], type[Exception], str], str],
) -> None:
    unchanged(
        lambda: _add(session, shared.jobs, DAY, percent=30, department="市工业和信息化局"),
        ValidationError,
        "不是任务 .* 的牵头单位或配合单位",
    )
    unchanged(
        lambda: _add(session, shared.jobs, DAY, percent=30, department="不存在的局"),
        NotFoundError,
        "没有名为",
    )
    assert session.scalars(select(ProgressReport)).all() == []


def test_import_stores_the_proposed_kind(session: Session, tmp_path) -> None:
    from supervisor.services import plans

    report = tmp_path / "report.txt"
    report.write_text(
        "2023年江川市政府工作报告\n"
        "二、2023年重点工作\n"
        "（一）加强政府自身建设\n"
        "强化政治建设。坚决做到“两个维护”，始终同党中央保持高度一致。"
        "全年新建公共服务项目12个。\n",
        encoding="utf-8",
    )
    plan = plans.import_report(session, report, actor=ACTOR)
    assert plan.routine_count == 1
    states = status.task_states(session, plan.id, as_of=dt.date(2023, 7, 1), leaves_only=True)
    kinds = {s.text[:4]: (s.kind, s.status is None) for s in states}
    assert kinds["坚决做到"] == (TaskKind.ROUTINE, True)
    assert kinds["全年新建"] == (TaskKind.ASSESSED, False)
    assert statistics.plan_statistics(session, plan.id, as_of=dt.date(2023, 7, 1)).total == 1
