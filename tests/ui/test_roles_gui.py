"""Role gating in the window: what 督查员 and 领导 may not do is disabled, the reason as tooltip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from supervisor.services.database import Database, open_database
from supervisor.services.office_roles import OfficeRole
from supervisor.services.plans import PlanSummary
from supervisor.ui.main_window import MainWindow
from supervisor.ui.workflows.roles import ACTION_RULES
from tests.pg_office import make_office
from tests.ui.conftest import TODAY

# What each role may do, by the window's action names (the division of work).
INSPECTOR_MAY = {
    "add_task_action",
    "edit_task_action",
    "split_task_action",
    "move_task_action",
    "task_kind_action",
    "delete_task_action",
    "deleted_tasks_action",
    "assign_action",
    "progress_action",
    "weekly_action",
    "urge_action",
    "export_action",
    "fillin_export_action",
    "fillin_import_action",
}
LEADER_MAY = {"export_action"}
# Reading is never gated.
ALWAYS = ("search_action", "refresh_action", "manual_action", "about_action", "quit_action")


def _window(qtbot: QtBot, database: Database, role: OfficeRole | None) -> MainWindow:
    win = MainWindow(database, today=TODAY, role=role)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _enabled(window: MainWindow) -> set[str]:
    return {name for name, _ in ACTION_RULES if getattr(window, name).isEnabled()}


def _weekly_tab_enabled(window: MainWindow) -> bool:
    return window.tabs.isTabEnabled(window.tabs.indexOf(window.workflows.weekly.page))


def _open_dialogs(window: MainWindow) -> list[QDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.isVisible() and w.parent() is window
    ]


def test_admin_on_sqlite_may_do_everything(
    qtbot: QtBot, seeded: PlanSummary, ui_database: Database
) -> None:
    window = _window(qtbot, ui_database, None)
    assert window.context.role is OfficeRole.ADMIN
    assert _enabled(window) == {name for name, _ in ACTION_RULES}
    assert _weekly_tab_enabled(window)
    # One PC, one file: no role to name in the status bar.
    assert window.findChild(type(window.count_label), "role_label") is None


def test_inspector_keeps_the_weeks_work_but_not_settings_units_or_plans(
    qtbot: QtBot, seeded: PlanSummary, ui_database: Database
) -> None:
    window = _window(qtbot, ui_database, OfficeRole.INSPECTOR)
    assert _enabled(window) == INSPECTOR_MAY
    assert "当前角色为“督查员”，不能修改设置" in window.settings_action.toolTip()
    assert "需要“管理员”" in window.departments_action.toolTip()
    assert not window.start_page.import_button.isEnabled()
    assert _weekly_tab_enabled(window)
    assert window.findChild(type(window.count_label), "role_label").text() == "角色：督查员"


def test_leader_sees_table_dashboard_and_exports_only(
    qtbot: QtBot, seeded: PlanSummary, ui_database: Database
) -> None:
    window = _window(qtbot, ui_database, OfficeRole.LEADER)
    assert _enabled(window) == LEADER_MAY
    assert all(getattr(window, name).isEnabled() for name in ALWAYS)
    assert "当前角色为“领导”，不能报送或更正进展" in window.progress_action.toolTip()
    assert "需要“督查员”或“管理员”" in window.urge_action.toolTip()
    assert not _weekly_tab_enabled(window)
    assert "领导" in window.tabs.tabToolTip(window.tabs.indexOf(window.workflows.weekly.page))
    assert not window.workflows.weekly.save_button.isEnabled()
    dashboard = window.tabs.indexOf(window.workflows.dashboard.page)
    assert window.tabs.isTabEnabled(dashboard)
    window.tabs.setCurrentIndex(dashboard)
    window.tabs.setCurrentIndex(0)
    assert window.task_page.task_rows()  # the table reads as for anybody


def test_leader_cannot_reach_a_form_by_shortcut_double_click_or_link(
    qtbot: QtBot, seeded: PlanSummary, ui_database: Database
) -> None:
    window = _window(qtbot, ui_database, OfficeRole.LEADER)
    task = window.task_page.task_rows()[0]
    window.select_task(task.task_id)
    window.progress_action.trigger()  # a disabled action's shortcut does nothing
    window.task_page.edit_requested.emit()  # a double click on the table
    assert _open_dialogs(window) == []
    window.detail_pane.correction_requested.emit(task.task_id, 1)
    assert "不能报送或更正进展" in window.context.last_message
    assert not any(d.windowTitle() == "报送进展" for d in _open_dialogs(window))


@pytest.fixture
def office_databases() -> Iterator[dict[OfficeRole, Database]]:
    """One database per role's login on a real server (init-server, grants)."""
    office = make_office("gui")
    databases = {role: open_database(office.url(role)) for role in OfficeRole}
    yield databases
    for database in databases.values():
        database.close()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (OfficeRole.ADMIN, {name for name, _ in ACTION_RULES}),
        (OfficeRole.INSPECTOR, INSPECTOR_MAY),
        (OfficeRole.LEADER, LEADER_MAY),
    ],
)
def test_role_is_read_from_the_server(
    qtbot: QtBot,
    office_databases: dict[OfficeRole, Database],
    role: OfficeRole,
    allowed: set[str],
) -> None:
    window = _window(qtbot, office_databases[role], None)
    assert window.context.role is role
    assert _enabled(window) == allowed - {"restore_action"}
    # A server is backed up with pg_dump, whatever the role.
    assert not window.backup_action.isEnabled()
    assert "pg_dump" in window.restore_action.toolTip()
    assert window.findChild(type(window.count_label), "role_label").text() == f"角色：{role.value}"
