"""The window on a database too large to check before opening: checked in the background."""

from __future__ import annotations

import gc
import hashlib
import weakref
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from supervisor.db.models import Plan
from supervisor.errors import DamagedDatabaseError
from supervisor.services.database import open_database
from tests.db.test_damaged_and_busy import damage_data_page
from tests.db.test_large_damaged import MARKER, _large_office
from tests.ui.conftest import TODAY


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def _open_window(qtbot: QtBot, url: str):
    from supervisor.ui.main_window import MainWindow

    database = open_database(url)
    window = MainWindow(database, today=TODAY)
    qtbot.addWidget(window)
    return database, window


def test_a_damaged_large_file_gives_one_message_and_stays_read_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url, file, backup = _large_office(tmp_path)
    damage_data_page(file, MARKER)
    before = _digest(file)
    database, window = _open_window(qtbot, url)
    try:
        flow = window.workflows.integrity
        with qtbot.waitSignal(flow.check_finished, timeout=60_000) as blocker:
            window.show()
            # While the check runs nothing can be changed, and the status bar says why (its
            # verdict is queued to this thread: it cannot have arrived yet).
            assert flow.running
            assert not window.progress_action.isEnabled()
            assert "正在检查数据库文件" in flow.label.text()
        assert blocker.args == [False]
        message = window.context.last_message
        assert f"数据库文件已损坏：{file}" in message
        assert str(backup) in message
        assert "只能查看" in flow.label.text()
        assert flow.label.isVisibleTo(window)
        assert not any(action.isEnabled() for action in window.writing_actions())
        assert window.backup_action.isEnabled()
        # Where this PC can be pointed at another database file.
        assert window.settings_action.isEnabled()
        # Whatever still tries to write (a form already open, a worker) is refused too.
        with pytest.raises(DamagedDatabaseError), database.sessions.begin() as session:
            session.add(Plan(title="不该写入", year=2021, source="其他"))
    finally:
        window.close()
        database.close()
    assert _digest(file) == before


def test_a_healthy_large_file_is_writable_once_checked(qtbot: QtBot, tmp_path: Path) -> None:
    url, _file, _backup = _large_office(tmp_path)
    database, window = _open_window(qtbot, url)
    try:
        flow = window.workflows.integrity
        assert flow.running
        worker = weakref.ref(flow._worker)
        assert not window.new_plan_action.isEnabled()
        with qtbot.waitSignal(flow.check_finished, timeout=60_000) as blocker:
            window.show()
        assert blocker.args == [True]
        gc.collect()
        assert worker() is None  # the check's worker does not stay with the window
        assert all(action.isEnabled() for action in window.writing_actions())
        assert not flow.label.isVisibleTo(window)
        window.workflows.importing.create_plan("检查之后新建的清单", 2021, "其他")
        with database.sessions() as session:
            assert "检查之后新建的清单" in session.scalars(select(Plan.title)).all()
    finally:
        window.close()
        database.close()


def test_a_small_file_is_checked_on_opening_and_starts_writable(window) -> None:
    assert window.database.integrity.passed
    assert not window.workflows.integrity.running
    assert all(action.isEnabled() for action in window.writing_actions())
    assert not window.workflows.integrity.label.isVisibleTo(window)


def test_a_check_that_fails_itself_leaves_the_window_writable_but_guarded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supervisor.services import database as database_service

    url, _file, _backup = _large_office(tmp_path)

    def broken(*_args: object, **_kwargs: object) -> list[str]:
        raise RuntimeError("planted: the check cannot run")

    monkeypatch.setattr(database_service, "integrity_problems", broken)
    monkeypatch.setattr("supervisor.ui.work.workers.log_unexpected", lambda *a: None)
    database, window = _open_window(qtbot, url)
    try:
        flow = window.workflows.integrity
        with qtbot.waitSignal(flow.check_finished, timeout=60_000) as blocker:
            window.show()
        assert blocker.args == [True]
        assert window.context.last_message  # the user was told the check did not run
        assert all(action.isEnabled() for action in window.writing_actions())
        assert not database.integrity.done  # the next write runs it again
    finally:
        window.close()
        database.close()
