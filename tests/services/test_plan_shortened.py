"""Importing a report whose titles or indicator names exceed the columns: counted and named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor import cli
from supervisor.db.models import Indicator, Task
from supervisor.services import plans
from supervisor.services.database import Database

LONG_TITLE = "强化推进" + "重点产业园区基础设施" * 70 + "建设。"
LONG_INDICATOR = "全年新建" + "公共服务" * 60 + "项目12个。"


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "报告.txt"
    path.write_text(
        "2023年江川市政府工作报告\n二、2023年重点工作\n（一）加强政府自身建设\n"
        f"{LONG_TITLE}{LONG_INDICATOR}\n坚持依法行政。\n",
        encoding="utf-8",
    )
    return path


def test_shortened_titles_and_indicator_names_are_counted_and_named(
    session: Session, tmp_path: Path
) -> None:
    plan = plans.import_report(session, _report(tmp_path), actor="测试员")
    # The extractor names an indicator by at most 80 characters of its subject, so only the
    # title overflows its column here; both are counted the same way.
    assert len(plan.shortened) == 1, plan.shortened
    (title,) = plan.shortened
    assert title.startswith("任务 2.1.1 的标题有 ")
    assert "超过 500 字，只保存了前 500 字" in title
    stored = session.scalar(select(Task).where(Task.plan_id == plan.id, Task.code == "2.1.1"))
    assert stored is not None
    assert len(stored.title) == 500
    assert LONG_TITLE.rstrip("。") in stored.text  # the whole sentence is kept in the text
    names = session.scalars(select(Indicator.name)).all()
    assert names
    assert all(len(name) <= 200 for name in names)


def test_a_report_that_fits_shortens_nothing(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "短.txt"
    path.write_text(
        "2023年江川市政府工作报告\n二、2023年重点工作\n（一）加强政府自身建设\n"
        "全年新建公共服务项目12个。\n",
        encoding="utf-8",
    )
    assert plans.import_report(session, path, actor="测试员").shortened == ()


def test_the_cli_prints_what_was_shortened(
    capsys: pytest.CaptureFixture[str], database: Database, database_url: str, tmp_path: Path
) -> None:
    assert database.url == database_url  # created by the fixture
    assert cli.main(["--db", database_url, "import-report", str(_report(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "有 1 处文字过长，已截短保存" in out
    assert "任务 2.1.1 的标题有 " in out
