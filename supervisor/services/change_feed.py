"""Whether another connection changed the database: SQLite's data_version, PostgreSQL's NOTIFY.

A window asks :meth:`ChangeFeed.poll` now and then (or when :meth:`ChangeFeed.fileno` becomes
readable) and reloads what it shows when the answer is yes. Both ways are cheap enough to ask
every half second on the GUI thread: a PRAGMA on an idle SQLite connection, or reading what
the server already sent on the listening socket (tens of microseconds, no round trip).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from supervisor.db import migrate
from supervisor.db.notify import CHANNEL, Change, parse_payload
from supervisor.services.database import Database

# After the server went away, how long to wait before trying to listen again.
RECONNECT_INTERVAL_S = 2.0


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one poll found: whether anything changed, and who changed it when known."""

    changed: bool
    # False while the server cannot be reached (the window may say so).
    connected: bool = True
    # What the server announced, in order (PostgreSQL only; a SQLite file tells no more
    # than ``changed``). Empty after a reconnection: what changed meanwhile is unknown.
    changes: tuple[Change, ...] = ()

    @property
    def actors(self) -> frozenset[str]:
        """Who made the announced changes."""
        return frozenset(change.actor for change in self.changes)

    @property
    def task_ids(self) -> frozenset[int]:
        """The tasks the announced changes touched."""
        return frozenset(c.task_id for c in self.changes if c.task_id is not None)


class ChangeFeed(Protocol):
    """A source of "something changed" answers for one open database."""

    def poll(self) -> FeedState:
        """What changed since the previous poll (never raises)."""
        ...

    def fileno(self) -> int | None:
        """A socket that becomes readable when a change is announced, or None (poll only)."""
        ...

    def release(self) -> None:
        """Let go of the database for a moment (it is being replaced); the next poll reopens."""
        ...

    def close(self) -> None:
        """Release the feed's own connection for good."""
        ...


class SqliteChangeFeed:
    """``PRAGMA data_version`` on a connection of its own: it moves when any other commits.

    The app's engine is "another connection" too, so the window's own saves show up here; the
    window calls :meth:`poll` right before it reloads to swallow them.
    """

    def __init__(self, file: Path) -> None:
        self._file = file
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None
        self._closed = False
        self._connect()

    def _connect(self) -> None:
        try:
            # Autocommit: a PRAGMA must not leave a read transaction open, or the snapshot
            # (and so data_version) would freeze.
            connection = sqlite3.connect(
                self._file, timeout=1, isolation_level=None, check_same_thread=False
            )
            self._version = _data_version(connection)
        except sqlite3.Error:
            self._connection = None
            return
        self._connection = connection

    def poll(self) -> FeedState:
        """True once after every commit of another connection."""
        if self._closed:
            return FeedState(False)
        if self._connection is None:
            self._connect()
            # Reopened: whatever happened meanwhile is unknown, so count it as a change.
            return FeedState(self._connection is not None, connected=self._connection is not None)
        try:
            version = _data_version(self._connection)
        except sqlite3.Error:
            self.release()
            return FeedState(False, connected=False)
        changed = version != self._version
        self._version = version
        return FeedState(changed)

    def fileno(self) -> int | None:
        """SQLite has nothing to wait on: poll."""
        return None

    def release(self) -> None:
        """Close the connection: a restore replaces the file, and a connection left open on
        the old one would write its journal into the new one. The next poll reopens."""
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def close(self) -> None:
        """Close the feed's connection for good: later polls report nothing."""
        self._closed = True
        self.release()


def _data_version(connection: sqlite3.Connection) -> int:
    # fetchall: the statement is finished and ends its read, so the connection holds no
    # snapshot between polls (one would keep a restore's pages from being seen).
    return int(connection.execute("PRAGMA data_version").fetchall()[0][0])


class PostgresChangeFeed:
    """``LISTEN`` on the channel the database's triggers notify on, on a connection of its own.

    The connection comes from the engine (same URL, password and TLS options) and is detached
    from its pool. When the server restarts the connection dies; the feed listens again on a
    new one and reports a change, since notifications sent meanwhile are lost.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._connection = None  # a psycopg Connection, used by the polling thread only
        self._next_attempt = 0.0
        self._lock = threading.Lock()
        self._reconnected = None  # a connection a background attempt made, not yet taken
        self._connecting = False
        self._closed = False
        # The first connection at once: the window has just reached the server, and changes
        # made right after it opened must not be missed.
        self._connection = self._listen()

    def _listen(self):
        """A new listening connection, or None; may wait for an unreachable server."""
        try:
            pooled = self._database.engine.raw_connection()
        except SQLAlchemyError:
            return None
        try:
            connection = pooled.driver_connection
            # Detached: the pool must never hand this listening connection to a session.
            pooled.detach()
            connection.rollback()  # the pool's ping may have begun a transaction
            connection.autocommit = True
            connection.execute(f'LISTEN "{CHANNEL}"')
        except Exception:  # any driver error: the server went away again; try later
            with contextlib.suppress(Exception):
                pooled.close()
            return None
        return connection

    def _reconnect_in_background(self) -> None:
        # A server that does not answer (a network down) can keep a connection attempt
        # waiting for seconds: never on the caller's (the GUI's) thread.
        self._connecting = True
        self._next_attempt = time.monotonic() + RECONNECT_INTERVAL_S

        def attempt() -> None:
            connection = self._listen()
            with self._lock:
                self._connecting = False
                if self._closed and connection is not None:
                    with contextlib.suppress(Exception):
                        connection.close()
                    return
                self._reconnected = connection

        threading.Thread(target=attempt, name="change-feed-reconnect", daemon=True).start()

    def poll(self) -> FeedState:
        """The changes announced since the previous poll (who made them, which tasks)."""
        if self._closed:
            return FeedState(False)
        if self._connection is None:
            with self._lock:
                self._connection, self._reconnected = self._reconnected, None
                connecting = self._connecting
            if self._connection is not None:
                # Listening again: what changed meanwhile is unknown, so read everything.
                return FeedState(True)
            if not connecting and time.monotonic() >= self._next_attempt:
                self._reconnect_in_background()
            return FeedState(False, connected=False)
        changes: list[Change] = []
        count = 0
        try:
            for notify in self._connection.notifies(timeout=0):
                count += 1
                change = parse_payload(notify.payload)
                if change is not None:
                    changes.append(change)
            # A dead socket raises only when read: notice a restart even when nothing was sent.
            if self._connection.closed or self._connection.broken:
                raise ConnectionError
        except Exception:  # psycopg.OperationalError and friends: the server went away
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
            # The server is restarting: give it a moment before the first new attempt.
            self._next_attempt = time.monotonic() + RECONNECT_INTERVAL_S
            return FeedState(count > 0, connected=False, changes=tuple(changes))
        return FeedState(count > 0, changes=tuple(changes))

    def fileno(self) -> int | None:
        """The listening socket (it changes after a reconnection)."""
        if self._connection is None:
            return None
        try:
            return self._connection.fileno()
        except Exception:
            return None

    def release(self) -> None:
        """Drop the listening connection; the next polls listen again."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None

    def close(self) -> None:
        """Close the listening connection (and one a background attempt may still make)."""
        with self._lock:
            self._closed = True
            pending, self._reconnected = self._reconnected, None
        for connection in (self._connection, pending):
            if connection is not None:
                with contextlib.suppress(Exception):
                    connection.close()
        self._connection = None


class SilentChangeFeed:
    """An in-memory database: no other connection can change it."""

    def poll(self) -> FeedState:
        """Never a change."""
        return FeedState(False)

    def fileno(self) -> int | None:
        """Nothing to wait on."""
        return None

    def release(self) -> None:
        """Nothing to let go of."""

    def close(self) -> None:
        """Nothing to release."""


def open_change_feed(database: Database) -> ChangeFeed:
    """The feed that suits the database: data_version for a SQLite file, LISTEN on PostgreSQL."""
    backend = database.engine.url.get_backend_name()
    if backend == "postgresql":
        return PostgresChangeFeed(database)
    file = migrate.sqlite_file(database.engine)
    if file is not None:
        return SqliteChangeFeed(file)
    return SilentChangeFeed()
