"""A task edited while it changed elsewhere: who changed what, 重新载入, no silent overwrite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from supervisor.services import audit, tasks
from supervisor.services.database import Database, open_database
from supervisor.ui.dialogs.task_dialog import TaskDialog
from supervisor.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def close_forms(qtbot: QtBot) -> Iterator[None]:
    """The forms a test leaves open are closed after it (they would outlive their window)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, TaskDialog) and widget.isVisible():
            widget.reject()


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _edit_elsewhere(database: Database, task_id: int, **fields: object) -> None:
    # Another clerk's program: its own session, its own transaction.
    with database.sessions.begin() as session:
        tasks.edit_task(session, task_id, expected_version=None, actor="李四", **fields)


def _task(database: Database, task_id: int) -> tasks.TaskDetail:
    with database.sessions() as session:
        return tasks.get_task(session, task_id)


def test_conflict_shows_who_changed_what_and_saves_nothing(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[3]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    old_title = row.title
    _edit_elsewhere(ui_database, row.task_id, title="李四改的名称", leader="钱副市长")

    dialog.title_edit.setText("我改的名称")
    dialog.text_edit.setPlainText("我补充的任务内容")
    _ok(dialog)

    assert dialog.isVisible()  # the form stays open with what was typed
    assert dialog.title_edit.text() == "我改的名称"
    assert dialog.conflict_panel.isVisible()
    shown = dialog.conflict_text.toPlainText()
    assert f"李四 修改 任务名称：{old_title} → 李四改的名称" in shown
    assert "李四 修改 责任领导" in shown
    assert "钱副市长" in shown
    assert "已被他人修改" in dialog.error_label.text()
    stored = _task(ui_database, row.task_id)
    assert stored.title == "李四改的名称"  # nothing of the clerk's was written
    assert stored.text != "我补充的任务内容"


def test_reload_keeps_the_clerks_own_changes_and_lists_the_clashing_ones(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[3]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    _edit_elsewhere(ui_database, row.task_id, title="李四改的名称")
    dialog.title_edit.setText("我改的名称")
    dialog.text_edit.setPlainText("我补充的任务内容")
    _ok(dialog)

    dialog.reload_button.click()

    # Both changed the title: theirs is loaded, the clerk's stays visible in the panel.
    assert dialog.title_edit.text() == "李四改的名称"
    assert "任务名称：我改的名称" in dialog.conflict_text.toPlainText()
    # Only the clerk changed the text: kept in the form.
    assert dialog.text_edit.toPlainText() == "我补充的任务内容"
    assert not dialog.reload_button.isEnabled()

    _ok(dialog)
    assert not dialog.isVisible()
    stored = _task(ui_database, row.task_id)
    assert (stored.title, stored.text) == ("李四改的名称", "我补充的任务内容")
    with ui_database.sessions() as session:
        history = audit.task_history(session, row.task_id)
    assert [(h.actor, h.field, h.new_value) for h in history[-2:]] == [
        ("李四", "title", "李四改的名称"),
        ("测试员", "text", "我补充的任务内容"),
    ]


def test_second_conflict_lists_only_the_newer_changes(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[4]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    _edit_elsewhere(ui_database, row.task_id, leader="孙副市长")
    dialog.title_edit.setText("我改的名称")
    _ok(dialog)
    dialog.reload_button.click()
    _edit_elsewhere(ui_database, row.task_id, leader="周副市长")
    _ok(dialog)

    shown = dialog.conflict_text.toPlainText()
    assert "孙副市长 → 周副市长" in shown
    assert "→ 孙副市长" not in shown  # already known after the first 重新载入
    assert _task(ui_database, row.task_id).title == row.title


def test_indicator_edit_of_a_changed_task_is_refused_too(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = next(r for r in seeded_window.task_page.task_rows() if r.indicators)
    before = _task(ui_database, row.task_id)
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    _edit_elsewhere(ui_database, row.task_id, leader="吴副市长")
    dialog.indicator_model.remove_draft(0)
    _ok(dialog)

    assert dialog.conflict_panel.isVisible()
    assert len(_task(ui_database, row.task_id).indicators) == len(before.indicators)


def test_unchanged_task_saves_without_a_conflict(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[2]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    dialog.title_edit.setText("直接保存的名称")
    _ok(dialog)
    assert not dialog.isVisible()
    assert not dialog.conflict_panel.isVisible()
    assert _task(ui_database, row.task_id).title == "直接保存的名称"


def test_on_a_server_the_conflict_names_the_other_login(qtbot: QtBot, seed_report) -> None:
    from supervisor.services.office_roles import OfficeRole
    from supervisor.services.plans import import_report
    from tests.pg_office import make_office
    from tests.ui.conftest import TODAY

    office = make_office("gui")
    admin = open_database(office.url(OfficeRole.ADMIN))
    inspector = open_database(office.url(OfficeRole.INSPECTOR))
    try:
        with admin.sessions.begin() as session:
            import_report(session, seed_report, actor="x")
        window = MainWindow(inspector, today=TODAY)
        qtbot.addWidget(window)
        row = window.task_page.task_rows()[3]
        dialog = window.workflows.tasks.open_task_dialog(task_id=row.task_id)
        dialog.open()
        # The administrator's program says it is "李四"; the server records its login.
        _edit_elsewhere(admin, row.task_id, title="管理员改的名称")
        dialog.title_edit.setText("督查员改的名称")
        _ok(dialog)
        shown = dialog.conflict_text.toPlainText()
        assert f"sv_gui_admin 修改 任务名称：{row.title} → 管理员改的名称" in shown
        assert "李四" not in shown
        dialog.reject()
        window.close()
    finally:
        admin.close()
        inspector.close()


def test_undo_does_not_overwrite_a_change_made_elsewhere_since(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[5]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    dialog.title_edit.setText("我改的名称")
    _ok(dialog)
    _edit_elsewhere(ui_database, row.task_id, title="李四后来改的名称")

    seeded_window.undo_stack.undo()

    assert _task(ui_database, row.task_id).title == "李四后来改的名称"
    assert "不能撤销" in seeded_window.context.last_message
    assert "任务名称已被他人修改" in seeded_window.context.last_message


def test_undo_of_an_untouched_edit_still_works(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    row = seeded_window.task_page.task_rows()[5]
    dialog = seeded_window.workflows.tasks.open_task_dialog(task_id=row.task_id)
    dialog.open()
    dialog.title_edit.setText("我改的名称")
    _ok(dialog)
    _edit_elsewhere(ui_database, row.task_id, leader="冯副市长")  # another field

    seeded_window.undo_stack.undo()
    assert _task(ui_database, row.task_id).title == row.title
    seeded_window.undo_stack.redo()
    assert _task(ui_database, row.task_id).title == "我改的名称"
    assert _task(ui_database, row.task_id).leader == "冯副市长"


def test_undo_of_a_move_does_not_undo_a_later_move_made_elsewhere(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    rows = seeded_window.task_page.task_rows()
    task, first_parent, other_parent = rows[-1], rows[0], rows[1]
    flow = seeded_window.workflows.tasks
    assert flow.move_task(task.task_id, first_parent.task_id)
    with ui_database.sessions.begin() as session:
        tasks.move_task(
            session,
            task.task_id,
            parent_id=other_parent.task_id,
            position=None,
            expected_version=None,
            actor="李四",
        )

    seeded_window.undo_stack.undo()

    assert _task(ui_database, task.task_id).parent_id == other_parent.task_id
    assert "上级任务已被他人修改" in seeded_window.context.last_message


def test_undo_of_a_kind_refuses_when_the_kind_was_changed_elsewhere(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    from supervisor.domain import TaskKind

    row = seeded_window.task_page.task_rows()[7]
    flow = seeded_window.workflows.tasks
    assert flow.set_task_kind({row.task_id: row.kind}, TaskKind.ROUTINE)
    assert _task(ui_database, row.task_id).kind == TaskKind.ROUTINE
    with ui_database.sessions.begin() as session:
        tasks.set_task_kind(
            session, row.task_id, TaskKind.ASSESSED, expected_version=None, actor="李四"
        )
    with ui_database.sessions.begin() as session:
        tasks.set_task_kind(
            session, row.task_id, TaskKind.ROUTINE, expected_version=None, actor="李四"
        )
    # Back where this window left it: the undo may go ahead.
    seeded_window.undo_stack.undo()
    assert _task(ui_database, row.task_id).kind == TaskKind.ASSESSED

    seeded_window.undo_stack.redo()
    assert _task(ui_database, row.task_id).kind == TaskKind.ROUTINE
    with ui_database.sessions.begin() as session:
        tasks.set_task_kind(
            session, row.task_id, TaskKind.ASSESSED, expected_version=None, actor="李四"
        )
    seeded_window.undo_stack.undo()
    assert "任务类型已被他人修改" in seeded_window.context.last_message


def test_undo_of_an_assignment_keeps_a_later_assignment_made_elsewhere(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    from supervisor.services import assignment
    from supervisor.ui.dialogs.assign_dialog import AssignInput

    row = seeded_window.task_page.task_rows()[6]
    seeded_window.workflows.assignment.assign_tasks(
        [row.task_id],
        AssignInput(lead=None, co=None, leader="赵副市长", deadline=None, subtree=False),
    )
    with ui_database.sessions.begin() as session:
        assignment.assign(session, [row.task_id], actor="李四", leader="钱副市长")

    seeded_window.undo_stack.undo()

    assert _task(ui_database, row.task_id).leader == "钱副市长"
    assert "不能撤销" in seeded_window.context.last_message
    assert "责任领导已被他人修改" in seeded_window.context.last_message


def test_redo_of_an_assignment_keeps_an_assignment_made_elsewhere_after_the_undo(
    qtbot: QtBot, seeded_window: MainWindow, ui_database: Database
) -> None:
    from supervisor.services import assignment
    from supervisor.ui.dialogs.assign_dialog import AssignInput

    row = seeded_window.task_page.task_rows()[6]
    step = AssignInput(lead=None, co=None, leader="赵副市长", deadline=None, subtree=False)
    seeded_window.workflows.assignment.assign_tasks([row.task_id], step)
    seeded_window.undo_stack.undo()
    assert (_task(ui_database, row.task_id).leader or "") == (row.leader or "")
    with ui_database.sessions.begin() as session:
        assignment.assign(session, [row.task_id], actor="李四", leader="孙副市长")

    seeded_window.undo_stack.redo()

    assert _task(ui_database, row.task_id).leader == "孙副市长"
    assert "不能重做" in seeded_window.context.last_message
