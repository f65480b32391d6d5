"""Status counts on past days: read from ``status_count`` where stored, else counted and stored.

A trend needs a plan's counts on the last day of each of its past periods; counting them
means reading ~70,000 reports at 10,000 tasks. Counts on a day depend only on data dated on
or before it and on the settings, so once counted they hold until such data changes, and
the triggers of migration 0007 delete them when it does, whatever program writes.

Counts are stored from a transaction of their own, and only from committed data:

* the caller's transaction must have written nothing (its own uncommitted changes may be
  rolled back; its counts are then computed in it and not stored);
* on SQLite that transaction begins IMMEDIATE: it holds the write lock while it counts, so
  no other program commits a change the counts would miss;
* on PostgreSQL it takes the table's SHARE ROW EXCLUSIVE lock (NOWAIT) before counting:
  each trigger's DELETE holds ROW EXCLUSIVE until its writer commits, so the lock is refused
  while a change is in flight (the counts are then not stored this time), and a writer that
  comes later waits for the counts to be committed and then deletes those it makes stale
  (the lock also keeps two trends from storing the same days at once). A login that may not
  lock the table (领导) does not store either.

Whatever fails while storing (a busy or read-only file, a refused lock), the counts are
computed in the caller's transaction as before: storing is never needed for a right answer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from supervisor.db.models import StoredStatusCount
from supervisor.db.session import BUSY_TIMEOUT_MS
from supervisor.domain import TaskStatus
from supervisor.errors import SupervisorError
from supervisor.services.settings import Settings, load_settings
from supervisor.services.status.counts import status_counts_on

# How long a trend waits for another program's write before counting without storing.
_SQLITE_WAIT_MS = 500
_STATUS = {status.value: status for status in TaskStatus}


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
    are read from the stored counts, and counted and stored where missing; later days are
    always counted. With other ``settings`` than the database's (the stored counts are by
    those), every day is counted.
    """
    session.flush()
    if not days:
        return []
    if load_settings(session) != settings:
        return status_counts_on(session, plan_id, days, settings=settings)
    storable = sorted({day for day in days if day < store_before})
    found = stored_counts(session.connection(), plan_id, storable)
    missing = [day for day in storable if day not in found]
    if missing:
        found.update(_count_and_store(session, plan_id, missing, settings))
    live = sorted({day for day in days if day not in found})
    if live:
        counted = status_counts_on(session, plan_id, live, settings=settings)
        found.update(zip(live, counted, strict=True))
    return [Counter(found[day]) for day in days]


def stored_counts(
    connection: Connection, plan_id: int, days: Iterable[dt.date]
) -> dict[dt.date, Counter[TaskStatus]]:
    """The stored counts of the plan on those of ``days`` that have them."""
    wanted = list(days)
    if not wanted:
        return {}
    rows = connection.execute(
        select(StoredStatusCount.day, StoredStatusCount.status, StoredStatusCount.count).where(
            StoredStatusCount.plan_id == plan_id, StoredStatusCount.day.in_(wanted)
        )
    ).all()
    counts: dict[dt.date, Counter[TaskStatus]] = {}
    for day, status, count in rows:
        counter = counts.setdefault(day, Counter())
        if count:
            counter[_STATUS[status]] = count
    return counts


def forget_counts(session: Session, plan_id: int | None = None) -> None:
    """Delete the stored counts (of one plan): the next trend counts them again."""
    query = delete(StoredStatusCount)
    if plan_id is not None:
        query = query.where(StoredStatusCount.plan_id == plan_id)
    session.execute(query)


def _count_and_store(
    session: Session, plan_id: int, days: list[dt.date], settings: Settings
) -> dict[dt.date, Counter[TaskStatus]]:
    """Count ``days`` in a transaction of their own and store them; {} where that cannot be."""
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
                counted = status_counts_on(own, plan_id, days, settings=settings)
                rows = [
                    {
                        "plan_id": plan_id,
                        "day": day,
                        "status": status.value,
                        "count": counter[status],
                    }
                    for day, counter in zip(days, counted, strict=True)
                    for status in TaskStatus
                ]
                own.execute(insert(StoredStatusCount), rows)
                own.commit()
            connection.commit()
    except (SQLAlchemyError, SupervisorError):
        # A busy, read-only or damaged file, a refused lock or a lost race with another
        # trend storing the same days: the caller counts them itself.
        return {}
    return dict(zip(days, counted, strict=True))


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
        connection.exec_driver_sql("LOCK TABLE status_count IN SHARE ROW EXCLUSIVE MODE NOWAIT")
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
