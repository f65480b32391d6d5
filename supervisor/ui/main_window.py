"""The main window, a shell: menus, toolbar, navigation, the task tab, dashboard, status bar.

The workflows (import, task editing, assignment, progress, urging, departments, settings,
exports, fill-in, dashboard) are controllers in ``ui/workflows``; the window only builds the
frame, wires the actions to them and keeps the plan list, navigation and task table current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
)

from supervisor.reports.data import TaskRow
from supervisor.services import plans
from supervisor.services.database import Database
from supervisor.services.office_roles import Action, OfficeRole
from supervisor.services.reporting import task_rows
from supervisor.ui.dialogs.forms import date_edit
from supervisor.ui.layout_memory import LayoutParts, restore_layout, save_layout
from supervisor.ui.models.navigation import TaskCounts
from supervisor.ui.models.plan_model import PlanColumn, PlanIdRole, PlanTableModel
from supervisor.ui.settings_store import gui_settings
from supervisor.ui.widgets.navigation_pane import NavigationPane
from supervisor.ui.widgets.start_page import StartPage
from supervisor.ui.widgets.task_page import TaskPage
from supervisor.ui.window_actions import WindowActions
from supervisor.ui.workflows.compose import Workflows
from supervisor.ui.workflows.context import WorkflowContext
from supervisor.ui.workflows.live_updates import LiveUpdatesWorkflow
from supervisor.ui.workflows.roles import apply_role, gate, is_server, read_role


class MainWindow(WindowActions, QMainWindow):
    """Top-level window of the app."""

    plan_loaded = Signal(int)

    def __init__(
        self,
        database: Database,
        *,
        settings: QSettings | None = None,
        today: dt.date | None = None,
        role: OfficeRole | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("重点任务督查督办"))
        self._database = database
        self._settings = settings or gui_settings()
        self._today = today or dt.date.today()
        # The role is read once (管理员 on SQLite); a test passes one to see its gating.
        given, role = role, role or read_role(database)
        self.context = WorkflowContext(self, self, database, self._settings, self._today, role)
        self.undo_stack = self.context.undo_stack
        self.workflows = Workflows.compose(self.context)
        self._build_actions()
        self._build_widgets()
        self._build_toolbar()
        self._build_menus()
        self._connect_signals()
        apply_role(self, role, server=is_server(database), show_role=given is not None)
        self.resize(1280, 800)
        restore_layout(self._settings, self._layout_parts())
        self.refresh()
        # A file too large to read page by page before opening is checked now, in the
        # background; the writing actions wait for it.
        self.workflows.integrity.start()
        self.live.start()

    # -- construction (actions, toolbar and menus: ui.window_actions) ------------------------
    def _build_widgets(self) -> None:
        self.plan_model = PlanTableModel(self)
        self.plan_combo = QComboBox(self)
        self.plan_combo.setModel(self.plan_model)
        self.plan_combo.setModelColumn(PlanColumn.TITLE)
        self.plan_combo.setMinimumContentsLength(14)
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.as_of_edit = date_edit(self._today, self)
        self.as_of_edit.setMaximumDate(self._today)
        self.as_of_edit.setToolTip(self.tr("选择过去的日期，查看当时的任务状态和统计"))
        self.task_page = page = TaskPage(self._database, self._today, self)
        self.nav_view = NavigationPane(page, self)
        self.context.selection = page
        # The table's parts under the names the tests and the benchmark have always used.
        self.task_model, self.task_filter, self.task_view = page.model, page.filter, page.view
        self.search_edit, self.status_combo, self.due_spin = (
            page.search_edit,
            page.status_combo,
            page.due_spin,
        )
        self.detail_pane, self.count_label = page.detail_pane, page.count_label
        # Another clerk's changes appear by themselves (ui/workflows/live_updates.py).
        self.live = LiveUpdatesWorkflow(self.context, page)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(page, self.tr("任务"))
        self.tabs.addTab(self.workflows.dashboard.page, self.tr("统计看板"))
        self.tabs.addTab(self.workflows.weekly.page, self.tr("本周报送"))
        self.tabs.addTab(self.workflows.deadlines.page, self.tr("时限"))
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.nav_view)
        # An empty database shows what to do first instead of an empty table.
        self.start_page = StartPage(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.start_page)
        self.main_splitter.addWidget(self.pages)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([240, 1040])
        self.setCentralWidget(self.main_splitter)
        self.statusBar().addPermanentWidget(self.workflows.integrity.label)
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect_signals(self) -> None:
        flows = self.workflows
        for action, slot in (
            (self.import_action, flows.importing.on_import_action_triggered),
            (self.import_clipboard_action, flows.importing.on_import_clipboard_action_triggered),
            (self.import_plan_action, flows.plan_import.on_import_plan_action_triggered),
            (self.new_plan_action, flows.importing.on_new_plan_action_triggered),
            (self.add_task_action, flows.tasks.on_add_task_action_triggered),
            (self.edit_task_action, flows.tasks.on_edit_task_action_triggered),
            (self.split_task_action, flows.tasks.on_split_task_action_triggered),
            (self.move_task_action, flows.tasks.on_move_task_action_triggered),
            (self.delete_task_action, flows.tasks.on_delete_task_action_triggered),
            (self.task_kind_action, flows.tasks.on_task_kind_action_triggered),
            (self.deleted_tasks_action, flows.tasks.on_deleted_tasks_action_triggered),
            (self.assign_action, flows.assignment.on_assign_action_triggered),
            (self.progress_action, flows.progress.on_progress_action_triggered),
            (self.urge_action, flows.urging.on_urge_action_triggered),
            (self.export_action, flows.exports.on_export_action_triggered),
            (self.print_action, flows.exports.printing.on_print_action_triggered),
            (
                self.print_preview_action,
                flows.exports.printing.on_print_preview_action_triggered,
            ),
            (self.departments_action, flows.departments.on_departments_action_triggered),
            (self.fillin_export_action, flows.fillin.on_fillin_export_action_triggered),
            (self.fillin_import_action, flows.fillin.on_fillin_import_action_triggered),
            (self.settings_action, flows.settings.on_settings_action_triggered),
            (self.backup_action, flows.backup.on_backup_action_triggered),
            (self.restore_action, flows.backup.on_restore_action_triggered),
            (self.manual_action, flows.help.on_manual_action_triggered),
            (self.about_action, flows.help.on_about_action_triggered),
            (self.quit_action, self.close),
            (self.search_action, self._on_search_action_triggered),
            (self.weekly_action, self._on_weekly_action_triggered),
            (self.refresh_action, self.reload_tasks),
        ):
            action.triggered.connect(slot)
        flows.integrity.writing_allowed.connect(self._on_writing_allowed)
        self.detail_pane.correction_requested.connect(
            self.context.guarded(Action.RECORD_PROGRESS, flows.progress.on_correction_requested)
        )
        # Through the action: a role that may not edit has it disabled.
        self.task_page.edit_requested.connect(self.edit_task_action.trigger)
        self.task_page.counts_changed.connect(self._on_task_page_counts_changed)
        self.task_page.message_shown.connect(self.show_status)
        self.plan_combo.activated.connect(self._on_plan_combo_activated)
        self.as_of_edit.dateChanged.connect(self._on_as_of_edit_date_changed)
        self.nav_view.plan_requested.connect(self.show_plan)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        flows.dashboard.task_requested.connect(self._on_task_requested)
        flows.deadlines.task_requested.connect(self._on_task_requested)
        self.start_page.import_requested.connect(flows.importing.on_import_action_triggered)
        self.start_page.import_clipboard_requested.connect(
            flows.importing.on_import_clipboard_action_triggered
        )
        self.start_page.import_plan_requested.connect(
            flows.plan_import.on_import_plan_action_triggered
        )
        self.start_page.new_plan_requested.connect(flows.importing.on_new_plan_action_triggered)
        self.start_page.manual_requested.connect(flows.help.on_manual_action_triggered)

    # -- layout memory ---------------------------------------------------------------------
    def _layout_parts(self) -> LayoutParts:
        return LayoutParts(
            self, (self.main_splitter, self.task_page.splitter), self.task_page.restore_header
        )

    def save_layout(self) -> None:
        """Remember geometry, splitters, column widths and the plan for the next start."""
        save_layout(self._settings, self._layout_parts(), self.task_view, self.context.plan_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.live.stop()
        self.context.stop_all_work()
        self.workflows.integrity.wait()
        self.save_layout()
        super().closeEvent(event)

    # -- loading ---------------------------------------------------------------------------
    @property
    def database(self) -> Database:
        """The open database."""
        return self._database

    @property
    def plan_id(self) -> int | None:
        """The plan shown."""
        return self.context.plan_id

    def refresh(self) -> None:
        """Reload the plans and the current plan's tasks."""
        with self._database.sessions() as session:
            plan_list = plans.list_plans(session)
        self.plan_model.set_rows(plan_list)
        ids = [p.id for p in plan_list]
        wanted = self.context.plan_id
        if wanted is None:
            stored = self._settings.value("window/plan_id")
            wanted = int(stored) if stored is not None and str(stored).isdigit() else None
        if wanted not in ids:
            wanted = ids[0] if ids else None
        self.pages.setCurrentWidget(self.tabs if ids else self.start_page)
        self.show_plan(wanted)

    def show_plan(self, plan_id: int | None) -> None:
        """Show one plan's tasks (or none)."""
        if plan_id != self.context.plan_id:
            self.undo_stack.clear()
        self.context.plan_id = plan_id
        self.reload_tasks()
        if plan_id is not None:
            self.plan_loaded.emit(plan_id)

    @Slot()
    def reload_tasks(self) -> None:
        """Re-read the tasks of the current plan as of today, keeping the selection."""
        current = self.current_task()
        self.live.before_reload()
        rows: list[TaskRow] = []
        with self._database.sessions() as session:
            plan_list = plans.list_plans(session)
            if self.context.plan_id is not None:
                rows = task_rows(session, self.context.plan_id, as_of=self.context.view_date)
        # Task counts per plan change with every added or deleted task.
        self.plan_model.set_rows(plan_list)
        self._select_plan_in_combo()
        self.set_rows(rows)
        if current is not None:
            self.select_task(current.task_id)
        # The tab on screen follows the tasks (the others load when they are shown).
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _select_plan_in_combo(self) -> None:
        for row in range(self.plan_model.rowCount()):
            if self.plan_model.index(row, 0).data(PlanIdRole) == self.context.plan_id:
                self.plan_combo.setCurrentIndex(row)
                self.context.plan_year = self.plan_model.row_at(row).year

    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        """Show these task rows (also used by the benchmark with synthetic rows)."""
        if rows:  # the start page is only for when there is nothing to show
            self.pages.setCurrentWidget(self.tabs)
        self.task_page.set_rows(rows)

    @property
    def background_work_pending(self) -> bool:
        """True while counts or search text of the rows shown are still being prepared."""
        return self.task_page.background_work_pending

    @Slot(object)
    def _on_task_page_counts_changed(self, counts: TaskCounts) -> None:
        self.nav_view.show_counts(self.plan_model.rows, self.context.plan_id, counts)

    # -- selection (for tests and scripts) and the status bar --------------------------
    def selected_rows(self) -> list[TaskRow]:
        """The selected tasks, in view order."""
        return self.task_page.selected_rows()

    def current_task(self) -> TaskRow | None:
        """The task with the keyboard focus, if any."""
        return self.task_page.current_task()

    def select_task(self, task_id: int) -> bool:
        """Make a task current and selected (if it is loaded and not filtered out)."""
        return self.task_page.select_task(task_id)

    @Slot(str)
    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        """A passing message in the status bar."""
        self.statusBar().showMessage(message, timeout_ms)

    # -- navigation ------------------------------------------------------------------------
    @Slot()
    def _on_search_action_triggered(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.task_page.focus_search()

    @Slot(int)
    def _on_plan_combo_activated(self, row: int) -> None:
        self.show_plan(self.plan_model.index(row, 0).data(PlanIdRole))

    @Slot(QDate)
    def _on_as_of_edit_date_changed(self, date: QDate) -> None:
        day = date.toPython()
        self.context.as_of = None if day >= self._today else day
        self.reload_tasks()

    @Slot()
    def _on_weekly_action_triggered(self) -> None:
        self.tabs.setCurrentWidget(self.workflows.weekly.page)
        self.workflows.weekly.focus_first_cell()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        flows = self.workflows
        for tab in (flows.dashboard, flows.weekly, flows.deadlines):
            if self.tabs.widget(index) is tab.page:
                tab.load()

    @Slot(bool)
    def _on_writing_allowed(self, allowed: bool) -> None:
        for action in self.writing_actions():
            action.setEnabled(allowed)
        self.start_page.setEnabled(allowed)
        if allowed:  # what the role may not do stays off
            gate(self, self.context.role, server=is_server(self.context.database))

    @Slot(int)
    def _on_task_requested(self, task_id: int) -> None:
        self.task_filter.clear_filters()
        self.tabs.setCurrentIndex(0)
        self.select_task(task_id)
