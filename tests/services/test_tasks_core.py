"""Tasks by hand: create a plan, add, edit, split, move, delete and restore tasks, indicators."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, Plan, Task
from supervisor.errors import NotFoundError, ValidationError
from supervisor.services import plans, tasks
from supervisor.services.tasks import IndicatorInput
from tests.services.conftest import ACTOR, Office


def test_create_plan_stores_an_empty_plan_with_its_source(session: Session) -> None:
    summary = plans.create_plan(
        session, title=" 市长批示事项 ", year="2021", source="领导批示", actor=ACTOR
    )
    session.commit()

    plan = session.get(Plan, summary.id)
    assert (plan.title, plan.year, plan.source, summary.task_count) == (
        "市长批示事项",
        2021,
        "领导批示",
        0,
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " ", "year": 2020, "source": "其他"}, "计划名称不能为空"),
        ({"title": "计划", "year": "二〇二〇", "source": "其他"}, "年度必须是整数"),
        ({"title": "计划", "year": 2202, "source": "其他"}, "年度应在 2000 到 2100 之间"),
        ({"title": "计划", "year": 2020, "source": "微信群"}, "任务来源只能是"),
    ],
)
def test_create_plan_refuses_bad_input(unchanged, session: Session, kwargs, message) -> None:
    unchanged(lambda: plans.create_plan(session, actor=ACTOR, **kwargs), ValidationError, message)


def test_add_task_numbers_it_after_its_siblings_and_stores_indicators(
    session: Session, office: Office
) -> None:
    task = tasks.add_task(
        session,
        office.plan_id,
        title="推进园区循环化改造",
        parent_id=office.area_industry,
        deadline="2020-10-31",
        indicators=[IndicatorInput("增长", "6.5", "7", "%", "range")],
        actor=ACTOR,
    )
    session.commit()

    assert task.code == "1.3"
    assert task.deadline.isoformat() == "2020-10-31"
    assert [(i.name, i.value, i.value_max, i.comparator) for i in task.indicators] == [
        ("增长", 6.5, 7.0, "range")
    ]


def test_add_task_at_a_position_moves_the_later_siblings(session: Session, office: Office) -> None:
    first = tasks.add_task(
        session,
        office.plan_id,
        title="新的第一项",
        parent_id=office.area_industry,
        position=0,
        actor=ACTOR,
    )
    session.commit()

    children = [
        t.id
        for t in tasks.list_tasks(session, office.plan_id)
        if t.parent_id == office.area_industry
    ]
    assert children == [first.id, office.projects, office.jobs]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"title": "  "}, ValidationError, "任务名称不能为空"),
        ({"title": "长" * 501}, ValidationError, "任务名称过长"),
        (
            {"title": "x", "deadline": "2031-01-01"},
            ValidationError,
            "完成时限 2031-01-01 超出合理范围",
        ),
        ({"title": "x", "deadline": "2018-12-31"}, ValidationError, "超出合理范围"),
        ({"title": "x", "deadline": "明年"}, ValidationError, "完成时限格式应为"),
        (
            {"title": "x", "start_date": "2020-06-01", "deadline": "2020-03-01"},
            ValidationError,
            "开始日期 2020-06-01 晚于完成时限",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput("投资", "一百二十八", unit="亿元")]},
            ValidationError,
            "指标“投资”的目标值必须是数字",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput("投资", "nan")]},
            ValidationError,
            "必须是有限的数字",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput("增长", 7, 6.5, "%", "range")]},
            ValidationError,
            "目标上限 6.5 小于目标值 7",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput("增长", 7, None, "%", "range")]},
            ValidationError,
            "区间目标，请给出上限",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput("增长", 7, comparator="≈")]},
            ValidationError,
            "比较方式只能是",
        ),
        (
            {"title": "x", "indicators": [IndicatorInput(" ", 7)]},
            ValidationError,
            "指标名称不能为空",
        ),
        ({"title": "x", "parent_id": 9999}, NotFoundError, "没有编号为 9999 的任务"),
    ],
)
def test_add_task_refuses_bad_input(
    unchanged, session: Session, office: Office, kwargs, error, message
) -> None:
    unchanged(
        lambda: tasks.add_task(session, office.plan_id, actor=ACTOR, **kwargs), error, message
    )


def test_add_task_to_a_missing_plan_is_refused(unchanged, session: Session) -> None:
    unchanged(
        lambda: tasks.add_task(session, 42, title="x", actor=ACTOR),
        NotFoundError,
        "没有编号为 42 的计划",
    )


def test_edit_task_changes_fields_and_audits_old_and_new(session: Session, office: Office) -> None:
    before = tasks.get_task(session, office.jobs)
    version = tasks.edit_task(
        session,
        office.jobs,
        expected_version=before.version,
        title="城镇新增就业1万人以上",
        deadline="2020-11-30",
        actor=ACTOR,
    )
    session.commit()

    after = tasks.get_task(session, office.jobs)
    assert (after.title, after.deadline.isoformat(), after.version) == (
        "城镇新增就业1万人以上",
        "2020-11-30",
        version,
    )
    assert version == before.version + 1
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.task_id == office.jobs, AuditEntry.action == "update")
    ).all()
    assert {(e.field, e.old_value, e.new_value) for e in entries} == {
        ("title", "城镇新增就业", "城镇新增就业1万人以上"),
        ("deadline", None, "2020-11-30"),
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "任务名称不能为空"),
        ({"deadline": "2040-01-01"}, "超出合理范围"),
        ({"code": ""}, "任务编号不能为空"),
        ({"plan_id": 3}, "不能修改的字段：plan_id"),
    ],
)
def test_edit_task_refuses_bad_input(
    unchanged, session: Session, office: Office, changes, message
) -> None:
    unchanged(
        lambda: tasks.edit_task(
            session, office.jobs, expected_version=None, actor=ACTOR, **changes
        ),
        ValidationError,
        message,
    )


def test_split_task_adds_sub_tasks_that_inherit_the_assignment(
    session: Session, office: Office
) -> None:
    from supervisor.services import assignment

    assignment.assign(
        session,
        [office.projects],
        lead="市发展改革委",
        co=["市工业和信息化局"],
        leader="张副市长",
        deadline="2020-11-30",
        actor=ACTOR,
    )
    parent = tasks.get_task(session, office.projects)
    children = tasks.split_task(
        session,
        office.projects,
        ["推进工业项目", "推进民生项目"],
        expected_version=parent.version,
        actor=ACTOR,
    )
    session.commit()

    assert [c.code for c in children] == ["1.1.1", "1.1.2"]
    for child in children:
        assert (child.lead_department, child.co_departments, child.leader) == (
            "市发展改革委",
            ("市工业和信息化局",),
            "张副市长",
        )
        assert child.deadline.isoformat() == "2020-11-30"
    assert tasks.get_task(session, office.projects).version == parent.version + 1


def test_split_task_without_titles_is_refused(unchanged, session: Session, office: Office) -> None:
    unchanged(
        lambda: tasks.split_task(session, office.jobs, [], expected_version=None, actor=ACTOR),
        ValidationError,
        "请至少给出一个子任务名称",
    )
    unchanged(
        lambda: tasks.split_task(
            session, office.jobs, ["a", " "], expected_version=None, actor=ACTOR
        ),
        ValidationError,
        "子任务名称不能为空",
    )


def test_move_task_to_another_parent_and_position(session: Session, office: Office) -> None:
    moved = tasks.move_task(
        session,
        office.jobs,
        parent_id=office.area_people,
        position=0,
        expected_version=None,
        actor=ACTOR,
    )
    session.commit()

    assert moved.parent_id == office.area_people
    order = [t.id for t in tasks.list_tasks(session, office.plan_id)]
    assert order.index(office.jobs) == order.index(office.area_people) + 1
    assert order.index(office.jobs) < order.index(office.poverty)


def test_move_task_under_itself_is_refused(unchanged, session: Session, office: Office) -> None:
    unchanged(
        lambda: tasks.move_task(
            session,
            office.area_industry,
            parent_id=office.projects,
            expected_version=None,
            actor=ACTOR,
        ),
        ValidationError,
        "不能把任务移到它自己或它的下级任务之下",
    )


def test_delete_hides_the_subtree_and_restore_brings_it_back(
    session: Session, office: Office
) -> None:
    count = tasks.delete_task(session, office.area_industry, expected_version=None, actor=ACTOR)
    session.commit()

    assert count == 3
    assert {t.id for t in tasks.list_tasks(session, office.plan_id)} == {
        office.area_people,
        office.poverty,
    }
    assert session.get(Task, office.projects).deleted_at is not None  # soft: the row stays
    with pytest.raises(NotFoundError):
        tasks.get_task(session, office.projects)

    restored = tasks.restore_task(session, office.area_industry, actor=ACTOR)
    session.commit()

    assert restored == 3
    assert len(tasks.list_tasks(session, office.plan_id)) == 5


def test_restore_keeps_a_sub_task_deleted_earlier_deleted(session: Session, office: Office) -> None:
    tasks.delete_task(session, office.jobs, expected_version=None, actor=ACTOR)
    session.commit()
    tasks.delete_task(session, office.area_industry, expected_version=None, actor=ACTOR)
    session.commit()

    tasks.restore_task(session, office.area_industry, actor=ACTOR)
    session.commit()

    ids = {t.id for t in tasks.list_tasks(session, office.plan_id)}
    assert office.projects in ids
    assert office.jobs not in ids


def test_deleted_tasks_lists_each_deletion_once_newest_first(
    session: Session, office: Office
) -> None:
    assert tasks.deleted_tasks(session, office.plan_id) == []
    tasks.delete_task(session, office.jobs, expected_version=None, actor=ACTOR)
    session.commit()
    tasks.delete_task(session, office.area_industry, expected_version=None, actor=ACTOR)
    session.commit()

    listed = tasks.deleted_tasks(session, office.plan_id)

    # The area went with the projects below it (one deletion); jobs went earlier, on its own.
    assert [(d.id, d.count) for d in listed] == [(office.area_industry, 2), (office.jobs, 1)]
    assert listed[0].title == "（一）聚焦产业转型"
    assert listed[0].deleted_at > listed[1].deleted_at
    tasks.restore_task(session, office.area_industry, actor=ACTOR)
    session.commit()
    assert [d.id for d in tasks.deleted_tasks(session, office.plan_id)] == [office.jobs]
    with pytest.raises(NotFoundError):
        tasks.deleted_tasks(session, 999)


def test_restore_refuses_a_live_task_and_an_orphan(
    unchanged, session: Session, office: Office
) -> None:
    unchanged(
        lambda: tasks.restore_task(session, office.jobs, actor=ACTOR),
        ValidationError,
        "未被删除，无需恢复",
    )
    tasks.delete_task(session, office.area_industry, expected_version=None, actor=ACTOR)
    unchanged(
        lambda: tasks.restore_task(session, office.jobs, actor=ACTOR),
        ValidationError,
        "请先恢复上级任务",
    )


def test_indicators_are_added_edited_and_deleted(session: Session, office: Office) -> None:
    added = tasks.add_indicator(
        session,
        office.poverty,
        IndicatorInput("贫困户", "158", unit="户"),
        expected_version=None,
        actor=ACTOR,
    )
    edited = tasks.edit_indicator(
        session, added.id, value="160", expected_version=None, actor=ACTOR
    )
    session.commit()
    assert edited.value == 160.0
    assert [i.value for i in tasks.get_task(session, office.poverty).indicators] == [160.0]

    tasks.delete_indicator(session, added.id, expected_version=None, actor=ACTOR)
    session.commit()
    assert tasks.get_task(session, office.poverty).indicators == ()


def test_edit_indicator_with_a_non_numeric_target_is_refused(
    unchanged, session: Session, office: Office
) -> None:
    indicator = tasks.get_task(session, office.projects).indicators[0]
    unchanged(
        lambda: tasks.edit_indicator(
            session, indicator.id, value="一百", expected_version=None, actor=ACTOR
        ),
        ValidationError,
        "指标“重点项目”的目标值必须是数字：一百",
    )


def test_resolve_task_by_code_and_by_id(session: Session, office: Office) -> None:
    assert tasks.resolve_task(session, office.plan_id, "1.2") == office.jobs
    assert tasks.resolve_task(session, None, f"#{office.poverty}") == office.poverty
    with pytest.raises(NotFoundError, match=r"没有编号为 7\.7 的任务"):
        tasks.resolve_task(session, office.plan_id, "7.7")
