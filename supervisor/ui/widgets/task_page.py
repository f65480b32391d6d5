"""The 任务 tab: live filters, the task table and the detail pane of the current task."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import TaskStatus, WarningLight
from supervisor.errors import SupervisorError
from supervisor.reports.data import TaskRow
from supervisor.services.database import Database
from supervisor.ui.models.navigation import TaskCounts
from supervisor.ui.models.task_filter import TaskFilterProxyModel
from supervisor.ui.models.task_model import TaskColumn, TaskTableModel
from supervisor.ui.widgets.detail_pane import DetailPane, load_task_detail
from supervisor.ui.widgets.progress_delegate import ProgressBarDelegate

_COLUMN_WIDTHS = {
    TaskColumn.CODE: 72,
    TaskColumn.TITLE: 340,
    TaskColumn.INDICATORS: 200,
    TaskColumn.LEAD: 140,
    TaskColumn.LEADER: 90,
    TaskColumn.DEADLINE: 92,
    TaskColumn.PROGRESS: 92,
    TaskColumn.STATUS: 64,
    TaskColumn.WARNING: 52,
    TaskColumn.LAST_REPORT: 92,
    TaskColumn.URGINGS: 64,
}
# Shown whatever the width: with 任务 (which takes the spare width) they fit in 1024 pixels.
ESSENTIAL_COLUMNS = (
    TaskColumn.CODE,
    TaskColumn.TITLE,
    TaskColumn.LEAD,
    TaskColumn.DEADLINE,
    TaskColumn.PROGRESS,
    TaskColumn.STATUS,
)
# Shown in this order while there is room, unless the user chose otherwise (header menu).
_OPTIONAL_COLUMNS = (
    TaskColumn.WARNING,
    TaskColumn.LAST_REPORT,
    TaskColumn.URGINGS,
    TaskColumn.LEADER,
    TaskColumn.INDICATORS,
)
_TITLE_MIN_WIDTH = 220
ALL = "__all__"
_FIRST_IDLE_DELAY_MS = 30
_IDLE_SLICE = 10_000  # rows counted or indexed for search per idle moment (~10 ms)
_DONE = object()
_T = TypeVar("_T")


def _chosen(value: object, convert: Callable[[Any], _T]) -> _T | None:
    """A filter combo's choice for the filter: None for 全部 (or no choice), else ``convert``ed."""
    return None if value in (None, ALL) else convert(value)


class TaskPage(QWidget):
    """Filters above the table, the detail pane below; counts and search text while idle."""

    counts_changed = Signal(object)  # TaskCounts of every row loaded
    edit_requested = Signal()
    message_shown = Signal(str)

    def __init__(self, database: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._today = today
        self._status_counts: Counter[TaskStatus | None] = Counter()
        self._idle_work: Iterator[None] = iter(())
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(0)
        self._quiet_task: int | None = None  # re-selected after a filter: already shown
        self.count_label = QLabel(self)
        self._build_filters()
        self._build_table()
        self.detail_pane = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("task_splitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filter_row)
        layout.addWidget(self.splitter)
        self._connect_signals()

    def _build_filters(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("搜索编号、任务、单位、指标（Ctrl+F）"))
        self.search_edit.setClearButtonEnabled(True)
        self.department_combo = QComboBox(self)
        self.department_combo.setMinimumContentsLength(10)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("全部状态"), ALL)
        for status in TaskStatus:
            self.status_combo.addItem(str(status), str(status))
        self.warning_combo = QComboBox(self)
        self.warning_combo.addItem(self.tr("全部预警"), ALL)
        for light in WarningLight:
            self.warning_combo.addItem(light.value, light.value)
        self.leader_combo = QComboBox(self)
        self.leader_combo.addItem(self.tr("全部领导"), ALL)
        self.due_spin = QSpinBox(self)
        self.due_spin.setRange(-1, 366)
        self.due_spin.setSpecialValueText(self.tr("不限"))
        self.due_spin.setValue(-1)
        self.due_spin.setPrefix(self.tr("到期 ≤ "))
        self.due_spin.setSuffix(self.tr(" 天"))
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 3)
        row.addWidget(QLabel(self.tr("单位"), self))
        row.addWidget(self.department_combo, 1)
        row.addWidget(QLabel(self.tr("状态"), self))
        row.addWidget(self.status_combo)
        row.addWidget(self.warning_combo)
        row.addWidget(self.leader_combo)
        row.addWidget(self.due_spin)
        self._filter_row = row

    def _build_table(self) -> None:
        self.model = TaskTableModel(self)
        self.filter = TaskFilterProxyModel(self)
        self.filter.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("tasks")
        self.view.setModel(self.filter)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setItemDelegateForColumn(TaskColumn.PROGRESS, ProgressBarDelegate(self))
        vertical = self.view.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._set_title_stretch()
        self.view.setSortingEnabled(True)
        # Columns the user showed or hid from the header menu; the others follow the width.
        self._chosen: dict[TaskColumn, bool] = {}
        self.view.installEventFilter(self)

    def _set_title_stretch(self) -> None:
        # 任务 takes the width the other columns leave: no empty band on a wide screen.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(TaskColumn.TITLE, QHeaderView.ResizeMode.Stretch)

    def restore_header(self, state: QByteArray) -> None:
        """Restore saved column widths and order, then fit the columns to the width again."""
        self.view.horizontalHeader().restoreState(state)
        self._set_title_stretch()
        self.fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Show the optional columns that fit beside the essential ones (or as chosen)."""
        header = self.view.horizontalHeader()
        room = self.view.width() - 2 * self.view.frameWidth()
        room -= self.view.verticalScrollBar().sizeHint().width()
        used = _TITLE_MIN_WIDTH + sum(
            header.sectionSize(c) for c in ESSENTIAL_COLUMNS if c != TaskColumn.TITLE
        )
        for column in _OPTIONAL_COLUMNS:
            width = header.sectionSize(column) or _COLUMN_WIDTHS[column]
            show = self._chosen.get(column, used + width <= room)
            header.setSectionHidden(column, not show)
            if show:
                used += width

    def column_menu(self) -> QMenu:
        """The header's menu: tick the columns to show (编号 and 任务 always show)."""
        menu = QMenu(self)
        header = self.view.horizontalHeader()
        for column in TaskColumn:
            if column in (TaskColumn.CODE, TaskColumn.TITLE):
                continue
            action = menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.choose_column(c, on))
        return menu

    def choose_column(self, column: TaskColumn, shown: bool) -> None:
        """Show or hide a column whatever the width (the user's choice from the header menu)."""
        self._chosen[column] = shown
        if column in _OPTIONAL_COLUMNS:
            self.fit_columns()
        else:
            self.view.horizontalHeader().setSectionHidden(column, not shown)

    @Slot(QPoint)
    def _on_header_context_menu_requested(self, position: QPoint) -> None:
        header = self.view.horizontalHeader()
        self.column_menu().popup(header.mapToGlobal(position))

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # The filter combos differ only in the field they set and the type of their items' data.
        for combo, set_field, convert in (
            (self.department_combo, self.filter.set_department, str),
            (self.status_combo, self.filter.set_status, TaskStatus),
            (self.warning_combo, self.filter.set_warning, WarningLight),
            (self.leader_combo, self.filter.set_leader, str),
        ):
            combo.currentIndexChanged.connect(
                partial(self._on_filter_combo_changed, combo, set_field, convert)
            )
        self.due_spin.valueChanged.connect(self._on_due_spin_value_changed)
        # Not rowsInserted/rowsRemoved: one filter change can emit thousands of those.
        self.filter.layoutChanged.connect(self.update_counts)
        self.filter.modelReset.connect(self.update_counts)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.doubleClicked.connect(self.edit_requested)
        self.view.horizontalHeader().customContextMenuRequested.connect(
            self._on_header_context_menu_requested
        )
        self._idle_timer.timeout.connect(self._on_idle_timer_timeout)

    # -- rows ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[TaskRow]) -> None:
        """Show these task rows; counts and search text follow when idle."""
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        # The reset left no current row; the caller selects the task again if it still exists
        # (another plan's task must not stay in the detail pane).
        self.detail_pane.clear()
        small = len(rows) <= _IDLE_SLICE
        if small:
            # One slice of counting: do it now rather than show empty panels for a moment.
            self.recount()
        self._idle_work = self._background_work(self.model.rows, counted=small)
        self.update_counts()
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
        while not self.model.prepare_search(_IDLE_SLICE):
            yield
        self.model.prepare_rollups()

    @property
    def background_work_pending(self) -> bool:
        """True while counts or search text of the rows shown are still being prepared."""
        return self._idle_timer.isActive()

    @Slot()
    def _on_idle_timer_timeout(self) -> None:
        # One piece of work per idle moment: the window answers input meanwhile.
        self._idle_timer.setInterval(0)
        if next(self._idle_work, _DONE) is _DONE:
            self._idle_timer.stop()

    def recount(self) -> None:
        """Recount the tasks for the navigation tree, the unit filter and the status bar now."""
        self._apply_counts(TaskCounts.of(self.model.rows))

    def _apply_counts(self, counts: TaskCounts) -> None:
        self._status_counts = counts.statuses
        self._fill_department_combo(counts)
        self._fill_leader_combo()
        self.counts_changed.emit(counts)
        self.update_counts()

    def _fill_department_combo(self, counts: TaskCounts) -> None:
        names = sorted(counts.leads)
        names += sorted(set(counts.departments) - set(names))
        self._fill_combo(
            self.department_combo, self.tr("全部单位"), names, self.filter.set_department
        )

    def _fill_leader_combo(self) -> None:
        leaders = sorted({row.leader for row in self.model.rows if row.leader})
        self._fill_combo(self.leader_combo, self.tr("全部领导"), leaders, self.filter.set_leader)

    def _fill_combo(
        self,
        combo: QComboBox,
        all_text: str,
        names: list[str],
        set_filter: Callable[[str | None], None],
    ) -> None:
        """Offer ``names`` (after "all"), keeping the choice; a vanished choice stops filtering."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, ALL)
        for name in names:
            combo.addItem(name, name)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0 and current not in (None, ALL):
            set_filter(None)

    @Slot()
    def update_counts(self, *args: object) -> None:
        """Write 共 N 项任务，显示 M 项 and the counts of the alarming statuses."""
        total = self.model.rowCount()
        shown = self.filter.rowCount()
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

    # -- selection -------------------------------------------------------------------------
    def selected_rows(self) -> list[TaskRow]:
        """The selected tasks, in view order."""
        # selectedRows() needs every column of a row selected: with columns hidden (the
        # header's menu, a narrow screen) it found no row at all. Any selected cell counts.
        rows = sorted({ix.row() for ix in self.view.selectionModel().selectedIndexes()})
        return [
            self.model.row_at(self.filter.mapToSource(self.filter.index(r, 0)).row()) for r in rows
        ]

    def current_task(self) -> TaskRow | None:
        """The task with the keyboard focus, if any."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.filter.mapToSource(index).row())

    def task_rows(self) -> list[TaskRow]:
        """Every loaded row, filtered out or not."""
        return self.model.rows

    def task_row(self, task_id: int) -> TaskRow | None:
        """The loaded row of one task, filtered out or not."""
        position = self.model.row_of_task(task_id)
        return self.model.row_at(position) if position is not None else None

    def select_task(self, task_id: int) -> bool:
        """Make a task current and selected (if it is loaded and not filtered out)."""
        row = self.model.row_of_task(task_id)
        if row is None:
            return False
        index = self.filter.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        # Through the selection model, not selectRow(): that obeys the keys held down, so a
        # reload after Ctrl+Z (Ctrl still pressed) toggled the row off instead of selecting it.
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_row_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        if not current.isValid():
            self.detail_pane.clear()
            return
        row = self.model.row_at(self.filter.mapToSource(current).row())
        if row.task_id == self._quiet_task:
            return
        try:
            with self._database.sessions() as session:
                data = load_task_detail(session, row.task_id)
        except SupervisorError as err:
            self.message_shown.emit(str(err))
            return
        self.detail_pane.show_detail(data)

    # -- filters ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def filter_department(self, name: object) -> None:
        """Show one department's tasks (None or ALL: every department's)."""
        self.department_combo.setCurrentIndex(max(self.department_combo.findData(name), 0))

    def filter_status(self, status: object) -> None:
        """Show the tasks of one status (None or ALL: every status)."""
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def refilter(self, change: Callable[[], None]) -> None:
        """Change the filter; the current task stays current, or leaves the detail pane."""
        kept = self.current_task()
        change()
        if kept is not None and not self.view.currentIndex().isValid():
            self._quiet_task = kept.task_id
            try:
                if not self.select_task(kept.task_id):
                    # Filtered out: the detail pane must not go on showing it.
                    self.detail_pane.clear()
            finally:
                self._quiet_task = None
        self.update_counts()

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.refilter(lambda: self.filter.set_text(text))

    def _on_filter_combo_changed(
        self,
        combo: QComboBox,
        set_field: Callable[[Any], None],
        convert: Callable[[Any], object],
        index: int,
    ) -> None:
        value = _chosen(combo.itemData(index), convert)
        self.refilter(lambda: set_field(value))

    @Slot(int)
    def _on_due_spin_value_changed(self, value: int) -> None:
        self.refilter(lambda: self.filter.set_due_within(None if value < 0 else value, self._today))
