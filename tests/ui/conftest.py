"""Fixtures of the GUI tests: a database holding the seed report, a main window on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from supervisor.services.database import Database, open_database
from supervisor.services.plans import PlanSummary, import_report

# A fixed "today" inside the plan year, so statuses (序时进度) do not depend on the clock.
TODAY = dt.date(2020, 6, 30)


@pytest.fixture
def ui_database(tmp_path: Path) -> Iterator[Database]:
    """An empty SQLite database."""
    db = open_database(f"sqlite:///{tmp_path / 'office.sqlite'}")
    yield db
    db.close()


@pytest.fixture
def seeded(ui_database: Database, seed_report: Path) -> PlanSummary:
    """The seed report stored as a plan."""
    with ui_database.sessions.begin() as session:
        return import_report(session, seed_report, actor="测试员")


@pytest.fixture
def window(qtbot: QtBot, ui_database: Database):
    """A shown main window on the test database (seeded or not, as the test asks first)."""
    from supervisor.ui.main_window import MainWindow

    win = MainWindow(ui_database, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def seeded_window(seeded: PlanSummary, window):
    """The main window showing the seed plan."""
    window.refresh()
    return window


@pytest.fixture
def staffed_window(seeded_window):
    """The seed plan's window with the suggested departments accepted (the units exist)."""
    from supervisor.services.departments import accept_suggestions

    with seeded_window.database.sessions.begin() as session:
        accept_suggestions(session, seeded_window.plan_id, None, actor="测试员")
    seeded_window.reload_tasks()
    return seeded_window


def visible_progress_dialogs() -> list:
    """Every progress dialog on screen (a worker's 请稍候 must not linger after its job)."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    return [
        dialog
        for top in QApplication.topLevelWidgets()
        for dialog in [top, *top.findChildren(QProgressDialog)]
        if isinstance(dialog, QProgressDialog) and dialog.isVisible()
    ]
