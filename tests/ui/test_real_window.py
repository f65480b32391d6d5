"""The real program in a real window (issue 14, point 6): import, report, export, quit by keys."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from supervisor.services.database import open_database
from supervisor.services.plans import import_report, list_plans
from supervisor.services.progress import task_progress
from supervisor.services.tasks import get_task, list_tasks
from tests.conftest import REPO

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

APP_TITLE = "重点任务督查督办"
TOOLS = ("xdotool", "xclip", "import")  # import: ImageMagick's screenshot of the root window
TASK_CODE = "2.5.1.1"  # a task of the seed with two indicators; any such task would do
REPORT_DATE = dt.date(2020, 12, 28)  # in the plan year's last week, which the export offers
PROGRESS_TEXT = "已帮扶脱贫80户，发放产业补贴"
PROBLEMS_TEXT = "部分村集体产业规模偏小"
REPORTER = "张晓红"


class Screen:
    """Drives one process's windows on an X display with xdotool and takes screenshots."""

    def __init__(self, display: str, process: subprocess.Popen[bytes], shots: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.process = process
        self.shots = shots
        self.taken: list[Path] = []
        self.main = ""  # the main window's id, once it is up
        self._clipboards: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str) -> str:
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=30)
        return done.stdout

    def windows(self) -> dict[str, str]:
        """The program's visible top-level windows: id → title."""
        pid = str(self.process.pid)
        ids = self.run("xdotool", "search", "--onlyvisible", "--pid", pid).split()
        return {wid: self.run("xdotool", "getwindowname", wid).strip() for wid in ids}

    def active(self) -> str:
        """The window with the keyboard focus."""
        return self.run("xdotool", "getactivewindow").strip()

    def others(self) -> dict[str, str]:
        """Visible windows besides the main one."""
        return {w: t for w, t in self.windows().items() if w != self.main}

    def wait(self, what: str, ready: Callable[[], object], timeout: float = 30) -> object:
        """Poll ``ready`` until it gives something true; fail after ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = ready()
            if value:
                return value
            if self.process.poll() is not None:
                raise AssertionError(f"the program ended while waiting for {what}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; windows: {self.windows()}")

    def wait_window(self, title_part: str, *, exact: bool = False) -> str:
        """Poll until a window (not the main one) with this title is visible; its id."""

        def found() -> str:
            # Visible is not enough: keys typed before the window manager focuses it are lost.
            active = self.active()
            for wid, title in self.others().items():
                if wid == active and (title == title_part or (not exact and title_part in title)):
                    return wid
            return ""

        return str(self.wait(f"a window “{title_part}”", found))

    def wait_only_main(self, steady: float = 0.0) -> None:
        """Poll until the main window is the only one, and stays so for ``steady`` seconds."""
        since: float | None = None

        def only_main() -> bool:
            nonlocal since
            if self.others() or self.active() != self.main:
                since = None
                return False
            since = since if since is not None else time.monotonic()
            return time.monotonic() - since >= steady

        self.wait("the main window alone", only_main, timeout=30 + steady)

    def key(self, *keys: str) -> None:
        for key in keys:  # one at a time: a date field moves its section on each Tab
            self.run("xdotool", "key", "--clearmodifiers", key)

    def type_ascii(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "8", text)

    def paste(self, text: str) -> None:
        """Type Chinese text: put it on the clipboard with xclip, then Ctrl+V."""
        clip = subprocess.Popen(
            ["xclip", "-selection", "clipboard", "-quiet"],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._clipboards.append(clip)
        assert clip.stdin is not None
        clip.stdin.write(text.encode("utf-8"))
        clip.stdin.close()
        self.wait(
            "the clipboard", lambda: self.run("xclip", "-selection", "clipboard", "-o") == text
        )
        self.key("ctrl+v")

    def shot(self, step: str) -> None:
        """A screenshot of the whole display, kept to be printed if the test fails."""
        path = self.shots / f"{len(self.taken) + 1:02d}-{step}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, timeout=30)
        self.taken.append(path)

    def close(self) -> None:
        """Stop the clipboard owners this screen started."""
        for clip in self._clipboards:
            clip.terminate()
            clip.wait(timeout=10)


@pytest.fixture
def x_tools() -> None:
    """xdotool, xclip and ImageMagick's import (.ci/run installs them): else skip, in CI fail."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"the real-window test needs {', '.join(missing)} (xdotool, xclip, imagemagick)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def screen(real_display: str, x_tools: None, data_dir: Path, tmp_path: Path) -> Iterator[Screen]:
    """``python main.py`` started on the xcb platform with an empty data folder, on screen."""
    home = tmp_path / "home"
    home.mkdir()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    env = {
        **os.environ,
        "DISPLAY": real_display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),  # the file dialogs open here; nothing of the tester's is read
        "SUPERVISOR_DATA_DIR": str(data_dir),
    }
    with (tmp_path / "program.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "main.py")], cwd=REPO, env=env, stdout=log, stderr=log
        )
        screen = Screen(real_display, process, shots)
        try:
            yield screen
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            screen.close()


def test_the_real_program_imports_reports_exports_and_quits(
    screen: Screen, seed_report: Path, data_dir: Path, tmp_path: Path
) -> None:
    sheet_path = tmp_path / "out" / "week-progress.xlsx"
    bulletin_path = tmp_path / "out" / "bulletin.pdf"
    sheet_path.parent.mkdir()
    try:
        _drive(screen, seed_report, sheet_path, bulletin_path, data_dir / "supervisor.sqlite")
        returncode = screen.process.wait(timeout=30)
    except BaseException:
        screen.shot("failure")
        print("screenshots:", *map(str, screen.taken), sep="\n  ")
        print("program log:", (tmp_path / "program.log").read_text(errors="replace"))
        raise
    assert returncode == 0
    # No traceback on the terminal or in the log of unexpected errors.
    for log in (tmp_path / "program.log", data_dir / "supervisor.log"):
        assert "Traceback" not in (log.read_text(errors="replace") if log.exists() else "")
    _check_database(data_dir / "supervisor.sqlite", seed_report, tmp_path)
    _check_sheet(sheet_path)
    text = "".join(page.extract_text() for page in PdfReader(bulletin_path).pages)
    assert PROGRESS_TEXT in "".join(text.split())


def _drive(
    screen: Screen, seed_report: Path, sheet_path: Path, bulletin_path: Path, database: Path
) -> None:
    screen.main = screen.wait_window(APP_TITLE, exact=True)
    screen.shot("started")

    # 导入报告 (Ctrl+I): the file dialog takes a typed path; the preview's 保存 is the default.
    screen.key("ctrl+i")
    screen.wait_window("选择报告文件")
    screen.type_ascii(str(seed_report))
    screen.shot("file-dialog")
    screen.key("Return")
    screen.wait_window("提取预览")
    screen.shot("preview")
    screen.key("Return")
    screen.wait("the plan stored", lambda: _plan_count(database))
    screen.wait_only_main()
    screen.shot("imported")

    # Find the task (Ctrl+F), Tab past the five filters into the table, 报送进展 (Ctrl+R).
    screen.key("ctrl+f")
    screen.type_ascii(TASK_CODE)
    screen.key(*["Tab"] * 6)
    screen.key("ctrl+r")
    screen.wait_window("报送进展")
    # The form opens in 完成进度; Shift+Tab goes back into the date, a section at a time.
    screen.key("shift+Tab", "shift+Tab", "shift+Tab")
    screen.type_ascii(REPORT_DATE.strftime("%Y%m%d"))
    screen.key("Tab")
    screen.type_ascii("40")
    screen.key("Tab")  # down the form: 进展情况, 存在问题, 下步打算, 报送人, then the indicators
    screen.paste(PROGRESS_TEXT)
    screen.key("Tab")
    screen.paste(PROBLEMS_TEXT)
    screen.key("Tab", "Tab")
    screen.paste(REPORTER)
    screen.key("Tab")
    screen.type_ascii("80")
    screen.shot("progress-form")
    screen.key("Return")
    screen.wait_only_main()
    screen.shot("reported")

    # 导出报表 (Ctrl+E): the 周进度表 of the latest week, then the 督查通报 (one Down in 报表).
    for kind_keys, path in (((), sheet_path), (("Down",), bulletin_path)):
        screen.key("ctrl+e")
        screen.wait_window("导出报表")
        screen.key(*kind_keys)
        # Back from 报表 to 保存到, past 取消, 确定 and 浏览….
        screen.key("shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab", "ctrl+a")
        screen.type_ascii(str(path))
        screen.shot(f"export-{path.suffix[1:]}")
        screen.key("Return")
        screen.wait_window(APP_TITLE, exact=True)  # 已导出：… in a message box
        screen.shot(f"exported-{path.suffix[1:]}")
        screen.key("Escape")
        screen.wait_only_main()

    # Nothing comes back: no worker's progress dialog, no message box, only the main window
    # (a progress dialog shows 400 ms after its last step, so two quiet seconds are enough).
    screen.wait_only_main(steady=2.0)
    assert screen.others() == {}
    screen.shot("before-quit")
    # 文件(&F) → 退出, the menu's last item (Up from the top wraps to it).
    screen.key("alt+f")
    screen.wait("the 文件 menu", screen.others)
    screen.key("Up")
    screen.shot("file-menu")
    screen.key("Return")


def _plan_count(path: Path) -> int:
    """The plans stored so far (0 before the program made its database)."""
    if not path.exists():
        return 0
    database = open_database(f"sqlite:///{path}", upgrade=False, create=False)
    try:
        with database.sessions() as session:
            return len(list_plans(session))
    finally:
        database.close()


def _check_database(path: Path, seed_report: Path, tmp_path: Path) -> None:
    """The plan is the one the import service makes of the seed; the report as typed."""
    reference = open_database(f"sqlite:///{tmp_path / 'reference.sqlite'}")
    try:
        with reference.sessions.begin() as session:
            expected = import_report(session, seed_report, actor="测试员")
    finally:
        reference.close()
    database = open_database(f"sqlite:///{path}", upgrade=False, create=False)
    try:
        with database.sessions() as session:
            plans = list_plans(session)
            assert [(p.title, p.year, p.task_count) for p in plans] == [
                (expected.title, expected.year, expected.task_count)
            ]
            task = next(t for t in list_tasks(session, plans[0].id) if t.code == TASK_CODE)
            first_indicator = get_task(session, task.id).indicators[0]
            reports = task_progress(session, task.id)
    finally:
        database.close()
    assert len(reports) == 1
    report = reports[0]
    assert report.report_date == REPORT_DATE
    assert report.percent == 40
    assert (report.progress_text, report.problems, report.next_steps) == (
        PROGRESS_TEXT,
        PROBLEMS_TEXT,
        "",
    )
    assert report.reporter == REPORTER
    assert [(a.indicator_id, a.value) for a in report.actuals] == [(first_indicator.id, 80)]


def _check_sheet(path: Path) -> None:
    """The exported 周进度表 opens and shows the report in the task's row."""
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "本期进展" in row)
    row = next(r for r in rows if str(r[header.index("重点任务")] or "").startswith(TASK_CODE))
    assert row[header.index("本期完成进度")] == pytest.approx(0.4)
    assert row[header.index("本期进展")] == PROGRESS_TEXT
    assert row[header.index("存在问题")] == PROBLEMS_TEXT


def test_tab_goes_down_the_progress_form_as_laid_out(qtbot: QtBot, seeded_window) -> None:
    """The indicator fields (made first) came right after 完成进度, skipping the texts."""
    window = seeded_window
    leaf = next(r for r in window.task_model.rows if r.code == TASK_CODE)
    form = window.workflows.progress.open_progress_form(leaf.task_id)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.percent_edit.hasFocus())
    expected = [
        form.progress_edit,
        form.problems_edit,
        form.next_edit,
        form.reporter_edit,
        *form.actual_edits.values(),
    ]
    assert len(form.actual_edits) == 2
    reached = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == expected
    form.close()
