"""Benchmark the GUI against bare PySide6 baselines measured in the same run.

Figures: launch to a usable main window on a fresh database (vs an empty QMainWindow
process, and vs the stack floor: that window plus SQLAlchemy's ORM and one query), opening
the task table with 100,000 tasks (vs a bare QTableView over a 100,000-row model), live
filtering per keystroke and sorting (vs QSortFilterProxyModel defaults). Every figure runs
in its own subprocess with ``QT_QPA_PLATFORM=offscreen``.

    python benchmarks/bench_gui.py [--rows 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_BARE_LAUNCH = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
"""

# The least any window on this stack can cost: the bare window plus SQLAlchemy's ORM with this
# project's tables mapped and one query, as the first screen needs; no code of the app's own.
_STACK_FLOOR_LAUNCH = """
import gc, os
gc.disable()  # as main.py does while starting
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from supervisor.db import models
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
engine = create_engine("sqlite:///" + os.path.join(os.environ["SUPERVISOR_DATA_DIR"], "f.sqlite"))
models.Plan.__table__.create(engine)
with Session(engine) as session:
    session.scalars(select(models.Plan)).all()
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
"""

_APP_LAUNCH = """
import importlib.abc, sys


class QuitWhenShown(importlib.abc.MetaPathFinder):
    # Touches nothing until the main window's module is imported (the application object
    # exists by then); then quits as soon as the event loop runs: the window has been built,
    # shown and laid out. main.py runs as it does for a user, imports in its own order.
    def find_spec(self, name, path=None, target=None):
        if name == "supervisor.ui.main_window":
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QApplication

            QTimer.singleShot(0, QApplication.instance().quit)
            sys.meta_path.remove(self)
        return None


sys.meta_path.insert(0, QuitWhenShown())
sys.argv = ["main.py"]
import main  # the real entry point, as the packaged programs start
main.main()
"""

_COMMON = r"""
import datetime as dt, json, sys, time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
ROWS = int(sys.argv[1])
KEYS = ["重", "重点", "重点项", "重点项目", "重点项", "重点", "重", ""]


def timed(action):
    start = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - start
"""

_BARE_TABLE = (
    _COMMON
    + r"""
class BareModel(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 9

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


rows = [
    (f"2.{i // 100}.{i % 100}", f"第{i}项重点项目建设" if i % 7 == 0 else f"第{i}项民生任务",
     f"指标{i}", f"单位{i % 40}", "2020-12-31", f"{i % 100}%", "达序时", "2020-06-01", "1")
    for i in range(ROWS)
]
view = QTableView()
view.resize(1280, 800)
proxy = QSortFilterProxyModel()


def open_table():
    model = BareModel(rows)
    proxy.setSourceModel(model)
    view.setModel(proxy)
    view.show()


result = {"open": timed(open_table)}
result["filter"] = [timed(lambda k=k: proxy.setFilterFixedString(k)) for k in KEYS]
result["sort"] = timed(lambda: proxy.sort(1))
print(json.dumps(result))
"""
)

_APP_TABLE = (
    _COMMON
    + r"""
import tempfile
from supervisor.domain import TaskStatus
from supervisor.reports.data import IndicatorRow, TaskRow
from supervisor.services.database import open_database
from supervisor.ui.main_window import MainWindow
from supervisor.ui.models.task_model import TaskColumn


statuses = list(TaskStatus)
rows = [
    TaskRow(
        task_id=i, code=f"2.{i // 100}.{i % 100}",
        title=f"第{i}项重点项目建设" if i % 7 == 0 else f"第{i}项民生任务",
        text=f"推进第{i}项任务，完成投资{i % 50}亿元", area=f"（{i % 9}）领域",
        indicators=(IndicatorRow("投资", f"{i % 50}亿元", float(i % 50), None, "亿元", "=",
                                 float(i % 13)),),
        lead_department=f"单位{i % 40}", deadline=dt.date(2020, 12, 31),
        percent_done=(i % 100) / 100, status=statuses[i % len(statuses)],
        last_report_date=dt.date(2020, 6, 1), urging_count=i % 3,
    )
    for i in range(ROWS)
]
folder = tempfile.mkdtemp()
database = open_database(f"sqlite:///{folder}/bench.sqlite")
window = MainWindow(database, today=dt.date(2020, 6, 30))
window.show()
app.processEvents()
result = {"open": timed(lambda: window.set_rows(rows))}
start = time.perf_counter()
while window.background_work_pending:  # counts, navigation, search text: while idle
    app.processEvents()
result["background"] = time.perf_counter() - start + result["open"]
result["filter"] = [timed(lambda k=k: window.search_edit.setText(k)) for k in KEYS]
result["sort"] = timed(lambda: window.task_view.sortByColumn(TaskColumn.TITLE,
                                                           Qt.SortOrder.AscendingOrder))
print(json.dumps(result))
window.close()
database.close()
"""
)


def _env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SUPERVISOR_DATA_DIR"] = data_dir
    env.pop("SUPERVISOR_DB", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _launch_times(repeat: int) -> tuple[float, float, float]:
    """Median wall times of whole processes (interpreter, imports, window, exit).

    Ours, the bare window and the stack floor alternate, so a machine that slows down for a
    while slows all three alike.
    """
    ours: list[float] = []
    bare: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):
        for code, times in (
            (_APP_LAUNCH, ours),
            (_BARE_LAUNCH, bare),
            (_STACK_FLOOR_LAUNCH, floor),
        ):
            with tempfile.TemporaryDirectory() as folder:  # a fresh database every time
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], env=_env(folder), check=True, cwd=REPO)
                times.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare), statistics.median(floor)


def _table_figures(code: str, rows: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            [sys.executable, "-c", code, str(rows)],
            env=_env(folder),
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _line(label: str, ours: float, bare: float, unit: str = "s", base: str = "bare") -> str:
    scale = 1000 if unit == "ms" else 1
    return (
        f"{label:<44} {ours * scale:9.3f} {unit:<2}  {base:<5} {bare * scale:9.3f} {unit:<2}  "
        f"ratio {ours / bare if bare else float('nan'):5.2f}"
    )


def main() -> None:
    """Run every figure and print it beside its baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    # Bytecode as an installed program has it (pip and the bundle compile the package), so the
    # figure does not depend on whether this checkout's caches happen to be fresh.
    compileall.compile_dir(REPO / "supervisor", quiet=1)
    app_launch, bare_launch, floor_launch = _launch_times(args.repeat)
    print(_line("launch to usable main window (fresh database)", app_launch, bare_launch))
    print(_line("  … stack floor: bare window + SQLAlchemy ORM", floor_launch, bare_launch))
    print(_line("  … ours against the stack floor", app_launch, floor_launch, base="floor"))

    bare = _table_figures(_BARE_TABLE, args.rows)
    ours = _table_figures(_APP_TABLE, args.rows)
    print(_line(f"open task table, {args.rows:,} tasks", ours["open"], bare["open"]))
    print(
        f"{'  … counts and search text ready (idle work)':<44} {ours['background']:9.3f} s "
        "  (the window answers input meanwhile)"
    )
    print(
        _line(
            "filter per keystroke, median",
            statistics.median(ours["filter"]),
            statistics.median(bare["filter"]),
            "ms",
        )
    )
    print(_line("filter per keystroke, worst", max(ours["filter"]), max(bare["filter"]), "ms"))
    print(_line("sort by title", ours["sort"], bare["sort"]))


if __name__ == "__main__":
    main()
