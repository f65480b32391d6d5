"""The database identity that fill-in workbooks carry (services.identity)."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.services.database import Database, open_database
from supervisor.services.identity import (
    IDENTITY_KEY,
    database_identity,
    ensure_identity,
    stored_identity,
)
from supervisor.services.settings import load_settings


def test_each_database_gets_its_own_identity_once(database: Database, tmp_path: Path) -> None:
    with database.sessions() as session:
        first = stored_identity(session)
    assert first
    assert len(first) == 32
    again = open_database(database.url)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        with again.sessions() as session:
            assert stored_identity(session) == first
        with other.sessions() as session:
            assert stored_identity(session) not in (None, first)
    finally:
        again.close()
        other.close()


def test_the_identity_is_not_an_office_setting(session: Session) -> None:
    # load_settings knows only typed settings; the identity is not one a user can change.
    assert IDENTITY_KEY not in load_settings(session).__slots__


def test_a_missing_identity_is_created_in_the_callers_transaction(session: Session) -> None:
    session.execute(delete(Setting).where(Setting.key == IDENTITY_KEY))
    session.commit()
    created = database_identity(session)
    assert database_identity(session) == created  # found again, not created twice
    session.rollback()
    assert stored_identity(session) is None  # the caller's transaction held it
    created = database_identity(session)
    session.commit()
    assert stored_identity(session) == created


def test_programs_giving_the_identity_together_agree_on_one(database: Database) -> None:
    with database.sessions.begin() as session:
        session.execute(delete(Setting).where(Setting.key == IDENTITY_KEY))
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def give() -> None:
        start.wait()
        try:
            ensure_identity(database.engine)
        except BaseException as err:  # reported below
            failures.append(err)

    threads = [threading.Thread(target=give) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with database.sessions() as session:
        count = select(func.count()).select_from(Setting).where(Setting.key == IDENTITY_KEY)
        assert session.scalar(count) == 1
