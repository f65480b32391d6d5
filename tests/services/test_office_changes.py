"""Another program's commits to a SQLite file are noticed (data_version), reported once."""

from __future__ import annotations

from pathlib import Path

from supervisor.services import plans
from supervisor.services.change_feed import SilentChangeFeed, SqliteChangeFeed, open_change_feed
from supervisor.services.database import open_database


def test_sqlite_change_by_another_connection_is_reported_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    watched, other = open_database(url), open_database(url)
    feed = open_change_feed(watched)
    try:
        assert isinstance(feed, SqliteChangeFeed)
        assert not feed.poll().changed
        with other.sessions.begin() as session:
            plans.create_plan(session, title="工作要点", year=2020, source="其他", actor="x")
        state = feed.poll()
        # A file tells only that something changed: no names, no tasks.
        assert (state.changed, state.connected, state.changes, state.actors) == (
            True,
            True,
            (),
            frozenset(),
        )
        assert not feed.poll().changed
    finally:
        feed.close()
        watched.close()
        other.close()


def test_in_memory_database_has_nothing_to_listen_to() -> None:
    database = open_database("sqlite://")
    try:
        feed = open_change_feed(database)
        assert isinstance(feed, SilentChangeFeed)
        assert not feed.poll().changed
        assert feed.fileno() is None
    finally:
        database.close()
