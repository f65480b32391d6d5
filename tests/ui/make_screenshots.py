"""Render the screenshots in docs/screenshots offscreen from the seed report (run as a script).

QT_QPA_PLATFORM=offscreen python tests/ui/make_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "docs" / "screenshots"
TODAY = dt.date(2020, 6, 30)


def _populate(database, plan_id: int) -> None:
    """Give the plan assignments, reports and urgings, so every colour shows."""
    from supervisor.services import departments, progress, reporting, urging

    with database.sessions.begin() as session:
        departments.accept_suggestions(session, plan_id, None, actor="督查室")
    with database.sessions.begin() as session:
        rows = [
            r
            for r in reporting.task_rows(session, plan_id, as_of=TODAY, leaves_only=True)
            if r.lead_department
        ]
    plan = [
        (0.45, "项目前期手续已全部办结，已开工建设。"),
        (0.6, "已完成年度投资的六成，进度快于序时。"),
        (0.2, "受疫情影响，部分项目开工推迟。"),
        (1.0, "已全面完成。"),
        (0.5, "按计划推进。"),
    ]
    with database.sessions.begin() as session:
        for i, row in enumerate(rows[:60]):
            share, text = plan[i % len(plan)]
            actuals = {}
            for indicator in row.indicators:
                if indicator.value and indicator.indicator_id:
                    actuals[indicator.indicator_id] = round(indicator.value * share, 1)
            progress.add_progress(
                session,
                row.task_id,
                actor="督查室",
                report_date=TODAY - dt.timedelta(days=i % 9),
                percent=share * 100,
                actuals=actuals,
                progress_text=text,
                problems="资金缺口较大。" if share < 0.3 else "",
                next_steps="加快推进，确保按期完成。",
                today=TODAY,
            )
        for row in rows[2:40:5]:
            urging.urge(
                session, row.task_id, actor="督查室", note="请加快推进", colour="黄", today=TODAY
            )


def _shoot_main_screens(app, window, task_id: int, size: tuple[int, int], suffix: str) -> None:
    """The task list, the dashboard and the 本周报送 grid at one window size."""
    window.resize(*size)
    window.tabs.setCurrentIndex(0)
    app.processEvents()
    window.select_task(task_id)
    app.processEvents()
    window.grab().save(str(SHOTS / f"main-window{suffix}.png"))

    loaded: list[object] = []
    window.workflows.dashboard.dashboard_loaded.connect(loaded.append)
    window.tabs.setCurrentWidget(window.workflows.dashboard.page)
    while not loaded:
        app.processEvents()
    app.processEvents()
    window.grab().save(str(SHOTS / f"dashboard{suffix}.png"))
    window.workflows.dashboard.dashboard_loaded.disconnect(loaded.append)

    weekly = window.workflows.weekly
    window.tabs.setCurrentWidget(weekly.page)
    app.processEvents()
    weekly.grid.move_to(0, 4)
    weekly.grid.paste("60\t\t项目前期手续已全部办结\n150\t\t\n")
    app.processEvents()
    window.grab().save(str(SHOTS / f"weekly{suffix}.png"))
    weekly.model.clear_entries()

    deadlines = window.workflows.deadlines
    window.tabs.setCurrentWidget(deadlines.page)
    app.processEvents()
    deadlines.tree.expandToDepth(0)
    app.processEvents()
    window.grab().save(str(SHOTS / f"deadlines{suffix}.png"))
    window.tabs.setCurrentIndex(0)


def _shoot_printing(app, window) -> None:
    """The 打印预览 form, and the preview of the 周进度表 it opens."""
    printing = window.workflows.exports.printing
    choice = printing.open_choice(preview=True)
    choice.show()
    app.processEvents()
    choice.grab().save(str(SHOTS / "print-choice.png"))
    opened: list[object] = []
    printing.preview_opened.connect(opened.append)
    printing.preview_document(choice.request())
    choice.close()
    while not opened:
        app.processEvents()
    dialog = opened[0]
    dialog.resize(1280, 800)
    for _ in range(20):
        app.processEvents()
    dialog.grab().save(str(SHOTS / "print-preview.png"))
    dialog.reject()


def _shoot_plan_import(app, window, database, folder: Path) -> None:
    """导入分工方案: an office's sheet with a column headed 主抓 and a date it cannot read."""
    from openpyxl import Workbook

    from supervisor.services.plan_import import Field, preview_plan_sheet
    from supervisor.ui.dialogs.plan_import_dialog import PlanImportDialog

    book = Workbook()
    sheet = book.active
    sheet.append(["2021年市政府工作报告重点工作任务分工方案"])
    sheet.append(["序号", "重点任务", "主抓", "配合单位", "责任领导", "完成时限"])
    sheet.append(["一、聚焦产业转型"])
    sheet.append(
        [
            1,
            "全力推进102个重点项目建设，完成投资128亿元。",
            "市发展改革委",
            "市财政局",
            "张副市长",
            "2021年6月底前",
        ]
    )
    sheet.append([2, "实施40个两化融合项目。", "市工业和信息化局", "", "李副市长", "年底前"])
    sheet.append(["二、聚焦生态保护"])
    sheet.append([3, "打好蓝天保卫战。", "市生态环境局", "市发展改革委", "王副市长", "长期"])
    sheet.append([4, "开展河湖清四乱专项行动。", "市河湖长制办公室", "", "王副市长", "待定"])
    path = folder / "2021年分工方案.xlsx"
    book.save(path)
    with database.sessions() as session:
        # The lead-unit column as the user maps it in the dialog (主抓 is not recognised).
        first = preview_plan_sheet(session, path)
        preview = preview_plan_sheet(
            session, path, columns={**first.mapping.columns, Field.LEAD: 3}
        )
    dialog = PlanImportDialog(preview, window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(SHOTS / "plan-import.png"))
    dialog.close()


def main() -> None:
    """Import the seed, fill it with activity, open each screen and save a PNG of it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp())
    os.environ["SUPERVISOR_DATA_DIR"] = str(folder)
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    from supervisor.services.database import open_database
    from supervisor.services.plans import import_report
    from supervisor.ui.app import install_translations
    from supervisor.ui.fonts import apply_ui_font, register_fonts
    from supervisor.ui.main_window import MainWindow
    from supervisor.ui.work.jobs import extract_file

    app = QApplication([])
    install_translations(app)
    apply_ui_font(app, register_fonts())
    seed = REPO / "resources" / "reports" / "2020-shizuishan.txt"
    database = open_database(f"sqlite:///{folder / 'office.sqlite'}")
    with database.sessions.begin() as session:
        plan = import_report(session, seed, actor="督查室")
    _populate(database, plan.id)
    SHOTS.mkdir(parents=True, exist_ok=True)

    empty = open_database(f"sqlite:///{folder / 'empty.sqlite'}")
    start = MainWindow(empty, today=TODAY)
    start.resize(1280, 800)
    start.show()
    app.processEvents()
    start.grab().save(str(SHOTS / "start-page.png"))
    start.close()
    empty.close()

    window = MainWindow(database, today=TODAY)
    window.show()
    window.refresh()
    while window.background_work_pending:
        app.processEvents()
    leaf = next(r for r in window.task_model.rows if r.indicators and r.last_report_date)
    # Every main screen at a common laptop size and at the smallest supported one.
    for suffix, size in (("", (1280, 800)), ("-1024", (1024, 700))):
        _shoot_main_screens(app, window, leaf.task_id, size, suffix)

    form = window.workflows.progress.open_progress_form(leaf.task_id)
    form.progress_edit.setPlainText("已开工建设，完成投资8.2亿元。")
    form.problems_edit.setPlainText("部分项目用地手续尚未办结。")
    form.next_edit.setPlainText("协调自然资源部门加快办理用地手续。")
    form.show()
    app.processEvents()
    form.grab().save(str(SHOTS / "progress-form.png"))
    form.close()

    from supervisor.ui.dialogs.import_dialog import ImportDialog

    preview = ImportDialog(extract_file(seed), window)
    preview.show()
    preview.tree.expandToDepth(2)
    app.processEvents()
    preview.grab().save(str(SHOTS / "import-preview.png"))
    preview.close()
    _shoot_plan_import(app, window, database, folder)

    _shoot_printing(app, window)

    departments = window.workflows.departments.open_departments_dialog()
    departments.show()
    app.processEvents()
    departments.grab().save(str(SHOTS / "departments.png"))
    departments.close()

    from supervisor.ui.dialogs.login_dialog import LoginDialog

    login = LoginDialog(
        "postgresql+psycopg://192.168.1.20:5432/supervisor",
        lambda _u, _p: None,
        window,
        user="zhangsan",
    )
    login.show()
    app.processEvents()
    login.grab().save(str(SHOTS / "login.png"))
    login.close()

    settings = window.workflows.settings.open_settings_dialog()
    settings.show()
    app.processEvents()
    settings.grab().save(str(SHOTS / "settings.png"))
    settings.close()

    from supervisor.ui.work.jobs import ExportKind

    export = window.workflows.exports.open_export_dialog(ExportKind.BULLETIN)
    export.format_combo.setCurrentIndex(export.format_combo.findData("docx"))
    export.show()
    app.processEvents()
    export.grab().save(str(SHOTS / "export-dialog.png"))
    export.close()
    window.close()
    database.close()
    print(f"screenshots written to {SHOTS}")


if __name__ == "__main__":
    main()
