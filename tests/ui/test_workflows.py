"""End to end through the main window: import the seed, assign, report, urge, edit, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QProgressDialog,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from supervisor.db.models import Indicator, Task
from supervisor.domain import TaskStatus
from supervisor.services.audit import task_history
from supervisor.services.plans import list_plans
from supervisor.services.progress import task_progress
from supervisor.services.tasks import get_task, list_tasks
from supervisor.services.urging import list_urgings
from supervisor.ui.dialogs.assign_dialog import AssignInput
from supervisor.ui.models.extraction_model import PreviewColumn
from supervisor.ui.models.task_model import TaskColumn
from supervisor.ui.work.jobs import ExportKind
from tests.ui.conftest import TODAY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _task_id(window, code: str) -> int:
    return next(r.task_id for r in window.task_model.rows if r.code == code)


def _wait_run(qtbot: QtBot, run) -> None:
    with qtbot.waitSignal(run.done, timeout=60_000):
        pass


def test_import_preview_edits_are_saved(qtbot: QtBot, window, seed_report: Path) -> None:
    _wait_run(qtbot, window.workflows.importing.start_extraction(seed_report))
    dialog = window.workflows.importing.import_dialog
    model = dialog.model
    section = model.index(0, 0)
    first_child = model.index(0, PreviewColumn.TITLE, section)
    assert model.setData(first_child, "目标任务（已改名）")
    renamed_code = first_child.siblingAtColumn(0).data()  # the dialog goes once it is saved
    # Untick the second area: it and everything below it is left out.
    second = model.index(1, PreviewColumn.CODE, section)
    removed_code = second.data()
    model.setData(second, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    with qtbot.waitSignal(window.workflows.importing.import_finished, timeout=60_000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    summary = blocker.args[0]
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # closed, and deleted with its preview
    with window.database.sessions() as session:
        codes = {t.code: t for t in list_tasks(session, summary.id)}
        assert [p.id for p in list_plans(session)] == [summary.id]
    assert codes[renamed_code].title == "目标任务（已改名）"
    assert removed_code not in codes
    assert not any(code.startswith(removed_code + ".") for code in codes)
    assert window.plan_id == summary.id
    assert window.task_model.rowCount() == len(codes)


def test_assign_progress_urge_and_undo(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.indicators and r.code.count(".") >= 3)
    assert window.select_task(leaf.task_id)
    dialog = window.workflows.assignment.open_assign_dialog(window.selected_rows())
    dialog.lead_combo.setCurrentText("市工业和信息化局")
    dialog.co_box.setChecked(True)
    dialog.co_edit.setText("市发展改革委、市财政局")
    _ok(dialog)
    assert "新建单位？" in dialog.error_label.text()  # none of these units exists yet
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    row = window.task_model.rows[window.task_model.row_of_task(leaf.task_id)]
    assert row.lead_department == "市工业和信息化局"
    assert row.co_departments == ("市发展改革委", "市财政局")

    window.undo_stack.undo()
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).lead_department is None
    window.undo_stack.redo()
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).lead_department == "市工业和信息化局"

    form = window.workflows.progress.open_progress_form(leaf.task_id)
    _ok(form)  # empty report: refused with the service's message, form stays open
    assert form.error_label.isVisibleTo(form)
    assert "不能为空" in form.error_label.text()
    form.percent_edit.setText("40")
    indicator_id = next(iter(form.actual_edits))
    form.actual_edits[indicator_id].setText("12")
    form.progress_edit.setPlainText("已开工建设12个项目")
    form.problems_edit.setPlainText("资金到位慢")
    _ok(form)
    assert form.result() == form.DialogCode.Accepted
    with window.database.sessions() as session:
        reports = task_progress(session, leaf.task_id)
    assert [(r.percent, r.progress_text, r.report_date) for r in reports] == [
        (40.0, "已开工建设12个项目", TODAY)
    ]
    assert reports[0].actuals[0].value == 12
    row = window.task_model.rows[window.task_model.row_of_task(leaf.task_id)]
    assert row.percent_done == pytest.approx(0.4)
    assert row.last_report_date == TODAY
    assert "已开工建设12个项目" in window.detail_pane.browser.toPlainText()

    urge = window.workflows.urging.open_urge_dialog(row)
    urge.colour_combo.setCurrentIndex(urge.colour_combo.findData("黄"))
    urge.note_edit.setPlainText("请加快推进")
    _ok(urge)
    with window.database.sessions() as session:
        urgings = list_urgings(session, window.plan_id, task_id=leaf.task_id)
        history = task_history(session, leaf.task_id)
    assert [(u.note, u.department) for u in urgings] == [("请加快推进", "市工业和信息化局")]
    assert (
        window.task_model.index(
            window.task_model.row_of_task(leaf.task_id), TaskColumn.URGINGS
        ).data()
        == "1"
    )
    assert {line.action for line in history} >= {"urge"}


def test_a_report_is_corrected_from_the_timeline(qtbot: QtBot, seeded_window) -> None:
    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.indicators and r.code.count(".") >= 3)
    form = window.workflows.progress.open_progress_form(leaf.task_id)
    indicator_id = next(iter(form.actual_edits))
    form.percent_edit.setText("40")
    form.actual_edits[indicator_id].setText("12")
    form.progress_edit.setPlainText("已开工建设12个项目")
    form.reporter_edit.setText("李四")
    _ok(form)
    with window.database.sessions() as session:
        [first] = task_progress(session, leaf.task_id)

    # The timeline offers the correction; the link names the task and the report.
    assert window.select_task(leaf.task_id)
    assert f"correct:{first.id}" in window.detail_pane.browser.toHtml()
    with qtbot.waitSignal(window.detail_pane.correction_requested) as blocker:
        window.detail_pane.browser.anchorClicked.emit(QUrl(f"correct:{first.id}"))
    assert blocker.args == [leaf.task_id, first.id]

    correction = window.workflows.progress.open_correction_form(leaf.task_id, first.id)
    # Filled in with what the report said, on its date, which cannot change.
    assert correction.percent_edit.text() == "40"
    assert correction.actual_edits[indicator_id].text() == "12"
    assert correction.progress_edit.toPlainText() == "已开工建设12个项目"
    assert correction.reporter_edit.text() == "李四"
    assert not correction.date_edit.isEnabled()
    correction.percent_edit.setText("35")
    correction.actual_edits[indicator_id].setText("10")
    _ok(correction)
    assert correction.result() == correction.DialogCode.Accepted

    with window.database.sessions() as session:
        fixed, original = task_progress(session, leaf.task_id)
        history = task_history(session, leaf.task_id)
    assert (fixed.corrects_id, fixed.percent, fixed.report_date) == (first.id, 35, TODAY)
    assert fixed.actuals[0].value == 10
    assert original.corrected_by_id == fixed.id
    assert any(line.action == "correct" for line in history)
    row = window.task_model.rows[window.task_model.row_of_task(leaf.task_id)]
    assert row.percent_done == pytest.approx(0.35)
    html = window.detail_pane.browser.toHtml()
    assert f"correct:{fixed.id}" in html
    assert f"correct:{first.id}" not in html  # the corrected one is struck out, not offered
    shown = window.detail_pane.browser.toPlainText()
    assert "已更正" in shown
    # The audit trail names fields in Chinese, as the clerk knows them.
    assert "更正进展 完成进度：40.0 → 35.0" in shown
    assert "percent" not in shown

    # A stale link (the report was corrected meanwhile) is refused with the service's message.
    again = window.workflows.progress.open_correction_form(leaf.task_id, first.id)
    _ok(again)
    assert "已被" in again.error_label.text()


def test_deleted_tasks_are_restored_from_their_list(seeded_window) -> None:
    window = seeded_window
    parent = next(r for r in window.task_model.rows if r.code.count(".") == 2)
    below = [r.task_id for r in window.task_model.rows if r.code.startswith(parent.code + ".")]
    assert below
    assert window.workflows.tasks.delete_tasks([parent.task_id])
    window.undo_stack.clear()  # as after a restart: undo cannot bring it back
    before = window.task_model.rowCount()

    dialog = window.workflows.tasks.open_deleted_tasks_dialog()
    assert [(r.id, r.count) for r in dialog.model.rows] == [(parent.task_id, 1 + len(below))]
    assert not dialog.empty_label.isVisibleTo(dialog)
    dialog.restore_button.click()

    assert window.task_model.row_of_task(parent.task_id) is not None
    assert window.task_model.rowCount() == before + 1 + len(below)
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisibleTo(dialog)
    assert not dialog.restore_button.isEnabled()
    window.undo_stack.undo()  # the restore is a step of the undo history
    assert window.task_model.row_of_task(parent.task_id) is None


def test_bulk_assignment_of_many_tasks(seeded_window) -> None:
    window = seeded_window
    window.task_view.selectAll()
    selected = window.selected_rows()
    assert len(selected) == window.task_model.rowCount()
    dialog = window.workflows.assignment.open_assign_dialog(selected[:5])
    dialog.lead_box.setChecked(False)
    dialog.leader_box.setChecked(True)
    dialog.leader_edit.setText("张副市长")
    _ok(dialog)
    with window.database.sessions() as session:
        assert {get_task(session, r.task_id).leader for r in selected[:5]} == {"张副市长"}
        assert get_task(session, selected[5].task_id).leader is None


def test_create_plan_and_edit_tasks_by_hand(seeded_window) -> None:
    window = seeded_window
    plan_dialog = window.workflows.importing.open_plan_dialog()
    plan_dialog.title_edit.setText("")
    _ok(plan_dialog)
    assert "不能为空" in plan_dialog.error_label.text()
    plan_dialog.title_edit.setText("市长批示事项")
    plan_dialog.year_spin.setValue(2020)
    _ok(plan_dialog)
    assert window.plan_combo.currentText() == "市长批示事项"
    assert window.task_model.rowCount() == 0

    add = window.workflows.tasks.open_task_dialog()
    add.title_edit.setText("推进老旧小区改造")
    add.deadline_edit.setDate(dt.date(2020, 10, 31))
    row = add.indicator_model.add_draft()
    for column, value in ((0, "改造小区"), (2, "35"), (4, "个")):
        add.indicator_model.setData(add.indicator_model.index(row, column), value)
    _ok(add)
    assert add.result() == add.DialogCode.Accepted
    assert [r.title for r in window.task_model.rows] == ["推进老旧小区改造"]
    task = window.task_model.rows[0]
    assert task.indicators[0].target_text == "35个"

    edit = window.workflows.tasks.open_task_dialog(task_id=task.task_id)
    edit.title_edit.setText("推进城镇老旧小区改造")
    _ok(edit)
    assert window.task_model.rows[0].title == "推进城镇老旧小区改造"
    window.undo_stack.undo()
    assert window.task_model.rows[0].title == "推进老旧小区改造"

    assert window.workflows.tasks.split_task(task.task_id, ["大武口区", "惠农区"])
    titles = [r.title for r in window.task_model.rows]
    assert titles == ["推进老旧小区改造", "大武口区", "惠农区"]
    child = window.task_model.rows[2].task_id
    assert window.workflows.tasks.move_task(child, None)
    with window.database.sessions() as session:
        assert get_task(session, child).parent_id is None
    window.undo_stack.undo()
    with window.database.sessions() as session:
        assert get_task(session, child).parent_id == task.task_id

    assert window.workflows.tasks.delete_tasks([task.task_id])
    assert window.task_model.rowCount() == 0
    window.undo_stack.undo()
    assert window.task_model.rowCount() == 3


def test_live_search_and_status_filter(seeded_window) -> None:
    window = seeded_window
    total = window.task_model.rowCount()
    window.search_edit.setText("就业")
    shown = window.task_filter.rowCount()
    assert 0 < shown < total
    assert f"显示 {shown} 项" in window.count_label.text()
    window.search_edit.clear()
    index = window.status_combo.findData(str(TaskStatus.NOT_REPORTED))
    window.status_combo.setCurrentIndex(index)
    assert window.task_filter.rowCount() == sum(
        r.status == TaskStatus.NOT_REPORTED for r in window.task_model.rows
    )
    window.due_spin.setValue(200)
    assert window.task_filter.rowCount() > 0


def test_settings_are_saved_through_the_service(seeded_window) -> None:
    window = seeded_window
    dialog = window.workflows.settings.open_settings_dialog()
    dialog.edits["office_name"].setText("石嘴山市人民政府督查室")
    dialog.edits["behind_margin"].setText("abc")
    _ok(dialog)
    assert "必须是数字" in dialog.error_label.text()
    dialog.edits["behind_margin"].setText("8")
    _ok(dialog)
    from supervisor.services.settings import load_settings

    with window.database.sessions() as session:
        stored = load_settings(session)
    assert (stored.office_name, stored.behind_margin) == ("石嘴山市人民政府督查室", 8.0)


def test_departments_dialog_adds_and_merges(seeded_window) -> None:
    from supervisor.ui.dialogs.departments_dialog import DepartmentsDialog

    dialog = DepartmentsDialog(seeded_window.database, seeded_window)
    dialog.add("市发改委")
    dialog.add("市发展和改革委员会")
    dialog.merge("市发改委", "市发展和改革委员会")
    assert "市发展和改革委员会" in dialog.model.names()
    assert "市发改委" not in dialog.model.names()


def test_export_xlsx_and_pdf_read_back(qtbot: QtBot, seeded_window, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    window = seeded_window
    dialog = window.workflows.exports.open_export_dialog(ExportKind.PROGRESS)
    dialog.path_edit.setText(str(tmp_path / "周进度表.xlsx"))
    with qtbot.waitSignal(window.workflows.exports.export_finished, timeout=60_000) as blocker:
        window.workflows.exports.start_export(dialog.request())
    sheet = load_workbook(blocker.args[0].path, read_only=True).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "序时进度" in cells
    assert any(isinstance(c, str) and "两化融合" in c for c in cells)

    dialog = window.workflows.exports.open_export_dialog(ExportKind.BULLETIN)
    dialog.path_edit.setText(str(tmp_path / "督查通报.pdf"))
    with qtbot.waitSignal(window.workflows.exports.export_finished, timeout=90_000) as blocker:
        window.workflows.exports.start_export(dialog.request())
    text = "".join(page.extract_text() for page in PdfReader(blocker.args[0].path).pages)
    assert "督查" in text


def test_export_a_department_report_with_a_font_from_the_settings(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from supervisor.services.departments import accept_suggestions

    window = seeded_window
    with window.database.sessions.begin() as session:
        accept_suggestions(session, window.plan_id, None, actor="测试员")
    names = window.context.department_names()
    assert names
    dialog = window.workflows.exports.open_export_dialog(ExportKind.DEPARTMENT)
    dialog.department_combo.setCurrentIndex(0)
    assert dialog.department_combo.isEnabled()
    assert names[0] in dialog.path_edit.text()
    dialog.path_edit.setText(str(tmp_path / "单位通报.pdf"))
    # A font that this PC does not have: the shipped face is used and the user is told.
    settings = window.workflows.settings.open_settings_dialog()
    settings.font_edit.setText("no-such-font.ttf")
    _ok(settings)
    with qtbot.waitSignal(window.workflows.exports.export_finished, timeout=90_000) as blocker:
        window.workflows.exports.start_export(dialog.request())
    result = blocker.args[0]
    assert any("no-such-font.ttf" in warning for warning in result.warnings)
    text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
    assert names[0] in text


def test_fillin_export_offers_the_periods_of_the_plan_year(seeded_window) -> None:
    periods = seeded_window.workflows.fillin.fillin_periods()
    # The seeded window's "today" is 2020-06-30: week 27 of 2020 is the newest period.
    assert periods[0].label == "2020年第27周"
    assert periods[-1].start.year in (2019, 2020)
    assert [p.start for p in periods] == sorted((p.start for p in periods), reverse=True)


def test_dashboard_shows_the_bulletin_numbers(qtbot: QtBot, seeded_window) -> None:
    from supervisor.services.reporting import bulletin_data

    window = seeded_window
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentIndex(1)
    dashboard = window.workflows.dashboard.widget
    with window.database.sessions() as session:
        data = bulletin_data(session, window.plan_id, as_of=TODAY)
    total = sum(c.count for c in data.status_counts)
    assert f"共 {total} 项具体任务" in dashboard.summary_label.text()
    assert dashboard.score_model.rowCount() == len(data.departments) + len(
        data.unranked_departments
    )


def test_layout_is_remembered(qtbot: QtBot, ui_database) -> None:
    from supervisor.ui.main_window import MainWindow

    first = MainWindow(ui_database, today=TODAY)
    qtbot.addWidget(first)
    first.task_view.horizontalHeader().resizeSection(TaskColumn.LEAD, 221)
    first.close()
    second = MainWindow(ui_database, today=TODAY)
    qtbot.addWidget(second)
    assert second.task_view.horizontalHeader().sectionSize(TaskColumn.LEAD) == 221


def test_fillin_round_trip_with_change_preview(
    qtbot: QtBot, qtmodeltester: ModelTester, seeded_window, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from supervisor.reports.xlsx_fillin import FIRST_DATA_ROW, TASK_COLUMNS, TASK_SHEET
    from supervisor.reports.xlsx_fillin import column_number as column

    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code.count(".") >= 3)
    window.workflows.assignment.assign_tasks(
        [leaf.task_id], AssignInput("市工业和信息化局", None, None, None, False)
    )
    folder = tmp_path / "填报表"
    with qtbot.waitSignal(window.workflows.fillin.fillin_exported, timeout=60_000) as blocker:
        window.workflows.fillin.start_fillin_export(folder, "2020-W27")
    exported = blocker.args[0]
    workbook_path = next(
        folder / w.file_name for w in exported.workbooks if w.department == "市工业和信息化局"
    )
    book = load_workbook(workbook_path)
    sheet = book[TASK_SHEET]
    row = next(
        r
        for r in range(FIRST_DATA_ROW, sheet.max_row + 1)
        if sheet.cell(r, column(TASK_COLUMNS, "code")).value == leaf.code
    )
    sheet.cell(row, column(TASK_COLUMNS, "percent")).value = 35
    sheet.cell(row, column(TASK_COLUMNS, "progress_text")).value = "已完成设备招标"
    book.save(workbook_path)

    with qtbot.waitSignal(window.workflows.fillin.returns_previewed, timeout=60_000) as blocker:
        window.workflows.fillin.start_return_preview([workbook_path])
    preview = blocker.args[0]
    dialog = window.workflows.fillin.return_dialog
    assert not preview.has_errors
    changes = [c for f in preview.files for r in f.reports for c in r.changes]
    assert any(c.new == "已完成设备招标" for c in changes)
    model = dialog.model
    qtmodeltester.check(model)
    file_index = model.index(0, 0)
    assert "市工业和信息化局" in file_index.data()
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(window.workflows.fillin.returns_applied, timeout=60_000) as blocker:
        dialog.apply_button.click()
    assert blocker.args[0].reports == 1
    with window.database.sessions() as session:
        reports = task_progress(session, leaf.task_id)
    assert [(r.percent, r.progress_text) for r in reports] == [(35.0, "已完成设备招标")]


def test_keyboard_shortcuts(qtbot: QtBot, seeded_window) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    window = seeded_window
    window.activateWindow()
    # Shortcuts reach the active window only; other tests' windows may still be around.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.task_view.setFocus()
    qtbot.keyClick(window.task_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_edit.hasFocus)
    assert window.progress_action.shortcut() == QKeySequence("Ctrl+R")
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)


def test_a_pdf_report_opens_in_the_import_preview(
    qtbot: QtBot, window, seed_report: Path, tmp_path: Path
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from supervisor.extract import extract_report
    from supervisor.paths import resources_dir

    # The seed printed as Word prints it: a text layer, each paragraph's first line indented by
    # two characters, lines wrapped wherever the width ends (also right after a 。).
    font = resources_dir() / "fonts" / "SupervisorHei-Regular.ttf"
    pdfmetrics.registerFont(TTFont("PreviewHei", str(font)))
    text = seed_report.read_text(encoding="utf-8")
    pdf_path = tmp_path / "报告.pdf"
    pdf = canvas.Canvas(str(pdf_path), pagesize=A4)
    y = 800
    for paragraph in (p for p in text.splitlines() if p.strip()):
        start, indent = 0, 24
        while start < len(paragraph):
            if y < 80:
                pdf.showPage()
                y = 800
            end = start + 36 - indent // 12
            pdf.setFont("PreviewHei", 12)
            pdf.drawString(40 + indent, y, paragraph[start:end])
            start, indent, y = end, 0, y - 16
    pdf.save()

    _wait_run(qtbot, window.workflows.importing.start_extraction(pdf_path))

    dialog = window.workflows.importing.import_dialog
    assert dialog is not None
    assert dialog.preview.path == pdf_path
    assert len(dialog.preview.report.tasks) == len(extract_report(text).tasks)


def test_closed_forms_leave_nothing_with_the_window(qtbot: QtBot, seeded_window) -> None:
    # A form is made anew each time it is asked for; parented to the window, every closed
    # one stayed with it, hidden: one per 报送进展, 导出, 编辑, 督办 … all day.
    window = seeded_window
    flows = window.workflows
    task = window.task_model.rows[-1]
    before = window.findChildren(QDialog)
    forms = []
    for _ in range(2):
        forms += [
            flows.progress.open_progress_form(task.task_id),
            flows.exports.open_export_dialog(),
            flows.tasks.open_task_dialog(task_id=task.task_id),
            flows.tasks.open_deleted_tasks_dialog(),
            flows.urging.open_urge_dialog(task),
            flows.assignment.open_assign_dialog([task]),
            flows.fillin.open_fillin_export_dialog(flows.fillin.fillin_periods()),
            flows.settings.open_settings_dialog(),
            flows.departments.open_departments_dialog(),
            flows.importing.open_plan_dialog(),
            flows.help.open_manual(),
        ]
    assert len(window.findChildren(QDialog)) == len(before) + len(forms)
    for form in forms:
        form.open()
        form.reject()
    qtbot.wait(100)  # the deferred deletions
    assert window.findChildren(QDialog) == before


_PAGE_WITHOUT_A_YEAR = (
    "今年经济社会发展的主要预期目标是：生产总值增长6%以上。\n"
    "（一）聚力创新驱动。新增高新技术企业70家。\n"
    "（二）聚力城市更新。建设口袋公园50个。\n"
)


def test_a_report_without_a_year_is_imported_with_the_year_asked_for(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    page = tmp_path / "网页摘录.txt"
    page.write_text(_PAGE_WITHOUT_A_YEAR, encoding="utf-8")
    flow = window.workflows.importing
    asked: list[int] = []
    flow.ask_year = lambda: asked.append(1) or None  # cancelled: nothing is imported
    _wait_run(qtbot, flow.start_extraction(page))
    assert asked == [1]
    assert flow.import_dialog is None
    assert window.statusBar().currentMessage() == "未导入：没有指定计划年度"
    flow.ask_year = lambda: 2024
    _wait_run(qtbot, flow.start_extraction(page))
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    dialog = flow.import_dialog
    with qtbot.waitSignal(flow.import_finished, timeout=60_000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    summary = blocker.args[0]
    with window.database.sessions() as session:
        (plan,) = list_plans(session)
        assert (plan.id, plan.year) == (summary.id, 2024)
        values = set(
            session.scalars(select(Indicator.value).join(Task).where(Task.plan_id == plan.id))
        )
    assert values >= {6, 70, 50}


def test_the_year_is_asked_in_a_real_input_dialog(qtbot: QtBot, window, tmp_path: Path) -> None:
    page = tmp_path / "网页摘录.txt"
    page.write_text(_PAGE_WITHOUT_A_YEAR, encoding="utf-8")
    flow = window.workflows.importing
    asked: list[tuple[str, int, int, int]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append(
            (dialog.labelText(), dialog.intValue(), dialog.intMinimum(), dialog.intMaximum())
        )
        dialog.setIntValue(2025)
        dialog.accept()

    QTimer.singleShot(20, answer)
    _wait_run(qtbot, flow.start_extraction(page))
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    ((label, proposed, lowest, highest),) = asked
    assert "没有年份" in label
    assert (proposed, lowest, highest) == (
        window.workflows.importing.context.today.year,
        2000,
        2100,
    )
    assert flow.import_dialog.preview.report.year == 2025
    flow.import_dialog.reject()
    qtbot.waitUntil(lambda: flow.import_dialog is None)
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]
