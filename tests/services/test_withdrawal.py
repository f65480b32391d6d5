"""撤回 of a 本周报送 batch: the undo of one 保存, refused once something came on top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry
from supervisor.errors import ValidationError
from supervisor.services import progress, tasks
from supervisor.services.withdrawal import (
    BatchReport,
    BatchReportError,
    record_batch,
    withdraw_batch,
)
from tests.services.conftest import ACTOR, TODAY, Office, snapshot

DAY = dt.date(2020, 6, 30)


def _reports_and_actuals(session: Session) -> dict[str, list[tuple]]:
    tables = snapshot(session)
    return {name: tables[name] for name in ("progress_report", "indicator_actual")}


def _batch(session: Session, office: Office) -> list[BatchReport]:
    projects = tasks.get_task(session, office.projects)
    return [
        BatchReport(
            office.projects,
            percent=50,
            actuals={projects.indicators[0].id: 60.0, projects.indicators[1].id: 70.5},
            progress_text="已开工60个",
        ),
        BatchReport(office.jobs, percent=30, problems="岗位不足", next_steps="办招聘会"),
        BatchReport(office.poverty, progress_text="已脱贫100户"),
    ]


def test_withdrawing_a_batch_leaves_the_reports_as_before_and_audits_it(
    session: Session, office: Office
) -> None:
    progress.add_progress(
        session, office.jobs, report_date="2020-06-01", percent=10, actor=ACTOR, today=TODAY
    )
    session.commit()
    before = _reports_and_actuals(session)

    ids = record_batch(session, _batch(session, office), actor=ACTOR, report_date=DAY)
    session.commit()
    assert len(ids) == 3
    assert [r.percent for r in progress.task_progress(session, office.jobs)] == [30.0, 10.0]

    assert withdraw_batch(session, ids, actor="督查员甲") == 3
    session.commit()

    assert _reports_and_actuals(session) == before
    assert [r.percent for r in progress.task_progress(session, office.jobs)] == [10.0]
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "withdraw").order_by(AuditEntry.id)
    ).all()
    # One entry per report (its percent) and one per indicator actual, with who and when.
    assert [(e.entity, e.entity_id, e.old_value) for e in entries] == [
        ("progress_report", ids[0], "50.0"),
        ("indicator_actual", tasks.get_task(session, office.projects).indicators[0].id, "60.0"),
        ("indicator_actual", tasks.get_task(session, office.projects).indicators[1].id, "70.5"),
        ("progress_report", ids[1], "30.0"),
        ("progress_report", ids[2], None),
    ]
    assert all(e.actor == "督查员甲" and e.at is not None for e in entries)


def test_a_later_report_on_a_task_of_the_batch_refuses_the_withdrawal(
    session: Session, office: Office, unchanged: Callable[..., str]
) -> None:
    ids = record_batch(session, _batch(session, office), actor=ACTOR, report_date=DAY)
    progress.add_progress(
        session, office.jobs, report_date=DAY, percent=35, actor=ACTOR, today=TODAY
    )
    message = unchanged(
        lambda: withdraw_batch(session, ids, actor=ACTOR), ValidationError, "新的报送"
    )
    assert f"任务 {tasks.get_task(session, office.jobs).code} " in message


def test_a_correction_of_a_batch_report_refuses_the_withdrawal(
    session: Session, office: Office, unchanged: Callable[..., str]
) -> None:
    ids = record_batch(session, _batch(session, office), actor=ACTOR, report_date=DAY)
    progress.add_progress(
        session, office.poverty, corrects_id=ids[2], percent=5, actor=ACTOR, today=TODAY
    )
    unchanged(lambda: withdraw_batch(session, ids, actor=ACTOR), ValidationError, "新的更正")


def test_a_batch_withdrawn_already_cannot_be_withdrawn_again(
    session: Session, office: Office, unchanged: Callable[..., str]
) -> None:
    ids = record_batch(session, _batch(session, office), actor=ACTOR, report_date=DAY)
    withdraw_batch(session, ids, actor=ACTOR)
    unchanged(lambda: withdraw_batch(session, ids, actor=ACTOR), ValidationError, "已不存在")


def test_a_report_of_another_task_does_not_block_the_withdrawal(
    session: Session, office: Office
) -> None:
    ids = record_batch(session, _batch(session, office)[:2], actor=ACTOR, report_date=DAY)
    other = progress.add_progress(
        session, office.poverty, report_date=DAY, percent=20, actor=ACTOR, today=TODAY
    )
    assert withdraw_batch(session, ids, actor=ACTOR) == 2
    assert [r.id for r in progress.task_progress(session, office.poverty)] == [other.id]


def test_a_refused_report_names_its_place_in_the_batch(session: Session, office: Office) -> None:
    batch = [BatchReport(office.jobs, percent=20), BatchReport(office.poverty, percent=150)]
    with pytest.raises(BatchReportError) as info:
        record_batch(session, batch, actor=ACTOR, report_date=DAY)
    assert info.value.index == 1
    assert "100" in str(info.value)
