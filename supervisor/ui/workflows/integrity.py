"""The integrity check of a large database file, run in the background as the window opens."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import QLabel

from supervisor.errors import SupervisorError
from supervisor.services.database import Database
from supervisor.ui.work.workers import Worker, start_worker_thread
from supervisor.ui.workflows.context import Workflow, WorkflowContext


def _check(database: Database, _progress: object, _cancel: threading.Event) -> bool:
    database.integrity.run()
    return True


class IntegrityWorkflow(Workflow):
    """Reads every page of a file too large to check before the window opened.

    Until the check has passed, the window's writing actions are off and the status bar says
    why; a damaged file gets the one message naming it and the newest good backup, and stays
    read-only (the database refuses any write on its own, whatever asks for it).
    """

    writing_allowed = Signal(bool)
    check_finished = Signal(bool)  # True: healthy

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context)
        # Shown in the status bar while the check runs and after it failed.
        self.label = QLabel()
        self.label.hide()
        self._thread: QThread | None = None
        self._worker: Worker | None = None

    @property
    def running(self) -> bool:
        """The check is under way."""
        return self._thread is not None

    def start(self) -> None:
        """Start the check in a thread unless the database was checked on opening."""
        integrity = self.context.database.integrity
        if integrity.done:
            if not integrity.passed:
                try:
                    integrity.run()
                except SupervisorError as err:
                    self._on_worker_failed(str(err))
            return
        size = integrity.file.stat().st_size / 1024 / 1024 if integrity.file else 0
        self._show(
            self.tr("正在检查数据库文件（%1 MB）是否完好……检查完成前不能修改数据").replace(
                "%1", f"{size:.0f}"
            )
        )
        self.writing_allowed.emit(False)
        self._worker = Worker(self.context.database, _check, "integrity check")
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        start_worker_thread(self._thread)

    def wait(self) -> None:
        """Wait for a running check to end (the window is closing)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            self._thread = None
        if self._worker is not None:
            # Now, as WorkerRun does: its thread has ended, so a deleteLater() would never be
            # delivered and the worker would live on with the window.
            shiboken6.delete(self._worker)
            self._worker = None

    def _show(self, text: str) -> None:
        self.label.setText(text)
        self.label.setVisible(bool(text))

    @Slot(object)
    def _on_worker_finished(self, _result: object) -> None:
        self._stop_thread()
        self._show("")
        self.writing_allowed.emit(True)
        self.context.show_status(self.tr("数据库文件检查完毕，完好，可以修改数据"), 8000)
        self.check_finished.emit(True)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._stop_thread()
        self.context.error(message)
        if self.context.database.integrity.done:
            self._show(self.tr("数据库文件已损坏：只能查看，不能修改"))
            self.writing_allowed.emit(False)
            self.check_finished.emit(False)
            return
        # The check itself failed (logged): the file is not known damaged, and every write
        # still runs the check first, so the window need not stay read-only.
        self._show("")
        self.writing_allowed.emit(True)
        self.check_finished.emit(True)
