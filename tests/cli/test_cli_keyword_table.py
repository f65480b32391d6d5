"""``departments keywords``: the office's keyword table from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervisor import cli
from tests.services.test_keyword_table import OWN_UNIT, REPORT, TABLE


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_load_show_use_and_clear(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "office.sqlite")]
    assert _run(capsys, *db, "db", "init")[0] == 0
    table = tmp_path / "本县.csv"
    table.write_bytes(TABLE.encode("gbk"))
    bad = tmp_path / "任务.csv"
    bad.write_text("序号,任务\n1,集中供水\n", encoding="utf-8")

    code, out, _ = _run(capsys, *db, "departments", "keywords")
    assert code == 0
    assert "软件自带" in out
    code, out, _ = _run(capsys, *db, "departments", "keywords", str(table))
    assert code == 0
    assert "本县.csv”（2 个单位）" in out
    code, _, err = _run(capsys, *db, "departments", "keywords", str(bad))
    assert code == 1
    assert err.strip() == "错误：部门表缺少“单位名称”（name）或“关键词”（keywords）列：任务.csv"
    code, out, _ = _run(capsys, *db, "departments", "keywords")
    assert "本县.csv" in out
    assert OWN_UNIT in out

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert _run(capsys, *db, "import-report", str(report))[0] == 0
    code, out, _ = _run(capsys, *db, "suggestions", "list")
    assert code == 0
    assert OWN_UNIT in out

    code, out, _ = _run(capsys, *db, "departments", "keywords", "--clear")
    assert code == 0
    assert "已改用软件自带的关键词表" in out
    assert "软件自带" in _run(capsys, *db, "departments", "keywords")[1]
