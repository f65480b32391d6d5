"""单位管理 loads the office's keyword table; the import preview then suggests from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from supervisor.errors import ValidationError
from supervisor.ui.models.extraction_model import PreviewColumn
from tests.services.test_keyword_table import OWN_UNIT, REPORT, TABLE


def _suggested_leads(dialog) -> list[str]:
    model = dialog.model
    leads = []
    stack = [model.index(row, 0) for row in range(model.rowCount())]
    while stack:
        index = stack.pop()
        leads.append(index.siblingAtColumn(PreviewColumn.LEAD).data())
        stack.extend(model.index(row, 0, index) for row in range(model.rowCount(index)))
    return leads


def _preview(qtbot: QtBot, window, tmp_path: Path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    run = window.workflows.importing.start_extraction(report)
    with qtbot.waitSignal(run.done, timeout=60_000):
        pass
    return window.workflows.importing.import_dialog


def test_a_table_loaded_in_the_dialog_drives_later_previews(
    qtbot: QtBot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert OWN_UNIT not in _suggested_leads(_preview(qtbot, window, tmp_path))

    table = tmp_path / "本县.csv"
    table.write_bytes(TABLE.encode("gbk"))  # as Excel saves it on a Chinese Windows
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(table), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    dialog = window.workflows.departments.open_departments_dialog()
    qtbot.addWidget(dialog)
    assert "软件自带" in dialog.table_label.text()
    assert not dialog.clear_table_button.isEnabled()
    dialog.load_table_button.click()
    assert len(told) == 1
    assert "本县.csv" in told[0]
    assert "本单位的“本县.csv”（2 个单位" in dialog.table_label.text()

    # Kept for the office: a dialog opened later shows it, and the preview suggests from it.
    again = window.workflows.departments.open_departments_dialog()
    qtbot.addWidget(again)
    assert "本县.csv" in again.table_label.text()
    assert OWN_UNIT in _suggested_leads(_preview(qtbot, window, tmp_path))

    again.clear_table_button.click()
    assert "软件自带" in again.table_label.text()


def test_a_bad_table_says_why_and_keeps_the_one_before(
    qtbot: QtBot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "本县.csv"
    good.write_text(TABLE, encoding="utf-8")
    bad = tmp_path / "任务表.csv"
    bad.write_text("序号,任务,完成时限\n1,集中供水,2023-12-31\n", encoding="utf-8")
    dialog = window.workflows.departments.open_departments_dialog()
    qtbot.addWidget(dialog)
    dialog.load_table(good)
    shown = dialog.table_label.text()
    with pytest.raises(ValidationError, match="缺少"):
        dialog.load_table(bad)
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    dialog.load_table_button.click()
    assert warned == ["部门表缺少“单位名称”（name）或“关键词”（keywords）列：任务表.csv"]
    assert dialog.table_label.text() == shown
