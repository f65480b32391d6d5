"""``extract --json`` prints the DESIGN.md contract; ``import-report`` stores what it extracts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supervisor import cli
from supervisor.db.models import DepartmentSuggestion, Indicator, Task
from supervisor.services.database import open_database

REPO = Path(__file__).resolve().parents[2]


def _indicators(payload: dict) -> list[tuple[str, float, str, str]]:
    return [
        (ind["name"], ind["value"], ind["unit"], ind["comparator"])
        for task in payload["tasks"]
        for ind in task["indicators"]
    ]


def test_extract_json_is_utf8_and_follows_the_contract(seed_report: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "extract", str(seed_report), "--json"],
        capture_output=True,
        timeout=120,
        check=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin", "HOME": str(REPO)},
    )
    payload = json.loads(result.stdout.decode("utf-8"))
    assert payload["title"] == "2020年石嘴山市政府工作报告"
    assert payload["year"] == 2020
    task = payload["tasks"][0]
    assert set(task) == {
        "code",
        "parent",
        "title",
        "text",
        "deadline",
        "departments",
        "indicators",
        "kind",
    }
    # Principles of the plan (坚决做到“两个维护”…) are proposed 常态化, deliverables 考核.
    kinds = {t["kind"] for t in payload["tasks"]}
    assert kinds == {"考核", "常态化"}
    found = _indicators(payload)
    for expected in [
        ("重点项目", 102, "个", "="),
        ("城镇新增就业", 1, "万人", ">="),
        ("两化融合项目", 40, "个", "="),
    ]:
        assert any(
            name.endswith(expected[0]) and (value, unit, comp) == expected[1:]
            for name, value, unit, comp in found
        ), expected
    assert ("地区生产总值", 6.5, "%", "range") in found
    codes = {t["code"] for t in payload["tasks"]}
    assert all(t["parent"] is None or t["parent"] in codes for t in payload["tasks"])


def test_import_stores_tree_indicators_and_suggestions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_report: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    assert cli.main(["--db", url, "db", "init"]) == 0
    assert cli.main(["--db", url, "import-report", str(seed_report)]) == 0
    capsys.readouterr()
    db = open_database(url)
    try:
        with db.sessions() as session:
            # The narrowest task holding the sentence: the commitment, not its paragraph.
            task = session.scalar(
                select(Task)
                .where(Task.text.contains("735名贫困人口"))
                .order_by(func.length(Task.text))
            )
            assert task is not None
            assert task.parent is not None
            assert {(i.value, i.unit) for i in task.indicators} >= {(158, "户"), (735, "名")}
            assert session.scalar(select(Indicator.id).where(Indicator.value == 128)) is not None
            roles = session.scalars(
                select(DepartmentSuggestion.role).where(DepartmentSuggestion.task_id == task.id)
            ).all()
            assert roles.count("lead") == 1
    finally:
        db.close()


def test_text_without_a_plan_is_refused_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("今天召开了一次会议，大家交流了看法。\n", encoding="utf-8")
    code = cli.main(["--db", f"sqlite:///{tmp_path / 'o.sqlite'}", "import-report", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("错误：")
    assert "Traceback" not in err


_PAGE_WITHOUT_A_YEAR = """今年经济社会发展的主要预期目标是：生产总值增长6%以上。
具体工作中，突出抓好三方面工作：
（一）聚力创新驱动。新增高新技术企业70家。
（二）聚力城市更新。建设口袋公园50个。
"""


def test_a_page_without_a_year_asks_for_one_and_imports_with_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "page.txt"
    path.write_text(_PAGE_WITHOUT_A_YEAR, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'office.sqlite'}"
    assert cli.main(["--db", url, "db", "init"]) == 0
    assert cli.main(["--db", url, "import-report", str(path)]) == 1
    assert "请指定计划年度" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--db", url, "import-report", str(path), "--year", "1999"])
    assert "年度应在 2000 到 2100 之间" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["extract", str(path), "--year", "99"])
    assert "年度应在 2000 到 2100 之间" in capsys.readouterr().err
    db = open_database(url)
    try:
        with db.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Task)) == 0
    finally:
        db.close()
    assert cli.main(["--db", url, "import-report", str(path), "--year", "2024"]) == 0
    assert "2024年政府工作报告" in capsys.readouterr().out
    db = open_database(url)
    try:
        with db.sessions() as session:
            values = set(session.scalars(select(Indicator.value)))
            assert values >= {6, 70, 50}
    finally:
        db.close()
