"""Where the app keeps its data, settings and logs, and where its shipped resources are."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "supervisor"
DATA_DIR_ENV = "SUPERVISOR_DATA_DIR"
DB_URL_ENV = "SUPERVISOR_DB"


def resources_dir() -> Path:
    """The folder of shipped reports, department tables, fonts and translations."""
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The user's data folder (created on demand); ``SUPERVISOR_DATA_DIR`` overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    """The SQLite file in the data folder: the embedded default of a single office PC."""
    return f"sqlite:///{data_dir() / 'supervisor.sqlite'}"


def database_url(explicit: str | None = None) -> str:
    """The database to use: ``--db`` first, then ``SUPERVISOR_DB``, then the default file.

    A bare file path is accepted and taken as a SQLite file.
    """
    url = explicit or os.environ.get(DB_URL_ENV) or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def log_file() -> Path:
    """The log file that unexpected errors are written to."""
    return data_dir() / "supervisor.log"
