"""Window layout and per-PC choices, kept in an INI file in the data folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from supervisor.paths import data_dir

SETTINGS_FILE = "gui.ini"
DATABASE_KEY = "database/url"
PDF_FONT_KEY = "pdf/body_font"


def gui_settings() -> QSettings:
    """The QSettings of this PC: an INI file beside the database, so tests stay in tmp."""
    return QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)
