"""Fixtures of the supervision-core tests: a small plan with areas, tasks and departments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Base
from supervisor.services import departments, plans, tasks
from supervisor.services.tasks import IndicatorInput

ACTOR = "测试员"
TODAY = dt.date(2020, 12, 31)


@dataclass(frozen=True)
class Office:
    """Ids of the sample plan: two areas, three leaf tasks, three departments."""

    plan_id: int
    area_industry: int
    area_people: int
    projects: int  # two indicators: 102 个, 128 亿元
    jobs: int  # one indicator: ≥1 万人
    poverty: int  # no indicator


def snapshot(session: Session) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a failed call changed nothing."""
    tables: dict[str, list[tuple]] = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


@pytest.fixture
def unchanged(session: Session) -> Callable[[Callable[[], object], type[Exception], str], str]:
    """Run a call that must fail; assert the message and that the database did not change.

    Returns the error message. The session is committed before and rolled back after, as
    the command line's ``transaction`` does.
    """

    def check(call: Callable[[], object], error: type[Exception], match: str) -> str:
        session.commit()
        before = snapshot(session)
        with pytest.raises(error, match=match) as info:
            call()
        session.rollback()
        assert snapshot(session) == before
        return str(info.value)

    return check


@pytest.fixture
def office(session: Session) -> Office:
    """A committed plan for 2020 with areas, tasks, indicators and three departments."""
    plan = plans.create_plan(
        session, title="2020年重点任务", year=2020, source="政府工作报告", actor=ACTOR
    )
    for name in ("市发展改革委", "市人力资源社会保障局", "市工业和信息化局"):
        departments.add_department(session, name, actor=ACTOR)
    industry = tasks.add_task(session, plan.id, title="（一）聚焦产业转型", actor=ACTOR)
    projects = tasks.add_task(
        session,
        plan.id,
        title="全力推进重点项目建设",
        parent_id=industry.id,
        actor=ACTOR,
        indicators=[
            IndicatorInput("重点项目", 102, unit="个"),
            IndicatorInput("完成投资", 128, unit="亿元"),
        ],
    )
    jobs = tasks.add_task(
        session,
        plan.id,
        title="城镇新增就业",
        parent_id=industry.id,
        actor=ACTOR,
        indicators=[IndicatorInput("城镇新增就业", 1, unit="万人", comparator=">=")],
    )
    people = tasks.add_task(session, plan.id, title="（二）保障改善民生", actor=ACTOR)
    poverty = tasks.add_task(
        session, plan.id, title="剩余贫困人口全部脱贫", parent_id=people.id, actor=ACTOR
    )
    session.commit()
    return Office(plan.id, industry.id, people.id, projects.id, jobs.id, poverty.id)
