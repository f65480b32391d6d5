"""Status counts on past days: from the leaves' stored statuses (``task_status_day``), the
missing ones worked out and stored.

A trend needs a plan's counts on the last day of each of its past periods; working them out
means reading ~70,000 reports at 10,000 tasks. A leaf's status on a day depends only on its
own data dated on or before it and on the settings, so once worked out it holds until such
data changes, and the triggers of migrations 0007/0008 delete it when it does, whatever
program writes. The statuses are stored per task, so a change (a report, a deadline) drops
the rows of the task it touched and the next trend works out only those again. The counts
are one index-only count per (day, status) over the plan's rows: the triggers keep them to
the plan's current leaves (a task deleted, split or made 常态化 loses its rows), and the rows
are complete exactly when each day's add up to the leaves (counted in the same statement).
Else the missing leaves are worked out: first the tasks the triggers marked when they
dropped rows (``task_status_redo``, 0008), then, if the counts still fall short, every leaf
is searched for gaps (a mark is only a hint); any row of a task that is no leaf is deleted.
The counts read are then adjusted by the rows replaced and stored, not read again.

Statuses are stored from a transaction of their own, and only from committed data:

* the caller's transaction must have written nothing (its own uncommitted changes may be
  rolled back; its counts are then worked out in it and not stored);
* on SQLite that transaction begins IMMEDIATE: it holds the write lock while it works, so
  no other program commits a change the statuses would miss;
* on PostgreSQL it takes the table's SHARE ROW EXCLUSIVE lock (NOWAIT) before it reads
  anything (so the counts are read once, under it, also when nothing is missing): each
  trigger's DELETE holds ROW EXCLUSIVE until its writer commits, so the lock is refused
  while a change is in flight (nothing is stored this time), and a writer that comes later
  waits for the statuses to be committed and then deletes those it makes stale (the lock
  also keeps two trends from storing the same rows at once). A login that may not lock the
  table (领导) does not store either.

Whatever fails while storing (a busy or read-only file, a refused lock), the stored counts
are read as they stand, and where some are missing worked out in the caller's transaction:
storing is never needed for a right answer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from supervisor.db.models import StaleTaskMark, StoredTaskStatus, Task
from supervisor.db.session import BUSY_TIMEOUT_MS
from supervisor.domain import TaskKind, TaskStatus
from supervisor.errors import SupervisorError
from supervisor.services.settings import Settings, load_settings
from supervisor.services.status.counts import leaf_statuses_by_day, status_counts_on
from supervisor.services.status.queries import chunks, id_in

# How long a trend waits for another program's write before counting without storing.
_SQLITE_WAIT_MS = 500


def counts_on_days(
    session: Session,
    plan_id: int,
    days: Sequence[dt.date],
    *,
    settings: Settings,
    store_before: dt.date,
) -> list[Counter[TaskStatus]]:
    """Status counts of the plan's leaf tasks on each day, as ``status_counts_on`` gives them.

    Days before ``store_before`` (the current period's first day: those periods are over)
    are counted from the stored statuses, the missing ones worked out and stored first;
    later days are always worked out. With other ``settings`` than the database's (the
    stored statuses are by those), every day is worked out.
    """
    session.flush()
    if not days:
        return []
    if load_settings(session) != settings:
        return status_counts_on(session, plan_id, days, settings=settings)
    storable = sorted({day for day in days if day < store_before})
    found: dict[dt.date, Counter[TaskStatus]] = {}
    if storable:
        if session.get_bind().dialect.name == "postgresql":
            # Counted under the storing lock at once: when some are missing, what is stored
            # is not read twice (before and under the lock). The lock is refused while a
            # change is in flight, and 领导 may not take it: then read them as they are.
            found = _count_and_store(session, plan_id, storable, settings)
            if not found:
                found = stored_counts(session.connection(), plan_id, storable) or {}
        else:
            # On SQLite the lock is the file's write lock, which other programs' writes
            # would wait for: read first, and take it only when some are missing.
            found = stored_counts(session.connection(), plan_id, storable) or {}
            if not found:
                found = _count_and_store(session, plan_id, storable, settings)
    live = sorted({day for day in days if day not in found})
    if live:
        counted = status_counts_on(session, plan_id, live, settings=settings)
        found.update(zip(live, counted, strict=True))
    return [Counter(found[day]) for day in days]


def _leaf(task: type[Task], plan_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """``task`` is a live, counted leaf of the plan (as ``status_counts_on`` picks them)."""
    child = aliased(Task)
    return (
        (task.plan_id == plan_id)
        & task.deleted_at.is_(None)
        & (task.kind != TaskKind.ROUTINE.value)
        & ~exists().where(
            child.parent_id == task.id, child.plan_id == plan_id, child.deleted_at.is_(None)
        )
    )


def stored_counts(
    connection: Connection, plan_id: int, days: Iterable[dt.date]
) -> dict[dt.date, Counter[TaskStatus]] | None:
    """The plan's counts on ``days`` from the stored statuses, or None if any leaf lacks one.

    One statement (one snapshot): the count of the plan's rows on each day with each status
    (index-only: rows are only ever those of the plan's current leaves, see migration 0007),
    and beside them how many leaves the plan has; the PK (task, day) makes the rows complete
    exactly when they sum to leaves × days.
    """
    wanted = sorted(set(days))
    if not wanted:
        return {}
    leaves, counts = _read_counts(connection, plan_id, wanted)
    return counts if _complete(counts, wanted, leaves) else None


def _complete(counts: dict[dt.date, Counter[TaskStatus]], days: list[dt.date], leaves: int) -> bool:
    """Whether the rows counted on each of ``days`` are one for each of the plan's leaves."""
    return all(sum(counts[day].values()) == leaves for day in days)


def _read_counts(
    connection: Connection, plan_id: int, days: list[dt.date]
) -> tuple[int, dict[dt.date, Counter[TaskStatus]]]:
    """How many leaves the plan has, and its stored rows' counts on each of ``days`` (sorted,
    distinct) by status: one statement."""
    parameters = {f"day{index}": day for index, day in enumerate(days)}
    row = connection.execute(_counts_statement(len(days)), {"plan": plan_id, **parameters}).one()
    counts: dict[dt.date, Counter[TaskStatus]] = {day: Counter() for day in days}
    pairs = [(day, status) for day in days for status in TaskStatus]
    for (day, status), count in zip(pairs, row[1:], strict=True):
        if count:
            counts[day][status] = count
    return row[0], counts


@cache
def _counts_statement(days: int) -> Select:
    """The statement of ``stored_counts`` for this many days (bound: plan, day0, day1, …).

    A count of each (day, status) range of the index, not a GROUP BY over the plan's rows:
    each is an index-only count with no hashing (≈12 ms, not ≈17 ms, at 66,000 rows, leaves
    counted beside). Built once per number of days: some fifty subqueries take a few
    milliseconds to put together.
    """
    plan = bindparam("plan", type_=Integer)
    leaves = select(func.count()).select_from(Task).where(_leaf(Task, plan)).scalar_subquery()
    counts = [
        select(func.count())
        .select_from(StoredTaskStatus)
        .where(
            StoredTaskStatus.plan_id == plan,
            StoredTaskStatus.day == bindparam(f"day{index}", type_=Date),
            StoredTaskStatus.status == status.value,
        )
        .scalar_subquery()
        for index in range(days)
        for status in TaskStatus
    ]
    return select(leaves, *counts)


def forget_counts(session: Session, plan_id: int | None = None) -> None:
    """Delete the stored statuses (of one plan's tasks): the next trend works them out again."""
    query = delete(StoredTaskStatus)
    if plan_id is not None:
        query = query.where(StoredTaskStatus.plan_id == plan_id)
    session.execute(query)


def _count_and_store(
    session: Session, plan_id: int, days: list[dt.date], settings: Settings
) -> dict[dt.date, Counter[TaskStatus]]:
    """Work out the leaves' missing statuses on ``days`` in a transaction of their own, store
    them and count; {} where that cannot be."""
    if _has_written(session):
        return {}
    engine = session.get_bind()
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return {}  # another connection would open another, empty database
    try:
        with engine.connect() as connection:
            if not _lock(connection):
                connection.rollback()
                return {}
            with Session(bind=connection) as own:
                if load_settings(own) != settings:
                    connection.rollback()  # settings changed meanwhile: count in the caller's
                    return {}
                leaves, counts = _read_counts(connection, plan_id, days)
                if not _complete(counts, days, leaves):
                    _fill(own, connection, plan_id, days, settings, counts, leaves)
                    if not _complete(counts, days, leaves):
                        # Rows of a task that is no longer a leaf of the plan are dropped by
                        # the triggers; should one be left all the same, it goes here.
                        leaf_ids = select(Task.id).where(_leaf(Task, plan_id))
                        own.execute(
                            delete(StoredTaskStatus).where(
                                StoredTaskStatus.plan_id == plan_id,
                                StoredTaskStatus.task_id.not_in(leaf_ids),
                            )
                        )
                        counts = stored_counts(connection, plan_id, days) or {}
                own.commit()
            connection.commit()
    except (SQLAlchemyError, SupervisorError):
        # A busy, read-only or damaged file, a refused lock or a lost race with another
        # trend storing the same rows: the caller works them out itself.
        return {}
    return counts


def _fill(
    own: Session,
    connection: Connection,
    plan_id: int,
    days: list[dt.date],
    settings: Settings,
    counts: dict[dt.date, Counter[TaskStatus]],
    leaves: int,
) -> None:
    """Work out and store the statuses of the leaves that lack one on a day, and update
    ``counts`` (the stored rows', read under the same lock) to match, so they need not be
    read again: minus the rows replaced, plus those stored.

    The tasks the triggers marked (``task_status_redo``) are worked out first; only if the
    counts still fall short is every leaf searched for gaps (a mark is a hint, never needed
    for a right answer). Nothing stored on these days (after a setting or plan change):
    every leaf is missing, and neither marks, a search nor a delete is needed.
    """
    dialect = connection.dialect.name
    marked = list(connection.scalars(select(StaleTaskMark.task_id)))
    if any(counts[day] for day in days):
        rounds: list[Callable[[], Collection[int] | None]] = [
            lambda: marked,
            lambda: _incomplete(connection, plan_id, days),
        ]
    else:
        rounds = [lambda: None]
    for missing in rounds:
        if _complete(counts, days, leaves):
            break
        only = missing()
        statuses = leaf_statuses_by_day(own, plan_id, days, only=only, settings=settings)
        if not statuses:
            continue
        if only is not None:
            for chunk in chunks(sorted(statuses)):
                # Rows of the other days stay; those of these days are replaced.
                replaced = connection.execute(
                    delete(StoredTaskStatus)
                    .where(
                        id_in(StoredTaskStatus.task_id, chunk, dialect),
                        StoredTaskStatus.day.in_(days),
                    )
                    .returning(StoredTaskStatus.day, StoredTaskStatus.status)
                ).all()
                for day, word in replaced:
                    counts[day][TaskStatus(word)] -= 1
        _insert(connection, plan_id, days, statuses)
        for by_day in statuses.values():
            for day, status in zip(days, by_day, strict=True):
                counts[day][status] += 1
    for day in days:
        counts[day] = +counts[day]  # without the statuses a replacement left at nought
    if marked:
        # This plan's marks are dealt with (and those of tasks gone); another plan's stay.
        others = select(Task.id).where(Task.id == StaleTaskMark.task_id, Task.plan_id != plan_id)
        connection.execute(
            delete(StaleTaskMark).where(
                id_in(StaleTaskMark.task_id, marked, dialect), ~others.exists()
            )
        )


def _insert(
    connection: Connection,
    plan_id: int,
    days: list[dt.date],
    statuses: dict[int, list[TaskStatus]],
) -> None:
    """Insert each task's status on each of ``days``: on PostgreSQL by COPY, as an executemany
    of 70,000 rows (a cold trend at 10,000 tasks) takes seconds there."""
    words = {status: status.value for status in TaskStatus}  # .value is a slow property
    if connection.dialect.name == "postgresql":
        # COPY's text format, written in one piece: numbers, ISO dates and the statuses'
        # words need no escaping, and a row at a time through write_row costs ≈3 µs each.
        dates = [day.isoformat() for day in days]
        data = "".join(
            f"{task_id}\t{day}\t{plan_id}\t{words[status]}\n"
            for task_id, by_day in statuses.items()
            for day, status in zip(dates, by_day, strict=True)
        )
        cursor = connection.connection.dbapi_connection.cursor()
        with (
            cursor,
            cursor.copy("COPY task_status_day (task_id, day, plan_id, status) FROM STDIN") as copy,
        ):
            copy.write(data.encode())
        return
    connection.execute(
        insert(StoredTaskStatus),
        [
            {"task_id": task_id, "day": day, "plan_id": plan_id, "status": words[status]}
            for task_id, by_day in statuses.items()
            for day, status in zip(days, by_day, strict=True)
        ],
    )


def _incomplete(connection: Connection, plan_id: int, days: list[dt.date]) -> set[int]:
    """The plan's leaves that lack a stored status on one of ``days``."""
    # A look-up of each leaf's rows by the primary key: cheaper than grouping them all.
    stored = (
        select(func.count())
        .where(StoredTaskStatus.task_id == Task.id, StoredTaskStatus.day.in_(days))
        .scalar_subquery()
    )
    return set(connection.scalars(select(Task.id).where(_leaf(Task, plan_id), stored < len(days))))


def _has_written(session: Session) -> bool:
    """Whether the session's transaction has changed anything not yet committed."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return connection.scalar(text("SELECT txid_current_if_assigned()")) is not None
    # pysqlite begins a transaction only before a statement that writes.
    return bool(connection.connection.dbapi_connection.in_transaction)


def _lock(connection: Connection) -> bool:
    """Begin the storing transaction so that nothing it counts can change until it commits."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE task_status_day IN SHARE ROW EXCLUSIVE MODE NOWAIT")
        return True
    if connection.dialect.name == "sqlite":
        # pysqlite's own BEGIN would be DEFERRED; commit what it may have begun first. While
        # another program writes, wait a moment, not the busy timeout: counting in the
        # caller's transaction instead is only slower.
        connection.commit()
        connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return True
    return False
