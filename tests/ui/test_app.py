"""The GUI entry point starts on the database named on the command line and quits cleanly.

Run in a child process: quitting the application's event loop would leave the test
process's QApplication closing, which stops later tests' worker threads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from supervisor.ui import app as gui
from supervisor.ui.main_window import MainWindow

def look_and_quit():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            print("shown:", window.windowTitle())
            window.close()
    app.quit()

def answer(parent, title, text, *args):
    # The question a missing --db file asks; argv[2] is the user's answer.
    print("asked:", text.splitlines()[0])
    return getattr(QMessageBox.StandardButton, sys.argv[2])

QMessageBox.question = answer
QTimer.singleShot(0, look_and_quit)
print("exit:", gui.main(["--db", sys.argv[1]]))
"""


REPO = Path(__file__).resolve().parents[2]


def _run_child(code: str, *args: str, **env: str) -> list[str]:
    """Run ``code`` in a child process offscreen; its output lines."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), **env}
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_main_shows_the_window_and_returns(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "office.sqlite"
    lines = _run_child(_CHILD, str(database), "Yes")
    # A --db file that does not exist is created only when the user agrees.
    assert lines == ["asked: 数据库文件不存在：", "shown: 重点任务督查督办", "exit: 0"]
    assert database.exists()
    assert (data_dir / "gui.ini").exists()  # the window layout was saved on close
    # Once it exists nothing is asked.
    assert _run_child(_CHILD, str(database), "No") == ["shown: 重点任务督查督办", "exit: 0"]


def test_a_missing_database_not_to_be_created_ends_the_program(
    tmp_path: Path, data_dir: Path
) -> None:
    database = tmp_path / "typo.sqlite"
    lines = _run_child(_CHILD, str(database), "No")
    assert lines == ["asked: 数据库文件不存在：", "exit: 1"]
    assert not database.exists()


_CHILD_VIA_MAIN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
import main
from supervisor.ui.main_window import MainWindow

def report_and_quit():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    print("shown:", bool(shown) and shown[0].isVisible())
    heavy = ("openpyxl", "reportlab", "docx", "fontTools", "alembic", "supervisor.extract")
    print("loaded:", ",".join(m for m in heavy if m in sys.modules))
    app.quit()

QTimer.singleShot(0, report_and_quit)
sys.argv = ["main.py"]
print("exit:", main.main())
"""


def test_start_through_main_loads_no_export_extraction_or_migration_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The packaged programs start through main.py; on a fresh database the window must be up
    # before any workbook, PDF, Word, extraction or Alembic code is imported.
    # SUPERVISOR_DB unset: the default database in the data folder, as a first start has it.
    monkeypatch.delenv("SUPERVISOR_DB", raising=False)
    lines = _run_child(_CHILD_VIA_MAIN, SUPERVISOR_DATA_DIR=str(tmp_path))
    assert lines == ["shown: True", "loaded: ", "exit: 0"]
    assert (tmp_path / "supervisor.sqlite").exists()
