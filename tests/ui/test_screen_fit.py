"""The window fits any screen: essential columns at 1024×700, 任务 stretching at 1920."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from supervisor.ui.models.task_model import TaskColumn
from supervisor.ui.widgets.task_page import ESSENTIAL_COLUMNS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _sized(qtbot: QtBot, window, width: int, height: int):
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()
    return window.task_view.horizontalHeader()


def _right_edge(header, column: int) -> int:
    return header.sectionViewportPosition(column) + header.sectionSize(column)


def test_essential_columns_show_at_1024_by_700(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    header = _sized(qtbot, window, 1024, 700)
    viewport = window.task_view.viewport().width()
    for column in ESSENTIAL_COLUMNS:
        assert not header.isSectionHidden(column), column
        assert header.sectionViewportPosition(column) >= 0
        assert _right_edge(header, column) <= viewport, column
    assert not window.task_view.horizontalScrollBar().isVisible()
    # The weekly actions stay on the toolbar; the rest folds into its overflow menu.
    bar = window.toolbar
    for action in (window.progress_action, window.export_action, window.assign_action):
        assert bar.widgetForAction(action).isVisible()


def test_all_columns_show_and_the_task_column_stretches_at_1920(
    qtbot: QtBot, seeded_window
) -> None:
    window = seeded_window
    header = _sized(qtbot, window, 1920, 1080)
    assert not any(header.isSectionHidden(c) for c in TaskColumn)
    viewport = window.task_view.viewport().width()
    last = max(TaskColumn, key=header.sectionViewportPosition)
    assert _right_edge(header, last) >= viewport - 2  # no empty band on the right
    assert header.sectionSize(TaskColumn.TITLE) > 500


def test_a_column_chosen_from_the_header_menu_stays(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    header = _sized(qtbot, window, 1024, 700)
    assert header.isSectionHidden(TaskColumn.INDICATORS)
    menu = window.task_page.column_menu()
    action = next(a for a in menu.actions() if a.text() == "指标（实际/目标）")
    action.setChecked(True)
    assert not header.isSectionHidden(TaskColumn.INDICATORS)
    _sized(qtbot, window, 1000, 700)
    assert not header.isSectionHidden(TaskColumn.INDICATORS)


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_dashboard_legends_are_whole_at_small_sizes(
    qtbot: QtBot, seeded_window, size: tuple[int, int]
) -> None:
    window = seeded_window
    _sized(qtbot, window, *size)
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    dashboard = window.workflows.dashboard.widget
    labels = dashboard.status_legend.labels + dashboard.trend_legend.labels
    assert labels
    texts = [label.toolTip() for label in dashboard.status_legend.labels]
    assert any(text.startswith("未报送 ") and "%" in text for text in texts)
    for label in labels:
        assert label.isVisible()
        assert label.width() >= label.sizeHint().width(), label.toolTip()
    # The chart's own legend (which elides) is not used.
    assert not dashboard.status_view.chart().legend().isVisible()


def test_the_settings_and_export_forms_fit_a_700_pixel_screen(seeded_window) -> None:
    from supervisor.ui.work.jobs import ExportKind

    # Title bar and taskbar take about 100 pixels of a 1024×700 screen.
    settings = seeded_window.workflows.settings.open_settings_dialog()
    export = seeded_window.workflows.exports.open_export_dialog(ExportKind.BULLETIN)
    for dialog in (settings, export):
        assert dialog.sizeHint().height() <= 600, type(dialog).__name__
        assert dialog.sizeHint().width() <= 1000, type(dialog).__name__
