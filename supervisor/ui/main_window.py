"""The main window: navigation, the task table with live filters, details, dashboard, workflows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import TaskStatus
from supervisor.errors import NotFoundError, SupervisorError, ValidationError
from supervisor.reports.data import TaskRow
from supervisor.services import assignment, departments, plans, progress, tasks, urging
from supervisor.services.audit import default_actor
from supervisor.services.database import Database
from supervisor.services.reporting import task_rows
from supervisor.services.settings import load_settings, set_setting
from supervisor.ui.models.navigation import (
    NavigationTreeModel,
    NavKeyRole,
    NavKind,
    NavKindRole,
    TaskCounts,
    build_tree,
)
from supervisor.ui.models.plan_model import PlanColumn, PlanIdRole, PlanTableModel
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import TaskColumn, TaskTableModel
from supervisor.ui.settings_store import gui_settings
from supervisor.ui.widgets.detail_pane import DetailPane, load_task_detail
from supervisor.ui.widgets.progress_delegate import ProgressBarDelegate

if TYPE_CHECKING:
    # Dialogs, jobs and workers load on first use: the window must come up fast.
    from supervisor.services.periods import Period
    from supervisor.ui.dialogs.assign_dialog import AssignDialog, AssignInput
    from supervisor.ui.dialogs.deleted_tasks_dialog import DeletedTasksDialog
    from supervisor.ui.dialogs.export_dialog import ExportDialog
    from supervisor.ui.dialogs.plan_dialog import PlanDialog
    from supervisor.ui.dialogs.progress_form import ProgressInput, ProgressReportDialog
    from supervisor.ui.dialogs.settings_dialog import SettingsDialog
    from supervisor.ui.dialogs.task_dialog import TaskDialog, TaskInput
    from supervisor.ui.dialogs.urge_dialog import UrgeDialog, UrgeInput
    from supervisor.ui.work.jobs import ExportKind, ExportRequest
    from supervisor.ui.work.workers import Worker, WorkerRun

_COLUMN_WIDTHS = {
    TaskColumn.CODE: 80,
    TaskColumn.TITLE: 340,
    TaskColumn.INDICATORS: 200,
    TaskColumn.LEAD: 150,
    TaskColumn.DEADLINE: 96,
    TaskColumn.PROGRESS: 96,
    TaskColumn.STATUS: 70,
    TaskColumn.LAST_REPORT: 96,
    TaskColumn.URGINGS: 70,
}
_ALL = "__all__"
_FIRST_IDLE_DELAY_MS = 30
_IDLE_SLICE = 10_000  # rows counted or indexed for search per idle moment (~10 ms)
_DONE = object()


class MainWindow(QMainWindow):
    """Top-level window of the app."""

    plan_loaded = Signal(int)
    export_finished = Signal(object)
    fillin_exported = Signal(object)
    dashboard_loaded = Signal(object)
    returns_previewed = Signal(object)
    returns_applied = Signal(object)
    import_finished = Signal(object)
    job_failed = Signal(str)

    def __init__(
        self,
        database: Database,
        *,
        settings: QSettings | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self._database = database
        self._settings = settings or gui_settings()
        self._today = today or dt.date.today()
        self._plan_id: int | None = None
        self._plan_year: int | None = None
        self._runs: list[WorkerRun] = []
        self._dashboard = None
        self._status_counts: Counter[TaskStatus | None] = Counter()
        self._idle_work: Iterator[None] = iter(())
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(0)
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(self.tr("重点任务督查督办"))
        self._build_actions()
        self._build_widgets()
        self._build_toolbar()
        self._build_menus()
        self._connect_signals()
        self.resize(1280, 800)
        self._restore_layout()
        self.refresh()

    # -- construction ----------------------------------------------------------------------
    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text}（{QKeySequence(shortcut).toString()}）")
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(self.tr("导入报告"), "Ctrl+I")
        self.new_plan_action = self._action(self.tr("新建清单"), QKeySequence.StandardKey.New)
        self.add_task_action = self._action(self.tr("新增任务"), "Ctrl+Shift+N")
        self.edit_task_action = self._action(self.tr("编辑"), "F2")
        self.split_task_action = self._action(self.tr("拆分"))
        self.move_task_action = self._action(self.tr("移动"))
        self.delete_task_action = self._action(self.tr("删除"), QKeySequence.StandardKey.Delete)
        self.deleted_tasks_action = self._action(self.tr("已删除的任务…"))
        self.assign_action = self._action(self.tr("分工"), "Ctrl+D")
        self.progress_action = self._action(self.tr("报送进展"), "Ctrl+R")
        self.urge_action = self._action(self.tr("催办"), "Ctrl+U")
        self.export_action = self._action(self.tr("导出报表"), "Ctrl+E")
        self.fillin_export_action = self._action(self.tr("导出填报表"))
        self.fillin_import_action = self._action(self.tr("导入填报表"))
        self.departments_action = self._action(self.tr("单位管理"))
        self.settings_action = self._action(self.tr("设置"), "Ctrl+,")
        self.search_action = self._action(self.tr("搜索"), QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.tr("刷新"), QKeySequence.StandardKey.Refresh)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("工具栏"), self)
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(QLabel(self.tr(" 任务清单："), self))
        bar.addWidget(self.plan_combo)
        bar.addSeparator()
        for action in (
            self.import_action,
            self.new_plan_action,
            None,
            self.add_task_action,
            self.edit_task_action,
            self.split_task_action,
            self.move_task_action,
            self.delete_task_action,
            None,
            self.assign_action,
            self.progress_action,
            self.urge_action,
            None,
            self.export_action,
            self.fillin_export_action,
            self.fillin_import_action,
            self.departments_action,
            self.settings_action,
            None,
            self.undo_action,
            self.redo_action,
        ):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menus = (
            (
                self.tr("文件(&F)"),
                (
                    self.import_action,
                    self.new_plan_action,
                    None,
                    self.export_action,
                    self.fillin_export_action,
                    self.fillin_import_action,
                    None,
                    self.settings_action,
                ),
            ),
            (
                self.tr("编辑(&E)"),
                (self.undo_action, self.redo_action, None, self.search_action, self.refresh_action),
            ),
            (
                self.tr("任务(&T)"),
                (
                    self.add_task_action,
                    self.edit_task_action,
                    self.split_task_action,
                    self.move_task_action,
                    self.delete_task_action,
                    self.deleted_tasks_action,
                    None,
                    self.assign_action,
                    self.progress_action,
                    self.urge_action,
                ),
            ),
            (self.tr("单位(&D)"), (self.departments_action,)),
        )
        for title, actions in menus:
            menu = self.menuBar().addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def _build_widgets(self) -> None:
        self.plan_model = PlanTableModel(self)
        self.plan_combo = QComboBox(self)
        self.plan_combo.setModel(self.plan_model)
        self.plan_combo.setModelColumn(PlanColumn.TITLE)
        self.plan_combo.setMinimumContentsLength(18)
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.nav_model = NavigationTreeModel(self)
        self.nav_view = QTreeView(self)
        self.nav_view.setObjectName("navigation")
        self.nav_view.setModel(self.nav_model)
        self.nav_view.setHeaderHidden(True)
        self.nav_view.setMinimumWidth(200)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("搜索编号、任务、单位、指标（Ctrl+F）"))
        self.search_edit.setClearButtonEnabled(True)
        self.department_combo = QComboBox(self)
        self.department_combo.setMinimumContentsLength(10)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("全部状态"), _ALL)
        for status in TaskStatus:
            self.status_combo.addItem(str(status), str(status))
        self.due_spin = QSpinBox(self)
        self.due_spin.setRange(-1, 366)
        self.due_spin.setSpecialValueText(self.tr("不限"))
        self.due_spin.setValue(-1)
        self.due_spin.setPrefix(self.tr("到期 ≤ "))
        self.due_spin.setSuffix(self.tr(" 天"))
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search_edit, 3)
        filter_row.addWidget(QLabel(self.tr("单位"), self))
        filter_row.addWidget(self.department_combo, 1)
        filter_row.addWidget(QLabel(self.tr("状态"), self))
        filter_row.addWidget(self.status_combo)
        filter_row.addWidget(self.due_spin)

        self.task_model = TaskTableModel(self)
        self.task_filter = TaskFilterProxyModel(self)
        self.task_filter.setSourceModel(self.task_model)
        self.task_view = QTableView(self)
        self.task_view.setObjectName("tasks")
        self.task_view.setModel(self.task_filter)
        self.task_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.task_view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.task_view.setAlternatingRowColors(True)
        self.task_view.setWordWrap(False)
        self.task_view.setItemDelegateForColumn(TaskColumn.PROGRESS, ProgressBarDelegate(self))
        vertical = self.task_view.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.task_view.horizontalHeader()
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.task_view.setSortingEnabled(True)

        self.detail_pane = DetailPane(self)
        self.task_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.task_splitter.setObjectName("task_splitter")
        self.task_splitter.addWidget(self.task_view)
        self.task_splitter.addWidget(self.detail_pane)
        self.task_splitter.setStretchFactor(0, 3)
        self.task_splitter.setStretchFactor(1, 2)
        task_page = QWidget(self)
        task_layout = QVBoxLayout(task_page)
        task_layout.setContentsMargins(4, 4, 4, 4)
        task_layout.addLayout(filter_row)
        task_layout.addWidget(self.task_splitter)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(task_page, self.tr("任务"))
        self.dashboard_page = QWidget(self)
        QVBoxLayout(self.dashboard_page)
        self.tabs.addTab(self.dashboard_page, self.tr("统计看板"))

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.nav_view)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([240, 1040])
        self.setCentralWidget(self.main_splitter)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.new_plan_action.triggered.connect(self._on_new_plan_action_triggered)
        self.add_task_action.triggered.connect(self._on_add_task_action_triggered)
        self.edit_task_action.triggered.connect(self._on_edit_task_action_triggered)
        self.split_task_action.triggered.connect(self._on_split_task_action_triggered)
        self.move_task_action.triggered.connect(self._on_move_task_action_triggered)
        self.delete_task_action.triggered.connect(self._on_delete_task_action_triggered)
        self.deleted_tasks_action.triggered.connect(self._on_deleted_tasks_action_triggered)
        self.assign_action.triggered.connect(self._on_assign_action_triggered)
        self.progress_action.triggered.connect(self._on_progress_action_triggered)
        self.detail_pane.correction_requested.connect(self._on_detail_pane_correction_requested)
        self.urge_action.triggered.connect(self._on_urge_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.departments_action.triggered.connect(self._on_departments_action_triggered)
        self.fillin_export_action.triggered.connect(self._on_fillin_export_action_triggered)
        self.fillin_import_action.triggered.connect(self._on_fillin_import_action_triggered)
        self.settings_action.triggered.connect(self._on_settings_action_triggered)
        self.search_action.triggered.connect(self._on_search_action_triggered)
        self.refresh_action.triggered.connect(self.reload_tasks)
        self.plan_combo.activated.connect(self._on_plan_combo_activated)
        self.nav_view.clicked.connect(self._on_nav_view_clicked)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.department_combo.currentIndexChanged.connect(self._on_department_combo_changed)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_changed)
        self.due_spin.valueChanged.connect(self._on_due_spin_value_changed)
        # Not rowsInserted/rowsRemoved: one filter change can emit thousands of those.
        self.task_filter.layoutChanged.connect(self._update_counts)
        self.task_filter.modelReset.connect(self._update_counts)
        self.task_view.selectionModel().currentRowChanged.connect(
            self._on_task_selection_current_row_changed
        )
        self.task_view.doubleClicked.connect(self._on_task_view_double_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._idle_timer.timeout.connect(self._on_idle_timer_timeout)

    # -- layout memory ---------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = self._settings
        if (geometry := s.value("window/geometry")) is not None:
            self.restoreGeometry(geometry)
        if (state := s.value("window/state")) is not None:
            self.restoreState(state)
        for splitter in (self.main_splitter, self.task_splitter):
            if (sizes := s.value(f"window/{splitter.objectName()}")) is not None:
                splitter.restoreState(sizes)
        if (header := s.value("window/task_header")) is not None:
            self.task_view.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        """Remember geometry, splitters and column widths for the next start."""
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        for splitter in (self.main_splitter, self.task_splitter):
            s.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        s.setValue("window/task_header", self.task_view.horizontalHeader().saveState())
        if self._plan_id is not None:
            s.setValue("window/plan_id", self._plan_id)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for run in list(self._runs):
            run.worker.cancel()
            run.thread.quit()
            run.thread.wait(5000)
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
        return self._plan_id

    def refresh(self) -> None:
        """Reload the plans and the current plan's tasks."""
        with self._database.sessions() as session:
            plan_list = plans.list_plans(session)
        self.plan_model.set_rows(plan_list)
        ids = [p.id for p in plan_list]
        wanted = self._plan_id
        if wanted is None:
            stored = self._settings.value("window/plan_id")
            wanted = int(stored) if stored is not None and str(stored).isdigit() else None
        if wanted not in ids:
            wanted = ids[0] if ids else None
        self.show_plan(wanted)

    def show_plan(self, plan_id: int | None) -> None:
        """Show one plan's tasks (or none)."""
        if plan_id != self._plan_id:
            self.undo_stack.clear()
        self._plan_id = plan_id
        self.reload_tasks()
        if plan_id is not None:
            self.plan_loaded.emit(plan_id)

    @Slot()
    def reload_tasks(self) -> None:
        """Re-read the tasks of the current plan as of today, keeping the selection."""
        current = self.current_task()
        rows: list[TaskRow] = []
        with self._database.sessions() as session:
            plan_list = plans.list_plans(session)
            if self._plan_id is not None:
                rows = task_rows(session, self._plan_id, as_of=self._today)
        # Task counts per plan change with every added or deleted task.
        self.plan_model.set_rows(plan_list)
        self._select_plan_in_combo()
        self.set_rows(rows)
        if current is not None:
            self.select_task(current.task_id)
        if self._dashboard is not None and self.tabs.currentWidget() is self.dashboard_page:
            self._load_dashboard()

    def _select_plan_in_combo(self) -> None:
        for row in range(self.plan_model.rowCount()):
            if self.plan_model.index(row, 0).data(PlanIdRole) == self._plan_id:
                self.plan_combo.setCurrentIndex(row)
                self._plan_year = self.plan_model.row_at(row).year

    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        """Show these task rows (also used by the benchmark with synthetic rows)."""
        self.task_model.set_rows(rows)
        header = self.task_view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.task_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if not rows:
            self.detail_pane.clear()
        # The table shows at once; counts, navigation and search text follow when idle.
        small = len(rows) <= _IDLE_SLICE
        if small:
            # One slice of counting: do it now rather than show empty panels for a moment.
            self.refresh_side_panels()
        self._idle_work = self._background_work(self.task_model.rows, counted=small)
        self._update_counts()
        # A short delay lets the table paint before the counting starts.
        self._idle_timer.start(_FIRST_IDLE_DELAY_MS)

    def _background_work(self, rows: Sequence[TaskRow], *, counted: bool) -> Iterator[None]:
        """Counts, then search text, a slice per idle moment (yield = give the GUI a turn)."""
        if not counted:
            counts = TaskCounts.of(())
            for start in range(0, len(rows), _IDLE_SLICE):
                counts = counts + TaskCounts.of(rows[start : start + _IDLE_SLICE])
                yield
            self._apply_counts(counts)
            yield
        while not self.task_model.prepare_search(_IDLE_SLICE):
            yield

    def refresh_side_panels(self) -> None:
        """Recount the tasks for the navigation tree, the unit filter and the status bar now."""
        self._apply_counts(TaskCounts.of(self.task_model.rows))

    def _apply_counts(self, counts: TaskCounts) -> None:
        self._status_counts = counts.statuses
        self._fill_department_combo(counts)
        self.nav_model.set_root(build_tree(self.plan_model.rows, self._plan_id, counts))
        self.nav_view.expandAll()
        self._update_counts()

    def _fill_department_combo(self, counts: TaskCounts) -> None:
        current = self.department_combo.currentData()
        names = sorted(counts.leads)
        names += sorted(set(counts.departments) - set(names))
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(self.tr("全部单位"), _ALL)
        for name in names:
            self.department_combo.addItem(name, name)
        index = self.department_combo.findData(current)
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)
        if index < 0 and current not in (None, _ALL):
            self.task_filter.set_department(None)

    # -- selection -------------------------------------------------------------------------
    def selected_rows(self) -> list[TaskRow]:
        """The selected tasks, in view order."""
        rows = sorted({ix.row() for ix in self.task_view.selectionModel().selectedRows()})
        return [
            self.task_model.row_at(self.task_filter.mapToSource(self.task_filter.index(r, 0)).row())
            for r in rows
        ]

    def current_task(self) -> TaskRow | None:
        """The task with the keyboard focus, if any."""
        index = self.task_view.currentIndex()
        if not index.isValid():
            return None
        return self.task_model.row_at(self.task_filter.mapToSource(index).row())

    def select_task(self, task_id: int) -> bool:
        """Make a task current and selected (if it is loaded and not filtered out)."""
        row = self.task_model.row_of_task(task_id)
        if row is None:
            return False
        index = self.task_filter.mapFromSource(self.task_model.index(row, 0))
        if not index.isValid():
            return False
        self.task_view.selectRow(index.row())
        self.task_view.setCurrentIndex(index)
        self.task_view.scrollTo(index)
        return True

    def _update_counts(self, *args: object) -> None:
        total = self.task_model.rowCount()
        shown = self.task_filter.rowCount()
        counts = self._status_counts
        parts = [
            self.tr("共 %1 项任务，显示 %2 项").replace("%1", str(total)).replace("%2", str(shown))
        ]
        for status in (
            TaskStatus.OVERDUE,
            TaskStatus.BEHIND,
            TaskStatus.DUE_SOON,
            TaskStatus.NOT_REPORTED,
            TaskStatus.DONE,
        ):
            if counts.get(status):
                parts.append(f"{status} {counts[status]}")
        self.count_label.setText("  |  ".join(parts))

    # -- filter slots ----------------------------------------------------------------------
    @Slot()
    def _on_idle_timer_timeout(self) -> None:
        # One piece of work per idle moment: the window answers input meanwhile.
        self._idle_timer.setInterval(0)
        if next(self._idle_work, _DONE) is _DONE:
            self._idle_timer.stop()

    @property
    def background_work_pending(self) -> bool:
        """True while counts or search text of the rows shown are still being prepared."""
        return self._idle_timer.isActive()

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.task_filter.set_text(text)
        self._update_counts()

    @Slot(int)
    def _on_department_combo_changed(self, index: int) -> None:
        value = self.department_combo.itemData(index)
        self.task_filter.set_department(None if value in (None, _ALL) else str(value))
        self._update_counts()

    @Slot(int)
    def _on_status_combo_changed(self, index: int) -> None:
        value = self.status_combo.itemData(index)
        self.task_filter.set_status(None if value in (None, _ALL) else TaskStatus(value))
        self._update_counts()

    @Slot(int)
    def _on_due_spin_value_changed(self, value: int) -> None:
        self.task_filter.set_due_within(None if value < 0 else value, self._today)
        self._update_counts()

    @Slot()
    def _on_search_action_triggered(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot(int)
    def _on_plan_combo_activated(self, row: int) -> None:
        self.show_plan(self.plan_model.index(row, 0).data(PlanIdRole))

    @Slot(QModelIndex)
    def _on_nav_view_clicked(self, index: QModelIndex) -> None:
        kind = NavKind(index.data(NavKindRole))
        key = index.data(NavKeyRole)
        if kind == NavKind.PLAN:
            self.task_filter.set_area(None)
            if key != self._plan_id:
                self.show_plan(int(key))
        elif kind == NavKind.AREA:
            self.task_filter.set_area(str(key))
        elif kind == NavKind.DEPARTMENT:
            self.department_combo.setCurrentIndex(max(self.department_combo.findData(key), 0))
        elif kind == NavKind.STATUS:
            self.status_combo.setCurrentIndex(max(self.status_combo.findData(str(key)), 0))
        elif key in ("departments", "statuses"):
            combo = self.department_combo if key == "departments" else self.status_combo
            combo.setCurrentIndex(0)
        self._update_counts()

    @Slot(QModelIndex, QModelIndex)
    def _on_task_selection_current_row_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        if not current.isValid():
            self.detail_pane.clear()
            return
        row = self.task_model.row_at(self.task_filter.mapToSource(current).row())
        try:
            with self._database.sessions() as session:
                data = load_task_detail(session, row.task_id)
        except SupervisorError as err:
            self.statusBar().showMessage(str(err), 5000)
            return
        self.detail_pane.show_detail(data)

    @Slot(QModelIndex)
    def _on_task_view_double_clicked(self, index: QModelIndex) -> None:
        self._on_edit_task_action_triggered()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard_page:
            self._load_dashboard()

    def _load_dashboard(self) -> None:
        # QtCharts is loaded only when the dashboard is first shown: it slows the start.
        from supervisor.ui.widgets.dashboard import DashboardWidget
        from supervisor.ui.work.jobs import dashboard_job
        from supervisor.ui.work.workers import Worker

        if self._dashboard is None:
            self._dashboard = DashboardWidget(self.dashboard_page)
            self.dashboard_page.layout().addWidget(self._dashboard)
            self._dashboard.task_requested.connect(self._on_dashboard_task_requested)
        if self._plan_id is None:
            self._dashboard.clear()
            return
        # The trend recomputes every period's statuses: on a big plan that takes a while.
        worker = Worker(self._database, dashboard_job(self._plan_id, self._today), "dashboard")
        self._start(worker, self.tr("正在统计……"), self._on_dashboard_data_finished)

    @Slot(object)
    def _on_dashboard_data_finished(self, result: object) -> None:
        data, due_days = result
        if self._dashboard is not None and data.header.plan_id == self._plan_id:
            self._dashboard.show_data(data, today=self._today, due_days=due_days)
            self.dashboard_loaded.emit(data)

    @Slot(int)
    def _on_dashboard_task_requested(self, task_id: int) -> None:
        self.task_filter.clear_filters()
        self.tabs.setCurrentIndex(0)
        self.select_task(task_id)

    @property
    def dashboard(self):
        """The dashboard widget, once it has been shown."""
        return self._dashboard

    # -- helpers for workflows -------------------------------------------------------------
    def _error(self, message: str) -> None:
        self._message(QMessageBox.Icon.Warning, message)

    def _inform(self, message: str) -> None:
        self._message(QMessageBox.Icon.Information, message)

    def _message(self, icon: QMessageBox.Icon, message: str) -> None:
        # Window-modal and non-blocking: a worker's outcome never stalls the event loop.
        box = QMessageBox(icon, self.windowTitle(), message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = message

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Run a service call; a SupervisorError is shown in Chinese, never as a traceback."""
        try:
            action()
        except SupervisorError as err:
            self._error(str(err))
            return False
        return True

    def _in_transaction(self, work: Callable[..., object]) -> object:
        with self._database.sessions.begin() as session:
            return work(session)

    def _record_for_task(
        self, service: Callable[..., object], task_id: int, **fields: object
    ) -> None:
        """Store a dated record of one task (a report, an urging) in one transaction; show it."""
        self._in_transaction(
            lambda s: service(s, task_id, actor=default_actor(), today=self._today, **fields)
        )
        self.reload_tasks()
        self.select_task(task_id)

    def _attempt_undoable(
        self,
        text: str,
        apply: Callable[[], None],
        revert: Callable[[], None],
        *,
        first: Callable[[], object] | None = None,
    ) -> bool:
        """Run ``first`` (by default ``apply``), then offer it to undo; errors go to a message.

        ``first`` differs from ``apply`` when the first run creates what a redo only restores.
        """
        if not self._attempt(first or apply):
            return False
        self._push(text, apply, revert)
        self.reload_tasks()
        return True

    def _push(self, text: str, apply: Callable[[], None], revert: Callable[[], None]) -> None:
        from supervisor.ui.work.undo import ServiceCommand

        def run_and_reload(call: Callable[[], None]) -> Callable[[], None]:
            def inner() -> None:
                try:
                    call()
                finally:
                    self.reload_tasks()

            return inner

        self.undo_stack.push(
            ServiceCommand(text, run_and_reload(apply), run_and_reload(revert), self._error)
        )

    def _require_plan(self) -> bool:
        if self._plan_id is None:
            self._error(self.tr("请先导入报告或新建任务清单"))
            return False
        return True

    def _require_selection(self) -> list[TaskRow]:
        selected = self.selected_rows()
        if not selected:
            self._error(self.tr("请先在列表中选择任务"))
        return selected

    def _require_task(self) -> TaskRow | None:
        task = self.current_task()
        if task is None:
            self._error(self.tr("请先在列表中选择一项任务"))
        return task

    # -- workflows: plans and import -------------------------------------------------------
    @Slot()
    def _on_import_action_triggered(self) -> None:
        folder = str(self._settings.value("paths/import", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择报告文件"), folder, self.tr("报告 (*.txt *.docx);;所有文件 (*)")
        )
        if path:
            self._settings.setValue("paths/import", str(Path(path).parent))
            self.start_extraction(Path(path))

    def start_extraction(self, path: Path) -> WorkerRun:
        """Read and extract a report in a worker, then show the preview."""
        from supervisor.ui.work.jobs import extract_job
        from supervisor.ui.work.workers import ImportWorker

        worker = ImportWorker(self._database, extract_job(path), "extract report")
        return self._start(worker, self.tr("正在提取报告……"), self._on_extraction_finished)

    @Slot(object)
    def _on_extraction_finished(self, preview: object) -> None:
        from supervisor.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(preview, self)
        dialog.save_requested.connect(self.start_import)
        self.import_dialog = dialog
        dialog.open()

    @Slot(object, list, bool)
    def start_import(self, path: Path, edits: list, accept_suggestions: bool) -> WorkerRun:
        """Store the report with the preview's edits in a worker (one transaction)."""
        from supervisor.ui.work.jobs import import_job
        from supervisor.ui.work.workers import ImportWorker

        worker = ImportWorker(
            self._database, import_job(Path(path), edits, accept_suggestions), "import report"
        )
        return self._start(worker, self.tr("正在导入报告……"), self._on_import_finished)

    @Slot(object)
    def _on_import_finished(self, summary: object) -> None:
        self._plan_id = getattr(summary, "id", None)
        self.refresh()
        self.statusBar().showMessage(
            self.tr("已导入《%1》，共 %2 项任务")
            .replace("%1", summary.title)
            .replace("%2", str(summary.task_count)),
            8000,
        )
        self.import_finished.emit(summary)

    @Slot()
    def _on_new_plan_action_triggered(self) -> None:
        self.open_plan_dialog().open()

    def open_plan_dialog(self) -> PlanDialog:
        """The form of a new plan; the window shows the plan once it is saved."""
        from supervisor.ui.dialogs.plan_dialog import PlanDialog

        return PlanDialog(self.create_plan, self)

    def create_plan(self, title: str, year: int, source: str) -> int:
        """Create an empty plan and show it (raises a Chinese SupervisorError)."""
        summary = self._in_transaction(
            lambda s: plans.create_plan(
                s, title=title, year=year, source=source, actor=default_actor()
            )
        )
        self._plan_id = summary.id
        self.refresh()
        return summary.id

    # -- workflows: tasks ------------------------------------------------------------------
    @Slot()
    def _on_add_task_action_triggered(self) -> None:
        if not self._require_plan():
            return
        parent = self.current_task()
        parent_id = None
        if parent is not None:
            answer = QMessageBox.question(
                self,
                self.tr("新增任务"),
                self.tr("作为“%1”的下级任务？").replace("%1", f"{parent.code} {parent.title}"),
            )
            parent_id = parent.task_id if answer == QMessageBox.StandardButton.Yes else None
        self.open_task_dialog(parent_id=parent_id).open()

    def open_task_dialog(
        self, *, task_id: int | None = None, parent_id: int | None = None
    ) -> TaskDialog:
        """The add (``task_id`` None) or edit form, wired to the services and undo stack."""
        from supervisor.ui.dialogs.task_dialog import TaskDialog

        detail = None
        if task_id is not None:
            with self._database.sessions() as session:
                detail = tasks.get_task(session, task_id)
        plan_id = self._plan_id

        def save(value: TaskInput) -> None:
            if detail is None:
                self._add_task(plan_id, parent_id, value)
            else:
                self._edit_task(detail, value)

        return TaskDialog(save, self, task=detail, year=self._plan_year)

    def _add_task(self, plan_id: int | None, parent_id: int | None, value: TaskInput) -> None:
        actor = default_actor()
        created = self._in_transaction(
            lambda s: tasks.add_task(
                s,
                plan_id,
                title=value.title,
                actor=actor,
                parent_id=parent_id,
                code=value.code or None,
                text=value.text,
                leader=value.leader or None,
                deadline=value.deadline,
                indicators=[d.to_input() for d in value.indicators],
            )
        )
        task_id = created.id
        self._push(
            self.tr("新增任务 %1").replace("%1", created.code),
            lambda: self._in_transaction(lambda s: tasks.restore_task(s, task_id, actor=actor)),
            lambda: self._in_transaction(
                lambda s: tasks.delete_task(s, task_id, expected_version=None, actor=actor)
            ),
        )
        self.reload_tasks()
        self.select_task(task_id)

    def _edit_task(self, detail: tasks.TaskDetail, value: TaskInput) -> None:
        actor = default_actor()
        old = {
            "code": detail.code,
            "title": detail.title,
            "text": detail.text,
            "leader": detail.leader,
            "deadline": detail.deadline,
        }
        new = {
            "code": value.code or detail.code,
            "title": value.title,
            "text": value.text,
            "leader": value.leader or None,
            "deadline": value.deadline,
        }
        changes = {k: v for k, v in new.items() if v != old[k]}
        reverts = {k: old[k] for k in changes}

        def apply_indicators(session) -> None:
            known = {i.id: i for i in detail.indicators}
            kept = {d.indicator_id for d in value.indicators if d.indicator_id is not None}
            for indicator_id in known.keys() - kept:
                tasks.delete_indicator(session, indicator_id, expected_version=None, actor=actor)
            for draft in value.indicators:
                if draft.indicator_id is None:
                    tasks.add_indicator(
                        session, detail.id, draft.to_input(), expected_version=None, actor=actor
                    )
                elif diff := draft.changes(known[draft.indicator_id]):
                    tasks.edit_indicator(
                        session, draft.indicator_id, expected_version=None, actor=actor, **diff
                    )

        def apply(session) -> None:
            if changes:
                tasks.edit_task(
                    session, detail.id, expected_version=detail.version, actor=actor, **changes
                )
            apply_indicators(session)

        self._in_transaction(apply)
        if changes:
            task_id = detail.id
            self._push(
                self.tr("修改任务 %1").replace("%1", detail.code),
                lambda: self._in_transaction(
                    lambda s: tasks.edit_task(
                        s, task_id, expected_version=None, actor=actor, **changes
                    )
                ),
                lambda: self._in_transaction(
                    lambda s: tasks.edit_task(
                        s, task_id, expected_version=None, actor=actor, **reverts
                    )
                ),
            )
        self.reload_tasks()

    @Slot()
    def _on_edit_task_action_triggered(self) -> None:
        task = self._require_task()
        if task is not None:
            self.open_task_dialog(task_id=task.task_id).open()

    @Slot()
    def _on_split_task_action_triggered(self) -> None:
        task = self._require_task()
        if task is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("拆分任务"),
            self.tr("“%1”拆分为以下子任务（每行一项）：").replace("%1", task.title[:30]),
        )
        if ok:
            self.split_task(task.task_id, [line for line in text.splitlines() if line.strip()])

    def split_task(self, task_id: int, titles: list[str]) -> bool:
        """Split a task into sub-tasks (undoable: undo deletes them)."""
        actor = default_actor()
        created: list[int] = []

        def work(session) -> None:
            details = tasks.split_task(session, task_id, titles, expected_version=None, actor=actor)
            created.extend(d.id for d in details)

        def set_deleted(deleted: bool) -> None:
            def each(session) -> None:
                for child in created:
                    if deleted:
                        tasks.delete_task(session, child, expected_version=None, actor=actor)
                    else:
                        tasks.restore_task(session, child, actor=actor)

            self._in_transaction(each)

        return self._attempt_undoable(
            self.tr("拆分任务"),
            lambda: set_deleted(False),
            lambda: set_deleted(True),
            first=lambda: self._in_transaction(work),
        )

    @Slot()
    def _on_move_task_action_triggered(self) -> None:
        task = self._require_task()
        if task is None:
            return
        choices = [self.tr("（顶层）")] + [
            f"{r.code} {r.title[:30]}" for r in self.task_model.rows if r.task_id != task.task_id
        ]
        ids = [None] + [r.task_id for r in self.task_model.rows if r.task_id != task.task_id]
        choice, ok = QInputDialog.getItem(
            self, self.tr("移动任务"), self.tr("移到哪项任务之下："), choices, 0, False
        )
        if ok:
            self.move_task(task.task_id, ids[choices.index(choice)])

    def move_task(self, task_id: int, parent_id: int | None) -> bool:
        """Move a task under another parent (undoable)."""
        actor = default_actor()
        with self._database.sessions() as session:
            before = tasks.get_task(session, task_id)

        def move(target: int | None, position: int | None) -> None:
            self._in_transaction(
                lambda s: tasks.move_task(
                    s,
                    task_id,
                    parent_id=target,
                    position=position,
                    expected_version=None,
                    actor=actor,
                )
            )

        return self._attempt_undoable(
            self.tr("移动任务 %1").replace("%1", before.code),
            lambda: move(parent_id, None),
            lambda: move(before.parent_id, before.position),
        )

    @Slot()
    def _on_delete_task_action_triggered(self) -> None:
        selected = self._require_selection()
        if not selected:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除任务"),
            self.tr("删除选中的 %1 项任务及其下级任务？可用“撤销”恢复。").replace(
                "%1", str(len(selected))
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_tasks([r.task_id for r in selected])

    def delete_tasks(self, task_ids: list[int]) -> bool:
        """Delete tasks softly (undoable: undo restores them)."""
        actor = default_actor()

        def set_deleted(deleted: bool) -> None:
            def each(session) -> None:
                for task_id in task_ids:
                    if deleted:
                        try:
                            tasks.delete_task(session, task_id, expected_version=None, actor=actor)
                        except SupervisorError:
                            # Already gone with a parent deleted in the same selection.
                            if not _is_deleted(session, task_id):
                                raise
                    elif _is_deleted(session, task_id):
                        tasks.restore_task(session, task_id, actor=actor)

            self._in_transaction(each)

        return self._attempt_undoable(
            self.tr("删除 %1 项任务").replace("%1", str(len(task_ids))),
            lambda: set_deleted(True),
            lambda: set_deleted(False),
        )

    @Slot()
    def _on_deleted_tasks_action_triggered(self) -> None:
        try:
            dialog = self.open_deleted_tasks_dialog()
        except SupervisorError as err:
            self._error(str(err))
            return
        dialog.open()

    def open_deleted_tasks_dialog(self) -> DeletedTasksDialog:
        """The plan's deletions; restoring one is a step of the undo history."""
        from supervisor.ui.dialogs.deleted_tasks_dialog import DeletedTasksDialog

        plan_id = self.plan_id
        if plan_id is None:
            raise ValidationError(self.tr("请先选择一个任务清单"))
        return DeletedTasksDialog(self._database, plan_id, self.restore_task, self)

    def restore_task(self, task_id: int) -> bool:
        """Bring back a deleted task and the sub-tasks deleted with it (undo deletes again)."""
        actor = default_actor()

        def restore() -> None:
            self._in_transaction(lambda s: tasks.restore_task(s, task_id, actor=actor))

        def delete_again() -> None:
            self._in_transaction(
                lambda s: tasks.delete_task(s, task_id, expected_version=None, actor=actor)
            )

        return self._attempt_undoable(self.tr("恢复任务"), restore, delete_again)

    # -- workflows: assignment, progress, urging -------------------------------------------
    @Slot()
    def _on_assign_action_triggered(self) -> None:
        selected = self._require_selection()
        if not selected:
            return
        self.open_assign_dialog(selected).open()

    def department_names(self) -> list[str]:
        """Every department's name, for choosers."""
        with self._database.sessions() as session:
            return [d.name for d in departments.list_departments(session)]

    def open_assign_dialog(self, selected: list[TaskRow]) -> AssignDialog:
        """The assignment form for the selected tasks."""
        from supervisor.ui.dialogs.assign_dialog import AssignDialog

        ids = [r.task_id for r in selected]

        def save(value: AssignInput) -> None:
            self.assign_tasks(ids, value)

        lead = selected[0].lead_department if len(selected) == 1 else ""
        return AssignDialog(
            len(ids), self.department_names(), save, self, year=self._plan_year, current_lead=lead
        )

    def assign_tasks(self, task_ids: list[int], value: AssignInput) -> None:
        """Assign tasks (raises a Chinese SupervisorError); undo restores the old assignment."""
        from supervisor.ui.work.jobs import ensure_department

        actor = default_actor()
        with self._database.sessions() as session:
            before = {i: tasks.get_task(session, i) for i in task_ids}
        if value.lead:
            self._in_transaction(lambda s: ensure_department(s, value.lead, actor))
        for name in value.co or ():
            self._in_transaction(lambda s, n=name: ensure_department(s, n, actor))

        def apply() -> None:
            self._in_transaction(
                lambda s: assignment.assign(
                    s,
                    task_ids,
                    actor=actor,
                    lead=value.lead,
                    co=value.co,
                    leader=value.leader,
                    deadline=value.deadline,
                    subtree=value.subtree,
                )
            )

        def revert() -> None:
            def each(session) -> None:
                for task_id, old in before.items():
                    assignment.assign(
                        session,
                        [task_id],
                        actor=actor,
                        lead=old.lead_department or "",
                        co=list(old.co_departments),
                        leader=old.leader or "",
                        deadline=old.deadline,
                    )

            self._in_transaction(each)

        apply()
        self._push(self.tr("分工 %1 项任务").replace("%1", str(len(task_ids))), apply, revert)
        self.reload_tasks()

    @Slot()
    def _on_progress_action_triggered(self) -> None:
        task = self._require_task()
        if task is not None:
            self.open_progress_form(task.task_id).open()

    def open_progress_form(self, task_id: int) -> ProgressReportDialog:
        """The progress form of one task, saving through the progress service."""
        from supervisor.ui.dialogs.progress_form import ProgressReportDialog

        with self._database.sessions() as session:
            detail = tasks.get_task(session, task_id)
        position = self.task_model.row_of_task(task_id)
        row = self.task_model.row_at(position) if position is not None else None
        last = row.percent_done * 100 if row and row.percent_done is not None else None
        return ProgressReportDialog(
            detail, self.record_progress, self, today=self._today, last_percent=last
        )

    @Slot(int, int)
    def _on_detail_pane_correction_requested(self, task_id: int, report_id: int) -> None:
        try:
            form = self.open_correction_form(task_id, report_id)
        except SupervisorError as err:
            self._error(str(err))
            return
        form.open()

    def open_correction_form(self, task_id: int, report_id: int) -> ProgressReportDialog:
        """The progress form filled in with one report, saving a correction of it.

        Raises:
            NotFoundError: the task has no such report (any more).
        """
        from supervisor.ui.dialogs.progress_form import ProgressReportDialog

        with self._database.sessions() as session:
            detail = tasks.get_task(session, task_id)
            reports = progress.task_progress(session, task_id)
        report = next((r for r in reports if r.id == report_id), None)
        if report is None:
            raise NotFoundError(self.tr("该进展报送已不存在，请刷新后重试"))
        return ProgressReportDialog(
            detail, self.record_progress, self, today=self._today, correcting=report
        )

    def record_progress(self, value: ProgressInput) -> None:
        """Store a progress report (append-only: not undoable, corrections are new reports)."""
        self._record_for_task(
            progress.add_progress,
            value.task_id,
            corrects_id=value.corrects_id,
            report_date=value.report_date,
            percent=value.percent,
            actuals=value.actuals,
            progress_text=value.progress_text,
            problems=value.problems,
            next_steps=value.next_steps,
            reporter=value.reporter,
        )

    @Slot()
    def _on_urge_action_triggered(self) -> None:
        task = self._require_task()
        if task is not None:
            self.open_urge_dialog(task).open()

    def open_urge_dialog(self, task: TaskRow) -> UrgeDialog:
        """The urging form of one task."""
        from supervisor.ui.dialogs.urge_dialog import UrgeDialog

        def save(value: UrgeInput) -> None:
            self.urge_task(task.task_id, value)

        return UrgeDialog(
            f"{task.code} {task.title}",
            save,
            self,
            department=task.lead_department,
            today=self._today,
        )

    def urge_task(self, task_id: int, value: UrgeInput) -> None:
        """Record an urging (a dated record; not undoable)."""
        self._record_for_task(
            urging.urge,
            task_id,
            note=value.note,
            date=value.date,
            colour=value.colour,
            department=value.department,
        )

    # -- workflows: departments, settings, export ------------------------------------------
    @Slot()
    def _on_departments_action_triggered(self) -> None:
        from supervisor.ui.dialogs.departments_dialog import DepartmentsDialog

        dialog = DepartmentsDialog(self._database, self)
        dialog.departments_changed.connect(self.reload_tasks)
        dialog.open()

    @Slot()
    def _on_settings_action_triggered(self) -> None:
        self.open_settings_dialog().open()

    def open_settings_dialog(self) -> SettingsDialog:
        """The settings form."""
        from supervisor.ui.dialogs.settings_dialog import SettingsDialog

        with self._database.sessions() as session:
            current = load_settings(session)

        def save(changes: dict[str, str]) -> None:
            def work(session) -> None:
                for key, text in changes.items():
                    set_setting(session, key, text, actor=default_actor())

            self._in_transaction(work)
            if changes:
                self.reload_tasks()

        return SettingsDialog(current, self._settings, save, self, database_url=self._database.url)

    @Slot()
    def _on_export_action_triggered(self) -> None:
        if not self._require_plan():
            return
        dialog = self.open_export_dialog()
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        dialog.open()

    def open_export_dialog(self, kind: ExportKind | None = None) -> ExportDialog:
        """The export form for the current plan."""
        from supervisor.ui.dialogs.export_dialog import ExportDialog
        from supervisor.ui.work.jobs import ExportKind

        kind = kind or ExportKind.PROGRESS
        with self._database.sessions() as session:
            period_kind = load_settings(session).reporting_period
        folder = Path(str(self._settings.value("paths/export", str(Path.home()))))
        return ExportDialog(
            self._plan_id or 0,
            self._plan_year or self._today.year,
            period_kind,
            folder,
            self,
            kind=kind,
            today=self._today,
            departments=self.department_names(),
        )

    def start_export(self, request: ExportRequest) -> WorkerRun:
        """Write an export in a worker thread with a cancellable progress dialog."""
        from supervisor.ui.work.jobs import export_job
        from supervisor.ui.work.workers import ExportWorker

        self._settings.setValue("paths/export", str(request.path.parent))
        font = str(self._settings.value("pdf/body_font", "") or "")
        worker = ExportWorker(self._database, export_job(request, font or None), "export")
        return self._start(
            worker,
            self.tr("正在导出%1……").replace("%1", request.kind.value),
            self._on_export_finished,
        )

    @Slot(object)
    def _on_export_finished(self, result: object) -> None:
        self.statusBar().showMessage(self.tr("已导出：%1").replace("%1", str(result.path)), 10000)
        if result.warnings:
            self._inform("\n".join(result.warnings))
        self.export_finished.emit(result)

    # -- workflows: department fill-in round trip ------------------------------------------
    @Slot()
    def _on_fillin_export_action_triggered(self) -> None:
        if not self._require_plan():
            return
        periods = self.fillin_periods()
        if not periods:
            self._error(self.tr("该计划的年度尚未开始，还没有可填报的报送期"))
            return
        label, chosen = QInputDialog.getItem(
            self,
            self.tr("导出填报表"),
            self.tr("报送期："),
            [period.label for period in periods],
            0,
            False,
        )
        if not chosen:
            return
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("选择保存填报表的文件夹（每个单位一个工作簿）"),
            str(self._settings.value("paths/fillin", str(Path.home()))),
        )
        if folder:
            self._settings.setValue("paths/fillin", folder)
            key = next(period.key for period in periods if period.label == label)
            self.start_fillin_export(Path(folder), key)

    def fillin_periods(self) -> list[Period]:
        """The plan year's reporting periods up to today, newest first."""
        from supervisor.services.periods import periods_between

        year = self._plan_year or self._today.year
        first, last = dt.date(year, 1, 1), min(self._today, dt.date(year, 12, 31))
        if first > last:
            return []
        with self._database.sessions() as session:
            kind = load_settings(session).reporting_period
        return list(reversed(periods_between(first, last, kind)))

    def start_fillin_export(self, target: Path, period_key: str | None = None) -> WorkerRun:
        """Write one fill-in workbook per department (folder or .zip) in a worker."""
        from supervisor.ui.work.jobs import fillin_export_job
        from supervisor.ui.work.workers import RoundTripWorker

        worker = RoundTripWorker(
            self._database, fillin_export_job(self._plan_id or 0, target, period_key), "fill-in"
        )
        return self._start(worker, self.tr("正在导出填报表……"), self._on_fillin_export_finished)

    @Slot(object)
    def _on_fillin_export_finished(self, result: object) -> None:
        count = len(getattr(result, "workbooks", ()))
        message = (
            self.tr("已为 %1 个单位导出填报表（%2）：%3")
            .replace("%1", str(count))
            .replace("%2", result.period.label)
            .replace("%3", str(result.target))
        )
        self.statusBar().showMessage(message, 10000)
        if result.warnings:
            self._inform("\n".join(result.warnings))
        self.fillin_exported.emit(result)

    @Slot()
    def _on_fillin_import_action_triggered(self) -> None:
        if not self._require_plan():
            return
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("选择各单位交回的填报表"),
            str(self._settings.value("paths/fillin", str(Path.home()))),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if files:
            self.start_return_preview([Path(f) for f in files])

    def start_return_preview(self, paths: list[Path]) -> WorkerRun:
        """Read and check returned workbooks in a worker, then show the change preview."""
        from supervisor.ui.work.jobs import return_preview_job
        from supervisor.ui.work.workers import RoundTripWorker

        worker = RoundTripWorker(
            self._database,
            return_preview_job(self._plan_id or 0, paths, self._today),
            "fill-in preview",
        )
        return self._start(worker, self.tr("正在核对填报表……"), self._on_return_preview_finished)

    @Slot(object)
    def _on_return_preview_finished(self, preview: object) -> None:
        from supervisor.ui.dialogs.return_dialog import ReturnPreviewDialog

        dialog = ReturnPreviewDialog(preview, self)
        dialog.apply_requested.connect(self.start_return_apply)
        self.return_dialog = dialog
        dialog.open()
        self.returns_previewed.emit(preview)

    @Slot(object, bool)
    def start_return_apply(self, preview: object, only_clean: bool) -> WorkerRun:
        """Apply a checked import in a worker, in one transaction."""
        from supervisor.ui.work.jobs import return_apply_job
        from supervisor.ui.work.workers import RoundTripWorker

        worker = RoundTripWorker(
            self._database, return_apply_job(preview, only_clean, self._today), "fill-in apply"
        )
        return self._start(worker, self.tr("正在导入填报表……"), self._on_return_apply_finished)

    @Slot(object)
    def _on_return_apply_finished(self, result: object) -> None:
        self.reload_tasks()
        message = (
            self.tr("已导入 %1 个文件，新增 %2 条进展")
            .replace("%1", str(len(result.files)))
            .replace("%2", str(result.reports))
        )
        if result.skipped:
            message += self.tr("；跳过：%1").replace("%1", "、".join(result.skipped))
        self.statusBar().showMessage(message, 10000)
        self.returns_applied.emit(result)

    # -- workers ---------------------------------------------------------------------------
    def _start(
        self, worker: Worker, title: str, on_finished: Callable[[object], None]
    ) -> WorkerRun:
        from supervisor.ui.work.workers import run_worker

        run = run_worker(worker, title, self, on_finished, self._on_worker_failed)
        self._runs.append(run)
        run.done.connect(lambda: self._runs.remove(run) if run in self._runs else None)
        return run

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.job_failed.emit(message)
        self._error(message)


def _is_deleted(session, task_id: int) -> bool:
    return tasks.get_task(session, task_id, include_deleted=True).deleted_at is not None
