"""Workers run jobs in a thread: results, Chinese errors, logged surprises, a working cancel."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from supervisor.errors import ValidationError
from supervisor.services.database import Database
from supervisor.ui.work.collector import gui_thread_collection
from supervisor.ui.work.jobs import ExportKind, ExportRequest, export_job
from supervisor.ui.work.workers import Worker, WorkerRun, start_worker_thread
from tests.ui.conftest import visible_progress_dialogs


class Recorder(QObject):
    """Receives a worker's outcome in the GUI thread, as a window does.

    pytest-qt's waitSignal would hear a worker signal in the worker thread; tests wait on
    ``WorkerRun.done`` instead, which is emitted in the GUI thread.
    """

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.outcome: tuple[str, object] | None = None
        worker.finished.connect(self.on_finished)
        worker.failed.connect(self.on_failed)
        worker.cancelled.connect(self.on_cancelled)

    @Slot(object)
    def on_finished(self, result: object) -> None:
        self.outcome = ("finished", result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.outcome = ("failed", message)

    @Slot()
    def on_cancelled(self) -> None:
        self.outcome = ("cancelled", None)


def _finish(qtbot: QtBot, run: WorkerRun, during=None) -> tuple[bool, bool]:
    """Start ``run`` and wait for ``done``, then for the run to be deleted with its dialog.

    Returns whether, when ``done`` was emitted, its thread still ran and its dialog showed.
    """
    at_done: list[tuple[bool, bool]] = []
    run.done.connect(lambda: at_done.append((run.thread.isRunning(), run.dialog.isVisible())))
    with qtbot.waitSignal(run.done, timeout=30_000):
        run.start()
        if during is not None:
            during(run)
    qtbot.waitUntil(lambda: not shiboken6.isValid(run), timeout=5_000)
    assert not shiboken6.isValid(run.dialog)
    return at_done[0]


def _run(qtbot: QtBot, worker: Worker, parent: QWidget, during=None) -> tuple[str, object]:
    recorder = Recorder(worker)
    thread_running, _ = _finish(qtbot, WorkerRun(worker, "测试", parent), during)
    assert not thread_running
    assert not shiboken6.isValid(worker)  # deleted with its job once its thread has ended
    assert recorder.outcome is not None
    return recorder.outcome


def test_result_crosses_back_to_the_gui_thread(qtbot: QtBot, ui_database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[int, int]] = []

    def job(database, progress, cancel):
        progress(1, 2)
        with database.sessions() as session:
            value = session.connection().exec_driver_sql("select 40 + 2").scalar()
        progress(2, 2)
        return (threading.current_thread() is not threading.main_thread(), value)

    worker = Worker(ui_database, job, "test")
    worker.progress.connect(lambda done, total: seen.append((done, total)))
    assert _run(qtbot, worker, parent) == ("finished", (True, 42))
    assert seen == [(1, 2), (2, 2)]


def test_expected_error_is_shown_in_chinese(qtbot: QtBot, ui_database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def job(database, progress, cancel):
        raise ValidationError("完成进度应在 0 到 100 之间：120")

    worker = Worker(ui_database, job, "test")
    assert _run(qtbot, worker, parent) == ("failed", "完成进度应在 0 到 100 之间：120")


def test_unexpected_error_is_logged_not_shown(
    qtbot: QtBot, ui_database: Database, data_dir: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def job(database, progress, cancel):
        return {}["missing"]

    worker = Worker(ui_database, job, "test job")
    kind, message = _run(qtbot, worker, parent)
    assert kind == "failed"
    assert isinstance(message, str)
    assert "Traceback" not in message
    assert str(data_dir / "supervisor.log") in message
    assert "KeyError" in (data_dir / "supervisor.log").read_text(encoding="utf-8")


def test_cancel_from_the_progress_dialog_stops_the_job(qtbot: QtBot, ui_database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    steps: list[int] = []

    def job(database, progress, cancel: threading.Event):
        for step in range(1000):
            if cancel.is_set():
                return None
            steps.append(step)
            progress(step, 1000)
            time.sleep(0.005)
        return "done"

    def press_cancel(run: WorkerRun) -> None:
        qtbot.waitUntil(lambda: len(steps) > 5)
        run.dialog.findChild(QPushButton).click()  # the dialog's 取消 button

    worker = Worker(ui_database, job, "test")
    assert _run(qtbot, worker, parent, press_cancel) == ("cancelled", None)
    assert len(steps) < 1000


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_cancelled_export_writes_nothing(
    qtbot: QtBot, seeded, ui_database: Database, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "督查通报.pdf"
    import datetime as dt

    request = ExportRequest(ExportKind.BULLETIN, seeded.id, dt.date(2020, 6, 30), target)
    worker = Worker(ui_database, export_job(request), "export")
    worker.cancel()
    assert _run(qtbot, worker, parent) == ("cancelled", None)
    assert not target.exists()


# QProgressDialog starts its show timer when it is made (4 s, Qt's default, until
# setMinimumDuration) and again on every setValue(): wait past the longest of them.
SHOW_TIMER_MS = 4500


@pytest.mark.parametrize("reports_progress", [False, True])
def test_progress_dialog_stays_away_after_a_quick_job(
    qtbot: QtBot, ui_database: Database, reports_progress: bool
) -> None:
    # QProgressDialog shows itself minimumDuration after creation or setValue(); a job that
    # ended before then must not leave that timer running (a modal 请稍候 popping up later).
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def job(database, progress, cancel):
        if reports_progress:
            progress(0, 10)
            progress(10, 10)
        return "done"

    _finish(qtbot, WorkerRun(Worker(ui_database, job, "quick"), "测试", parent))
    qtbot.wait(SHOW_TIMER_MS)
    assert visible_progress_dialogs() == []


def test_progress_dialog_closes_after_a_long_job(qtbot: QtBot, ui_database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def job(database, progress, cancel):
        for step in range(8):
            progress(step, 8)
            time.sleep(0.1)
        return "done"

    _, dialog_shown = _finish(qtbot, WorkerRun(Worker(ui_database, job, "slow"), "测试", parent))
    assert not dialog_shown
    qtbot.wait(SHOW_TIMER_MS)
    assert visible_progress_dialogs() == []


class Results(QObject):
    """A window's slot for the jobs' results (a slot of a GUI-thread object, as run_job asks)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[object] = []

    @Slot(object)
    def on_finished(self, result: object) -> None:
        self.values.append(result)


def test_finished_runs_leave_nothing_with_the_window(qtbot: QtBot, window) -> None:
    # Each run's WorkerRun and QThread were children of the window and its QProgressDialog a
    # child widget: all stayed until the window closed, one set per import or export all day.
    def parts_with_window() -> list[int]:
        return [len(window.findChildren(kind)) for kind in (WorkerRun, QThread, QProgressDialog)]

    def quick(database, progress, cancel):
        progress(1, 2)
        return "quick"

    def slow(database, progress, cancel):  # outlasts minimumDuration: its dialog is shown
        for step in range(8):
            progress(step, 8)
            time.sleep(0.1)
        return "slow"

    def failing(database, progress, cancel):
        raise ValidationError("测试失败")

    before = parts_with_window()
    results = Results()
    left: list[weakref.ref] = []
    for job, cancel in ((quick, False), (slow, False), (failing, False), (slow, True)):
        run = window.context.run_job(job, "test", "测试", results.on_finished)
        if cancel:
            run.worker.cancel()
        left += [weakref.ref(part) for part in (run, run.thread, run.dialog)]
        # done comes through the event loop: waiting after run_job has returned hears it.
        with qtbot.waitSignal(run.done, timeout=30_000):
            pass
        del run
    assert results.values == ["quick", "slow"]
    qtbot.wait(SHOW_TIMER_MS)  # past every dialog's show timer
    gc.collect()
    assert parts_with_window() == before
    assert [ref for ref in left if ref() is not None] == []
    assert visible_progress_dialogs() == []


class Cyclic(QObject):
    """A GUI-thread QObject kept only by a reference cycle, as a closed window's parts are."""

    def __init__(self, destroyed_in: list[bool]) -> None:
        super().__init__()
        self.me = self
        # Direct: the slot runs in the thread that deletes the object.
        self.destroyed.connect(
            lambda *_: destroyed_in.append(threading.current_thread() is threading.main_thread()),
            Qt.ConnectionType.DirectConnection,
        )


def test_gui_objects_in_cycles_are_not_destroyed_in_the_worker(
    qtbot: QtBot, ui_database: Database
) -> None:
    # Python collects cycles in whichever thread allocates past the threshold: a worker
    # writing a document. Deleting GUI-thread objects there crashed the event loop.
    parent = QWidget()
    qtbot.addWidget(parent)
    in_gui_thread: list[bool] = []

    def job(database, progress, cancel):
        return len([[n] for n in range(300_000)])  # allocates as a PDF being written does

    run = WorkerRun(Worker(ui_database, job, "allocates"), "测试", parent)
    threshold = gc.get_threshold()
    # Only the worker allocates enough to reach it: the collection would start there.
    gc.set_threshold(100_000, *threshold[1:])
    try:
        for _ in range(20):
            Cyclic(in_gui_thread)
        with qtbot.waitSignal(run.done, timeout=30_000):
            run.start()
            assert not gc.isenabled()  # automatic collection is off while the worker runs
    finally:
        gc.set_threshold(*threshold)
    assert gc.isenabled()
    assert not gui_thread_collection().holding
    gc.collect()  # whatever the GUI thread's timer had not reached yet
    assert in_gui_thread == [True] * 20
    assert gui_thread_collection().off_thread_collections == 0


def test_automatic_collection_comes_back_when_a_thread_ends_unseen(qtbot: QtBot) -> None:
    # A window closing waits for its workers itself; their ends never reach WorkerRun.
    collection = gui_thread_collection()
    thread = QThread()
    start_worker_thread(thread)
    assert collection.holding
    assert not gc.isenabled()
    thread.quit()
    thread.wait()
    qtbot.waitUntil(lambda: not collection.holding, timeout=5_000)
    assert gc.isenabled()
