"""Comfort (issue 14, point 3): a start page, help, open after export, backup and restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from supervisor import __version__
from supervisor.services.tasks import list_tasks
from supervisor.ui.work.jobs import ExportKind

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_an_empty_database_starts_with_what_to_do_first(window) -> None:
    assert window.pages.currentWidget() is window.start_page
    assert window.start_page.import_button.isVisible()
    window.workflows.importing.create_plan("市长批示事项", 2020, "领导批示")
    assert window.pages.currentWidget() is window.tabs


def test_a_seeded_database_starts_with_the_tasks(seeded_window) -> None:
    assert seeded_window.pages.currentWidget() is seeded_window.tabs


def test_help_shows_the_shipped_manual_and_about(window) -> None:
    manual = window.workflows.help.open_manual()
    text = manual.browser.toPlainText()
    assert "报送进展" in text
    assert "找不到使用说明文件" not in text
    about = window.workflows.help.about_text()
    assert __version__ in about
    assert "离线" in about
    assert [a.text() for a in window.menuBar().actions()][-1] == "帮助(&H)"


def test_export_offers_to_open_the_file_and_its_folder(
    qtbot: QtBot, seeded_window, tmp_path: Path, monkeypatch
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    window = seeded_window
    exports = window.workflows.exports
    dialog = exports.open_export_dialog(ExportKind.ASSIGNMENT)
    target = tmp_path / "分工方案.xlsx"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(exports.export_finished, timeout=60_000):
        exports.start_export(dialog.request())
    buttons = {b.text(): b for b in exports.result_box.findChildren(QPushButton)}
    buttons["打开文件"].click()
    buttons["打开所在文件夹"].click()
    assert opened == [str(target), str(tmp_path)]


def test_backup_then_restore_brings_the_data_back(seeded_window, tmp_path: Path) -> None:
    window = seeded_window
    flow = window.workflows.backup
    copy = flow.backup_to(tmp_path / "备份.sqlite")
    assert copy is not None
    assert copy.stat().st_size > 0
    with window.database.sessions() as session:
        before = len(list_tasks(session, window.plan_id))
    first = window.task_model.rows[0]
    assert window.workflows.tasks.delete_tasks([first.task_id])
    with window.database.sessions() as session:
        assert len(list_tasks(session, window.plan_id)) < before

    kept = flow.restore_from(copy)
    assert kept is not None
    assert kept.is_file()
    assert kept.parent == flow.database_file().parent / "backups"
    with window.database.sessions() as session:
        assert len(list_tasks(session, window.plan_id)) == before
    assert window.task_model.row_of_task(first.task_id) is not None
    assert not window.undo_stack.canUndo()


def test_restoring_a_file_that_is_no_database_changes_nothing(
    seeded_window, tmp_path: Path
) -> None:
    window = seeded_window
    bogus = tmp_path / "不是数据库.sqlite"
    bogus.write_text("这不是数据库", encoding="utf-8")
    with window.database.sessions() as session:
        before = len(list_tasks(session, window.plan_id))
    assert window.workflows.backup.restore_from(bogus) is None
    assert "数据库" in window.context.last_message
    with window.database.sessions() as session:
        assert len(list_tasks(session, window.plan_id)) == before
    assert window.task_model.rowCount() > 0


def test_quit_closes_the_window(window) -> None:
    window.quit_action.trigger()
    assert not window.isVisible()


def test_open_path_reports_a_failure(window, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert not window.context.open_path(tmp_path)
    assert str(tmp_path) in window.context.last_message
