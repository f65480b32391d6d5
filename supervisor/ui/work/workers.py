"""Long jobs (import, export, round trip) in a worker thread with a cancellable progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from supervisor.errors import SupervisorError
from supervisor.logs import log_unexpected, unexpected_error_message
from supervisor.reports.errors import ReportCancelled, ReportError
from supervisor.services.database import Database
from supervisor.ui.work.collector import gui_thread_collection

ProgressCallback = Callable[[int, int], None]
# A job gets the database (to open its own session in the worker thread), a progress
# callback and the cancel event; it returns ids or frozen dataclasses, never ORM rows.
Job = Callable[[Database, ProgressCallback, threading.Event], Any]


class Worker(QObject):
    """Runs one job in the thread it was moved to and reports through signals."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, database: Database, job: Job, description: str) -> None:
        super().__init__()
        self._database = database
        self._job = job
        self._description = description
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        """Run the job; exactly one of finished, failed or cancelled is emitted."""
        try:
            result = self._job(self._database, self._report_progress, self.cancel_event)
        except Exception as err:
            if self.cancel_event.is_set() or isinstance(err, ReportCancelled):
                self.cancelled.emit()
            elif isinstance(err, SupervisorError | ReportError):
                self.failed.emit(str(err))
            else:
                log_path = log_unexpected(err, f"worker: {self._description}")
                self.failed.emit(unexpected_error_message(log_path))
        else:
            if self.cancel_event.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(result)

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self.cancel_event.set()

    def _report_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)


class WorkerRun(QObject):
    """One worker in its own QThread, shown with a QProgressDialog whose cancel sets the Event.

    Keep a reference until ``done`` is emitted; the thread is stopped then, and the run, its
    thread and its dialog are deleted once the event loop is reached again.
    """

    done = Signal()

    def __init__(
        self,
        worker: Worker,
        title: str,
        parent: QWidget | None = None,
        on_finished: Callable[[object], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        # The caller's slots first: when ``done`` is emitted they have already run.
        if on_finished is not None:
            worker.finished.connect(on_finished)
        if on_failed is not None:
            worker.failed.connect(on_failed)
        self.thread = QThread(self)
        worker.moveToThread(self.thread)
        self.dialog = QProgressDialog(
            title, QCoreApplication.translate("WorkerRun", "取消"), 0, 0, parent
        )
        self.dialog.setWindowTitle(QCoreApplication.translate("WorkerRun", "请稍候"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_worker_progress)
        # One slot per signal with the signal's exact signature: a mismatched slot would be
        # called directly in the worker thread instead of queued to this one.
        self.worker.finished.connect(self._on_worker_finished)
        self.worker.failed.connect(self._on_worker_failed)
        self.worker.cancelled.connect(self._on_worker_cancelled)
        self.dialog.canceled.connect(self._on_dialog_canceled)

    def start(self) -> None:
        """Start the worker thread (the dialog appears if the job takes a moment)."""
        start_worker_thread(self.thread)

    @Slot(int, int)
    def _on_worker_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self.dialog.setLabelText(QCoreApplication.translate("WorkerRun", "正在取消……"))
        self.worker.cancel()

    @Slot(object)
    def _on_worker_finished(self, result: object) -> None:
        self._end()

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._end()

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self._end()

    def _end(self) -> None:
        # reset() stops the show-after-minimumDuration timer that every setValue() restarts;
        # hide() alone would let the dialog pop up (modal) after the job has ended.
        self.dialog.reset()
        self.dialog.hide()
        self.thread.quit()
        self.thread.wait()
        gui_thread_collection().release()
        # Deleted here, now that its thread has ended and its last signal has arrived: a
        # deleteLater() would never be delivered (its thread has no event loop any more),
        # and the worker, with its job and what that holds, would live on with the window.
        shiboken6.delete(self.worker)
        self.done.emit()
        # The run, its thread (a child) and its dialog go too, once ``done``'s listeners have
        # run: parented to the window, they would otherwise stay with it all day, one set per
        # job. Deleted by this thread's event loop, never by Python's collector in a worker.
        self.dialog.deleteLater()
        self.deleteLater()


def start_worker_thread(thread: QThread) -> None:
    """Start a worker's thread; until it ends, Python's collector runs only in this thread.

    A collection in the worker would destroy the GUI objects left in reference cycles there,
    behind the event loop's back (supervisor/ui/work/collector.py). Call in the GUI thread.
    """
    gui_thread_collection().hold(thread)
    thread.start()


def run_worker(
    worker: Worker,
    title: str,
    parent: QWidget | None,
    on_finished: Callable[[object], None],
    on_failed: Callable[[str], None],
) -> WorkerRun:
    """Start ``worker`` in a thread with a progress dialog, its outcome wired to the callbacks.

    The callbacks are connected before the thread starts, so a quick job cannot finish unheard.
    They must be slots of objects living in the GUI thread (then Qt queues the call there).
    """
    run = WorkerRun(worker, title, parent, on_finished, on_failed)
    run.start()
    return run
