"""Python's cyclic garbage collector kept on the GUI thread while worker threads run.

CPython runs an automatic collection in whichever thread allocates the object that crosses
the threshold. A worker writing a PDF allocates almost all objects, so the collections run
there; and whatever GUI objects are left in reference cycles (a closed window's QSettings, a
dialog, a widget with a timer) are then destroyed in the worker thread while the GUI thread's
event loop still uses Qt's widget and timer lists: a segmentation fault in the GUI thread.
While a worker thread runs, automatic collection is therefore off and a timer in the GUI
thread collects instead, generation by generation, as often as the thresholds would have.
"""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Slot

INTERVAL_MS = 50  # a worker allocating flat out makes some 10^5 objects in that time


class GuiThreadCollection(QObject):
    """The worker threads running; while there are any, collections run only here."""

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self._threads: list[QThread] = []
        self.off_thread_collections = 0  # started in another thread during a hold: must be 0
        self._gui_thread = threading.current_thread()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def holding(self) -> bool:
        """Whether a worker thread held is still running (automatic collection is off)."""
        return bool(self._threads)

    def hold(self, thread: QThread) -> None:
        """``thread`` is about to start: call in the GUI thread, before ``thread.start()``.

        The hold ends by itself once the thread has finished (or was deleted); ``release``
        notices it at once.
        """
        if not self._threads:
            gc.disable()
            self._timer.start()
        if thread not in self._threads:
            self._threads.append(thread)

    def release(self) -> None:
        """Forget the threads held that have ended (call after QThread.wait(); the timer
        also does, so a thread waited for elsewhere is let go within INTERVAL_MS).

        Once none runs, automatic collection is on again. (It is turned off elsewhere only
        for stretches of work without an event loop, during which this is never called.)
        """
        self._threads = [
            held for held in self._threads if shiboken6.isValid(held) and not held.isFinished()
        ]
        if not self._threads and self._timer.isActive():
            self._timer.stop()
            self.collect_due()  # what the workers left, here, before automatic collection
            gc.enable()

    @Slot()
    def _on_timeout(self) -> None:
        self.release()
        if self._threads:
            self.collect_due()

    @Slot()
    def collect_due(self) -> None:
        """Collect the generations the allocations since the last collection call for."""
        if gc.isenabled():
            # Something turned automatic collection back on meanwhile (the start-up's
            # gc.enable after the window opened): off again until the workers have ended.
            gc.disable()
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if thresholds[0] <= 0 or counts[0] < thresholds[0]:
            return
        # As CPython chooses: the oldest generation whose count exceeds its threshold.
        # (A threshold of 0 means "never" for that generation, as in Python 3.14's.)
        generation = 0
        for candidate in (2, 1):
            if 0 < thresholds[candidate] < counts[candidate]:
                generation = candidate
                break
        gc.collect(generation)

    def on_collection(self, phase: str) -> None:
        """A collection starts: one off the GUI thread during a hold means something turned
        automatic collection back on; stop further ones at once, and count it."""
        if phase != "start" or not self._threads:
            return
        if threading.current_thread() is not self._gui_thread:
            gc.disable()
            self.off_thread_collections += 1


_collection: GuiThreadCollection | None = None


def _on_collection(phase: str, _info: dict[str, int]) -> None:
    collection = _collection
    if collection is not None:
        collection.on_collection(phase)


def gui_thread_collection() -> GuiThreadCollection:
    """The application's collection policy (made on first use, in the GUI thread)."""
    global _collection
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        raise RuntimeError("gui_thread_collection() belongs to the GUI thread")
    if _collection is None or not shiboken6.isValid(_collection):
        _collection = GuiThreadCollection()
        if _on_collection not in gc.callbacks:
            gc.callbacks.append(_on_collection)
    return _collection
