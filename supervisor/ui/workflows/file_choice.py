"""Asking for a file to open in the folder the user last took one from (per kind of file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from supervisor.ui.workflows.context import WorkflowContext


def open_import_file(context: WorkflowContext, title: str, name_filter: str) -> Path | None:
    """Ask for a file to import (a report, a 分工方案) in the folder the last import came from."""
    return open_remembered(context.widget, context.settings, "paths/import", title, name_filter)


def open_remembered(
    parent: QWidget | None, settings: QSettings, key: str, title: str, name_filter: str
) -> Path | None:
    """Ask for one file, starting in the folder kept under ``key``; keep the new one there.

    Args:
        parent: The window the dialog belongs to.
        settings: Where the folder is kept between runs.
        key: The settings key of the folder (``paths/import`` …); the home folder at first.
        title: The dialog's (translated) title.
        name_filter: The (translated) file-type filter.

    Returns:
        The chosen file, or None when the user cancelled.
    """
    folder = str(settings.value(key, str(Path.home())))
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, name_filter)
    if not path:
        return None
    settings.setValue(key, str(Path(path).parent))
    return Path(path)
