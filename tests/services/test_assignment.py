"""Assignment in bulk, departments added, renamed and merged, suggestions accepted."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import AuditEntry, DepartmentSuggestion, Task
from supervisor.errors import DuplicateError, NotFoundError, ValidationError
from supervisor.services import assignment, departments, tasks, urging
from tests.services.conftest import ACTOR, TODAY, Office


def test_assign_one_task(session: Session, office: Office) -> None:
    result = assignment.assign(
        session,
        [office.jobs],
        lead="市人力资源社会保障局",
        co=["市发展改革委"],
        leader="李副市长",
        deadline="2020-12-31",
        actor=ACTOR,
    )
    session.commit()

    task = tasks.get_task(session, office.jobs)
    assert result.changed == 1
    assert (task.lead_department, task.co_departments, task.leader, str(task.deadline)) == (
        "市人力资源社会保障局",
        ("市发展改革委",),
        "李副市长",
        "2020-12-31",
    )
    fields = set(
        session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.task_id == office.jobs, AuditEntry.action == "assign"
            )
        )
    )
    assert fields == {"lead_department", "co_departments", "leader", "deadline"}


def test_assign_a_subtree_reaches_every_sub_task(session: Session, office: Office) -> None:
    result = assignment.assign(
        session, [office.area_industry], lead="市发展改革委", subtree=True, actor=ACTOR
    )
    session.commit()

    assert set(result.task_ids) == {office.area_industry, office.projects, office.jobs}
    for task_id in result.task_ids:
        assert tasks.get_task(session, task_id).lead_department == "市发展改革委"
    assert tasks.get_task(session, office.poverty).lead_department is None


def test_assign_a_selection_leaves_other_fields_alone(session: Session, office: Office) -> None:
    assignment.assign(session, [office.jobs], leader="王局长", actor=ACTOR)
    assignment.assign(session, [office.jobs, office.poverty], deadline="2020-09-30", actor=ACTOR)
    session.commit()

    assert tasks.get_task(session, office.jobs).leader == "王局长"
    assert str(tasks.get_task(session, office.poverty).deadline) == "2020-09-30"


def test_assign_lead_drops_the_same_unit_from_co_units(session: Session, office: Office) -> None:
    assignment.assign(session, [office.jobs], co=["市发展改革委"], actor=ACTOR)
    assignment.assign(session, [office.jobs], lead="市发展改革委", actor=ACTOR)
    session.commit()

    task = tasks.get_task(session, office.jobs)
    assert (task.lead_department, task.co_departments) == ("市发展改革委", ())


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, ValidationError, "请至少指定"),
        ({"lead": "市不存在局"}, NotFoundError, "没有名为“市不存在局”的单位"),
        ({"co": ["市发展改革委", "市外星局"]}, NotFoundError, "市外星局"),
        (
            {"lead": "市发展改革委", "co": ["市发展改革委"]},
            ValidationError,
            "不能同时是牵头单位和配合单位",
        ),
        ({"deadline": "2099-01-01"}, ValidationError, "超出合理范围"),
        ({"leader": "李" * 101}, ValidationError, "责任领导过长"),
    ],
)
def test_assign_refuses_bad_input(
    unchanged, session: Session, office: Office, kwargs, error, message
) -> None:
    unchanged(
        lambda: assignment.assign(session, [office.jobs, office.poverty], actor=ACTOR, **kwargs),
        error,
        message,
    )


def test_assign_with_a_missing_task_changes_nothing(
    unchanged, session: Session, office: Office
) -> None:
    unchanged(
        lambda: assignment.assign(session, [office.jobs, 999], lead="市发展改革委", actor=ACTOR),
        NotFoundError,
        "没有编号为 999 的任务",
    )


def test_add_and_rename_a_department(session: Session, office: Office) -> None:
    departments.add_department(session, "市住房城乡建设局", short_name="市住建局", actor=ACTOR)
    assignment.assign(session, [office.poverty], lead="市住建局", actor=ACTOR)
    departments.rename_department(session, "市住房城乡建设局", "市住房和城乡建设局", actor=ACTOR)
    session.commit()

    assert tasks.get_task(session, office.poverty).lead_department == "市住房和城乡建设局"
    # The old name still finds the unit, and is no unit of its own in the list.
    assert departments.find_department(session, "市住房城乡建设局").name == "市住房和城乡建设局"
    names = [d.name for d in departments.list_departments(session)]
    assert "市住房城乡建设局" not in names
    with pytest.raises(DuplicateError, match="已并入"):
        departments.add_department(session, "市住房城乡建设局", actor=ACTOR)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda s: departments.add_department(s, " ", actor=ACTOR),
            ValidationError,
            "单位名称不能为空",
        ),
        (
            lambda s: departments.add_department(s, "市发展改革委", actor=ACTOR),
            DuplicateError,
            "已存在",
        ),
        (
            lambda s: departments.add_department(s, "某单位", kind="部委", actor=ACTOR),
            ValidationError,
            "单位类别只能是",
        ),
        (
            lambda s: departments.rename_department(s, "市无此局", "x", actor=ACTOR),
            NotFoundError,
            "没有名为",
        ),
        (
            lambda s: departments.rename_department(
                s, "市发展改革委", "市工业和信息化局", actor=ACTOR
            ),
            DuplicateError,
            "已存在",
        ),
        (
            lambda s: departments.merge_departments(s, "市发展改革委", "市发展改革委", actor=ACTOR),
            ValidationError,
            "已是同一个单位",
        ),
    ],
)
def test_department_changes_refuse_bad_input(
    unchanged, session: Session, office: Office, call, error, message
) -> None:
    unchanged(lambda: call(session), error, message)


def test_merge_moves_every_task_and_urging_without_orphans(
    session: Session, office: Office
) -> None:
    departments.add_department(session, "市发改委", actor=ACTOR)
    assignment.assign(session, [office.projects], lead="市发改委", actor=ACTOR)
    assignment.assign(
        session,
        [office.jobs],
        lead="市发展改革委",
        co=["市发改委", "市工业和信息化局"],
        actor=ACTOR,
    )
    assignment.assign(
        session, [office.poverty], lead="市工业和信息化局", co=["市发改委"], actor=ACTOR
    )
    deleted = tasks.add_task(session, office.plan_id, title="已删除的任务", actor=ACTOR)
    assignment.assign(session, [deleted.id], lead="市发改委", actor=ACTOR)
    tasks.delete_task(session, deleted.id, expected_version=None, actor=ACTOR)
    urging.urge(
        session, office.projects, note="请加快", date="2020-05-01", today=TODAY, actor=ACTOR
    )

    result = departments.merge_departments(session, "市发改委", "市发展改革委", actor=ACTOR)
    session.commit()

    assert (result.lead_tasks, result.co_tasks, result.urgings) == (2, 2, 1)
    assert tasks.get_task(session, office.projects).lead_department == "市发展改革委"
    assert tasks.get_task(session, office.jobs).co_departments == ("市工业和信息化局",)
    assert tasks.get_task(session, office.poverty).co_departments == ("市发展改革委",)
    assert session.get(Task, deleted.id).lead_department.name == "市发展改革委"
    assert urging.list_urgings(session, office.plan_id)[0].department == "市发展改革委"
    # The old name still finds the unit, and the list shows it as an alias.
    assert departments.find_department(session, "市发改委").name == "市发展改革委"
    listed = {d.name: d for d in departments.list_departments(session)}
    assert "市发改委" not in listed
    assert listed["市发展改革委"].aliases == ("市发改委",)
    assert (listed["市发展改革委"].lead_tasks, listed["市发展改革委"].co_tasks) == (2, 1)


def _suggest(session: Session, task_id: int, name: str, role: str) -> int:
    row = DepartmentSuggestion(task_id=task_id, department_name=name, role=role, keyword="就业")
    session.add(row)
    session.flush()
    return row.id


def test_accept_one_suggestion(session: Session, office: Office) -> None:
    lead = _suggest(session, office.jobs, "市人力资源社会保障局", "lead")
    _suggest(session, office.jobs, "市财政局", "co")
    session.commit()

    accepted = departments.accept_suggestions(session, office.plan_id, [lead], actor=ACTOR)
    session.commit()

    assert [a.id for a in accepted] == [lead]
    assert tasks.get_task(session, office.jobs).lead_department == "市人力资源社会保障局"
    assert [s.department_name for s in departments.list_suggestions(session, office.plan_id)] == [
        "市财政局"
    ]


def test_accept_all_creates_missing_departments(session: Session, office: Office) -> None:
    _suggest(session, office.jobs, "市人力资源社会保障局", "lead")
    _suggest(session, office.jobs, "市财政局", "co")
    _suggest(session, office.jobs, "市教育局", "lead")  # a second lead becomes a co-unit
    _suggest(session, office.poverty, "平罗县", "lead")
    session.commit()

    accepted = departments.accept_suggestions(session, office.plan_id, None, actor=ACTOR)
    session.commit()

    assert len(accepted) == 4
    jobs = tasks.get_task(session, office.jobs)
    assert jobs.lead_department == "市人力资源社会保障局"
    assert set(jobs.co_departments) == {"市财政局", "市教育局"}
    county = departments.find_department(session, "平罗县")
    assert county.kind == "县区"
    assert departments.list_suggestions(session, office.plan_id) == []


def test_accepting_twice_or_a_foreign_suggestion_is_refused(
    unchanged, session: Session, office: Office
) -> None:
    lead = _suggest(session, office.jobs, "市人力资源社会保障局", "lead")
    departments.accept_suggestions(session, office.plan_id, [lead], actor=ACTOR)
    unchanged(
        lambda: departments.accept_suggestions(session, office.plan_id, [lead], actor=ACTOR),
        ValidationError,
        "已经采纳过",
    )
    unchanged(
        lambda: departments.accept_suggestions(session, office.plan_id, [4242], actor=ACTOR),
        NotFoundError,
        "没有编号为 4242 的单位建议",
    )
