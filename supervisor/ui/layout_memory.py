"""The main window's layout remembered between starts: geometry, splitters, task columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView


@dataclass(frozen=True)
class LayoutParts:
    """What is remembered: the window, its named splitters, how to restore the task header."""

    window: QMainWindow
    splitters: Sequence[QSplitter]
    restore_header: Callable[[QByteArray], None]


def restore_layout(settings: QSettings, parts: LayoutParts) -> None:
    """Put back what ``save_layout`` stored (nothing on a first start)."""
    if (geometry := settings.value("window/geometry")) is not None:
        parts.window.restoreGeometry(geometry)
    if (state := settings.value("window/state")) is not None:
        parts.window.restoreState(state)
    for splitter in parts.splitters:
        if (sizes := settings.value(f"window/{splitter.objectName()}")) is not None:
            splitter.restoreState(sizes)
    if (header := settings.value("window/task_header")) is not None:
        parts.restore_header(header)


def save_layout(
    settings: QSettings, parts: LayoutParts, task_view: QTableView, plan_id: int | None
) -> None:
    """Store geometry, splitter sizes, the task columns and the plan shown."""
    settings.setValue("window/geometry", parts.window.saveGeometry())
    settings.setValue("window/state", parts.window.saveState())
    for splitter in parts.splitters:
        settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
    settings.setValue("window/task_header", task_view.horizontalHeader().saveState())
    if plan_id is not None:
        settings.setValue("window/plan_id", plan_id)
    settings.sync()
