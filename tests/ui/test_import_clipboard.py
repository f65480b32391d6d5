"""A report pasted from the clipboard imports like a file: preview, duplicates, limits, source."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from supervisor.db.models import Plan

REPORT = (
    "2023年某县人民政府工作报告\n"
    "一、过去一年工作回顾\n全县地区生产总值增长6%。\n"
    "二、2023年重点工作\n"
    "（一）改善民生\n"
    "农村集中供水率从88%提高到92%。\n"
    "新建乡镇卫生院3所，城镇新增就业1500人以上。\n"
)


def _plans(window) -> list[tuple[str, str, str]]:
    with window.database.sessions() as session:
        return [
            tuple(row)
            for row in session.execute(select(Plan.title, Plan.file_name, Plan.source_text))
        ]


def _paste_and_preview(qtbot: QtBot, window, text: str):
    flow = window.workflows.importing
    flow.import_dialog = None
    QGuiApplication.clipboard().setText(text)
    window.import_clipboard_action.trigger()
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    return flow.import_dialog


def test_pasted_report_is_previewed_and_stored_saying_it_came_from_the_clipboard(
    qtbot: QtBot, window
) -> None:
    # Copied from a web page: Windows line ends, full-width and non-breaking spaces.
    dialog = _paste_and_preview(qtbot, window, REPORT.replace("\n", "\r\n\u3000\u00a0"))
    assert "剪贴板" in dialog.windowTitle()
    assert dialog.model.count()[1] >= 2  # the tasks of the plan year, as from a file
    with qtbot.waitSignal(window.workflows.importing.import_finished, timeout=60_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    [(title, file_name, text)] = _plans(window)
    assert title == "2023年某县人民政府工作报告"
    assert file_name.startswith("从剪贴板粘贴（")
    assert "农村集中供水率从88%提高到92%" in text
    assert "\r" not in text
    assert window.plan_id is not None


def test_the_same_text_again_is_recognised_as_already_imported(qtbot: QtBot, window) -> None:
    dialog = _paste_and_preview(qtbot, window, REPORT)
    with qtbot.waitSignal(window.workflows.importing.import_finished, timeout=60_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    QGuiApplication.clipboard().setText(REPORT.replace("\n", "\n\n  "))  # more blank space
    with qtbot.waitSignal(window.context.job_failed, timeout=60_000) as blocker:
        window.import_clipboard_action.trigger()
    assert "该报告已导入过：《2023年某县人民政府工作报告》" in blocker.args[0]
    assert len(_plans(window)) == 1


@pytest.mark.parametrize("content", ["empty", "blanks", "image"])
def test_a_clipboard_without_text_says_so(window, content: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if content == "image":
        image = QImage(16, 16, QImage.Format.Format_RGB32)
        image.fill(0)
        clipboard.setImage(image)
    else:
        clipboard.setText("" if content == "empty" else " \n\u3000\t\n")
    window.import_clipboard_action.trigger()
    assert "剪贴板中没有文字" in window.context.last_message
    assert window.workflows.importing.import_dialog is None
    with window.database.sessions() as session:
        assert session.scalar(select(func.count(Plan.id))) == 0


def test_the_start_page_offers_the_clipboard(qtbot: QtBot, window) -> None:
    assert window.pages.currentWidget() is window.start_page
    QGuiApplication.clipboard().setText(REPORT)
    window.start_page.import_clipboard_button.click()
    flow = window.workflows.importing
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    assert "农村集中供水率" in flow.import_dialog.preview.pasted.text


def test_a_clipboard_holding_only_html_gives_its_text(qtbot: QtBot, window) -> None:
    data = QMimeData()
    paragraphs = "".join(f"<p>{line}</p>" for line in REPORT.splitlines())
    data.setHtml(f"<html><body>{paragraphs}</body></html>")
    QGuiApplication.clipboard().setMimeData(data)
    flow = window.workflows.importing
    window.import_clipboard_action.trigger()
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    text = flow.import_dialog.preview.pasted.text
    assert "农村集中供水率从88%提高到92%。\n新建乡镇卫生院3所" in text
    assert "<p>" not in text
