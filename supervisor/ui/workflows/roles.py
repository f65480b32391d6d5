"""Role gating: what the role (管理员/督查员/领导) may not do is disabled, the reason as tooltip.

The server refuses such writes anyway (GRANTs); the window only saves the clerk a form that
could not be saved. The role is read once when the window opens.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QTabWidget, QWidget

from supervisor.services.database import Database
from supervisor.services.office_roles import Action, OfficeRole, connected_role, refusal

# The window's actions (attribute names) and what each needs.
ACTION_RULES: tuple[tuple[str, Action], ...] = (
    ("import_action", Action.IMPORT_PLAN),
    ("import_plan_action", Action.IMPORT_PLAN),
    ("new_plan_action", Action.MANAGE_PLANS),
    ("add_task_action", Action.EDIT_TASKS),
    ("edit_task_action", Action.EDIT_TASKS),
    ("split_task_action", Action.EDIT_TASKS),
    ("move_task_action", Action.EDIT_TASKS),
    ("task_kind_action", Action.EDIT_TASKS),
    ("delete_task_action", Action.EDIT_TASKS),
    ("deleted_tasks_action", Action.EDIT_TASKS),
    ("assign_action", Action.ASSIGN),
    ("progress_action", Action.RECORD_PROGRESS),
    ("weekly_action", Action.RECORD_PROGRESS),
    ("urge_action", Action.URGE),
    ("export_action", Action.EXPORT),
    ("fillin_export_action", Action.FILLIN_ROUNDTRIP),
    ("fillin_import_action", Action.FILLIN_ROUNDTRIP),
    ("departments_action", Action.MANAGE_DEPARTMENTS),
    ("settings_action", Action.EDIT_SETTINGS),
    # Restoring a backup replaces the whole database: an administrator's decision.
    ("restore_action", Action.DELETE_HARD),
)
# The start page's buttons and what each needs.
START_PAGE_RULES: tuple[tuple[str, Action], ...] = (
    ("import_button", Action.IMPORT_PLAN),
    ("import_plan_button", Action.IMPORT_PLAN),
    ("new_plan_button", Action.MANAGE_PLANS),
)


def read_role(database: Database) -> OfficeRole:
    """The connected login's role (管理员 on SQLite).

    Raises:
        DatabaseError: the login holds none of the office roles.
    """
    with database.sessions() as session:
        return connected_role(session)


class GatedWindow(Protocol):
    """The main window as the gate sees it: its actions (by name), start page, tabs, flows."""

    start_page: QWidget
    tabs: QTabWidget
    backup_action: QAction
    restore_action: QAction
    workflows: Any  # ui.workflows.compose.Workflows (workflows may not import it back)

    def statusBar(self) -> QStatusBar: ...

    def tr(self, text: str) -> str: ...


def apply_role(window: GatedWindow, role: OfficeRole, *, server: bool, show_role: bool) -> None:
    """Disable what ``role`` may not do in ``window``, the reason as each one's tooltip.

    Args:
        server: the database is a shared PostgreSQL server: its role is named in the status
            bar, and 备份/恢复 (which copy a SQLite file) are left to pg_dump/pg_restore.
        show_role: name the role in the status bar on SQLite too (a test's given role).
    """
    gate(window, role, server=server)
    if show_role or server:
        window.statusBar().addPermanentWidget(_role_label(window, role))


def gate(window: GatedWindow, role: OfficeRole, *, server: bool) -> None:
    """Disable what ``role`` may not do; again after anything enabled the writing actions."""
    for name, action in ACTION_RULES:
        _gate(getattr(window, name), refusal(role, action))
    for name, action in START_PAGE_RULES:
        _gate(getattr(window.start_page, name), refusal(role, action))
    weekly = window.workflows.weekly
    reason = refusal(role, Action.RECORD_PROGRESS)
    if reason is not None:
        index = window.tabs.indexOf(weekly.page)
        window.tabs.setTabEnabled(index, False)
        window.tabs.setTabToolTip(index, reason)
        _gate(weekly.save_button, reason)
        weekly.save_shortcut.setEnabled(False)
    if server:
        why = window.tr(
            "服务器上的数据库由信息化管理员用 pg_dump 备份、pg_restore 恢复（见使用说明“多人共用”）"
        )
        _gate(window.backup_action, why)
        _gate(window.restore_action, why)


def _gate(target: QAction | QWidget, reason: str | None) -> None:
    if reason is None:
        return
    target.setEnabled(False)
    target.setToolTip(reason)
    if isinstance(target, QAction):
        target.setStatusTip(reason)


def _role_label(parent: QWidget, role: OfficeRole) -> QLabel:
    label = QLabel(parent.tr("角色：%1").replace("%1", role.value), parent)
    label.setObjectName("role_label")
    label.setToolTip(
        parent.tr("当前登录用户在督查室中的角色；它不能做的操作已停用，鼠标停在上面可看原因")
    )
    return label


def is_server(database: Database) -> bool:
    """True on a shared PostgreSQL server, where logins have roles."""
    return database.engine.url.get_backend_name() == "postgresql"
