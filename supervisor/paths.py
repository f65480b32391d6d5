"""Where the app keeps its data, settings and logs, and where its shipped resources are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from supervisor.errors import SupervisorError

APP_NAME = "supervisor"
DATA_DIR_ENV = "SUPERVISOR_DATA_DIR"
DB_URL_ENV = "SUPERVISOR_DB"
# A file of this name beside the program switches to portable mode: data in PORTABLE_DATA_DIR.
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA_DIR = "data"
PORTABLE_OPTION = "--portable"


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder the user starts the program from.

    In a bundle that is the executable's folder; from source it is the folder of ``main.py``
    (the repository root), so a checkout on a USB stick behaves like a bundle on one.
    """
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The folder of shipped reports, department tables, fonts and translations.

    In a bundle it is unpacked beside the code; in a source checkout (also an editable
    install) it is the repository's ``resources``; a wheel installs it as data files under
    ``<prefix>/share/supervisor/resources``.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if is_frozen() and bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    installed = Path(sys.prefix) / "share" / APP_NAME / "resources"
    if not checkout.is_dir() and installed.is_dir():
        return installed
    return checkout


def portable_data_dir() -> Path:
    """The data folder of portable mode: ``data`` beside the program."""
    return program_dir() / PORTABLE_DATA_DIR


def is_portable() -> bool:
    """True when the portable marker file lies beside the program."""
    return (program_dir() / PORTABLE_MARKER).is_file()


def enable_portable_mode() -> Path:
    """Keep this process's data beside the program (``--portable``); returns the folder.

    It works through ``SUPERVISOR_DATA_DIR``, so everything that follows (database, settings,
    logs, backups) and any child process sees the same folder.
    """
    folder = portable_data_dir()
    os.environ[DATA_DIR_ENV] = str(folder)
    return folder


def strip_portable_option(argv: list[str]) -> tuple[list[str], bool]:
    """Remove ``--portable`` from the arguments; also tell whether it was there."""
    rest = [arg for arg in argv if arg != PORTABLE_OPTION]
    return rest, len(rest) != len(argv)


def data_dir() -> Path:
    """The data folder (created on demand).

    ``SUPERVISOR_DATA_DIR`` wins; then portable mode (a ``portable.txt`` beside the program)
    puts it in ``data`` beside the program; otherwise it is the user's data folder.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    elif is_portable():
        path = portable_data_dir()
    else:
        path = user_data_path(APP_NAME, appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        # Typical in portable mode on a read-only share or a write-protected stick.
        raise SupervisorError(f"无法创建数据文件夹：{path}（{err.strerror or err}）") from err
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
