"""The GUI entry point starts on the database named on the command line and quits cleanly.

Run in a child process: quitting the application's event loop would leave the test
process's QApplication closing, which stops later tests' worker threads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from supervisor.ui import app as gui
from supervisor.ui.main_window import MainWindow

def look_and_quit():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            print("shown:", window.windowTitle())
            window.close()
    app.quit()

QTimer.singleShot(0, look_and_quit)
print("exit:", gui.main(["--db", sys.argv[1]]))
"""


def test_main_shows_the_window_and_returns(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "office.sqlite"
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(repo)}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=repo,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["shown: 重点任务督查督办", "exit: 0"]
    assert database.exists()
    assert (data_dir / "gui.ini").exists()  # the window layout was saved on close
