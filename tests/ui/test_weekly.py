"""本周报送 (issue 14, point 2): the week's progress in a grid, saved in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from supervisor.services.progress import task_progress
from supervisor.ui.models.weekly_model import WeeklyColumn, WeeklyEntryModel
from supervisor.ui.widgets.weekly_grid import parse_block
from tests.ui.conftest import TODAY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

AMBER, RED = "#ffe699", "#ff9c9c"


def _open(qtbot: QtBot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.weekly_action.trigger()
    weekly = window.workflows.weekly
    qtbot.waitUntil(lambda: weekly.model.rowCount() > 0)
    return weekly


def _key(qtbot: QtBot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()  # the cell editor closes through a queued call


def _type(qtbot: QtBot, text: str) -> None:
    # Key by key to whatever has the focus: the first key opens the cell's editor.
    for char in text:  # ASCII only (see NOTES.md)
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _colour(weekly, row: int, column: WeeklyColumn) -> str | None:
    brush = weekly.proxy.index(row, column).data(Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if brush is not None else None


def _reports(window, task_id: int):
    with window.database.sessions() as session:
        return task_progress(session, task_id)


def test_weekly_model_passes_the_model_tester(qtmodeltester: ModelTester, seeded_window) -> None:
    model = WeeklyEntryModel()
    model.set_rows(seeded_window.task_model.rows[:10])
    model.setData(model.index(0, WeeklyColumn.PERCENT), "40")
    qtmodeltester.check(model)


def test_typing_moves_like_a_spreadsheet_and_saves_in_one_go(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    weekly = _open(qtbot, window)
    grid = weekly.grid
    assert grid.currentIndex().column() == WeeklyColumn.PERCENT
    assert grid.currentIndex().row() == 0
    _type(qtbot, "40")
    _key(qtbot, Qt.Key.Key_Return)
    assert grid.currentIndex().row() == 1  # Enter goes down, as in Excel
    _type(qtbot, "150")
    _key(qtbot, Qt.Key.Key_Tab)
    assert grid.currentIndex().column() == WeeklyColumn.ACTUALS  # Tab goes right
    assert _colour(weekly, 0, WeeklyColumn.PERCENT) == AMBER  # typed, not saved
    assert _colour(weekly, 1, WeeklyColumn.PERCENT) == RED
    reason = weekly.proxy.index(1, WeeklyColumn.PERCENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "0 到 100" in reason

    first, second = weekly.model.rows[0], weekly.model.rows[1]
    assert weekly.save() == 0  # refused while a cell is red: nothing stored
    assert "标红" in weekly.message_label.text()
    assert _reports(window, first.task_id) == []

    weekly.proxy.setData(weekly.proxy.index(1, WeeklyColumn.PERCENT), "55")
    weekly.proxy.setData(weekly.proxy.index(1, WeeklyColumn.PROGRESS), "已开工")
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [(r.percent, r.report_date) for r in _reports(window, first.task_id)] == [(40.0, TODAY)]
    assert [(r.percent, r.progress_text) for r in _reports(window, second.task_id)] == [
        (55.0, "已开工")
    ]
    assert "已保存 2 条" in weekly.message_label.text()
    assert weekly.model.pending_rows() == []
    assert weekly.proxy.index(0, WeeklyColumn.LAST).data() == "40%"  # the grid shows it now
    row = window.task_model.rows[window.task_model.row_of_task(first.task_id)]
    assert row.last_report_date == TODAY


def test_a_block_pasted_from_excel_fills_the_cells(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    weekly = _open(qtbot, window)
    leaves = weekly.model.rows
    with_indicator = next(i for i, r in enumerate(leaves) if len(r.indicators) == 1)
    weekly.grid.move_to(with_indicator, WeeklyColumn.PERCENT)
    filled = weekly.grid.paste("30\t12\t推进中\r\n45\t\t已招标\r\n")
    assert filled == 6  # an empty cell of the block empties its cell
    assert weekly.model.entry(with_indicator).texts[WeeklyColumn.ACTUALS] == "12"
    assert weekly.model.entry(with_indicator + 1).texts[WeeklyColumn.PROGRESS] == "已招标"
    assert weekly.save() == 2
    [report] = _reports(window, leaves[with_indicator].task_id)
    assert (report.percent, report.actuals[0].value) == (30.0, 12.0)


def test_too_many_actuals_are_refused_in_the_cell(seeded_window, qtbot: QtBot) -> None:
    weekly = _open(qtbot, seeded_window)
    row = next(i for i, r in enumerate(weekly.model.rows) if not r.indicators)
    weekly.model.setData(weekly.model.index(row, WeeklyColumn.ACTUALS), "3")
    assert "0 个指标" in weekly.model.entry(row).errors[WeeklyColumn.ACTUALS]


def test_the_grid_filters_by_unit(qtbot: QtBot, staffed_window) -> None:
    weekly = _open(qtbot, staffed_window)
    combo = weekly.unit_combo
    assert combo.count() > 2
    combo.setCurrentIndex(1)
    unit = combo.currentData()
    shown = weekly.proxy.rowCount()
    assert 0 < shown < weekly.model.rowCount()
    assert all(weekly.proxy.index(r, WeeklyColumn.LEAD).data() == unit for r in range(shown))


def test_parse_block_reads_excel_clipboard_text() -> None:
    assert parse_block("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_block("单元") == [["单元"]]


def test_five_reports_and_the_weeks_excel_and_pdf_in_at_most_twelve_actions(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    window = seeded_window
    window.context.settings.setValue("paths/export", str(tmp_path))
    exports = window.workflows.exports
    actions = 0

    def press(key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        nonlocal actions
        actions += 1
        _key(qtbot, key, modifier)

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.task_view.setFocus()
    press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    weekly = window.workflows.weekly
    qtbot.waitUntil(lambda: weekly.grid.hasFocus())
    # The five tasks' lines copied from the units' replies in Excel (one action outside).
    QGuiApplication.clipboard().setText(
        "".join(f"{20 + 10 * i}\t\t第{i + 1}项已推进\n" for i in range(5))
    )
    actions += 1
    press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = weekly.model.rows[:5]
    assert all(len(_reports(window, r.task_id)) == 1 for r in saved)

    written = []
    exports.export_finished.connect(lambda result: written.append(result.path))
    for extra_keys in ([], [Qt.Key.Key_Down]):  # 周进度表 is the default; 督查通报 is next
        press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
        for key in extra_keys:
            press(key)
        count = len(written)
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda c=count: len(written) > c, timeout=90_000)
        qtbot.waitUntil(lambda: exports.result_box is not None and exports.result_box.isVisible())
        press(Qt.Key.Key_Escape)  # close 已导出 (it offers 打开文件)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        # The window manager gives the focus back to the window (offscreen: the test does).
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert [p.suffix for p in written] == [".xlsx", ".pdf"]
    assert all(p.parent == tmp_path and p.stat().st_size > 0 for p in written)
    assert actions <= 12


def test_typed_cells_survive_a_plan_switch_with_a_warning(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    weekly = _open(qtbot, window)
    weekly.model.setData(weekly.model.index(0, WeeklyColumn.PERCENT), "40")
    first = weekly.model.rows[0]
    window.workflows.importing.create_plan("市长批示事项", 2020, "领导批示")
    assert weekly.model.rows[0].task_id == first.task_id  # nothing typed was thrown away
    assert "未保存" in weekly.message_label.text()


def test_a_save_is_one_undo_step_and_redo_records_it_again(qtbot: QtBot, seeded_window) -> None:
    from supervisor.services.progress import add_progress

    window = seeded_window
    weekly = _open(qtbot, window)
    first = weekly.model.rows[0]
    with window.database.sessions.begin() as session:
        add_progress(
            session,
            first.task_id,
            actor="测试员",
            report_date=TODAY.replace(day=1),
            percent=10,
            progress_text="上月已立项",
            today=TODAY,
        )
    window.reload_tasks()
    saved = weekly.model.rows[:5]
    assert weekly.proxy.index(0, WeeklyColumn.LAST).data() == "10%"

    weekly.grid.setFocus()
    weekly.grid.move_to(0, WeeklyColumn.PERCENT)
    QGuiApplication.clipboard().setText(
        "".join(f"{20 + 10 * i}\t\t第{i + 1}项已推进\n" for i in range(5))
    )
    _key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [len(_reports(window, r.task_id)) for r in saved] == [2, 1, 1, 1, 1]
    assert weekly.proxy.index(0, WeeklyColumn.LAST).data() == "20%"
    assert window.undo_stack.count() == 1  # the whole save, one step

    # The clerk looks at the first task in the 任务 tab, and takes the save back from there.
    window.tabs.setCurrentIndex(0)
    assert window.context.select_task(first.task_id)
    window.task_view.setFocus()

    def shown() -> tuple[float | None, str]:
        row = window.task_model.rows[window.task_model.row_of_task(first.task_id)]
        # Undo and redo reload the table: the clerk's task stays the current one.
        assert window.current_task() is not None
        assert window.current_task().task_id == first.task_id
        return row.percent_done, window.detail_pane.browser.toPlainText()

    percent, detail = shown()
    assert percent == 0.2
    assert "第1项已推进" in detail

    _key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [len(_reports(window, r.task_id)) for r in saved] == [1, 0, 0, 0, 0]
    percent, detail = shown()
    assert percent == 0.1
    assert "上月已立项" in detail
    assert "第1项已推进" not in detail

    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    _key(qtbot, Qt.Key.Key_Z, redo)
    assert [len(_reports(window, r.task_id)) for r in saved] == [2, 1, 1, 1, 1]
    assert [r.progress_text for r in _reports(window, saved[4].task_id)] == ["第5项已推进"]
    percent, detail = shown()
    assert percent == 0.2
    assert "第1项已推进" in detail

    _key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the redone batch, again
    assert [len(_reports(window, r.task_id)) for r in saved] == [1, 0, 0, 0, 0]
    window.tabs.setCurrentWidget(weekly.page)  # the grid follows when it is shown
    assert weekly.proxy.index(0, WeeklyColumn.LAST).data() == "10%"


def test_an_undo_is_refused_once_a_report_came_on_top(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    weekly = _open(qtbot, window)
    first = weekly.model.rows[0]
    weekly.model.setData(weekly.model.index(0, WeeklyColumn.PERCENT), "40")
    assert weekly.save() == 1
    window.workflows.progress.record_progress(_later_report(first.task_id))
    window.undo_stack.undo()
    assert [r.percent for r in _reports(window, first.task_id)] == [45.0, 40.0]
    assert "不能撤回" in window.context.last_message


def _later_report(task_id: int):
    from supervisor.ui.dialogs.progress_form import ProgressInput

    return ProgressInput(
        task_id=task_id,
        report_date=TODAY,
        percent=45,
        actuals={},
        progress_text="",
        problems="",
        next_steps="",
        reporter="",
    )
