"""The services' newer features as the window offers them: import-plan, task kind, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from supervisor.services.departments import add_department, list_departments
from supervisor.services.plans import list_plans
from supervisor.services.tasks import get_task, list_tasks
from tests.ui.conftest import visible_progress_dialogs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Longer than the progress dialog's minimum duration (400 ms) and its show timer.
PAST_PROGRESS_DELAY_MS = 1500


def _division_sheet(path: Path, second_deadline: str) -> Path:
    """An office's sheet whose lead-unit column is headed 主抓 (not recognised by itself)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2021年重点工作任务分工方案"])
    ws.append(["序号", "重点任务", "主抓", "完成时限"])
    ws.append([1, "建成智慧停车平台，新增泊位2000个。", "市住建局", "2021年9月底前"])
    ws.append([2, "开展河湖清四乱专项行动。", "市水务局", second_deadline])
    wb.save(path)
    return path


def test_import_plan_from_the_start_page_with_a_changed_mapping(
    qtbot: QtBot, qtmodeltester, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with window.database.sessions.begin() as session:
        add_department(session, "市住建局", actor="测试员")
    sheet = _division_sheet(tmp_path / "分工方案.xlsx", "不知何时")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(sheet), ""))
    )
    flow = window.workflows.plan_import
    assert window.pages.currentWidget() is window.start_page
    window.start_page.import_plan_button.click()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=60_000)
    dialog = flow.dialog
    qtmodeltester.check(dialog.model)
    # The cell is named; the error blocks the import.
    issues = [dialog.issue_list.item(i).text() for i in range(dialog.issue_list.count())]
    assert any("D4" in text and "不知何时" in text for text in issues)
    assert not dialog.import_button.isEnabled()
    assert "牵头单位" not in dialog.mapping_label.text()
    assert [dialog.model.index(r, 3).data() for r in range(dialog.model.rowCount())] == ["", ""]

    # The office corrects the workbook and tells which column holds the lead unit.
    _division_sheet(sheet, "长期")
    lead_box = dialog.column_boxes[next(f for f in dialog.column_boxes if f.value == "牵头单位")]
    lead_box.setCurrentIndex(lead_box.findData(3))
    dialog.repreview_button.click()
    qtbot.waitUntil(lambda: not dialog.preview.errors, timeout=60_000)
    assert "牵头单位=C列" in dialog.mapping_label.text()
    assert [dialog.model.index(r, 3).data() for r in range(2)] == ["市住建局", "市水务局"]
    assert dialog.model.index(1, 6).data() == "长期"
    assert "市水务局" in dialog.unknown_label.text()
    # A unit not in the system must be confirmed first.
    assert not dialog.import_button.isEnabled()
    dialog.add_units_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.title_edit.setText("2021年重点工作（督查室整理）")
    with qtbot.waitSignal(flow.plan_imported, timeout=60_000) as blocker:
        dialog.import_button.click()
    summary = blocker.args[0]
    assert window.statusBar().currentMessage() == (
        "已导入分工方案《2021年重点工作（督查室整理）》，共 2 项任务"
    )
    qtbot.wait(PAST_PROGRESS_DELAY_MS)
    assert visible_progress_dialogs() == []
    assert not shiboken6.isValid(dialog)  # closed, and deleted with what it showed
    with window.database.sessions() as session:
        assert [p.id for p in list_plans(session)] == [summary.id]
        leads = {
            t.code: get_task(session, t.id).lead_department for t in list_tasks(session, summary.id)
        }
        names = {d.name for d in list_departments(session)}
    assert (summary.year, summary.title) == (2021, "2021年重点工作（督查室整理）")
    assert leads == {"1": "市住建局", "2": "市水务局"}
    assert "市水务局" in names
    assert window.plan_id == summary.id
    assert window.task_model.rowCount() == 2


def test_a_closed_plan_preview_is_gone_and_the_next_one_opens(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    sheet = _division_sheet(tmp_path / "分工方案.xlsx", "2021年底")
    flow = window.workflows.plan_import
    with qtbot.waitSignal(flow.start_preview(sheet).done, timeout=60_000):
        pass
    first = flow.dialog
    first.reject()
    assert flow.dialog is None  # forgotten: a new preview must not ask it anything
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))
    with qtbot.waitSignal(flow.start_preview(sheet).done, timeout=60_000):
        pass
    assert flow.dialog is not first
    assert flow.dialog.isVisible()


def test_import_plan_twice_is_refused_and_nothing_is_added(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    with window.database.sessions.begin() as session:
        add_department(session, "市住建局", actor="测试员")
        add_department(session, "市水务局", actor="测试员")
    sheet = _division_sheet(tmp_path / "分工方案.xlsx", "2021年底")
    flow = window.workflows.plan_import
    columns = None
    for attempt in range(2):
        flow.dialog = None
        with qtbot.waitSignal(flow.start_preview(sheet, columns=columns).done, timeout=60_000):
            pass
        dialog = flow.dialog
        lead_box = dialog.column_boxes[
            next(f for f in dialog.column_boxes if f.value == "牵头单位")
        ]
        lead_box.setCurrentIndex(lead_box.findData(3))
        columns = dialog.chosen_columns()
        with qtbot.waitSignal(flow.start_preview(sheet, columns=columns).done, timeout=60_000):
            pass
        assert dialog.import_button.isEnabled()
        done = flow.start_import(dialog.preview, False)
        with qtbot.waitSignal(done.done, timeout=60_000):
            pass
        if attempt == 1:
            assert "已导入过" in window.workflows.plan_import.context.last_message
            assert dialog.isVisible()  # what the user chose stays on screen
    with window.database.sessions() as session:
        assert len(list_plans(session)) == 1


def test_the_extractors_task_kind_is_changed_in_the_preview(
    qtbot: QtBot, window, seed_report: Path
) -> None:

    from supervisor.ui.models.extraction_model import PreviewColumn

    flow = window.workflows.importing
    with qtbot.waitSignal(flow.start_extraction(seed_report).done, timeout=60_000):
        pass
    model = flow.import_dialog.model
    nodes = []
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
        nodes.append(index)
    kind_of = {ix.data(): ix.siblingAtColumn(PreviewColumn.KIND) for ix in nodes}
    proposed = {code: ix.data() for code, ix in kind_of.items()}
    assert set(proposed.values()) <= {"考核", "常态化"}
    code = next(c for c, text in proposed.items() if text == "考核")
    assert model.setData(kind_of[code], Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert kind_of[code].data() == "常态化"
    routine = sum(text == "常态化" for text in proposed.values()) + 1
    assert f"常态化 {routine} 项" in flow.import_dialog.summary_label.text()
    with qtbot.waitSignal(flow.import_finished, timeout=60_000) as blocker:
        flow.import_dialog.buttons.button(flow.import_dialog.buttons.StandardButton.Save).click()
    with window.database.sessions() as session:
        kinds = {t.code: t.kind.value for t in list_tasks(session, blocker.args[0].id)}
    assert window.plan_id == blocker.args[0].id
    assert window.statusBar().currentMessage() == (
        f"已导入《{blocker.args[0].title}》，共 {len(kinds)} 项任务"
    )
    assert kinds[code] == "常态化"
    # Every other task keeps what the extractor proposed.
    assert {c: kinds[c] for c in proposed if c != code} == {
        c: k for c, k in proposed.items() if c != code
    }


def test_kind_action_marks_a_task_routine_and_undo_restores_it(seeded_window) -> None:
    from supervisor.services.audit import task_history
    from supervisor.ui.models.task_model import TaskColumn

    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.kind.value == "考核" and r.deadline)
    assert window.select_task(leaf.task_id)

    def status_cell() -> str:
        row = window.task_model.row_of_task(leaf.task_id)
        return window.task_model.index(row, TaskColumn.STATUS).data()

    assert status_cell() != "常态化"
    window.task_kind_action.trigger()
    assert status_cell() == "常态化"
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).kind.value == "常态化"
        assert any(line.field == "kind" for line in task_history(session, leaf.task_id))
    window.undo_stack.undo()
    assert status_cell() != "常态化"
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).kind.value == "考核"
    window.undo_stack.redo()
    assert status_cell() == "常态化"


def test_ranking_shows_cards_points_and_units_that_lead_no_task(
    qtbot: QtBot, staffed_window
) -> None:
    from supervisor.services.assignment import assign
    from supervisor.services.reporting import bulletin_data
    from supervisor.services.urging import urge
    from supervisor.ui.models.score_model import ScoreColumn
    from tests.ui.conftest import TODAY

    window = staffed_window
    codes = [r.code for r in window.task_model.rows]
    target = next(
        r
        for r in window.task_model.rows
        if r.lead_department
        and r.kind.value == "考核"
        and not any(c.startswith(r.code + ".") for c in codes)  # statistics count leaves
    )
    with window.database.sessions.begin() as session:
        add_department(session, "市档案馆", actor="测试员")
        assign(session, [target.task_id], actor="测试员", co=["市档案馆"])
        for colour in ("红", "红", "黄", "蓝"):
            urge(session, target.task_id, actor="测试员", note="请加快", colour=colour, today=TODAY)
    window.reload_tasks()
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentIndex(1)
    model = window.workflows.dashboard.widget.score_model
    with window.database.sessions() as session:
        data = bulletin_data(session, window.plan_id, as_of=TODAY)
    shown = {
        model.index(r, ScoreColumn.DEPARTMENT).data(): [
            model.index(r, c).data() for c in ScoreColumn
        ]
        for r in range(model.rowCount())
    }
    lead = shown[target.lead_department]
    assert lead[ScoreColumn.RED_CARDS] == "2"
    assert lead[ScoreColumn.YELLOW_CARDS] == "1"
    assert lead[ScoreColumn.BLUE_CARDS] == "1"
    expected = next(d for d in data.departments if d.department == target.lead_department)
    assert lead[ScoreColumn.TASKS] == str(expected.tasks)
    assert lead[ScoreColumn.RANK] == str(expected.rank)
    assert float(lead[ScoreColumn.SCORE]) == pytest.approx(expected.score, abs=0.01)
    assert float(lead[ScoreColumn.POINTS]) == pytest.approx(expected.points, abs=0.01)
    # A unit that only supports is listed below the ranked ones, not ranked.
    names = list(shown)
    assert names.index("市档案馆") >= len(data.departments)
    assert shown["市档案馆"][ScoreColumn.RANK] == "不排名"
    assert shown["市档案馆"][ScoreColumn.SCORE] == "—"
    rank_cell = model.index(names.index(target.lead_department), ScoreColumn.SCORE)
    assert "按任务平均" in rank_cell.data(Qt.ItemDataRole.ToolTipRole)


def test_settings_form_is_checked_as_a_whole(seeded_window) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from supervisor.services.settings import load_settings

    window = seeded_window
    dialog = window.workflows.settings.open_settings_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.edits["warning_yellow_points"].setText("40")
    ok.click()  # above the stored 红灯 band (30): refused, nothing stored
    assert "不能大于" in dialog.error_label.text()
    with window.database.sessions() as session:
        assert load_settings(session).warning_yellow_points == 10.0
    # Raising both bands in one form works, whatever the order they are stored in.
    dialog.edits["warning_red_points"].setText("50")
    ranking = dialog.edits["ranking_score"]
    ranking.setCurrentIndex(ranking.findData("sum"))
    ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    with window.database.sessions() as session:
        stored = load_settings(session)
    assert (stored.warning_yellow_points, stored.warning_red_points) == (40.0, 50.0)
    assert stored.ranking_score == "sum"


def test_progress_sheet_on_a3_paper(qtbot: QtBot, seeded_window, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from supervisor.ui.work.jobs import ExportKind

    window = seeded_window
    dialog = window.workflows.exports.open_export_dialog(ExportKind.PROGRESS)
    assert dialog.paper_combo.isEnabled()
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("A3"))
    dialog.path_edit.setText(str(tmp_path / "周进度表.xlsx"))
    with qtbot.waitSignal(window.workflows.exports.export_finished, timeout=60_000) as blocker:
        window.workflows.exports.start_export(dialog.request())
    sheet = load_workbook(blocker.args[0].path).active
    assert int(sheet.page_setup.paperSize) == 8  # Excel's code of A3
    assert sheet.page_setup.orientation == "landscape"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ExportKind.BULLETIN))
    assert not dialog.paper_combo.isEnabled()  # the bulletin is an A4 official document


def test_fillin_return_date_contact_and_a_co_units_report(
    qtbot: QtBot, qtmodeltester, staffed_window, tmp_path: Path
) -> None:
    import datetime as dt

    from openpyxl import load_workbook
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from supervisor.reports.xlsx_fillin import FIRST_DATA_ROW, TASK_COLUMNS, TASK_SHEET
    from supervisor.reports.xlsx_fillin import column_number as column
    from supervisor.services.progress import task_progress

    window = staffed_window
    flow = window.workflows.fillin
    dialog = flow.open_fillin_export_dialog(flow.fillin_periods())
    assert dialog.period().key == "2020-W27"
    assert dialog.return_by() == dt.date(2020, 7, 3)  # the week's Friday by default
    dialog.return_by_edit.setDate(QDate(2020, 7, 6))
    dialog.folder_edit.setText(str(tmp_path / "填报表"))
    with qtbot.waitSignal(flow.fillin_exported, timeout=60_000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    exported = blocker.args[0]
    qtbot.wait(PAST_PROGRESS_DELAY_MS)
    assert visible_progress_dialogs() == []
    workbook = exported.target / exported.workbooks[0].file_name
    book = load_workbook(workbook)
    sheet = book[TASK_SHEET]
    texts = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("报送截止：2020年7月6日" in text for text in texts)
    contact_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "联系人")
    sheet.cell(contact_row, 3).value = "张三"
    sheet.cell(contact_row, 6).value = "0952-2012345"
    row = FIRST_DATA_ROW
    sheet.cell(row, column(TASK_COLUMNS, "progress_text")).value = "已完成方案编制"
    book.save(workbook)
    with qtbot.waitSignal(flow.returns_previewed, timeout=60_000):
        flow.start_return_preview([workbook])
    model = flow.return_dialog.model
    qtmodeltester.check(model)
    first_line = model.index(0, 0, model.index(0, 0)).data()
    assert "联系人：张三" in first_line
    assert "联系电话：0952-2012345" in first_line

    # The office records a co-unit's contribution on its behalf.
    task = next(r for r in window.task_model.rows if r.co_departments and r.lead_department)
    form = window.workflows.progress.open_progress_form(task.task_id)
    co_unit = task.co_departments[0]
    form.unit_combo.setCurrentIndex(form.unit_combo.findData(co_unit))
    assert "配合情况" in form.unit_combo.currentText()
    form.progress_edit.setPlainText("配合完成资金测算")
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert form.result() == form.DialogCode.Accepted
    with window.database.sessions() as session:
        reports = task_progress(session, task.task_id)
    assert [(r.department, r.progress_text) for r in reports][-1] == (co_unit, "配合完成资金测算")


@pytest.fixture
def short_busy_timeout(seeded_window, monkeypatch: pytest.MonkeyPatch) -> None:
    """New connections wait 300 ms (not 20 s) for another writer's lock."""
    import supervisor.db.session as db_session

    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 300)
    seeded_window.database.engine.dispose()


def _hold_write_lock(window):
    import sqlite3

    from supervisor.services.database import database_file

    other = sqlite3.connect(database_file(window.database.url), check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    return other


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_busy_database_keeps_the_form_and_what_was_typed(seeded_window) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from supervisor.services.settings import load_settings

    window = seeded_window
    dialog = window.workflows.settings.open_settings_dialog()
    dialog.open()
    dialog.edits["office_name"].setText("平罗县人民政府督查室")
    other = _hold_write_lock(window)
    try:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert "数据库正忙" in dialog.error_label.text()
        assert dialog.isVisible()
        assert dialog.edits["office_name"].text() == "平罗县人民政府督查室"
    finally:
        other.rollback()
        other.close()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # once free, it saves
    with window.database.sessions() as session:
        assert load_settings(session).office_name == "平罗县人民政府督查室"


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_save_retries_once_when_the_database_was_busy(seeded_window) -> None:
    import threading

    from PySide6.QtWidgets import QDialogButtonBox

    from supervisor.services.settings import load_settings

    window = seeded_window
    dialog = window.workflows.settings.open_settings_dialog()
    dialog.edits["office_name"].setText("惠农区人民政府督查室")
    other = _hold_write_lock(window)
    # Released while the first attempt has given up (after 300 ms), within the second one.
    release = threading.Timer(0.45, lambda: (other.rollback(), other.close()))
    release.start()
    try:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    finally:
        release.join()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    with window.database.sessions() as session:
        assert load_settings(session).office_name == "惠农区人民政府督查室"


def test_a_report_already_imported_is_refused_before_the_preview(
    qtbot: QtBot, seeded_window, seed_report: Path
) -> None:
    flow = seeded_window.workflows.importing
    with qtbot.waitSignal(flow.context.job_failed, timeout=60_000) as blocker:
        flow.start_extraction(seed_report)
    assert "已导入过" in blocker.args[0]
    assert flow.import_dialog is None  # no preview was built


def test_the_weekly_save_is_one_undo_step_above_the_step_before(
    qtbot: QtBot, seeded_window
) -> None:
    from supervisor.services.progress import task_progress
    from supervisor.ui.dialogs.assign_dialog import AssignInput
    from supervisor.ui.models.weekly_model import WeeklyColumn

    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code.count(".") >= 3)
    window.workflows.assignment.assign_tasks(
        [leaf.task_id], AssignInput("市工业和信息化局", None, None, None, False)
    )
    steps = window.undo_stack.count()
    window.weekly_action.trigger()
    weekly = window.workflows.weekly
    qtbot.waitUntil(lambda: weekly.model.rowCount() > 0)
    weekly.proxy.setData(weekly.proxy.index(0, WeeklyColumn.PERCENT), "40")
    task_id = weekly.model.rows[0].task_id
    assert weekly.save() == 1
    assert window.undo_stack.count() == steps + 1  # the save, one step
    assert "撤销" in weekly.message_label.text()
    # 撤销 takes the save back first (the report is withdrawn) …
    window.undo_stack.undo()
    with window.database.sessions() as session:
        assert task_progress(session, task_id) == []
        assert get_task(session, leaf.task_id).lead_department == "市工业和信息化局"
    # … then the assignment before it.
    window.undo_stack.undo()
    with window.database.sessions() as session:
        assert get_task(session, leaf.task_id).lead_department is None


def test_bulletin_as_word_with_a_face_chosen_per_role(
    qtbot: QtBot, seeded_window, tmp_path: Path
) -> None:
    from docx import Document

    from supervisor.ui.work.jobs import ExportKind

    window = seeded_window
    flow = window.workflows.exports
    dialog = flow.open_export_dialog(ExportKind.BULLETIN)
    assert dialog.format_combo.isEnabled()
    assert set(dialog.font_combos) >= {"title", "body", "heading", "subheading", "page_number"}
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("docx"))
    assert dialog.path_edit.text().endswith(".docx")
    body = dialog.font_combos["body"]
    body.setCurrentIndex(body.findData("shipped"))
    dialog.path_edit.setText(str(tmp_path / "督查通报.docx"))
    request = dialog.request()
    assert (request.file_format, dict(request.fonts)) == ("docx", {"body": "shipped"})
    with qtbot.waitSignal(flow.export_finished, timeout=120_000) as blocker:
        flow.start_export(request)
    result = blocker.args[0]
    assert result.path.suffix == ".docx"
    text = "\n".join(p.text for p in Document(str(result.path)).paragraphs)
    assert "督查" in text
    assert any("正文" in face for face in result.faces)
    assert "字体：" in window.workflows.exports.context.last_message
    # The workbooks have no format or faces to choose.
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ExportKind.PROGRESS))
    assert not dialog.format_combo.isEnabled()
    assert dialog.request().file_format == "pdf"


def test_a_task_is_selected_while_ctrl_is_held(qtbot: QtBot, seeded_window) -> None:
    # A reload after Ctrl+Z reselects the task while Ctrl is still down: it must stay selected.
    window = seeded_window
    first, second = window.task_model.rows[0], window.task_model.rows[1]
    assert window.select_task(first.task_id)
    qtbot.keyPress(window.task_view, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    try:
        assert window.select_task(first.task_id)
        assert [r.task_id for r in window.selected_rows()] == [first.task_id]
        assert window.select_task(second.task_id)
        assert [r.task_id for r in window.selected_rows()] == [second.task_id]
    finally:
        qtbot.keyRelease(window.task_view, Qt.Key.Key_Control)
