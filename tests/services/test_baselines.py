"""Baselines (基数): 从X提高到Y is imported with target Y and baseline X, shown in the 目标 text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Indicator
from supervisor.services import plans, reporting

_REPORT = (
    "2023年某县人民政府工作报告\n"
    "一、过去一年工作回顾\n农村集中供水率达到88%。\n"
    "二、2023年重点工作\n"
    "（一）改善民生\n"
    "农村集中供水率从88%提高到92%。城市、农村特困人员供养标准分别从每人每月900元、700元"
    "提高到960元、760元。新建乡镇卫生院3所。\n"
)


def test_import_stores_the_baseline_and_the_target_text_says_from(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(_REPORT, encoding="utf-8")
    plan = plans.import_report(session, path, actor="测试员")
    stored = {
        name: (value, baseline)
        for name, value, baseline in session.execute(
            select(Indicator.name, Indicator.value, Indicator.baseline)
        )
    }
    assert stored == {
        "农村集中供水率": (92, 88),
        "城市特困人员供养标准": (960, 900),
        "农村特困人员供养标准": (760, 700),
        "乡镇卫生院": (3, None),
    }
    rows = reporting.task_rows(session, plan.id, as_of=dt.date(2023, 6, 30))
    targets = {i.name: i.target_text for row in rows for i in row.indicators}
    assert targets == {
        "农村集中供水率": "从88%提高到92%",
        "城市特困人员供养标准": "从900元提高到960元",
        "农村特困人员供养标准": "从700元提高到760元",
        "乡镇卫生院": "3所",
    }


def test_target_text_with_a_baseline() -> None:
    assert reporting.target_text(0.85, None, "吨", "=", 0.9) == "从0.9吨降低到0.85吨"
    assert reporting.target_text(95, None, "%", ">=", 90) == "从90%提高到95%以上"
    assert reporting.target_text(95, None, "%", ">=") == "≥95%"


def test_the_written_division_plan_says_from_what_to_what(session: Session, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from supervisor.services import exports

    path = tmp_path / "report.txt"
    # One paragraph per target: each is a task of its own (a paragraph's first sentence with
    # sentences after it would be their heading, which the leaves-only plan does not list).
    path.write_text(
        _REPORT.replace("。城市", "。\n城市").replace("。新建", "。\n新建"), encoding="utf-8"
    )
    plan = plans.import_report(session, path, actor="测试员")
    result = exports.export_assignment_sheet(session, plan.id, tmp_path / "分工方案.xlsx")

    sheet = load_workbook(result.path).active
    header = next(row for row in sheet.iter_rows(values_only=True) if "具体目标/量化指标" in row)
    column = header.index("具体目标/量化指标")
    targets = [
        line
        for row in sheet.iter_rows(values_only=True)
        if isinstance(row[column], str) and row != header
        for line in row[column].splitlines()
    ]
    assert len(targets) == 4, targets
    assert "农村集中供水率：从88%提高到92%" in targets
    assert "城市特困人员供养标准：从900元提高到960元" in targets
    assert "农村特困人员供养标准：从700元提高到760元" in targets
    assert "乡镇卫生院：3所" in targets
