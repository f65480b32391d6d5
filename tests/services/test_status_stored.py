"""Stored task statuses: each change that can make one stale drops it, whatever writes it.

The oracle is the full path of ``test_status_trend_paths``: ``task_states`` on each day. For
every staleness rule of migration 0007, a trend stores its past periods' statuses, the data
changes (through the services or by plain SQL, as another program would), every stored row
left equals the full path's status of its task on its day, a change of a few tasks leaves
the other tasks' rows, and the next trend equals the oracle again (and stores anew).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from supervisor.db.models import ProgressReport, StaleTaskMark, StoredTaskStatus, Task
from supervisor.domain import TaskStatus
from supervisor.services import progress, reporting, settings, statistics, status, tasks
from supervisor.services.periods import periods_between
from supervisor.services.status.stored import counts_on_days, forget_counts
from tests.services.conftest import ACTOR, TODAY
from tests.services.test_status_trend_paths import _full_counts, _varied_plan

AS_OF = dt.date(2020, 11, 18)  # a Wednesday: seven past weeks and the current one
BACK = dt.date(2020, 10, 14)  # a day inside the stored weeks


def _days(session: Session) -> list[dt.date]:
    kind = settings.load_settings(session).reporting_period
    chosen = periods_between(dt.date(2020, 1, 1), AS_OF, kind)[-8:]
    return [min(period.end, AS_OF) for period in chosen]


def _oracle(session: Session, plan_id: int) -> list[dict[TaskStatus, int]]:
    return [
        {s: _full_counts(session, plan_id, day)[s] for s in TaskStatus} for day in _days(session)
    ]


def _trend(session: Session, plan_id: int) -> list[dict[TaskStatus, int]]:
    points = statistics.trend(session, plan_id, as_of=AS_OF)
    return [{s: point.counts[s] for s in TaskStatus} for point in points]


def _stored(session: Session, plan_id: int) -> dict[tuple[int, dt.date], str]:
    """(task, day) → the stored status, of the plan's tasks."""
    rows = session.execute(
        select(StoredTaskStatus.task_id, StoredTaskStatus.day, StoredTaskStatus.status)
        .join(Task, Task.id == StoredTaskStatus.task_id)
        .where(Task.plan_id == plan_id)
    )
    return {(task_id, day): value for task_id, day, value in rows}


def _stored_days(session: Session, plan_id: int) -> set[dt.date]:
    return {day for _task, day in _stored(session, plan_id)}


def _full_statuses(session: Session, plan_id: int) -> dict[tuple[int, dt.date], str]:
    """(leaf, past day) → its status by the full path: what the stored rows must be."""
    return {
        (state.task_id, day): state.status.value
        for day in _days(session)[:-1]
        for state in status.task_states(session, plan_id, as_of=day, leaves_only=True)
        if state.status is not None
    }


def _leaf(session: Session, plan_id: int, title: str) -> int:
    return session.scalar(select(Task.id).where(Task.plan_id == plan_id, Task.title == title))


def _never_reported(session: Session, plan_id: int) -> int:
    """A live leaf without reports (任务8 is skipped by the varied plan's reporting)."""
    reported = select(ProgressReport.task_id)
    parents = select(Task.parent_id).where(Task.parent_id.is_not(None))
    return session.scalar(
        select(Task.id)
        .where(Task.plan_id == plan_id, Task.title.like("任务%"), Task.deleted_at.is_(None))
        .where(Task.kind == "考核", Task.id.not_in(reported), Task.id.not_in(parents))
        .order_by(Task.id)
        .limit(1)
    )


def _back_dated_report(session: Session, plan_id: int) -> None:
    task_id = _never_reported(session, plan_id)
    progress.add_progress(session, task_id, report_date=BACK, percent=100, today=TODAY, actor=ACTOR)


def _report_changed(session: Session, plan_id: int) -> None:
    # Reports are never updated by this program; another one might.
    session.execute(
        text(
            "UPDATE progress_report SET percent = 100 WHERE id = (SELECT min(p.id) FROM "
            "progress_report p JOIN task t ON t.id = p.task_id WHERE t.plan_id = :plan "
            "AND p.report_date BETWEEN '2020-10-01' AND '2020-10-14' AND p.percent < 50 "
            "AND p.department_id IS NULL)"
        ),
        {"plan": plan_id},
    )


def _report_deleted(session: Session, plan_id: int) -> None:
    session.execute(
        text(
            "DELETE FROM progress_report WHERE id IN (SELECT p.id FROM progress_report p "
            "JOIN task t ON t.id = p.task_id WHERE t.plan_id = :plan AND p.report_date "
            "BETWEEN '2020-09-20' AND '2020-10-14' AND p.percent >= 99 "
            "AND NOT EXISTS (SELECT 1 FROM indicator_actual a WHERE a.report_id = p.id))"
        ),
        {"plan": plan_id},
    )


def _actual_changed(session: Session, plan_id: int) -> None:
    session.execute(
        text(
            "UPDATE indicator_actual SET value = value + 1000 WHERE report_id IN (SELECT p.id "
            "FROM progress_report p JOIN task t ON t.id = p.task_id WHERE t.plan_id = :plan "
            "AND p.percent IS NULL AND p.report_date BETWEEN '2020-09-01' AND '2020-10-14')"
        ),
        {"plan": plan_id},
    )


def _task_deadline(session: Session, plan_id: int) -> None:
    session.execute(
        text(
            "UPDATE task SET deadline = '2020-10-01' WHERE plan_id = :plan "
            "AND title IN ('任务0', '任务1', '任务2', '任务3')"
        ),
        {"plan": plan_id},
    )


def _task_deleted(session: Session, plan_id: int) -> None:
    for title in ("任务0", "任务2", "任务3"):
        tasks.delete_task(
            session, _leaf(session, plan_id, title), expected_version=None, actor=ACTOR
        )


def _task_restored(session: Session, plan_id: int) -> None:
    tasks.restore_task(session, _leaf(session, plan_id, "任务13"), actor=ACTOR)


def _task_added(session: Session, plan_id: int) -> None:
    tasks.add_task(session, plan_id, title="新增任务", actor=ACTOR)


def _task_kind(session: Session, plan_id: int) -> None:
    tasks.set_task_kind(
        session, _leaf(session, plan_id, "任务0"), "常态化", expected_version=None, actor=ACTOR
    )


def _lead_unit(session: Session, plan_id: int) -> None:
    # The co-unit whose reports did not count becomes the lead: now they count.
    session.execute(
        text(
            "UPDATE task SET lead_department_id = (SELECT min(p.department_id) FROM "
            "progress_report p WHERE p.task_id = task.id AND p.department_id IS NOT NULL "
            "AND p.department_id <> task.lead_department_id) WHERE plan_id = :plan AND "
            "EXISTS (SELECT 1 FROM progress_report p WHERE p.task_id = task.id AND "
            "p.department_id IS NOT NULL AND p.department_id <> task.lead_department_id)"
        ),
        {"plan": plan_id},
    )


def _indicator_changed(session: Session, plan_id: int) -> None:
    session.execute(
        text(
            "UPDATE indicator SET value = value * 100 WHERE comparator = '>=' AND task_id IN "
            "(SELECT id FROM task WHERE plan_id = :plan)"
        ),
        {"plan": plan_id},
    )


def _plan_year(session: Session, plan_id: int) -> None:
    session.execute(text("UPDATE plan SET year = 2019 WHERE id = :plan"), {"plan": plan_id})


def _setting(session: Session, _plan_id: int) -> None:
    settings.set_setting(session, "behind_margin", "40", actor=ACTOR)


RULES: dict[str, Callable[[Session, int], None]] = {
    "back-dated report": _back_dated_report,
    "report changed": _report_changed,
    "report deleted": _report_deleted,
    "actual changed": _actual_changed,
    "task deadline": _task_deadline,
    "task deleted": _task_deleted,
    "task restored": _task_restored,
    "task added": _task_added,
    "task kind": _task_kind,
    "task lead unit": _lead_unit,
    "indicator changed": _indicator_changed,
    "plan year": _plan_year,
    "status setting": _setting,
}


@pytest.fixture
def plan_id(session: Session) -> int:
    return _varied_plan(session)


# The rules that drop every stored row of the plan; the others only their tasks'.
EVERYTHING = {"plan year", "status setting"}


@pytest.mark.parametrize("rule", list(RULES))
def test_a_change_drops_the_statuses_it_makes_stale(
    session: Session, plan_id: int, rule: str
) -> None:
    before = _oracle(session, plan_id)
    assert _trend(session, plan_id) == before  # worked out and stored
    days = _days(session)
    stored = _stored(session, plan_id)
    assert stored == _full_statuses(session, plan_id)  # the current week is not stored
    assert {day for _task, day in stored} == set(days[:-1])
    assert _trend(session, plan_id) == before  # read back

    RULES[rule](session, plan_id)
    session.commit()

    after = _oracle(session, plan_id)
    # The change moves some past week's counts: left stored, the trend would be wrong.
    assert after[:-1] != before[:-1]
    left = _stored(session, plan_id)
    full = _full_statuses(session, plan_id)
    # No stale row is left: each row of a leaf is its status by the full path.
    assert {key: left[key] for key in left if key in full} == {
        key: full[key] for key in left if key in full
    }
    touched = {task_id for task_id, _day in stored.keys() - left.keys()}
    leaves = {task_id for task_id, _day in stored}
    if rule in EVERYTHING:
        assert left == {}
    else:  # the rows of the tasks the change did not touch are left
        assert leaves - touched, touched
    assert _trend(session, plan_id) == after
    assert _stored(session, plan_id) == full  # stored again, and right


def test_a_report_drops_only_its_tasks_weeks_from_its_date(session: Session, plan_id: int) -> None:
    _trend(session, plan_id)
    stored = _stored(session, plan_id)
    task_id = _never_reported(session, plan_id)
    progress.add_progress(session, task_id, report_date=BACK, percent=40, today=TODAY, actor=ACTOR)
    session.commit()
    assert _stored(session, plan_id) == {
        (task, day): value for (task, day), value in stored.items() if task != task_id or day < BACK
    }
    # A report of the current week (the normal weekly case) leaves every stored row.
    _trend(session, plan_id)
    stored = _stored(session, plan_id)
    progress.add_progress(
        session, _never_reported(session, plan_id), report_date=AS_OF, percent=40,
        today=TODAY, actor=ACTOR,
    )  # fmt: skip
    session.commit()
    assert _stored(session, plan_id) == stored
    assert _trend(session, plan_id) == _oracle(session, plan_id)


def test_a_deadline_edit_drops_that_tasks_rows_alone(session: Session, plan_id: int) -> None:
    # The office's common change: every other leaf's past weeks stay stored.
    _trend(session, plan_id)
    stored = _stored(session, plan_id)
    task_id = _leaf(session, plan_id, "任务5")
    tasks.edit_task(
        session, task_id, deadline=dt.date(2020, 8, 31), expected_version=None, actor=ACTOR
    )
    session.commit()
    assert _stored(session, plan_id) == {
        key: value for key, value in stored.items() if key[0] != task_id
    }
    assert _trend(session, plan_id) == _oracle(session, plan_id)
    assert _stored(session, plan_id) == _full_statuses(session, plan_id)


def test_a_leaf_split_and_joined_again_is_worked_out_anew(session: Session, plan_id: int) -> None:
    # A sub-task makes its parent no leaf, deleting it makes it one again: the parent's
    # rows go with each change (the trigger drops the old and new parent's rows).
    _trend(session, plan_id)
    leaf = _leaf(session, plan_id, "任务6")
    assert any(task_id == leaf for task_id, _day in _stored(session, plan_id))
    child = tasks.add_task(session, plan_id, title="子任务", parent_id=leaf, actor=ACTOR).id
    session.commit()
    assert not any(task_id == leaf for task_id, _day in _stored(session, plan_id))
    assert _trend(session, plan_id) == _oracle(session, plan_id)
    tasks.delete_task(session, child, expected_version=None, actor=ACTOR)
    session.commit()
    assert not any(task_id in (leaf, child) for task_id, _day in _stored(session, plan_id))
    assert _trend(session, plan_id) == _oracle(session, plan_id)
    assert _stored(session, plan_id) == _full_statuses(session, plan_id)


def test_the_bulletins_issue_number_keeps_the_counts(session: Session, plan_id: int) -> None:
    _trend(session, plan_id)
    settings.set_setting(session, "bulletin_last_issue", "2020-7", actor=ACTOR)
    session.commit()
    assert _stored_days(session, plan_id) == set(_days(session)[:-1])


def test_a_missing_trigger_leaves_a_stale_trend(session: Session, plan_id: int) -> None:
    # The planted bug: without the report trigger the stored weeks stay, and the trend no
    # longer equals the full path, which is what the rule tests above would catch.
    before = _trend(session, plan_id)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DROP TRIGGER task_status_stale ON progress_report"))
    else:
        session.execute(text("DROP TRIGGER task_status_day_progress_report_insert"))
    _back_dated_report(session, plan_id)
    session.commit()
    stale = _trend(session, plan_id)
    assert stale[:-1] == before[:-1]  # the current week is counted live
    assert stale != _oracle(session, plan_id)


def test_empty_table_and_uncommitted_changes_count_in_full(session: Session, plan_id: int) -> None:
    expected = _oracle(session, plan_id)
    forget_counts(session)
    session.commit()
    # The bulletin's trend with nothing stored equals the full path, and stores.
    bulletin = reporting.bulletin_data(session, plan_id, as_of=AS_OF)
    assert [{s: p.counts[s] for s in TaskStatus} for p in bulletin.trend] == expected
    assert _stored_days(session, plan_id) == set(_days(session)[:-1])
    # A transaction that has written counts its own view and stores nothing of it.
    forget_counts(session, plan_id)
    _back_dated_report(session, plan_id)
    changed = _oracle(session, plan_id)
    assert _trend(session, plan_id) == changed != expected
    assert _stored_days(session, plan_id) == set()
    session.rollback()
    assert _trend(session, plan_id) == expected


def test_other_settings_than_the_databases_are_counted_not_read(
    session: Session, plan_id: int
) -> None:
    _trend(session, plan_id)
    days = _days(session)
    stored = counts_on_days(
        session, plan_id, days, settings=settings.load_settings(session), store_before=AS_OF
    )
    other = dataclasses.replace(settings.load_settings(session), behind_margin=40.0)
    counted = counts_on_days(session, plan_id, days, settings=other, store_before=AS_OF)
    assert counted != stored
    assert session.scalar(select(func.count()).select_from(StoredTaskStatus)) == len(
        _full_statuses(session, plan_id)
    )


def _marks(session: Session) -> set[int]:
    return set(session.scalars(select(StaleTaskMark.task_id)))


def test_changes_mark_the_tasks_whose_rows_they_drop_and_a_trend_clears_them(
    session: Session, plan_id: int
) -> None:
    # Migration 0008: the triggers mark the tasks whose rows they drop (and a task's own
    # change that task and its parent), so a trend works those out without searching every
    # leaf; a report of the current week drops nothing and marks nothing.
    _trend(session, plan_id)
    assert _marks(session) == set()
    progress.add_progress(
        session, _never_reported(session, plan_id), report_date=AS_OF, percent=40,
        today=TODAY, actor=ACTOR,
    )  # fmt: skip
    session.commit()
    assert _marks(session) == set()
    reported = _never_reported(session, plan_id)
    progress.add_progress(session, reported, report_date=BACK, percent=40, today=TODAY, actor=ACTOR)
    edited = max(task for task, _day in _stored(session, plan_id) if task != reported)
    tasks.edit_task(
        session, edited, deadline=dt.date(2020, 8, 31), expected_version=None, actor=ACTOR
    )
    session.commit()
    parent = session.get(Task, edited).parent_id
    assert _marks(session) == {reported, edited} | ({parent} - {None})
    assert _trend(session, plan_id) == _oracle(session, plan_id)
    assert _marks(session) == set()
    assert _stored(session, plan_id) == _full_statuses(session, plan_id)


def test_rows_missing_without_a_mark_are_found_all_the_same(session: Session, plan_id: int) -> None:
    # A mark is a hint: rows gone without one (deleted by hand here) are found by the
    # search of every leaf, since the counts do not add up.
    _trend(session, plan_id)
    stored = _stored(session, plan_id)
    task_id = max(task for task, _day in stored)
    session.execute(
        text("DELETE FROM task_status_day WHERE task_id = :task AND day >= :day"),
        {"task": task_id, "day": BACK},
    )
    session.commit()
    assert len(_stored(session, plan_id)) < len(stored)
    assert _marks(session) == set()
    assert _trend(session, plan_id) == _oracle(session, plan_id)
    assert _stored(session, plan_id) == _full_statuses(session, plan_id)
