"""What the workflow controllers share: database, plan, selection, undo, messages, long work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from supervisor.errors import DatabaseBusyError, SupervisorError
from supervisor.reports.data import TaskRow
from supervisor.services import departments
from supervisor.services.audit import default_actor
from supervisor.services.database import Database
from supervisor.services.office_roles import Action, OfficeRole, refusal

if TYPE_CHECKING:
    from supervisor.ui.work.workers import Job, Worker, WorkerRun

DialogT = TypeVar("DialogT", bound=QDialog)


def closing_deletes(dialog: DialogT) -> DialogT:
    """``dialog``, deleted once it is closed (accepted, rejected or shut).

    A workflow makes its form anew each time it is asked for: parented to the window, every
    closed one would otherwise stay with it, hidden, for the rest of the day.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


class Shell(Protocol):
    """What a workflow may ask of the main window, and nothing else."""

    def reload_tasks(self) -> None: ...

    def refresh(self) -> None: ...

    def show_status(self, message: str, timeout_ms: int) -> None: ...


class Selection(Protocol):
    """The task table as the workflows see it: the rows and which are selected."""

    def selected_rows(self) -> list[TaskRow]: ...

    def current_task(self) -> TaskRow | None: ...

    def select_task(self, task_id: int) -> bool: ...

    def task_rows(self) -> list[TaskRow]: ...

    def task_row(self, task_id: int) -> TaskRow | None: ...


class WorkflowContext(QObject):
    """One per window: the open database, the plan shown, the selection, undo and messages.

    Controllers hold this object instead of the window, so a workflow can be driven (and
    tested) through its own methods and a new one needs no change to the window.
    """

    job_failed = Signal(str)
    # A job of this window runs / has ended (the live updates take its writes for its own).
    own_work_started = Signal()
    own_work_ended = Signal()
    # Every connection to the database is about to close (a restore replaces the file).
    database_closing = Signal()

    def __init__(
        self,
        shell: Shell,
        widget: QWidget,
        database: Database,
        settings: QSettings,
        today: dt.date,
        role: OfficeRole = OfficeRole.ADMIN,
    ) -> None:
        super().__init__(widget)
        self._shell = shell
        # The task table, set by the window once it is built.
        self.selection: Selection | None = None
        self.widget = widget
        self.database = database
        self.settings = settings
        self.today = today
        self.plan_id: int | None = None
        self.plan_year: int | None = None
        # 截至日期: a past date shows the table and dashboard as they were then (None: today).
        # Reports and urgings are always dated today.
        self.as_of: dt.date | None = None
        # The connected login's role, read once when the window opened (管理员 on SQLite).
        self.role = role
        self.undo_stack = QUndoStack(self)
        self.last_message = ""
        self._runs: list[WorkerRun] = []

    @property
    def view_date(self) -> dt.date:
        """The date the table and dashboard show: 截至日期, or today."""
        return self.as_of or self.today

    # -- the window ------------------------------------------------------------------------
    def _table(self) -> Selection:
        assert self.selection is not None, "the window sets the selection before any workflow runs"
        return self.selection

    def selected_rows(self) -> list[TaskRow]:
        """The selected tasks, in view order."""
        return self._table().selected_rows()

    def current_task(self) -> TaskRow | None:
        """The task with the keyboard focus, if any."""
        return self._table().current_task()

    def select_task(self, task_id: int) -> bool:
        """Make a task current (if it is loaded and not filtered out)."""
        return self._table().select_task(task_id)

    def task_rows(self) -> list[TaskRow]:
        """Every task row of the plan shown, filtered or not."""
        return self._table().task_rows()

    def task_row(self, task_id: int) -> TaskRow | None:
        """The loaded row of one task, filtered out or not."""
        return self._table().task_row(task_id)

    def reload_tasks(self) -> None:
        """Re-read the tasks of the plan shown."""
        self._shell.reload_tasks()

    def show_plan_after_change(self, plan_id: int | None) -> None:
        """Show a plan just created or imported, with the plan list read again."""
        if plan_id != self.plan_id:
            # The undo steps belong to the plan shown before: undoing them now would change
            # tasks the user no longer sees.
            self.undo_stack.clear()
        self.plan_id = plan_id
        self._shell.refresh()

    def close_database(self) -> None:
        """Close every connection of this window to the database (the pool's and the watcher's).

        A restore replaces the file; a connection left open on the old one would carry its
        journal over to the new one.
        """
        self.database_closing.emit()
        self.database.close()

    def reload_everything(self) -> None:
        """Read plans and tasks again from scratch (the database was replaced)."""
        self.undo_stack.clear()
        self.plan_id = None
        self._shell.refresh()

    def show_status(self, message: str, timeout_ms: int = 10000) -> None:
        """A passing message in the status bar."""
        self._shell.show_status(message, timeout_ms)

    # -- messages --------------------------------------------------------------------------
    def error(self, message: str) -> None:
        """A warning box (window-modal, non-blocking)."""
        self._message(QMessageBox.Icon.Warning, message)

    def inform(self, message: str) -> None:
        """An information box (window-modal, non-blocking)."""
        self._message(QMessageBox.Icon.Information, message)

    def _message(self, icon: QMessageBox.Icon, message: str) -> None:
        # Window-modal and non-blocking: a worker's outcome never stalls the event loop.
        box = QMessageBox(
            icon, self.widget.windowTitle(), message, QMessageBox.StandardButton.Ok, self.widget
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = message

    def offer_to_open(self, message: str, path: Path) -> QMessageBox:
        """Tell what was written, with 打开文件 (a file) and 打开所在文件夹 buttons."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.widget.windowTitle(),
            message,
            QMessageBox.StandardButton.Close,
            self.widget,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if path.is_file():
            open_file = box.addButton(self.tr("打开文件"), QMessageBox.ButtonRole.ActionRole)
            open_file.clicked.connect(lambda: self.open_path(path))
        folder = path.parent if path.is_file() else path
        open_folder = box.addButton(self.tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: self.open_path(folder))
        box.open()
        self.last_message = message
        return box

    def open_path(self, path: Path) -> bool:
        """Open a file or folder with the desktop's own program (Excel, a PDF reader, …)."""
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        if not opened:
            self.error(self.tr("无法打开：%1").replace("%1", str(path)))
        return opened

    def require_plan(self) -> bool:
        """True when a plan is shown; else the user is told to import or create one."""
        if self.plan_id is None:
            self.error(self.tr("请先导入报告或新建任务清单"))
            return False
        return True

    def require_selection(self) -> list[TaskRow]:
        """The selected tasks; none after telling the user to select some."""
        selected = self.selected_rows()
        if not selected:
            self.error(self.tr("请先在列表中选择任务"))
        return selected

    def require_task(self) -> TaskRow | None:
        """The current task; None after telling the user to select one."""
        task = self.current_task()
        if task is None:
            self.error(self.tr("请先在列表中选择一项任务"))
        return task

    # -- the role ----------------------------------------------------------------------------
    def permits(self, action: Action) -> bool:
        """True when the role may do ``action``; otherwise the reason is shown, False returned.

        For entry points that are not a (disabled) action: a link, a double click.
        """
        reason = refusal(self.role, action)
        if reason is not None:
            self.error(reason)
        return reason is None

    def guarded(self, action: Action, slot: Callable[..., object]) -> Callable[..., None]:
        """``slot``, run only when the role may do ``action``."""

        def run(*args: object) -> None:
            if self.permits(action):
                slot(*args)

        return run

    # -- service calls and undo ------------------------------------------------------------
    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a service call; a SupervisorError is shown in Chinese, never as a traceback."""
        try:
            action()
        except SupervisorError as err:
            self.error(str(err))
            return False
        return True

    def in_transaction(self, work: Callable[..., object]) -> object:
        """Run ``work(session)`` in one transaction and return what it returns.

        A database kept busy by another writer past the busy timeout is tried once more (the
        first transaction was rolled back, so the work runs again from the start); if it is
        still busy the DatabaseBusyError goes to the caller, whose form keeps what was typed.
        """
        try:
            return self._run_transaction(work)
        except DatabaseBusyError:
            return self._run_transaction(work)

    def _run_transaction(self, work: Callable[..., object]) -> object:
        with self.database.sessions.begin() as session:
            return work(session)

    def department_names(self) -> list[str]:
        """Every department's name, for choosers."""
        with self.database.sessions() as session:
            return [d.name for d in departments.list_departments(session)]

    def record_for_task(
        self, service: Callable[..., object], task_id: int, **fields: object
    ) -> None:
        """Store a dated record of one task (a report, an urging) in one transaction; show it."""
        self.in_transaction(
            lambda s: service(s, task_id, actor=default_actor(), today=self.today, **fields)
        )
        self.reload_tasks()
        self.select_task(task_id)

    def attempt_undoable(
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
        if not self.attempt(first or apply):
            return False
        self.push(text, apply, revert)
        self.reload_tasks()
        return True

    def push(self, text: str, apply: Callable[[], None], revert: Callable[[], None]) -> None:
        """Put a step that has already run on the undo stack; both ways reload the tasks."""
        from supervisor.ui.work.undo import ServiceCommand

        def run_and_reload(call: Callable[[], None]) -> Callable[[], None]:
            def inner() -> None:
                try:
                    call()
                finally:
                    self.reload_tasks()

            return inner

        self.undo_stack.push(
            ServiceCommand(text, run_and_reload(apply), run_and_reload(revert), self.error)
        )

    # -- long work -------------------------------------------------------------------------
    def start(self, worker: Worker, title: str, on_finished: Callable[[object], None]) -> WorkerRun:
        """Run a worker in a thread behind a cancellable progress dialog."""
        from supervisor.ui.work.workers import run_worker

        self.own_work_started.emit()
        try:
            run = run_worker(worker, title, self.widget, on_finished, self._on_worker_failed)
        except BaseException:
            self.own_work_ended.emit()
            raise
        self._runs.append(run)
        run.done.connect(lambda: self._on_run_done(run))
        return run

    def _on_run_done(self, run: WorkerRun) -> None:
        if run in self._runs:
            self._runs.remove(run)
        self.own_work_ended.emit()

    def run_job(
        self, job: Job, description: str, title: str, on_finished: Callable[[object], None]
    ) -> WorkerRun:
        """Run a job of ``ui.work.jobs`` in a worker (``description`` names it in the log)."""
        from supervisor.ui.work.workers import Worker

        return self.start(Worker(self.database, job, description), title, on_finished)

    def stop_all_work(self) -> None:
        """Cancel every running worker and wait for its thread (the window is closing)."""
        from supervisor.ui.work.collector import gui_thread_collection

        for run in list(self._runs):
            run.worker.cancel()
            run.thread.quit()
            run.thread.wait(5000)
        # Their ends are not delivered any more: automatic collection comes back now.
        gui_thread_collection().release()

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.job_failed.emit(message)
        self.error(message)


class Workflow(QObject):
    """Base of the controllers: each holds the shared context, never the window."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        self.context = context
