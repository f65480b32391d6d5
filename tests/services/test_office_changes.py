"""Another program's changes to a SQLite file are noticed (data_version), one's own are not."""

from __future__ import annotations

from pathlib import Path

from supervisor.db.notify import RESYNC
from supervisor.services import plans
from supervisor.services.changes import ChangeListener
from supervisor.services.database import open_database


def test_sqlite_change_by_another_connection_is_reported_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    database = open_database(url)
    try:
        with ChangeListener(url) as listener:
            assert listener.poll() == []
            with database.sessions.begin() as session:
                plans.create_plan(session, title="工作要点", year=2020, source="其他", actor="x")
            assert listener.poll() == [RESYNC]
            assert listener.poll() == []
    finally:
        database.close()


def test_in_memory_database_has_nothing_to_listen_to() -> None:
    with ChangeListener("sqlite://") as listener:
        assert listener.poll() == []
