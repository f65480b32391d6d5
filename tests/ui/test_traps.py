"""The traps a new clerk fell into in the first hour (issue 14, point 1), each shut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from supervisor.services.progress import task_progress
from supervisor.services.tasks import get_task
from tests.ui.conftest import visible_progress_dialogs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _leaf(window):
    return next(r for r in window.task_model.rows if r.indicators and r.code.count(".") >= 3)


def test_no_progress_dialog_comes_back_after_the_dashboard_loaded(
    qtbot: QtBot, seeded_window
) -> None:
    window = seeded_window
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentIndex(1)
    # Past every show timer of a progress dialog: 4 s from its making, 400 ms after setValue.
    qtbot.wait(4500)
    assert visible_progress_dialogs() == []


def test_undo_is_cleared_when_an_import_shows_another_plan(
    qtbot: QtBot, staffed_window, seed_report: Path, tmp_path: Path
) -> None:
    window = staffed_window
    leaf = _leaf(window)
    dialog = window.workflows.assignment.open_assign_dialog([leaf])
    dialog.lead_combo.setCurrentText("市工业和信息化局")
    _ok(dialog)
    assert window.undo_stack.canUndo()
    # Another report (other bytes, so not a duplicate) imported through the window.
    other = tmp_path / "another.txt"
    other.write_text(seed_report.read_text(encoding="utf-8") + "\n（另一份）\n", encoding="utf-8")
    importing = window.workflows.importing
    with qtbot.waitSignal(importing.import_finished, timeout=60_000) as blocker:
        importing.start_import(other, [], False)
    assert window.plan_id == blocker.args[0].id
    assert not window.undo_stack.canUndo()
    window.undo_stack.undo()  # nothing happens to the task of the other plan
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).lead_department == "市工业和信息化局"
    assert "请选择一项任务" in window.detail_pane.browser.toPlainText()


def test_undo_is_cleared_when_a_new_plan_is_created(seeded_window) -> None:
    window = seeded_window
    assert window.workflows.tasks.split_task(_leaf(window).task_id, ["甲", "乙"])
    assert window.undo_stack.canUndo()
    window.workflows.importing.create_plan("市长批示事项", 2020, "领导批示")
    assert not window.undo_stack.canUndo()


def test_progress_form_opens_in_the_percent_and_enter_on_it_untouched_saves_nothing(
    qtbot: QtBot, seeded_window
) -> None:
    window = seeded_window
    leaf = _leaf(window)
    progress = window.workflows.progress
    first = progress.open_progress_form(leaf.task_id)
    first.percent_edit.setText("40")
    first.progress_edit.setPlainText("已开工")
    _ok(first)
    form = progress.open_progress_form(leaf.task_id)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.percent_edit.hasFocus())
    assert "40" in form.percent_edit.placeholderText()  # the last percent is a hint only
    _ok(form)  # an untouched form
    assert form.error_label.isVisibleTo(form)
    with window.database.sessions() as session:
        assert len(task_progress(session, leaf.task_id)) == 1
    form.close()


@pytest.mark.parametrize("typed", ["150", "-5", "abc"])
def test_an_invalid_percent_is_refused_with_a_message(seeded_window, typed: str) -> None:
    window = seeded_window
    leaf = _leaf(window)
    form = window.workflows.progress.open_progress_form(leaf.task_id)
    form.percent_edit.setText(typed)
    form.progress_edit.setPlainText("推进中")
    _ok(form)
    assert form.result() != form.DialogCode.Accepted
    assert "完成进度" in form.error_label.text()
    assert form.percent_edit.text() == typed  # not changed behind the user's back
    with window.database.sessions() as session:
        assert task_progress(session, leaf.task_id) == []


def test_a_typed_leader_is_saved_without_ticking_its_box(seeded_window) -> None:
    window = seeded_window
    leaf = _leaf(window)
    dialog = window.workflows.assignment.open_assign_dialog([leaf])
    dialog.lead_box.setChecked(False)
    dialog.leader_edit.setText("王副市长")
    dialog.leader_edit.textEdited.emit("王副市长")  # as typing does
    assert dialog.leader_box.isChecked()
    _ok(dialog)
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).leader == "王副市长"


def test_an_unknown_unit_asks_before_it_becomes_a_department(staffed_window) -> None:
    window = staffed_window
    leaf = _leaf(window)
    known = window.context.department_names()
    dialog = window.workflows.assignment.open_assign_dialog([leaf])
    dialog.lead_combo.setCurrentText("市工业和信息化厅")
    _ok(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    message = dialog.error_label.text()
    assert "新建单位？" in message
    assert "市工业和信息化局" in message  # the closest existing name is offered
    assert window.context.department_names() == known
    _ok(dialog)  # confirmed: now it is created
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "市工业和信息化厅" in window.context.department_names()


def test_fillin_periods_stay_inside_the_plan_year(qtbot: QtBot, seeded, ui_database) -> None:
    from supervisor.ui.main_window import MainWindow

    window = MainWindow(ui_database, today=dt.date(2021, 2, 1))
    qtbot.addWidget(window)
    periods = window.workflows.fillin.fillin_periods()
    assert periods
    assert periods[0].label == "2020年第52周"
    assert all(p.end <= dt.date(2020, 12, 31) for p in periods)


def test_the_detail_pane_lets_go_of_a_task_the_search_hides(seeded_window) -> None:
    window = seeded_window
    leaf = _leaf(window)
    assert window.select_task(leaf.task_id)
    assert leaf.title[:6] in window.detail_pane.browser.toPlainText()
    window.search_edit.setText(leaf.title[:4])  # still shown: stays current
    assert window.current_task().task_id == leaf.task_id
    window.search_edit.setText("不会有这样的任务名称")
    assert "请选择一项任务" in window.detail_pane.browser.toPlainText()


def test_a_workbook_picked_as_a_report_is_called_a_workbook(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = tmp_path / "周进度表.xlsx"
    Workbook().save(book)
    with qtbot.waitSignal(window.context.job_failed, timeout=60_000) as blocker:
        window.workflows.importing.start_extraction(book)
    message = blocker.args[0]
    assert "Excel 工作簿" in message
    assert "Word" not in message
    assert window.context.last_message == message


def test_standard_dialogs_speak_chinese(qapp) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from supervisor.ui.app import install_translations

    locale = QLocale()
    translators = install_translations(qapp)
    try:
        assert translators
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(locale)


def test_the_task_editor_shows_every_indicator_column_title_whole(seeded_window) -> None:
    window = seeded_window
    leaf = _leaf(window)
    dialog = window.workflows.tasks.open_task_dialog(task_id=leaf.task_id)
    dialog.show()
    QApplication.processEvents()
    header = dialog.indicator_view.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    dialog.close()


def test_a_long_fillin_error_can_be_read_whole(qtbot: QtBot, seeded_window, tmp_path) -> None:
    from openpyxl import load_workbook

    from supervisor.reports.xlsx_fillin import FIRST_DATA_ROW, TASK_COLUMNS, TASK_SHEET
    from supervisor.reports.xlsx_fillin import column_number as column
    from supervisor.ui.dialogs.assign_dialog import AssignInput

    window = seeded_window
    leaf = _leaf(window)
    window.workflows.assignment.assign_tasks(
        [leaf.task_id], AssignInput("市工业和信息化局", None, None, None, False)
    )
    fillin = window.workflows.fillin
    folder = tmp_path / "填报表"
    with qtbot.waitSignal(fillin.fillin_exported, timeout=60_000) as blocker:
        fillin.start_fillin_export(folder, "2020-W27")
    path = folder / blocker.args[0].workbooks[0].file_name
    book = load_workbook(path)
    sheet = book[TASK_SHEET]
    sheet.cell(FIRST_DATA_ROW, column(TASK_COLUMNS, "percent")).value = 150
    book.save(path)
    with qtbot.waitSignal(fillin.returns_previewed, timeout=60_000) as blocker:
        fillin.start_return_preview([path])
    assert blocker.args[0].has_errors
    dialog = fillin.return_dialog
    model = dialog.model
    errors = []

    def walk(parent) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if "150" in str(index.data()):
                errors.append(index)
            walk(index)

    walk(model.index(-1, -1))
    assert errors
    dialog.tree.setCurrentIndex(errors[0])
    assert str(errors[0].data()) in dialog.detail_label.text()
    assert dialog.detail_label.wordWrap()
