"""The main window opens offscreen with its Chinese title and lists the plans."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from supervisor.db.models import Plan
from supervisor.services.database import open_database
from supervisor.ui.main_window import MainWindow
from supervisor.ui.models.plan_model import PlanColumn, PlanTableModel


def test_main_window_lists_plans(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'office.sqlite'}")
    with db.sessions.begin() as session:
        session.add(Plan(title="2020年石嘴山市政府工作报告", year=2020, source="政府工作报告"))
        session.add(Plan(title="市长批示事项", year=2021, source="领导批示"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "重点任务督查督办"
    model = window.plan_model
    titles = [model.index(r, PlanColumn.TITLE).data() for r in range(model.rowCount())]
    assert titles == ["市长批示事项", "2020年石嘴山市政府工作报告"]
    db.close()


def test_plan_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    import datetime as dt

    from supervisor.services.plans import PlanSummary

    model = PlanTableModel()
    model.set_rows(
        [PlanSummary(1, "2020年报告", 2020, "政府工作报告", "a.txt", 3, dt.datetime(2020, 1, 1))]
    )
    qtmodeltester.check(model)
