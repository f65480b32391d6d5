"""The preview trees show their rows on screen, not only in their model.

The import preview once showed an empty tree in a real window: its rows were set to uniform
heights after the tree had been opened, which Qt lays out at height -1. The model tests could
not see it; these look at where the view puts the rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QTreeView
from pytestqt.qtbot import QtBot

from supervisor.extract import extract_report
from supervisor.ui.dialogs.import_dialog import ImportDialog
from supervisor.ui.work.jobs import ExtractionPreview

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _shown_rows(tree: QTreeView) -> list[str]:
    """The codes of the rows the view paints at the top of its viewport, in order."""
    model = tree.model()
    shown = []
    index = model.index(0, 0, QModelIndex())
    while index.isValid() and len(shown) < 6:
        rect = tree.visualRect(index)
        assert rect.height() > 0, f"row {index.data()} has no height"
        assert tree.indexAt(rect.center()) == index
        shown.append(index.data())
        index = tree.indexBelow(index)
    return shown


def test_the_import_preview_shows_its_rows(qtbot: QtBot, seed_report: Path) -> None:
    report = extract_report(seed_report.read_text(encoding="utf-8"))
    dialog = ImportDialog(ExtractionPreview(seed_report, report))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    # Open to the second level below the areas (2.1.1 shown, 2.1.1.1 folded), in report order.
    first = [t.code for t in report.tasks if t.code.count(".") <= 2][:6]
    assert _shown_rows(dialog.tree) == first
