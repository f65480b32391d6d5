"""本周报送: record the week's progress of many tasks in a grid, saved in one transaction."""

from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supervisor.domain import TaskKind
from supervisor.errors import SupervisorError
from supervisor.reports.data import TaskRow
from supervisor.services.audit import default_actor
from supervisor.services.periods import period_of
from supervisor.services.settings import load_settings
from supervisor.services.withdrawal import (
    BatchReport,
    BatchReportError,
    record_batch,
    withdraw_batch,
)
from supervisor.ui.models.weekly_model import WeeklyColumn, WeeklyEntryModel
from supervisor.ui.widgets.weekly_grid import SpreadsheetView
from supervisor.ui.workflows.context import Workflow, WorkflowContext

_ALL = "__all__"


def period_tasks(rows: list[TaskRow]) -> list[TaskRow]:
    """The tasks a unit reports on: leaves (a parent shows its children), not 常态化."""
    parents = {code.rsplit(".", 1)[0] for code in (r.code for r in rows) if "." in code}
    return [r for r in rows if r.code not in parents and r.kind != TaskKind.ROUTINE]


class WeeklyWorkflow(Workflow):
    """The 本周报送 tab: a grid of the period's tasks, filterable by unit, one 保存."""

    saved = Signal(int)  # how many reports were stored

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        self.page = QWidget(context.widget)
        self._plan_id: int | None = None  # the plan whose tasks the grid holds
        self.model = WeeklyEntryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(WeeklyColumn.LEAD)
        self.period_label = QLabel(self.page)
        self.unit_combo = QComboBox(self.page)
        self.unit_combo.setMinimumContentsLength(12)
        self.save_button = QPushButton(self.tr("保存（Ctrl+S）"), self.page)
        self.message_label = QLabel(self.page)
        self.message_label.setWordWrap(True)
        self.grid = SpreadsheetView(self.page)
        self.grid.setModel(self.proxy)
        self.grid.verticalHeader().hide()
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (WeeklyColumn.CODE, 72),
            (WeeklyColumn.TITLE, 260),
            (WeeklyColumn.LEAD, 130),
            (WeeklyColumn.LAST, 70),
            (WeeklyColumn.PERCENT, 90),
            (WeeklyColumn.ACTUALS, 110),
            (WeeklyColumn.PROGRESS, 220),
            (WeeklyColumn.PROBLEMS, 160),
            (WeeklyColumn.NEXT, 160),
        ):
            header.resizeSection(column, width)
        bar = QHBoxLayout()
        bar.addWidget(self.period_label)
        bar.addWidget(QLabel(self.tr("单位"), self.page))
        bar.addWidget(self.unit_combo, 1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self.page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.grid, 1)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self.page)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.save_shortcut.activated.connect(self.save)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_combo_changed)

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        """Show the tasks of the plan shown; typed cells that are not saved are kept."""
        context = self.context
        if self.model.pending_rows():
            # Never throw away what the clerk typed; say so when it belongs to another plan.
            if self._plan_id != context.plan_id:
                self._say(
                    self.tr("这里还有未保存的报送（属于之前的任务清单）：请先保存，再切换清单")
                )
            return
        with context.database.sessions() as session:
            kind = load_settings(session).reporting_period
        period = period_of(context.today, kind)
        self.period_label.setText(
            self.tr("报送期：%1（报送日期 %2）")
            .replace("%1", period.label)
            .replace("%2", context.today.isoformat())
        )
        rows = period_tasks(context.task_rows())
        self._plan_id = context.plan_id
        self.model.set_rows(rows)
        self._fill_units(rows)
        self.message_label.setText(
            self.tr("直接输入；回车到下一行，Tab 到右一格；可从 Excel 复制一块粘贴（Ctrl+V）。")
        )
        self.focus_first_cell()

    def _fill_units(self, rows: list[TaskRow]) -> None:
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem(self.tr("全部单位"), _ALL)
        for name in sorted({r.lead_department for r in rows if r.lead_department}):
            self.unit_combo.addItem(name, name)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(current), 0))
        self.unit_combo.blockSignals(False)
        self._on_unit_combo_changed(self.unit_combo.currentIndex())

    def focus_first_cell(self) -> None:
        """Put the cursor in the first 完成进度 cell, ready for typing."""
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        self.grid.move_to(0, WeeklyColumn.PERCENT)

    @Slot(int)
    def _on_unit_combo_changed(self, index: int) -> None:
        unit = self.unit_combo.itemData(index)
        pattern = "" if unit in (None, _ALL) else f"^{re.escape(str(unit))}$"
        self.proxy.setFilterRegularExpression(pattern)

    # -- saving ----------------------------------------------------------------------------
    @Slot()
    def save(self) -> int:
        """Store every typed row as a report in one transaction, one undo step; returns how many."""
        context = self.context
        self.grid.setFocus()  # commits a cell still being edited
        if self.model.invalid_rows():
            self._say(self.tr("有标红的单元格，请先改正（鼠标停在单元格上可看原因）"))
            return 0
        typed = self.model.reports()
        if not typed:
            self._say(self.tr("没有要保存的报送"))
            return 0
        batch = [entry.report for entry in typed]
        try:
            ids = self._record(batch)
        except BatchReportError as err:
            # Nothing was stored: the transaction is all or nothing.
            row = typed[err.index].row
            self.model.refuse_row(row, str(err))
            code = self.model.rows[row].code
            self._say(self.tr("%1：%2；未保存任何报送").replace("%1", code).replace("%2", str(err)))
            return 0
        except SupervisorError as err:  # e.g. the database stayed busy: the cells are kept
            self._say(str(err) + self.tr("；未保存任何报送"))
            return 0
        self.model.clear_entries()
        self._push_undo(batch, ids)
        context.reload_tasks()
        self.load()
        message = self.tr("已保存 %1 条进展报送").replace("%1", str(len(batch)))
        # The whole save is one undo step (撤销 withdraws the batch, as long as nothing was
        # recorded on top of it); later mistakes are corrected (更正) in the task's timeline.
        self._say(message + self.tr("（可撤销：Ctrl+Z）"))
        context.show_status(message)
        self.saved.emit(len(batch))
        return len(batch)

    def _record(self, batch: list[BatchReport]) -> tuple[int, ...]:
        """Record the batch dated today in one transaction; the new reports' ids."""
        today = self.context.today
        ids = self.context.in_transaction(
            lambda session: record_batch(
                session, batch, actor=default_actor(), report_date=today, today=today
            )
        )
        return tuple(ids)  # type: ignore[arg-type]

    def _push_undo(self, batch: list[BatchReport], ids: tuple[int, ...]) -> None:
        """One undo step for the save: undo withdraws the batch, redo records it again.

        The context reloads the tasks both ways; the grid follows when its tab is shown.
        """
        current = list(ids)  # a redo stores new reports: the next undo withdraws those

        def withdraw() -> None:
            self.context.in_transaction(
                lambda session: withdraw_batch(session, current, actor=default_actor())
            )
            current.clear()

        def record_again() -> None:
            current[:] = self._record(batch)

        self.context.push(
            self.tr("本周报送 %1 条").replace("%1", str(len(batch))),
            record_again,
            withdraw,
        )

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.context.last_message = message
