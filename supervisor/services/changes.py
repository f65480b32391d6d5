"""Changes other programs made to the database, for a window to show without a refresh.

PostgreSQL announces each change itself (``LISTEN``, payload of ``supervisor.db.notify``);
a SQLite file only tells that something changed (``PRAGMA data_version``, a cheap counter
another connection's commit increments), reported as ``RESYNC``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from sqlalchemy.engine import make_url

from supervisor import paths
from supervisor.db import migrate
from supervisor.db.notify import CHANNEL, RESYNC, Change, parse_payload


class ChangeListener:
    """One connection of its own that waits for other connections' changes.

    Not thread-safe: poll it from one thread (a GUI timer or a worker). A lost server is
    reconnected on the next poll, which then reports ``RESYNC`` once (what changed meanwhile
    is unknown).
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = paths.database_url(url)
        parsed = make_url(self.url)
        self.backend = parsed.get_backend_name()
        self._conninfo = (
            parsed.set(drivername="postgresql").render_as_string(hide_password=False)
            if self.backend == "postgresql"
            else None
        )
        self._file = migrate.sqlite_file(self.url)
        self._connection: Any = None
        self._data_version: int | None = None
        self._lost = False
        self._connect()

    def poll(self, timeout: float = 0.0) -> list[Change]:
        """The changes announced since the last poll, waiting up to ``timeout`` seconds for one.

        Raises nothing for a lost connection: it is retried on the next poll.
        """
        if self._connection is None:
            if not self._connect():
                return []
            if self._lost:
                self._lost = False
                return [RESYNC]
        if self.backend == "postgresql":
            return self._poll_server(timeout)
        return self._poll_file()

    def close(self) -> None:
        """Stop listening."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def __enter__(self) -> ChangeListener:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _connect(self) -> bool:
        try:
            if self.backend == "postgresql":
                import psycopg

                self._connection = psycopg.connect(
                    self._conninfo, autocommit=True, connect_timeout=5
                )
                self._connection.execute(f"LISTEN {CHANNEL}")
            elif self._file is not None:
                self._connection = sqlite3.connect(f"file:{self._file}?mode=ro", uri=True)
                self._data_version = self._read_data_version()
            else:
                return False  # an in-memory database has no other connections
        except Exception:  # any failure to reach the server: try again on the next poll
            self._connection = None
            return False
        return True

    def _poll_server(self, timeout: float) -> list[Change]:
        try:
            notes = list(self._connection.notifies(timeout=timeout, stop_after=1))
            if notes:
                # One arrived: take the rest of its burst (a transaction's rows come together).
                notes += self._connection.notifies(timeout=0.05)
        except Exception:  # the server went away: reconnect on the next poll
            self.close()
            self._lost = True
            return []
        changes = (parse_payload(note.payload) for note in notes)
        return [change for change in changes if change is not None]

    def _poll_file(self) -> list[Change]:
        try:
            version = self._read_data_version()
        except sqlite3.Error:
            self.close()
            self._lost = True
            return []
        if version == self._data_version:
            return []
        self._data_version = version
        return [RESYNC]

    def _read_data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])
