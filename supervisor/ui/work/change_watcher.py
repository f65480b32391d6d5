"""Seeing each other: another window's or program's change reloads this one within a second.

The feed (``services.change_feed``) answers "did anything change?" cheaply: a SQLite
``PRAGMA data_version`` (≈7 µs) or the notifications already on a PostgreSQL LISTEN socket. It
is asked every half second on the GUI thread, and at once when the socket becomes readable.
A change starts a short delay, so a burst (an import writes thousands of rows) gives one reload.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from supervisor.services.change_feed import ChangeFeed, FeedState
from supervisor.ui.work.view_state import TableViewState, TaskPage

POLL_INTERVAL_MS = 500
# Changes arriving together (one transaction's rows, an import) are read in one reload.
SETTLE_MS = 150
# Two reloads at least this far apart (or twice as long as the last reload took): a busy
# colleague must not keep the window reloading.
MIN_RELOAD_GAP_MS = 700


class ChangeWatcher(QObject):
    """Emits ``changed_elsewhere`` when another connection changed the database."""

    changed_elsewhere = Signal(object)  # FeedState: who changed which tasks, when known
    connection_changed = Signal(bool)  # False: the server went away; True: listening again

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feed = feed
        self._connected = True
        self._notifier: QSocketNotifier | None = None
        self._notifier_fd: int | None = None
        self._pending: list[FeedState] = []
        # While the window's own jobs run (a count that stores the statuses it worked out, an
        # export), what the feed cannot attribute is theirs: see own_work_started.
        self._own_work = 0
        self._during_own_work: list[FeedState] = []
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_INTERVAL_MS)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._gap_timer = QTimer(self)
        self._gap_timer.setSingleShot(True)
        self._gap_timer.setInterval(MIN_RELOAD_GAP_MS)
        self._poll_timer.timeout.connect(self.poll)
        self._settle_timer.timeout.connect(self._on_settle_timer_timeout)
        self._watch_socket()

    def start(self) -> None:
        """Start watching (the window calls it once it shows the data)."""
        self._poll_timer.start()

    def stop(self) -> None:
        """Stop watching and close the feed's connection (the window is closing)."""
        self._poll_timer.stop()
        self._settle_timer.stop()
        self._drop_notifier()
        self._feed.close()

    def release(self) -> None:
        """Close the feed's connection until the next poll (the database is being replaced)."""
        self._drop_notifier()
        self._feed.release()

    @property
    def active(self) -> bool:
        """True while the watcher polls."""
        return self._poll_timer.isActive()

    def swallow(self) -> None:
        """Forget the changes so far: the window is about to read everything anyway.

        Called before every reload, so the window's own saves (which the feed also sees) and
        changes already read do not cause a second reload.
        """
        state = self._feed.poll()
        self._note_connection(state.connected)
        self._pending.clear()
        self._during_own_work.clear()  # read by the reload too, whoever made them
        self._settle_timer.stop()

    @Slot()
    def own_work_started(self) -> None:
        """A job of this window starts: changes seen so far are reported as usual, and until
        it ends, a change the feed cannot attribute (SQLite says only "something changed")
        is taken for the job's own writes, not reported as another's."""
        self.poll()
        self._own_work += 1

    @Slot()
    def own_work_ended(self) -> None:
        """The job ended: its own writes are swallowed; changes with their author (the
        PostgreSQL feed names who changed which task) are reported as usual."""
        self.poll()  # still the job's: what it wrote last is taken for its own
        self._own_work = max(0, self._own_work - 1)
        if self._own_work:
            return
        attributed = [state for state in self._during_own_work if state.changes]
        self._during_own_work.clear()
        for state in attributed:
            self._report(state)

    @Slot()
    def poll(self) -> None:
        """Ask the feed; a change is reported after the settle delay."""
        state = self._feed.poll()
        self._note_connection(state.connected)
        self._watch_socket()
        if not state.changed:
            return
        if self._own_work:
            self._during_own_work.append(state)
            return
        self._report(state)

    def _report(self, state: FeedState) -> None:
        self._pending.append(state)
        if not self._settle_timer.isActive():
            wait = SETTLE_MS
            if self._gap_timer.isActive():
                wait = max(wait, self._gap_timer.remainingTime())
            self._settle_timer.start(wait)

    @Slot()
    def _on_settle_timer_timeout(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        merged = FeedState(
            True,
            connected=self._connected,
            changes=tuple(change for state in pending for change in state.changes),
        )
        started = time.monotonic()
        self.changed_elsewhere.emit(merged)  # the window reloads now (same thread)
        # A large plan takes long to read: leave the clerk at least twice that time between
        # two reloads, so a busy office never keeps the window busy.
        spent_ms = int((time.monotonic() - started) * 1000)
        self._gap_timer.start(max(MIN_RELOAD_GAP_MS, 2 * spent_ms))

    def _note_connection(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connection_changed.emit(connected)

    def _watch_socket(self) -> None:
        # The listening socket is new after every reconnection: watch the one that lives.
        fd = self._feed.fileno()
        if fd == self._notifier_fd:
            return
        self._drop_notifier()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_notifier_activated)
            self._notifier_fd = fd

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
        self._notifier = None
        self._notifier_fd = None

    @Slot()
    def _on_notifier_activated(self, *_args: object) -> None:
        self.poll()


def reload_keeping_view(page: TaskPage, reload: Callable[[], None]) -> None:
    """Run ``reload`` and put the selection, current task and scroll position back."""
    state = TableViewState.capture(page)
    reload()
    state.restore(page)
